#!/bin/sh
# tests/net/ip-frag.sh - the IP layer under the engine, against the lab's
# kernel, IPv4 and IPv6: datagrams larger than the MTU leave in fragments
# the kernel reassembles (its nstat), the kernel's fragmented answers are
# reassembled before UDP sees them, fragment lines print as tcpdump prints
# them, `fault drop frag` loses a fragment and with it the datagram (both
# reassembly timeouts, with ICMP Time Exceeded each way), --frag and
# `craft ... frag N` make fragments of a given size, and a datagram with DF
# set that does not fit fails the command.
. "$top_srcdir/tests/lib.sh"
need_root
command -v tcpdump >/dev/null || skip_all "needs tcpdump"
tmpdir T
TZ=UTC; export TZ

peer_capture_scripts "'ip or ip6'"
ready6="lab exec sh $UNTIL 10 '! ip -6 addr show dev peer0 | grep -q tentative'"

# --- 3000 bytes of UDP each way, over IPv4 and IPv6.
for fam in 4 6; do
	if [ $fam = 4 ]; then to=10.0.0.2:7; N=Ip; else to=[fd00::2]:7; N=Ip6; fi
	pcap=$T/udp$fam.pcap
	"$TCPX" --lab -c "lab exec sh $T/capstart.sh $pcap; $ready6; \
udp send --size 3000 $to; wait recv xyzabc 5; \
lab exec sh $T/capstop.sh $pcap 'frag|ip-proto-17'; \
lab exec nstat -az ${N}ReasmOKs ${N}FragCreates; stat path" \
	    >"$T/udp$fam.out" 2>&1
	ok $? "IPv$fam: udp send --size 3000 runs to the end"
	grep -q 'Message too long' "$T/udp$fam.out"
	ok $((!$?)) "IPv$fam: no 'Message too long' from the link"
	is "$(awk -v n=${N}ReasmOKs '$1 == n { print $2 }' "$T/udp$fam.out")" 1 \
	    "IPv$fam: the kernel reassembled our datagram (${N}ReasmOKs 1)"
	is "$(awk -v n=${N}FragCreates '$1 == n { print $2 }' "$T/udp$fam.out")" 3 \
	    "IPv$fam: the kernel sent its echo in 3 fragments (${N}FragCreates)"
	grep -q "^\* reassembled a 30[24]8-byte IPv$fam datagram (UDP) from 3 fragments" \
	    "$T/udp$fam.out"
	ok $? "IPv$fam: we reassembled the echo from 3 fragments"
	grep -q '^= u1 from .*: 3000 bytes "abcdef' "$T/udp$fam.out"
	ok $? "IPv$fam: UDP got all 3000 bytes back"
	grep -q "^ipv$fam fragments: 0 datagrams waiting (0 bytes, .*), 1 reassembled" \
	    "$T/udp$fam.out"
	ok $? "IPv$fam: stat path counts the reassembly, nothing left waiting"
	# The peer saw 6 fragments: tcpx -r prints them as tcpdump does.
	tcpdump -n -r "$pcap" 2>/dev/null >"$T/udp$fam.want"
	"$TCPX" -r "$pcap" >"$T/udp$fam.got" 2>&1
	ge "$(grep -c 'frag\|ip-proto-17\|UDP' "$T/udp$fam.want")" 6 \
	    "IPv$fam: the peer's capture holds the 6 fragments"
	cmp -s "$T/udp$fam.want" "$T/udp$fam.got"
	r=$?
	ok $r "IPv$fam: tcpx -r prints the fragments as tcpdump does"
	[ $r -eq 0 ] || diag "$(diff "$T/udp$fam.want" "$T/udp$fam.got")"
	# Our own lines of them are tcpdump's too.
	grep -E '^[<>] [0-9:.]+ IP6? ' "$T/udp$fam.out" | cut -c3- |
	    grep -E 'frag|ip-proto-17|UDP' | sed 's/^[0-9:.]* //' >"$T/ours$fam"
	sed 's/^[0-9:.]* //' "$T/udp$fam.want" | grep -E 'frag|ip-proto-17|UDP' \
	    >"$T/theirs$fam"
	cmp -s "$T/ours$fam" "$T/theirs$fam"
	ok $? "IPv$fam: the session's own fragment lines are tcpdump's"
done

# --- A lost fragment loses the datagram: outbound, the kernel's
# reassembly times out (ipfrag_time 1 s) and it tells us; inbound, ours
# does (frag.time 1s) and we tell it.
"$TCPX" --lab -c "lab exec sysctl -qw net.ipv4.ipfrag_time=1; set frag.time 1s; \
fault drop frag 2 out; fault; udp send --size 3000 10.0.0.2:7; \
wait event icmp 10; \
fault drop frag 3 in; udp send --size 3000 10.0.0.2:7; \
wait event fragment-timeout 10; \
lab exec sh $UNTIL 10 'nstat -asz IcmpInTimeExcds | grep -q \"IcmpInTimeExcds  *1 \"'; \
lab exec nstat -az IpReasmTimeout IpReasmFails IcmpInTimeExcds IcmpOutTimeExcds" \
    >"$T/drop.out" 2>&1
