/*
 * tests/unit/test-ipfrag.c - IP fragments (core/ipfrag.c, core/ipdefrag.c):
 * splitting IPv4 and IPv6 datagrams (sizes, offsets, flags, checksums,
 * options, the Fragment header), reassembly in every order back to the
 * very bytes, and the defences: overlaps (RFC 5722), duplicates, dead
 * datagrams, lengths past 65535, too many fragments, the timeout with its
 * quote, the byte limit and the datagram bound.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/ipfrag.h"
#include "core/wire.h"
#include "tests/tap.h"

#define L2	14
#define MAXF	64
#define SEC	1000000ULL

/* Fragments collected from ipfrag_split(). */
struct coll {
	uint8_t	*f[MAXF * 4];
	size_t	 len[MAXF * 4];
	int	 n;
	bool	 last_seen;
	int	 bad_idx;
};

/* Keep a copy of each fragment. */
static void
collect(void *arg, const uint8_t *frag, size_t len, unsigned idx, bool last)
{
	struct coll	*c = arg;

	if ((int)idx != c->n + 1 || c->last_seen)
		c->bad_idx++;
	c->f[c->n] = malloc(len);
	memcpy(c->f[c->n], frag, len);
	c->len[c->n++] = len;
	c->last_seen = last;
}

/* Free what was collected. */
static void
coll_free(struct coll *c)
{
	while (c->n > 0)
		free(c->f[--c->n]);
	c->last_seen = false;
}

/* Big-endian 16 bits at p. */
static unsigned
g16(const uint8_t *p)
{
	return ((unsigned)p[0] << 8 | p[1]);
}

/* An Ethernet + IPv4 + UDP frame with n payload bytes (and opt, olen options). */
static size_t
mk4(uint8_t *b, size_t n, bool df, const uint8_t *opt, size_t olen)
{
	size_t		hl = 20 + olen, i;
	uint32_t	sum;

	memset(b, 0, L2);
	b[12] = 0x08;
	b[L2] = (uint8_t)(0x40 | hl / 4);
	b[L2 + 2] = (uint8_t)((hl + 8 + n) >> 8);
	b[L2 + 3] = (uint8_t)(hl + 8 + n);
	b[L2 + 4] = 0x12;
	b[L2 + 5] = 0x34;
	b[L2 + 6] = df ? 0x40 : 0;
	b[L2 + 7] = 0;
	b[L2 + 8] = 64;
	b[L2 + 9] = 17;
	b[L2 + 10] = b[L2 + 11] = 0;
	memcpy(b + L2 + 12, "\x0a\x00\x00\x01\x0a\x00\x00\x02", 8);
	if (olen > 0)
		memcpy(b + L2 + 20, opt, olen);
	sum = wire_sum(b + L2, hl, 0);
	b[L2 + 10] = (uint8_t)(wire_fold(sum) >> 8);
	b[L2 + 11] = (uint8_t)wire_fold(sum);
	memcpy(b + L2 + hl, "\x30\x39\x00\x07", 4);
	b[L2 + hl + 4] = (uint8_t)((8 + n) >> 8);
	b[L2 + hl + 5] = (uint8_t)(8 + n);
	b[L2 + hl + 6] = b[L2 + hl + 7] = 0;
	for (i = 0; i < n; i++)
		b[L2 + hl + 8 + i] = (uint8_t)('a' + i % 26);
	return (L2 + hl + 8 + n);
}

