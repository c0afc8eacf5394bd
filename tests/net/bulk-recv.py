#!/usr/bin/env python3
# tests/net/bulk-recv.py PORT OUT [hash] - a kernel receiver for bulk
# transfers (tests/net/bulk-send.sh, bench/bulk.sh): listens on PORT,
# reads one connection to its end, then writes "BYTES SECONDS SHA256
# READS" to OUT (atomically: OUT appears complete).  SECONDS runs from the
# first byte to the end of the stream; SHA256 is "-" unless "hash" is
# given; READS counts the recv() calls that returned data, so a sender
# that arrives in lumps shows fewer and larger reads.
import hashlib
import os
import socket
import sys
import time

port, out = int(sys.argv[1]), sys.argv[2]
h = hashlib.sha256() if len(sys.argv) > 3 and sys.argv[3] == "hash" else None
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("0.0.0.0", port))
s.listen(1)
c, _ = s.accept()
buf = bytearray(1 << 20)
mv = memoryview(buf)
n, t0, reads = 0, None, 0
while True:
    k = c.recv_into(buf)
    if k == 0:
        break
    if t0 is None:
        t0 = time.monotonic()
    n += k
    reads += 1
    if h:
        h.update(mv[:k])
t1 = time.monotonic()
with open(out + ".tmp", "w") as f:
    f.write("%d %.6f %s %d\n" % (n, t1 - (t0 or t1), h.hexdigest() if h else "-", reads))
os.rename(out + ".tmp", out)
