/*
 * tests/unit/test-reasm-flood.c - the out-of-order queue (core/reasm.c)
 * under floods (issue 13): 100,000 one-byte segments with gaps in four
 * orders, with the work per segment counted (logarithmic, where a sorted
 * array is linear) and, under the engine's default bound, memory and
 * blocks checked after every segment; and holes filled next to a big
 * block, with the bytes copied counted.
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

static uint8_t	pat(int);
static uint32_t	rnd(uint32_t *);
static bool	sane(const struct reasm *);
static int	bits(uint64_t);
static void	test_flood(void);
static void	test_merge_copies(void);

/* The test stream's byte at offset x. */
static uint8_t
pat(int x)
{
	return ((uint8_t)(x * 131 + 17 + (x >> 8)));
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

/* The floor of log2(n) + 1: the bits of n. */
static int
bits(uint64_t n)
{
	int	b = 0;

	while (n != 0) {
		b++;
		n >>= 1;
	}
	return (b);
}

/*
 * 100,000 one-byte segments with gaps (every other byte), in the orders an
 * attacker would pick: ascending (each lands last), descending (each lands
 * first: the array's worst case), from both ends inwards, and shuffled.
 * With no bound worth speaking of (1 GB) the blocks pile up to 100,000:
 * the work per segment must stay within a constant times log2 of that.
 * A sorted array moves half the blocks per insert (50,000 here), a SACK
 * scan of every block per ACK as many: both miss this by orders of
 * magnitude.  Then the same floods under the engine's default bound
 * (128 KB): memory stays under it, blocks under 128 KB / 129 and the
 * bound's counters show what it did.
 */
static void
test_flood(void)
{
	static const char *orders[] = { "ascending", "descending",
	    "outside-in", "shuffled" };
	enum { N = 100000 };
	static uint32_t	 off[N];
	const uint8_t	 one = 'x';
	struct reasm	*r;
	struct reasm_stats st;
	struct sack_blk	 b[4];
	uint32_t	 seed = 0x9e3779b9, base = 0xfffff000U, t;
	uint64_t	 work, worst;
	size_t		 o, k, maxblk, bound;
	bool		 under;
	int		 i, j;

	for (o = 0; o < sizeof orders / sizeof orders[0]; o++) {
		for (i = 0; i < N; i++) {
			switch (o) {
			case 0:
				off[i] = 1 + 2 * (uint32_t)i;
				break;
			case 1:
				off[i] = 1 + 2 * (uint32_t)(N - 1 - i);
				break;
			case 2:
				off[i] = 1 + 2 * (uint32_t)(i % 2 ? N - 1 - i /
				    2 : i / 2);
				break;
			default:
				off[i] = 1 + 2 * (uint32_t)i;
				break;
			}
		}
		if (o == 3) {
			for (i = N - 1; i > 0; i--) {
				j = (int)(rnd(&seed) % (uint32_t)(i + 1));
				t = off[i], off[i] = off[j], off[j] = t;
			}
		}

		/* Unbounded in practice: the tree holds all 100,000. */
		r = reasm_new(1U << 30);
		worst = 0;
		for (i = 0; i < N; i++) {
			work = reasm_work(r);
			reasm_insert(r, base, base + off[i], &one, 1, false);
			reasm_sack(r, base, b, 3);
			work = reasm_work(r) - work;
			if (work > worst)
				worst = work;
		}
		k = reasm_blocks(r);
		ok(k == N && reasm_held(r) == N && sane(r),
		    "flood %s: %zu one-byte blocks held, consistent",
		    orders[o], k);
		ok(reasm_work(r) <= (uint64_t)N * 16 * (uint64_t)bits(N) &&
		    worst <= 16 * (uint64_t)bits(N),
		    "flood %s: work %.1f per segment, at most %llu for one "
		    "(bound 16 log2 n = %d; a sorted array moves ~%d)",
		    orders[o], (double)reasm_work(r) / N,
		    (unsigned long long)worst, 16 * bits(N), N / 2);
		reasm_free(r);

		/* The engine's bound: 128 KB of receive buffer. */
		bound = 131072;
		maxblk = bound / (REASM_BLK_COST + 1);
		r = reasm_new(bound);
		under = true;
		for (i = 0; i < N; i++) {
			reasm_insert(r, base, base + off[i], &one, 1, false);
			reasm_sack(r, base, b, 3);
			if (reasm_mem(r) > bound || reasm_blocks(r) > maxblk)
				under = false;
		}
		reasm_stats(r, &st);
		ok(under && sane(r), "flood %s, bound %zu: memory never over "
		    "it, blocks never over %zu (now %zu)", orders[o], bound,
		    maxblk, reasm_blocks(r));
		ok(reasm_work(r) <= (uint64_t)N * 16 * (uint64_t)bits(maxblk),
		    "flood %s, bound: work %.1f per segment", orders[o],
		    (double)reasm_work(r) / N);
		ok(st.dropped + st.pruned_blocks >= N - maxblk &&
		    st.dropped + st.pruned_blocks + reasm_blocks(r) == N &&
		    (o == 0 ? st.prunes == 0 : st.prunes > 0),
		    "flood %s, bound: %llu dropped, %llu pruned in %llu "
		    "passes, %zu held: every segment accounted for",
		    orders[o], (unsigned long long)st.dropped,
		    (unsigned long long)st.pruned_blocks,
		    (unsigned long long)st.prunes, reasm_blocks(r));
		reasm_free(r);
	}
}

/*
 * Filling the holes from the top down, next to one big block: each fill
 * joins a 1-byte block to everything above it.  Copying the larger block
 * into the smaller would copy n^2/2 bytes; the smaller into the larger
 * copies each byte a few times.
 */
static void
test_merge_copies(void)
{
	enum { N = 50000 };
	static uint8_t	 big[2 * N + 1];
	struct reasm	*r = reasm_new(1U << 30);
	struct bytes	 out = { 0 };
	uint32_t	 base = 0x7fff0000U;
	uint64_t	 copied;
	int		 i;
	bool		 f;

	for (i = 0; i < (int)sizeof big; i++)
		big[i] = pat(i);
	for (i = 0; i < N; i++)
		reasm_insert(r, base, base + 1 + 2 * (uint32_t)i,
		    big + 1 + 2 * i, 1, false);
	reasm_insert(r, base, base + 2 * N, big + 2 * N, 1, false);
	copied = reasm_copied(r);
	for (i = N - 1; i >= 1; i--)
		reasm_insert(r, base, base + 2 * (uint32_t)i, big + 2 * i, 1,
		    false);
	copied = reasm_copied(r) - copied;
	ok(reasm_blocks(r) == 1 && sane(r), "merge: one block [1,%d)",
	    2 * N + 1);
	ok(copied <= 8ULL * 2 * N, "merge: %llu bytes copied for %d bytes "
	    "(bound 8 per byte; larger into smaller: ~%llu)",
	    (unsigned long long)copied, 2 * N,
	    (unsigned long long)N * N);
	reasm_insert(r, base, base, big, 1, false);
	reasm_pull(r, base, &out, &f);
	ok(out.len == sizeof big && memcmp(out.d, big, sizeof big) == 0,
	    "merge: pulled byte-exact");
	bytes_free(&out);
	reasm_free(r);
}

int
main(void)
{
	test_flood();
	test_merge_copies();
	return (done_testing());
}