/* An Ethernet + IPv6 (+ hop-by-hop when hbh) + UDP frame with n payload bytes. */
static size_t
mk6(uint8_t *b, size_t n, bool hbh)
{
	size_t	x = hbh ? 8 : 0, i, p = L2 + 40 + x;

	memset(b, 0, L2 + 40 + x);
	b[12] = 0x86;
	b[13] = 0xdd;
	b[L2] = 0x60;
	b[L2 + 4] = (uint8_t)((x + 8 + n) >> 8);
	b[L2 + 5] = (uint8_t)(x + 8 + n);
	b[L2 + 6] = hbh ? 0 : 17;
	b[L2 + 7] = 64;
	b[L2 + 8] = 0xfd;
	b[L2 + 23] = 1;
	b[L2 + 24] = 0xfd;
	b[L2 + 39] = 2;
	if (hbh) {
		b[L2 + 40] = 17;	/* next: UDP; length 0: 8 bytes */
		b[L2 + 42] = 1;		/* PadN of 4 */
		b[L2 + 43] = 4;
	}
	memcpy(b + p, "\x30\x39\x00\x07", 4);
	b[p + 4] = (uint8_t)((8 + n) >> 8);
	b[p + 5] = (uint8_t)(8 + n);
	b[p + 6] = b[p + 7] = 0;
	for (i = 0; i < n; i++)
		b[p + 8 + i] = (uint8_t)('A' + i % 26);
	return (p + 8 + n);
}

/* Feed fragments in order ord[] (NULL: as made); 1 when the last gives orig back. */
static int
reassemble(struct ipdefrag *d, struct coll *c, const int *ord,
    const uint8_t *orig, size_t olen)
{
	struct ipdefrag_result	r;
	enum ipdefrag_verdict	v = IPDF_WHOLE;
	int			i, k, same;

	for (i = 0; i < c->n; i++) {
		k = ord != NULL ? ord[i] : i;
		v = ipdefrag_input(d, c->f[k] + L2, c->len[k] - L2, 0, 30 * SEC,
		    &r);
		if (i < c->n - 1 && v != IPDF_HELD)
			return (0);
	}
	if (v != IPDF_DONE)
		return (0);
	same = r.len == olen - L2 && memcmp(r.data, orig + L2, r.len) == 0;
	free(r.data);
	return (same && (int)r.nfrags == c->n);
}

/* Whether every IPv4 fragment header checksum adds up. */
static int
cksums_ok(const struct coll *c)
{
	int	i;

	for (i = 0; i < c->n; i++)
		if (wire_fold(wire_sum(c->f[i] + L2,
		    (size_t)(c->f[i][L2] & 15) * 4, 0)) != 0)
			return (0);
	return (1);
}

/* Next permutation of a[0..n) in lexicographic order; 0 after the last. */
static int
next_perm(int *a, int n)
{
	int	i = n - 2, j, t;

	while (i >= 0 && a[i] >= a[i + 1])
		i--;
	if (i < 0)
		return (0);
	for (j = n - 1; a[j] <= a[i]; j--)
		;
	t = a[i], a[i] = a[j], a[j] = t;
	for (i++, j = n - 1; i < j; i++, j--)
		t = a[i], a[i] = a[j], a[j] = t;
	return (1);
}

