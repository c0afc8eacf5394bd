/*
 * capture/neigh.c - ARP (RFC 826) and IPv6 neighbour discovery (RFC 4861)
 * for the addresses tcpx owns, which sit on no kernel interface: answer
 * requests and solicitations for them, learn peers' MAC addresses, and build
 * requests and solicitations to resolve peers.  Sans-IO: decoded frames in,
 * frame bytes out, built through the wire codec.
 */
#include <stdlib.h>
#include <string.h>

#include "capture/neigh.h"
#include "core/xmalloc.h"

#define NEIGH_MAX		64	/* entries; the oldest is replaced */

#define ARP_HTYPE_ETHER		1
#define ARP_OP_REQUEST		1
#define ARP_OP_REPLY		2

#define ND_NS			135	/* neighbour solicitation */
#define ND_NA			136	/* neighbour advertisement */
#define ND_OPT_SLLA		1	/* source link-layer address option */
#define ND_OPT_TLLA		2	/* target link-layer address option */
#define ND_NA_ROUTER		0x80
#define ND_NA_SOLICITED		0x40
#define ND_NA_OVERRIDE		0x20
#define ND_HOPLIMIT		255	/* RFC 4861 §7.1: else off-link */

struct neigh_entry {
	struct addr	a;
	uint8_t		mac[6];
	uint64_t	seen_us;
	int		used;
};

struct neigh {
	uint8_t			mac[6];
	struct addr		my4;
	struct addr		my6;
	int			has4, has6;
	int			passive;	/* the kernel answers for our addresses */
	struct neigh_entry	e[NEIGH_MAX];
};

static struct neigh_entry *neigh_find(const struct neigh *,
		    const struct addr *);
static void	neigh_learn(struct neigh *, const struct addr *,
		    const uint8_t *, uint64_t, int);
static size_t	neigh_arp_input(struct neigh *, const struct pkt *, uint8_t *,
		    size_t, uint64_t);
static size_t	neigh_nd_input(struct neigh *, const struct pkt *, uint8_t *,
		    size_t, uint64_t);
static const uint8_t *neigh_nd_option(const uint8_t *, size_t, uint8_t, int *);
static size_t	neigh_nd_build(const struct neigh *, uint8_t, uint8_t,
		    const uint8_t *, const uint8_t *, const uint8_t *, uint8_t,
		    uint8_t *, size_t);
static void	neigh_solicited_node(const uint8_t *, uint8_t *, uint8_t *);

/* A neighbour table for a host with MAC mac owning my4 and/or my6. */
struct neigh *
neigh_new(const uint8_t mac[6], const struct addr *my4,
    const struct addr *my6)
{
	struct neigh	*n;

	n = xcalloc(1, sizeof *n);
	memcpy(n->mac, mac, 6);
	if (my4 != NULL && my4->family == 4) {
		n->my4 = *my4;
		n->has4 = 1;
	}
	if (my6 != NULL && my6->family == 6) {
		n->my6 = *my6;
		n->has6 = 1;
	}
	return (n);
}

/* Stop (on) or resume answering for our addresses; learning goes on. */
void
neigh_set_passive(struct neigh *n, int on)
{
	n->passive = on;
}

/* Free n (NULL is fine). */
void
neigh_free(struct neigh *n)
{
	free(n);
}

/* The entry for a, or NULL. */
static struct neigh_entry *
neigh_find(const struct neigh *n, const struct addr *a)
{
	int	i;

	for (i = 0; i < NEIGH_MAX; i++) {
		if (n->e[i].used && addr_eq(&n->e[i].a, a))
			return ((struct neigh_entry *)&n->e[i]);
	}
	return (NULL);
}

