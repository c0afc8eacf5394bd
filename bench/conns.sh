#!/bin/sh
# bench/conns.sh - connection scale (issue 14): the time a new connection
# takes with N already open, and memory per open connection, for tcpx's
# engine beside the kernel's, measured in the same run.
#
#   bench/conns.sh                   levels 1k, 10k, 50k, 100k; 2 rounds
#   bench/conns.sh --levels 1000,5000 --rounds 3 --probe 100
#   bench/conns.sh --perf FILE       also perf record tcpx in round 1
#
# Each round builds a fresh lab (tcpx --lab) twice, alternating:
# - tcpx: `set lines none`, `listen 5000`; kernel clients in the peer
#   namespace (bench/conns-peer.py, from ten source addresses added to
#   the peer's veth, its port range widened, since one address gives
#   ~28k ports and connect() slows as they fill; in several
#   processes of 15,000 sockets each, as ulimit -n cannot be raised
#   without CAP_SYS_RESOURCE) open connections to it and hold them; at 0
#   and at each level one of them times --probe connects made one after
#   the other (connect() returns when our SYN-ACK is in), and reads tcpx's
#   RSS: (RSS - RSS at 0) / connections held is its memory per
#   connection;
# - kernel: the same clients against a kernel listener in the peer
#   namespace (10.0.0.2:5001, SO_REUSEPORT listeners in as many
#   processes as the clients use); memory is the growth of the kernel's slab
#   caches for sockets (TCP, sock_inode_cache, dentry, filp, kmalloc-*)
#   per socket (a connection is two sockets there, client and server).
#   Slab figures are the whole machine's: other work on it adds noise.
# Prints min and median over the rounds, and the load average.  Root,
# python3.  Not part of make check (it times things).
set -u
: "${TCPX:=./tcpx}"
: "${top_srcdir:=$(dirname "$0")/..}"
HERE=$(cd "$top_srcdir/bench" && pwd)
if [ "$(id -u)" -eq 0 ] && [ -z "${CONNS_PRIVATE_NETNS:-}" ] &&
    command -v unshare >/dev/null; then
	CONNS_PRIVATE_NETNS=1 exec unshare --mount --propagation private \
	    /bin/sh "$0" "$@"
fi
if [ -n "${CONNS_PRIVATE_NETNS:-}" ]; then
	mkdir -p /run/netns &&
	    mount -t tmpfs -o mode=755 tcpx-conns-netns /run/netns ||
	    { echo "conns: cannot mount a private /run/netns"; exit 2; }
fi
levels=1000,10000,50000,100000 rounds=2 probe=100 perf=""
while [ $# -gt 0 ]; do
	case $1 in
	--levels) shift; levels=$1 ;;
	--rounds) shift; rounds=$1 ;;
	--probe) shift; probe=$1 ;;
	--perf) shift; perf=$1 ;;
	*) echo "usage: conns.sh [--levels N,N...] [--rounds R] [--probe K] [--perf FILE]" >&2; exit 2 ;;
	esac
	shift
done
[ "$(id -u)" -eq 0 ] || { echo "conns: needs root (the lab)"; exit 2; }
[ -x "$TCPX" ] || { echo "conns: no tcpx at $TCPX (set TCPX)"; exit 2; }
command -v python3 >/dev/null || { echo "conns: needs python3"; exit 2; }
TCPX=$(cd "$(dirname "$TCPX")" && pwd)/$(basename "$TCPX")

T=$(mktemp -d "${TMPDIR:-/tmp}/tcpx-conns.XXXXXX")
pid=""
cleanup() {
	exec 3>&- 2>/dev/null
	[ -n "$pid" ] && kill "$pid" 2>/dev/null
	[ -n "$pid" ] && wait "$pid" 2>/dev/null
	if [ -n "${CONNS_KEEP:-}" ]; then echo "conns: files kept in $T"; else rm -rf "$T"; fi
}
trap cleanup EXIT
trap 'exit 2' INT TERM
# Ten client addresses and the peer's whole port range: the kernel's
# connect() looks longer for a free port the fuller the range is (at 100k
# from five addresses of 28k ports each a connect took milliseconds, in
# the kernel's run as in ours).
srcs=10.0.0.10,10.0.0.11,10.0.0.12,10.0.0.13,10.0.0.14,10.0.0.15,10.0.0.16,10.0.0.17,10.0.0.18,10.0.0.19
addrs="sysctl -qw net.ipv4.ip_local_port_range=\"1024 65000\"; for i in 10 11 12 13 14 15 16 17 18 19; do ip addr add 10.0.0.\$i/24 dev peer0; done"

