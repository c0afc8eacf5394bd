#!/bin/sh
# tests/net/diagram-view.sh - the curses diagram (tcpx -r FILE --diagram)
# on a real pseudo-terminal (tmux): the ladder of a lab session, moving,
# searching, details, conversations, time modes, resize, quit.
. "$top_srcdir/tests/lib.sh"
need_root
command -v tmux >/dev/null || skip_all "needs tmux"
tmpdir T

# Before the IPv6 connection, the peer's link-local address must have
# passed DAD (until then its kernel leaves our neighbour solicitations
# unanswered and the SYN goes twice).
"$TCPX" --lab -q -w "$T/s.pcap" -c "connect 10.0.0.2:7; send hello; wait recv hello; \
close; wait state TIME-WAIT; \
lab exec sh $UNTIL 10 '! ip -6 addr show dev peer0 | grep -q tentative'; \
connect [fd00::2]:9; send x; abort" >/dev/null 2>&1
ok $? "a lab session with two conversations recorded with -w"

tui_init dv

tmux new-session -d -s "$sess" -x 120 -y 30 "$TCPX -r $T/s.pcap --diagram; echo EXIT \$?; sleep 30"
tui_wait '^conversation 1: 10.0.0.1:[0-9]* > 10.0.0.2:7'; ok $? "the first conversation's title"
tui_screen | grep -q 'SYN-SENT |---- S 0:0(0)'; ok $? "our SYN arrow with SYN-SENT on our lifeline"
tui_screen | grep -q 'SYN-RECEIVED$'; ok $? "the kernel's SYN-RECEIVED on its lifeline"
tui_screen | grep -q 'TIME-WAIT |'; ok $? "TIME-WAIT on our lifeline"
tmux send-keys -t "$sess" G
tui_wait 'row \([0-9]*\)/\1 '; ok $? "G selects the last row"
# The search is for plain text; from the last row it wraps to a FIN's row.
tmux send-keys -t "$sess" / 'F.' Enter
wait_until 5 'tui_screen | grep -q "row \([0-9]*\)/[0-9]* " &&
    ! tui_screen | grep -q "row \([0-9]*\)/\1 "'
ok $? "search moved the selection off the last row"
tui_screen | grep -q 'not found' && fail=1 || fail=0
is "$fail" 0 "and found what it looked for"
tmux send-keys -t "$sess" Enter
tui_wait 'RFC 9293'; ok $? "Enter shows the selected segment's cause"
tmux send-keys -t "$sess" t
tui_wait 'time absolute'; ok $? "t switches to absolute time"
tmux send-keys -t "$sess" n
tui_wait '^conversation 2: \[fd00::1\]:[0-9]* > \[fd00::2\]:9'; ok $? "n shows the IPv6 conversation"
tui_screen | grep -q -- '--- R'; ok $? "with our abort's RST arrow"
tmux resize-window -t "$sess" -x 70 -y 20 2>/dev/null || tmux resize-pane -t "$sess" -x 70 -y 20
# Laid out again once an arrow reaches the right lifeline within 70
# columns (the rows drawn for 120 end further right).
wait_until 5 'tui_screen | awk "length(\$0) <= 70 && /->\\|/ { f = 1 } END { exit !f }"'
ok $? "after a resize to 70 columns the ladder is drawn again"
[ "$(tui_screen | awk '{ if (length($0) > w) w = length($0) } END { print w }')" -le 70 ]
ok $? "after a resize to 70 columns every line fits"
tmux send-keys -t "$sess" q
tui_wait '^EXIT 0'; ok $? "q quits with status 0"

"$TCPX" -r "$T/s.pcap" --diagram >/dev/null 2>"$T/err"
is "$?" 2 "--diagram without a terminal: exit 2"
grep -q 'needs a terminal; use --diagram=text' "$T/err"; ok $? "and says to use --diagram=text"
done_testing
