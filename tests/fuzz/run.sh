#!/bin/sh
# tests/fuzz/run.sh - run each libFuzzer target for FUZZ_SECONDS (default
# 10) over its seed corpus and print one TAP line per target.  Builds
# nothing: pass the build directory (configured with CC=clang
# --enable-fuzzing) and optionally target names (fuzz-decode...).
# New inputs go to a scratch corpus, crashes to BUILDDIR/tests/fuzz/.
# Every input kept in tests/fuzz/regress/<target>/ (what a campaign found,
# tests/fuzz/campaign.sh) is run once first: one of them failing again
# fails the target.
#
# FUZZ_SEED=N makes the run reproducible instead: seed N and a fixed
# number of inputs per target (about 5 s each here), as CI runs it; a
# failure then happens again with the same command.
set -u

here=$(cd "$(dirname "$0")" && pwd)
build=${1:-.}
[ $# -gt 0 ] && shift
secs=${FUZZ_SECONDS:-10}
targets=${*:-"fuzz-decode fuzz-pcap fuzz-pdn fuzz-cmd fuzz-engine fuzz-tracker fuzz-defrag fuzz-pkt fuzz-session fuzz-script"}

. "$here/maxlen.sh"

# How many inputs a reproducible run tries, per target.
runs() {
	case $1 in
	fuzz-decode)	echo 100000 ;;
	fuzz-pcap)	echo 20000 ;;	# tcpdump's captures made it ~800/s
	fuzz-pdn)	echo 600000 ;;
	fuzz-cmd)	echo 500 ;;	# a session per input: ~90/s
	fuzz-engine)	echo 20000 ;;
	fuzz-session)	echo 250 ;;	# a session and a handshake per input: ~50/s
	fuzz-script)	echo 1500 ;;	# ~400/s
	*)		echo 50000 ;;
	esac
}

scratch=$(mktemp -d "${TMPDIR:-/tmp}/tcpx-fuzz.XXXXXX") || exit 1
trap 'rm -rf "$scratch"' EXIT INT TERM
set -- $targets
echo "1..$#"
n=0
fail=0
for t in "$@"; do
	n=$((n + 1))
	bin=$build/tests/fuzz/$t
	if [ ! -x "$bin" ]; then
		echo "not ok $n - $t: $bin not built (make $t in $build)"
		fail=1
		continue
	fi
	if [ ! -d "$here/corpus/$t" ]; then
		echo "not ok $n - $t: no seed corpus $here/corpus/$t"
		fail=1
		continue
	fi
	mkdir -p "$scratch/$t"
	log=$scratch/$t.log
	# The regression inputs, each run once as it is (not cut to -max_len).
	if [ -d "$here/regress/$t" ] &&
	    [ -n "$(find "$here/regress/$t" -type f | head -1)" ]; then
		nreg=$(find "$here/regress/$t" -type f | wc -l)
		# shellcheck disable=SC2046
		if ! "$bin" -timeout=25 -rss_limit_mb=2048 -close_fd_mask=1 \
		    $(find "$here/regress/$t" -type f | sort) >"$log" 2>&1; then
			echo "not ok $n - $t: a regression input of tests/fuzz/regress/$t fails again"
			grep -E '(^Running:|^==|SUMMARY|runtime error|ERROR)' \
			    "$log" | head -20 | sed 's/^/# /'
			fail=1
			continue
		fi
	else
		nreg=0
	fi
	if [ -n "${FUZZ_SEED:-}" ]; then
		limit="-seed=$FUZZ_SEED -runs=$(runs "$t")"
	else
		limit="-max_total_time=$secs"
	fi
	# shellcheck disable=SC2086
	"$bin" $limit -max_len="$(maxlen "$t")" -timeout=10 \
	    -rss_limit_mb=2048 -close_fd_mask=1 -print_final_stats=1 \
	    -artifact_prefix="$build/tests/fuzz/$t-" \
	    "$scratch/$t" "$here/corpus/$t" >"$log" 2>&1
	rc=$?
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
	speed=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")
	cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1)
	if [ $rc -eq 0 ]; then
		echo "ok $n - $t: ${runs:-?} runs, ${speed:-?}/s, ${cov:-cov: ?}, $nreg regression inputs"
	else
		echo "not ok $n - $t: exit $rc after ${runs:-?} runs"
		grep -E '(^==|SUMMARY|runtime error|ERROR|artifact_prefix|Test unit written)' \
		    "$log" | head -20 | sed 's/^/# /'
		fail=1
	fi
done
exit $fail
