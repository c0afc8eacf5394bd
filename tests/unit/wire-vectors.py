# tests/unit/wire-vectors.py - write tests/unit/test-wire-vectors.c: the
# golden frames wire-golden.sh captured (chosen by frame number, with the
# line tcpdump prints for each as a comment) plus hand-built frames for what
# a kernel does not send.  Usage:
#	python3 wire-vectors.py PLAIN SACK OFFLOAD > test-wire-vectors.c
# where each argument is a wire-golden.sh output directory (OFFLOAD made
# with "offload").
import struct, subprocess, sys, textwrap

plain, sackd, offl = sys.argv[1:4]

# name, directory, pcap, frame number (1-based, as tcpdump -# counts)
CAPTURED = [
    ("arp_req", plain, "a", 9), ("arp_rep", plain, "a", 10),
    ("syn4", plain, "a", 11), ("synack4", plain, "a", 12),
    ("ack4", plain, "a", 13), ("psh4", plain, "a", 14),
    ("fin4", plain, "a", 20), ("rst4", plain, "a", 24),
    ("ns6", plain, "a", 25), ("syn6", plain, "a", 27),
    ("synack6", plain, "a", 28), ("psh6", plain, "a", 30),
    ("udp4", plain, "a", 38), ("unreach4", plain, "a", 41),
    ("udp6", plain, "a", 42), ("unreach6", plain, "a", 45),
    ("echo4", plain, "a", 46), ("echoreply4", plain, "a", 47),
    ("rr4", plain, "a", 48), ("tfo_req", plain, "a", 50),
    ("tfo_synack", plain, "a", 51), ("tfo_data", plain, "a", 58),
    ("md5_syn", plain, "a", 66), ("mld6", plain, "a", 72),
    ("sack2", sackd, "a", 107),
    ("syn4_offload", offl, "a", 11), ("syn6_offload", offl, "a", 27),
    ("udp4_offload", offl, "a", 37), ("udp6_offload", offl, "a", 42),
]


def frames(path):
    """Every record of a classic pcap file."""
    b = open(path, "rb").read()
    off, out = 24, []
    while off + 16 <= len(b):
        _, _, incl, _ = struct.unpack("<IIII", b[off:off + 16])
        out.append(b[off + 16:off + 16 + incl])
        off += 16 + incl
    return out


def tcpdump_line(path, n):
    out = subprocess.run(["tcpdump", "-#", "-nn", "-vv", "-S", "-e", "-r",
                          path], capture_output=True, text=True).stdout
    lines, cur = [], None
    for line in out.splitlines():
        if line[:1] == " " and line.strip().split(" ")[0].isdigit() and \
                line.startswith("%5d  " % int(line.strip().split(" ")[0])):
            cur = int(line.split()[0])
        if cur == n:
            lines.append(" ".join(line.split()))
    return " ".join(lines)


