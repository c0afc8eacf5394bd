/*
 * core/syncookie.c - SYN cookies (RFC 4987 §3.6): the listener's ISN for a
 * SYN-ACK carries, instead of a SYN-queue entry, what the listener must
 * remember about the SYN, and the ACK that returns it (SEG.ACK - 1) is
 * checked and decoded without any stored state.  The layout is Linux's idea
 * (net/ipv4/syncookies.c), with keyed SipHash-2-4 as both hashes:
 *
 *	cookie = H1(tuple) + peer_isn + (count << 24) +
 *	    ((H2(tuple, count) + mssind * SYNCOOKIE_STRIDE) & 0xffffff)
 *
 * where count = now / SYNCOOKIE_PERIOD.  H1 hides the tuple's contribution
 * from the peer; the top byte carries the low 8 bits of count, so a checker
 * finds how old the cookie is; H2 ties the low 24 bits to the tuple and the
 * full count, so only the key holder can make them.  Unlike Linux, the MSS
 * index is multiplied by an odd stride: with a plain "+ mssind", flipping
 * bit 0 or 1 of a real cookie gives another valid cookie (a different MSS);
 * with the stride no single-bit change of the low 24 bits lands on another
 * valid index.  Pure: the key and the time are parameters.
 */
#include <string.h>

#include "core/syncookie.h"

/*
 * An odd multiplier for the MSS index in the low 24 bits, and its inverse
 * mod 2^24.  No d * STRIDE (d = ±1, ±2, ±3) is ±2^k mod 2^24, so a one-bit
 * change of a cookie never decodes to a neighbouring index.
 */
#define SYNCOOKIE_STRIDE	0x9e3779U
#define SYNCOOKIE_UNSTRIDE	0xb382c9U
#define SYNCOOKIE_MASK		0xffffffU

_Static_assert(((SYNCOOKIE_STRIDE * SYNCOOKIE_UNSTRIDE) & SYNCOOKIE_MASK) == 1,
    "SYNCOOKIE_UNSTRIDE is the inverse of SYNCOOKIE_STRIDE mod 2^24");

/* The MSS values a cookie can encode: Linux's msstab for IPv4. */
static const uint16_t syncookie_msstab[] = { 536, 1300, 1440, 1460 };
#define SYNCOOKIE_NMSS	(sizeof syncookie_msstab / sizeof syncookie_msstab[0])

static size_t	syncookie_tuple(uint8_t *, uint8_t, const struct endpoint *,
		    const struct endpoint *);
static uint32_t	syncookie_hash1(const uint64_t[2], const struct endpoint *,
		    const struct endpoint *);
static uint32_t	syncookie_hash2(const uint64_t[2], const struct endpoint *,
		    const struct endpoint *, uint64_t);
static unsigned	syncookie_mssind(uint16_t);

/* Serialize a domain byte and the 4-tuple into buf; returns the length. */
static size_t
syncookie_tuple(uint8_t *buf, uint8_t domain, const struct endpoint *l,
    const struct endpoint *r)
{
	buf[0] = domain;
	buf[1] = l->addr.family;
	memcpy(buf + 2, l->addr.a, 16);
	buf[18] = r->addr.family;
	memcpy(buf + 19, r->addr.a, 16);
	buf[35] = (uint8_t)(l->port >> 8);
	buf[36] = (uint8_t)l->port;
	buf[37] = (uint8_t)(r->port >> 8);
	buf[38] = (uint8_t)r->port;
	return (39);
}

/* The first keyed hash: of the 4-tuple alone (domain 1). */
static uint32_t
syncookie_hash1(const uint64_t key[2], const struct endpoint *l,
    const struct endpoint *r)
{
	uint8_t	buf[48];
	size_t	len;

	len = syncookie_tuple(buf, 1, l, r);
	return ((uint32_t)siphash24(key, buf, len));
}

/* The second keyed hash: of the 4-tuple and the full counter (domain 2). */
static uint32_t
syncookie_hash2(const uint64_t key[2], const struct endpoint *l,
    const struct endpoint *r, uint64_t count)
{
	uint8_t	buf[48];
	size_t	len;
	int	i;

	len = syncookie_tuple(buf, 2, l, r);
	for (i = 7; i >= 0; i--)
		buf[len++] = (uint8_t)(count >> (8 * i));
	return ((uint32_t)siphash24(key, buf, len));
}

/* The index of the largest table MSS not above mss (0 for none or small). */
static unsigned
syncookie_mssind(uint16_t mss)
{
	unsigned	i;

	for (i = SYNCOOKIE_NMSS - 1; i > 0; i--) {
		if (syncookie_msstab[i] <= mss)
			break;
	}
	return (i);
}

/* The SYN-ACK's ISN for a SYN from r to l (RFC 4987 §3.6). */
uint32_t
syncookie_make(const uint64_t key[2], const struct endpoint *l,
    const struct endpoint *r, uint32_t peer_isn, uint16_t mss, uint64_t now,
    uint16_t *mss_used)
{
	uint64_t	count = now / SYNCOOKIE_PERIOD;
	unsigned	mssind = syncookie_mssind(mss);
	uint32_t	low;

	if (mss_used != NULL)
		*mss_used = syncookie_msstab[mssind];
	low = (syncookie_hash2(key, l, r, count) +
	    (uint32_t)mssind * SYNCOOKIE_STRIDE) & SYNCOOKIE_MASK;
	return (syncookie_hash1(key, l, r) + peer_isn +
	    ((uint32_t)count << 24) + low);
}

/* Check a returned cookie and decode its MSS; 0 if forged or stale. */
uint16_t
syncookie_check(const uint64_t key[2], const struct endpoint *l,
    const struct endpoint *r, uint32_t peer_isn, uint32_t cookie, uint64_t now)
{
	uint64_t	count = now / SYNCOOKIE_PERIOD;
	uint32_t	v, diff, mssind;

	/* Take away what the tuple and the SYN added; count's byte is on top. */
	v = cookie - syncookie_hash1(key, l, r) - peer_isn;

	/* RFC 4987 §3.6: only recent cookies; none from the future. */
	diff = ((uint32_t)count - (v >> 24)) & 0xff;
	if (diff > SYNCOOKIE_MAXAGE || diff > count)
		return (0);

	/* The low 24 bits must be H2 for that count plus a known index. */
	mssind = ((v - syncookie_hash2(key, l, r, count - diff)) *
	    SYNCOOKIE_UNSTRIDE) & SYNCOOKIE_MASK;
	if (mssind >= SYNCOOKIE_NMSS)
		return (0);
	return (syncookie_msstab[mssind]);
}
