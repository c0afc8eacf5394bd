#!/bin/sh
# tests/pkt-junit.sh - tcpx --pkt's reports for CI and people, no root:
# --junit FILE is well-formed XML that validates against the JUnit schema
# CI servers read (tests/junit.xsd), with the counts, a testcase per script
# and the messages exactly as the text lines say them, escaped right for a
# script path and messages holding & < > " and non-ASCII (and a byte that
# is not UTF-8); --diagram=text draws each run, as TAP comments with --tap,
# with the failing row marked; bad options are named.
. "$top_srcdir/tests/lib.sh"
command -v xmllint >/dev/null || skip_all "needs xmllint (libxml2-utils)"
tmpdir T

D="$T/a&b<c>\"d é"
mkdir "$D" || { echo "Bail out! cannot make $D"; exit 1; }
cp "$top_srcdir/tests/pkt/handshake-passive.pkt" "$D/pass.pkt"
# The engine answers the SYN with SYN-ACK; the script wants RST.
cat >"$D/fail.pkt" <<'PKT'
`sysctl -q net.ipv4.tcp_sack=0 net.ipv4.tcp_timestamps=0`
0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3
+0 bind(3, ..., ...) = 0
+0 listen(3, 1) = 0
+0 < S 0:0(0) win 32792 <mss 1000,nop,wscale 7>
+0 > R. 0:0(0) ack 1
PKT
# An option tcpx does not have (zero-copy sends): skipped as a whole.
{ cat "$D/pass.pkt"; echo '+0 setsockopt(3, SOL_SOCKET, SO_ZEROCOPY, [1], 4) = 0'; } >"$D/skip.pkt"
# Passes with a line skipped (a sysctl tcpx has no setting for).
{ echo '`sysctl -q net.ipv4.tcp_frobnicate_é=1`'; cat "$D/pass.pkt"; } >"$D/lines.pkt"
# A name with a byte that is not UTF-8.
cp "$D/pass.pkt" "$D/bad$(printf '\377').pkt"

"$TCPX" --pkt "$D"/*.pkt --junit "$T/j.xml" >"$T/out" 2>"$T/err"
is "$?" 1 "a failing script: exit status 1"
xmllint --noout "$T/j.xml" 2>"$T/xerr"
ok $? "the report is well-formed XML"
[ -s "$T/xerr" ] && diag "$(cat "$T/xerr")"
xmllint --noout --schema "$top_srcdir/tests/junit.xsd" "$T/j.xml" 2>"$T/xerr"
ok $? "... and valid JUnit XML (tests/junit.xsd)"
[ -s "$T/xerr" ] && diag "$(grep -v validates "$T/xerr")"

x() { xmllint --xpath "$1" "$T/j.xml" 2>/dev/null; }
is "$(x 'string(/testsuites/@tests)') $(x 'string(/testsuites/@failures)') $(x 'string(/testsuites/@skipped)')" \
    "5 1 1" "testsuites: 5 tests, 1 failure, 1 skipped"
is "$(x 'string(//testsuite/@tests)') $(x 'string(//testsuite/@failures)') $(x 'string(//testsuite/@skipped)') $(x 'string(//testsuite/@errors)')" \
    "5 1 1 0" "testsuite: the same counts"
is "$(x 'count(//testcase)')" 5 "a testcase per script"
tail -n 1 "$T/out" | grep -q '^FAIL '; ok $? "the text summary is still printed"
is "$(grep -c '^3 passed, 1 failed, 1 skipped$' "$T/out")" 1 "... 3 passed, 1 failed, 1 skipped"

cls=$(printf '%s' "$D" | sed 's|^/*||; s|/|.|g')
is "$(x 'string(//testcase[@name="fail.pkt"]/@classname)')" "$cls" \
    "classname: the directory, & < > \" and é intact, dots for slashes"
want=$(grep '^FAIL ' "$T/out" | head -n 1 | sed 's/^FAIL //')
case $want in *'"> R. 0:0(0) ack 1"'*'<mss 1460,nop,wscale 7>'*) ok 0 "the failure quotes < > \" (${#want} bytes)" ;;
*) ok 1 "the failure quotes < > \": $want" ;; esac
is "$(x 'string(//testcase[@name="fail.pkt"]/failure/@message)')" "$want" \
    "failure message= is the FAIL line, escaped and read back"
is "$(x 'string(//testcase[@name="fail.pkt"]/failure)')" "$want" \
    "... and its text too"
wants=$(grep '^SKIP ' "$T/out" | sed 's/^SKIP //')
is "$(x 'string(//testcase[@name="skip.pkt"]/skipped/@message)')" "$wants" \
    "skipped message= is the SKIP line"
x 'string(//testcase[@name="lines.pkt"]/system-out)' >"$T/sysout"
grep -q "^$(printf '%s' "$D" | sed 's/[][\.*^$]/\\&/g')/lines.pkt:1: skipped: .*frobnicate_é" "$T/sysout"
ok $? "system-out lists the skipped line with its path, line and why"
is "$(x 'count(//testcase[@name="lines.pkt"]/failure | //testcase[@name="lines.pkt"]/skipped)')" 0 \
    "... and the script passed"
is "$(x 'count(//testcase[@name="bad�.pkt"])')" 1 \
    "a byte that is not UTF-8 is U+FFFD in the report"
is "$(x 'count(//testcase[@name="pass.pkt"]/*)')" 0 "a passing script: an empty testcase"

"$TCPX" --pkt "$D/pass.pkt" --junit "$T/nodir/j.xml" >"$T/out" 2>"$T/err"
is "$?" 2 "--junit into a missing directory: exit status 2"
grep -q "tcpx: --junit $T/nodir/j.xml: No such file or directory" "$T/err"
ok $? "... naming the file and why"

# --diagram=text: the ladder after each line; TAP comments with --tap.
"$TCPX" --pkt "$D/fail.pkt" "$D/pass.pkt" --diagram=text --width 90 --tap >"$T/out"
is "$?" 1 "--diagram=text --tap: exit status 1"
is "$(grep -cv '^ok \|^not ok \|^# \|^1\.\.2$' "$T/out")" 0 \
    "every diagram line is a TAP comment"
grep -q '^# 0\.000000              |<--- \[FAIL\] S\. 0:0(0) ack 1 win 65535' "$T/out"
ok $? "the failing row is marked [FAIL]"
grep -q '^#                       | FAIL line 6: expected "> R\. 0:0(0) ack 1", the' "$T/out"
ok $? "... with what was expected under it"
grep -q '^# 0\.100000  ESTABLISHED |---- \. 1:1(0) ack 1 win 257 -*>| ESTABLISHED$' "$T/out"
ok $? "the passing run's ladder, at script times"

"$TCPX" --pkt "$D/pass.pkt" --diagram=curses >/dev/null 2>"$T/err"
is "$?" 2 "--diagram=curses: exit status 2"
grep -q 'tcpx: --diagram=curses: only --diagram or --diagram=text' "$T/err"
ok $? "... naming it"
"$TCPX" --pkt "$D/pass.pkt" --width 90 >/dev/null 2>"$T/err"
is "$?" 2 "--width without --diagram: exit status 2"
"$TCPX" --pkt "$D/pass.pkt" --diagram </dev/null >/dev/null 2>"$T/err"
is "$?" 2 "--diagram (the view) without a terminal: exit status 2"
grep -q 'use --diagram=text' "$T/err"; ok $? "... suggesting --diagram=text"
done_testing
