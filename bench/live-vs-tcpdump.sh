#!/bin/sh
# bench/live-vs-tcpdump.sh - what a live session costs per frame: a flood
# of resets at BENCH_RATE a second (default 100000) arrives at `tcpx --lab`
# (capture, decode, the engine, the printers' state, the diagram's model)
# and, in the same run, at `tcpdump -w /dev/null` on a veth pair (capture
# alone, the floor).  Prints each receiver's CPU time per 100,000 frames,
# the frames its capture dropped, and the ratio tcpx / tcpdump.  The
# flood comes from a second tcpx (`flood rst`) in the peer's namespace;
# a closed port drops resets without an answer.  Root; not in make check.
. "${top_srcdir:-.}/tests/lib.sh"

need_root
: "${TCPDUMP:=$(command -v tcpdump)}"
: "${BENCH_FRAMES:=200000}"
: "${BENCH_RATE:=100000}"
[ -n "$TCPDUMP" ] || skip_all "needs tcpdump"
[ -x "$TCPX" ] || skip_all "no tcpx binary at $TCPX"
tmpdir T
hz=$(getconf CLK_TCK)

# cpu PID: its user and system time so far, in clock ticks.
cpu() { awk '{print $14 + $15}' "/proc/$1/stat"; }

# flood NS IFACE: the resets, from the peer's side.
flood() {
	ip netns exec "$1" "$TCPX" -q -i "$2" -s 10.0.0.2 \
	    -c "flood rst 10.0.0.1:9 count=$BENCH_FRAMES rate=$BENCH_RATE" |
	    tail -n 1
}

# tcpdump on a veth pair of our own.
ns_pair A B
ip netns exec "$A" "$TCPDUMP" -n -i a0 --immediate-mode -B 32768 \
    -w /dev/null 2>"$T/td.err" &
td=$!
for _i in $(seq 50); do grep -q "listening on" "$T/td.err" && break; sleep 0.1; done
c0=$(cpu "$td")
flood "$B" b0 >"$T/td.flood"
sleep 0.5
c1=$(cpu "$td")
kill -INT "$td"; wait "$td"
td_cpu=$((c1 - c0))
td_drop=$(sed -n 's/^\([0-9]*\) packets dropped by kernel$/\1/p' "$T/td.err")

# tcpx in its lab, doing all a session does with each frame.
secs=$((BENCH_FRAMES / BENCH_RATE + 4))
"$TCPX" --lab -q -c "sleep ${secs}s; stat path" >"$T/tx.out" 2>&1 &
tx=$!
for _i in $(seq 100); do
	peer=$(ip netns list | awk -v p="tcpx-lab-$tx-" \
	    'index($1, p) == 1 && /-peer/ {print $1}')
	[ -n "$peer" ] && ip netns exec "$peer" ip -br link show peer0 2>/dev/null |
	    grep -q UP && break
	sleep 0.1
done
sleep 0.5	# the lab's ARP/ND answered, the session idle
c0=$(cpu "$tx")
flood "$peer" peer0 >"$T/tx.flood"
sleep 0.5
c1=$(cpu "$tx")
tx_cpu=$((c1 - c0))
wait "$tx"
tx_drop=$(sed -n 's/^capture: .*, \([0-9]*\) dropped by the kernel.*/\1/p' "$T/tx.out")

echo "A live session against a capture alone: $BENCH_FRAMES resets at $BENCH_RATE/s"
echo "  flood into tcpdump: $(cat "$T/td.flood")"
echo "  flood into tcpx:    $(cat "$T/tx.flood")"
echo "$td_cpu $tx_cpu $hz $BENCH_FRAMES" | awk '{
	printf "  tcpdump -w /dev/null : %.3f s CPU per 100k frames\n", $1 / $3 * 100000 / $4
	printf "  tcpx --lab           : %.3f s CPU per 100k frames\n", $2 / $3 * 100000 / $4
	if ($1 > 0) printf "  ratio tcpx/tcpdump   : %.2f\n", $2 / $1 }'
echo "  frames the capture dropped: tcpdump ${td_drop:-?}, tcpx ${tx_drop:-?}"
done_testing >/dev/null
