#!/bin/sh
# tests/net/diagram.sh - tcpx -r FILE --diagram=text on the lab recordings
# of shipped examples (-w): the ladder shows both sides' states (ours from
# what we sent, the kernel's inferred), the history-SYN RST, TIME-WAIT and
# its end; two ladders are compared with golden files.
#
# What varies from run to run is normalised on both sides before comparing:
# the digits of the time column (become 9s), our ephemeral port (xxxxx), and
# the sequence numbers that the tracker's reasons cite ("seq N"; a SYN's
# is absolute, the others relative, all masked alike)
# (ladder_norm in tests/lib.sh); the padding before the right lifeline is
# widened to keep the columns.  Relative
# seq/ack numbers and TS-less options are the same every run.  --width 160
# keeps every reason on one line, so the digits cannot move a wrap.
. "${top_srcdir:-.}/tests/lib.sh"

need_root
[ -x "$TCPX" ] || skip_all "no tcpx binary at $TCPX"
tmpdir T
G="$top_srcdir/tests/golden"

# The ladders must not depend on how fast this machine answers: the
# scripts run after $LAB_PATIENT (tests/lib.sh), so the kernel does not
# retransmit what we are slow to acknowledge (a resend adds a row).
prelude=$LAB_PATIENT

# run NAME: record examples/NAME.tcpx (after the prelude) in the lab into
# $T/NAME.pcap.
run() {
	{ echo "$prelude"; cat "$top_srcdir/examples/$1.tcpx"; } >"$T/$1.tcpx"
	"$TCPX" --lab -q -f "$T/$1.tcpx" -w "$T/$1.pcap" >"$T/$1.out" 2>&1
	r=$?
	is $r 0 "examples/$1.tcpx runs in the lab with -w"
	[ $r -eq 0 ] || diag "$(tail -n 5 "$T/$1.out")"
}

run step-handshake
"$TCPX" -r "$T/step-handshake.pcap" --diagram=text >"$T/h.txt" 2>"$T/h.err"
is $? 0 "--diagram=text reads the recording"
grep -Eq '^ *0\.000000 +SYN-SENT \|---- S 0:0\(0\) win [0-9]+ <mss 1460,sackOK,TS,wscale 7> -+>\| LISTEN$' "$T/h.txt"
ok $? "our SYN: we are SYN-SENT, the kernel presumed LISTEN"
grep -Eq '^ *[0-9.]+ +\|<--- S\. 0:0\(0\) ack 1 win .*\| SYN-RECEIVED$' "$T/h.txt"
ok $? "the kernel's SYN,ACK: the kernel is SYN-RECEIVED"
grep -Eq '^ *[0-9.]+ +ESTABLISHED \|---- \. 1:1\(0\) ack 1 win .*>\| ESTABLISHED$' "$T/h.txt"
ok $? "our held ACK: both sides ESTABLISHED on the same row"
grep -Eq ' FIN-WAIT-1 \|---- F\. 1:1\(0\) ack 1 ' "$T/h.txt" &&
    grep -Eq ' TIME-WAIT \|---- \. 2:2\(0\) ack 2 .*\| CLOSED$' "$T/h.txt"
ok $? "our FIN and last ACK: FIN-WAIT-1, then TIME-WAIT; the kernel CLOSED"
grep -Eq '^ *60\.[0-9]+ +CLOSED : 2MSL timer expired' "$T/h.txt"
ok $? "TIME-WAIT drawn as a span that the 2MSL timer ends 60 s later"
[ -s "$T/h.err" ] && diag "$(cat "$T/h.err")"
"$TCPX" -r "$T/step-handshake.pcap" --diagram=text --width 60 >"$T/h60.txt"
awk 'length($0) > 60 { bad = 1 } END { exit bad }' "$T/h60.txt"
ok $? "--width 60: no line is longer"
timeout 10 "$TCPX" -r "$T/step-handshake.pcap" --diagram=text --width 20 \
    >"$T/h20.txt"
is $? 0 "--width 20: notes too narrow for their prefix still end"
"$TCPX" -r "$T/step-handshake.pcap" --diagram=text --unicode >"$T/hu.txt"
grep -q '├──── S 0:0(0)' "$T/hu.txt"
ok $? "--unicode draws with box characters"
"$TCPX" -r "$T/step-handshake.pcap" --diagram=text --time=absolute |
    grep -Eq '^[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{6} +SYN-SENT '
ok $? "--time=absolute: time of day"
"$TCPX" -r "$T/step-handshake.pcap" --diagram=text --time=delta |
    grep -Eq '^ *\+0\.000000 +SYN-SENT '
ok $? "--time=delta: since the row above"

# The kernel answers our FIN with its own FIN on the same segment when the
# echo daemon has closed by then, else with an ACK and the FIN after it
# (seen about once in twenty runs): either ladder is the kernel's truth.
"$TCPX" -r "$T/step-handshake.pcap" --diagram=text --width 160 |
    ladder_norm >"$T/h.got"
diff -u "$G/diagram-step-handshake.txt" "$T/h.got" >"$T/h.diff" ||
    diff -u "$G/diagram-step-handshake-split.txt" "$T/h.got" >/dev/null
r=$?
ok $r "step-handshake ladder matches tests/golden/diagram-step-handshake{,-split}.txt"
[ $r -ne 0 ] && diag "$(cat "$T/h.diff")"

run abort-linger
"$TCPX" -r "$T/abort-linger.pcap" --diagram=text --width 160 |
    ladder_norm >"$T/a.got"
diff -u "$G/diagram-abort-linger.txt" "$T/a.got" >"$T/a.diff"
ok $? "abort-linger ladder matches tests/golden/diagram-abort-linger.txt"
[ -s "$T/a.diff" ] && diag "$(cat "$T/a.diff")"

run history-syn-client
"$TCPX" -r "$T/history-syn-client.pcap" --diagram=text >"$T/s.txt"
grep -Eq '^ *[0-9.]+ +CLOSED \|---- R 1:1\(0\) win 0 -+>\| LISTEN$' "$T/s.txt"
ok $? "history SYN: our RST <SEQ=SEG.ACK>, the kernel back to LISTEN"
grep -q 'back to LISTEN after a' "$T/s.txt"
ok $? "the RST's reason is noted with its RFC clause"
"$TCPX" -r "$T/history-syn-client.pcap" --diagram=text --conv 2 >"$T/s2.txt"
head -n 1 "$T/s2.txt" | grep -q '^conversation 2: ' &&
    grep -Eq 'ESTABLISHED \|---- \. 1:1\(0\) ack 1 .*\| ESTABLISHED$' "$T/s2.txt" &&
    ! grep -q '^conversation 1' "$T/s2.txt"
ok $? "--conv 2: only the real connection, opened normally"

"$TCPX" -r "$T/history-syn-client.pcap" --diagram=text --conv 9 \
    >/dev/null 2>"$T/c9.err"
is $? 2 "--conv of a missing conversation: exit 2"
is "$(cat "$T/c9.err")" \
    "tcpx: $T/history-syn-client.pcap: no TCP conversation 9" \
    "--conv of a missing conversation: one line"
"$TCPX" -r "$T/history-syn-client.pcap" --diagram >/dev/null 2>"$T/d.err"
is $? 2 "--diagram (curses) without a terminal: exit 2"
is "$(cat "$T/d.err")" \
    "tcpx: --diagram needs a terminal; use --diagram=text for files and pipes" \
    "--diagram without a terminal says to use --diagram=text"

done_testing
