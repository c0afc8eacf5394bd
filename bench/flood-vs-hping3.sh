#!/bin/sh
# bench/flood-vs-hping3.sh - SYN flood rate of `tcpx flood syn` against
# `hping3 --flood -S` in the same run: both send from namespace A over a
# veth to namespace B, and B's receive counter is the common yardstick.
# Prints both rates and the ratio (tcpx / hping3).  Root; not in make check.
set -u
: "${TCPX:?set TCPX to the tcpx binary}"
[ "$(id -u)" -eq 0 ] || { echo "bench: needs root (namespaces)"; exit 2; }
command -v hping3 >/dev/null || apt-get install -y -qq hping3 >/dev/null 2>&1 ||
    { echo "bench: hping3 not installed (apt-get install hping3)"; exit 2; }

A="tcpxb-$$-a" B="tcpxb-$$-b"
cleanup() { ip netns del "$A" 2>/dev/null; ip netns del "$B" 2>/dev/null; }
trap cleanup EXIT INT TERM
ip netns add "$A" && ip netns add "$B" || exit 2
ip -n "$A" link add a0 type veth peer name b0 netns "$B"
ip -n "$A" addr add 10.0.0.1/24 dev a0
ip -n "$B" addr add 10.0.0.2/24 dev b0
ip -n "$A" link set a0 up; ip -n "$B" link set b0 up
ip -n "$A" link set lo up; ip -n "$B" link set lo up
# B drops the SYNs before TCP sees them, so the peer's work is equal.
ip netns exec "$B" nft add table inet sink
ip netns exec "$B" nft add chain inet sink in '{ type filter hook prerouting priority -400; }'
ip netns exec "$B" nft add rule inet sink in tcp dport 80 drop
ip -n "$A" neigh add 10.0.0.2 lladdr "$(ip -n "$B" -br link show b0 | awk '{print $3}')" dev a0

rx() { ip -n "$B" -s link show b0 | awk 'NR == 4 {print $2}'; }
now() { date +%s.%N; }
secs=3

# hping3: as fast as it can for $secs seconds.
r0=$(rx); t0=$(now)
ip netns exec "$A" timeout "$secs" hping3 -q -S -p 80 --flood 10.0.0.2 >/dev/null 2>&1
t1=$(now); r1=$(rx)
hp=$(echo "$r0 $r1 $t0 $t1" | awk '{printf "%.0f", ($2 - $1) / ($4 - $3)}')

# tcpx: the same count hping3 managed, through its sendmmsg fast path.
n=$((r1 - r0))
[ "$n" -gt 0 ] || n=100000
r0=$(rx); t0=$(now)
ip netns exec "$A" "$TCPX" -q -i a0 -s 10.0.0.1 -c "flood syn 10.0.0.2:80 count=$n" >/dev/null 2>&1
t1=$(now); r1=$(rx)
tx=$(echo "$r0 $r1 $t0 $t1" | awk '{printf "%.0f", ($2 - $1) / ($4 - $3)}')

echo "SYN flood over veth, frames received by the peer per second"
echo "  hping3 --flood -S : $hp/s"
echo "  tcpx flood syn    : $tx/s  ($((r1 - r0)) frames, setup included)"
echo "$tx $hp" | awk '{printf "  ratio tcpx/hping3: %.2f\n", $1 / $2}'
