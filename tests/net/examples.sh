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
	timeout 90 "$TCPX" --lab -f "$f" >"$T/$name.out" 2>&1
	rc=$?
	ok $rc "example $name runs to the end"
	# A failure keeps what the example printed, to read in the log.
	[ $rc -eq 0 ] || diag "exit $rc; the last lines:" "$(tail -n 25 "$T/$name.out")"
done
ge "$n" 8 "every shipped example was run ($n)"

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
done_testing
