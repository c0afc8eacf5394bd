#!/bin/sh
# tests/net/pkt-kernel-same.sh - every script of tests/pkt/ marked
# "// kernel: same" (Linux does what the RFC says there) passes against the
# lab's real kernel too (`tcpx --lab --pkt --against kernel`), as it passes
# against our engine in tests/pkt.sh: one check per script, each in a
# fresh lab.  --tolerance_usecs 100000: these scripts are about order and
# content with steps of 100 ms or more, and on a busy 2-core machine our
# process or the peer's softirq can run tens of ms late (see pkt-kernel.sh).
. "$top_srcdir/tests/lib.sh"
need_root
private_netns_dir "$@"
tmpdir T
P="$top_srcdir/tests/pkt"
grep -rl '^// kernel: same' "$P" --include='*.pkt' | sort >"$T/list"
n=$(wc -l <"$T/list")
[ "$n" -ge 50 ]
ok $? "at least 50 scripts are marked kernel: same ($n)"
# shellcheck disable=SC2046
timeout 900 "$TCPX" --lab --pkt --against kernel --tolerance_usecs 100000 \
    --tap $(cat "$T/list") >"$T/out" 2>"$T/err"
rc=$?
[ -s "$T/err" ] && diag "$(head -n 20 "$T/err")"
# The runner's TAP lines, renumbered into ours.
grep -E '^(not )?ok [0-9]+ - ' "$T/out" | while IFS= read -r l; do
	case $l in
	"not ok"*) echo "not ok - kernel: ${l#not ok * - }" ;;
	*) echo "ok - kernel: ${l#ok * - }" ;;
	esac
done >"$T/tap"
while IFS= read -r l; do
	case $l in
	"not ok"*) ok 1 "${l#not ok - }" ;;
	*) ok 0 "${l#ok - }" ;;
	esac
done <"$T/tap"
is "$(grep -c . "$T/tap")" "$n" "a verdict for every script"
is "$rc" 0 "tcpx --against kernel: exit status 0 (every script passed)"
grep -q "^# $n passed, 0 failed, 0 skipped$" "$T/out"
ok $? "... $n passed, 0 failed, 0 skipped"
done_testing
