#!/bin/sh
# tests/net/lessons-tw.sh - the lessons time-wait-many, tw-reuse and
# max-connections answer their questions with numbers measured against the
# lab's kernel, and this checks each number they report: the client's
# ports used up by TIME-WAIT (and shared with another destination), what
# tcp_max_tw_buckets really does, tcp_tw_reuse after its delay and never
# without timestamps, connections per client address, and what a
# connection costs the kernel and tcpx.  Also the pieces they are made of:
# `listen PORT autoclose`, `set lines`, `measure NAME self rss|heap`, and a peer
# measure that reads the last line's number.  The peer's sysctls they
# change are its namespace's own: the host's stay as they were.
. "$top_srcdir/tests/lib.sh"
need_root
command -v bash >/dev/null || skip_all "needs bash (the lessons' clients use /dev/tcp)"
tmpdir T

host_sysctls() {
	sysctl -n net.ipv4.ip_local_port_range net.ipv4.tcp_max_tw_buckets \
	    net.ipv4.tcp_tw_reuse net.ipv4.tcp_timestamps | tr -s ' \t\n' ' '
}
host0=$(host_sysctls)

# The pieces first.  A peer measure reads the first number of the LAST
# line that has one.
"$TCPX" --lab -c "measure a peer 'printf \"x 12 y\\n99\\n\"'" >"$T/last.out" 2>&1
ok $? "measure peer runs"
grep -q '^measured a: 99$' "$T/last.out"
ok $? "measure peer: the last line's number (99), not the first line's (12)"

"$TCPX" --lab -c 'measure m self rss; measure m2 self rss' >"$T/rss.out" 2>&1
ok $? "measure self rss runs"
v=$(sed -n 's/^measured m: //p' "$T/rss.out")
within "$v" 1048576 4294967296
ok $? "measure self rss: tcpx's resident memory in bytes ($v)"
"$TCPX" --lab -c 'measure h self heap; measure h2 self heap' >"$T/heap.out" 2>&1
ok $? "measure self heap runs"
v=$(sed -n 's/^measured h: //p' "$T/heap.out")
within "$v" 10000 1073741824
ok $? "measure self heap: what tcpx's allocator has handed out, in bytes ($v)"
"$TCPX" --lab -c 'measure m self stack' >"$T/self.out" 2>&1
ok $((! $?)) "measure self with an unknown figure fails"
grep -q 'measure: no self figure "stack" (rss, heap)' "$T/self.out"
ok $? "saying which figures there are"

"$TCPX" --lab -c 'listen 6000 sideways' >"$T/listen.out" 2>&1
ok $((! $?)) "listen with an unknown option fails"
grep -q 'listen: unexpected "sideways": expected manual or autoclose' "$T/listen.out"
ok $? "naming both options"

# set lines: none prints no packet or connection lines, events no packet
# lines, all both; errors still print.
"$TCPX" --lab -c 'show lines; set lines none; show lines; connect 10.0.0.2:7; send hi; wait recv hi; close; wait state TIME-WAIT 5; set lines sideways' >"$T/none.out" 2>&1
grep -q '^  lines *all ' "$T/none.out" && grep -q '^  lines *none ' "$T/none.out"
ok $? "show lines: all, then none"
is "$(grep -c '^[<>*]' "$T/none.out")" 0 \
    "set lines none: no packet, data or event lines for a whole connection"
grep -q 'set: lines is all, events or none, not "sideways"' "$T/none.out"
ok $? "set lines with a bad value: the error still prints"
"$TCPX" --lab -c 'set lines events; connect 10.0.0.2:7; close; wait state TIME-WAIT 5' >"$T/events.out" 2>&1
ok $? "set lines events: a connection runs"
grep -q '^\* .* c1: SYN-SENT -> ESTABLISHED' "$T/events.out" &&
    ! grep -q '^[<>] ' "$T/events.out"
ok $? "set lines events: events, no packet lines"

# time-wait-many
"$TCPX" --lab --lesson time-wait-many --auto >"$T/twm.out" 2>&1
ran_through $? time-wait-many "$T/twm.out"
grep -q '^< .* IP 10\.0\.0\.2\.4000[0-7] > 10\.0\.0\.1\.6010: Flags \[F\.\]' "$T/twm.out"
ok $? "time-wait-many: the kernel's client sent the first FIN"
is "$(report_of "$T/twm.out" 'connections to port 6010 before connect() failed')" 8 \
    "time-wait-many: 8 connections from 8 ports, then connect() failed"
