/*
 * tests/unit/test-neigh.c - ARP (RFC 826) and neighbour discovery (RFC 4861)
 * answering and learning in capture/neigh.c, and craft_seg_frame, without
 * privileges: hand-made request frames in, replies decoded and checked
 * field by field.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "capture/neigh.h"
#include "craft/flood.h"
#include "craft/inject.h"
#include "tests/tap.h"

static const uint8_t my_mac[6] = { 0x02, 0x00, 0x00, 0x00, 0x00, 0x01 };
static const uint8_t peer_mac[6] = { 0x02, 0x00, 0x00, 0x00, 0x00, 0x02 };
static const uint8_t other_mac[6] = { 0x02, 0x00, 0x00, 0x00, 0x00, 0x03 };
static const uint8_t bcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };

static struct addr	A(const char *);
static size_t	arp_frame(uint8_t *, const uint8_t *, int, const uint8_t *,
		    const char *, const char *);
static size_t	nd_frame(uint8_t *, const uint8_t *, const uint8_t *,
		    const char *, const char *, int, uint8_t, const char *,
		    int, const uint8_t *);
static int	decode(struct pkt *, const uint8_t *, size_t);
static int	icmp6_sum_ok(const uint8_t *, size_t);
static void	test_arp(void);
static void	test_nd(void);
static void	test_requests(void);
static void	test_craft(void);
static void	test_passive(void);

/* Parse an address that must be valid. */
static struct addr
A(const char *s)
{
	struct addr	a;

	if (addr_parse(&a, s) != 0)
		memset(&a, 0, sizeof a);
	return (a);
}

/* An ARP frame (op) by hand, from sha/spa asking about tpa; its length. */
static size_t
arp_frame(uint8_t *f, const uint8_t *dst, int op, const uint8_t *sha,
    const char *spa, const char *tpa)
{
	memcpy(f, dst, 6);
	memcpy(f + 6, sha, 6);
	f[12] = 0x08, f[13] = 0x06;
	f[14] = 0, f[15] = 1;			/* Ethernet */
	f[16] = 0x08, f[17] = 0x00;		/* IPv4 */
	f[18] = 6, f[19] = 4;
	f[20] = 0, f[21] = (uint8_t)op;
	memcpy(f + 22, sha, 6);
	inet_pton(AF_INET, spa, f + 28);
	memset(f + 32, 0, 6);
	inet_pton(AF_INET, tpa, f + 38);
	return (42);
}

/*
 * An NS or NA frame by hand with a correct ICMPv6 checksum: src -> dst
 * (IPv6 text), hop limit hlim, type, about target, with option opt
 * carrying lla when opt != 0.  Returns its length.
 */
static size_t
nd_frame(uint8_t *f, const uint8_t *edst, const uint8_t *esrc,
    const char *src, const char *dst, int hlim, uint8_t type,
    const char *target, int opt, const uint8_t *lla)
{
	size_t		plen = 8 + 16 + (opt ? 8 : 0);
	uint8_t		*ip = f + 14, *ic = f + 54;
	uint32_t	sum;

	memset(f, 0, 54 + plen);
	memcpy(f, edst, 6);
	memcpy(f + 6, esrc, 6);
	f[12] = 0x86, f[13] = 0xdd;
	ip[0] = 0x60;
	ip[4] = 0, ip[5] = (uint8_t)plen;
	ip[6] = 58;
	ip[7] = (uint8_t)hlim;
	inet_pton(AF_INET6, src, ip + 8);
	inet_pton(AF_INET6, dst, ip + 24);
	ic[0] = type;
	if (type == 136)
		ic[4] = 0x60;
	inet_pton(AF_INET6, target, ic + 8);
	if (opt) {
		ic[24] = (uint8_t)opt;
		ic[25] = 1;
		memcpy(ic + 26, lla, 6);
	}
	sum = wire_pseudo_sum(6, ip + 8, ip + 24, 58, (uint32_t)plen);
	sum = wire_sum(ic, plen, sum);
	sum = wire_fold(sum);
	ic[2] = (uint8_t)(sum >> 8), ic[3] = (uint8_t)sum;
	return (54 + plen);
}

/* Decode an Ethernet frame; 0 on success (the reason printed otherwise). */
static int
decode(struct pkt *p, const uint8_t *f, size_t len)
{
	memset(p, 0, sizeof *p);
	if (wire_decode(p, WIRE_DLT_EN10MB, f, len, len) != 0) {
		diag("decode: %s", p->err);
		return (-1);
	}
	return (0);
}

