#!/bin/sh
# tests/net/icmp-engine.sh - ICMP errors reach the engine (RFC 9293
# §3.9.2.2), against real kernels in the lab, IPv4 and IPv6: port
# unreachable for our SYN refuses the open, as Linux reports it; host
# unreachable on an established connection is a soft error that the
# timeout names; and with --lab=router a Linux router with a smaller MTU
# toward the peer answers our segments with "fragmentation needed" /
# "packet too big", path MTU discovery shrinks them (RFC 1191, RFC 8201),
# and every byte reaches the peer (its ss), the router counting its ICMP.
. "$top_srcdir/tests/lib.sh"
need_root
command -v nft >/dev/null || skip_all "needs nft"
tmpdir T

ready6="lab exec sh $UNTIL 10 '! ip -6 addr show dev peer0 | grep -q tentative'"
reject="lab exec nft add table inet t; lab exec nft add chain inet t i \
{ type filter hook input priority 0 \\; }"
# rtr.sh CMD...: CMD in the router namespace of the tcpx that runs us.
cat >"$T/rtr.sh" <<'EOF'
ns=$(ip netns list | grep -o "^tcpx-lab-$PPID-[0-9a-f]*-rtr")
[ -n "$ns" ] || { echo "rtr.sh: no router namespace for tcpx $PPID" >&2; exit 1; }
exec ip netns exec "$ns" "$@"
EOF

# --- Port unreachable answers our SYN: the open is refused.
for to in 10.0.0.2 '[fd00::2]'; do
	"$TCPX" --lab -c "$reject; lab exec nft add rule inet t i tcp dport 81 \
reject with icmpx type port-unreachable; $ready6; connect $to:81 5" \
	    >"$T/refused.out" 2>&1
	r=$?
	ok $((r == 0)) "$to: connect to a port the kernel rejects fails ($r)"
	a=$(echo "$to" | tr -d '[]')
	grep -q "^\* [0-9:.]* *c1: error: ICMP port unreachable from $a in SYN-SENT: connection refused" \
	    "$T/refused.out"
	ok $? "$to: refused by ICMP port unreachable, in SYN-SENT"
	grep -q 'SYN-SENT -> CLOSED' "$T/refused.out"
	ok $? "$to: SYN-SENT -> CLOSED at once"
	is "$(grep -c 'Flags \[S\]' "$T/refused.out")" 1 "$to: no SYN was resent"
done

# --- Host (IPv6: address) unreachable while established: soft, named
# by the timeout.
for to in 10.0.0.2 '[fd00::2]'; do
	if [ "$to" = 10.0.0.2 ]; then
		rej='reject with icmp type host-unreachable'
		what='host unreachable from 10.0.0.2'
	else
		rej='reject with icmpv6 type addr-unreachable'
		what='address unreachable from fd00::2'
	fi
	"$TCPX" --lab -c "set retries2 2; set rto.max 300ms; $ready6; \
connect $to:7; $reject; lab exec nft add rule inet t i tcp dport 7 $rej; \
send hi; wait event icmp 5; stat; wait state CLOSED 20" >"$T/soft.out" 2>&1
	ok $? "$to: soft error: the batch runs to the end"
	grep -q "^\* [0-9:.]* *c1: ICMP $what in ESTABLISHED: a soft error" \
	    "$T/soft.out"
	ok $? "$to: $what in ESTABLISHED is a soft error (RFC 5461 §4)"
	grep -q "^  last soft error: ICMP $what" "$T/soft.out"
	ok $? "$to: stat shows it"
	grep -q "^\* [0-9:.]* *c1: error: retransmission timeout: no answer after 2 retransmissions .*; last soft error: ICMP $what" \
	    "$T/soft.out"
	ok $? "$to: the timeout names it (RFC 1122 §4.2.3.9)"
done

# --- Path MTU discovery through a real router.
for to in 10.0.0.2 '[fd00::2]'; do
	"$TCPX" --lab=router -q -c "lab mtu 1400; $ready6; connect $to:9; \
send --size 6000; wait event pmtu 5; stat; \
lab exec sh $UNTIL 10 'ss -tinH | grep -q bytes_received:6000'; \
lab exec sh $T/rtr.sh nstat -az IcmpOutDestUnreachs Icmp6OutPktTooBigs" \
	    >"$T/pmtu.out" 2>&1
	ok $? "$to: through the router, the batch runs to the end"
	if [ "$to" = 10.0.0.2 ]; then
		ev='fragmentation needed from 10.0.0.254: path MTU 1500 -> 1400, segments 1448 -> 1348 bytes'
		ctr=IcmpOutDestUnreachs
	else
		ev='packet too big from fd00::fe: path MTU 1500 -> 1400, segments 1428 -> 1328 bytes'
		ctr=Icmp6OutPktTooBigs
	fi
	grep -q "^\* [0-9:.]* *c1: ICMP $ev" "$T/pmtu.out"
	ok $? "$to: the router's ICMP lowered the path MTU: $ev"
	grep -q '^  path MTU 1400, learnt from ICMP' "$T/pmtu.out"
	ok $? "$to: stat shows the path MTU"
	ge "$(awk -v c=$ctr '$1 == c { print $2 }' "$T/pmtu.out")" 1 \
	    "$to: the router counted its ICMP ($ctr)"
	grep -q 'until.sh: timed out' "$T/pmtu.out"
	ok $((!$?)) "$to: the peer received all 6000 bytes (its ss)"
done

"$TCPX" --lab -c 'lab mtu 1400' >"$T/norouter.out" 2>&1
r=$?
ok $((r == 0)) "lab mtu without a router fails ($r)"
grep -q 'lab mtu: the lab has no router: start it with --lab=router' \
    "$T/norouter.out"
ok $? "saying how to get one"
"$TCPX" --lab=switch -c 'quit' >"$T/badlab.out" 2>&1
r=$?
ok $((r == 0)) "--lab=switch is refused ($r)"
grep -q 'unknown lab' "$T/badlab.out"
ok $? "naming the unknown lab"
done_testing
