#!/bin/sh
# tests/net/inject-tx.sh - the transmit thread (craft/inject-tx.c): small
# frames handed to it leave in the order queued, before a frame sent by
# itself afterwards, as the peer's capture shows; batches of fewer than 8
# frames or of large frames (data) are not handed to it, and keep their
# order too; a process that
# may run on one CPU starts no thread; frames the link refuses (its
# interface down) are each reported by inj_settle(); and in a live
# session a bulk receive uses the thread, with every byte acknowledged and
# nothing refused.  Needs root.
. "$top_srcdir/tests/lib.sh"
need_root
IOTOOL=$top_builddir/tests/net/iotool
[ -x "$IOTOOL" ] || skip_all "test driver not built"
command -v python3 >/dev/null || skip_all "needs python3"
TCPDUMP=${TCPDUMP:-$(command -v tcpdump)}
[ -n "$TCPDUMP" ] || skip_all "needs tcpdump"
tmpdir T

ns_new A
ns_new B
ip -n "$A" link add a0 type veth peer name b0 netns "$B"
ip -n "$A" link set a0 up
ip -n "$B" link set b0 up

# order FILE: the numbers of the batch frames in FILE in the order they
# came, one a line ("last" for the last one).
order() {
	"$TCPDUMP" -r "$1" -A 2>/dev/null |
	    grep -o 'tcpx-batch [0-9a-z]*' | sed 's/^tcpx-batch //'
}

# Small slots in a big ring: all 1001 frames fit in it however late
# tcpdump reads (with the default 256 kB snapshot, a slot each).
tcpdump_start tp "$B" b0 "$T/b.pcap" -s 128 -B 8192 ether proto 0x88b5
ok $? "tcpdump listens on the peer's veth"
r=$(ip netns exec "$A" "$IOTOOL" batch a0 1000 0 60 2>&1)
diag "$r"
threads=2
[ "$(nproc)" -ge 2 ] || threads=1
case $r in *"threads $threads"*) x=0 ;; *) x=1 ;; esac
ok $x "with $(nproc) CPUs, async flushes run $threads thread(s) in all"
case $r in *"refused 0: none"*) x=0 ;; *) x=1 ;; esac
ok $x "no frame refused"
[ "$threads" = 1 ] || { case $r in *"handed 0"*) x=1 ;; *"handed "[1-9]*) x=0 ;; *) x=1 ;; esac
ok $x "batches of 60-byte frames went from the thread"; }
tcpdump_stop "$tp" "$T/b.pcap" 'length 60' >/dev/null
grep -q '^0 packets dropped by kernel' "$T/b.pcap.err"
ok $? "tcpdump lost none of them"
_wait_quiet 10 '[ "$(order "$T/b.pcap" | tail -n 1)" = last ]'
order "$T/b.pcap" >"$T/got"
seq -f %06.0f 0 999 >"$T/want"
echo last >>"$T/want"
cmp -s "$T/got" "$T/want"
ok $? "the peer got all 1000 frames in the order queued, then the one sent by itself"
[ -s "$T/got" ] || diag "nothing captured"
diff "$T/want" "$T/got" | head -n 5 | while read -r l; do diag "$l"; done

# Fewer than 8 small frames: sent at once, not handed to the thread.
r=$(ip netns exec "$A" "$IOTOOL" batch a0 5 0 60 2>&1)
case $r in *"handed 0"*"refused 0: none"*) x=0 ;; *) x=1 ;; esac
ok $x "a batch of 5 frames is sent by the caller, not the thread"
diag "$r"

# Frames of 1000 bytes: not handed to the thread, and still in order.
tcpdump_start tp "$B" b0 "$T/c.pcap" -s 128 -B 8192 ether proto 0x88b5
ok $? "tcpdump listens again"
r=$(ip netns exec "$A" "$IOTOOL" batch a0 200 0 1000 2>&1)
diag "$r"
case $r in *"handed 0"*"refused 0: none"*) x=0 ;; *) x=1 ;; esac
ok $x "batches of 1000-byte frames are sent by the caller, not the thread"
tcpdump_stop "$tp" "$T/c.pcap" 'length 1000' >/dev/null
_wait_quiet 10 '[ "$(order "$T/c.pcap" | tail -n 1)" = last ]'
order "$T/c.pcap" >"$T/got"
{ seq -f %06.0f 0 199; echo last; } >"$T/want"
cmp -s "$T/got" "$T/want"
ok $? "the peer got all 200 in order, then the last"

if command -v taskset >/dev/null; then
	r=$(ip netns exec "$A" taskset -c 0 "$IOTOOL" batch a0 100 0 60 2>&1)
	case $r in *"threads 1"*"refused 0: none"*) x=0 ;; *) x=1 ;; esac
	ok $x "on one CPU (taskset -c 0) no thread starts and flushes send at once"
	diag "$r"
fi

r=$(ip netns exec "$A" "$IOTOOL" batch a0 100 1 60 2>&1)
diag "$r"
case $r in *"refused 100: inject: a0: sending 60 bytes: Network is down"*) x=0 ;;
*) x=1 ;; esac
ok $x "each of the 100 frames the thread could not send is reported, naming why"
case $r in *"last: inject: a0: sending 60 bytes: Network is down"*) x=0 ;;
*) x=1 ;; esac
ok $x "the frame sent by itself after them is refused too"
case $r in *"pending 0 after settling"*) x=0 ;; *) x=1 ;; esac
ok $x "nothing is pending once settled"

# A live session: 20 MB from the lab's kernel, the thread sending our ACKs.
[ -x "$TCPX" ] || skip_all "no tcpx binary at $TCPX"
cat >"$T/send.py" <<'PY'
import os, socket, sys
size, out = int(sys.argv[1]), sys.argv[2]
block, sent = memoryview(os.urandom(1 << 20)), 0
s = socket.create_connection(("10.0.0.1", 5001), timeout=120)
while sent < size:
    k = min(len(block), size - sent); s.sendall(block[:k]); sent += k
s.shutdown(socket.SHUT_WR)
while s.recv(65536): pass
open(out + ".tmp", "w").write("sent %d\n" % sent)
os.rename(out + ".tmp", out)
PY
cnt=$((20 * 1048576))
out=$("$TCPX" --lab -q -c "set lines none; listen 5001 autoclose; \
lab exec sh -c '(python3 $T/send.py $cnt $T/peer.out) >$T/peer.err 2>&1 &'; \
wait accept 30; lab sh 'grep Threads: /proc/\$PPID/status'; \
wait state CLOSED 120; lab exec sh $UNTIL 60 'test -e $T/peer.out'; stat path" 2>&1)
diag "$(printf '%s\n' "$out" | tail -n 8)"
is "$(cat "$T/peer.out" 2>/dev/null)" "sent $cnt" \
    "the lab's kernel sent 20 MB and saw our FIN after them"
if [ "$(nproc)" -ge 2 ]; then
	case $out in *"Threads:	2"*) x=0 ;; *) x=1 ;; esac
	ok $x "the session sent from its transmit thread"
fi
st=$(printf '%s\n' "$out" | grep '^inject: ')
case $st in *" system calls, 0 refused; transmit thread: "*) x=0 ;; *) x=1 ;; esac
[ "$(nproc)" -lt 2 ] || case $st in *"transmit thread: running, "*) ;; *) x=1 ;; esac
ok $x "stat path: the link refused nothing, the thread runs"
diag "$st"
printf '%s\n' "$out" | grep -q 'inject: tcpx0: sending'
ok $((!$?)) "no refusal was reported"
done_testing
