/*
 * cli/print/print-field.c - what the detail printers (print-detail.c,
 * print-detail-tcp.c) share: protocol numbers by name, bytes in hex, a
 * checksum with its verdict and, when wrong, the value it should hold
 * (RFC 1071), and a hex and ASCII dump as tcpdump -X prints it.
 */
#include "cli/print/print.h"
#include "cli/print/print-int.h"

/* The name of an IP protocol number (RFC 8200's next header too), or NULL. */
const char *
dt_proto_name(uint8_t proto)
{
	switch (proto) {
	case 0: return ("hop-by-hop options");
	case 1: return ("ICMP");
	case 2: return ("IGMP");
	case 4: return ("IPv4");
	case 6: return ("TCP");
	case 17: return ("UDP");
	case 41: return ("IPv6");
	case 43: return ("routing");
	case 44: return ("fragment");
	case 47: return ("GRE");
	case 50: return ("ESP");
	case 51: return ("AH");
	case 58: return ("ICMPv6");
	case 59: return ("no next header");
	case 60: return ("destination options");
	case 132: return ("SCTP");
	}
	return (NULL);
}

/* Append "NAME (N)" for an IP protocol number. */
void
dt_proto(struct pbuf *pb, uint8_t proto)
{
	const char	*n = dt_proto_name(proto);

	pb_str(pb, n != NULL ? n : "unknown");
	pb_str(pb, " (");
	pb_u32(pb, proto);
	pb_chr(pb, ')');
}

/* Append n bytes of r from off as "xx xx xx" (all of r when n is larger). */
void
dt_bytes(struct pbuf *pb, const struct wrd *r, size_t off, size_t n)
{
	size_t	i;

	for (i = 0; i < n && wrd_has(r, off + i, 1); i++) {
		if (i > 0)
			pb_chr(pb, ' ');
		pb_hex02(pb, wrd_u8(r, off + i));
	}
}

/*
 * Append "checksum 0xNNNN [verdict]" for the checksum of a layer (PKT_IP4,
 * PKT_TCP...) of p, saying what it should be when it is wrong.
 */
void
dt_cksum(struct pbuf *pb, const struct pkt *p, unsigned layer, uint16_t v,
    enum wire_cksum ck)
{
	uint16_t	want;

	pb_printf(pb, "0x%04x [", v);
	switch (ck) {
	case CK_OK:
		pb_str(pb, "correct");
		break;
	case CK_BAD:
		pb_str(pb, "incorrect");
		if (wire_cksum_want(p, layer, &want) == 0)
			pb_printf(pb, ", should be 0x%04x", want);
		break;
	case CK_PARTIAL:
		pb_str(pb, "partial: only the pseudo-header sum, left for TX "
		    "checksum offload to finish");
		if (wire_cksum_want(p, layer, &want) == 0)
			pb_printf(pb, "; finished it would be 0x%04x", want);
		break;
	case CK_UNKNOWN:
		pb_str(pb, "unverified: not all of the message is here "
		    "(cut by the snapshot length, or a fragment)");
		break;
	case CK_NONE:
		if (layer == PKT_UDP && v == 0)
			pb_str(pb, "none: 0 means the sender computed none, "
			    "RFC 768");
		else
			pb_str(pb, "not checked");
		break;
	}
	pb_str(pb, "]\n");
}

/*
 * Append a hex and ASCII dump of r, 16 bytes a line as tcpdump -X prints
 * them, each line indented by ind spaces; at most max bytes, then a count
 * of the rest.
 */
void
dt_hexdump(struct pbuf *pb, int ind, const struct wrd *r, size_t max)
{
	size_t	off, i, n = r->len < max ? r->len : max;
	uint8_t	c;

	for (off = 0; off < n; off += 16) {
		pb_printf(pb, "%*s0x%04zx: ", ind, "", off);
		for (i = 0; i < 16; i++) {
			if (i % 2 == 0)
				pb_chr(pb, ' ');
			if (off + i < n)
				pb_hex02(pb, wrd_u8(r, off + i));
			else
				pb_str(pb, "  ");
		}
		pb_str(pb, "  ");
		for (i = 0; i < 16 && off + i < n; i++) {
			c = wrd_u8(r, off + i);
			pb_chr(pb, c >= 0x20 && c < 0x7f ? (char)c : '.');
		}
		pb_chr(pb, '\n');
	}
	if (r->len > n)
		pb_printf(pb, "%*s(%zu more bytes not shown)\n", ind, "",
		    r->len - n);
}
