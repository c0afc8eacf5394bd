#!/bin/sh
# tests/net/soak-short.sh - bench/soak.sh --short as a test (issue 13 §3):
# 40 s of churn in the lab (kernel connections to our listener, aborts,
# keepalives, our own connections through TIME-WAIT, a SYN flood), then
# RSS and fd count must be flat after the warm-up (the bounds and why are
# in bench/soak.sh).
. "${top_srcdir:-.}/tests/lib.sh"

need_root
[ -x "$TCPX" ] || skip_all "no tcpx binary at $TCPX"
command -v python3 >/dev/null || skip_all "needs python3"
command -v hping3 >/dev/null || skip_all "needs hping3"
tmpdir T
TCPX="$TCPX" sh "$top_srcdir/bench/soak.sh" --short >"$T/soak" 2>&1
r=$?
diag "$(cat "$T/soak")"
is $r 0 "soak --short: RSS and fds flat after the warm-up"
grep -q '^ok - RSS flat' "$T/soak"
ok $? "RSS flat"
grep -q '^ok - fds flat' "$T/soak"
ok $? "fds flat"
grep -q '^soak: the kernel made [0-9]* connections (0 failed)' "$T/soak"
ok $? "no kernel connection failed"
done_testing
