#!/usr/bin/env python3
# tests/net/mkframes.py - write a pcap of hand-made frames that kernels
# rarely send: every TCP option kind and malformed option lists, IPv4 and
# IPv6 fragments, ICMP/ICMPv6 types, odd UDP lengths, snaplen-cut frames.
# readfile-vs-tcpdump.sh compares tcpx -r on it with tcpdump -n -r.
# Usage: mkframes.py OUT.pcap
import struct
import sys

MAC = b"\x02\0\0\0\0\x02\x02\0\0\0\0\x01"
A4, B4 = bytes([10, 0, 0, 1]), bytes([10, 0, 0, 2])
A6 = bytes([0xfd] + [0] * 14 + [1])
B6 = bytes([0xfd] + [0] * 14 + [2])


def csum(b):
    if len(b) % 2:
        b += b"\0"
    s = sum(struct.unpack("!%dH" % (len(b) // 2), b))
    s = (s >> 16) + (s & 0xffff)
    s += s >> 16
    return ~s & 0xffff


def ip4(proto, body, frag=0x4000, src=A4, dst=B4, tot=None):
    h = struct.pack("!BBHHHBBH4s4s", 0x45, 0, tot or 20 + len(body), 7, frag,
                    64, proto, 0, src, dst)
    h = h[:10] + struct.pack("!H", csum(h)) + h[12:]
    return MAC + b"\x08\x00" + h + body


def ip6(nxt, body, src=A6, dst=B6):
    return MAC + b"\x86\xdd" + struct.pack("!IHBB16s16s", 0x60000000,
                                           len(body), nxt, 64, src, dst) + body


def tcp(sport, opts, flags=0x02, pay=b"", seq=1, ack=1):
    return struct.pack("!HHIIBBHHH", sport, 2000, seq, ack,
                       ((20 + len(opts)) // 4) << 4, flags, 100, 0, 0) + opts + pay


def udp(sport, dport, pay, ulen=None):
    return struct.pack("!HHHH", sport, dport, ulen or 8 + len(pay), 0) + pay


def icmp(t, c, rest, body=b""):
    m = struct.pack("!BBH", t, c, 0) + rest + body
    return m[:2] + struct.pack("!H", csum(m)) + m[4:]


OPTS = [
    [2, 4, 5, 0xb4, 4, 2, 8, 10, 0, 0, 0, 1, 0, 0, 0, 0, 1, 3, 3, 7],
    [1, 1, 1, 0],
    [19, 18, 0xde, 0xad, 0xbe, 0xef] + [0] * 11 + [1, 1, 1],
    [34, 2, 1, 1], [34, 10, 1, 2, 3, 4, 5, 6, 7, 8, 1, 1], [34, 5, 1, 2, 3, 0, 0, 0],
    [254, 4, 0xf9, 0x89], [254, 4, 0x12, 0x34], [99, 4, 0xab, 0xcd], [99, 2, 1, 1],
    [30, 12, 0x01, 0x81, 1, 2, 3, 4, 5, 6, 7, 8], [30, 20, 0x21, 0x00] + [0] * 16,
    [30, 8, 0x20, 0x05, 0, 0, 0, 1], [30, 4, 0x40, 1], [30, 4, 0x50, 1],
    [30, 12, 0x60, 0, 0, 0, 0, 0, 0, 0, 0, 9], [30, 12, 0x70, 0, 1, 2, 3, 4, 5, 6, 7, 8],
    [30, 8, 0x30, 1, 10, 0, 0, 9], [30, 3, 0x90, 1],
    [2, 3, 5, 0xb4], [2, 9, 5, 0xb4], [1, 2, 1, 0], [5, 6, 0, 0, 0, 1, 0, 0],
    [28, 4, 0x80, 3], [29, 6, 3, 4, 0xaa, 0xbb, 0, 0], [29, 3, 1, 0],
    [5, 10, 0, 0, 0, 1, 0, 0, 0, 2, 1, 1], [1, 1, 1, 2], [6, 6, 0, 0, 0, 5, 0, 0],
    [8, 10, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0], [3, 3, 14, 0], [20, 4, 1, 2],
    [13, 6, 1, 2, 3, 4, 0, 0], [0, 7, 7, 7],
]


def frames():
    for i, o in enumerate(OPTS):
        yield ip4(6, tcp(1000 + i, bytes(o)))
        yield ip4(6, tcp(1000 + i, bytes(o), 0x18, b"hello"))
    yield ip4(6, tcp(3000, b"", 0xff, b"x"))
    yield ip4(6, tcp(3001, b"", 0x00))
    # IPv4 fragments: first (MF) and a later one.
    yield ip4(17, udp(4000, 4001, b"a" * 40, 1000), frag=0x2000)
    yield ip4(17, b"b" * 40, frag=0x0010)
    yield ip4(99, b"c" * 12)
    # UDP lengths.
    yield ip4(17, udp(4002, 4003, b"d" * 10, 100))
    yield ip4(17, udp(4002, 4003, b"d" * 10, 4))
    yield ip4(17, udp(4002, 4003, b"d" * 10, 12))
    # ICMP types.
    q = ip4(17, udp(4004, 9, b""))[14:]
    yield ip4(1, icmp(8, 0, struct.pack("!HH", 5, 6), b"p" * 8))
    yield ip4(1, icmp(0, 0, struct.pack("!HH", 5, 6), b"p" * 8))
    for code in range(16):
        yield ip4(1, icmp(3, code, struct.pack("!HH", 0, 1400 if code == 4 else 0), q))
    yield ip4(1, icmp(11, 0, b"\0" * 4, q))
    yield ip4(1, icmp(11, 1, b"\0" * 4, q))
    yield ip4(1, icmp(5, 1, bytes([10, 0, 0, 254]), q))
    yield ip4(1, icmp(12, 0, b"\x05\0\0\0", q))
    yield ip4(1, icmp(13, 0, struct.pack("!HH", 1, 2), b"\0" * 12))
    yield ip4(1, icmp(14, 0, struct.pack("!HH", 1, 2), struct.pack("!III", 1000, 3600000, 86399999)))
    yield ip4(1, icmp(17, 0, b"\0" * 4, b"\0" * 4))
    yield ip4(1, icmp(18, 0, b"\0" * 4, b"\xff\xff\xff\0"))
    yield ip4(1, icmp(4, 0, b"\0" * 4, q))
    yield ip4(1, icmp(42, 0, b"\0" * 4))
    yield ip4(1, icmp(9, 0, struct.pack("!BBH", 1, 2, 1800), bytes([10, 0, 0, 254, 0, 0, 0, 5])))
    # IPv6: TCP, UDP, fragment, ICMPv6 types.
    yield ip6(6, tcp(5000, bytes([2, 4, 5, 0xa0]), 0x02))
    yield ip6(17, udp(5001, 5002, b"e" * 20))
    yield ip6(44, struct.pack("!BBHI", 17, 0, 0x0001, 99) + udp(5003, 5004, b"f" * 16, 200))
    yield ip6(44, struct.pack("!BBHI", 17, 0, 0x00b8, 99) + b"g" * 24)
    yield ip6(60, bytes([6, 0, 1, 4, 0, 0, 0, 0]) + tcp(5005, b"", 0x10))
    q6 = ip6(17, udp(5006, 9, b""))[14:]
    for t, c, rest, body in ((128, 0, struct.pack("!HH", 3, 4), b"h" * 8),
                             (129, 0, struct.pack("!HH", 3, 4), b""),
                             (1, 4, b"\0" * 4, q6), (1, 0, b"\0" * 4, q6), (1, 3, b"\0" * 4, q6),
                             (1, 1, b"\0" * 4, q6), (1, 2, b"\0" * 4, q6),
                             (2, 0, struct.pack("!I", 1280), q6), (3, 0, b"\0" * 4, q6),
                             (3, 1, b"\0" * 4, q6), (4, 0, struct.pack("!I", 6), q6),
                             (4, 1, struct.pack("!I", 40), q6), (4, 9, b"\0" * 4, q6),
                             (133, 0, b"\0" * 4, b""), (134, 0, b"\x40\0\x07\x08", b"\0" * 8),
                             (135, 0, b"\0" * 4, B6), (136, 0, b"\x60\0\0\0", A6),
                             (137, 0, b"\0" * 4, A6 + B6), (130, 0, b"\x27\x10\0\0", b"\0" * 16),
                             (130, 0, b"\x27\x10\0\0", B6 + b"\x02\x7d\0\x01" + A6),
                             (131, 0, b"\0" * 4, B6), (132, 0, b"\0" * 4, B6),
                             (143, 0, b"\0\0\0\x01", b"\x04\0\0\0" + B6),
                             (144, 0, b"\x12\x34\0\0", b""), (141, 0, b"\0" * 4, b""),
                             (146, 0, b"\x43\x21\0\0", b"")):
        yield ip6(58, icmp(t, c, rest, body))
    # ARP variants.
    arp = bytes.fromhex("0001080006040001") + MAC[6:] + A4 + b"\0" * 6 + B4
    yield MAC + b"\x08\x06" + arp
    yield MAC + b"\x08\x06" + arp[:7] + b"\x02" + arp[8:]
    yield MAC + b"\x08\x06" + arp[:18] + MAC[:6] + arp[24:]
    yield MAC + b"\x08\x06" + arp + b"\0" * 18
    # An unknown ethertype.  (Not here: an IPv4 total length beyond the
    # frame, which the decoder rejects where tcpdump prints on.)
    yield MAC + b"\x88\xb5" + b"\0" * 30


def main():
    out = [struct.pack("<IHHiIII", 0xa1b2c3d4, 2, 4, 0, 0, 65535, 1)]
    for i, f in enumerate(frames()):
        out.append(struct.pack("<IIII", 100000 + i, i, len(f), len(f)) + f)
    # Snaplen-cut copies of a TCP frame with options and a UDP frame.
    f = ip4(6, tcp(7000, bytes(OPTS[0]), 0x18, b"z" * 100))
    for cut in (40, 54, 60, 74, 80):
        out.append(struct.pack("<IIII", 200000 + cut, 0, cut, len(f)) + f[:cut])
    open(sys.argv[1], "wb").write(b"".join(out))


main()