/* Record a's MAC: update its entry, or make one when create is set. */
static void
neigh_learn(struct neigh *n, const struct addr *a, const uint8_t *mac,
    uint64_t now_us, int create)
{
	struct neigh_entry	*e;
	int			 i;

	if ((n->has4 && addr_eq(a, &n->my4)) ||
	    (n->has6 && addr_eq(a, &n->my6)))
		return;		/* someone else claiming our address */
	if ((e = neigh_find(n, a)) == NULL) {
		if (!create)
			return;
		e = &n->e[0];
		for (i = 0; i < NEIGH_MAX; i++) {
			if (!n->e[i].used) {
				e = &n->e[i];
				break;
			}
			if (n->e[i].seen_us < e->seen_us)
				e = &n->e[i];
		}
		e->used = 1;
		e->a = *a;
	}
	memcpy(e->mac, mac, 6);
	e->seen_us = now_us;
}

/* Copy the MAC for a into mac; 0, or -1 when it is not known yet. */
int
neigh_lookup(const struct neigh *n, const struct addr *a, uint8_t mac[6])
{
	const struct neigh_entry	*e;

	if ((e = neigh_find(n, a)) == NULL)
		return (-1);
	memcpy(mac, e->mac, 6);
	return (0);
}

/*
 * Build an ARP frame (op) from our MAC and IPv4 address to edst, asking
 * about or answering tpa (tha NULL: unknown); returns its length or 0.
 */
static size_t
neigh_arp_build(const struct neigh *n, uint16_t op, const uint8_t *edst,
    const uint8_t *tha, const uint8_t *tpa, uint8_t *out, size_t cap)
{
	struct pkt	r;
	char		err[WIRE_ERRLEN];
	ssize_t		len;

	memset(&r, 0, sizeof r);
	r.dlt = WIRE_DLT_EN10MB;
	r.layers = PKT_ETH | PKT_ARP;
	r.ethertype = ETHERTYPE_ARP;
	memcpy(r.eth.dst, edst, 6);
	memcpy(r.eth.src, n->mac, 6);
	r.eth.type = ETHERTYPE_ARP;
	r.arp.htype = ARP_HTYPE_ETHER;
	r.arp.ptype = ETHERTYPE_IPV4;
	r.arp.hlen = 6;
	r.arp.plen = 4;
	r.arp.op = op;
	memcpy(r.arp.sha, n->mac, 6);
	memcpy(r.arp.spa, n->my4.a, 4);
	if (tha != NULL)
		memcpy(r.arp.tha, tha, 6);
	memcpy(r.arp.tpa, tpa, 4);
	if ((len = wire_build(&r, 0, out, cap, err, sizeof err)) < 0)
		return (0);
	return ((size_t)len);
}

/* RFC 826 "Packet Reception": merge the sender, answer requests for my4. */
static size_t
neigh_arp_input(struct neigh *n, const struct pkt *p, uint8_t *out,
    size_t cap, uint64_t now_us)
{
	const struct arp_hdr	*a = &p->arp;
	struct addr		 spa;
	int			 for_me;

	if (a->htype != ARP_HTYPE_ETHER || a->ptype != ETHERTYPE_IPV4 ||
	    a->hlen != 6 || a->plen != 4)
		return (0);
	if (memcmp(a->sha, n->mac, 6) == 0)
		return (0);	/* our own frame, seen on the way out */
	memset(&spa, 0, sizeof spa);
	spa.family = 4;
	memcpy(spa.a, a->spa, 4);
	for_me = n->has4 && memcmp(a->tpa, n->my4.a, 4) == 0;
	/* An ARP probe (sender 0.0.0.0) teaches nothing. */
	if (memcmp(a->spa, "\0\0\0\0", 4) != 0)
		neigh_learn(n, &spa, a->sha, now_us, for_me);
	if (!for_me || a->op != ARP_OP_REQUEST || n->passive)
		return (0);

	return (neigh_arp_build(n, ARP_OP_REPLY, a->sha, a->sha, a->spa, out,
	    cap));
}

/*
 * Find ND option type in opts (len bytes); its 6-byte link-layer address,
 * or NULL.  *bad is set when the options are malformed (RFC 4861 §4.6).
 */
