#!/bin/sh
# tests/net/diagram-live.sh - the REPL's `diagram`: the live full-screen
# view of the session's own conversation in the lab (a segment held back
# by `fault delay` appears while the view is open), lines printed
# meanwhile shown after q, and `diagram --text` from a script.
. "$top_srcdir/tests/lib.sh"
need_root
command -v tmux >/dev/null || skip_all "needs tmux"
tmpdir T

tui_init dl

HOME=$T tmux new-session -d -s "$sess" -x 120 -y 40 "$TCPX --lab; echo EXIT \$?; sleep 30"
tui_wait 'tcpx>'; ok $? "the prompt in the lab"
tui_type 'connect 10.0.0.2:7'
tui_wait 'SYN-SENT -> ESTABLISHED'; ok $? "connected to the kernel's echo port"
# The delay is long (5 s) so that the checks of the pending arrow are done
# before it ends, however slow the machine is.
tui_type 'fault delay 1 out 5s'
tui_type 'send late'
tui_type 'diagram'
tui_wait 'conversation 1: 10.0.0.1:[0-9]* (us) > 10.0.0.2:7'
ok $? "diagram opens on the session's conversation"
tui_screen | grep -q 'live  follow'; ok $? "the status line says live and follow"
tui_screen | grep -q 'ESTABLISHED |<--- S\. 0:0(0) ack 1'
ok $? "our lifeline: ESTABLISHED where the engine entered it, on the SYN,ACK"
tui_screen | grep -q '|---- \. 1:1(0) ack 1 .*| ESTABLISHED'
ok $? "the kernel's: ESTABLISHED on our handshake ACK, as the tracker infers"
tui_screen | grep -q '|\.\.\.\. \[delayed\] P\. 1:5(4) ack 1 win [0-9]* \.*>|'
ok $? "the delayed data segment is a pending arrow"
tui_screen | grep -q '|---- P\. 1:5(4)' && fail=1 || fail=0
is "$fail" 0 "not yet on the wire"
tui_wait '|---- [][a-z ]*P\. 1:5(4) ack 1' 100; ok $? "it appears when the delay ends, the view still open"
wait_until 15 '! tui_screen | grep -q "\[delayed\]"'
tui_screen | grep -q '\[delayed\]' && fail=1 || fail=0
is "$fail" 0 "the pending arrow goes when the delay ends (the copy is then a resend)"
tui_wait '|<--- P\. 1:5(4) ack 5' 30; ok $? "and the kernel's echo of it"
tmux send-keys -t "$sess" q
tui_wait '= c1: 4 bytes "late"' 30; ok $? "after q the echo printed meanwhile is shown"
tui_type 'echo back'
tui_wait '^back'; ok $? "the prompt works again"
tui_type 'quit'
tui_wait '^EXIT 0'; ok $? "quit exits 0"

"$TCPX" --lab -q -c 'connect 10.0.0.2:7; send hi; wait recv hi; abort; diagram --text width=90' >"$T/out" 2>&1
ok $? "diagram --text in a script"
grep -q '^conversation 1: 10\.0\.0\.1:[0-9]* (us) > 10\.0\.0\.2:7$' "$T/out"; ok $? "its title"
grep -q 'CLOSED |---- R ' "$T/out"; ok $? "our abort's RST with CLOSED on our lifeline"
[ "$(awk '/^conversation/,0 { if (length($0) > w) w = length($0) } END { print w }' "$T/out")" -le 90 ]
ok $? "every line fits width=90"
"$TCPX" --lab -q -c 'diagram' >/dev/null 2>"$T/err"
is "$?" 1 "diagram without a terminal fails"
is "$(cat "$T/err")" "tcpx: diagram: needs a terminal; use diagram --text" "and says why"
done_testing
