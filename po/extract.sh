#!/bin/sh
# po/extract.sh SRCDIR - the catalogue template (tcpx.pot) on standard
# output: every paragraph a lesson says (`say`), every label and claim of a
# `measure` in lessons/*.tcpx, and the runner's own words marked _() in
# the C sources.  A lesson's text is keyed as tcpx looks it up (cli/cmd/
# i18n.c tr_key): continued lines joined, blanks collapsed, ends trimmed.
# References name the file only, so that moving a line changes nothing.
set -eu
src=${1:-.}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

printf 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n' \
    >"$tmp/lessons.po"
for f in "$src"/lessons/*.tcpx; do
	rel=lessons/${f##*/}
	awk -v file="$rel" '
	function key(s) {
		gsub(/[ \t]+/, " ", s)
		sub(/^ /, "", s)
		sub(/ $/, "", s)
		return s
	}
	function emit(s, n) {
		s = key(s)
		if (s == "")
			return
		gsub(/\\/, "\\\\", s)
		gsub(/"/, "\\\"", s)
		printf "#: %s:%d\nmsgid \"%s\"\nmsgstr \"\"\n\n", file, n, s
	}
	function done(l, n,    p, rest) {
		sub(/^[ \t]+/, "", l)
		if (l ~ /^say([ \t]|$)/) {
			emit(substr(l, 4), n)
		} else if (l ~ /^measure[ \t]/ && (p = index(l, " : ")) > 0) {
			rest = substr(l, p + 3)
			if ((p = index(rest, " : ")) > 0) {
				emit(substr(rest, 1, p - 1), n)
				emit(substr(rest, p + 3), n)
			} else
				emit(rest, n)
		}
	}
	{
		if (line == "") {
			t = $0
			sub(/^[ \t]+/, "", t)
			if (t == "" || t ~ /^#/)
				next
			start = NR
		}
		line = line $0
		if (line ~ /\\$/) {
			line = substr(line, 1, length(line) - 1) " "
			next
		}
		done(line, start)
		line = ""
	}
	END { if (line != "") done(line, start) }
	' "$f"
done >>"$tmp/lessons.po"
msguniq --use-first -o "$tmp/lessons.pot" "$tmp/lessons.po"

(cd "$src" && xgettext -o - --from-code=UTF-8 -k_ -kN_ -L C \
    --package-name=tcpx --add-comments=TRANSLATORS \
    cli/cmd/cmd-lesson.c cli/cmd/cmd-measure.c) >"$tmp/c.pot" 2>/dev/null
# The header from xgettext, then lessons and C strings, duplicates merged.
msgcat --use-first -o - "$tmp/c.pot" "$tmp/lessons.pot" |
    sed '/^"POT-Creation-Date:/d; /^#:/s/:[0-9][0-9]*//g'
