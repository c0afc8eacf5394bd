#!/bin/sh
# tests/net/lab-engine.sh - the engine against the lab's real kernel: a
# kernel client moves 10 MB each way through our listener with sha256
# intact; a transfer from us survives losses; the kernel's keepalive probes
# are answered; our keepalive declares a silent peer dead.
#
# Every wait is for the event itself (a port listening, a file written),
# never a fixed sleep; the kernel's counters are read with `nstat -asz`
# (absolute, no shared history file), and a counter line that is missing
# fails the check instead of reading as zero.
. "$top_srcdir/tests/lib.sh"
need_root
command -v python3 >/dev/null || skip_all "needs python3"
command -v sha256sum >/dev/null || skip_all "needs sha256sum"
command -v nft >/dev/null || skip_all "needs nft"
tmpdir T

head -c 10485760 /dev/urandom >"$T/up.bin"
head -c 10485760 /dev/urandom >"$T/down.bin"

# The kernel's side: connect to tcpx, send up.bin, half-close, read to EOF.
# Its verdict file appears whole (renamed into place) once it is done.
cat >"$T/client.py" <<'EOF'
import hashlib, os, socket, sys
data = open(sys.argv[1], "rb").read()
s = socket.create_connection(("10.0.0.1", 5001), timeout=60)
s.sendall(data)
s.shutdown(socket.SHUT_WR)
h, n = hashlib.sha256(), 0
while True:
    b = s.recv(65536)
    if not b: break
    h.update(b); n += len(b)
open(sys.argv[2] + ".tmp", "w").write("%d %s\n" % (n, h.hexdigest()))
os.rename(sys.argv[2] + ".tmp", sys.argv[2])
EOF

"$TCPX" --lab -q -c "set sndbuf 16777216; listen 5001; \
lab exec sh -c 'python3 $T/client.py $T/up.bin $T/client.out >$T/client.err 2>&1 &'; \
wait accept 60; wait state CLOSE-WAIT 120; save $T/got.bin; sendfile $T/down.bin; close; \
wait state CLOSED 120" >"$T/xfer.out" 2>&1
ok $? "10 MB each way through our listener: the batch exits 0"
diag "$(tail -n 5 "$T/xfer.out")"
is "$(sha256sum <"$T/got.bin" | cut -d' ' -f1)" \
    "$(sha256sum <"$T/up.bin" | cut -d' ' -f1)" \
    "kernel -> tcpx: 10 MB arrived with the same sha256"
wait_until 30 'test -e "$T/client.out"' || diag "$(cat "$T/client.err")"
is "$(cat "$T/client.out" 2>/dev/null)" \
    "10485760 $(sha256sum <"$T/down.bin" | cut -d' ' -f1)" \
    "tcpx -> kernel: 10 MB arrived with the same sha256"

# From us to the kernel's sink with 5% of what reaches the peer dropped
# and our segments reordered (this kernel has no netem: nftables numgen
# drops, and tcpx's own fault reorder swaps segments with their successor).
# The drops are every 20th segment to the sink's port (numgen inc, not
# random), so every run loses the same segments of the same sequence.
cat >"$T/sink.py" <<'EOF'
import hashlib, os, socket, sys
l = socket.socket(socket.AF_INET6); l.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
l.bind(("::", 5002)); l.listen(1); l.settimeout(60)
c, _ = l.accept(); c.settimeout(60)
h, n = hashlib.sha256(), 0
while True:
    b = c.recv(65536)
    if not b: break
    h.update(b); n += len(b)
