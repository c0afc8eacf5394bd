#!/usr/bin/env python3
# tests/net/attacker.py - a raw-socket attacker for tests/net/attack-*.sh,
# run in the lab's peer namespace (`lab exec`) against tcpx's engine at
# 10.0.0.1.  Segments are built by hand (no scapy) and sent through a raw
# IPv4 socket (IP_HDRINCL: any source address); what tcpx answers is read
# from an AF_PACKET socket on peer0, before the peer kernel's firewall.
#
#   attacker.py synflood PORT COUNT RATE SRC[/BITS] [PROGRESS]
#	COUNT SYNs at RATE a second from SRC (one source) or from every
#	address of SRC/BITS in turn (many sources); the count sent so far is
#	written to the file PROGRESS every 1000 SYNs.
#   attacker.py client PORT TEXT REPLY [WAITFILE N]
#	a legitimate kernel client: (once WAITFILE says N) connect, send TEXT,
#	read until REPLY; prints how long the connect took.
#   attacker.py conn PORT SPORT ATTACK [ARGS...]
#	a connection of its own from 10.0.0.2:SPORT (SPORT in 61000-61999,
#	where an nftables rule keeps the peer kernel from resetting it), then
#	ATTACK: 5961 | mss VALUE ts|nots BYTES | sack BYTES | ooo COUNT |
#	opts.  Each prints what it saw, one fact a line, for the test to check.
#
# Every attack ends with a synchronising segment whose ACK proves that tcpx
# has processed everything sent before it, so counts never race a timer.
import os
import random
import select
import socket
import struct
import subprocess
import sys
import time

US = "10.0.0.1"
PEER = "10.0.0.2"
IFACE = "peer0"


def csum(b):
	"""The Internet checksum of b."""
	if len(b) % 2:
		b += b"\0"
	s = sum(struct.unpack("!%dH" % (len(b) // 2), b))
	while s >> 16:
		s = (s & 0xffff) + (s >> 16)
	return ~s & 0xffff


def tcp_packet(src, dst, sport, dport, seq, ack, flags, win=65535, opts=b"",
	       data=b"", doff=None):
	"""An IPv4 packet with a TCP segment; doff overrides the data offset."""
	opts += b"\1" * (-len(opts) % 4)
	hl = 20 + len(opts)
	off = (hl // 4 if doff is None else doff) << 4
	th = struct.pack("!HHIIBBHHH", sport, dport, seq & 0xffffffff,
			 ack & 0xffffffff, off, flags, win, 0, 0) + opts
	seg = th + data
	ph = socket.inet_aton(src) + socket.inet_aton(dst) + \
	    struct.pack("!BBH", 0, 6, len(seg))
	c = csum(ph + seg)
	seg = seg[:16] + struct.pack("!H", c) + seg[18:]
	ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(seg),
			 random.randrange(1, 65536), 0x4000, 64, 6, 0,
			 socket.inet_aton(src), socket.inet_aton(dst))
	ip = ip[:10] + struct.pack("!H", csum(ip)) + ip[12:]
	return ip + seg


FIN, SYN, RST, PSH, ACK = 1, 2, 4, 8, 16


def opt_mss(v):
	return struct.pack("!BBH", 2, 4, v)


def opt_ts(val, ecr):
	return b"\1\1" + struct.pack("!BBII", 8, 10, val, ecr)


def parse_tcp(frame):
	"""(src, dst, sport, dport, seq, ack, flags, win, opts, data) of an
	Ethernet frame carrying IPv4 TCP, or None."""
	if len(frame) < 34 or frame[12:14] != b"\x08\x00":
		return None
	ip = frame[14:]
	ihl = (ip[0] & 15) * 4
	if ip[9] != 6 or len(ip) < ihl + 20:
		return None
	tot = struct.unpack("!H", ip[2:4])[0]
	t = ip[ihl:tot]
	sport, dport, seq, ack, off, flags, win = struct.unpack("!HHIIBBH", t[:16])
	hl = (off >> 4) * 4
	return (socket.inet_ntoa(ip[12:16]), socket.inet_ntoa(ip[16:20]), sport,
		dport, seq, ack, flags, win, t[20:hl], t[hl:])


def tcp_opts(raw):
	"""The options of a segment as a dict kind -> bytes."""
	o, i = {}, 0
	while i < len(raw):
		k = raw[i]
		if k == 0:
			break
		if k == 1:
			i += 1
			continue
		if i + 1 >= len(raw) or raw[i + 1] < 2:
			break
		o[k] = raw[i + 2:i + raw[i + 1]]
		i += raw[i + 1]
	return o


def raw_sender():
	s = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_RAW)
	s.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 4 << 20)
	return s


def sniffer():
	s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(0x0800))
	s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 8 << 20)
	s.bind((IFACE, 0))
	return s


