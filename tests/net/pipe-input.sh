#!/bin/sh
# tests/net/pipe-input.sh - a script read from a pipe never stalls the
# endpoint (issue 15): while tcpx waits for the producer's next line, the
# engine answers what the kernel sends and its lines reach the pipe at
# once.  The producer writes a request, then writes nothing until tcpx's
# output shows the kernel's answer; the kernel's side shows no
# retransmission, and the capture shows our ACK of its FIN promptly.
. "$top_srcdir/tests/lib.sh"
need_root
command -v tcpdump >/dev/null || skip_all "needs tcpdump"
tmpdir T

# wait_line FILE PATTERN TENTHS: until FILE has a line matching PATTERN.
wait_line() {
	_n=0
	while [ $_n -lt "$3" ]; do
		grep -q -- "$2" "$1" 2>/dev/null && return 0
		sleep 0.1; _n=$((_n + 1))
	done
	return 1
}

mkfifo "$T/in"
"$TCPX" --lab -w "$T/p.pcap" <"$T/in" >"$T/out" 2>&1 &
pid=$!
exec 3>"$T/in"
printf '%s\n' 'connect 10.0.0.2:80' 'send GET / HTTP/1.0\r\n\r\n' >&3
wait_line "$T/out" 'bytes "HTTP/1' 100
ok $? "the kernel's answer reached the pipe while the script waited"
wait_line "$T/out" 'CLOSE-WAIT' 50
ok $? "its FIN moved us to CLOSE-WAIT with no command running"
sleep 1		# longer than the kernel's 200 ms RTO: it would resend by now
printf '%s\n' 'lab exec nstat -az TcpRetransSegs' 'close' \
    'wait state CLOSED 5' >&3
exec 3>&-
wait $pid
is $? 0 "the piped script ran to its end: exit 0"
diag "$(grep -v '^[<>]' "$T/out")"
is "$(awk '/^TcpRetransSegs/ {print $2}' "$T/out")" 0 \
    "the kernel resent nothing: every segment was answered in time"
# Our ACK of the kernel's FIN: within 100 ms of it in the capture.
gap=$(tcpdump -n -tt -r "$T/p.pcap" 'tcp port 80' 2>/dev/null | awk '
	/10\.0\.0\.2\.80 > .*Flags \[F/ && !f { f = $1; next }
	f && /10\.0\.0\.1\.[0-9]+ > 10\.0\.0\.2\.80: Flags \[\.\]/ {
		printf "%.3f\n", $1 - f; exit }')
diag "the kernel's FIN acknowledged after ${gap:-?} s"
awk -v g="${gap:-9}" 'BEGIN { exit !(g < 0.1) }'
ok $? "our ACK of its FIN went out at once, not when the next line came"
done_testing
