#!/bin/sh
# tests/net/flood.sh - flood syn against the lab's kernel: with spoofed
# sources the SYN queue fills and Linux answers with SYN cookies; a real
# connection still gets through; bad arguments are refused by name.
. "$top_srcdir/tests/lib.sh"
need_root
tmpdir T

timeout 60 "$TCPX" --lab -q -c 'lab exec sysctl -q net.ipv4.tcp_max_syn_backlog=64; \
flood syn 10.0.0.2:80 count=3000 spoof=10.0.0.128/25; sleep 300ms; \
lab exec sh -c "ss -tanH state syn-recv | wc -l"; \
lab exec nstat -az TcpExtSyncookiesSent TcpExtTCPReqQFullDoCookies; \
connect 10.0.0.2:80; send GET / HTTP/1.0\r\n\r\n; wait recv 200' >"$T/flood.out" 2>&1
ok $? "a spoofed SYN flood, then a real request: the batch exits 0"
diag "$(cat "$T/flood.out")"
grep -q '^\* flood: 3000 SYNs to 10.0.0.2:80 in ' "$T/flood.out"; ok $? "3000 SYNs were sent"
awk '/TcpExtSyncookiesSent/ {exit !($2 >= 1000)}' "$T/flood.out"
ok $? "the kernel answered with SYN cookies once its queue was full"
awk 'NR == 2 && $1 + 0 >= 32 {found = 1} END {exit !found}' "$T/flood.out"
ok $? "the kernel's SYN queue held many half-open connections"

timeout 60 "$TCPX" --lab -q -c 'flood syn 10.0.0.2:9 count=200 rate=1000; \
lab exec nstat -az TcpPassiveOpens' >"$T/rate.out" 2>&1
ok $? "a rate-limited flood from our own address: exit 0"
secs=$(sed -n 's/^\* flood: 200 SYNs .* in \([0-9.]*\) s .*/\1/p' "$T/rate.out")
awk -v s="$secs" 'BEGIN {exit !(s >= 0.15)}'
ok $? "200 SYNs at 1000/s took about 0.2 s ($secs s)"

for bad in 'flood ack 10.0.0.2:80' 'flood syn 10.0.0.2' 'flood syn 10.0.0.2:80 count=0' \
    'flood syn 10.0.0.2:80 rate=fast' 'flood syn 10.0.0.2:80 spoof=10.0.0.9-10.0.0.1' \
    'flood syn 10.0.0.2:80 spoof=nonsense' 'flood syn 10.0.0.2:80 burst=3'; do
	timeout 30 "$TCPX" --lab -c "$bad" >/dev/null 2>"$T/bad.err"
	is "$?" 2 "refused with exit 2: $bad"
done
done_testing