static const uint8_t *
neigh_nd_option(const uint8_t *opts, size_t len, uint8_t type, int *bad)
{
	const uint8_t	*found = NULL;
	size_t		 olen;

	*bad = 0;
	while (len >= 2) {
		olen = (size_t)opts[1] * 8;
		if (olen == 0 || olen > len) {
			*bad = 1;
			return (NULL);
		}
		if (opts[0] == type && olen >= 8 && found == NULL)
			found = opts + 2;
		opts += olen;
		len -= olen;
	}
	if (len != 0)
		*bad = 1;
	return (found);
}

/* The solicited-node multicast address (RFC 4291 §2.7.1) of a and its MAC. */
static void
neigh_solicited_node(const uint8_t *a, uint8_t *ip, uint8_t *mac)
{
	static const uint8_t	pfx[13] = { 0xff, 0x02, 0, 0, 0, 0, 0, 0, 0,
				    0, 0, 0x01, 0xff };

	memcpy(ip, pfx, 13);
	memcpy(ip + 13, a + 13, 3);
	/* RFC 2464 §7: 33:33 and the last four bytes of the address. */
	mac[0] = mac[1] = 0x33;
	memcpy(mac + 2, ip + 12, 4);
}

/*
 * Build an NS or NA from my6 (or the unspecified address when src is NULL)
 * to dst at MAC dmac about target, with one link-layer option (optype) for
 * our MAC and flags in the first reserved byte.  Returns its length or 0.
 */
static size_t
neigh_nd_build(const struct neigh *n, uint8_t type, uint8_t flags,
    const uint8_t *target, const uint8_t *dst, const uint8_t *dmac,
    uint8_t optype, uint8_t *out, size_t cap)
{
	struct pkt	r;
	uint8_t		body[16 + 8];
	char		err[WIRE_ERRLEN];
	ssize_t		len;

	memcpy(body, target, 16);
	body[16] = optype;
	body[17] = 1;		/* length in units of 8 bytes */
	memcpy(body + 18, n->mac, 6);

	memset(&r, 0, sizeof r);
	r.dlt = WIRE_DLT_EN10MB;
	r.layers = PKT_ETH | PKT_IP6 | PKT_ICMP6;
	r.ethertype = ETHERTYPE_IPV6;
	memcpy(r.eth.dst, dmac, 6);
	memcpy(r.eth.src, n->mac, 6);
	r.eth.type = ETHERTYPE_IPV6;
	r.ip6.nxt = r.ip6.proto = IPPROTO_ICMPV6_;
	r.ip6.hlim = ND_HOPLIMIT;
	memcpy(r.ip6.src, n->my6.a, 16);
	memcpy(r.ip6.dst, dst, 16);
	r.icmp.type = type;
	r.icmp.code = 0;
	r.icmp.rest[0] = flags;
	r.icmp.body = body;
	r.icmp.body_len = sizeof body;
	r.payload = body;
	r.payload_len = r.payload_wire = sizeof body;
	if ((len = wire_build(&r, 0, out, cap, err, sizeof err)) < 0)
		return (0);
	return ((size_t)len);
}

