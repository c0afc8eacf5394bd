#!/bin/sh
# tests/net/bulk-recv.sh - a bulk receive from the lab's kernel keeps
# tcpx's memory bounded (issue 14): a connection keeps only the last
# recv_keep bytes it received, so 200 MB grow the peak resident set by
# far less than the 160 MB that arrive between the two samples;
# `save PATH next`, asked before the data comes, writes all 200 MB with
# the sender's sha256, and `save PATH follow` after the data began writes
# what was kept and the rest; recv and save of a stream longer than the
# ring say which bytes are no longer kept, and save fails.
. "$top_srcdir/tests/lib.sh"
need_root
command -v python3 >/dev/null || skip_all "needs python3"
command -v sha256sum >/dev/null || skip_all "needs sha256sum"
tmpdir T

hwm() { awk '$1 == "VmHWM:" { print $2 }' "/proc/$1/status" 2>/dev/null; }

# The kernel's side: connect to tcpx on PORT, send SIZE bytes (1 MB of
# random bytes over and over) or the bytes of FILE, touch MARK once MARK_AT
# bytes are sent, half-close, read to EOF, then write "bytes sha256" to
# OUT (renamed into place: it appears whole).
cat >"$T/send.py" <<'PY'
import hashlib, os, socket, sys
port, what, out = int(sys.argv[1]), sys.argv[2], sys.argv[3]
mark_at = int(sys.argv[4]) if len(sys.argv) > 4 else -1
if what.isdigit():
    size, block = int(what), os.urandom(1 << 20)
else:
    block = open(what, "rb").read(); size = len(block)
s = socket.create_connection(("10.0.0.1", port), timeout=120)
h, sent = hashlib.sha256(), 0
while sent < size:
    b = memoryview(block)[:min(len(block), size - sent)]
    s.sendall(b); h.update(b); sent += len(b)
    if mark_at >= 0 and sent >= mark_at:
        open(sys.argv[5], "w").close(); mark_at = -1
s.shutdown(socket.SHUT_WR)
while s.recv(65536): pass
open(out + ".tmp", "w").write("%d %s\n" % (sent, h.hexdigest()))
os.rename(out + ".tmp", out)
PY

# 200 MB into `listen 5001 autoclose`, saved in full by `save ... next`.
# The peak RSS is sampled once 40 MB are sent and again once all 200 MB
# arrived (the sender saw our FIN); tcpx then waits for $T/sampled.  The
# old code kept every byte for recv and save: the peak grew by the 160 MB
# between the samples.  Now the ring (16 MB, full by the first sample),
# the frames kept for decode (bounded, full by then) and the diagram's
# record of ~170,000 segments (~0.2 MB a MB) grow it: 80 MB is twice that,
# half what the old code needs.  Under ASan freed memory waits in a
# quarantine: keep it small, or the peak grows with every frame freed.
ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}quarantine_size_mb=1 \
    "$TCPX" --lab -q -c "set lines none; listen 5001 autoclose; \
save $T/got.bin next; \
lab exec sh -c 'python3 $T/send.py 5001 209715200 $T/big.out 41943040 $T/mark40 >$T/big.err 2>&1 &'; \
wait accept 60; wait state CLOSED 300; lab exec sh $UNTIL 60 'test -e $T/sampled'" \
    >"$T/big.txt" 2>&1 &
pid=$!
wait_until 300 "test -e $T/mark40"; ok $? "the kernel sent 40 MB"
h1=$(hwm $pid)
wait_until 300 "test -e $T/big.out"; ok $? "the kernel sent 200 MB and saw our FIN"
h2=$(hwm $pid)
touch "$T/sampled"
wait $pid
is "$?" 0 "200 MB through our listener: the batch exits 0"
diag "peak RSS ${h1:-?} kB at 40 MB sent, ${h2:-?} kB at 200 MB"
[ -n "$h1" ] && [ -n "$h2" ] && [ $((h2 - h1)) -lt 81920 ]
ok $? "the peak grows by less than 80 MB while 160 MB more arrive"
is "$(wc -c <"$T/got.bin" 2>/dev/null | tr -d ' ') $(sha256sum <"$T/got.bin" | cut -d' ' -f1)" \
    "$(cat "$T/big.out")" "save PATH next: all 200 MB, with the sender's sha256"
