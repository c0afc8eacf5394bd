#!/bin/sh
# tests/net/diagram-resize.sh - the live diagram view on a terminal that
# changes size, and leaving it: in follow mode a shrink keeps the newest
# row selected and on screen (rows wrap into more at a narrow width), a
# grow shows the rows from the title again; a single Esc (or two) never
# throws the user out, only q does, and keys still coming when the view
# closes do not become a command at the prompt.  tmux drives it in the lab.
. "$top_srcdir/tests/lib.sh"
need_root
command -v tmux >/dev/null || skip_all "needs tmux"
tmpdir T

tui_init rs

last() { tmux capture-pane -p -t "$sess" | tail -n 1; }
wait_bottom() { _want=$1; wait_until 5 'last | grep -Eq -- "$_want"'; }
resize() {
	tmux resize-window -t "$sess" -x "$1" -y "$2" 2>/dev/null ||
	    tmux resize-pane -t "$sess" -x "$1" -y "$2"
}

HOME=$T tmux new-session -d -s "$sess" -x 120 -y 35 \
    "$TCPX --lab --tui; echo EXIT \$?; sleep 30"
tui_wait '^tcpx> *$'; ok $? "the live view with its command line"
# A resend's reason is a note that wraps into more rows when narrow.
tui_type 'connect 10.0.0.2:7'
tui_wait 'ESTABLISHED |<--- S\. 0:0(0) ack 1'
tui_type 'fault drop 1 out'
tui_type 'send lost'
tui_wait '|<--- P\. 1:5(4) ack 5' 50; ok $? "a dropped segment, its resend and the echo drawn"
tui_wait 'row \([0-9]*\)/\1  .* follow'; ok $? "following: the newest row is selected"

resize 40 8
wait_until 5 'tui_screen | awk "length(\$0) <= 40 && /->\\|/ { f = 1 } END { exit !f }"'
ok $? "shrunk to 40x8: the ladder is drawn again"
wait_until 5 'tui_screen | grep -Eq "row ([0-9]+)/\\1 "'
ok $? "shrunk: the newest row is still the selected one (row N/N)"
tmux capture-pane -p -t "$sess" | grep -B1 'conversation 1  row' | head -n 1 |
    grep -q '^[0-9 .]*|'
ok $? "and it is on screen, above the status bar"

resize 120 35
wait_until 5 'tui_screen | grep -q "^conversation 1: 10\.0\.0\.1:[0-9]* (us) > 10\.0\.0\.2:7"'
ok $? "grown to 120x35: the title is back without g"
tui_screen | grep -q '^ *10\.0\.0\.1:[0-9]* (us) *10\.0\.0\.2:7$'; ok $? "the address header too"
tui_screen | grep -q 'SYN-SENT |---- S 0:0(0)'; ok $? "and the SYN's row"
tui_screen | grep -Eq "row ([0-9]+)/\\1 .* follow"; ok $? "still following the newest row"

# Esc gives the keys to the view; more Esc presses never close it.
tmux send-keys -t "$sess" Escape
wait_bottom '^q back to the prompt'; ok $? "Esc: the key help, which says q leaves"
tmux send-keys -t "$sess" Escape
wait_bottom '^q goes back to the prompt \(Esc does not\)'
ok $? "a second Esc: still in the view, told how to leave"
tmux send-keys -t "$sess" Escape Escape :
wait_bottom '^tcpx>'
tui_screen | grep -q 'conversation 1  row'
ok $? "two more, then colon: the view's command line, the view still there"
tmux send-keys -t "$sess" Escape
wait_bottom '^q back to the prompt'
# q and keys right behind it, in one write: only q is the view's.
tmux send-keys -t "$sess" q j j Up
tui_wait '^tcpx> *$' 30; ok $? "q: the plain prompt"
tui_type 'echo clean'
tui_wait '^clean$'; ok $? "a command typed then runs"
tui_screen | grep -q '^tcpx> echo clean$'
ok $? "the keys that came with q did not reach the prompt"
tui_screen | grep -q 'unknown command' && fail=1 || fail=0
is "$fail" 0 "no garbage command"
tui_type 'quit'
tui_wait '^EXIT 0' 50; ok $? "tcpx ends with 0"

done_testing
