/*
 * cli/print/print.c - tcpdump -n style packet lines: the printer object, the
 * link layer, ARP (RFC 826), IPv4 (RFC 791), IPv6 (RFC 8200) with its
 * extension headers, and UDP (RFC 768); TCP and ICMP live in their own
 * files, which this one calls.  Follows tcpdump 4.99's non-verbose output,
 * field for field.
 */
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/xmalloc.h"
#include "cli/print/print.h"
#include "cli/print/print-int.h"

static void	print_link(struct printer *, struct pbuf *, const struct pkt *);
static void	print_arp(struct pbuf *, const struct pkt *, size_t);
static void	print_ip4(struct printer *, struct pbuf *, const struct pkt *);
static void	print_ip6(struct printer *, struct pbuf *, const struct pkt *);
static void	print_ip6_nolen(struct printer *, struct pbuf *,
		    const struct pkt *);
static const char *print_ethertype_name(uint16_t);
static void	print_sll(struct pbuf *, const struct pkt *);
static int	print_ip6_ext(struct pbuf *, const struct pkt *, int, size_t *,
		    int *);
static void	print_demux(struct printer *, struct pbuf *, const struct pkt *,
		    uint8_t, int);
static void	print_udp(struct pbuf *, const struct pkt *, int);

/* A printer with no conversations seen yet. */
struct printer *
printer_new(void)
{
	struct printer	*pr;

	pr = xcalloc(1, sizeof *pr);
	pr->nbuckets = 1024;
	pr->tab = xcalloc(pr->nbuckets, sizeof *pr->tab);
	return (pr);
}

/* Forget every TCP conversation. */
void
printer_reset(struct printer *pr)
{
	struct seqent	*e, *next;
	size_t		 i;

	for (i = 0; i < pr->nbuckets; i++) {
		for (e = pr->tab[i]; e != NULL; e = next) {
			next = e->next;
			free(e);
		}
		pr->tab[i] = NULL;
	}
	pr->nents = 0;
}

/* Print sequence numbers absolute (tcpdump -S) or relative. */
void
printer_set_absolute(struct printer *pr, int on)
{
	pr->absolute = on != 0;
}

/* Free a printer and its conversation table. */
void
printer_free(struct printer *pr)
{
	if (pr == NULL)
		return;
	printer_reset(pr);
	free(pr->tab);
	free(pr);
}

/* Format a packet as tcpdump -n would, without the timestamp. */
size_t
print_pkt(struct printer *pr, const struct pkt *p, char *buf, size_t len)
{
	struct pbuf	pb;

	pb_init(&pb, buf, len);
	print_link(pr, &pb, p);
	if (p->err[0] != '\0') {
		pb_str(&pb, " [tcpx: ");
		pb_str(&pb, p->err);
		pb_chr(&pb, ']');
	}
	return (pb_done(&pb));
}

/* tcpdump's name of an Ethernet type in "ethertype NAME, ". */
static const char *
print_ethertype_name(uint16_t type)
{
	switch (type) {
	case ETHERTYPE_IPV4:
		return ("IPv4");
	case ETHERTYPE_IPV6:
		return ("IPv6");
	case ETHERTYPE_ARP:
		return ("ARP");
	case ETHERTYPE_8021Q:
		return ("802.1Q");
	case ETHERTYPE_8021AD:
		return ("802.1Q-QinQ");
	case ETHERTYPE_8021Q9100:
		return ("802.1Q-9100");
	case ETHERTYPE_8021Q9200:
		return ("802.1Q-9200");
	}
	return ("Unknown");
}

/*
 * The Linux cooked header's part of the line: v2 starts with the
 * interface (named as on this host, as tcpdump does) and the packet's
 * direction; an 802.1Q tag in either says the type it carries.
 */
static void
print_sll(struct pbuf *pb, const struct pkt *p)
{
	static const char *const types[] = { "In", "B", "M", "P", "Out" };
	char	 ifname[IF_NAMESIZE];
	int	 i;

	if (p->dlt == WIRE_DLT_LINUX_SLL2) {
		if (if_indextoname(p->sll.ifindex, ifname) == NULL)
			snprintf(ifname, sizeof ifname, "?");
		pb_printf(pb, "%-5s %-3s ", ifname, p->sll.pkttype <
		    sizeof types / sizeof types[0] ? types[p->sll.pkttype] :
		    "?");
	}
	for (i = 0; i < p->n_vlan; i++)
		pb_printf(pb, "ethertype %s, ", print_ethertype_name(
		    i + 1 < p->n_vlan ? p->vlan[i + 1].tpid : p->ethertype));
}