open(sys.argv[1] + ".tmp", "w").write("%d %s\n" % (n, h.hexdigest()))
os.rename(sys.argv[1] + ".tmp", sys.argv[1])
EOF
head -c 1048576 /dev/urandom >"$T/lossy.bin"
"$TCPX" --lab -q -c "lab exec sh -c 'python3 $T/sink.py $T/sink.out >$T/sink.err 2>&1 &'; \
lab exec sh $UNTIL 10 'ss -tlnH | grep -q \":5002 \"'; \
lab exec nft add table inet loss; \
lab exec nft add chain inet loss in { type filter hook input priority 0 \; }; \
lab exec nft add rule inet loss in tcp dport 5002 numgen inc mod 20 10 counter drop; \
connect 10.0.0.2:5002; fault reorder 200; sendfile $T/lossy.bin; close; \
wait state TIME-WAIT 120; lab exec nstat -asz TcpExtTCPOFOQueue; \
lab exec nft list chain inet loss in; stat" >"$T/lossy.out" 2>&1
r=$?
ok $r "1 MB to the kernel with 5% loss and reordering: the batch exits 0"
[ $r -eq 0 ] || diag "$(tail -n 5 "$T/lossy.out")"
diag "$(grep -i 'retrans\|fast' "$T/lossy.out" | head -n 5)"
drops=$(sed -n 's/.* counter packets \([0-9]*\) bytes .* drop$/\1/p' "$T/lossy.out")
ge "$drops" 30 "the peer's nftables rule dropped every 20th segment ($drops)"
wait_until 30 'test -e "$T/sink.out"' || diag "$(cat "$T/sink.err")"
is "$(cat "$T/sink.out" 2>/dev/null)" \
    "1048576 $(sha256sum <"$T/lossy.bin" | cut -d' ' -f1)" \
    "with 5% loss and reordering the kernel received all 1 MB intact"
grep -q 'fast retransmit\|retransmission timeout' "$T/lossy.out"
ok $? "losses were repaired by fast retransmit or RTO"
# The kernel's duplicate ACKs carry SACK blocks and a window that grows as
# its out-of-order queue fills: RFC 6675 counts them, so fast retransmits
# repair the losses (with these drops all of them, 38 in every run seen; a
# segment lost again, or with too few segments behind it, waits for the
# timer).  Counting only duplicates with an unchanged window, 6 fast
# retransmits against 26 timeouts.
fr=$(grep -c '3 duplicate ACKs: fast retransmit' "$T/lossy.out")
rto=$(grep -c 'retransmission timeout in' "$T/lossy.out")
[ "$fr" -gt 0 ] && [ $((fr * 2)) -ge "$rto" ]
ok $? "fast retransmits ($fr, more than none) at least half as many as timeouts ($rto)"
is "$(grep -c 'held back until the next one has passed' "$T/lossy.out")" 200 \
    "200 of our segments were sent out of order"
ge "$(counter "$T/lossy.out" TcpExtTCPOFOQueue)" 30 \
    "the kernel queued out-of-order segments (TcpExtTCPOFOQueue)"

# The kernel's keepalive: idle 1 s, interval 1 s; we must answer its probes.
cat >"$T/ka.py" <<'EOF'
import socket, time, sys
s = socket.create_connection(("10.0.0.1", 5003), timeout=10)
s.setsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE, 1)
s.setsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPIDLE, 1)
s.setsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPINTVL, 1)
s.setsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPCNT, 2)
time.sleep(4.5)
s.sendall(b"still-alive")
time.sleep(0.5)
EOF
"$TCPX" --lab -c "listen 5003; lab exec python3 $T/ka.py; wait recv still-alive 2" \
    >"$T/ka.out" 2>&1
ok $? "with the kernel probing us every second, the connection lives"
# A probe is a pure ACK from the kernel one below our RCV.NXT: our engine
# finds it unacceptable and answers with an ACK (RFC 9293 §3.10.7.4); the
# handshake's ACK, also "ack 1", is not counted.  Idle 1 s and interval
# 1 s for 4.5 s: four probes (the kernel's timers, not this machine's load,
# decide when).
probes=$(grep -c '^\* [0-9:.]* c[0-9]*: discarded seq [0-9]* ack [0-9]*: not acceptable: outside RCV.NXT' "$T/ka.out")
answers=$(grep -c '^> .*10.0.0.1.5003 > 10.0.0.2.[0-9]*: Flags \[\.\], ack 1, win' "$T/ka.out")
ge "$probes" 3 "the kernel's keepalive probes arrived ($probes)"
is "$answers" "$probes" "and each one was answered with an ACK"

# Our keepalive: the peer goes silent (its link down); after the probes we give up.
"$TCPX" --lab -c "connect 10.0.0.2:7; set keepalive.idle 1s; set keepalive.intvl 1s; \
set keepalive.probes 3; set keepalive on; lab exec ip link set peer0 down; \
wait state CLOSED 15" >"$T/kadead.out" 2>&1
ok $? "our keepalive closes the connection to a silent peer"
is "$(grep -c 'keepalive probe #' "$T/kadead.out")" 3 "three probes were sent"
grep -q 'no answer to 3 probes, peer declared dead' "$T/kadead.out"
ok $? "the peer was declared dead after the last probe"

done_testing