grep -q ': /dev/tcp/10.0.0.1/6010: Cannot assign requested address' "$T/twm.out"
ok $? "time-wait-many: with EADDRNOTAVAIL"
is "$(report_of "$T/twm.out" "TIME-WAITs holding the client's ports")" 8 \
    "time-wait-many: the kernel held 8 TIME-WAITs"
is "$(grep -c '10\.0\.0\.2:4000[0-7] *10\.0\.0\.1:6010 *timer:(timewait,' "$T/twm.out")" 9 \
    "time-wait-many: ss showed them with their timers (1, then 8)"
is "$(report_of "$T/twm.out" 'connections to port 6011 from the same 8 ports')" 8 \
    "time-wait-many: the same 8 ports made 8 connections to another port"
tw=$(report_of "$T/twm.out" 'kernel bytes per TIME-WAIT (slab tw_sock_TCP)')
tcp=$(awk '$1 == "TCP" && $4 ~ /^[0-9]+$/ { print $4; exit }' "$T/twm.out")
within "$tw" 128 512 && within "$tcp" 1500 4096 && [ $((tw * 5)) -lt "$tcp" ]
ok $? "time-wait-many: a TIME-WAIT's object ($tw B) is a fraction of a connection's ($tcp B)"
grep -q '^net.ipv4.tcp_max_tw_buckets = [0-9]' "$T/twm.out"
ok $? "time-wait-many: the kernel's tcp_max_tw_buckets shown"
is "$(report_of "$T/twm.out" 'TIME-WAITs kept, and the limit set')" 16 \
    "time-wait-many: tcp_max_tw_buckets set to the 16 TIME-WAITs kept"
is "$(report_of "$T/twm.out" 'connections to port 6012 with the table full (of 20)')" 20 \
    "time-wait-many: with the table full all 20 connections got through"
is "$(report_of "$T/twm.out" 'closed with no TIME-WAIT (TcpExtTCPTimeWaitOverflow)')" 20 \
    "time-wait-many: each was counted in TcpExtTCPTimeWaitOverflow"
is "$(report_of "$T/twm.out" 'TIME-WAITs kept through the overflow')" 16 \
    "time-wait-many: the 16 TIME-WAITs were kept, not reset"
is "$(report_of "$T/twm.out" 'our FINs the kernel answered with a reset')" 20 \
    "time-wait-many: our FIN after each of them met a reset"
grep -q '^net.ipv4.ip_local_port_range = 32768[[:space:]]60999$' "$T/twm.out"
ok $? "time-wait-many: the peer's settings are given back"

# tw-reuse
"$TCPX" --lab --lesson tw-reuse --auto >"$T/twr.out" 2>&1
ran_through $? tw-reuse "$T/twr.out"
grep -q '^net.ipv4.tcp_tw_reuse = 2$' "$T/twr.out"
ok $? "tw-reuse: the kernel's default tcp_tw_reuse is 2 (loopback only)"
grep -q '^net.ipv4.tcp_tw_reuse_delay = 1000$\|^(no net.ipv4.tcp_tw_reuse_delay' "$T/twr.out"
ok $? "tw-reuse: its delay shown (1000 ms) or said to be a fixed second"
grep -q '10\.0\.0\.2:40100 *10\.0\.0\.1:6030 *timer:(timewait,' "$T/twr.out"
ok $? "tw-reuse: the first connection was in TIME-WAIT on the client"
grep -q '^refused [0-9]* times, then connected$' "$T/twr.out"
ok $? "tw-reuse: the client got through again"
# At least the delay (the kernel's rule; measured from before the first
# connection, so never less).  At most 10 s, the lesson's deadline for the
# tries: what sets reuse apart from the TIME-WAIT ending by itself (60 s).
# A tighter upper bound would measure the machine's load (how long each
# "lab sh" and each try's bash take to start), not the kernel: 1.6 s failed
# so on a busy machine.  Before Linux 6.14 (no tcp_tw_reuse_delay) the
# TIME-WAIT only had to be from an earlier second.
r=$(report_of "$T/twr.out" 'age of the TIME-WAIT when its four were reused, s (at most)')
lo=1.0
grep -q '^(no net.ipv4.tcp_tw_reuse_delay' "$T/twr.out" && lo=0
within "$r" "$lo" 10
ok $? "tw-reuse: the TIME-WAIT was reused once old enough ($r s, from $lo)"
is "$(report_of "$T/twr.out" "the client's new ISN less its old one")" 65539 \
    "tw-reuse: the new ISN is the old connection's end + 65537"
