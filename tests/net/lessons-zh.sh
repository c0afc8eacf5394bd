#!/bin/sh
# tests/net/lessons-zh.sh - a lesson in Chinese (LANG=zh_CN.UTF-8): its
# paragraphs and its report come from the catalogue, paragraphs wrap
# within 76 columns counting each Chinese character as two, the report's
# values line up in one column, and the numbers measured are the same
# facts as in English.  The locale is built for the test (localedef into
# LOCPATH), so the machine's own locales do not matter.
. "$top_srcdir/tests/lib.sh"
need_root
command -v localedef >/dev/null || skip_all "needs localedef (locales)"
[ -f /usr/share/i18n/locales/zh_CN ] || skip_all "needs the zh_CN locale source (locales)"
command -v python3 >/dev/null || skip_all "needs python3"
tmpdir T

mkdir -p "$T/loc"
localedef -i zh_CN -f UTF-8 "$T/loc/zh_CN.UTF-8" >/dev/null 2>&1
ok $? "the zh_CN.UTF-8 locale is built for the test"
zh() {
	env -u LC_ALL -u LANGUAGE LOCPATH="$T/loc" LANG=zh_CN.UTF-8 "$@"
}
# What the catalogue says for an English text (the lessons' key form).
cat_of() {
	LANGUAGE=zh_CN LANG=C.UTF-8 TEXTDOMAINDIR="$top_builddir/po/locale" \
	    gettext -d tcpx "$1"
}

zh "$TCPX" --lab --lesson linger-rst --auto >"$T/zh.out" 2>&1
ok $? "linger-rst runs through in Chinese"
grep -q "^$(cat_of '== what we measured')\$" "$T/zh.out"
ok $? "the report is headed in Chinese"
label=$(cat_of 'kernel sockets left with us (no TIME-WAIT)')
[ "$label" != 'kernel sockets left with us (no TIME-WAIT)' ]
ok $? "the catalogue has the report's label ($label)"
line=$(grep -F "  $label " "$T/zh.out")
ok $? "the report shows it"
v=${line#  "$label"}
case $v in *" 0   ("*) r=0 ;; *) r=1 ;; esac
ok $r "with the same fact: no kernel socket left, 0 ($v)"
p=$(cat_of "No FIN went either way and nobody is in TIME-WAIT: the port can be used again at once, which is why SO_LINGER 0 is tempting, and why it is dangerous: data still in flight is gone, and the peer sees a reset (\"connection reset by peer\"), not an end of stream.")
first=$(printf '%s' "$p" | cut -c1-12)
case $first in No*) r=1 ;; *) grep -qF "$first" "$T/zh.out"; r=$? ;; esac
ok $r "a paragraph is said in Chinese ($first...)"

# Columns as a terminal shows them: East Asian wide and fullwidth are two.
cat >"$T/cols.py" <<'PY'
import sys, unicodedata
def cols(s):
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else
               0 if unicodedata.combining(c) else 1 for c in s)
lines = open(sys.argv[1], encoding="utf-8").read().split("\n")
wide = [l for l in lines if any(unicodedata.east_asian_width(c) in "WF" for c in l)]
said = [l for l in wide if not l.startswith(" ") and not l.startswith("==")
        and not l.startswith("--")]
report = []
if sys.argv[2] in lines:
    for l in lines[lines.index(sys.argv[2]) + 1:]:
        if not l.startswith("  "):
            break
        report.append(l)
ends = set(cols(l.split("   (")[0]) for l in report)
print(len(said), max([cols(l) for l in said] or [0]), len(report), len(ends))
PY
set -- $(python3 "$T/cols.py" "$T/zh.out" "$(cat_of '== what we measured')")
ge "$1" 3 "at least 3 lines of Chinese paragraphs ($1)"
awk -v w="$2" 'BEGIN { exit !(w > 40 && w <= 76) }'
ok $? "wrapped within 76 columns, Chinese counted as two ($2)"
ge "$3" 3 "the report has its 3 rows ($3)"
is "$4" 1 "their values end in one column"

# The list and the runner's words.
zh "$TCPX" --lab -c 'lesson' >"$T/list.out" 2>&1
grep -q "^$(cat_of '(lesson NAME runs one)')\$" "$T/list.out"
ok $? "lesson's list ends in Chinese"
# In English (no catalogue for C), nothing changed.
env -u LANGUAGE LC_ALL=C "$TCPX" --lab -c 'lesson' >"$T/c.out" 2>&1
grep -q '^(lesson NAME runs one)$' "$T/c.out"
ok $? "and in English with LC_ALL=C"
done_testing
