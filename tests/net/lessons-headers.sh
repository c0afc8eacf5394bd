#!/bin/sh
# tests/net/lessons-headers.sh - the three lessons about headers answer
# their questions with what they measure on the lab's wire and in its
# kernel: header (the data offset without options, with a SYN's and at its
# largest; flag bits as numbers; a SYN's one sequence number), udp-vs-tcp
# (datagram boundaries kept and a loss left, against one read of a
# resent stream; the handshake; 8 against 32 header bytes) and
# length-fields (TCP's payload from the IP and TCP length fields, checked
# against the kernel's own count; UDP's length beside IP's; Linux keeping
# to the UDP length).  Also `measure NAME field` and `decode last`, which
# they are built on, and their errors.
. "$top_srcdir/tests/lib.sh"
need_root
command -v python3 >/dev/null || skip_all "needs python3 (the lessons' readers)"
tmpdir T

"$TCPX" --lab -c 'lesson' >"$T/list.out" 2>&1
ok $? "lesson lists the lessons"
for l in header udp-vs-tcp length-fields; do
	grep -q "^  $l  *.*？ .*?" "$T/list.out"
	ok $? "the list has $l with its question"
done

# header: every number from a frame on the wire.
"$TCPX" --lab --lesson header --auto >"$T/header.out" 2>&1
ran_through $? header "$T/header.out"
is "$(report_of "$T/header.out" 'header of a SYN without options, bytes')" 20 \
    "header: a SYN without options has a 20-byte header"
grep -q 'data offset 5 words = header length 20 bytes' "$T/header.out"
ok $? "header: decode shows its data offset, 5 words"
grep -q '\.\.\.\. \.\.\.\. \.\.1\. = SYN (synchronize sequence numbers): set' \
    "$T/header.out"
ok $? "header: decode shows the SYN bit set"
is "$(report_of "$T/header.out" 'sequence numbers our SYN took (their ack - our seq)')" 1 \
    "header: the kernel's ack of a SYN is its seq + 1"
is "$(report_of "$T/header.out" 'flags of the reset to a SYN on a closed port')" 20 \
    "header: the kernel resets a SYN to a closed port with RST|ACK (20)"
is "$(report_of "$T/header.out" "the kernel's SYN-ACK, header bytes")" 40 \
    "header: the kernel's SYN-ACK has 20 bytes of options (40)"
is "$(report_of "$T/header.out" 'flags of the SYN-ACK')" 18 \
    "header: SYN-ACK is SYN|ACK (18)"
is "$(report_of "$T/header.out" 'our ACK after it, header bytes')" 32 \
    "header: after the handshake, timestamps alone: 32 bytes"
is "$(report_of "$T/header.out" 'the largest header, bytes')" 60 \
    "header: 40 option bytes make the largest header, 60"
is "$(report_of "$T/header.out" 'flags of the reset to a stray ACK')" 4 \
    "header: the kernel resets a stray ACK with RST alone (4), no ACK bit"
grep -q '\.\.\.\. \.\.\.0 \.\.\.\. = ACK (acknowledgment number is significant): not set' \
    "$T/header.out"
ok $? "header: decode shows that reset's ACK bit clear"
is "$(report_of "$T/header.out" "flags of the kernel's FIN")" 17 \
    "header: the kernel's FIN is FIN|ACK (17)"

# udp-vs-tcp: the kernel's readers and counters.
"$TCPX" --lab --lesson udp-vs-tcp --auto >"$T/uvt.out" 2>&1
ran_through $? udp-vs-tcp "$T/uvt.out"
grep -q '^sizes: 100 200$' "$T/uvt.out"
ok $? "udp-vs-tcp: the UDP reader got 100 and 200 bytes, a read each"
is "$(report_of "$T/uvt.out" 'UDP: reads to take what arrived')" 2 \
    "udp-vs-tcp: two datagrams arrived, two reads: boundaries kept"
is "$(report_of "$T/uvt.out" 'UDP: bytes read')" 300 \
    "udp-vs-tcp: the lost datagram's 300 bytes never came"
is "$(report_of "$T/uvt.out" 'UDP: datagrams the kernel took in')" 2 \
    "udp-vs-tcp: the kernel took in 2 of 3 datagrams (IpInDelivers)"
is "$(report_of "$T/uvt.out" 'UDP: packets the kernel sent back')" 0 \
    "udp-vs-tcp: and sent nothing back: no handshake, no ACK"
is "$(report_of "$T/uvt.out" 'UDP header, bytes (IP total - IP header - data)')" 8 \
    "udp-vs-tcp: UDP's header is 8 bytes (128 - 20 - 100)"
is "$(report_of "$T/uvt.out" 'TCP: segments the kernel took in before any data (SYN, ACK)')" 2 \
    "udp-vs-tcp: TCP's handshake: the kernel took in SYN and ACK"
is "$(report_of "$T/uvt.out" 'TCP: segments it sent before any data (SYN-ACK)')" 1 \
    "udp-vs-tcp: and sent the SYN-ACK"
is "$(report_of "$T/uvt.out" 'TCP header, bytes (its data offset)')" 32 \
    "udp-vs-tcp: TCP's header is 32 bytes with timestamps"
r=$(report_of "$T/uvt.out" 'TCP: time until the lost segment was resent, s')
within "$r" 0.99 2
ok $? "udp-vs-tcp: the lost segment was resent after the 1 s RTO ($r s)"
is "$(report_of "$T/uvt.out" 'TCP: segments our timer resent')" 1 \
    "udp-vs-tcp: one resend"
