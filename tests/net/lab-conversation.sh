#!/bin/sh
# tests/net/lab-conversation.sh - acceptance: tcpx holds real conversations
# with the Linux kernel in the lab (IPv4 echo, IPv6 echo, HTTP), checked
# from the kernel's side: a capture in the peer namespace and `ss` there.
. "$top_srcdir/tests/lib.sh"
need_root
command -v tcpdump >/dev/null || skip_all "needs tcpdump"
tmpdir T

# The capture in the peer namespace (tests/lib.sh), TCP only.
peer_capture_scripts tcp
peer_start() { echo "lab exec sh $T/capstart.sh $1"; }
# peer_stop FILE: our ACK of the kernel's FIN (ack 7 after "hello") is the
# last packet of a conversation.
peer_stop() {
	echo "lab exec sh $T/capstop.sh $1 '> [0-9a-f.:]+\\.7: Flags \\[\\.\\], ack 7,'"
}

# Until the peer's IPv6 link-local address has passed DAD (about a second
# after the lab comes up) its kernel leaves our neighbour solicitations
# unanswered, and our SYN, waiting for ND, goes twice: wait for that first.
ready6="lab exec sh $UNTIL 10 '! ip -6 addr show dev peer0 | grep -q tentative'"

# conversation NAME ADDR: echo "hello" through port 7 and close to TIME-WAIT.
# The segments are counted: $LAB_PATIENT keeps the kernel from resending
# any while a busy machine delays our ACKs.
conversation() {
	name=$1 addr=$2
	pcap=$T/$name.pcap
	"$TCPX" --lab -c "$LAB_PATIENT; $(peer_start "$pcap"); $ready6; connect $addr:7; send hello; \
wait recv hello; lab exec ss -tanH; close; wait state TIME-WAIT; \
lab exec ss -tanH; $(peer_stop "$pcap")" >"$T/$name.out" 2>"$T/$name.err" &
	pids="$pids $!"
	wait $!
	r=$?
	ok $r "$name: the batch exits 0"
	[ $r -eq 0 ] || diag "$(tail -n 3 "$T/$name.out"; cat "$T/$name.err")"
	tcpdump -n -r "$pcap" 2>/dev/null >"$T/$name.peer"
	diag "$(cat "$T/$name.peer")"
	is "$(grep -c 'Flags \[S\]' "$T/$name.peer")" 1 "$name: peer saw exactly one SYN"
	is "$(grep -c 'Flags \[S\.\]' "$T/$name.peer")" 1 "$name: peer sent exactly one SYN-ACK"
	is "$(grep -c 'Flags \[P\.\], seq 1:6' "$T/$name.peer")" 2 \
	    "$name: hello went out and came back (5 bytes each way)"
	is "$(grep -c 'Flags \[F\.\]' "$T/$name.peer")" 2 "$name: a FIN each way"
	is "$(grep -c 'Flags \[R' "$T/$name.peer")" 0 "$name: no RST at all"
	grep -q 'ESTAB.*:7 ' "$T/$name.out"
	ok $? "$name: the peer kernel's ss showed the connection ESTABLISHED"
	grep -q 'FIN-WAIT-2 -> TIME-WAIT' "$T/$name.out"
	ok $? "$name: tcpx reported FIN-WAIT-2 -> TIME-WAIT"
	# The peer's capture, read back with the tracker inferring both ends.
	"$TCPX" -r "$pcap" --states >"$T/$name.states"
	grep -q '^  \* conv 1 initiator .*: FIN-WAIT-2 -> TIME-WAIT' "$T/$name.states"
	ok $? "$name: -r --states infers the initiator's TIME-WAIT from the capture"
	grep -q '^  \* conv 1 responder .*:7: LAST-ACK -> CLOSED' "$T/$name.states"
	ok $? "$name: -r --states infers the responder's LAST-ACK -> CLOSED"
	grep -v '^  \*' "$T/$name.states" | cut -d' ' -f2- >"$T/$name.plain"
	tcpdump -n -r "$pcap" 2>/dev/null | cut -d' ' -f2- >"$T/$name.td"
	cmp -s "$T/$name.plain" "$T/$name.td"
	ok $? "$name: with --states the packet lines are still tcpdump's"
	grep -q '^= c1: 5 bytes "hello"' "$T/$name.out"
	ok $? "$name: tcpx showed the echoed data"
	# After our close the peer went LAST-ACK -> CLOSED: its last ss shows no connection.
	is "$(sed -n '/-> TIME-WAIT/,$p' "$T/$name.out" | grep -c 'ESTAB\|LAST-ACK\|CLOSE-WAIT')" 0 \
	    "$name: nothing left on the peer's side after the teardown"
}

pids=""
host_before=$(ip -o link; ip route; ip -6 route; nft list ruleset 2>/dev/null)

conversation ipv4 10.0.0.2
conversation ipv6 '[fd00::2]'
grep -q 'IP6 fd00::1\.[0-9]* > fd00::2\.7: Flags \[S\]' "$T/ipv6.peer"
ok $? "ipv6: the conversation really ran over IPv6"

"$TCPX" --lab -c 'connect 10.0.0.2:80; send GET / HTTP/1.0\r\n\r\n; wait recv 200' \
    >"$T/http.out" 2>&1 &
pids="$pids $!"
wait $!
ok $? "http: GET / answered with 200"
grep -q 'HTTP/1.0 200' "$T/http.out"
ok $? "http: the status line was printed"

host_after=$(ip -o link; ip route; ip -6 route; nft list ruleset 2>/dev/null)
is "$host_after" "$host_before" "the host namespace's links, routes and ruleset are unchanged"
left=0
for p in $pids; do
	left=$((left + $(ip netns list | grep -c "^tcpx-lab-$p-")))
done
is "$left" 0 "no lab namespace of these runs is left behind"

done_testing
