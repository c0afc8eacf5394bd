#!/bin/sh
# tests/net/lessons.sh - the lessons answer their questions with numbers
# measured against the lab's kernel: each runs through (--auto) and its
# report states the facts it teaches (four segments to close, the kernel's
# 60 s TIME-WAIT, MSS versus MTU through the router); `lesson` lists them;
# at the prompt a lesson stops at its pauses until an empty line, lets
# commands run meanwhile, and `lesson stop` ends it.
. "$top_srcdir/tests/lib.sh"
need_root
command -v tmux >/dev/null || skip_all "needs tmux"
tmpdir T

"$TCPX" --lab -c 'lesson' >"$T/list.out" 2>&1
ok $? "lesson lists the lessons"
for l in teardown time-wait mss-mtu isn handshake keepalive linger-rst \
    retransmission why-three four-tuple; do
	grep -q "^  $l  *.*?" "$T/list.out"
	ok $? "the list has $l with its question"
done

"$TCPX" --lab --lesson teardown --auto >"$T/teardown.out" 2>&1
ran_through $? teardown "$T/teardown.out"
is "$(report_of "$T/teardown.out" 'segments we sent to close (FIN, ACK)')" 2 \
    "teardown: we sent 2 segments to close (the kernel's nstat)"
is "$(report_of "$T/teardown.out" 'segments the kernel sent (ACK, FIN)')" 2 \
    "teardown: the kernel sent 2 (its nstat): four in all"
grep -q '10.0.0.2:[0-9]* *10.0.0.1:6001' "$T/teardown.out"
ok $? "teardown: the kernel's ss shows its CLOSE-WAIT"
is "$(report_of "$T/teardown.out" 'bytes we received after our FIN (in FIN-WAIT-2)')" 3893 \
    "teardown: half-close: the kernel's seq 1000 (3893 bytes) came after our FIN"
# Every data line of the half-closed connection comes after its FIN-WAIT-2
# and before its TIME-WAIT: we received it in FIN-WAIT-2.
awk '/user shutdown/ { s = 1 } s == 1 && /FIN-WAIT-1 -> FIN-WAIT-2/ { s = 2 }
    /^= c[0-9]+: [0-9]+ bytes/ { if (s == 1) bad = 1; if (s == 2) n++ }
    s == 2 && /FIN-WAIT-2 -> TIME-WAIT/ { s = 3 }
    END { exit !(s == 3 && n > 0 && !bad) }' "$T/teardown.out"
ok $? "teardown: half-close: that data came while we were in FIN-WAIT-2"
is "$(report_of "$T/teardown.out" 'kernel sockets in CLOSE-WAIT meanwhile')" 1 \
    "teardown: half-close: the kernel sent it from CLOSE-WAIT (its ss)"
is "$(report_of "$T/teardown.out" 'segments we sent to close, our FIN on our ACK')" 1 \
    "teardown: our FIN rode on our ACK: one segment (the kernel's nstat)"
is "$(report_of "$T/teardown.out" 'segments the kernel sent, closing first (FIN, ACK)')" 2 \
    "teardown: the kernel sent FIN and ACK: three segments in all"
is "$(report_of "$T/teardown.out" 'kernel sockets in TIME-WAIT after that one segment')" 1 \
    "teardown: one segment took the kernel from FIN-WAIT-1 to TIME-WAIT"
grep -q 'CLOSE-WAIT -> LAST-ACK (user CLOSE at the end of the peer.s stream' \
    "$T/teardown.out"
ok $? "teardown: close at-eof closed as the kernel's FIN came"
# Both transitions happen in one engine step; only their printing can lag.
cw=$(awk '$2 == "CLOSE-WAIT" && $4 == "s" { v = $3 } END { print v }' \
    "$T/teardown.out")
awk -v t="${cw:-9}" 'BEGIN { exit !(t < 0.1) }'
ok $? "teardown: our CLOSE-WAIT lasted no time in history (${cw:-none} s)"

"$TCPX" --lab=router --lesson mss-mtu --auto >"$T/mss.out" 2>&1
ran_through $? mss-mtu "$T/mss.out"
is "$(report_of "$T/mss.out" 'our segment size before')" 1448 \
    "mss-mtu: 1448-byte segments (MSS 1460 less the timestamps)"
is "$(report_of "$T/mss.out" 'the path MTU we learnt')" 1400 \
    "mss-mtu: the router's ICMP taught a path MTU of 1400"
