#!/bin/sh
# tests/net/pkt-repl.sh - `pkt` in a real session (a lab batch): a script
# stepped line by line at the prompt runs on an engine of its own, so the
# session's engine sees nothing of it (no connection, nothing on the wire);
# the batch stops with status 1 at a failing script's line.
. "$top_srcdir/tests/lib.sh"
need_root
tmpdir T

S="$top_srcdir/tests/pkt/handshake-passive.pkt"
timeout 120 "$TCPX" --lab -q -c "pkt load $S; pkt step 5; pkt status; pkt run; \
pkt diagram width=90; conns; pkt close" </dev/null >"$T/out" 2>"$T/err"
is "$?" 0 "load, step, status, run, diagram, close: exit status 0"
[ -s "$T/err" ] && diag "$(cat "$T/err")"
grep -q "^pkt: $S: 9 statements; next line 4: \`sysctl" "$T/out"
ok $? "load says the count and the first line"
grep -q "^$S:8: +0 listen(3, 1) = 0$" "$T/out"
ok $? "step 5 prints the statements as their script lines"
grep -q "^pkt: $S: 5 of 9 statements run, at 0.000000; passed so far; next line 9: +0 < S 0:0(0)" "$T/out"
ok $? "status: where it is and the verdict so far"
grep -q '^  0\.000000 > S\. 0:0(0) ack 1 win 65535 <mss 1460,nop,wscale 7>$' "$T/out"
ok $? "what the engine sent, in the script's notation"
grep -q "^pkt: $S: passed (9 statements)$" "$T/out"
ok $? "run: the verdict"
grep -q '^0\.100000  ESTABLISHED |---- \. 1:1(0) ack 1 win 257 -*>| ESTABLISHED$' "$T/out"
ok $? "diagram: the run's ladder"
grep -q "ESTABLISHED 192\.0\.2" "$T/out"
is "$?" 1 "the session's engine has no connection of the script's"

printf '%s\n' '`sysctl -q net.ipv4.tcp_sack=0 net.ipv4.tcp_timestamps=0`' \
    '0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3' '+0 bind(3, ..., ...) = 0' \
    '+0 listen(3, 1) = 0' '+0 < S 0:0(0) win 32792 <mss 1000,nop,wscale 7>' \
    '+0 > R. 0:0(0) ack 1' '+0 accept(3, ..., ...) = 4' >"$T/fail.pkt"
timeout 120 "$TCPX" --lab -q -c "pkt load $T/fail.pkt; pkt run; echo not reached" \
    </dev/null >"$T/out" 2>"$T/err"
is "$?" 1 "a failing script: the batch stops with status 1"
grep -q "^pkt: FAIL $T/fail.pkt:6: expected \"> R\. 0:0(0) ack 1\", the engine sent \"> S\. 0:0(0) ack 1" "$T/out"
ok $? "... saying the line, what was expected and what was sent"
grep -q "not reached" "$T/out"
is "$?" 1 "... before the next command"
done_testing
