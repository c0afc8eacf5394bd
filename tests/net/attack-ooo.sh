#!/bin/sh
# tests/net/attack-ooo.sh - the attack suite's out-of-order flood, bogus
# SACK blocks and malformed headers (issue 13), each on a connection the
# attacker opens to `listen 5000`.
#  - Out of order: 2 x $OOO one-byte segments, each above a hole: the
#    upper half ascending fills the queue to its bound (rcv_buf: 1016
#    blocks of 1 byte + 128) and the rest is dropped; the lower half
#    descending is below all that is held, so the highest blocks are
#    pruned for it, an eighth of the bound (128 blocks) at a pass, as
#    Linux's tcp_prune_ofo_queue.  Every
#    segment is answered by an ACK at once; then the holes are filled and
#    everything is acknowledged.
#  - SACK: tcpx sends 20000 bytes; every ACK the attacker returns carries
#    SACK blocks beyond SND.NXT, below SND.UNA, inverted, straddling
#    SND.UNA or a byte after it: no segment is sent twice.
#  - Headers: data offsets 0, 4, 6 and 15 against a 20-byte header, option
#    lengths 0, 1, too short, too long, past the header; each one reported
#    with its reason, and data after them arrives.
# A kernel client connects afterwards.
OOO=${ATTACK_OOO:-5000}
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/net/attack-lib.sh"
tmpdir T

out=$T/ooo.txt
timeout 180 "$TCPX" --lab -c "set lines events; $PATIENT; listen 5000; \
lab exec sh -c '$ATTACKER conn 5000 61001 ooo $OOO >$T/ooo.out 2>&1'; wait accept 10; stat; \
lab exec sh -c '$ATTACKER conn 5000 61002 sack 20000 >$T/sack.out 2>&1 &'; \
wait accept 10; send --size 20000; lab exec sh $UNTIL 60 'grep -q ^bogus $T/sack.out'; stat; \
set lines all; lab exec sh -c '$ATTACKER conn 5000 61003 opts >$T/opts.out 2>&1'; wait accept 10; recv; set lines events; \
$(legit after-ooo)" >"$out" 2>&1
survived $? "$out" after-ooo

# Out of order.
held=$((131072 / 129))	# rcv_buf / (1 byte + 128): 1016 blocks held at most
per=$(( (131072 / 8 + 128) / 129 ))	# a pass prunes an eighth of the bound: 128 blocks
is "$(sed -n 's/^ACKs during the flood //p' "$T/ooo.out")" $((2 * OOO)) \
    "out of order: every one of the $((2 * OOO)) segments was answered by an ACK"
is "$(sed -n 's/^acked during the flood //p' "$T/ooo.out")" 0 \
    "out of order: none filled the hole at RCV.NXT"
is "$(sed -n 's/^last SACK block //p' "$T/ooo.out")" 1-2 \
    "out of order: the last ACK's first SACK block is the last segment, the lowest (RFC 2018 §4)"
is "$(sed -n 's/^acked after the fill //p' "$T/ooo.out")" $((4 * OOO)) \
    "out of order: after the fill, all $((4 * OOO)) bytes acknowledged"
# The lower half: the first finds the queue full, a pass makes room for
# it and per - 1 more; and so on.
passes=$(( (OOO + per - 1) / per ))
grep -q "^  out-of-order queue: 0 bytes in 0 blocks, memory 0 of 131072  pruned $((passes * per)) blocks ($((passes * per)) bytes) in $passes passes  dropped $((OOO - held)) segments ($((OOO - held)) bytes)$" "$out"
ok $? "out of order: $((OOO - held)) dropped (queue full), $((passes * per)) pruned in $passes passes, the queue empty after the fill"
grep -A4 '^c3 ESTABLISHED' "$out" | grep -q "RCV.NXT [0-9]* \[+$((4 * OOO + 1))\]"
ok $? "out of order: RCV.NXT advanced by all $((4 * OOO)) bytes"

# SACK.
is "$(tr '\n' '/' <"$T/sack.out")" \
    "ready/received 20000 bytes/resent segments 0/bogus SACK ACKs 39/" \
    "SACK: 20000 bytes in 39 segments, each ACK with bogus SACK blocks, nothing resent"
grep -A6 '^c4 ESTABLISHED' "$out" | grep -q '^  queued 0  unacked 0 .* retransmits 0'
ok $? "SACK: tcpx has nothing unacknowledged and resent nothing"

# Malformed headers.
grep -q '^malformed segments sent 25$' "$T/opts.out"
ok $? "headers: the attacker sent 25 malformed segments"
for r in 'data offset 0 (0 bytes) < 5 (20 bytes)' \
    'data offset 4 (16 bytes) < 5 (20 bytes)' \
    'data offset 15 (60 bytes) runs past the segment (20 bytes)' \
    'data offset 6 (24 bytes) runs past the segment (20 bytes)' \
    'option kind 8 at offset 20 has length 0 (< 2)' \
    'option kind 2 at offset 20 has length 1 (< 2)' \
    'option kind 8 at offset 20 has length 10, past the header end (24)' \
    'mss option at offset 20 has length 3 (want 4)' \
    'option kind 2 at offset 20 has length 40, past the header end (24)' \
    'TS option at offset 20 has length 9 (want 10)' \
    'TS option at offset 20 has length 2 (want 10)' \
    'sack option at offset 20 has length 2 (want 2 + 8n)' \
    'sack option at offset 20 has length 3 (want 2 + 8n)' \
    'sack option at offset 20 has length 9 (want 2 + 8n)' \
    'option kind 5 at offset 20 has length 255, past the header end (24)' \
    'wscale option at offset 20 has length 2 (want 3)' \
    'option kind 254 at offset 20 has length 255, past the header end (24)'; do
	grep -qF "[tcpx: tcp: $r]" "$out"
	ok $? "headers: reported: $r"
done
is "$(grep -c '^< .* 10\.0\.0\.2\.61003 > 10\.0\.0\.1\.5000: .*\[tcpx: tcp: ' "$out")" 17 \
    "headers: 17 reported malformed, the other 8 odd but well-formed"
grep -q '^alive acked yes$' "$T/opts.out"
ok $? "headers: data after them was acknowledged"
grep -q '^= c5 @0: 5 bytes "alive"$' "$out"
ok $? "headers: and is the connection's only data"
done_testing
