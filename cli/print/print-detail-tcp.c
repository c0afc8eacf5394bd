/*
 * cli/print/print-detail-tcp.c - every field of a TCP header (RFC 9293
 * section 3.1) for print_detail(): ports, sequence and acknowledgment
 * numbers (relative to the connection's ISNs when they are known), data
 * offset, each flag bit (RFC 3168 CWR/ECE, RFC 9768 AE), the window and
 * its scale (RFC 7323 section 2), the checksum's verdict, the urgent
 * pointer, and each option with its bytes and meaning: MSS, window scale
 * and timestamps (RFC 7323), SACK (RFC 2018), MD5 (RFC 2385), user
 * timeout (RFC 5482), TCP-AO (RFC 5925), MPTCP (RFC 8684), Fast Open
 * (RFC 7413) and experimental kinds (RFC 6994).  Options are read from
 * the header's bytes, so a malformed list shows as far as it goes.
 */
#include <string.h>

#include "cli/print/print.h"
#include "cli/print/print-int.h"

static void	dt_tcp_bit(struct pbuf *, int, int, unsigned, const char *);
static void	dt_tcp_flags(struct pbuf *, const struct tcp_hdr *);
static void	dt_tcp_window(struct pbuf *, const struct tcp_hdr *,
		    const struct detail_ctx *);
static void	dt_tcp_opts(struct pbuf *, const struct wrd *,
		    const struct detail_ctx *);
static void	dt_tcp_opt(struct pbuf *, uint8_t, const struct wrd *,
		    const struct detail_ctx *);
static const char *dt_opt_name(uint8_t);

/* One flag's name and meaning, from the most significant of the 9 bits. */
static const struct {
	uint16_t	 bit;
	const char	*name;
} dt_flags[] = {
	{ TH_AE, "AE (accurate ECN, RFC 9768)" },
	{ TH_CWR, "CWR (congestion window reduced, RFC 3168)" },
	{ TH_ECE, "ECE (ECN-echo, RFC 3168)" },
	{ TH_URG, "URG (urgent pointer is significant)" },
	{ TH_ACK, "ACK (acknowledgment number is significant)" },
	{ TH_PUSH, "PSH (push)" },
	{ TH_RST, "RST (reset)" },
	{ TH_SYN, "SYN (synchronize sequence numbers)" },
	{ TH_FIN, "FIN (no more data from sender)" },
};

/*
 * Append one line of the 12-bit offset/flags word as Wireshark draws it:
 * width bits from bit lo (0: FIN) holding val, dots elsewhere, then what.
 */
static void
dt_tcp_bit(struct pbuf *pb, int lo, int width, unsigned val, const char *what)
{
	int	i;

	pb_str(pb, "        ");
	for (i = 11; i >= 0; i--) {
		if (i >= lo && i < lo + width)
			pb_chr(pb, (char)('0' + ((val >> (i - lo)) & 1)));
		else
			pb_chr(pb, '.');
		if (i == 8 || i == 4)
			pb_chr(pb, ' ');
	}
	pb_str(pb, " = ");
	pb_str(pb, what);
}

/* The flags as a number and names, then one line per bit. */
static void
dt_tcp_flags(struct pbuf *pb, const struct tcp_hdr *th)
{
	static const char	*shortname[] = { "AE", "CWR", "ECE", "URG",
	    "ACK", "PSH", "RST", "SYN", "FIN" };
	size_t			 i;
	int			 n = 0;

	pb_printf(pb, "    flags 0x%03x (", th->flags);
	for (i = 0; i < sizeof dt_flags / sizeof dt_flags[0]; i++) {
		if (!(th->flags & dt_flags[i].bit))
			continue;
		if (n++ > 0)
			pb_str(pb, ", ");
		pb_str(pb, shortname[i]);
	}
	pb_str(pb, n == 0 ? "none)\n" : ")\n");
	dt_tcp_bit(pb, 9, 3, th->res, "reserved: ");
	pb_u32(pb, th->res);
	pb_str(pb, th->res != 0 ? " (must be zero)\n" : "\n");
	for (i = 0; i < sizeof dt_flags / sizeof dt_flags[0]; i++) {
		dt_tcp_bit(pb, 8 - (int)i, 1, (th->flags & dt_flags[i].bit) !=
		    0, dt_flags[i].name);
		pb_str(pb, th->flags & dt_flags[i].bit ? ": set\n" :
		    ": not set\n");
	}
}

