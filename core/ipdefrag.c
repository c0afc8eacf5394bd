/*
 * core/ipdefrag.c - reassembly of the IP fragments addressed to us.
 *
 * Datagrams are found by hash on (source, destination, protocol for IPv4,
 * Identification) (RFC 791 §3.2, RFC 8200 §4.5) and kept in order of
 * arrival, which is also the order their time runs out.  A fragment that
 * overlaps another discards the whole datagram and every fragment of it
 * still to come (RFC 5722 for IPv6; IPv4 is treated the same, as Linux
 * does); an exact duplicate is ignored.  Memory is bounded by a byte limit
 * (the oldest datagrams are evicted to make room), by IPDEFRAG_MAX_DGRAMS
 * datagrams and by IPDEFRAG_MAX_FRAGS fragments each, so every fragment
 * costs at most a walk of IPDEFRAG_MAX_FRAGS.
 */
#include <stdlib.h>
#include <string.h>

#include "core/ipfrag.h"
#include "core/wire.h"
#include "core/xmalloc.h"

#define NBUCKETS	1024		/* a power of two */
#define IP6_HDR		40
#define FRAG6_HDR	8

/* One fragment: raw bytes as received; its data starts at hlen. */
struct frag {
	struct frag	*next;		/* by offset */
	uint32_t	 off;		/* data offset in the datagram */
	uint32_t	 dlen;		/* data bytes */
	uint32_t	 hlen;		/* header bytes before the data */
	uint32_t	 nhpos;		/* IPv6: the byte that names the Fragment header */
	uint8_t		 raw[];
};

/* A datagram being put back together. */
struct dgram {
	struct dgram	*hnext;		/* hash chain */
	struct dgram	*older, *newer;	/* arrival order */
	int		 family;
	uint8_t		 proto;		/* IPv4: part of the key */
	uint8_t		 src[16], dst[16];
	uint32_t	 id;
	uint64_t	 born;
	uint64_t	 expires;
	struct frag	*frags;
	unsigned	 nfrags;
	size_t		 have;		/* data bytes held */
	size_t		 total;		/* end of the last fragment; 0: not seen */
	size_t		 mem;		/* bytes charged to the limit */
	bool		 dead;		/* discarded: its fragments are refused */
	uint8_t		 quote[IPDEFRAG_QUOTE];
	size_t		 quote_len;
};

struct ipdefrag {
	struct dgram	*bucket[NBUCKETS];
	struct dgram	*oldest, *newest;
	size_t		 limit;
	uint64_t	 seed;
	struct ipdefrag_stats st;
};

/* The fields of one packet that reassembly needs. */
struct fragkey {
	int		 family;
	uint8_t		 proto;
	const uint8_t	*src, *dst;
	uint32_t	 id;
	uint32_t	 off;
	uint32_t	 dlen;
	uint32_t	 hlen;
	uint32_t	 nhpos;
	bool		 more;
};

static const char *const drop_names[IPDF_NDROPS] = {
	[IPDF_BAD] = "malformed fragment",
	[IPDF_TOO_BIG] = "fragment ends past 65535 bytes",
	[IPDF_DUP] = "duplicate fragment",
	[IPDF_OVERLAP] = "overlapping fragments",
	[IPDF_DEAD] = "fragment of a discarded datagram",
	[IPDF_TOO_MANY] = "too many fragments",
	[IPDF_EVICTED] = "evicted for room",
	[IPDF_TIMEOUT] = "reassembly timed out",
};

/* A few words for a drop reason. */
const char *
ipdefrag_drop_name(enum ipdefrag_drop why)
{
	return (why < IPDF_NDROPS ? drop_names[why] : "?");
}

/* Read a 16-bit big-endian value at p. */
static uint32_t
get16(const uint8_t *p)
{
	return ((uint32_t)p[0] << 8 | p[1]);
}

