#!/bin/sh
# tests/net/parser.sh - malformed command lines, table-driven: each runs
# alone through `tcpx --lab -c` and must exit with the status the table
# gives (2: could not be understood) and print exactly one error line on
# stderr that names the bad token and the expected form.
. "$top_srcdir/tests/lib.sh"
need_root
tmpdir T

# STATUS|MESSAGE (a fixed substring)|COMMANDS -- one case a line.
cat >"$T/cases" <<'EOF'
2|unknown command: frobnicate (try "help")|frobnicate
2|ambiguous command: s, could be: send, sendfile, save|s
2|unknown command: zzzzzzzzzzzzzzzzzzzz...|zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz
2|connect: missing argument: usage: connect HOST:PORT|connect
2|connect: bad address "10.0.0.2": expected HOST:PORT|connect 10.0.0.2
2|connect: bad address "10.0.0.2:99999": port must be 1-65535|connect 10.0.0.2:99999
2|connect: bad address "300.0.0.1:7": not an IPv4 or IPv6 address|connect 300.0.0.1:7
2|connect: bad address "[fd00::2:7": expected [IPV6]:PORT|connect [fd00::2:7
2|connect: bad argument "soon": expected SECONDS (1-86400), nowait or SETTING=VALUE|connect 10.0.0.2:7 soon
2|connect: unknown setting "bogus" (see show)|connect 10.0.0.2:7 bogus=1
2|connect: mss: "abc" is not a number|connect 10.0.0.2:7 mss=abc
2|listen: bad port "http": 1-65535|listen http
2|listen: bad port "70000": 1-65535|listen 70000
2|listen: unexpected "auto": expected manual or autoclose|listen 80 auto
2|listen: unexpected "x": usage: listen PORT [manual|listen 80 manual x
2|accept: unexpected "now": usage: accept|accept now
2|quit: unexpected "now": usage: quit|quit now
2|stat: no connection "c999" (see conns)|stat c999
2|stat: unexpected "c2": usage: stat [ID |stat c1 c2
2|use: no connection "x1" (see conns)|use x1
2|use: missing argument: usage: use ID|use
2|send: no connection "c999" (see conns)|send c999 hello
2|send: bad size "x": 1-|connect 10.0.0.2:7; send --size x
2|set: unknown setting "bogus" (see show)|set bogus 1
2|set: keepalive: "maybe" is not on or off|set keepalive maybe
2|set: time_wait: "5parsecs" is not a duration (e.g. 200ms, 60s, 2m)|set time_wait 5parsecs
2|set: notation is tcpdump or packetdrill, not "ascii"|set notation ascii
2|set: unexpected "3": usage: set KNOB VALUE|set mss 1 3
2|set: missing argument: usage: set KNOB VALUE|set mss
2|show: unknown setting "bogus"|show bogus
2|sleep: "forever" is not a duration (e.g. 200ms, 60s, 2m)|sleep forever
2|wait: unterminated " quote in "abc (close it with ")|wait recv "abc
2|wait: unterminated ' quote in 'x y (close it with ')|wait recv 'x y
2|wait: unknown state "CLOSED_WAIT" (RFC names:|wait state CLOSED_WAIT
2|wait: unknown subcommand "foo" (usage: wait state NAME|wait foo
2|wait: bad timeout "5x": seconds 1-86400|wait state ESTABLISHED 5x
2|fault: unknown kind "explode" (drop, dup, reorder, delay, corrupt, hold, clear)|fault explode
2|fault: bad count "0"|fault drop 0
2|fault: unexpected "sideways" (expected a count, in or out)|fault drop sideways
2|fault delay: "soon" is not a duration (e.g. 200ms, 60s, 2m)|fault delay 1 out soon
2|fault delay needs a time, e.g. fault delay 1 out 500ms|fault delay 1
2|step: unexpected "sideways" (usage: step [N]|step sideways
2|step: unexpected "maybe" (usage: step|step freeze maybe
2|step: bad segment number "0" (see held)|step 0
2|drop: bad segment number "x" (see held)|drop x
2|edit: bad segment number "x" (see held)|edit x win=0
2|edit: bad field "colour=red" (fields: flags seq ack win urg ttl tos payload|step on; connect 10.0.0.2:7; edit 1 colour=red
2|edit: bad value "win=huge": expected 0-65535|step on; connect 10.0.0.2:7; edit 1 win=huge
2|edit: bad value "flags=XY": expected tcpdump's letters|step on; connect 10.0.0.2:7; edit 1 flags=XY
2|edit: "win0": expected FIELD=VALUE|step on; connect 10.0.0.2:7; edit 1 win0
2|craft: missing argument: usage: craft NOTATION|craft
2|craft: pdn: unknown flag 'Z' in "Z"|craft Z 0:0(0) to 10.0.0.2:7
2|craft: no connection to craft in; give `to HOST:PORT`|craft S 0:0(0)
2|expect: pdn: unknown keyword "bogus"|expect S. bogus
2|expect: bad time "soon" after within: seconds 1-86400|expect S. 0:0(0) within soon
2|udp bind: bad port "70000": 1-65535|udp bind 70000
2|udp send: bad address "nowhere": expected HOST:PORT|udp send nowhere hi
2|udp: unknown subcommand "frob" (usage: udp bind PORT|udp frob x
2|capture: unknown subcommand "frob" (usage: capture [start|capture frob
2|capture: bad filter "tcp port": syntax error|capture start tcp port
2|lab: unknown subcommand "frob" (usage: lab exec CMD|lab frob x
2|lab: unknown subcommand "foo" (usage: lab exec CMD|lab foo
2|lab sh: missing shell line: usage: lab exec CMD|lab sh
1|lab exec: nosuchcmd: command not found|lab exec nosuchcmd
2|help: unknown command: frob|help frob
2|flood: unknown kind "bogus" (syn or rst)|flood bogus 10.0.0.2:80
2|flood: bad count "x"|flood syn 10.0.0.2:80 count=x
2|send: unterminated " quote in "abc (close it with ")|connect 10.0.0.2:7; send "abc
2|echo: unterminated " quote in "abc; echo def (close it with ")|echo "abc; echo def
2|echo: unterminated ' quote in 'x (close it with ')|echo it is 'x
2|send: bad escape "\xZZ": \x takes two hex digits (\x41 is "A")|connect 10.0.0.2:7; send a\xZZ
2|echo: bad escape "\x": \x takes two hex digits|echo a\x
2|echo: bad escape "\x4": \x takes two hex digits|echo \x4
2|wait: bad escape "\xg1": \x takes two hex digits|wait recv \xg1
2|edit: payload: bad escape "\xZ": \x takes two hex digits|step on; connect 10.0.0.2:7; edit 1 payload=\\xZ
EOF

n=0
while IFS='|' read -r want msg cmds; do
	n=$((n + 1))
	timeout 60 "$TCPX" --lab -q -c "$cmds" </dev/null >"$T/out" 2>"$T/err"
	rc=$?
	is "$rc" "$want" "[$cmds]: exit $want"
	grep -qF -- "tcpx: $msg" "$T/err"
	ok $? "[$cmds]: says: $msg"
	[ "$rc" = "$want" ] && grep -qF -- "tcpx: $msg" "$T/err" || sed 's/^/#   stderr: /' "$T/err"
	is "$(wc -l <"$T/err" | tr -d ' ')" 1 "[$cmds]: one line"
done <"$T/cases"
[ "$n" -ge 30 ]; ok $? "at least 30 malformed lines ($n)"

# An apostrophe inside a word is no quote: it neither fails nor swallows
# the commands after it (issue 13).
timeout 60 "$TCPX" --lab -q -c "echo the kernel's SYN; echo next" \
    </dev/null >"$T/out" 2>"$T/err"
is "$?" 0 "an apostrophe in a word: exit 0"
is "$(cat "$T/out")" "the kernel's SYN
next" "an apostrophe in a word: both commands run"

# A script: a NUL in a line is refused, naming the file, the line and
# where (it used to end the line there, the rest and the next command
# vanishing); an over-long line and a directory are errors too.
printf 'echo one\necho ab\000cd; echo gone\necho never\n' >"$T/nul.tcpx"
timeout 60 "$TCPX" --lab -q -f "$T/nul.tcpx" </dev/null >"$T/out" 2>"$T/err"
is "$?" 2 "-f with a NUL byte: exit 2"
is "$(cat "$T/err")" "tcpx: $T/nul.tcpx:2: NUL byte at column 8, after \"echo ab\"" \
    "-f with a NUL byte: one line naming file, line and column"
is "$(cat "$T/out")" "one" "-f with a NUL byte: nothing of that line runs"
printf 'echo "one\necho two\n' >"$T/quote.tcpx"
timeout 60 "$TCPX" --lab -q -f "$T/quote.tcpx" </dev/null >"$T/out" 2>"$T/err"
is "$?" 2 "-f with an open quote: exit 2"
is "$(cat "$T/err")" "tcpx: $T/quote.tcpx:1: echo: unterminated \" quote in \"one (close it with \")" \
    "-f with an open quote: one line naming file and line"
# Under a 1 GB address space, unless ASan (which maps terabytes) runs it.
lim=1000000
grep -aq __asan_init "$TCPX" && lim=unlimited
(ulimit -v $lim; timeout 60 "$TCPX" --lab -q -f /dev/zero) \
    </dev/null >"$T/out" 2>"$T/err"
is "$?" 2 "-f /dev/zero (address space: $lim kB): exit 2"
is "$(cat "$T/err")" "tcpx: /dev/zero:1: line longer than 65536 bytes" \
    "-f /dev/zero: the line's bound, said with file and line"
timeout 60 "$TCPX" --lab -q -f "$T" </dev/null >"$T/out" 2>"$T/err"
is "$?" 2 "-f DIRECTORY: exit 2"
is "$(cat "$T/err")" "tcpx: $T: Is a directory" "-f DIRECTORY: says so"

done_testing