/*
 * Dispatch on the network-layer type after the link header (and any VLAN
 * tags: without -e tcpdump prints only what they carry).
 */
static void
print_link(struct printer *pr, struct pbuf *pb, const struct pkt *p)
{
	size_t	netlen = p->wirelen > p->linklen ? p->wirelen - p->linklen : 0;

	if ((p->layers & PKT_SLL) && p->err[0] == '\0')
		print_sll(pb, p);
	if (p->layers & PKT_ARP)
		print_arp(pb, p, netlen);
	else if (p->layers & PKT_IP4)
		print_ip4(pr, pb, p);
	else if (p->layers & PKT_IP6)
		print_ip6(pr, pb, p);
	else if (p->ethertype == ETHERTYPE_IPV4)
		pb_str(pb, "IP  [|ip]");
	else if (p->ethertype == ETHERTYPE_IPV6)
		pb_str(pb, "IP6  [|ip6]");
	else if (p->ethertype == ETHERTYPE_ARP)
		pb_str(pb, "ARP,  [|arp]");
	else if (p->err[0] != '\0' && strncmp(p->err, "vlan:", 5) == 0)
		pb_str(pb, " [|vlan]");
	else if (p->dlt == WIRE_DLT_EN10MB && (p->layers & PKT_ETH)) {
		pb_mac(pb, p->eth.src);
		pb_str(pb, " > ");
		pb_mac(pb, p->eth.dst);
		if (p->ethertype <= 1500)
			pb_printf(pb, ", 802.3, length %u", p->ethertype);
		else
			pb_printf(pb, ", ethertype %s (0x%04x), length %zu",
			    print_ethertype_name(p->ethertype), p->ethertype,
			    p->wirelen);
	} else if (p->dlt == WIRE_DLT_EN10MB)
		pb_str(pb, "[|ether]");
	else
		pb_printf(pb, "[|link type %d]", p->dlt);
}

/* ARP for Ethernet/IPv4, as tcpdump's arp_print without -v. */
static void
print_arp(struct pbuf *pb, const struct pkt *p, size_t netlen)
{
	const struct arp_hdr	*a = &p->arp;
	static const uint8_t	 zero[6];

	pb_str(pb, "ARP, ");
	if ((a->ptype != ETHERTYPE_IPV4 && a->ptype != 0x1000) ||
	    a->plen != 4 || a->hlen == 0) {
		pb_printf(pb, "%s (len %u), ", a->htype == 1 ? "Ethernet" :
		    "Unknown Hardware", a->hlen);
		if (a->ptype == ETHERTYPE_IPV4)
			pb_str(pb, "IPv4");
		else
			pb_printf(pb, "Unknown Protocol (0x%04x)", a->ptype);
		pb_printf(pb, " (len %u)", a->plen);
		goto out;
	}
	switch (a->op) {
	case 1:
		pb_str(pb, "Request who-has ");
		pb_ip4(pb, a->tpa);
		if (memcmp(a->tha, zero, 6) != 0) {
			pb_str(pb, " (");
			pb_mac(pb, a->tha);
			pb_chr(pb, ')');
		}
		pb_str(pb, " tell ");
		pb_ip4(pb, a->spa);
		break;
	case 2:
		pb_str(pb, "Reply ");
		pb_ip4(pb, a->spa);
		pb_str(pb, " is-at ");
		pb_mac(pb, a->sha);
		break;
	case 3:
	case 8:
		pb_str(pb, a->op == 3 ? "Reverse Request who-is " :
		    "Inverse Request who-is ");
		pb_mac(pb, a->tha);
		pb_str(pb, " tell ");
		pb_mac(pb, a->sha);
		break;
	case 4:
		pb_str(pb, "Reverse Reply ");
		pb_mac(pb, a->tha);
		pb_str(pb, " at ");
		pb_ip4(pb, a->tpa);
		break;
	case 9:
		pb_str(pb, "Inverse Reply ");
		pb_mac(pb, a->sha);
		pb_str(pb, " at ");
		pb_ip4(pb, a->spa);
		break;
	default:
		pb_printf(pb, "Unknown (%u) ", a->op);
		return;
	}
out:
	pb_str(pb, ", length ");
	pb_u64(pb, netlen);
}

