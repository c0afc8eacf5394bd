#!/bin/sh
# bench/bulk.sh - bulk transfer between tcpx's engine and a Linux kernel,
# beside kernel-to-kernel iperf3 on an identical veth pair measured in the
# same run (issue 14).  `bulk.sh send`: tcpx in its lab sends N bytes
# (`send --size N; close`) to a kernel receiver in the peer namespace; the
# receiver times from its first byte to the end of the stream, and that is
# the figure, in Gbit/s.  iperf3 -c ... -n N between two namespaces with
# the lab's offloads (TX checksum, TSO, GSO and GRO off on both ends) gives
# the reference.  A second reference is the kernel's own TCP sending to the
# receiver tcpx sends to (tests/net/bulk-recv.py) from a Python sender on
# the same pair: iperf3's receiver is another program, and for a few
# megabytes the receiver's first moments weigh as much as the sender.
# Repetitions alternate tcpx, iperf3 and that sender; each size prints
# min and median of both and the load average, and tcpx's CPU seconds
# per GB sent (user + system, set-up included), which a busy machine
# changes less than the rate, and the receiver's reads per MB from tcpx
# and from the kernel's sender.  Root; not in make check.
#
#	BULK_SIZES	bytes per transfer (default: 4 MB, 20 MB, 50 MB, 1 GB)
#	BULK_REPS	repetitions of each (default 3)
#
# The receive direction (kernel -> tcpx) belongs beside send as another
# word: a function bulk_DIR that prints the same table (see bulk_send).
. "${top_srcdir:-.}/tests/lib.sh"
. "${top_srcdir:-.}/bench/place.sh"

need_root
: "${BULK_SIZES:=4000000 20000000 50000000 1000000000}"
: "${BULK_REPS:=3}"
dir=${1:-send}
[ -x "$TCPX" ] || skip_all "no tcpx binary at $TCPX"
command -v iperf3 >/dev/null || apt-get install -y -qq iperf3 >/dev/null 2>&1 ||
    skip_all "needs iperf3 (apt-get install iperf3)"
command -v python3 >/dev/null || skip_all "needs python3"
tmpdir T
PORT=5201

RECV="${top_srcdir:-.}/tests/net/bulk-recv.py"	# the kernel receiver

# The reference pair: namespaces A and B joined by veth, the lab's offloads.
ns_pair A B
for i in "$A a0" "$B b0"; do
	set -- $i
	ip netns exec "$1" ethtool -K "$2" tx off tso off gso off gro off \
	    rx-gro-list off rx-udp-gro-forwarding off >/dev/null 2>&1
done
ip netns exec "$B" sh -c "$(place_rps b0)"	# B is the receiver, as the lab's peer

# reads_per_mb BYTES FILE: the receiver's recv() calls per MB (FILE is
# bulk-recv.py's line).  Fewer, larger reads: the segments reached the
# receiving kernel in lumps (the kernel sender's software GSO hands the
# veth 45 at once), so its program woke less often.
reads_per_mb() { awk -v n="$1" '{ printf "%.1f\n", $4 / (n / 1e6) }' "$2"; }

# listening: wait (5 s at most) until B's receiver listens on PORT.
listening() {
	for _i in $(seq 50); do
		ip netns exec "$B" ss -tlnH | grep -q ":$PORT " && return
		sleep 0.1
	done
}

# gbps BYTES SECONDS
gbps() { echo "$1 $2" | awk '{ if ($2 > 0) printf "%.3f\n", $1 * 8 / $2 / 1e9; else print "0" }'; }

# iperf3_rate BYTES: kernel -> kernel, Gbit/s at the receiver.
iperf3_rate() {
	ip netns exec "$B" $ON_PEER iperf3 -s -1 -p $PORT >/dev/null 2>&1 &
	srv=$!
	listening
	ip netns exec "$A" $ON_US iperf3 -c 10.0.0.2 -p $PORT -n "$1" -J >"$T/iperf.json" 2>&1
	wait "$srv"
	python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print("%.3f" % (d["end"]["sum_received"]["bits_per_second"] / 1e9))' \
	    "$T/iperf.json" 2>/dev/null || echo 0
}

# The kernel's sender for the same-receiver reference: BYTES to
# 10.0.0.2:PORT from a 1 MB buffer, then close.
cat >"$T/send.py" <<'PY'
import socket, sys
port, size = int(sys.argv[1]), int(sys.argv[2])
block = memoryview(bytes(1 << 20))
s = socket.create_connection(("10.0.0.2", port), timeout=170)
left = size
while left > 0:
    k = min(left, len(block)); s.sendall(block[:k]); left -= k
