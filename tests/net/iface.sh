#!/bin/sh
# tests/net/iface.sh - `tcpx -i IFACE -s ADDR`: tcpx shares the address of
# a kernel that owns it (namespace A), talks to a kernel echo server in B,
# and its nftables guard keeps A's kernel from resetting our connection.
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
ip netns exec "$B" tcpdump -i b0 -n -U --immediate-mode -w "$T/b.pcap" tcp >/dev/null 2>&1 &
sleep 1

ip netns exec "$A" "$TCPX" -i a0 -s 10.0.0.1 -s fd00::1 -c 'connect 10.0.0.2:7; send hi; wait recv hi; close; wait state TIME-WAIT; connect [fd00::2]:7; send v6; wait recv v6; abort' \
    >"$T/out" 2>"$T/err"
ok $? "tcpx -i with the host's address: echo v4 and v6 exit 0"
diag "$(cat "$T/err")"
sleep 0.5
kill -INT %2 2>/dev/null; sleep 0.5
tcpdump -n -r "$T/b.pcap" 2>/dev/null >"$T/b.txt"
diag "$(cat "$T/b.txt")"
is "$(grep -c '10.0.0.1.* > 10.0.0.2.7: Flags \[S\]' "$T/b.txt")" 1 "peer saw one IPv4 SYN"
is "$(grep -c '10.0.0.1.*Flags \[R' "$T/b.txt")" 0 \
    "the guarded kernel sent no RST for our IPv4 connection"
is "$(grep -c 'fd00::1.*Flags \[R' "$T/b.txt")" 1 \
    "IPv6: the only RST is the one our abort sent"
grep -q '10.0.0.2.7 > 10.0.0.1.[0-9]*: Flags \[F\.\]' "$T/b.txt"
ok $? "peer closed with a FIN"
is "$(ip netns exec "$A" nft list tables | grep -c tcpx_)" 0 \
    "the guard table is removed on exit"

# The kernel in A keeps its own services while tcpx shares its address:
# tcpx must leave segments for ports it does not use alone.
ip netns exec "$A" python3 -c '
import socket
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("10.0.0.1", 8000)); s.listen(1); c, _ = s.accept(); c.sendall(b"kernel-service"); c.close()
' 2>/dev/null &
sleep 0.5
ip netns exec "$A" "$TCPX" -q -i a0 -s 10.0.0.1 -c 'connect 10.0.0.2:7; sleep 2' >"$T/share.out" 2>&1 &
tp=$!
sleep 1
got=$(ip netns exec "$B" python3 -c '
import socket
c = socket.create_connection(("10.0.0.1", 8000), timeout=3); print(c.recv(100).decode())' 2>&1)
wait $tp
is "$got" "kernel-service" "a kernel service on another port works while tcpx -i runs"
grep -q 'RST sent' "$T/share.out"; ok $((! $?)) "tcpx sent no RST for the kernel's port"

done_testing
