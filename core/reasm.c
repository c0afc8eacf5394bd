/*
 * core/reasm.c - the receive side's out-of-order queue (RFC 9293 §3.10.7.4)
 * and the SACK blocks that report it (RFC 2018 §4).
 *
 * What is held is a short array of disjoint blocks sorted by sequence
 * number (wrap-safe, core/seq.h); neighbours that touch are merged, so at
 * most one block can ever continue RCV.NXT.  Each block carries the value
 * of an insertion counter from the last segment that landed in it: the
 * block with the newest stamp holds the segment that triggered the ACK and
 * goes first in the SACK option, the others follow newest first.
 *
 * Limit policy: at most `limit` bytes are held.  A segment fills the holes
 * it covers from its left edge on until the limit is reached and the rest
 * of it is dropped (partial keep: the part nearest RCV.NXT is the most
 * useful); nothing already held is ever evicted.  A limit of 0 holds
 * nothing, not even a FIN.
 *
 * FIN policy: a FIN sits at seq + len of its segment and occupies no held
 * bytes.  It is held only if the whole of its segment's data fitted under
 * the limit (bytes before it that were dropped would leave it unreachable
 * anyway until the sender retransmits).  Once a FIN is held, a FIN at any
 * other sequence number is ignored and bytes at or past it are dropped; a
 * FIN that would end the stream before bytes already held is ignored.
 * SACK blocks cover data only, never the FIN.
 */
#include <stdlib.h>
#include <string.h>

#include "core/reasm.h"
#include "core/seq.h"
#include "core/xmalloc.h"

/* Longest segment taken (bytes past it are dropped, with its FIN). */
#define REASM_MAXLEN	0x7fffffffU

/* One held run of bytes [seq, seq + data.len). */
struct reasm_blk {
	uint32_t	seq;
	struct bytes	data;
	uint64_t	stamp;	/* insertion count when a segment last landed */
};

struct reasm {
	struct reasm_blk *blk;	/* disjoint, sorted, never touching */
	size_t		 n;
	size_t		 cap;
	size_t		 limit;
	size_t		 held;	/* sum of the blocks' lengths */
	uint64_t	 clock;	/* insertion counter */
	bool		 fin;	/* a FIN is held ... */
	uint32_t	 fin_seq; /* ... at this sequence number */
};

static uint32_t	reasm_end(const struct reasm_blk *);
static size_t	reasm_find(const struct reasm *, uint32_t);
static void	reasm_remove(struct reasm *, size_t, size_t);
static void	reasm_add(struct reasm *, size_t, uint32_t, const uint8_t *,
		    size_t);
static void	reasm_merge(struct reasm *, size_t, size_t);
static void	reasm_trim(struct reasm *, uint32_t);
static int	reasm_newer(const struct reasm *, size_t, size_t);

/* The sequence number just past block b. */
static uint32_t
reasm_end(const struct reasm_blk *b)
{
	return (b->seq + (uint32_t)b->data.len);
}

/* The index of the first block that ends after x (r->n when none does). */
static size_t
reasm_find(const struct reasm *r, uint32_t x)
{
	size_t	lo = 0, hi = r->n, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (seq_leq(reasm_end(&r->blk[mid]), x))
			lo = mid + 1;
		else
			hi = mid;
	}
	return (lo);
}

/* Free blocks [i, i + count) and close the gap they leave. */
static void
reasm_remove(struct reasm *r, size_t i, size_t count)
{
	size_t	j;

	for (j = i; j < i + count; j++) {
		r->held -= r->blk[j].data.len;
		bytes_free(&r->blk[j].data);
	}
	memmove(&r->blk[i], &r->blk[i + count],
	    (r->n - i - count) * sizeof *r->blk);
	r->n -= count;
}

/* Insert a new block of len bytes at seq as index i. */
static void
reasm_add(struct reasm *r, size_t i, uint32_t seq, const uint8_t *p,
    size_t len)
{
	struct reasm_blk	*b;

	if (r->n == r->cap) {
		r->cap = r->cap != 0 ? r->cap * 2 : 8;
		r->blk = xrealloc(r->blk, r->cap * sizeof *r->blk);
	}
	memmove(&r->blk[i + 1], &r->blk[i], (r->n - i) * sizeof *r->blk);
	r->n++;
	b = &r->blk[i];
	memset(b, 0, sizeof *b);
	b->seq = seq;
	bytes_append(&b->data, p, len);
	r->held += len;
}

/* Join the touching neighbours among blocks [lo, hi]. */
static void
reasm_merge(struct reasm *r, size_t lo, size_t hi)
{
	struct reasm_blk	*a, *b;
	size_t			 i = lo;

	while (i < hi && i + 1 < r->n) {
		a = &r->blk[i];
		b = &r->blk[i + 1];
		if (reasm_end(a) != b->seq) {
			i++;
			continue;
		}
		bytes_append(&a->data, b->data.d, b->data.len);
		if (b->stamp > a->stamp)
			a->stamp = b->stamp;
		r->held += b->data.len;	/* reasm_remove subtracts it again */
		reasm_remove(r, i + 1, 1);
		hi--;
	}
}

