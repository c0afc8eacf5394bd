/*
 * core/wire-build.c - wire_build(): encode a struct pkt into bytes, filling
 * in lengths and checksums (RFC 791 header checksum, RFC 9293/768/4443
 * pseudo-header checksums) unless the caller asks to keep them.
 */
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "core/wire-int.h"

/* An output buffer being filled. */
struct wbuf {
	uint8_t		*p;
	size_t		 cap;
	size_t		 n;
	char		*err;
	size_t		 errlen;
};

static int	wb_put(struct wbuf *w, const void *src, size_t len);
static int	wb_u8(struct wbuf *w, uint8_t v);
static int	wb_be16(struct wbuf *w, uint16_t v);
static int	wb_be32(struct wbuf *w, uint32_t v);
static void	wb_set16(struct wbuf *w, size_t off, uint16_t v);
static int	wb_fail(struct wbuf *w, const char *what);
static int	build_link(const struct pkt *p, struct wbuf *w);
static int	build_arp(const struct arp_hdr *a, struct wbuf *w);
static int	build_ip4(const struct pkt *p, struct wbuf *w);
static int	build_ip6(const struct pkt *p, struct wbuf *w);
static int	build_l4(const struct pkt *p, struct wbuf *w, unsigned flags);
static void	build_l4_fix(const struct pkt *p, struct wbuf *w, size_t l4,
		    unsigned flags);
static void	build_net_fix(const struct pkt *p, struct wbuf *w,
		    size_t l3, size_t l4, unsigned flags);
static int	pkt_is_frag(const struct pkt *p);

/* Say that the buffer is too small for what; returns -1. */
static int
wb_fail(struct wbuf *w, const char *what)
{
	snprintf(w->err, w->errlen, "wire: buffer of %zu bytes too small "
	    "for the %s", w->cap, what);
	return (-1);
}

/* Append len bytes of src (zeros when src is NULL); returns 0 or -1. */
static int
wb_put(struct wbuf *w, const void *src, size_t len)
{
	if (len > w->cap - w->n)
		return (-1);
	if (len == 0)
		return (0);
	if (src != NULL)
		memcpy(w->p + w->n, src, len);
	else
		memset(w->p + w->n, 0, len);
	w->n += len;
	return (0);
}

/* Append one byte; returns 0 or -1. */
static int
wb_u8(struct wbuf *w, uint8_t v)
{
	return (wb_put(w, &v, 1));
}

/* Append a big-endian 16-bit word; returns 0 or -1. */
static int
wb_be16(struct wbuf *w, uint16_t v)
{
	uint8_t	b[2] = { v >> 8, v & 0xff };

	return (wb_put(w, b, 2));
}

/* Append a big-endian 32-bit word; returns 0 or -1. */
static int
wb_be32(struct wbuf *w, uint32_t v)
{
	uint8_t	b[4] = { v >> 24, (v >> 16) & 0xff, (v >> 8) & 0xff,
		    v & 0xff };

	return (wb_put(w, b, 4));
}

/* Overwrite the 16-bit word at off (already written) big-endian. */
static void
wb_set16(struct wbuf *w, size_t off, uint16_t v)
{
	if (off + 2 <= w->n) {
		w->p[off] = v >> 8;
		w->p[off + 1] = v & 0xff;
	}
}

/* Whether p's network layer says its datagram is a fragment. */
static int
pkt_is_frag(const struct pkt *p)
{
	int	i;

	if (p->layers & PKT_IP4)
		return ((p->ip4.frag & (IP4_MF | IP4_OFFMASK)) != 0);
	for (i = 0; i < p->ip6.n_ext && i < WIRE_MAX_IP6EXT; i++) {
		if (p->ip6.ext[i].type == IPPROTO_FRAGMENT_ &&
		    p->ip6.ext[i].len >= 4 && p->ip6.ext[i].data != NULL &&
		    (p->ip6.ext[i].data[2] != 0 ||
		    (p->ip6.ext[i].data[3] & 0xf9) != 0))
			return (1);
	}
	return (0);
}