def guard():
	"""An nftables rule in the peer: segments to ports 61000-61999 never
	reach its TCP (which would reset our own connections)."""
	r = subprocess.run(["nft", "list", "table", "ip", "tcpxattack"],
			   capture_output=True)
	if r.returncode == 0:
		return
	subprocess.run(["nft", "-f", "-"], check=True, input=b"""
table ip tcpxattack {
	chain in {
		type filter hook input priority -10;
		tcp dport 61000-61999 drop
	}
}
""")


class Conn:
	"""A connection of our own, from 10.0.0.2:sport, built segment by
	segment."""

	def __init__(self, dport, sport):
		guard()
		self.tx = raw_sender()
		self.rx = sniffer()
		self.dport, self.sport = dport, sport
		self.ts = False
		self.tsval = 1000
		self.ts_recent = 0
		self.snd_nxt = random.randrange(1 << 32)
		self.rcv_nxt = 0
		self.wnd = 0

	def send(self, flags, seq=None, ack=None, data=b"", opts=None, win=65535,
		 doff=None):
		if seq is None:
			seq = self.snd_nxt
		if ack is None:
			ack = self.rcv_nxt
		if opts is None:
			opts = b""
			if self.ts:
				self.tsval += 1
				opts = opt_ts(self.tsval, self.ts_recent)
		p = tcp_packet(PEER, US, self.sport, self.dport, seq, ack, flags,
			       win, opts, data, doff)
		self.tx.sendto(p, (US, 0))

	def recv(self, timeout):
		"""The next segment tcpx sends on this connection, or None."""
		end = time.monotonic() + timeout
		while True:
			left = end - time.monotonic()
			if left <= 0 or not select.select([self.rx], [], [], left)[0]:
				return None
			frame, addr = self.rx.recvfrom(65536)
			if addr[2] == socket.PACKET_OUTGOING:
				continue
			p = parse_tcp(frame)
			if p is None or p[0] != US or p[2] != self.dport or \
			    p[3] != self.sport:
				continue
			o = tcp_opts(p[8])
			if 8 in o:
				self.ts_recent = struct.unpack("!I", o[8][:4])[0]
			self.wnd = p[7]
			return p

	def handshake(self, mss=1460, ts=True, sack=False):
		opts = opt_mss(mss) if mss is not None else b""
		if sack:
			opts += b"\4\2"
		if ts:
			opts += opt_ts(self.tsval, 0)
		self.send(SYN, ack=0, opts=opts)
		while True:
			p = self.recv(10)
			if p is None:
				sys.exit("attacker: no SYN-ACK from %s:%d" % (US, self.dport))
			if p[6] & (SYN | ACK) == SYN | ACK:
				break
		self.snd_nxt += 1
		self.rcv_nxt = (p[4] + 1) & 0xffffffff
		self.ts = ts and 8 in tcp_opts(p[8])
		self.send(ACK)

	def sync(self, tag=b"sync"):
		"""Send tag as data and wait for its ACK: everything sent before
		it has been processed by then.  The segments seen meanwhile."""
		self.send(ACK | PSH, data=tag)
		self.snd_nxt += len(tag)
		seen = []
		while True:
			p = self.recv(30)
			if p is None:
				sys.exit("attacker: no ACK of the sync segment")
			seen.append(p)
			if p[5] == self.snd_nxt:
				return seen


