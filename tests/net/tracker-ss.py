#!/usr/bin/env python3
# tests/net/tracker-ss.py - helper of tests/net/tracker-ss.sh: drives real
# kernel TCP sockets through scripted scenarios between two namespaces,
# samples both kernels' true states with ss at quiet moments, and compares
# those samples with the states `tcpx -r --states` inferred from a capture.
#
#   tracker-ss.py drive NS_A NS_B PCAP SAMPLES
#	client sockets in NS_A (10.0.0.1), servers in NS_B (10.0.0.2); waits
#	until the capture writing PCAP sees traffic, then runs the scenarios
#	and writes one line per (sample, side) to SAMPLES (tab separated):
#	scenario  point  side  local  peer  t0  t1  planned  ss  wire  note
#   tracker-ss.py compare STATES SAMPLES
#	prints "WANT<TAB>GOT<TAB>DESCRIPTION" lines, one per check.
#
# The drive mode enters NS_B with setns(2) only to create the server
# sockets; every other socket and command stays in NS_A or runs through
# `ip netns exec`.  Drops are nftables rules in the test's own namespaces.

import ctypes
import errno
import os
import re
import select
import socket
import struct
import subprocess
import sys
import time

CLIENT = "10.0.0.1"
SERVER = "10.0.0.2"
SETTLE = 0.3		# quiet time before every sample: no segment in flight
CLONE_NEWNET = 0x40000000

# ss's state names -> RFC 9293's.
SS_STATE = {
	"SYN-SENT": "SYN-SENT", "SYN-RECV": "SYN-RECEIVED",
	"ESTAB": "ESTABLISHED", "FIN-WAIT-1": "FIN-WAIT-1",
	"FIN-WAIT-2": "FIN-WAIT-2", "CLOSE-WAIT": "CLOSE-WAIT",
	"CLOSING": "CLOSING", "LAST-ACK": "LAST-ACK",
	"TIME-WAIT": "TIME-WAIT", "CLOSE": "CLOSED", "LISTEN": "LISTEN",
}


def die(msg):
	sys.stderr.write("tracker-ss.py: %s\n" % msg)
	sys.exit(2)