/* IPv4 as tcpdump's ip_print without -v: fragments, then the transport. */
static void
print_ip4(struct printer *pr, struct pbuf *pb, const struct pkt *p)
{
	const struct ip4_hdr	*ip = &p->ip4;

	pb_str(pb, "IP ");
	if (p->ip_missing > 0) {
		pb_str(pb, "truncated-ip - ");
		pb_u64(pb, p->ip_missing);
		pb_str(pb, " bytes missing! ");
	}
	if ((ip->frag & IP4_OFFMASK) != 0) {
		pb_ip4(pb, ip->src);
		pb_str(pb, " > ");
		pb_ip4(pb, ip->dst);
		pb_str(pb, ": ip-proto-");
		pb_u32(pb, ip->proto);
		return;
	}
	if (ip->proto != IPPROTO_TCP_ && ip->proto != IPPROTO_UDP_) {
		pb_ip4(pb, ip->src);
		pb_str(pb, " > ");
		pb_ip4(pb, ip->dst);
		pb_str(pb, ": ");
	}
	print_demux(pr, pb, p, ip->proto, (ip->frag & IP4_MF) != 0);
}

/* IPv6 as tcpdump's ip6_print without -v: extension headers, then the transport. */
static void
print_ip6(struct printer *pr, struct pbuf *pb, const struct pkt *p)
{
	const struct ip6_hdr	*ip6 = &p->ip6;
	size_t			 off = 40;
	int			 i, frag = 0;
	uint8_t			 nh = ip6->nxt;

	pb_str(pb, "IP6 ");
	if (ip6->plen != 0 && p->ip_missing > 0) {
		pb_str(pb, "truncated-ip6 - ");
		pb_u64(pb, p->ip_missing);
		pb_str(pb, " bytes missing!");
	}
	if (nh != IPPROTO_TCP_ && nh != IPPROTO_UDP_) {
		pb_ip6(pb, ip6->src);
		pb_str(pb, " > ");
		pb_ip6(pb, ip6->dst);
		pb_str(pb, ": ");
	}
	if (ip6->plen == 0 && ip6->jumbo == 0) {
		print_ip6_nolen(pr, pb, p);
		return;
	}
	for (i = 0; i < ip6->n_ext; i++) {
		if (print_ip6_ext(pb, p, i, &off, &frag) == -1)
			return;
		nh = ip6->ext[i].nxt;
	}
	if (i == ip6->n_ext && ip6->n_ext > 0)
		nh = ip6->proto;
	if (ip6->jumbo != 0 && p->ip_missing > 0) {
		pb_str(pb, "truncated-ip6 - ");
		pb_u64(pb, p->ip_missing);
		pb_str(pb, " bytes missing!");
	}
	print_demux(pr, pb, p, nh, frag);
}

/*
 * IPv6 with payload length 0 and no jumbo payload option, as tcpdump
 * 4.99 prints it: a hop-by-hop header is invalid, another extension header
 * is cut short, and a bare transport header gets a length of 0 (so a
 * Linux BIG TCP segment shows as "[|tcp]", though we decode it).
 */
static void
print_ip6_nolen(struct printer *pr, struct pbuf *pb, const struct pkt *p)
{
	struct pkt	*q;

	if (p->ip6.nxt == IPPROTO_HOPOPTS_) {
		pb_str(pb, "HBH [No valid Jumbo Payload Hop-by-Hop option "
		    "found] (invalid)");
		return;
	}
	if (p->ip6.n_ext > 0) {
		pb_str(pb, " [|ip6]");
		return;
	}
	q = xmalloc(sizeof *q);
	memcpy(q, p, sizeof *q);
	q->layers &= ~(PKT_TCP | PKT_UDP | PKT_ICMP | PKT_ICMP6);
	q->l4 = NULL;
	q->l4_len = 0;
	print_demux(pr, pb, q, p->ip6.nxt, 0);
	free(q);
}

