#!/bin/sh
# tests/net/fault-hold.sh - against the lab's kernel: `fault hold` keeps
# exactly the next segment of one direction, numbered, while the resend
# after it passes, and `step` lets it go later (an old duplicate on
# demand); a command that arms a timer is woken for it even when nothing
# else happens (the RTO of data sent after a wait, not at the next
# command's deadline); `close at-eof` sends one FIN+ACK for the kernel's
# FIN; `measure tcb received` counts the bytes taken in.
. "$top_srcdir/tests/lib.sh"
need_root
tmpdir T

run() { name=$1; shift; timeout 60 "$TCPX" --lab -c "$*" >"$T/$name.out" 2>&1; echo $? >"$T/$name.rc"; }

# Outbound: our data held, our RTO resends it, the resend passes, and the
# held original goes when released: the kernel answers it as a duplicate.
run out "connect 10.0.0.2:9 timestamps=off; sleep 100ms; fault hold 1 out; \
mark sent; send old data; wait event retransmission 5; \
mark rto retransmission; measure gap between sent rto; \
expect in . 1:1(0) ack 9; held; step; expect in . 1:1(0) ack 9; held"
is "$(cat "$T/out.rc")" 0 "fault hold out: the batch exits 0"
grep -q '^> #1 held: .*Flags \[P\.\], seq 1:9,' "$T/out.out"
ok $? "the data segment was held as #1"
is "$(grep -c '^> [0-9:.]* IP .*Flags \[P\.\], seq 1:9,' "$T/out.out")" 2 \
    "the resend went, and the original when released: two on the wire"
grep -q '^1 held; stepping off' "$T/out.out"
ok $? "held listed it while it waited"
grep -q '^0 held; stepping off' "$T/out.out"
ok $? "and nothing once step let it go"
# The RTO (rto.min, 200 ms here) fires on time although the send ran after
# a wait, with nothing else due: before, the loop slept until the next
# command's deadline (5 s here) unless some frame of the lab's woke it.
# Up to 0.5 s late is allowed for a busy machine's scheduling.
g=$(sed -n 's/^measured gap: \([0-9.]*\) s$/\1/p' "$T/out.out")
awk -v g="${g:-9}" 'BEGIN { exit !(g >= 0.19 && g < 0.7) }'
ok $? "the RTO fired on time after a command armed it (${g:-none} s)"

# Inbound: the kernel's data held; its resend delivers it; the original
# released later is a duplicate the engine drops and acknowledges (by its
# sequence number: without timestamps PAWS does not drop it first).  The
# kernel's program writes when we touch its file, after the fault is armed.
runf() { name=$1; timeout 60 "$TCPX" --lab -f "$T/$name.tcpx" >"$T/$name.out" 2>&1; echo $? >"$T/$name.rc"; }
cat >"$T/in.tcpx" <<'EOF2'
set timestamps off
listen 6010
lab sh 'f=/tmp/tcpx-hold.$PPID; rm -f $f; bash -c "exec 3<>/dev/tcp/10.0.0.1/6010; while [ ! -e $f ]; do sleep 0.05; done; printf hello >&3; cat <&3 >/dev/null" >/dev/null 2>&1 &'
wait accept 5
fault hold 1 in
fault
measure r0 tcb received
lab sh 'touch /tmp/tcpx-hold.$PPID'
wait recv hello 5
measure r1 tcb received
measure got minus r1 r0
mark old
step
measure dup count discard since old
measure again count data since old
lab sh 'rm -f /tmp/tcpx-hold.$PPID'
close
wait state TIME-WAIT 5
EOF2
runf in
is "$(cat "$T/in.rc")" 0 "fault hold in: the script exits 0"
grep -q '^  hold the next 1 inbound segment$' "$T/in.out"
ok $? "fault lists the armed hold"
grep -q '^< #1 held: .*Flags \[P\.\], seq 1:6,' "$T/in.out"
ok $? "the kernel's data was held as #1"
grep -q '^measured got: 5$' "$T/in.out"
ok $? "its resend delivered the 5 bytes (tcb received)"
grep -q '^measured dup: 1$' "$T/in.out"
ok $? "the released original was dropped as a duplicate"
grep -q 'old duplicate: everything in it is below RCV.NXT 6, acknowledged again' "$T/in.out"
ok $? "and acknowledged (RFC 9293 §3.10.7.4)"
grep -q '^measured again: 0$' "$T/in.out"
ok $? "nothing was delivered twice"

# close at-eof: one segment, FIN with the ACK of the kernel's FIN.
cat >"$T/eof.tcpx" <<'EOF2'
listen 6011
lab sh 'f=/tmp/tcpx-eof.$PPID; rm -f $f; bash -c "exec 3<>/dev/tcp/10.0.0.1/6011; while [ ! -e $f ]; do sleep 0.05; done" >/dev/null 2>&1 &'
wait accept 5
close at-eof
lab sh 'touch /tmp/tcpx-eof.$PPID'
wait state CLOSED 5
lab sh 'rm -f /tmp/tcpx-eof.$PPID'
history
EOF2
runf eof
is "$(cat "$T/eof.rc")" 0 "close at-eof: the script exits 0"
grep -q 'will close as the peer.s FIN arrives (at-eof)' "$T/eof.out"
ok $? "close at-eof says what it will do"
is "$(grep -c '^> [0-9:.]* IP .*Flags \[F\.\], seq 1, ack 2,' "$T/eof.out")" 1 \
    "one FIN+ACK answers the kernel's FIN"
is "$(grep -c '^> [0-9:.]* IP 10.0.0.1.6011 > .*Flags \[\.\]' "$T/eof.out")" 0 \
    "and no bare ACK of ours at all"
grep -q 'CLOSE-WAIT -> LAST-ACK (user CLOSE at the end of the peer.s stream' "$T/eof.out"
ok $? "CLOSE-WAIT went to LAST-ACK in the same step"
run eofbad "connect 10.0.0.2:7; shutdown; close at-eof"
is "$(cat "$T/eofbad.rc")" 1 "close at-eof after shutdown fails"
grep -q 'close: connection closing' "$T/eofbad.out"
ok $? "saying the connection is closing"
done_testing
