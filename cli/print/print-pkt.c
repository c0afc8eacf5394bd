/*
 * cli/print/print-pkt.c - what every printer asks of a decoded packet: its
 * network family and addresses, the captured
 * bytes of its transport layer as a bounds-checked region, and tcpdump's
 * "addr.port > addr.port: " prefix for TCP and UDP.
 */
#include "cli/print/print-int.h"

/* The network-layer family of p: 4, 6, or 0 when it has no IP layer. */
int
pkt_family(const struct pkt *p)
{
	if (p->layers & PKT_IP4)
		return (4);
	if (p->layers & PKT_IP6)
		return (6);
	return (0);
}

/*
 * The captured bytes from the transport header on (empty when there is
 * none): the decoder puts the network layer right after the link header.
 */
struct wrd
pkt_l4_wrd(const struct pkt *p)
{
	size_t		 llen = p->linklen;
	const uint8_t	*end;

	if (p->l3 == NULL || p->l4 == NULL || p->caplen < llen)
		return (wrd_make(NULL, 0));
	end = p->l3 + (p->caplen - llen);
	return (wrd_make(p->l4, end > p->l4 ? (size_t)(end - p->l4) : 0));
}

/* The source address of p's IP layer. */
const uint8_t *
pkt_src(const struct pkt *p)
{
	return ((p->layers & PKT_IP4) ? p->ip4.src : p->ip6.src);
}

/* The destination address of p's IP layer. */
const uint8_t *
pkt_dst(const struct pkt *p)
{
	return ((p->layers & PKT_IP4) ? p->ip4.dst : p->ip6.dst);
}

/*
 * Append tcpdump's "addr.port > addr.port: ", or only "port > port: " when
 * IPv6 extension headers came first (their printer already named the hosts).
 */
void
print_ports(struct pbuf *pb, const struct pkt *p, uint16_t sport,
    uint16_t dport)
{
	int	fam = pkt_family(p);

	if (fam == 4 || p->ip6.n_ext == 0) {
		pb_addr(pb, fam, pkt_src(p));
		pb_chr(pb, '.');
		pb_u32(pb, sport);
		pb_str(pb, " > ");
		pb_addr(pb, fam, pkt_dst(p));
		pb_chr(pb, '.');
		pb_u32(pb, dport);
		pb_str(pb, ": ");
	} else {
		pb_u32(pb, sport);
		pb_str(pb, " > ");
		pb_u32(pb, dport);
		pb_str(pb, ": ");
	}
}
