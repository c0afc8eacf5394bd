#!/bin/sh
# tests/pkt-view.sh - tcpx --pkt --diagram on a real pseudo-terminal
# (tmux, no root): each script's ladder full-screen in turn, the failing
# segment marked, q going on to the next, then the summary and the status.
. "$top_srcdir/tests/lib.sh"
command -v tmux >/dev/null || skip_all "needs tmux"
tmpdir T
tui_init pv

cp "$top_srcdir/tests/pkt/handshake-passive.pkt" "$T/pass.pkt"
printf '%s\n' '`sysctl -q net.ipv4.tcp_sack=0 net.ipv4.tcp_timestamps=0`' \
    '0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3' '+0 bind(3, ..., ...) = 0' \
    '+0 listen(3, 1) = 0' '+0 < S 0:0(0) win 32792 <mss 1000,nop,wscale 7>' \
    '+0 > R. 0:0(0) ack 1' >"$T/fail.pkt"

tmux new-session -d -s "$sess" -x 120 -y 30 \
    "$TCPX --pkt $T/pass.pkt $T/fail.pkt --diagram; echo EXIT \$?; sleep 30"
tui_wait '^conversation 1: 192\.0\.2\.2:48000 > 192\.0\.2\.1:8080 (us)' 100
ok $? "the first script's ladder, full-screen"
tui_screen | grep -q '0\.100000  ESTABLISHED |---- \. 1:1(0) ack 1 win 257'
ok $? "... its last arrow at its script time, the states beside it"
tmux send-keys -t "$sess" q
tui_wait '\[FAIL\] S\. 0:0(0) ack 1' 100
ok $? "q: the second script's ladder, the failing segment marked"
tmux send-keys -t "$sess" q
tui_wait '^EXIT 1' 100; ok $? "q again: tcpx ends with status 1"
tui_screen | grep -q '^1 passed, 1 failed, 0 skipped'
ok $? "... after the summary"
done_testing
