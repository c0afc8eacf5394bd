#!/bin/sh
# tests/net/attack-5961.sh - the attack suite's blind attacks (issue 13,
# RFC 5961): on an established connection the attacker sends a RST in the
# window but not at RCV.NXT, a SYN, data whose ACK is older than SND.UNA -
# MAX.SND.WND and data acking what was never sent, two RSTs outside the
# window, then 30 RSTs in the window.  Seen from both sides: tcpx answers
# each of the first four and the first six of the 30 with a challenge ACK
# (10, its budget per 5 s, RFC 5961 §7), drops the other 24 with the
# limit's line and the two outside the window without a word sent; the
# attacker counts exactly 10 ACKs, each at RCV.NXT.  The connection stays
# ESTABLISHED, none of the blind data is taken, and a kernel client still
# connects.  (All of it is a burst of microseconds, well inside one 5 s
# budget window; the attacker's last segment is data whose ACK proves
# tcpx has processed everything before it.)
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/net/attack-lib.sh"
tmpdir T

out=$T/5961.txt
timeout 120 "$TCPX" --lab -c "set lines events; $PATIENT; listen 5000; \
lab exec sh -c '$ATTACKER conn 5000 61001 5961 >$T/5961.out 2>&1'; wait accept 10; recv; stat; \
$(legit after-5961)" >"$out" 2>&1
survived $? "$out" after-5961
grep -q '^challenge ACKs 10$' "$T/5961.out"
ok $? "the attacker saw 10 challenge ACKs"
grep -q '^challenge ACKs acking RCV.NXT 10$' "$T/5961.out"
ok $? "each acknowledged RCV.NXT (the attacker's next sequence number)"
grep -q '^other segments 0$' "$T/5961.out"
ok $? "and nothing else came back (no RST, no data)"
grep -q '^alive acked yes$' "$T/5961.out"
ok $? "data after the attack was acknowledged"
is "$(grep -c 'in window but not RCV.NXT 1 (RFC 5961 §3.2): challenge ACK sent' "$out")" 7 \
    "tcpx: 7 in-window RSTs drew a challenge ACK (RFC 5961 §3.2)"
is "$(grep -c 'SYN in a synchronized state (RFC 5961 §4.2): challenge ACK sent' "$out")" 1 \
    "tcpx: the SYN drew one (RFC 5961 §4.2)"
is "$(grep -c 'ACK older than SND.UNA - MAX.SND.WND: blind data injection? (RFC 5961 §5.2): challenge ACK sent' "$out")" 1 \
    "tcpx: the data with an old ACK drew one (RFC 5961 §5.2)"
is "$(grep -c 'ACK of data not yet sent (RFC 5961 §5.2): challenge ACK sent' "$out")" 1 \
    "tcpx: the data acking unsent data drew one (RFC 5961 §5.2)"
said=$(grep -c 'challenge ACK limit (10 per 5 s) reached, nothing sent (RFC 5961 §7)' "$out")
is "$((said + $(hushed "$out" challenge-ack-limit)))" 24 \
    "tcpx: the other 24 RSTs met the budget of 10 per 5 s (RFC 5961 §7)"
is "$said" 10 "tcpx: 10 of those lines print, a summary line counts the rest"
is "$(grep -c 'discarded seq [0-9]* ack 1: not acceptable: outside RCV.NXT 1 + RCV.WND' "$out")" 2 \
    "tcpx: the two RSTs outside the window were discarded"
grep -q '^c3 ESTABLISHED  10.0.0.1.5000 > 10.0.0.2.61001' "$out"
ok $? "the attacked connection is still ESTABLISHED"
grep -q 'RCV.NXT [0-9]* \[+10\]' "$out"
ok $? "it took 9 bytes of data (sync, alive) and none of the blind data"
grep -q '^= c3 @0: 9 bytes "syncalive"$' "$out"
ok $? "recv shows only the attacker's in-sequence data"
! grep -q EVIL "$out"
ok $? "the blind data never reached the stream"
done_testing
