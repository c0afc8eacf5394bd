/*
 * cli/print/print-icmp.c - ICMP (RFC 792) and ICMPv6 (RFC 4443, RFC 4861
 * neighbour discovery, RFC 2710/3810 MLD) lines as tcpdump -n prints them
 * without -v, including the quoted packet of error messages.  The message
 * body is read through bounds-checked readers over the captured bytes;
 * where tcpdump would run out of them it prints "[|icmp]" or "[|icmp6]".
 */
#include <string.h>

#include "cli/print/print-int.h"

static struct wrd icmp_body(const struct icmp_hdr *);
static struct wrd icmp_rest(const struct icmp_hdr *);
static void	icmp_addr(struct pbuf *, const struct wrd *, size_t, int);
static void	icmp_unreach(struct pbuf *, const struct icmp_hdr *);
static void	icmp_radvert(struct pbuf *, const struct icmp_hdr *);
static void	icmp_tstamp(struct pbuf *, uint32_t);
static int	icmp_short(const struct icmp_hdr *);
static const char *icmp6_name(uint8_t);
static int	icmp6_unreach(struct pbuf *, const struct icmp_hdr *);

/* The captured bytes after the 8-byte header. */
static struct wrd
icmp_body(const struct icmp_hdr *ic)
{
	return (wrd_make(ic->body, ic->body_len));
}

/* The header's last 4 bytes (id and seq, gateway, MTU, pointer...). */
static struct wrd
icmp_rest(const struct icmp_hdr *ic)
{
	return (wrd_make(ic->rest, sizeof ic->rest));
}

/* Append the IPv4 (family 4) or IPv6 (6) address at off in r. */
static void
icmp_addr(struct pbuf *pb, const struct wrd *r, size_t off, int family)
{
	uint8_t	a[16];

	(void)wrd_copy(r, off, a, family == 6 ? 16 : 4);
	pb_addr(pb, family, a);
}

/* "... unreachable" for ICMP destination unreachable, from the quoted header. */
static void
icmp_unreach(struct pbuf *pb, const struct icmp_hdr *ic)
{
	static const char *what[] = {
		"net %s unreachable", "host %s unreachable", NULL, NULL, NULL,
		"%s unreachable - source route failed",
		"net %s unreachable - unknown",
		"host %s unreachable - unknown",
		"%s unreachable - source host isolated",
		"net %s unreachable - admin prohibited",
		"host %s unreachable - admin prohibited",
		"net %s unreachable - tos prohibited",
		"host %s unreachable - tos prohibited",
		"host %s unreachable - admin prohibited filter",
		"host %s unreachable - host precedence violation",
		"host %s unreachable - precedence cutoff"
	};
	struct wrd		 q = icmp_body(ic);	/* quoted IP header */
	struct wrd		 rest = icmp_rest(ic);
	char			 dst[48];
	struct pbuf		 d;
	uint16_t		 mtu, dport;
	uint8_t			 proto = wrd_u8(&q, 9);

	pb_init(&d, dst, sizeof dst);
	icmp_addr(&d, &q, 16, 4);
	pb_done(&d);
	switch (ic->code) {
	case 2:
		pb_printf(pb, "%s protocol %u unreachable", dst, proto);
		break;
	case 3:
		dport = wrd_be16(&q, (wrd_u8(&q, 0) & 0xf) * 4u + 2);
		if (proto == IPPROTO_TCP_)
			pb_printf(pb, "%s tcp port %u unreachable", dst, dport);
		else if (proto == IPPROTO_UDP_)
			pb_printf(pb, "%s udp port %u unreachable", dst, dport);
		else
			pb_printf(pb, "%s protocol %u port %u unreachable",
			    dst, proto, dport);
		break;
	case 4:
		mtu = wrd_be16(&rest, 2);
		if (mtu != 0)
			pb_printf(pb, "%s unreachable - need to frag (mtu %u)",
			    dst, mtu);
		else
			pb_printf(pb, "%s unreachable - need to frag", dst);
		break;
	default:
		if (ic->code < sizeof what / sizeof what[0])
			pb_printf(pb, what[ic->code], dst);
		else
			pb_printf(pb, "%s unreachable - #%u", dst, ic->code);
		break;
	}
}

