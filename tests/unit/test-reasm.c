/*
 * tests/unit/test-reasm.c - the out-of-order queue (core/reasm.c,
 * RFC 9293 §3.10.7.4) and its SACK blocks (RFC 2018 §4): every order of a
 * small overlapping segment set with a FIN, across 2^32; the memory bound
 * with its prune and drop policy and counters; SACK block order;
 * accounting; duplicates; FIN rules; and a seeded random run checked
 * against a byte-map model (bound, counters and all).
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/bytes.h"
#include "core/reasm.h"
#include "core/seq.h"
#include "tests/tap.h"

/* Bytes of the test stream; the byte at offset x is pat(x). */
#define STREAM		300
/* Sequence numbers the tests start from: plain, across 2^32, across 2^31. */
static const uint32_t bases[] = { 1000, 0xfffffff6U, 0x7ffffff8U };
#define NBASES		(sizeof bases / sizeof bases[0])

/* One segment of the permutation set, as an offset from the base. */
struct tseg {
	int	off;
	int	len;
	bool	fin;
};

/*
 * Five segments covering [0, 20) then a FIN: overlapping left edges, an
 * exact duplicate, one spanning two others, and the FIN on the last.
 */
static const struct tseg pset[] = {
	{ 0, 5, false },	/* [0, 5) */
	{ 3, 6, false },	/* [3, 9) overlaps the first */
	{ 3, 6, false },	/* [3, 9) duplicate */
	{ 7, 8, false },	/* [7, 15) spans the second and the last */
	{ 12, 8, true },	/* [12, 20) + FIN at 20 */
};
#define PSET_N		5
#define PSET_LEN	20

/* The byte-map model of the queue for the random run. */
struct model {
	size_t	limit;
	int	rcv;		/* offset of RCV.NXT */
	bool	held[STREAM + 64];
	size_t	nheld;
	bool	fin;
	int	fin_off;
	struct reasm_stats st;	/* what the bound did */
};

static uint8_t	pat(int);
static const uint8_t *stream(void);
static bool	next_perm(int *, int);
static int	run_perm(uint32_t, bool, const int *, char *, size_t);
static int	check_sack(struct reasm *, uint32_t, uint32_t, const bool *,
		    int, int, int, char *, size_t);
static void	test_permutations(void);
static void	test_sack_order(uint32_t);
static void	test_limit(uint32_t);
static void	test_accounting(uint32_t);
static void	test_zero_len(uint32_t);
static void	test_fin(uint32_t);
static void	test_pull_trim(uint32_t);
static void	test_clear(void);
static uint32_t	rnd(uint32_t *);
static void	model_trim(struct model *);
static size_t	model_blocks(const struct model *);
static size_t	model_mem(const struct model *);
static long long model_cost(struct model *, int, int, size_t *);
static bool	model_fits(struct model *, int, int);
static size_t	model_insert(struct model *, int, int, bool);
static bool	sane(const struct reasm *);
static void	test_random(void);

/* The test stream's byte at offset x. */
static uint8_t
pat(int x)
{
	return ((uint8_t)(x * 131 + 17 + (x >> 8)));
}

/* The whole test stream. */
static const uint8_t *
stream(void)
{
	static uint8_t	s[STREAM + 64];
	static bool	init;
	int		x;

	if (!init) {
		for (x = 0; x < (int)sizeof s; x++)
			s[x] = pat(x);
		init = true;
	}
	return (s);
}

/* Step a to its next permutation (lexicographic); false after the last. */
static bool
next_perm(int *a, int n)
{
	int	i, j, t;

	for (i = n - 2; i >= 0 && a[i] >= a[i + 1]; i--)
		;
	if (i < 0)
		return (false);
	for (j = n - 1; a[j] <= a[i]; j--)
		;
	t = a[i], a[i] = a[j], a[j] = t;
	for (i++, j = n - 1; i < j; i++, j--)
		t = a[i], a[i] = a[j], a[j] = t;
	return (true);
}

/*
 * Check reasm_sack against the set of held offsets: disjoint blocks at or
 * above rcv, exactly the runs of held, and (when want_lo < want_hi) the
 * first block containing [want_lo, want_hi).  Returns 0 or -1 with why.
 */
