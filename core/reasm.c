/*
 * core/reasm.c - the receive side's out-of-order queue (RFC 9293 §3.10.7.4)
 * and the SACK blocks that report it (RFC 2018 §4).
 *
 * What is held is a set of disjoint blocks (core/reasm-blk.c) in an AVL
 * tree (core/avl.h) ordered by sequence number (wrap-safe, core/seq.h:
 * everything held lies within 2^31 above RCV.NXT, where seq_lt is a total
 * order); neighbours
 * that touch are merged, so at most one block can ever continue RCV.NXT.
 * Finding where a segment goes, linking a block and unlinking one are
 * O(log n); a segment's own bytes and the blocks it merges cost O(1) each.
 * Merging copies the smaller block into the larger (a block's buffer has
 * room at both ends), so a byte is copied O(log n) times at most, whatever
 * the order the holes are filled in.
 *
 * SACK order: the blocks are also on a recency list, the block a segment
 * last landed in at its head (every segment lands in exactly one block:
 * the holes it covers are filled and merged with what it touches).
 * reasm_sack reads the first max blocks of it: the block holding the
 * segment that triggered the ACK first, then the others most recently
 * changed first (RFC 2018 §4), O(max).  Unlike Linux's four
 * selective_acks, the list holds every block, so once the first ones are
 * delivered the next ones are reported again ("as many distinct SACK
 * blocks as possible").
 *
 * Bound: the memory charged, bytes held plus REASM_BLK_COST per block (as
 * Linux charges an skb's truesize), stays under the limit.  A segment
 * that would take it over makes room as Linux's tcp_data_queue_ofo and
 * tcp_prune_ofo_queue do: blocks are pruned from the highest sequence
 * number down, never one that starts below the segment (the holes nearest
 * RCV.NXT are the ones worth filling, and a segment that would land last
 * prunes nothing), at least an eighth of the limit at a time, until the
 * segment fits; if it still does not, the whole segment, FIN included, is
 * dropped.  A segment that adds no memory (a duplicate, or one that joins
 * two blocks) always fits.  Both are counted in struct reasm_stats.  A
 * limit of 0 holds nothing, not even a FIN.  The allocator's slack (a
 * buffer grows by doubling) is not charged: at most twice the bytes held.
 *
 * FIN policy: a FIN sits at seq + len of its segment and costs nothing.
 * It is held if its segment was (not dropped).  Once a FIN is held, a FIN
 * at any other sequence number is ignored and bytes at or past it are
 * dropped; a FIN that would end the stream before bytes already held is
 * ignored.  Pruning leaves a held FIN alone.  SACK blocks cover data only.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/reasm-int.h"
#include "core/seq.h"
#include "core/xmalloc.h"

/* Longest segment taken (bytes past it are dropped, with its FIN). */
#define REASM_MAXLEN	0x7fffffffU

static void	reasm_trim(struct reasm *, uint32_t);
static long long reasm_walk(struct reasm *, uint32_t, const uint8_t *,
		    size_t, bool, size_t *);
static bool	reasm_fits(const struct reasm *, long long);
static bool	reasm_prune(struct reasm *, uint32_t, size_t);

/* Forget what lies before rcv_nxt: whole blocks, a block's front, a FIN. */
static void
reasm_trim(struct reasm *r, uint32_t rcv_nxt)
{
	struct reasm_blk	*b;
	size_t			 cut;

	while ((b = reasm_first(r)) != NULL && seq_leq(reasm_end(b), rcv_nxt))
		reasm_remove(r, b);
	if (b != NULL && seq_lt(b->seq, rcv_nxt)) {
		cut = rcv_nxt - b->seq;
		b->off += cut;
		b->len -= cut;
		b->seq = rcv_nxt;
		r->held -= cut;
	}
	if (r->fin && seq_lt(r->fin_seq, rcv_nxt))
		r->fin = false;
}

/*
 * Walk the holes that [seq, seq + len) covers: count its new bytes into
 * *newb and return what holding it would add to reasm_mem (negative when
 * it joins blocks); with apply, fill them with data and merge.
 */
