#!/bin/sh
# tests/net/repl-input.sh - what the prompt says to input it cannot use
# (issue 10): settings refuse what they cannot hold, in their own unit;
# recv and send act on the current socket, whatever its kind, or say what
# is wrong with it and what to do; listen names its two ids; conns hides
# old CLOSED connections, conns all shows them; typos get "did you mean";
# errors in craft's packet description start "craft: pdn:".
. "$top_srcdir/tests/lib.sh"
need_root
tmpdir T

# run_tcpx NAME COMMANDS: tcpx --lab -c COMMANDS; NAME.out, NAME.err, NAME.rc.
run_tcpx() {
	timeout 60 "$TCPX" --lab -c "$2" >"$T/$1.out" 2>"$T/$1.err"
	echo $? >"$T/$1.rc"
}
rc() { cat "$T/$1.rc"; }
err() { cat "$T/$1.err"; }

# Settings: too large for the field is refused, never wrapped to 0.
run_tcpx tw 'set time_wait 99999999999999s'
is "$(rc tw)" 2 "set time_wait 99999999999999s: refused (exit 2)"
is "$(err tw)" "tcpx: set: time_wait: 99999999999999s is outside 0s-86400s" \
    "set time_wait: the range is said in seconds"
run_tcpx twbig 'set time_wait 1000000000000000000000000s'
is "$(err twbig)" \
    "tcpx: set: time_wait: 1000000000000000000000000s is outside 0s-86400s" \
    "set time_wait: a larger value gets the same message"
run_tcpx twkeep 'set time_wait 5s; show time_wait'
grep -q '^  time_wait  *5s ' "$T/twkeep.out"; ok $? "set time_wait 5s: shown as 5s"
run_tcpx rto 'set rto.init 100us'
is "$(err rto)" "tcpx: set: rto.init: 100us is outside 1ms-600s" \
    "set rto.init: the range is said in ms and s"
run_tcpx ttl 'set ttl 4294967297'
is "$(err ttl)" "tcpx: set: ttl: 4294967297 is outside 1-255" \
    "set ttl 2^32+1: refused, not wrapped to 1"
run_tcpx sleep 'sleep 99999999999999s'
is "$(err sleep)" "tcpx: sleep: 99999999999999s is outside 1us-86400s" \
    "sleep: a duration past its range is refused with the range"
run_tcpx fdelay 'fault delay 1 out 99999999999999s'
is "$(err fdelay)" "tcpx: fault delay: 99999999999999s is outside 1ms-600s" \
    "fault delay: a delay past its range is refused with the range"

# recv with a UDP socket current shows its datagrams (the peer echoes on 7).
run_tcpx udprecv 'udp send 10.0.0.2:7 hello; wait recv hello; recv; recv'
is "$(rc udprecv)" 0 "recv with a UDP socket current: exit 0"
grep -q '^= u1 @0: 5 bytes "hello"' "$T/udprecv.out"
ok $? "recv shows the UDP socket's data"
grep -q '^= u1: nothing new (5 bytes received in all)' "$T/udprecv.out"
ok $? "a second recv says nothing is new"
# send on a UDP socket: says it is one, names a TCP connection to use.
run_tcpx udpsend 'connect 10.0.0.2:7; udp send 10.0.0.2:7 x; send --size 10'
is "$(rc udpsend)" 1 "send --size with a UDP socket current: exit 1"
is "$(err udpsend)" "tcpx: send: u2 is a UDP socket, not a TCP connection: name one, e.g. send c1 (see conns); udp send HOST:PORT TEXT sends a datagram" \
    "send: names the UDP socket and the connection to use"
run_tcpx udpclose 'connect 10.0.0.2:7; udp bind 5000; close u2'
is "$(err udpclose)" "tcpx: close: u2 is a UDP socket, not a TCP connection: name one, e.g. close c1 (see conns)" \
    "close u2: a UDP socket is not a connection"
