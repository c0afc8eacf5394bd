#!/bin/sh
# tests/net/bounds.sh - what a peer can make us keep is bounded and counted
# (DESIGN.md §5): with step mode holding every inbound segment, the lab's
# kernel answers a SYN flood with more SYN-ACKs than the gate keeps; the
# rest are dropped, said once per decade (1st, 10th, 100th...) rather
# than once each, and counted in `stat path`.
. "$top_srcdir/tests/lib.sh"
need_root
tmpdir T

# The session reads its commands from a pipe: `stat path` is asked every
# 0.2 s until the gate has dropped 100 (the loop takes a bounded batch of
# frames per turn, so on a busy machine the kernel's 10300 SYN-ACKs are
# taken over seconds; no fixed sleep is long enough).
lab_pipe
printf '%s\n' 'step in on' 'flood syn 10.0.0.2:7 count=10300' >&3
n=0
while [ $n -lt 600 ]; do
	echo 'stat path' >&3
	sleep 0.2
	d=$(sed -n 's/^gate: .*, \([0-9]*\) dropped for want of room$/\1/p' \
	    "$T/out" | tail -n 1)
	[ "${d:-0}" -ge 100 ] && break
	n=$((n + 1))
done
echo quit >&3
exec 3>&-
wait $pid
is $? 0 "the session exits 0"
diag "$(grep -v '^[<>]' "$T/out" | tail -n 6)"
diag "$(cat "$T/err")"
held=$(sed -n 's/^gate: \([0-9]*\) held or delayed.*/\1/p' "$T/out" | tail -n 1)
drops=$(sed -n 's/^gate: .*, \([0-9]*\) dropped for want of room$/\1/p' "$T/out" | tail -n 1)
is "$held" 10000 "the gate holds 10000 segments, no more"
[ "${drops:-0}" -ge 100 ]; ok $? "and counted the SYN-ACKs beyond them (${drops:-?})"
said=$(grep -c 'inbound segment seq [0-9]* dropped: 10000 segments are held' "$T/err")
# 1st, 10th, 100th (and 1000th if the kernel sent that many more).
[ "$said" -ge 3 ] && [ "$said" -le 4 ]
ok $? "the drops were said once per decade ($said lines), not once each"
done_testing