is "$(report_of "$T/twr.out" 'connections made again in 2 s, without timestamps')" 0 \
    "tw-reuse: without timestamps no reuse in 2 s"
is "$(report_of "$T/twr.out" 'connections made again in 2 s, tcp_tw_reuse=2 (default)')" 0 \
    "tw-reuse: with tcp_tw_reuse=2 (not loopback) none either"
is "$(report_of "$T/twr.out" 'connections made again in 2 s, tcp_tw_reuse=0')" 0 \
    "tw-reuse: with tcp_tw_reuse=0 none"
is "$(grep -c '^refused [0-9]* times in 2 s$' "$T/twr.out")" 3 \
    "tw-reuse: three times every try was refused"
[ "$(grep '^net.ipv4.tcp_tw_reuse = ' "$T/twr.out" | tail -n 1)" = \
    'net.ipv4.tcp_tw_reuse = 2' ] &&
    grep -q '^net.ipv4.ip_local_port_range = 32768[[:space:]]60999$' "$T/twr.out"
ok $? "tw-reuse: the peer's settings are given back (tcp_tw_reuse 2 after 0)"

# max-connections
"$TCPX" --lab --lesson max-connections --auto >"$T/mc.out" 2>&1
ran_through $? max-connections "$T/mc.out"
a=$(report_of "$T/mc.out" 'connections from 10.0.0.2 before connect() failed')
b=$(report_of "$T/mc.out" 'connections from 10.0.0.3')
c=$(report_of "$T/mc.out" 'connections from 10.0.0.4')
is "$a $b $c" "1000 1000 1000" \
    "max-connections: 1000 connections from each client address (1000 ports)"
is "$(grep -c ': /dev/tcp/10.0.0.1/6020: Cannot assign requested address' "$T/mc.out")" 3 \
    "max-connections: each address ran out of ports (EADDRNOTAVAIL)"
# Under its limit of 256 descriptors less the shell's own (0-2, and those
# bash keeps for itself).
d=$(report_of "$T/mc.out" 'connections of a client limited to 256 open files')
within "$d" 230 253
ok $? "max-connections: a client limited to 256 files made $d"
grep -q ': /dev/tcp/10.0.0.1/6020: Too many open files' "$T/mc.out"
ok $? "max-connections: and ran out of descriptors (EMFILE)"
is "$(report_of "$T/mc.out" "connections the peer's kernel holds, all to our port 6020")" \
    "$((a + b + c + ${d:-0}))" "max-connections: the kernel held all of them at once"
k=$(report_of "$T/mc.out" 'kernel bytes per connection (tcp_sock, inode, file, dentry)')
s=$(awk '($1 == "TCP" || $1 == "sock_inode_cache" || $1 == "filp" ||
    $1 == "dentry") && $4 ~ /^[0-9]+$/ { s += $4 } END { print s + 0 }' "$T/mc.out")
is "$k" "$s" "max-connections: the kernel's cost is the four objects' sizes ($k B)"
within "$k" 2500 6000
ok $? "max-connections: a few kilobytes (tcp_sock 2-2.5 KB on Linux 5-6) ($k B)"
# What the allocator handed out per connection (the heap's count, not
# VmRSS, which the idle warm-up's pages moved from run to run: 229 B once
# under load): at least our TCB (about 600 B), at most a few KB.  Under
# the sanitizers the count is the sanitizer's own, without redzones.
m=$(report_of "$T/mc.out" "tcpx's memory per connection, bytes (heap growth)")
within "$m" 600 4096
ok $? "max-connections: tcpx's memory per connection ($m B of heap, 600-4096)"
grep -q '^TCP: inuse 0 ' "$T/mc.out"
ok $? "max-connections: at the end the kernel has none of them left open"
grep -q '^net.ipv4.ip_local_port_range = 32768[[:space:]]60999$' "$T/mc.out"
ok $? "max-connections: the peer's settings are given back"

is "$(host_sysctls)" "$host0" \
    "the host's own port range, tw buckets, tw_reuse and timestamps are unchanged"
done_testing
