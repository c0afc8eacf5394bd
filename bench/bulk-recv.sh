#!/bin/sh
# bench/bulk-recv.sh - bulk receive, kernel -> our engine (issue 14): a
# kernel sender in the lab's peer namespace sends N bytes to `listen 5001
# autoclose` in `tcpx --lab` (lines off, rcvbuf BENCH_RCVBUF), timed by the
# sender from connect to the EOF that follows our FIN (every byte taken in
# and acknowledged); beside it, in the same run, iperf3 kernel -> kernel
# on a veth pair of our own with the lab's offloads (tx, tso, gso, gro
# off).  Sizes BENCH_SIZES (MB, default 20 100 1000), BENCH_REPS
# alternating repetitions of each (default 3): min and median Gbit/s of
# each, the ratio of the medians, tcpx's peak RSS, tcpx's own CPU seconds
# per GB (its utime + stime, sampled every 0.2 s, set-up included: the
# steadier figure on a shared machine), and the load.  Root;
# not in make check.  Wrap in flock on a shared machine.
. "${top_srcdir:-.}/tests/lib.sh"
. "${top_srcdir:-.}/bench/place.sh"

need_root
: "${BENCH_SIZES:=20 100 1000}"
: "${BENCH_REPS:=3}"
: "${BENCH_RCVBUF:=4194304}"
command -v iperf3 >/dev/null || skip_all "needs iperf3"
command -v python3 >/dev/null || skip_all "needs python3"
[ -x "$TCPX" ] || skip_all "no tcpx binary at $TCPX"
tmpdir T

# The kernel's side: connect to 10.0.0.1:PORT, send BYTES (1 MB of random
# bytes over and over), half-close, read to EOF; print the seconds taken.
cat >"$T/send.py" <<'PY'
import os, socket, sys, time
port, size = int(sys.argv[1]), int(sys.argv[2])
block = memoryview(os.urandom(1 << 20))
s = socket.create_connection(("10.0.0.1", port), timeout=300)
t0, left = time.monotonic(), size
while left > 0:
    k = min(left, len(block)); s.sendall(block[:k]); left -= k
s.shutdown(socket.SHUT_WR)
while s.recv(65536): pass
print("%.6f" % (time.monotonic() - t0))
PY

hwm() { awk '$1 == "VmHWM:" { print $2 }' "/proc/$1/status" 2>/dev/null; }

# tcpx's own CPU ticks (utime + stime; not its children's).
ticks() { awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$1/stat" 2>/dev/null; }

# tcpx_run BYTES: Gbit/s of one receive into tcpx; its peak RSS in $T/hwm,
# its CPU seconds per GB in $T/cpu.
tcpx_run() {
	rm -f "$T/secs"
	$ON_US "$TCPX" --lab -q -c "set lines none; set rcvbuf $BENCH_RCVBUF; \
lab sh '$(place_rps peer0)'; listen 5001 autoclose; \
lab exec sh -c '($ON_PEER python3 $T/send.py 5001 $1 >$T/secs.tmp 2>&1; mv $T/secs.tmp $T/secs) &'; \
wait accept 60; wait state CLOSED 600; lab exec sh $UNTIL 600 'test -e $T/secs'" \
	    >"$T/tcpx.out" 2>&1 &
	_p=$! _h=0 _c=0
	while kill -0 $_p 2>/dev/null; do
		_x=$(hwm $_p); [ -n "$_x" ] && _h=$_x
		_x=$(ticks $_p); [ -n "$_x" ] && _c=$_x
		sleep 0.2
	done
	wait $_p || { echo "tcpx failed:" >&2; tail -n 5 "$T/tcpx.out" >&2; }
	echo "$_h" >"$T/hwm"
	awk -v c="$_c" -v hz="$(getconf CLK_TCK)" -v b="$1" \
	    'BEGIN { printf "%.2f\n", c / hz / (b / 1e9) }' >"$T/cpu"
	awk -v b="$1" '{ if ($1 > 0) printf "%.3f\n", b * 8 / $1 / 1e9 }' "$T/secs"
}

# iperf_run BYTES: Gbit/s kernel -> kernel, as the receiver counted them.
iperf_run() {
	ip netns exec "$B" $ON_PEER iperf3 -c 10.0.0.1 -p 5201 -n "$1" -J >"$T/ip.json" 2>&1
	python3 -c 'import json, sys
d = json.load(open(sys.argv[1]))
print("%.3f" % (d["end"]["sum_received"]["bits_per_second"] / 1e9))' "$T/ip.json"
}

# stats: min and median of the numbers on stdin.
stats() { sort -n | awk '{ v[NR] = $1 } END { printf "%s %s", v[1], v[int((NR + 1) / 2)] }'; }

ns_pair A B
ip netns exec "$B" sh -c "$(place_rps b0)"	# B sends, as the lab's peer
ip netns exec "$A" $ON_US iperf3 -s -p 5201 >"$T/iperf-s.out" 2>&1 &
srv=$!
for _i in $(seq 50); do
	ip netns exec "$A" ss -tlnH 2>/dev/null | grep -q ':5201 ' && break
	sleep 0.1
done

echo "Bulk receive, kernel -> tcpx (rcvbuf $BENCH_RCVBUF, lines none) against iperf3 kernel -> kernel"
echo "(veth, offloads off; $BENCH_REPS alternating repetitions; Gbit/s)"
echo "($PLACE_NOTE)"
printf '  %8s  %-19s %-19s %7s  %s\n' size "tcpx min/median" "iperf3 min/median" ratio "tcpx peak RSS"
for mb in $BENCH_SIZES; do
	bytes=$((mb * 1048576))
	: >"$T/tx" ; : >"$T/ip"; : >"$T/cpus"; hmax=0
	for _r in $(seq "$BENCH_REPS"); do
		tcpx_run "$bytes" >>"$T/tx"
		h=$(cat "$T/hwm"); [ "${h:-0}" -gt "$hmax" ] && hmax=$h
		cat "$T/cpu" >>"$T/cpus"
		iperf_run "$bytes" >>"$T/ip"
	done
	set -- $(stats <"$T/tx") $(stats <"$T/ip")
	printf '  %5s MB  %-19s %-19s %7s  %s MB\n' "$mb" "$1 / $2" "$3 / $4" \
	    "$(awk -v a="$2" -v b="$4" 'BEGIN { if (b > 0) printf "%.2f", a / b }')" \
	    "$((hmax / 1024))"
	printf '  %8s  tcpx CPU s/GB (min / median): %s\n' "" \
	    "$(stats <"$T/cpus" | sed 's| | / |')"
done
echo "  load: $(cut -d' ' -f1-3 /proc/loadavg) ($(nproc) CPUs)"
kill "$srv" 2>/dev/null; wait "$srv" 2>/dev/null	# (not the cleanup's kill -9)
exit 0	# how iperf3 -s took its SIGTERM is not the bench's result