/*
 * Append extension header i of p as tcpdump does ("HBH ", "DSTOPT ",
 * "frag (off|len) ", "RT6 (...) "); returns -1 when printing stops there.
 */
static int
print_ip6_ext(struct pbuf *pb, const struct pkt *p, int i, size_t *off,
    int *frag)
{
	const struct ip6_ext	*e = &p->ip6.ext[i];
	struct wrd		 r = wrd_make(e->data, e->len);
	unsigned		 len, type, k;
	uint16_t		 offlg;
	uint8_t			 a[16];

	switch (e->type) {
	case IPPROTO_HOPOPTS_:
		pb_str(pb, "HBH ");
		break;
	case IPPROTO_DSTOPTS_:
		pb_str(pb, "DSTOPT ");
		break;
	case IPPROTO_FRAGMENT_:
		if (!wrd_has(&r, 0, 8))
			return (-1);
		offlg = wrd_be16(&r, 2);
		pb_str(pb, "frag (");
		pb_u32(pb, offlg & 0xfff8);
		pb_chr(pb, '|');
		pb_u64(pb, 40 + (size_t)p->ip6.plen - *off - 8);
		pb_chr(pb, ')');
		if ((offlg & 0xfff8) != 0)
			return (-1);
		pb_chr(pb, ' ');
		*frag = 1;
		break;
	case IPPROTO_ROUTING_:
		if (!wrd_has(&r, 0, 8))
			return (-1);
		len = wrd_u8(&r, 1);
		type = wrd_u8(&r, 2);
		pb_printf(pb, "RT6 (len=%u, type=%u%s, segleft=%u", len, type,
		    type == 0 ? " [Deprecated]" : "", wrd_u8(&r, 3));
		if (type == 0 || type == 2) {
			if (wrd_be32(&r, 4) != 0)
				pb_printf(pb, ", rsv=0x%x", wrd_be32(&r, 4));
		} else if (type == 4) {
			pb_printf(pb, ", last-entry=%u", wrd_u8(&r, 4));
			if (wrd_u8(&r, 5) != 0)
				pb_printf(pb, ", flags=0x%x", wrd_u8(&r, 5));
			pb_printf(pb, ", tag=%x", wrd_be16(&r, 6));
		} else {
			pb_str(pb, " (unknown type) (invalid)");
			return (-1);
		}
		if (len % 2 == 1) {
			pb_printf(pb, " (invalid length %u) (invalid)", len);
			return (-1);
		}
		for (k = 0; k < len / 2 && wrd_copy(&r, 8 + 16 * k, a,
		    sizeof a) == 0; k++) {
			pb_printf(pb, ", [%u]", k);
			pb_ip6(pb, a);
		}
		pb_str(pb, ") ");
		break;
	default:
		return (-1);
	}
	*off += e->len;
	return (0);
}

/* Hand the transport layer to its printer, as tcpdump's ip_demux_print. */
static void
print_demux(struct printer *pr, struct pbuf *pb, const struct pkt *p,
    uint8_t proto, int fragmented)
{
	struct wrd	l4;
	int		fam = pkt_family(p);

	switch (proto) {
	case IPPROTO_TCP_:
		if (p->layers & PKT_TCP) {
			print_tcp(pr, pb, p, fragmented);
			break;
		}
		/* The decoder fills the fixed header before judging the rest. */
		l4 = pkt_l4_wrd(p);
		if (p->l4_len >= 20 && wrd_has(&l4, 0, 20))
			print_tcp(pr, pb, p, fragmented);
		else if (wrd_has(&l4, 0, 4)) {
			/* tcpdump names the ports it could read (IPv6 fragments: only those). */
			if (fam == 4 || !fragmented) {
				pb_addr(pb, fam, pkt_src(p));
				pb_chr(pb, '.');
			}
			pb_u32(pb, wrd_be16(&l4, 0));
			pb_str(pb, " > ");
			if (fam == 4 || !fragmented) {
				pb_addr(pb, fam, pkt_dst(p));
				pb_chr(pb, '.');
			}
			pb_u32(pb, wrd_be16(&l4, 2));
			pb_str(pb, ":  [|tcp]");
		} else {
			pb_addr(pb, fam, pkt_src(p));
			pb_str(pb, " > ");
			pb_addr(pb, fam, pkt_dst(p));
			pb_str(pb, ": [|tcp]");
		}
		break;
	case IPPROTO_UDP_:
		if (p->layers & PKT_UDP) {
			print_udp(pb, p, fragmented);
			break;
		}
		l4 = pkt_l4_wrd(p);
		if (p->l4_len >= 8 && wrd_has(&l4, 0, 8))
			print_udp(pb, p, fragmented);
		else {
			pb_addr(pb, fam, pkt_src(p));
			pb_str(pb, " > ");
			pb_addr(pb, fam, pkt_dst(p));
			pb_str(pb, ":  [|udp]");
		}
		break;
	case IPPROTO_ICMP_:
		if (fam != 4)
			pb_str(pb, "[ICMP requires IPv4] (invalid)");
		else if (p->layers & PKT_ICMP)
			print_icmp(pb, p);
		else
			pb_str(pb, " [|icmp]");
		break;
	case IPPROTO_ICMPV6_:
		if (fam != 6)
			pb_str(pb, "[ICMPv6 requires IPv6] (invalid)");
		else if (p->layers & PKT_ICMP6)
			print_icmp6(pb, p);
		else
			pb_str(pb, " [|icmp6]");
		break;
	case IPPROTO_NONE_:
		pb_str(pb, "no next header");
		break;
	default:
		pb_str(pb, " ip-proto-");
		pb_u32(pb, proto);
		pb_chr(pb, ' ');
		pb_u64(pb, p->l4_len);
		break;
	}
}

