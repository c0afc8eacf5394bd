#!/bin/sh
# tests/net/pkt-kernel.sh - packetdrill scripts against the lab's kernel
# (`tcpx --lab --pkt FILE --against kernel|both`): our scripts marked
# "kernel: same" pass on the real Linux stack, and the kernel's own view
# (ss and its TCP counters in the peer namespace, read by --peer-exec
# before the lab goes) shows the connection went through the states; the
# script's sysctls reach the peer and nothing else; a wrong expectation
# fails with the line, what was expected and what the kernel sent;
# `--against both` names the line where engine and Linux differ and says
# nothing where they agree.
#
# Timing: the scripts' expectations are about order and content, and
# their steps are 100 ms apart; on a busy 2-core machine (stress-ng) our
# process or the peer's softirq can be scheduled tens of ms late, so the
# runs that must pass use --tolerance_usecs 100000 (the default 4 ms is
# used where a difference of timing is the point, below).
. "$top_srcdir/tests/lib.sh"
need_root
private_netns_dir "$@"
tmpdir T
P="$top_srcdir/tests/pkt"
TOL="--tolerance_usecs 100000"
# The kernel's view after each script: its sockets and its TCP MIB.
PEEK='echo "--ss"; ss -tanH; echo "--snmp"; grep "^Tcp:" /proc/net/snmp'

# snmp FILE NAME: the kernel's Tcp counter NAME in FILE (from $PEEK);
# nothing and status 1 when missing.
snmp() {
	awk -v n="$2" '/^Tcp:/ { if (!h) { for (i = 2; i <= NF; i++)
	    k[i] = $i; h = 1; next } for (i = 2; i <= NF; i++)
	    if (k[i] == n) { print $i; f = 1 } } END { exit !f }' "$1"
}

# run NAME FILE: run one script against the kernel with $PEEK.
run() {
	"$TCPX" --lab --pkt "$2" --against kernel $TOL --peer-exec "$PEEK" \
	    >"$T/$1.out" 2>"$T/$1.err"
	is $? 0 "$1: passes against the kernel"
	grep -q "^PASS .*$(basename "$2")$" "$T/$1.out" ||
	    diag "$(cat "$T/$1.out" "$T/$1.err")"
}

ts_before=$(cat /proc/sys/net/ipv4/tcp_timestamps)

# Active open, data, our FIN first: the kernel is left in TIME-WAIT
# towards the script's peer, after one active open.
run active "$P/kernel-active-close.pkt"
grep -Eq '^TIME-WAIT +0 +0 +10\.0\.0\.2:[0-9]+ +10\.0\.0\.1:8080' \
    "$T/active.out"
ok $? "active: the kernel's socket is in TIME-WAIT to 10.0.0.1:8080 (ss)"
is "$(snmp "$T/active.out" ActiveOpens)" 1 "active: one active open (Tcp ActiveOpens)"
is "$(snmp "$T/active.out" OutRsts)" 0 "active: no RST from the kernel"

# The same in IPv6.
run active6 "$P/kernel-active-close-v6.pkt"
grep -Eq '^TIME-WAIT +0 +0 +\[fd00::2\]:[0-9]+ +\[fd00::1\]:8080' \
    "$T/active6.out"
ok $? "active6: TIME-WAIT to [fd00::1]:8080 (ss)"

# Passive open, data in, the peer's FIN, our close and the last ACK: one
# passive open, nothing established or left towards us.
run passive "$P/kernel-passive-close.pkt"
is "$(snmp "$T/passive.out" PassiveOpens)" 1 "passive: one passive open (Tcp PassiveOpens)"
is "$(snmp "$T/passive.out" CurrEstab)" 0 "passive: nothing established at the end"
is "$(snmp "$T/passive.out" InSegs)" 5 "passive: the kernel took the script's 5 segments (Tcp InSegs)"
grep -q '10\.0\.0\.1' "$T/passive.out"
ok $((! $?)) "passive: no socket towards 10.0.0.1 remains (LAST-ACK ended)"

# An RST in ESTABLISHED: the kernel counts a reset of an established
# connection; the calls saw ECONNRESET, then end of file.
run rst "$P/kernel-rst.pkt"
is "$(snmp "$T/rst.out" EstabResets)" 1 "rst: one established connection reset (Tcp EstabResets)"

