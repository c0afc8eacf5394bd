#!/bin/sh
# tests/net/repl-ux.sh - the prompt as people use it, on a real pseudo-
# terminal (tmux): Tab completes command names, subcommands, state names,
# settings and connection ids; ~/.inputrc's `$if tcpx` applies; history
# persists across runs in ~/.tcpx_history or $TCPX_HISTORY and stays
# bounded; Ctrl-C stops a wait, and at the prompt asks, then quits with
# the lab removed; packet lines are coloured on the terminal but not with
# NO_COLOR set nor in a pipe.
. "$top_srcdir/tests/lib.sh"
need_root
command -v tmux >/dev/null || skip_all "needs tmux"
tmpdir T

tui_init ux

ESC=$(printf '\033')
mkdir -p "$T/home"
cat >"$T/inputrc" <<'EOF'
$if tcpx
"\C-xe": "echo from-inputrc"
$endif
EOF

# last_line: the last non-blank line of the pane (the prompt being typed).
last_line() { tui_screen | grep -v '^$' | tail -n 1 | sed 's/ *$//'; }
# wait_last WANT: until the prompt line reads WANT (up to 3 s).
wait_last() {
	n=0
	while [ $n -lt 30 ]; do
		[ "$(last_line)" = "$1" ] && return 0
		sleep 0.1; n=$((n + 1))
	done
	return 1
}
# type_tab TEXT WANT DESC: type TEXT, press Tab, expect the line WANT.
type_tab() {
	tmux send-keys -t "$sess" -l "$1"
	tmux send-keys -t "$sess" Tab
	wait_last "$2"
	is "$(last_line)" "$2" "$3"
	tmux send-keys -t "$sess" C-u
	wait_last "tcpx>"
}
# start_tcpx ENV...: run tcpx --lab in a fresh pane with the environment
# given.  Each run has a session of its own, made before the last one is
# killed: killing the server's only session makes the server exit, and a
# new session made meanwhile could go down with it (a run 2 whose pane
# went blank after its prompt came).
runs=0
start_tcpx() {
	_old=$sess
	runs=$((runs + 1))
	sess="tcpxt-ux-$$-$runs"
	tmux new-session -d -s "$sess" -x 200 -y 50 \
	    "env HOME=$T/home INPUTRC=$T/inputrc $* $TCPX --lab; echo EXITED \$?; sleep 60"
	[ "$runs" -gt 1 ] && tmux kill-session -t "$_old" 2>/dev/null
	tui_wait '^tcpx>' || return 1
	pane=$(tmux list-panes -t "$sess" -F '#{pane_pid}')
	pid=$(pgrep -P "$pane" -f -- "--lab" | head -n 1)
	[ -n "$pid" ]	# the prompt's tcpx, still there
}

# Run 1: completion, inputrc, colour; history to ~/.tcpx_history.
start_tcpx; ok $? "the prompt appears"
type_tab 'sle' 'tcpx> sleep' "a command name completes"
type_tab 'step fr' 'tcpx> step freeze' "a subcommand completes (step freeze)"
type_tab 'wait state TIME' 'tcpx> wait state TIME-WAIT' \
    "a state name completes (TIME-WAIT)"
type_tab 'wait state FIN-WAIT-' 'tcpx> wait state FIN-WAIT-' \
    "an ambiguous state stops at the common prefix"
type_tab 'set keepalive.id' 'tcpx> set keepalive.idle' "a setting completes"
type_tab 'set notation pa' 'tcpx> set notation packetdrill' \
    "a setting's value completes"
tmux send-keys -t "$sess" -l 'set keepalive.'
tmux send-keys -t "$sess" Tab Tab
tui_wait 'keepalive.idle  *keepalive.intvl  *keepalive.probes'
ok $? "Tab Tab lists the matching settings"
tmux send-keys -t "$sess" C-u
tmux send-keys -t "$sess" C-x e
wait_last 'tcpx> echo from-inputrc'
is "$(last_line)" 'tcpx> echo from-inputrc' "~/.inputrc's \$if tcpx applies"
tmux send-keys -t "$sess" C-u