/* Forget what lies before rcv_nxt: whole blocks, block fronts, a passed FIN. */
static void
reasm_trim(struct reasm *r, uint32_t rcv_nxt)
{
	struct reasm_blk	*b;
	size_t			 gone, cut;

	gone = reasm_find(r, rcv_nxt);
	if (gone != 0)
		reasm_remove(r, 0, gone);
	if (r->n != 0 && seq_lt(r->blk[0].seq, rcv_nxt)) {
		b = &r->blk[0];
		cut = rcv_nxt - b->seq;
		bytes_consume(&b->data, cut);
		b->seq = rcv_nxt;
		r->held -= cut;
	}
	if (r->fin && seq_lt(r->fin_seq, rcv_nxt))
		r->fin = false;
}

/* Whether block i goes before block j in the SACK option. */
static int
reasm_newer(const struct reasm *r, size_t i, size_t j)
{
	if (r->blk[i].stamp != r->blk[j].stamp)
		return (r->blk[i].stamp > r->blk[j].stamp);
	return (i < j);
}

/* An empty queue that holds at most limit bytes (0: nothing is held). */
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
	free(r->blk);
	free(r);
}

/* Hold what is new in a segment beyond rcv_nxt; returns the new bytes held. */
size_t
reasm_insert(struct reasm *r, uint32_t rcv_nxt, uint32_t seq,
    const uint8_t *data, size_t len, bool fin)
{
	uint32_t	fin_seq, cur, seg_seq, skip;
	size_t		i, lo, left, gap, k, room, added = 0;
	bool		cut = false;

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

	/* Fill the holes it covers, left to right, within the limit. */
	seg_seq = seq;
	cur = seq;
	left = len;
	lo = i = reasm_find(r, cur);
	while (left != 0) {
		while (i < r->n && seq_leq(reasm_end(&r->blk[i]), cur))
			i++;
		if (i < r->n && seq_leq(r->blk[i].seq, cur)) {
			skip = reasm_end(&r->blk[i]) - cur;
			if (skip >= left)
				break;
			cur += skip;
			data += skip;
			left -= skip;
			i++;
			continue;
		}
		gap = left;
		if (i < r->n && (size_t)(r->blk[i].seq - cur) < gap)
			gap = r->blk[i].seq - cur;
		room = r->held < r->limit ? r->limit - r->held : 0;
		k = gap < room ? gap : room;
		if (k != 0) {
			reasm_add(r, i, cur, data, k);
			added += k;
			i++;
		}
		if (k < gap) {
			cut = true;
			break;
		}
		cur += gap;
		data += gap;
		left -= gap;
	}
	if (added != 0)
		reasm_merge(r, lo != 0 ? lo - 1 : 0, i);

	/* Stamp every block the segment landed in. */
	if (len != 0) {
		r->clock++;
		for (i = reasm_find(r, seg_seq); i < r->n; i++) {
			if (!seq_lt(r->blk[i].seq, seg_seq + (uint32_t)len))
				break;
			r->blk[i].stamp = r->clock;
		}
	}

	/* The FIN, unless it is old, cut off, or contradicts what is held. */
	if (fin && !cut && seq_geq(fin_seq, rcv_nxt)) {
		if (!r->fin && (r->n == 0 ||
		    seq_leq(reasm_end(&r->blk[r->n - 1]), fin_seq))) {
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
	size_t	n = 0;

	if (fin != NULL)
		*fin = false;
	reasm_trim(r, rcv_nxt);
	if (r->n != 0 && r->blk[0].seq == rcv_nxt) {
		n = r->blk[0].data.len;
		bytes_append(out, r->blk[0].data.d, n);
		reasm_remove(r, 0, 1);
	}
	if (fin != NULL && r->fin && r->fin_seq == rcv_nxt + (uint32_t)n) {
		*fin = true;
		r->fin = false;
	}
	return (n);
}

/* Fill up to max SACK blocks above rcv_nxt in RFC 2018 §4 order. */
int
reasm_sack(const struct reasm *r, uint32_t rcv_nxt, struct sack_blk *out,
    int max)
{
	size_t	i, first, best, prev = 0;
	int	n = 0;

	first = reasm_find(r, rcv_nxt);
	while (n < max) {
		/* The newest block not yet reported: the one after prev. */
		best = r->n;
		for (i = first; i < r->n; i++) {
			if (n != 0 && !reasm_newer(r, prev, i))
				continue;
			if (best == r->n || reasm_newer(r, i, best))
				best = i;
		}
		if (best == r->n)
			break;
		out[n].left = r->blk[best].seq;
		if (seq_lt(out[n].left, rcv_nxt))
			out[n].left = rcv_nxt;
		out[n].right = reasm_end(&r->blk[best]);
		n++;
		prev = best;
	}
	return (n);
}

/* Bytes held. */
size_t
reasm_held(const struct reasm *r)
{
	return (r->held);
}

/* Drop everything held. */
void
reasm_clear(struct reasm *r)
{
	size_t	i;

	for (i = 0; i < r->n; i++)
		bytes_free(&r->blk[i].data);
	r->n = 0;
	r->held = 0;
	r->fin = false;
}