# The scripts' sysctls were applied in the peer (its timestamps off) and
# nowhere else.
"$TCPX" --lab --pkt "$P/kernel-rst.pkt" --against kernel $TOL \
    --peer-exec 'echo "peer ts=$(cat /proc/sys/net/ipv4/tcp_timestamps)"' \
    >"$T/sysctl.out" 2>&1
grep -qx 'peer ts=0' "$T/sysctl.out"
ok $? "the script's tcp_timestamps=0 reached the peer namespace"
is "$(cat /proc/sys/net/ipv4/tcp_timestamps)" "$ts_before" \
    "our namespace's tcp_timestamps is unchanged"

# A wrong expectation fails at its line, with what the kernel sent.
cat >"$T/wrong.pkt" <<'PKT'
`sysctl -q net.ipv4.tcp_sack=0 net.ipv4.tcp_timestamps=0`
0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3
+0 bind(3, ..., ...) = 0
+0 listen(3, 1) = 0
+0 < S 0:0(0) win 32792 <mss 1000,nop,wscale 7>
+0 > S. 0:0(0) ack 2 <...>
PKT
"$TCPX" --lab --pkt "$T/wrong.pkt" --against kernel $TOL >"$T/wrong.out" 2>&1
is $? 1 "a wrong expectation: exit status 1"
grep -q "^FAIL $T/wrong.pkt:6: expected \"> S\. 0:0(0) ack 2 <\.\.\.>\", the kernel sent \"> S\. 0:0(0) ack 1 win [0-9]* <mss 1460,nop,wscale [0-9]*>\" (ack 2 != 1)$" "$T/wrong.out"
ok $? "... names line 6, the expected and the kernel's SYN-ACK"
grep -q '^0 passed, 1 failed, 0 skipped$' "$T/wrong.out"; ok $? "... and the summary counts it"
grep -q '^FAIL' "$T/wrong.out" || diag "$(cat "$T/wrong.out")"

# --against both: a SYN+FIN to a listener (the engine answers, Linux
# drops it) is named at its line; where they agree nothing is printed.
"$TCPX" --lab --pkt "$P/differ-synfin-listen.pkt" --against both $TOL \
    >"$T/differ.out" 2>&1
is $? 1 "both, SYN+FIN: exit status 1 (they differ)"
grep -q "^BOTH $P/differ-synfin-listen.pkt: engine passed, kernel failed$" "$T/differ.out"
ok $? "... a verdict per side"
grep -q '^  line 13: engine sent "> S\. 0:0(0) ack 1 win 65535 <mss 1460,nop,wscale 7>" at 0\.000000 (as the script expects), kernel sent nothing$' "$T/differ.out"
ok $? "... line 13: the engine's SYN-ACK, nothing from the kernel"
grep -q '^0 agree, 1 differ$' "$T/differ.out"; ok $? "... 0 agree, 1 differ"
grep -q 'line 13' "$T/differ.out" || diag "$(cat "$T/differ.out")"

"$TCPX" --lab --pkt "$P/kernel-rst.pkt" "$P/kernel-passive-close.pkt" \
    --against both $TOL >"$T/agree.out" 2>&1
is $? 0 "both, scripts where Linux and the engine agree: exit status 0"
grep -q '^  line ' "$T/agree.out"
ok $((! $?)) "... no line differs (windows and options the scripts leave open may)"
grep -q '^2 agree, 0 differ$' "$T/agree.out"; ok $? "... 2 agree, 0 differ"
grep -q '^2 agree' "$T/agree.out" || diag "$(cat "$T/agree.out")"

# Each run had a lab of its own, and it is gone (this test has a
# private /run/netns, so any lab listed would be one of its own).
ip netns list | grep -q "^tcpx-lab-"
ok $((! $?)) "no lab namespace is left behind"

# Usage: kernel mode needs the lab.
"$TCPX" --pkt "$P/kernel-rst.pkt" --against kernel >"$T/use.out" 2>&1
is $? 2 "--against kernel without --lab: usage error"
grep -q 'add --lab' "$T/use.out"; ok $? "... which says to add --lab"
done_testing
