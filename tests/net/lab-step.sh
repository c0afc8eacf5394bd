#!/bin/sh
# tests/net/lab-step.sh - step mode and faults against the lab's kernel:
# a handshake released one segment at a time (the peer's ss shows SYN-RECV
# until our final ACK goes), edits and drops of held segments, inbound
# stepping, and deterministic drop/dup/delay/reorder/corrupt faults.
# Each step waits for its event (the kernel's socket in ss, the held
# segment, the peer's router solicitation), not for a fixed time.
. "$top_srcdir/tests/lib.sh"
need_root
tmpdir T

run() { name=$1; shift; timeout 90 "$TCPX" --lab -c "$*" >"$T/$name.out" 2>&1; echo $? >"$T/$name.rc"; }

# The handshake, one segment at a time, checked from the peer.
run hs "step on; connect 10.0.0.2:7; held; step; wait state ESTABLISHED 3; \
lab exec ss -tanH state syn-recv; step; \
lab exec sh $UNTIL 10 'ss -tanH state established | grep -q 10.0.0.1'; \
lab exec ss -tanH state established; step off; send hi; wait recv hi"
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
run stepin 'step in on; connect 10.0.0.2:7; expect S. *:*(0) ack 1 within 5; status'
grep -q '^< #1 held: .*Flags \[S\.\]' "$T/stepin.out"; ok $? "the SYN-ACK was held inbound as #1"
grep -q '^.c1 SYN-SENT' "$T/stepin.out"; ok $? "the engine stayed in SYN-SENT while it was held"
run stepin2 'step in on; connect 10.0.0.2:7; expect S. *:*(0) ack 1 within 5; step 1; \
step in off; wait state ESTABLISHED 3'
is "$(cat "$T/stepin2.rc")" 0 "releasing the held SYN-ACK completes the handshake"

# Faults, seen from the peer: dup, reorder and corrupt produce what the
# kernel counts.  Nagle is off so that "b" goes while "a" is held back (with
# Nagle, "b" would wait for the ACK of "a" and nothing could overtake it).
run faults 'connect 10.0.0.2:7; fault dup 1; send one; wait recv one; \
set nagle off; fault reorder 1; send a; send b; wait recv ab 3; fault corrupt 1; send x; \
wait recv x 5; lab exec nstat -asz TcpExtTCPOFOQueue TcpInCsumErrors TcpExtTCPDSACKOldSent'
is "$(cat "$T/faults.rc")" 0 "dup, reorder and corrupt faults: the data still gets through"
grep -q 'fault: outbound segment seq [0-9]* duplicated' "$T/faults.out"; ok $? "dup reported"
ge "$(counter "$T/faults.out" TcpExtTCPDSACKOldSent)" 1 \
    "the kernel answered our duplicate with a D-SACK (TcpExtTCPDSACKOldSent)"
grep -q 'held back until the next one has passed' "$T/faults.out"; ok $? "reorder reported"
ge "$(counter "$T/faults.out" TcpExtTCPOFOQueue)" 1 \
    "the kernel queued the segment that overtook (TcpExtTCPOFOQueue)"
ge "$(counter "$T/faults.out" TcpInCsumErrors)" 1 \
    "the kernel counted our corrupted segment as a checksum error (TcpInCsumErrors)"
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
# The kernel's chatter: a router solicitation from the peer.  The one it
# sends by itself, a second after its link came up, may go before our
# capture has started (on a loaded machine the lab takes that long), so
# $T/rs.sh makes it send one now: it takes peer0 down and up (keeping its
# addresses) and waits until the kernel counts a solicitation more.  A
# connection and round trip with the peer after that have it reach us
# before the end; --verbose must show it, the default must not.
cat >"$T/rs.sh" <<'EOF'
rs() { nstat -asz Icmp6OutRouterSolicits | awk '$1 == "Icmp6OutRouterSolicits" { print $2 }'; }
before=$(rs)
sysctl -qw net.ipv6.conf.peer0.keep_addr_on_down=1 &&
    ip link set peer0 down && ip link set peer0 up || exit 1
B=$before sh "$1" 10 "[ \$(nstat -asz Icmp6OutRouterSolicits | awk '\$1 == \"Icmp6OutRouterSolicits\" { print \$2 }') -gt \$B ]"
EOF
chatter="lab exec sh $T/rs.sh $UNTIL; connect [fd00::2]:7; send x; wait recv x"
run chatter "$chatter"
is "$(cat "$T/chatter.rc")" 0 "the peer sent its router solicitation while we talked to it"
timeout 60 "$TCPX" --lab --verbose -c "$chatter" >"$T/verbose.out" 2>&1
ok $? "--verbose: exit 0"
grep -q 'router solicitation' "$T/verbose.out"
ok $? "--verbose shows the kernel's router solicitation"
# Its link coming up again also has it report its multicast groups (MLDv2,
# behind a Hop-by-Hop header, which a plain "icmp6" filter misses).
grep -q 'HBH ICMP6, multicast listener report v2' "$T/verbose.out"
ok $? "--verbose shows the kernel's multicast listener reports"
is "$(grep -c 'router solicitation\|multicast listener' "$T/chatter.out")" 0 \
    "the kernel's router and MLD chatter is hidden by default"
grep -q 'neighbor advertisement, tgt is fd00::2' "$T/chatter.out"; ok $? "ND about the peer is still shown"
run badfault 'fault explode'
is "$(cat "$T/badfault.rc")" 2 "an unknown fault kind: exit 2"

done_testing
