/*
 * cli/print/print-json.c - one JSON object per packet with every field the
 * decoder filled in: link, Ethernet, ARP, IPv4 (options in hex, checksum
 * verdict), IPv6 (extension headers), TCP (each option typed), UDP, ICMP
 * and ICMPv6 (with the quoted packet), payload lengths and any error.
 * The schema is documented in tcpx(1), section JSON OUTPUT.
 */
#include <stdio.h>

#include "cli/print/print.h"
#include "cli/print/print-int.h"

static const char *cksum_name(enum wire_cksum);
static const char *dlt_name(int);
static void	j_key(struct pbuf *, int *, const char *);
static void	j_uint(struct pbuf *, int *, const char *, uint64_t);
static void	j_str(struct pbuf *, int *, const char *, const char *);
static void	j_bool(struct pbuf *, int *, const char *, int);
static void	j_hex(struct pbuf *, int *, const char *, const uint8_t *,
		    size_t);
static void	j_x16(struct pbuf *, int *, const char *, uint16_t);
static void	j_addr(struct pbuf *, int *, const char *, int,
		    const uint8_t *);
static void	j_mac(struct pbuf *, int *, const char *, const uint8_t *);
static void	j_escaped(struct pbuf *, const char *);
static void	json_ts(struct pbuf *, int *, const struct timeval *);
static void	json_eth(struct pbuf *, const struct pkt *);
static void	json_link(struct pbuf *, const struct pkt *);
static void	json_arp(struct pbuf *, const struct pkt *);
static void	json_ip4(struct pbuf *, const struct pkt *);
static void	json_ip6(struct pbuf *, const struct pkt *);
static void	json_tcpopt(struct pbuf *, const struct tcp_opt *);
static void	json_tcp(struct pbuf *, const struct pkt *);
static void	json_udp(struct pbuf *, const struct pkt *);
static void	json_icmp(struct pbuf *, const struct pkt *);

/* The JSON name of a checksum verdict. */
static const char *
cksum_name(enum wire_cksum c)
{
	switch (c) {
	case CK_OK:
		return ("ok");
	case CK_BAD:
		return ("bad");
	case CK_PARTIAL:
		return ("partial");
	case CK_UNKNOWN:
		return ("unknown");
	default:
		return ("unchecked");
	}
}

/* The JSON name of a link type. */
static const char *
dlt_name(int dlt)
{
	switch (dlt) {
	case WIRE_DLT_EN10MB:
		return ("ethernet");
	case WIRE_DLT_RAW:
	case WIRE_DLT_IPV4:
	case WIRE_DLT_IPV6:
		return ("raw");
	case WIRE_DLT_NULL:
		return ("null");
	case WIRE_DLT_LOOP:
		return ("loop");
	case WIRE_DLT_LINUX_SLL:
		return ("linux_sll");
	case WIRE_DLT_LINUX_SLL2:
		return ("linux_sll2");
	default:
		return ("unknown");
	}
}

/*
 * Append "ts": seconds since the epoch with six decimals.  A fraction out
 * of range (a corrupt file's) is carried into the seconds, so the number
 * is the instant it names, and also given as it was, "ts_usec_raw".
 */
static void
json_ts(struct pbuf *pb, int *first, const struct timeval *tv)
{
	int64_t	sec = (int64_t)tv->tv_sec, us = (int64_t)tv->tv_usec;
	int	raw = us < 0 || us > 999999;

	sec += us / 1000000;
	us %= 1000000;
	if (us < 0) {
		sec--;
		us += 1000000;
	}
	j_key(pb, first, "ts");
	/* -0.5 s is -1 s + 500000 us: print it as "-0.500000". */
	if (sec < 0 && us > 0) {
		pb_chr(pb, '-');
		pb_u64(pb, (uint64_t)(-(sec + 1)));
		us = 1000000 - us;
	} else if (sec < 0) {
		pb_chr(pb, '-');
		pb_u64(pb, (uint64_t)(-sec));
	} else
		pb_u64(pb, (uint64_t)sec);
	pb_printf(pb, ".%06ld", (long)us);
	if (raw) {
		j_key(pb, first, "ts_usec_raw");
		pb_printf(pb, "%lld", (long long)tv->tv_usec);
	}
}

