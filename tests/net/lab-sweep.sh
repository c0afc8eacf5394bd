#!/bin/sh
# tests/net/lab-sweep.sh - `tcpx --lab` sweeps the namespaces of labs whose
# tcpx is gone, and only those.  PIDs are reused (pid_max is often 32768),
# so a live pid is not enough: the process must be a tcpx that started
# before its namespace was made.  Stale names are made by hand here; each
# is also removed by this test's own cleanup if the sweep misses it.
. "$top_srcdir/tests/lib.sh"
need_root
tmpdir T

# stale NAME: a namespace in the lab's name space, cleaned up on exit.
stale() {
	ip netns add "$1" || { echo "Bail out! cannot create $1"; exit 1; }
	tap_ns="$tap_ns $1"
}

# A live pid that is no tcpx.
sleep 60 &
other=$!
stale "tcpx-lab-$other-0a0a0a-self"
# tcpx run under another program, as valgrind runs it: the process's comm
# is the tool's, its command line names tcpx (bash's exec -a sets it).
bash -c 'exec -a /usr/local/bin/tcpx sleep 60' &
under=$!
stale "tcpx-lab-$under-0b0b0b-self"
# A live tcpx, whose lab must stay.  (A tcpx on a pid reused since its
# namespace was made is tests/unit/test-lab.c's: nsfs times are real.)
"$TCPX" --lab -q -c 'sleep 20' >/dev/null 2>&1 &
tx=$!
for _i in $(seq 100); do
	ip netns list | grep -q "^tcpx-lab-$tx-.*-peer" && break
	sleep 0.1
done

"$TCPX" --lab -q -c 'echo swept' >"$T/out" 2>&1
is $? 0 "a new lab starts"
ip netns list | grep -q "^tcpx-lab-$other-0a0a0a-self"
ok $((! $?)) "the namespace of a pid that is no tcpx is swept"
is "$(ip netns list | grep -c "^tcpx-lab-$tx-[0-9a-f]*-\(self\|peer\)")" 2 \
    "the running tcpx's own lab is left alone"
ip netns list | grep -q "^tcpx-lab-$under-0b0b0b-self"
ok $? "the lab of a tcpx run under another program (valgrind) is left alone"
kill -TERM "$tx"; wait "$tx"
kill "$other" "$under"
is "$(ip netns list | grep -c "^tcpx-lab-$tx-")" 0 "its lab goes when it ends"
done_testing
