#!/usr/bin/env python3
# tests/fuzz/mkcorpus.py - write the fuzzers' seed corpora into
# tests/fuzz/corpus/<target>/: a few small frames, capture files, notation
# lines, command strings and engine/tracker programs.  Deterministic.
import os
import struct
import sys


def csum(b):
    """RFC 1071 one's-complement sum, complemented."""
    if len(b) % 2:
        b += b'\0'
    s = sum(struct.unpack('!%dH' % (len(b) // 2), b))
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    return (~s) & 0xffff


def ip4(proto, payload, src=b'\x0a\0\0\x01', dst=b'\x0a\0\0\x02', opt=b''):
    """An IPv4 header (with options) around payload, checksummed."""
    ihl = 5 + len(opt) // 4
    h = struct.pack('!BBHHHBBH4s4s', 0x40 | ihl, 0, ihl * 4 + len(payload),
                    1, 0x4000, 64, proto, 0, src, dst) + opt
    return h[:10] + struct.pack('!H', csum(h)) + h[12:] + payload


def ip6(nxt, payload, ext=b''):
    """An IPv6 header, extension headers ext, then payload."""
    src = bytes(15) + b'\x01'
    dst = bytes(15) + b'\x02'
    return struct.pack('!IHBB16s16s', 0x60000000, len(ext) + len(payload),
                       nxt, 64, src, dst) + ext + payload


def tcp(flags, seq=1000, ack=0, opt=b'', data=b'', sport=40000, dport=80):
    """A TCP header (checksum left zero) with options and data."""
    opt += b'\0' * (-len(opt) % 4)
    doff = 5 + len(opt) // 4
    return struct.pack('!HHIIBBHHH', sport, dport, seq, ack, doff << 4, flags,
                       64240, 0, 0) + opt + data


def eth(typ, payload):
    return b'\x02' * 6 + b'\x04' * 6 + struct.pack('!H', typ) + payload


SYNOPT = (b'\x02\x04\x05\xb4' b'\x04\x02' b'\x08\x0a\0\0\0\x01\0\0\0\0'
          b'\x01' b'\x03\x03\x07')
SACK = b'\x01\x01\x05\x0a\0\0\x03\xe8\0\0\x07\xd0'
frames = {
    'syn-eth': (0, eth(0x0800, ip4(6, tcp(0x02, opt=SYNOPT)))),
    'synack-raw': (1, ip4(6, tcp(0x12, 5000, 1001, SYNOPT, sport=80,
                                 dport=40000))),
    'data-sack-eth': (0, eth(0x0800, ip4(6, tcp(0x18, 1001, 5001, SACK,
                                                b'hello\r\n'))) + bytes(4)),
    'tcp6-eth': (0, eth(0x86dd, ip6(6, tcp(0x11, 7, 9, b'\x01\x01\x13\x12' +
                                            bytes(16))))),
    'ip6-ext-raw': (1, ip6(0, tcp(0x04, 1), b'\x2c\0\x01\x04\0\0\0\0'[:0] +
                           b'\x2c\0' + bytes(6) + b'\x06\0\0\x01\0\0\0\x2a')),
    'udp-sll': (2, struct.pack('!HHH8sH', 0, 1, 6, b'\x02' * 6 + b'\0\0',
                               0x0800) +
                ip4(17, struct.pack('!HHHH', 53, 5353, 12, 0) + b'abcd')),
    'icmp-unreach-null': (3, struct.pack('<I', 2) +
                          ip4(1, b'\x03\x03\0\0\0\0\0\0' +
                              ip4(6, tcp(0x02))[:28])),
    'icmp6-raw': (1, ip6(58, b'\x01\x04\0\0\0\0\0\0' +
                         ip6(17, b'\0\x35\x13\x88\0\x08\0\0'))),
    'arp-eth': (0, eth(0x0806, struct.pack('!HHBBH6s4s6s4s', 1, 0x0800, 6, 4,
                                           1, b'\x02' * 6, b'\x0a\0\0\x01',
                                           bytes(6), b'\x0a\0\0\x02'))),
    'ipopt-raw': (1, ip4(6, tcp(0x10, 1, 1, b'\x1e\x04\x00\x81' +
                                b'\x22\x0a' + bytes(8)),
                         opt=b'\x94\x04\0\0')),
    'trunc-eth': (0, eth(0x0800, ip4(6, tcp(0x18, data=b'x' * 40)))[:50]),
    # Captures from elsewhere: QinQ tags, IP longer than the frame, an
    # IPv6 jumbogram, Linux cooked v2, DLT_LOOP, a link type not decoded.
    'qinq-eth': (0, b'\x02' * 6 + b'\x04' * 6 + b'\x88\xa8\0\x0a\x81\0\0\x14'
                 b'\x86\xdd' + ip6(17, struct.pack('!HHHH', 1, 2, 10, 0) +
                                   b'ab')),
    'truncip-eth': (0, eth(0x0800, b'\x45\0\x01\0' +
                           ip4(6, tcp(0x18, data=b'y' * 30))[4:])),
    'jumbo-eth': (0, eth(0x86dd, struct.pack('!IHBB16s16s', 0x60000000, 0, 0,
                                              64, bytes(16), bytes(16)) +
                         b'\x06\0\xc2\x04\0\x01\0\x1c' +
                         tcp(0x10, data=b'z' * 8))),
    'sll2-udp': (5, struct.pack('!HHIHBB8s', 0x0800, 0, 1, 1, 4, 6,
                                b'\x02' * 6 + b'\0\0') +
                 ip4(17, struct.pack('!HHHH', 9, 9, 9, 0) + b'q')),
    'loop-tcp6': (4, struct.pack('>I', 24) + ip6(6, tcp(0x02))),
    'unknown-link': (8, b'l\x01\x01\x01' + bytes(12)),
}


def pcap(recs, linktype=1):
    """A classic pcap file of (link type, frame) records."""
    out = struct.pack('<IHHiIII', 0xa1b2c3d4, 2, 4, 0, 0, 65535, linktype)
    for i, f in enumerate(recs):
        out += struct.pack('<IIII', 1700000000 + i, 1000 * i, len(f), len(f))
        out += f
    return out


def pcapng(recs, linktype=1, comments=None):
    """A pcapng file: section header, one interface, enhanced packets,
    each with its comment (opt_comment) and direction when comments are
    given (None for a packet without)."""
    def pad(b):
        return b + b'\0' * (-len(b) % 4)

    def block(t, body):
        body = pad(body)
        n = 12 + len(body)
        return struct.pack('<II', t, n) + body + struct.pack('<I', n)
    out = block(0x0a0d0d0a, struct.pack('<IHHq', 0x1a2b3c4d, 1, 0, -1))
    out += block(1, struct.pack('<HHI', linktype, 0, 65535))
    for i, f in enumerate(recs):
        ts = (1700000000 + i) * 1000000
        opts = b''
        c = comments[i] if comments else None
        if c is not None:
            c = c.encode()
            opts = struct.pack('<HHI', 2, 4, 1 + i % 2)
            opts += struct.pack('<HH', 1, len(c)) + pad(c)
            opts += struct.pack('<HH', 0, 0)
        out += block(6, struct.pack('<IIIII', 0, ts >> 32, ts & 0xffffffff,
                                    len(f), len(f)) + pad(f) + opts)
    return out


def write(target, name, data):
    d = os.path.join(root, target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), 'wb') as f:
        f.write(data if isinstance(data, bytes) else data.encode())


root = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
    os.path.dirname(os.path.abspath(__file__)), 'corpus')

for name, (sel, f) in frames.items():
    write('fuzz-decode', name, bytes([sel]) + f)

ethf = [f for s, f in frames.values() if s == 0]
rawf = [f for s, f in frames.values() if s == 1]
write('fuzz-pcap', 'eth-pcap', pcap(ethf))
write('fuzz-pcap', 'raw-pcap', pcap(rawf, 101))
write('fuzz-pcap', 'eth-pcapng', pcapng(ethf[:3]))
write('fuzz-pcap', 'comments-pcapng', pcapng(
    ethf[:3], comments=['c1 SYN-SENT: user OPEN (active), SYN sent, '
                        'RFC 9293 \u00a73.10.1', None, 'two\nlines\r\n\x1b[31m']))
write('fuzz-pcap', 'trunc-pcap', pcap(ethf[:2])[:-7])

pdn = [
    'S 0:0(0) win 1000 <mss 536,sackOK,TS val 1 ecr 0,nop,wscale 7>',
    'P. 1:6(5) ack 1 win 257 payload "hello"',
    '. 1:1(0) ack 1 win 257 <nop,nop,sack 1:2 3:4>',
    '[ect0] S. 0:0(0) ack 1 <mss 1460,FO 0011223344556677,md5>',
    'F. 10:10(0) ack 20 win 0 ttl 1 tos 0x10 df id 7 badsum --abs',
    'R 0:0(0) to 10.0.0.2:80 from 4000',
    '* *:*(*) ack * win * <TS val * ecr *,exp *,FOEXP *>',
    '5 1:1(0) ack 1 <kind 99 len 5 data 0102, eol>',
    'U. 1:3(2) ack 1 urg 2 payload hex:0a0b ipopt 94040000 nodf',
]
for i, line in enumerate(pdn):
    write('fuzz-pdn', 'line%d' % i, line)

cmds = [
    'help; help connect; echo "a;b" \\x41\\n',
    "echo it's 'quoted; still' ; help 'set'",
    'help \\\nconnect\nhelp "unterminated',
    'echo \\x4\\\\;\\"; h; ? send',
    'conn 10.0.0.2:80; send "GET / HTTP/1.0\\r\\n\\r\\n"; wait state ESTABLISHED 5',
    # Hostile input (issue 13): open quotes, bad escapes, a NUL, a long
    # line, bulk sends, and commands with arguments for each parser.
    'send "abc',
    'echo "abc; echo def',
    'echo \\xZZ; echo a\\x; send \\x4',
    'echo ab\0cd; echo gone',
    'echo ' + 'a' * 1000,
    'connect 10.0.0.2:7; send @/dev/zero; sendfile /dev/urandom',
    'connect 10.0.0.2:9 mss=536 timestamps=off 3; send --size 100000; '
    'stat; conns all; close; abort',
    'listen 5000 manual; accept; udp bind 5353; udp send 10.0.0.2:7 hi; '
    'recv u2',
    'set sndbuf 4096; show sndbuf; set rto.init 300ms; set keepalive on',
    'step on; connect [fd00::2]:80 nowait; held; edit 1 win=0 '
    'payload=\\x41; step 1; drop 1; step off',
    'fault drop 2 out; fault delay 1 in 20ms; fault clear; '
    'craft S 0:0(0) win 1000 <mss 536> to 10.0.0.2:80',
    'expect S. 0:0(0) ack 1 within 1; wait event error 1; sleep 1ms; '
    'decode 1; history c1; use c1',
]
for i, c in enumerate(cmds):
    write('fuzz-cmd', 'cmd%d' % i, c)

# Engine programs: op = (kind << 1) | side; see fuzz-engine.c.
def op(kind, side=0, *args):
    return bytes([(kind << 1) | side] + list(args))


hs = op(0) + op(11, 1, 1, 0)                        # flush, accept
write('fuzz-engine', 'handshake', b'\x1f' + hs)
write('fuzz-engine', 'transfer', b'\x1f' + hs + op(7, 0, 0, 0x10, 0) +
      op(0) + op(8, 1, 1, 0x20, 0) + op(9, 0, 0, 0) + op(0) +
      op(9, 1, 0, 1) + op(0) + op(6, 0) + op(6, 1))
write('fuzz-engine', 'lossy', b'\x07' + op(1, 0, 0) + op(5, 0, 200) +
      op(2, 1, 0) + op(3, 0, 0) + op(4, 1, 0, 13, 4) + op(0) +
      op(7, 1, 1, 0x08, 0) + op(5, 0, 255) + op(6, 1) + op(0))
write('fuzz-engine', 'inject', b'\x00' + hs + op(13, 1, 1, 0x31, 1, 0, 12,
      0x00, 0x10, 0x01, 0x00, 2, 4, 5, 0xb4, 1, 1, 8, 10) + b'\x00' * 8 +
      op(12, 0, 3, 0, 0, 0, 0, 40) + op(10, 1, 0x81, 0) + op(0))

def trk(o, sc, optlen, *rest):
    return bytes([o, sc, optlen] + list(rest))

write('fuzz-tracker', 'handshake', b'\x00' +
      trk(0x20, 0x20, 4, 0, 0, 0, 1, 0x02, 0xff, 0xff, 2, 4, 5, 0xb4) +
      trk(0x25, 0x20, 0, 0, 0, 0, 9, 0x12, 0xff, 0xff) +
      trk(0x20, 0x00, 0, 1, 0x10, 0xff, 0xff) +
      trk(0x20, 0x10, 0, 5, 0, 0x18, 0xff, 0xff) + b'hello' +
      trk(0x20, 0x00, 0, 5, 0x11, 0x10, 0x00) +
      trk(0x25, 0x00, 0, 1, 0x11, 0x10, 0x00) +
      trk(0x20, 0x00, 0, 1, 0x10, 0x10, 0x00) + bytes([0xc1, 100]))
write('fuzz-tracker', 'midstream', b'\x03' +
      trk(0x22, 0x00, 0, 0, 0x18, 1, 0) + trk(0x2b, 0x01, 0, 3, 0x04, 0, 0) +
      bytes([0xc0, 30, 0xc1, 200]))


def rec(pkt, tick=0):
    """One packet of a fuzz-defrag program: length, clock tick, bytes."""
    return struct.pack('!HB', len(pkt), tick) + pkt


def frag4(ident, off, more, data):
    """An IPv4 UDP fragment: data at byte offset off (a multiple of 8)."""
    h = struct.pack('!BBHHHBBH4s4s', 0x45, 0, 20 + len(data), ident,
                    (0x2000 if more else 0) | off // 8, 64, 17, 0,
                    b'\x0a\0\0\x02', b'\x0a\0\0\x01')
    return h[:10] + struct.pack('!H', csum(h)) + h[12:] + data


def frag6(ident, off, more, data):
    """An IPv6 fragment of UDP: a Fragment header, then data."""
    fh = struct.pack('!BBHI', 17, 0, off | (1 if more else 0), ident)
    src = bytes(15) + b'\x02'
    dst = bytes(15) + b'\x01'
    return struct.pack('!IHBB', 0x60000000, len(fh) + len(data), 44, 64) + \
        b'\xfd' + src[1:] + b'\xfd' + dst[1:] + fh + data


udp = struct.pack('!HHHH', 7, 5000, 8 + 40, 0) + bytes(range(40))
write('fuzz-defrag', 'inorder4', rec(frag4(1, 0, True, udp[:24])) +
      rec(frag4(1, 24, False, udp[24:])))
write('fuzz-defrag', 'reverse6', rec(frag6(9, 24, False, udp[24:])) +
      rec(frag6(9, 0, True, udp[:24])))
write('fuzz-defrag', 'overlap6', rec(frag6(3, 0, True, udp[:24])) +
      rec(frag6(3, 16, True, udp[16:40])) + rec(frag6(3, 40, False, udp[40:])))
write('fuzz-defrag', 'timeout4', rec(frag4(5, 0, True, udp[:16])) +
      rec(b'', 255) + rec(frag4(5, 16, False, udp[16:]), 255))

# Session programs (fuzz-session.c): an op byte, then its arguments.
def sseg(flags, data=b'', ts=True, dseq=0, dack=0, pick=0):
    """A segment on connection pick: numbers near rcv_nxt/snd_nxt."""
    sc = 0x20 | 0x40 if data else 0
    how = 1 if ts else 0
    b = bytes([0, sc, how, flags, pick, dseq & 0xff, dack & 0xff])
    if data:
        b += struct.pack('!H', len(data)) + data
    return b


def sopen(v6=False, mss=1460, opts=7, full=True):
    """A new connection from the peer to port 5000."""
    b = (1 if v6 else 0) | (opts << 1) | (0 if full else 0x80)
    return bytes([2, b & 0xff]) + struct.pack('!H', mss)


def stime(n, unit):
    """Time passes: n units (0: us, 1: ms, 2: s)."""
    return bytes([6, unit]) + struct.pack('!H', n)


def scmd(which, pick=0, n=0):
    """Command number which of op_cmd's list on connection pick."""
    return bytes([7, which, pick]) + struct.pack('!H', n)


sess = {
    'data': sseg(0x18, b'hello') + stime(300, 1) + scmd(0) + sseg(0x10) +
    scmd(2),
    'close': scmd(3) + sseg(0x10) + sseg(0x11) + stime(61, 2),
    'peerclose': sseg(0x11) + scmd(4) + stime(1, 2) + sseg(0x10, dseq=1),
    'bulk': scmd(1, n=20000) + stime(250, 1) + sseg(0x10) +
    stime(3, 2) + stime(200, 2),
    'v6': sopen(True, 1220) + sseg(0x18, b'six', pick=1) + stime(1, 2),
    'rst': sseg(0x04) + sseg(0x04, dseq=5) + sseg(0x02),
    'synflood': b''.join(sopen(bool(i & 1), 536, i & 7, False)
                         for i in range(12)) + stime(5, 2),
    'tinymss': sopen(False, 12, 4) + scmd(0, 1) + stime(2, 2),
    'pmtu': scmd(1, n=5000) + bytes([4, 3, 4]) + struct.pack('!I', 576) +
    bytes([0, 0, 1]) + stime(1, 2),
    'frag': bytes([3, 2, 17]) + struct.pack('!H', 16) + bytes([64]) +
    struct.pack('!HH', 7, 0x2000) + bytes(16) + stime(40, 2),
    'step': scmd(13) + sseg(0x18, b'held') + scmd(16) + scmd(17) +
    scmd(14),
    'ooo': sseg(0x18, b'B', dseq=2) + sseg(0x18, b'C', dseq=4) +
    sseg(0x18, b'A') + sseg(0x18, b'x', dseq=1),
    'arp': bytes([5, 0, 42]) + bytes.fromhex(
        '020000000001020000000002080600010800060400010200000000020a000002'
        '0000000000000a000001'),
}
for name, prog in sess.items():
    write('fuzz-session', name, prog)

# -f scripts (fuzz-script.c): whole files, lines, continuations, comments.
scripts = {
    'basic': '# a comment\nlisten 5000\nconns\nsleep 200ms\nconns all\n',
    'cont': 'connect 10.0.0.2:80 \\\n  nowait\nsend "a;b" \\\n"c"\n'
    'close; abort\n',
    'wait': 'connect 10.0.0.2:7 nowait\nwait state ESTABLISHED 1\n',
    'udp': 'udp bind 5353\nudp send 10.0.0.2:7 hello\nrecv u1\n',
    'set': 'set mss 536\nshow mss\nset rto.init 300ms\necho done\n',
    'step': 'step on\nconnect [fd00::2]:80 nowait\nheld\ndrop 1\nstep off\n',
    'nul': 'echo a\0b\necho c\n',
    'long': 'echo ' + 'x' * 70000 + '\n',
    'quotes': "echo 'open\necho \"abc; echo def\nsend \\xZZ\n",
    'trailing': 'conns \\',
    'crlf': 'conns\r\necho x\r\n',
}
for i, c in enumerate(cmds):
    scripts['cmd%d' % i] = c.replace('; ', '\n') + '\n'
for name, text in scripts.items():
    write('fuzz-script', name, text)
