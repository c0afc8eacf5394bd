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

done_testing
