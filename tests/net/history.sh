#!/bin/sh
# tests/net/history.sh - `history` against the lab's real kernel: a
# connect and close to TIME-WAIT with `set time_wait 1s` shows the states
# in the order the engine entered them, each with the reason and RFC clause
# that moved it there; TIME-WAIT lasts about 1 s; the durations add up to
# the span between the first and the last timestamp; the last state is the
# one it is still in; a bad or unknown id fails with one line.
. "${top_srcdir:-.}/tests/lib.sh"

need_root
[ -x "$TCPX" ] || skip_all "no tcpx binary at $TCPX"
tmpdir T

# usecs HH:MM:SS.uuuuuu: the time of day in microseconds.
usecs() {
	echo "$1" | awk -F'[:.]' '{ printf "%.0f\n", (($1 * 60 + $2) * 60 + $3) * 1000000 + $4 }'
}

"$TCPX" --lab -q -c "history; set time_wait 1s; connect 10.0.0.2:7;
    wait state ESTABLISHED 5; close; wait state TIME-WAIT 5; history;
    wait state CLOSED 10; history c1" >"$T/h.out" 2>"$T/h.err"
r=$?
ok $((r == 0 ? 1 : 0)) "history with no connection yet fails the batch"
grep -q '^tcpx: history: no connection' "$T/h.err"
ok $? "and says there is no connection"
"$TCPX" --lab -q -c "set time_wait 1s; connect 10.0.0.2:7;
    wait state ESTABLISHED 5; close; wait state TIME-WAIT 5; history;
    wait state CLOSED 10; history c1" >"$T/h.out" 2>"$T/h.err"
is $? 0 "connect, close, TIME-WAIT, CLOSED, history twice: exits 0"
[ -s "$T/h.err" ] && diag "$(cat "$T/h.err")"

# The two tables: rows are "  HH:MM:SS.uuuuuu  STATE  DURATION  WHY".
awk '/^c1 10\.0\.0\.1\.[0-9]+ > 10\.0\.0\.2\.7: [0-9]+ states$/ { n++ }
    /^  [0-9][0-9]:/ { print > (dir "/t" n) }' dir="$T" "$T/h.out"
states() { awk '{ print $2 }' "$1" | tr '\n' ' '; }
is "$(states "$T/t1")" "SYN-SENT ESTABLISHED FIN-WAIT-1 FIN-WAIT-2 TIME-WAIT " \
    "in TIME-WAIT: the states in the order entered"
is "$(states "$T/t2")" \
    "SYN-SENT ESTABLISHED FIN-WAIT-1 FIN-WAIT-2 TIME-WAIT CLOSED " \
    "after it: CLOSED too"
tail -n 1 "$T/t1" | grep -q '^  [0-9:.]*  TIME-WAIT  *still in it, for [0-9]*\.[0-9] s  *FIN received, RFC 9293 §3\.10\.7\.4$'
ok $? "in TIME-WAIT the last row is TIME-WAIT, still in it, by the FIN"
tail -n 1 "$T/t2" | grep -q '^  [0-9:.]*  CLOSED  *still in it, for [0-9]*\.[0-9] s  *TIME-WAIT ended after .*RFC 9293 §3\.10\.8$'
ok $? "after it the last row is CLOSED, still in it, by the 2MSL timer"
head -n 1 "$T/t2" | grep -q ' SYN-SENT  *[0-9]*\.[0-9]\{6\} s  *user OPEN (active), SYN sent, RFC 9293 §3\.10\.1$'
ok $? "SYN-SENT: how long, and the user OPEN with its clause"
sed -n 2p "$T/t2" | grep -q ' ESTABLISHED  *[0-9.]* s  *SYN-ACK acceptable, RFC 9293 §3\.10\.7\.3$'
ok $? "ESTABLISHED: by the kernel's SYN-ACK, with its clause"

# TIME-WAIT lasted 1 s, or a little more on a busy machine.
tw=$(awk '$2 == "TIME-WAIT" { sub(/\./, "", $3); print $3 + 0 }' "$T/t2")
ge "${tw:-x}" 1000000 "TIME-WAIT lasted at least 1 s (${tw:-?} us)"
[ -n "$tw" ] && [ "$tw" -lt 5000000 ]
ok $? "and less than 5 s"

# The durations of all but the last state add up to the span between the
# first and the last timestamp, to the microsecond.
first=$(usecs "$(head -n 1 "$T/t2" | awk '{ print $1 }')")
last=$(usecs "$(tail -n 1 "$T/t2" | awk '{ print $1 }')")
span=$((last - first))
[ "$span" -lt 0 ] && span=$((span + 86400000000))
sum=$(sed '$d' "$T/t2" | awk '{ sub(/\./, "", $3); s += $3 } END { print s + 0 }')
ge "$span" 1000000 "the span covers TIME-WAIT ($span us)"
is "$sum" "$span" "the durations add up to the span between first and last"
diff "$T/t1" "$T/t2" | grep -q "^< .*still in it"
ok $? "the first table's TIME-WAIT row changed from still-in-it only"
n=$(diff "$T/t1" "$T/t2" | grep -c '^[<>]')
is "$n" 3 "the rest of the first table stands: only TIME-WAIT's row and CLOSED's differ"

# Ids: unknown and malformed ones fail with one line naming them.
"$TCPX" --lab -q -c "history c9" >/dev/null 2>"$T/e1"
ok $((($? != 0) ? 0 : 1)) "history of an unknown id fails"
is "$(cat "$T/e1")" "tcpx: history: no connection \"c9\" (see conns)" \
    "and says which"
"$TCPX" --lab -q -c "udp bind 5000; history u1" >/dev/null 2>"$T/e3"
is "$(cat "$T/e3")" "tcpx: history: u1 is a UDP socket, which has no states" \
    "a UDP socket's id: it has no states"
"$TCPX" --lab -q -c "connect 10.0.0.2:7; history u1" >/dev/null 2>"$T/e4"
is "$(cat "$T/e4")" "tcpx: history: no connection \"u1\" (see conns)" \
    "u with a TCP connection's number names no UDP socket"
"$TCPX" --lab -q -c "history x1" >/dev/null 2>"$T/e2"
is "$(cat "$T/e2")" \
    "tcpx: history: bad connection \"x1\": expected an id such as c2 (see conns)" \
    "a malformed id is named"

done_testing
