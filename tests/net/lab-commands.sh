#!/bin/sh
# tests/net/lab-commands.sh - the connection commands against the lab's
# kernel, checked from its side: udp, listen (manual) and accept, use and
# conns, recv, send @FILE and --size, connect with per-connection settings,
# set/show and stat, shutdown.
# Where a check needs something to have reached us, the batch waits for a
# later answer that the peer can only send after it (an echo, a datagram
# sent after the one that matters) or for the peer's kernel to show it
# in ss; kernel clients hold their connections until the lab goes.
. "$top_srcdir/tests/lib.sh"
need_root
tmpdir T

# $T/acked.sh PORT N (in the peer): the kernel has N connections to our
# PORT that sent data and got all of it acknowledged by us.
cat >"$T/acked.sh" <<'EOF'
ss -tniH "( dport = :$1 )" | awk -v want="$2" '
	{ for (i = 1; i <= NF; i++) {
		if ($i ~ /^bytes_sent:/) s = substr($i, 12) + 0
		if ($i ~ /^bytes_acked:/) a = substr($i, 13) + 0 } }
	/bytes_acked:/ { if (s > 0 && a == s + 1) n++; s = a = 0 }
	END { exit n != want }'
EOF

# Every run is patient ($LAB_PATIENT): a resent FIN of the kernel's, acknowledged
# again in TIME-WAIT, would draw an RST that ends TIME-WAIT early.
run() { name=$1; shift; timeout 90 "$TCPX" --lab -c "$LAB_PATIENT; $*" >"$T/$name.out" 2>&1; echo $? >"$T/$name.rc"; }

# UDP: echo over IPv4 and IPv6, ICMP port unreachable for a closed port
# (the echo of a datagram sent after it comes back after the ICMP).
run udp 'udp send 10.0.0.2:7 ping4; wait recv ping4 3; udp send [fd00::2]:7 ping6; \
wait recv ping6 3; udp send 10.0.0.2:9999 nobody; udp send 10.0.0.2:7 after; \
wait recv after 3; conns'
is "$(cat "$T/udp.rc")" 0 "udp: echo v4 and v6, the batch exits 0"
grep -q '^= u[0-9]* from 10.0.0.2.7: 5 bytes "ping4"' "$T/udp.out"; ok $? "udp: the v4 echo came back"
grep -q '^= u[0-9]* from fd00::2.7: 5 bytes "ping6"' "$T/udp.out"; ok $? "udp: the v6 echo came back"
grep -q 'ICMP 10.0.0.2 udp port 9999 unreachable' "$T/udp.out"; ok $? "udp: the kernel's port unreachable is shown"
grep -q '^\*u[0-9]* UDP 10.0.0.1' "$T/udp.out"; ok $? "conns lists the UDP socket"
run udpin 'udp bind 5353; lab exec bash -c "echo hello-udp > /dev/udp/10.0.0.1/5353"; \
wait recv hello-udp 3; \
lab exec bash -c "echo x > /dev/udp/10.0.0.1/5354; echo after > /dev/udp/10.0.0.1/5353"; \
wait recv after 3'
is "$(cat "$T/udpin.rc")" 0 "udp bind: a kernel datagram arrives on our port"
grep -q 'UDP to closed port 5354: ICMP port unreachable sent' "$T/udpin.out"
ok $? "a datagram to our closed port is refused with ICMP"

# listen manual: connections wait in the accept queue until accept.
run accept "listen 6000 manual; \
lab exec bash -c '(exec 3<>/dev/tcp/10.0.0.1/6000; echo first >&3; sleep 60) >/dev/null 2>&1 &'; \
lab exec bash -c '(exec 3<>/dev/tcp/10.0.0.1/6000; echo second >&3; sleep 60) >/dev/null 2>&1 &'; \
lab exec sh $UNTIL 10 'sh $T/acked.sh 6000 2'; conns; accept; accept; use c3; recv; conns"
is "$(cat "$T/accept.rc")" 0 "listen manual, two kernel clients, two accepts: exit 0"
[ "$(grep -c 'accepted from 10.0.0.2' "$T/accept.out")" -eq 2 ]; ok $? "accept took both connections"
grep -q '^= c3 @0: [0-9]* bytes "\(first\|second\)\\n"' "$T/accept.out"; ok $? "use c3, recv: its data shown in full"
run noaccept 'accept'
is "$(cat "$T/noaccept.rc")" 1 "accept with nothing waiting: exit 1"

# send @FILE and --size; the kernel's echo brings the same bytes back.
printf 'from-a-file' >"$T/f.txt"
run sendvar "connect 10.0.0.2:7; send @$T/f.txt; wait recv from-a-file; send --size 5000; \
send END!; wait recv END!; save $T/got.bin; stat"
is "$(cat "$T/sendvar.rc")" 0 "send @FILE and --size: exit 0"
is "$(wc -c <"$T/got.bin")" 5015 "the echo returned 11 + 5000 + 4 bytes"
is "$(head -c 5011 "$T/got.bin" | tail -c 5000 | LC_ALL=C tr -d 'a-z' | wc -c | tr -d ' ')" 0 \
    "the 5000 bytes of --size came back as letters"
grep -q 'ESTABLISHED  10.0.0.1' "$T/sendvar.out"; ok $? "stat prints the TCB"
grep -q 'cwnd [0-9]*  ssthresh infinite  (slow-start)' "$T/sendvar.out"; ok $? "stat shows cwnd, ssthresh and the phase"

