#!/bin/sh
# tests/net/frames-warm.sh - the frames a live session keeps for `decode`
# share one buffer, mapped at its largest size at once and touched while
# the session is idle (cli/obs/frames.c), so that a bulk transfer's first
# frames do not pay for memory used the first time: `stat path` says
# how much of it is mapped and touched, and an idle session touches all
# of it.  So is the capture's ring, which libpcap writes a word of per
# frame (capture/capring.c): an idle session writes all of it ahead.  `stat path` is asked every 0.2 s until it has (a busy machine
# gives the loop fewer idle moments; no fixed sleep is long enough).
. "$top_srcdir/tests/lib.sh"
need_root
tmpdir T

lab_pipe
n=0
line=""
while [ $n -lt 300 ]; do
	echo 'stat path' >&3
	sleep 0.2
	line=$(grep '^decode: ' "$T/out" | tail -n 1)
	m=$(echo "$line" | sed -n 's/.* \([0-9]*\) bytes mapped, \([0-9]*\) touched$/\1 \2/p')
	set -- $m
	cap=$(grep '^capture: ' "$T/out" | tail -n 1)
	r=$(echo "$cap" | sed -n 's/.*its ring: \([0-9]*\) bytes, \([0-9]*\) written ahead$/\1 \2/p')
	[ -n "${1:-}" ] && [ "$1" -gt 0 ] && [ "$1" = "$2" ] &&
	    [ -n "$r" ] && [ "${r% *}" = "${r#* }" ] && break
	n=$((n + 1))
done
echo 'connect 10.0.0.2:9 nowait; sleep 200ms; echo probe; decode last out tcp' >&3
echo quit >&3
exec 3>&-
wait $pid
is $? 0 "the session exits 0"
diag "$line"
diag "$(cat "$T/err")"
set -- $(echo "$line" | sed -n 's/.* \([0-9]*\) bytes mapped, \([0-9]*\) touched$/\1 \2/p')
[ "${1:-0}" -ge $((16 * 1048576)) ]
ok $? "the buffer is mapped at its largest at once: ${1:-?} bytes"
is "${2:-}" "${1:-}" "an idle session touched all of it"
diag "$cap"
set -- $(echo "$cap" | sed -n 's/.*its ring: \([0-9]*\) bytes, \([0-9]*\) written ahead$/\1 \2/p')
[ "${1:-0}" -ge $((8 * 1048576)) ]
ok $? "stat path names the capture's ring: ${1:-?} bytes"
is "${2:-}" "${1:-}" "an idle session wrote all of the ring ahead"
grep -q '^decode: [0-9]* frames kept ([0-9]* bytes; at most 10000 frames, 16777216 bytes)' "$T/out"
ok $? "stat path says how many frames are kept, and the bounds"
grep -A3 '^probe$' "$T/out" | grep -q '^Frame [0-9]*: [0-9]* bytes on the wire'
ok $? "a frame sent after it is kept and decoded"
done_testing