/* An empty reassembler keeping at most limit bytes. */
struct ipdefrag *
ipdefrag_new(size_t limit, uint64_t seed)
{
	struct ipdefrag	*d = xcalloc(1, sizeof *d);

	d->limit = limit;
	d->seed = seed | 1;
	return (d);
}

/* Keep at most limit bytes from now on. */
void
ipdefrag_set_limit(struct ipdefrag *d, size_t limit)
{
	d->limit = limit;
}

/*
 * Parse an IPv4 packet's fragment fields into k: 1 for a fragment, 0 for
 * a whole datagram, -1 when malformed.
 */
static int
key4(const uint8_t *ip, size_t len, struct fragkey *k)
{
	uint32_t	hl, tot, frag;

	if (len < 20 || (hl = (uint32_t)(ip[0] & 0x0f) * 4) < 20 ||
	    (tot = get16(ip + 2)) < hl || tot > len)
		return (-1);
	frag = get16(ip + 6);
	if ((frag & (IP4_MF | IP4_OFFMASK)) == 0)
		return (0);
	k->family = 4;
	k->proto = ip[9];
	k->src = ip + 12;
	k->dst = ip + 16;
	k->id = get16(ip + 4);
	k->off = (frag & IP4_OFFMASK) * 8;
	k->dlen = tot - hl;
	k->hlen = hl;
	k->more = (frag & IP4_MF) != 0;
	return (1);
}

/*
 * Parse an IPv6 packet's Fragment header into k: 1 for a fragment, 0 for
 * a packet without one, -1 when malformed.
 */
static int
key6(const uint8_t *ip, size_t len, struct fragkey *k)
{
	size_t		pos = IP6_HDR, nhpos = 6, tot;
	uint8_t		nh;
	uint32_t	fo;
	int		i;

	if (len < IP6_HDR || (tot = IP6_HDR + get16(ip + 4)) > len)
		return (-1);
	nh = ip[6];
	for (i = 0; i < WIRE_MAX_IP6EXT && nh != IPPROTO_FRAGMENT_; i++) {
		if (nh != IPPROTO_HOPOPTS_ && nh != IPPROTO_ROUTING_ &&
		    nh != IPPROTO_DSTOPTS_)
			return (0);
		if (pos + 2 > tot)
			return (-1);
		nhpos = pos;
		nh = ip[pos];
		pos += ((size_t)ip[pos + 1] + 1) * 8;
	}
	if (nh != IPPROTO_FRAGMENT_)
		return (0);
	if (pos + FRAG6_HDR > tot)
		return (-1);
	fo = get16(ip + pos + 2);
	k->family = 6;
	k->proto = 0;
	k->src = ip + 8;
	k->dst = ip + 24;
	k->id = (uint32_t)ip[pos + 4] << 24 | (uint32_t)ip[pos + 5] << 16 |
	    (uint32_t)ip[pos + 6] << 8 | ip[pos + 7];
	k->off = fo & 0xfff8;
	k->more = (fo & 1) != 0;
	k->hlen = (uint32_t)(pos + FRAG6_HDR);
	k->nhpos = (uint32_t)nhpos;
	k->dlen = (uint32_t)(tot - pos - FRAG6_HDR);
	return (1);
}

/* The bucket of a key (keyed, so a sender cannot aim at one chain). */
static unsigned
bucket_of(const struct ipdefrag *d, const struct fragkey *k)
{
	size_t		n = k->family == 4 ? 4 : 16, i;
	uint64_t	h = d->seed ^ ((uint64_t)k->id << 8 | k->proto);

	for (i = 0; i < n; i++) {
		h = (h ^ k->src[i]) * 0x100000001b3ULL;
		h = (h ^ k->dst[i]) * 0x100000001b3ULL;
	}
	h ^= h >> 29;
	h *= d->seed;
	return ((unsigned)(h >> 40) & (NBUCKETS - 1));
}