/* Append a member name, with a comma unless it is the object's first. */
static void
j_key(struct pbuf *pb, int *first, const char *k)
{
	if (!*first)
		pb_chr(pb, ',');
	*first = 0;
	pb_chr(pb, '"');
	pb_str(pb, k);
	pb_str(pb, "\":");
}

/* Append "k":v for an unsigned number. */
static void
j_uint(struct pbuf *pb, int *first, const char *k, uint64_t v)
{
	j_key(pb, first, k);
	pb_u64(pb, v);
}

/* Append s as a JSON string body, escaping what JSON requires. */
static void
j_escaped(struct pbuf *pb, const char *s)
{
	for (; *s != '\0'; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\') {
			pb_chr(pb, '\\');
			pb_chr(pb, (char)c);
		} else if (c < 0x20 || c >= 0x7f) {
			pb_str(pb, "\\u00");
			pb_hex02(pb, c);
		} else
			pb_chr(pb, (char)c);
	}
}

/* Append "k":"v". */
static void
j_str(struct pbuf *pb, int *first, const char *k, const char *v)
{
	j_key(pb, first, k);
	pb_chr(pb, '"');
	j_escaped(pb, v);
	pb_chr(pb, '"');
}

/* Append "k":true or false. */
static void
j_bool(struct pbuf *pb, int *first, const char *k, int v)
{
	j_key(pb, first, k);
	pb_str(pb, v ? "true" : "false");
}

/* Append "k":"hex digits" for the n bytes at p (none when p is NULL). */
static void
j_hex(struct pbuf *pb, int *first, const char *k, const uint8_t *p, size_t n)
{
	struct wrd	r = wrd_make(p, n);

	j_key(pb, first, k);
	pb_chr(pb, '"');
	pb_hexbytes(pb, &r);
	pb_chr(pb, '"');
}

/* Append "k":"0x1234" for a 16-bit field shown in hex. */
static void
j_x16(struct pbuf *pb, int *first, const char *k, uint16_t v)
{
	j_key(pb, first, k);
	pb_printf(pb, "\"0x%04x\"", v);
}

/* Append "k":"address". */
static void
j_addr(struct pbuf *pb, int *first, const char *k, int fam, const uint8_t *a)
{
	j_key(pb, first, k);
	pb_chr(pb, '"');
	pb_addr(pb, fam, a);
	pb_chr(pb, '"');
}

/* Append "k":"aa:bb:cc:dd:ee:ff". */
static void
j_mac(struct pbuf *pb, int *first, const char *k, const uint8_t *m)
{
	j_key(pb, first, k);
	pb_chr(pb, '"');
	pb_mac(pb, m);
	pb_chr(pb, '"');
}

/* The "eth" object. */
static void
json_eth(struct pbuf *pb, const struct pkt *p)
{
	int	f = 1;

	pb_str(pb, ",\"eth\":{");
	j_mac(pb, &f, "src", p->eth.src);
	j_mac(pb, &f, "dst", p->eth.dst);
	j_x16(pb, &f, "type", p->eth.type);
	pb_chr(pb, '}');
}

/*
 * The "vlan" array (each tag's tpid, pcp, dei and id, outer first) and the
 * "sll" object of a Linux cooked header.
 */
static void
json_link(struct pbuf *pb, const struct pkt *p)
{
	int	i, f;

	if (p->n_vlan > 0) {
		pb_str(pb, ",\"vlan\":[");
		for (i = 0; i < p->n_vlan && i < WIRE_MAX_VLAN; i++) {
			if (i > 0)
				pb_chr(pb, ',');
			pb_chr(pb, '{');
			f = 1;
			j_x16(pb, &f, "tpid", p->vlan[i].tpid);
			j_uint(pb, &f, "pcp", p->vlan[i].tci >> 13);
			j_uint(pb, &f, "dei", (p->vlan[i].tci >> 12) & 1);
			j_uint(pb, &f, "id", p->vlan[i].tci & 0xfff);
			pb_chr(pb, '}');
		}
		pb_chr(pb, ']');
	}
	if (p->layers & PKT_SLL) {
		pb_str(pb, ",\"sll\":{");
		f = 1;
		j_uint(pb, &f, "pkttype", p->sll.pkttype);
		j_uint(pb, &f, "hatype", p->sll.hatype);
		if (p->dlt == WIRE_DLT_LINUX_SLL2)
			j_uint(pb, &f, "ifindex", p->sll.ifindex);
		j_x16(pb, &f, "proto", p->sll.proto);
		pb_chr(pb, '}');
	}
}