class Driver:
	"""Sockets in two namespaces, ss samples and nft rules."""

	def __init__(self, ns_a, ns_b, pcap, out):
		self.ns = {"client": ns_a, "server": ns_b}
		self.pcap = pcap
		self.out = out
		self.libc = ctypes.CDLL(None, use_errno=True)
		self.fd_a = os.open("/var/run/netns/" + ns_a, os.O_RDONLY)
		self.fd_b = os.open("/var/run/netns/" + ns_b, os.O_RDONLY)
		self.setns(self.fd_a)
		for ns in (ns_a, ns_b):
			self.run(ns, "nft", "add table inet tcpxt; "
			    "add chain inet tcpxt in "
			    "{ type filter hook input priority 0; }; "
			    "add chain inet tcpxt out "
			    "{ type filter hook output priority 0; }")

	def setns(self, fd):
		if self.libc.setns(fd, CLONE_NEWNET) != 0:
			die("setns: " + os.strerror(ctypes.get_errno()))

	def run(self, ns, *argv):
		p = subprocess.run(["ip", "netns", "exec", ns] + list(argv),
		    stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
		if p.returncode != 0:
			die("%s: %s" % (" ".join(argv), p.stderr.strip()))
		return p.stdout

	def nft(self, side, chain, rule):
		"""Add a rule to chain (in/out) in side's namespace."""
		self.run(self.ns[side], "nft", "add rule inet tcpxt %s %s" %
		    (chain, rule))

	def nft_flush(self):
		for ns in self.ns.values():
			self.run(ns, "nft", "flush chain inet tcpxt in; "
			    "flush chain inet tcpxt out")

	def listener(self, port):
		"""A listening socket in the server namespace."""
		self.setns(self.fd_b)
		try:
			s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
		finally:
			self.setns(self.fd_a)
		s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
		s.bind((SERVER, port))
		s.listen(8)
		s.settimeout(5)
		return s

	def connect(self, port):
		"""Start a connection from the client namespace; (sock, cport)."""
		c = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
		c.setblocking(False)
		try:
			c.connect((SERVER, port))
		except BlockingIOError:
			pass
		return c, c.getsockname()[1]

	def ss(self, side):
		"""{(local, peer): ss state} of side's TCP sockets."""
		t = {}
		for line in self.run(self.ns[side], "ss", "-tanH").splitlines():
			f = line.split()
			if len(f) >= 5:
				t[(f[3], f[4])] = f[0]
		return t

	def ends(self, cport, sport):
		c = "%s:%d" % (CLIENT, cport)
		s = "%s:%d" % (SERVER, sport)
		return {"client": (c, s), "server": (s, c)}

	def states(self, cport, sport):
		"""Both sides' ss states (RFC names; absent: CLOSED), raw too."""
		got = {}
		for side, key in self.ends(cport, sport).items():
			raw = self.ss(side).get(key)
			got[side] = SS_STATE.get(raw, raw) if raw else "CLOSED"
		return got

	def settle(self, cport, sport, plan, timeout=4.0):
		"""Wait until ss shows the planned states (or timeout), then
		stay quiet for SETTLE so that nothing is left in flight."""
		end = time.time() + timeout
		while time.time() < end:
			got = self.states(cport, sport)
			if all(got[k] == plan[k] for k in plan):
				break
			time.sleep(0.05)
		time.sleep(SETTLE)

	def sample(self, scen, point, cport, sport, plan, wire=None,
	    note=""):
		"""Record both kernels' states now.  plan: side -> the state the
		scenario means to reach; wire: side -> the state a wire-only
		observer must infer when it differs from the kernel's."""
		self.settle(cport, sport, plan)
		t0 = time.time()
		got = self.states(cport, sport)
		t1 = time.time()
		for side, (local, peer) in self.ends(cport, sport).items():
			w = (wire or {}).get(side, "-")
			self.out.write("\t".join([scen, point, side, local, peer,
			    "%.6f" % t0, "%.6f" % t1, plan[side], got[side], w,
			    note if w != "-" else ""]) + "\n")
		self.out.flush()

	def wait_capture(self):
		"""Knock on closed port 9 until the capture has written a packet."""
		end = time.time() + 10
		while time.time() < end:
			c, _ = self.connect(9)
			time.sleep(0.05)
			c.close()
			try:
				if os.path.getsize(self.pcap) > 24:
					return
			except OSError:
				pass
		die("the capture never saw a packet")


def accept(lst):
	s, _ = lst.accept()
	s.settimeout(5)
	return s


def connected(c, timeout=5):
	"""Wait for a non-blocking connect to finish; returns its errno."""
	select.select([], [c], [], timeout)
	err = c.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR)
	if err == 0:
		c.setblocking(True)
		c.settimeout(5)
	return err


def recv_exactly(s, n):
	b = b""
	while len(b) < n:
		d = s.recv(n - len(b))
		if not d:
			die("peer closed early")
		b += d
	return b


def abort(s):
	"""close() with SO_LINGER {1, 0}: an RST instead of a FIN."""
	s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
	    struct.pack("ii", 1, 0))
	s.close()


ESTAB = {"client": "ESTABLISHED", "server": "ESTABLISHED"}


def both(c, s):
	return {"client": c, "server": s}


def open_pair(d, scen, port, data=True):
	"""Listener, connection, accept, and data both ways; samples it."""
	lst = d.listener(port)
	c, cport = d.connect(port)
	if connected(c) != 0:
		die("%s: connect failed" % scen)
	s = accept(lst)
	d.sample(scen, "after the handshake", cport, port, ESTAB)
	if data:
		c.sendall(b"c" * 1000)
		recv_exactly(s, 1000)
		s.sendall(b"s" * 3000)
		recv_exactly(c, 3000)
		d.sample(scen, "after data both ways", cport, port, ESTAB)
	return lst, c, s, cport


