#!/bin/sh
# tests/docs.sh - every command and every setting in tcpx's tables is
# documented in the man page and the README (no root needed).
. "$top_srcdir/tests/lib.sh"
man="$top_srcdir/man/tcpx.1"
readme="$top_srcdir/README.md"

# The lists themselves: an empty one would make the loops below pass.
ge "$("$TCPX" --list commands | wc -l | tr -d ' ')" 30 "--list commands lists the commands"
ge "$("$TCPX" --list settings | wc -l | tr -d ' ')" 30 "--list settings lists the settings"
for c in $("$TCPX" --list commands | cut -f1); do
	grep -q "^\.It Ic $c\( \|$\)" "$man"
	ok $? "man page documents command $c"
	grep "^|" "$readme" | grep -q "\`$c\( \|\`\)"
	ok $? "README lists command $c"
done
for k in $("$TCPX" --list settings | cut -f1); do
	grep -q "^\.It Cm $k\( \|$\)" "$man"
	ok $? "man page documents setting $k"
done
is "$("$TCPX" --list commands | grep -c '(null)')" 0 \
    "--list commands: every command has a usage (none printed as (null))"
"$TCPX" --list nonsense >/dev/null 2>&1
is $? 2 "--list with an unknown table: exit 2"
# Every lesson has its row in the README and its entry in tcpx-lessons(7).
for f in "$top_srcdir"/lessons/*.tcpx; do
	l=$(basename "$f" .tcpx)
	grep -q "^| \`$l\` |" "$readme"
	ok $? "README lists lesson $l"
	grep -q "^\.It Cm $l\$" "$top_srcdir/man/tcpx-lessons.7"
	ok $? "tcpx-lessons(7) describes lesson $l"
done
done_testing
