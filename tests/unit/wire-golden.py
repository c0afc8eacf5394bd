# tests/unit/wire-golden.py - the traffic wire-golden.sh captures: run as
# "server" in one namespace, then "client" and "bulk" in the other.
import socket, struct, sys, threading, time

A4, B4, A6, B6 = "10.77.0.1", "10.77.0.2", "fd77::1", "fd77::2"
MSG_FASTOPEN = 0x20000000
TCP_MD5SIG = 14


def md5sig(sock, fam, addr, key=b"tcpx"):
    """Set an RFC 2385 key for addr on sock (struct tcp_md5sig)."""
    if fam == socket.AF_INET:
        ss = struct.pack("!HH4s", 0, 0, socket.inet_aton(addr))
        ss = struct.pack("=H", socket.AF_INET) + ss[2:]
    ss = ss.ljust(128, b"\0")
    sock.setsockopt(socket.IPPROTO_TCP, TCP_MD5SIG,
                    ss + struct.pack("=BBHI", 0, 0, len(key), 0) +
                    key.ljust(80, b"\0"))


def serve_tcp(fam, addr, port, md5=None):
    s = socket.socket(fam, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    if md5:
        md5sig(s, fam, md5)
    s.setsockopt(socket.IPPROTO_TCP, socket.TCP_FASTOPEN, 16)
    s.bind((addr, port))
    s.listen(16)
    while True:
        c, _ = s.accept()
        threading.Thread(target=talk, args=(c,), daemon=True).start()


def talk(c):
    total = 0
    while True:
        d = c.recv(65536)
        if not d:
            break
        total += len(d)
        if total < 1000:
            c.send(b"world\n")
    c.close()


def serve_udp(fam, addr, port):
    s = socket.socket(fam, socket.SOCK_DGRAM)
    s.bind((addr, port))
    while True:
        d, peer = s.recvfrom(2048)
        s.sendto(b"pong", peer)


def server():
    for t in ((serve_tcp, socket.AF_INET, B4, 8080),
              (serve_tcp, socket.AF_INET6, B6, 8080),
              (serve_tcp, socket.AF_INET, B4, 8079, A4),
              (serve_udp, socket.AF_INET, B4, 9090),
              (serve_udp, socket.AF_INET6, B6, 9090)):
        threading.Thread(target=t[0], args=t[1:], daemon=True).start()
    time.sleep(60)


def tcp_hello(fam, addr, port):
    s = socket.create_connection((addr, port))
    s.send(b"hello\n")
    s.recv(100)
    time.sleep(0.2)
    s.close()
    time.sleep(0.3)


def client():
    tcp_hello(socket.AF_INET, B4, 8080)
    try:
        socket.create_connection((B4, 8081), timeout=1)
    except OSError:
        pass
    tcp_hello(socket.AF_INET6, B6, 8080)
    for fam, addr in ((socket.AF_INET, B4), (socket.AF_INET6, B6)):
        u = socket.socket(fam, socket.SOCK_DGRAM)
        u.sendto(b"ping", (addr, 9090))
        u.settimeout(1)
        u.recvfrom(100)
        u.sendto(b"ping", (addr, 9091))
        time.sleep(0.2)
    # ICMP echo request; the kernel in the other namespace answers.
    r = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP)
    pay = b"tcpx-echo"
    hdr = struct.pack("!BBHHH", 8, 0, 0, 0x1234, 1)
    ck = csum(hdr + pay)
    r.sendto(struct.pack("!BBHHH", 8, 0, ck, 0x1234, 1) + pay, (B4, 0))
    time.sleep(0.2)
    # IPv4 record route (RFC 791): room for two addresses, then EOL.
    u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    u.setsockopt(socket.IPPROTO_IP, socket.IP_OPTIONS,
                 bytes([7, 11, 4]) + bytes(8) + bytes([0]))
    u.sendto(b"rr", (B4, 9090))
    time.sleep(0.2)
    # TCP Fast Open: a cookie request, then a SYN carrying cookie and data.
    for _ in range(2):
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        s.sendto(b"tfo\n", MSG_FASTOPEN, (B4, 8080))
        s.recv(100)
        s.close()
        time.sleep(0.3)
    # TCP MD5 signature (RFC 2385).
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    md5sig(s, socket.AF_INET, B4)
    s.connect((B4, 8079))
    s.close()
    time.sleep(0.2)
    # An MLD report (with its hop-by-hop router alert) for a group join.
    m = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
    idx = socket.if_nametoindex("va")
    m.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_JOIN_GROUP,
                 socket.inet_pton(socket.AF_INET6, "ff02::1234") +
                 struct.pack("=I", idx))
    time.sleep(0.5)


def bulk():
    s = socket.create_connection((B4, 8080))
    s.sendall(b"x" * 1400 * 200)
    time.sleep(1)
    s.close()
    time.sleep(0.5)


def csum(b):
    if len(b) % 2:
        b += b"\0"
    s = sum(struct.unpack("!%dH" % (len(b) // 2), b))
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    return ~s & 0xffff


{"server": server, "client": client, "bulk": bulk}[sys.argv[1]]()