# SYNs sent between two markers: the flood never runs more than this far
# ahead of what tcpx has taken in.  Frames from the peer's veth wait in the
# receiving CPU's backlog (net.core.netdev_max_backlog, 1000 by default),
# which drops the excess without telling the sender when a busy machine
# starves the softirq that drains it; at most 500 in flight never fill it,
# and a busy machine slows the flood instead of losing SYNs of it.
PACE = 500


class Marker:
	"""A datagram to a closed UDP port of ours from the peer's own
	address: tcpx answers ICMP port unreachable once it has taken every
	frame before it from its ring (frames are taken in order), which a
	connected UDP socket reports as ECONNREFUSED."""

	def __init__(self):
		self.s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
		self.s.connect((US, 9))
		self.s.settimeout(60)

	def wait(self):
		self.s.send(b"pace")
		try:
			self.s.recv(64)
		except ConnectionRefusedError:
			return
		except socket.timeout:
			sys.exit("attacker: no ICMP port unreachable for a pacing "
				 "datagram in 60 s")
		sys.exit("attacker: a pacing datagram was answered")


def synflood(port, count, rate, src, progress=None):
	"""COUNT SYNs at RATE a second from one source or a range of them,
	paced by tcpx every PACE SYNs (Marker)."""
	if "/" in src:
		a, bits = src.split("/")
		base = struct.unpack("!I", socket.inet_aton(a))[0]
		n = 1 << (32 - int(bits))
		base &= ~(n - 1) & 0xffffffff
		hosts = [socket.inet_ntoa(struct.pack("!I", base + i))
			 for i in range(1, n - 1)]
		hosts = [h for h in hosts if h not in (US, PEER)]
	else:
		hosts = [src]
	tx = raw_sender()
	rnd = random.Random(13)
	mark = Marker()
	start = time.monotonic()
	for i in range(count):
		if i > 0 and i % PACE == 0:
			mark.wait()
		due = start + i / rate
		d = due - time.monotonic()
		if d > 0.001:
			time.sleep(d)
		h = hosts[i % len(hosts)]
		# A source port of its own for each SYN from a source, below
		# Linux's ephemeral ports (7919 is prime to 31744): no SYN of
		# the flood falls on another's connection or has the port of a
		# kernel client's.
		p = tcp_packet(h, US, 1024 + i * 7919 % 31744, port,
			       rnd.randrange(1 << 32), 0, SYN, 64240, opt_mss(1460))
		while True:
			try:
				tx.sendto(p, (US, 0))
				break
			except (BlockingIOError, OSError):
				time.sleep(0.001)
		if progress and (i + 1) % 1000 == 0:
			with open(progress + ".tmp", "w") as f:
				f.write("%d\n" % (i + 1))
			os.rename(progress + ".tmp", progress)
	print("synflood: sent %d SYNs from %d sources" % (count, len(hosts)))
	if progress:
		with open(progress, "w") as f:
			f.write("done %d\n" % count)


def client(port, text, reply, waitfile=None, n=0):
	"""A kernel client: connect, send text, read until reply."""
	if waitfile:
		while True:
			try:
				with open(waitfile) as f:
					v = f.read().split()
				if v and (v[0] == "done" or int(v[0]) >= n):
					break
			except (OSError, ValueError):
				pass
			time.sleep(0.01)
	t0 = time.monotonic()
	s = socket.create_connection((US, port), timeout=60)
	took = time.monotonic() - t0
	s.sendall(text.encode())
	got = b""
	while reply.encode() not in got:
		b = s.recv(4096)
		if not b:
			break
		got += b
	s.close()
	print("client: connected in %.3f s, got %r" % (took, got.decode()))
	sys.exit(0 if reply.encode() in got else 1)