# One run: who (tcpx or kernel), round r; results in $T/who.r.json.
run() {
	who=$1 r=$2 out="$T/$1.$2.json"
	rm -f "$T/in"
	mkfifo "$T/in"
	"$TCPX" --lab -q <"$T/in" >"$T/out.$who.$r" 2>&1 &
	pid=$!
	exec 3>"$T/in"
	send() { printf '%s\n' "$@" >&3; }
	send 'set lines none' "lab sh '$addrs'"
	common="python3 $HERE/conns-peer.py --levels $levels --probe $probe --srcs $srcs --out $out"
	if [ "$who" = tcpx ]; then
		if [ -n "$perf" ] && [ "$r" -eq 1 ]; then
			perf record -q -F 499 -g -o "$perf" -p "$pid" >/dev/null 2>&1 &
		fi
		send 'listen 5000' \
		    "lab sh '$common --pid $pid --hold $T/go.$r >$T/peer.$who.$r.log 2>&1 &'"
	else
		send "lab sh 'python3 $HERE/conns-peer.py --serve 10.0.0.2:5001 >$T/serve.log 2>&1 &'" \
		    'sleep 1' \
		    "lab sh '$common --host 10.0.0.2 --port 5001 --slab >$T/peer.$who.$r.log 2>&1 &'"
	fi
	n=0
	while ! grep -q '"done"' "$out" 2>/dev/null; do
		sleep 1
		n=$((n + 1))
		if [ $n -gt 600 ] || ! kill -0 "$pid" 2>/dev/null; then
			echo "conns: $who round $r did not finish"
			tail -5 "$T/peer.$who.$r.log" "$T/out.$who.$r" 2>/dev/null
			break
		fi
	done
	# Read the counters with every connection still open: the peer
	# holds them until the command after it has run.
	[ "$who" = tcpx ] && send 'stat conns' "lab sh 'touch $T/go.$r'"
	send 'quit'
	exec 3>&-
	wait "$pid"
	pid=""
}

echo "conns: levels $levels, $rounds rounds, $probe probe connects per level; load: $(cut -d' ' -f1-3 /proc/loadavg)"
r=1
while [ $r -le "$rounds" ]; do
	run tcpx $r
	run kernel $r
	r=$((r + 1))
done
grep -h -E '^(engine|lookups|history):' "$T"/out.tcpx.* | tail -3 | sed 's/^/conns: tcpx /'
python3 - "$T" "$rounds" <<'PY'
import json, statistics, sys
d, rounds = sys.argv[1], int(sys.argv[2])
def load(who):
    res = {}
    for r in range(1, rounds + 1):
        try:
            for line in open(f"{d}/{who}.{r}.json"):
                x = json.loads(line)
                if "level" in x:
                    res.setdefault(x["level"], []).append(x)
        except OSError:
            pass
    return res
t, k = load("tcpx"), load("kernel")
def mm(xs, f):
    v = [f(x) for x in xs if f(x) is not None]
    if not v:
        return "      -      -"
    return f"{min(v):7.0f}{statistics.median(v):7.0f}"
print(f"{'open':>7} | {'tcpx new conn us':>14} {'tcpx B/conn':>14} | "
      f"{'kernel new conn us':>14} {'kernel B/socket':>14}")
print(f"{'':>7} | {'min    med':>14} {'min    med':>14} | "
      f"{'min    med':>14} {'min    med':>14}")
for n in sorted(set(t) | set(k)):
    tx, kx = t.get(n, []), k.get(n, [])
    bad = [x for x in tx + kx if not x["reached"]]
    note = "  (NOT reached: %s)" % ", ".join(
        f"{x['held']} held, {x['failed']} failed" for x in bad) if bad else ""
    print(f"{n:7d} | {mm(tx, lambda x: x['probe_med_us'])}"
          f"{mm(tx, lambda x: x['per_conn'] if n else None)} | "
          f"{mm(kx, lambda x: x['probe_med_us'])}"
          f"{mm(kx, lambda x: x['per_conn'] / 2 if n else None)}{note}")
print("(new conn: the median of the probe connects at that level; min and"
      " median over rounds)")
PY
echo "conns: load after: $(cut -d' ' -f1-3 /proc/loadavg)"
