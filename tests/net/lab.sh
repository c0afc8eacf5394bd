#!/bin/sh
# tests/net/lab.sh - the lab (lab/): namespaces come up with the daemon's
# listeners, offloads off, no kernel address on tcpx's side; the daemon
# answers real clients; a crafted SYN over the veth gets a SYN-ACK with a
# good checksum after tcpx-side ARP/ND answering; lab exec passes output and
# status through; lab_down removes everything; a SIGKILLed run is swept at
# the next start; the host namespace is never touched.  Needs root.
# The namespaces live in a /run/netns of this test's own, so that no other
# lab starting meanwhile (make -j) sweeps the stale ones before we do.
. "$top_srcdir/tests/lib.sh"
need_root
private_netns_dir
LABCTL=$top_builddir/tests/net/labctl
IOTOOL=$top_builddir/tests/net/iotool
[ -x "$LABCTL" ] && [ -x "$IOTOOL" ] || skip_all "test drivers not built"
tmpdir T

host_state() {
	ip link | sed 's/ state [A-Z]*//'
	ip route
	ip -6 route
	command -v nft >/dev/null && nft list ruleset
}
host_state >"$T/host.before" 2>&1

# start_lab: run labctl fed by a fifo on fd 3; sets SELF, PEER, DRV.
start_lab() {
	rm -f "$T/in" "$T/out"
	mkfifo "$T/in"
	"$LABCTL" <"$T/in" >>"$T/out" 2>&1 &
	DRV=$!
	exec 3>"$T/in"
	wait_for '^ready' "$T/out" 15
	_rc=$?
	SELF=$(sed -n 's/^self //p' "$T/out")
	PEER=$(sed -n 's/^peer //p' "$T/out")
	tap_ns="$tap_ns $SELF $PEER"	# removed on exit even if we fail
	return $_rc
}

# lab CMD: send a command to the driver and wait for its answer (MARK).
lab() {
	: >"$T/out"	# the driver appends (>>), so this truncates cleanly
	echo "$1" >&3
	wait_for "$2" "$T/out" 15
}

start_lab
ok $? "lab comes up"
diag "$(cat "$T/out")"
case $SELF in tcpx-lab-$DRV-*-self) r=0 ;; *) r=1 ;; esac
ok $r "tcpx's namespace is named tcpx-lab-<pid>-<random>-self ($SELF)"
case $PEER in tcpx-lab-$DRV-*-peer) r=0 ;; *) r=1 ;; esac
ok $r "the peer namespace is named tcpx-lab-<pid>-<random>-peer"
ip netns list | grep -q "^$SELF" && ip netns list | grep -q "^$PEER"
ok $? "both namespaces exist"

# The daemon's listeners, seen by the kernel of the peer.
lab "exec ss -tlnH" '^status'
for p in 7 9 80; do
	grep -q "LISTEN .*:$p " "$T/out"
	ok $? "peer listens on tcp port $p"
done
lab "exec ss -ulnH" '^status'
grep -q ":7 " "$T/out"
ok $? "peer listens on udp port 7"

# Offloads off on both ends (DESIGN.md §9).
lab "offloads" '^offloads'
is "$(grep '^offloads' "$T/out")" "offloads tcpx0 0 peer0 0" \
	"ioctl reads TX checksum, TSO, GSO and GRO off on both ends"
if command -v ethtool >/dev/null; then
	for side in "$SELF tcpx0" "$PEER peer0"; do
		set -- $side
		k=$(ip netns exec "$1" ethtool -k "$2")
		n=$(printf '%s\n' "$k" | grep -cE '^(tx-checksumming|tcp-segmentation-offload|generic-segmentation-offload|generic-receive-offload): off')
		is "$n" 4 "ethtool -k $2: tx, tso, gso, gro all off"
	done
fi

# tcpx's side: no kernel address at all; the peer has both.
is "$(ip -n "$SELF" -o addr show dev tcpx0)" "" "tcpx0 has no kernel address"
is "$(ip netns exec "$SELF" cat /proc/sys/net/ipv6/conf/tcpx0/disable_ipv6)" 1 \
	"IPv6 disabled on tcpx0 inside its namespace"
ip -n "$SELF" link show tcpx0 | grep -q ',UP'
ok $? "tcpx0 is up"
a=$(ip -n "$PEER" -o addr show dev peer0)
echo "$a" | grep -q 'inet 10.0.0.2/24' && echo "$a" | grep -q 'inet6 fd00::2/64'
ok $? "peer0 has 10.0.0.2/24 and fd00::2/64"

# The daemon answers real clients (kernel sockets in the peer).
cat >"$T/client.py" <<'EOF'
import socket, sys
kind, host, port = sys.argv[1], sys.argv[2], int(sys.argv[3])
fam = socket.AF_INET6 if ':' in host else socket.AF_INET
if kind == 'udp':
    s = socket.socket(fam, socket.SOCK_DGRAM); s.settimeout(30)
    s.sendto(b'ping-udp', (host, port)); print(s.recvfrom(100)[0].decode())
    sys.exit(0)
s = socket.create_connection((host, port), timeout=30)
if kind == 'echo':
    s.sendall(b'hello-echo'); s.shutdown(socket.SHUT_WR)
