#!/bin/sh
# tests/net/readfile-vs-tcpdump.sh - `tcpx -r` against `tcpdump -n -r` on
# pcaps captured here from real kernel traffic between two private network
# namespaces: handshakes with MSS/SACK/TS/wscale, bulk data, retransmissions
# and SACK blocks under loss, RSTs, IPv6, UDP, ICMP port unreachable, ICMP
# echo, ARP and IPv6 kernel chatter; the same pcaps as pcapng; --json; and
# truncated, corrupt, missing and non-pcap files.
. "${top_srcdir:-.}/tests/lib.sh"

need_root
: "${TCPDUMP:=$(command -v tcpdump)}"
[ -n "$TCPDUMP" ] || skip_all "needs tcpdump"
command -v python3 >/dev/null || skip_all "needs python3"
[ -x "$TCPX" ] || skip_all "no tcpx binary at $TCPX"
peer="$top_srcdir/tests/net/readfile-peer.py"
tmpdir T
ns_pair A B

# Scenarios print local times: both tools must agree on the zone.
TZ=${TZ:-UTC}; export TZ

# cap_start NAME: capture everything on B's veth into $T/NAME.pcap; a
# check that tcpdump listens before the scenario starts.
cap_start() {
	cap_name=$1
	ip netns exec "$B" "$TCPDUMP" -n -U --immediate-mode -s 262144 -i b0 -w "$T/$1.pcap" \
	    2>"$T/$1.tcpdump.err" &
	cap_pid=$!
	wait_for "listening on" "$T/$1.tcpdump.err"
	ok $? "$1: tcpdump listens on B's veth"
}

# cap_stop ERE: once the capture shows the scenario's last packet (ERE),
# stop it; a check that it came.
cap_stop() {
	tcpdump_stop "$cap_pid" "$T/$cap_name.pcap" "$1"
	ok $? "$cap_name: the capture saw the scenario's last packet"
}

# tcpdump_lines FILE: tcpdump's lines, cut after "length N" (application
# decoders' suffix) and without its multi-line continuation hex dumps.
tcpdump_lines() {
	"$TCPDUMP" -n -r "$1" 2>/dev/null | grep -v '^[[:space:]]' |
	    sed -E 's/(, length [0-9]+)[: ].*$/\1/'
}

# compare NAME FILE MIN WHAT: tcpx -r FILE must equal tcpdump line for line,
# on at least MIN packets.
compare() {
	tcpdump_lines "$2" >"$T/$1.want"
	"$TCPX" -r "$2" >"$T/$1.got" 2>"$T/$1.goterr"
	_rc=$?
	_n=$(wc -l <"$T/$1.want")
	if [ "$_rc" -eq 0 ] && [ "$_n" -ge "$3" ] &&
	    cmp -s "$T/$1.want" "$T/$1.got"; then
		ok 0 "$4 ($_n packets identical to tcpdump)"
	else
		ok 1 "$4"
		diag "exit $_rc, $_n packets (want >= $3)"
		diag "$(diff "$T/$1.want" "$T/$1.got" | head -20)"
		diag "$(head -5 "$T/$1.goterr")"
	fi
}

# has NAME REGEX WHAT: the tcpdump rendering of capture NAME shows REGEX
# (so the scenario really produced what it is meant to test).
has() {
	grep -Eq "$2" "$T/$1.want"
	ok $? "$3"
}

# wait_ready FILE: wait for a peer to print "ready" (a diagnostic if not).
wait_ready() { wait_for ready "$1"; }

# --- 1: handshake with options, bulk data, FIN, over IPv4
cap_start tcp4
ip netns exec "$B" python3 "$peer" server 10.0.0.2 5001 1 >"$T/srv1" &
srv=$!
wait_ready "$T/srv1"
ip netns exec "$A" python3 "$peer" client 10.0.0.2 5001 200000
wait "$srv"
cap_stop '10\.0\.0\.2\.5001 > 10\.0\.0\.1\.[0-9]+: Flags \[F'
compare tcp4 "$T/tcp4.pcap" 20 "IPv4 handshake, bulk data, FIN"
has tcp4 'Flags \[S\], seq [0-9]+, win [0-9]+, options \[mss 1460,sackOK,TS val [0-9]+ ecr 0,nop,wscale [0-9]+\], length 0$' \
    "SYN carries MSS, SACK-permitted, timestamps and window scale"
has tcp4 'Flags \[S\.\], seq [0-9]+, ack [0-9]+,' "SYN-ACK prints absolute numbers"
has tcp4 'Flags \[\.\], seq 1:[0-9]+, ack 1,' "data prints relative sequence numbers"

