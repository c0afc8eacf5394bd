/*
 * core/cksum.c - the Internet checksum (RFC 1071) with the IPv4 (RFC 793)
 * and IPv6 (RFC 8200 section 8.1) pseudo-headers, and the verdict the
 * decoder gives a transport checksum, including the unfinished value Linux
 * leaves when TX checksum offload is on.
 */
#include <string.h>

#include "core/wire-int.h"

/*
 * RFC 1071 one's-complement sum of buf (an odd last byte padded with a zero
 * byte) added to sum, not folded: below 2^31, congruent to the full sum, zero
 * only when sum and buf are, and to be finished by wire_fold().
 */
uint32_t
wire_sum(const void *buf, size_t len, uint32_t sum)
{
	const uint8_t	*b = buf;
	uint64_t	 acc = 0, t;
	uint32_t	 w[4];
	uint16_t	 h;
	uint8_t		 o[2];

	/*
	 * RFC 1071 section 2: add the 16-bit words as native 32-bit words
	 * ((C) parallel summation), in native byte order ((B) byte order
	 * independence: the sum comes out byte-swapped on a little-endian
	 * machine), into 64 bits so the carries wait until the end ((D)
	 * deferred carries: 2^32 words, 16 GiB, before acc could overflow).
	 * memcpy loads any alignment without breaking aliasing rules.
	 */
	for (; len >= 16; b += 16, len -= 16) {
		memcpy(w, b, 16);
		acc += (uint64_t)w[0] + w[1] + w[2] + w[3];
	}
	for (; len >= 4; b += 4, len -= 4) {
		memcpy(w, b, 4);
		acc += w[0];
	}
	if (len >= 2) {
		memcpy(&h, b, 2);
		acc += h;
		b += 2;
		len -= 2;
	}
	if (len == 1) {
		o[0] = b[0];
		o[1] = 0;
		memcpy(&h, o, 2);
		acc += h;
	}
	while (acc >> 16)
		acc = (acc & 0xffff) + (acc >> 16);

	/*
	 * Back to network byte order (2(B)) and add to sum, folding only past
	 * 2^31 so that a caller can go on adding to the result.
	 */
	h = (uint16_t)acc;
	memcpy(o, &h, 2);
	t = (uint64_t)sum + (uint32_t)(o[0] << 8 | o[1]);
	while (t >> 31)
		t = (t & 0xffff) + (t >> 16);
	return ((uint32_t)t);
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
	/* wire_build() summed these bytes: the sum below would fold to 0. */
	if (how & WIRE_L4_BUILT)
		return (CK_OK);
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

/*
 * The checksum the IPv4 header (layer PKT_IP4) or the transport header
 * (PKT_TCP, PKT_UDP, PKT_ICMP, PKT_ICMP6) of p should hold, into *out;
 * 0, or -1 when p lacks that layer or not all of it was captured.
 */
int
wire_cksum_want(const struct pkt *p, unsigned layer, uint16_t *out)
{
	struct wrd	r;
	uint32_t	sum = 0;
	size_t		at, llen = 0;
	uint8_t		proto;

	if (layer == PKT_IP4) {
		if (!(p->layers & PKT_IP4) || p->l3 == NULL)
			return (-1);
		at = 10;
		r = wrd_make(p->l3, p->ip4.ihl * 4U);
	} else {
		if (!(p->layers & layer) || p->l4 == NULL)
			return (-1);
		switch (layer) {
		case PKT_TCP:
			proto = IPPROTO_TCP_;
			at = 16;
			break;
		case PKT_UDP:
			proto = IPPROTO_UDP_;
			at = 6;
			break;
		case PKT_ICMP:
			proto = IPPROTO_ICMP_;
			at = 2;
			break;
		case PKT_ICMP6:
			proto = IPPROTO_ICMPV6_;
			at = 2;
			break;
		default:
			return (-1);
		}
		/* A fragment holds only part of what the checksum covers. */
		if (((p->layers & PKT_IP4) && (p->ip4.frag & (IP4_MF |
		    IP4_OFFMASK)) != 0) || ((p->layers & PKT_IP6) &&
		    p->ip6.frag))
			return (-1);
		/* Only when every transport byte the IP length names is here. */
		llen = p->linklen;
		if (p->caplen < llen || (size_t)(p->l4 - p->l3) + p->l4_len >
		    p->caplen - llen)
			return (-1);
		r = wrd_make(p->l4, p->l4_len);
		if (layer != PKT_ICMP)
			sum = wire_pkt_pseudo(p, proto, r.len);
	}
	if (!wrd_has(&r, at, 2))
		return (-1);
	sum = wire_sum(r.p, at, sum);
	sum = wire_sum(r.p + at + 2, r.len - at - 2, sum);
	*out = wire_fold(sum);
	return (0);
}
