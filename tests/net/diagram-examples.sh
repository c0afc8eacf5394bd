#!/bin/sh
# tests/net/diagram-examples.sh - golden ladders (tcpx -r FILE
# --diagram=text) of shipped examples recorded in the lab with -w: the
# history-SYN RST (both conversations), keepalive declaring a silent peer
# dead, and a lost segment repaired by fast retransmit and by the RTO; plus
# checks of the lesson each ladder shows.
#
# What varies from run to run is normalised on both sides before comparing:
# the digits of the time column (become 9s: the lab's timings), our
# ephemeral port (xxxxx), and the sequence numbers that the tracker's
# reasons cite ("seq N": a SYN's is our random ISN, the others relative
# to it and masked alike); the
# padding before the right lifeline is widened to keep the columns.
# Everything else is the same every run and is compared as it is: relative
# seq/ack, flags, windows (the kernel's and ours), options (the ladder
# prints TS without its values), the [keepalive]/[retrans] marks, and the
# order of the rows (each script waits for every answer before its next
# step, and the losses are made deterministically by nftables counters).
# --width 160 keeps every reason on one line, so the digits cannot move a
# wrap.
. "${top_srcdir:-.}/tests/lib.sh"

need_root
[ -x "$TCPX" ] || skip_all "no tcpx binary at $TCPX"
command -v nft >/dev/null || skip_all "needs nft (the examples drop segments)"
tmpdir T
G="$top_srcdir/tests/golden"

# The ladders must not depend on how fast this machine answers: the
# scripts run after $LAB_PATIENT (tests/lib.sh), so the kernel does not
# retransmit what we are slow to acknowledge (a resend adds a row).
prelude=$LAB_PATIENT

# run NAME: record examples/NAME.tcpx (after the prelude) in the lab into
# $T/NAME.pcap, and draw its ladder into $T/NAME.txt (as is) and
# $T/NAME.got (normalised).
run() {
	{ echo "$prelude"; cat "$top_srcdir/examples/$1.tcpx"; } >"$T/$1.tcpx"
	timeout 60 "$TCPX" --lab -q -f "$T/$1.tcpx" \
	    -w "$T/$1.pcap" >"$T/$1.out" 2>&1
	r=$?
	is $r 0 "examples/$1.tcpx runs in the lab with -w"
	if [ $r -ne 0 ]; then diag "$(tail -n 5 "$T/$1.out")"; fi
	"$TCPX" -r "$T/$1.pcap" --diagram=text --width 160 >"$T/$1.txt" \
	    2>"$T/$1.err"
	is $? 0 "$1: --diagram=text reads the recording"
	ladder_norm <"$T/$1.txt" >"$T/$1.got"
}

# golden NAME: the normalised ladder is tests/golden/diagram-NAME.txt.
golden() {
	diff -u "$G/diagram-$1.txt" "$T/$1.got" >"$T/$1.diff"
	r=$?
	ok $r "$1 ladder matches tests/golden/diagram-$1.txt"
	if [ $r -ne 0 ]; then diag "$(cat "$T/$1.diff")"; fi
}

# rows CONV FILE: the arrow and note rows of conversation CONV of a ladder.
rows() {
	awk -v c="$1" '/^conversation / { n = $2 + 0; next }
	    n == c && !/^ +time / { print }' "$2"
}

# mingap PATTERN FILE: the smallest gap in time (first column) between two
# successive rows matching PATTERN, or "none".
mingap() {
	P="$1" awk '$0 ~ ENVIRON["P"] {
		t = $1 + 0
		if (n++ && (m == "" || t - l < m))
			m = t - l
		l = t
	} END { print (m == "" ? "none" : m) }' "$2"
}

# --- history-syn-client: an old duplicate SYN is reset, then the real one.
run history-syn-client
S="$T/history-syn-client.txt"
golden history-syn-client
is "$(grep -c '^conversation ' "$S")" 2 \
    "history SYN: two conversations, the stale SYN's and the real one's"
is "$(sed -n 's/^conversation 1: //p' "$S")" \
    "$(sed -n 's/^conversation 2: //p' "$S")" \
    "history SYN: both on the same 4-tuple (two incarnations)"