/* RFC 4861 §7.1-7.2: validate NS/NA, learn, answer NS for my6 with an NA. */
static size_t
neigh_nd_input(struct neigh *n, const struct pkt *p, uint8_t *out,
    size_t cap, uint64_t now_us)
{
	static const uint8_t	 unspec[16], all_nodes[16] = { 0xff, 0x02, 0,
				    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1 };
	static const uint8_t	 all_nodes_mac[6] = { 0x33, 0x33, 0, 0, 0, 1 };
	const struct icmp_hdr	*ic = &p->icmp;
	const uint8_t		*lla, *dmac;
	uint8_t			 sn[16], snmac[6];
	struct addr		 who;
	int			 bad, dad, for_me;

	if ((ic->type != ND_NS && ic->type != ND_NA) || ic->code != 0 ||
	    p->ip6.hlim != ND_HOPLIMIT || ic->cksum_ok == CK_BAD ||
	    ic->body == NULL || ic->body_len < 16 || ic->body[0] == 0xff)
		return (0);
	if ((p->layers & PKT_ETH) && memcmp(p->eth.src, n->mac, 6) == 0)
		return (0);	/* our own frame, seen on the way out */
	memset(&who, 0, sizeof who);
	who.family = 6;
	for_me = n->has6 && memcmp(ic->body, n->my6.a, 16) == 0;

	if (ic->type == ND_NA) {
		lla = neigh_nd_option(ic->body + 16, ic->body_len - 16,
		    ND_OPT_TLLA, &bad);
		if (bad || lla == NULL || for_me)
			return (0);
		memcpy(who.a, ic->body, 16);
		neigh_learn(n, &who, lla, now_us, 1);
		return (0);
	}

	lla = neigh_nd_option(ic->body + 16, ic->body_len - 16, ND_OPT_SLLA,
	    &bad);
	dad = memcmp(p->ip6.src, unspec, 16) == 0;
	if (bad || (dad && lla != NULL))
		return (0);
	if (!dad && lla != NULL) {
		memcpy(who.a, p->ip6.src, 16);
		neigh_learn(n, &who, lla, now_us, for_me);
	}
	if (!for_me || n->passive)
		return (0);
	neigh_solicited_node(n->my6.a, sn, snmac);
	if (memcmp(p->ip6.dst, n->my6.a, 16) != 0 &&
	    memcmp(p->ip6.dst, sn, 16) != 0)
		return (0);
	if (dad)	/* §7.2.4: answer a duplicate check to all nodes */
		return (neigh_nd_build(n, ND_NA, ND_NA_OVERRIDE, n->my6.a,
		    all_nodes, all_nodes_mac, ND_OPT_TLLA, out, cap));
	if (lla != NULL)
		dmac = lla;
	else if (p->layers & PKT_ETH)
		dmac = p->eth.src;
	else
		return (0);
	return (neigh_nd_build(n, ND_NA, ND_NA_SOLICITED | ND_NA_OVERRIDE,
	    n->my6.a, p->ip6.src, dmac, ND_OPT_TLLA, out, cap));
}

/* Whether p is ARP or an informational ICMPv6 message (RFC 4861's). */
int
neigh_wants(const struct pkt *p)
{
	return ((p->layers & PKT_ARP) || ((p->layers & PKT_ICMP6) &&
	    p->icmp.type >= 128));
}

/* Learn from an inbound frame; write the reply it calls for into out. */
size_t
neigh_input(struct neigh *n, const struct pkt *p, uint8_t *out, size_t cap,
    uint64_t now_us)
{
	if (p->layers & PKT_ARP)
		return (neigh_arp_input(n, p, out, cap, now_us));
	if ((p->layers & (PKT_IP6 | PKT_ICMP6)) == (PKT_IP6 | PKT_ICMP6))
		return (neigh_nd_input(n, p, out, cap, now_us));
	return (0);
}

/* Write an ARP request or neighbour solicitation for a into out. */
size_t
neigh_request(const struct neigh *n, const struct addr *a, uint8_t *out,
    size_t cap)
{
	static const uint8_t	 bcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff,
				    0xff };
	uint8_t			 sn[16], snmac[6];

	if (a->family == 6) {
		if (!n->has6)
			return (0);
		neigh_solicited_node(a->a, sn, snmac);
		return (neigh_nd_build(n, ND_NS, 0, a->a, sn, snmac,
		    ND_OPT_SLLA, out, cap));
	}
	if (a->family != 4 || !n->has4)
		return (0);
	return (neigh_arp_build(n, ARP_OP_REQUEST, bcast, NULL, a->a, out,
	    cap));
}
