#!/bin/sh
# tests/net/lessons-synflood.sh - the syn-flood lesson answers its question
# with numbers measured against the lab's kernel and our engine: a
# listener with backlog 3 keeps 4 half-open connections and drops the rest
# of a spoofed flood without a word (tcp_abort_on_overflow or not); SYN
# cookies let a real connect in, and the kernel keeps our MSS only as its
# table's value; a full accept queue drops, or with tcp_abort_on_overflow
# resets, the last ACK of a handshake; our own SYN queue fills under the
# kernel's hping3 flood and our cookies let its client in.  Also the
# pieces the lesson is built with: connect nowait, a listener's queues in
# stat and in measure tcb synq|acceptq.  The lesson's sysctls stay in the
# peer's namespace: the host's are the same after it.
. "$top_srcdir/tests/lib.sh"
need_root
command -v hping3 >/dev/null || skip_all "needs hping3 (the lesson's flood from the kernel)"
command -v python3 >/dev/null || skip_all "needs python3 (the kernel's listener)"
tmpdir T

"$TCPX" --lab -c 'lesson' >"$T/list.out" 2>&1
grep -q '^  syn-flood  *什么是 SYN 攻击？如何避免 SYN 攻击？ What is a SYN flood' "$T/list.out"
ok $? "lesson lists syn-flood with its question"

host_before=$(sysctl -n net.ipv4.tcp_syncookies net.ipv4.tcp_synack_retries \
    net.ipv4.tcp_abort_on_overflow | tr '\n' ' ')
timeout 120 "$TCPX" --lab --lesson syn-flood --auto >"$T/sf.out" 2>&1
ran_through $? syn-flood "$T/sf.out"
host_after=$(sysctl -n net.ipv4.tcp_syncookies net.ipv4.tcp_synack_retries \
    net.ipv4.tcp_abort_on_overflow | tr '\n' ' ')
is "$host_after" "$host_before" \
    "the host's tcp_syncookies, tcp_synack_retries, tcp_abort_on_overflow are untouched"

# The kernel as the victim, cookies off.
grep -q 'cannot stat /proc/sys/net/core/netdev_max_backlog' "$T/sf.out"
ok $? "netdev_max_backlog is not even in the peer's namespace (machine-wide, packets)"
is "$(report_of "$T/sf.out" 'half-open connections the kernel keeps, backlog 3')" 4 \
    "a listener with backlog 3 keeps backlog + 1 = 4 half-open connections"
is "$(report_of "$T/sf.out" 'flood SYNs dropped, queue full, cookies off')" 8 \
    "and drops the other 8 of the 12 forged SYNs (TcpExtTCPReqQFullDrop)"
is "$(report_of "$T/sf.out" 'our real SYNs dropped (SYN, one resend)')" 2 \
    "our real connect's SYN and its resend were dropped too"
is "$(report_of "$T/sf.out" 'resets for our SYNs, abort_on_overflow on')" 0 \
    "no reset answered them, tcp_abort_on_overflow on"
grep -q 'SYN-SENT -> CLOSED (retransmission timeout: no answer after 1 retransmissions' "$T/sf.out"
ok $? "our connect timed out after one resend (syn_retries=1)"

# Cookies on.
is "$(report_of "$T/sf.out" 'SYN cookies the kernel sent')" 1 \
    "the kernel answered our SYN with a cookie (TcpExtSyncookiesSent)"
is "$(report_of "$T/sf.out" 'cookies back valid in an ACK')" 1 \
    "our ACK brought it back valid (TcpExtSyncookiesRecv)"
is "$(report_of "$T/sf.out" 'half-open connections after ours got in')" 4 \
    "the queue still holds the 4 forged ones: the cookie took no room"
grep -q 'c2: SYN-SENT -> ESTABLISHED' "$T/sf.out"
ok $? "our connect through the full queue succeeded"
is "$(report_of "$T/sf.out" "the kernel's segment size to us, by cookie")" 1288 \
    "the cookie kept our MSS 1400 as the table's 1300: 1288-byte segments"
is "$(report_of "$T/sf.out" 'the same without a cookie (port 7)')" 1388 \
    "without a cookie the same MSS gives 1388"
grep -A1 '10\.0\.0\.2:8000 *10\.0\.0\.1:' "$T/sf.out" | grep -q 'wscale:7,10'
ok $? "window scaling survived the cookie (hidden in the timestamp)"

