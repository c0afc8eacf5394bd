#!/bin/sh
# tests/net/lab-exec.sh - `lab exec` gives its command a clean start: tcpx
# ignores SIGPIPE for itself, but a command in the peer namespace gets the
# default, so a pipeline whose reader leaves early ends quietly (as in a
# shell) instead of failing with "Broken pipe".  The session keeps running
# meanwhile: a connection opened before answers after.
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
done_testing
