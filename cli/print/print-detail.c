/*
 * cli/print/print-detail.c - every field of a packet, layer by layer, as
 * Wireshark's packet details show them: the link header, ARP (RFC 826),
 * IPv4 (RFC 791, DSCP/ECN of RFC 2474 and RFC 3168) with its options and
 * header checksum, IPv6 (RFC 8200) with each extension header's fields,
 * UDP (RFC 768), ICMP (RFC 792) and ICMPv6 (RFC 4443) with the packet an
 * error quotes, then the payload as a hex and ASCII dump (tcpdump -X).
 * TCP lives in print-detail-tcp.c, the helpers both use in print-field.c.  Where the decoder stopped, the layers
 * it finished print, then its reason and the captured bytes.
 */
#include <string.h>

#include "cli/print/print.h"
#include "cli/print/print-int.h"


static void	dt_link(struct pbuf *, const struct pkt *);
static void	dt_vlan(struct pbuf *, const struct pkt *);
static void	dt_arp(struct pbuf *, const struct pkt *);
static void	dt_ip4(struct pbuf *, const struct pkt *);
static void	dt_ip4_opts(struct pbuf *, const struct ip4_hdr *);
static void	dt_ip6(struct pbuf *, const struct pkt *);
static void	dt_ip6_ext(struct pbuf *, const struct ip6_ext *);
static void	dt_ip6_tlvs(struct pbuf *, const struct wrd *);
static void	dt_udp(struct pbuf *, const struct pkt *);
static void	dt_icmp(struct pbuf *, const struct pkt *);
static void	dt_icmp_rest(struct pbuf *, const struct icmp_hdr *, int);
static void	dt_quote(struct pbuf *, const struct icmp_quote *);
static void	dt_payload(struct pbuf *, const struct pkt *);
static const char *icmp4_type(uint8_t);
static const char *icmp6_type(uint8_t);

/* Append every field of pkt (frame: its captured bytes, or NULL). */
size_t
print_detail(const struct pkt *p, const uint8_t *frame,
    const struct detail_ctx *dc, char *buf, size_t len)
{
	struct detail_ctx	none;
	struct pbuf		pb;
	struct wrd		all;

	if (dc == NULL) {
		memset(&none, 0, sizeof none);
		none.wscale = DETAIL_WS_UNKNOWN;
		dc = &none;
	}
	pb_init(&pb, buf, len);
	pb_str(&pb, "Frame");
	if (dc->num != 0)
		pb_printf(&pb, " %lu", dc->num);
	pb_printf(&pb, ": %zu bytes on the wire, %zu captured\n",
	    p->wirelen, p->caplen);
	dt_link(&pb, p);
	if (p->layers & PKT_ARP)
		dt_arp(&pb, p);
	if (p->layers & PKT_IP4)
		dt_ip4(&pb, p);
	if (p->layers & PKT_IP6)
		dt_ip6(&pb, p);
	if (p->layers & PKT_TCP)
		dt_tcp(&pb, p, dc);
	else if (strncmp(p->err, "tcp: ", 5) == 0 && p->tcp.doff != 0) {
		/* The fixed header was read before the fault. */
		pb_str(&pb, "(the TCP header as far as it was decoded)\n");
		dt_tcp(&pb, p, dc);
	}
	if (p->layers & PKT_UDP)
		dt_udp(&pb, p);
	if (p->layers & (PKT_ICMP | PKT_ICMP6))
		dt_icmp(&pb, p);
	if (p->ip_missing != 0)
		pb_printf(&pb, "Truncated: %zu byte%s of the IP packet %s "
		    "missing from the frame (tcpdump's truncated-ip)\n",
		    p->ip_missing, p->ip_missing == 1 ? "" : "s",
		    p->ip_missing == 1 ? "is" : "are");
	if (p->err[0] != '\0') {
		pb_str(&pb, "Malformed: the decoder stopped: ");
		pb_str(&pb, p->err);
		pb_chr(&pb, '\n');
	}
	if (p->err[0] != '\0' || p->ip_missing != 0) {
		if (frame != NULL) {
			all = wrd_make(frame, p->caplen);
			pb_printf(&pb, "Captured bytes: %zu\n", all.len);
			dt_hexdump(&pb, 4, &all, 4 * DETAIL_DUMP_MAX);
		}
	} else
		dt_payload(&pb, p);
	/* Leave the last line whole: no newline at the very end. */
	if (pb.len > 0 && pb.len <= pb.cap && pb.b[pb.len - 1] == '\n')
		pb.len--;
	return (pb_done(&pb));
}

