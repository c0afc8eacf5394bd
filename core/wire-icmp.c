/*
 * core/wire-icmp.c - decoding ICMP (RFC 792) and ICMPv6 (RFC 4443): the
 * 8-byte header, its checksum, and for error messages the IP header and
 * first transport bytes of the packet they quote.
 */
#include <string.h>

#include "core/wire-int.h"

static int	icmp_is_error(uint8_t type, int v6);
static void	icmp_quote4(struct icmp_quote *q, const struct wrd *b);
static void	icmp_quote6(struct icmp_quote *q, const struct wrd *b);
static void	icmp_quote_l4(struct icmp_quote *q, const struct wrd *t);

/* Whether an ICMP (v6 0) or ICMPv6 (v6 1) type quotes the offending packet. */
static int
icmp_is_error(uint8_t type, int v6)
{
	if (v6)
		return (type >= 1 && type <= 4);
	/* unreachable, source quench, redirect, time exceeded, parameter */
	return (type == 3 || type == 4 || type == 5 || type == 11 ||
	    type == 12);
}

/* Take the ports (and TCP sequence number) from a quoted transport header. */
static void
icmp_quote_l4(struct icmp_quote *q, const struct wrd *t)
{
	if (q->proto != IPPROTO_TCP_ && q->proto != IPPROTO_UDP_)
		return;
	if (wrd_has(t, 0, 4)) {
		q->has_ports = true;
		q->sport = wrd_be16(t, 0);
		q->dport = wrd_be16(t, 2);
	}
	if (q->proto == IPPROTO_TCP_ && wrd_has(t, 4, 4)) {
		q->has_seq = true;
		q->seq = wrd_be32(t, 4);
	}
}

/* Decode a quoted IPv4 header and what follows it in b. */
static void
icmp_quote4(struct icmp_quote *q, const struct wrd *b)
{
	unsigned	hl = (wrd_u8(b, 0) & 0x0f) * 4U;
	struct wrd	t;

	if (hl < 20 || !wrd_has(b, 0, hl))
		return;
	q->present = true;
	q->family = 4;
	q->proto = wrd_u8(b, 9);
	wrd_copy(b, 12, q->src, 4);
	wrd_copy(b, 16, q->dst, 4);
	if ((wrd_be16(b, 6) & IP4_OFFMASK) != 0)
		return;
	t = wrd_sub(b, hl, b->len);
	icmp_quote_l4(q, &t);
}

/* Decode a quoted IPv6 header, its extension headers and what follows. */
static void
icmp_quote6(struct icmp_quote *q, const struct wrd *b)
{
	struct wrd	t;
	size_t		off = 40, step;
	uint8_t		nxt;
	int		n;

	if (!wrd_has(b, 0, 40))
		return;
	q->present = true;
	q->family = 6;
	wrd_copy(b, 8, q->src, 16);
	wrd_copy(b, 24, q->dst, 16);
	nxt = wrd_u8(b, 6);
	for (n = 0; n < WIRE_MAX_IP6EXT; n++) {
		if (nxt != IPPROTO_HOPOPTS_ && nxt != IPPROTO_ROUTING_ &&
		    nxt != IPPROTO_FRAGMENT_ && nxt != IPPROTO_DSTOPTS_)
			break;
		if (!wrd_has(b, off, 8)) {
			q->proto = nxt;
			return;
		}
		if (nxt == IPPROTO_FRAGMENT_ &&
		    (wrd_be16(b, off + 2) >> 3) != 0) {
			q->proto = wrd_u8(b, off);
			return;
		}
		step = nxt == IPPROTO_FRAGMENT_ ? 8 :
		    (wrd_u8(b, off + 1) + 1U) * 8;
		nxt = wrd_u8(b, off);
		off += step;
	}
	q->proto = nxt;
	t = wrd_sub(b, off, b->len);
	icmp_quote_l4(q, &t);
}

/* Decode an ICMP (RFC 792) or ICMPv6 (RFC 4443) message from r into p. */
int
wire_decode_icmp(struct pkt *p, struct wrd r, int how, int v6)
{
	struct icmp_hdr	*ic = &p->icmp;
	const char	*name = v6 ? "icmp6" : "icmp";
	struct wrd	 body;

	if (p->l4_len < 8)
		return (wire_errf(p, "%s: IP payload of %zu bytes is shorter "
		    "than an ICMP header (8)", name, p->l4_len));
	if (!wrd_has(&r, 0, 8))
		return (wire_errf(p, "%s: truncated header: %zu of 8 bytes "
		    "captured", name, r.len));
	ic->type = wrd_u8(&r, 0);
	ic->code = wrd_u8(&r, 1);
	ic->cksum = wrd_be16(&r, 2);
	wrd_copy(&r, 4, ic->rest, 4);
	body = wrd_sub(&r, 8, r.len);
	ic->body = body.p;
	ic->body_len = body.len;
	ic->cksum_ok = wire_cksum_judge(p, &r, v6 ? IPPROTO_ICMPV6_ :
	    IPPROTO_ICMP_, ic->cksum, how, v6);
	if (icmp_is_error(ic->type, v6)) {
		if (wrd_u8(&body, 0) >> 4 == 4)
			icmp_quote4(&ic->quote, &body);
		else if (wrd_u8(&body, 0) >> 4 == 6)
			icmp_quote6(&ic->quote, &body);
	}
	p->layers |= v6 ? PKT_ICMP6 : PKT_ICMP;
	p->payload = body.p;
	p->payload_len = body.len;
	p->payload_wire = p->l4_len - 8;
	return (0);
}