/* The "arp" object. */
static void
json_arp(struct pbuf *pb, const struct pkt *p)
{
	const struct arp_hdr	*a = &p->arp;
	int			 f = 1;

	pb_str(pb, ",\"arp\":{");
	j_uint(pb, &f, "htype", a->htype);
	j_x16(pb, &f, "ptype", a->ptype);
	j_uint(pb, &f, "hlen", a->hlen);
	j_uint(pb, &f, "plen", a->plen);
	j_uint(pb, &f, "op", a->op);
	j_str(pb, &f, "op_name", a->op == 1 ? "request" : a->op == 2 ?
	    "reply" : "other");
	j_mac(pb, &f, "sha", a->sha);
	j_addr(pb, &f, "spa", 4, a->spa);
	j_mac(pb, &f, "tha", a->tha);
	j_addr(pb, &f, "tpa", 4, a->tpa);
	pb_chr(pb, '}');
}

/* The "ip4" object. */
static void
json_ip4(struct pbuf *pb, const struct pkt *p)
{
	const struct ip4_hdr	*ip = &p->ip4;
	int			 f = 1;

	pb_str(pb, ",\"ip4\":{");
	j_addr(pb, &f, "src", 4, ip->src);
	j_addr(pb, &f, "dst", 4, ip->dst);
	j_uint(pb, &f, "ihl", ip->ihl);
	j_uint(pb, &f, "tos", ip->tos);
	j_uint(pb, &f, "dscp", ip->tos >> 2);
	j_uint(pb, &f, "ecn", ip->tos & 3);
	j_uint(pb, &f, "tot_len", ip->tot_len);
	j_uint(pb, &f, "id", ip->id);
	j_bool(pb, &f, "rf", (ip->frag & IP4_RF) != 0);
	j_bool(pb, &f, "df", (ip->frag & IP4_DF) != 0);
	j_bool(pb, &f, "mf", (ip->frag & IP4_MF) != 0);
	j_uint(pb, &f, "frag_off", (ip->frag & IP4_OFFMASK) * 8u);
	j_uint(pb, &f, "ttl", ip->ttl);
	j_uint(pb, &f, "proto", ip->proto);
	j_x16(pb, &f, "cksum", ip->cksum);
	j_str(pb, &f, "cksum_status", cksum_name(ip->cksum_ok));
	j_hex(pb, &f, "options", ip->opt, ip->opt_len);
	pb_chr(pb, '}');
}

/* The "ip6" object, extension headers as an array. */
static void
json_ip6(struct pbuf *pb, const struct pkt *p)
{
	const struct ip6_hdr	*ip6 = &p->ip6;
	int			 f = 1, g, i;

	pb_str(pb, ",\"ip6\":{");
	j_addr(pb, &f, "src", 6, ip6->src);
	j_addr(pb, &f, "dst", 6, ip6->dst);
	j_uint(pb, &f, "tclass", ip6->tclass);
	j_uint(pb, &f, "flow", ip6->flow);
	j_uint(pb, &f, "plen", ip6->plen);
	if (ip6->jumbo != 0)
		j_uint(pb, &f, "jumbo", ip6->jumbo);
	j_uint(pb, &f, "nxt", ip6->nxt);
	j_uint(pb, &f, "hlim", ip6->hlim);
	j_uint(pb, &f, "proto", ip6->proto);
	j_bool(pb, &f, "frag", ip6->frag);
	j_uint(pb, &f, "frag_off", ip6->frag_off * 8u);
	j_key(pb, &f, "ext");
	pb_chr(pb, '[');
	for (i = 0; i < ip6->n_ext && i < WIRE_MAX_IP6EXT; i++) {
		const struct ip6_ext *e = &ip6->ext[i];

		if (i > 0)
			pb_chr(pb, ',');
		g = 1;
		pb_chr(pb, '{');
		j_uint(pb, &g, "type", e->type);
		j_str(pb, &g, "name", e->type == IPPROTO_HOPOPTS_ ? "hopopts" :
		    e->type == IPPROTO_DSTOPTS_ ? "dstopts" :
		    e->type == IPPROTO_ROUTING_ ? "routing" :
		    e->type == IPPROTO_FRAGMENT_ ? "fragment" : "other");
		j_uint(pb, &g, "nxt", e->nxt);
		j_uint(pb, &g, "len", e->len);
		j_hex(pb, &g, "data", e->data, e->len);
		pb_chr(pb, '}');
	}
	pb_str(pb, "]}");
}

