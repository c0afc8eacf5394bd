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
# Best of BENCH_RUNS (default 3) runs each, output to /dev/null.  tshark
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
print(n)
PY

# measure CMD...: "SECONDS PEAK_KB" of one run, output discarded.
measure() {
	python3 - "$@" <<'PY'
import resource, subprocess, sys, time
t0 = time.monotonic()
subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
t = time.monotonic() - t0
print("%.6f %d" % (t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss))
PY
}
# best CMD...: the best time and the peak memory of that run.
best() {
	_best=
	for _i in $(seq "$BENCH_RUNS"); do
		_m=$(measure "$@")
		if [ -z "$_best" ] || awk -v a="${_m% *}" -v b="${_best% *}" \
		    'BEGIN { exit !(a < b) }'; then _best=$_m; fi
	done
	echo "$_best"
}

pkts=$("$TCPDUMP" -n -r "$T/big.pcap" 2>/dev/null | wc -l)
convs=$("$TCPX" -r "$T/big.pcap" --diagram=text | grep -c '^conversation ')
mine=$(best "$TCPX" -r "$T/big.pcap" --diagram=text)
theirs=$(best tshark -q -z flow,tcp,standard -r "$T/big.pcap")
echo "capture: $pkts packets, $convs TCP conversations, $(wc -c <"$T/big.pcap") bytes"
echo "tcpx -r --diagram=text:          ${mine% *} s, peak ${mine#* } KiB"
echo "tshark -q -z flow,tcp,standard:  ${theirs% *} s, peak ${theirs#* } KiB"
awk -v a="${mine% *}" -v b="${theirs% *}" -v m="${mine#* }" -v n="${theirs#* }" \
    'BEGIN { printf "time ratio tshark/tcpx: %.1fx (goal >= 5)\n", b / a;
	printf "memory ratio tcpx/tshark: %.3f (goal <= 0.100)\n", m / n }'
