#!/usr/bin/env python3
# tests/net/pcap2pcapng.py - rewrite a classic pcap file as pcapng (one
# section, one interface, microsecond Enhanced Packet Blocks), since neither
# tcpdump nor libpcap 1.10 writes pcapng.  Usage: pcap2pcapng.py IN OUT
import struct
import sys


def block(btype, body):
    body += b"\0" * (-len(body) % 4)
    n = 12 + len(body)
    return struct.pack("<II", btype, n) + body + struct.pack("<I", n)


def main():
    data = open(sys.argv[1], "rb").read()
    magic = struct.unpack("<I", data[:4])[0]
    if magic == 0xa1b2c3d4:
        e, nano = "<", False
    elif magic == 0xd4c3b2a1:
        e, nano = ">", False
    elif magic == 0xa1b23c4d:
        e, nano = "<", True
    else:
        e, nano = ">", True
    _, _, _, _, snap, linktype = struct.unpack(e + "HHiIII", data[4:24])
    out = [block(0x0A0D0D0A, struct.pack("<IHHq", 0x1A2B3C4D, 1, 0, -1))]
    opts = b""
    if nano:
        opts = struct.pack("<HHB", 9, 1, 9) + b"\0" * 3 + struct.pack("<HH", 0, 0)
    out.append(block(1, struct.pack("<HHI", linktype & 0xffff, 0, snap) + opts))
    off = 24
    while off + 16 <= len(data):
        sec, frac, incl, orig = struct.unpack(e + "IIII", data[off:off + 16])
        pkt = data[off + 16:off + 16 + incl]
        off += 16 + incl
        ts = sec * (10**9 if nano else 10**6) + frac
        out.append(block(6, struct.pack("<IIIII", 0, ts >> 32, ts & 0xffffffff,
                                        incl, orig) + pkt))
    open(sys.argv[2], "wb").write(b"".join(out))


main()
