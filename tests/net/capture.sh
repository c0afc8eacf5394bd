#!/bin/sh
# tests/net/capture.sh - `capture start/stop/save` and -w against the lab's
# real kernel: the saved pcap holds both directions in time order, tcpdump
# (and tshark when installed) read it, `tcpx -r` prints it as tcpdump does,
# -w records a whole session from its first ARP, a udp filter records no
# TCP, and unwritable files fail with one line naming them.
. "${top_srcdir:-.}/tests/lib.sh"

need_root
: "${TCPDUMP:=$(command -v tcpdump)}"
[ -n "$TCPDUMP" ] || skip_all "needs tcpdump"
[ -x "$TCPX" ] || skip_all "no tcpx binary at $TCPX"
tmpdir T
TZ=UTC; export TZ

# flags FILE: the direction and TCP flags of each TCP packet, one per line,
# e.g. "> S" for a SYN from us (10.0.0.1) and "< S." for the SYN-ACK.
flags() {
	"$TCPDUMP" -n -r "$1" 2>/dev/null | sed -n -E \
	    -e 's/.* IP 10\.0\.0\.1\.[0-9]+ > 10\.0\.0\.2\.[0-9]+: Flags \[([^]]*)\].*length ([0-9]+).*/> \1 \2/p' \
	    -e 's/.* IP 10\.0\.0\.2\.[0-9]+ > 10\.0\.0\.1\.[0-9]+: Flags \[([^]]*)\].*length ([0-9]+).*/< \1 \2/p'
}

# tcpdump_lines FILE: tcpdump's lines cut after "length N" (as tcpx -r prints).
tcpdump_lines() {
	"$TCPDUMP" -n -r "$1" 2>/dev/null | grep -v '^[[:space:]]' |
	    sed -E 's/(, length [0-9]+)[: ].*$/\1/'
}

# 1. A recording of a whole conversation, saved after TIME-WAIT.
"$TCPX" --lab -c "capture start tcp; connect 10.0.0.2:7; send hi;
    wait recv hi; close; wait state TIME-WAIT; capture; capture save $T/s.pcap" \
    >"$T/s.out" 2>"$T/s.err"
is $? 0 "capture start/save batch exits 0"
grep -q '^capture: recording frames matching "tcp"$' "$T/s.out"
ok $? "capture start says what it records"
grep -q '^capture: recording, filter "tcp": [0-9]* frames' "$T/s.out"
ok $? "capture status shows state, filter and frames"
grep -q "^capture: wrote [0-9]* frames to $T/s.pcap\$" "$T/s.out"
ok $? "capture save says how many frames it wrote"
[ -s "$T/s.err" ] && diag "$(cat "$T/s.err")"

"$TCPDUMP" -n -r "$T/s.pcap" >"$T/s.td" 2>"$T/s.tderr"
ok $? "tcpdump -r reads the saved file"
grep -q "link-type EN10MB" "$T/s.tderr"
ok $? "the file is Ethernet"
saved=$(wc -l <"$T/s.td")
said=$(sed -n 's/^capture: wrote \([0-9]*\) frames.*/\1/p' "$T/s.out")
is "$saved" "$said" "the file holds as many frames as capture save said"