/* The 802.1Q / 802.1ad tags after the link header, outer first. */
static void
dt_vlan(struct pbuf *pb, const struct pkt *p)
{
	int	i;

	for (i = 0; i < p->n_vlan && i < WIRE_MAX_VLAN; i++)
		pb_printf(pb, "%s tag (TPID 0x%04x): VLAN %u, priority %u, "
		    "DEI %u\n", p->vlan[i].tpid == ETHERTYPE_8021Q ? "802.1Q" :
		    "802.1ad", p->vlan[i].tpid, p->vlan[i].tci & 0xfff,
		    p->vlan[i].tci >> 13, (p->vlan[i].tci >> 12) & 1);
}

/* The link-layer header: Ethernet II, Linux cooked, loopback or none. */
static void
dt_link(struct pbuf *pb, const struct pkt *p)
{
	switch (p->dlt) {
	case WIRE_DLT_EN10MB:
		if (!(p->layers & PKT_ETH))
			return;
		pb_str(pb, "Ethernet II: ");
		pb_mac(pb, p->eth.src);
		pb_str(pb, " -> ");
		pb_mac(pb, p->eth.dst);
		pb_str(pb, ", type ");
		switch (p->eth.type) {
		case ETHERTYPE_IPV4:
			pb_str(pb, "IPv4");
			break;
		case ETHERTYPE_IPV6:
			pb_str(pb, "IPv6");
			break;
		case ETHERTYPE_ARP:
			pb_str(pb, "ARP");
			break;
		case ETHERTYPE_8021Q:
		case ETHERTYPE_8021AD:
		case ETHERTYPE_8021Q9100:
		case ETHERTYPE_8021Q9200:
			pb_str(pb, "a VLAN tag");
			break;
		default:
			pb_str(pb, p->eth.type <= 1500 ? "an 802.3 length" :
			    "unknown");
		}
		pb_printf(pb, " (0x%04x)\n", p->eth.type);
		dt_vlan(pb, p);
		return;
	case WIRE_DLT_LINUX_SLL:
	case WIRE_DLT_LINUX_SLL2:
		if (p->layers & PKT_SLL)
			pb_printf(pb, "Linux cooked capture%s: protocol "
			    "0x%04x\n", p->dlt == WIRE_DLT_LINUX_SLL2 ? " v2" :
			    "", p->sll.proto);
		dt_vlan(pb, p);
		return;
	case WIRE_DLT_NULL:
	case WIRE_DLT_LOOP:
		if (p->ethertype != 0)
			pb_printf(pb, "BSD loopback: family %s\n",
			    p->ethertype == ETHERTYPE_IPV6 ? "IPv6" : "IPv4");
		return;
	case WIRE_DLT_RAW:
	case WIRE_DLT_IPV4:
	case WIRE_DLT_IPV6:
		pb_str(pb, "Raw IP (no link header)\n");
		return;
	}
}

/* ARP for Ethernet/IPv4 (RFC 826). */
static void
dt_arp(struct pbuf *pb, const struct pkt *p)
{
	const struct arp_hdr	*a = &p->arp;
	static const char	*ops[] = { NULL, "request", "reply",
	    "reverse request", "reverse reply" };
	const char		*op = a->op < 5 ? ops[a->op] : NULL;

	pb_printf(pb, "Address Resolution Protocol: %s\n", op != NULL ? op :
	    "unknown opcode");
	pb_printf(pb, "    hardware type %u (Ethernet), protocol type 0x%04x "
	    "(IPv4)\n", a->htype, a->ptype);
	pb_printf(pb, "    hardware size %u, protocol size %u\n", a->hlen,
	    a->plen);
	pb_printf(pb, "    opcode %u (%s)\n", a->op, op != NULL ? op :
	    "unknown");
	pb_str(pb, "    sender MAC ");
	pb_mac(pb, a->sha);
	pb_str(pb, ", sender IP ");
	pb_ip4(pb, a->spa);
	pb_str(pb, "\n    target MAC ");
	pb_mac(pb, a->tha);
	pb_str(pb, ", target IP ");
	pb_ip4(pb, a->tpa);
	pb_chr(pb, '\n');
}