tmux send-keys -t "$sess" 'connect 10.0.0.2:7' Enter
tui_wait 'SYN-SENT -> ESTABLISHED'; ok $? "connect: the handshake is shown"
type_tab 'stat c' 'tcpx> stat c1' "a connection id completes (c1)"
type_tab 'close ' 'tcpx> close c1' "an id completes from nothing"
tmux send-keys -t "$sess" 'stat c1' Enter
tui_wait '^c1 ESTABLISHED'; ok $? "the completed command runs"

# Colour on the terminal: SYN green, state changes cyan.  tmux -e gives
# only the changes, so colour_of replays them: "fg=32 bold=0 dim=0" is the
# look of the first (or nth) line containing TEXT.
screen_e() { tmux capture-pane -p -e -t "$sess" -S -300; }
colour_of() {
	screen_e | awk -v pat="$1" -v nth="${2:-1}" '
	BEGIN { fg = ""; bold = 0; dim = 0 }
	function sgr(seq,   n, i, p) {
		n = split(substr(seq, 3, length(seq) - 3), p, ";")
		if (n == 0) { fg = ""; bold = 0; dim = 0 }
		for (i = 1; i <= n; i++) {
			if (p[i] == "" || p[i] == "0") { fg = ""; bold = 0; dim = 0 }
			else if (p[i] == "1") bold = 1
			else if (p[i] == "2") dim = 1
			else if (p[i] == "22") { bold = 0; dim = 0 }
			else if (p[i] == "39") fg = ""
			else if (p[i] ~ /^3[0-7]$/) fg = p[i]
		}
	}
	{
		line = $0
		while (match(line, "^\033\\[[0-9;]*m")) {
			sgr(substr(line, 1, RLENGTH)); line = substr(line, RLENGTH + 1)
		}
		look = "fg=" fg " bold=" bold " dim=" dim
		if (index(line, pat) && ++seen == nth) { print look; exit }
		while (match(line, "\033\\[[0-9;]*m")) {
			sgr(substr(line, RSTART, RLENGTH)); line = substr(line, RSTART + RLENGTH)
		}
	}'
}
is "$(colour_of 'Flags [S]')" "fg=32 bold=0 dim=0" \
    "colour: the SYN line is green on the terminal"
is "$(colour_of 'SYN-SENT -> ESTABLISHED')" "fg=36 bold=0 dim=0" \
    "colour: the state change is cyan"
is "$(colour_of 'Flags [S.]')" "fg=32 bold=0 dim=0" \
    "colour: the SYN-ACK is green too"
is "$(colour_of 'Flags [.], ack 1,')" "fg= bold=0 dim=1" \
    "colour: a pure ACK is dim"
is "$(colour_of 'tcpx>')" "fg= bold=0 dim=0" "colour: the prompt is plain"

# A lost segment: the note and the resend are magenta; an abort's RST red.
tmux send-keys -t "$sess" 'fault drop 1 out' Enter
tmux send-keys -t "$sess" 'send lost' Enter
tui_wait '= c1: 4 bytes "lost"' 50; ok $? "the lost segment is resent"
is "$(colour_of 'retransmission timeout in')" "fg=35 bold=0 dim=0" \
    "colour: the retransmission note is magenta"
[ "$(tui_screen | grep -cF '> 10.0.0.2.7: Flags [P.], seq 1:5,')" -eq 1 ]
ok $? "the dropped first sending is not printed, the resend is"
is "$(colour_of '> 10.0.0.2.7: Flags [P.], seq 1:5,')" "fg=35 bold=0 dim=0" \
    "colour: the resent segment is magenta"
tmux send-keys -t "$sess" 'send more' Enter
tui_wait '= c1: 4 bytes "more"' 50; ok $? "more data goes through"
is "$(colour_of '> 10.0.0.2.7: Flags [P.], seq 5:9,')" "fg= bold=0 dim=0" \
    "colour: data sent the first time is plain"
tmux send-keys -t "$sess" 'abort' Enter
tui_wait 'Flags \[R' 30; ok $? "abort sends RST"
is "$(colour_of 'Flags [R')" "fg=31 bold=1 dim=0" "colour: the RST is bold red"

