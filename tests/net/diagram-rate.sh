#!/bin/sh
# tests/net/diagram-rate.sh - the live diagram under a flood: with the view
# open on a terminal (tmux), a second tcpx in the lab's peer namespace
# floods us with 200,000 resets at 100,000 a second (a closed port drops
# them without an answer, so the load is capture and diagram alone).  Every
# reset must be accounted for, drawn as a segment, counted as dropped by
# libpcap or counted as left out by the diagram's bound on new
# conversations (nothing is lost unsaid), and the view must still answer
# keys.
#
# How many a machine keeps up with depends on the machine and what else
# runs on it: a speed, measured by bench/live-vs-tcpdump.sh (make
# bench-live), not asserted here.
. "$top_srcdir/tests/lib.sh"
need_root
command -v tmux >/dev/null || skip_all "needs tmux"
tmpdir T

tui_init rate

HOME=$T tmux new-session -d -s "$sess" -x 150 -y 30 \
    "$TCPX --lab -q --tui; echo EXIT \$?; sleep 30"
tui_wait '^tcpx>'; ok $? "the live view"
tui_type "lab exec sh -c \"$TCPX -q -i peer0 -s 10.0.0.2 -c 'flood rst 10.0.0.1:9 count=200000 rate=100000' >$T/flood.out 2>&1 &\""
wait_for '^\* flood: ' "$T/flood.out" 30
grep -q '^\* flood: 200000 RSTs to 10\.0\.0\.1:9 ' "$T/flood.out"
ok $? "the peer's tcpx sent 200000 resets"
rate=$(sed -n 's/.*(\([0-9]*\)\/s).*/\1/p' "$T/flood.out")
diag "flood: $(cat "$T/flood.out")"
# bar: the status bar's counts "SEGMENTS PCAP DROPS LEFT-OUT".  They are
# read once every reset is accounted for: drawn as a segment, dropped by
# libpcap, or left out by the diagram (each reset comes from its own port,
# so each begins a conversation, and the diagram draws at most 1000 new
# ones a second: a flood from forged addresses must not cost it one each).
bar() {
	tui_screen | grep 'segments [0-9]*  pcap' | tail -n 1 |
	    sed -n 's/.*segments \([0-9]*\)  pcap \([0-9]*\) drops \([0-9]*\)\(  left out \([0-9]*\)\)\{0,1\}.*/\1 \2 \3 \5/p' |
	    awk '{ print $1, $2, $3, $4 + 0 }'
}
wait_until 30 'bar | awk "{ exit !(\$1 + \$3 + \$4 >= 200000) }"'
status=$(tui_screen | grep 'segments [0-9]*  pcap' | tail -n 1)
diag "status bar: $status (the flood at ${rate:-?}/s)"
set -- $(bar)
[ "${1:-0}" -ge 1000 ] && [ $((${1:-0} + ${3:-0} + ${4:-0})) -ge 200000 ] &&
    [ "${2:-0}" -ge 200000 ]
ok $? "every reset is drawn, counted as dropped or left out (${1:-?} drawn, ${3:-?} dropped, ${4:-?} left out, of ${2:-?})"
[ "${4:-0}" -ge 1 ]
ok $? "the diagram left out the flood's conversations past 1000 a second (${4:-?})"
tmux send-keys -t "$sess" Escape
wait_until 5 'tmux capture-pane -p -t "$sess" | tail -n 1 | grep -q "^q back to the prompt"'
tmux send-keys -t "$sess" g
tui_wait 'row 1/' 30; ok $? "the view still answers keys"
tmux send-keys -t "$sess" :
tui_type 'quit'
tui_wait '^EXIT 0' 50; ok $? "quit"
done_testing