grep -Eq "^\* saved 209715200 bytes received on c[0-9]+ to $T/got.bin\$" "$T/big.txt"
ok $? "save says how many bytes the file holds once the peer closed"
grep -Eq "^\* c[0-9]+: what it receives goes to $T/got.bin \(save next\)\$" "$T/big.txt"
ok $? "save next says which connection took it"
rm -f "$T/got.bin"

# save PATH follow, after the data began: what was kept, then the rest.
"$TCPX" --lab -q -c "set lines none; listen 5002 autoclose; \
lab exec sh -c 'python3 $T/send.py 5002 3145728 $T/mid.out >$T/mid.err 2>&1 &'; \
wait accept 60; wait event data 60; save $T/follow.bin follow; wait state CLOSED 120" \
    >"$T/mid.txt" 2>&1
is "$?" 0 "save PATH follow: exit 0"
wait_until 30 "test -e $T/mid.out"
is "$(wc -c <"$T/follow.bin" 2>/dev/null | tr -d ' ') $(sha256sum <"$T/follow.bin" | cut -d' ' -f1)" \
    "$(cat "$T/mid.out")" "save PATH follow: all 3 MB, with the sender's sha256"

# More than the ring: recv and save say what is no longer kept.
python3 -c 'import sys; sys.stdout.write("".join("%04d" % i for i in range(1250)))' >"$T/small.bin"
"$TCPX" --lab -q -c "set recv_keep 1000; show recv_keep; listen 5003; \
lab exec sh -c 'python3 $T/send.py 5003 $T/small.bin $T/small.out >$T/small.err 2>&1 &'; \
wait accept 60; wait state CLOSE-WAIT 60; recv; recv; save $T/part.bin" \
    >"$T/small.txt" 2>"$T/small.stderr"
is "$?" 1 "save of 5000 bytes with recv_keep 1000: exit 1"
grep -Eq '^  recv_keep +1000 ' "$T/small.txt"; ok $? "show recv_keep: 1000"
grep -Eq '^\* c[0-9]+: bytes @0 to @3999 are no longer kept \(recv_keep 1000 bytes keeps the last ones\)' "$T/small.txt"
ok $? "recv says which bytes it can no longer show"
grep -Eq '^= c[0-9]+ @4000: 100 bytes "10001001' "$T/small.txt"
ok $? "recv shows the kept bytes from their stream offset"
grep -Eq '^= c[0-9]+: nothing new \(5000 bytes received in all\)' "$T/small.txt"
ok $? "a second recv: nothing new, 5000 received in all"
grep -Eq "^tcpx: save: $T/part.bin: bytes @0 to @3999 received on c[0-9]+ are no longer kept \(recv_keep 1000 bytes keeps the last ones\): it holds the last 1000 of 5000 bytes" "$T/small.stderr"
ok $? "save says which bytes the file lacks" || diag "$(cat "$T/small.stderr")"
[ "$(tail -c 1000 "$T/small.bin" | sha256sum)" = "$(sha256sum <"$T/part.bin")" ]
ok $? "... and holds the last 1000 bytes"

# Bad values are refused with the range.
"$TCPX" --lab -q -c "set recv_keep lots" >"$T/bad.out" 2>&1
is "$?" 2 "set recv_keep lots: a usage error"
grep -q 'recv_keep is a number of bytes, 0-1073741824, not "lots"' "$T/bad.out"
ok $? "... that says the range"
"$TCPX" --lab -q -c "save $T/x.bin later" >"$T/bad2.out" 2>&1
grep -q 'save: unexpected "later": expected follow or next' "$T/bad2.out"
ok $? "save PATH later: says what it expected"
done_testing
