#!/usr/bin/env python3
"""bench/conns-peer.py - the lab peer's side of bench/conns.sh.

Runs in the lab's peer namespace (`lab sh`).  Opens kernel TCP connections
to HOST:PORT from several source addresses (one address gives ~28k ports)
and holds them all.  At each level (0 and then every --levels count) it
times --probe new connections made one after the other (connect() until
the SYN-ACK is in: the new-connection time with that many open) and reads
the listener side's memory: the RSS of --pid (tcpx) or, with --slab, the
kernel's slab caches for sockets (TCP, sock_inode_cache, dentry, filp,
...; the listener's and the clients' sockets are both in this kernel).
Writes one JSON object per level to --out, then {"done": true}; with
--hold it keeps the connections until that file exists.  Root (ulimit -n
is raised).
"""
import argparse
import errno
import json
import multiprocessing
import os
import resource
import select
import socket
import statistics
import sys
import time
import traceback

IP_BIND_ADDRESS_NO_PORT = 24
SLABS = ("TCP", "TCPv6", "sock_inode_cache", "dentry", "filp",
         "tcp_bind_bucket", "tcp_bind2_bucket", "request_sock_TCP",
         "eventpoll_epi", "skbuff_head_cache", "kmalloc-64", "kmalloc-128",
         "kmalloc-192", "kmalloc-256", "kmalloc-512", "kmalloc-1k",
         "kmalloc-cg-64", "kmalloc-cg-128", "kmalloc-cg-192",
         "kmalloc-cg-256", "kmalloc-cg-512", "kmalloc-cg-1k")


def rss_kb(pid):
    """VmRSS of pid in kB."""
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def slab_bytes():
    """Bytes in the slab caches sockets use (active objects x size)."""
    total = 0
    with open("/proc/slabinfo") as f:
        for line in f:
            w = line.split()
            if w and w[0] in SLABS:
                total += int(w[1]) * int(w[3])
    return total


class Opener:
    """Non-blocking connects from a rotating set of source addresses."""

    def __init__(self, host, port, srcs, window):
        self.host, self.port, self.srcs, self.window = host, port, srcs, window
        self.held = []
        self.pending = {}
        self.poll = select.epoll()
        self.next_src = 0
        self.failed = 0

    def sock(self):
        s = socket.socket()
        s.setsockopt(socket.SOL_IP, IP_BIND_ADDRESS_NO_PORT, 1)
        src = self.srcs[self.next_src % len(self.srcs)]
        self.next_src += 1
        s.bind((src, 0))
        return s

    def fill(self, n, limit):
        """Hold n connections in all; False when they did not come."""
        end = time.monotonic() + limit
        while len(self.held) < n:
            while (len(self.pending) < self.window and
                   len(self.held) + len(self.pending) < n):
                s = self.sock()
                s.setblocking(False)
                err = s.connect_ex((self.host, self.port))
                if err not in (0, errno.EINPROGRESS):
                    raise OSError(err, os.strerror(err))
                self.pending[s.fileno()] = (s, time.monotonic())
                self.poll.register(s.fileno(), select.EPOLLOUT)
            if time.monotonic() > end:
                return False
            for fd, _ in self.poll.poll(0.5):
                s, t0 = self.pending.pop(fd)
                self.poll.unregister(fd)
                if s.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR):
                    self.failed += 1
                    s.close()
                else:
                    self.held.append(s)
        return True

    def probe(self, k):
        """Seconds each of k connects took, one after the other."""
        out = []
        for _ in range(k):
            s = self.sock()
            s.settimeout(5)
            t0 = time.perf_counter()
            s.connect((self.host, self.port))
            out.append(time.perf_counter() - t0)
            self.held.append(s)
        return out


def serve(spec, workers):
    """Kernel listeners on ADDR:PORT (SO_REUSEPORT, one a process, as one
    process may hold only ulimit -n sockets) that accept and hold."""
    host, port = spec.rsplit(":", 1)
    hard = resource.getrlimit(resource.RLIMIT_NOFILE)[1]
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    for _ in range(workers - 1):
        if os.fork() == 0:
            break
    ls = socket.socket()
    ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    ls.bind((host, int(port)))
    ls.listen(4096)
    held = []
    while True:
        held.append(ls.accept()[0])