/* The window field and what it means after scaling (RFC 7323 2.2, 2.3). */
static void
dt_tcp_window(struct pbuf *pb, const struct tcp_hdr *th,
    const struct detail_ctx *dc)
{
	pb_printf(pb, "    window %u [", th->win);
	if (th->flags & TH_SYN)
		pb_str(pb, "a SYN's window is never scaled, RFC 7323 2.2");
	else if (dc->wscale >= 0)
		pb_printf(pb, "scale x%u (shift %d) = %llu bytes",
		    1U << (dc->wscale > 14 ? 14 : dc->wscale), dc->wscale,
		    (unsigned long long)th->win << (dc->wscale > 14 ? 14 :
		    dc->wscale));
	else if (dc->wscale == -1)
		pb_printf(pb, "window scale not negotiated: %u bytes", th->win);
	else
		pb_str(pb, "scale unknown: the handshake is not in view");
	pb_str(pb, "]\n");
}

/* Every field of the TCP header of p, and its options. */
void
dt_tcp(struct pbuf *pb, const struct pkt *p, const struct detail_ctx *dc)
{
	const struct tcp_hdr	*th = &p->tcp;
	struct wrd		 l4 = pkt_l4_wrd(p), opts;
	uint32_t		 len = (uint32_t)p->payload_wire, next;

	pb_printf(pb, "Transmission Control Protocol: port %u -> %u, seq %u",
	    th->sport, th->dport, th->seq);
	if (th->flags & TH_ACK)
		pb_printf(pb, ", ack %u", th->ack);
	pb_printf(pb, ", length %u\n", len);
	pb_printf(pb, "    source port %u, destination port %u\n", th->sport,
	    th->dport);
	pb_printf(pb, "    sequence number %u", th->seq);
	if (dc->rel_seq)
		pb_printf(pb, " (relative %u)", th->seq - dc->seq_base);
	next = th->seq + len + ((th->flags & TH_SYN) != 0) +
	    ((th->flags & TH_FIN) != 0);
	if (next != th->seq) {
		pb_printf(pb, ", next %u", next);
		if (dc->rel_seq)
			pb_printf(pb, " (relative %u)", next - dc->seq_base);
	}
	pb_printf(pb, "\n    acknowledgment number %u", th->ack);
	if (!(th->flags & TH_ACK))
		pb_str(pb, " [ACK clear: not used]");
	else if (dc->rel_ack)
		pb_printf(pb, " (relative %u)", th->ack - dc->ack_base);
	pb_printf(pb, "\n    data offset %u words = header length %u bytes\n",
	    th->doff, th->doff * 4U);
	dt_tcp_flags(pb, th);
	dt_tcp_window(pb, th, dc);
	pb_str(pb, "    checksum ");
	dt_cksum(pb, p, PKT_TCP, th->cksum, th->cksum_ok);
	pb_printf(pb, "    urgent pointer %u", th->urp);
	if (!(th->flags & TH_URG))
		pb_str(pb, " [URG clear: not used]");
	pb_chr(pb, '\n');
	if (th->doff > 5) {
		opts = wrd_sub(&l4, 20, th->doff * 4U - 20);
		dt_tcp_opts(pb, &opts, dc);
	} else
		pb_str(pb, "    options: none\n");
}

/* The name of a TCP option kind (IANA), or NULL. */
static const char *
dt_opt_name(uint8_t kind)
{
	switch (kind) {
	case TCPOPT_EOL: return ("end of option list");
	case TCPOPT_NOP: return ("NOP");
	case TCPOPT_MSS: return ("MSS");
	case TCPOPT_WSCALE: return ("window scale");
	case TCPOPT_SACK_PERM: return ("SACK permitted");
	case TCPOPT_SACK: return ("SACK");
	case TCPOPT_TIMESTAMP: return ("timestamps");
	case TCPOPT_MD5: return ("MD5 signature");
	case 28: return ("user timeout");
	case TCPOPT_AO: return ("TCP-AO");
	case TCPOPT_MPTCP: return ("MPTCP");
	case TCPOPT_TFO: return ("Fast Open");
	case TCPOPT_EXP1:
	case TCPOPT_EXP2: return ("experimental");
	}
	return (NULL);
}

