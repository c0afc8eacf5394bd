#!/bin/sh
# tests/net/expect-listen.sh - `expect` on a listener: a listener has no
# sequence numbers of its own, so its segments are matched relative to
# the connection each belongs to (the one the SYN opened), and the SYN
# relative to its own seq, as packetdrill's scripts write them.  The
# lab's kernel connects to us, sends three bytes and closes; the kernel's
# side shows the connection it made (ss), and a pattern that does not
# match is reported in relative numbers too.
. "${top_srcdir:-.}/tests/lib.sh"
need_root
tmpdir T

cat >"$T/ok.tcpx" <<EOF2
listen 8080
lab exec bash -c "(exec 3<>/dev/tcp/10.0.0.1/8080; echo hi >&3; ss -tnH state established dst 10.0.0.1 >$T/ss; sleep 1) >/dev/null 2>&1 &"
expect S 0:0(0) within 5
expect out S. 0:0(0) ack 1
expect . 1:1(0) ack 1
expect P. 1:4(3) ack 1
wait accept 3
wait recv hi 3
lab sh 'sh $UNTIL 5 "[ -s $T/ss ]"'
EOF2
"$TCPX" --lab -q -f "$T/ok.tcpx" >"$T/ok.out" 2>&1
ok $? "the handshake and the data match relative numbers on a listener" ||
    sed 's/^/# /' "$T/ok.out"
grep -q 'accepted from 10\.0\.0\.2\.' "$T/ok.out"
ok $? "the connection was accepted"
grep -q '10\.0\.0\.2:[0-9]* *10\.0\.0\.1:8080' "$T/ss" 2>/dev/null
ok $? "the kernel's side: its connection to 10.0.0.1:8080 was established"

cat >"$T/bad.tcpx" <<EOF2
listen 8080
lab exec bash -c "(exec 3<>/dev/tcp/10.0.0.1/8080; sleep 10) >/dev/null 2>&1 &"
expect S 0:0(0) within 5
expect out S. 0:0(0) ack 1
expect . 1:1(0) ack 7 within 2
EOF2
"$TCPX" --lab -q -f "$T/bad.tcpx" >"$T/bad.out" 2>&1
[ $? -ne 0 ]
ok $? "an ACK that does not match fails the script"
grep -q 'expect: .*matched \. 1:1(0) ack 7; the last one: \. 1:1(0) ack 1 ' \
    "$T/bad.out"
ok $? "the failure shows the kernel's ACK in relative numbers" ||
    sed 's/^/# /' "$T/bad.out"
done_testing
