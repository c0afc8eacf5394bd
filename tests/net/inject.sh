#!/bin/sh
# tests/net/inject.sh - link-layer injection (craft/inject.c) and crafted
# frames (craft_seg_frame) reaching a real kernel, checked from the peer's
# side with tcpdump; and capture/neigh.c answering the peer kernel's ARP and
# neighbour solicitations for an address no kernel owns.  Needs root.
. "$top_srcdir/tests/lib.sh"
need_root
IOTOOL=$top_builddir/tests/net/iotool
[ -x "$IOTOOL" ] || skip_all "test driver not built"
command -v python3 >/dev/null || skip_all "needs python3"
TCPDUMP=${TCPDUMP:-$(command -v tcpdump)}
tmpdir T

# A: tcpx's side, no kernel address (as in the lab).  B: a kernel peer.
ns_new A
ns_new B
ip -n "$A" link add a0 type veth peer name b0 netns "$B"
ip netns exec "$A" sysctl -qw net.ipv6.conf.a0.disable_ipv6=1
ip -n "$B" addr add 10.0.0.2/24 dev b0
ip -n "$B" addr add fd00::2/64 dev b0 nodad
ip -n "$A" link set a0 up
ip -n "$B" link set b0 up
offload_off=1
if command -v ethtool >/dev/null; then
	ip netns exec "$A" ethtool -K a0 tx off tso off gso off gro off >/dev/null 2>&1 &&
	ip netns exec "$B" ethtool -K b0 tx off tso off gso off gro off >/dev/null 2>&1 &&
	offload_off=0
fi
amac=$(ip -n "$A" -br link show a0 | awk '{print $3}')
bmac=$(ip -n "$B" -br link show b0 | awk '{print $3}')

# A kernel listener on 10.0.0.2:7 in B.
ip netns exec "$B" python3 -c '
import socket, time
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("10.0.0.2", 7)); s.listen(8); time.sleep(60)' &
wait_until 10 "ip netns exec $B ss -tlnH | grep -q '10.0.0.2:7 '"
ok $? "the peer's kernel listens on 10.0.0.2:7"

r=$(ip netns exec "$A" "$IOTOOL" arp nosuch0 10.0.0.1 10.0.0.2 2>&1)
case $r in *"inject: nosuch0: "*) x=0 ;; *) x=1 ;; esac
ok $x "inj_open on a missing interface names it"
diag "$r"

if [ -n "$TCPDUMP" ]; then
	tcpdump_start tcpdump_pid "$B" b0 "$T/b.pcap"
	ok $? "tcpdump listens on the peer's veth"

	r=$(ip netns exec "$A" "$IOTOOL" arp a0 10.0.0.1 10.0.0.2 2>&1)
	is "$r" "sent arp 42" "ARP request injected on a0"
	ip -n "$B" neigh replace 10.0.0.1 lladdr "$amac" dev b0 nud permanent
	r=$(ip netns exec "$A" "$IOTOOL" syn a0 10.0.0.1 10.0.0.2 7 "$bmac" 2>&1)
	is "$r" "sent syn" "SYN built with craft_seg_frame injected on a0"
	# The SYN-ACK is the last packet the checks need.
	tcpdump_stop "$tcpdump_pid" "$T/b.pcap" \
	    '10\.0\.0\.2\.7 > 10\.0\.0\.1\.40000: Flags \[S\.\]'
	"$TCPDUMP" -n -r "$T/b.pcap" >"$T/b.txt" 2>/dev/null
	diag "$(cat "$T/b.txt")"
	grep -q 'ARP, Request who-has 10.0.0.2 tell 10.0.0.1' "$T/b.txt"
	ok $? "the peer received our ARP request"
	grep -q "ARP, Reply 10.0.0.2 is-at $bmac" "$T/b.txt"
	ok $? "the peer's kernel answered it"
	grep -q 'IP 10.0.0.1.40000 > 10.0.0.2.7: Flags \[S\], seq 1000, win 64240' "$T/b.txt"
	ok $? "the peer received our SYN as built"
	grep -q 'IP 10.0.0.2.7 > 10.0.0.1.40000: Flags \[S\.\], seq [0-9]*, ack 1001' "$T/b.txt"
	ok $? "the peer's kernel answered the SYN with a SYN-ACK"
	ip -n "$B" neigh del 10.0.0.1 dev b0	# permanent: flush keeps it
else
	diag "tcpdump not installed: skipping the tcpdump checks"
fi

# ARP/ND answering: the peer kernel resolves addresses no kernel owns.  The
# responder may answer for a minute; it is stopped once the peer has both
# neighbours (so a slow start of the kernel's client cannot outlast it).
ip -n "$B" neigh flush dev b0
ip netns exec "$A" "$IOTOOL" respond a0 10.0.0.1 fd00::1 60 >"$T/respond.out" 2>&1 &
resp=$!
wait_for '^listening' "$T/respond.out"
ok $? "the responder listens on a0"
ip netns exec "$B" python3 -c '
import socket
socket.socket(socket.AF_INET, socket.SOCK_DGRAM).sendto(b"x", ("10.0.0.1", 9))
socket.socket(socket.AF_INET6, socket.SOCK_DGRAM).sendto(b"x", ("fd00::1", 9))'
wait_until 10 "ip -n $B neigh show 10.0.0.1 | grep -q lladdr &&
    ip -n $B neigh show fd00::1 | grep -q lladdr"
kill "$resp"
wait "$resp" 2>/dev/null
ip -n "$B" neigh show 10.0.0.1 | grep -q "lladdr $amac"
ok $? "the peer's ARP request for 10.0.0.1 got our MAC"
ip -n "$B" neigh show fd00::1 | grep -q "lladdr $amac"
ok $? "the peer's neighbour solicitation for fd00::1 got our MAC"
grep -q '^answered arp' "$T/respond.out" && grep -q '^answered nd' "$T/respond.out"
ok $? "the responder answered both ARP and ND"

# A whole exchange: the peer has to resolve us before its SYN-ACK.
ip -n "$B" neigh flush dev b0
r=$(timeout 15 ip netns exec "$A" "$IOTOOL" probe a0 10.0.0.1 10.0.0.2 7 "$bmac" 2>&1)
ok $? "SYN to the peer's listener answered"
diag "$r"
echo "$r" | grep -q '^answered arp'
ok $? "the peer's ARP request was answered on the way"
if [ $offload_off -eq 0 ]; then
	echo "$r" | grep -q 'reply flags 0x12 ack 1001 cksum ok'
	ok $? "SYN-ACK with ack 1001 and a verified checksum"
else
	echo "$r" | grep -q 'reply flags 0x12 ack 1001'
	ok $? "SYN-ACK with ack 1001"
fi
done_testing