static int
check_sack(struct reasm *r, uint32_t base, uint32_t rcv, const bool *held,
    int nbytes, int want_lo, int want_hi, char *why, size_t whylen)
{
	struct sack_blk	b[64], one[1];
	bool		seen[STREAM + 64];
	int		n, i, x, l, rr, lo = (int)(rcv - base);

	n = reasm_sack(r, rcv, b, 64);
	memset(seen, 0, sizeof seen);
	for (i = 0; i < n; i++) {
		l = (int)(b[i].left - base);
		rr = (int)(b[i].right - base);
		if (seq_lt(b[i].left, rcv) || !seq_lt(b[i].left, b[i].right) ||
		    rr > nbytes) {
			snprintf(why, whylen, "block %d [%d,%d) bad (rcv %d)",
			    i, l, rr, lo);
			return (-1);
		}
		/* A maximal run: nothing held just outside it. */
		if ((l > lo && held[l - 1]) || (rr < nbytes && held[rr])) {
			snprintf(why, whylen, "block %d [%d,%d) not maximal",
			    i, l, rr);
			return (-1);
		}
		for (x = l; x < rr; x++) {
			if (!held[x] || seen[x]) {
				snprintf(why, whylen, "block %d [%d,%d) covers "
				    "%d wrongly", i, l, rr, x);
				return (-1);
			}
			seen[x] = true;
		}
	}
	for (x = lo; x < nbytes; x++) {
		if (held[x] && !seen[x]) {
			snprintf(why, whylen, "held offset %d not SACKed", x);
			return (-1);
		}
	}
	if (want_lo < want_hi) {
		if (n == 0 || (int)(b[0].left - base) > want_lo ||
		    (int)(b[0].right - base) < want_hi) {
			snprintf(why, whylen, "first block does not hold the "
			    "latest segment [%d,%d)", want_lo, want_hi);
			return (-1);
		}
	}
	if (n != 0 && (reasm_sack(r, rcv, one, 1) != 1 ||
	    one[0].left != b[0].left || one[0].right != b[0].right)) {
		snprintf(why, whylen, "max 1 gave a different first block");
		return (-1);
	}
	return (0);
}

/*
 * Deliver the permutation set in order perm from base, the engine either
 * taking in-order segments itself (direct) or queueing everything, pulling
 * whenever it can.  Returns 0 or -1 with why.
 */
static int
run_perm(uint32_t base, bool direct, const int *perm, char *why,
    size_t whylen)
{
	const uint8_t	*s = stream();
	struct reasm	*r;
	struct bytes	 out = { 0 };
	bool		 got[PSET_LEN + 1], held[PSET_LEN + 1], f;
	const struct tseg *t;
	uint32_t	 rcv = base, sq;
	size_t		 n, newb = 0, nheld;
	int		 k, x, fins = 0, lo, hi, rc = -1;

	r = reasm_new(1000);
	memset(got, 0, sizeof got);
	for (k = 0; k < PSET_N; k++) {
		t = &pset[perm[k]];
		sq = base + (uint32_t)t->off;
		if (direct && seq_leq(sq, rcv) &&
		    seq_leq(rcv, sq + (uint32_t)t->len) &&
		    (seq_lt(rcv, sq + (uint32_t)t->len) || t->fin) &&
		    fins == 0) {
			/* In order: the engine takes it without the queue. */
			x = (int)(rcv - base);
			bytes_append(&out, s + x,
			    (size_t)(t->off + t->len - x));
			rcv = sq + (uint32_t)t->len;
			if (t->fin) {
				fins++;
				rcv++;
			}
		} else {
			n = reasm_insert(r, rcv, sq, s + t->off,
			    (size_t)t->len, t->fin);
			newb += n;
		}
		for (x = t->off; x < t->off + t->len; x++)
			got[x] = true;
		for (;;) {
			n = reasm_pull(r, rcv, &out, &f);
			rcv += (uint32_t)n;
			if (f) {
				if (out.len != PSET_LEN) {
					snprintf(why, whylen, "FIN after %zu "
					    "bytes", out.len);
					goto out;
				}
				fins++;
				rcv++;
			}
			if (n == 0 && !f)
				break;
		}
		/* What is held: received, not delivered. */
		lo = (int)(rcv - base);
		nheld = 0;
		for (x = 0; x < PSET_LEN; x++) {
			held[x] = got[x] && x >= lo;
			nheld += held[x];
		}
		if (reasm_held(r) != nheld) {
			snprintf(why, whylen, "after segment %d held %zu, "
			    "want %zu", perm[k], reasm_held(r), nheld);
			goto out;
		}
		hi = t->off + t->len;
		if (check_sack(r, base, rcv, held, PSET_LEN,
		    t->off > lo ? t->off : lo, hi, why, whylen) != 0)
			goto out;
	}
	if (out.len != PSET_LEN || memcmp(out.d, s, PSET_LEN) != 0) {
		snprintf(why, whylen, "delivered %zu bytes, not the stream",
		    out.len);
		goto out;
	}
	if (fins != 1) {
		snprintf(why, whylen, "FIN seen %d times", fins);
		goto out;
	}
	if (rcv != base + PSET_LEN + 1) {
		snprintf(why, whylen, "RCV.NXT ends at +%d", (int)(rcv - base));
		goto out;
	}
	if (!direct && newb != PSET_LEN) {
		snprintf(why, whylen, "inserts reported %zu new bytes", newb);
		goto out;
	}
	if (reasm_held(r) != 0) {
		snprintf(why, whylen, "%zu bytes left held", reasm_held(r));
		goto out;
	}
	rc = 0;
out:
	bytes_free(&out);
	reasm_free(r);
	return (rc);
}

/* Every order of the segment set, queued or taken directly, at each base. */
static void
test_permutations(void)
{
	char	why[160];
	int	perm[PSET_N], i, nperm, bad;
	size_t	b;
	bool	direct;

	for (b = 0; b < NBASES; b++) {
		for (direct = false; ; direct = true) {
			for (i = 0; i < PSET_N; i++)
				perm[i] = i;
			nperm = bad = 0;
			do {
				nperm++;
				if (run_perm(bases[b], direct, perm, why,
				    sizeof why) != 0) {
					if (bad++ == 0)
						diag("order %d%d%d%d%d: %s",
						    perm[0], perm[1], perm[2],
						    perm[3], perm[4], why);
				}
			} while (next_perm(perm, PSET_N));
			ok(nperm == 120 && bad == 0,
			    "base %#x, %s: all %d orders deliver the stream "
			    "byte-exact, the FIN once, exact held and SACK "
			    "(%d failed)", bases[b],
			    direct ? "in-order taken directly" : "all queued",
			    nperm, bad);
			if (direct)
				break;
		}
	}
}

