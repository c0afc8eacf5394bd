#!/bin/sh
# tests/net/arp-giveup.sh - connect to an address nobody has (10.0.0.9 in
# the lab): the ARP outcome is said once, before or with connect's failure,
# and no ARP request goes out for it once the connection is CLOSED.  At the
# prompt (tmux), because the session must go on after the failure.
. "$top_srcdir/tests/lib.sh"
need_root
command -v tmux >/dev/null || skip_all "needs tmux"
tmpdir T

tui_init arp

tmux new-session -d -s "$sess" -x 250 -y 60 "$TCPX --lab; echo EXITED \$?; sleep 30"
tui_wait '^tcpx>'; ok $? "the prompt appears"

# after PATTERN: the pane's lines after the last one matching PATTERN.
after() { tui_screen | awk -v p="$1" '$0 ~ p { n = NR; delete l; next }
    n { l[NR] = $0 } END { for (i = n + 1; i <= NR; i++) print l[i] }'; }
# count PATTERN: how many lines of stdin match PATTERN.
count() { grep -c -- "$1"; }

# 1. connect gives up (1 s) while ARP is still asking: said with the failure.
tui_type 'connect 10.0.0.9:80 1'
tui_wait 'c1: SYN-SENT -> CLOSED'; ok $? "connect 1 s: c1 is CLOSED"
tui_screen | grep -q 'connect: no answer within the time limit to 10.0.0.9:80 (no ARP/ND answer from 10.0.0.9 yet)'
ok $? "connect 1 s: the failure says ARP had no answer yet"
# Watch past the ARP queue's 3 s give-up: before the fix, requests and a
# late 'no ARP/ND answer' line came after CLOSED.  (sleep is the window we
# watch, not a wait for readiness; echo marks its end.)
tui_type 'sleep 4'; tui_type 'echo window-1-over'
tui_wait '^window-1-over' 100; ok $? "the window passed"
is "$(after 'c1: SYN-SENT -> CLOSED' | count 'ARP, Request who-has 10.0.0.9')" 0 \
    "connect 1 s: no ARP request after CLOSED"
is "$(tui_screen | count 'no ARP/ND answer')" 1 \
    "connect 1 s: the ARP outcome is said once"

# 2. ARP gives up (3 s) before connect would (5 s): said once, then connect fails.
tui_type 'connect 10.0.0.9:80 5'
tui_wait 'c2: SYN-SENT -> CLOSED' 100; ok $? "connect 5 s: c2 is CLOSED"
tui_type 'sleep 4'; tui_type 'echo window-2-over'
tui_wait '^window-2-over' 100; ok $? "the window passed"
is "$(after '^window-1-over' | count '10.0.0.9: no ARP/ND answer after 3 s')" 1 \
    "connect 5 s: the ARP give-up is said once"
is "$(after '10.0.0.9: no ARP/ND answer after 3 s' | grep -c 'connect: 10.0.0.9:80 unreachable: 10.0.0.9 gave no ARP/ND answer; still SYN-SENT, giving up')" 1 \
    "connect 5 s: then connect fails at once, saying why"
is "$(after 'c2: SYN-SENT -> CLOSED' | count 'ARP, Request who-has 10.0.0.9')" 0 \
    "connect 5 s: no ARP request after CLOSED"
is "$(after 'c2: SYN-SENT -> CLOSED' | count 'no ARP/ND answer')" 0 \
    "connect 5 s: no ARP/ND line after CLOSED"

tmux send-keys -t "$sess" 'quit' Enter
tui_wait 'EXITED'; ok $? "tcpx quits"

done_testing
