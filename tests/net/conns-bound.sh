#!/bin/sh
# tests/net/conns-bound.sh - finished connections do not pile up (issue
# 13 §3): the lab's kernel makes 1300 short connections to our listener
# (every 10th aborted with SO_LINGER 0, an RST), then `stat conns` shows
# the engine holding only the listeners and the last CLOSED ones (16), all
# the others freed; `conns all` lists the last 1000 freed with their final
# state and the states they passed, and says how many older ones were
# forgotten; `history` still works on a kept one, `recv` on the last one;
# `stat` of a freed one says it was freed.  Before the fix the engine
# kept every TCB and `conns all` listed all 1300 (nothing freed).
. "${top_srcdir:-.}/tests/lib.sh"

need_root
[ -x "$TCPX" ] || skip_all "no tcpx binary at $TCPX"
command -v python3 >/dev/null || skip_all "needs python3"
tmpdir T

N=1300
cat >"$T/cl.py" <<'PY'
import socket, struct, sys
n = int(sys.argv[1])
bad = 0
for i in range(n):
    try:
        s = socket.create_connection(("10.0.0.1", 5000), timeout=30)
        s.sendall(b"msg %d\n" % i)
        if i % 10 == 9:
            s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                         struct.pack("ii", 1, 0))
        s.close()
    except OSError as e:
        bad += 1
print("client: %d of %d failed" % (bad, n))
PY
# The last connection is c1302 (c1, c2: the listeners).
last=$((N + 2))
"$TCPX" --lab -q -c "set lines none; set time_wait 1s; listen 5000 autoclose;
    lab exec python3 $T/cl.py $N; sleep 2; stat conns; conns all;
    history c300; recv c$last; stat c290" \
    >"$T/out" 2>"$T/err"
r=$?
grep -q "^client: 0 of $N failed" "$T/out"
ok $? "the kernel made $N connections, none failed"
is $r 2 "the batch ends at its last command, stat of a freed connection (a usage error: 2)"

eng=$(sed -n 's/^engine: \([0-9]*\) connections.*/\1/p' "$T/out")
[ -n "$eng" ] && [ "$eng" -le 20 ]
ok $? "stat conns: the engine holds ${eng:-?} TCBs (at most 2 listeners, 16 CLOSED held, 2 about to go)"
freed=$(sed -n 's/^engine: .*made, \([0-9]*\) freed.*/\1/p' "$T/out")
ge "${freed:-x}" $((N - 18)) "stat conns: ${freed:-?} freed"
grep -q '^history: 16 CLOSED held whole (at most 16), 1000 freed kept (at most 1000), [0-9]* forgotten' "$T/out"
ok $? "stat conns: 16 held, 1000 kept"

kept=$(grep -c '^ c[0-9]* CLOSED 10\.0\.0\.1\.5000 > 10\.0\.0\.2\.[0-9]* freed (' "$T/out")
is "$kept" 1000 "conns all: the last 1000 freed, each with its 4-tuple"
forgot=$(sed -n 's/^  (\([0-9]*\) older freed connections forgotten: the last 1000 are kept)$/\1/p' "$T/out")
is "$forgot" $((N - 1000 - 16)) "conns all: says how many older ones were forgotten"
grep -q '^ c300 CLOSED .* freed (SYN-RECEIVED ESTABLISHED CLOSE-WAIT LAST-ACK CLOSED)$' "$T/out"
ok $? "conns all: a kept one's states, in order"
grep -q '^ c292 CLOSED .* freed (SYN-RECEIVED ESTABLISHED CLOSED)$' "$T/out"
ok $? "conns all: an aborted one ended by the kernel's RST"
closed=$(grep -c '^[ *]c[0-9]* CLOSED 10\.0\.0\.1\.5000 > 10\.0\.0\.2\.[0-9]* snd\.una' "$T/out")
[ "$closed" -le 18 ]
ok $? "conns all: $closed CLOSED ones still whole (the last to close)"

grep -q '^c300 10\.0\.0\.1\.5000 > 10\.0\.0\.2\.[0-9]* (freed): 5 states$' "$T/out"
ok $? "history of a freed, kept connection: its 4-tuple and states"
grep -q "^= c$last @0: 9 bytes \"msg $((N - 1))\\\\n\"" "$T/out"
ok $? "recv on the last connection still shows its data"
is "$(cat "$T/err")" "tcpx: stat: c290 was freed after it closed (history c290 shows its states)" \
    "stat of a freed connection says so in one line"
done_testing