/* SACK blocks come newest first, clipped at rcv_nxt, at most max. */
static void
test_sack_order(uint32_t B)
{
	const uint8_t	*s = stream();
	struct reasm	*r = reasm_new(1 << 16);
	struct sack_blk	 b[8];
	int		 n, i;
	static const int first5[][2] = {
		{ 90, 100 }, { 70, 80 }, { 50, 60 }, { 30, 40 }, { 10, 20 }
	};
	bool		 okk;

	for (i = 10; i < 100; i += 20)
		reasm_insert(r, B, B + i, s + i, 10, false);
	n = reasm_sack(r, B, b, 4);
	okk = n == 4;
	for (i = 0; okk && i < 4; i++)
		okk = b[i].left == B + first5[i][0] &&
		    b[i].right == B + first5[i][1];
	ok(okk, "base %#x: five blocks, max 4: the newest four, newest first",
	    B);
	n = reasm_sack(r, B, b, 8);
	okk = n == 5;
	for (i = 0; okk && i < 5; i++)
		okk = b[i].left == B + first5[i][0] &&
		    b[i].right == B + first5[i][1];
	ok(okk, "base %#x: max 8: all five, newest first", B);
	is_int(reasm_sack(r, B, b, 0), 0, "base %#x: max 0 fills nothing", B);

	/* A duplicate inside an old block makes it the first. */
	is_int(reasm_insert(r, B, B + 32, s + 32, 4, false), 0,
	    "base %#x: a duplicate adds no bytes", B);
	n = reasm_sack(r, B, b, 4);
	ok(n == 4 && b[0].left == B + 30 && b[0].right == B + 40 &&
	    b[1].left == B + 90 && b[2].left == B + 70 && b[3].left == B + 50,
	    "base %#x: the block holding a duplicate comes first, then "
	    "the rest newest first", B);

	/* Filling [20, 30) joins two blocks into the first one. */
	is_int(reasm_insert(r, B, B + 20, s + 20, 10, false), 10,
	    "base %#x: filling the hole adds 10 bytes", B);
	n = reasm_sack(r, B, b, 3);
	ok(n == 3 && b[0].left == B + 10 && b[0].right == B + 40 &&
	    b[1].left == B + 90 && b[2].left == B + 70,
	    "base %#x: the joined block [10,40) first, max 3 respected", B);
	n = reasm_sack(r, B, b, 8);
	is_int(n, 4, "base %#x: four blocks after the join", B);

	/* Nothing below rcv_nxt is ever reported. */
	n = reasm_sack(r, B + 35, b, 8);
	ok(n == 4 && b[0].left == B + 35 && b[0].right == B + 40,
	    "base %#x: rcv_nxt inside a block clips it", B);
	n = reasm_sack(r, B + 55, b, 8);
	ok(n == 3 && b[0].left == B + 90 && b[1].left == B + 70 &&
	    b[2].left == B + 55 && b[2].right == B + 60,
	    "base %#x: blocks wholly below rcv_nxt are left out", B);
	for (i = 0, okk = true; i < n; i++)
		okk = okk && seq_geq(b[i].left, B + 55);
	ok(okk, "base %#x: no left edge below rcv_nxt", B);
	reasm_free(r);
}

/* Whether r passes reasm_check; says why not. */
static bool
sane(const struct reasm *r)
{
	char	err[160];

	if (reasm_check(r, err, sizeof err) == 0)
		return (true);
	diag("reasm_check: %s", err);
	return (false);
}

/*
 * The memory bound (bytes plus REASM_BLK_COST per block) and Linux's
 * policy when a segment does not fit: prune from the top down to it, at
 * least an eighth of the limit at a time, else drop it whole.  This
 * replaces the old byte limit's "keep the part that fits, never evict".
 */
