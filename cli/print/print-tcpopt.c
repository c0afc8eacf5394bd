/*
 * cli/print/print-tcpopt.c - TCP options as tcpdump -n prints them: MSS, window
 * scale (RFC 7323), SACK (RFC 2018, blocks relative like seq/ack), time
 * stamps (RFC 7323), MD5 (RFC 2385), TCP-AO (RFC 5925), user timeout
 * (RFC 5482), MPTCP (RFC 8684), Fast Open (RFC 7413), unknown kinds in
 * hex, and tcpdump's "[len N]" and "[bad opt]" verdicts on malformed ones.
 * Walks the option bytes as tcpdump does, so malformed lists print alike.
 */
#include <string.h>

#include "cli/print/print-int.h"

static const char *opt_name(uint8_t);
static void	print_tfo(struct pbuf *, const struct wrd *, int);
static int	print_mptcp(struct pbuf *, const struct wrd *, uint8_t);
static int	print_mptcp_addr(struct pbuf *, const struct wrd *);

/* tcpdump's name for an option kind, or NULL for "unknown-N". */
static const char *
opt_name(uint8_t kind)
{
	switch (kind) {
	case 0: return ("eol");
	case 1: return ("nop");
	case 2: return ("mss");
	case 3: return ("wscale");
	case 4: return ("sackOK");
	case 5: return ("sack");
	case 6: return ("echo");
	case 7: return ("echoreply");
	case 8: return ("TS");
	case 11: return ("cc");
	case 12: return ("ccnew");
	case 13: return ("");
	case 19: return ("md5");
	case 20: return ("scps");
	case 28: return ("uto");
	case 29: return ("tcp-ao");
	case 30: return ("mptcp");
	case 34: return ("tfo");
	case 254: return ("exp");
	default: return (NULL);
	}
}

/*
 * A Fast Open cookie or cookie request, c being its bytes after kind and
 * length (exp: the pre-RFC experimental form, after the magic number).
 */
static void
print_tfo(struct pbuf *pb, const struct wrd *c, int exp)
{
	if (exp)
		pb_str(pb, "tfo");
	if (c->len == 0)
		pb_str(pb, " cookiereq");
	else if (c->len % 2 != 0 || c->len < 4 || c->len > 16)
		pb_str(pb, " (invalid)");
	else {
		pb_str(pb, " cookie ");
		pb_hexbytes(pb, c);
	}
}

/*
 * MPTCP ADD_ADDR (RFC 8684 3.4.1), o being the whole option; returns 0 when
 * its length is impossible.
 */
static int
print_mptcp_addr(struct pbuf *pb, const struct wrd *o)
{
	static const char *ver[] = { "v1", "v1-echo", NULL, NULL, "v0-ip4",
	    NULL, "v0-ip6" };
	size_t		len = o->len;
	unsigned	v = wrd_u8(o, 2) & 0xf;
	uint8_t		a[16];

	if (!(len == 8 || len == 10 || len == 16 || len == 18 || len == 20 ||
	    len == 22 || len == 28 || len == 30))
		return (0);
	pb_chr(pb, ' ');
	pb_str(pb, v < 7 && ver[v] != NULL ? ver[v] : "[bad version/echo]");
	pb_str(pb, " id ");
	pb_u32(pb, wrd_u8(o, 3));
	if (len == 8 || len == 10 || len == 16 || len == 18) {
		pb_chr(pb, ' ');
		(void)wrd_copy(o, 4, a, 4);
		pb_ip4(pb, a);
		if (len == 10 || len == 18)
			pb_printf(pb, ":%u", wrd_be16(o, 8));
		if (len == 16)
			pb_printf(pb, " hmac 0x%llx",
			    (unsigned long long)wrd_be64(o, 8));
		if (len == 18)
			pb_printf(pb, " hmac 0x%llx",
			    (unsigned long long)wrd_be64(o, 10));
	} else {
		pb_chr(pb, ' ');
		(void)wrd_copy(o, 4, a, 16);
		pb_ip6(pb, a);
		if (len == 22 || len == 30)
			pb_printf(pb, ":%u", wrd_be16(o, 20));
		if (len == 28)
			pb_printf(pb, " hmac 0x%llx",
			    (unsigned long long)wrd_be64(o, 20));
		if (len == 30)
			pb_printf(pb, " hmac 0x%llx",
			    (unsigned long long)wrd_be64(o, 22));
	}
	return (1);
}