tmux send-keys -t "$sess" 'quit' Enter
tui_wait 'EXITED 0'; ok $? "quit leaves with status 0"
hist="$T/home/.tcpx_history"
[ -f "$hist" ]; ok $? "the history file ~/.tcpx_history is written"
grep -qx 'connect 10.0.0.2:7' "$hist"; ok $? "it holds the commands typed"
grep -qx 'stat c1' "$hist"; ok $? "it holds the completed command as run"
is "$(tail -n 1 "$hist")" "quit" "the last command is last"

# Run 2: $TCPX_HISTORY, recall with Up; Ctrl-C stops a wait, then quits.
cp "$hist" "$T/hist2"
start_tcpx TCPX_HISTORY="$T/hist2"; ok $? "run 2: the prompt appears"
tmux send-keys -t "$sess" Up
wait_last 'tcpx> quit'
is "$(last_line)" "tcpx> quit" "Up recalls the last command of run 1"
tmux send-keys -t "$sess" Up
wait_last 'tcpx> abort'
is "$(last_line)" "tcpx> abort" "Up again recalls the one before"
tmux send-keys -t "$sess" C-u
tmux send-keys -t "$sess" 'connect 10.0.0.2:7' Enter
tui_wait 'SYN-SENT -> ESTABLISHED'; ok $? "run 2: connected"
# Ctrl-C once the wait runs: readline has taken the line when the cursor
# has moved to the start of the next one (and no prompt came back).
tmux send-keys -t "$sess" 'wait state TIME-WAIT 30' Enter
wait_until 10 '[ "$(last_line)" = "tcpx> wait state TIME-WAIT 30" ] &&
    [ "$(tmux display -p -t "$sess" "#{cursor_x}")" = 0 ]'
ok $? "the line is taken: the wait runs"
tmux send-keys -t "$sess" C-c
tui_wait 'interrupted before c1 reached TIME-WAIT: it is ESTABLISHED' 30
ok $? "Ctrl-C stops the wait and says where it was"
kill -0 "$pid" 2>/dev/null; ok $? "tcpx is still running after Ctrl-C in a wait"
wait_last 'tcpx>'; is "$(last_line)" "tcpx>" "the prompt is back"
tmux send-keys -t "$sess" 'echo still-here' Enter
tui_wait '^still-here'; ok $? "the prompt takes commands again"
tmux send-keys -t "$sess" C-c
tui_wait 'press Ctrl-C again or type quit to leave'
ok $? "Ctrl-C at the idle prompt asks first"
tmux send-keys -t "$sess" C-c
tui_wait 'EXITED 0'; ok $? "a second Ctrl-C at the prompt leaves with status 0"
is "$(ip netns list | grep -c "^tcpx-lab-$pid-")" 0 "the lab is removed"
grep -qx 'echo still-here' "$T/hist2"; ok $? "run 2's lines go to \$TCPX_HISTORY"
grep -qx 'echo still-here' "$hist"
ok $((! $?)) "and not to ~/.tcpx_history"

# Run 3: NO_COLOR; a long history file is cut to 1000 lines.
i=0
while [ $i -lt 1500 ]; do echo "echo old $i"; i=$((i + 1)); done >"$T/big"
start_tcpx NO_COLOR=1 TCPX_HISTORY="$T/big"; ok $? "run 3: the prompt appears"
tmux send-keys -t "$sess" 'connect 10.0.0.2:7' Enter
tui_wait 'SYN-SENT -> ESTABLISHED'; ok $? "run 3: connected"
screen_e | grep -E "Flags|SYN-SENT" | grep -q "${ESC}\["
ok $((! $?)) "NO_COLOR=1: no colour on the terminal"
tmux send-keys -t "$sess" 'quit' Enter
tui_wait 'EXITED 0'; ok $? "run 3: quit"
is "$(wc -l <"$T/big" | tr -d ' ')" 1000 "the history file is bounded to 1000 lines"
is "$(tail -n 1 "$T/big")" "quit" "and keeps the newest"

# A pipe gets no escape codes, terminal or not on the other side.
"$TCPX" --lab -c 'connect 10.0.0.2:7; close; wait state TIME-WAIT' 2>&1 |
    cat >"$T/pipe"
grep -q 'Flags \[S\]' "$T/pipe"; ok $? "a pipe gets the packet lines"
grep -q "$ESC" "$T/pipe"; ok $((! $?)) "and no escape codes"

done_testing