static void
test_limit(uint32_t R)
{
	const uint8_t	*s = stream();
	const size_t	 C = REASM_BLK_COST;
	struct reasm	*r = reasm_new(3 * C + 30);
	struct reasm_stats st;
	struct bytes	 out = { 0 };
	struct sack_blk	 b[4];
	bool		 f;
	int		 n, i;

	is_int(reasm_insert(r, R, R + 10, s + 10, 10, false), 10,
	    "limit %#x: [10,20) held", R);
	is_int(reasm_mem(r), C + 10, "limit %#x: a block costs its bytes "
	    "plus %zu", R, C);
	reasm_insert(r, R, R + 30, s + 30, 10, false);
	is_int(reasm_insert(r, R, R + 50, s + 50, 10, false), 10,
	    "limit %#x: [50,60) takes the memory to the limit exactly", R);
	ok(reasm_mem(r) == reasm_limit(r) && reasm_blocks(r) == 3,
	    "limit %#x: 3 blocks, memory %zu of %zu", R, reasm_mem(r),
	    reasm_limit(r));
	is_int(reasm_insert(r, R, R + 70, s + 70, 10, false), 0,
	    "limit %#x: [70,80) would land last: nothing pruned, dropped", R);
	is_int(reasm_insert(r, R, R + 55, s + 55, 10, false), 0,
	    "limit %#x: [55,65) starts inside the top block: dropped", R);
	reasm_stats(r, &st);
	ok(st.dropped == 2 && st.dropped_bytes == 15 && st.prunes == 0,
	    "limit %#x: 2 drops of 15 new bytes counted, no prune (%llu, "
	    "%llu, %llu)", R, (unsigned long long)st.dropped,
	    (unsigned long long)st.dropped_bytes,
	    (unsigned long long)st.prunes);
	is_int(reasm_insert(r, R, R + 20, s + 20, 10, false), 10,
	    "limit %#x: at the limit, [20,30) joining two blocks still fits "
	    "(it frees a block's cost)", R);
	ok(reasm_blocks(r) == 2 && reasm_mem(r) == 2 * C + 40,
	    "limit %#x: 2 blocks, memory %zu", R, reasm_mem(r));
	is_int(reasm_insert(r, R, R + 40, s + 40, 1, false), 1,
	    "limit %#x: extending a block by 1 costs 1 and fits", R);

	/* Below everything: the top block is pruned to make room. */
	is_int(reasm_insert(r, R, R + 2, s + 2, 5, false), 5,
	    "limit %#x: [2,7) below every block is held", R);
	reasm_stats(r, &st);
	ok(st.prunes == 1 && st.pruned_blocks == 1 && st.pruned_bytes == 10,
	    "limit %#x: ... by pruning the highest block [50,60) once", R);
	n = reasm_sack(r, R, b, 4);
	ok(n == 2 && b[0].left == R + 2 && b[0].right == R + 7 &&
	    b[1].left == R + 10 && b[1].right == R + 41,
	    "limit %#x: SACK [2,7) then [10,41): [50,60) is gone", R);
	ok(reasm_mem(r) <= reasm_limit(r) && sane(r),
	    "limit %#x: under the limit, consistent", R);

	/* Bigger than the limit: everything above it is pruned, then dropped. */
	is_int(reasm_insert(r, R, R + 1, s + 1, 3 * C + 30, false), 0,
	    "limit %#x: a segment bigger than the limit is dropped", R);
	reasm_stats(r, &st);
	ok(st.prunes == 2 && st.pruned_blocks == 3 && st.dropped == 3 &&
	    reasm_held(r) == 0 && reasm_blocks(r) == 0,
	    "limit %#x: ... after pruning every block above it, as Linux "
	    "(prune, then TCPOFODrop)", R);
	reasm_free(r);

	/* At least an eighth of the limit goes at a time. */
	r = reasm_new(16 * (C + 1));
	for (i = 0; i < 16; i++)
		reasm_insert(r, R, R + 20 + 2 * (uint32_t)i, s + 20 + 2 * i,
		    1, false);
	ok(reasm_blocks(r) == 16 && reasm_mem(r) == reasm_limit(r),
	    "eighth %#x: 16 one-byte blocks fill the limit", R);
	is_int(reasm_insert(r, R, R + 5, s + 5, 1, false), 1,
	    "eighth %#x: a byte below them is held", R);
	reasm_stats(r, &st);
	ok(st.prunes == 1 && st.pruned_blocks == 2 && reasm_blocks(r) == 15,
	    "eighth %#x: 2 blocks pruned (an eighth of the limit), not "
	    "just the 1 needed: %llu", R,
	    (unsigned long long)st.pruned_blocks);
	n = reasm_sack(r, R, b, 4);
	ok(n == 4 && b[0].left == R + 5 && b[1].left == R + 46 &&
	    b[2].left == R + 44, "eighth %#x: the top two [48,49) [50,51) "
	    "are gone from the SACK too", R);
	reasm_free(r);

	/* A held FIN survives pruning; a dropped segment's FIN is not held. */
	r = reasm_new(2 * C + 20);
	reasm_insert(r, R, R + 50, s + 50, 10, true);
	reasm_insert(r, R, R + 30, s + 30, 10, false);
	is_int(reasm_insert(r, R, R + 10, s + 10, 10, false), 10,
	    "fin %#x: [10,20) held by pruning [50,60)", R);
	reasm_insert(r, R, R + 20, s + 20, 10, false);
	reasm_insert(r, R, R + 40, s + 40, 20, false);
	out.len = 0;
	n = (int)reasm_pull(r, R + 10, &out, &f);
	ok(n == 50 && f && memcmp(out.d, s + 10, 50) == 0,
	    "fin %#x: after the resend the FIN at +60 follows the 50 bytes", R);
	reasm_free(r);
	r = reasm_new(C + 10);
	reasm_insert(r, R, R + 10, s + 10, 10, false);
	is_int(reasm_insert(r, R, R + 30, s + 30, 10, true), 0,
	    "fin %#x: a FIN segment with no room is dropped", R);
	out.len = 0;
	n = (int)reasm_pull(r, R + 40, &out, &f);
	ok(n == 0 && !f, "fin %#x: ... and its FIN with it", R);
	reasm_free(r);

	/* A smaller limit takes effect at the next insert. */
	r = reasm_new(1000);
	for (i = 0; i < 5; i++)
		reasm_insert(r, R, R + 100 + 10 * (uint32_t)i,
		    s + 100 + 10 * i, 5, false);
	reasm_set_limit(r, 2 * C + 10);
	is_int(reasm_blocks(r), 5, "shrink %#x: nothing pruned yet", R);
	is_int(reasm_insert(r, R, R + 102, s + 102, 2, false), 0,
	    "shrink %#x: a duplicate still lands (it costs nothing)", R);
	is_int(reasm_insert(r, R, R + 80, s + 80, 5, false), 5,
	    "shrink %#x: a new block below prunes down to the new limit", R);
	ok(reasm_blocks(r) == 2 && reasm_mem(r) <= 2 * C + 10 && sane(r),
	    "shrink %#x: 2 blocks left, memory %zu", R, reasm_mem(r));
	reasm_free(r);

	/* Limit 0 holds nothing, not even a FIN. */
	r = reasm_new(0);
	is_int(reasm_insert(r, R, R + 1, s + 1, 5, false), 0,
	    "limit 0 %#x: no bytes", R);
	is_int(reasm_insert(r, R, R + 9, NULL, 0, true), 0,
	    "limit 0 %#x: bare FIN adds nothing", R);
	out.len = 0;
	n = (int)reasm_pull(r, R + 9, &out, &f);
	ok(n == 0 && !f && reasm_held(r) == 0 && reasm_sack(r, R, b, 4) == 0,
	    "limit 0 %#x: nothing held, FIN not reported", R);
	reasm_free(r);
	bytes_free(&out);
}

