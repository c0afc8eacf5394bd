#!/bin/sh
# tests/net/step-order.sh - step mode as a packetdrill or scapy user reads
# it, in the lab: the diagram draws a held SYN that was released as the
# original and its dropped resend as the dropped resend; `step freeze`
# stops a timer that is already armed, which goes on with what was left;
# the hints name `step freeze`, resends piling up while held are explained
# once, and `step off` releases what it held, saying so.  Every wait is
# for an event (a state, a printed line), not for a time.
. "$top_srcdir/tests/lib.sh"
need_root
tmpdir T

run() { name=$1; shift; timeout 90 "$TCPX" --lab -c "$*" >"$T/$name.out" 2>&1; echo $? >"$T/$name.rc"; }

# The SYN held as #1, its resend (#2) dropped, #1 released.
run order 'step on; connect 10.0.0.2:7; wait event retransmission 5; drop 2; step 1; \
step off; wait state ESTABLISHED 5; diagram --text'
is "$(cat "$T/order.rc")" 0 "the handshake opens after the resend was dropped"
sed -n '/^conversation 1:/,$p' "$T/order.out" >"$T/order.dg"
grep -E '^ *[0-9.]+ +SYN-SENT \|---- S 0:0\(0\) win 65535 <[^|]*-+>\|' "$T/order.dg" >"$T/order.first"
is "$(wc -l <"$T/order.first")" 1 "the original SYN: solid, SYN-SENT, not marked"
awk '/\|---- / { print; exit }' "$T/order.dg" | grep -q 'SYN-SENT |---- S 0:0(0) win 65535'
ok $? "it is the first arrow, where the engine sent it"
grep -q '\[dropped #2\] \[retrans\] S 0:0(0)' "$T/order.dg"
ok $? "the dropped resend is drawn as the dropped resend"
awk '/\[dropped #2\]/ { getline; print; exit }' "$T/order.dg" | grep -q 'retransmission timeout in SYN-SENT'
ok $? "with the engine's reason under it"
grep -q '\[retrans\] S 0:0(0) win 65535 <[^|]*-->|' "$T/order.dg" && fail=1 || fail=0
is "$fail" 0 "no SYN that reached the peer is called a resend"

# Edited, the original is still the original.
run edited 'step on; connect 10.0.0.2:7; wait event retransmission 5; edit 1 win=1000; \
drop 2; step 1; step off; wait state ESTABLISHED 5; diagram --text'
grep -q 'SYN-SENT |---- \[edited\] S 0:0(0) win 1000 ' "$T/edited.out"
ok $? "an edited original: [edited], not [retrans]"

# step freeze on after the SYN's RTO is armed (and fired once): the timer
# stands still; it resumes, with what was left, when the freeze ends.  The
# sleep is the time under test (longer than the 2 s the RTO had left).
run freeze 'step on; connect 10.0.0.2:7; wait event retransmission 5; \
step freeze on; status; sleep 3; status; step freeze off; wait event retransmission 10'
is "$(cat "$T/freeze.rc")" 0 "after step freeze off the armed RTO fires again"
grep -o '\[retransmission [^]]*\]' "$T/freeze.out" >"$T/freeze.timers"
is "$(wc -l <"$T/freeze.timers")" 2 "status showed the RTO twice"
is "$(sed -n 1p "$T/freeze.timers")" "$(sed -n 2p "$T/freeze.timers")" \
    "frozen: the armed RTO had as much left 3 s later"
awk '/^\*c1 SYN-SENT/ { n++; next } n == 1' "$T/freeze.out" |
    grep -q 'retransmission #2' && fail=1 || fail=0
is "$fail" 0 "no second resend while frozen"
grep -q 'retransmission #2' "$T/freeze.out"; ok $? "the second resend came after the freeze"

# The hints: connect names step freeze; the first held resend is explained
# once; step off says what stays held.
run hints 'step on; connect 10.0.0.2:7; wait event retransmission 5; \
wait event retransmission 10; step off; held'
grep -q '^\* stepping: .*step freeze on stops it' "$T/hints.out"
ok $? "the stepping hint names step freeze"
is "$(grep -c 'is a resend: the engine.s retransmission timer keeps running while segments are held; `step freeze on`' "$T/hints.out")" 1 \
    "held resends are explained once, with how to stop them"
grep -q '^> #3 held: .*Flags \[S\]' "$T/hints.out"; ok $? "(a second resend was held)"
grep -q '^\* step off: new segments pass; 3 still held (#1 #2 #3) until `step` releases or `drop` discards them' "$T/hints.out"
ok $? "step off says what stays held and how to let it go"
grep -q '^3 held; stepping off' "$T/hints.out"; ok $? "held agrees"

done_testing
