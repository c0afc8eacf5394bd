#!/bin/sh
# tests/net/tracker-engine.sh - the passive tracker's inferred states of our
# own end, checked against the truth our engine prints.  Each scenario is a
# lab session recorded with -w; its engine's state lines ("* TIME c3: A -> B
# (cause)") give the states our end went through, and its packet lines when
# the segment behind each change was on the wire.  The tracker's states for
# our end are read from the ladder of the capture (`tcpx -r FILE
# --diagram=text`, our side is 10.0.0.1 or fd00::1) and from the session's
# own ladder (`diagram --text` as the session's last command, our side
# marked "(us)"): the states written beside our lifeline, in row order
# (tests/net/tracker-engine.awk).  Four checks a scenario:
#  1 the engine went the way the scenario meant (and printed what proves
#    the scenario's point), so a scenario gone wrong cannot pass;
#  2 the capture's ladder writes the engine's sequence of states for us;
#  3 the session's own ladder writes exactly the engine's states;
#  4 the capture's ladder writes none of them on a row before the segment
#    that made the engine enter it: what we sent after a user call or a
#    keepalive timeout, else what we received.  A ladder may write a state
#    later (a FIN counts as received on our ACK of it, say), never earlier.
# Ports are fixed, one a scenario; each session has a lab of its own.
#
# Scenarios: active open and close to TIME-WAIT and its end (IPv4, IPv6);
# connection refused; abort; passive open with a passive close, with an
# active close, and reset by the peer; half close; simultaneous close
# (CLOSING: our FIN held until the kernel's has arrived); simultaneous open
# against a second tcpx in the peer's namespace, whose own engine lines
# check the other lifeline too; the history SYN as client and as server;
# the FIN-WAIT-2 timeout; keepalive giving up; the user timeout; a lost
# SYN-ACK; a lost FIN.
#
# Differences accepted, because the wire cannot show the truth:
#  - the engine's first CLOSED is not written: a ladder writes states
#    entered.  A listener's child starts in LISTEN in both.
#  - a child reset in SYN-RECEIVED ends CLOSED while its listener carries
#    on; RFC 9293 §3.10.7.4 calls that a return to LISTEN, as the ladder
#    does, and the next child on the same 4-tuple continues the same
#    conversation (the awk writes it LISTEN and joins the children).
#  - the session's own ladder draws our end's states from the engine's
#    events, not the tracker's, so check 3 wants exactly the engine's
#    sequence (none of the allowances below apply to it): it checks that
#    every state reaches the live diagram, in order.
#  - simultaneous open: the other tcpx's SYN is on the wire first, so the
#    tracker presumes we were in LISTEN (as it does for every side a first
#    SYN goes to) and writes LISTEN before our SYN-SENT; from the wire,
#    LISTEN plus a SEND (RFC 9293 §3.10.2) and CLOSED plus an active OPEN
#    look the same.
#  - history SYN (client): the stale SYN is crafted, not our engine's, so
#    the wire shows an incarnation our engine never had (SYN-SENT, then our
#    RST); the engine's connection is the last conversation on our port.
#  - user timeout: the engine gives up silently, as Linux does (no RST), so
#    the wire never shows our CLOSED and the ladders leave us ESTABLISHED.
#    The FIN-WAIT-2 timeout is silent too, but the kernel's later FIN draws
#    our RST, so the ladders do show the CLOSED (on the RST's row).
#  - lost FIN: the segment that acknowledged our FIN was dropped by our
#    input after the capture saw it, so the ladder writes FIN-WAIT-2 early.
#
# No scenario depends on how fast this machine is: a kernel client that
# must close at a given point waits for a file the session creates there
# (lab exec touch), and where two timers race (ours against the kernel's
# retransmission) the kernel's is set far away (a route's rto_min).
# TRACKER_ENGINE_KEEP=DIR keeps the scripts, outputs, captures and lists.
. "${top_srcdir:-.}/tests/lib.sh"

need_root
[ -x "$TCPX" ] || skip_all "no tcpx binary at $TCPX"
command -v bash >/dev/null || skip_all "needs bash (/dev/tcp) for kernel clients"
command -v nft >/dev/null || skip_all "needs nft"
tmpdir T
TZ=UTC; export TZ
AWKF="${top_srcdir:-.}/tests/net/tracker-engine.awk"
: "${AWK:=awk}"

