#!/bin/sh
# tests/net/lab-seqnum.sh - one numbering everywhere, against the lab's
# kernel: a fast retransmit's event line names the same sequence number as
# the packet line of the resend and the fault line of the drop, relative
# to our ISS by default (tcpdump without -S) and absolute, in all three,
# with `set abs_seq on` (tcpdump -S).  Ids are written c1, never words.
#
# The first data segment is dropped by `fault drop 1`; the kernel's
# duplicate ACKs (SACKs of the four that follow) make the fast retransmit.
# rto.min 5s keeps the retransmission timer from resending first on a busy
# machine.  Every wait is for the event itself.
. "$top_srcdir/tests/lib.sh"
need_root
tmpdir T

run() { name=$1; shift; timeout 90 "$TCPX" --lab -c "$*" >"$T/$name.out" 2>&1; echo $? >"$T/$name.rc"; }

# The number in the fast retransmit's event line, the start of the first
# outbound data segment printed after it (the resend) and the number in
# the fault line of the dropped segment.
event_seq() {
	sed -n 's/^\* [0-9:.]* c1: 3 duplicate ACKs: fast retransmit of \([0-9]*\) (RFC 5681 §3\.2)$/\1/p' "$1" | head -n 1
}
resend_seq() {
	sed -n '/fast retransmit of/,$p' "$1" |
	    sed -n 's/^> [0-9:.]* IP 10\.0\.0\.1\.[0-9]* > 10\.0\.0\.2\.7: Flags \[[.P]*\], seq \([0-9]*\):.*/\1/p' |
	    head -n 1
}
fault_seq() {
	sed -n 's/^\* fault: outbound segment seq \([0-9]*\) dropped (0 more)$/\1/p' "$1" | head -n 1
}

lose='set rto.min 5s; connect 10.0.0.2:7; fault drop 1; send --size 6000; wait event fast-retransmit 5'

run show 'show abs_seq'
grep -q '^  abs_seq  *off  ' "$T/show.out"; ok $? "abs_seq is off by default"

run rel "$lose"
is "$(cat "$T/rel.rc")" 0 "a lost segment is fast-retransmitted: the batch exits 0"
is "$(event_seq "$T/rel.out")" 1 \
    "relative: the event line says \"fast retransmit of 1\" (SND.UNA - ISS)"
is "$(resend_seq "$T/rel.out")" 1 \
    "relative: the resend's packet line after it starts at seq 1 too"
is "$(fault_seq "$T/rel.out")" 1 "relative: the fault line dropped seq 1"
grep -q '^> [0-9:.]* IP .*Flags \[S\], seq [0-9]*, win' "$T/rel.out"
ok $? "relative: the SYN itself prints its absolute ISN, as tcpdump does"

# A wait that gives up names the connection by its id.
run ids 'connect 10.0.0.2:7; wait recv nothing-will-echo-this 1'
grep -q 'not received within the time limit: got 0 bytes (c1 is ESTABLISHED)$' "$T/ids.out"
ok $? "a failed wait recv says (c1 is ESTABLISHED), not connection 1"

run abs "set abs_seq on; show abs_seq; $lose"
is "$(cat "$T/abs.rc")" 0 "with abs_seq on: the batch exits 0"
grep -q '^  abs_seq  *on  ' "$T/abs.out"; ok $? "show abs_seq says on"
iss=$(sed -n 's/^> [0-9:.]* IP .*Flags \[S\], seq \([0-9]*\), win.*/\1/p' "$T/abs.out" | head -n 1)
ge "$iss" 0 "absolute: our ISN from the SYN's packet line"
want=$(( (${iss:-0} + 1) % 4294967296 ))
is "$(event_seq "$T/abs.out")" "$want" \
    "absolute: the event line names ISS + 1 ($want)"
is "$(resend_seq "$T/abs.out")" "$want" \
    "absolute: the resend's packet line starts at ISS + 1 too"
is "$(fault_seq "$T/abs.out")" "$want" "absolute: so does the fault line"
sack=$(( (${iss:-0} + 1449) % 4294967296 ))
grep -q "^< [0-9:.]* IP .*Flags \[\.\], ack $want, .*sack 1 {$sack:" "$T/abs.out"
ok $? "absolute: the kernel's duplicate ACKs and their SACK blocks too"
all=$(( (${iss:-0} + 6001) % 4294967296 ))
grep -q "^< [0-9:.]* IP .*Flags \[\.\], ack $all, " "$T/abs.out"
ok $? "absolute: the kernel's ACK of all 6000 bytes says ack ISS + 6001"

done_testing
