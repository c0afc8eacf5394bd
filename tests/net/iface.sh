#!/bin/sh
# tests/net/iface.sh - `tcpx -i IFACE -s ADDR`: tcpx shares the address of
# a kernel that owns it (namespace A), talks to a kernel echo server in B,
# and its nftables guard keeps A's kernel from resetting our connection.
# Every step waits for what it needs (a listener in ss, tcpdump listening,
# the last packet in the capture, tcpx connected), never a fixed time, so
# the test holds under load and beside others (make -j).
. "$top_srcdir/tests/lib.sh"
need_root
command -v tcpdump >/dev/null || skip_all "needs tcpdump"
command -v nft >/dev/null || skip_all "needs nft"
command -v python3 >/dev/null || skip_all "needs python3"
tmpdir T

ns_pair A B

# A kernel echo server in B on port 7 (IPv4 and IPv6).
ip netns exec "$B" python3 -c '
import socket, threading
s = socket.socket(socket.AF_INET6, socket.SOCK_STREAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)
s.bind(("::", 7)); s.listen(8)
def echo(c):
    while True:
        d = c.recv(4096)
        if not d: break
        c.sendall(d)
    c.close()
while True:
    c, _ = s.accept()
    threading.Thread(target=echo, args=(c,), daemon=True).start()
' 2>/dev/null &
wait_until 10 "ip netns exec $B ss -tlnH | grep -q ':7 '"
ok $? "the kernel's echo server in B listens"
tcpdump_start td "$B" b0 "$T/b.pcap" tcp
ok $? "tcpdump listens on B's veth"

ip netns exec "$A" "$TCPX" -i a0 -s 10.0.0.1 -s fd00::1 -c 'connect 10.0.0.2:7; send hi; wait recv hi; close; wait state TIME-WAIT; connect [fd00::2]:7; send v6; wait recv v6; abort' \
    >"$T/out" 2>"$T/err"
ok $? "tcpx -i with the host's address: echo v4 and v6 exit 0"
diag "$(cat "$T/err")"
# Our abort's RST is the last packet of the session.
tcpdump_stop "$td" "$T/b.pcap" 'IP6 fd00::1\.[0-9]+ > fd00::2\.7: Flags \[R'
tcpdump -n -r "$T/b.pcap" 2>/dev/null >"$T/b.txt"
diag "$(cat "$T/b.txt")"
is "$(grep -c ' IP 10\.0\.0\.1\.[0-9]* > 10\.0\.0\.2\.7: Flags \[S\]' "$T/b.txt")" 1 "peer saw one IPv4 SYN"
is "$(grep -c ' IP 10\.0\.0\.1\.[0-9]* > .*Flags \[R' "$T/b.txt")" 0 \
    "the guarded kernel sent no RST for our IPv4 connection"
is "$(grep -c ' IP6 fd00::1\.[0-9]* > .*Flags \[R' "$T/b.txt")" 1 \
    "IPv6: the only RST is the one our abort sent"
grep -q '10.0.0.2.7 > 10.0.0.1.[0-9]*: Flags \[F\.\]' "$T/b.txt"
ok $? "peer closed with a FIN"
is "$(ip netns exec "$A" nft list tables | grep -c tcpx_)" 0 \
    "the guard table is removed on exit"

# The kernel in A keeps its own services while tcpx shares its address:
# tcpx must leave segments for ports it does not use alone.  tcpx stays
# connected (to a server in B that holds the connection until told to
# close) for as long as the kernel client in B takes.
ip netns exec "$A" python3 -c '
import socket
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("10.0.0.1", 8000)); s.listen(1); c, _ = s.accept(); c.sendall(b"kernel-service"); c.close()
' 2>/dev/null &
ip netns exec "$B" python3 -c '
import os, socket, sys, time
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("10.0.0.2", 7001)); s.listen(1); c, _ = s.accept()
end = time.time() + 30
while not os.path.exists(sys.argv[1]) and time.time() < end:
    time.sleep(0.05)
c.close()
' "$T/go" 2>/dev/null &
wait_until 10 "ip netns exec $A ss -tlnH | grep -q '10.0.0.1:8000 ' &&
    ip netns exec $B ss -tlnH | grep -q '10.0.0.2:7001 '"
ok $? "the kernel service in A (port 8000) and the holding server in B listen"
ip netns exec "$A" "$TCPX" -i a0 -s 10.0.0.1 -c 'connect 10.0.0.2:7001;
    echo connected; wait state CLOSE-WAIT 30; close; wait state CLOSED 5' \
    >"$T/share.out" 2>&1 &
tp=$!
wait_for '^connected$' "$T/share.out"
ok $? "tcpx -i is connected"
ip netns exec "$A" nft list tables | grep -q 'tcpx_'
ok $? "while tcpx -i runs its guard table is in A's ruleset"
got=$(ip netns exec "$B" python3 -c '
import socket
c = socket.create_connection(("10.0.0.1", 8000), timeout=3); print(c.recv(100).decode())' 2>&1)
touch "$T/go"
wait $tp
is $? 0 "tcpx -i ran to the end of its batch"
is "$got" "kernel-service" "a kernel service on another port works while tcpx -i runs"
grep -q '^< .* 10\.0\.0\.2\.[0-9]* > 10\.0\.0\.1\.8000: Flags \[S\]' "$T/share.out"
ok $? "tcpx saw the kernel client's SYN to port 8000"
grep -q 'RST sent' "$T/share.out"; ok $((! $?)) "tcpx sent no RST for the kernel's port"
is "$(ip netns exec "$A" nft list tables | grep -c tcpx_)" 0 \
    "the guard table is removed on exit again"

done_testing
