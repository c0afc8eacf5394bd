#!/bin/sh
# tests/net/lab-decode.sh - `decode` in a lab session (issue 11): frame N is
# the Nth frame on the wire, either direction, as in the session's -w file;
# our SYN shows DF, TTL 64, the MSS option's bytes 02 04 05 b4, window scale,
# and both checksums [correct]; the kernel's SYN-ACK and a later ACK show
# their window's scale from the handshake; `show segment N` is the same;
# `decode #N` shows a held segment as it would go out; `decode list`
# numbers the frames.  Commands are fed through a pipe so that the test
# can read a frame's number before it asks for it.
. "${top_srcdir:-.}/tests/lib.sh"
need_root
tmpdir T
TZ=UTC; export TZ

mkfifo "$T/in"
trap '' PIPE
"$TCPX" --lab -w "$T/p.pcap" <"$T/in" >"$T/out" 2>&1 &
pid=$!
exec 3>"$T/in"

# run MARK CMDS...: send the commands and an echo of MARK; wait for it.
run() {
	_m=$1; shift
	printf '%s\n' "$@" "echo $_m" >&3
	wait_for "^$_m\$" "$T/out" 20
}

run M1 'connect 10.0.0.2:7' 'wait state ESTABLISHED 10' 'decode list 100'
ok $? "the session connected and listed its frames"
syn=$(awk '$2 == ">" && / > 10\.0\.0\.2\.7: Flags \[S\], / { print $1; exit }' "$T/out")
synack=$(awk '$2 == "<" && /Flags \[S\.\], / { print $1; exit }' "$T/out")
ge "${syn:-x}" 1 "decode list numbers our SYN"
ge "${synack:-x}" 2 "decode list numbers the kernel's SYN-ACK"
ack=$(awk '$2 == ">" && / > 10\.0\.0\.2\.7: Flags \[\.\], ack / { print $1; exit }' "$T/out")
ge "${ack:-x}" 3 "decode list numbers our ACK of it"
run M2 "decode $syn"
sed -n '/^Frame '"$syn"': /,/^M2$/p' "$T/out" >"$T/syn"
for want in \
    "^Frame $syn: 74 bytes on the wire, 74 captured" \
    '^Internet Protocol version 4: 10.0.0.1 -> 10.0.0.2$' \
    "^    flags 0x2: DF (don't fragment), MF clear; fragment offset 0$" \
    '^    TTL 64, protocol TCP (6)$' \
    '^    header checksum 0x[0-9a-f]\{4\} \[correct\]$' \
    '^    checksum 0x[0-9a-f]\{4\} \[correct\]$' \
    '^    flags 0x002 (SYN)$' \
    '^        \.\.\.\. \.\.\.\. \.\.1\. = SYN (synchronize sequence numbers): set$' \
    '^    sequence number [0-9]* (relative 0), next [0-9]* (relative 1)$' \
    "^    window 65535 \[a SYN's window is never scaled" \
    '^        MSS (kind 2, length 4): 02 04 05 b4 = 1460 bytes$' \
    '^        window scale (kind 3, length 3): 03 03 07 = shift 7 (multiply by 128)$'
do
	grep -q -- "$want" "$T/syn"
	ok $? "decode $syn (our SYN): $want"
done
run M3 "show segment $synack" "decode $ack"
sed -n '/^Frame '"$synack"': /,/^Frame /p' "$T/out" >"$T/synack"
grep -q '^    checksum 0x[0-9a-f]\{4\} \[correct\]$' "$T/synack"
ok $? "show segment $synack: the kernel's SYN-ACK checksum is correct (offload off)"
grep -q '^        window scale (kind 3, length 3): 03 03 [0-9a-f][0-9a-f] = shift ' "$T/synack"
ok $? "show segment $synack: the kernel's window scale option"
sed -n '/^Frame '"$ack"': /,/^M3$/p' "$T/out" >"$T/ack"
grep -q '^    window [0-9]* \[scale x128 (shift 7) = [0-9]* bytes\]$' "$T/ack"
ok $? "decode $ack (our ACK): its window scaled by our shift 7"
grep -q '^    acknowledgment number [0-9]* (relative 1)$' "$T/ack"
ok $? "decode $ack: ack relative 1"

run M4 'step on' 'send hi' 'decode #1' 'step off' 'step' 'wait recv hi 10'
sed -n '/^> #1 held, as it would go on the wire:$/,/^M4$/p' "$T/out" >"$T/held"
grep -q '^Payload: 2 bytes$' "$T/held" &&
    grep -q '^    0x0000:  6869  *hi$' "$T/held"
ok $? "decode #1: the held segment with its payload in hex and ASCII"
grep -q '^    flags 0x018 (ACK, PSH)$' "$T/held"
ok $? "decode #1: its flags"

# The numbers are those of the session's -w file.
run M5 'decode list 3'
last=$(sed -n '/^M4$/,/^M5$/p' "$T/out" | awk '$1 ~ /^[0-9]+$/ { n = $1 } END { print n }')
ge "${last:-x}" 8 "decode list: the newest frame's number"
# A failure ends the piped script: this is the last command.
printf '%s\n' 'decode 999999' >&3
wait_for "decode: no frame 999999 yet (the last is [0-9]*)" "$T/out" 20
ok $? "decode of a frame not yet seen: said"
exec 3>&-
wait $pid
"$TCPX" -r "$T/p.pcap" --packet "$syn" >"$T/r"
grep -q ' > 10\.0\.0\.2\.7: Flags \[S\], ' "$T/r"
ok $? "tcpx -r of the -w file: packet $syn is our SYN too"
done_testing
