#!/bin/sh
# tests/net/send-ahead.sh - a bulk send keeps at most a window's worth of
# unsent data ahead of the wire (cli/cmd/sendstream.c, as Linux's
# TCP_NOTSENT_LOWAT): to a kernel peer that never reads, `sendfile` of a
# fifo takes what the peer's buffer accepted and 256 kB more, not the 4 MB
# send buffer.  What tcpx took is what the writer wrote into the fifo
# (its wchar, less the 64 kB a pipe holds), compared with what the peer's
# socket holds (ss Recv-Q); both are read until neither moves for 1 s.
. "$top_srcdir/tests/lib.sh"
need_root
tmpdir T

wchar() { awk '$1 == "wchar:" { print $2 }' "/proc/$1/io" 2>/dev/null; }

mkfifo "$T/fifo"
cat >"$T/sink.py" <<'PY'
import socket, time
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("0.0.0.0", 5010))
s.listen(1)
c, _ = s.accept()
time.sleep(600)
PY
# The writer opens the fifo first (it waits for the reader), so that
# tcpx's non-blocking open finds a writer and does not read an end.
dd if=/dev/zero of="$T/fifo" bs=65536 count=256 2>/dev/null &
dd=$!
"$TCPX" --lab -q -c "lab sh 'python3 $T/sink.py & sh $UNTIL 10 \"ss -tlnH | grep -q :5010\"'; \
    connect 10.0.0.2:5010; lab sh 'echo connected >$T/up'; \
    sendfile $T/fifo" >"$T/out" 2>"$T/err" &
pid=$!
wait_until 60 "[ -s '$T/up' ] || ! kill -0 $pid 2>/dev/null"
[ -s "$T/up" ]
ok $? "connected to a peer that never reads"
[ -s "$T/up" ] || { sed 's/^/# /' "$T/err"; kill $dd; done_testing; exit 1; }
# The lab's peer namespace: where its Recv-Q is read.
ns=$(ip netns list | sed -n "s/^\(tcpx-lab-$pid-[^ ]*peer[^ ]*\).*/\1/p" | head -n 1)
recvq() { ip netns exec "$ns" ss -tnH "sport = :5010" | awk '{ print $2 }' | head -n 1; }
last="" n=0 w=0 q=0
while [ $n -lt 600 ] && kill -0 $pid 2>/dev/null; do
	w=$(wchar $dd) q=$(recvq)
	now="$w $q"
	[ -n "$w" ] && [ "${q:-0}" -gt 0 ] && [ "$now" = "$last" ] && break
	last=$now
	sleep 1
	n=$((n + 1))
done
diag "the writer wrote ${w:-?} bytes; the peer holds ${q:-?}"
[ -n "$w" ] && [ "${q:-0}" -gt 0 ] && [ "$now" = "$last" ]
ok $? "the send settled (nothing moved for 1 s)"
held=$(( ${w:-0} - ${q:-0} ))
diag "tcpx took ${held} bytes more than the peer holds (a pipe keeps up to 65536)"
[ "$held" -le $((256 * 1024 + 65536 + 65536)) ]
ok $? "tcpx took at most 256 kB beyond what the peer accepted, a chunk and the pipe"
[ "$held" -ge $((128 * 1024)) ]
ok $? "and it did queue ahead (at least 128 kB)"
kill $dd 2>/dev/null
kill -TERM $pid 2>/dev/null
wait_until 10 "! kill -0 $pid 2>/dev/null"
ok $? "SIGTERM ends the send"
wait $pid
[ "$(ip netns list | grep -c "^tcpx-lab-$pid-")" -eq 0 ]
ok $? "the lab is gone"
done_testing
