#!/bin/sh
# bench/diagram-vs-tshark.sh - the text sequence diagram of a large capture:
# `tcpx -r FILE --diagram=text` against `tshark -q -z flow,tcp,standard
# -r FILE` on the same file in one run; wall time and peak memory of each
# and their ratios.
#
# The capture is real kernel traffic between two private network
# namespaces (bulk TCP both ways over IPv4 and IPv6, short connections),
# replicated with shifted time stamps and ports until it holds
# BENCH_PACKETS packets (default 1000000), so it has many conversations.
# BENCH_RUNS (default 3) alternating runs of each, output to /dev/null:
# min and median time, peak memory, and the machine's load.  tshark
# is installed with apt-get when missing (as root, Debian's package).
. "${top_srcdir:-.}/tests/lib.sh"

need_root
: "${BENCH_PACKETS:=1000000}"
: "${BENCH_RUNS:=3}"
: "${TCPDUMP:=$(command -v tcpdump)}"
[ -x "$TCPX" ] || skip_all "no tcpx binary at $TCPX"
[ -n "$TCPDUMP" ] || skip_all "needs tcpdump"
if ! command -v tshark >/dev/null; then
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	    --no-install-recommends tshark >/dev/null 2>&1 ||
	    skip_all "needs tshark (apt-get install tshark failed)"
fi
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
ip netns exec "$B" python3 "$peer" server 10.0.0.2 5001 4 >"$T/srv" &
srv=$!
for _i in $(seq 50); do grep -q ready "$T/srv" && break; sleep 0.1; done
ip netns exec "$A" python3 "$peer" client 10.0.0.2 5001 5000000
for _n in 1 2 3; do
	ip netns exec "$A" python3 "$peer" client 10.0.0.2 5001 2000
done
wait "$srv"
ip netns exec "$B" python3 "$peer" server fd00::2 5002 1 >"$T/srv6" &
srv=$!
for _i in $(seq 50); do grep -q ready "$T/srv6" && break; sleep 0.1; done
ip netns exec "$A" python3 "$peer" client fd00::2 5002 2000000
wait "$srv"
sleep 0.5
kill -INT "$cap"
wait "$cap"

# Replicate: replica k is k spans later, its client ports shifted by k
# (checksums fixed), so each replica is a conversation of its own.
python3 - "$T/seed.pcap" "$T/big.pcap" "$BENCH_PACKETS" <<'PY'
import struct, sys
d = open(sys.argv[1], "rb").read()
hdr, recs, off = d[:24], [], 24
while off + 16 <= len(d):
    incl = struct.unpack("<I", d[off + 8:off + 12])[0]
    recs.append(bytearray(d[off:off + 16 + incl]))
    off += 16 + incl
def csum_adjust(c, old, new):
    # RFC 1624: HC' = ~(~HC + ~m + m')
    s = (~c & 0xffff) + (~old & 0xffff) + new
    s = (s & 0xffff) + (s >> 16)
    s = (s & 0xffff) + (s >> 16)
    return ~s & 0xffff
def tcp_at(r):
    eth = 16
    t = struct.unpack(">H", r[eth + 12:eth + 14])[0]
    if t == 0x0800 and r[eth + 14 + 9] == 6:
        return eth + 14 + (r[eth + 14] & 15) * 4
    if t == 0x86dd and r[eth + 14 + 6] == 6:
        return eth + 14 + 40
    return None
span = struct.unpack("<I", recs[-1][:4])[0] - struct.unpack("<I", recs[0][:4])[0] + 1
out, n, k = [hdr], 0, 0
while n < int(sys.argv[3]):
    for r in recs:
        r = bytearray(r)
        r[:4] = struct.pack("<I", struct.unpack("<I", r[:4])[0] + k * span)
        t = tcp_at(r)
        if t is not None and len(r) >= t + 18:
            sp, dp = struct.unpack(">HH", r[t:t + 4])
            i = t if sp > 10000 else t + 2     # the client's port
            old = struct.unpack(">H", r[i:i + 2])[0]
            new = 10001 + (old - 10001 + k) % 50000 if old > 10000 else old
            r[i:i + 2] = struct.pack(">H", new)
            c = struct.unpack(">H", r[t + 16:t + 18])[0]
            r[t + 16:t + 18] = struct.pack(">H", csum_adjust(c, old, new))
        out.append(bytes(r))
        n += 1
    k += 1
open(sys.argv[2], "wb").write(b"".join(out))
PY

# Alternating rounds (bench/alt.py): min and median time, peak memory.
pkts=$("$TCPDUMP" -n -r "$T/big.pcap" 2>/dev/null | wc -l)
convs=$("$TCPX" -r "$T/big.pcap" --diagram=text | grep -c '^conversation ')
python3 "$top_srcdir/bench/alt.py" "$BENCH_RUNS" \
    "tcpx=$TCPX -r $T/big.pcap --diagram=text" \
    "tshark=tshark -q -z flow,tcp,standard -r $T/big.pcap" >"$T/alt" || exit 1
echo "capture: $pkts packets, $convs TCP conversations, $(wc -c <"$T/big.pcap") bytes"
awk -F '\t' -v runs="$BENCH_RUNS" '
	$1 == "load" { load = $2 " " $3 " " $4; cpus = $5; next }
	{ min[$1] = $2; med[$1] = $3; peak[$1] = $4 }
	END {
		printf "tcpx -r --diagram=text:          min %.3f s  median %.3f s  peak %d KiB\n", min["tcpx"], med["tcpx"], peak["tcpx"]
		printf "tshark -q -z flow,tcp,standard:  min %.3f s  median %.3f s  peak %d KiB\n", min["tshark"], med["tshark"], peak["tshark"]
		printf "time ratio tshark/tcpx: %.1fx min, %.1fx median (goal >= 5; %d alternating runs each)\n",
		    min["tshark"] / min["tcpx"], med["tshark"] / med["tcpx"], runs
		printf "memory ratio tcpx/tshark: %.3f (goal <= 0.100)\n", peak["tcpx"] / peak["tshark"]
		printf "machine: %d CPUs, load %s\n", cpus, load
	}' "$T/alt"