/* Encode p into buf of cap bytes; returns the length, or -1 with err. */
ssize_t
wire_build(const struct pkt *p, unsigned flags, uint8_t *buf, size_t cap,
    char *err, size_t errlen)
{
	struct wbuf	w;
	size_t		l3, l4;

	w.p = buf;
	w.cap = buf != NULL ? cap : 0;
	w.n = 0;
	w.err = err;
	w.errlen = errlen;
	if (errlen > 0)
		err[0] = '\0';
	if (build_link(p, &w) != 0)
		return (-1);
	l3 = w.n;
	if (p->layers & PKT_ARP) {
		if (build_arp(&p->arp, &w) != 0)
			return (-1);
	} else if (p->layers & (PKT_IP4 | PKT_IP6)) {
		if ((p->layers & PKT_IP4) ? build_ip4(p, &w) :
		    build_ip6(p, &w))
			return (-1);
		l4 = w.n;
		if (build_l4(p, &w, flags) != 0)
			return (-1);
		if (wb_put(&w, p->payload, p->payload_len) != 0)
			return (wb_fail(&w, "payload"));
		build_net_fix(p, &w, l3, l4, flags);
		build_l4_fix(p, &w, l4, flags);
	} else if (wb_put(&w, p->payload, p->payload_len) != 0)
		return (wb_fail(&w, "payload"));
	if (wb_put(&w, p->trailer, p->trailer_len) != 0)
		return (wb_fail(&w, "link trailer"));
	return ((ssize_t)w.n);
}

/* Write the link-layer header for p->dlt, with p's VLAN tags on Ethernet. */
static int
build_link(const struct pkt *p, struct wbuf *w)
{
	uint32_t	fam;
	int		i;

	switch (p->dlt) {
	case WIRE_DLT_EN10MB:
		if (!(p->layers & PKT_ETH)) {
			snprintf(w->err, w->errlen, "wire: Ethernet link "
			    "type but no Ethernet layer");
			return (-1);
		}
		if (wb_put(w, p->eth.dst, 6) != 0 ||
		    wb_put(w, p->eth.src, 6) != 0 ||
		    wb_be16(w, p->n_vlan > 0 ? p->vlan[0].tpid : p->eth.type) != 0)
			return (wb_fail(w, "Ethernet header"));
		for (i = 0; i < p->n_vlan && i < WIRE_MAX_VLAN; i++)
			if (wb_be16(w, p->vlan[i].tci) != 0 ||
			    wb_be16(w, i + 1 < p->n_vlan ? p->vlan[i + 1].tpid :
			    p->ethertype) != 0)
				return (wb_fail(w, "VLAN tag"));
		return (0);
	case WIRE_DLT_RAW:
		return (0);
	case WIRE_DLT_NULL:
		/* AF_INET or AF_INET6 as this host numbers them, host order. */
		fam = (p->layers & PKT_IP6) ? AF_INET6 : AF_INET;
		if (wb_put(w, &fam, 4) != 0)
			return (wb_fail(w, "loopback header"));
		return (0);
	case WIRE_DLT_LINUX_SLL:
		snprintf(w->err, w->errlen, "wire: cannot build SLL (Linux "
		    "cooked) frames; use Ethernet or raw IP");
		return (-1);
	}
	snprintf(w->err, w->errlen, "wire: unsupported link type %d",
	    p->dlt);
	return (-1);
}

/* Write an ARP packet (RFC 826). */
static int
build_arp(const struct arp_hdr *a, struct wbuf *w)
{
	if (wb_be16(w, a->htype) != 0 || wb_be16(w, a->ptype) != 0 ||
	    wb_u8(w, a->hlen) != 0 || wb_u8(w, a->plen) != 0 ||
	    wb_be16(w, a->op) != 0 || wb_put(w, a->sha, 6) != 0 ||
	    wb_put(w, a->spa, 4) != 0 || wb_put(w, a->tha, 6) != 0 ||
	    wb_put(w, a->tpa, 4) != 0)
		return (wb_fail(w, "ARP packet"));
	return (0);
}