/* Whether the ICMPv6 checksum of an Ethernet/IPv6 frame verifies by hand. */
static int
icmp6_sum_ok(const uint8_t *f, size_t len)
{
	const uint8_t	*ip = f + 14;
	size_t		 plen = (size_t)ip[4] << 8 | ip[5];
	uint32_t	 sum;

	if (len < 54 + plen || ip[6] != 58)
		return (0);
	sum = wire_pseudo_sum(6, ip + 8, ip + 24, 58, (uint32_t)plen);
	sum = wire_sum(ip + 40, plen, sum);
	return (wire_fold(sum) == 0);
}

/* ARP: answer requests for my4 only; learn from requests and replies. */
static void
test_arp(void)
{
	struct addr	 my4 = A("10.0.0.1"), my6 = A("fd00::1"), a;
	struct neigh	*n = neigh_new(my_mac, &my4, &my6);
	struct pkt	 in, out;
	uint8_t		 f[128], r[128], mac[6];
	size_t		 len, rlen;

	/* A request for someone else: no answer, and (RFC 826) no new entry. */
	len = arp_frame(f, bcast, 1, other_mac, "10.0.0.9", "10.0.0.3");
	ok(decode(&in, f, len) == 0, "hand-made ARP request decodes");
	rlen = neigh_input(n, &in, r, sizeof r, 1);
	is_int(rlen, 0, "ARP request for 10.0.0.3 gets no reply");
	a = A("10.0.0.9");
	ok(neigh_lookup(n, &a, mac) == -1,
	    "sender of a request for someone else is not learned");

	/* A request for 10.0.0.1: the reply, checked field by field. */
	len = arp_frame(f, bcast, 1, peer_mac, "10.0.0.2", "10.0.0.1");
	decode(&in, f, len);
	rlen = neigh_input(n, &in, r, sizeof r, 2);
	ok(rlen >= 42 && rlen <= 60, "ARP request for 10.0.0.1 answered "
	    "(%zu bytes)", rlen);
	ok(decode(&out, r, rlen) == 0, "ARP reply decodes");
	ok(out.layers & PKT_ETH && out.layers & PKT_ARP,
	    "reply is Ethernet+ARP");
	ok(memcmp(out.eth.dst, peer_mac, 6) == 0,
	    "reply goes to the asker's MAC");
	ok(memcmp(out.eth.src, my_mac, 6) == 0, "reply comes from our MAC");
	is_int(out.eth.type, ETHERTYPE_ARP, "ethertype 0x0806");
	is_int(out.arp.htype, 1, "htype Ethernet");
	is_int(out.arp.ptype, 0x0800, "ptype IPv4");
	is_int(out.arp.hlen, 6, "hlen 6");
	is_int(out.arp.plen, 4, "plen 4");
	is_int(out.arp.op, 2, "op reply");
	ok(memcmp(out.arp.sha, my_mac, 6) == 0, "sha is our MAC");
	ok(memcmp(out.arp.spa, my4.a, 4) == 0, "spa is 10.0.0.1");
	ok(memcmp(out.arp.tha, peer_mac, 6) == 0, "tha is the asker's MAC");
	a = A("10.0.0.2");
	ok(memcmp(out.arp.tpa, a.a, 4) == 0, "tpa is the asker's address");
	ok(neigh_lookup(n, &a, mac) == 0 && memcmp(mac, peer_mac, 6) == 0,
	    "asker 10.0.0.2 learned from its request");

	/* A reply to us teaches its sender; a later request updates it. */
	len = arp_frame(f, my_mac, 2, other_mac, "10.0.0.5", "10.0.0.1");
	decode(&in, f, len);
	is_int(neigh_input(n, &in, r, sizeof r, 3), 0,
	    "ARP reply needs no answer");
	a = A("10.0.0.5");
	ok(neigh_lookup(n, &a, mac) == 0 && memcmp(mac, other_mac, 6) == 0,
	    "10.0.0.5 learned from its ARP reply");
	len = arp_frame(f, bcast, 1, peer_mac, "10.0.0.5", "10.0.0.77");
	decode(&in, f, len);
	is_int(neigh_input(n, &in, r, sizeof r, 4), 0,
	    "request for 10.0.0.77 not answered");
	ok(neigh_lookup(n, &a, mac) == 0 && memcmp(mac, peer_mac, 6) == 0,
	    "known entry updated from any request (RFC 826 merge)");

	/* Our own request, seen on the way out, is ignored. */
	len = arp_frame(f, bcast, 1, my_mac, "10.0.0.1", "10.0.0.1");
	decode(&in, f, len);
	is_int(neigh_input(n, &in, r, sizeof r, 5), 0, "own frame ignored");
	neigh_free(n);

	/* Without an IPv4 address nothing is answered. */
	n = neigh_new(my_mac, NULL, &my6);
	len = arp_frame(f, bcast, 1, peer_mac, "10.0.0.2", "10.0.0.1");
	decode(&in, f, len);
	is_int(neigh_input(n, &in, r, sizeof r, 1), 0,
	    "no IPv4 address: ARP for 10.0.0.1 not answered");
	neigh_free(n);
}