/*
 * An MPTCP option (o is the whole option, from its kind byte), as tcpdump's
 * mptcp_print; returns 0 when tcpdump would call it bad.
 */
static int
print_mptcp(struct pbuf *pb, const struct wrd *o, uint8_t flags)
{
	static const char *names[] = { "capable", "join", "dss", "add-addr",
	    "rem-addr", "prio", "fail", "fast-close", "unknown" };
	struct wrd	h;
	size_t		len = o->len, off;
	unsigned	sub, i, f;

	if (len < 3)
		return (0);
	sub = wrd_u8(o, 2) >> 4;
	if (sub > 8)
		sub = 8;
	pb_printf(pb, " %zu %s", len, names[sub]);
	switch (sub) {
	case 0:
		if (!((len == 12 || len == 4) && (flags & TH_SYN)) &&
		    !((len == 20 || len == 22) &&
		    (flags & (TH_SYN | TH_ACK)) == TH_ACK))
			return (0);
		if ((wrd_u8(o, 2) & 0xf) > 1) {
			pb_printf(pb, " Unknown Version (%u)",
			    wrd_u8(o, 2) & 0xf);
			return (1);
		}
		pb_printf(pb, " v%u", wrd_u8(o, 2) & 0xf);
		if (wrd_u8(o, 3) & 0x80)
			pb_str(pb, " csum");
		if (len == 12 || len >= 20) {
			pb_printf(pb, " {0x%llx",
			    (unsigned long long)wrd_be64(o, 4));
			if (len >= 20)
				pb_printf(pb, ",0x%llx",
				    (unsigned long long)wrd_be64(o, 12));
			pb_chr(pb, '}');
		}
		return (1);
	case 1:
		if (!(len == 12 && (flags & TH_SYN)) &&
		    !(len == 16 && (flags & (TH_SYN | TH_ACK)) ==
		    (TH_SYN | TH_ACK)) && !(len == 24 && (flags & TH_ACK)))
			return (0);
		if (len != 24) {
			if (wrd_u8(o, 2) & 0x01)
				pb_str(pb, " backup");
			pb_printf(pb, " id %u", wrd_u8(o, 3));
		}
		if (len == 12)
			pb_printf(pb, " token 0x%x nonce 0x%x",
			    wrd_be32(o, 4), wrd_be32(o, 8));
		else if (len == 16)
			pb_printf(pb, " hmac 0x%llx nonce 0x%x",
			    (unsigned long long)wrd_be64(o, 4),
			    wrd_be32(o, 12));
		else {
			pb_str(pb, " hmac 0x");
			h = wrd_sub(o, 4, 20);
			pb_hexbytes(pb, &h);
		}
		return (1);
	case 2:
		if (len < 4 || (flags & TH_SYN))
			return (0);
		f = wrd_u8(o, 3);
		off = 4;
		if (f & 0x10)
			pb_str(pb, " fin");
		if (f & 0x01) {
			pb_str(pb, " ack ");
			if (f & 0x02) {
				if (!wrd_has(o, off, 8))
					return (0);
				pb_u64(pb, wrd_be64(o, off));
				off += 8;
			} else {
				if (!wrd_has(o, off, 4))
					return (0);
				pb_u32(pb, wrd_be32(o, off));
				off += 4;
			}
		}
		if (f & 0x04) {
			pb_str(pb, " seq ");
			if (f & 0x08) {
				if (!wrd_has(o, off, 8))
					return (0);
				pb_u64(pb, wrd_be64(o, off));
				off += 8;
			} else {
				if (!wrd_has(o, off, 4))
					return (0);
				pb_u32(pb, wrd_be32(o, off));
				off += 4;
			}
			if (!wrd_has(o, off, 4))
				return (0);
			pb_printf(pb, " subseq %u", wrd_be32(o, off));
			off += 4;
			if (!wrd_has(o, off, 2))
				return (0);
			pb_printf(pb, " len %u", wrd_be16(o, off));
			off += 2;
			if (wrd_has(o, off, 2)) {
				pb_printf(pb, " csum 0x%x", wrd_be16(o, off));
				off += 2;
			}
		}
		return (off == len);
	case 3:
		return (print_mptcp_addr(pb, o));
	case 4:
		if (len < 4)
			return (0);
		pb_str(pb, " id");
		for (i = 3; i < len; i++)
			pb_printf(pb, " %u", wrd_u8(o, i));
		return (1);
	case 5:
		if (len != 3 && len != 4)
			return (0);
		pb_str(pb, (wrd_u8(o, 2) & 0x01) ? " backup" : " non-backup");
		if (len == 4)
			pb_printf(pb, " id %u", wrd_u8(o, 3));
		return (1);
	case 6:
		if (len != 12)
			return (0);
		pb_printf(pb, " seq %llu", (unsigned long long)wrd_be64(o, 4));
		return (1);
	case 7:
		if (len != 12)
			return (0);
		pb_printf(pb, " key 0x%llx",
		    (unsigned long long)wrd_be64(o, 4));
		return (1);
	default:
		return (1);
	}
}

