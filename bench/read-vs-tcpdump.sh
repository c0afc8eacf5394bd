#!/bin/sh
# bench/read-vs-tcpdump.sh - time `tcpx -r FILE` against `tcpdump -n -r FILE`
# on the same large capture in one run, and print both and their ratio.
#
# The capture is real kernel traffic between two private network namespaces
# (bulk TCP both ways, UDP, ICMP, ARP, IPv6), replicated with shifted time
# stamps until it holds BENCH_PACKETS packets (default 300000).  BENCH_RUNS
# (default 5) alternating runs of each, output to /dev/null (bench/alt.py):
# min and median, and the machine's load.
. "${top_srcdir:-.}/tests/lib.sh"

need_root
: "${TCPDUMP:=$(command -v tcpdump)}"
: "${BENCH_PACKETS:=300000}"
: "${BENCH_RUNS:=5}"
[ -n "$TCPDUMP" ] || skip_all "needs tcpdump"
[ -x "$TCPX" ] || skip_all "no tcpx binary at $TCPX"
peer="$top_srcdir/tests/net/readfile-peer.py"
tmpdir T
ns_pair A B

ip netns exec "$B" "$TCPDUMP" -n -U --immediate-mode -s 262144 -i b0 \
    -w "$T/seed.pcap" 2>"$T/tcpdump.err" &
cap=$!
for _i in $(seq 50); do
	grep -q "listening on" "$T/tcpdump.err" && break
	sleep 0.1
done
ip netns exec "$B" python3 "$peer" server 10.0.0.2 5001 2 >"$T/srv" &
srv=$!
for _i in $(seq 50); do grep -q ready "$T/srv" && break; sleep 0.1; done
ip netns exec "$A" python3 "$peer" client 10.0.0.2 5001 20000000
ip netns exec "$A" python3 "$peer" client 10.0.0.2 5001 2000000
wait "$srv"
ip netns exec "$B" python3 "$peer" server fd00::2 5002 1 >"$T/srv6" &
srv=$!
for _i in $(seq 50); do grep -q ready "$T/srv6" && break; sleep 0.1; done
ip netns exec "$A" python3 "$peer" client fd00::2 5002 5000000
wait "$srv"
ip netns exec "$A" ip neigh flush dev a0
ip netns exec "$A" python3 "$peer" udp 10.0.0.2 9 5 40003
ip netns exec "$A" python3 "$peer" ping 10.0.0.2 0 5
sleep 0.5
kill -INT "$cap"
wait "$cap"

python3 - "$T/seed.pcap" "$T/big.pcap" "$BENCH_PACKETS" <<'PY'
import struct, sys
d = open(sys.argv[1], "rb").read()
hdr, recs, off = d[:24], [], 24
while off + 16 <= len(d):
    incl = struct.unpack("<I", d[off + 8:off + 12])[0]
    recs.append(d[off:off + 16 + incl])
    off += 16 + incl
span = struct.unpack("<I", recs[-1][:4])[0] - struct.unpack("<I", recs[0][:4])[0] + 1
out, n, k = [hdr], 0, 0
while n < int(sys.argv[3]):
    for r in recs:
        sec = struct.unpack("<I", r[:4])[0] + k * span
        out.append(struct.pack("<I", sec) + r[4:])
        n += 1
    k += 1
open(sys.argv[2], "wb").write(b"".join(out))
PY

# Alternating rounds: tcpx, tcpdump with TZ=UTC (without it tcpdump stats
# /etc/localtime once per packet, which would flatter us), and tcpdump as a
# user runs it; min and median of each.
pkts=$("$TCPDUMP" -n -r "$T/big.pcap" 2>/dev/null | wc -l)
python3 "$top_srcdir/bench/alt.py" "$BENCH_RUNS" \
    "tcpx=TZ=UTC $TCPX -r $T/big.pcap" \
    "tcpdump=TZ=UTC $TCPDUMP -n -r $T/big.pcap" \
    "tcpdump-tz=$TCPDUMP -n -r $T/big.pcap" >"$T/alt" || exit 1
size=$(wc -c <"$T/big.pcap")
echo "capture: $pkts packets, $size bytes (real kernel traffic, replicated)"
awk -F '\t' -v runs="$BENCH_RUNS" '
	$1 == "load" { load = $2 " " $3 " " $4; cpus = $5; next }
	{ min[$1] = $2; med[$1] = $3 }
	END {
		printf "TZ=UTC tcpx -r:            min %.3f s  median %.3f s\n", min["tcpx"], med["tcpx"]
		printf "TZ=UTC tcpdump -n -r:      min %.3f s  median %.3f s\n", min["tcpdump"], med["tcpdump"]
		printf "tcpdump -n -r (local TZ):  min %.3f s  median %.3f s\n", min["tcpdump-tz"], med["tcpdump-tz"]
		printf "ratio tcpx/tcpdump (TZ=UTC): %.3f min, %.3f median (target <= 1.000; %d alternating runs each)\n",
		    min["tcpx"] / min["tcpdump"], med["tcpx"] / med["tcpdump"], runs
		printf "machine: %d CPUs, load %s\n", cpus, load
		printf "%.6f\n", min["tcpx"] / min["tcpdump"] > "/dev/stderr"
	}' "$T/alt" 2>"$T/ratio"
ratio=$(cat "$T/ratio")
# Same output as tcpdump, or the timing means nothing.
"$TCPX" -r "$T/big.pcap" | head -n 1000 >"$T/mine.txt"
"$TCPDUMP" -n -r "$T/big.pcap" 2>/dev/null | head -n 1000 |
    sed -E 's/(, length [0-9]+)[: ].*$/\1/' >"$T/theirs.txt"
cmp -s "$T/mine.txt" "$T/theirs.txt" ||
    echo "warning: tcpx and tcpdump disagree on the capture's first lines"
awk -v r="$ratio" 'BEGIN { exit !(r <= 1.0) }'
