/*
 * core/wire-ip.c - decoding IPv4 (RFC 791) with its options and header
 * checksum, and IPv6 (RFC 8200) with its extension header chain
 * (hop-by-hop, routing, fragment, destination options) and jumbograms
 * (RFC 2675).  A packet shorter than its IP length says is decoded as far
 * as it goes, with the missing bytes counted (p->ip_missing).
 */
#include <string.h>

#include "core/wire-int.h"

static const char	*ip6_ext_name(uint8_t type);
static int		 ip6_is_ext(uint8_t type);
static int		 ip6_walk(struct pkt *p, const struct wrd *pl,
			    size_t plen, size_t *off, uint8_t *nxt, int *mf);
static uint32_t		 ip6_jumbo(const struct wrd *r);
static void		 wire_trailer(struct pkt *p, const struct wrd *r,
			    size_t used);

/* Keep the captured bytes of r after the first used as link padding. */
static void
wire_trailer(struct pkt *p, const struct wrd *r, size_t used)
{
	if (r->len > used) {
		p->trailer = wrd_ptr(r, used, r->len - used);
		p->trailer_len = r->len - used;
	}
}

/*
 * Decode an IPv4 packet (RFC 791) and what it carries from r into p;
 * built: WIRE_L4_BUILT (wire_build() made it) or 0.
 */
int
wire_decode_ip4(struct pkt *p, struct wrd r, size_t wire, int built)
{
	struct ip4_hdr	*ip = &p->ip4;
	struct wrd	 l4;
	unsigned	 v, hl;
	int		 how;

	if (!wrd_has(&r, 0, 20))
		return (wire_errf(p, "ip: truncated header: %zu of 20 bytes "
		    "captured", r.len));
	v = wrd_u8(&r, 0) >> 4;
	if (v != 4)
		return (wire_errf(p, "ip: version %u in an IPv4 header "
		    "(offset 0)", v));
	ip->ihl = wrd_u8(&r, 0) & 0x0f;
	hl = ip->ihl * 4U;
	if (ip->ihl < 5)
		return (wire_errf(p, "ip: header length %u (ihl %u) < 20",
		    hl, ip->ihl));
	ip->tos = wrd_u8(&r, 1);
	ip->tot_len = wrd_be16(&r, 2);
	ip->id = wrd_be16(&r, 4);
	ip->frag = wrd_be16(&r, 6);
	ip->ttl = wrd_u8(&r, 8);
	ip->proto = wrd_u8(&r, 9);
	ip->cksum = wrd_be16(&r, 10);
	wrd_copy(&r, 12, ip->src, 4);
	wrd_copy(&r, 16, ip->dst, 4);
	if (ip->tot_len < hl)
		return (wire_errf(p, "ip: total length %u < header length %u",
		    ip->tot_len, hl));
	/* Shorter than it says: tcpdump's "truncated-ip", decoded as far as it goes. */
	if (ip->tot_len > wire)
		p->ip_missing = ip->tot_len - wire;
	if (!wrd_has(&r, 0, hl))
		return (wire_errf(p, "ip: truncated options: %zu of %u header "
		    "bytes captured", r.len, hl));
	ip->opt = wrd_ptr(&r, 20, hl - 20);
	ip->opt_len = hl - 20;
	ip->cksum_ok = wire_fold(wire_sum(r.p, hl, 0)) == 0 ? CK_OK : CK_BAD;
	p->layers |= PKT_IP4;
	wire_trailer(p, &r, ip->tot_len);

	l4 = wrd_sub(&r, hl, ip->tot_len - hl);
	if ((ip->frag & IP4_OFFMASK) != 0) {
		/* A later fragment: no transport header, only data. */
		p->payload = l4.p;
		p->payload_len = l4.len;
		p->payload_wire = ip->tot_len - hl;
		return (0);
	}
	p->l4_len = ip->tot_len - hl;
	how = built | (l4.len == p->l4_len ?
	    WIRE_L4_COMPLETE : 0);
	if (ip->frag & IP4_MF)
		how |= WIRE_L4_FRAG;
	return (wire_decode_l4(p, ip->proto, l4, how));
}

