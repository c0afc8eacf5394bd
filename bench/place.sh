# bench/place.sh - where the bulk benches run things (sourced by bulk.sh
# and bulk-recv.sh).  Over veth the receiving kernel does its work in the
# softirq of whoever sent the frame: without help, the peer kernel's TCP
# receive runs inside tcpx's own sendmmsg() (about half of tcpx's CPU in
# a bulk send), or inside iperf3's send.  Two hosts do not share a CPU
# that way, so with BENCH_PLACE=1 (the default on 2 CPUs or more) both
# sides are placed as two hosts would be, for tcpx and for iperf3 alike:
# our end (tcpx, or the iperf3 at our end) on CPU 0, the kernel peer's
# program on CPU 1, and the peer's veth steering what it receives (RPS,
# rps_cpus) to CPU 1.  BENCH_PLACE=0 leaves the scheduler to it.
: "${BENCH_PLACE:=$([ "$(nproc)" -ge 2 ] && echo 1 || echo 0)}"
if [ "$BENCH_PLACE" = 1 ] && command -v taskset >/dev/null; then
	ON_US="taskset -c 0"		# prefix: our end's program
	ON_PEER="taskset -c 1"		# prefix: the kernel peer's program
	RPS_MASK=2			# the peer's veth: receive on CPU 1
	PLACE_NOTE="our end on CPU 0, the peer's program and its veth's receive work (RPS) on CPU 1, for tcpx and iperf3 alike (BENCH_PLACE=0: unplaced)"
else
	ON_US="" ON_PEER="" RPS_MASK=0
	PLACE_NOTE="unplaced: the scheduler chooses CPUs, the peer's receive work runs in the sender's system calls"
fi

# place_rps DEV: the shell command that steers DEV's receive work (run
# inside DEV's namespace, where /sys shows it).
place_rps() {
	echo "echo $RPS_MASK > /sys/class/net/$1/queues/rx-0/rps_cpus"
}
