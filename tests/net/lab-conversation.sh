#!/bin/sh
# tests/net/lab-conversation.sh - acceptance: tcpx holds real conversations
# with the Linux kernel in the lab (IPv4 echo, IPv6 echo, HTTP), checked
# from the kernel's side: a capture in the peer namespace and `ss` there.
. "$top_srcdir/tests/lib.sh"
need_root
command -v tcpdump >/dev/null || skip_all "needs tcpdump"
tmpdir T

# peer_capture_start FILE: lab commands that start tcpdump in the peer
# namespace writing FILE (packet-buffered), and give it time to start.
peer_start() {
	printf 'lab exec sh -c "tcpdump -i peer0 -n -U --immediate-mode -w %s tcp >/dev/null 2>&1 \\& echo \\$! > %s.pid; sleep 1"' "$1" "$1"
}
peer_stop() {
	printf 'lab exec sh -c "sleep 0.3; kill -INT \\$(cat %s.pid); sleep 0.3"' "$1"
}

# conversation NAME ADDR: echo "hello" through port 7 and close to TIME-WAIT.
conversation() {
	name=$1 addr=$2
	pcap=$T/$name.pcap
	"$TCPX" --lab -c "$(peer_start "$pcap"); connect $addr:7; send hello; \
wait recv hello; lab exec ss -tanH; close; wait state TIME-WAIT; \
lab exec ss -tanH; $(peer_stop "$pcap")" >"$T/$name.out" 2>"$T/$name.err" &
	pids="$pids $!"
	wait $!
	ok $? "$name: the batch exits 0"
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