/* Write an IPv4 header (RFC 791); length and checksum come later. */
static int
build_ip4(const struct pkt *p, struct wbuf *w)
{
	const struct ip4_hdr	*ip = &p->ip4;

	if (ip->opt_len > 40 || ip->opt_len % 4 != 0 ||
	    (ip->opt_len != 0 && ip->opt == NULL)) {
		snprintf(w->err, w->errlen, "ip: %zu option bytes (want a "
		    "multiple of 4, at most 40)", ip->opt_len);
		return (-1);
	}
	if (wb_u8(w, (uint8_t)(0x40 | (ip->ihl & 0x0f))) != 0 ||
	    wb_u8(w, ip->tos) != 0 || wb_be16(w, ip->tot_len) != 0 ||
	    wb_be16(w, ip->id) != 0 || wb_be16(w, ip->frag) != 0 ||
	    wb_u8(w, ip->ttl) != 0 || wb_u8(w, ip->proto) != 0 ||
	    wb_be16(w, ip->cksum) != 0 || wb_put(w, ip->src, 4) != 0 ||
	    wb_put(w, ip->dst, 4) != 0 || wb_put(w, ip->opt, ip->opt_len) != 0)
		return (wb_fail(w, "IPv4 header"));
	return (0);
}

/* Write an IPv6 header (RFC 8200) and its extension headers, raw. */
static int
build_ip6(const struct pkt *p, struct wbuf *w)
{
	const struct ip6_hdr	*ip = &p->ip6;
	uint32_t		 w0;
	int			 i;

	if (ip->n_ext < 0 || ip->n_ext > WIRE_MAX_IP6EXT) {
		snprintf(w->err, w->errlen, "ip6: %d extension headers "
		    "(want 0-%d)", ip->n_ext, WIRE_MAX_IP6EXT);
		return (-1);
	}
	w0 = 6U << 28 | (uint32_t)ip->tclass << 20 | (ip->flow & 0xfffff);
	if (wb_be32(w, w0) != 0 || wb_be16(w, ip->plen) != 0 ||
	    wb_u8(w, ip->n_ext != 0 ? ip->nxt : ip->proto) != 0 ||
	    wb_u8(w, ip->hlim) != 0 || wb_put(w, ip->src, 16) != 0 ||
	    wb_put(w, ip->dst, 16) != 0)
		return (wb_fail(w, "IPv6 header"));
	for (i = 0; i < ip->n_ext; i++) {
		if (ip->ext[i].len != 0 && ip->ext[i].data == NULL) {
			snprintf(w->err, w->errlen, "ip6: extension header "
			    "%d has length %zu but no data", i,
			    ip->ext[i].len);
			return (-1);
		}
		if (wb_put(w, ip->ext[i].data, ip->ext[i].len) != 0)
			return (wb_fail(w, "IPv6 extension headers"));
	}
	return (0);
}

