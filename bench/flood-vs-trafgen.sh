#!/bin/sh
# bench/flood-vs-trafgen.sh - SYN flood rate of `tcpx flood syn` beside
# trafgen (netsniff-ng: TX ring, one process per CPU) on 1 and 2 CPUs and
# hping3 --flood, in the same run.  Each sender floods from namespace A
# over a veth pair (offloads off) into namespace B, which drops the SYNs in
# nftables before TCP sees them; B's receive counter is the yardstick,
# read after a warm-up, so start-up costs no one anything.  trafgen sends
# the frame tcpx sends (Ethernet, IPv4 with DF, TTL 64 and a random id,
# TCP SYN with a random port and ISN, window 64240, MSS 1460).  The tools
# take turns, BENCH_REPS rounds (default 5) of BENCH_SECS seconds each
# (default 2); min and median per tool, the ratios of medians, the load.
# Root; not in make check.
. "${top_srcdir:-.}/tests/lib.sh"

need_root
: "${BENCH_REPS:=5}"
: "${BENCH_SECS:=2}"
[ -x "$TCPX" ] || skip_all "no tcpx binary at $TCPX"
command -v trafgen >/dev/null || apt-get install -y -qq netsniff-ng >/dev/null 2>&1 ||
    { echo "bench: trafgen not installed (apt-get install netsniff-ng)"; exit 2; }
command -v hping3 >/dev/null || apt-get install -y -qq hping3 >/dev/null 2>&1 ||
    { echo "bench: hping3 not installed (apt-get install hping3)"; exit 2; }
tmpdir T

ns_pair A B
ip netns exec "$B" nft add table inet sink
ip netns exec "$B" nft add chain inet sink in '{ type filter hook prerouting priority -400; }'
ip netns exec "$B" nft add rule inet sink in tcp dport 80 drop
amac=$(ip -n "$A" -br link show a0 | awk '{print $3}')
bmac=$(ip -n "$B" -br link show b0 | awk '{print $3}')
ip -n "$A" neigh add 10.0.0.2 lladdr "$bmac" dev a0

cat >"$T/syn.cfg" <<EOF
{
  eth(da=$bmac, sa=$amac, type=0x0800),
  ipv4(id=drnd(), df, ttl=64, proto=6, saddr=10.0.0.1, daddr=10.0.0.2),
  tcp(sp=drnd(), dp=80, seq=drnd(), syn, window=64240, doff=6),
  0x02, 0x04, 0x05, 0xb4
}
EOF

rx() { ip -n "$B" -s link show b0 | awk 'NR == 4 {print $2}'; }
now() { date +%s.%N; }

# measure TOOL: start it, let it warm up, count what B receives for
# BENCH_SECS seconds, stop it; prints frames per second.
measure() {
	# timeout runs the tool in a process group of its own and signals
	# the whole group (trafgen --cpus N forks one sender per CPU).
	lim=$((BENCH_SECS + 3))
	case $1 in
	trafgen1|trafgen2)
		ip netns exec "$A" timeout -s INT -k 2 "$lim" trafgen \
		    -i "$T/syn.cfg" -o a0 -q --cpus "${1#trafgen}" \
		    >/dev/null 2>&1 & ;;
	tcpx1)
		ip netns exec "$A" timeout -s INT -k 2 "$lim" "$TCPX" -q -i a0 \
		    -s 10.0.0.1 -c "flood syn 10.0.0.2:80 count=100000000 threads=1" \
		    >"$T/tcpx.out" 2>&1 & ;;
	tcpx)
		ip netns exec "$A" timeout -s INT -k 2 "$lim" "$TCPX" -q -i a0 \
		    -s 10.0.0.1 -c "flood syn 10.0.0.2:80 count=100000000" \
		    >"$T/tcpx.out" 2>&1 & ;;
	hping3)
		ip netns exec "$A" timeout -s INT -k 2 "$lim" hping3 -q -S \
		    -p 80 --flood 10.0.0.2 >/dev/null 2>&1 & ;;
	esac
	pid=$!
	sleep 0.5
	r0=$(rx); t0=$(now)
	sleep "$BENCH_SECS"
	r1=$(rx); t1=$(now)
	kill -INT "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	for p in $(ip netns pids "$A" 2>/dev/null); do kill -9 "$p" 2>/dev/null; done
	sleep 0.2
	echo "$r0 $r1 $t0 $t1" | awk '{printf "%.0f\n", ($2 - $1) / ($4 - $3)}'
}

: "${BENCH_TOOLS:=trafgen1 trafgen2 tcpx1 tcpx hping3}"
tools=$BENCH_TOOLS
for rep in $(seq "$BENCH_REPS"); do
	for t in $tools; do
		measure "$t" >>"$T/$t.rates"
	done
done

# stats FILE: min and median of the rates in FILE.
stats() {
	sort -n "$1" | awk '{v[NR] = $1} END {
		m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
		printf "%.0f %.0f\n", v[1], m }'
}
med() { [ -s "$T/$1.rates" ] && stats "$T/$1.rates" | awk '{print $2}'; }
# ratio LABEL A B: the ratio of the medians of tools A and B, when both ran.
ratio() {
	_a=$(med "$2") _b=$(med "$3")
	[ -n "$_a" ] && [ -n "$_b" ] &&
	    echo "$_a $_b" | awk -v l="$1" '$2 > 0 {printf "  %-42s %.2f\n", l, $1 / $2}'
	return 0
}

echo "SYN flood over veth, frames received by the peer per second"
echo "($BENCH_REPS alternating rounds of ${BENCH_SECS} s; $(nproc) CPUs;$(uptime | sed 's/.*load/ load/'))"
printf '  %-28s %10s %10s\n' "sender" "min/s" "median/s"
for t in $tools; do
	case $t in
	trafgen1) name="trafgen --cpus 1" ;;
	trafgen2) name="trafgen --cpus 2" ;;
	tcpx1) name="tcpx flood syn threads=1" ;;
	tcpx) name="tcpx flood syn ($(nproc) threads)" ;;
	hping3) name="hping3 --flood -S" ;;
	esac
	set -- $(stats "$T/$t.rates")
	printf '  %-28s %10s %10s\n' "$name" "$1" "$2"
done
ratio "ratio tcpx / trafgen --cpus 2 (medians):" tcpx trafgen2
ratio "ratio tcpx threads=1 / trafgen --cpus 1:" tcpx1 trafgen1
ratio "ratio tcpx / hping3:" tcpx hping3
done_testing >/dev/null