def worker(conn, args, srcs, window):
    """A client process: fill to what the coordinator asks, say so."""
    o = Opener(args.host, args.port, srcs, window)
    while True:
        n = conn.recv()
        if n is None:
            os._exit(0)
        ok = o.fill(n, args.limit)
        conn.send((ok, len(o.held), o.failed))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--serve", metavar="ADDR:PORT",
                    help="be the kernel listener instead")
    ap.add_argument("--out")
    ap.add_argument("--host", default="10.0.0.1")
    ap.add_argument("--port", type=int, default=5000)
    ap.add_argument("--srcs", default="10.0.0.10,10.0.0.11,10.0.0.12,"
                    "10.0.0.13,10.0.0.14")
    ap.add_argument("--levels", default="1000,10000,50000,100000")
    ap.add_argument("--probe", type=int, default=100)
    ap.add_argument("--window", type=int, default=128,
                    help="connects in flight in all")
    ap.add_argument("--per-proc", type=int, default=15000,
                    help="sockets one process holds (ulimit -n is fixed)")
    ap.add_argument("--pid", type=int, help="the listener's process (RSS)")
    ap.add_argument("--slab", action="store_true",
                    help="measure the kernel's slab caches instead of RSS")
    ap.add_argument("--hold", metavar="FILE",
                    help="after the last level, keep every connection "
                    "open until FILE exists (60 s at most), so the "
                    "listener's counters are read with all of them open")
    ap.add_argument("--limit", type=float, default=300,
                    help="seconds allowed for reaching each level")
    args = ap.parse_args()
    levels = [int(x) for x in args.levels.split(",")]
    nproc = max(1, -(-(max(levels) + 1000) // args.per_proc))
    if args.serve:
        serve(args.serve, nproc)
    hard = resource.getrlimit(resource.RLIMIT_NOFILE)[1]
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    if hard < args.per_proc + 1000:
        sys.exit(f"conns-peer: ulimit -Hn is {hard}, "
                 f"{args.per_proc + 1000} needed (see --per-proc)")
    srcs = args.srcs.split(",")
    pipes = []
    for _ in range(nproc):
        a, b = multiprocessing.Pipe()
        if os.fork() == 0:
            a.close()
            worker(b, args, srcs, max(1, args.window // nproc))
        b.close()
        pipes.append(a)
    try:
        measure(args, levels, pipes, Opener(args.host, args.port, srcs, 1))
    except BaseException:
        traceback.print_exc()
    finally:
        with open(args.out, "a") as f:
            f.write(json.dumps({"done": True}) + "\n")
        until = time.monotonic() + 60
        while args.hold and not os.path.exists(args.hold) and \
                time.monotonic() < until:
            time.sleep(0.05)
        for p in pipes:
            p.send(None)
        os._exit(0)


def measure(args, levels, pipes, prober):
    """Fill to each level in turn (the workers), probe and measure there."""
    out = open(args.out, "w")

    def mem():
        return slab_bytes() if args.slab else rss_kb(args.pid) * 1024

    base = mem()
    for n in [0] + levels:
        t0 = time.monotonic()
        # The probes held so far count towards the level.
        want = max(0, n - len(prober.held))
        share = [want // len(pipes) + (i < want % len(pipes))
                 for i in range(len(pipes))]
        for p, k in zip(pipes, share):
            p.send(k)
        ok, held, failed = True, len(prober.held), 0
        for p in pipes:
            w_ok, w_held, w_failed = p.recv()
            ok, held, failed = ok and w_ok, held + w_held, failed + w_failed
        took = time.monotonic() - t0
        time.sleep(0.5)
        m = mem()
        p = prober.probe(args.probe) if ok else []
        rec = {"level": n, "held": held, "reached": ok, "fill_s": took,
               "failed": failed, "mem": m, "base": base,
               "per_conn": (m - base) / held if held else 0,
               "probe_min_us": min(p) * 1e6 if p else None,
               "probe_med_us": statistics.median(p) * 1e6 if p else None}
        out.write(json.dumps(rec) + "\n")
        out.flush()
        if not ok:
            break
    out.close()


main()
