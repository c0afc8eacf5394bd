#!/bin/sh
# tests/net/lab-ipv6-ready.sh - a fresh lab is ready for IPv6 as it is for
# IPv4: the first neighbour solicitation of a first `connect [fd00::2]:7`
# gets its answer, so the SYN leaves once and at once.  Before, both veth
# ends had interface index 2, the kernel took their carrier as no urgent
# link event and set the peer's IPv6 up to a second later; meanwhile it
# dropped our solicitations (Ip6InNoRoutes), and a first IPv6 connect took
# 1.25 s, its SYN retransmitted while it waited.  With --lab=router the
# router answers for the peer (proxy NDP) without proxy_delay's wait.
. "$top_srcdir/tests/lib.sh"
need_root
command -v tcpdump >/dev/null || skip_all "needs tcpdump"
tmpdir T

for lab in --lab --lab=router; do
	"$TCPX" $lab -q -w "$T/first.pcap" -c "set lines none; \
connect [fd00::2]:7; stat; lab exec nstat -az Ip6InNoRoutes" \
	    >"$T/first.out" 2>&1
	ok $? "$lab: a first IPv6 connect in a fresh lab"
	is "$(tcpdump -n -r "$T/first.pcap" 2>/dev/null |
	    grep -c 'neighbor solicitation, who has fd00::2')" 1 \
	    "$lab: its first neighbour solicitation was answered"
	is "$(tcpdump -n -r "$T/first.pcap" 2>/dev/null |
	    grep -c 'fd00::1\.[0-9]* > fd00::2\.7: Flags \[S\]')" 1 \
	    "$lab: the SYN left once"
	grep -q ' retransmits 0 ' "$T/first.out"
	ok $? "$lab: stat counts no retransmission"
	is "$(awk '$1 == "Ip6InNoRoutes" { print $2 }' "$T/first.out")" 0 \
	    "$lab: the peer dropped nothing for want of a route"
done

# The IPv4 and IPv6 ends of the same lab: one ARP request, one solicitation.
"$TCPX" --lab -q -w "$T/both.pcap" -c "set lines none; connect 10.0.0.2:7; \
connect [fd00::2]:7" >"$T/both.out" 2>&1
ok $? "--lab: IPv4 then IPv6 connect"
is "$(tcpdump -n -r "$T/both.pcap" 2>/dev/null | grep -c 'Request who-has 10.0.0.2')" 1 \
    "--lab: one ARP request"
is "$(tcpdump -n -r "$T/both.pcap" 2>/dev/null | grep -c 'neighbor solicitation, who has fd00::2')" 1 \
    "--lab: one neighbour solicitation"

done_testing
