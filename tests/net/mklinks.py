#!/usr/bin/env python3
# tests/net/mklinks.py - write small pcaps of the kinds tcpdump's own test
# captures hold and a capture made elsewhere may have: out-of-range
# microsecond and nanosecond timestamps; raw IP as link type 12 (DLT_RAW on
# Linux), 101 (LINKTYPE_RAW), 228 and 229; 802.1Q, 802.1ad and QinQ
# stacks; IP packets shorter than their length field; IPv6 jumbograms and
# payload length 0 (Linux BIG TCP); Linux cooked v1 and v2; BSD loopback
# in both byte orders and OpenBSD's DLT_LOOP; a link type nobody decodes.
# readfile-links.sh compares tcpx -r on each with tcpdump -n -r.
# Usage: mklinks.py DIR
import os
import struct
import sys

MACS = b"\x02\0\0\0\0\x02\x02\0\0\0\0\x01"
A4, B4 = bytes([10, 0, 0, 1]), bytes([10, 0, 0, 2])
A6 = bytes([0xfd] + [0] * 14 + [1])
B6 = bytes([0xfd] + [0] * 14 + [2])
TS = 1418145369


def csum(b):
    if len(b) % 2:
        b += b"\0"
    s = sum(struct.unpack("!%dH" % (len(b) // 2), b))
    s = (s >> 16) + (s & 0xffff)
    s += s >> 16
    return ~s & 0xffff


def ip4(proto, body, tot=None):
    h = struct.pack("!BBHHHBBH4s4s", 0x45, 0, tot or 20 + len(body), 7,
                    0x4000, 64, proto, 0, A4, B4)
    return h[:10] + struct.pack("!H", csum(h)) + h[12:] + body


def ip6(nxt, body, plen=None):
    return struct.pack("!IHBB16s16s", 0x60000000,
                       len(body) if plen is None else plen, nxt, 64, A6,
                       B6) + body


def tcp(sport, flags=0x18, pay=b"", seq=1000, ack=2000, opts=b""):
    return struct.pack("!HHIIBBHHH", sport, 2000, seq, ack,
                       ((20 + len(opts)) // 4) << 4, flags, 512, 0,
                       0) + opts + pay


def udp(sport, pay):
    return struct.pack("!HHHH", sport, 5555, 8 + len(pay), 0) + pay


def icmp6_echo(n):
    return struct.pack("!BBHHH", 128, 0, 0, 0x1234, 7) + b"x" * n


def arp():
    return struct.pack("!HHBBH6s4s6s4s", 1, 0x0800, 6, 4, 1, MACS[6:], A4,
                       b"\0" * 6, B4)


def eth(t, body, tags=()):
    b = MACS
    for tpid, tci in tags:
        b += struct.pack("!HH", tpid, tci)
    return b + struct.pack("!H", t) + body


def write(path, linktype, recs, nano=False, snap=262144):
    """recs: (sec, frac, frame[, wirelen])"""
    magic = 0xa1b23c4d if nano else 0xa1b2c3d4
    with open(path, "wb") as f:
        f.write(struct.pack("<IHHiIII", magic, 2, 4, 0, 0, snap, linktype))
        for r in recs:
            sec, frac, data = r[0], r[1], r[2]
            wire = r[3] if len(r) > 3 else len(data)
            f.write(struct.pack("<IIII", sec, frac, len(data), wire) + data)


def v4mix():
    return [ip4(6, tcp(40000, 0x02)), ip4(17, udp(40001, b"q" * 12)),
            ip4(6, tcp(40000, 0x18, b"hello"))]


def v6mix():
    return [ip6(6, tcp(40002, 0x12)), ip6(17, udp(40003, b"r" * 9)),
            ip6(58, icmp6_echo(8))]


def main():
    d = sys.argv[1]
    os.makedirs(d, exist_ok=True)
    fr = eth(0x0800, ip4(6, tcp(40000, 0x10)))
    # Fractions out of range print as tcpdump prints them, seconds with
    # bit 31 set as an error.
    write(d + "/ts-micro.pcap", 1,
          [(TS, 999999, fr), (TS + 1, 1000000, fr), (TS + 1, 0x80000000, fr),
           (TS + 1, 0xffffffff, fr), (0x80000001, 5, fr)])
    write(d + "/ts-nano.pcap", 1,
          [(TS, 999999999, fr), (TS + 1, 1000000000, fr),
           (TS + 1, 0x80000000, fr)], nano=True)
    # Raw IP under each number it goes by.
    mix = [p for pair in zip(v4mix(), v6mix()) for p in pair]
    for lt in (12, 101, 228, 229):
        write(d + "/raw-%d.pcap" % lt, lt,
              [(TS + i, i, p) for i, p in enumerate(mix)])
    # VLAN tags: 802.1Q, 802.1ad over 802.1Q (QinQ), 0x9100, three deep,
    # and a tag cut short.
    vl = [eth(0x0800, ip4(6, tcp(40000, 0x02)), [(0x8100, 0x2064)]),
          eth(0x86dd, ip6(17, udp(40003, b"v6")), [(0x88a8, 10),
                                                   (0x8100, 20)]),
          eth(0x0806, arp() + b"\0" * 18, [(0x9100, 30)]),
          eth(0x0800, ip4(17, udp(40001, b"x")), [(0x88a8, 1), (0x8100, 2),
                                                  (0x8100, 3)]),
          MACS + b"\x81\x00\x00"]
    write(d + "/vlan.pcap", 1, [(TS + i, 0, p) for i, p in enumerate(vl)])
    # IP shorter than its length field: tcpdump says so and goes on.
    t4 = ip4(6, tcp(40000, 0x18, b"A" * 40))
    t4 = t4[:2] + struct.pack("!H", len(t4) + 100) + t4[4:]
    t6 = ip6(6, tcp(40002, 0x18, b"B" * 30), plen=20 + 30 + 64)
    u4 = ip4(17, udp(40001, b"C" * 27))[:-7]
    u4 = u4[:2] + struct.pack("!H", len(u4) + 7) + u4[4:]
    write(d + "/trunc-ip.pcap", 1,
          [(TS, 0, eth(0x0800, t4)), (TS, 1, eth(0x86dd, t6)),
           (TS, 2, eth(0x0800, u4))])
    # IPv6 jumbograms (RFC 2675) and payload length 0 (Linux BIG TCP).
    pay = b"J" * 70000
    def jumbo(nxt, body, extra=0):
        h = struct.pack("!BBBBI", nxt, 0, 0xc2, 4, 8 + len(body) + extra)
        return eth(0x86dd, ip6(0, h + body, plen=0))
    jb = [jumbo(6, tcp(40002, 0x18, pay)),
          jumbo(58, icmp6_echo(66000)),
          jumbo(58, icmp6_echo(66000), extra=5),
          eth(0x86dd, ip6(6, tcp(40002, 0x18, b"G" * 100), plen=0)),
          eth(0x86dd, ip6(0, struct.pack("!BBBBI", 6, 0, 1, 4, 0) +
                          tcp(40002, 0x10), plen=0))]
    write(d + "/jumbo.pcap", 1, [(TS, i, p) for i, p in enumerate(jb)])
    # Linux cooked v1 (an 802.1Q tag inside too) and v2.
    def sll(proto, body, pkttype=0):
        return struct.pack("!HHH8sH", pkttype, 1, 6, MACS[:6] + b"\0\0",
                           proto) + body
    s1 = [sll(0x0800, ip4(6, tcp(40000, 0x02))),
          sll(0x86dd, ip6(17, udp(40003, b"s")), 4),
          sll(0x8100, struct.pack("!HH", 5, 0x0800) + ip4(17, udp(1, b"t"))),
          sll(0x0806, arp())]
    write(d + "/sll.pcap", 113, [(TS, i, p) for i, p in enumerate(s1)])
    def sll2(proto, body, ifindex, pkttype):
        return struct.pack("!HHIHBB8s", proto, 0, ifindex, 1, pkttype, 6,
                           MACS[:6] + b"\0\0") + body
    s2 = [sll2(0x0800, ip4(6, tcp(40000, 0x02)), 1, 4),
          sll2(0x86dd, ip6(6, tcp(40002, 0x12)), 1, 0),
          sll2(0x0800, ip4(17, udp(40001, b"u")), 99999, 3)]
    write(d + "/sll2.pcap", 276, [(TS, i, p) for i, p in enumerate(s2)])
    # Loopback: DLT_NULL in either byte order, DLT_LOOP in network order.
    nl = [struct.pack("<I", 2) + ip4(6, tcp(40000, 0x02)),
          struct.pack(">I", 2) + ip4(17, udp(40001, b"n")),
          struct.pack("<I", 24) + ip6(6, tcp(40002, 0x12)),
          struct.pack("<I", 30) + ip6(58, icmp6_echo(4))]
    write(d + "/null.pcap", 0, [(TS, i, p) for i, p in enumerate(nl)])
    lp = [struct.pack(">I", 2) + ip4(6, tcp(40000, 0x02)),
          struct.pack(">I", 24) + ip6(17, udp(40003, b"l"))]
    write(d + "/loop.pcap", 108, [(TS, i, p) for i, p in enumerate(lp)])
    # A link type tcpx does not decode (D-Bus): hex, as tcpdump does.
    write(d + "/dbus.pcap", 231, [(TS, 0, b"l\x01\x01\x01" + bytes(range(40))),
                                  (TS, 1, b"odd length!")])


if __name__ == "__main__":
    main()