s.close()
PY

# same_rate BYTES: kernel -> kernel into tcpx's own receiver, Gbit/s at
# the receiver (placed as the lab's peer and tcpx are).
same_rate() {
	rm -f "$T/same"
	ip netns exec "$B" $ON_PEER python3 "$RECV" $PORT "$T/same" &
	srv=$!
	listening
	ip netns exec "$A" $ON_US python3 "$T/send.py" $PORT "$1" >/dev/null 2>&1
	wait "$srv"
	if [ -s "$T/same" ] && [ "$(cut -d' ' -f1 "$T/same")" = "$1" ]; then
		reads_per_mb "$1" "$T/same" >>"$T/sreads"
		gbps "$1" "$(cut -d' ' -f2 "$T/same")"
	else
		echo 0
	fi
}

# tcpx_send_rate BYTES: tcpx's engine -> the lab's kernel, Gbit/s at the
# receiver; the session prints nothing per segment (set lines none).
tcpx_send_rate() {
	rm -f "$T/out"
	/usr/bin/time -f "%U %S" -o "$T/cpu" \
	    $ON_US timeout 170 "$TCPX" --lab -q -c "set lines none; \
	    lab sh '$(place_rps peer0); $ON_PEER python3 $RECV $PORT $T/out & \
	    for i in \$(seq 100); do ss -tlnH | grep -q :$PORT && exit 0; sleep 0.05; done; exit 1'; \
	    connect 10.0.0.2:$PORT; send --size $1; close; wait state TIME-WAIT 170; \
	    lab sh 'for i in \$(seq 100); do [ -s $T/out ] && exit 0; sleep 0.05; done; exit 1'" \
	    >"$T/tcpx.out" 2>&1
	if [ -s "$T/out" ] && [ "$(cut -d' ' -f1 "$T/out")" = "$1" ]; then
		# Its CPU seconds per GB, set-up included: the load does not
		# change it as it changes the rate.
		tail -n 1 "$T/cpu" | awk -v n="$1" '{ printf "%.2f\n", ($1 + $2) / n * 1e9 }' >>"$T/cpus"
		reads_per_mb "$1" "$T/out" >>"$T/treads"
		gbps "$1" "$(cut -d' ' -f2 "$T/out")"
	else
		sed 's/^/# tcpx: /' "$T/tcpx.out" >&2
		echo 0
	fi
}

# stats: min and median of the numbers on stdin.
stats() { sort -g | awk '{ v[NR] = $1 } END { printf "min %6.3f  median %6.3f", v[1], v[int((NR + 1) / 2)] }'; }

# bulk_send: the table for the send direction.
bulk_send() {
	echo "Bulk send over veth, Gbit/s at the kernel receiver ($BULK_REPS alternating repetitions)"
	echo "($PLACE_NOTE)"
	for n in $BULK_SIZES; do
		: >"$T/tx" ; : >"$T/ref"; : >"$T/cpus"; : >"$T/sames"
		: >"$T/treads"; : >"$T/sreads"
		for _r in $(seq "$BULK_REPS"); do
			tcpx_send_rate "$n" >>"$T/tx"
			iperf3_rate "$n" >>"$T/ref"
			same_rate "$n" >>"$T/sames"
		done
		printf "  %10d bytes  tcpx -> kernel: %s   iperf3 kernel -> kernel: %s   load %s\n" \
		    "$n" "$(stats <"$T/tx")" "$(stats <"$T/ref")" \
		    "$(cut -d' ' -f1-3 /proc/loadavg)"
		printf "  %10s        kernel -> the same receiver: %s\n" "" \
		    "$(stats <"$T/sames")"
		[ -s "$T/cpus" ] && printf "  %10s        tcpx CPU s/GB: %s\n" "" "$(stats <"$T/cpus")"
		[ -s "$T/treads" ] && [ -s "$T/sreads" ] &&
		    printf "  %10s        receiver's reads per MB: from tcpx %s; from the kernel %s\n" "" \
		    "$(stats <"$T/treads")" "$(stats <"$T/sreads")"
	done
}

case $dir in
send)	bulk_send ;;
*)	echo "usage: bulk.sh send" >&2; exit 2 ;;
esac
