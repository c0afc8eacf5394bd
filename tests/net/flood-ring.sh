#!/bin/sh
# tests/net/flood-ring.sh - flood syn at full speed from several sender
# threads, each with its own transmit ring (issue 14): the peer's kernel
# receives exactly count= SYNs, IPv4 and IPv6, each with a correct TCP
# checksum (it answers every one with a reset and counts no checksum
# error); while the flood runs the senders are threads with rings of their
# own; Ctrl-C stops them, in a batch and at the prompt, and the peer got
# exactly the number of SYNs the flood says it sent; the prompt goes on.
# tcpx -i on a veth pair of our own namespaces; the peer (B) has nothing
# on port 9 and verifies checksums itself (rx checksum offload off).
. "$top_srcdir/tests/lib.sh"
need_root
tmpdir T

ns_pair A B
ip netns exec "$B" ethtool -K b0 rx off >/dev/null 2>&1

# tcp NAME: B's kernel counter NAME (TcpInSegs, TcpOutRsts, ...).
tcp() { ip netns exec "$B" nstat -asz "$1" | awk -v n="$1" '$1 == n {print $2}'; }

# settle NAME N: wait (20 s at most) until B's NAME has reached N, then a
# moment more for anything past N; prints the count.
settle() {
	_i=0
	while [ "$(tcp "$1")" -lt "$2" ] && [ $_i -lt 200 ]; do
		sleep 0.1; _i=$((_i + 1))
	done
	sleep 0.3
	tcp "$1"
}

# flood CMDS: tcpx in A with the batch CMDS; its output in $T/out.
flood() {
	timeout 120 ip netns exec "$A" "$TCPX" -q -i a0 -s 10.0.0.1 \
	    -s fd00::1 -c "$1" >"$T/out" 2>&1
}

# 1. count=N from two senders: exactly N SYNs, every checksum right.
N=50000
in0=$(tcp TcpInSegs) rst0=$(tcp TcpOutRsts) bad0=$(tcp TcpInCsumErrors)
flood "flood syn 10.0.0.2:9 count=$N threads=2"
ok $? "flood syn count=$N threads=2: exit 0"
diag "$(cat "$T/out")"
grep -q "^\* flood: $N SYNs to 10.0.0.2:9 in " "$T/out"
ok $? "it says $N SYNs were sent"
is "$(($(settle TcpInSegs $((in0 + N))) - in0))" "$N" \
    "the peer's kernel received exactly $N TCP segments"
is "$(($(settle TcpOutRsts $((rst0 + N))) - rst0))" "$N" \
    "it answered every one with a reset: every checksum was right"
is "$(($(tcp TcpInCsumErrors) - bad0))" 0 "it counted no checksum error"
is "$(ip netns exec "$B" nstat -asz IpInHdrErrors | awk '$1 == "IpInHdrErrors" {print $2}')" 0 \
    "no IPv4 header error either"

# The same over IPv6 (its checksum covers a pseudo-header of 128-bit
# addresses), and fewer runs of frames than threads asked for.
N6=20000
in0=$(tcp TcpInSegs) rst0=$(tcp TcpOutRsts)
flood "flood syn [fd00::2]:9 count=$N6 threads=3; flood syn 10.0.0.2:9 count=5 threads=4"
ok $? "IPv6 flood count=$N6 threads=3, then count=5 threads=4: exit 0"
grep -q "^\* flood: $N6 SYNs to \[fd00::2\]:9 in " "$T/out" &&
    grep -q "^\* flood: 5 SYNs to 10.0.0.2:9 in " "$T/out"
ok $? "they say $N6 and 5 SYNs were sent"
is "$(($(settle TcpInSegs $((in0 + N6 + 5))) - in0))" "$((N6 + 5))" \
    "the peer received exactly $N6 + 5 TCP segments"
is "$(($(settle TcpOutRsts $((rst0 + N6 + 5))) - rst0))" "$((N6 + 5))" \
    "and reset every one"
is "$(($(tcp TcpInCsumErrors) - bad0))" 0 "still no checksum error"

# 2. A long flood: two sender threads, each with its own transmit ring (a
# mapping of a packet socket beside the capture's); Ctrl-C (SIGINT) ends
# it, and the peer received exactly what it says it sent.
in0=$(tcp TcpInSegs)
ip netns exec "$A" "$TCPX" -q -i a0 -s 10.0.0.1 \
    -c "flood syn 10.0.0.2:9 count=100000000 threads=2" >"$T/long" 2>&1 &
pid=$!
wait_until 20 '[ "$(tcp TcpInSegs)" -ge $((in0 + 10000)) ]'
ok $? "the long flood is under way"
is "$(ls /proc/$pid/task 2>/dev/null | wc -l)" 3 \
    "tcpx runs three threads: the session and two senders"
is "$(grep -c ' socket:\[' /proc/$pid/maps 2>/dev/null)" 3 \
    "three packet rings are mapped: the capture's and the senders' transmit rings"
kill -INT "$pid"
wait_until 10 '! kill -0 $pid 2>/dev/null'
ok $? "Ctrl-C ends the flood and the batch"
wait "$pid"
sent=$(sed -n 's/^\* flood: \([0-9]*\) SYNs to 10.0.0.2:9 in .*/\1/p' "$T/long")
diag "$(cat "$T/long")"
ge "${sent:-0}" 10000 "it says how many SYNs went ($sent)"
is "$(($(settle TcpInSegs $((in0 + ${sent:-0}))) - in0))" "${sent:-none}" \
    "the peer received exactly that many"

# 3. At the prompt: Ctrl-C stops a flood from two senders, and the prompt
# answers the next command.
if command -v tmux >/dev/null; then
	tui_init flood
	tmux new-session -d -s "$sess" -x 200 -y 50 \
	    "ip netns exec $A $TCPX -q -i a0 -s 10.0.0.1; echo EXITED \$?; sleep 30"
	tui_wait '^tcpx>'; ok $? "the prompt appears"
	in0=$(tcp TcpInSegs)
	tui_type 'flood syn 10.0.0.2:9 count=100000000 threads=2'
	wait_until 20 '[ "$(tcp TcpInSegs)" -ge $((in0 + 10000)) ]'
	ok $? "the flood from the prompt is under way"
	tmux send-keys -t "$sess" C-c
	tui_wait '^^C\* flood: [0-9]* SYNs to 10.0.0.2:9 in ' 100
	ok $? "Ctrl-C stops it and it says how many went"
	tui_type 'echo still-here'
	tui_wait '^still-here' 100; ok $? "the prompt answers after the flood"
	sent=$(tui_screen | sed -n 's/^^C\* flood: \([0-9]*\) SYNs.*/\1/p')
	is "$(($(settle TcpInSegs $((in0 + ${sent:-0}))) - in0))" "${sent:-none}" \
	    "the peer received exactly what it says went"
	tmux send-keys -t "$sess" 'quit' Enter
	tui_wait 'EXITED 0'; ok $? "tcpx quits"
fi

# 4. threads= is checked, and is for a flood at full speed.
for bad in 'threads=0' 'threads=65' 'threads=two' 'threads=-1' \
    'threads=2 rate=1000'; do
	timeout 30 ip netns exec "$A" "$TCPX" -q -i a0 -s 10.0.0.1 \
	    -c "flood syn 10.0.0.2:9 count=10 $bad" >/dev/null 2>"$T/bad.err"
	is "$?" 2 "refused with exit 2: flood ... $bad"
done
grep -q 'flood: threads= is for a flood at full speed; rate= paces one sender$' "$T/bad.err"
ok $? "threads= with rate= is refused with a reason"
done_testing
