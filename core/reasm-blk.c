/*
 * core/reasm-blk.c - the out-of-order queue's blocks (core/reasm.c says
 * what is held): disjoint runs of bytes in an AVL tree by sequence number
 * (wrap-safe: all of them lie within 2^31 above RCV.NXT), each with a
 * buffer that has room at both ends, on a recency list for the SACK order.
 * Every helper counts its steps in r->work and the bytes it copies in
 * r->copied, for the tests that show the cost is logarithmic.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/reasm-int.h"
#include "core/seq.h"
#include "core/xmalloc.h"

/* The cost charged per block covers the node and two allocators' headers. */
_Static_assert(sizeof(struct reasm_blk) + 2 * 16 <= REASM_BLK_COST,
    "REASM_BLK_COST is less than a block's real overhead");

static void	reasm_unlist(struct reasm *, struct reasm_blk *);
static void	reasm_push(struct reasm *, struct reasm_blk *);
static void	reasm_destroy(struct reasm *, struct reasm_blk *);

/* The block of tree node n (NULL for NULL). */
struct reasm_blk *
reasm_blk(const struct avl_node *n)
{
	return ((struct reasm_blk *)n);
}

/* The sequence number just past block b. */
uint32_t
reasm_end(const struct reasm_blk *b)
{
	return (b->seq + (uint32_t)b->len);
}

/* The lowest block, or NULL. */
struct reasm_blk *
reasm_first(struct reasm *r)
{
	r->work++;
	return (reasm_blk(avl_first(&r->tree)));
}

/* The highest block, or NULL. */
struct reasm_blk *
reasm_last(struct reasm *r)
{
	r->work++;
	return (reasm_blk(avl_last(&r->tree)));
}

/* The block after b, or NULL. */
struct reasm_blk *
reasm_next(struct reasm *r, const struct reasm_blk *b)
{
	r->work++;
	return (reasm_blk(avl_next(&b->node)));
}

/* The block before b, or NULL. */
struct reasm_blk *
reasm_prev(struct reasm *r, const struct reasm_blk *b)
{
	r->work++;
	return (reasm_blk(avl_prev(&b->node)));
}

/* The last block starting at or before x, or NULL. */
struct reasm_blk *
reasm_floor(struct reasm *r, uint32_t x)
{
	struct avl_node		*n = avl_root(&r->tree);
	struct reasm_blk	*best = NULL;

	while (n != NULL) {
		r->work++;
		if (seq_leq(reasm_blk(n)->seq, x)) {
			best = reasm_blk(n);
			n = n->c[1];
		} else
			n = n->c[0];
	}
	return (best);
}

/* The first block that ends after x, or NULL. */
struct reasm_blk *
reasm_cover(struct reasm *r, uint32_t x)
{
	struct reasm_blk	*b = reasm_floor(r, x);

	if (b == NULL)
		return (reasm_first(r));
	if (seq_gt(reasm_end(b), x))
		return (b);
	return (reasm_next(r, b));
}

/* Append n bytes to b's buffer (growing it by doubling). */
void
reasm_append(struct reasm *r, struct reasm_blk *b, const uint8_t *p, size_t n)
{
	if (b->off + b->len + n > b->cap) {
		b->cap = b->off + 2 * (b->len + n);
		b->d = xrealloc(b->d, b->cap);
		r->copied += b->len;
	}
	memcpy(b->d + b->off + b->len, p, n);
	b->len += n;
	r->copied += n;
}

/* Prepend n bytes to b's buffer (making room before it by doubling). */
void
reasm_prepend(struct reasm *r, struct reasm_blk *b, const uint8_t *p, size_t n)
{
	uint8_t	*d;
	size_t	 head, tail;

	if (b->off < n) {
		head = b->len + n;
		tail = b->cap - b->off - b->len;
		d = xmalloc(head + b->len + tail);
		memcpy(d + head, b->d + b->off, b->len);
		free(b->d);
		b->d = d;
		b->off = head;
		b->cap = head + b->len + tail;
		r->copied += b->len;
	}
	b->off -= n;
	memcpy(b->d + b->off, p, n);
	b->len += n;
	r->copied += n;
}