# connect with settings: the kernel sees our MSS 536 and no timestamps.
run settings 'connect 10.0.0.2:7 mss=536 timestamps=off; lab exec ss -tni state established; show mss'
is "$(cat "$T/settings.rc")" 0 "connect with per-connection settings: exit 0"
grep -q 'Flags \[S\], .*options \[mss 536,nop,nop,sackOK,nop,wscale 7\]' "$T/settings.out"
ok $? "our SYN carries mss 536 and no timestamps"
grep -q 'mss  *0  *(c1: 536)' "$T/settings.out"; ok $? "show: the connection's own value next to the default"
run badset 'connect 10.0.0.2:7 mss=huge'
is "$(cat "$T/badset.rc")" 2 "connect with a bad setting: exit 2"
run setshow 'set time_wait 2s; show time_wait; connect 10.0.0.2:7; close; wait state TIME-WAIT; \
wait state CLOSED 4'
is "$(cat "$T/setshow.rc")" 0 "set time_wait 2s: TIME-WAIT ends after 2 s"
grep -q 'TIME-WAIT ended after 2\.[0-9]* s: the 2MSL timer (2s) expired' "$T/setshow.out"
ok $? "the engine says 2MSL was 2 s, and how long TIME-WAIT lasted"
# State lines carry the packet lines' timestamp, and fall between them in time.
TS='[0-9][0-9]:[0-9][0-9]:[0-9][0-9]\.[0-9]\{6\}'
grep -q "^\* $TS c1: SYN-SENT -> ESTABLISHED (" "$T/setshow.out"
ok $? "a state line is stamped as packet lines are"
grep -q "^\* $TS c1: TIME-WAIT -> CLOSED (" "$T/setshow.out"
ok $? "a timer's state line is stamped too"
# What is certain, however busy the machine: lines stamped when tcpx
# handled them (state lines, what we sent) rise in order; received packets
# carry the capture's time, so they rise among themselves, and each was
# captured before the next line tcpx printed after it (it may have waited
# in the capture's buffer while earlier lines were printed).
sed -n "s/^\([<>*]\) \($TS\) .*/\1 \2/p" "$T/setshow.out" >"$T/stamps"
[ "$(wc -l <"$T/stamps")" -ge 8 ] &&
    { grep -q ' 00:' "$T/stamps" && grep -q ' 23:' "$T/stamps" ||
    awk '$1 == "<" { if ($2 < lastin) bad = bad " " NR; lastin = $2; pend = $2; next }
	{ if ($2 < lastown || (pend != "" && $2 < pend)) bad = bad " " NR;
	  lastown = $2; pend = "" }
	END { if (bad != "") { print "out of order at lines" bad; exit 1 } }' \
	"$T/stamps"; }
ok $? "packet and state lines' stamps in the order they were taken ($(wc -l <"$T/stamps") lines)"

# shutdown: our FIN goes, the kernel client keeps its socket: CLOSE-WAIT there.
run shut 'listen 6001; lab exec bash -c "(exec 3<>/dev/tcp/10.0.0.1/6001; sleep 60) >/dev/null 2>&1 &"; \
wait accept 3; shutdown; wait state FIN-WAIT-2 3; lab exec ss -tanH state close-wait; \
lab exec bash -c "true"; send after-shutdown'
grep -q '10.0.0.2:[0-9]* *10.0.0.1:6001' "$T/shut.out"; ok $? "after our shutdown the kernel's socket is in CLOSE-WAIT"
grep -q 'send: connection closing' "$T/shut.out"; ok $? "send after shutdown is refused: connection closing"

# wait state, late: every state is passed (TIME-WAIT ends after 200 ms)
# before the first wait runs; each wait still finds its state, in order,
# and one for a state from before the last found one does not.
run late 'set time_wait 200ms; connect 10.0.0.2:7; send --size 30000; \
shutdown; wait event time-wait-expired 5; wait state FIN-WAIT-2 1; \
wait state TIME-WAIT 1; echo both-found; wait state FIN-WAIT-1 1'
grep -q '^both-found' "$T/late.out"
ok $? "wait state: a state passed before the previous wait returned still counts"
grep -q 'wait: c1 did not reach FIN-WAIT-1: it is CLOSED: TIME-WAIT ended after 0\.[0-9]* s: the 2MSL timer (200ms) expired' \
    "$T/late.out"
ok $? "wait state: one passed before the previous wait's state does not, and says why it ended"

# What lab sh starts inherits none of tcpx's packet sockets (close-on-exec),
# after a flood has opened its own too.
run fds "flood syn 10.0.0.2:9 count=5; lab sh 'echo sockets \$(ls -l /proc/\$\$/fd | grep -c socket:)'"
is "$(sed -n 's/^sockets //p' "$T/fds.out")" 0 "lab sh inherits no socket of tcpx's"
# stat of a listener: any peer, shown as netstat does.
run statl 'listen 7001; stat c1; stat c2'
grep -q '^c1 LISTEN  10\.0\.0\.1\.7001 > \*\.\*$' "$T/statl.out"
ok $? "stat of an IPv4 listener: its peer is *.*"
grep -q '^c2 LISTEN  fd00::1\.7001 > \*\.\*$' "$T/statl.out"
ok $? "and of an IPv6 one"
done_testing