/* One TCP option as a typed object. */
static void
json_tcpopt(struct pbuf *pb, const struct tcp_opt *o)
{
	const char	*name = wire_tcpopt_name(o->kind);
	int		 f = 1, i;

	pb_chr(pb, '{');
	j_uint(pb, &f, "kind", o->kind);
	j_str(pb, &f, "name", name != NULL ? name : "unknown");
	j_uint(pb, &f, "len", o->len);
	switch (o->kind) {
	case TCPOPT_EOL:
	case TCPOPT_NOP:
	case TCPOPT_SACK_PERM:
		break;
	case TCPOPT_MSS:
		j_uint(pb, &f, "mss", o->u.mss);
		break;
	case TCPOPT_WSCALE:
		j_uint(pb, &f, "wscale", o->u.wscale);
		break;
	case TCPOPT_TIMESTAMP:
		j_uint(pb, &f, "val", o->u.ts.val);
		j_uint(pb, &f, "ecr", o->u.ts.ecr);
		break;
	case TCPOPT_SACK:
		j_key(pb, &f, "blocks");
		pb_chr(pb, '[');
		for (i = 0; i < o->u.sack.n && i < WIRE_MAX_SACK; i++) {
			if (i > 0)
				pb_chr(pb, ',');
			pb_chr(pb, '[');
			pb_u32(pb, o->u.sack.blk[i].left);
			pb_chr(pb, ',');
			pb_u32(pb, o->u.sack.blk[i].right);
			pb_chr(pb, ']');
		}
		pb_chr(pb, ']');
		break;
	default:
		j_hex(pb, &f, "data", o->data, o->len >= 2 ? o->len - 2u : 0);
		break;
	}
	pb_chr(pb, '}');
}

/* The "tcp" object. */
static void
json_tcp(struct pbuf *pb, const struct pkt *p)
{
	static const char	 letters[] = "FSRP.UEW";
	const struct tcp_hdr	*th = &p->tcp;
	char			 fl[12];
	int			 f = 1, i, n = 0;

	for (i = 0; i < 8; i++)
		if (th->flags & (1 << i))
			fl[n++] = letters[i];
	if (th->flags & TH_AE)
		fl[n++] = 'e';
	fl[n] = '\0';
	pb_str(pb, ",\"tcp\":{");
	j_uint(pb, &f, "sport", th->sport);
	j_uint(pb, &f, "dport", th->dport);
	j_uint(pb, &f, "seq", th->seq);
	j_uint(pb, &f, "ack", th->ack);
	j_uint(pb, &f, "doff", th->doff);
	j_str(pb, &f, "flags", fl);
	j_uint(pb, &f, "flags_raw", th->flags);
	j_uint(pb, &f, "res", th->res);
	j_uint(pb, &f, "win", th->win);
	j_x16(pb, &f, "cksum", th->cksum);
	j_str(pb, &f, "cksum_status", cksum_name(th->cksum_ok));
	j_uint(pb, &f, "urp", th->urp);
	j_key(pb, &f, "options");
	pb_chr(pb, '[');
	for (i = 0; i < th->n_opt && i < WIRE_MAX_TCPOPT; i++) {
		if (i > 0)
			pb_chr(pb, ',');
		json_tcpopt(pb, &th->opt[i]);
	}
	pb_str(pb, "]}");
}

/* The "udp" object. */
static void
json_udp(struct pbuf *pb, const struct pkt *p)
{
	int	f = 1;

	pb_str(pb, ",\"udp\":{");
	j_uint(pb, &f, "sport", p->udp.sport);
	j_uint(pb, &f, "dport", p->udp.dport);
	j_uint(pb, &f, "len", p->udp.len);
	j_x16(pb, &f, "cksum", p->udp.cksum);
	j_str(pb, &f, "cksum_status", cksum_name(p->udp.cksum_ok));
	pb_chr(pb, '}');
}