/* reasm_held is the union of what was inserted, new bytes counted once. */
static void
test_accounting(uint32_t R)
{
	const uint8_t	*s = stream();
	struct reasm	*r = reasm_new(1000);
	struct bytes	 out = { 0 };
	struct sack_blk	 b[4];
	bool		 f;

	is_int(reasm_insert(r, R, R + 10, s + 10, 10, false), 10,
	    "held %#x: [10,20) is 10 new", R);
	is_int(reasm_insert(r, R, R + 10, s + 10, 10, false), 0,
	    "held %#x: the same again is 0 new", R);
	is_int(reasm_insert(r, R, R + 12, s + 12, 3, false), 0,
	    "held %#x: a piece inside is 0 new", R);
	is_int(reasm_insert(r, R, R + 15, s + 15, 10, false), 5,
	    "held %#x: [15,25) overlapping is 5 new", R);
	is_int(reasm_insert(r, R, R + 5, s + 5, 25, false), 10,
	    "held %#x: [5,30) around it is 10 new", R);
	is_int(reasm_insert(r, R, R + 40, s + 40, 5, false), 5,
	    "held %#x: [40,45) apart is 5 new", R);
	is_int(reasm_insert(r, R, R + 1, s + 1, 49, false), 19,
	    "held %#x: [1,50) over two blocks is 19 new", R);
	is_int(reasm_held(r), 49, "held %#x: 49 held", R);
	ok(reasm_sack(r, R, b, 4) == 1 && b[0].left == R + 1 &&
	    b[0].right == R + 50, "held %#x: one block [1,50)", R);
	is_int(reasm_insert(r, R + 10, R, s, 20, false), 0,
	    "held %#x: bytes before rcv_nxt are old, held ones 0 new", R);
	is_int(reasm_insert(r, R + 50, R + 40, s + 40, 15, false), 5,
	    "held %#x: a segment straddling rcv_nxt counts only above", R);
	is_int(reasm_held(r), 5, "held %#x: stale bytes below rcv_nxt dropped "
	    "on insert", R);
	reasm_pull(r, R + 50, &out, &f);
	ok(out.len == 5 && memcmp(out.d, s + 50, 5) == 0 &&
	    reasm_held(r) == 0, "held %#x: pulled byte-exact, 0 held", R);
	bytes_free(&out);
	reasm_free(r);
}

/* Zero-length segments add nothing; a bare FIN is still held. */
static void
test_zero_len(uint32_t R)
{
	const uint8_t	*s = stream();
	struct reasm	*r = reasm_new(1000);
	struct bytes	 out = { 0 };
	struct sack_blk	 b[4];
	bool		 f;
	size_t		 n;

	is_int(reasm_insert(r, R, R + 5, NULL, 0, false), 0,
	    "zero %#x: empty segment adds 0", R);
	ok(reasm_held(r) == 0 && reasm_sack(r, R, b, 4) == 0,
	    "zero %#x: and leaves nothing held or SACKed", R);
	reasm_insert(r, R, R + 10, s + 10, 5, false);
	reasm_insert(r, R, R + 20, s + 20, 5, false);
	reasm_insert(r, R, R + 12, s + 12, 0, false);
	ok(reasm_sack(r, R, b, 4) == 2 && b[0].left == R + 20,
	    "zero %#x: an empty segment does not reorder SACK blocks", R);
	reasm_clear(r);

	is_int(reasm_insert(r, R, R + 5, NULL, 0, true), 0,
	    "zero %#x: a bare FIN adds 0 bytes", R);
	ok(reasm_held(r) == 0 && reasm_sack(r, R, b, 4) == 0,
	    "zero %#x: a FIN is neither held bytes nor SACKed", R);
	n = reasm_pull(r, R, &out, &f);
	ok(n == 0 && !f, "zero %#x: FIN at +5 does not follow rcv_nxt", R);
	n = reasm_pull(r, R + 5, &out, NULL);
	n += reasm_pull(r, R + 5, &out, &f);
	ok(n == 0 && f, "zero %#x: FIN reported at +5 (a NULL fin does not "
	    "consume it)", R);
	reasm_pull(r, R + 5, &out, &f);
	ok(!f, "zero %#x: and only once", R);
	is_int(reasm_insert(r, R, R, NULL, 0, true), 0,
	    "zero %#x: a FIN right at rcv_nxt", R);
	reasm_pull(r, R, &out, &f);
	ok(f && out.len == 0, "zero %#x: is reported by the next pull", R);
	bytes_free(&out);
	reasm_free(r);
}

