#!/bin/sh
# tests/net/pcapng.sh - experiments travel: `capture save FILE.pcapng` and
# -w FILE.pcapng against the lab's real kernel write each frame's
# explanation as its pcapng comment (our SYN: the user's OPEN with RFC 9293
# §3.10.1; the kernel's SYN-ACK: SYN-SENT -> ESTABLISHED).  tcpdump (libpcap)
# reads the files, tshark (when installed) shows the comments and
# directions, `tcpx -r` prints each comment under its packet and is
# otherwise tcpdump's output, `--diagram` notes them, and a .pcap saved
# from the same recording stays a classic pcap without them.
. "${top_srcdir:-.}/tests/lib.sh"

need_root
: "${TCPDUMP:=$(command -v tcpdump)}"
[ -n "$TCPDUMP" ] || skip_all "needs tcpdump"
[ -x "$TCPX" ] || skip_all "no tcpx binary at $TCPX"
tmpdir T
TZ=UTC; export TZ

"$TCPX" --lab -q -w "$T/w.pcapng" -c "capture start; connect 10.0.0.2:7;
    send hi; wait recv hi; close; wait state TIME-WAIT 5;
    capture save $T/s.pcapng; capture save $T/s.pcap" >"$T/out" 2>"$T/err"
is $? 0 "a recorded echo, saved as pcapng and pcap, with -w pcapng: exits 0"
[ -s "$T/err" ] && diag "$(cat "$T/err")"
said=$(sed -n "s|^capture: wrote \([0-9]*\) frames to $T/s.pcapng\$|\1|p" "$T/out")
ge "${said:-x}" 10 "capture save FILE.pcapng wrote the conversation (${said:-?} frames)"

# libpcap reads the pcapng: the same packets as the pcap of the recording.
"$TCPDUMP" -n -r "$T/s.pcapng" >"$T/ng.td" 2>"$T/ng.tderr"
ok $? "tcpdump -r reads the pcapng"
grep -q "link-type EN10MB" "$T/ng.tderr"
ok $? "an Ethernet pcapng"
is "$(wc -l <"$T/ng.td" | tr -d ' ')" "$said" "it holds as many frames as save said"
"$TCPDUMP" -n -r "$T/s.pcap" >"$T/p.td" 2>/dev/null
cmp -s "$T/ng.td" "$T/p.td"
ok $? "tcpdump prints the pcapng and the pcap of the same recording alike"
[ "$(head -c 4 "$T/s.pcap" | od -An -tx1 | tr -d ' ')" = d4c3b2a1 ]
ok $? "FILE.pcap is still a classic pcap"

# tcpx -r: the pcap prints as before (no comments); the pcapng adds a
# comment line under packets, and is the same without those lines.
"$TCPX" -r "$T/s.pcap" >"$T/p.tx"
ok $? "tcpx -r reads the pcap"
grep -q '^    # ' "$T/p.tx"
ok $((! $?)) "a pcap prints no comment lines"
"$TCPX" -r "$T/s.pcapng" >"$T/ng.tx"
ok $? "tcpx -r reads the pcapng"
grep -v '^    # ' "$T/ng.tx" | cmp -s - "$T/p.tx"
ok $? "without its comment lines, the pcapng prints as the pcap"

# after PATTERN FILE: the line after the first packet line matching PATTERN.
after() { awk -v re="$1" 'hit { print; exit } $0 ~ re { hit = 1 }' "$2"; }
syn='IP 10\.0\.0\.1\.[0-9]+ > 10\.0\.0\.2\.7: Flags \[S\],'
synack='IP 10\.0\.0\.2\.7 > 10\.0\.0\.1\.[0-9]+: Flags \[S\.\],'
is "$(after "$syn" "$T/ng.tx")" \
    "    # c1 SYN-SENT: user OPEN (active), SYN sent, RFC 9293 §3.10.1" \
    "our SYN's comment: the user's OPEN and RFC 9293 §3.10.1"
is "$(after "$synack" "$T/ng.tx")" \
    "    # c1 SYN-SENT -> ESTABLISHED: SYN-ACK acceptable, RFC 9293 §3.10.7.3" \
    "the kernel's SYN-ACK's comment: SYN-SENT -> ESTABLISHED, with its clause"
after 'IP 10\.0\.0\.2\.7 > 10\.0\.0\.1\.[0-9]+: Flags \[F\.\],' "$T/ng.tx" |
    grep -q -- '-> TIME-WAIT: FIN received, RFC 9293 §3\.10\.7\.4'
ok $? "the kernel's FIN's comment: into TIME-WAIT"
after 'IP 10\.0\.0\.1\.[0-9]+ > 10\.0\.0\.2\.7: Flags \[P\.\],' "$T/ng.tx" |
    grep -q '^    # c1 ESTABLISHED: 2 bytes of the user.s data, RFC 9293 §3\.10\.2$'
ok $? "our data's comment: the user's data"
after 'ARP, Request' "$T/ng.tx" | grep -q '^    # '
ok $((! $?)) "an ARP request has no comment"

# -w FILE.pcapng: the whole session, finished at exit, with the comments.
"$TCPX" -r "$T/w.pcapng" >"$T/w.tx"
ok $? "tcpx -r reads the -w pcapng"
is "$(after "$synack" "$T/w.tx")" \
    "    # c1 SYN-SENT -> ESTABLISHED: SYN-ACK acceptable, RFC 9293 §3.10.7.3" \
    "the -w file's SYN-ACK has its comment too"
ge "$(grep -c '^    # ' "$T/w.tx")" "$(grep -c '^    # ' "$T/ng.tx")" \
    "the -w file has every comment the saved recording has"

# tshark shows the comments (Wireshark's packet comments) and directions.
if command -v tshark >/dev/null 2>&1; then
	tshark -r "$T/s.pcapng" -Y 'tcp.flags == 0x002' -T fields \
	    -e frame.comment -e frame.p2p_dir 2>/dev/null >"$T/ts.syn"
	grep -q 'user OPEN (active), SYN sent, RFC 9293 §3\.10\.1	0$' "$T/ts.syn"
	ok $? "tshark: the SYN's comment names user OPEN and RFC 9293 §3.10.1, sent"
	tshark -r "$T/s.pcapng" -Y 'tcp.flags == 0x012' -T fields \
	    -e frame.comment -e frame.p2p_dir 2>/dev/null >"$T/ts.synack"
	grep -q 'SYN-SENT -> ESTABLISHED: .*	1$' "$T/ts.synack"
	ok $? "tshark: the SYN-ACK's comment names SYN-SENT -> ESTABLISHED, received"
else
	ok 0 "tshark: the SYN's comment # SKIP tshark not installed"
	ok 0 "tshark: the SYN-ACK's comment # SKIP tshark not installed"
fi

# --diagram: the comments are notes under their arrows.
"$TCPX" -r "$T/s.pcapng" --diagram=text --width 200 >"$T/dg" 2>&1
ok $? "tcpx -r FILE.pcapng --diagram=text"
grep -A1 -- '-- S 0:0(0) ' "$T/dg" |
    grep -q '| # c1 SYN-SENT: user OPEN (active), SYN sent, RFC 9293 §3\.10\.1  *|'
ok $? "the SYN's arrow has its comment as a note"
"$TCPX" -r "$T/s.pcap" --diagram=text --width 200 | grep -q '| # '
ok $((! $?)) "the pcap's diagram has no comment notes"

done_testing
