#!/bin/sh
# tests/net/lab-errors.sh - bad input of every kind gets a one-line error
# and the documented exit status: usage errors, unknown and ambiguous
# commands, a refused and an unreachable peer, failed waits, missing
# privileges; and the lab is removed on exit, on SIGTERM and after SIGKILL.
# The namespaces live in a /run/netns of this test's own, so that no other
# lab starting meanwhile (make -j) sweeps the SIGKILLed one before we do.
. "$top_srcdir/tests/lib.sh"
need_root
private_netns_dir
tmpdir T

# run_tcpx NAME ARGS...: run tcpx, keeping status, stdout and stderr.
run_tcpx() {
	name=$1; shift
	timeout 60 "$TCPX" "$@" >"$T/$name.out" 2>"$T/$name.err"
	echo $? >"$T/$name.rc"
}
rc() { cat "$T/$1.rc"; }
err_has() { grep -q -- "$2" "$T/$1.err"; }

# Usage errors: exit 2 and a message naming what was wrong.
run_tcpx noargs
is "$(rc noargs)" 2 "no arguments: exit 2"
err_has noargs "say where to run"; ok $? "no arguments: says --lab or -i"
run_tcpx mixed --lab -r /nonexistent
is "$(rc mixed)" 2 "-r with --lab: exit 2"
run_tcpx nosrc -i lo
is "$(rc nosrc)" 2 "-i without -s: exit 2"
err_has nosrc "needs our address"; ok $? "-i without -s: says -s is missing"
run_tcpx badsrc -i lo -s 300.1.2.3
is "$(rc badsrc)" 2 "-s with a bad address: exit 2"
err_has badsrc '300.1.2.3: not an IPv4'; ok $? "-s with a bad address: names it"
# An interface that does not exist (in a namespace of its own, which has
# only lo): named, not libnet's ioctl.
timeout 60 unshare --net "$TCPX" -i nosuch0 -s 10.9.9.9 -c echo \
    >"$T/noiface.out" 2>"$T/noiface.err"
echo $? >"$T/noiface.rc"
is "$(rc noiface)" 2 "-i with no such interface: exit 2"
err_has noiface 'inject: nosuch0: no such interface'; ok $? "-i with no such interface: says so"

# Commands: unknown, ambiguous, bad arguments.
run_tcpx unknown --lab -c 'frobnicate'
is "$(rc unknown)" 2 "unknown command: exit 2"
err_has unknown 'unknown command: frobnicate'; ok $? "unknown command: named"
run_tcpx ambiguous --lab -c 'c 10.0.0.2:7'
is "$(rc ambiguous)" 2 "ambiguous prefix: exit 2"
err_has ambiguous 'ambiguous command: c, could be: connect, close'
ok $? "ambiguous prefix: lists the candidates"
run_tcpx badaddr --lab -c 'connect 10.0.0.2'
is "$(rc badaddr)" 2 "connect without a port: exit 2"
err_has badaddr 'bad address "10.0.0.2"'; ok $? "connect without a port: explained"
run_tcpx nostate --lab -c 'connect 10.0.0.2:7; wait state CLOSED_WAIT'
is "$(rc nostate)" 2 "wait for an unknown state: exit 2"
err_has nostate 'unknown state "CLOSED_WAIT"'; ok $? "unknown state: named"
run_tcpx nosize --lab -w "$T/nosize.pcap" -c 'connect 10.0.0.2:7; send --size'
is "$(rc nosize)" 2 "send --size without a count: exit 2"
err_has nosize 'send: --size needs a count: --size N'
ok $? "send --size without a count: says the count is missing"
is "$(tcpdump -n -r "$T/nosize.pcap" 2>/dev/null | grep -c '10\.0\.0\.1\.[0-9]* > 10\.0\.0\.2\.7: Flags \[S\]')" 1 \
    "send --size without a count: the file holds the connect's SYN"
is "$(tcpdump -n -r "$T/nosize.pcap" 2>/dev/null | grep -c '10\.0\.0\.1\.[0-9]* > 10\.0\.0\.2\.7: .*length [1-9]')" 0 \
    "send --size without a count: no byte of ours left"
run_tcpx noconn --lab -c 'send hello'
is "$(rc noconn)" 1 "send without a connection: exit 1"
err_has noconn 'no connection'; ok $? "send without a connection: explained"
run_tcpx stops --lab -c 'frob; connect 10.0.0.2:7'
is "$(rc stops)" 2 "a batch with an unknown command: exit 2"
grep -q 'SYN' "$T/stops.out"
ok $((! $?)) "a batch stops at the first failing command"

# A refused connection: the kernel answers our SYN with RST.
run_tcpx refused --lab -c 'connect 10.0.0.2:81'
is "$(rc refused)" 1 "connect to a closed port: exit 1"
grep -q 'Flags \[R\.\]' "$T/refused.out"; ok $? "refused: the kernel's RST is shown"
grep -q 'connection refused' "$T/refused.out"; ok $? "refused: reported as refused"
# With no event lines, the error line itself says why, and so does a
# failed wait for a connection that ended.
run_tcpx refusedq --lab -c 'set lines none; connect 10.0.0.2:81'
is "$(rc refusedq)" 1 "connect to a closed port, lines none: exit 1"
err_has refusedq 'connect: 10.0.0.2:81 failed: connection is CLOSED: connection refused: RST in SYN-SENT (RFC 9293 §3.10.7.3)$'
ok $? "refused, lines none: the error line names the RST"
run_tcpx refusedw --lab -c 'set lines none; connect 10.0.0.2:81 nowait; wait state ESTABLISHED 5'
is "$(rc refusedw)" 1 "wait state after a refusal: exit 1"
err_has refusedw 'wait: c1 did not reach ESTABLISHED: it is CLOSED: connection refused: RST in SYN-SENT'
ok $? "wait state after a refusal: names why the connection ended"

