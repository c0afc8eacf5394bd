#!/usr/bin/env python3
"""bench/live-view.py - the live diagram view under a flood, beside the
plain prompt and tcpdump at the same rate.

For each rate (frames a second) a flood of a known number of resets comes
from the lab's peer namespace to a closed port of ours (dropped without an
answer, so the receiver only captures, decodes and draws):
  - view:    `tcpx --lab -q --tui` in a pseudo-terminal (TERM=xterm, 40x150),
             the live sequence diagram open and following;
  - prompt:  `tcpx --lab -q` in a pseudo-terminal, at the prompt;
  - tcpdump: `tcpdump -w /dev/null` (capture alone, the floor) on a veth pair
             of its own with the same kernel buffer (32 MB).
The three alternate, several repetitions each, and the script prints the
frames each capture took and dropped (libpcap's counts: `stat path` for
tcpx, tcpdump's own), min and median, the receiver's CPU per 100,000
frames, and the machine's load.

--flood one (the default) sends every reset on one 4-tuple with the
sequence number counting up (bench/rst-pace): the diagram grows one
conversation by a row a frame, the case its incremental layout is for.
--flood rst uses tcpx's `flood rst`, each reset from a port of its own (a
conversation each, past 1000 a second counted, not drawn).

Root; not part of make check.  Usage: TCPX=build/tcpx RST_PACE=build/bench/rst-pace
bench/live-view.py [--rates 50000,100000,150000,200000] [--frames 200000]
[--reps 3] [--flood one|rst]
"""
import argparse
import fcntl
import os
import pty
import random
import re
import select
import signal
import statistics
import struct
import subprocess
import sys
import termios
import threading
import time

ROWS, COLS = 40, 150
NS = []			# namespaces this script made, removed on exit


def cleanup(*_):
    """Remove the namespaces this script made."""
    while NS:
        subprocess.run(["ip", "netns", "del", NS.pop()], stderr=subprocess.DEVNULL)


def on_signal(sig, _frame):
    cleanup()
    sys.exit(128 + sig)


def cpu_ticks(pid):
    """User and system time of pid so far, in clock ticks (0 when gone)."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            rest = f.read().rsplit(")", 1)[1].split()
        return int(rest[11]) + int(rest[12])
    except (OSError, IndexError, ValueError):
        return 0


def load():
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


class Pty:
    """A program in a pseudo-terminal of ROWS x COLS, its output drained."""

    def __init__(self, argv):
        pid, fd = pty.fork()
        if pid == 0:
            os.environ["TERM"] = "xterm"
            os.environ.pop("NO_COLOR", None)
            fcntl.ioctl(0, termios.TIOCSWINSZ,
                        struct.pack("HHHH", ROWS, COLS, 0, 0))
            os.execvp(argv[0], argv)
        self.pid, self.fd = pid, fd
        fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLS, 0, 0))
        self.out = bytearray()
        self.lock = threading.Lock()
        self.t = threading.Thread(target=self.drain, daemon=True)
        self.t.start()

    def drain(self):
        while True:
            try:
                r, _, _ = select.select([self.fd], [], [], 0.5)
                if not r:
                    continue
                b = os.read(self.fd, 65536)
            except OSError:
                return
            if not b:
                return
            with self.lock:
                self.out += b
                if len(self.out) > 4 << 20:	# the screen's paint, kept short
                    del self.out[:len(self.out) - (1 << 20)]

    def text(self):
        with self.lock:
            return self.out.decode("utf-8", "replace")

    def mark(self):
        with self.lock:
            self.out.clear()

    def wait_for(self, pattern, secs=20):
        rx = re.compile(pattern)
        end = time.time() + secs
        while time.time() < end:
            m = rx.search(self.text())
            if m:
                return m
            time.sleep(0.05)
        raise RuntimeError(f"timed out waiting for {pattern!r}; "
                           f"tail: {self.text()[-400:]!r}")

    def send(self, s):
        os.write(self.fd, s.encode())

    def close(self):
        try:
            os.kill(self.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        for _ in range(50):
            if os.waitpid(self.pid, os.WNOHANG)[0] != 0:
                break
            time.sleep(0.1)
        else:
            os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)
        os.close(self.fd)


def flood(ns, iface, dmac, a):
    """Send the flood from namespace ns out of iface; the achieved rate."""
    if a.flood == "one":
        cmd = [a.rst_pace, iface, dmac, "10.0.0.2", "10.0.0.1", "40000", "9",
               str(a.frames), str(a.rate)]
        rx = r"\((\d+)/s\)"
    else:
        cmd = [a.tcpx, "-q", "-i", iface, "-s", "10.0.0.2", "-c",
               f"flood rst 10.0.0.1:9 count={a.frames} rate={a.rate}"]
        rx = r"\((\d+)/s\)"
    out = subprocess.run(["ip", "netns", "exec", ns] + cmd, capture_output=True,
                         text=True).stdout
    m = re.search(rx, out)
    return int(m.group(1)) if m else 0


def lab_peer(pid):
    """The lab's peer namespace of tcpx process pid, once its link is up."""
    for _ in range(200):
        for line in subprocess.run(["ip", "netns", "list"], capture_output=True,
                                   text=True).stdout.splitlines():
            name = line.split()[0] if line.split() else ""
            if name.startswith(f"tcpx-lab-{pid}-") and name.endswith("-peer"):
                up = subprocess.run(["ip", "-n", name, "-br", "link", "show",
                                     "peer0"], capture_output=True,
                                    text=True).stdout
                if " UP " in up:
                    return name
        time.sleep(0.1)
    raise RuntimeError("the lab's peer namespace did not come up")