/* IPv4 (RFC 791): every header field, the options, the checksum's verdict. */
static void
dt_ip4(struct pbuf *pb, const struct pkt *p)
{
	const struct ip4_hdr	*ip = &p->ip4;
	static const char	*ecn[] = { "Not-ECT", "ECT(1)", "ECT(0)",
	    "CE" };
	unsigned		 off = ip->frag & IP4_OFFMASK;

	pb_str(pb, "Internet Protocol version 4: ");
	pb_ip4(pb, ip->src);
	pb_str(pb, " -> ");
	pb_ip4(pb, ip->dst);
	pb_printf(pb, "\n    version 4, header length %u bytes (IHL %u)\n",
	    ip->ihl * 4U, ip->ihl);
	pb_printf(pb, "    type of service 0x%02x: DSCP %u, ECN %u (%s)\n",
	    ip->tos, ip->tos >> 2, ip->tos & 3, ecn[ip->tos & 3]);
	pb_printf(pb, "    total length %u\n", ip->tot_len);
	pb_printf(pb, "    identification 0x%04x (%u)\n", ip->id, ip->id);
	pb_printf(pb, "    flags 0x%x: ", ip->frag >> 13);
	if (ip->frag & IP4_RF)
		pb_str(pb, "RF (reserved, must be zero) set, ");
	pb_str(pb, ip->frag & IP4_DF ? "DF (don't fragment)" : "DF clear");
	pb_str(pb, ip->frag & IP4_MF ? ", MF (more fragments)" : ", MF clear");
	pb_printf(pb, "; fragment offset %u", off);
	if (off != 0)
		pb_printf(pb, " (%u bytes)", off * 8);
	pb_printf(pb, "\n    TTL %u, protocol ", ip->ttl);
	dt_proto(pb, ip->proto);
	pb_str(pb, "\n    header checksum ");
	dt_cksum(pb, p, PKT_IP4, ip->cksum, ip->cksum_ok);
	if (ip->opt_len > 0)
		dt_ip4_opts(pb, ip);
}

/* The IPv4 options (RFC 791 section 3.1), each with its bytes. */
static void
dt_ip4_opts(struct pbuf *pb, const struct ip4_hdr *ip)
{
	struct wrd	 r = wrd_make(ip->opt, ip->opt_len), o;
	size_t		 off = 0, olen, i;
	uint8_t		 kind, a[4];
	const char	*name;

	pb_printf(pb, "    options: %zu bytes\n", ip->opt_len);
	while (off < r.len) {
		kind = wrd_u8(&r, off);
		switch (kind) {
		case 0: name = "end of list"; break;
		case 1: name = "no operation"; break;
		case 7: name = "record route"; break;
		case 68: name = "timestamp"; break;
		case 130: name = "security"; break;
		case 131: name = "loose source route"; break;
		case 137: name = "strict source route"; break;
		case 148: name = "router alert"; break;
		default: name = "unknown"; break;
		}
		if (kind == 0 || kind == 1) {
			olen = kind == 0 ? r.len - off : 1;
			pb_printf(pb, "        %s (%u): ", name, kind);
			dt_bytes(pb, &r, off, olen);
			pb_chr(pb, '\n');
			off += olen;
			continue;
		}
		olen = wrd_u8(&r, off + 1);
		if (olen < 2 || !wrd_has(&r, off, olen)) {
			pb_printf(pb, "        %s (%u), length %zu: does not fit "
			    "(%zu bytes left): ", name, kind, olen,
			    r.len - off);
			dt_bytes(pb, &r, off, r.len - off);
			pb_chr(pb, '\n');
			return;
		}
		pb_printf(pb, "        %s (%u), length %zu: ", name, kind, olen);
		dt_bytes(pb, &r, off, olen);
		o = wrd_sub(&r, off, olen);
		if ((kind == 7 || kind == 131 || kind == 137) && olen >= 3) {
			pb_printf(pb, "\n            pointer %u, addresses:",
			    wrd_u8(&o, 2));
			for (i = 3; i + 4 <= olen; i += 4) {
				wrd_copy(&o, i, a, 4);
				pb_chr(pb, ' ');
				pb_ip4(pb, a);
			}
		}
		pb_chr(pb, '\n');
		off += olen;
	}
}

