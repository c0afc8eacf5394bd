#!/bin/sh
# tests/net/examples.sh - every shipped example script runs against the
# lab's kernel and exits 0, and the lessons they teach show in the output.
. "$top_srcdir/tests/lib.sh"
need_root
tmpdir T

n=0
for f in "$top_srcdir"/examples/*.tcpx; do
	[ -e "$f" ] || continue
	n=$((n + 1))
	name=$(basename "$f" .tcpx)
	# An example that needs the router says so on its first lines.
	lab=--lab
	head -n 3 "$f" | grep -q -- '--lab=router' && lab=--lab=router
	# $LAB_PATIENT first: the kernel never resends into an example on a
	# busy machine (a resent FIN, acknowledged again in TIME-WAIT, draws
	# an RST that ends TIME-WAIT early).
	{ echo "$LAB_PATIENT"; cat "$f"; } >"$T/$name.tcpx"
	timeout 90 "$TCPX" $lab -f "$T/$name.tcpx" >"$T/$name.out" 2>&1
	rc=$?
	ok $rc "example $name runs to the end"
	# A failure keeps what the example printed, to read in the log.
	[ $rc -eq 0 ] || diag "exit $rc; the last lines:" "$(tail -n 25 "$T/$name.out")"
done
ge "$n" 10 "every shipped example was run ($n)"

grep -q '^> #2 held: .*Flags \[R\], seq 1000001,' "$T/history-syn-client.out"
ok $? "history SYN (client): the stale SYN-ACK drew RST <SEQ=SEG.ACK>"
grep -q 'SYN-SENT -> ESTABLISHED' "$T/history-syn-client.out"
ok $? "history SYN (client): the real SYN then opened the connection"
grep -q '^< .* 10.0.0.2.[0-9]* > 10.0.0.1.8080: Flags \[R\]' "$T/history-syn-server.out"
ok $? "history SYN (server): the kernel reset our SYN-ACK for the old SYN"
is "$(grep -c 'accepted from 10.0.0.2' "$T/history-syn-server.out")" 1 \
    "history SYN (server): one connection accepted, the retransmitted SYN's"
grep -q 'FIN-WAIT-2 -> TIME-WAIT' "$T/half-close.out"
ok $? "half-close: the kernel closed its side after the echo"
grep -q 'ESTABLISHED -> CLOSED (user ABORT: RST sent' "$T/abort-linger.out"
ok $? "abort: CLOSED at once, no TIME-WAIT"
grep -q 'SYN-SENT -> SYN-RECEIVED (SYN received in SYN-SENT (simultaneous open)' "$T/simultaneous-open.out"
ok $? "simultaneous open: the SYNs crossed, SYN-SENT -> SYN-RECEIVED"
grep -q 'SYN-RECEIVED -> ESTABLISHED' "$T/simultaneous-open.out"
ok $? "simultaneous open: ESTABLISHED with nobody listening"
grep -q 'fault: dropped outbound fragment 2 of datagram' "$T/udp-fragments.out"
ok $? "udp fragments: the second fragment was lost"
grep -q 'ICMP time exceeded from 10.0.0.2' "$T/udp-fragments.out"
ok $? "udp fragments: the kernel gave up reassembling and said so"
grep -q 'path MTU 1500 -> 1400, segments 1448 -> 1348 bytes' "$T/pmtu.out"
ok $? "pmtu: the router's ICMP shrank our segments to 1348 bytes"
grep -q '^bytes_received:6000' "$T/pmtu.out"
ok $? "pmtu: the peer got all 6000 bytes"
done_testing
