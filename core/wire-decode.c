/*
 * core/wire-decode.c - wire_decode(): the link layers (Ethernet II with
 * IEEE 802.1Q / 802.1ad VLAN tags, BSD and OpenBSD loopback, raw IP, Linux
 * cooked v1 and v2), ARP (RFC 826) and the dispatch to the network layer.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/wire-int.h"

static int	wire_decode_link(struct pkt *p, struct wrd *r, size_t *off);
static int	wire_decode_null(struct pkt *p, struct wrd *r);
static int	wire_is_vlan(uint16_t type);
static int	wire_decode_vlan(struct pkt *p, struct wrd *r, size_t *off,
		    int cooked);
static int	wire_decode_net(struct pkt *p, struct wrd r, size_t wire,
		    int how);

/* Set p->err from a format; returns -1. */
int
wire_errf(struct pkt *p, const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	vsnprintf(p->err, sizeof p->err, fmt, ap);
	va_end(ap);
	return (-1);
}

/* Whether wire_decode() knows link type dlt (WIRE_DLT_*). */
bool
wire_dlt_known(int dlt)
{
	switch (dlt) {
	case WIRE_DLT_NULL:
	case WIRE_DLT_EN10MB:
	case WIRE_DLT_RAW:
	case WIRE_DLT_LOOP:
	case WIRE_DLT_LINUX_SLL:
	case WIRE_DLT_IPV4:
	case WIRE_DLT_IPV6:
	case WIRE_DLT_LINUX_SLL2:
		return (true);
	}
	return (false);
}

/*
 * Decode len captured bytes (wirelen on the wire) of link type dlt into p;
 * how: WIRE_L4_BUILT when wire_build() made them (wire_decode_built), else 0.
 */
static int
wire_decode_as(struct pkt *p, int dlt, const uint8_t *buf, size_t len,
    size_t wirelen, int how)
{
	struct wrd	r = wrd_make(buf, len);
	size_t		off = 0;

	memset(p, 0, sizeof *p);
	p->dlt = dlt;
	p->caplen = r.len;
	p->wirelen = wirelen < r.len ? r.len : wirelen;
	if (wire_decode_link(p, &r, &off) != 0)
		return (-1);
	p->linklen = off;
	return (wire_decode_net(p, wrd_sub(&r, off, r.len),
	    p->wirelen - off, how));
}

/* Decode len captured bytes (wirelen on the wire) of link type dlt into p. */
int
wire_decode(struct pkt *p, int dlt, const uint8_t *buf, size_t len,
    size_t wirelen)
{
	return (wire_decode_as(p, dlt, buf, len, wirelen, 0));
}

/* Decode a frame wire_build() made, its checksums not summed again. */
int
wire_decode_built(struct pkt *p, const uint8_t *buf, size_t len)
{
	return (wire_decode_as(p, WIRE_DLT_EN10MB, buf, len, len,
	    WIRE_L4_BUILT));
}

/* Decode the link-layer header: set p->ethertype and its length in *off. */
static int
wire_decode_link(struct pkt *p, struct wrd *r, size_t *off)
{
	uint8_t	v;

	switch (p->dlt) {
	case WIRE_DLT_EN10MB:
		if (!wrd_has(r, 0, 14))
			return (wire_errf(p, "eth: truncated header: %zu of "
			    "14 bytes captured", r->len));
		wrd_copy(r, 0, p->eth.dst, 6);
		wrd_copy(r, 6, p->eth.src, 6);
		p->eth.type = p->ethertype = wrd_be16(r, 12);
		p->layers |= PKT_ETH;
		*off = 14;
		return (wire_decode_vlan(p, r, off, 0));
	case WIRE_DLT_RAW:
	case WIRE_DLT_IPV4:
	case WIRE_DLT_IPV6:
		/* tcpdump goes by the version nibble, whatever the type says. */
		if (!wrd_has(r, 0, 1))
			return (wire_errf(p, "raw: empty packet"));
		v = wrd_u8(r, 0) >> 4;
		if (v == 4)
			p->ethertype = ETHERTYPE_IPV4;
		else if (v == 6)
			p->ethertype = ETHERTYPE_IPV6;
		else
			return (wire_errf(p, "raw: bad IP version %u at "
			    "offset 0", v));
		*off = 0;
		return (0);
	case WIRE_DLT_NULL:
	case WIRE_DLT_LOOP:
		*off = 4;
		return (wire_decode_null(p, r));
	case WIRE_DLT_LINUX_SLL:
		if (!wrd_has(r, 0, 16))
			return (wire_errf(p, "sll: truncated header: %zu of "
			    "16 bytes captured", r->len));
		p->sll.pkttype = wrd_be16(r, 0);
		p->sll.hatype = wrd_be16(r, 2);
		p->sll.proto = p->ethertype = wrd_be16(r, 14);
		p->layers |= PKT_SLL;
		*off = 16;
		return (wire_decode_vlan(p, r, off, 1));
	case WIRE_DLT_LINUX_SLL2:
		if (!wrd_has(r, 0, 20))
			return (wire_errf(p, "sll2: truncated header: %zu of "
			    "20 bytes captured", r->len));
		p->sll.proto = p->ethertype = wrd_be16(r, 0);
		p->sll.ifindex = wrd_be32(r, 4);
		p->sll.hatype = wrd_be16(r, 8);
		p->sll.pkttype = wrd_u8(r, 10);
		p->layers |= PKT_SLL;
		*off = 20;
		return (wire_decode_vlan(p, r, off, 1));
	}
	/* Not ours to decode: the whole frame is payload. */
	p->payload = r->p;
	p->payload_len = p->payload_wire = r->len;
	return (wire_errf(p, "wire: unsupported link type %d", p->dlt));
}