/* UDP as tcpdump's udp_print for ports it has no application printer for. */
static void
print_udp(struct pbuf *pb, const struct pkt *p, int fragmented)
{
	const struct udp_hdr	*uh = &p->udp;
	size_t			 length = p->l4_len, ulen = uh->len;

	print_ports(pb, p, uh->sport, uh->dport);
	if (length < 8) {
		pb_str(pb, "truncated-udp ");
		pb_u64(pb, length);
		return;
	}
	if (ulen == 0 && length > 65535)
		ulen = length;
	if (ulen < 8) {
		pb_str(pb, "truncated-udplength ");
		pb_u64(pb, ulen);
		return;
	}
	ulen -= 8;
	length -= 8;
	if (ulen < length)
		length = ulen;
	if (ulen > length && !fragmented) {
		pb_str(pb, "UDP, bad length ");
		pb_u64(pb, ulen);
		pb_str(pb, " > ");
		pb_u64(pb, length);
	} else {
		pb_str(pb, "UDP, length ");
		pb_u64(pb, ulen);
	}
}

/*
 * Format tv as tcpdump's local time of day with microseconds; as tcpdump
 * 4.99 does, a fraction out of range prints as the unsigned number it
 * holds ("10.1000000") and a time with bit 31 set as an error.
 */
size_t
print_ts(const struct timeval *tv, char *buf, size_t len)
{
	static __thread time_t	 last_sec = -1;
	static __thread char	 last_hms[9];
	struct pbuf		 pb;
	struct tm		 tm;
	time_t			 t = tv->tv_sec;
	unsigned		 us = (unsigned)tv->tv_usec;
	int			 i;

	pb_init(&pb, buf, len);
	if ((unsigned)t & 0x80000000U) {
		pb_str(&pb, "[Error converting time]");
		return (pb_done(&pb));
	}
	/* localtime_r is the slow part: packets come many to a second. */
	if (t != last_sec) {
		if (localtime_r(&t, &tm) == NULL)
			memset(&tm, 0, sizeof tm);
		last_hms[0] = '0' + tm.tm_hour / 10;
		last_hms[1] = '0' + tm.tm_hour % 10;
		last_hms[2] = ':';
		last_hms[3] = '0' + tm.tm_min / 10;
		last_hms[4] = '0' + tm.tm_min % 10;
		last_hms[5] = ':';
		last_hms[6] = '0' + tm.tm_sec / 10;
		last_hms[7] = '0' + tm.tm_sec % 10;
		last_hms[8] = '.';
		last_sec = t;
	}
	pb_mem(&pb, last_hms, 9);
	if (us > 999999) {
		pb_u32(&pb, us);
		return (pb_done(&pb));
	}
	for (i = 100000; i > 0; i /= 10)
		pb_chr(&pb, '0' + (char)((us / i) % 10));
	return (pb_done(&pb));
}