is "$(report_of "$T/mss.out" 'our segment size after')" 1348 \
    "mss-mtu: then 1348-byte segments"
is "$(report_of "$T/mss.out" 'datagrams the kernel lost to one missing fragment')" 1 \
    "mss-mtu: one lost fragment lost the datagram (IpReasmTimeout)"
"$TCPX" --lab --lesson mss-mtu --auto >"$T/norouter.out" 2>&1
r=$?
ok $((r == 0)) "mss-mtu without the router fails ($r)"
grep -q 'lesson: mss-mtu needs the lab.s router: start tcpx with --lab=router' \
    "$T/norouter.out"
ok $? "saying how to start it"

"$TCPX" --lab --lesson time-wait --auto >"$T/tw.out" 2>&1
ran_through $? time-wait "$T/tw.out"
tw=$(report_of "$T/tw.out" 'TIME-WAIT on the kernel, s (watched every 0.1 s)')
awk -v t="${tw:-0}" 'BEGIN { exit !(t >= 59 && t <= 65) }'
ok $? "time-wait: the kernel kept TIME-WAIT about 60 s ($tw s)"
grep -q 'timer:(timewait,' "$T/tw.out"
ok $? "time-wait: its timer shown counting down"
is "$(report_of "$T/tw.out" 'times the kernel resent its FIN')" 1 \
    "time-wait: our last ACK lost, the kernel resent its FIN once"
is "$(report_of "$T/tw.out" 'of them, tail loss probes')" 1 \
    "time-wait: as a tail loss probe (TcpExtTCPLossProbes)"
w=$(report_of "$T/tw.out" "the kernel's wait before resending")
awk -v t="${w:-0}" 'BEGIN { exit !(t >= 0.19 && t < 1.5) }'
ok $? "time-wait: it waited its 200 ms at least, less a tick ($w s)"
a=$(report_of "$T/tw.out" 'our TIME-WAIT after the resent FIN')
awk -v t="${a:-0}" 'BEGIN { exit !(t >= 4.99 && t <= 5.5) }'
ok $? "time-wait: our TIME-WAIT ran its 5 s again from the resent FIN ($a s)"
h=$(report_of "$T/tw.out" 'our whole TIME-WAIT')
awk -v h="${h:-0}" -v w="${w:-0}" -v a="${a:-0}" \
    'BEGIN { d = h - w - a; exit !(h >= 5.18 && d <= 0.02 && d >= -0.02) }'
ok $? "time-wait: so the whole of it was 5 s plus the kernel's wait ($h s)"
is "$(report_of "$T/tw.out" 'resets, either way')" 0 \
    "time-wait: no reset: the resent FIN found our TIME-WAIT"
is "$(report_of "$T/tw.out" 'kernel sockets left for it')" 0 \
    "time-wait: and the kernel closed normally"
is "$(report_of "$T/tw.out" 'old segments TIME-WAIT dropped, with an ACK')" 1 \
    "time-wait: the old segment was dropped in TIME-WAIT"
grep -q 'old duplicate: everything in it is below RCV.NXT 7, acknowledged again' \
    "$T/tw.out"
ok $? "time-wait: as an old duplicate, acknowledged (RFC 9293 §3.10.7.4)"
is "$(report_of "$T/tw.out" 'times data of it was delivered')" 0 \
    "time-wait: nothing of it was delivered"
is "$(report_of "$T/tw.out" 'resets that ended our TIME-WAIT')" 1 \
    "time-wait: the kernel's reset to that ACK ended TIME-WAIT (RFC 1337)"
e=$(report_of "$T/tw.out" 'TIME-WAIT left after the old segment')
awk -v t="${e:-9}" 'BEGIN { exit !(t < 1) }'
ok $? "time-wait: at once, not 5 s later ($e s)"
grep -q 'net.ipv4.tcp_rfc1337 = 0' "$T/tw.out"
ok $? "time-wait: Linux's tcp_rfc1337 shown off"
grep -q '10\.0\.0\.1\]*:40009' "$T/tw.out"
ok $? "time-wait: the kernel's new connection on the same four (its ss)"
is "$(report_of "$T/tw.out" 'bytes of the old segment the new connection took')" 0 \
    "time-wait: without TIME-WAIT the new connection took none of the old data"
is "$(report_of "$T/tw.out" 'challenge ACKs the kernel sent instead')" 1 \
    "time-wait: Linux answered it with a challenge ACK (RFC 5961 §5.2)"