/* Split, check the pieces, and reassemble in every order (up to 5 pieces). */
static void
test_split4(void)
{
	static uint8_t		 b[70000], scratch[70000];
	static const uint8_t	 opts[8] = { 0x07, 3, 4, 0x94, 4, 0, 0, 1 };
	struct ipdefrag		*d = ipdefrag_new(1 << 20, 1);
	struct coll		 c = { 0 };
	char			 err[IPFRAG_ERRLEN];
	int			 ord[8], i, perms = 0, good = 0;
	size_t			 n;

	n = mk4(b, 3000, false, NULL, 0);
	is_int(ipfrag_split(b, n, L2, 1500, 0, 0, false, scratch,
	    sizeof scratch, collect, &c, err, sizeof err), 3,
	    "3000 bytes of UDP at MTU 1500: three IPv4 fragments");
	is_int(c.len[0] - L2, 1500, "the first fills the MTU");
	is_int(c.len[1] - L2, 1500, "so does the second");
	is_int(c.len[2] - L2, 20 + 3008 - 2960, "the third holds the rest");
	ok(g16(c.f[0] + L2 + 6) == 0x2000 && g16(c.f[1] + L2 + 6) ==
	    (0x2000 | 185) && g16(c.f[2] + L2 + 6) == 370,
	    "offsets 0, 185, 370 (units of 8); MF on all but the last");
	ok(g16(c.f[1] + L2 + 4) == 0x1234 && g16(c.f[2] + L2 + 4) == 0x1234,
	    "every fragment keeps the Identification");
	ok(cksums_ok(&c), "every header checksum is right");
	ok(c.bad_idx == 0 && c.last_seen, "numbered from 1, the last marked");
	for (i = 0; i < c.n; i++)
		ord[i] = i;
	do {
		perms++;
		good += reassemble(d, &c, ord, b, n);
	} while (next_perm(ord, c.n));
	is_int(good, perms, "reassembled to the very bytes in all %d orders",
	    perms);
	coll_free(&c);

	/* DF: refused unless forced; a size asks for smaller pieces. */
	n = mk4(b, 3000, true, NULL, 0);
	is_int(ipfrag_split(b, n, L2, 1500, 0, 0, false, scratch,
	    sizeof scratch, collect, &c, err, sizeof err), -1,
	    "DF set and too big: refused");
	ok(strstr(err, "DF") != NULL, "saying DF is set: %s", err);
	coll_free(&c);
	n = mk4(b, 1000, false, NULL, 0);
	is_int(ipfrag_split(b, n, L2, 1500, 0, 0, false, scratch,
	    sizeof scratch, collect, &c, err, sizeof err), 1,
	    "a datagram that fits goes whole");
	ok(c.len[0] == n && memcmp(c.f[0], b, n) == 0, "unchanged");
	coll_free(&c);
	is_int(ipfrag_split(b, n, L2, 1500, 500, 0, false, scratch,
	    sizeof scratch, collect, &c, err, sizeof err), 3,
	    "size 500: 1008 bytes in pieces of 496");
	is_int(c.len[0] - L2, 20 + 496, "rounded down to a multiple of 8");
	ok(reassemble(d, &c, NULL, b, n), "and reassembled");
	coll_free(&c);

	/* Options: only those with the copied flag go on (RFC 791 §3.1). */
	n = mk4(b, 2000, false, opts, sizeof opts);
	is_int(ipfrag_split(b, n, L2, 1000, 0, 0, false, scratch,
	    sizeof scratch, collect, &c, err, sizeof err), 3,
	    "with options: three fragments at MTU 1000");
	is_int(c.f[0][L2] & 15, 7, "the first keeps all 8 option bytes");
	is_int(c.f[1][L2] & 15, 6, "later ones keep the copied 4 (router alert)");
	ok(c.f[1][L2 + 20] == 0x94, "and it is the router alert");
	ok(cksums_ok(&c), "checksums right with options");
	ok(reassemble(d, &c, NULL, b, n), "reassembled from the first's header");
	coll_free(&c);
	is_int(ipfrag_split(b, n, L2, 30, 0, 0, false, scratch,
	    sizeof scratch, collect, &c, err, sizeof err), -1,
	    "an MTU too small for the header: refused");
	coll_free(&c);
	ipdefrag_free(d);
}