/* ND: answer NS for my6 with a solicited NA; learn from NS and NA. */
static void
test_nd(void)
{
	struct addr	 my4 = A("10.0.0.1"), my6 = A("fd00::1"), a;
	struct neigh	*n = neigh_new(my_mac, &my4, &my6);
	struct pkt	 in, out;
	uint8_t		 f[256], r[256], mac[6];
	uint8_t		 snmac[6] = { 0x33, 0x33, 0xff, 0x00, 0x00, 0x01 };
	size_t		 len, rlen;
	const uint8_t	*b;

	len = nd_frame(f, snmac, peer_mac, "fd00::2", "ff02::1:ff00:1", 255,
	    135, "fd00::1", 1, peer_mac);
	ok(decode(&in, f, len) == 0 && in.icmp.cksum_ok == CK_OK,
	    "hand-made NS decodes with a good checksum");
	rlen = neigh_input(n, &in, r, sizeof r, 10);
	ok(rlen > 0, "NS for fd00::1 answered (%zu bytes)", rlen);
	ok(decode(&out, r, rlen) == 0, "NA decodes");
	ok((out.layers & (PKT_ETH | PKT_IP6 | PKT_ICMP6)) ==
	    (PKT_ETH | PKT_IP6 | PKT_ICMP6), "NA is Ethernet+IPv6+ICMPv6");
	ok(memcmp(out.eth.dst, peer_mac, 6) == 0,
	    "NA goes to the source link-layer address");
	ok(memcmp(out.eth.src, my_mac, 6) == 0, "NA comes from our MAC");
	ok(memcmp(out.ip6.src, my6.a, 16) == 0, "NA from fd00::1");
	a = A("fd00::2");
	ok(memcmp(out.ip6.dst, a.a, 16) == 0, "NA to the soliciting fd00::2");
	is_int(out.ip6.hlim, 255, "hop limit 255");
	is_int(out.ip6.proto, 58, "next header ICMPv6");
	is_int(out.icmp.type, 136, "type neighbour advertisement");
	is_int(out.icmp.code, 0, "code 0");
	is_int(out.icmp.cksum_ok, CK_OK, "decoder verifies the checksum");
	ok(icmp6_sum_ok(r, rlen), "checksum verifies by hand too");
	is_int(out.icmp.rest[0], 0x60,
	    "flags: solicited + override, not router");
	ok(out.icmp.rest[1] == 0 && out.icmp.rest[2] == 0 &&
	    out.icmp.rest[3] == 0, "reserved bytes zero");
	is_int(out.icmp.body_len, 24, "target + one 8-byte option");
	b = out.icmp.body;
	ok(b != NULL && memcmp(b, my6.a, 16) == 0, "target is fd00::1");
	ok(b != NULL && b[16] == 2 && b[17] == 1 &&
	    memcmp(b + 18, my_mac, 6) == 0,
	    "target link-layer address option carries our MAC");
	ok(neigh_lookup(n, &a, mac) == 0 && memcmp(mac, peer_mac, 6) == 0,
	    "fd00::2 learned from its NS");

	/* Unicast NS (reachability probe) is answered too. */
	len = nd_frame(f, my_mac, peer_mac, "fd00::2", "fd00::1", 255, 135,
	    "fd00::1", 1, peer_mac);
	decode(&in, f, len);
	ok(neigh_input(n, &in, r, sizeof r, 11) > 0, "unicast NS answered");

	/* Things that must not be answered. */
	len = nd_frame(f, snmac, peer_mac, "fd00::2", "ff02::1:ff00:1", 64,
	    135, "fd00::1", 1, peer_mac);
	decode(&in, f, len);
	is_int(neigh_input(n, &in, r, sizeof r, 12), 0,
	    "NS with hop limit 64 ignored (RFC 4861 7.1.1)");
	len = nd_frame(f, snmac, peer_mac, "fd00::2", "ff02::1:ff00:99", 255,
	    135, "fd00::99", 1, peer_mac);
	decode(&in, f, len);
	is_int(neigh_input(n, &in, r, sizeof r, 13), 0,
	    "NS for fd00::99 ignored");
	len = nd_frame(f, snmac, peer_mac, "fd00::2", "ff02::1:ff00:1", 255,
	    135, "fd00::1", 1, peer_mac);
	f[len - 1] ^= 0xff;	/* corrupt the option: checksum now wrong */
	decode(&in, f, len);
	is_int(neigh_input(n, &in, r, sizeof r, 14), 0,
	    "NS with a bad checksum ignored");

	/* DAD probe for our address: NA to all-nodes, not solicited. */
	len = nd_frame(f, snmac, peer_mac, "::", "ff02::1:ff00:1", 255, 135,
	    "fd00::1", 0, NULL);
	decode(&in, f, len);
	rlen = neigh_input(n, &in, r, sizeof r, 15);
	ok(rlen > 0 && decode(&out, r, rlen) == 0 &&
	    out.ip6.dst[0] == 0xff && out.ip6.dst[15] == 1 &&
	    out.icmp.rest[0] == 0x20, "DAD probe answered to ff02::1, "
	    "override only");

	/* NA from another host teaches its target's MAC. */
	len = nd_frame(f, my_mac, other_mac, "fd00::3", "fd00::1", 255, 136,
	    "fd00::3", 2, other_mac);
	decode(&in, f, len);
	is_int(neigh_input(n, &in, r, sizeof r, 16), 0, "NA needs no answer");
	a = A("fd00::3");
	ok(neigh_lookup(n, &a, mac) == 0 && memcmp(mac, other_mac, 6) == 0,
	    "fd00::3 learned from its NA");
	a = A("fd00::4");
	ok(neigh_lookup(n, &a, mac) == -1, "unknown fd00::4 not found");
	neigh_free(n);
}

