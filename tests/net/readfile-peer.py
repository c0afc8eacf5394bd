#!/usr/bin/env python3
# tests/net/readfile-peer.py - kernel-side traffic for readfile-vs-tcpdump.sh:
# a TCP sink/echo server, bulk and RST clients, UDP senders.
import socket
import struct
import sys
import time


def server(fam, addr, port, count):
    s = socket.socket(fam, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((addr, port))
    s.listen(8)
    print("ready", flush=True)
    for _ in range(count):
        c, _ = s.accept()
        total = 0
        try:
            while True:
                b = c.recv(65536)
                if not b:
                    break
                total += len(b)
        except ConnectionResetError:
            c.close()
            continue
        c.sendall(b"got %d\n" % total)
        c.close()


def client(fam, addr, port, nbytes):
    c = socket.create_connection((addr, port), timeout=20)
    c.sendall(b"x" * nbytes)
    c.shutdown(socket.SHUT_WR)
    while c.recv(4096):
        pass
    c.close()


def abort(fam, addr, port):
    c = socket.create_connection((addr, port), timeout=20)
    c.sendall(b"hello")
    time.sleep(0.2)
    c.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    c.close()


def refused(fam, addr, port):
    c = socket.socket(fam, socket.SOCK_STREAM)
    try:
        c.connect((addr, port))
    except OSError:
        pass
    c.close()


def udp(fam, addr, port, n, sport):
    s = socket.socket(fam, socket.SOCK_DGRAM)
    s.bind(("::" if fam == socket.AF_INET6 else "0.0.0.0", sport))
    for i in range(n):
        s.sendto(b"u" * (10 + i * 100), (addr, port))
        time.sleep(0.05)


def udpsink(fam, addr, port, n):
    s = socket.socket(fam, socket.SOCK_DGRAM)
    s.bind((addr, port))
    print("ready", flush=True)
    # A guard against hanging, long enough for a client that starts slowly
    # on a loaded machine: a sink gone early would turn the client's
    # datagrams into ICMP port unreachables and change the capture.
    s.settimeout(120)
    for _ in range(n):
        s.recvfrom(65536)


def cksum(b):
    if len(b) % 2:
        b += b"\0"
    s = sum(struct.unpack("!%dH" % (len(b) // 2), b))
    s = (s >> 16) + (s & 0xffff)
    s += s >> 16
    return ~s & 0xffff


def ping(fam, addr, n):
    """ICMP/ICMPv6 echo requests from a raw socket; the kernel answers."""
    v6 = fam == socket.AF_INET6
    proto = socket.IPPROTO_ICMPV6 if v6 else socket.IPPROTO_ICMP
    s = socket.socket(fam, socket.SOCK_RAW, proto)
    s.settimeout(3)
    ident = 0x1234
    for seq in range(1, n + 1):
        data = bytes(range(56))
        hdr = struct.pack("!BBHHH", 128 if v6 else 8, 0, 0, ident, seq)
        if not v6:
            hdr = struct.pack("!BBHHH", 8, 0, cksum(hdr + data), ident, seq)
        s.sendto(hdr + data, (addr, 0))
        try:
            s.recv(2048)
        except socket.timeout:
            pass
        time.sleep(0.2)


def main():
    mode, addr, port = sys.argv[1], sys.argv[2], int(sys.argv[3])
    fam = socket.AF_INET6 if ":" in addr else socket.AF_INET
    arg = int(sys.argv[4]) if len(sys.argv) > 4 else 1
    if mode == "server":
        server(fam, addr, port, arg)
    elif mode == "client":
        client(fam, addr, port, arg)
    elif mode == "abort":
        abort(fam, addr, port)
    elif mode == "refused":
        refused(fam, addr, port)
    elif mode == "udp":
        udp(fam, addr, port, arg, int(sys.argv[5]))
    elif mode == "ping":
        ping(fam, addr, arg)
    elif mode == "udpsink":
        udpsink(fam, addr, port, arg)


main()