grep -q '^sizes: 600$' "$T/uvt.out"
ok $? "udp-vs-tcp: the TCP reader got 600 bytes in one read"
is "$(report_of "$T/uvt.out" 'TCP: reads to take what arrived')" 1 \
    "udp-vs-tcp: three sends, one read: a stream keeps no boundaries"
is "$(report_of "$T/uvt.out" 'TCP: bytes read')" 600 \
    "udp-vs-tcp: all 600 bytes, the lost ones resent"

# length-fields: lengths from the frames, against the kernel's counts.
"$TCPX" --lab --lesson length-fields --auto >"$T/len.out" 2>&1
ran_through $? length-fields "$T/len.out"
is "$(report_of "$T/len.out" 'IP total length of our segment, bytes')" 152 \
    "length-fields: our segment of 100 bytes is 152 bytes of IP"
is "$(report_of "$T/len.out" 'IP header length, bytes')" 20 \
    "length-fields: its IP header is 20 bytes"
is "$(report_of "$T/len.out" 'TCP header length, bytes')" 32 \
    "length-fields: its TCP header 32"
is "$(report_of "$T/len.out" 'TCP payload = total - IP header - TCP header')" 100 \
    "length-fields: 152 - 20 - 32 = the 100 bytes sent"
is "$(report_of "$T/len.out" "the kernel's ack - our seq")" 100 \
    "length-fields: the kernel acknowledged 100 bytes"
is "$(report_of "$T/len.out" "bytes the kernel's ss counts received")" 100 \
    "length-fields: its ss counts 100 bytes received"
is "$(report_of "$T/len.out" 'IP total length of the crafted segment, bytes')" 49 \
    "length-fields: the crafted segment is 49 bytes of IP"
is "$(report_of "$T/len.out" 'its IP header length, bytes')" 24 \
    "length-fields: with a 24-byte IP header (4 bytes of options)"
is "$(report_of "$T/len.out" 'its TCP header length, bytes')" 20 \
    "length-fields: and a 20-byte TCP header"
is "$(report_of "$T/len.out" 'its payload = total - IP header - TCP header')" 5 \
    "length-fields: 49 - 24 - 20 = 5"
is "$(report_of "$T/len.out" "the kernel's reset: ack - our seq")" 5 \
    "length-fields: the kernel's reset acknowledges those 5 bytes"
is "$(report_of "$T/len.out" "UDP length field of the kernel's echo")" 108 \
    "length-fields: UDP length 108 for 100 bytes"
is "$(report_of "$T/len.out" 'IP total - IP header of the same datagram')" 108 \
    "length-fields: IP says the same, 108"
is "$(report_of "$T/len.out" 'bytes Linux delivers when UDP length says 8 + 5 of 14')" 5 \
    "length-fields: Linux delivers what the UDP length says, not IP's"

# measure ... field and decode last, which the lessons use.
"$TCPX" --lab -c 'udp send 10.0.0.2:7 hi; wait recv hi; decode list 2;
    measure n field last in udp udp.length; decode last in udp;
    measure f field 1 frame.len' >"$T/field.out" 2>&1
ok $? "measure field and decode last run"
grep -q '^measured n: 10$' "$T/field.out"
ok $? "measure field last in udp udp.length: the echo's 10 (8 + 2)"
num=$(sed -n 's/^ *\([0-9][0-9]*\) < .* UDP, length 2$/\1/p' "$T/field.out")
grep -q "^frame $num: udp.length 10$" "$T/field.out"
ok $? "last in udp is the newest inbound UDP frame, as decode numbers it ($num)"
grep -q "^Frame $num: 44 bytes on the wire" "$T/field.out"
ok $? "decode last in udp shows that frame"
grep -q '^    length 10 (8 header + 2 data bytes)$' "$T/field.out"
ok $? "decode last in udp: every field of it"
grep -q '^frame 1: frame.len [1-9][0-9]*$' "$T/field.out"
ok $? "measure field N: a frame by its number"
"$TCPX" --lab -c 'udp send 10.0.0.2:7 hi; wait recv hi;
    measure x field 1 tcp.len' >"$T/e1.out" 2>&1
is $? 1 "a frame without the field's layer fails"
grep -q 'measure x: frame 1 has no tcp.len' "$T/e1.out"
ok $? "saying so"
"$TCPX" --lab -c 'measure x field last out tcp tcp.seq' >"$T/e2.out" 2>&1
is $? 1 "no frame to pick fails"
grep -q 'measure: no kept frame matches "last out tcp"' "$T/e2.out"
ok $? "naming what was looked for"
"$TCPX" --lab -c 'measure x field last tcp.nosuch' >"$T/e3.out" 2>&1
is $? 2 "an unknown field is a usage error"
grep -q 'measure: no field "tcp.nosuch" (help measure lists them)' "$T/e3.out"
ok $? "naming it"
"$TCPX" --lab -c 'decode last in sctp' >"$T/e4.out" 2>&1
is $? 2 "an unknown protocol is a usage error"
grep -q 'decode: last: unknown protocol "sctp" (tcp, udp, icmp, icmp6, ip, ip6, arp)' \
    "$T/e4.out"
ok $? "listing the known ones"
"$TCPX" --lab -c 'measure x field 999999 frame.len' >"$T/e5.out" 2>&1
is $? 1 "a frame not kept fails"
grep -q 'measure: frame 999999 is not kept' "$T/e5.out"
ok $? "saying so"
done_testing