/* Whether type is an extension header we walk. */
static int
ip6_is_ext(uint8_t type)
{
	return (type == IPPROTO_HOPOPTS_ || type == IPPROTO_ROUTING_ ||
	    type == IPPROTO_FRAGMENT_ || type == IPPROTO_DSTOPTS_);
}

/* The name of an extension header type, for messages. */
static const char *
ip6_ext_name(uint8_t type)
{
	switch (type) {
	case IPPROTO_HOPOPTS_:
		return ("hop-by-hop");
	case IPPROTO_ROUTING_:
		return ("routing");
	case IPPROTO_FRAGMENT_:
		return ("fragment");
	}
	return ("destination options");
}

/*
 * Walk the extension headers at *off in the payload pl, recording each in
 * p->ip6.ext[]; stops at the upper layer or after a non-first fragment.
 */
static int
ip6_walk(struct pkt *p, const struct wrd *pl, size_t plen, size_t *off,
    uint8_t *nxt, int *mf)
{
	struct ip6_hdr	*ip = &p->ip6;
	struct ip6_ext	*e;
	size_t		 elen;
	uint16_t	 fo;

	while (ip6_is_ext(*nxt)) {
		if (ip->n_ext == WIRE_MAX_IP6EXT)
			return (wire_errf(p, "ip6: more than %d extension "
			    "headers", WIRE_MAX_IP6EXT));
		if (*off + 2 > plen)
			return (wire_errf(p, "ip6: %s header at offset %zu "
			    "starts past the payload length %zu",
			    ip6_ext_name(*nxt), 40 + *off, plen));
		if (!wrd_has(pl, *off, 2))
			return (wire_errf(p, "ip6: truncated %s header at "
			    "offset %zu", ip6_ext_name(*nxt), 40 + *off));
		if (*nxt == IPPROTO_FRAGMENT_)
			elen = 8;
		else
			elen = (wrd_u8(pl, *off + 1) + 1U) * 8;
		if (*off + elen > plen)
			return (wire_errf(p, "ip6: %s header at offset %zu has "
			    "length %zu, past the payload length %zu",
			    ip6_ext_name(*nxt), 40 + *off, elen, plen));
		if (!wrd_has(pl, *off, elen))
			return (wire_errf(p, "ip6: truncated %s header at "
			    "offset %zu: %zu of %zu bytes captured",
			    ip6_ext_name(*nxt), 40 + *off, pl->len - *off,
			    elen));
		e = &ip->ext[ip->n_ext++];
		e->type = *nxt;
		e->nxt = wrd_u8(pl, *off);
		e->data = wrd_ptr(pl, *off, elen);
		e->len = elen;
		*nxt = e->nxt;
		*off += elen;
		if (e->type == IPPROTO_FRAGMENT_) {
			fo = wrd_be16(pl, *off - elen + 2);
			ip->frag = true;
			ip->frag_off = fo >> 3;
			*mf = fo & 1;
			if (ip->frag_off != 0)
				break;
		}
	}
	return (0);
}

/*
 * Decode an IPv6 packet (RFC 8200) and what it carries from r into p;
 * built: WIRE_L4_BUILT (wire_build() made it) or 0.
 */