/* neigh_request: ARP request and NS frames decode as they should. */
static void
test_requests(void)
{
	struct addr	 my4 = A("10.0.0.1"), my6 = A("fd00::1"), a;
	struct neigh	*n = neigh_new(my_mac, &my4, &my6);
	struct pkt	 out;
	uint8_t		 r[256], sn[16];
	const uint8_t	 snmac[6] = { 0x33, 0x33, 0xff, 0x00, 0x00, 0x07 };
	size_t		 rlen;

	a = A("10.0.0.7");
	rlen = neigh_request(n, &a, r, sizeof r);
	ok(rlen >= 42 && decode(&out, r, rlen) == 0 && (out.layers & PKT_ARP),
	    "ARP request for 10.0.0.7 built and decoded");
	ok(memcmp(out.eth.dst, bcast, 6) == 0, "ARP request is broadcast");
	ok(out.arp.op == 1 && memcmp(out.arp.sha, my_mac, 6) == 0 &&
	    memcmp(out.arp.spa, my4.a, 4) == 0 &&
	    memcmp(out.arp.tpa, a.a, 4) == 0, "op 1, from us, asking for "
	    "10.0.0.7");

	a = A("fd00::7");
	rlen = neigh_request(n, &a, r, sizeof r);
	ok(rlen > 0 && decode(&out, r, rlen) == 0 &&
	    (out.layers & PKT_ICMP6), "NS for fd00::7 built and decoded");
	inet_pton(AF_INET6, "ff02::1:ff00:7", sn);
	ok(memcmp(out.ip6.dst, sn, 16) == 0,
	    "NS to solicited-node ff02::1:ff00:7");
	ok(memcmp(out.eth.dst, snmac, 6) == 0, "NS to MAC 33:33:ff:00:00:07");
	ok(memcmp(out.ip6.src, my6.a, 16) == 0 && out.ip6.hlim == 255,
	    "NS from fd00::1 with hop limit 255");
	ok(out.icmp.type == 135 && out.icmp.code == 0 &&
	    out.icmp.cksum_ok == CK_OK && icmp6_sum_ok(r, rlen),
	    "type 135 with a valid checksum");
	ok(out.icmp.body_len == 24 && memcmp(out.icmp.body, a.a, 16) == 0 &&
	    out.icmp.body[16] == 1 &&
	    memcmp(out.icmp.body + 18, my_mac, 6) == 0,
	    "target fd00::7 and our source link-layer address");
	neigh_free(n);

	n = neigh_new(my_mac, NULL, NULL);
	a = A("10.0.0.7");
	is_int(neigh_request(n, &a, r, sizeof r), 0,
	    "no address of our own: no request");
	is_int(neigh_request(n, &a, r, 10), 0, "no room: no request");
	neigh_free(n);
}