def scen_client_close(d):
	"""1: the client closes first: FIN-WAIT-2/CLOSE-WAIT, then TIME-WAIT."""
	sc, port = "1 client close", 5001
	lst, c, s, cport = open_pair(d, sc, port)
	c.shutdown(socket.SHUT_WR)
	d.sample(sc, "after client shutdown", cport, port,
	    both("FIN-WAIT-2", "CLOSE-WAIT"))
	if s.recv(10) != b"":
		die(sc + ": no EOF at the server")
	s.close()
	d.sample(sc, "after server close", cport, port,
	    both("TIME-WAIT", "CLOSED"))
	c.close()
	lst.close()


def scen_server_close(d):
	"""2: the server closes first; its FIN is lost once (FIN-WAIT-1)."""
	sc, port = "2 server close", 5002
	lst, c, s, cport = open_pair(d, sc, port)
	# The client's kernel drops the server's FIN after the capture saw it.
	d.nft("client", "in", "tcp sport %d tcp flags & fin == fin drop" %
	    port)
	s.close()
	d.sample(sc, "server FIN lost", cport, port,
	    both("ESTABLISHED", "FIN-WAIT-1"))
	d.nft_flush()
	d.sample(sc, "server FIN retransmitted", cport, port,
	    both("CLOSE-WAIT", "FIN-WAIT-2"))
	c.close()
	d.sample(sc, "after client close", cport, port,
	    both("CLOSED", "TIME-WAIT"))
	lst.close()


def scen_abort(d):
	"""3: SO_LINGER {1, 0}: the client's close sends an RST."""
	sc, port = "3 abort", 5003
	lst, c, s, cport = open_pair(d, sc, port)
	abort(c)
	d.sample(sc, "after the client's RST", cport, port,
	    both("CLOSED", "CLOSED"))
	s.close()
	lst.close()


def scen_syn_received(d):
	"""4: the client's handshake ACK never reaches the wire."""
	sc, port = "4 SYN-RECEIVED held", 5004
	lst = d.listener(port)
	# Dropped in the client's output: the server never gets it, and
	# neither does the capture, so the wire shows a handshake that
	# stopped after the SYN,ACK.
	d.nft("client", "out", "tcp dport %d tcp flags == ack drop" % port)
	c, cport = d.connect(port)
	if connected(c) != 0:
		die(sc + ": connect failed")
	d.sample(sc, "handshake ACK dropped", cport, port,
	    both("ESTABLISHED", "SYN-RECEIVED"),
	    wire={"client": "SYN-SENT"},
	    note="its ACK of the SYN,ACK never reached the wire")
	d.nft_flush()
	c.sendall(b"late")
	s = accept(lst)
	recv_exactly(s, 4)
	d.sample(sc, "after the client's data", cport, port, ESTAB)
	abort(c)
	s.close()
	lst.close()


def scen_simultaneous_close(d):
	"""5: both FINs cross; each is lost once, so both are in FIN-WAIT-1
	whatever the timing, then both end in TIME-WAIT."""
	sc, port = "5 simultaneous close", 5005
	lst, c, s, cport = open_pair(d, sc, port)
	d.nft("client", "in", "tcp sport %d tcp flags & fin == fin drop" %
	    port)
	d.nft("server", "in", "tcp dport %d tcp flags & fin == fin drop" %
	    port)
	c.shutdown(socket.SHUT_WR)
	s.shutdown(socket.SHUT_WR)
	d.sample(sc, "both FINs sent and lost", cport, port,
	    both("FIN-WAIT-1", "FIN-WAIT-1"))
	d.nft_flush()
	d.sample(sc, "FINs retransmitted", cport, port,
	    both("TIME-WAIT", "TIME-WAIT"))
	c.close()
	s.close()
	lst.close()


def scen_refused(d):
	"""6: a SYN to a closed port is answered by an RST."""
	sc, port = "6 closed port", 5006
	c, cport = d.connect(port)
	err = connected(c)
	if err != errno.ECONNREFUSED:
		die("%s: connect: %s" % (sc, os.strerror(err)))
	d.sample(sc, "after the RST", cport, port, both("CLOSED", "CLOSED"))
	c.close()