flags "$T/s.pcap" >"$T/s.flags"
# The conversation, both directions, in order: SYN, SYN-ACK, ACK, our data,
# its ACK and echo (the kernel may or may not merge them), FINs, last ACK.
seq=$(awk '
	/^> S 0$/	&& n == 0 { n = 1; next }
	/^< S\. 0$/	&& n == 1 { n = 2; next }
	/^> P\. 2$/	&& n == 2 { n = 3; next }
	/^< P\. 2$/	&& n == 3 { n = 4; next }
	/^> F\. 0$/	&& n == 4 { n = 5; next }
	/^< F\. 0$/	&& n == 5 { n = 6; next }
	/^> \. 0$/	&& n == 6 { n = 7; next }
	END { print n }' "$T/s.flags")
is "$seq" 7 "SYN, SYN-ACK, data out, data in, FIN out, FIN in, last ACK in order"
[ "$seq" = 7 ] || diag "$(cat "$T/s.flags")"
head -n 1 "$T/s.flags" | grep -q '^> S 0$'
ok $? "the recording starts with our SYN (the filter left ARP out)"
grep -q '^<' "$T/s.flags" && grep -q '^>' "$T/s.flags"
ok $? "both directions recorded"

# Timestamps never go back.
"$TCPDUMP" -n -tt -r "$T/s.pcap" 2>/dev/null | awk '
	{ if (NR > 1 && $1 < prev) bad = 1; prev = $1 }
	END { exit bad }'
ok $? "timestamps in time order"

tcpdump_lines "$T/s.pcap" >"$T/s.want"
"$TCPX" -r "$T/s.pcap" >"$T/s.got" 2>&1
cmp -s "$T/s.want" "$T/s.got"
ok $? "tcpx -r prints the saved file as tcpdump -n -r does, line for line"
cmp -s "$T/s.want" "$T/s.got" || diag "$(diff "$T/s.want" "$T/s.got")"

# The packet lines tcpx printed live are the same packets, in the same order.
grep -E '^[<>] ' "$T/s.out" | grep ' IP ' | sed -E 's/^[<>] //' >"$T/s.live"
cmp -s "$T/s.want" "$T/s.live"
ok $? "the saved packets are the ones tcpx printed live, in order"

if command -v tshark >/dev/null 2>&1; then
	n=$(tshark -r "$T/s.pcap" 2>/dev/null | wc -l)
	is "$n" "$saved" "tshark -r reads every frame"
else
	ok 0 "tshark -r reads the file # SKIP tshark not installed"
fi

# 2. -w records the whole session, ARP included, both directions.
"$TCPX" --lab -q -w "$T/w.pcap" -c "connect 10.0.0.2:7; send hey;
    wait recv hey; close; wait state TIME-WAIT" >"$T/w.out" 2>&1
is $? 0 "-w batch exits 0"
tcpdump_lines "$T/w.pcap" >"$T/w.td"
grep -q 'ARP, Request who-has 10.0.0.2 tell 10.0.0.1' "$T/w.td" &&
    grep -q 'ARP, Reply 10.0.0.2 is-at' "$T/w.td"
ok $? "-w file holds our ARP request and the kernel's reply"
flags "$T/w.pcap" >"$T/w.flags"
grep -q '^> S 0$' "$T/w.flags" && grep -q '^< S\. 0$' "$T/w.flags" &&
    grep -q '^> F\. 0$' "$T/w.flags" && grep -q '^< F\. 0$' "$T/w.flags" &&
    grep -q '^> P\. 3$' "$T/w.flags" && grep -q '^< P\. 3$' "$T/w.flags"
ok $? "-w file holds the handshake, data and FINs of both sides"
"$TCPDUMP" -n -tt -r "$T/w.pcap" 2>/dev/null | awk '
	{ if (NR > 1 && $1 < prev) bad = 1; prev = $1 }
	END { exit bad }'
ok $? "-w file in time order"
"$TCPX" -r "$T/w.pcap" >"$T/w.got" 2>&1
cmp -s "$T/w.td" "$T/w.got"
ok $? "tcpx -r reads the -w file as tcpdump does"

# -w on a signal: the file is complete up to the end.  The signal comes
# once the engine has taken the SYN-ACK (its state line is written when the
# wait begins), so both segments went through the recorder before it.
"$TCPX" --lab -q -w "$T/sig.pcap" -c "connect 10.0.0.2:7; wait state CLOSED 30" \
    >"$T/sig.out" 2>&1 &
pid=$!
wait_for 'SYN-SENT -> ESTABLISHED' "$T/sig.out"
ok $? "-w until a signal: the connection is up"
kill -TERM "$pid"
wait "$pid"
n=$(flags "$T/sig.pcap" | grep -c '^[<>] S')
is "$n" 2 "-w after SIGTERM: the file holds SYN and SYN-ACK"

# -w on a file that cannot be created: exit 2 before the lab, one line.
"$TCPX" --lab -w /nonexistent/w.pcap -c "status" >"$T/nw.out" 2>"$T/nw.err"
is $? 2 "-w into a missing directory: exit 2"
is "$(cat "$T/nw.err")" "tcpx: -w /nonexistent/w.pcap: No such file or directory" \
    "-w error names the file and the reason"

# 3. A udp filter records UDP and no TCP.
"$TCPX" --lab -q -c "capture start udp; connect 10.0.0.2:7; send x;
    wait recv x; close; udp send 10.0.0.2:7 echo; wait recv echo;
    capture stop; capture save $T/u.pcap" >"$T/u.out" 2>&1
is $? 0 "udp-filtered batch exits 0"
"$TCPDUMP" -n -r "$T/u.pcap" 2>/dev/null >"$T/u.td"
grep -q ' Flags \[' "$T/u.td"
ok $((! $?)) "udp filter: no TCP in the file"
is "$(grep -c 'UDP, length 4$' "$T/u.td")" 2 \
    "udp filter: our datagram and its echo are in the file"
grep -q '^capture: stopped: [0-9]* frames' "$T/u.out"
ok $? "capture stop reports what was recorded"

# 4. Errors: bad filter (usage, exit 2), unwritable save (exit 1), one line
# (batch mode prefixes errors with "tcpx: ").
"$TCPX" --lab -c "capture start tcp port" >"$T/bf.out" 2>"$T/bf.err"
is $? 2 "bad filter: exit 2"
grep -q '^tcpx: capture: bad filter "tcp port": ' "$T/bf.err" &&
    [ "$(wc -l <"$T/bf.err")" -eq 1 ]
ok $? "bad filter: one line naming the filter ($(cat "$T/bf.err"))"

"$TCPX" --lab -c "capture start; capture save /nonexistent/x.pcap; status" \
    >"$T/ns.out" 2>"$T/ns.err"
is $? 1 "save to /nonexistent: exit 1 and the batch stops"
is "$(cat "$T/ns.err")" \
    "tcpx: capture: save /nonexistent/x.pcap: No such file or directory" \
    "save error: one line naming the file"

"$TCPX" --lab -c "capture save $T/none.pcap" >"$T/nr.out" 2>"$T/nr.err"
is $? 1 "save with nothing recorded: exit 1"
[ ! -e "$T/none.pcap" ]
ok $? "save with nothing recorded creates no file"

# Restart discards and says so; stop twice fails; status while stopped.
"$TCPX" --lab -c "capture start; capture start arp; capture stop; capture" \
    >"$T/rs.out" 2>&1
is $? 0 "restart, stop, status"
grep -q '^capture: previous recording discarded (0 frames)$' "$T/rs.out"
ok $? "restart says the previous recording was discarded"
grep -q '^capture: stopped, filter "arp": 0 frames' "$T/rs.out"
ok $? "status after stop: stopped, filter, frames"
"$TCPX" --lab -c "capture stop" >/dev/null 2>"$T/st.err"
is $? 1 "stop without a recording: exit 1"
is "$(cat "$T/st.err")" "tcpx: capture: not recording" "stop error"
"$TCPX" --lab -c "capture bogus" >/dev/null 2>"$T/bo.err"
is $? 2 "unknown subcommand: exit 2"
is "$(cat "$T/bo.err")" 'tcpx: capture: unknown subcommand "bogus" (usage: capture [start [FILTER...] | stop | save FILE | status])' \
    "unknown subcommand named, with the expected form"

done_testing