/* An RFC 1256 router advertisement's lifetime and addresses. */
static void
icmp_radvert(struct pbuf *pb, const struct icmp_hdr *ic)
{
	struct wrd	b = icmp_body(ic), rest = icmp_rest(ic);
	unsigned	life = wrd_be16(&rest, 2), num = wrd_u8(&rest, 0);
	unsigned	size = wrd_u8(&rest, 1), i;

	pb_str(pb, "router advertisement lifetime ");
	if (life < 60)
		pb_printf(pb, "%u", life);
	else if (life < 3600)
		pb_printf(pb, "%u:%02u", life / 60, life % 60);
	else
		pb_printf(pb, "%u:%02u:%02u", life / 3600, (life % 3600) / 60,
		    life % 60);
	pb_printf(pb, " %u:", num);
	if (size != 2) {
		pb_printf(pb, " [size %u]", size);
		return;
	}
	for (i = 0; i < num && wrd_has(&b, 8 * i, 8); i++) {
		pb_str(pb, " {");
		icmp_addr(pb, &b, 8 * i, 4);
		pb_printf(pb, " %u}", wrd_be32(&b, 8 * i + 4));
	}
}

/* A time stamp (milliseconds since midnight UT) as hh:mm:ss.mmm. */
static void
icmp_tstamp(struct pbuf *pb, uint32_t t)
{
	unsigned	ms = t % 1000, s = t / 1000, m, h;

	m = s / 60;
	s -= m * 60;
	h = m / 60;
	m -= h * 60;
	pb_printf(pb, "%02u:%02u:%02u.%03u", h, m, s, ms);
}

/* Whether tcpdump would run out of captured bytes printing this message. */
static int
icmp_short(const struct icmp_hdr *ic)
{
	struct wrd	b = icmp_body(ic), rest = icmp_rest(ic);

	switch (ic->type) {
	case 3:
		/* tcpdump reads the quoted destination, and for ports the UDP/TCP header. */
		return (!wrd_has(&b, 0, 20) || (ic->code == 3 &&
		    !wrd_has(&b, 0, (wrd_u8(&b, 0) & 0xfu) * 4 + 4)));
	case 5:
	case 11:
		return (!wrd_has(&b, 0, 20));
	case 9:
		/* Each advertised address is read from the capture. */
		return (wrd_u8(&rest, 1) == 2 &&
		    !wrd_has(&b, 0, 8u * wrd_u8(&rest, 0)));
	case 14:
		return (!wrd_has(&b, 0, 12));
	case 18:
		return (!wrd_has(&b, 0, 4));
	default:
		return (0);
	}
}

/* An ICMP message, as tcpdump's icmp_print without -v. */
void
print_icmp(struct pbuf *pb, const struct pkt *p)
{
	const struct icmp_hdr	*ic = &p->icmp;
	struct wrd		 b = icmp_body(ic), rest = icmp_rest(ic);
	static const char	*redir[] = { "redirect %s to net ",
	    "redirect %s to host ", "redirect-tos %s to net ",
	    "redirect-tos %s to host " };
	char			 dst[48];
	struct pbuf		 d;

	if (icmp_short(ic)) {
		pb_str(pb, " [|icmp]");
		return;
	}
	pb_str(pb, "ICMP ");
	switch (ic->type) {
	case 0:
	case 8:
		pb_str(pb, ic->type == 8 ? "echo request, id " :
		    "echo reply, id ");
		pb_u32(pb, wrd_be16(&rest, 0));
		pb_str(pb, ", seq ");
		pb_u32(pb, wrd_be16(&rest, 2));
		break;
	case 3:
		icmp_unreach(pb, ic);
		break;
	case 5:
		pb_init(&d, dst, sizeof dst);
		icmp_addr(&d, &b, 16, 4);
		pb_done(&d);
		if (ic->code < 4)
			pb_printf(pb, redir[ic->code], dst);
		else
			pb_printf(pb, "redirect-#%u %s to ", ic->code, dst);
		icmp_addr(pb, &rest, 0, 4);
		break;
	case 9:
		icmp_radvert(pb, ic);
		break;
	case 11:
		if (ic->code == 0)
			pb_str(pb, "time exceeded in-transit");
		else if (ic->code == 1)
			pb_str(pb, "ip reassembly time exceeded");
		else
			pb_printf(pb, "time exceeded-#%u", ic->code);
		break;
	case 12:
		if (ic->code)
			pb_printf(pb, "parameter problem - code %u", ic->code);
		else
			pb_printf(pb, "parameter problem - octet %u",
			    wrd_u8(&rest, 0));
		break;
	case 13:
		pb_printf(pb, "time stamp query id %u seq %u",
		    wrd_be16(&rest, 0), wrd_be16(&rest, 2));
		break;
	case 14:
		pb_printf(pb, "time stamp reply id %u seq %u: org ",
		    wrd_be16(&rest, 0), wrd_be16(&rest, 2));
		icmp_tstamp(pb, wrd_be32(&b, 0));
		pb_str(pb, ", recv ");
		icmp_tstamp(pb, wrd_be32(&b, 4));
		pb_str(pb, ", xmit ");
		icmp_tstamp(pb, wrd_be32(&b, 8));
		break;
	case 18:
		pb_printf(pb, "address mask is 0x%08x", wrd_be32(&b, 0));
		break;
	case 4:
		pb_str(pb, "source quench");
		break;
	case 10:
		pb_str(pb, "router solicitation");
		break;
	case 15:
		pb_str(pb, "information request");
		break;
	case 16:
		pb_str(pb, "information reply");
		break;
	case 17:
		pb_str(pb, "address mask request");
		break;
	default:
		pb_printf(pb, "type-#%u", ic->type);
		break;
	}
	pb_str(pb, ", length ");
	pb_u64(pb, p->l4_len);
}