/* The "icmp" or "icmp6" object, with the quoted packet of error messages. */
static void
json_icmp(struct pbuf *pb, const struct pkt *p)
{
	const struct icmp_hdr	*ic = &p->icmp;
	const struct icmp_quote	*q = &ic->quote;
	struct wrd		 rest = wrd_make(ic->rest, sizeof ic->rest);
	int			 f = 1, g = 1;

	pb_str(pb, (p->layers & PKT_ICMP6) ? ",\"icmp6\":{" : ",\"icmp\":{");
	j_uint(pb, &f, "type", ic->type);
	j_uint(pb, &f, "code", ic->code);
	j_x16(pb, &f, "cksum", ic->cksum);
	j_str(pb, &f, "cksum_status", cksum_name(ic->cksum_ok));
	j_hex(pb, &f, "rest", ic->rest, 4);
	j_uint(pb, &f, "body_len", ic->body_len);
	if ((p->layers & PKT_ICMP6) ? (ic->type == 128 || ic->type == 129) :
	    (ic->type == 0 || ic->type == 8 || ic->type == 13 ||
	    ic->type == 14)) {
		j_uint(pb, &f, "id", wrd_be16(&rest, 0));
		j_uint(pb, &f, "seq", wrd_be16(&rest, 2));
	}
	if (q->present) {
		j_key(pb, &f, "quote");
		pb_chr(pb, '{');
		j_uint(pb, &g, "family", q->family);
		j_uint(pb, &g, "proto", q->proto);
		j_addr(pb, &g, "src", q->family, q->src);
		j_addr(pb, &g, "dst", q->family, q->dst);
		if (q->has_ports) {
			j_uint(pb, &g, "sport", q->sport);
			j_uint(pb, &g, "dport", q->dport);
		}
		if (q->has_seq)
			j_uint(pb, &g, "seq", q->seq);
		pb_chr(pb, '}');
	}
	pb_chr(pb, '}');
}

/* One JSON object with every decoded field of p. */
size_t
print_json(const struct pkt *p, const struct timeval *tv, char *buf,
    size_t len)
{
	struct pbuf	pb;
	int		f = 1;

	pb_init(&pb, buf, len);
	pb_chr(&pb, '{');
	if (tv != NULL)
		json_ts(&pb, &f, tv);
	j_str(&pb, &f, "link", dlt_name(p->dlt));
	j_uint(&pb, &f, "caplen", p->caplen);
	j_uint(&pb, &f, "len", p->wirelen);
	if (p->ethertype != 0)
		j_x16(&pb, &f, "ethertype", p->ethertype);
	if (p->layers & PKT_ETH)
		json_eth(&pb, p);
	json_link(&pb, p);
	if (p->layers & PKT_ARP)
		json_arp(&pb, p);
	if (p->layers & PKT_IP4)
		json_ip4(&pb, p);
	if (p->layers & PKT_IP6)
		json_ip6(&pb, p);
	if (p->layers & PKT_TCP)
		json_tcp(&pb, p);
	if (p->layers & PKT_UDP)
		json_udp(&pb, p);
	if (p->layers & (PKT_ICMP | PKT_ICMP6))
		json_icmp(&pb, p);
	if (p->layers & (PKT_TCP | PKT_UDP | PKT_ICMP | PKT_ICMP6)) {
		pb_str(&pb, ",\"payload\":{");
		f = 1;
		j_uint(&pb, &f, "len", p->payload_len);
		j_uint(&pb, &f, "wire", p->payload_wire);
		pb_chr(&pb, '}');
	}
	if (p->ip_missing != 0) {
		f = 0;
		j_uint(&pb, &f, "ip_missing", p->ip_missing);
	}
	if (p->err[0] != '\0') {
		f = 0;
		j_str(&pb, &f, "error", p->err);
	}
	/* A cut-off object would not be JSON: say so in a valid one. */
	if (pb.len + 1 > pb.cap && len > 40) {
		pb_init(&pb, buf, len);
		pb_str(&pb, "{\"error\":\"tcpx: JSON object too long\"}");
		return (pb_done(&pb));
	}
	pb_chr(&pb, '}');
	return (pb_done(&pb));
}