/* IPv6: a Fragment header after the unfragmentable part. */
static void
test_split6(void)
{
	static uint8_t		 b[70000], scratch[70000];
	struct ipdefrag		*d = ipdefrag_new(1 << 20, 2);
	struct coll		 c = { 0 };
	char			 err[IPFRAG_ERRLEN];
	int			 ord[8], i, perms = 0, good = 0;
	size_t			 n;

	n = mk6(b, 3000, false);
	is_int(ipfrag_split(b, n, L2, 1500, 0, 0xdeadbeef, false, scratch,
	    sizeof scratch, collect, &c, err, sizeof err), 3,
	    "3000 bytes of UDP over IPv6 at MTU 1500: three fragments");
	is_int(c.len[0] - L2, 40 + 8 + 1448, "40 + 8 + 1448 bytes each");
	ok(c.f[0][L2 + 6] == 44 && c.f[0][L2 + 40] == 17,
	    "next header 44, the Fragment header names UDP");
	ok(g16(c.f[1] + L2 + 42) == (1448 | 1) && g16(c.f[2] + L2 + 42) ==
	    2896, "offsets in bytes, M on all but the last");
	ok(memcmp(c.f[2] + L2 + 44, "\xde\xad\xbe\xef", 4) == 0,
	    "the Identification asked for");
	for (i = 0; i < c.n; i++)
		ord[i] = i;
	do {
		perms++;
		good += reassemble(d, &c, ord, b, n);
	} while (next_perm(ord, c.n));
	is_int(good, perms, "reassembled in all %d orders", perms);
	coll_free(&c);

	n = mk6(b, 3000, true);
	is_int(ipfrag_split(b, n, L2, 1280, 0, 7, false, scratch,
	    sizeof scratch, collect, &c, err, sizeof err), 3,
	    "with a Hop-by-Hop header at MTU 1280: three fragments");
	ok(c.f[1][L2 + 6] == 0 && c.f[1][L2 + 40] == 44 &&
	    c.f[1][L2 + 48] == 17,
	    "Hop-by-Hop stays in front, then the Fragment header");
	ok(reassemble(d, &c, NULL, b, n), "reassembled with the Hop-by-Hop");
	/* A fragment is not split again. */
	is_int(ipfrag_split(c.f[0], c.len[0], L2, 600, 0, 1, false, scratch,
	    sizeof scratch, collect, &c, err, sizeof err), -1,
	    "a fragment is not fragmented again: %s", err);
	coll_free(&c);
	ipdefrag_free(d);
}

/* Feed one fragment; the verdict. */
static enum ipdefrag_verdict
feed(struct ipdefrag *d, struct coll *c, int i, uint64_t now,
    struct ipdefrag_result *r)
{
	return (ipdefrag_input(d, c->f[i] + L2, c->len[i] - L2, now, 30 * SEC,
	    r));
}