/* tcpdump's name for an ICMPv6 type, or NULL. */
static const char *
icmp6_name(uint8_t type)
{
	switch (type) {
	case 1: return ("destination unreachable");
	case 2: return ("packet too big");
	case 3: return ("time exceeded in-transit");
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
	case 138: return ("router renumbering");
	case 139: return ("who-are-you request");
	case 140: return ("who-are-you reply");
	case 141: return ("inverse neighbor solicitation");
	case 142: return ("inverse neighbor advertisement");
	case 143: return ("multicast listener report v2");
	case 144: return ("ha discovery request");
	case 145: return ("ha discovery reply");
	case 146: return ("mobile router solicitation");
	case 147: return ("mobile router advertisement");
	case 155: return ("RPL");
	case 200: return ("mtrace response");
	case 201: return ("mtrace message");
	default: return (NULL);
	}
}

/*
 * The code and quoted destination of an ICMPv6 destination unreachable;
 * returns -1 when the quote was cut short (tcpdump's "[|icmp6]").
 */
static int
icmp6_unreach(struct pbuf *pb, const struct icmp_hdr *ic)
{
	static const char *codes[] = { "unreachable route",
	    " unreachable prohibited", "beyond scope", "unreachable address",
	    "unreachable port" };
	const struct icmp_quote	*q = &ic->quote;
	struct wrd		 o = icmp_body(ic);	/* quoted IPv6 header */
	uint8_t			 proto;
	uint16_t		 dport;

	if (ic->code < 5)
		pb_printf(pb, ", %s", codes[ic->code]);
	else
		pb_printf(pb, ", unknown unreach code (%u)", ic->code);
	if (ic->code > 4)
		return (0);
	if (!wrd_has(&o, 0, 40))
		return (-1);
	switch (ic->code) {
	case 0:
	case 1:
	case 3:
		pb_chr(pb, ' ');
		icmp_addr(pb, &o, 24, 6);
		break;
	case 2:
		pb_chr(pb, ' ');
		icmp_addr(pb, &o, 24, 6);
		pb_str(pb, ", source address ");
		icmp_addr(pb, &o, 8, 6);
		break;
	case 4:
		if (q->present && q->has_ports) {
			proto = q->proto;
			dport = q->dport;
		} else if ((wrd_u8(&o, 6) == IPPROTO_TCP_ ||
		    wrd_u8(&o, 6) == IPPROTO_UDP_) && wrd_has(&o, 0, 44)) {
			proto = wrd_u8(&o, 6);
			dport = wrd_be16(&o, 42);
		} else
			return (-1);
		pb_str(pb, ", ");
		icmp_addr(pb, &o, 24, 6);
		if (proto == IPPROTO_TCP_)
			pb_printf(pb, " tcp port %u", dport);
		else if (proto == IPPROTO_UDP_)
			pb_printf(pb, " udp port %u", dport);
		else
			pb_printf(pb, " protocol %u port %u unreachable",
			    proto, dport);
		break;
	}
	return (0);
}