# An unreachable peer: no ARP answer; nothing hangs.
start=$(date +%s)
run_tcpx unreach --lab -c 'connect 10.0.0.9:80 4'
is "$(rc unreach)" 1 "connect to an absent host: exit 1"
err_has unreach 'no ARP/ND answer'; ok $? "unreachable: says ARP went unanswered"
err_has unreach 'connect: 10.0.0.9:80 unreachable: 10.0.0.9 gave no ARP/ND answer'
ok $? "unreachable: connect gave up when ARP did"
[ $(( $(date +%s) - start )) -lt 20 ]; ok $? "unreachable: gave up within the limit asked"

# Failed waits say what was seen instead.
run_tcpx waitrecv --lab -c 'connect 10.0.0.2:7; send abc; wait recv xyz 1'
is "$(rc waitrecv)" 1 "wait recv timeout: exit 1"
err_has waitrecv 'wait: "xyz" not received within the time limit: got 3 bytes "abc"'
ok $? "wait recv timeout: shows what did arrive"
run_tcpx waitstate --lab -c 'connect 10.0.0.2:7; wait state TIME-WAIT 1'
is "$(rc waitstate)" 1 "wait state timeout: exit 1"
err_has waitstate 'wait: c1 did not reach TIME-WAIT within the time limit: it is ESTABLISHED'
ok $? "wait state timeout: names the state it is in"

# Batch from a file and from a pipe; comments allowed.
printf '# a comment\nconnect 10.0.0.2:7\nsend ping; wait recv ping\n' >"$T/cmds"
run_tcpx file --lab -f "$T/cmds"
is "$(rc file)" 0 "-f FILE runs the commands"
printf 'connect [fd00::2]:7\nsend pipe\nwait recv pipe\n' | timeout 60 "$TCPX" --lab >"$T/pipe.out" 2>&1
ok $? "commands piped on stdin run as a batch"

# help comes from the command table.
run_tcpx help --lab -c 'help'
missing=""
for c in $("$TCPX" --list commands | cut -f1); do
	grep -q "^  $c\( \|$\)" "$T/help.out" || missing="$missing $c"
done
is "$missing" "" "help lists every command of the table"
run_tcpx helpwait --lab -c 'help wait'
grep -q 'usage: wait state NAME' "$T/helpwait.out"; ok $? "help wait gives usage and detail"

# Without privileges: the lab is built in a user namespace (tests/net/
# priv.sh has the details); -i still needs CAP_NET_RAW, in one line.
if command -v setpriv >/dev/null; then
	setpriv --reuid=65534 --regid=65534 --clear-groups "$TCPX" --lab -c quit \
	    >"$T/noroot.out" 2>"$T/noroot.err"
	is "$?" 0 "unprivileged --lab: exit 0 (a user namespace)"
	is "$(cat "$T/noroot.err")" "" "unprivileged --lab: nothing on stderr"
	setpriv --reuid=65534 --regid=65534 --clear-groups "$TCPX" -i lo \
	    -s 127.0.0.9 -c quit >"$T/noroot.out" 2>"$T/noroot.err"
	is "$?" 2 "unprivileged -i: exit 2"
	grep -q 'CAP_NET_ADMIN\|CAP_NET_RAW' "$T/noroot.err"
	ok $? "unprivileged -i: names the missing capability"
	is "$(wc -l <"$T/noroot.err")" 1 "unprivileged -i: one line"
fi

# SIGTERM during a wait: the lab is removed.  The signal comes once the
# connection is up and the wait has begun (its lines are flushed then).
"$TCPX" --lab -c "connect 10.0.0.2:7; wait state TIME-WAIT 30" >"$T/term.out" 2>&1 &
pid=$!
wait_for 'SYN-SENT -> ESTABLISHED' "$T/term.out"
ip netns list | grep -q "^tcpx-lab-$pid-"; ok $? "lab namespaces exist while tcpx runs"
kill -TERM $pid; wait $pid
is "$(ip netns list | grep -c "^tcpx-lab-$pid-")" 0 "SIGTERM: the lab is removed"

# SIGKILL leaves the lab behind; the next start sweeps it.
"$TCPX" --lab -c "connect 10.0.0.2:7; wait state TIME-WAIT 30" >"$T/kill.out" 2>&1 &
pid=$!
wait_for 'SYN-SENT -> ESTABLISHED' "$T/kill.out"
kill -KILL $pid; wait $pid 2>/dev/null
is "$(ip netns list | grep -c "^tcpx-lab-$pid-")" 2 "SIGKILL: the lab is left behind"
run_tcpx sweep --lab -c 'help'
is "$(ip netns list | grep -c "^tcpx-lab-$pid-")" 0 "the next start sweeps the stale lab"

done_testing
