#!/bin/sh
# tests/net/bulk-send.sh - bulk data from tcpx's engine to the lab's kernel
# (issue 14): `send --size 100000000` (more than the 64 MB send --size used
# to take) and `sendfile` of 100 MB of random bytes each arrive whole at a
# kernel receiver in the peer namespace, which counts them and hashes them
# (SHA-256) on its side.  Not timed: bench/bulk.sh measures the rate.
. "$top_srcdir/tests/lib.sh"
need_root
command -v python3 >/dev/null || skip_all "needs python3"
tmpdir T
RECV="$top_srcdir/tests/net/bulk-recv.py"
N=100000000

# to_kernel NAME PORT CMD: tcpx runs CMD on a connection to a receiver on
# PORT in the peer, closes, and waits for the end; the receiver's
# "BYTES SECONDS SHA256" is in $T/NAME.recv.
to_kernel() {
	timeout 600 "$TCPX" --lab -q -c "set lines none; \
	    lab sh 'python3 $RECV $2 $T/$1.recv hash & \
	    for i in \$(seq 200); do ss -tlnH | grep -q :$2 && exit 0; sleep 0.05; done; exit 1'; \
	    connect 10.0.0.2:$2; $3; close; wait state TIME-WAIT 500; \
	    lab sh 'for i in \$(seq 600); do [ -s $T/$1.recv ] && exit 0; sleep 0.1; done; exit 1'" \
	    >"$T/$1.out" 2>"$T/$1.err"
}

# The pattern send --size sends: byte i is 'a' + i % 26.
want=$(python3 -c 'import hashlib, sys
n = int(sys.argv[1]); p = bytes(range(97, 123)) * 65536; h = hashlib.sha256()
i = 0
while i < n:
    k = min(len(p) - len(p) % 26, n - i)
    h.update(p[:k]); i += k
print(h.hexdigest())' $N)

to_kernel size 5001 "send --size $N"
is "$?" 0 "send --size $N: exit 0"
is "$(cut -d' ' -f1 "$T/size.recv" 2>/dev/null)" "$N" \
    "the kernel received all $N bytes"
is "$(cut -d' ' -f3 "$T/size.recv" 2>/dev/null)" "$want" \
    "their SHA-256 is the pattern's (a..z repeated)"
[ -s "$T/size.err" ] && sed 's/^/#   /' "$T/size.err"

head -c $N /dev/urandom >"$T/file"
want=$(sha256sum "$T/file" | cut -d' ' -f1)
to_kernel file 5002 "sendfile $T/file"
is "$?" 0 "sendfile of $N random bytes: exit 0"
is "$(cut -d' ' -f1 "$T/file.recv" 2>/dev/null)" "$N" \
    "the kernel received all $N bytes"
is "$(cut -d' ' -f3 "$T/file.recv" 2>/dev/null)" "$want" \
    "their SHA-256 is the file's"
[ -s "$T/file.err" ] && sed 's/^/#   /' "$T/file.err"
rm -f "$T/file"

done_testing