# --- 2: loss: B's kernel drops a random sixth of A's data segments on
# input (A's own output hook would see whole GSO super-packets), so B sends
# SACK blocks and A retransmits; the capture on b0 sees every copy.
ip netns exec "$B" nft -f - <<'NFT'
table inet tcpxloss {
	chain i {
		type filter hook input priority 0; policy accept;
		tcp dport 5002 tcp flags & (syn | fin) == 0 meta length > 200 numgen random mod 6 == 0 drop
	}
}
NFT
cap_start loss
ip netns exec "$B" python3 "$peer" server 10.0.0.2 5002 1 >"$T/srv2" &
srv=$!
wait_ready "$T/srv2"
ip netns exec "$A" python3 "$peer" client 10.0.0.2 5002 400000
wait "$srv"
cap_stop '10\.0\.0\.2\.5002 > 10\.0\.0\.1\.[0-9]+: Flags \[F'
ip netns exec "$B" nft delete table inet tcpxloss
compare loss "$T/loss.pcap" 50 "retransmissions and SACK blocks under loss"
has loss 'options \[nop,nop,(TS val [0-9]+ ecr [0-9]+,nop,nop,)?sack [1-4] \{[0-9]+:[0-9]+\}' \
    "the loss scenario produced SACK blocks"
python3 - "$T/loss.want" <<'PY'
import re, sys
seen, again = set(), 0
for l in open(sys.argv[1]):
    m = re.search(r"> 10\.0\.0\.2\.5002: .*, seq ([0-9]+:[0-9]+),", l)
    if m:
        again += m.group(1) in seen
        seen.add(m.group(1))
sys.exit(0 if again > 0 else 1)
PY
ok $? "the loss scenario produced retransmissions (a data range sent twice)"

# --- 3: RSTs: a refused connection and an abortive close (SO_LINGER 0)
cap_start rst
ip netns exec "$A" python3 "$peer" refused 10.0.0.2 9
ip netns exec "$B" python3 "$peer" server 10.0.0.2 5003 1 >"$T/srv3" &
srv=$!
wait_ready "$T/srv3"
ip netns exec "$A" python3 "$peer" abort 10.0.0.2 5003
wait "$srv"
cap_stop '> 10\.0\.0\.2\.5003: Flags \[R'
compare rst "$T/rst.pcap" 6 "RST for a closed port and for SO_LINGER 0"
has rst 'Flags \[R\.\], seq 0, ack [0-9]+, win 0, length 0' "closed port answered with RST"
has rst 'Flags \[R\.\], seq [0-9]+, ack [0-9]+, win [0-9]+, length 0' "abortive close sent RST"

# --- 4: IPv6 TCP, ICMPv6 echo, neighbour discovery
cap_start tcp6
ip netns exec "$B" python3 "$peer" server fd00::2 5004 1 >"$T/srv4" &
srv=$!
wait_ready "$T/srv4"
ip netns exec "$A" ip -6 neigh flush dev a0
ip netns exec "$A" python3 "$peer" client fd00::2 5004 50000
wait "$srv"
ip netns exec "$A" python3 "$peer" ping fd00::2 0 2
cap_stop 'ICMP6, echo reply, id [0-9]+, seq 2,'
compare tcp6 "$T/tcp6.pcap" 15 "IPv6 TCP, ICMPv6 echo and neighbour discovery"
has tcp6 'IP6 fd00::1\.[0-9]+ > fd00::2\.5004: Flags \[S\]' "IPv6 SYN"
has tcp6 'ICMP6, echo request, id [0-9]+, seq 1, length 64' "ICMPv6 echo request"

# --- 5: UDP over IPv4 and IPv6, ICMP port unreachable (v4 and v6)
cap_start udp
ip netns exec "$B" python3 "$peer" udpsink 10.0.0.2 40002 3 >"$T/srv5" &
srv=$!
wait_ready "$T/srv5"
ip netns exec "$A" python3 "$peer" udp 10.0.0.2 40002 3 40001
wait "$srv"
ip netns exec "$A" python3 "$peer" udp 10.0.0.2 9 1 40003
ip netns exec "$A" python3 "$peer" udp fd00::2 9 1 40004
ip netns exec "$B" python3 "$peer" udpsink fd00::2 40006 2 >"$T/srv6" &
srv=$!
wait_ready "$T/srv6"
ip netns exec "$A" python3 "$peer" udp fd00::2 40006 2 40005
wait "$srv"
cap_stop 'fd00::1\.40005 > fd00::2\.40006: UDP, length 110'
compare udp "$T/udp.pcap" 8 "UDP and ICMP/ICMPv6 port unreachable"
has udp 'ICMP 10\.0\.0\.2 udp port 9 unreachable, length [0-9]+' "ICMP port unreachable quotes the UDP header"
has udp 'ICMP6, destination unreachable, unreachable port, fd00::2 udp port 9, length' "ICMPv6 port unreachable"

