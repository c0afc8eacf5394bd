/*
 * core/seg.c - conversions between the codec's struct pkt and the engine's
 * struct seg, and address helpers.
 */
#include <arpa/inet.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/seg.h"

/* s's addresses, TTL and TOS from p's IPv4 or IPv6 header. */
static void
seg_ip(struct seg *s, const struct pkt *p)
{
	if (p->layers & PKT_IP4) {
		s->src.family = s->dst.family = 4;
		memcpy(s->src.a, p->ip4.src, 4);
		memcpy(s->dst.a, p->ip4.dst, 4);
		s->ttl = p->ip4.ttl;
		s->tos = p->ip4.tos;
	} else {
		s->src.family = s->dst.family = 6;
		memcpy(s->src.a, p->ip6.src, 16);
		memcpy(s->dst.a, p->ip6.dst, 16);
		s->ttl = p->ip6.hlim;
		s->tos = p->ip6.tclass;
	}
}

/* seg_copy() copies around th: nothing may sit between th and icmp_info. */
_Static_assert(offsetof(struct seg, icmp_info) - offsetof(struct seg, th) <
    sizeof(struct tcp_hdr) + sizeof(uint32_t),
    "seg_copy: icmp_info must follow th");

/* Copy s into dst, its TCP options only as far as n_opt. */
void
seg_copy(struct seg *dst, const struct seg *s)
{
	const size_t	th = offsetof(struct seg, th);
	const size_t	after = offsetof(struct seg, icmp_info);

	memcpy(dst, s, th);
	wire_tcphdr_copy(&dst->th, &s->th);
	memcpy((uint8_t *)dst + after, (const uint8_t *)s + after,
	    sizeof *s - after);
}

/* Zero s but for its TCP option slots, none of them in use. */
void
seg_clear(struct seg *s)
{
	const size_t	opt = offsetof(struct seg, th) +
			    offsetof(struct tcp_hdr, opt);
	const size_t	after = offsetof(struct seg, th) +
			    offsetof(struct tcp_hdr, n_opt);

	memset(s, 0, opt);
	memset((uint8_t *)s + after, 0, sizeof *s - after);
}

/*
 * Fill s from a decoded TCP or UDP packet; returns 0, or -1 if p holds
 * neither or is shorter than its IP length says (not a whole segment).
 */
int
seg_from_pkt(struct seg *s, const struct pkt *p)
{
	if (!(p->layers & (PKT_TCP | PKT_UDP)) || p->ip_missing != 0)
		return (-1);
	memset(s, 0, sizeof *s);
	seg_ip(s, p);
	if (p->layers & PKT_TCP) {
		s->proto = IPPROTO_TCP_;
		wire_tcphdr_copy(&s->th, &p->tcp);
	} else {
		s->proto = IPPROTO_UDP_;
		s->th.sport = p->udp.sport;
		s->th.dport = p->udp.dport;
	}
	s->data = p->payload;
	s->len = p->payload_len;
	return (0);
}

/* Fill s from an ICMP or ICMPv6 error quoting TCP or UDP. */
int
seg_from_icmp(struct seg *s, const struct pkt *p)
{
	const struct icmp_hdr	*ic = &p->icmp;
	bool			 v4 = (p->layers & PKT_ICMP) != 0;

	if (!(p->layers & (PKT_ICMP | PKT_ICMP6)) || !ic->quote.present ||
	    !ic->quote.has_ports || (ic->quote.proto != IPPROTO_TCP_ &&
	    ic->quote.proto != IPPROTO_UDP_))
		return (-1);
	/* Errors: RFC 792's 3, 4, 11, 12; RFC 4443's 1-4. */
	if (v4 ? (ic->type != 3 && ic->type != 4 && ic->type != 11 &&
	    ic->type != 12) : (ic->type < 1 || ic->type > 4))
		return (-1);
	if (!(p->layers & (PKT_IP4 | PKT_IP6)))
		return (-1);
	memset(s, 0, sizeof *s);
	seg_ip(s, p);
	if (ic->quote.family != s->src.family)
		return (-1);
	s->proto = v4 ? IPPROTO_ICMP_ : IPPROTO_ICMPV6_;
	s->icmp_type = ic->type;
	s->icmp_code = ic->code;
	s->icmp_info = (uint32_t)ic->rest[0] << 24 | (uint32_t)ic->rest[1] << 16 |
	    (uint32_t)ic->rest[2] << 8 | ic->rest[3];
	s->quote = ic->quote;
	s->data = ic->body;
	s->len = ic->body_len;
	return (0);
}