/* The datagram k belongs to, or NULL. */
static struct dgram *
find(const struct ipdefrag *d, const struct fragkey *k)
{
	struct dgram	*g;
	size_t		 n = k->family == 4 ? 4 : 16;

	for (g = d->bucket[bucket_of(d, k)]; g != NULL; g = g->hnext)
		if (g->family == k->family && g->id == k->id &&
		    g->proto == k->proto && memcmp(g->src, k->src, n) == 0 &&
		    memcmp(g->dst, k->dst, n) == 0)
			return (g);
	return (NULL);
}

/* Free g's fragments and give their memory back. */
static void
drop_frags(struct ipdefrag *d, struct dgram *g)
{
	struct frag	*f;

	while ((f = g->frags) != NULL) {
		g->frags = f->next;
		free(f);
	}
	d->st.bytes -= g->mem - sizeof *g;
	g->mem = sizeof *g;
	g->nfrags = 0;
	g->have = 0;
}

/* Unlink g from its chain and the arrival list, and free it. */
static void
destroy(struct ipdefrag *d, struct dgram *g)
{
	struct dgram		**pp;
	struct fragkey		 k;

	memset(&k, 0, sizeof k);
	k.family = g->family;
	k.proto = g->proto;
	k.src = g->src;
	k.dst = g->dst;
	k.id = g->id;
	for (pp = &d->bucket[bucket_of(d, &k)]; *pp != g; pp = &(*pp)->hnext)
		;
	*pp = g->hnext;
	if (g->older != NULL)
		g->older->newer = g->newer;
	else
		d->oldest = g->newer;
	if (g->newer != NULL)
		g->newer->older = g->older;
	else
		d->newest = g->older;
	drop_frags(d, g);
	d->st.bytes -= sizeof *g;
	d->st.held--;
	free(g);
}

/* Free d and everything in it. */
void
ipdefrag_free(struct ipdefrag *d)
{
	if (d == NULL)
		return;
	while (d->oldest != NULL)
		destroy(d, d->oldest);
	free(d);
}

/* A new, empty datagram for k, newest in arrival order. */
static struct dgram *
create(struct ipdefrag *d, const struct fragkey *k, uint64_t now,
    uint64_t timeout)
{
	struct dgram	*g = xcalloc(1, sizeof *g);
	unsigned	 b = bucket_of(d, k);

	g->family = k->family;
	g->proto = k->proto;
	memcpy(g->src, k->src, k->family == 4 ? 4 : 16);
	memcpy(g->dst, k->dst, k->family == 4 ? 4 : 16);
	g->id = k->id;
	g->born = now;
	g->expires = now + timeout;
	g->mem = sizeof *g;
	g->hnext = d->bucket[b];
	d->bucket[b] = g;
	g->older = d->newest;
	if (d->newest != NULL)
		d->newest->newer = g;
	else
		d->oldest = g;
	d->newest = g;
	d->st.bytes += sizeof *g;
	d->st.held++;
	return (g);
}

/* Discard g's fragments; the fragments still to come are refused. */
static void
discard(struct ipdefrag *d, struct dgram *g)
{
	drop_frags(d, g);
	g->dead = true;
}

/* Whether g's fragments cover [0, total) end to end, without a gap. */
static bool
contiguous(const struct dgram *g)
{
	const struct frag	*f;
	size_t			 at = 0;

	for (f = g->frags; f != NULL; f = f->next) {
		if (f->off != at)
			return (false);
		at += f->dlen;
	}
	return (at == g->total);
}