/* craft_seg_frame: v4 and v6 segments decode back with good checksums. */
static void
test_craft(void)
{
	struct seg	 s;
	struct pkt	 p;
	struct tcp_opt	 o;
	uint8_t		 f[256];
	char		*cause = NULL;
	ssize_t		 len;
	const char	*data = "hello";

	memset(&s, 0, sizeof s);
	s.src = A("10.0.0.1");
	s.dst = A("10.0.0.2");
	s.th.sport = 40000;
	s.th.dport = 7;
	s.th.seq = 0xfffffff0;
	s.th.flags = TH_SYN;
	s.th.win = 64240;
	memset(&o, 0, sizeof o);
	o.kind = TCPOPT_MSS;
	o.len = 4;
	o.u.mss = 1460;
	wire_tcpopt_add(&s.th, &o);
	len = craft_seg_frame(&s, my_mac, peer_mac, f, sizeof f, &cause);
	ok(len == 14 + 20 + 24, "v4 SYN with MSS is 58 bytes (%zd%s%s)", len,
	    len < 0 ? ": " : "", len < 0 ? cause : "");
	ok(cause == NULL, "a frame built allocates no cause");
	ok(len > 0 && decode(&p, f, (size_t)len) == 0, "v4 SYN decodes");
	ok(p.ip4.cksum_ok == CK_OK && p.tcp.cksum_ok == CK_OK,
	    "IPv4 and TCP checksums OK");
	ok(memcmp(p.eth.src, my_mac, 6) == 0 &&
	    memcmp(p.eth.dst, peer_mac, 6) == 0, "MACs as given");
	ok(p.tcp.sport == 40000 && p.tcp.dport == 7 &&
	    p.tcp.seq == 0xfffffff0 && p.tcp.flags == TH_SYN &&
	    p.tcp.win == 64240, "ports, seq, flags, window kept");
	ok(p.tcp.n_opt >= 1 && p.tcp.opt[0].kind == TCPOPT_MSS &&
	    p.tcp.opt[0].u.mss == 1460, "MSS option kept");
	is_int(p.ip4.ttl, 64, "default TTL 64");

	memset(&s, 0, sizeof s);
	s.src = A("fd00::1");
	s.dst = A("fd00::2");
	s.th.sport = 40001;
	s.th.dport = 80;
	s.th.seq = 1000;
	s.th.ack = 2000;
	s.th.flags = TH_ACK | TH_PUSH;
	s.th.win = 502;
	s.data = (const uint8_t *)data;
	s.len = strlen(data);
	len = craft_seg_frame(&s, my_mac, peer_mac, f, sizeof f, &cause);
	ok(len == 14 + 40 + 20 + 5, "v6 segment with 5 bytes is 79 bytes (%zd)",
	    len);
	ok(len > 0 && decode(&p, f, (size_t)len) == 0, "v6 segment decodes");
	is_int(p.tcp.cksum_ok, CK_OK, "TCP checksum over IPv6 OK");
	ok(p.tcp.seq == 1000 && p.tcp.ack == 2000 &&
	    p.tcp.flags == (TH_ACK | TH_PUSH), "seq, ack, flags kept");
	ok(p.payload_len == 5 && memcmp(p.payload, data, 5) == 0,
	    "payload kept");

	s.dst = A("10.0.0.2");
	len = craft_seg_frame(&s, my_mac, peer_mac, f, sizeof f, &cause);
	ok(len == -1 && cause != NULL && strstr(cause, "IPv4") != NULL,
	    "mixed families refused: %s", cause != NULL ? cause : "");
	free(cause);
	cause = NULL;
	s.dst = A("fd00::2");
	len = craft_seg_frame(&s, my_mac, peer_mac, f, 30, &cause);
	ok(len == -1 && cause != NULL, "too small a buffer refused: %s",
	    cause != NULL ? cause : "");
	free(cause);
}

