#!/bin/sh
# tests/configure.sh - configure runs clean in a build directory that has
# our core/ directory (every build directory does once it is configured):
# autoconf's `rm -f core` (for core dumps) says nothing about it, and the
# exit trap's cleanup still runs, leaving no confdefs.h behind.  Run with
# the options this build was configured with (config.status --config).
. "$top_srcdir/tests/lib.sh"
tmpdir T
# Absolute: make distcheck gives relative ones, and this test changes
# directory.
top_srcdir=$(cd "$top_srcdir" && pwd) && top_builddir=$(cd "${top_builddir:-.}" && pwd) ||
    exit 1
mkdir -p "$T/b/core" && cd "$T/b" || exit 1
eval "set -- $("$top_builddir/config.status" --config)"
# Not where the sources are (make distcheck gives a relative --srcdir) nor
# its cache: this configure runs elsewhere, from $top_srcdir.
for a in "$@"; do
	shift
	case $a in
	--srcdir=*|--cache-file=*|-C) ;;
	*) set -- "$@" "$a" ;;
	esac
done
"$top_srcdir/configure" -q "$@" >"$T/out" 2>"$T/err"
r=$?
ok $r "configure succeeds in a directory with core/"
[ $r -eq 0 ] || diag "$(tail -n 5 "$T/err")"
is "$(grep -c 'cannot remove' "$T/err")" 0 "no 'rm: cannot remove core' on stderr"
grep 'cannot remove' "$T/err" | head -n 3 | while read -r l; do diag "$l"; done
[ ! -e confdefs.h ]; ok $? "the exit trap's cleanup ran: no confdefs.h left"
[ -d core ]; ok $? "core/ is still there"
done_testing
