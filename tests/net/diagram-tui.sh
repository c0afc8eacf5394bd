#!/bin/sh
# tests/net/diagram-tui.sh - `tcpx --tui` and the diagram view's command
# line, on a real terminal (tmux) in the lab: commands typed at the foot
# of the view run with their output above the line and their segments
# drawn as they happen (also while a command waits); readline's history
# and completion work there; Esc gives the keys back to the view, `:`
# takes them again, q returns to the plain prompt; held segments are
# pending arrows, edited and dropped ones marked; TIME-WAIT counts down
# in the status bar; bad uses of --tui fail with one line.
. "$top_srcdir/tests/lib.sh"
need_root
command -v tmux >/dev/null || skip_all "needs tmux"
tmpdir T

tui_init tui

# last: the pane's bottom line (the command line or the key help).
last() { tmux capture-pane -p -t "$sess" | tail -n 1; }
# wait_last WANT: until the bottom line reads WANT (5 s at most); the check
# that follows says what it is.
wait_last() { _want=$1; wait_until 5 '[ "$(last)" = "$_want" ]'; }
# wait_bottom ERE: until the bottom line matches ERE (5 s at most).
wait_bottom() { _want=$1; wait_until 5 'last | grep -Eq -- "$_want"'; }

HOME=$T tmux new-session -d -s "$sess" -x 120 -y 36 \
    "$TCPX --lab --tui; echo EXIT \$?; sleep 30"
tui_wait 'live: no TCP conversation yet'; ok $? "--tui opens the live view at once"
tui_wait '^tcpx> *$'; ok $? "with the command line focused at its foot"
tui_wait '^--tui: type commands below; Esc gives the keys to the view (j/k, Enter, /), : takes them back, q leaves it'
ok $? "a one-line hint says which keys to use"
tui_screen | grep -q 'pcap [0-9]* drops 0'; ok $? "the status bar counts the capture's drops"

tui_type 'connect 10.0.0.2:7'
tui_wait 'SYN-SENT |---- S 0:0(0)'; ok $? "a typed connect: our SYN drawn"
tui_wait 'ESTABLISHED |<--- S\. 0:0(0) ack 1' && tui_wait '|---- \. 1:1(0) ack 1 .*| ESTABLISHED'
ok $? "we are ESTABLISHED on the SYN,ACK (the engine's word), the kernel on our ACK"
tui_screen | grep -q '^\* [0-9:.]* c1: SYN-SENT -> ESTABLISHED'; ok $? "the command's output shows above the line"
tui_screen | grep -q '\[[0-9;][0-9;]*m' && fail=1 || fail=0
is "$fail" 0 "as plain text: the packet lines' colour codes are left out"

# A command that waits: the view goes on drawing meanwhile.
tui_type 'fault delay 1 out 1s'
tui_type 'send late'
tui_type 'sleep 3s'
tui_type 'echo slept'
tui_wait '\[retrans\] P\. 1:5(4)' 25
ok $? "the delayed segment is drawn while sleep waits"
tui_screen | grep -q '^slept$' && fail=1 || fail=0
is "$fail" 0 "before the sleep (and the next command) ended"
tui_wait '^slept$' 40; ok $? "the line typed meanwhile ran after it"

# History and completion are readline's.
tmux send-keys -t "$sess" Up
wait_last "tcpx> echo slept"
is "$(last)" "tcpx> echo slept" "Up recalls the last line"
tmux send-keys -t "$sess" Up
wait_last "tcpx> sleep 3s"
is "$(last)" "tcpx> sleep 3s" "and the one before"
tmux send-keys -t "$sess" C-u
wait_last "tcpx>"
tmux send-keys -t "$sess" -l 'shutd'
tmux send-keys -t "$sess" Tab
wait_last "tcpx> shutdown"
is "$(last)" "tcpx> shutdown" "Tab completes a command name"
tmux send-keys -t "$sess" C-u
tmux send-keys -t "$sess" -l 's'
tmux send-keys -t "$sess" Tab Tab
tui_wait 'send.*set.*show' 20; ok $? "a second Tab lists the matches in the view"
tmux send-keys -t "$sess" C-u

tui_type 'diagram'
tui_wait 'diagram: the view is open already'; ok $? "diagram inside the view says it is open"

# A resize lays everything out again, the command line too.  The view has
# redrawn once an arrow reaches the right lifeline within 90 columns (the
# rows drawn for 120 end further right).
tmux resize-window -t "$sess" -x 90 -y 30 2>/dev/null ||
    tmux resize-pane -t "$sess" -x 90 -y 30
wait_until 5 'tui_screen | awk "length(\$0) <= 90 && /->\\|/ { f = 1 } END { exit !f }"'
ok $? "after a resize to 90 columns the ladder is drawn again"
tui_type 'echo resized'
tui_wait '^resized$'; ok $? "after a resize to 90 columns a typed command runs"
tui_screen | awk 'length($0) > 90 { bad = 1 } END { exit bad }'
ok $? "and every line fits the new width"
tui_screen | grep -q 'conversation 1  row [0-9]*/[0-9]*  time'
ok $? "the status bar is drawn in its new place"