/* Whether type is the TPID of an 802.1Q or 802.1ad tag. */
static int
wire_is_vlan(uint16_t type)
{
	return (type == ETHERTYPE_8021Q || type == ETHERTYPE_8021AD ||
	    type == ETHERTYPE_8021Q9100 || type == ETHERTYPE_8021Q9200);
}

/*
 * Decode the 802.1Q / 802.1ad tags at *off (a QinQ stack, outer first) and
 * leave p->ethertype at the type they carry; a Linux cooked header (cooked)
 * carries only 802.1Q tags, as tcpdump reads it.
 */
static int
wire_decode_vlan(struct pkt *p, struct wrd *r, size_t *off, int cooked)
{
	struct vlan_tag	*t;

	while (cooked ? p->ethertype == ETHERTYPE_8021Q :
	    wire_is_vlan(p->ethertype)) {
		if (p->n_vlan == WIRE_MAX_VLAN)
			return (wire_errf(p, "vlan: more than %d tags",
			    WIRE_MAX_VLAN));
		if (!wrd_has(r, *off, 4))
			return (wire_errf(p, "vlan: truncated tag at offset "
			    "%zu: %zu of 4 bytes captured", *off,
			    r->len > *off ? r->len - *off : 0));
		t = &p->vlan[p->n_vlan++];
		t->tpid = p->ethertype;
		t->tci = wrd_be16(r, *off);
		p->ethertype = wrd_be16(r, *off + 2);
		*off += 4;
	}
	return (0);
}

/*
 * Decode a BSD loopback header: an address family in the capturing host's
 * byte order (AF_INET is 2 everywhere, AF_INET6 is 10, 24, 28 or 30).
 */
static int
wire_decode_null(struct pkt *p, struct wrd *r)
{
	uint32_t	fam;

	if (!wrd_has(r, 0, 4))
		return (wire_errf(p, "null: truncated header: %zu of 4 bytes "
		    "captured", r->len));
	if (wrd_u8(r, 0) == 0 && wrd_u8(r, 1) == 0)
		fam = wrd_be32(r, 0);
	else
		fam = (uint32_t)wrd_u8(r, 3) << 24 |
		    (uint32_t)wrd_u8(r, 2) << 16 |
		    (uint32_t)wrd_u8(r, 1) << 8 | wrd_u8(r, 0);
	switch (fam) {
	case 2:
		p->ethertype = ETHERTYPE_IPV4;
		return (0);
	case 10:
	case 24:
	case 28:
	case 30:
		p->ethertype = ETHERTYPE_IPV6;
		return (0);
	}
	return (wire_errf(p, "null: unknown address family %u at offset 0",
	    fam));
}

/* The network layer named by p->ethertype, from r; how: as wire_decode_as(). */
static int
wire_decode_net(struct pkt *p, struct wrd r, size_t wire, int how)
{
	p->l3 = r.p;
	switch (p->ethertype) {
	case ETHERTYPE_IPV4:
		return (wire_decode_ip4(p, r, wire, how));
	case ETHERTYPE_IPV6:
		return (wire_decode_ip6(p, r, wire, how));
	case ETHERTYPE_ARP:
		return (wire_decode_arp(p, r));
	}
	/* Not ours to decode: hand the rest over as payload. */
	p->l3 = NULL;
	p->payload = r.p;
	p->payload_len = r.len;
	p->payload_wire = wire;
	return (0);
}

/* Decode an ARP packet for Ethernet/IPv4 (RFC 826) from r into p. */
int
wire_decode_arp(struct pkt *p, struct wrd r)
{
	struct arp_hdr	*a = &p->arp;

	if (!wrd_has(&r, 0, 8))
		return (wire_errf(p, "arp: truncated header: %zu of 8 bytes "
		    "captured", r.len));
	a->htype = wrd_be16(&r, 0);
	a->ptype = wrd_be16(&r, 2);
	a->hlen = wrd_u8(&r, 4);
	a->plen = wrd_u8(&r, 5);
	a->op = wrd_be16(&r, 6);
	if (a->htype != 1 || a->ptype != ETHERTYPE_IPV4 || a->hlen != 6 ||
	    a->plen != 4)
		return (wire_errf(p, "arp: hardware type %u, protocol 0x%04x, "
		    "lengths %u/%u are not Ethernet/IPv4 (1, 0x0800, 6/4)",
		    a->htype, a->ptype, a->hlen, a->plen));
	if (!wrd_has(&r, 0, 28))
		return (wire_errf(p, "arp: truncated addresses: %zu of 28 "
		    "bytes captured", r.len));
	wrd_copy(&r, 8, a->sha, 6);
	wrd_copy(&r, 14, a->spa, 4);
	wrd_copy(&r, 18, a->tha, 6);
	wrd_copy(&r, 24, a->tpa, 4);
	p->layers |= PKT_ARP;
	if (r.len > 28) {
		p->trailer = wrd_ptr(&r, 28, r.len - 28);
		p->trailer_len = r.len - 28;
	}
	return (0);
}