/* Take b off the recency list. */
static void
reasm_unlist(struct reasm *r, struct reasm_blk *b)
{
	if (b->newer != NULL)
		b->newer->older = b->older;
	else
		r->newest = b->older;
	if (b->older != NULL)
		b->older->newer = b->newer;
	else
		r->oldest = b->newer;
	b->newer = b->older = NULL;
}

/* Put b, on no list yet, at the head of the recency list. */
static void
reasm_push(struct reasm *r, struct reasm_blk *b)
{
	b->newer = NULL;
	b->older = r->newest;
	if (r->newest != NULL)
		r->newest->newer = b;
	r->newest = b;
	if (r->oldest == NULL)
		r->oldest = b;
}

/* Make b, a listed block, the most recently changed one. */
void
reasm_touch(struct reasm *r, struct reasm_blk *b)
{
	r->work++;
	if (r->newest == b)
		return;
	reasm_unlist(r, b);
	reasm_push(r, b);
}

/* A new block of n bytes at seq right after prev (NULL: first). */
struct reasm_blk *
reasm_add(struct reasm *r, struct reasm_blk *prev, uint32_t seq,
    const uint8_t *p, size_t n)
{
	struct reasm_blk	*b = xcalloc(1, sizeof *b);

	b->seq = seq;
	reasm_append(r, b, p, n);
	r->held += n;
	avl_insert_after(&r->tree, prev != NULL ? &prev->node : NULL,
	    &b->node);
	r->work += (uint64_t)avl_root(&r->tree)->h;
	reasm_push(r, b);
	return (b);
}

/* Unlink and free b, leaving the count of bytes held to the caller. */
static void
reasm_destroy(struct reasm *r, struct reasm_blk *b)
{
	avl_delete(&r->tree, &b->node);
	r->work += 1 + (uint64_t)(r->tree.root != NULL ? r->tree.root->h : 0);
	reasm_unlist(r, b);
	free(b->d);
	free(b);
}

/* Forget block b and its bytes. */
void
reasm_remove(struct reasm *r, struct reasm_blk *b)
{
	r->held -= b->len;
	reasm_destroy(r, b);
}

/* Join block a with b, which starts where a ends; the block that remains. */
struct reasm_blk *
reasm_join(struct reasm *r, struct reasm_blk *a, struct reasm_blk *b)
{
	if (a->len >= b->len) {
		reasm_append(r, a, b->d + b->off, b->len);
		reasm_destroy(r, b);
		return (a);
	}
	reasm_prepend(r, b, a->d + a->off, a->len);
	b->seq = a->seq;	/* still in order once a is gone */
	reasm_destroy(r, a);
	return (b);
}

/* Check every internal invariant: 0, or -1 with what is wrong. */
int
reasm_check(const struct reasm *r, char *err, size_t errlen)
{
	const struct reasm_blk	*b, *prev = NULL;
	size_t			 n = 0, held = 0, listed = 0;

	if (avl_check(&r->tree, err, errlen) != 0)
		return (-1);
	for (b = reasm_blk(avl_first(&r->tree)); b != NULL;
	    b = reasm_blk(avl_next(&b->node))) {
		if (b->len == 0 || b->off + b->len > b->cap) {
			snprintf(err, errlen, "block at %u: length %zu, "
			    "buffer %zu+%zu", b->seq, b->len, b->off, b->cap);
			return (-1);
		}
		if (prev != NULL && !seq_lt(reasm_end(prev), b->seq)) {
			snprintf(err, errlen, "blocks [%u,%u) and [%u,%u) "
			    "touch or are out of order", prev->seq,
			    reasm_end(prev), b->seq, reasm_end(b));
			return (-1);
		}
		held += b->len;
		n++;
		prev = b;
	}
	if (r->fin && prev != NULL && seq_gt(reasm_end(prev), r->fin_seq)) {
		snprintf(err, errlen, "bytes held past the FIN at %u",
		    r->fin_seq);
		return (-1);
	}
	for (b = r->newest; b != NULL && listed <= n; b = b->older) {
		if ((b->older == NULL ? r->oldest : b->older->newer) != b) {
			snprintf(err, errlen, "recency list links broken");
			return (-1);
		}
		listed++;
	}
	if (held != r->held || n != r->tree.n || listed != n) {
		snprintf(err, errlen, "%zu bytes in %zu blocks (%zu listed), "
		    "counted %zu in %zu", held, n, listed, r->held,
		    r->tree.n);
		return (-1);
	}
	return (0);
}
