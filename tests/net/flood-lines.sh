#!/bin/sh
# tests/net/flood-lines.sh - a flood of SYNs from forged addresses costs a
# bounded number of lines and diagram conversations: the listener's
# cookie lines print at most 10 a second, a line a second says how many
# more there were, and together they account for every cookie the
# counters saw; the diagram counts the flood's segments past 1000 new
# conversations a second instead of drawing them; a kernel client gets
# in after the flood, and the engine's state is intact.
. "$top_srcdir/tests/lib.sh"
need_root
tmpdir T

N=20000		# forged SYNs, 10,000 a second: two seconds of flood
"$TCPX" --lab -q -c "listen 5000; mark start;
    lab exec $TCPX -q -i peer0 -s 10.0.0.3 -c 'flood syn 10.0.0.1:5000 count=$N spoof=11.0.0.0/8 rate=10000';
    sleep 1.5; stat path;
    lab exec python3 -c 'import socket; s = socket.create_connection((\"10.0.0.1\", 5000), timeout=5); s.sendall(b\"after-flood\"); s.close()';
    wait recv after-flood 10; recv; sleep 1.1;
    measure ck count syn-cookie since start : cookies; report; conns" >"$T/out" 2>&1
rc=$?
is "$rc" 0 "the session ran through"

cookies=$(report_of "$T/out" cookies)
printed=$(grep -c 'c1: SYN from port [0-9]*: SYN queue full, SYN cookie sent' "$T/out")
held=$(sed -n 's/^\* c1: \([0-9]*\) more lines\{0,1\} like the last (syn-cookie) left out in [0-9.]* s (at most 10 a second of one kind; see stat)$/\1/p' "$T/out" |
    awk '{ n += $1 } END { print n + 0 }')
sums=$(grep -c '^\* c1: [0-9]* more lines\{0,1\} like the last (syn-cookie) left out' "$T/out")
diag "cookies $cookies, printed $printed, held $held in $sums summaries"
ge "$cookies" 1000 "the flood drew cookies (at least 1000 of $N; the rest filled the SYN queue or were lost)"
is "$((printed + held))" "$cookies" "every cookie is a printed line or counted in a summary"
ok "$([ "$printed" -le $((10 * (sums + 1))) ] && echo 0 || echo 1)" \
    "at most 10 cookie lines a second ($printed lines, $sums seconds summed up)"
ge "$sums" 1 "a summary says how many more there were"
left=$(sed -n 's/^lines: \([0-9]*\) left out, more than 10 of one kind in a second.*/\1/p' "$T/out")
ge "$left" "$held" "stat path counts the lines left out"

flood_left=$(sed -n 's/^diagram: [0-9]* things recorded (at most 500000), \([0-9]*\) segments left out (they began more than 1000 conversations a second)$/\1/p' "$T/out")
ge "${flood_left:-0}" 1 "the diagram left out segments of the flood's conversations"

grep -q '^= c[0-9]* @0: 11 bytes "after-flood"$' "$T/out"
ok $? "a kernel client got in after the flood and its data arrived"
grep -q 'LISTEN  *10\.0\.0\.1\.5000' "$T/out"
ok $? "the listener is still there"
done_testing