/* Passive (tcpx -i): the kernel answers for our addresses; we only learn and ask. */
static void
test_passive(void)
{
	struct addr	 my4 = A("10.0.0.1"), my6 = A("fd00::1"), a;
	struct neigh	*n = neigh_new(my_mac, &my4, &my6);
	struct pkt	 in, out;
	uint8_t		 f[256], r[256], mac[6];
	uint8_t		 snmac[6] = { 0x33, 0x33, 0xff, 0x00, 0x00, 0x01 };
	size_t		 len;

	neigh_set_passive(n, 1);
	len = arp_frame(f, bcast, 1, peer_mac, "10.0.0.2", "10.0.0.1");
	decode(&in, f, len);
	is_int(neigh_input(n, &in, r, sizeof r, 1), 0,
	    "passive: an ARP request for our address is left to the kernel");
	a = A("10.0.0.2");
	ok(neigh_lookup(n, &a, mac) == 0 && memcmp(mac, peer_mac, 6) == 0,
	    "passive: the asker is still learned");
	len = nd_frame(f, snmac, peer_mac, "fd00::2", "ff02::1:ff00:1", 255,
	    135, "fd00::1", 1, peer_mac);
	decode(&in, f, len);
	is_int(neigh_input(n, &in, r, sizeof r, 2), 0,
	    "passive: an NS for our address is left to the kernel");
	a = A("10.0.0.3");
	len = neigh_request(n, &a, r, sizeof r);
	ok(len > 0 && decode(&out, r, len) == 0 &&
	    memcmp(out.arp.spa, my4.a, 4) == 0,
	    "passive: ARP requests still come from our address");
	neigh_set_passive(n, 0);
	len = arp_frame(f, bcast, 1, peer_mac, "10.0.0.2", "10.0.0.1");
	decode(&in, f, len);
	ok(neigh_input(n, &in, r, sizeof r, 3) > 0,
	    "active again: the request is answered");
	neigh_free(n);
}

/* flood frames: valid checksums, sources inside the range, varied ports and ISNs. */
static void
test_flood(void)
{
	struct addr	 lo = A("10.0.0.128"), hi = A("10.0.0.255"), dst = A("10.0.0.2");
	struct addr	 v6 = A("fd00::1"), dst6 = A("fd00::2");
	struct flood	*f;
	struct pkt	 p;
	uint8_t		 buf[256];
	char		*cause = NULL;
	size_t		 n;
	int		 i, good = 0, inrange = 0, ports = 0, seqs = 0;
	uint16_t	 lastport = 0;
	uint32_t	 lastseq = 0;

	f = flood_new(TH_SYN, &lo, &hi, &dst, 80, my_mac, peer_mac, 1, &cause);
	ok(f != NULL, "flood: a template for 10.0.0.128-255 -> 10.0.0.2:80");
	for (i = 0; f != NULL && i < 1000; i++) {
		n = flood_frame(f, (uint64_t)i, buf, sizeof buf);
		if (decode(&p, buf, n) != 0)
			continue;
		if (p.ip4.cksum_ok == CK_OK && p.tcp.cksum_ok == CK_OK &&
		    p.tcp.flags == TH_SYN && p.tcp.dport == 80)
			good++;
		if (p.ip4.src[0] == 10 && p.ip4.src[3] >= 128)
			inrange++;
		ports += p.tcp.sport != lastport;
		seqs += p.tcp.seq != lastseq;
		lastport = p.tcp.sport;
		lastseq = p.tcp.seq;
	}
	is_int(good, 1000, "flood: 1000 SYNs with correct IP and TCP checksums");
	is_int(inrange, 1000, "flood: every source inside the spoof range");
	ok(ports > 990 && seqs > 990, "flood: ports and ISNs vary (%d, %d)",
	    ports, seqs);
	flood_free(f);
	f = flood_new(TH_SYN, &v6, NULL, &dst6, 7, my_mac, peer_mac, 2, &cause);
	n = f != NULL ? flood_frame(f, 5, buf, sizeof buf) : 0;
	ok(n > 0 && decode(&p, buf, n) == 0 && p.tcp.cksum_ok == CK_OK &&
	    memcmp(p.ip6.src, v6.a, 16) == 0, "flood: IPv6 SYN from fd00::1 "
	    "with a correct checksum");
	flood_free(f);
	ok(flood_new(TH_SYN, &hi, &lo, &dst, 80, my_mac, peer_mac, 1, &cause) == NULL &&
	    strstr(cause, "range") != NULL, "flood: a range ending before it "
	    "starts is refused");
	free(cause);
}

int
main(void)
{
	test_arp();
	test_nd();
	test_requests();
	test_craft();
	test_passive();
	test_flood();
	return (done_testing());
}