/* A held FIN ends the stream; other FINs and bytes past it are ignored. */
static void
test_fin(uint32_t R)
{
	const uint8_t	*s = stream();
	struct reasm	*r = reasm_new(1000);
	struct bytes	 out = { 0 };
	bool		 f;
	size_t		 n;

	reasm_insert(r, R, R + 100, NULL, 0, true);
	is_int(reasm_insert(r, R, R + 90, s + 90, 20, false), 10,
	    "fin %#x: bytes past a held FIN at +100 are dropped", R);
	reasm_insert(r, R, R + 110, s + 110, 10, true);
	reasm_insert(r, R, R + 70, s + 70, 10, true);
	n = reasm_pull(r, R + 80, &out, &f);
	ok(n == 0 && !f, "fin %#x: a second FIN at +80 was ignored", R);
	reasm_insert(r, R + 80, R + 80, s + 80, 10, false);
	n = reasm_pull(r, R + 80, &out, &f);
	ok(n == 20 && f && memcmp(out.d, s + 80, 20) == 0,
	    "fin %#x: 20 bytes then the FIN at +100, not +120", R);
	reasm_clear(r);

	/* A FIN that would end the stream before held bytes is ignored. */
	reasm_insert(r, R, R + 50, s + 50, 10, false);
	is_int(reasm_insert(r, R, R + 40, s + 40, 5, true), 5,
	    "fin %#x: data of a FIN segment before held bytes is held", R);
	reasm_insert(r, R, R, s, 40, false);
	reasm_insert(r, R, R + 45, s + 45, 5, false);
	out.len = 0;
	n = reasm_pull(r, R, &out, &f);
	ok(n == 60 && !f && memcmp(out.d, s, 60) == 0,
	    "fin %#x: all 60 bytes arrive, the contradicting FIN does not", R);

	/* A FIN behind rcv_nxt is old. */
	reasm_insert(r, R + 60, R + 55, s + 55, 3, true);
	n = reasm_pull(r, R + 58, &out, &f);
	ok(n == 0 && !f, "fin %#x: a FIN before rcv_nxt is not held", R);
	bytes_free(&out);
	reasm_free(r);
}

/* Blocks the engine's own in-order data passed are trimmed at pull. */
static void
test_pull_trim(uint32_t R)
{
	const uint8_t	*s = stream();
	struct reasm	*r = reasm_new(1000);
	struct bytes	 out = { 0 };
	bool		 f;
	size_t		 n;

	is_int(reasm_insert(r, R, R + 10, s + 10, 10, true), 10,
	    "trim %#x: [10,20) and a FIN held", R);
	is_int(reasm_insert(r, R, R + 30, s + 30, 10, false), 0,
	    "trim %#x: bytes past the FIN are not held", R);
	n = reasm_pull(r, R + 5, &out, &f);
	ok(n == 0 && !f && reasm_held(r) == 10,
	    "trim %#x: a block after rcv_nxt is not pulled", R);
	bytes_append(&out, "x", 1);
	n = reasm_pull(r, R + 15, &out, &f);
	ok(n == 5 && f && out.len == 6 && out.d[0] == 'x' &&
	    memcmp(out.d + 1, s + 15, 5) == 0,
	    "trim %#x: from +15 the rest [15,20) is appended, then the FIN",
	    R);
	is_int(reasm_held(r), 0, "trim %#x: nothing left held", R);
	bytes_free(&out);
	reasm_free(r);
}

/* reasm_clear forgets everything, and the queue works on afterwards. */
static void
test_clear(void)
{
	const uint8_t	*s = stream();
	struct reasm	*r = reasm_new(REASM_BLK_COST + 60);
	struct bytes	 out = { 0 };
	struct sack_blk	 b[4];
	bool		 f;
	size_t		 n;

	reasm_insert(r, 0, 10, s + 10, 10, true);
	reasm_insert(r, 0, 30, s + 30, 10, false);
	reasm_clear(r);
	ok(reasm_held(r) == 0 && reasm_sack(r, 0, b, 4) == 0,
	    "clear: nothing held or SACKed");
	n = reasm_pull(r, 10, &out, &f);
	ok(n == 0 && !f, "clear: nothing pulled, the FIN forgotten");
	is_int(reasm_insert(r, 0, 50, s + 50, 60, false), 60,
	    "clear: the whole limit is free again");
	reasm_free(r);
	reasm_free(NULL);
	bytes_free(&out);
}

