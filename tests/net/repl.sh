#!/bin/sh
# tests/net/repl.sh - the interactive prompt, driven through tmux as a user
# would: commands run, packets print above a half-typed line without
# disturbing it, completion works, and Ctrl-C (twice) leaves no lab behind.
. "$top_srcdir/tests/lib.sh"
need_root
command -v tmux >/dev/null || skip_all "needs tmux"
tmpdir T

tui_init repl

# last_line: the last non-blank line of the pane (the prompt being typed).
last_line() { tui_screen | grep -v '^$' | tail -n 1 | sed 's/ *$//'; }

tmux new-session -d -s "$sess" -x 220 -y 60 "$TCPX --lab; echo EXITED \$?; sleep 30"
tui_wait '^tcpx>'; ok $? "the prompt appears"
pane=$(tmux list-panes -t "$sess" -F '#{pane_pid}')
pid=$(pgrep -P "$pane" -f -- "--lab" | head -n 1)
[ -n "$pid" ]; ok $? "found tcpx's pid ($pid) under the pane ($pane)"

tmux send-keys -t "$sess" 'connect 10.0.0.2:7' Enter
tui_wait 'SYN-SENT -> ESTABLISHED'; ok $? "connect: the handshake is shown"
tmux send-keys -t "$sess" -l 'send hi there\n'
tmux send-keys -t "$sess" Enter
tui_wait '= c1: 9 bytes "hi there\\n"'; ok $? "send: the echo is shown, escaped"

# The peer kernel connects to a port of ours nobody listens on once the
# user has typed half a command (the test creates $T/go then).
tmux send-keys -t "$sess" -l "lab exec bash -c \"(n=0; until [ -e $T/go ] || [ \\\$n -ge 200 ]; do sleep 0.05; n=\\\$((n + 1)); done; exec 3<>/dev/tcp/10.0.0.1/5555) >/dev/null 2>&1 &\""
tmux send-keys -t "$sess" Enter
wait_until 10 '[ "$(last_line)" = "tcpx>" ]'
ok $? "lab exec returned to the prompt"
tmux send-keys -t "$sess" -l 'statu'
wait_until 10 '[ "$(last_line)" = "tcpx> statu" ]'
touch "$T/go"
tui_wait 'Flags \[R\.\]' 60; ok $? "a stray SYN is answered with RST while the user types"
last=$(tui_screen | grep -v '^$' | tail -n 1)
is "$last" "tcpx> statu" "the half-typed line is intact below the new output"
tmux send-keys -t "$sess" Tab Enter
tui_wait 'ESTABLISHED 10.0.0.1' ; ok $? "completion finished 'statu' to status, which ran"

tmux send-keys -t "$sess" 'help' Enter
tui_wait 'wait state NAME'; ok $? "help lists the commands"

tmux send-keys -t "$sess" C-c
tui_wait 'press Ctrl-C again or type quit to leave'
ok $? "Ctrl-C at the prompt asks first"
tmux send-keys -t "$sess" C-c
tui_wait 'EXITED 0'; ok $? "a second Ctrl-C at the prompt leaves tcpx with status 0"
[ -n "$pid" ] && is "$(ip netns list | grep -c "^tcpx-lab-$pid-")" 0 \
    "Ctrl-C: the lab is removed"

done_testing