/* Write the transport header p holds, if any; lengths and sums come later. */
static int
build_l4(const struct pkt *p, struct wbuf *w, unsigned flags)
{
	const struct tcp_hdr	*th = &p->tcp;
	const struct udp_hdr	*uh = &p->udp;
	const struct icmp_hdr	*ic = &p->icmp;
	uint8_t			 opt[40];
	int			 olen, hl;

	if (p->layers & PKT_TCP) {
		if ((olen = wire_tcpopt_build(th, opt, sizeof opt, w->err,
		    w->errlen)) < 0)
			return (-1);
		/* Pad with EOL (zero) bytes to a 32-bit boundary. */
		hl = 20 + (olen + 3) / 4 * 4;
		memset(opt + olen, 0, (size_t)(hl - 20 - olen));
		if (wb_be16(w, th->sport) != 0 || wb_be16(w, th->dport) != 0 ||
		    wb_be32(w, th->seq) != 0 || wb_be32(w, th->ack) != 0 ||
		    wb_u8(w, (uint8_t)(((flags & WIRE_KEEP_LEN) ? th->doff :
		    hl / 4) << 4 | (th->res & 7) << 1 |
		    ((th->flags >> 8) & 1))) != 0 ||
		    wb_u8(w, th->flags & 0xff) != 0 ||
		    wb_be16(w, th->win) != 0 || wb_be16(w, th->cksum) != 0 ||
		    wb_be16(w, th->urp) != 0 ||
		    wb_put(w, opt, (size_t)hl - 20) != 0)
			return (wb_fail(w, "TCP header"));
	} else if (p->layers & PKT_UDP) {
		if (wb_be16(w, uh->sport) != 0 || wb_be16(w, uh->dport) != 0 ||
		    wb_be16(w, uh->len) != 0 || wb_be16(w, uh->cksum) != 0)
			return (wb_fail(w, "UDP header"));
	} else if (p->layers & (PKT_ICMP | PKT_ICMP6)) {
		if (wb_u8(w, ic->type) != 0 || wb_u8(w, ic->code) != 0 ||
		    wb_be16(w, ic->cksum) != 0 || wb_put(w, ic->rest, 4) != 0)
			return (wb_fail(w, "ICMP header"));
	}
	return (0);
}

/* Fill in the IP header's lengths and checksum now the packet is written. */
static void
build_net_fix(const struct pkt *p, struct wbuf *w, size_t l3, size_t l4,
    unsigned flags)
{
	size_t	hl = l4 - l3, end = w->n;

	if (p->layers & PKT_IP4) {
		if (!(flags & WIRE_KEEP_LEN)) {
			w->p[l3] = (uint8_t)(0x40 | (hl / 4));
			wb_set16(w, l3 + 2, (uint16_t)(end - l3));
		}
		if (!(flags & WIRE_KEEP_CKSUM)) {
			wb_set16(w, l3 + 10, 0);
			wb_set16(w, l3 + 10, wire_fold(wire_sum(w->p + l3,
			    hl, 0)));
		}
	} else if (!(flags & WIRE_KEEP_LEN))
		wb_set16(w, l3 + 4, (uint16_t)(end - l3 - 40));
}

/*
 * Fill in the transport length and checksum now the payload is written.  A
 * fragment's UDP length and checksum cover bytes we do not have, so they are
 * kept as given.
 */
static void
build_l4_fix(const struct pkt *p, struct wbuf *w, size_t l4, unsigned flags)
{
	size_t		len = w->n - l4;
	uint32_t	sum;
	uint16_t	ck;
	size_t		at;
	uint8_t		proto;

	if (p->layers & PKT_TCP) {
		at = l4 + 16;
		proto = IPPROTO_TCP_;
	} else if (p->layers & PKT_UDP) {
		at = l4 + 6;
		proto = IPPROTO_UDP_;
		if (!(flags & WIRE_KEEP_LEN) && !pkt_is_frag(p))
			wb_set16(w, l4 + 4, (uint16_t)len);
	} else if (p->layers & PKT_ICMP) {
		at = l4 + 2;
		proto = IPPROTO_ICMP_;
	} else if (p->layers & PKT_ICMP6) {
		at = l4 + 2;
		proto = IPPROTO_ICMPV6_;
	} else
		return;
	if ((flags & WIRE_KEEP_CKSUM) || pkt_is_frag(p))
		return;
	wb_set16(w, at, 0);
	sum = proto == IPPROTO_ICMP_ ? 0 : wire_pkt_pseudo(p, proto, len);
	ck = wire_fold(wire_sum(w->p + l4, len, sum));
	if (ck == 0 && proto == IPPROTO_UDP_)
		ck = 0xffff;	/* RFC 768: zero means "no checksum" */
	wb_set16(w, at, ck);
}
