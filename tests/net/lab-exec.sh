#!/bin/sh
# tests/net/lab-exec.sh - `lab exec` gives its command a clean start: tcpx
# ignores SIGPIPE for itself, but a command in the peer namespace gets the
# default, so a pipeline whose reader leaves early ends quietly (as in a
# shell) instead of failing with "Broken pipe".  The session keeps running
# meanwhile: a connection opened before answers after.  `lab sh` takes a
# shell line: pipes and redirections.
. "$top_srcdir/tests/lib.sh"
need_root
tmpdir T

"$TCPX" --lab -c "connect 10.0.0.2:7; \
lab exec sh -c 'yes | head -n 1 >/dev/null; echo status \$?'; \
lab exec grep SigIgn /proc/self/status; \
send after; wait recv after" >"$T/out" 2>"$T/err"
is $? 0 "the batch exits 0"
diag "$(grep -v "^[<>]" "$T/out" "$T/err")"
grep -q 'Broken pipe' "$T/out" "$T/err"
ok $((! $?)) "yes | head: no Broken pipe error"
grep -qx 'status 0' "$T/out"; ok $? "the pipeline ended with status 0"
ign=$(sed -n 's/^SigIgn:[[:space:]]*\([0-9a-f]*\)$/\1/p' "$T/out")
# SIGPIPE is signal 13: bit 12 of the mask, 0x1000.
[ -n "$ign" ] && [ $((0x$ign & 0x1000)) -eq 0 ]
ok $? "SIGPIPE is not ignored in the command (SigIgn ${ign:-?})"
grep -q '= c1: 5 bytes "after"' "$T/out"; ok $? "the session answered after the commands"

# lab sh runs a shell line in the peer: a pipeline over the peer's own
# view (our connection to port 7), and a failing line's status is named.
"$TCPX" --lab -c "connect 10.0.0.2:7; \
lab sh 'ss -tnH \"( sport = :7 )\" | wc -l | sed s/^/count=/'; \
lab sh 'echo to-stderr >&2; exit 3'" >"$T/sh.out" 2>"$T/sh.err"
is $? 1 "a failing lab sh fails the batch"
grep -qx 'count=1' "$T/sh.out"; ok $? "lab sh: a pipeline in the peer sees our connection"
grep -qx 'to-stderr' "$T/sh.out"; ok $? "lab sh: redirections work"
grep -q 'lab sh: "echo to-stderr >&2; exit 3" exited with status 3' "$T/sh.err"
ok $? "lab sh: the failing line and its status are named"
# While a command runs, tcpx's lines and the command's share one stdout:
# each of ours is written whole, so a line of the command's never lands
# in the middle of one of ours (a full stdio buffer used to be written up
# to wherever it ended: about one in ten of the writer's lines was cut).
# The command writes 1500 lines, one write() each, over a second, while a
# flood of 10,000 SYNs in a second has tcpx print a line per segment.
# (A writer that splits its lines cannot be helped: python with
# PYTHONUNBUFFERED=1 writes a print's text and its newline apart.)
if command -v python3 >/dev/null; then
	PY=$(python3 -c 'import sys; print(sys.executable)')
	cat >"$T/lines.py" <<'EOF2'
import os, sys, time
for i in range(int(sys.argv[1])):
    os.write(1, b"child-line-%d\n" % i)
    time.sleep(0.0006)
EOF2
	"$TCPX" --lab -q -c "listen 5000; set lines all; lab exec sh -c '\
$PY $top_srcdir/tests/net/attacker.py synflood 5000 10000 10000 10.0.0.2 >/dev/null & \
$PY $T/lines.py 1500; wait'" >"$T/share.out" 2>&1
	is $? 0 "shared stdout: the batch exits 0"
	is "$(grep -c '^child-line-[0-9]*$' "$T/share.out")" 1500 \
	    "shared stdout: all 1500 of the command's lines are whole"
	n=$(grep -c '^[<>] ' "$T/share.out")
	[ "$n" -ge 10000 ]
	ok $? "shared stdout: tcpx printed a line per segment meanwhile ($n)"
	is "$(grep -a -v -c '^child-line-[0-9]*$\|^[<>*] ' "$T/share.out")" 0 \
	    "shared stdout: no other line (none cut or joined)"
	diag "$(grep -a -n -v '^child-line-[0-9]*$\|^[<>*] ' "$T/share.out" |
	    head -n 5)"
else
	for i in 1 2 3 4; do ok 0 "shared stdout # SKIP needs python3"; done
fi
done_testing