/* IPv6 (RFC 8200): the fixed header, then each extension header. */
static void
dt_ip6(struct pbuf *pb, const struct pkt *p)
{
	const struct ip6_hdr	*ip = &p->ip6;
	int			 i;

	pb_str(pb, "Internet Protocol version 6: ");
	pb_ip6(pb, ip->src);
	pb_str(pb, " -> ");
	pb_ip6(pb, ip->dst);
	pb_printf(pb, "\n    version 6, traffic class 0x%02x (DSCP %u, ECN "
	    "%u), flow label 0x%05x\n", ip->tclass, ip->tclass >> 2,
	    ip->tclass & 3, (unsigned)ip->flow);
	pb_printf(pb, "    payload length %u\n    next header ", ip->plen);
	dt_proto(pb, ip->nxt);
	pb_printf(pb, ", hop limit %u\n", ip->hlim);
	for (i = 0; i < ip->n_ext && i < WIRE_MAX_IP6EXT; i++)
		dt_ip6_ext(pb, &ip->ext[i]);
}

/* One IPv6 extension header with its fields. */
static void
dt_ip6_ext(struct pbuf *pb, const struct ip6_ext *e)
{
	struct wrd	r = wrd_make(e->data, e->len), t;
	uint16_t	fo;
	uint8_t		a[16];
	size_t		i;

	pb_str(pb, "    extension header ");
	dt_proto(pb, e->type);
	pb_printf(pb, ", length %zu bytes, next header ", e->len);
	dt_proto(pb, e->nxt);
	pb_chr(pb, '\n');
	switch (e->type) {
	case IPPROTO_FRAGMENT_:
		fo = wrd_be16(&r, 2);
		pb_printf(pb, "        fragment offset %u (%u bytes), M %u "
		    "(%s), identification 0x%08x\n", fo >> 3, (fo >> 3) * 8U,
		    fo & 1, fo & 1 ? "more fragments" : "last fragment",
		    wrd_be32(&r, 4));
		break;
	case IPPROTO_ROUTING_:
		pb_printf(pb, "        routing type %u, segments left %u\n",
		    wrd_u8(&r, 2), wrd_u8(&r, 3));
		if (wrd_u8(&r, 2) == 0 || wrd_u8(&r, 2) == 2 ||
		    wrd_u8(&r, 2) == 4) {
			for (i = 8; i + 16 <= r.len; i += 16) {
				wrd_copy(&r, i, a, 16);
				pb_printf(pb, "        address %zu: ",
				    (i - 8) / 16 + 1);
				pb_ip6(pb, a);
				pb_chr(pb, '\n');
			}
		}
		break;
	case IPPROTO_HOPOPTS_:
	case IPPROTO_DSTOPTS_:
		t = wrd_sub(&r, 2, r.len);
		dt_ip6_tlvs(pb, &t);
		break;
	}
}

/* The options of a hop-by-hop or destination options header (RFC 8200 4.2). */
static void
dt_ip6_tlvs(struct pbuf *pb, const struct wrd *r)
{
	size_t		 off = 0, olen;
	uint8_t		 type;
	const char	*name;

	while (off < r->len) {
		type = wrd_u8(r, off);
		if (type == 0) {
			pb_printf(pb, "        option Pad1 (0)\n");
			off++;
			continue;
		}
		olen = wrd_has(r, off, 2) ? wrd_u8(r, off + 1) : 0;
		switch (type) {
		case 1: name = "PadN"; break;
		case 5: name = "router alert"; break;
		case 0xc2: name = "jumbo payload"; break;
		case 0xc9: name = "home address"; break;
		default: name = "unknown"; break;
		}
		pb_printf(pb, "        option %s (%u), length %zu", name, type,
		    olen);
		if (!wrd_has(r, off, 2 + olen)) {
			pb_str(pb, ": runs past the header\n");
			return;
		}
		if (olen > 0) {
			pb_str(pb, ": ");
			dt_bytes(pb, r, off + 2, olen);
		}
		pb_chr(pb, '\n');
		off += 2 + olen;
	}
}

/* UDP (RFC 768): ports, length, checksum. */
static void
dt_udp(struct pbuf *pb, const struct pkt *p)
{
	const struct udp_hdr	*u = &p->udp;

	pb_printf(pb, "User Datagram Protocol: port %u -> %u, length %zu\n",
	    u->sport, u->dport, p->payload_wire);
	pb_printf(pb, "    source port %u, destination port %u\n", u->sport,
	    u->dport);
	pb_printf(pb, "    length %u (8 header + %u data bytes)\n", u->len,
	    u->len >= 8 ? u->len - 8U : 0);
	pb_str(pb, "    checksum ");
	dt_cksum(pb, p, PKT_UDP, u->cksum, u->cksum_ok);
}