rows 1 "$S" | grep -Eq '^ *[0-9.]+ +\|<--- S\. 0:0\(0\) ack 1 .*\| SYN-RECEIVED$'
ok $? "history SYN: the kernel answered the stale SYN, SYN-RECEIVED"
rows 1 "$S" | grep -Eq '^ *[0-9.]+ +CLOSED \|---- R 1:1\(0\) win 0 -+>\| LISTEN$'
ok $? "history SYN: our RST <SEQ=SEG.ACK> closed it, the kernel back to LISTEN"
rows 2 "$S" | grep -Eq '^ *[0-9.]+ +ESTABLISHED \|---- \. 1:1\(0\) ack 1 .*>\| ESTABLISHED$'
ok $? "history SYN: the real SYN opened normally, both ESTABLISHED"
rows 2 "$S" | grep -Eq '\|<--- P\. 1:128\(127\) ack 19 '
ok $? "history SYN: the HTTP answer came over the real connection"

# --- keepalive: probes answered, then unanswered until the peer is dead.
run keepalive
K="$T/keepalive.txt"
golden keepalive
is "$(grep -c '|---- \[keepalive\] \. 5:5(0) ack 6 ' "$K")" 5 \
    "keepalive: five probes, each SEG.SEQ = SND.NXT - 1 with no data"
is "$(grep -c '|<--- \[keepalive ack\] \. 6:6(0) ack 6 ' "$K")" 2 \
    "keepalive: the kernel answered the two probes before it fell silent"
# The rows from the first probe on, as one letter each: p(robe), a(nswer),
# R(ST); the lesson is "papa", then three unanswered probes, then RST.
is "$(awk '/\[keepalive\]/ { printf "p" } /\[keepalive ack\]/ { printf "a" }
    /\|---- R / { printf "R" }' "$K")" "papapppR" \
    "keepalive: probe/answer twice, then 3 unanswered probes, then RST"
grep -Eq '^ *[0-9.]+ +CLOSED \|---- R 6:6\(0\) win 0 -+>\|' "$K"
ok $? "keepalive: our side CLOSED by the RST after the last probe"
g=$(mingap '\[keepalive\]|\|---- R ' "$K")
awk -v g="$g" 'BEGIN { exit !(g != "none" && g >= 0.9) }'
ok $? "keepalive: probes and RST keepalive.intvl (1 s) apart, never sooner ($g s)"
grep -q 'no answer to 3 probes, peer declared dead' "$T/keepalive.out"
ok $? "keepalive: the engine declared the peer dead after 3 probes"

# --- retransmit-loss: fast retransmit after 3 dup ACKs, then an RTO.
run retransmit-loss
L="$T/retransmit-loss.txt"
golden retransmit-loss
is "$(grep -c '|---- P\. 1449:2897(1448) ' "$L")" 1 \
    "loss: the segment 1449:2897 went out once on the wire (then dropped)"
is "$(grep -c '|---- \[retrans\] \. 1449:2897(1448) ' "$L")" 1 \
    "loss: ... and once more, marked [retrans]"
is "$(awk '/\|---- P\. 1449:2897/ { on = 1 }
    on && /\|<--- \. 1:1\(0\) ack 1449 / { n++ }
    /\[retrans\] \. 1449:2897/ { on = 0 } END { print n + 0 }' "$L")" 3 \
    "loss: three duplicate ACKs for 1449 between the loss and the resend"
awk '/ack 1449 / { d = NR } /\[retrans\] \. 1449:2897/ { exit !(NR == d + 1) }' "$L"
ok $? "loss: the resend follows the third duplicate ACK at once"
grep -q '3 duplicate ACKs: fast retransmit' "$T/retransmit-loss.out"
ok $? "loss: the engine called it a fast retransmit, not a timeout"
grep -Eq '\|<--- \. 1:1\(0\) ack 7241 ' "$L"
ok $? "loss: one ACK then covered all four segments"
is "$(grep -c '|---- \[retrans\] P\. 7241:7341(100) ' "$L")" 1 \
    "loss: the lone lost segment resent once, marked [retrans]"
g=$(mingap '\|---- (\[retrans\] )?P\. 7241:7341' "$L")
awk -v g="$g" 'BEGIN { exit !(g != "none" && g >= 0.99) }'
ok $? "loss: the lone segment waited for the RTO (rto.min 1 s, $g s)"
grep -q 'retransmission timeout in ESTABLISHED' "$T/retransmit-loss.out"
ok $? "loss: the engine called that one a retransmission timeout"

done_testing