def csum(b, s=0):
    if len(b) % 2:
        b += b"\0"
    s += sum(struct.unpack("!%dH" % (len(b) // 2), b))
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    return ~s & 0xffff


def mac(s):
    return bytes(int(x, 16) for x in s.split(":"))


ETH = mac("02:00:00:77:00:02") + mac("02:00:00:77:00:01")
A4, B4 = bytes([10, 77, 0, 1]), bytes([10, 77, 0, 2])
A6 = bytes.fromhex("fd77" + "00" * 13 + "01")
B6 = bytes.fromhex("fd77" + "00" * 13 + "02")
C6 = bytes.fromhex("fd77" + "00" * 13 + "03")


def ip4(proto, body, opts=b"", frag=0x4000, l4sum=None, ident=0x1234):
    hl = 20 + len(opts)
    h = struct.pack("!BBHHHBBH4s4s", 0x40 | hl // 4, 0, hl + len(body),
                    ident, frag, 64, proto, 0, A4, B4) + opts
    h = h[:10] + struct.pack("!H", csum(h)) + h[12:]
    return ETH + b"\x08\x00" + h + body


def l4sum4(proto, seg, at):
    ps = A4 + B4 + struct.pack("!BBH", 0, proto, len(seg))
    c = csum(ps + seg)
    return seg[:at] + struct.pack("!H", c) + seg[at + 2:]


def tcp(opts, flags=0x18, data=b"x"):
    hl = 20 + len(opts)
    return struct.pack("!HHIIBBHHH", 40000, 8080, 1000, 2000, hl // 4 << 4,
                       flags, 512, 0, 0) + opts + data


def hand():
    v = []
    # MPTCP MP_CAPABLE, TCP-AO, an RFC 6994 experiment, an unknown kind 99.
    opts = (bytes([30, 12, 0x01, 0x81]) + bytes(range(1, 9)) +
            bytes([29, 16, 7, 9]) + bytes(range(0xa0, 0xac)) +
            bytes([253, 6, 0x12, 0x34, 0xab, 0xcd]) +
            bytes([99, 4, 0xde, 0xad]) + bytes([1, 0]))
    v.append(("tcp_opts_hand", "MPTCP, AO, exp 253, kind 99, nop, eol",
              ip4(6, l4sum4(6, tcp(opts), 16))))
    # A SYN with MSS and a pre-RFC 7413 Fast Open cookie (kind 254, 0xf989).
    opts = bytes([2, 4, 0x05, 0xb4, 254, 12, 0xf9, 0x89]) + bytes(8)
    v.append(("tfo_exp_hand", "SYN with mss 1460 and exp 254 magic f989",
              ip4(6, l4sum4(6, tcp(opts, flags=0x02, data=b""), 16))))
    # An ARP request padded to the 60-byte Ethernet minimum.
    arp = (struct.pack("!HHBBH", 1, 0x0800, 6, 4, 1) +
           mac("02:00:00:77:00:01") + A4 + bytes(6) + B4)
    v.append(("arp_pad_hand", "ARP request with 18 bytes of padding",
              b"\xff" * 6 + ETH[6:] + b"\x08\x06" + arp + bytes(18)))
    # ICMP time exceeded quoting an IPv4 TCP segment's first 8 bytes.
    inner = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 60, 7, 0x4000, 1, 6,
                        0, B4, C6[:4]) + struct.pack("!HHI", 8080, 443,
                                                      0xdeadbeef)
    ic = struct.pack("!BBH4s", 11, 0, 0, bytes(4)) + inner
    ic = ic[:2] + struct.pack("!H", csum(ic)) + ic[4:]
    v.append(("timex4_hand", "ICMP time exceeded quoting TCP 8080 > 443",
              ip4(1, ic)))
    # IPv4 later fragment (offset 1480): no transport header.
    v.append(("frag4_hand", "IPv4 fragment, offset 185 (1480 bytes)",
              ip4(17, bytes(range(24)), frag=185)))
    # IPv4 first fragment of a UDP datagram longer than this piece.
    u = struct.pack("!HHHH", 5000, 9090, 3000, 0x1111) + b"y" * 16
    v.append(("frag4_first_hand", "IPv4 first fragment (MF) of UDP len 3000",
              ip4(17, u, frag=0x2000)))
    # IPv6: hop-by-hop, destination options, segment routing (RFC 8754),
    # an atomic fragment, then UDP summed against the final destination.
    hbh = bytes([60, 0, 1, 4, 0, 0, 0, 0])
    dst = bytes([43, 0, 1, 4, 0, 0, 0, 0])
    srh = bytes([44, 2, 4, 1, 0, 0, 0, 0]) + C6
    frg = bytes([17, 0, 0, 0, 0, 0, 0x12, 0x34])
    udp = struct.pack("!HHHH", 5000, 9090, 12, 0) + b"ext!"
    ps = A6 + C6 + struct.pack("!IxxxB", len(udp), 17)
    udp = udp[:6] + struct.pack("!H", csum(ps + udp)) + udp[8:]
    pl = hbh + dst + srh + frg + udp
    h6 = struct.pack("!IHBB", 0x60000000, len(pl), 0, 64) + A6 + B6
    v.append(("ext6_hand", "IPv6 hbh, dstopts, SRH (final fd77::3), atomic "
              "fragment, UDP", ETH + b"\x86\xdd" + h6 + pl))
    # IPv6 later fragment: offset 100 (800 bytes), more fragments.
    frg = bytes([6, 0, 0x03, 0x21, 0, 0, 0xab, 0xcd])
    pl = frg + bytes(range(16))
    h6 = struct.pack("!IHBB", 0x60000000, len(pl), 44, 64) + A6 + B6
    v.append(("frag6_hand", "IPv6 fragment offset 100, M set",
              ETH + b"\x86\xdd" + h6 + pl))
    return v


def carray(name, b):
    out = ["static const uint8_t v_%s[] = {" % name]
    for i in range(0, len(b), 12):
        out.append("\t" + ", ".join("0x%02x" % x for x in b[i:i + 12]) + ",")
    out.append("};")
    return "\n".join(out)


print("""/*
 * tests/unit/test-wire-vectors.c - golden frames for the wire codec tests:
 * real kernel traffic captured by wire-golden.sh on a veth pair between two
 * namespaces (the tcpdump -vv -S -e line of each is above it), and
 * hand-built frames for what a kernel will not send.  Generated by
 * wire-vectors.py; do not edit by hand.
 */
#include "tests/unit/test-wire-vectors.h"
""")
table = []
cache = {}
for name, d, which, n in CAPTURED:
    path = "%s/%s.pcap" % (d, which)
    if path not in cache:
        cache[path] = frames(path)
    b = cache[path][n - 1]
    line = tcpdump_line(path, n).replace("*/", "* /")
    print("/*\n" + textwrap.fill(line, 74, initial_indent=" * ",
                                  subsequent_indent=" * ") + "\n */")
    print(carray(name, b) + "\n")
    table.append(name)
for name, what, b in hand():
    print("/* hand-built: %s */" % what)
    print(carray(name, b) + "\n")
    table.append(name)
print("const struct wvec wvecs[] = {")
for name in table:
    print("\t{ \"%s\", WIRE_DLT_EN10MB, v_%s,\n\t    sizeof v_%s }," %
          (name, name, name))
print("\t{ NULL, 0, NULL, 0 }\n};")