/* The defences. */
static void
test_defences(void)
{
	static uint8_t		 b[70000], scratch[70000], big[2000];
	struct ipdefrag		*d = ipdefrag_new(1 << 20, 3);
	struct ipdefrag_result	 r;
	struct ipdefrag_expired	 x;
	struct ipdefrag_stats	 st;
	struct coll		 c = { 0 }, c2 = { 0 };
	char			 err[IPFRAG_ERRLEN];
	size_t			 n;
	int			 i;

	/* Overlap: 1500 then 1000 pieces of the same datagram (RFC 5722). */
	n = mk6(b, 3000, false);
	ipfrag_split(b, n, L2, 1500, 0, 9, false, scratch, sizeof scratch,
	    collect, &c, err, sizeof err);
	ipfrag_split(b, n, L2, 1000, 0, 9, false, scratch, sizeof scratch,
	    collect, &c2, err, sizeof err);
	is_int(feed(d, &c, 0, 0, &r), IPDF_HELD, "first fragment held");
	is_int(feed(d, &c2, 1, 0, &r), IPDF_DROPPED, "an overlapping one");
	is_int(r.drop, IPDF_OVERLAP, "is an overlap");
	is_int(feed(d, &c, 1, 0, &r), IPDF_DROPPED,
	    "the rest of the datagram is refused");
	is_int(r.drop, IPDF_DEAD, "as part of a discarded datagram");
	feed(d, &c, 2, 0, &r);
	is_int(r.drop, IPDF_DEAD, "even the last");
	is_int(ipdefrag_expire(d, 30 * SEC, &x), 1, "it ends at the timeout");
	ok(x.dead && x.quote_len == 0, "as discarded, quoting nothing");
	/* After that, the same Identification starts afresh. */
	for (i = 0; i < 2; i++)
		feed(d, &c, i, 31 * SEC, &r);
	is_int(feed(d, &c, 2, 31 * SEC, &r), IPDF_DONE, "then it can complete");
	free(r.data);

	/* Duplicates are ignored, not fatal. */
	feed(d, &c, 0, 40 * SEC, &r);
	is_int(feed(d, &c, 0, 40 * SEC, &r), IPDF_DROPPED, "a duplicate");
	is_int(r.drop, IPDF_DUP, "is counted as one");
	feed(d, &c, 2, 40 * SEC, &r);
	is_int(feed(d, &c, 1, 40 * SEC, &r), IPDF_DONE,
	    "and the datagram still completes");
	free(r.data);

	/* Timeout: the first fragment's start is kept to quote. */
	is_int(feed(d, &c, 0, 50 * SEC, &r), IPDF_HELD, "one of three held");
	ok(ipdefrag_deadline(d) == 80 * SEC, "due 30 s later");
	is_int(ipdefrag_expire(d, 80 * SEC - 1, &x), 0, "not a microsecond early");
	is_int(ipdefrag_expire(d, 80 * SEC, &x), 1, "expired on time");
	ok(x.nfrags == 1 && x.have == 1448 && x.total == 0 && !x.dead,
	    "one fragment, 1448 bytes, length unknown");
	ok(x.quote_len == IPDEFRAG_QUOTE && memcmp(x.quote, c.f[0] + L2,
	    x.quote_len) == 0, "quoting the first fragment's start");
	feed(d, &c, 2, 90 * SEC, &r);
	ipdefrag_expire(d, 200 * SEC, &x);
	ok(x.quote_len == 0 && x.total == 3008, "without the first: no quote");
	coll_free(&c);
	coll_free(&c2);

	/* Past 65535 bytes (the "ping of death"). */
	n = mk4(big, 1000, false, NULL, 0);
	big[L2 + 6] = 0x1f;		/* offset 8184 * 8 = 65472 */
	big[L2 + 7] = 0xf8;
	is_int(ipdefrag_input(d, big + L2, n - L2, 0, 30 * SEC, &r),
	    IPDF_DROPPED, "a fragment ending past 65535");
	is_int(r.drop, IPDF_TOO_BIG, "is too big");
	big[L2 + 6] = 0x20;		/* MF, 1008 bytes: not a multiple of 8 */
	big[L2 + 7] = 0;
	big[L2 + 3] -= 4;
	is_int(ipdefrag_input(d, big + L2, n - L2 - 4, 0, 30 * SEC, &r),
	    IPDF_DROPPED, "MF and a length that is not a multiple of 8");
	is_int(r.drop, IPDF_BAD, "is malformed");

	/*
	 * A fragment kept beyond where the last one then ends, the sum of
	 * the lengths right but a gap (found by fuzz-defrag): [56, 64), [0,
	 * 8), then [16, 24) saying it is the last.
	 */
	n = mk4(b, 64, false, NULL, 0);
	ipfrag_split(b, n, L2, 1500, 8, 0, false, scratch, sizeof scratch,
	    collect, &c, err, sizeof err);		/* 9 pieces of 8 */
	c.f[2][L2 + 6] &= ~0x20;
	c.f[2][L2 + 10] = c.f[2][L2 + 11] = 0;
	feed(d, &c, 7, 500 * SEC, &r);
	feed(d, &c, 0, 500 * SEC, &r);
	is_int(feed(d, &c, 2, 500 * SEC, &r), IPDF_DROPPED,
	    "a last fragment ending before one already kept");
	is_int(r.drop, IPDF_OVERLAP, "discards the datagram as inconsistent");
	coll_free(&c);
	ipdefrag_expire(d, 1000 * SEC, &x);

	/* Too many fragments: 65 of 8 bytes. */
	n = mk4(b, 700, false, NULL, 0);
	ipfrag_split(b, n, L2, 1500, 8, 0, false, scratch, sizeof scratch,
	    collect, &c, err, sizeof err);
	for (i = 0; i < IPDEFRAG_MAX_FRAGS; i++)
		feed(d, &c, i, 300 * SEC, &r);
	is_int(feed(d, &c, i, 300 * SEC, &r), IPDF_DROPPED,
	    "fragment %d of one datagram", IPDEFRAG_MAX_FRAGS + 1);
	is_int(r.drop, IPDF_TOO_MANY, "is one too many");
	coll_free(&c);
	ipdefrag_stats(d, &st);
	is_int(st.done, 2, "two datagrams were reassembled");
	ipdefrag_free(d);

	/* The byte limit evicts the oldest; the datagram bound too. */
	d = ipdefrag_new(20000, 4);
	n = mk4(b, 3000, false, NULL, 0);
	for (i = 0; i < 30; i++) {
		b[L2 + 5] = (uint8_t)i;		/* Identification */
		b[L2 + 10] = b[L2 + 11] = 0;
		ipfrag_split(b, n, L2, 1500, 0, 0, false, scratch,
		    sizeof scratch, collect, &c, err, sizeof err);
		feed(d, &c, 0, 0, &r);
		coll_free(&c);
	}
	ipdefrag_stats(d, &st);
	ok(st.bytes <= 20000, "30 datagrams' first fragments kept in %lu "
	    "bytes of a 20000-byte limit", st.bytes);
	ok(st.drops[IPDF_EVICTED] > 0 && st.held + st.drops[IPDF_EVICTED] ==
	    30, "the oldest evicted and counted (%lu)", st.drops[IPDF_EVICTED]);
	ipdefrag_free(d);
	d = ipdefrag_new(1 << 30, 5);
	n = mk4(b, 96, false, NULL, 0);
	b[L2 + 6] = 0x20;
	for (i = 0; i < IPDEFRAG_MAX_DGRAMS + 10; i++) {
		b[L2 + 4] = (uint8_t)(i >> 8);
		b[L2 + 5] = (uint8_t)i;
		ipdefrag_input(d, b + L2, n - L2, 0, 30 * SEC, &r);
	}
	ipdefrag_stats(d, &st);
	ok(st.held == IPDEFRAG_MAX_DGRAMS && st.drops[IPDF_EVICTED] == 10,
	    "at most %d datagrams at once; 10 evicted", IPDEFRAG_MAX_DGRAMS);
	ipdefrag_free(d);

	/* An IPv6 atomic fragment stands alone (RFC 6946). */
	d = ipdefrag_new(1 << 20, 6);
	n = mk6(b, 100, false);
	ipfrag_split(b, n, L2, 1500, 200, 5, false, scratch, sizeof scratch,
	    collect, &c, err, sizeof err);
	is_int(c.n, 1, "a 108-byte payload in one piece of 200: one fragment");
	is_int(feed(d, &c, 0, 0, &r), IPDF_DONE, "an atomic fragment is whole");
	ok(r.len == n - L2 && memcmp(r.data, b + L2, r.len) == 0,
	    "with its Fragment header removed");
	free(r.data);
	coll_free(&c);
	ipdefrag_stats(d, &st);
	is_int(st.held, 0, "and nothing kept");
	ipdefrag_free(d);
}

