#!/usr/bin/env python3
"""bench/synflood-peer.py - the lab peer's side of bench/synflood.sh.

Runs in the lab's peer namespace (started by `lab sh`): starts a spoofed
SYN flood against our listener, connects as a real client while it runs
and after it ends, and writes what it measured as JSON.  Times are
time.monotonic(), the same clock the driver reads in the host namespace.
"""
import argparse
import json
import socket
import subprocess
import time


def connect(host, port, limit):
    """Seconds a kernel connect() to host:port took, or None past limit."""
    t0 = time.monotonic()
    s = socket.socket()
    s.settimeout(limit)
    try:
        s.connect((host, port))
    except OSError:
        return None
    finally:
        s.close()
    return time.monotonic() - t0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    ap.add_argument("--flood", required=True, help="the flood's command line")
    ap.add_argument("--host", default="10.0.0.1")
    ap.add_argument("--port", type=int, default=5000)
    ap.add_argument("--connects", type=int, default=20)
    ap.add_argument("--gap", type=float, default=0.3)
    ap.add_argument("--after", type=int, default=10)
    args = ap.parse_args()

    res = {"during": [], "after": []}
    res["flood_start"] = time.monotonic()
    flood = subprocess.Popen(args.flood, shell=True,
                             stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL)
    time.sleep(0.5)             # the flood is under way
    for _ in range(args.connects):
        if flood.poll() is not None:
            break
        t = time.monotonic()
        res["during"].append([t, connect(args.host, args.port, 1.0)])
        time.sleep(max(0.0, args.gap - (time.monotonic() - t)))
    flood.wait()
    res["flood_end"] = time.monotonic()
    res["flood_rc"] = flood.returncode
    for _ in range(args.after):
        t = time.monotonic()
        res["after"].append([t, connect(args.host, args.port, 1.0)])
        time.sleep(0.1)
    with open(args.out + ".tmp", "w") as f:
        json.dump(res, f)
    import os
    os.rename(args.out + ".tmp", args.out)


main()
