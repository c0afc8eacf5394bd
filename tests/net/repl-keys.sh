#!/bin/sh
# tests/net/repl-keys.sh - keys at the prompt while the lab runs, on a real
# pseudo-terminal (tmux): lines typed while `lab sh` blocks run after it,
# in order; Ctrl-C stops a blocking `lab exec` and says what it stopped,
# killing the command; at an idle prompt the first Ctrl-C clears the line
# and asks, the lab and connections stay, and only a second one quits.
. "$top_srcdir/tests/lib.sh"
need_root
command -v tmux >/dev/null || skip_all "needs tmux"
tmpdir T

tui_init keys

# last_line: the last non-blank line of the pane (the prompt being typed).
last_line() { tui_screen | grep -v '^$' | tail -n 1 | sed 's/ *$//'; }
# line_of TEXT: the number of the pane's first line that is exactly TEXT.
line_of() { tui_screen | grep -nx -- "$1" | head -n 1 | cut -d: -f1; }

tmux new-session -d -s "$sess" -x 200 -y 50 \
    "env HOME=$T $TCPX --lab; echo EXITED \$?; sleep 60"
tui_wait '^tcpx>'; ok $? "the prompt appears"
pane=$(tmux list-panes -t "$sess" -F '#{pane_pid}')
pid=$(pgrep -P "$pane" -f -- "--lab" | head -n 1)

tui_type 'connect 10.0.0.2:7'
tui_wait 'SYN-SENT -> ESTABLISHED'; ok $? "connected"

# Type ahead while `lab sh` blocks on a file the test makes afterwards.
tui_type "lab sh 'echo blocking; sh $UNTIL 30 \"test -e $T/go\"; echo released'"
tui_wait '^blocking$'; ok $? "lab sh runs its line"
tui_type 'echo first'
tui_type 'echo second'
tui_wait 'echo second'	# the terminal has taken both lines
touch "$T/go"
tui_wait '^second$' 100; ok $? "a line typed ahead runs after lab sh ends"
r=$(line_of released); f=$(line_of first); s=$(line_of second)
[ -n "$r" ] && [ -n "$f" ] && [ -n "$s" ] && [ "$r" -lt "$f" ] && [ "$f" -lt "$s" ]
ok $? "in order: released ($r), first ($f), second ($s)"
wait_until 10 '[ "$(last_line)" = "tcpx>" ]'; ok $? "the prompt is back"

# Ctrl-C on a blocking lab exec: the command is named and killed.
tui_type 'lab exec sleep 4321'
wait_until 10 'pgrep -fx "sleep 4321" >/dev/null'
ok $? "lab exec started its command"
tmux send-keys -t "$sess" C-c
tui_wait 'lab exec: interrupted "sleep 4321" (SIGINT)' 50
ok $? "Ctrl-C says which command it stopped"
pgrep -fx "sleep 4321" >/dev/null; ok $((! $?)) "the command is gone"
kill -0 "$pid" 2>/dev/null; ok $? "tcpx keeps running"
wait_until 10 '[ "$(last_line)" = "tcpx>" ]'; ok $? "the prompt is back after Ctrl-C"

# Ctrl-C at the idle prompt asks first, clearing the half-typed line.
tmux send-keys -t "$sess" -l 'half typed'
wait_until 10 '[ "$(last_line)" = "tcpx> half typed" ]'
tmux send-keys -t "$sess" C-c
tui_wait 'press Ctrl-C again or type quit to leave'
ok $? "the first Ctrl-C at the idle prompt asks"
wait_until 10 '[ "$(last_line)" = "tcpx>" ]'; ok $? "and clears the line"
kill -0 "$pid" 2>/dev/null; ok $? "tcpx still runs"
[ "$(ip netns list | grep -c "^tcpx-lab-$pid-")" -eq 2 ]; ok $? "the lab is still up"
tui_type 'stat c1'
tui_wait '^c1 ESTABLISHED'; ok $? "the connection is still there"
# A line entered in between: the next Ctrl-C asks again.
n=$(tui_screen | grep -c 'press Ctrl-C again')
tmux send-keys -t "$sess" C-c
wait_until 10 '[ "$(tui_screen | grep -c "press Ctrl-C again")" -gt "$n" ]'
ok $? "after a command, Ctrl-C asks again"
kill -0 "$pid" 2>/dev/null; ok $? "and tcpx still runs"
tmux send-keys -t "$sess" C-c
tui_wait 'EXITED 0'; ok $? "a second Ctrl-C at the same prompt quits, status 0"
is "$(ip netns list | grep -c "^tcpx-lab-$pid-")" 0 "the lab is removed"

done_testing