# The accept queue and tcp_abort_on_overflow.
is "$(report_of "$T/sf.out" 'connections reset for an ACK, accept queue full')" 1 \
    "tcp_abort_on_overflow on: the ACK that found the accept queue full drew a reset"
grep -q 'IP 10\.0\.0\.2\.8001 > 10\.0\.0\.1\.[0-9]*: Flags \[R\], seq' "$T/sf.out"
ok $? "the kernel's RST for that ACK is in the output"
is "$(report_of "$T/sf.out" 'connections in the accept queue, backlog 1')" 2 \
    "an accept queue with backlog 1 holds 2"
is "$(report_of "$T/sf.out" 'kernel in SYN-RECV, our side ESTABLISHED')" 1 \
    "tcp_abort_on_overflow off: the ACK was dropped, the kernel stays in SYN-RECV"

# Our engine as the victim.
is "$(report_of "$T/sf.out" "our listener's SYN queue after the flood")" 8 \
    "hping3's flood filled our SYN queue (syn_backlog 8)"
is "$(report_of "$T/sf.out" 'SYN cookies we sent')" 13 \
    "we sent 12 cookies to the flood and 1 to the real client"
is "$(grep -c 'SYN-RECEIVED 10\.0\.0\.1\.7001 > 10\.0\.0\.77\.' "$T/sf.out")" 8 \
    "conns lists the 8 half-open connections to the forged address"
grep -q 'ESTABLISHED  still in it, for .*SYN cookie in the ACK is valid: connection rebuilt with MSS 1460' "$T/sf.out"
ok $? "the kernel's client got in through our cookie (its history says so)"
grep -q '= c[0-9]*: 6 bytes "hello\\n"' "$T/sf.out"
ok $? "and its hello arrived"

# connect nowait: back at once, the handshake goes on; a refusal does not
# stop the batch.
timeout 30 "$TCPX" --lab -q -c 'connect 10.0.0.2:7 nowait; conns; wait state ESTABLISHED 5; \
connect 10.0.0.2:9999 nowait; wait event refused 5; echo went on' >"$T/nowait.out" 2>&1
ok $? "connect nowait: the batch exits 0 even when the connection is refused"
grep -q '^\*c1 SYN-SENT 10\.0\.0\.1\.[0-9]* > 10\.0\.0\.2\.7 ' "$T/nowait.out"
ok $? "connect nowait returns in SYN-SENT"
grep -q 'c1: SYN-SENT -> ESTABLISHED' "$T/nowait.out"
ok $? "and the handshake goes on"
grep -q '^went on$' "$T/nowait.out"
ok $? "a refused nowait connect leaves the batch going"
timeout 30 "$TCPX" --lab -c 'connect 10.0.0.2:7 sometime' >/dev/null 2>"$T/bad.err"
is "$?" 2 "connect with a stray word: exit 2"
grep -q 'expected SECONDS (1-86400), nowait or SETTING=VALUE' "$T/bad.err"
ok $? "naming nowait among the choices"

# A listener's queues: stat and measure tcb synq|acceptq.
timeout 30 "$TCPX" --lab -q -c "set syn_backlog 5; set backlog 7; set syncookies 2; listen 7002 manual; \
stat c1; use c1; measure a0 tcb acceptq; \
lab sh 'bash -c \"exec 3<>/dev/tcp/10.0.0.1/7002; sleep 3\" >/dev/null 2>&1 &'; \
wait event established 5; stat c1; measure a1 tcb acceptq; measure s1 tcb synq; \
connect 10.0.0.2:7; measure x tcb synq" >"$T/queues.out" 2>&1
is "$?" 1 "a batch ending in measure tcb synq on an active connection fails"
grep -q '^  SYN queue 0 of 5 (syn_backlog)  accept queue 0 of 7 (backlog)  SYN cookies always$' "$T/queues.out"
ok $? "stat of a listener: its empty queues, their bounds, cookies always"
grep -q '^  SYN queue 0 of 5 (syn_backlog)  accept queue 1 of 7 (backlog)  SYN cookies always$' "$T/queues.out"
ok $? "stat of the listener with one connection not yet accepted"
grep -q '^measured a0: 0$' "$T/queues.out" && grep -q '^measured a1: 1$' "$T/queues.out"
ok $? "measure tcb acceptq: 0, then 1"
grep -q '^measured s1: 0$' "$T/queues.out"
ok $? "measure tcb synq: 0 (syncookies 2 keeps no half-open connection)"
grep -q 'measure x: c[0-9]* is neither a listener nor came from one' "$T/queues.out"
ok $? "measure tcb synq of an active connection says why not"
done_testing