# The kernel's side of the passive scenarios, run in the peer's namespace
# by `lab exec`: a client of our listener on port $2 that (send) writes a
# line and closes, (drain) reads until our FIN and then closes, (idle)
# waits without reading until the file $3 appears (the session's `lab exec
# touch`, 10 s at most) and closes.  Unread data makes its close a RST.
cat >"$T/client.sh" <<'EOF'
exec 3<>"/dev/tcp/10.0.0.1/$2" || exit 1
case $1 in
send)	echo hello-from-kernel >&3 ;;
drain)	cat <&3 >/dev/null ;;
idle)	n=0
	until [ -e "$3" ] || [ $n -ge 200 ]; do sleep 0.05; n=$((n + 1)); done ;;
esac
EOF
# $T/waitfor.sh PATTERN FILE: until FILE has a line matching PATTERN (5 s).
cat >"$T/waitfor.sh" <<'EOF'
n=0
until grep -q -- "$1" "$2" 2>/dev/null; do
	n=$((n + 1))
	[ $n -lt 50 ] || exit 1
	sleep 0.1
done
EOF
client() { echo "lab exec sh -c \"bash $T/client.sh $* >/dev/null 2>&1 &\""; }

# keep: copy the evidence where TRACKER_ENGINE_KEEP asks.
keep() {
	[ -n "${TRACKER_ENGINE_KEEP:-}" ] || return 0
	mkdir -p "$TRACKER_ENGINE_KEEP" && cp "$T"/* "$TRACKER_ENGINE_KEEP"/
}

# states FILE: the states of a "STATE TIME" list, on one line.
states() { $AWK '{ printf "%s%s", (NR > 1 ? " " : ""), $1 } END { print "" }' "$1"; }

# ladder_list SIDE [AWK-ARGS...]: from a ladder on stdin, SIDE's states.
ladder_list() {
	_s=$1; shift
	$AWK -v mode=ladder -v side="$_s" "$@" -f "$AWKF"
}

# agree GOT WANT DESCRIPTION: a check that the tracker's sequence GOT is the
# engine's WANT, naming both when it is not.
agree() {
	if [ "$1" = "$2" ]; then ok 0 "$3"; else
		ok 1 "$3"
		diag "  tracker: ${1:-(no states)}"
		diag "  engine:  ${2:-(no states)}"
	fi
}

# skip_ok DESCRIPTION REASON: a check that cannot be made.
skip_ok() { tap_n=$((tap_n + 1)); echo "ok $tap_n - $1 # SKIP $2"; }

# session NAME SIDE WANT [FLAG...]: run the commands on stdin as a lab
# session recorded into $T/NAME.pcap, with the session's own ladder last.
# Check that our engine went WANT (and printed a line matching $must), that
# both ladders show our end (SIDE) go as the engine did, and that the
# capture's ladder writes none of our states before the wire segment that
# made the engine enter it (states in $early excepted).  Flags: last
# (only the last conversation on SIDE is the engine's), presumed-listen,
# silent-end (see the header).
session() {
	name=$1 side=$2 want=$3
	shift 3
	flags=" $* "
	{ cat; echo "echo ==ladder=="; echo "diagram --text width=200"; } \
	    >"$T/$name.tcpx"
	timeout 30 "$TCPX" --lab -w "$T/$name.pcap" -f "$T/$name.tcpx" \
	    >"$T/$name.out" 2>&1
	rc=$?
	me=$(echo "$side" | sed 's/^\[//; s/\]:/:/; s/:\([0-9]*\)$/.\1/')
	sed '/^==ladder==$/,$d' "$T/$name.out" |
	    $AWK -v mode=engine -v me="$me" -f "$AWKF" >"$T/$name.eng"
	eng=$(states "$T/$name.eng")
	seen=0
	[ -z "${must:-}" ] || grep -q -- "$must" "$T/$name.out" || seen=1
	[ $rc -eq 0 ] && [ "$eng" = "$want" ] && [ $seen -eq 0 ]
	ok $? "$name: the session ran and our engine went $want"
	if [ $rc -ne 0 ] || [ "$eng" != "$want" ] || [ $seen -ne 0 ]; then
		diag "  exit status $rc, engine: ${eng:-(no states)}"
		[ $seen -eq 0 ] || diag "  no line matches: $must"
		sed '/^==ladder==$/,$d' "$T/$name.out" | tail -n 5 |
		    while IFS= read -r l; do
			diag "  $l"; done
	fi

	pick=all
	case $flags in *" last "*) pick=last ;; esac
	"$TCPX" -r "$T/$name.pcap" --diagram=text --width 200 \
	    --time absolute >"$T/$name.ladder" 2>&1
	ladder_list "$side" -v pick=$pick <"$T/$name.ladder" >"$T/$name.lad"
	sed -n '/^==ladder==$/,$p' "$T/$name.out" |
	    ladder_list "$side" -v us=1 -v pick=$pick >"$T/$name.live"
	cp "$T/$name.eng" "$T/$name.exp"
	case $flags in *" silent-end "*)
		sed '$d' "$T/$name.eng" >"$T/$name.exp" ;;
	esac
	case $flags in *" presumed-listen "*)
		for f in lad live; do
			sed '1{/^LISTEN /d;}' "$T/$name.$f" >"$T/$name.$f~"
			mv "$T/$name.$f~" "$T/$name.$f"
		done ;;
	esac
	exp=$(states "$T/$name.exp")
	off=$(states "$T/$name.lad")
	agree "$off" "$exp" "$name: the capture's ladder shows our end as the engine went"
	# A child reset in SYN-RECEIVED: the live ladder writes the engine's
	# CLOSED where the engine's list (as the awk reads it) has LISTEN.
	live=$(states "$T/$name.live" |
	    sed 's/SYN-RECEIVED CLOSED SYN-RECEIVED/SYN-RECEIVED LISTEN SYN-RECEIVED/')
	agree "$live" "$eng" "$name: the session's own ladder (us) shows our end's states as the engine entered them"

	desc="$name: the capture's ladder writes none of our states before the engine's segment"
	if [ "$off" != "$exp" ]; then
		skip_ok "$desc" "the sequences differ"
	else
		late=$($AWK -v mode=rows -v early="${early:-}" -f "$AWKF" \
		    "$T/$name.exp" "$T/$name.lad")
		[ -z "$late" ]
		ok $? "$desc"
		[ -z "$late" ] || diag "$late"
	fi
	must="" early=""
}

session active-close 10.0.0.1:5101 \
    "SYN-SENT ESTABLISHED FIN-WAIT-1 FIN-WAIT-2 TIME-WAIT CLOSED" <<EOF
set time_wait 200ms
connect 10.0.0.2:7 from=5101
send hello
wait recv hello
close
wait state TIME-WAIT 3
wait state CLOSED 3
EOF

session active-close-ipv6 '[fd00::1]:5102' \
    "SYN-SENT ESTABLISHED FIN-WAIT-1 FIN-WAIT-2 TIME-WAIT CLOSED" <<EOF
set time_wait 200ms
connect [fd00::2]:7 from=5102
send hello
wait recv hello
close
wait state TIME-WAIT 3
wait state CLOSED 3
EOF

# With step on, connect returns at once, so the refusal fails no command.
session refused 10.0.0.1:5103 "SYN-SENT CLOSED" <<EOF
step on
connect 10.0.0.2:1 from=5103
step 1
step off
wait state CLOSED 3
EOF

session abort 10.0.0.1:5104 "SYN-SENT ESTABLISHED CLOSED" <<EOF
connect 10.0.0.2:7 from=5104
send hello
wait recv hello
abort
wait state CLOSED 1
EOF

session passive-close 10.0.0.1:8081 \
    "LISTEN SYN-RECEIVED ESTABLISHED CLOSE-WAIT LAST-ACK CLOSED" <<EOF
listen 8081
$(client send 8081)
wait accept 3
wait recv hello-from-kernel 3
wait state CLOSE-WAIT 3
close
wait state CLOSED 3
EOF

session passive-open-active-close 10.0.0.1:8082 \
    "LISTEN SYN-RECEIVED ESTABLISHED FIN-WAIT-1 FIN-WAIT-2 TIME-WAIT CLOSED" <<EOF
set time_wait 200ms
listen 8082
$(client drain 8082)
wait accept 3
send hello
close
wait state TIME-WAIT 3
wait state CLOSED 3
EOF

# The kernel client closes once our data is in its receive queue (its ACK
# for it has come), unread: a RST.
session peer-reset 10.0.0.1:8083 \
    "LISTEN SYN-RECEIVED ESTABLISHED CLOSED" <<EOF
listen 8083
$(client idle 8083 "$T/go.8083")
wait accept 3
send hello
expect in . 1:1(0) ack 6
lab exec touch $T/go.8083
wait state CLOSED 3
EOF

# The kernel must not resend its FIN (a busy machine can delay our ACK
# past its RTO or tail loss probe): the resend, re-acknowledged in
# TIME-WAIT, draws an RST that ends TIME-WAIT early.
session half-close 10.0.0.1:5105 \
    "SYN-SENT ESTABLISHED FIN-WAIT-1 FIN-WAIT-2 TIME-WAIT CLOSED" <<EOF
$LAB_PATIENT
set time_wait 200ms
connect 10.0.0.2:7 from=5105
send --size 30000
shutdown
wait state FIN-WAIT-2 5
wait state TIME-WAIT 5
wait state CLOSED 3
EOF

# Our FIN (#1) is held until the kernel's FIN has arrived and our ACK of it
# (#2) is held too; then both go, FIN first.  rto.min keeps the FIN's
# retransmission away meanwhile.  The kernel client closes once our FIN
# is held.
session simultaneous-close 10.0.0.1:8084 \
    "LISTEN SYN-RECEIVED ESTABLISHED FIN-WAIT-1 CLOSING TIME-WAIT CLOSED" <<EOF
set time_wait 200ms
set rto.min 1s
listen 8084
$(client idle 8084 "$T/go.8084")
wait accept 3
step on
close
lab exec touch $T/go.8084
wait state CLOSING 3
step 1
step 2
step off
wait state TIME-WAIT 3
wait state CLOSED 3
EOF

# examples/simultaneous-open.tcpx, with the other tcpx's lines kept.  Our
# clock stands still while our SYN is held (step freeze): the other tcpx
# may take over a second to start, and our SYN's RTO must not fire
# meanwhile (a second SYN held, and our SYN-ACK never released).
session simultaneous-open 10.0.0.1:5001 \
    "SYN-SENT SYN-RECEIVED ESTABLISHED FIN-WAIT-1 FIN-WAIT-2 TIME-WAIT CLOSED" \
    presumed-listen <<EOF
set time_wait 200ms
step on
step freeze on
connect 10.0.0.2:5000 from=5001
lab exec sh -c "tcpx -q -i peer0 -s 10.0.0.2 -c 'connect 10.0.0.1:5001 from=5000 10\; send hi-from-b\; wait state CLOSE-WAIT 10\; close\; wait state CLOSED 5' >$T/simultaneous-open.peer 2>&1 &"
expect S *:*(0) --abs within 5
wait state SYN-RECEIVED 3
step 1
step 2
step off
wait state ESTABLISHED 5
wait recv hi-from-b 5
close
wait state TIME-WAIT 5
wait state CLOSED 3
lab exec sh $T/waitfor.sh "LAST-ACK -> CLOSED" $T/simultaneous-open.peer
EOF
# The other lifeline is an engine too: its lines are the truth there.
want="SYN-SENT SYN-RECEIVED ESTABLISHED CLOSE-WAIT LAST-ACK CLOSED"
$AWK -v mode=engine -f "$AWKF" "$T/simultaneous-open.peer" >"$T/peer.eng"
eng=$(states "$T/peer.eng")
is "$eng" "$want" "simultaneous-open: the other tcpx went $want"
ladder_list 10.0.0.2:5000 <"$T/simultaneous-open.ladder" >"$T/peer.lad"
agree "$(states "$T/peer.lad")" "$eng" \
    "simultaneous-open: the capture's ladder shows the other tcpx as its engine went"
sed -n '/^==ladder==$/,$p' "$T/simultaneous-open.out" |
    ladder_list 10.0.0.2:5000 >"$T/peer.live"
agree "$(states "$T/peer.live")" "$eng" \
    "simultaneous-open: the session's own ladder shows the other tcpx as its engine went"

# examples/history-syn-client.tcpx, closed at the end.
must="SYN-SENT, ACK unacceptable"
session history-syn-client 10.0.0.1:5106 \
    "SYN-SENT ESTABLISHED CLOSE-WAIT LAST-ACK CLOSED" last <<EOF
step on
step freeze on
connect 10.0.0.2:80 from=5106
craft S 1000000:1000000(0) win 1000 --abs
expect S. *:*(0) ack 1000001 --abs
step 2
expect out R 1000001:1000001(0) --abs
step off
step 1
wait state ESTABLISHED 5
send GET / HTTP/1.0\r\n\r\n
wait recv 200
wait state CLOSE-WAIT 5
close
wait state CLOSED 3
EOF
ladder_list 10.0.0.1:5106 -v pick=1 <"$T/history-syn-client.ladder" \
    >"$T/stale.lad"
agree "$(states "$T/stale.lad")" "SYN-SENT CLOSED" \
    "history-syn-client: the crafted stale SYN is a conversation of its own, ended by our RST"

# examples/history-syn-server.tcpx: the kernel's SYN made a million older.
session history-syn-server 10.0.0.1:8085 \
    "LISTEN SYN-RECEIVED LISTEN SYN-RECEIVED ESTABLISHED CLOSE-WAIT LAST-ACK CLOSED" <<EOF
listen 8085
step in on
$(client send 8085)
expect S *:*(0) --abs within 3
edit 1 seq=-1000000
step in off
step 1
expect out S. *:*(0) --abs
expect R *:*(0) --abs
wait accept 5
wait recv hello-from-kernel 5
wait state CLOSE-WAIT 3
close
wait state CLOSED 3
EOF

# Linux's FIN-WAIT-2 timeout ends our side silently; the kernel's FIN,
# sent once we are CLOSED, gets a RST from our listener's port.
must="RST sent to port"
session fin-wait-2-timeout 10.0.0.1:8086 \
    "LISTEN SYN-RECEIVED ESTABLISHED FIN-WAIT-1 FIN-WAIT-2 CLOSED" <<EOF
set fin_wait2 200ms
listen 8086
$(client idle 8086 "$T/go.8086")
wait accept 3
close
wait state FIN-WAIT-2 3
wait state CLOSED 3
lab exec touch $T/go.8086
expect out R *:*(0) --abs within 3
EOF

# examples/keepalive.tcpx, shortened: the peer drops everything from us, so
# the probe goes unanswered and the RST ends our side.  No delayed ACK: the
# ACK of the echo must be through before the silence, or the kernel's
# retransmissions of the echo would keep the connection from ever idling.
must="keepalive probe #1"
session keepalive 10.0.0.1:5107 "SYN-SENT ESTABLISHED CLOSED" <<EOF
set delack off
connect 10.0.0.2:7 from=5107
send hello
wait recv hello
lab exec nft add table inet silence
lab exec nft add chain inet silence in { type filter hook input priority 0 \; }
lab exec nft add rule inet silence in ip saddr 10.0.0.1 drop
set keepalive.idle 1s
set keepalive.intvl 1s
set keepalive.probes 1
set keepalive on
wait state CLOSED 5
expect out R *:*(0) --abs within 1
EOF

must="user timeout: data unacknowledged"
session user-timeout 10.0.0.1:5108 "SYN-SENT ESTABLISHED CLOSED" \
    silent-end <<EOF
connect 10.0.0.2:9 from=5108
lab exec nft add table inet silence
lab exec nft add chain inet silence in { type filter hook input priority 0 \; }
lab exec nft add rule inet silence in ip saddr 10.0.0.1 drop
set user_timeout 500ms
send hello
wait state CLOSED 3
EOF

# The kernel's SYN-ACK is lost at our input: our SYN goes again.
must="retransmission timeout in SYN-SENT"
session lost-syn-ack 10.0.0.1:5109 \
    "SYN-SENT ESTABLISHED FIN-WAIT-1 FIN-WAIT-2 TIME-WAIT CLOSED" <<EOF
set time_wait 200ms
set rto.init 200ms
fault drop 1 in
connect 10.0.0.2:7 from=5109
wait state ESTABLISHED 3
close
wait state TIME-WAIT 3
wait state CLOSED 3
EOF

# The kernel's FIN (with the ACK of ours) is lost at our input.  Our FIN
# goes again after 50 ms, and the kernel answers it with an ACK (D-SACK);
# its own FIN comes again only after its RTO (at least 1 s: the peer's
# route has rto_min 1s, so our 50 ms timer wins however loaded the machine
# is), and that is when our engine enters TIME-WAIT.  The tracker enters FIN-WAIT-2 on the
# lost segment (accepted: the wire showed the ACK of our FIN, and nothing
# yet that our input dropped it); our resent FIN shows the kernel's FIN
# segment lost, so it waits for the FIN's resend for TIME-WAIT (it once
# took the kernel's ACK of our resend as proof of the FIN).
must="retransmission timeout in FIN-WAIT-1"
early=FIN-WAIT-2
session lost-fin 10.0.0.1:5110 \
    "SYN-SENT ESTABLISHED FIN-WAIT-1 FIN-WAIT-2 TIME-WAIT CLOSED" <<EOF
set time_wait 200ms
set rto.min 50ms
lab exec ip route change 10.0.0.0/24 dev peer0 proto kernel scope link src 10.0.0.2 rto_min 1s
connect 10.0.0.2:7 from=5110
send hello
wait recv hello
fault drop 1 in
close
wait state TIME-WAIT 3
wait state CLOSED 3
EOF

keep
done_testing
