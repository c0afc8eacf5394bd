#!/bin/sh
# tests/net/diagram-keep.sh - the live diagram's bound on a conversation
# (`set diagram_keep N`): a transfer of 300,000 bytes to the lab's echo port
# and back (hundreds of segments each way) leaves the newest N items of
# the conversation; its ladder begins with a row that counts what went,
# `stat path` counts it too, and the newest segments are still drawn.
# A bad value is refused with one line naming it.
. "$top_srcdir/tests/lib.sh"
need_root
tmpdir T

"$TCPX" --lab -q -c 'set diagram_keep 100; show diagram_keep; connect 10.0.0.2:7; send --size 300000; sleep 3s; close; sleep 1s; diagram --text width=100; stat path' >"$T/out" 2>&1
ok $? "a 300,000-byte echo with diagram_keep 100"
grep -q '^  diagram_keep       100 ' "$T/out"; ok $? "show diagram_keep says 100"
gone=$(sed -n 's/^(\([0-9]*\) earlier items left out: the diagram keeps the newest of a long conversation)$/\1/p' "$T/out")
[ "${gone:-0}" -ge 300 ]
ok $? "the ladder's third row counts the items that went (${gone:-none})"
sed -n '/^conversation 1:/{n;n;p;}' "$T/out" | grep -q '^([0-9]* earlier items left out'
ok $? "under the title and the lifelines' labels"
rows=$(awk '/^conversation 1:/,/^gate:/' "$T/out" | grep -c '|')
[ "$rows" -le 140 ] && [ "$rows" -ge 50 ]
ok $? "about 100 items drawn, not all of them ($rows rows)"
grep -q 'F\. ' "$T/out"; ok $? "the newest are there: our FIN"
grep -q "^diagram: $gone older things of long conversations left out, the newest 100 of each kept (set diagram_keep)$" "$T/out"
ok $? "stat path says how many went"
"$TCPX" --lab -q -c 'set diagram_keep 5' >"$T/bad" 2>&1
is "$(cat "$T/bad")" 'tcpx: set: diagram_keep is a number from 100 to 500000, not "5"' "a bad value is refused"
done_testing