# The two connections are at least our RTO (200 ms) apart: the kernel's
# 64 ns clock moved its ISN by 3125000 or more, far beyond any window.
m=$(report_of "$T/tw.out" "how far the kernel's ISN moved between the two")
awk -v m="${m:-0}" 'BEGIN { exit !(m >= 3000000 && m < 2147483648) }'
ok $? "time-wait: because the kernel's ISN had moved on by its clock ($m)"

"$TCPX" --lab --lesson isn --auto >"$T/isn.out" 2>&1
ran_through $? isn "$T/isn.out"
r=$(report_of "$T/isn.out" 'our ISN clock, ticks per second')
awk -v r="${r:-0}" 'BEGIN { exit !(r >= 200000 && r <= 300000) }'
ok $? "isn: our ISNs moved by the 4 µs clock alone, 250000/s ($r)"
k=$(report_of "$T/isn.out" "the kernel's ISN clock, ticks per second")
awk -v r="${k:-0}" 'BEGIN { exit !(r >= 12500000 && r <= 18750000) }'
ok $? "isn: the kernel's by its 64 ns clock, 15625000/s ($k)"
# isn_val LABEL: the value of a report line, sign and all ("none" when the
# line is missing); report_of takes unsigned numbers only.
isn_val() {
	grep -F "  $1 " "$T/isn.out" | head -n 1 |
	    awk -v l="  $1 " '{ print substr($0, length(l) + 1) + 0; f = 1 }
	    END { if (!f) print "none" }'
}
# Two ports' ISNs at the same moment differ by the hash part, and that
# difference stays put while the clock runs: from the first round to the
# last (2.5 s) it moves by less than a quarter of a second's ticks, only by
# how the milliseconds between the two connections changed (40 ms at most,
# seen with both cores of a small machine kept busy).  How large it is
# depends on the keys (ours per session, the kernel's per boot), so it is
# shown, not asserted: a keyed hash comes near zero once in a while.
for side in "our ISNs:that difference:$r" \
    "the kernel's ISNs:the kernel's difference:$k"; do
	who=${side%%:*} rest=${side#*:}
	what=${rest%%:*} rate=${rest#*:}
	h=$(isn_val "$who, port 40001 minus port 40000, same moment")
	[ "$h" != none ]
	ok $? "isn: $who from two ports at the same moment: their difference shown ($h)"
	d=$(isn_val "how far $what moved, first round to last")
	awk -v d="$d" -v r="${rate:-0}" \
	    'BEGIN { exit !(d != "none" && r > 0 && d * d < (r / 4) ^ 2) }'
	ok $? "isn: $who: that difference stays put as the clock runs ($d)"
done
# The plot: a block of six rows for ours and one for the kernel's, each
# row the time, where each port's ISN falls among the 2^32 (left) and its
# distance from the first ISN from the same port (right).  On the right
# both ports start in the first column together (*), never go back and
# end in the last; on the left time moves them a column at most, round the
# circle (an ISN near 2^32 wraps to 0: the kernel's clock moves 39M in the
# 2.5 s, so each of its ports crosses it in about one run in a hundred); the last row is 2.5 s
# (five half-second sleeps) or more after the first.
awk 'function at(p, c) { return index(p, c) ? index(p, c) : index(p, "*") }
	function moved(x, y) { x = (x > y ? x - y : y - x); return (x > 16 ? 32 - x : x) }
	/^ISNs (we|the kernel) chose / { blk++; n = 0; next }
	blk && /^ *[0-9]+\.[0-9]+ s  \|/ {
		n++; rows++
		L = substr($0, 12, 32); R = substr($0, 49, 30)
		ra = at(R, "a"); rb = at(R, "b")
		if (n == 1) {
			la = at(L, "a"); lb = at(L, "b"); t0 = $1
			good[blk] = ra == 1 && rb == 1
		} else
			good[blk] = good[blk] && ra >= pa && rb >= pb
		pa = ra; pb = rb
		if (n == 6)
			good[blk] = good[blk] && (ra == 30 || rb == 30) &&
			    moved(at(L, "a"), la) <= 1 && moved(at(L, "b"), lb) <= 1 &&
			    $1 - t0 >= 2.5
	}
	END { print rows + 0, good[1] + good[2] }' "$T/isn.out" >"$T/isn.plot"
is "$(cat "$T/isn.plot")" "12 2" \
    "isn: the plot: each port climbs with the clock, the two ports far apart"

"$TCPX" --lab --lesson handshake --auto >"$T/hs.out" 2>&1
ran_through $? handshake "$T/hs.out"
is "$(report_of "$T/hs.out" 'kernel sockets in SYN-RECV, our ACK held')" 1 \
    "handshake: the kernel waits in SYN-RECV while our ACK is held"
is "$(report_of "$T/hs.out" 'kernel sockets ESTABLISHED after our ACK')" 1 \
    "handshake: and is ESTABLISHED once it comes"

"$TCPX" --lab --lesson keepalive --auto >"$T/ka.out" 2>&1
ran_through $? keepalive "$T/ka.out"
is "$(report_of "$T/ka.out" 'probes unanswered before the peer was declared dead')" 3 \
    "keepalive: three unanswered probes, then the peer is dead"
r=$(report_of "$T/ka.out" 'time between unanswered probes')
awk -v r="${r:-0}" 'BEGIN { exit !(r >= 0.99 && r < 2) }'
ok $? "keepalive: keepalive.intvl (1 s) between them ($r s)"
grep -q '10\.0\.0\.2]*:7 .*10\.0\.0\.1' "$T/ka.out"
ok $? "keepalive: the kernel's side is still ESTABLISHED (half-open)"
# The restarted peer: the kernel's socket destroyed (ss -K) while ours
# stays ESTABLISHED; the first probe after keepalive.idle meets its RST,
# which resets us before a second probe could go (keepalive.intvl, 1 s).
is "$(report_of "$T/ka.out" 'kernel sockets for our connection after the restart')" 0 \
    "keepalive: ss -K made the kernel forget the connection"
grep -q '^\*c1 *ESTABLISHED ' "$T/ka.out"
ok $? "keepalive: while our side still thought it ESTABLISHED"
is "$(report_of "$T/ka.out" 'probes it took to find the restarted peer')" 1 \
    "keepalive: the restarted peer was found by one probe"
grep -Eq '^< [0-9:.]+ IP 10\.0\.0\.2\.7 > 10\.0\.0\.1\.[0-9]+: Flags \[R\], ' "$T/ka.out"
ok $? "keepalive: the kernel answered it with an RST"
grep -q '^\* [0-9:.]* c1: ESTABLISHED -> CLOSED (connection reset by peer' "$T/ka.out"
ok $? "keepalive: which reset our connection"
r=$(report_of "$T/ka.out" 'time from that probe to the reset')
awk -v r="${r:-x}" 'BEGIN { exit !(r != "x" && r >= 0 && r < 1) }'
ok $? "keepalive: at once, within keepalive.intvl ($r s)"

"$TCPX" --lab --lesson linger-rst --auto >"$T/linger.out" 2>&1
ran_through $? linger-rst "$T/linger.out"
is "$(report_of "$T/linger.out" 'kernel sockets left with us (no TIME-WAIT)')" 0 \
    "linger-rst: the kernel forgot the connection, no TIME-WAIT"
is "$(report_of "$T/linger.out" 'connections the kernel saw reset')" 1 \
    "linger-rst: it counted a reset (TcpEstabResets)"
r=$(report_of "$T/linger.out" 'bytes still queued at the abort, lost')
awk -v r="${r:-0}" 'BEGIN { exit !(r > 0) }'
ok $? "linger-rst: queued data was thrown away ($r bytes)"

"$TCPX" --lab --lesson retransmission --auto >"$T/rexmt.out" 2>&1
ran_through $? retransmission "$T/rexmt.out"
r=$(report_of "$T/rexmt.out" 'how much the wait grew')
awk -v r="${r:-0}" 'BEGIN { exit !(r >= 1.8 && r <= 2.2) }'
ok $? "retransmission: each RTO twice the one before ($r)"
is "$(report_of "$T/rexmt.out" 'the RTO before any loss, ms')" 1000 \
    "retransmission: the RTO started at rto.min (1000 ms)"
# Fast retransmit: one segment lost, three sent after it one at a time;
# no resend after two duplicate ACKs, one after the third, long before the
# RTO (1 s); the kernel counted the three segments it queued out of order.
is "$(report_of "$T/rexmt.out" 'fast retransmits after two duplicate ACKs')" 0 \
    "retransmission: no fast retransmit after two duplicate ACKs"
is "$(report_of "$T/rexmt.out" 'fast retransmits after the third')" 1 \
    "retransmission: one after the third (RFC 5681 §3.2)"
is "$(report_of "$T/rexmt.out" 'duplicate ACKs the kernel sent before our resend')" 3 \
    "retransmission: the kernel sent three duplicate ACKs (TcpExtTCPOFOQueue)"
grep -q '^\* [0-9:.]* c2: 3 duplicate ACKs: fast retransmit of 1449 ' "$T/rexmt.out"
ok $? "retransmission: the engine named the lost segment, 1449"
r=$(report_of "$T/rexmt.out" 'time from the lost segment to its resend')
awk -v r="${r:-x}" 'BEGIN { exit !(r != "x" && r >= 0 && r < 1) }'
ok $? "retransmission: resent before the RTO (1 s) could fire ($r s)"
# SACK: two of eight segments dropped by the firewall, the kernel's
# duplicate ACKs name two blocks, and the engine resends the two holes
# only; with SACK off the same two (NewReno: one hole per round trip, at
# SND.UNA, which a cumulative ACK always leaves at a hole); no timeout.
for m in on off; do
	is "$(report_of "$T/rexmt.out" "segments dropped, SACK $m")" 2 \
	    "retransmission: SACK $m: the firewall dropped two segments"
	is "$(report_of "$T/rexmt.out" "segments resent, SACK $m")" 2 \
	    "retransmission: SACK $m: the engine resent two"
done
grep -Eq '^< .* ack 1449, .*sack 2 \{[0-9]+:[0-9]+\}\{[0-9]+:[0-9]+\}\]' "$T/rexmt.out"
ok $? "retransmission: the kernel's duplicate ACKs named two SACK blocks"
is "$(report_of "$T/rexmt.out" 'retransmission timeouts in both repairs')" 0 \
    "retransmission: no timeout in either repair"

"$TCPX" --lab --lesson why-three --auto >"$T/why3.out" 2>&1
ran_through $? why-three "$T/why3.out"
is "$(report_of "$T/why3.out" 'kernel half-open connections for the stale SYN')" 1 \
    "why-three: the stale SYN made a half-open connection in the kernel"
is "$(report_of "$T/why3.out" 'kernel half-open connections after our RST')" 0 \
    "why-three: our RST <SEQ=SEG.ACK> ended it"
is "$(report_of "$T/why3.out" 'kernel connections ESTABLISHED with us')" 1 \
    "why-three: and the real SYN opened the connection"

"$TCPX" --lab --lesson four-tuple --auto >"$T/four.out" 2>&1
ran_through $? four-tuple "$T/four.out"
is "$(report_of "$T/four.out" "connections on the kernel's one port 7")" 4 \
    "four-tuple: the kernel's one port holds all four connections"
grep -q "^== the lesson's conversations as ladders" "$T/four.out"
ok $? "a lesson ends with its conversations drawn as ladders"
is "$(grep -c '^conversation [0-9]*: ' "$T/four.out")" 3 \
    "the first three of them"
grep -q '^(and 1 more: diagram --text N draws any of them)$' "$T/four.out"
ok $? "and says how many more there are"
is "$(grep -c 'SYN-SENT |---- S 0:0(0) .*| LISTEN$' "$T/four.out")" 3 \
    "each ladder with its arrows and both sides' states"

# At the prompt: a pause gives the prompt back; commands run; Enter goes on.
tui_init lessons
tmux new-session -d -s "$sess" -x 200 -y 50 \
    "env HOME=$T $TCPX --lab --lesson teardown; echo EXITED \$?; sleep 60"
tui_wait 'press Enter to go on' 150
ok $? "the lesson stops at its first pause"
tui_type 'conns'
tui_wait 'c3 *ESTABLISHED'
ok $? "a command runs at the pause"
tui_screen | grep -q 'Now we close our direction'
ok $((!$?)) "and the lesson waits meanwhile"
tmux send-keys -t "$sess" Enter
tui_wait 'Now we close our direction' 100
ok $? "an empty line goes on with the next part"
tui_wait 'FIN-WAIT-1 -> FIN-WAIT-2' 100
ok $? "which runs"
tui_type 'lesson stop'
tui_wait '== end of lesson teardown (stopped)'
ok $? "lesson stop ends it"
tui_type 'lesson nosuch'
tui_wait 'lesson: no lesson "nosuch" (lesson lists them)'
ok $? "an unknown lesson is named"
tui_type 'quit'
tui_wait 'EXITED 0'
ok $? "the session ends normally"
done_testing