static long long
reasm_walk(struct reasm *r, uint32_t seq, const uint8_t *data, size_t len,
    bool apply, size_t *newb)
{
	struct reasm_blk	*b, *prev;
	uint32_t		 cur = seq, e = seq + (uint32_t)len, pe;
	long long		 cost = 0;
	size_t			 n;
	int			 tl, tr;

	*newb = 0;
	if (len == 0)
		return (0);
	b = reasm_cover(r, seq);
	prev = b != NULL ? reasm_prev(r, b) : reasm_last(r);
	while (seq_lt(cur, e)) {
		if (b != NULL && seq_leq(b->seq, cur)) {
			/* Held already: step over it. */
			if (seq_geq(reasm_end(b), e))
				break;
			cur = reasm_end(b);
			prev = b;
			b = reasm_next(r, b);
			continue;
		}
		/* A hole [cur, pe), touching prev on the left, b on the right. */
		pe = b != NULL && seq_lt(b->seq, e) ? b->seq : e;
		n = pe - cur;
		tl = prev != NULL && reasm_end(prev) == cur;
		tr = b != NULL && b->seq == pe;
		*newb += n;
		cost += (long long)n + REASM_BLK_COST * (1 - tl - tr);
		if (apply && tl) {
			reasm_append(r, prev, data + (cur - seq), n);
			r->held += n;
			if (tr)		/* b is stepped over next */
				b = reasm_join(r, prev, b);
		} else if (apply && tr) {
			reasm_prepend(r, b, data + (cur - seq), n);
			b->seq = cur;
			r->held += n;
		} else if (apply)	/* the last hole: pe is e */
			prev = reasm_add(r, prev, cur, data + (cur - seq), n);
		cur = pe;
	}
	return (cost);
}

/* Whether a segment adding cost to the memory charged fits the limit. */
static bool
reasm_fits(const struct reasm *r, long long cost)
{
	return (cost <= 0 || reasm_mem(r) + (size_t)cost <= r->limit);
}

/*
 * Prune blocks starting at or above seq, highest first, an eighth of the
 * limit at a time, until [seq, seq + len) fits; whether it does.
 */
static bool
reasm_prune(struct reasm *r, uint32_t seq, size_t len)
{
	struct reasm_blk	*b;
	size_t			 goal, freed, newb;
	bool			 pruned = false, fits;

	goal = r->limit / 8 != 0 ? r->limit / 8 : 1;
	for (;;) {
		fits = reasm_fits(r, reasm_walk(r, seq, NULL, len, false,
		    &newb));
		if (fits)
			break;
		for (freed = 0; freed < goal; freed += REASM_BLK_COST) {
			b = reasm_last(r);
			if (b == NULL || seq_lt(b->seq, seq))
				break;
			freed += b->len;
			r->st.pruned_blocks++;
			r->st.pruned_bytes += b->len;
			reasm_remove(r, b);
			pruned = true;
		}
		if (freed == 0)
			break;		/* nothing above seq is left */
	}
	if (pruned)
		r->st.prunes++;
	return (fits);
}

/* An empty queue whose memory stays under limit (0: nothing is held). */
struct reasm *
reasm_new(size_t limit)
{
	struct reasm	*r;

	r = xcalloc(1, sizeof *r);
	r->limit = limit;
	return (r);
}

/* Free r and everything it holds. */
void
reasm_free(struct reasm *r)
{
	if (r == NULL)
		return;
	reasm_clear(r);
	free(r);
}

/* Change the limit, effective from the next insert. */
void
reasm_set_limit(struct reasm *r, size_t limit)
{
	r->limit = limit;
}

