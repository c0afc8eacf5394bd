#!/bin/sh
# tests/net/lab-engine.sh - the engine against the lab's real kernel: a
# kernel client moves 10 MB each way through our listener with sha256
# intact; a transfer from us survives losses; the kernel's keepalive probes
# are answered; our keepalive declares a silent peer dead.
. "$top_srcdir/tests/lib.sh"
need_root
command -v python3 >/dev/null || skip_all "needs python3"
command -v sha256sum >/dev/null || skip_all "needs sha256sum"
tmpdir T

head -c 10485760 /dev/urandom >"$T/up.bin"
head -c 10485760 /dev/urandom >"$T/down.bin"

# The kernel's side: connect to tcpx, send up.bin, half-close, read to EOF.
cat >"$T/client.py" <<'EOF'
import hashlib, socket, sys
data = open(sys.argv[1], "rb").read()
s = socket.create_connection(("10.0.0.1", 5001), timeout=60)
s.sendall(data)
s.shutdown(socket.SHUT_WR)
h, n = hashlib.sha256(), 0
while True:
    b = s.recv(65536)
    if not b: break
    h.update(b); n += len(b)
open(sys.argv[2], "w").write("%d %s\n" % (n, h.hexdigest()))
EOF

"$TCPX" --lab -q -c "set sndbuf 16777216; listen 5001; \
lab exec sh -c 'python3 $T/client.py $T/up.bin $T/client.out >$T/client.err 2>&1 &'; \
wait accept 10; wait state CLOSE-WAIT 120; save $T/got.bin; sendfile $T/down.bin; close; \
wait state CLOSED 120" >"$T/xfer.out" 2>&1
ok $? "10 MB each way through our listener: the batch exits 0"
diag "$(tail -n 5 "$T/xfer.out")"
is "$(sha256sum <"$T/got.bin" | cut -d' ' -f1)" \
    "$(sha256sum <"$T/up.bin" | cut -d' ' -f1)" \
    "kernel -> tcpx: 10 MB arrived with the same sha256"
sleep 0.5
is "$(cat "$T/client.out" 2>/dev/null)" \
    "10485760 $(sha256sum <"$T/down.bin" | cut -d' ' -f1)" \
    "tcpx -> kernel: 10 MB arrived with the same sha256"

# From us to the kernel's sink with 5% of what reaches the peer dropped
# and our segments reordered (this kernel has no netem: nftables numgen
# drops, and tcpx's own fault reorder swaps segments with their successor).
cat >"$T/sink.py" <<'EOF'
import hashlib, socket, sys
l = socket.socket(socket.AF_INET6); l.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
l.bind(("::", 5002)); l.listen(1); l.settimeout(60)
c, _ = l.accept(); c.settimeout(60)
h, n = hashlib.sha256(), 0
while True:
    b = c.recv(65536)
    if not b: break
    h.update(b); n += len(b)
open(sys.argv[1], "w").write("%d %s\n" % (n, h.hexdigest()))
EOF
head -c 1048576 /dev/urandom >"$T/lossy.bin"
"$TCPX" --lab -q -c "lab exec sh -c 'python3 $T/sink.py $T/sink.out >$T/sink.err 2>&1 &'; \
lab exec sleep 0.5; \
lab exec nft add table inet loss; \
lab exec nft add chain inet loss in { type filter hook input priority 0 \; }; \
lab exec nft add rule inet loss in tcp dport 5002 numgen random mod 20 0 drop; \
connect 10.0.0.2:5002; fault reorder 200; sendfile $T/lossy.bin; close; \
wait state TIME-WAIT 120; lab exec nstat -az TcpExtTCPOFOQueue; \
stat" >"$T/lossy.out" 2>&1
ok $? "1 MB to the kernel with 5% loss and reordering: the batch exits 0"
diag "$(grep -i 'retrans\|fast' "$T/lossy.out" | head -n 5)"
sleep 0.5
is "$(cat "$T/sink.out" 2>/dev/null)" \
    "1048576 $(sha256sum <"$T/lossy.bin" | cut -d' ' -f1)" \
    "with 5% loss and reordering the kernel received all 1 MB intact"
grep -q 'fast retransmit\|retransmission timeout' "$T/lossy.out"
ok $? "losses were repaired by fast retransmit or RTO"
# The kernel's duplicate ACKs carry SACK blocks and a window that grows as
# its out-of-order queue fills: RFC 6675 counts them, so fast retransmits
# repair many losses (about half; the rest, at the tail and around the
# reordered segments, wait for the timer).  Counting only duplicates with
# an unchanged window, 6 fast retransmits against 26 timeouts.
fr=$(grep -c '3 duplicate ACKs: fast retransmit' "$T/lossy.out")
rto=$(grep -c 'retransmission timeout in' "$T/lossy.out")
[ $((fr * 2)) -ge "$rto" ]
ok $? "fast retransmits ($fr) at least half as many as timeouts ($rto)"
is "$(grep -c 'held back until the next one has passed' "$T/lossy.out")" 200 \
    "200 of our segments were sent out of order"
awk '/TcpExtTCPOFOQueue/ {exit !($2 >= 30)}' "$T/lossy.out"
ok $? "the kernel queued out-of-order segments ($(awk '/TcpExtTCPOFOQueue/ {print $2}' "$T/lossy.out"))"

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
# Probes are pure ACKs from the kernel one below our RCV.NXT... seen as ack-only lines.
probes=$(grep -c '^< .*10.0.0.2.[0-9]* > 10.0.0.1.5003: Flags \[\.\], ack 1, win' "$T/ka.out")
[ "$probes" -ge 3 ]; ok $? "the kernel's keepalive probes arrived ($probes) and were answered"

# Our keepalive: the peer goes silent (its link down); after the probes we give up.
"$TCPX" --lab -c "connect 10.0.0.2:7; set keepalive.idle 1s; set keepalive.intvl 1s; \
set keepalive.probes 3; set keepalive on; lab exec ip link set peer0 down; \
wait state CLOSED 15" >"$T/kadead.out" 2>&1
ok $? "our keepalive closes the connection to a silent peer"
is "$(grep -c 'keepalive probe #' "$T/kadead.out")" 3 "three probes were sent"
grep -q 'no answer to 3 probes, peer declared dead' "$T/kadead.out"
ok $? "the peer was declared dead after the last probe"

done_testing
