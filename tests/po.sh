#!/bin/sh
# tests/po.sh - the Chinese catalogue is complete and true to the lessons
# (no root needed): every paragraph, label and claim the lessons have and
# every runner message marked for translation is translated, none fuzzy,
# none left over from text that changed; msgfmt accepts it (formats
# included); and each translation keeps the numbers of its English.
. "$top_srcdir/tests/lib.sh"
command -v msgmerge >/dev/null || skip_all "needs gettext (msgmerge)"
tmpdir T
po="$top_srcdir/po/zh_CN.po"

"$top_srcdir/po/extract.sh" "$top_srcdir" >"$T/tcpx.pot"
ok $? "po/extract.sh makes the template"
ge "$(grep -c '^msgid' "$T/tcpx.pot")" 80 "from every lesson's words (80 or more messages)"
grep -q 'msgid "== what we measured"' "$T/tcpx.pot"
ok $? "and the runner's own messages"

msgmerge -q --no-fuzzy-matching "$po" "$T/tcpx.pot" -o "$T/merged.po"
ok $? "the catalogue merges with the lessons as they are"
msgattrib --untranslated --no-obsolete "$T/merged.po" >"$T/untr.po"
n=$(grep -c '^msgid' "$T/untr.po")
is "$n" 0 "every message is translated (make update-po, then translate)"
[ "$n" -eq 0 ] || grep -A2 '^#:' "$T/untr.po" | head -n 30 | sed 's/^/# /'
msgattrib --only-fuzzy --no-obsolete "$T/merged.po" >"$T/fuzzy.po"
is "$(grep -c '^msgid' "$T/fuzzy.po")" 0 "none is fuzzy"
msgattrib --only-obsolete "$T/merged.po" >"$T/old.po"
n=$(grep -c '^#~ msgid' "$T/old.po")
is "$n" 0 "no translation is left of text the lessons no longer have"
[ "$n" -eq 0 ] || grep '^#~ msgid' "$T/old.po" | head -n 5 | sed 's/^/# /'
msgfmt -c -o "$T/tcpx.mo" "$po" 2>"$T/msgfmt.err"
ok $? "msgfmt -c accepts it (header, formats)"
[ -s "$T/msgfmt.err" ] && sed 's/^/# /' "$T/msgfmt.err"

# The numbers in each English text, one per line, sorted; then the same of
# its translation: they must agree (a port, a count or a time mistyped).
cat >"$T/nums.sh" <<'SH'
#!/bin/sh
[ -n "$MSGEXEC_MSGID" ] || exit 0
t=$(cat)
[ -n "$t" ] || exit 0	# untranslated: counted above
a=$(printf '%s' "$MSGEXEC_MSGID" | grep -o '[0-9][0-9.]*' | sed 's/\.$//' | sort)
b=$(printf '%s' "$t" | grep -o '[0-9][0-9.]*' | sed 's/\.$//' | sort)
[ "$a" = "$b" ] || printf 'numbers differ: %s\n' "$(printf '%s' "$MSGEXEC_MSGID" | cut -c1-60)"
SH
msgexec -i "$po" sh "$T/nums.sh" >"$T/nums.out"
is "$(wc -l <"$T/nums.out" | tr -d ' ')" 0 "every translation keeps the numbers of its English"
sed 's/^/# /' "$T/nums.out" | head -n 10
done_testing