ok $? "fault drop frag: the batch runs to the end"
grep -q '^  drop fragment 2 of the next outbound fragmented datagram' "$T/drop.out"
ok $? "fault lists the armed fragment fault"
grep -q '^\* fault: dropped outbound fragment 2 of datagram id 0x' "$T/drop.out"
ok $? "outbound: fragment 2 was dropped"
grep -q 'ICMP ip reassembly time exceeded' "$T/drop.out"
ok $? "outbound: the kernel's reassembly timed out and it said so"
grep -q '^\* [0-9:.]* *u1: ICMP time exceeded from 10.0.0.2 for the datagram to 10.0.0.2:7' \
    "$T/drop.out"
ok $? "outbound: the UDP socket heard of it (RFC 1122 §4.1.3.3)"
grep -q '^\* fault: dropped inbound fragment 3 of datagram id 0x' "$T/drop.out"
ok $? "inbound: fragment 3 of the echo was dropped"
grep -q '^\* reassembly of datagram id 0x[0-9a-f]* from 10.0.0.2 timed out after 1.0 s: 2 fragments, 2960 bytes, the last never came' \
    "$T/drop.out"
ok $? "inbound: our reassembly timed out after frag.time"
grep -q '^> .* IP 10.0.0.1 > 10.0.0.2: ICMP ip reassembly time exceeded' "$T/drop.out"
ok $? "inbound: we sent ICMP Time Exceeded (RFC 792, RFC 1122 §3.3.2)"
is "$(awk '$1 == "IcmpInTimeExcds" { print $2 }' "$T/drop.out")" 1 \
    "the kernel received our Time Exceeded (IcmpInTimeExcds 1)"
is "$(awk '$1 == "IpReasmTimeout" { print $2 }' "$T/drop.out")" 1 \
    "the kernel's own reassembly timed out once (IpReasmTimeout 1)"
is "$(grep -c '^= u1' "$T/drop.out")" 0 "no datagram came through either way"

# --- IPv6: the kernel's reassembly times out too (ip6frag_time 1 s) and
# it says so with ICMPv6 Time Exceeded, code 1.
"$TCPX" --lab -c "lab exec sysctl -qw net.ipv6.ip6frag_time=1; $ready6; \
fault drop frag 2 out; udp send --size 3000 [fd00::2]:7; wait event icmp 10; \
lab exec nstat -az Ip6ReasmTimeout Ip6ReasmFails" >"$T/drop6.out" 2>&1
ok $? "IPv6 fault drop frag: the batch runs to the end"
grep -q '^\* [0-9:.]* *u1: ICMP time exceeded from fd00::2 for the datagram to \[fd00::2\]:7' \
    "$T/drop6.out"
ok $? "IPv6: the kernel's Time Exceeded reached the UDP socket"
is "$(awk '$1 == "Ip6ReasmTimeout" { print $2 }' "$T/drop6.out")" 1 \
    "IPv6: the kernel's reassembly timed out (Ip6ReasmTimeout 1)"

# --- Fragments of a chosen size; crafted fragments; DF that does not fit.
pcap=$T/sized.pcap
"$TCPX" --lab -c "lab exec sh $T/capstart.sh $pcap; \
udp send --frag 500 --size 1000 10.0.0.2:7; wait recv xyzabc 5; \
craft S 0:0(0) to 10.0.0.2:80 frag 8 <mss 1460>; expect S. *:*(0) within 3; \
lab exec sh $T/capstop.sh $pcap 'Flags \\[R\\]'; lab exec nstat -az IpReasmOKs" \
    >"$T/sized.out" 2>&1
ok $? "--frag and craft frag: the batch runs to the end"
tcpdump -v -n -r "$pcap" 2>/dev/null >"$T/sized.v"
is "$(grep -c 'proto UDP (17), length 516)' "$T/sized.v")" 2 \
    "udp send --frag 500: two 496-byte fragments (516 with the header)"
is "$(grep -c 'offset 992, flags \[none\], proto UDP (17), length 36)' "$T/sized.v")" 1 \
    "and the last 16 bytes at offset 992"
is "$(awk '$1 == "IpReasmOKs" { print $2 }' "$T/sized.out")" 2 \
    "the kernel reassembled both (IpReasmOKs 2)"
ge "$(grep -c 'proto TCP (6), length 28)' "$T/sized.v")" 3 \
    "craft frag 8: the SYN went in fragments of 8 bytes"
grep -q '^< .* 10.0.0.2.80 > 10.0.0.1.[0-9]*: Flags \[S\.\]' "$T/sized.out"
ok $? "and the kernel answered the reassembled SYN"
tcpdump -n -r "$pcap" 2>/dev/null >"$T/sized.want"
"$TCPX" -r "$pcap" >"$T/sized.got" 2>&1
cmp -s "$T/sized.want" "$T/sized.got"
r=$?
ok $r "tcpx -r prints sized and 8-byte fragments as tcpdump does"
[ $r -eq 0 ] || diag "$(diff "$T/sized.want" "$T/sized.got")"

"$TCPX" --lab -c "craft . 0:1600(1600) to 10.0.0.2:9 df; echo not-reached" \
    >"$T/df.out" 2>&1
r=$?
ok $((r == 0)) "a crafted segment with DF that does not fit fails the batch ($r)"
grep -q 'tcpx: .*send: 1640 bytes do not fit the MTU of 1500 and DF is set' "$T/df.out"
ok $? "saying why, in one line"
grep -q not-reached "$T/df.out"
ok $((!$?)) "and the batch stops there"
done_testing
