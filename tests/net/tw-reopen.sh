#!/bin/sh
# tests/net/tw-reopen.sh - a connection reopened from TIME-WAIT starts
# above the old one's sequence space (issue 15, item 1; RFC 9293 §3.6.1
# MAY-2, RFC 1122 §4.2.2.13).  A kernel client without timestamps takes
# 3 MB from our listener and closes after us, which leaves us in
# TIME-WAIT; it then connects again from the same port.  Its new ISN lies
# above the old connection's (Linux's clock-driven ISNs), so we accept the
# SYN; our new ISS must lie above everything we sent on the old one.
. "$top_srcdir/tests/lib.sh"
need_root
command -v python3 >/dev/null || skip_all "needs python3"
command -v tcpdump >/dev/null || skip_all "needs tcpdump"
tmpdir T

cat >"$T/client.py" <<'PY'
import os, socket, sys, time
def conn():
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("10.0.0.2", 40000))
    s.connect(("10.0.0.1", 8000))
    return s
s, n = conn(), 0
while True:                     # everything, and then our FIN
    b = s.recv(65536)
    if not b:
        break
    n += len(b)
s.close()                       # its FIN: we go to TIME-WAIT
open(sys.argv[1] + ".tmp", "w").write("%d\n" % n)
os.rename(sys.argv[1] + ".tmp", sys.argv[1])
deadline = time.time() + 20
while not os.path.exists(sys.argv[1] + ".go") and time.time() < deadline:
    time.sleep(0.02)
s = conn()                      # the same 4-tuple again
s.recv(1)
PY
# $LAB_PATIENT: the kernel must not resend its FIN while a busy machine
# delays our ACK of it (a tail loss probe comes within milliseconds); the
# resend, acknowledged again in TIME-WAIT, draws an RST that ends it early.
"$TCPX" --lab -w "$T/tw.pcap" -c "$LAB_PATIENT; listen 8000; \
lab exec sysctl -qw net.ipv4.tcp_timestamps=0; \
lab exec sh -c 'python3 $T/client.py $T/got >$T/client.err 2>&1 &'; \
wait accept 10; send --size 3000000; close; wait state TIME-WAIT 30; \
lab exec sh $UNTIL 10 'test -s $T/got'; \
lab exec touch $T/got.go; wait accept 10; abort" >"$T/out" 2>&1
is $? 0 "the batch exits 0"
diag "$(grep '^\*' "$T/out" | tail -n 8)"
is "$(cat "$T/got" 2>/dev/null)" 3000000 "the client took all 3 MB"
grep -q 'TIME-WAIT -> CLOSED (new SYN' "$T/out"
ok $? "the client's new SYN ended our TIME-WAIT"
# Our two SYN-ACKs' sequence numbers, in the order they went.
set -- $(tcpdump -n -S -r "$T/tw.pcap" 'tcp src port 8000 and tcp[13] & 0x12 == 0x12' \
    2>/dev/null | sed -n 's/.* seq \([0-9]*\),.*/\1/p')
diag "ISS of the old connection ${1:-?}, of the new ${2:-?}"
gap=$(awk -v a="${1:-0}" -v b="${2:-0}" 'BEGIN {
	d = b - a; if (d < 0) d += 4294967296; print d }')
# The old connection used ISS .. ISS + 1 + 3000000 + 1 (SYN, data, FIN).
awk -v d="$gap" 'BEGIN { exit !(d > 3000002 && d < 2147483648) }'
ok $? "the new ISS lies above the old connection's sequence space (+$gap)"
done_testing
