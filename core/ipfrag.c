/*
 * core/ipfrag.c - splitting an IP datagram into fragments that fit the
 * link: IPv4 as RFC 791 §3.2 describes (options without the copied flag
 * only in the first fragment), IPv6 with a Fragment header after the
 * unfragmentable part (RFC 8200 §4.5).
 */
#include <stdio.h>
#include <string.h>

#include "core/ipfrag.h"
#include "core/wire.h"

#define IP6_HDR		40
#define FRAG6_HDR	8
#define IP6_MAX_EXT	8

/* Store a 16-bit big-endian value at p. */
static void
put16(uint8_t *p, unsigned v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

/* Read a 16-bit big-endian value at p. */
static unsigned
get16(const uint8_t *p)
{
	return ((unsigned)p[0] << 8 | p[1]);
}

/*
 * The options of an IPv4 header (opt, n bytes) that later fragments
 * carry: those with the copied flag (RFC 791 §3.1), padded with EOL to a
 * multiple of 4, into out (40 bytes).  Returns their length, -1 when the
 * options are malformed.
 */
static int
ip4_copied_opts(const uint8_t *opt, size_t n, uint8_t *out)
{
	size_t	i = 0, o = 0, l;

	while (i < n) {
		if (opt[i] == 0)		/* EOL */
			break;
		if (opt[i] == 1) {		/* NOP */
			i++;
			continue;
		}
		if (i + 1 >= n || (l = opt[i + 1]) < 2 || i + l > n)
			return (-1);
		if (opt[i] & 0x80) {
			memcpy(out + o, opt + i, l);
			o += l;
		}
		i += l;
	}
	while (o % 4 != 0)
		out[o++] = 0;
	return ((int)o);
}

/* Split an IPv4 datagram (RFC 791 §3.2, "An Example Fragmentation Procedure"). */
static int
split4(const uint8_t *frame, size_t len, size_t l2len, size_t mtu, size_t size,
    bool force, uint8_t *scratch, size_t cap, ipfrag_emit *emit, void *arg,
    char *err, size_t errlen)
{
	const uint8_t	*ip = frame + l2len;
	uint8_t		 later[40];
	size_t		 hl, tot, data, off, step, n, hlen, base;
	unsigned	 frag, idx = 0;
	int		 lopt;
	uint32_t	 sum;

	hl = (size_t)(ip[0] & 0x0f) * 4;
	tot = get16(ip + 2);
	if (hl < 20 || tot < hl || tot > len - l2len) {
		snprintf(err, errlen, "IPv4 header lengths do not add up");
		return (-1);
	}
	frag = get16(ip + 6);
	if (size == 0 && tot <= mtu) {
		emit(arg, frame, l2len + tot, 1, true);
		return (1);
	}
	if ((frag & IP4_DF) && !force) {
		snprintf(err, errlen, "%zu bytes do not fit the MTU of %zu "
		    "and DF is set", tot, mtu);
		return (-1);
	}
	if ((lopt = ip4_copied_opts(ip + 20, hl - 20, later)) < 0) {
		snprintf(err, errlen, "IPv4 options are malformed");
		return (-1);
	}
	/* Data per fragment: a multiple of 8 that fits every header. */
	hlen = hl > 20 + (size_t)lopt ? hl : 20 + (size_t)lopt;
	if (mtu < hlen + 8) {
		snprintf(err, errlen, "an MTU of %zu leaves no room for data "
		    "after a %zu-byte header", mtu, hlen);
		return (-1);
	}
	step = (mtu - hlen) & ~(size_t)7;
	if (size != 0 && (size & ~(size_t)7) < step)
		step = size & ~(size_t)7;
	if (step == 0) {
		snprintf(err, errlen, "fragments carry data in multiples of 8 bytes");
		return (-1);
	}
	data = tot - hl;
	base = (size_t)(frag & IP4_OFFMASK) * 8;
	for (off = 0; off < data || (data == 0 && idx == 0); off += n) {
		bool	last = off + step >= data;

		n = last ? data - off : step;
		hlen = off == 0 ? hl : 20 + (size_t)lopt;
		if (l2len + hlen + n > cap) {
			snprintf(err, errlen, "a fragment does not fit %zu bytes", cap);
			return (-1);
		}
		memcpy(scratch, frame, l2len);
		memcpy(scratch + l2len, ip, 20);
		if (off == 0)
			memcpy(scratch + l2len + 20, ip + 20, hl - 20);
		else
			memcpy(scratch + l2len + 20, later, (size_t)lopt);
		scratch[l2len] = (uint8_t)(0x40 | hlen / 4);
		put16(scratch + l2len + 2, (unsigned)(hlen + n));
		/* The last keeps the datagram's own MF: it may be a fragment already. */
		put16(scratch + l2len + 6, (frag & (IP4_RF | IP4_DF)) |
		    (last ? frag & IP4_MF : IP4_MF) |
		    (unsigned)((base + off) / 8));
		put16(scratch + l2len + 10, 0);
		sum = wire_sum(scratch + l2len, hlen, 0);
		put16(scratch + l2len + 10, wire_fold(sum));
		memcpy(scratch + l2len + hlen, ip + hl + off, n);
		if ((base + off) / 8 > IP4_OFFMASK) {
			snprintf(err, errlen, "the fragments would end past "
			    "offset 65535");
			return (-1);
		}
		emit(arg, scratch, l2len + hlen + n, ++idx, last);
		if (last)
			break;
	}
	return ((int)idx);
}

/*
 * The length of an IPv6 datagram's unfragmentable part (RFC 8200 §4.5:
 * up to the Routing header, else the Hop-by-Hop header, else the fixed
 * header) and where the next-header byte that leads past it lies.
 * Returns the length, or -1.
 */
static long
unfrag6(const uint8_t *ip, size_t len, size_t *nhpos)
{
	size_t	pos = IP6_HDR, end = IP6_HDR, hl;
	size_t	nh_end = 6;
	uint8_t	nh = ip[6];
	int	i;

	for (i = 0; i < IP6_MAX_EXT; i++) {
		if (nh == IPPROTO_FRAGMENT_)
			return (-1);	/* already a fragment */
		if (nh != IPPROTO_HOPOPTS_ && nh != IPPROTO_ROUTING_ &&
		    nh != IPPROTO_DSTOPTS_)
			break;
		if (pos + 2 > len || pos + (hl = ((size_t)ip[pos + 1] + 1) * 8) >
		    len)
			return (-1);
		if (nh == IPPROTO_ROUTING_ || (nh == IPPROTO_HOPOPTS_ && i == 0)) {
			end = pos + hl;
			nh_end = pos;
		}
		nh = ip[pos];
		pos += hl;
	}
	*nhpos = nh_end;
	return ((long)end);
}

/* Split an IPv6 packet with a Fragment header (RFC 8200 §4.5). */
static int
split6(const uint8_t *frame, size_t len, size_t l2len, size_t mtu, size_t size,
    uint32_t id, uint8_t *scratch, size_t cap, ipfrag_emit *emit, void *arg,
    char *err, size_t errlen)
{
	const uint8_t	*ip = frame + l2len;
	size_t		 tot, data, off, step, n, nhpos, uf;
	unsigned	 idx = 0;
	long		 u;

	tot = IP6_HDR + get16(ip + 4);
	if (tot > len - l2len) {
		snprintf(err, errlen, "IPv6 payload length exceeds the packet");
		return (-1);
	}
	if (size == 0 && tot <= mtu) {
		emit(arg, frame, l2len + tot, 1, true);
		return (1);
	}
	if ((u = unfrag6(ip, tot, &nhpos)) < 0) {
		snprintf(err, errlen, "the IPv6 extension headers are malformed "
		    "or hold a Fragment header already");
		return (-1);
	}
	uf = (size_t)u;
	if (mtu < uf + FRAG6_HDR + 8) {
		snprintf(err, errlen, "an MTU of %zu leaves no room for data "
		    "after %zu bytes of headers", mtu, uf + FRAG6_HDR);
		return (-1);
	}
	step = (mtu - uf - FRAG6_HDR) & ~(size_t)7;
	if (size != 0 && (size & ~(size_t)7) < step)
		step = size & ~(size_t)7;
	if (step == 0) {
		snprintf(err, errlen, "fragments carry data in multiples of 8 bytes");
		return (-1);
	}
	data = tot - uf;
	for (off = 0; off < data || (data == 0 && idx == 0); off += n) {
		bool	 last = off + step >= data;
		uint8_t	*f = scratch + l2len + uf;

		n = last ? data - off : step;
		if (l2len + uf + FRAG6_HDR + n > cap) {
			snprintf(err, errlen, "a fragment does not fit %zu bytes", cap);
			return (-1);
		}
		memcpy(scratch, frame, l2len + uf);
		/* The header that led past the unfragmentable part now leads here. */
		f[0] = ip[nhpos];
		scratch[l2len + nhpos] = IPPROTO_FRAGMENT_;
		f[1] = 0;
		put16(f + 2, (unsigned)(off | (last ? 0 : 1)));
		f[4] = (uint8_t)(id >> 24);
		f[5] = (uint8_t)(id >> 16);
		f[6] = (uint8_t)(id >> 8);
		f[7] = (uint8_t)id;
		memcpy(f + FRAG6_HDR, ip + uf + off, n);
		put16(scratch + l2len + 4, (unsigned)(uf - IP6_HDR + FRAG6_HDR + n));
		emit(arg, scratch, l2len + uf + FRAG6_HDR + n, ++idx, last);
		if (last)
			break;
	}
	return ((int)idx);
}

/* Split the datagram at frame + l2len into fragments of at most mtu bytes. */
int
ipfrag_split(const uint8_t *frame, size_t len, size_t l2len, size_t mtu,
    size_t size, uint32_t id, bool force, uint8_t *scratch, size_t cap,
    ipfrag_emit *emit, void *arg, char *err, size_t errlen)
{
	if (len < l2len + 20) {
		snprintf(err, errlen, "too short for an IP header");
		return (-1);
	}
	switch (frame[l2len] >> 4) {
	case 4:
		return (split4(frame, len, l2len, mtu, size, force, scratch,
		    cap, emit, arg, err, errlen));
	case 6:
		if (len < l2len + IP6_HDR)
			break;
		return (split6(frame, len, l2len, mtu, size, id, scratch, cap,
		    emit, arg, err, errlen));
	}
	snprintf(err, errlen, "not an IPv4 or IPv6 packet");
	return (-1);
}