/* Random fragment soup: nothing is kept past the limit, nothing leaks. */
static void
test_soup(void)
{
	static uint8_t		 pkt[2000];
	struct ipdefrag		*d = ipdefrag_new(200000, 7);
	struct ipdefrag_result	 r;
	struct ipdefrag_expired	 x;
	struct ipdefrag_stats	 st;
	unsigned		 seed = 12345, i, over = 0;
	size_t			 n;
	uint64_t		 now = 0;

	for (i = 0; i < 200000; i++) {
		seed = seed * 1103515245 + 12345;
		n = mk4(pkt, 8 * (seed >> 24 & 63) + 8, false, NULL, 0) - L2;
		pkt[L2 + 4] = 0;
		pkt[L2 + 5] = (uint8_t)(seed >> 8 & 31);
		pkt[L2 + 6] = (uint8_t)((seed >> 16 & 1) << 5 |
		    (seed >> 13 & 1));
		pkt[L2 + 7] = (uint8_t)(seed >> 4 & 0xff);
		now += 1000;
		if (ipdefrag_input(d, pkt + L2, n, now, 30 * SEC, &r) ==
		    IPDF_DONE)
			free(r.data);
		while (ipdefrag_expire(d, now, &x))
			;
		ipdefrag_stats(d, &st);
		if (st.bytes > 200000 + 2100)
			over++;
	}
	is_int(over, 0, "200000 random fragments never went past the limit");
	ipdefrag_free(d);
}

int
main(void)
{
	test_split4();
	test_split6();
	test_defences();
	test_soup();
	return (done_testing());
}