/* The next number of a xorshift generator. */
static uint32_t
rnd(uint32_t *st)
{
	*st ^= *st << 13;
	*st ^= *st >> 17;
	*st ^= *st << 5;
	return (*st);
}

/* The model forgets what lies before its rcv. */
static void
model_trim(struct model *m)
{
	int	x;

	for (x = 0; x < m->rcv && x < (int)sizeof m->held; x++) {
		if (m->held[x]) {
			m->held[x] = false;
			m->nheld--;
		}
	}
	if (m->fin && m->fin_off < m->rcv)
		m->fin = false;
}

/* The number of runs of held bytes in the model. */
static size_t
model_blocks(const struct model *m)
{
	size_t	n = 0;
	int	x;

	for (x = 0; x < (int)sizeof m->held; x++)
		if (m->held[x] && (x == 0 || !m->held[x - 1]))
			n++;
	return (n);
}

/* The model's memory charged: bytes plus REASM_BLK_COST per run. */
static size_t
model_mem(const struct model *m)
{
	return (m->nheld + model_blocks(m) * REASM_BLK_COST);
}

/* What holding [lo, e) would add to the model's memory; *newb its bytes. */
static long long
model_cost(struct model *m, int lo, int e, size_t *newb)
{
	bool	save[STREAM + 64];
	size_t	before = model_blocks(m), after;
	int	x;

	*newb = 0;
	memcpy(save, m->held, sizeof save);
	for (x = lo; x < e; x++) {
		if (!m->held[x])
			(*newb)++;
		m->held[x] = true;
	}
	after = model_blocks(m);
	memcpy(m->held, save, sizeof save);
	return ((long long)*newb + REASM_BLK_COST *
	    ((long long)after - (long long)before));
}

/* Whether [lo, e) fits the model's limit. */
static bool
model_fits(struct model *m, int lo, int e)
{
	size_t		newb;
	long long	cost = model_cost(m, lo, e, &newb);

	return (cost <= 0 || model_mem(m) + (size_t)cost <= m->limit);
}

/*
 * The model's insert, byte by byte, per the header comment of reasm.c:
 * whole or nothing, pruning runs from the top down to lo, an eighth of
 * the limit at a time.
 */
static size_t
model_insert(struct model *m, int off, int len, bool fin)
{
	size_t	added = 0, goal, freed;
	int	x, y, lo, e, fin_off = off + len;
	bool	pruned = false;

	if (m->limit == 0)
		return (0);
	model_trim(m);
	e = off + len;
	if (m->fin && e > m->fin_off)
		e = m->fin_off;
	lo = off > m->rcv ? off : m->rcv;
	if (!model_fits(m, lo, e)) {
		goal = m->limit / 8 != 0 ? m->limit / 8 : 1;
		for (;;) {
			if (model_fits(m, lo, e))
				break;
			for (freed = 0; freed < goal; ) {
				/* The top run, if it starts at or above lo. */
				for (x = (int)sizeof m->held - 1; x >= 0 &&
				    !m->held[x]; x--)
					;
				if (x < 0)
					break;
				for (y = x; y > 0 && m->held[y - 1]; y--)
					;
				if (y < lo)
					break;
				freed += (size_t)(x + 1 - y) + REASM_BLK_COST;
				m->st.pruned_blocks++;
				m->st.pruned_bytes += (size_t)(x + 1 - y);
				for (; y <= x; y++)
					m->held[y] = false;
				m->nheld = 0;
				for (y = 0; y < (int)sizeof m->held; y++)
					m->nheld += m->held[y];
				pruned = true;
			}
			if (freed == 0)
				break;
		}
		if (pruned)
			m->st.prunes++;
		if (!model_fits(m, lo, e)) {
			m->st.dropped++;
			model_cost(m, lo, e, &added);
			m->st.dropped_bytes += added;
			return (0);
		}
	}
	for (x = lo; x < e; x++) {
		if (m->held[x])
			continue;
		m->held[x] = true;
		m->nheld++;
		added++;
	}
	if (fin && fin_off >= m->rcv && !m->fin) {
		for (x = fin_off; x < (int)sizeof m->held; x++) {
			if (m->held[x])
				break;
		}
		if (x == (int)sizeof m->held) {
			m->fin = true;
			m->fin_off = fin_off;
		}
	}
	return (added);
}