def attack_5961(c):
	"""Blind RST, SYN and data (RFC 5961 §3, §4, §5), then the challenge
	ACK budget: 30 RSTs in the window.  Counts the ACKs tcpx sent back."""
	c.handshake()
	nxt = c.snd_nxt
	c.send(RST, seq=nxt + 1000, opts=b"")		# in the window, not RCV.NXT
	c.send(SYN, seq=nxt + 2000, ack=0, opts=opt_mss(1460))
	c.send(ACK | PSH, ack=c.rcv_nxt - 300000, data=b"EVIL")	# ACK too old
	c.send(ACK | PSH, ack=c.rcv_nxt + 300000, data=b"EVIL")	# ACK not sent
	c.send(RST, seq=nxt + 0x40000000, opts=b"")	# outside the window
	c.send(RST, seq=nxt - 1000, opts=b"")		# below it
	for i in range(30):
		c.send(RST, seq=nxt + 100 + i, opts=b"")
	seen = c.sync()
	acks = [p for p in seen[:-1] if not p[9] and p[6] == ACK]
	other = [p for p in seen[:-1] if p not in acks]
	print("challenge ACKs %d" % len(acks))
	print("challenge ACKs acking RCV.NXT %d" %
	      sum(1 for p in acks if p[5] == nxt))
	print("other segments %d" % len(other))
	c.send(ACK | PSH, data=b"alive")
	c.snd_nxt += 5
	while True:
		p = c.recv(30)
		if p is None or p[5] == c.snd_nxt:
			break
	print("alive acked %s" % ("yes" if p else "no"))


def attack_mss(c, value, ts, nbytes):
	"""A SYN with MSS value (timestamps or not); then receive nbytes and
	print the sizes of tcpx's data segments."""
	c.handshake(mss=value, ts=ts)
	print("ready", flush=True)
	sizes, got = [], 0
	while got < nbytes:
		p = c.recv(30)
		if p is None:
			break
		if p[9]:
			if p[4] == c.rcv_nxt:
				sizes.append(len(p[9]))
				c.rcv_nxt = (c.rcv_nxt + len(p[9])) & 0xffffffff
				got += len(p[9])
			c.send(ACK)
	print("received %d bytes" % got)
	print("segment sizes %s" % " ".join(map(str, sorted(set(sizes)))))
	print("segments %d" % len(sizes))


def attack_sack(c, nbytes):
	"""Receive nbytes with bogus SACK blocks in our ACKs: beyond SND.NXT,
	below SND.UNA, overlapping, inverted; count tcpx's resends."""
	c.handshake(mss=536, sack=True)
	print("ready", flush=True)
	got, resent, high, n = 0, 0, c.rcv_nxt, 0
	iss = c.rcv_nxt
	while got < nbytes:
		p = c.recv(30)
		if p is None:
			break
		if not p[9]:
			continue
		s = p[4]
		if (s - high) & 0x80000000:
			resent += 1
		else:
			high = (s + len(p[9])) & 0xffffffff
		if s == c.rcv_nxt:
			c.rcv_nxt = (c.rcv_nxt + len(p[9])) & 0xffffffff
			got += len(p[9])
		una = c.rcv_nxt
		bogus = [(una + 1000000, una + 1001000),	# beyond SND.NXT
			 (iss - 5000, iss - 1000),		# below SND.UNA
			 (una + 10, una + 5),			# inverted
			 (una - 100, una + 100000),		# over the edge
			 (una + 1, una + 2)][n % 5]
		blocks = [bogus, (bogus[0] + 1, bogus[1] + 1)]
		sack = struct.pack("!BB", 5, 2 + 8 * len(blocks)) + b"".join(
		    struct.pack("!II", l & 0xffffffff, r & 0xffffffff)
		    for l, r in blocks)
		c.tsval += 1
		c.send(ACK, opts=b"\1\1" + sack + opt_ts(c.tsval, c.ts_recent))
		n += 1
	print("received %d bytes" % got)
	print("resent segments %d" % resent)
	print("bogus SACK ACKs %d" % n)