# --- 6: ARP and ICMP echo
cap_start arp
ip netns exec "$A" ip neigh flush dev a0
ip netns exec "$A" python3 "$peer" ping 10.0.0.2 0 3
cap_stop 'ICMP echo reply, id [0-9]+, seq 3,'
compare arp "$T/arp.pcap" 6 "ARP and ICMP echo"
has arp 'ARP, Request who-has 10\.0\.0\.2 tell 10\.0\.0\.1, length 28' "ARP request"
has arp 'ARP, Reply 10\.0\.0\.2 is-at ([0-9a-f]{2}:){5}[0-9a-f]{2}, length 28' "ARP reply"
has arp 'ICMP echo reply, id [0-9]+, seq 3, length 64' "ICMP echo reply"

# --- 7: IPv6 kernel chatter on link up: MLDv2 reports (hop-by-hop), RS
cap_start chatter
ip netns exec "$A" sysctl -qw net.ipv6.conf.a0.router_solicitation_delay=0 2>/dev/null
ip -n "$A" link set a0 down
ip -n "$A" link set a0 up
cap_stop 'multicast listener report v2'
compare chatter "$T/chatter.pcap" 1 "IPv6 link-up chatter (MLDv2, router solicitation)"
has chatter 'HBH ICMP6, multicast listener report v2, [0-9]+ group record\(s\), length [0-9]+' "MLDv2 report behind a hop-by-hop header"

# --- pcapng: the same packets in the other file format
for n in tcp4 loss udp chatter; do
	python3 "$top_srcdir/tests/net/pcap2pcapng.py" "$T/$n.pcap" "$T/$n.pcapng"
	compare "$n-ng" "$T/$n.pcapng" 1 "pcapng: $n"
done

# --- hand-made frames: every TCP option kind, malformed option lists,
# fragments, ICMP/ICMPv6 types, odd UDP lengths, snaplen-cut frames.  tcpx
# appends " [tcpx: reason]" to frames its decoder rejects; without that
# note each line must be tcpdump's.
python3 "$top_srcdir/tests/net/mkframes.py" "$T/odd.pcap"
tcpdump_lines "$T/odd.pcap" >"$T/odd.want"
"$TCPX" -r "$T/odd.pcap" >"$T/odd.raw" 2>&1
rc=$?
sed 's/ \[tcpx: [^]]*\]$//' "$T/odd.raw" >"$T/odd.got"
[ "$rc" -eq 0 ] && [ "$(wc -l <"$T/odd.want")" -ge 140 ] &&
    cmp -s "$T/odd.want" "$T/odd.got"
st=$?
ok $st "hand-made frames: options, fragments, ICMP types, cut frames as tcpdump"
[ $st -eq 0 ] || diag "$(diff "$T/odd.want" "$T/odd.got" | head -20)"
grep -q 'options \[nop,\[bad opt\]\] \[tcpx: tcp: ' "$T/odd.raw"
ok $? "a rejected option list keeps tcpdump's text and adds the decoder's reason"

# --- JSON: one valid object per packet with the decoded fields
"$TCPX" -r "$T/tcp4.pcap" --json >"$T/tcp4.json"
ok $? "--json exits 0"
python3 - "$T/tcp4.json" "$(wc -l <"$T/tcp4.want")" <<'PY'
import json, sys
lines = open(sys.argv[1]).read().splitlines()
objs = [json.loads(l) for l in lines]
assert len(objs) == int(sys.argv[2]), (len(objs), sys.argv[2])
syn = [o for o in objs if "tcp" in o][0]
assert syn["link"] == "ethernet" and syn["eth"]["type"] == "0x0800", syn
assert syn["ip4"]["src"] == "10.0.0.1" and syn["ip4"]["dst"] == "10.0.0.2", syn
assert syn["ip4"]["proto"] == 6 and syn["ip4"]["df"] is True, syn
t = syn["tcp"]
assert t["dport"] == 5001 and t["flags"] == "S", t
names = [o["name"] for o in t["options"]]
assert names[0] == "mss" and t["options"][0]["mss"] == 1460, names
kinds = {o["kind"]: o for o in t["options"]}
assert 4 in kinds and 3 in kinds and 8 in kinds, kinds
assert kinds[8]["val"] > 0 and kinds[8]["ecr"] == 0, kinds[8]
assert all("ts" in o and "len" in o for o in objs)
assert any(o.get("payload", {}).get("len", 0) > 0 for o in objs if "tcp" in o)
PY
ok $? "--json: one object per packet, SYN fields and typed options"
"$TCPX" -r "$T/loss.pcap" --json | python3 -c '
import json, sys
sacks = [o for o in map(json.loads, sys.stdin) for x in o.get("tcp", {}).get("options", []) if x["kind"] == 5]
assert sacks and all(len(x["blocks"]) >= 1 for o in sacks for x in o["tcp"]["options"] if x["kind"] == 5)'
ok $? "--json: SACK options carry their blocks"
"$TCPX" -r "$T/arp.pcap" --json | python3 -c '
import json, sys
objs = [json.loads(l) for l in sys.stdin]
arp = [o["arp"] for o in objs if "arp" in o]
assert any(a["op"] == 1 and a["tpa"] == "10.0.0.2" for a in arp), arp
icmp = [o["icmp"] for o in objs if "icmp" in o]
assert any(i["type"] == 8 and i["seq"] == 1 for i in icmp), icmp'
ok $? "--json: ARP and ICMP fields"
"$TCPX" -r "$T/udp.pcap" --json | python3 -c '
import json, sys
objs = [json.loads(l) for l in sys.stdin]
q = [o["icmp"]["quote"] for o in objs if "icmp" in o and o["icmp"]["type"] == 3]
assert q and q[0]["proto"] == 17 and q[0]["dport"] == 9, q
u6 = [o for o in objs if "ip6" in o and "udp" in o]
assert u6 and u6[0]["udp"]["len"] >= 8, u6'
ok $? "--json: ICMP quote and UDP over IPv6"