def self_mac(pid):
    """tcpx's own MAC in its lab (the tcpx0 side)."""
    for line in subprocess.run(["ip", "netns", "list"], capture_output=True,
                               text=True).stdout.splitlines():
        name = line.split()[0] if line.split() else ""
        if name.startswith(f"tcpx-lab-{pid}-") and name.endswith("-self"):
            out = subprocess.run(["ip", "-n", name, "-br", "link", "show",
                                  "tcpx0"], capture_output=True, text=True).stdout
            return out.split()[2]
    raise RuntimeError("no tcpx0 in the lab")


def run_tcpx(a, view):
    """One run of tcpx (the view or the prompt): (captured, dropped, cpu, sent)."""
    argv = [a.tcpx, "--lab", "-q"] + (["--tui"] if view else [])
    p = Pty(argv)
    try:
        p.wait_for(r"live: no TCP conversation yet" if view else r"tcpx> ")
        peer = lab_peer(p.pid)
        mac = self_mac(p.pid)
        time.sleep(0.5)		# the lab's ARP/ND answered, the session idle
        c0 = cpu_ticks(p.pid)
        sent = flood(peer, "peer0", mac, a)
        time.sleep(1.0)		# what is in the capture's buffer is taken
        c1 = cpu_ticks(p.pid)
        for _ in range(60):	# until it is idle (a slow view catches up)
            time.sleep(0.5)
            c2 = cpu_ticks(p.pid)
            if c2 - c1 <= 2:
                break
            c1 = c2
        if view:
            p.send("\x1b")	# the keys to the view, then back to the prompt
            time.sleep(0.3)
            p.mark()
            p.send("q")
        p.wait_for(r"\x1b\[\?2004htcpx> " if view else r"tcpx> ", 60)
        p.mark()
        p.send("stat path\r")
        m = p.wait_for(r"capture: (\d+) frames received, (\d+) dropped", 30)
        p.send("quit\r")
        return int(m.group(1)), int(m.group(2)), c1 - c0, sent
    finally:
        p.close()