def attack_ooo(c, count):
	"""An out-of-order flood of 2 * count one-byte segments, each a byte
	above a hole: count ascending over the upper half of the range (the
	queue fills, the rest is dropped), then count descending over the
	lower half (each is below all that is held: the highest is pruned to
	make room).  Then all of it in order; prints what tcpx acknowledged."""
	c.handshake(sack=True)
	base = c.snd_nxt
	order = list(range(count, 2 * count)) + list(range(count - 1, -1, -1))
	# tcpx answers every out-of-order segment with an ACK at once (RFC
	# 5681 §4.2), held or not: once all have come, all were processed.
	# At most PACE segments go unanswered (see PACE).
	acks, low = 0, None
	for k, j in enumerate(order):
		c.send(ACK, seq=base + 1 + 2 * j, data=b"x")
		want = k + 1 if (k + 1) % PACE == 0 or k + 1 == len(order) else 0
		while acks < want:
			p = c.recv(30)
			if p is None:
				sys.exit("attacker: %d ACKs for %d out-of-order "
					 "segments" % (acks, want))
			if p[6] & ACK and not p[9]:
				acks += 1
				low = p
	print("ACKs during the flood %d" % acks)
	print("acked during the flood %d" % ((low[5] - base) & 0xffffffff))
	blk = tcp_opts(low[8]).get(5, b"")
	if blk:
		l, r = struct.unpack("!II", blk[:8])
		print("last SACK block %d-%d" % ((l - base) & 0xffffffff,
						 (r - base) & 0xffffffff))
	total = 4 * count
	for off in range(0, total, 1000):
		c.send(ACK | PSH, seq=base + off, data=b"y" * min(1000, total - off))
	c.snd_nxt = (base + total) & 0xffffffff
	while True:
		p = c.recv(30)
		if p is None or p[5] == c.snd_nxt:
			break
	print("acked after the fill %d" %
	      (((p[5] - base) & 0xffffffff) if p else -1))


def attack_opts(c):
	"""Malformed options and data offsets, each on a segment without
	data at RCV.NXT; then data, which must still arrive."""
	c.handshake()
	bad = [
		("doff 0", b"", 0),
		("doff 4", b"", 4),
		("doff 15 past the segment", b"", 15),
		("doff 6 past a 20-byte segment", b"", 6),
		("option length 0", b"\x08\x00", None),
		("option length 1", b"\x02\x01\x05\xb4", None),
		("option past the header", b"\x08\x0a\x00\x00", None),
		("MSS length 3", b"\x02\x03\x05\x01", None),
		("MSS length 40", b"\x02\x28", None),
		("timestamps length 9", b"\x08\x09" + b"\0" * 7 + b"\1", None),
		("timestamps length 2", b"\x08\x02", None),
		("SACK length 2", b"\x05\x02", None),
		("SACK length 3", b"\x05\x03\x00\x01", None),
		("SACK length 9", b"\x05\x09" + b"\0" * 7 + b"\1" * 3, None),
		("SACK length 255", b"\x05\xff", None),
		("window scale length 2", b"\x03\x02", None),
		("window scale 255", b"\x03\x03\xff", None),
		("unknown kind 254 length 255", b"\xfe\xff", None),
		("unknown kind 99 length 2", b"\x63\x02", None),
		("EOL then garbage", b"\x00\x08\x0a\xff\xff", None),
		("40 bytes of NOPs", b"\1" * 40, None),
		("SACK-permitted outside a SYN", b"\x04\x02", None),
		("MSS outside a SYN", b"\x02\x04\x00\x01", None),
		("TCP-AO length 2", b"\x1d\x02", None),
		("MD5 length 18 of zeros", b"\x13\x12" + b"\0" * 16, None),
	]
	for name, opts, doff in bad:
		c.send(ACK, opts=opts, doff=doff)
	print("malformed segments sent %d" % len(bad))
	c.sync(b"alive")
	print("alive acked yes")


def main(a):
	random.seed()
	if a[0] == "synflood":
		synflood(int(a[1]), int(a[2]), float(a[3]), a[4],
			 a[5] if len(a) > 5 else None)
	elif a[0] == "client":
		client(int(a[1]), a[2], a[3], a[4] if len(a) > 4 else None,
		       int(a[5]) if len(a) > 5 else 0)
	elif a[0] == "conn":
		c = Conn(int(a[1]), int(a[2]))
		k = a[3]
		if k == "5961":
			attack_5961(c)
		elif k == "mss":
			attack_mss(c, int(a[4]), a[5] == "ts", int(a[6]))
		elif k == "sack":
			attack_sack(c, int(a[4]))
		elif k == "ooo":
			attack_ooo(c, int(a[4]))
		elif k == "opts":
			attack_opts(c)
		else:
			sys.exit("attacker: no attack " + k)
	else:
		sys.exit("attacker: usage: see the head of " + sys.argv[0])


if __name__ == "__main__":
	main(sys.argv[1:])
