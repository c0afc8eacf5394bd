#!/bin/sh
# tests/net/pipe-input.sh - a script read from a pipe never stalls the
# endpoint (issue 15): while tcpx waits for the producer's next line, the
# engine answers what the kernel sends and its lines reach the pipe at
# once.  The producer writes a request, then writes nothing until tcpx's
# output shows the kernel's answer and its FIN; the capture must show our
# ACK of that FIN before the producer wrote its next line (the old code
# read the script with a blocking read and answered only after it).
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
trap '' PIPE	# a tcpx that died makes printf fail, not this shell
"$TCPX" --lab -w "$T/p.pcap" <"$T/in" >"$T/out" 2>&1 &
pid=$!
exec 3>"$T/in"
printf '%s\n' 'connect 10.0.0.2:80' 'send GET / HTTP/1.0\r\n\r\n' >&3
wait_line "$T/out" 'bytes "HTTP/1' 100
ok $? "the kernel's answer reached the pipe while the script waited"
wait_line "$T/out" 'CLOSE-WAIT' 50
ok $? "its FIN moved us to CLOSE-WAIT with no command running"
next=$(date +%s.%N)	# when the producer writes its next line
printf '%s\n' 'close' 'wait state CLOSED 5' >&3
exec 3>&-
wait $pid
is $? 0 "the piped script ran to its end: exit 0"
diag "$(grep -v '^[<>]' "$T/out")"
# Our ACK of the kernel's FIN, by the capture's clock (the same wall clock).
ack=$(tcpdump -n -tt -r "$T/p.pcap" 'tcp port 80' 2>/dev/null | awk '
	/10\.0\.0\.2\.80 > .*Flags \[F/ && !f { f = 1; next }
	f && /10\.0\.0\.1\.[0-9]+ > 10\.0\.0\.2\.80: Flags \[\.\]/ {
		print $1; exit }')
diag "the kernel's FIN acknowledged at ${ack:-?}, the next line written at $next"
awk -v a="${ack:-9e99}" -v n="$next" 'BEGIN { exit !(a < n) }'
ok $? "our ACK of its FIN went out before the script's next line"
done_testing
