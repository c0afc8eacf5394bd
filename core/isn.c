/*
 * core/isn.c - initial sequence numbers (RFC 9293 §3.4.1, RFC 6528):
 * ISN = M + F(localip, localport, remoteip, remoteport, secretkey), where M
 * is a 4-microsecond clock and F is SipHash-2-4 keyed with the stack's secret.
 */
#include <string.h>

#include "core/syncookie.h"
#include "core/tcp-int.h"

#define ROTL(x, b) (uint64_t)(((x) << (b)) | ((x) >> (64 - (b))))

/* One SipHash round over the four state words. */
static void
sipround(uint64_t v[4])
{
	v[0] += v[1]; v[1] = ROTL(v[1], 13); v[1] ^= v[0]; v[0] = ROTL(v[0], 32);
	v[2] += v[3]; v[3] = ROTL(v[3], 16); v[3] ^= v[2];
	v[0] += v[3]; v[3] = ROTL(v[3], 21); v[3] ^= v[0];
	v[2] += v[1]; v[1] = ROTL(v[1], 17); v[1] ^= v[2]; v[2] = ROTL(v[2], 32);
}

/* SipHash-2-4 of in[0..len) under key (also used by SYN cookies). */
uint64_t
siphash24(const uint64_t key[2], const uint8_t *in, size_t len)
{
	uint64_t	v[4], m, b = (uint64_t)len << 56;
	size_t		i, j, full = len & ~(size_t)7;

	v[0] = key[0] ^ 0x736f6d6570736575ULL;
	v[1] = key[1] ^ 0x646f72616e646f6dULL;
	v[2] = key[0] ^ 0x6c7967656e657261ULL;
	v[3] = key[1] ^ 0x7465646279746573ULL;
	for (i = 0; i < full; i += 8) {
		for (m = 0, j = 0; j < 8; j++)
			m |= (uint64_t)in[i + j] << (8 * j);
		v[3] ^= m;
		sipround(v);
		sipround(v);
		v[0] ^= m;
	}
	for (j = 0; i + j < len; j++)
		b |= (uint64_t)in[i + j] << (8 * j);
	v[3] ^= b;
	sipround(v);
	sipround(v);
	v[0] ^= b;
	v[2] ^= 0xff;
	for (i = 0; i < 4; i++)
		sipround(v);
	return (v[0] ^ v[1] ^ v[2] ^ v[3]);
}

/* The RFC 6528 ISN for a connection from l to r at time now. */
uint32_t
stack_isn(const struct stack *st, const struct endpoint *l,
    const struct endpoint *r, uint64_t now)
{
	uint8_t	buf[36];

	memcpy(buf, l->addr.a, 16);
	memcpy(buf + 16, r->addr.a, 16);
	buf[32] = (uint8_t)(l->port >> 8);
	buf[33] = (uint8_t)l->port;
	buf[34] = (uint8_t)(r->port >> 8);
	buf[35] = (uint8_t)r->port;
	return ((uint32_t)(now / 4) + (uint32_t)siphash24(st->key, buf,
	    sizeof buf));
}
