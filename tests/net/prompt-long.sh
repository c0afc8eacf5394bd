#!/bin/sh
# tests/net/prompt-long.sh - long lines at the prompt (issue 13), on a
# pseudo-terminal: a 1 MB line pasted at once is dropped with one error
# line, the line after it runs, and the work is linear: tcpx reads the
# terminal in chunks (a few hundred read() calls for the megabyte, where
# readline alone makes one per byte and took 24-32 s); a 60 KB line, under
# the 64 KB bound, still runs.
. "$top_srcdir/tests/lib.sh"
need_root
command -v python3 >/dev/null || skip_all "needs python3"
tmpdir T

cat >"$T/paste.py" <<'PY'
import os, pty, select, sys, time
tcpx, out = sys.argv[1], sys.argv[2]
pid, fd = pty.fork()
if pid == 0:
    os.environ["TCPX_HISTORY"] = ""
    os.execv(tcpx, [tcpx, "--lab", "-q"])
seen = b""
def until(pat, secs):
    global seen
    end = time.time() + secs
    while pat not in seen:
        r, _, _ = select.select([fd], [], [], max(0, end - time.time()))
        if not r:
            return False
        try:
            seen += os.read(fd, 1 << 20)
        except OSError:
            return False
    return True
def syscr():
    with open("/proc/%d/io" % pid) as f:
        for l in f:
            if l.startswith("syscr:"):
                return int(l.split()[1])
res = []
res.append("prompt %d" % until(b"tcpx> ", 60))
# Paste: 1 MB of 'a' after echo, then a line that must still run.
before = syscr()
data = b"echo " + b"a" * (1 << 20) + b"\necho after\n"
off = 0
while off < len(data):
    r, w, _ = select.select([fd], [fd], [], 60)
    if r:
        seen = (seen + os.read(fd, 1 << 20))[-65536:]
    if w:
        off += os.write(fd, data[off:off + 4096])
res.append("after %d" % until(b"\rafter\r\n", 120))
res.append("reads %d" % (syscr() - before))
res.append("dropped %d" % seen.count(b"tcpx: line longer than 65536 bytes: dropped"))
# The next prompt: readline has the terminal raw again.  While a command
# runs the terminal is cooked, and the kernel's tty keeps at most 4095
# bytes of a line there: the rest of a paste sent meanwhile is lost (a
# byte of the line below went missing once, in CI's distcheck).
seen = seen[seen.rfind(b"\rafter\r\n"):]
res.append("ready %d" % until(b"tcpx> ", 60))
# 60000 bytes of escapes, under the bound: run, 15000 A's printed.
seen = b""
data = b"echo " + b"\\x41" * 15000 + b"\n"
off = 0
while off < len(data):
    r, w, _ = select.select([fd], [fd], [], 60)
    if r:
        seen += os.read(fd, 1 << 20)
    if w:
        off += os.write(fd, data[off:off + 4096])
t0 = time.time()
got = until(b"A" * 15000 + b"\r\n", 60)
res.append("long %d" % got)
if not got:
    # Seen once under a load of 10-15: what came instead, and when.
    lines = seen.replace(b"\r\n", b"\n").split(b"\n")
    res.append("long-wait %.1f s, %d bytes seen, longest line %d" %
               (time.time() - t0, len(seen), max(map(len, lines))))
    res.append("long-tail %r" % seen[-300:])
os.write(fd, b"quit\n")
until(b"\x00never", 10)
os.waitpid(pid, 0)
open(out, "w").write("\n".join(res) + "\n")
PY

timeout 300 python3 "$T/paste.py" "$TCPX" "$T/res" >/dev/null 2>&1
diag "$(cat "$T/res" 2>/dev/null)"
val() { awk -v k="$1" '$1 == k { print $2 }' "$T/res" 2>/dev/null; }
is "$(val prompt)" 1 "the prompt appears"
is "$(val after)" 1 "after a 1 MB line, the next line runs"
is "$(val dropped)" 1 "the 1 MB line is dropped with one error line"
is "$(val ready)" 1 "the prompt comes back after it"
r=$(val reads)
[ -n "$r" ] && [ "$r" -lt 16384 ]
ok $? "the 1 MB line took fewer than 16384 read() calls (${r:-?}): linear in chunks, not per byte"
is "$(val long)" 1 "a 60000-byte line under the bound still runs"

done_testing
