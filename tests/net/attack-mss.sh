#!/bin/sh
# tests/net/attack-mss.sh - the attack suite's tiny MSS (issue 13,
# CVE-2019-11479 class): the attacker opens connections with MSS 0, 1, 12,
# 13 and 48, with and without timestamps, and tcpx sends 1000 bytes on
# each (all at once).  tcpx clamps the segment size to Linux's floor of 48 bytes (36 of
# data beside the 12 of the timestamp option); MSS 0, as Linux reads it, is
# no MSS at all: 536.  Checked in stat and in the segments the attacker
# receives, all 1000 bytes, in exactly as many segments as that size
# makes.  A kernel client connects afterwards.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/net/attack-lib.sh"
tmpdir T

# All ten connect at once; once tcpx has accepted them, it sends 1000 bytes
# on each.
start="" sends=""
i=0
for v in "0 ts" "0 nots" "1 ts" "1 nots" "12 ts" "12 nots" "13 ts" "13 nots" \
    "48 ts" "48 nots"; do
	i=$((i + 1))
	set -- $v
	start="$start $ATTACKER conn 5000 $((61000 + i)) mss $1 $2 1000 \
>$T/mss$i.out 2>&1 &"
	sends="$sends; wait accept 10"
done
# c1 and c2 are the listener's; the ten connections are c3 to c12.
for i in 3 4 5 6 7 8 9 10 11 12; do sends="$sends; send c$i --size 1000"; done
cmds="set lines events; $PATIENT; listen 5000; lab exec sh -c '$start'$sends; \
lab exec sh $UNTIL 60 '[ \$(cat $T/mss*.out | grep -c ^segments) -eq 10 ]'"
for i in 3 4 5 6 7 8 9 10 11 12; do cmds="$cmds; stat c$i"; done
out=$T/mss.txt
timeout 120 "$TCPX" --lab -c "$cmds; $(legit after-mss)" >"$out" 2>&1
survived $? "$out" after-mss

i=0
for v in "0 ts 524 536 on" "0 nots 536 536 off" "1 ts 36 1 on" "1 nots 48 1 off" \
    "12 ts 36 12 on" "12 nots 48 12 off" "13 ts 36 13 on" "13 nots 48 13 off" \
    "48 ts 36 48 on" "48 nots 48 48 off"; do
	i=$((i + 1))
	set -- $v
	# The segments 1000 bytes make at size $3: full ones and the rest.
	full=$((1000 / $3)) rest=$((1000 % $3))
	sizes=$3 n=$full
	[ $rest -gt 0 ] && sizes="$rest $3" n=$((full + 1))
	[ $full -eq 0 ] && sizes=$rest
	grep -q "^  MSS $3 (peer $4)  wscale -1/-1 (ours/peer's)  timestamps $5" "$out"
	ok $? "MSS $1, timestamps $5: stat says MSS $3 (peer $4)"
	is "$(tr '\n' '/' <"$T/mss$i.out")" \
	    "ready/received 1000 bytes/segment sizes $sizes/segments $n/" \
	    "MSS $1, timestamps $5: the attacker got 1000 bytes in $n segments of $sizes"
done
done_testing