# Esc: the keys are the view's again; `:` gives them back.
tmux send-keys -t "$sess" Escape
wait_bottom '^q back to the prompt  : command  f follow'
ok $? "Esc: the key help replaces the command line"
tmux send-keys -t "$sess" g
tui_wait 'row 1/[0-9]*  time relative  ascii  live  segments'
ok $? "g selects the first row; follow is off"
tmux send-keys -t "$sess" :
wait_last "tcpx>"
is "$(last)" "tcpx>" "colon: the command line again"
tmux send-keys -t "$sess" C-d
wait_bottom '^q back to the prompt'
ok $? "Ctrl-D on an empty line gives the keys back too"
tmux send-keys -t "$sess" q
tui_wait '^tcpx>$' 30; ok $? "q: the plain prompt"
tui_screen | grep -q '^tcpx> connect 10.0.0.2:7$' &&
    tui_screen | grep -q '^tcpx> echo slept$'
ok $? "the output meanwhile is shown after it, typed commands echoed"
tui_type 'echo plain'
tui_wait '^plain$'; ok $? "the plain prompt works"
tmux send-keys -t "$sess" Up
wait_until 5 'tui_screen | tail -n 1 | grep -q "^tcpx> echo plain"'
ok $? "its history has the view's lines too"
tmux send-keys -t "$sess" C-u
tui_type 'diagram'
tui_wait 'live  follow'; ok $? "diagram opens the view again"
tmux send-keys -t "$sess" :
tui_type 'quit'
tui_wait '^EXIT 0' 50; ok $? "quit typed in the view ends tcpx with 0"

# Step mode in the view: held segments are pending (dotted) arrows until
# released; an edited one is marked, a dropped one ends short of the peer.
sess="$sess-step"
HOME=$T tmux new-session -d -s "$sess" -x 130 -y 36 \
    "$TCPX --lab --tui; echo EXIT \$?; sleep 30"
tui_wait '^tcpx>'
tui_type 'step on'
tui_type 'connect 10.0.0.2:7'
tui_wait '^conversation -: 10\.0\.0\.1:[0-9]* (us) > 10\.0\.0\.2:7 (nothing on the wire yet)'
ok $? "a held SYN: its conversation, nothing on the wire yet"
tui_wait '|\.\.\.\. \[held #1\] S 0:0(0) win 65535 <mss 1460.*\.\.>|'
ok $? "the SYN drawn as a pending arrow"
tui_type 'step'
tui_wait 'SYN-SENT |---- S 0:0(0) win 65535'; ok $? "released: on the wire"
tui_wait '|\.\.\.\. \[held #2\] \. 1:1(0) ack 1 win [0-9]* \.*>|'
ok $? "the engine's ACK is held in its turn"
tui_screen | grep -q 'held #1' && fail=1 || fail=0
is "$fail" 0 "no pending arrow is left for the SYN"
tui_type 'edit 2 win=777'
tui_type 'step'
tui_wait '|---- \[edited\] \. 1:1(0) ack 1 win 777 -*>| ESTABLISHED'
ok $? "the edited ACK's wire copy is marked; the kernel ESTABLISHED"
tui_type 'step off'
tui_type 'fault drop 1 out'
tui_type 'send lost'
tui_wait '|---- \[dropped\] P\. 1:5(4) ack 1 win [0-9]* -*x   |'
ok $? "a fault's drop: an arrow that never reaches the peer"
tui_wait '|---- \[retrans\] P\. 1:5(4) ack 1' 30
ok $? "then the retransmission that does"
tui_screen | grep -q 'retransmission timeout in ESTABLISHED: retransmission #1, RTO'
ok $? "with the engine's reason under it: the RTO that fired"

# TIME-WAIT's countdown: ours (the engine's timer), then the kernel's.
tui_type 'set time_wait 3s'
tui_type 'close'
tui_wait 'TIME-WAIT us [0-3]\.[0-9] s' 30; ok $? "our TIME-WAIT counts down in the status bar"
tui_wait 'CLOSED : TIME-WAIT ended after 3\.[0-9]* s: the 2MSL timer (3s) expired' 50
ok $? "and ends on a row of its own, the engine's words"
tui_type 'connect 10.0.0.2:80'
tui_type 'send GET / HTTP/1.0\r\n\r\n'
tui_type 'wait state CLOSE-WAIT 5'
tui_type 'close'
tui_wait 'TIME-WAIT peer [56][0-9]\.[0-9] s' 30
ok $? "the kernel closed first: its TIME-WAIT counts down, as the tracker has it"
tui_type 'quit'
tui_wait '^EXIT 0' 50; ok $? "quit"
# On a tall screen the output above the command line holds a lesson's
# paragraph: 12 lines at 48 rows (5 on a short screen, as above).
sess="$sess-tall"
HOME=$T tmux new-session -d -s "$sess" -x 120 -y 48 \
    "$TCPX --lab --tui; echo EXIT \$?; sleep 30"
tui_wait '^tcpx>'
tui_type "say $(seq -f 'w%03g' 1 150 | tr '\n' ' ')"
tui_wait '^w136 .* w150 *$'
ok $? "a paragraph of 10 lines said in the view"
tui_screen | grep -q '^w001 w002 '
ok $? "all of it shows above the command line, its first line too"
tui_type 'quit'
tui_wait '^EXIT 0' 50; ok $? "quit"

tmux kill-server 2>/dev/null

"$TCPX" --lab --tui -c 'conns' >/dev/null 2>"$T/err"
is "$?" 2 "--tui with -c: exit 2"
is "$(cat "$T/err")" "tcpx: --tui is the interactive prompt; it cannot be combined with -c or -f" \
    "and one line saying why"
"$TCPX" --lab --tui </dev/null >/dev/null 2>"$T/err"
is "$?" 2 "--tui without a terminal: exit 2"
is "$(cat "$T/err")" "tcpx: --tui needs a terminal" "and one line saying so"
done_testing
