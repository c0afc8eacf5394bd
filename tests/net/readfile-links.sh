#!/bin/sh
# tests/net/readfile-links.sh - captures from elsewhere (tests/net/mklinks.py
# writes them: odd timestamps, raw IP under link types 12, 101, 228 and
# 229, VLAN and QinQ tags, IP shorter than its length, IPv6 jumbograms and
# payload length 0, Linux cooked v1 and v2, loopback, a link type nobody
# decodes): `tcpx -r` prints each exactly as `tcpdump -n -r` does, --json
# stays valid JSON, the link type tcpx cannot decode is named once on
# stderr, and --states, --detail and --diagram=text read them all.
# No root needed.
. "${top_srcdir:-.}/tests/lib.sh"

: "${TCPDUMP:=$(command -v tcpdump)}"
[ -n "$TCPDUMP" ] || skip_all "needs tcpdump"
command -v python3 >/dev/null || skip_all "needs python3"
[ -x "$TCPX" ] || skip_all "no tcpx binary at $TCPX"
tmpdir T
TZ=${TZ:-UTC}; export TZ

python3 "$top_srcdir/tests/net/mklinks.py" "$T"
ok $? "the captures are written"

# Each capture, and a packet of it that shows the point was exercised.
while read -r name want; do
	f="$T/$name.pcap"
	"$TCPDUMP" -n -r "$f" >"$T/$name.want" 2>/dev/null
	"$TCPX" -r "$f" >"$T/$name.raw" 2>"$T/$name.err"
	rc=$?
	# tcpx appends " [tcpx: reason]" where its decoder stopped.
	sed 's/ \[tcpx: [^]]*\]$//' "$T/$name.raw" >"$T/$name.got"
	n=$(wc -l <"$T/$name.want")
	if [ "$rc" -eq 0 ] && [ "$n" -ge 2 ] &&
	    cmp -s "$T/$name.want" "$T/$name.got"; then
		ok 0 "$name: $n lines identical to tcpdump"
	else
		ok 1 "$name: identical to tcpdump"
		diag "exit $rc; $(diff "$T/$name.want" "$T/$name.got" | head -12)"
	fi
	grep -qF -- "$want" "$T/$name.want"
	ok $? "$name: tcpdump shows '$want'"
done <<'EOF'
ts-micro 10.1000000 IP
ts-nano 10.4292819813 IP
raw-12 IP6 fd00::1.40003 > fd00::2.5555: UDP, length 9
raw-101 IP 10.0.0.1.40000 > 10.0.0.2.2000: Flags [S]
raw-228 IP6 fd00::1.40002 > fd00::2.2000: Flags [S.]
raw-229 IP 10.0.0.1.40001 > 10.0.0.2.5555: UDP, length 12
vlan IP 10.0.0.1.40000 > 10.0.0.2.2000: Flags [S]
trunc-ip IP truncated-ip - 100 bytes missing! 10.0.0.1.40000 > 10.0.0.2.2000: Flags [P.], seq 1000:1140
jumbo HBH 40002 > 2000: Flags [P.], seq 1000:71000, ack 2000, win 512, length 70000
sll ethertype IPv4, IP 10.0.0.1.1 > 10.0.0.2.5555: UDP, length 1
sll2 ?     P   IP 10.0.0.1.40001 > 10.0.0.2.5555: UDP, length 1
null IP6 fd00::1 > fd00::2: ICMP6, echo request
loop IP6 fd00::1.40003 > fd00::2.5555: UDP, length 1
dbus UNSUPPORTED
EOF

# More of what each point needs, as tcpdump prints it.
grep -q '\[Error converting time\] IP' "$T/ts-micro.want"
ok $? "ts-micro: a time with bit 31 set is an error, as in tcpdump"
grep -q 'ARP, Request who-has 10.0.0.2 tell 10.0.0.1, length 46' "$T/vlan.want"
ok $? "vlan: an ARP request behind a 0x9100 tag"
grep -q ' \[|vlan\]$' "$T/vlan.want"
ok $? "vlan: a tag cut short"
grep -q 'vlan: truncated tag at offset 14' "$T/vlan.raw"
ok $? "vlan: tcpx says where the tag was cut"
grep -q 'HBH truncated-ip6 - 5 bytes missing!ICMP6' "$T/jumbo.want"
ok $? "jumbo: a jumbogram shorter than its option says"
grep -q 'HBH \[No valid Jumbo Payload Hop-by-Hop option found\]' "$T/jumbo.want"
ok $? "jumbo: payload length 0 without a jumbo option"
grep -q 'IP6 fd00::1 > fd00::2: \[|tcp\]$' "$T/jumbo.want"
ok $? "jumbo: payload length 0, no hop-by-hop header (BIG TCP)"

# The link type tcpx does not decode: named once on stderr, by name.
is "$(grep -c 'link-type DBUS (D-Bus) is not one tcpx decodes' "$T/dbus.err")" 1 \
    "dbus: the link type is named once on stderr"
is "$(grep -c 'tcpx' "$T/dbus.raw")" 0 "dbus: nothing of it on stdout"

# --json: one valid object per packet for every capture; out-of-range
# fractions carried into the seconds, the raw value beside them.
for f in "$T"/*.pcap; do
	"$TCPX" -r "$f" --json 2>/dev/null
done >"$T/all.json"
n=$(python3 - "$T/all.json" <<'EOF'
import json, sys
n = 0
for line in open(sys.argv[1]):
    json.loads(line)
    n += 1
print(n)
EOF
)
ge "$n" 40 "--json: every line of every capture is valid JSON"
"$TCPX" -r "$T/ts-micro.pcap" --json >"$T/ts.json"
python3 - "$T/ts.json" >"$T/ts.out" <<'EOF'
import json, sys
for line in open(sys.argv[1]):
    o = json.loads(line)
    print(repr(o["ts"]), o.get("ts_usec_raw"))
EOF
is "$(sed -n 2p "$T/ts.out")" "1418145371.0 1000000" "--json: 1000000 us is the next second"
is "$(sed -n 3p "$T/ts.out")" "1418143222.516352 -2147483648" \
    "--json: a negative fraction counts back from the second"
"$TCPX" -r "$T/vlan.pcap" --json | head -2 | tail -1 >"$T/vlan.json"
grep -q '"vlan":\[{"tpid":"0x88a8","pcp":0,"dei":0,"id":10},{"tpid":"0x8100","pcp":0,"dei":0,"id":20}\]' "$T/vlan.json"
ok $? "--json: the QinQ stack, outer tag first"
"$TCPX" -r "$T/trunc-ip.pcap" --json | head -1 >"$T/trunc.json"
grep -q '"ip_missing":100' "$T/trunc.json" && grep -q '"tcp":{' "$T/trunc.json"
ok $? "--json: a truncated IP packet keeps its TCP header and says what is missing"
"$TCPX" -r "$T/jumbo.pcap" --json | head -1 >"$T/jumbo.json"
grep -q '"plen":0,"jumbo":70028' "$T/jumbo.json" && grep -q '"payload":{"len":70000' "$T/jumbo.json"
ok $? "--json: the jumbogram's length comes from its option"

# --states, --detail and --diagram=text read every capture to its end.
bad=""
for f in "$T"/*.pcap; do
	for mode in --states --detail --diagram=text; do
		"$TCPX" -r "$f" $mode >/dev/null 2>"$T/mode.err"
		rc=$?
		[ "$rc" -le 1 ] || bad="$bad $(basename "$f") $mode ($rc)"
	done
done
is "$bad" "" "--states, --detail, --diagram=text: no crash on any capture"

done_testing