/* The name of an ICMP (RFC 792) type, or NULL. */
static const char *
icmp4_type(uint8_t t)
{
	switch (t) {
	case 0: return ("echo reply");
	case 3: return ("destination unreachable");
	case 4: return ("source quench");
	case 5: return ("redirect");
	case 8: return ("echo request");
	case 9: return ("router advertisement");
	case 10: return ("router solicitation");
	case 11: return ("time exceeded");
	case 12: return ("parameter problem");
	case 13: return ("timestamp request");
	case 14: return ("timestamp reply");
	}
	return (NULL);
}

/* The name of an ICMPv6 (RFC 4443, RFC 4861, RFC 3810) type, or NULL. */
static const char *
icmp6_type(uint8_t t)
{
	switch (t) {
	case 1: return ("destination unreachable");
	case 2: return ("packet too big");
	case 3: return ("time exceeded");
	case 4: return ("parameter problem");
	case 128: return ("echo request");
	case 129: return ("echo reply");
	case 130: return ("multicast listener query");
	case 131: return ("multicast listener report");
	case 132: return ("multicast listener done");
	case 133: return ("router solicitation");
	case 134: return ("router advertisement");
	case 135: return ("neighbor solicitation");
	case 136: return ("neighbor advertisement");
	case 137: return ("redirect");
	case 143: return ("multicast listener report v2");
	}
	return (NULL);
}

/* ICMP or ICMPv6: type, code, checksum, the rest of the header, a quote. */
static void
dt_icmp(struct pbuf *pb, const struct pkt *p)
{
	const struct icmp_hdr	*ic = &p->icmp;
	int			 v6 = (p->layers & PKT_ICMP6) != 0;
	const char		*t = v6 ? icmp6_type(ic->type) :
				    icmp4_type(ic->type);
	static const char	*unreach4[] = { "net unreachable",
	    "host unreachable", "protocol unreachable", "port unreachable",
	    "fragmentation needed and DF set", "source route failed" };
	static const char	*unreach6[] = { "no route to destination",
	    "administratively prohibited", "beyond scope of source address",
	    "address unreachable", "port unreachable" };
	const char		*c = NULL;

	if (!v6 && ic->type == 3 && ic->code < 6)
		c = unreach4[ic->code];
	else if (v6 && ic->type == 1 && ic->code < 5)
		c = unreach6[ic->code];
	else if (ic->type == (v6 ? 3 : 11))
		c = ic->code == 0 ? "hop limit exceeded in transit" :
		    ic->code == 1 ? "fragment reassembly time exceeded" : NULL;
	pb_printf(pb, "%s: type %u (%s), code %u", v6 ?
	    "Internet Control Message Protocol v6" :
	    "Internet Control Message Protocol", ic->type,
	    t != NULL ? t : "unknown", ic->code);
	if (c != NULL)
		pb_printf(pb, " (%s)", c);
	pb_str(pb, "\n    checksum ");
	dt_cksum(pb, p, v6 ? PKT_ICMP6 : PKT_ICMP, ic->cksum, ic->cksum_ok);
	dt_icmp_rest(pb, ic, v6);
	if (ic->quote.present)
		dt_quote(pb, &ic->quote);
}