/* Hold what is new in a segment beyond rcv_nxt; returns the new bytes held. */
size_t
reasm_insert(struct reasm *r, uint32_t rcv_nxt, uint32_t seq,
    const uint8_t *data, size_t len, bool fin)
{
	struct reasm_blk	*last;
	uint32_t		 fin_seq, skip;
	size_t			 added;
	long long		 cost;

	if (r->limit == 0)
		return (0);
	reasm_trim(r, rcv_nxt);

	if (len > REASM_MAXLEN) {
		len = REASM_MAXLEN;
		fin = false;
	}
	fin_seq = seq + (uint32_t)len;

	/* Bytes before rcv_nxt are old news. */
	if (seq_lt(seq, rcv_nxt)) {
		skip = rcv_nxt - seq;
		if (skip >= len) {
			len = 0;
		} else {
			data += skip;
			len -= skip;
		}
		seq = rcv_nxt;
	}
	/* Bytes at or past a held FIN do not exist. */
	if (r->fin && len != 0) {
		if (seq_geq(seq, r->fin_seq))
			len = 0;
		else if (len > (size_t)(r->fin_seq - seq))
			len = r->fin_seq - seq;
	}

	/* Room for it, pruning above it if need be (Linux's policy). */
	cost = reasm_walk(r, seq, NULL, len, false, &added);
	if (!reasm_fits(r, cost) && !reasm_prune(r, seq, len)) {
		reasm_walk(r, seq, NULL, len, false, &added);
		r->st.dropped++;
		r->st.dropped_bytes += added;
		return (0);
	}
	reasm_walk(r, seq, data, len, true, &added);
	if (len != 0)
		reasm_touch(r, reasm_cover(r, seq));

	/* The FIN, unless it is old or contradicts what is held. */
	if (fin && seq_geq(fin_seq, rcv_nxt) && !r->fin) {
		last = reasm_last(r);
		if (last == NULL || seq_leq(reasm_end(last), fin_seq)) {
			r->fin = true;
			r->fin_seq = fin_seq;
		}
	}
	return (added);
}

/* Move the bytes continuing rcv_nxt into out; *fin when a FIN follows them. */
size_t
reasm_pull(struct reasm *r, uint32_t rcv_nxt, struct bytes *out, bool *fin)
{
	struct reasm_blk	*b;
	size_t			 n = 0;

	if (fin != NULL)
		*fin = false;
	reasm_trim(r, rcv_nxt);
	if ((b = reasm_first(r)) != NULL && b->seq == rcv_nxt) {
		n = b->len;
		bytes_append(out, b->d + b->off, n);
		r->copied += n;
		reasm_remove(r, b);
	}
	if (fin != NULL && r->fin && r->fin_seq == rcv_nxt + (uint32_t)n) {
		*fin = true;
		r->fin = false;
	}
	return (n);
}

/* Fill up to max SACK blocks above rcv_nxt in RFC 2018 §4 order. */
int
reasm_sack(struct reasm *r, uint32_t rcv_nxt, struct sack_blk *out, int max)
{
	struct reasm_blk	*b;
	int			 n = 0;

	reasm_trim(r, rcv_nxt);
	for (b = r->newest; b != NULL && n < max; b = b->older) {
		r->work++;
		out[n].left = b->seq;
		out[n].right = reasm_end(b);
		n++;
	}
	return (n);
}

/* Bytes held. */
size_t
reasm_held(const struct reasm *r)
{
	return (r->held);
}

/* Blocks held. */
size_t
reasm_blocks(const struct reasm *r)
{
	return (r->tree.n);
}

/* Memory charged: bytes held plus REASM_BLK_COST per block. */
size_t
reasm_mem(const struct reasm *r)
{
	return (r->held + r->tree.n * REASM_BLK_COST);
}

/* The current limit on reasm_mem. */
size_t
reasm_limit(const struct reasm *r)
{
	return (r->limit);
}

/* What pruning and dropping did so far. */
void
reasm_stats(const struct reasm *r, struct reasm_stats *out)
{
	*out = r->st;
}

/* Work done so far (nodes visited, rebalancing, list steps). */
uint64_t
reasm_work(const struct reasm *r)
{
	return (r->work);
}

/* Bytes copied so far. */
uint64_t
reasm_copied(const struct reasm *r)
{
	return (r->copied);
}

/* Drop everything held (the counters stay). */
void
reasm_clear(struct reasm *r)
{
	struct reasm_blk	*b;

	while ((b = reasm_blk(avl_last(&r->tree))) != NULL)
		reasm_remove(r, b);
	r->fin = false;
}