/* Put the whole datagram together from g's fragments, into r. */
static void
assemble(const struct dgram *g, struct ipdefrag_result *r)
{
	const struct frag	*f, *first = g->frags;
	size_t			 hl = first->hlen, uf;
	uint8_t			*out;
	uint32_t		 sum;

	/* IPv4 keeps the first header; IPv6 drops the Fragment header. */
	uf = g->family == 4 ? hl : hl - FRAG6_HDR;
	r->len = uf + g->total;
	out = xmalloc(r->len);
	memcpy(out, first->raw, uf);
	for (f = first; f != NULL; f = f->next)
		memcpy(out + uf + f->off, f->raw + f->hlen, f->dlen);
	if (g->family == 4) {
		out[2] = (uint8_t)(r->len >> 8);
		out[3] = (uint8_t)r->len;
		out[6] &= (IP4_RF | IP4_DF) >> 8;
		out[7] = 0;
		out[10] = out[11] = 0;
		sum = wire_sum(out, hl, 0);
		out[10] = (uint8_t)(wire_fold(sum) >> 8);
		out[11] = (uint8_t)wire_fold(sum);
	} else {
		out[first->nhpos] = first->raw[hl - FRAG6_HDR];
		out[4] = (uint8_t)((r->len - IP6_HDR) >> 8);
		out[5] = (uint8_t)(r->len - IP6_HDR);
	}
	r->data = out;
	r->nfrags = g->nfrags;
}

/* Evict the oldest datagrams other than keep until need more bytes fit. */
static void
make_room(struct ipdefrag *d, const struct dgram *keep, size_t need)
{
	struct dgram	*g = d->oldest, *next;

	while (g != NULL && d->st.bytes + need > d->limit) {
		next = g->newer;
		if (g != keep) {
			destroy(d, g);
			d->st.drops[IPDF_EVICTED]++;
		}
		g = next;
	}
}

/* Set r's verdict to a drop for why; returns IPDF_DROPPED. */
static enum ipdefrag_verdict
dropped(struct ipdefrag *d, struct ipdefrag_result *r, enum ipdefrag_drop why)
{
	d->st.drops[why]++;
	r->drop = why;
	return (IPDF_DROPPED);
}