/* The header's last 4 bytes, named as the type uses them. */
static void
dt_icmp_rest(struct pbuf *pb, const struct icmp_hdr *ic, int v6)
{
	struct wrd	r = wrd_make(ic->rest, sizeof ic->rest);
	struct wrd	b = wrd_make(ic->body, ic->body_len);
	uint8_t		a[16];

	if ((!v6 && (ic->type == 0 || ic->type == 8 || ic->type == 13 ||
	    ic->type == 14)) || (v6 && (ic->type == 128 || ic->type == 129)))
		pb_printf(pb, "    identifier 0x%04x (%u), sequence number %u\n",
		    wrd_be16(&r, 0), wrd_be16(&r, 0), wrd_be16(&r, 2));
	else if (!v6 && ic->type == 3 && ic->code == 4)
		pb_printf(pb, "    next-hop MTU %u (RFC 1191)\n",
		    wrd_be16(&r, 2));
	else if (v6 && ic->type == 2)
		pb_printf(pb, "    MTU %u\n", wrd_be32(&r, 0));
	else if (!v6 && ic->type == 5) {
		pb_str(pb, "    gateway ");
		pb_ip4(pb, ic->rest);
		pb_chr(pb, '\n');
	} else if (ic->type == (v6 ? 4 : 12))
		pb_printf(pb, "    pointer %u\n", v6 ? wrd_be32(&r, 0) :
		    wrd_u8(&r, 0));
	else if (v6 && (ic->type == 135 || ic->type == 136)) {
		if (ic->type == 136)
			pb_printf(pb, "    flags 0x%02x (router %u, solicited "
			    "%u, override %u)\n", wrd_u8(&r, 0),
			    wrd_u8(&r, 0) >> 7, (wrd_u8(&r, 0) >> 6) & 1,
			    (wrd_u8(&r, 0) >> 5) & 1);
		if (wrd_copy(&b, 0, a, 16) == 0) {
			pb_str(pb, "    target address ");
			pb_ip6(pb, a);
			pb_chr(pb, '\n');
		}
	} else {
		pb_str(pb, "    rest of header ");
		dt_bytes(pb, &r, 0, 4);
		pb_chr(pb, '\n');
	}
}

/* The packet an ICMP error quotes: its addresses, protocol, ports, seq. */
static void
dt_quote(struct pbuf *pb, const struct icmp_quote *q)
{
	pb_printf(pb, "    quoted packet: IPv%d ", q->family);
	pb_addr(pb, q->family, q->src);
	pb_str(pb, " -> ");
	pb_addr(pb, q->family, q->dst);
	pb_str(pb, ", protocol ");
	dt_proto(pb, q->proto);
	if (q->has_ports)
		pb_printf(pb, ", port %u -> %u", q->sport, q->dport);
	if (q->has_seq)
		pb_printf(pb, ", seq %u", q->seq);
	pb_chr(pb, '\n');
}

/*
 * What follows the headers: the payload with a dump of its first bytes (a
 * later fragment's data, or a protocol not decoded, counts as payload), and
 * link padding.
 */
static void
dt_payload(struct pbuf *pb, const struct pkt *p)
{
	struct wrd	r;
	const char	*what = "Payload";

	if ((p->layers & PKT_IP4) && (p->ip4.frag & IP4_OFFMASK) != 0)
		what = "Fragment data (the transport header is in the first "
		    "fragment)";
	else if ((p->layers & PKT_IP6) && p->ip6.frag && p->ip6.frag_off != 0)
		what = "Fragment data (the transport header is in the first "
		    "fragment)";
	else if ((p->layers & (PKT_IP4 | PKT_IP6)) && !(p->layers &
	    (PKT_TCP | PKT_UDP | PKT_ICMP | PKT_ICMP6))) {
		r = pkt_l4_wrd(p);
		if (p->payload == NULL && r.len > 0) {
			/* A first fragment ending inside the TCP header. */
			pb_printf(pb, "Transport bytes: %zu captured (too few "
			    "to decode; the rest is in later fragments)\n",
			    r.len);
			dt_hexdump(pb, 4, &r, DETAIL_DUMP_MAX);
			goto trailer;
		}
		what = "Data (a protocol not decoded here)";
	} else if (!(p->layers & (PKT_IP4 | PKT_IP6 | PKT_ARP)) &&
	    p->payload != NULL)
		what = "Data (a network protocol not decoded here)";
	if (p->layers & (PKT_ICMP | PKT_ICMP6))
		what = "ICMP body";
	if (p->layers & PKT_ARP)
		goto trailer;
	r = wrd_make(p->payload, p->payload_len);
	pb_printf(pb, "%s: %zu bytes", what, p->payload_wire > r.len ?
	    p->payload_wire : r.len);
	if (p->payload_wire > r.len)
		pb_printf(pb, " (%zu captured)", r.len);
	pb_chr(pb, '\n');
	dt_hexdump(pb, 4, &r, DETAIL_DUMP_MAX);
trailer:
	if (p->trailer_len > 0) {
		r = wrd_make(p->trailer, p->trailer_len);
		pb_printf(pb, "Link padding: %zu bytes: ", r.len);
		dt_bytes(pb, &r, 0, 64);
		if (r.len > 64)
			pb_str(pb, " ...");
		pb_chr(pb, '\n');
	}
}
