#!/bin/sh
# tests/net/flood.sh - flood syn against the lab's kernel: with spoofed
# sources the SYN queue fills and Linux answers with SYN cookies; a real
# connection still gets through; bad arguments are refused by name.
# The batch waits until the peer's kernel has counted the flood's 3000 SYNs
# as received (IpInReceives) before it reads the kernel's state.
. "$top_srcdir/tests/lib.sh"
need_root
tmpdir T

# $T/took.sh start FILE | wait FILE N (in the peer): note the kernel's
# IpInReceives in FILE; wait (10 s at most) until N more IPv4 packets
# than that have come in, less those the kernel dropped before IP saw
# them: a CPU's backlog (netdev_max_backlog) drops frames from a veth
# when its softirq is starved on a busy machine, and /proc/net/softnet_stat
# (second column, hexadecimal, the whole machine's) counts them.
cat >"$T/took.sh" <<'EOF'
cnt() { nstat -asz IpInReceives | awk '$1 == "IpInReceives" { print $2 }'; }
drops() {
	_n=0
	while read -r _a _d _rest; do _n=$((_n + 0x$_d)); done </proc/net/softnet_stat
	echo $_n
}
if [ "$1" = start ]; then echo "$(cnt) $(drops)" >"$2"; exit 0; fi
read -r in0 d0 <"$2"
n=0
until [ "$(cnt)" -ge $((in0 + $3 - ($(drops) - d0))) ]; do
	n=$((n + 1))
	if [ $n -ge 200 ]; then
		echo "took.sh: the kernel counted $(($(cnt) - in0)) IPv4 packets of $3; $(($(drops) - d0)) frames dropped in backlogs" >&2
		exit 1
	fi
	sleep 0.05
done
EOF

timeout 60 "$TCPX" --lab -q -c "lab exec sysctl -q net.ipv4.tcp_max_syn_backlog=64; \
lab exec sh $T/took.sh start $T/in0; \
flood syn 10.0.0.2:80 count=3000 spoof=10.0.0.128/25; \
lab exec sh $T/took.sh wait $T/in0 3000; \
lab exec sh -c 'echo syn-recv \$(ss -tanH state syn-recv | wc -l)'; \
lab exec nstat -asz TcpExtSyncookiesSent TcpExtTCPReqQFullDoCookies; \
connect 10.0.0.2:80; send GET / HTTP/1.0\\r\\n\\r\\n; wait recv 200" >"$T/flood.out" 2>&1
ok $? "a spoofed SYN flood, then a real request: the batch exits 0"
diag "$(cat "$T/flood.out")"
grep -q '^\* flood: 3000 SYNs to 10.0.0.2:80 in ' "$T/flood.out"; ok $? "3000 SYNs were sent"
ge "$(counter "$T/flood.out" TcpExtSyncookiesSent)" 1000 \
    "the kernel answered with SYN cookies once its queue was full"
ge "$(sed -n 's/^syn-recv //p' "$T/flood.out")" 32 \
    "the kernel's SYN queue held many half-open connections"

timeout 60 "$TCPX" --lab -q -c 'flood syn 10.0.0.2:9 count=200 rate=1000; \
lab exec nstat -asz TcpPassiveOpens' >"$T/rate.out" 2>&1
ok $? "a rate-limited flood from our own address: exit 0"
secs=$(sed -n 's/^\* flood: 200 SYNs .* in \([0-9.]*\) s .*/\1/p' "$T/rate.out")
awk -v s="$secs" 'BEGIN {exit !(s >= 0.15)}'
ok $? "200 SYNs at 1000/s took about 0.2 s ($secs s)"

# seed=N: the same draw of addresses, ports and ISNs, frame for frame
# (lessons count on it); another seed, another draw.  Captured in the peer.
peer_capture_scripts 'tcp[tcpflags] == tcp-syn and dst port 9'
for run in a b c; do
	seed=7
	[ $run = c ] && seed=8
	timeout 60 "$TCPX" --lab -q -c "lab exec sh $T/took.sh start $T/in.$run; \
lab exec sh $T/capstart.sh $T/$run.pcap; \
flood syn 10.0.0.2:9 count=20 spoof=10.0.0.192/26 seed=$seed; \
lab exec sh $T/took.sh wait $T/in.$run 20; \
lab exec sh $T/capstop.sh $T/$run.pcap 'Flags \[S\]'" >"$T/seed.$run" 2>&1
	ok $? "flood seed=$seed (run $run): sent and captured"
	"${TCPDUMP:-tcpdump}" -n -r "$T/$run.pcap" 2>/dev/null |
	    sed -n 's/.* IP \([0-9.]*\) > .*seq \([0-9]*\),.*/\1 \2/p' |
	    sort >"$T/$run.syns"
done
is "$(wc -l <"$T/a.syns" | tr -d ' ')" 20 "the peer saw the 20 SYNs"
cmp -s "$T/a.syns" "$T/b.syns"
ok $? "the same seed: the same sources, ports and ISNs"
cmp -s "$T/a.syns" "$T/c.syns"
ok $((!$?)) "another seed: another draw"

for bad in 'flood ack 10.0.0.2:80' 'flood syn 10.0.0.2' 'flood syn 10.0.0.2:80 count=0' \
    'flood syn 10.0.0.2:80 rate=fast' 'flood syn 10.0.0.2:80 spoof=10.0.0.9-10.0.0.1' \
    'flood syn 10.0.0.2:80 spoof=nonsense' 'flood syn 10.0.0.2:80 burst=3' \
    'flood syn 10.0.0.2:80 seed=-1' 'flood syn 10.0.0.2:80 seed=x'; do
	timeout 30 "$TCPX" --lab -c "$bad" >/dev/null 2>"$T/bad.err"
	is "$?" 2 "refused with exit 2: $bad"
done
done_testing
