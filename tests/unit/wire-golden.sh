#!/bin/sh
# tests/unit/wire-golden.sh - capture the real kernel frames that
# tests/unit/test-wire-golden.c embeds, in two private namespaces joined by a
# veth pair (needs root; not run by make check).  Usage:
#	wire-golden.sh OUTDIR [offload]
# Writes OUTDIR/a.pcap (seen on the client's veth) and OUTDIR/b.pcap (the
# server's).  With "offload", TX checksum offload stays on, so the kernel's
# segments carry unfinished (pseudo-header only) checksums.
set -eu
out=$1
mode=${2:-}
A=tcpxw-$$-a
B=tcpxw-$$-b
pids=
here=$(cd "$(dirname "$0")" && pwd)

cleanup() {
	for p in $pids; do kill "$p" 2>/dev/null || true; done
	sleep 0.3
	ip netns del "$A" 2>/dev/null || true
	ip netns del "$B" 2>/dev/null || true
}
trap cleanup EXIT INT TERM

mkdir -p "$out"
ip netns add "$A"
ip netns add "$B"
ip -n "$A" link add va type veth peer name vb netns "$B"
ip -n "$A" link set va address 02:00:00:77:00:01
ip -n "$B" link set vb address 02:00:00:77:00:02
ip -n "$A" addr add 10.77.0.1/24 dev va
ip -n "$B" addr add 10.77.0.2/24 dev vb
ip -n "$A" addr add fd77::1/64 dev va nodad
ip -n "$B" addr add fd77::2/64 dev vb nodad
for ns in "$A" "$B"; do
	ip -n "$ns" link set lo up
	ip netns exec "$ns" sysctl -qw net.ipv4.tcp_fastopen=3
done
ip netns exec "$A" ethtool -K va tso off gso off gro off >/dev/null
ip netns exec "$B" ethtool -K vb tso off gso off gro off >/dev/null
if [ "$mode" != offload ]; then
	ip netns exec "$A" ethtool -K va tx off >/dev/null
	ip netns exec "$B" ethtool -K vb tx off >/dev/null
fi
ip -n "$A" link set va up
ip -n "$B" link set vb up
ip netns exec "$A" tcpdump -q -U -s 0 -i va -w "$out/a.pcap" 2>/dev/null &
pids="$pids $!"
ip netns exec "$B" tcpdump -q -U -s 0 -i vb -w "$out/b.pcap" 2>/dev/null &
pids="$pids $!"
sleep 1.5
ip netns exec "$B" python3 "$here/wire-golden.py" server &
pids="$pids $!"
sleep 0.5
ip netns exec "$A" python3 "$here/wire-golden.py" client
# Lose some bulk segments on arrival so the receiver SACKs.
ip netns exec "$B" nft -f - <<NFT
table inet tcpxw {
	chain in {
		type filter hook input priority 0;
		tcp dport 8080 meta length > 1000 numgen random mod 10 == 0 drop
	}
}
NFT
ip netns exec "$A" python3 "$here/wire-golden.py" bulk
sleep 1