run_tcpx wrongkind 'connect 10.0.0.2:7; send u1 hi'
is "$(err wrongkind)" 'tcpx: send: no connection "u1" (see conns)' \
    "u1 does not name TCP connection c1"
run_tcpx norecv 'recv'
is "$(err norecv)" "tcpx: recv: no connection: use connect or listen first" \
    "recv with nothing at all: says to connect or listen"

# listen: one listener per family, both ids said.
run_tcpx listen 'listen 8080'
grep -q '^\* listening on port 8080: c1 on 10.0.0.1, c2 on fd00::1$' "$T/listen.out"
ok $? "listen names its two ids, IPv4 and IPv6"

# conns: the last 3 CLOSED connections, the rest counted; conns all: every one.
run_tcpx conns 'connect 10.0.0.2:7; abort; connect 10.0.0.2:7; abort;
connect 10.0.0.2:7; abort; connect 10.0.0.2:7; abort; connect 10.0.0.2:7;
abort; connect 10.0.0.2:7; echo ==conns; conns; echo ==all; conns all'
is "$(rc conns)" 0 "conns and conns all: exit 0"
sed -n '/^==conns$/,/^==all$/p' "$T/conns.out" | grep -o '^.c[0-9]* [A-Z-]*' \
    | tr -d ' *' | tr '\n' ' ' >"$T/conns.ids"
is "$(cat "$T/conns.ids")" "c3CLOSED c4CLOSED c5CLOSED c6ESTABLISHED " \
    "conns: the live one and the 3 closed last"
grep -q '^  (2 older CLOSED connections hidden: conns all lists them)$' "$T/conns.out"
ok $? "conns: says how many are hidden and how to see them"
sed -n '/^==all$/,$p' "$T/conns.out" | grep -c '^.c[0-9]* CLOSED' >"$T/all.n"
is "$(cat "$T/all.n")" 5 "conns all: every CLOSED connection"

# Typos: the nearest command, subcommand or setting, when one is close.
while IFS='|' read -r cmd want; do
	run_tcpx typo "$cmd"
	is "$(err typo)" "tcpx: $want" "typo: $cmd"
done <<'TYPOS'
conect 10.0.0.2:7|unknown command: conect (did you mean "connect"? try "help")
stauts|unknown command: stauts (did you mean "status"? try "help")
frobnicate|unknown command: frobnicate (try "help")
set tim_wait 5s|set: unknown setting "tim_wait" (did you mean "time_wait"? see show)
show keepalive.idel|show: unknown setting "keepalive.idel" (did you mean "keepalive.idle"? see show)
set notaton packetdrill|set: unknown setting "notaton" (did you mean "notation"? see show)
set zzz 1|set: unknown setting "zzz" (see show)
wait stat ESTABLISHED|wait: unknown subcommand "stat" (did you mean "state"? usage: wait state NAME [S] | recv TEXT [S] | accept [S] | event NAME [S])
udp bnd 5000|udp: unknown subcommand "bnd" (did you mean "bind"? usage: udp bind PORT | send [--size N] [--frag N] HOST:PORT [TEXT])
fault dorp|fault: unknown kind "dorp" (did you mean "drop"? drop, dup, reorder, delay, corrupt, hold, clear)
TYPOS

# craft: what is wrong in the packet description says pdn: first.
run_tcpx pdnstar 'craft * 0:0(0) to 10.0.0.2:7'
is "$(err pdnstar)" 'tcpx: craft: pdn: the flags cannot be "*" in a segment to send' \
    "craft: flags * is the description's fault (pdn:)"
run_tcpx pdnv6 'craft S 0:0(0) to [fd00::2]:7 id 5'
is "$(err pdnv6)" 'tcpx: craft: pdn: id, df and ipopt are IPv4 fields, and this segment is IPv6' \
    "craft: an IPv4 field on IPv6 is the description's fault (pdn:)"
run_tcpx pdnwin 'craft S 0:0(0) win abc'
is "$(err pdnwin)" 'tcpx: craft: pdn: win "abc": not a number' \
    "craft: a bad number in the description (pdn:)"

done_testing
