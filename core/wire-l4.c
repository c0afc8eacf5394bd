/*
 * core/wire-l4.c - decoding the transport layer: TCP (RFC 9293) headers,
 * UDP (RFC 768) headers, and the dispatch to ICMP; transport checksums are
 * judged against the pseudo-header (RFC 9293 section 3.1, RFC 8200 8.1).
 */
#include "core/wire-int.h"

static int	wire_decode_tcp(struct pkt *p, struct wrd r, int how);
static int	wire_decode_udp(struct pkt *p, struct wrd r, int how);
static void	wire_payload(struct pkt *p, const struct wrd *r, size_t hl);

/* Decode the transport layer proto from r (p->l4_len bytes on the wire). */
int
wire_decode_l4(struct pkt *p, uint8_t proto, struct wrd r, int how)
{
	p->l4 = r.p;
	switch (proto) {
	case IPPROTO_TCP_:
		return (wire_decode_tcp(p, r, how));
	case IPPROTO_UDP_:
		return (wire_decode_udp(p, r, how));
	case IPPROTO_ICMP_:
		if (p->layers & PKT_IP4)
			return (wire_decode_icmp(p, r, how, 0));
		break;
	case IPPROTO_ICMPV6_:
		if (p->layers & PKT_IP6)
			return (wire_decode_icmp(p, r, how, 1));
		break;
	}
	/* A protocol we do not decode: its bytes are the payload. */
	wire_payload(p, &r, 0);
	return (0);
}

/* Point p's payload at what follows hl header bytes of the transport r. */
static void
wire_payload(struct pkt *p, const struct wrd *r, size_t hl)
{
	p->payload = wrd_ptr(r, hl, 0);
	p->payload_len = r->len - hl;
	p->payload_wire = p->l4_len - hl;
}

/* Decode a TCP header (RFC 9293 section 3.1) and its options from r. */
static int
wire_decode_tcp(struct pkt *p, struct wrd r, int how)
{
	struct tcp_hdr	*th = &p->tcp;
	unsigned	 hl;
	uint8_t		 b12;

	/* A first fragment may end inside the header: it is not malformed. */
	if (p->l4_len < 20 && (how & WIRE_L4_FRAG))
		return (0);
	if (p->l4_len < 20)
		return (wire_errf(p, "tcp: IP payload of %zu bytes is shorter "
		    "than a TCP header (20)", p->l4_len));
	if (!wrd_has(&r, 0, 20))
		return (wire_errf(p, "tcp: truncated header: %zu of 20 bytes "
		    "captured", r.len));
	th->sport = wrd_be16(&r, 0);
	th->dport = wrd_be16(&r, 2);
	th->seq = wrd_be32(&r, 4);
	th->ack = wrd_be32(&r, 8);
	b12 = wrd_u8(&r, 12);
	th->doff = b12 >> 4;
	th->res = (b12 >> 1) & 0x7;
	th->flags = (uint16_t)((b12 & 0x1) << 8 | wrd_u8(&r, 13));
	th->win = wrd_be16(&r, 14);
	th->cksum = wrd_be16(&r, 16);
	th->urp = wrd_be16(&r, 18);
	hl = th->doff * 4U;
	if (th->doff < 5)
		return (wire_errf(p, "tcp: data offset %u (%u bytes) < 5 "
		    "(20 bytes)", th->doff, hl));
	if (hl > p->l4_len)
		return (wire_errf(p, "tcp: data offset %u (%u bytes) runs past "
		    "the segment (%zu bytes)", th->doff, hl, p->l4_len));
	if (!wrd_has(&r, 0, hl))
		return (wire_errf(p, "tcp: truncated options: %zu of %u header "
		    "bytes captured", r.len, hl));
	if (wire_tcpopt_parse(th, wrd_sub(&r, 20, hl - 20), 20, p->err,
	    sizeof p->err) != 0)
		return (-1);
	th->cksum_ok = wire_cksum_judge(p, &r, IPPROTO_TCP_, th->cksum, how,
	    1);
	p->layers |= PKT_TCP;
	wire_payload(p, &r, hl);
	return (0);
}

/* Decode a UDP header (RFC 768) from r. */
static int
wire_decode_udp(struct pkt *p, struct wrd r, int how)
{
	struct udp_hdr	*uh = &p->udp;

	if (p->l4_len < 8)
		return (wire_errf(p, "udp: IP payload of %zu bytes is shorter "
		    "than a UDP header (8)", p->l4_len));
	if (!wrd_has(&r, 0, 8))
		return (wire_errf(p, "udp: truncated header: %zu of 8 bytes "
		    "captured", r.len));
	uh->sport = wrd_be16(&r, 0);
	uh->dport = wrd_be16(&r, 2);
	uh->len = wrd_be16(&r, 4);
	uh->cksum = wrd_be16(&r, 6);
	if (uh->len < 8)
		return (wire_errf(p, "udp: length %u < 8", uh->len));
	/* A first fragment's length is the whole datagram's. */
	if (!(how & WIRE_L4_FRAG) && uh->len != p->l4_len)
		return (wire_errf(p, "udp: length %u != IP payload length %zu",
		    uh->len, p->l4_len));
	if (uh->cksum == 0 && (p->layers & PKT_IP4))
		uh->cksum_ok = CK_NONE;		/* RFC 768: no checksum */
	else if (uh->cksum == 0)
		uh->cksum_ok = CK_BAD;		/* RFC 8200 8.1: mandatory */
	else
		uh->cksum_ok = wire_cksum_judge(p, &r, IPPROTO_UDP_,
		    uh->cksum, how, 1);
	p->layers |= PKT_UDP;
	wire_payload(p, &r, 8);
	return (0);
}
