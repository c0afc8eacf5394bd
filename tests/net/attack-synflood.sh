#!/bin/sh
# tests/net/attack-synflood.sh - the attack suite's SYN floods (issue 13):
# $SYNS spoofed SYNs at $RATE a second from the lab's peer namespace into
# `listen 5000`, from one forged source and from every free address of
# 10.0.0.0/24.  The first syn_backlog SYNs fill the SYN queue, every later
# one gets a SYN cookie and leaves no state; a legitimate kernel client
# gets in during the flood (a quarter of the way through) and after it,
# through a cookie, and exchanges data both ways (`wait recv` in the batch:
# tcpx got its data during the flood).  Every SYN-ACK to the
# unresolved forged addresses is accounted for by the ARP/ND queue (waiting,
# dropped full or given up), within its per-address and address bounds.
# The flood is scaled to what the current code handles in a few seconds.
SYNS=${ATTACK_SYNS:-20000}
RATE=${ATTACK_RATE:-5000}
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/net/attack-lib.sh"
tmpdir T

for src in 10.0.0.77 10.0.0.0/24; do
	case $src in */*) what="many sources" n=252 ;; *) what="one source" n=1 ;; esac
	tag=$(echo "$src" | tr ./ __)
	out=$T/flood-$tag.txt
	timeout 300 "$TCPX" --lab -c "set lines events; listen 5000; \
lab exec sh -c '$ATTACKER synflood 5000 $SYNS $RATE $src $T/prog-$tag \
>$T/flood-$tag.out 2>&1 &'; \
lab exec sh -c '$ATTACKER client 5000 during-$tag re-during-$tag \
$T/prog-$tag $((SYNS / 4)) >$T/during-$tag.out 2>&1 &'; \
wait accept 60; wait recv during-$tag 60; send re-during-$tag; \
lab exec sh $UNTIL 60 'grep -q done $T/prog-$tag'; \
$(legit "after-$tag"); \
lab exec sh $UNTIL 30 'grep -q got $T/during-$tag.out'; \
stat c1; stat path; lab exec nstat -asz TcpExtTCPSynRetrans; echo attack-over" >"$out" 2>&1
	survived $? "$out" "after-$tag"
	diag "$what: $(cat "$T/flood-$tag.out" "$T/during-$tag.out" "$T/after-$tag.out")"
	is "$(cat "$T/flood-$tag.out")" "synflood: sent $SYNS SYNs from $n sources" \
	    "$what: the attacker sent $SYNS SYNs"
	is "$(sed -n "s/^client: connected in [0-9.]* s, got //p" "$T/during-$tag.out")" \
	    "'re-during-$tag'" "$what: a kernel client connected during the flood and got its answer"
	# During: the client got in before the flood's last SYN (tcpx takes
	# frames in the order they came, however far behind it is); cookie
	# lines print at most 10 a second, so some come after it.
	first=$(grep -n 'c[0-9]*: accepted from 10\.0\.0\.2\.' "$out" | head -n 1 | cut -d: -f1)
	last=$(grep -n 'SYN cookie sent' "$out" | tail -n 1 | cut -d: -f1)
	[ -n "$first" ] && [ -n "$last" ] && [ "$first" -lt "$last" ]
	ok $? "$what: the client's SYN came while the flood was still coming (line $first < $last)"
	synre=$(counter "$out" TcpExtTCPSynRetrans)
	diag "$what: the kernel's clients resent their SYN $synre times (the first SYN is answered in time when tcpx keeps up with the flood)"
	is "$(grep -c 'LISTEN -> SYN-RECEIVED' "$out")" 128 \
	    "$what: 128 SYNs filled the SYN queue (syn_backlog 128)"
	cookies=$(grep -c 'SYN queue full, SYN cookie sent' "$out")
	is "$((cookies + $(hushed "$out" syn-cookie)))" $((SYNS - 128 + 2 + ${synre:-0})) \
	    "$what: every other SYN got a cookie, the two clients' too (and $synre resent SYNs), printed or summed up"
	is "$(grep -c 'SYN cookie in the ACK is valid' "$out")" 2 \
	    "$what: both clients got in through their cookie"
	grep -q '^  SYN queue 128 of 128 (syn_backlog)  accept queue 0 of 128' "$out"
	ok $? "$what: stat shows the SYN queue full at its bound, the accept queue empty"
	# The ARP/ND queue: every SYN-ACK to a forged address (the 128
	# half-open connections', their resends so far, and a cookie's for
	# each other flood SYN) is waiting, dropped full or given up; none was
	# sent (nobody answers for a forged address).
	arp=$(grep '^arp/nd: ' "$out")
	set -- $(echo "$arp" | sed -E 's/^arp\/nd: ([0-9]+) frames waiting for ([0-9]+) addresses \(at most ([0-9]+) per address, ([0-9]+) addresses\), ([0-9]+) sent once resolved, ([0-9]+) dropped full, ([0-9]+) given up after 3 s, ([0-9]+) dropped.*/\1 \2 \3 \4 \5 \6 \7 \8/')
	if [ $# -eq 8 ]; then
		resends=$(sed -n '/^arp\/nd: /q; /retransmission timeout in SYN-RECEIVED/p' "$out" | wc -l)
		is "$(($1 + $6 + $7 + $5 + $8))" $((SYNS - 128 + 128 + resends)) \
		    "$what: the ARP/ND queue accounts for every SYN-ACK to a forged address ($arp)"
		is "$5" 0 "$what: none of them was sent"
		[ "$2" -le "$4" ] && [ "$1" -le $(($2 * $3)) ]
		ok $? "$what: the queue within its bounds ($1 frames for $2 addresses)"
	else
		ok 1 "$what: stat path's arp/nd line: $arp"
	fi
	grep -q '^capture: [0-9]* frames received, 0 dropped by the kernel' "$out"
	ok $? "$what: tcpx's capture lost no frame (the counts above take every SYN)"
	grep -q '^attack-over$' "$out"
	ok $? "$what: a command after the flood answered"
done
done_testing
