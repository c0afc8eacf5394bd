# tests/fuzz/maxlen.sh - sourced by run.sh and campaign.sh: the longest
# input worth trying for each libFuzzer target.
maxlen() {
	case $1 in
	fuzz-decode)	echo 2048 ;;
	fuzz-pcap)	echo 8192 ;;
	fuzz-pdn)	echo 512 ;;
	fuzz-cmd)	echo 1024 ;;
	fuzz-defrag)	echo 8192 ;;
	fuzz-script)	echo 8192 ;;
	*)		echo 4096 ;;
	esac
}
