#!/bin/sh
# tests/net/decode-order.sh - `decode` numbers a busy session's frames as
# its -w file holds them.  Our frames are stamped when they leave, and a
# frame the kernel captured before one of ours may still wait in the
# capture ring behind the frame we answered; the file puts frames in time
# order, so `decode` numbers them in that order too (cli/obs/frames.c).
# Two transfers of 2 MB with the lab's kernel, one each way, give some
# 4,000 frames, most of them read in batches: `decode list` must show
# every one of them with the number the file gives it, line for line as
# tcpdump -S -n -r prints the file.  The kernel's side: its receiver got
# all 2,000,000 bytes, and its sender (bash, to our listener) sent them.
. "${top_srcdir:-.}/tests/lib.sh"
need_root
command -v tcpdump >/dev/null || skip_all "needs tcpdump"
command -v python3 >/dev/null || skip_all "needs python3"
tmpdir T
TZ=UTC; export TZ

RECV="${top_srcdir:-.}/tests/net/bulk-recv.py"

timeout 120 "$TCPX" --lab -q -w "$T/p.pcap" -c "set lines none; \
    listen 5001; \
    lab exec bash -c '(exec 3<>/dev/tcp/10.0.0.1/5001 && \
        head -c 2000000 /dev/zero >&3 && echo sent >$T/sent) >/dev/null 2>&1 &'; \
    wait accept 10; wait state CLOSE-WAIT 30; close; wait state CLOSED 30; \
    lab sh 'python3 $RECV 5002 $T/got & sh $UNTIL 10 \"ss -tlnH | grep -q :5002\"'; \
    connect 10.0.0.2:5002; send --size 2000000; close; \
    wait state TIME-WAIT 30; \
    lab sh 'sh $UNTIL 10 \"[ -s $T/got ]\"'; \
    decode list 10000" >"$T/out" 2>&1
ok $? "two transfers of 2 MB, then decode list"
is "$(cat "$T/sent" 2>/dev/null)" "sent" "the kernel sent its 2,000,000 bytes"
is "$(cut -d' ' -f1 "$T/got" 2>/dev/null)" "2000000" \
    "the kernel received our 2,000,000 bytes"
total=$(sed -n 's/^\([0-9]*\) frames* on the wire so far.*/\1/p' "$T/out")
ge "${total:-0}" 2700 "decode counted the session's frames (${total:-none})"
# The file goes on after decode list ran (a late frame of the peer's, an
# IPv6 multicast listener report once in CI): its first $total frames are
# the ones decode listed.
tcpdump -S -n -r "$T/p.pcap" 2>/dev/null | head -n "${total:-0}" >"$T/file"
is "$(wc -l <"$T/file")" "$total" "the -w file holds the frames decode listed"
# decode list: "NUM DIR TIME LINE"; the file's Nth line is frame N.
awk '$1 ~ /^[0-9]+$/ && ($2 == ">" || $2 == "<") {
	n = $1; $1 = ""; $2 = ""; sub(/^  /, ""); print n "\t" $0 }' \
    "$T/out" >"$T/decode"
awk '{ print NR "\t" $0 }' "$T/file" >"$T/numbered"
is "$(wc -l <"$T/decode")" "$total" "decode list showed every frame"
if cmp -s "$T/decode" "$T/numbered"; then
	ok 0 "every frame has the number the -w file gives it"
else
	diff "$T/numbered" "$T/decode" | head -8 | sed 's/^/# /'
	ok 1 "every frame has the number the -w file gives it ($(diff \
	    "$T/numbered" "$T/decode" | grep -c '^>') differ)"
fi
done_testing
