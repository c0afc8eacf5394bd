#!/bin/sh
# tests/net/readme.sh - the README's session transcript is what tcpx
# prints.  The commands of the block under "## A session" (its `tcpx> `
# lines) run one after the other in the lab; each command's output follows
# its prompt line, and the kernel's answers land under the `wait` command
# that waited for them, as at the prompt.  The run and the README's block,
# with what varies from run to run made constant (see readme_norm), must
# then be equal line for line.
#
# With --update (`make readme-transcript`) it writes a fresh run's
# transcript into the README instead, real values and all: run it after a
# change to what tcpx prints, and read the diff.
. "$top_srcdir/tests/lib.sh"
update=0
if [ "${1:-}" = --update ]; then
	update=1
	[ "$(id -u)" -eq 0 ] || { echo "$0 --update: needs root (the lab)" >&2; exit 1; }
fi
need_root
tmpdir T
readme="$top_srcdir/README.md"

# readme_block FILE: the lines of the first ``` block under "## A session".
readme_block() {
	awk '/^## A session$/ { s = 1; next }
	    s == 1 && /^## / { exit }
	    s == 1 && /^```/ { s = 2; next }
	    s == 2 && /^```/ { exit }
	    s == 2 { print }' "$1"
}

# readme_replace FILE NEW: FILE with that block's lines replaced by NEW's.
readme_replace() {
	awk -v new="$2" '
	    s == 0 && /^## A session$/ { s = 1 }
	    s == 1 && /^```/ { print; while ((getline l < new) > 0) print l
		s = 2; next }
	    s == 2 && /^```/ { s = 3 }
	    s == 2 { next }
	    { print }' "$1"
}

# readme_norm: a transcript from stdin with what varies from run to run made
# constant: clock times, our ephemeral port, the ISNs (every seq or ack of a
# SYN, and any absolute one of six digits or more elsewhere), TCP timestamp
# values (an ecr of 0 stays), and MAC addresses.  Everything else (flags,
# relative sequence numbers, windows, lengths, states, causes, ss's output)
# must match as it is.
readme_norm() {
	sed -E \
	    -e 's/[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{6}/HH:MM:SS.UUUUUU/g' \
	    -e 's/(10\.0\.0\.1|fd00::1)([.:])[0-9]{5}/\1\2PORT/g' \
	    -e '/Flags \[S\.?\]/s/(seq|ack) [0-9]+/\1 ISN/g' \
	    -e 's/(seq|ack) [0-9]{6,}(:[0-9]+)?/\1 N/g' \
	    -e 's/TS val [0-9]+/TS val V/g' \
	    -e 's/ecr [1-9][0-9]*/ecr V/g' \
	    -e 's/([0-9a-f]{2}:){5}[0-9a-f]{2}/MAC/g'
}

# readme_run OUT: run the README's commands ($T/cmds) in a fresh lab and
# write the transcript to OUT: each command's line `tcpx> CMD`, then what
# it printed.  Status: tcpx's, or 1 when it wrote to stderr.
readme_run() {
	# A marker before each command (echo prints it in the output's
	# order) becomes the command's prompt line.  $LAB_PATIENT first, so
	# the kernel never resends into the transcript on a busy machine, and
	# both ends acknowledge at once (the kernel's route: quickack; ours:
	# delack off): an ACK never waits to ride on the echo server's answer
	# or FIN, or on our next command, however late a busy machine runs
	# them, so every run prints the same segments.
	{
		echo "$LAB_PATIENT"
		echo "lab exec ip route change 10.0.0.0/24 dev peer0 proto kernel scope link src 10.0.0.2 rto_min 5s quickack 1"
		echo "set delack off"
		awk '{ print "echo @@readme " NR; print }' "$T/cmds"
	} >"$T/script"
	timeout 120 "$TCPX" --lab -f "$T/script" >"$T/raw" 2>"$T/err"
	_rr=$?
	if [ $_rr -ne 0 ] || [ -s "$T/err" ]; then
		diag "tcpx --lab -f exit $_rr; stderr: $(cat "$T/err")"
		diag "its output: $(cat "$T/raw")"
		[ $_rr -ne 0 ] || _rr=1
		return $_rr
	fi
	awk -v cmds="$T/cmds" '
	    BEGIN { while ((getline l < cmds) > 0) c[++n] = l }
	    /^@@readme [0-9]+$/ { print "tcpx> " c[$2]; next }
	    { print }' "$T/raw" >"$1"
}

readme_block "$readme" >"$T/block"
sed -n 's/^tcpx> //p' "$T/block" >"$T/cmds"
# The prompt does not split a line at ';' as a script does: such a command
# would run differently here.
if grep -q ';' "$T/cmds"; then
	echo "Bail out! a README command holds ';': $(grep ';' "$T/cmds")"
	exit 1
fi

if [ $update -eq 1 ]; then
	[ -s "$T/cmds" ] || { echo "no 'tcpx> ' lines under ## A session in $readme" >&2; exit 1; }
	readme_run "$T/new" || exit 1
	readme_replace "$readme" "$T/new" >"$T/README.md" &&
	    cat "$T/README.md" >"$readme" || exit 1
	echo "$readme: the session transcript is from this run:"
	cat "$T/new"
	exit 0
fi

ge "$(wc -l <"$T/cmds" | tr -d ' ')" 3 \
    "README: the block under ## A session has commands (tcpx> lines)"
readme_norm <"$T/block" >"$T/want"

readme_run "$T/run" || { ok 1 "the README's commands run in the lab"; done_testing; }
readme_norm <"$T/run" >"$T/got"
cmp -s "$T/want" "$T/got"
same=$?
ok 0 "the README's commands run in the lab"
ge "$(grep -c '^[<>] ' "$T/got")" 8 "the run shows the segments"
ok $same "README: the session transcript is what tcpx prints (normalised)"
if [ $same -ne 0 ]; then
	diag "diff README run (normalised); make readme-transcript rewrites it:"
	diag "$(diff -u "$T/want" "$T/got" | tail -n +3)"
fi
done_testing