/* Each option in r (the header's option bytes), with its bytes. */
static void
dt_tcp_opts(struct pbuf *pb, const struct wrd *r,
    const struct detail_ctx *dc)
{
	size_t		 off = 0, olen;
	uint8_t		 kind;
	const char	*name;
	struct wrd	 d;

	pb_printf(pb, "    options: %zu bytes\n", r->len);
	while (off < r->len) {
		kind = wrd_u8(r, off);
		name = dt_opt_name(kind);
		if (name == NULL)
			name = "unknown";
		if (kind == TCPOPT_EOL || kind == TCPOPT_NOP) {
			pb_printf(pb, "        %s (kind %u): %02x", name, kind,
			    kind);
			off++;
			if (kind == TCPOPT_EOL && off < r->len) {
				pb_printf(pb, "; padding %zu bytes: ",
				    r->len - off);
				dt_bytes(pb, r, off, r->len - off);
				off = r->len;
			}
			pb_chr(pb, '\n');
			continue;
		}
		if (!wrd_has(r, off, 2)) {
			pb_printf(pb, "        %s (kind %u): %02x [no length "
			    "byte: the header ends]\n", name, kind, kind);
			return;
		}
		olen = wrd_u8(r, off + 1);
		pb_printf(pb, "        %s (kind %u, length %zu): ", name, kind,
		    olen);
		if (olen < 2 || !wrd_has(r, off, olen)) {
			dt_bytes(pb, r, off, r->len - off);
			pb_printf(pb, " [bad length: %zu bytes are left]\n",
			    r->len - off);
			return;
		}
		dt_bytes(pb, r, off, olen);
		d = wrd_sub(r, off + 2, olen - 2);
		dt_tcp_opt(pb, kind, &d, dc);
		pb_chr(pb, '\n');
		off += olen;
	}
}

/* What one option's data d says, after " = "; nothing when it says nothing. */
static void
dt_tcp_opt(struct pbuf *pb, uint8_t kind, const struct wrd *d,
    const struct detail_ctx *dc)
{
	static const char	*mptcp[] = { "MP_CAPABLE", "MP_JOIN", "DSS",
	    "ADD_ADDR", "REMOVE_ADDR", "MP_PRIO", "MP_FAIL", "MP_FASTCLOSE",
	    "MP_TCPRST" };
	size_t			 i;
	uint32_t		 l, r;
	unsigned		 v;

	switch (kind) {
	case TCPOPT_MSS:
		if (d->len == 2)
			pb_printf(pb, " = %u bytes", wrd_be16(d, 0));
		else
			pb_str(pb, " [length should be 4]");
		return;
	case TCPOPT_WSCALE:
		if (d->len != 1) {
			pb_str(pb, " [length should be 3]");
			return;
		}
		v = wrd_u8(d, 0);
		pb_printf(pb, " = shift %u (multiply by %u)", v,
		    1U << (v > 14 ? 14 : v));
		if (v > 14)
			pb_str(pb, " [over 14: used as 14, RFC 7323 2.3]");
		return;
	case TCPOPT_SACK_PERM:
		if (d->len != 0)
			pb_str(pb, " [length should be 2]");
		return;
	case TCPOPT_SACK:
		if (d->len % 8 != 0) {
			pb_str(pb, " [length should be 2 + 8 per block]");
			return;
		}
		pb_str(pb, " =");
		for (i = 0; i + 8 <= d->len; i += 8) {
			l = wrd_be32(d, i);
			r = wrd_be32(d, i + 4);
			pb_printf(pb, "%s %u-%u", i > 0 ? "," : "", l, r);
			if (dc->rel_ack)
				pb_printf(pb, " (relative %u-%u)",
				    l - dc->ack_base, r - dc->ack_base);
		}
		return;
	case TCPOPT_TIMESTAMP:
		if (d->len == 8)
			pb_printf(pb, " = TSval %u, TSecr %u", wrd_be32(d, 0),
			    wrd_be32(d, 4));
		else
			pb_str(pb, " [length should be 10]");
		return;
	case TCPOPT_MD5:
		pb_printf(pb, " = digest of %zu bytes%s", d->len, d->len == 16 ?
		    "" : " [length should be 18]");
		return;
	case 28:
		if (d->len == 2)
			pb_printf(pb, " = %u %s", wrd_be16(d, 0) & 0x7fff,
			    wrd_be16(d, 0) & 0x8000 ? "minutes" : "seconds");
		return;
	case TCPOPT_AO:
		if (d->len >= 2)
			pb_printf(pb, " = key id %u, receive next key id %u, "
			    "MAC of %zu bytes", wrd_u8(d, 0), wrd_u8(d, 1),
			    d->len - 2);
		return;
	case TCPOPT_MPTCP:
		if (d->len >= 1) {
			v = wrd_u8(d, 0) >> 4;
			pb_printf(pb, " = subtype %u (%s)", v, v < 9 ?
			    mptcp[v] : "unknown");
		}
		return;
	case TCPOPT_TFO:
		if (d->len == 0)
			pb_str(pb, " = cookie request");
		else
			pb_printf(pb, " = cookie of %zu bytes", d->len);
		return;
	case TCPOPT_EXP1:
	case TCPOPT_EXP2:
		if (d->len >= 2) {
			pb_printf(pb, " = experiment id 0x%04x", wrd_be16(d, 0));
			if (wrd_be16(d, 0) == 0xf989)
				pb_printf(pb, " (Fast Open before RFC 7413: "
				    "%s)", d->len == 2 ? "cookie request" :
				    "cookie");
		}
		return;
	}
}
