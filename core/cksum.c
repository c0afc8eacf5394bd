/*
 * core/cksum.c - the Internet checksum (RFC 1071) with the IPv4 (RFC 793)
 * and IPv6 (RFC 8200 section 8.1) pseudo-headers, and the verdict the
 * decoder gives a transport checksum, including the unfinished value Linux
 * leaves when TX checksum offload is on.
 */
#include "core/wire-int.h"

/* RFC 1071 one's-complement sum of buf, added to sum (not folded). */
uint32_t
wire_sum(const void *buf, size_t len, uint32_t sum)
{
	const uint8_t	*b = buf;
	size_t		 i;

	for (i = 0; i + 1 < len; i += 2) {
		sum += (uint32_t)(b[i] << 8 | b[i + 1]);
		if (sum & 0x80000000U)
			sum = (sum & 0xffff) + (sum >> 16);
	}
	if (i < len)
		sum += (uint32_t)b[i] << 8;
	return (sum);
}

/* Fold a 32-bit one's-complement sum and complement it. */
uint16_t
wire_fold(uint32_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return ((uint16_t)~sum);
}

/* Pseudo-header sum for IPv4 (family 4) or IPv6 (6), not folded. */
uint32_t
wire_pseudo_sum(int family, const uint8_t *src, const uint8_t *dst,
    uint8_t proto, uint32_t len)
{
	uint32_t	sum;
	size_t		alen = family == 4 ? 4 : 16;

	sum = wire_sum(src, alen, 0);
	sum = wire_sum(dst, alen, sum);
	sum += proto;
	sum += len >> 16;
	sum += len & 0xffff;
	return (sum);
}

/* The pseudo-header sum for p's network layer, upper protocol and length. */
uint32_t
wire_pkt_pseudo(const struct pkt *p, uint8_t proto, size_t len)
{
	if (p->layers & PKT_IP4)
		return (wire_pseudo_sum(4, p->ip4.src, p->ip4.dst, proto,
		    (uint32_t)len));
	return (wire_pseudo_sum(6, p->ip6.src, wire_ip6_final_dst(&p->ip6),
	    proto, (uint32_t)len));
}

/* Judge the transport checksum stored in r against its contents. */
enum wire_cksum
wire_cksum_judge(const struct pkt *p, const struct wrd *r, uint8_t proto,
    uint16_t stored, int how, int pseudo)
{
	uint32_t	ps;
	uint16_t	partial;

	if (!(how & WIRE_L4_COMPLETE) || (how & WIRE_L4_FRAG))
		return (CK_UNKNOWN);
	ps = pseudo ? wire_pkt_pseudo(p, proto, r->len) : 0;
	if (wire_fold(wire_sum(r->p, r->len, ps)) == 0)
		return (CK_OK);
	/*
	 * With CHECKSUM_PARTIAL, Linux stores the folded pseudo-header sum,
	 * uncomplemented, and leaves the rest to the NIC (veth never does).
	 */
	partial = (uint16_t)(wire_fold(ps) ^ 0xffff);
	if (pseudo && stored == partial)
		return (CK_PARTIAL);
	return (CK_BAD);
}
