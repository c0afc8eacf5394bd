#!/usr/bin/env python3
"""bench/alt.py - run commands in alternation and report each one's
minimum and median wall time and its peak memory.

Usage: alt.py ROUNDS NAME=COMMAND [NAME=COMMAND ...]

Each round runs every COMMAND once (a shell line, output discarded), in
the order given, so that a change in the machine's load during the bench
touches every tool alike.  Prints one tab-separated line per NAME:
  NAME  min-seconds  median-seconds  peak-KiB  runs
then a line "load L1 L5 L15 CPUS" read at the end.  Exits 1 when a
command fails (its status would make its time meaningless).
"""
import os
import subprocess
import sys
import time


def run_once(cmd):
    """Wall seconds and peak RSS (KiB) of one run of shell line cmd."""
    t0 = time.monotonic()
    p = subprocess.Popen(cmd, shell=True, stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL)
    _, status, ru = os.wait4(p.pid, 0)
    t = time.monotonic() - t0
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit("bench: %r exited with status %d" %
                 (cmd, os.waitstatus_to_exitcode(status)))
    return t, ru.ru_maxrss


def median(xs):
    """The median of xs (the mean of the middle two for an even count)."""
    xs = sorted(xs)
    n = len(xs)
    return xs[n // 2] if n % 2 else (xs[n // 2 - 1] + xs[n // 2]) / 2


def main(argv):
    if len(argv) < 3 or not argv[1].isdigit():
        sys.exit("usage: alt.py ROUNDS NAME=COMMAND ...")
    rounds = int(argv[1])
    cmds = []
    for a in argv[2:]:
        name, _, cmd = a.partition("=")
        if not cmd:
            sys.exit("bench: %r is not NAME=COMMAND" % a)
        cmds.append((name, cmd))
    times = {n: [] for n, _ in cmds}
    peak = {n: 0 for n, _ in cmds}
    for _ in range(rounds):
        for name, cmd in cmds:
            t, kb = run_once(cmd)
            times[name].append(t)
            peak[name] = max(peak[name], kb)
    for name, _ in cmds:
        print("%s\t%.6f\t%.6f\t%d\t%d" % (name, min(times[name]),
              median(times[name]), peak[name], rounds))
    with open("/proc/loadavg") as f:
        load = f.read().split()[:3]
    print("load\t%s\t%d" % ("\t".join(load), os.cpu_count()))


if __name__ == "__main__":
    main(sys.argv)