/* Fill p with the IP and TCP layers for s (and Ethernet when MACs are given). */
void
seg_to_pkt(const struct seg *s, struct pkt *p, const uint8_t *smac,
    const uint8_t *dmac)
{
	uint8_t	proto;

	memset(p, 0, sizeof *p);
	if (smac != NULL && dmac != NULL) {
		p->dlt = WIRE_DLT_EN10MB;
		p->layers |= PKT_ETH;
		memcpy(p->eth.src, smac, 6);
		memcpy(p->eth.dst, dmac, 6);
		p->eth.type = s->src.family == 4 ? ETHERTYPE_IPV4 :
		    ETHERTYPE_IPV6;
	} else
		p->dlt = WIRE_DLT_RAW;
	proto = s->proto ? s->proto : IPPROTO_TCP_;
	if (s->src.family == 4) {
		if (proto == IPPROTO_ICMPV6_)
			proto = IPPROTO_ICMP_;
		p->layers |= PKT_IP4;
		p->ethertype = ETHERTYPE_IPV4;
		p->ip4.ihl = 5;
		p->ip4.tos = s->tos;
		p->ip4.frag = proto == IPPROTO_TCP_ ? IP4_DF : 0;
		p->ip4.ttl = s->ttl ? s->ttl : 64;
		p->ip4.proto = proto;
		memcpy(p->ip4.src, s->src.a, 4);
		memcpy(p->ip4.dst, s->dst.a, 4);
	} else {
		if (proto == IPPROTO_ICMP_)
			proto = IPPROTO_ICMPV6_;
		p->layers |= PKT_IP6;
		p->ethertype = ETHERTYPE_IPV6;
		p->ip6.tclass = s->tos;
		p->ip6.nxt = p->ip6.proto = proto;
		p->ip6.hlim = s->ttl ? s->ttl : 64;
		memcpy(p->ip6.src, s->src.a, 16);
		memcpy(p->ip6.dst, s->dst.a, 16);
	}
	switch (proto) {
	case IPPROTO_UDP_:
		p->layers |= PKT_UDP;
		p->udp.sport = s->th.sport;
		p->udp.dport = s->th.dport;
		break;
	case IPPROTO_ICMP_:
	case IPPROTO_ICMPV6_:
		p->layers |= proto == IPPROTO_ICMP_ ? PKT_ICMP : PKT_ICMP6;
		p->icmp.type = s->icmp_type;
		p->icmp.code = s->icmp_code;
		p->icmp.body = s->data;
		p->icmp.body_len = s->len;
		break;
	default:
		p->layers |= PKT_TCP;
		wire_tcphdr_copy(&p->tcp, &s->th);
		break;
	}
	p->payload = s->data;
	p->payload_len = p->payload_wire = s->len;
}

/* Sequence space length of s: payload plus one for each of SYN and FIN. */
uint32_t
seg_seqlen(const struct seg *s)
{
	return ((uint32_t)s->len + ((s->th.flags & TH_SYN) != 0) +
	    ((s->th.flags & TH_FIN) != 0));
}

/* Whether a is multicast (224/4, ff00::/8) or 255.255.255.255. */
int
addr_is_group(const struct addr *a)
{
	static const uint8_t bcast[4] = { 255, 255, 255, 255 };

	if (a->family == 4)
		return ((a->a[0] & 0xf0) == 0xe0 || memcmp(a->a, bcast, 4) == 0);
	return (a->a[0] == 0xff);
}

/* Parse "1.2.3.4" or "fd00::1" into a; returns 0 or -1. */
int
addr_parse(struct addr *a, const char *s)
{
	memset(a, 0, sizeof *a);
	if (inet_pton(AF_INET, s, a->a) == 1) {
		a->family = 4;
		return (0);
	}
	if (inet_pton(AF_INET6, s, a->a) == 1) {
		a->family = 6;
		return (0);
	}
	return (-1);
}

/* Format a as text into buf; returns buf. */
char *
addr_fmt(const struct addr *a, char *buf, size_t len)
{
	if (inet_ntop(a->family == 4 ? AF_INET : AF_INET6, a->a, buf,
	    (socklen_t)len) == NULL)
		snprintf(buf, len, "?");
	return (buf);
}

/* Parse "HOST:PORT" or "[V6]:PORT" into e. */
int
endpoint_parse(struct endpoint *e, const char *s, char *err, size_t errlen)
{
	char		 host[64];
	const char	*colon, *port;
	size_t		 n;
	char		*end;
	unsigned long	 v;

	if (*s == '[') {
		const char *close = strchr(s, ']');
		if (close == NULL || close[1] != ':') {
			snprintf(err, errlen, "expected [IPV6]:PORT");
			return (-1);
		}
		n = (size_t)(close - s - 1);
		port = close + 2;
		s++;
	} else {
		colon = strrchr(s, ':');
		if (colon == NULL || strchr(s, ':') != colon) {
			snprintf(err, errlen, "expected HOST:PORT (IPv6 as "
			    "[ADDR]:PORT)");
			return (-1);
		}
		n = (size_t)(colon - s);
		port = colon + 1;
	}
	if (n == 0 || n >= sizeof host) {
		snprintf(err, errlen, "bad host");
		return (-1);
	}
	memcpy(host, s, n);
	host[n] = '\0';
	if (addr_parse(&e->addr, host) != 0) {
		snprintf(err, errlen, "not an IPv4 or IPv6 address");
		return (-1);
	}
	v = strtoul(port, &end, 10);
	if (*port == '\0' || *end != '\0' || v == 0 || v > 65535) {
		snprintf(err, errlen, "port must be 1-65535");
		return (-1);
	}
	e->port = (uint16_t)v;
	return (0);
}