/* An ICMPv6 message, as tcpdump's icmp6_print without -v. */
void
print_icmp6(struct pbuf *pb, const struct pkt *p)
{
	const struct icmp_hdr	*ic = &p->icmp;
	struct wrd		 b = icmp_body(ic), rest = icmp_rest(ic);
	const char		*name = icmp6_name(ic->type);
	size_t			 length = p->l4_len;
	unsigned		 nsrc;

	if (length == 0) {
		pb_str(pb, "ICMP6, length 0 (invalid)");
		return;
	}
	pb_str(pb, "ICMP6, ");
	if (name != NULL)
		pb_str(pb, name);
	else
		pb_printf(pb, "unknown icmp6 type (%u)", ic->type);
	switch (ic->type) {
	case 1:
		if (icmp6_unreach(pb, ic) == -1)
			goto trunc;
		if (ic->code > 4)
			return;
		break;
	case 2:
		pb_str(pb, ", mtu ");
		pb_u32(pb, wrd_be32(&rest, 0));
		break;
	case 3:
		if (ic->code == 0) {
			if (!wrd_has(&b, 0, 40))
				goto trunc;
			pb_str(pb, " for ");
			icmp_addr(pb, &b, 24, 6);
		} else if (ic->code == 1)
			pb_str(pb, " (reassembly)");
		else
			pb_printf(pb, ", unknown code (%u)", ic->code);
		break;
	case 4:
		if (!wrd_has(&b, 0, 40))
			goto trunc;
		if (ic->code < 4)
			pb_printf(pb, ", %s - octet %u", (const char *[]){
			    "erroneous", "next header", "option",
			    "incomplete header chain" }[ic->code],
			    wrd_be32(&rest, 0));
		else
			pb_printf(pb, ", code-#%u", ic->code);
		break;
	case 128:
	case 129:
		pb_str(pb, ", id ");
		pb_u32(pb, wrd_be16(&rest, 0));
		pb_str(pb, ", seq ");
		pb_u32(pb, wrd_be16(&rest, 2));
		break;
	case 130:
		if (length == 24)
			goto mld1;
		if (length >= 28) {
			pb_str(pb, " v2");
			if (!wrd_has(&b, 0, 16))
				goto trunc;
			pb_str(pb, " [gaddr ");
			icmp_addr(pb, &b, 0, 6);
			if (!wrd_has(&b, 0, 20))
				goto trunc;
			if ((nsrc = wrd_be16(&b, 18)) > 0) {
				if (length < 28 + 16u * nsrc)
					pb_str(pb, " [invalid number of "
					    "sources]");
				else
					pb_printf(pb, ", %u source(s)", nsrc);
			}
			pb_chr(pb, ']');
		} else
			pb_printf(pb, " unknown-version (len %zu) ", length);
		break;
	case 131:
	case 132:
	mld1:
		if (wrd_has(&b, 0, 16)) {
			pb_printf(pb, "max resp delay: %u addr: ",
			    wrd_be16(&rest, 0));
			icmp_addr(pb, &b, 0, 6);
		}
		break;
	case 135:
	case 136:
		if (!wrd_has(&b, 0, 16))
			goto trunc;
		pb_str(pb, ic->type == 135 ? ", who has " : ", tgt is ");
		icmp_addr(pb, &b, 0, 6);
		break;
	case 137:
		if (!wrd_has(&b, 0, 32))
			goto trunc;
		pb_str(pb, ", ");
		icmp_addr(pb, &b, 16, 6);
		pb_str(pb, " to ");
		icmp_addr(pb, &b, 0, 6);
		break;
	case 143:
		if (length < 8)
			pb_printf(pb, " [invalid len %zu]", length);
		else
			pb_printf(pb, ", %u group record(s)",
			    wrd_be16(&rest, 2));
		break;
	case 144:
	case 146:
		pb_printf(pb, ", id 0x%04x", wrd_be16(&rest, 0));
		break;
	default:
		if (name == NULL) {
			pb_str(pb, ", length ");
			pb_u64(pb, length);
			return;
		}
		break;
	}
	pb_str(pb, ", length ");
	pb_u64(pb, length);
	return;
trunc:
	pb_str(pb, " [|icmp6]");
}