/*
 * Append ", options [...]" for the option bytes of p's TCP header, SACK
 * blocks made relative with the conversation's bases (thseq, thack, rev).
 * Returns -1 after "[bad opt]", or after tcpdump's "[|tcp]" where the
 * capture ends inside an option: tcpdump then ends the line there.
 */
int
print_tcp_options(struct pbuf *pb, const struct pkt *p, uint32_t thseq,
    uint32_t thack, int rev, uint32_t length)
{
	uint8_t		 built[40], flags = (uint8_t)p->tcp.flags;
	struct wrd	 r, d;
	size_t		 off;
	const char	*name;
	char		 err[WIRE_ERRLEN];
	unsigned	 hlen, opt, len, datalen, i;
	uint32_t	 s, e;
	int		 n;
	char		 ch = '\0';
	const char	*trunc_as = " [|tcp]";	/* tcpdump's protocol at a cut */

	if (p->l4 != NULL) {
		/*
		 * What was captured may end inside the options or run on
		 * into the payload: tcpdump reads as far as the capture.
		 */
		r = pkt_l4_wrd(p);
		off = 20;
		hlen = p->tcp.doff * 4u - 20;
	} else {
		/* Built, not decoded: print the bytes the options encode to. */
		if ((n = wire_tcpopt_build(&p->tcp, built, sizeof built,
		    err, sizeof err)) <= 0)
			return (0);
		r = wrd_make(built, (size_t)n);
		off = 0;
		hlen = (unsigned)n;
	}
	pb_str(pb, ", options [");
	while (hlen > 0) {
		if (ch != '\0')
			pb_chr(pb, ch);
		if (!wrd_has(&r, off, 1))
			goto trunc;
		opt = wrd_u8(&r, off++);
		if (opt == TCPOPT_EOL || opt == TCPOPT_NOP)
			len = 1;
		else {
			/* tcpdump reads a length byte even past the options. */
			if (!wrd_has(&r, off, 1))
				goto trunc;
			len = wrd_u8(&r, off++);
			if (len < 2 || len > hlen)
				goto bad;
			--hlen;
		}
		--hlen;
		datalen = 0;
/* The option's next l bytes must be in the header, then in the capture. */
#define LENCHECK(l) do {						\
	if ((l) > hlen)							\
		goto bad;						\
	if (!wrd_has(&r, off, (l)))					\
		goto trunc;						\
} while (0)
		if ((name = opt_name((uint8_t)opt)) != NULL)
			pb_str(pb, name);
		else {
			pb_str(pb, "unknown-");
			pb_u32(pb, opt);
		}
		switch (opt) {
		case TCPOPT_MSS:
			datalen = 2;
			LENCHECK(datalen);
			pb_chr(pb, ' ');
			pb_u32(pb, wrd_be16(&r, off));
			break;
		case TCPOPT_WSCALE:
			datalen = 1;
			LENCHECK(datalen);
			pb_chr(pb, ' ');
			pb_u32(pb, wrd_u8(&r, off));
			break;
		case TCPOPT_SACK:
			datalen = len - 2;
			if (datalen % 8 != 0) {
				pb_str(pb, " invalid sack");
				break;
			}
			pb_chr(pb, ' ');
			pb_u32(pb, datalen / 8);
			pb_chr(pb, ' ');
			for (i = 0; i < datalen; i += 8) {
				LENCHECK(i + 8);
				s = wrd_be32(&r, off + i) -
				    (rev ? thseq : thack);
				e = wrd_be32(&r, off + i + 4) -
				    (rev ? thseq : thack);
				pb_chr(pb, '{');
				pb_u32(pb, s);
				pb_chr(pb, ':');
				pb_u32(pb, e);
				pb_chr(pb, '}');
			}
			break;
		case 6: case 7: case 11: case 12: case 13:
			datalen = 4;
			LENCHECK(datalen);
			pb_chr(pb, ' ');
			pb_u32(pb, wrd_be32(&r, off));
			break;
		case TCPOPT_TIMESTAMP:
			datalen = 8;
			LENCHECK(datalen);
			pb_str(pb, " val ");
			pb_u32(pb, wrd_be32(&r, off));
			pb_str(pb, " ecr ");
			pb_u32(pb, wrd_be32(&r, off + 4));
			break;
		case TCPOPT_MD5:
			datalen = 16;
			LENCHECK(datalen);
			pb_str(pb, (p->l4 != NULL ? r.len <
			    p->tcp.doff * 4u + length : p->payload_len < length) ?
			    " snaplen too short, can't check - " :
			    " shared secret not supplied with -M, "
			    "can't check - ");
			d = wrd_sub(&r, off, datalen);
			pb_hexbytes(pb, &d);
			break;
		case 20:
			datalen = 2;
			LENCHECK(datalen);
			pb_printf(pb, " cap %02x id %u", wrd_u8(&r, off),
			    wrd_u8(&r, off + 1));
			break;
		case TCPOPT_AO:
			datalen = len - 2;
			if (datalen < 2) {
				pb_str(pb, " (invalid)");
				break;
			}
			LENCHECK(2);
			pb_printf(pb, " keyid %u rnextkeyid %u",
			    wrd_u8(&r, off), wrd_u8(&r, off + 1));
			if (datalen > 2) {
				pb_str(pb, " mac 0x");
				for (i = 2; i < datalen; i++) {
					LENCHECK(i + 1);
					pb_hex02(pb, wrd_u8(&r, off + i));
				}
			}
			break;
		case TCPOPT_EOL:
		case TCPOPT_NOP:
		case TCPOPT_SACK_PERM:
			break;
		case 28:
			datalen = 2;
			LENCHECK(datalen);
			s = wrd_be16(&r, off);
			pb_printf(pb, " 0x%x %u", s,
			    (s & 1) ? (s >> 1) * 60 : s >> 1);
			break;
		case TCPOPT_MPTCP:
			datalen = len - 2;
			LENCHECK(datalen);
			trunc_as = " [|mptcp]";	/* tcpdump never resets it */
			d = wrd_sub(&r, off - 2, len);
			if (!print_mptcp(pb, &d, flags))
				goto bad;
			break;
		case TCPOPT_TFO:
			datalen = len - 2;
			LENCHECK(datalen);
			pb_chr(pb, ' ');
			d = wrd_sub(&r, off, datalen);
			print_tfo(pb, &d, 0);
			break;
		case TCPOPT_EXP2:
			datalen = len - 2;
			LENCHECK(datalen);
			if (datalen < 2)
				goto bad;
			pb_chr(pb, '-');
			if (wrd_be16(&r, off) == 0xf989) {
				d = wrd_sub(&r, off + 2, datalen - 2);
				print_tfo(pb, &d, 1);
			} else
				pb_printf(pb, "%04x", wrd_be16(&r, off));
			break;
		default:
			datalen = len - 2;
			if (datalen)
				pb_str(pb, " 0x");
			for (i = 0; i < datalen; i++) {
				LENCHECK(i + 1);
				pb_hex02(pb, wrd_u8(&r, off + i));
			}
			break;
		}
#undef LENCHECK
		off += datalen;
		hlen -= datalen;
		datalen++;
		if (opt != TCPOPT_EOL && opt != TCPOPT_NOP)
			datalen++;
		if (datalen != len) {
			pb_str(pb, "[len ");
			pb_u32(pb, len);
			pb_chr(pb, ']');
		}
		ch = ',';
		if (opt == TCPOPT_EOL)
			break;
	}
	pb_chr(pb, ']');
	return (0);
bad:
	pb_str(pb, "[bad opt]");
	if (ch != '\0')
		pb_chr(pb, ']');
	return (-1);
trunc:
	pb_str(pb, trunc_as);
	return (-1);
}
