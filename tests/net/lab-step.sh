#!/bin/sh
# tests/net/lab-step.sh - step mode and faults against the lab's kernel:
# a handshake released one segment at a time (the peer's ss shows SYN-RECV
# until our final ACK goes), edits and drops of held segments, inbound
# stepping, and deterministic drop/dup/delay/reorder/corrupt faults.
. "$top_srcdir/tests/lib.sh"
need_root
tmpdir T

run() { name=$1; shift; timeout 90 "$TCPX" --lab -c "$*" >"$T/$name.out" 2>&1; echo $? >"$T/$name.rc"; }

# The handshake, one segment at a time, checked from the peer.
run hs 'step on; connect 10.0.0.2:7; held; step; wait state ESTABLISHED 3; \
lab exec ss -tanH state syn-recv; step; lab exec sleep 0.3; \
lab exec ss -tanH state established; step off; send hi; wait recv hi'
is "$(cat "$T/hs.rc")" 0 "stepping a handshake: the batch exits 0"
grep -q '^> #1 held: .*Flags \[S\]' "$T/hs.out"; ok $? "the SYN was held as #1"
grep -q '^> #2 held: .*Flags \[\.\], ack 1' "$T/hs.out"; ok $? "the final ACK was held as #2"
# Between the two ss runs: first SYN-RECV (header-less), then ESTABLISHED.
sed -n '/^> #2 held/,/^> .*Flags \[\.\], ack 1, win/p' "$T/hs.out" | grep -q '10.0.0.1\]:'
ok $? "the peer's ss listed the connection in SYN-RECV while our ACK was held"
sed -n '/^> [0-9:.]* IP .*Flags \[\.\], ack 1, win/,$p' "$T/hs.out" | grep -q '10.0.0.1\]:'
ok $? "after the ACK was released the peer's ss lists it ESTABLISHED"

# Drop the SYN: nothing reaches the peer, the engine retransmits it.
run dropsyn 'step on; connect 10.0.0.2:7; drop; held; step off; wait state ESTABLISHED 3'
is "$(cat "$T/dropsyn.rc")" 0 "a dropped SYN is retransmitted and the connection still opens"
grep -q '#1 dropped' "$T/dropsyn.out"; ok $? "drop said what it dropped"
grep -q 'retransmission timeout in SYN-SENT' "$T/dropsyn.out"; ok $? "the SYN's RTO fired"

# Edit the SYN's window: the kernel sees the edited value.
run edit 'step on; connect 10.0.0.2:7; edit 1 win=1234; step; step off; wait state ESTABLISHED 3'
is "$(cat "$T/edit.rc")" 0 "an edited SYN still opens the connection"
grep -q '^> [0-9:.]* IP .*Flags \[S\], .*win 1234,' "$T/edit.out"; ok $? "the SYN went out with the edited window 1234"
run editopt "step on; connect 10.0.0.2:7; edit 1 'options=<mss 536,nop,nop,sackOK>'; step; \
step off; wait state ESTABLISHED 3"
is "$(cat "$T/editopt.rc")" 0 "a SYN with edited options opens the connection"
grep -q '^> [0-9:.]* IP .*Flags \[S\], .*options \[mss 536,nop,nop,sackOK\], length 0' "$T/editopt.out"
ok $? "the SYN went out with only mss 536 and sackOK"
grep -q '^< .*Flags \[S\.\], .*options \[mss 1460,nop,nop,sackOK\]' "$T/editopt.out"
ok $? "the kernel's SYN-ACK dropped timestamps and window scaling too"
run badedit 'step on; connect 10.0.0.2:7; edit 1 window=3'
is "$(cat "$T/badedit.rc")" 2 "edit with an unknown field: exit 2"
grep -q 'bad field "window=3"' "$T/badedit.out"; ok $? "the bad field is named"

# Inbound stepping: the SYN-ACK waits for us; the engine stays in SYN-SENT.
run stepin 'step in on; connect 10.0.0.2:7; lab exec sleep 0.5; status'
grep -q '^< #1 held: .*Flags \[S\.\]' "$T/stepin.out"; ok $? "the SYN-ACK was held inbound as #1"
grep -q '^.c1 SYN-SENT' "$T/stepin.out"; ok $? "the engine stayed in SYN-SENT while it was held"
run stepin2 'step in on; connect 10.0.0.2:7; lab exec sleep 0.3; step 1; step in off; \
wait state ESTABLISHED 3'
is "$(cat "$T/stepin2.rc")" 0 "releasing the held SYN-ACK completes the handshake"

# Faults, seen from the peer: dup and reorder produce what the kernel counts.
run faults 'connect 10.0.0.2:7; fault dup 1; send one; wait recv one; \
fault reorder 1; send a; send b; wait recv ab 3; fault corrupt 1; send x; wait recv x 5; \
lab exec nstat -az TcpExtTCPOFOQueue TcpInCsumErrors TcpExtTCPDSACKRecv'
is "$(cat "$T/faults.rc")" 0 "dup, reorder and corrupt faults: the data still gets through"
grep -q 'fault: outbound segment seq [0-9]* duplicated' "$T/faults.out"; ok $? "dup reported"
grep -q 'held back until the next one has passed' "$T/faults.out"; ok $? "reorder reported"
awk '/TcpInCsumErrors/ {exit !($2 >= 1)}' "$T/faults.out"; ok $? "the kernel counted our corrupted segment as a checksum error"
run delay 'connect 10.0.0.2:7; fault delay 1 out 700ms; send slow; wait recv slow 5'
is "$(cat "$T/delay.rc")" 0 "a delayed segment: the data arrives"
grep -q 'delayed by 700 ms' "$T/delay.out"; ok $? "delay reported"
run events 'connect 10.0.0.2:7; fault drop 1; send x; wait event retransmission 3; \
wait recv x 3; wait event keepalive 1'
grep -q 'retransmission timeout in ESTABLISHED' "$T/events.out"; ok $? "wait event retransmission: the RTO fired"
grep -q 'wait: no keepalive event within the time limit' "$T/events.out"
ok $? "wait event keepalive: none came (keepalive is off), said so"
run badevent 'wait event explosion'
is "$(cat "$T/badevent.rc")" 2 "wait event with an unknown name: exit 2"
grep -q 'unknown event "explosion" (one of: state' "$T/badevent.out"; ok $? "the known names are listed"
run chatter 'connect [fd00::2]:7; sleep 1500ms'
timeout 60 "$TCPX" --lab --verbose -c 'connect [fd00::2]:7; sleep 1500ms' >"$T/verbose.out" 2>&1
ok $? "--verbose: exit 0"
[ "$(grep -c 'router solicitation\|multicast listener' "$T/chatter.out")" -eq 0 ]
ok $? "the kernel's router and MLD chatter is hidden by default"
grep -q 'neighbor advertisement, tgt is fd00::2' "$T/chatter.out"; ok $? "ND about the peer is still shown"
run badfault 'fault explode'
is "$(cat "$T/badfault.rc")" 2 "an unknown fault kind: exit 2"

done_testing