def run_tcpdump(a):
    """One run of tcpdump on a veth pair of its own: (captured, dropped, cpu, sent)."""
    tag = f"tcpxb-{os.getpid()}-{random.randrange(1 << 24):06x}"
    na, nb = tag + "-a", tag + "-b"
    for n in (na, nb):
        subprocess.run(["ip", "netns", "add", n], check=True)
        NS.append(n)
    sh = lambda *c: subprocess.run(list(c), check=True, stderr=subprocess.DEVNULL,
                                   stdout=subprocess.DEVNULL)
    try:
        sh("ip", "-n", na, "link", "add", "a0", "type", "veth", "peer", "name",
           "b0", "netns", nb)
        sh("ip", "-n", na, "addr", "add", "10.0.0.1/24", "dev", "a0")
        sh("ip", "-n", nb, "addr", "add", "10.0.0.2/24", "dev", "b0")
        sh("ip", "-n", na, "link", "set", "a0", "up")
        sh("ip", "-n", nb, "link", "set", "b0", "up")
        for n, d in ((na, "a0"), (nb, "b0")):
            subprocess.run(["ip", "netns", "exec", n, "ethtool", "-K", d, "tx",
                            "off", "tso", "off", "gso", "off", "gro", "off"],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        mac = subprocess.run(["ip", "-n", na, "-br", "link", "show", "a0"],
                             capture_output=True, text=True).stdout.split()[2]
        env = dict(os.environ, TZ="UTC")
        td = subprocess.Popen(["ip", "netns", "exec", na, a.tcpdump, "-n", "-i",
                               "a0", "--immediate-mode", "-B", "32768", "-w",
                               "/dev/null"], stderr=subprocess.PIPE, text=True,
                              env=env)
        time.sleep(1.0)
        # `ip netns exec` execs tcpdump: the pid is tcpdump's.
        c0 = cpu_ticks(td.pid)
        sent = flood(nb, "b0", mac, a)
        time.sleep(1.0)
        c1 = cpu_ticks(td.pid)
        td.send_signal(signal.SIGINT)
        err = td.communicate(timeout=30)[1]
        cap = re.search(r"(\d+) packets captured", err)
        drop = re.search(r"(\d+) packets dropped by kernel", err)
        return (int(cap.group(1)) if cap else -1,
                int(drop.group(1)) if drop else -1, c1 - c0, sent)
    finally:
        cleanup()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rates", default="50000,100000,150000,200000")
    ap.add_argument("--frames", type=int, default=200000)
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--flood", choices=["one", "rst"], default="one")
    ap.add_argument("--only", default="view,prompt,tcpdump",
                    help="which receivers, comma-separated")
    a = ap.parse_args()
    a.tcpx = os.environ.get("TCPX", "tcpx")
    a.tcpdump = os.environ.get("TCPDUMP") or "tcpdump"
    a.rst_pace = os.environ.get("RST_PACE", "bench/rst-pace")
    if os.geteuid() != 0:
        print("live-view: needs root (the lab)")
        return 0
    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    hz = os.sysconf("SC_CLK_TCK")
    who = a.only.split(",")
    print(f"The live diagram view under a flood of {a.frames} resets "
          f"({'one conversation' if a.flood == 'one' else 'a port each'}), "
          f"{a.reps} alternating repetitions; load {load()}")
    for rate in [int(r) for r in a.rates.split(",")]:
        a.rate = rate
        res = {w: [] for w in who}
        for rep in range(a.reps):
            order = who[rep % len(who):] + who[:rep % len(who)]
            for w in order:
                if w == "tcpdump":
                    res[w].append(run_tcpdump(a))
                else:
                    res[w].append(run_tcpx(a, w == "view"))
        print(f"{rate}/s (load {load()}):")
        for w in who:
            caps = [r[0] for r in res[w]]
            drops = [r[1] for r in res[w]]
            cpu = [r[2] / hz * 100000 / a.frames for r in res[w]]
            sent = [r[3] for r in res[w]]
            label = {"view": "tcpx live view", "prompt": "tcpx prompt",
                     "tcpdump": "tcpdump -w /dev/null"}[w]
            print(f"  {label:22s} dropped min {min(drops):6d} median "
                  f"{statistics.median(drops):8.0f}   captured median "
                  f"{statistics.median(caps):7.0f}   CPU {statistics.median(cpu):.3f} "
                  f"s/100k   sent at {statistics.median(sent):.0f}/s")
        sys.stdout.flush()
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    finally:
        cleanup()