def scen_syn_sent(d):
	"""7: the server's SYN,ACK is lost once (SYN-SENT/SYN-RECEIVED)."""
	sc, port = "7 SYN,ACK lost", 5007
	lst = d.listener(port)
	d.nft("client", "in", "tcp sport %d tcp flags & (syn|ack) == syn|ack "
	    "drop" % port)
	c, cport = d.connect(port)
	d.sample(sc, "SYN,ACK dropped", cport, port,
	    both("SYN-SENT", "SYN-RECEIVED"))
	d.nft_flush()
	if connected(c) != 0:
		die(sc + ": connect failed")
	s = accept(lst)
	d.sample(sc, "after the retransmission", cport, port, ESTAB)
	abort(c)
	s.close()
	lst.close()


def drive(ns_a, ns_b, pcap, samples):
	with open(samples, "w") as out:
		d = Driver(ns_a, ns_b, pcap, out)
		d.wait_capture()
		time.sleep(SETTLE)
		for f in (scen_client_close, scen_server_close, scen_abort,
		    scen_syn_received, scen_simultaneous_close, scen_refused,
		    scen_syn_sent):
			f(d)
		d.nft_flush()


EV = re.compile(r"^  \* conv (\d+) (initiator|responder) (\S+): "
    r"([A-Z0-9-]+) -> ([A-Z0-9-]+), because")
PKT = re.compile(r"^(\d\d):(\d\d):(\d\d)\.(\d{6}) ")


def parse_states(path, ref):
	"""Events of `tcpx -r --states` output: [(time, conv, end, ep, to)],
	times made absolute near the epoch time ref (the output has time of
	day, UTC)."""
	evs, t = [], None
	day = int(ref // 86400) * 86400
	with open(path) as f:
		for line in f:
			m = PKT.match(line)
			if m:
				tod = (int(m.group(1)) * 3600 + int(m.group(2)) * 60 +
				    int(m.group(3)) + int(m.group(4)) / 1e6)
				t = min((day + k * 86400 + tod for k in (-1, 0, 1)),
				    key=lambda x: abs(x - ref))
				continue
			m = EV.match(line)
			if m and t is not None:
				evs.append((t, int(m.group(1)), m.group(2), m.group(3),
				    m.group(5)))
	return evs


def tracked(evs, local, peer, side, t):
	"""The tracker's state for local (talking to peer) after the last
	packet observed at or before t; None when it saw no such conversation."""
	init, resp = (local, peer) if side == "client" else (peer, local)
	eps = {}
	for (et, conv, end, ep, to) in evs:
		eps.setdefault(conv, {})[end] = ep
	convs = [cv for cv, e in eps.items() if e.get("initiator") == init and
	    e.get("responder", resp) == resp]
	st = None
	for (et, conv, end, ep, to) in evs:
		if et > t or conv not in convs:
			continue
		if st is None:
			st = "CLOSED"
		if ep == local:
			st = to
	return st


def compare(states, samples):
	rows = [l.rstrip("\n").split("\t") for l in open(samples) if l.strip()]
	if not rows:
		die("no samples")
	evs = parse_states(states, float(rows[0][5]))
	for (scen, point, side, local, peer, t0, t1, plan, ss, wire,
	    note) in rows:
		what = "scenario %s, %s: %s %s" % (scen, point, side, local)
		print("%s\t%s\t%s: ss shows %s as planned" % (plan, ss, what, plan))
		want = ss if wire == "-" else wire
		a = tracked(evs, local, peer, side, float(t0))
		b = tracked(evs, local, peer, side, float(t1))
		a, b = a or "no conversation", b or "no conversation"
		got = a if a == b else "%s (changed to %s during the sample)" % (a, b)
		if wire == "-":
			desc = "%s: tracker infers %s, ss shows %s" % (what, got, ss)
		else:
			desc = ("%s: tracker infers %s, ss shows %s, but %s: the wire "
			    "shows %s" % (what, got, ss, note, wire))
		print("%s\t%s\t%s" % (want, got, desc))


def main():
	if len(sys.argv) == 6 and sys.argv[1] == "drive":
		drive(*sys.argv[2:])
	elif len(sys.argv) == 4 and sys.argv[1] == "compare":
		compare(*sys.argv[2:])
	else:
		die("usage: drive NS_A NS_B PCAP SAMPLES | compare STATES SAMPLES")


if __name__ == "__main__":
	main()
