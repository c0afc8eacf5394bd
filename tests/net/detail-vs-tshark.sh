#!/bin/sh
# tests/net/detail-vs-tshark.sh - `tcpx -r FILE --detail` against `tshark`
# on the same packets: IP id, TTL, DF, header checksum and its verdict,
# TCP ports, seq, ack, header length, flags, window, checksum and its
# verdict, urgent pointer, MSS, window scale and payload length, for every
# TCP packet tcpx decodes whole: the hand-made frames of mkframes.py
# (every option kind, malformed lists, fragments, IPv6 extension headers)
# and, as root, a lab session's real kernel traffic.  --packet N prints
# packet N alone.  Skipped without tshark.
. "${top_srcdir:-.}/tests/lib.sh"

command -v tshark >/dev/null || skip_all "needs tshark"
command -v python3 >/dev/null || skip_all "needs python3"
[ -x "$TCPX" ] || skip_all "no tcpx binary at $TCPX"
tmpdir T
TZ=UTC; export TZ

# compare PCAP NAME MIN: the fields agree on every TCP packet tcpx decodes
# whole, and there are at least MIN of them.
compare() {
	"$TCPX" -r "$1" --detail >"$T/$2.detail"
	ok $? "$2: tcpx -r --detail reads the file"
	awk -f "$top_srcdir/tests/net/detail-fields.awk" "$T/$2.detail" \
	    >"$T/$2.ours"
	tshark -o tcp.check_checksum:TRUE -o ip.check_checksum:TRUE \
	    -o tcp.relative_sequence_numbers:FALSE -r "$1" -Y tcp -T fields \
	    -E separator=, -e frame.number -e ip.id -e ip.ttl -e ip.flags.df \
	    -e ip.checksum -e ip.checksum.status -e tcp.srcport \
	    -e tcp.dstport -e tcp.seq_raw -e tcp.ack_raw -e tcp.hdr_len \
	    -e tcp.flags -e tcp.window_size_value -e tcp.checksum \
	    -e tcp.checksum.status -e tcp.urgent_pointer \
	    -e tcp.options.mss_val -e tcp.options.wscale.shift -e tcp.len \
	    2>/dev/null | sed 's/,True,/,1,/; s/,False,/,0,/' >"$T/$2.theirs"
	ge "$(wc -l <"$T/$2.ours")" "$3" "$2: tcpx decoded at least $3 TCP packets"
	awk -F, 'NR == FNR { t[$1] = $0; next }
		!($1 in t) { print "only tcpx: " $0; next }
		t[$1] != $0 { print "tcpx:   " $0; print "tshark: " t[$1] }' \
	    "$T/$2.theirs" "$T/$2.ours" >"$T/$2.diff"
	[ ! -s "$T/$2.diff" ]
	ok $? "$2: every field agrees with tshark"
	[ -s "$T/$2.diff" ] && diag "$(head -20 "$T/$2.diff")"
}

python3 "$top_srcdir/tests/net/mkframes.py" "$T/mk.pcap"
compare "$T/mk.pcap" handmade 50

# --packet N: that packet alone, with the same number in its block.
"$TCPX" -r "$T/mk.pcap" --detail --packet 3 >"$T/one"
is "$(grep -c '^Frame ' "$T/one")" 1 "--packet 3: one detail block"
grep -q '^Frame 3: ' "$T/one"
ok $? "--packet 3: it is frame 3"
is "$(awk 'BEGIN { RS = "" } NR == 1' "$T/one")" \
    "$(awk 'BEGIN { RS = "" } NR == 3' "$T/handmade.detail")" \
    "--packet 3: the line and block of the whole file's packet 3"
"$TCPX" -r "$T/mk.pcap" --packet 100000 >/dev/null 2>"$T/err"
is $? 1 "--packet past the end: exit 1"
grep -q 'has only [0-9]* packets' "$T/err"
ok $? "--packet past the end: says how many there are"
"$TCPX" -r "$T/mk.pcap" --detail --json >/dev/null 2>&1
is $? 2 "--detail with --json: a usage error"
# -V with -r is tshark's -V: the same details; alone it is the version.
"$TCPX" -r "$T/mk.pcap" -V >"$T/V.detail"
cmp -s "$T/V.detail" "$T/handmade.detail"
ok $? "-r FILE -V prints what --detail does, as tshark -V"
"$TCPX" -V -r "$T/mk.pcap" --packet 3 | cmp -s - "$T/one"
ok $? "-V before -r too, with --packet"
"$TCPX" -V | grep -q '^tcpx [0-9]'
ok $? "-V alone: the version"
"$TCPX" --version -r "$T/mk.pcap" | grep -q '^tcpx [0-9]'
ok $? "--version is always the version"

if [ "$(id -u)" -eq 0 ] && command -v ip >/dev/null; then
	"$TCPX" --lab -w "$T/lab.pcap" -c 'connect 10.0.0.2:7;
	    wait state ESTABLISHED 10; send hello; wait recv hello 10; close;
	    wait state TIME-WAIT 10' >"$T/lab.out" 2>&1
	ok $? "lab: a session recorded with -w"
	compare "$T/lab.pcap" lab 7
else
	echo "ok $((tap_n + 1)) # SKIP lab: needs root"; tap_n=$((tap_n + 1))
fi
done_testing