/* Random inserts, direct takes and pulls agree with the byte-map model. */
static void
test_random(void)
{
	static const size_t limits[] = { 0, REASM_BLK_COST + 7,
	    2 * REASM_BLK_COST + 40, 4 * REASM_BLK_COST + 100,
	    8 * REASM_BLK_COST, 1 << 20 };
	struct reasm_stats rs;
	const uint8_t	*s = stream();
	struct model	 m;
	struct reasm	*r;
	struct bytes	 out = { 0 };
	char		 why[160];
	uint32_t	 st = 0x2545f491, base, rcv;
	size_t		 got, want, li;
	int		 run, step, off, len, op, x, bad = 0, steps = 0;
	int		 want_lo, want_hi, nfin = 0;
	unsigned long long prunes = 0, drops = 0;
	bool		 fin, f, wantf;

	for (run = 0; run < 400 && bad == 0; run++) {
		li = run % (sizeof limits / sizeof limits[0]);
		base = run % 2 ? 0xffffff80U + (rnd(&st) & 0xff) : rnd(&st);
		memset(&m, 0, sizeof m);
		m.limit = limits[li];
		r = reasm_new(m.limit);
		for (step = 0; step < 400 && bad == 0; step++) {
			steps++;
			op = rnd(&st) % 8;
			rcv = base + (uint32_t)m.rcv;
			want_lo = want_hi = 0;
			if (op < 5) {
				off = m.rcv - 8 + (int)(rnd(&st) % 60);
				if (off < 0)
					off = 0;
				len = (int)(rnd(&st) % 16);
				if (off + len > STREAM)
					len = off < STREAM ? STREAM - off : 0;
				fin = off + len == STREAM ||
				    rnd(&st) % 40 == 0;
				got = reasm_insert(r, rcv, base + (uint32_t)off,
				    s + off, (size_t)len, fin);
				want = model_insert(&m, off, len, fin);
				if (got != want) {
					snprintf(why, sizeof why, "insert "
					    "[%d,+%d) gave %zu, want %zu",
					    off, len, got, want);
					bad++;
				}
				want_lo = off > m.rcv ? off : m.rcv;
				want_hi = off + len;
				if (m.fin && want_hi > m.fin_off)
					want_hi = m.fin_off;
				/* All held: the first block holds it. */
				for (x = want_lo; x < want_hi; x++)
					if (!m.held[x])
						want_lo = want_hi = 0;
			} else if (op == 5) {
				/* The engine takes in-order bytes itself. */
				len = (int)(rnd(&st) % 6);
				if (m.fin && m.rcv + len > m.fin_off)
					len = m.fin_off - m.rcv;
				if (m.rcv + len > STREAM)
					len = STREAM - m.rcv;
				m.rcv += len;
				continue;
			} else {
				model_trim(&m);
				out.len = 0;
				got = reasm_pull(r, rcv, &out, &f);
				for (x = m.rcv; m.held[x]; x++)
					m.held[x] = false;
				want = (size_t)(x - m.rcv);
				m.nheld -= want;
				wantf = m.fin && m.fin_off == x;
				if (got != want || out.len != want ||
				    (want != 0 &&
				    memcmp(out.d, s + m.rcv, want) != 0) ||
				    f != wantf) {
					snprintf(why, sizeof why, "pull at %d "
					    "gave %zu%s, want %zu%s", m.rcv,
					    got, f ? "+FIN" : "", want,
					    wantf ? "+FIN" : "");
					bad++;
				}
				m.rcv = x;
				if (wantf) {
					nfin++;
					m.fin = false;
					break;	/* the stream is over */
				}
				rcv = base + (uint32_t)m.rcv;
			}
			if (bad == 0 && reasm_held(r) != m.nheld) {
				snprintf(why, sizeof why, "held %zu, want %zu",
				    reasm_held(r), m.nheld);
				bad++;
			}
			if (bad == 0 && (reasm_blocks(r) != model_blocks(&m) ||
			    reasm_mem(r) != model_mem(&m) ||
			    reasm_mem(r) > m.limit)) {
				snprintf(why, sizeof why, "%zu blocks, memory "
				    "%zu of %zu; want %zu, %zu", reasm_blocks(r),
				    reasm_mem(r), m.limit, model_blocks(&m),
				    model_mem(&m));
				bad++;
			}
			if (bad == 0 && !sane(r)) {
				snprintf(why, sizeof why, "inconsistent");
				bad++;
			}
			if (bad == 0 && check_sack(r, base, rcv, m.held,
			    STREAM, want_lo, want_hi, why, sizeof why) != 0)
				bad++;
		}
		reasm_stats(r, &rs);
		if (bad == 0 && memcmp(&rs, &m.st, sizeof rs) != 0) {
			snprintf(why, sizeof why, "counters: %llu prunes of "
			    "%llu blocks, %llu drops; want %llu, %llu, %llu",
			    (unsigned long long)rs.prunes,
			    (unsigned long long)rs.pruned_blocks,
			    (unsigned long long)rs.dropped,
			    (unsigned long long)m.st.prunes,
			    (unsigned long long)m.st.pruned_blocks,
			    (unsigned long long)m.st.dropped);
			bad++;
		}
		prunes += rs.prunes;
		drops += rs.dropped;
		if (bad != 0)
			diag("run %d (limit %zu, base %#x) step %d: %s", run,
			    m.limit, base, step, why);
		reasm_free(r);
	}
	ok(bad == 0, "random: %d steps agree with the byte-map model", steps);
	ok(nfin > 50, "random: %d runs reached their FIN (must be many)", nfin);
	ok(prunes > 100 && drops > 100, "random: the bound pruned %llu times "
	    "and dropped %llu segments (must be many)", prunes, drops);
	bytes_free(&out);
}

int
main(void)
{
	static const uint32_t more[] = { 0x1000, 0xffffffe0U };
	size_t	i;

	test_permutations();
	for (i = 0; i < sizeof more / sizeof more[0]; i++) {
		test_sack_order(more[i]);
		test_limit(more[i]);
		test_accounting(more[i]);
		test_zero_len(more[i]);
		test_fin(more[i]);
		test_pull_trim(more[i]);
	}
	test_clear();
	test_random();
	return (done_testing());
}
