#!/bin/sh
# tests/net/tracker-ss.sh - the passive tracker's inferred states of both
# endpoints, checked against the truth: two kernels talk over a veth,
# tcpdump records the wire, and at every quiet moment `ss` is sampled in
# both namespaces.  `tcpx -r --states` then reads the capture, and for every
# sample and side the tracker's state after the last packet before the
# sample must be the kernel's.  Each sample is also checked against what
# the scenario meant to reach, so a scenario that went wrong cannot pass.
# A side whose 4-tuple ss does not list is CLOSED (the server's listener
# is another socket).  Drops are nftables rules in the test's namespaces;
# the capture is on the server's veth, whose packet tap sees a frame
# before that namespace's netfilter and after the other one's.
#
# Scenarios (tests/net/tracker-ss.py; one connection and port each):
#  1 the client closes first: FIN-WAIT-2/CLOSE-WAIT, then TIME-WAIT/CLOSED;
#  2 the server closes first, its first FIN lost at the client's input:
#    FIN-WAIT-1/ESTABLISHED, CLOSE-WAIT/FIN-WAIT-2, then CLOSED/TIME-WAIT;
#  3 SO_LINGER {1, 0}: the client's RST closes both sides;
#  4 SYN-RECEIVED held: the client's handshake ACK is dropped.  The rule
#    sits in the client's *output* hook, so the ACK never reaches the wire:
#    a rule in the server's namespace drops it after the capture point (the
#    packet tap runs before netfilter), and the wire would show an ACK the
#    server never took.  Either way one side's truth is invisible on the
#    wire: here the client is ESTABLISHED in ss but the wire shows no ACK
#    from it, so that check expects the tracker to say SYN-SENT, as the
#    wire does (the description says so);
#  5 simultaneous close, made deterministic by dropping both FINs at the
#    receivers' input (after the capture saw them): both sides are in
#    FIN-WAIT-1 with their FINs crossed, and after the retransmissions
#    both are in TIME-WAIT whichever FIN arrives first;
#  6 a SYN to a closed port: the RST leaves nothing on either side;
#  7 the SYN,ACK lost once at the client's input: SYN-SENT/SYN-RECEIVED,
#    then ESTABLISHED after the retransmission.
# TRACKER_SS_KEEP=DIR keeps the capture, samples and tracker output there.
. "${top_srcdir:-.}/tests/lib.sh"

need_root
: "${TCPDUMP:=$(command -v tcpdump)}"
[ -n "$TCPDUMP" ] || skip_all "needs tcpdump"
command -v python3 >/dev/null || skip_all "needs python3"
command -v nft >/dev/null || skip_all "needs nft"
command -v ss >/dev/null || skip_all "needs ss"
[ -x "$TCPX" ] || skip_all "no tcpx binary at $TCPX"
tmpdir T
TZ=UTC; export TZ
PY="${top_srcdir:-.}/tests/net/tracker-ss.py"

# keep: copy the evidence where TRACKER_SS_KEEP asks.
keep() {
	[ -n "${TRACKER_SS_KEEP:-}" ] || return 0
	mkdir -p "$TRACKER_SS_KEEP" && cp "$T"/* "$TRACKER_SS_KEEP"/
}

ns_pair A B
ip netns exec "$B" nft list ruleset >/dev/null 2>&1 ||
    skip_all "nftables does not work in a namespace here"

# The capture: on the server's veth, packets written as they come (-U), in
# immediate mode (otherwise TPACKET_V3 holds the last packets back and
# SIGINT loses them).
ip netns exec "$B" "$TCPDUMP" -i b0 -n -U --immediate-mode -s 256 \
    -w "$T/cap.pcap" tcp 2>"$T/tcpdump.err" &
td=$!
wait_for 'listening on b0' "$T/tcpdump.err"
ok $? "tcpdump listens on the server's veth"

ip netns exec "$A" python3 "$PY" drive "$A" "$B" "$T/cap.pcap" \
    "$T/samples" 2>"$T/drive.err"
ok $? "the kernels ran every scenario"
[ -s "$T/drive.err" ] && diag "$(cat "$T/drive.err")"

# The last scenario's abort sends the last packet: the file must have it
# before SIGINT.
wait_until 10 'pcap_has "$T/cap.pcap" "10\.0\.0\.1\.[0-9]+ > 10\.0\.0\.2\.5007: Flags \[R"'
ok $? "the capture has the last scenario's RST"
kill -INT "$td"
wait "$td"
is "$?" 0 "tcpdump exits 0 on SIGINT"
grep -q '^0 packets dropped by kernel' "$T/tcpdump.err"
ok $? "tcpdump dropped no packet"
got=$(sed -n 's/^\([0-9]*\) packets captured$/\1/p' "$T/tcpdump.err")
filt=$(sed -n 's/^\([0-9]*\) packets received by filter$/\1/p' \
    "$T/tcpdump.err")
[ -n "$got" ] && [ "$got" = "$filt" ]
ok $? "tcpdump wrote every packet its filter took ($got of ${filt:-?})"

"$TCPX" -r "$T/cap.pcap" --states >"$T/states" 2>"$T/states.err"
ok $? "tcpx -r --states reads the capture"
[ -s "$T/states.err" ] && diag "$(cat "$T/states.err")"

python3 "$PY" compare "$T/states" "$T/samples" >"$T/checks" 2>"$T/cmp.err"
ok $? "the samples were compared with the tracker's states"
[ -s "$T/cmp.err" ] && diag "$(cat "$T/cmp.err")"
keep
# 21 samples, two sides each, two checks per side (ss as planned, tracker).
is "$(wc -l <"$T/checks" | tr -d ' ')" 84 "every side of every sample checked"

tab=$(printf '\t')
while IFS="$tab" read -r want got desc; do
	is "$got" "$want" "$desc"
done <"$T/checks"

done_testing