/* Take one IP packet: whole, kept, completing a datagram, or dropped. */
enum ipdefrag_verdict
ipdefrag_input(struct ipdefrag *d, const uint8_t *ip, size_t len,
    uint64_t now, uint64_t timeout, struct ipdefrag_result *r)
{
	struct fragkey	  k;
	struct dgram	 *g;
	struct frag	 *f, **pp, *prev = NULL;
	size_t		  end, cost, maxdata;
	int		  rc;

	memset(r, 0, sizeof *r);
	memset(&k, 0, sizeof k);
	if (len < 1)
		return (IPDF_WHOLE);
	rc = (ip[0] >> 4) == 4 ? key4(ip, len, &k) :
	    (ip[0] >> 4) == 6 ? key6(ip, len, &k) : 0;
	if (rc == 0)
		return (IPDF_WHOLE);
	if (rc < 0)
		return (dropped(d, r, IPDF_BAD));
	r->id = k.id;
	r->off = k.off;
	r->dlen = k.dlen;
	r->more = k.more;
	end = (size_t)k.off + k.dlen;
	/* An IPv4 total length or an IPv6 payload length holds 16 bits. */
	maxdata = k.family == 4 ? 65535 - k.hlen : 65535 -
	    (k.hlen - FRAG6_HDR - IP6_HDR);
	if (end > maxdata)
		return (dropped(d, r, IPDF_TOO_BIG));
	/* All but the last carry a multiple of 8 (RFC 8200 §4.5). */
	if ((k.more && (k.dlen == 0 || k.dlen % 8 != 0)))
		return (dropped(d, r, IPDF_BAD));
	if (k.family == 6 && k.off == 0 && !k.more) {
		/* An atomic fragment stands alone (RFC 6946 §4). */
		struct dgram	one;
		struct frag	*a = xmalloc(sizeof *a + len);

		memset(&one, 0, sizeof one);
		one.family = 6;
		memcpy(a->raw, ip, len);
		a->next = NULL;
		a->off = 0;
		a->dlen = k.dlen;
		a->hlen = k.hlen;
		a->nhpos = k.nhpos;
		one.frags = a;
		one.nfrags = 1;
		one.total = k.dlen;
		assemble(&one, r);
		free(a);
		d->st.done++;
		return (IPDF_DONE);
	}
	if ((g = find(d, &k)) == NULL) {
		if (d->st.held >= IPDEFRAG_MAX_DGRAMS) {
			destroy(d, d->oldest);
			d->st.drops[IPDF_EVICTED]++;
		}
		g = create(d, &k, now, timeout);
	}
	if (g->dead)
		return (dropped(d, r, IPDF_DEAD));
	/* Where it goes, by offset; anything it overlaps ends the datagram. */
	for (pp = &g->frags; *pp != NULL && (*pp)->off < k.off;
	    pp = &(*pp)->next)
		prev = *pp;
	if (*pp != NULL && (*pp)->off == k.off && (*pp)->dlen == k.dlen &&
	    (g->total != 0 && end == g->total) == !k.more)
		return (dropped(d, r, IPDF_DUP));
	if ((prev != NULL && prev->off + prev->dlen > k.off) ||
	    (*pp != NULL && (*pp)->off < end) ||
	    (g->total != 0 && (end > g->total || (!k.more && end != g->total)))) {
		discard(d, g);
		return (dropped(d, r, IPDF_OVERLAP));
	}
	if (g->nfrags >= IPDEFRAG_MAX_FRAGS) {
		discard(d, g);
		return (dropped(d, r, IPDF_TOO_MANY));
	}
	cost = sizeof *f + k.hlen + k.dlen;
	make_room(d, g, cost);
	f = xmalloc(cost);
	memcpy(f->raw, ip, k.hlen + k.dlen);
	f->off = k.off;
	f->dlen = k.dlen;
	f->hlen = k.hlen;
	f->nhpos = k.nhpos;
	f->next = *pp;
	*pp = f;
	g->nfrags++;
	g->have += k.dlen;
	g->mem += cost;
	d->st.bytes += cost;
	if (!k.more) {
		g->total = end;
		/* The last fragment: nothing kept may lie beyond it. */
		for (f = g->frags; f->next != NULL; f = f->next)
			;
		if (f->off + f->dlen > g->total) {
			discard(d, g);
			return (dropped(d, r, IPDF_OVERLAP));
		}
	}
	if (k.off == 0) {
		g->quote_len = k.hlen + k.dlen < IPDEFRAG_QUOTE ?
		    k.hlen + k.dlen : IPDEFRAG_QUOTE;
		memcpy(g->quote, ip, g->quote_len);
	}
	if (g->total == 0 || g->have != g->total || !contiguous(g))
		return (IPDF_HELD);
	assemble(g, r);
	destroy(d, g);
	d->st.done++;
	return (IPDF_DONE);
}

/* Let go of one datagram whose time ran out by now. */
int
ipdefrag_expire(struct ipdefrag *d, uint64_t now, struct ipdefrag_expired *x)
{
	struct dgram	*g = d->oldest;
	size_t		 n;

	if (g == NULL || g->expires > now)
		return (0);
	memset(x, 0, sizeof *x);
	n = g->family == 4 ? 4 : 16;
	x->src.family = x->dst.family = (uint8_t)g->family;
	memcpy(x->src.a, g->src, n);
	memcpy(x->dst.a, g->dst, n);
	x->id = g->id;
	x->nfrags = g->nfrags;
	x->have = g->have;
	x->total = g->total;
	x->dead = g->dead;
	x->age = now - g->born;
	if (!g->dead) {
		memcpy(x->quote, g->quote, g->quote_len);
		x->quote_len = g->quote_len;
		d->st.drops[IPDF_TIMEOUT]++;
	}
	destroy(d, g);
	return (1);
}

/* The time the oldest datagram runs out. */
uint64_t
ipdefrag_deadline(const struct ipdefrag *d)
{
	return (d->oldest != NULL ? d->oldest->expires : UINT64_MAX);
}

/* What d has done. */
void
ipdefrag_stats(const struct ipdefrag *d, struct ipdefrag_stats *st)
{
	*st = d->st;
}