# --- damaged files
full=$(wc -c <"$T/tcp4.pcap")
head -c $((full - 7)) "$T/tcp4.pcap" >"$T/trunc.pcap"
"$TCPX" -r "$T/trunc.pcap" >"$T/trunc.out" 2>"$T/trunc.err"
rc=$?
want=$(( $(wc -l <"$T/tcp4.want") - 1 ))
head -n "$want" "$T/tcp4.want" >"$T/trunc.want"
[ "$rc" -eq 1 ] && cmp -s "$T/trunc.want" "$T/trunc.out" &&
    grep -q "^tcpx: $T/trunc.pcap: truncated" "$T/trunc.err"
ok $? "truncated pcap: earlier packets printed, error named, exit 1"
diag "$(cat "$T/trunc.err")"

# A record claiming a huge capture length after the first packet.
python3 - "$T/tcp4.pcap" "$T/corrupt.pcap" <<'PY'
import struct, sys
d = bytearray(open(sys.argv[1], "rb").read())
incl = struct.unpack("<I", d[24 + 8:24 + 12])[0]
off = 24 + 16 + incl
d[off + 8:off + 12] = struct.pack("<I", 0x7fffffff)
open(sys.argv[2], "wb").write(d)
PY
"$TCPX" -r "$T/corrupt.pcap" >"$T/corrupt.out" 2>"$T/corrupt.err"
rc=$?
[ "$rc" -eq 1 ] && [ "$(wc -l <"$T/corrupt.out")" -eq 1 ] &&
    grep -q "^tcpx: $T/corrupt.pcap: .*length" "$T/corrupt.err"
ok $? "corrupt record: first packet printed, error, exit 1"
diag "$(cat "$T/corrupt.err")"

cat "$T/tcp4.pcap" >"$T/badmagic.pcap"
printf 'XXXX' | dd of="$T/badmagic.pcap" bs=1 count=4 conv=notrunc 2>/dev/null
"$TCPX" -r "$T/badmagic.pcap" >"$T/badmagic.out" 2>"$T/badmagic.err"
rc=$?
[ "$rc" -eq 2 ] && [ ! -s "$T/badmagic.out" ] &&
    grep -q "^tcpx: $T/badmagic.pcap: unknown file format" "$T/badmagic.err"
ok $? "corrupt file header: clear error, exit 2"
diag "$(cat "$T/badmagic.err")"

"$TCPX" -r "$T/does-not-exist.pcap" >/dev/null 2>"$T/missing.err"
rc=$?
[ "$rc" -eq 2 ] && grep -q "^tcpx: $T/does-not-exist.pcap: No such file" "$T/missing.err"
ok $? "missing file: exit 2 naming the file"
diag "$(cat "$T/missing.err")"

"$TCPX" -r "$peer" >/dev/null 2>"$T/notpcap.err"
rc=$?
[ "$rc" -eq 2 ] && grep -q "^tcpx: $peer: " "$T/notpcap.err"
ok $? "non-pcap file: exit 2"
diag "$(cat "$T/notpcap.err")"

head -c 24 "$T/tcp4.pcap" >"$T/empty.pcap"
out=$("$TCPX" -r "$T/empty.pcap" 2>&1)
rc=$?
[ "$rc" -eq 0 ] && [ -z "$out" ]
ok $? "a pcap with no packets prints nothing and exits 0"

done_testing
