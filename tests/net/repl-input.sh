#!/bin/sh
# tests/net/repl-input.sh - what the prompt says to input it cannot use
# (issue 10): settings refuse what they cannot hold, in their own unit.
. "$top_srcdir/tests/lib.sh"
need_root
tmpdir T

# run_tcpx NAME COMMANDS: tcpx --lab -c COMMANDS; NAME.out, NAME.err, NAME.rc.
run_tcpx() {
	timeout 60 "$TCPX" --lab -c "$2" >"$T/$1.out" 2>"$T/$1.err"
	echo $? >"$T/$1.rc"
}
rc() { cat "$T/$1.rc"; }
err() { cat "$T/$1.err"; }

# Settings: too large for the field is refused, never wrapped to 0.
run_tcpx tw 'set time_wait 99999999999999s'
is "$(rc tw)" 2 "set time_wait 99999999999999s: refused (exit 2)"
is "$(err tw)" "tcpx: set: time_wait: 99999999999999s is outside 0s-86400s" \
    "set time_wait: the range is said in seconds"
run_tcpx twbig 'set time_wait 1000000000000000000000000s'
is "$(err twbig)" \
    "tcpx: set: time_wait: 1000000000000000000000000s is outside 0s-86400s" \
    "set time_wait: a larger value gets the same message"
run_tcpx twkeep 'set time_wait 5s; show time_wait'
grep -q '^  time_wait  *5s ' "$T/twkeep.out"; ok $? "set time_wait 5s: shown as 5s"
run_tcpx rto 'set rto.init 100us'
is "$(err rto)" "tcpx: set: rto.init: 100us is outside 1ms-600s" \
    "set rto.init: the range is said in ms and s"
run_tcpx ttl 'set ttl 4294967297'
is "$(err ttl)" "tcpx: set: ttl: 4294967297 is outside 1-255" \
    "set ttl 2^32+1: refused, not wrapped to 1"
run_tcpx sleep 'sleep 99999999999999s'
is "$(err sleep)" "tcpx: sleep: 99999999999999s is outside 1us-86400s" \
    "sleep: a duration past its range is refused with the range"
run_tcpx fdelay 'fault delay 1 out 99999999999999s'
is "$(err fdelay)" "tcpx: fault: delay: 99999999999999s is outside 1ms-600s" \
    "fault delay: a delay past its range is refused with the range"

done_testing