elif kind == 'http':
    s.sendall(b'GET / HTTP/1.0\r\nHost: x\r\n\r\n')
elif kind == 'discard':
    s.sendall(b'x' * 100000); s.shutdown(socket.SHUT_WR)
data = b''
while True:
    b = s.recv(4096)
    if not b: break
    data += b
print(repr(data) if kind == 'discard' else data.decode())
EOF
c() { timeout 60 ip netns exec "$PEER" python3 "$T/client.py" "$@" 2>&1; }
is "$(c echo 10.0.0.2 7)" "hello-echo" "TCP echo on 10.0.0.2:7"
is "$(c echo fd00::2 7)" "hello-echo" "TCP echo on [fd00::2]:7"
r=$(c http 10.0.0.2 80)
case $r in "HTTP/1.0 200 OK"*"hello from the tcpx lab"*) x=0 ;; *) x=1 ;; esac
ok $x "HTTP on 10.0.0.2:80 answers 200 OK with a body"
[ $x -eq 0 ] || diag "$r"
is "$(c discard 10.0.0.2 9)" "b''" "discard on :9 returns nothing and closes"
is "$(c udp 10.0.0.2 7)" "ping-udp" "UDP echo on 10.0.0.2:7"
is "$(c udp fd00::2 7)" "ping-udp" "UDP echo on [fd00::2]:7"

# Over the veth: a crafted SYN from tcpx's side gets a SYN-ACK with a correct
# checksum (TX offload really off), after tcpx's side answered ARP/ND.
pmac=$(ip -n "$PEER" -br link show peer0 | awk '{print $3}')
smac=$(ip -n "$SELF" -br link show tcpx0 | awk '{print $3}')
r=$(timeout 15 ip netns exec "$SELF" "$IOTOOL" probe tcpx0 10.0.0.1 10.0.0.2 7 "$pmac" 2>&1)
ok $? "IPv4 SYN to 10.0.0.2:7 over the veth is answered"
diag "$r"
echo "$r" | grep -q 'answered arp'
ok $? "the peer's ARP request for 10.0.0.1 was answered"
echo "$r" | grep -q 'reply flags 0x12 ack 1001 cksum ok'
ok $? "SYN-ACK acknowledges our SYN, TCP checksum verified"
r=$(timeout 15 ip netns exec "$SELF" "$IOTOOL" probe tcpx0 fd00::1 fd00::2 80 "$pmac" 2>&1)
echo "$r" | grep -q 'reply flags 0x12 ack 1001 cksum ok'
ok $? "IPv6 SYN to [fd00::2]:80 gets a SYN-ACK with a good checksum"
echo "$r" | grep -q 'answered nd'
ok $? "the peer's neighbour solicitation for fd00::1 was answered"
ip -n "$PEER" neigh show 10.0.0.1 | grep -q "lladdr $smac"
ok $? "the peer's kernel resolved 10.0.0.1 to tcpx0's MAC"

# lab exec: output and exit status come through, in the peer namespace.
lab "exec ip -o link show peer0" '^status'
grep -q 'peer0' "$T/out" && grep -q '^status 0' "$T/out"
ok $? "lab exec runs in the peer namespace (sees peer0), status 0"
lab "exec ls /nonexistent-tcpx" '^status'
grep -q 'No such file' "$T/out" && grep -q '^status 2' "$T/out"
ok $? "lab exec passes stderr and exit status 2 through"
lab "exec no-such-command-tcpx" '^status'
grep -q '^error no-such-command-tcpx: command not found' "$T/out" &&
	grep -q '^status -1' "$T/out"
ok $? "lab exec of a missing command fails with a message"

# Down: twice (idempotent), both namespaces gone, driver exits cleanly.
lab "down" '^down'
ok $? "lab_down returns (called twice)"
ip netns list | grep -qE "^($SELF|$PEER)( |\$)"
ok $((! $?)) "both namespaces are gone after lab_down"
exec 3>&-
wait "$DRV"
is $? 0 "driver exits 0"

# A SIGKILLed run leaves namespaces; the next start sweeps them.
start_lab
ok $? "second lab comes up"
old_self=$SELF old_peer=$PEER
kill -9 "$DRV"
wait "$DRV" 2>/dev/null
exec 3>&-
ip netns list | grep -q "^$old_peer"
ok $? "SIGKILL leaves the namespaces behind"
wait_until 10 '[ -z "$(ip netns pids "$old_peer" 2>/dev/null)" ]'
is "$(ip netns pids "$old_peer" 2>/dev/null)" "" \
	"the peer daemon died with its parent (PR_SET_PDEATHSIG)"
is "$("$LABCTL" sweep)" "swept 2" "lab_sweep removes both stale namespaces"
ip netns list | grep -qE "^($old_self|$old_peer)( |\$)"
ok $((! $?)) "stale namespaces are gone"
start_lab
ok $? "a lab comes up again after the sweep"
lab "down" '^down'
exec 3>&-
wait "$DRV"

host_state >"$T/host.after" 2>&1
diff "$T/host.before" "$T/host.after" >"$T/host.diff"
ok $? "host namespace's links, routes and nftables ruleset unchanged"
[ -s "$T/host.diff" ] && diag "$(cat "$T/host.diff")"
done_testing