int
wire_decode_ip6(struct pkt *p, struct wrd r, size_t wire, int built)
{
	struct ip6_hdr	*ip = &p->ip6;
	struct wrd	 pl, l4;
	size_t		 off = 0, plen;
	uint32_t	 w0;
	unsigned	 v;
	uint8_t		 nxt;
	int		 mf = 0, how;

	if (!wrd_has(&r, 0, 40))
		return (wire_errf(p, "ip6: truncated header: %zu of 40 bytes "
		    "captured", r.len));
	w0 = wrd_be32(&r, 0);
	v = w0 >> 28;
	if (v != 6)
		return (wire_errf(p, "ip6: version %u in an IPv6 header "
		    "(offset 0)", v));
	ip->tclass = (w0 >> 20) & 0xff;
	ip->flow = w0 & 0xfffff;
	ip->plen = wrd_be16(&r, 4);
	ip->nxt = nxt = wrd_u8(&r, 6);
	ip->hlim = wrd_u8(&r, 7);
	wrd_copy(&r, 8, ip->src, 16);
	wrd_copy(&r, 24, ip->dst, 16);
	/*
	 * Payload length 0: an RFC 2675 jumbogram names its length in a
	 * hop-by-hop option; without one (Linux BIG TCP captures) the
	 * payload is what the frame holds.
	 */
	plen = ip->plen;
	if (plen == 0 && nxt == IPPROTO_HOPOPTS_ &&
	    (ip->jumbo = ip6_jumbo(&r)) != 0)
		plen = ip->jumbo;
	else if (plen == 0 && nxt != IPPROTO_NONE_)
		plen = wire - 40;
	if (40U + plen > wire)
		p->ip_missing = 40U + plen - wire;
	pl = wrd_sub(&r, 40, plen);
	if (ip6_walk(p, &pl, plen, &off, &nxt, &mf) != 0)
		return (-1);
	ip->proto = nxt;
	p->layers |= PKT_IP6;
	wire_trailer(p, &r, 40U + plen);

	l4 = wrd_sub(&pl, off, plen - off);
	if (ip->frag && ip->frag_off != 0) {
		p->payload = l4.p;
		p->payload_len = l4.len;
		p->payload_wire = plen - off;
		return (0);
	}
	p->l4_len = plen - off;
	how = built | (l4.len == p->l4_len ?
	    WIRE_L4_COMPLETE : 0);
	if (mf)
		how |= WIRE_L4_FRAG;
	return (wire_decode_l4(p, nxt, l4, how));
}

/*
 * The length in the jumbo payload option (RFC 2675) of the hop-by-hop
 * header after the fixed header in r, or 0 when it has none that tcpdump
 * takes as valid (the first one, 4 bytes long, at least 65536).
 */
static uint32_t
ip6_jumbo(const struct wrd *r)
{
	size_t	hlen, i, olen;
	uint8_t	type;

	if (!wrd_has(r, 40, 2))
		return (0);
	hlen = (wrd_u8(r, 41) + 1U) * 8;
	if (!wrd_has(r, 40, hlen))
		return (0);
	for (i = 42; i < 40 + hlen; i += olen) {
		type = wrd_u8(r, i);
		if (type == 0) {
			olen = 1;
			continue;
		}
		if (i + 2 > 40 + hlen)
			return (0);
		olen = wrd_u8(r, i + 1) + 2U;
		if (i + olen > 40 + hlen)
			return (0);
		if (type != 0xc2)
			continue;
		if (olen != 6 || wrd_be32(r, i + 2) < 65536)
			return (0);
		return (wrd_be32(r, i + 2));
	}
	return (0);
}

/*
 * The final destination of an IPv6 packet (RFC 8200 section 8.1): the last
 * address of a type 0 routing header or the address of a type 2 (RFC 6275)
 * one, segment 0 of a segment routing header (RFC 8754), else dst.
 */
const uint8_t *
wire_ip6_final_dst(const struct ip6_hdr *h)
{
	const struct ip6_ext	*e;
	struct wrd		 r;
	size_t			 n;
	int			 i;

	for (i = 0; i < h->n_ext && i < WIRE_MAX_IP6EXT; i++) {
		e = &h->ext[i];
		if (e->type != IPPROTO_ROUTING_)
			continue;
		r = wrd_make(e->data, e->len);
		if (!wrd_has(&r, 0, 24) || wrd_u8(&r, 3) == 0)
			continue;	/* no address, or segments left 0 */
		switch (wrd_u8(&r, 2)) {
		case 0:
			n = (r.len - 8) / 16;
			return (wrd_ptr(&r, 8 + (n - 1) * 16, 16));
		case 2:
		case 4:
			return (wrd_ptr(&r, 8, 16));
		}
	}
	return (h->dst);
}
