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
done_testing
