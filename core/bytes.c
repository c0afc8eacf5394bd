/*
 * core/bytes.c - a growable byte buffer consumed from the front in O(1):
 * consuming moves the start, and the consumed prefix is reclaimed when
 * appending needs the room and the prefix is at least as long as what is
 * left (so the bytes moved never exceed the bytes consumed).  A buffer that
 * grows past BYTES_HUGE_FROM takes whole 2 MB spans, aligned and advised
 * for huge pages: a bulk send's queue is filled for the first time at one
 * fault a span instead of 512 (bigmem_huge).
 */
#include <stdlib.h>
#include <string.h>

#include "core/bigmem.h"
#include "core/bytes.h"
#include "core/xmalloc.h"

#define BYTES_HUGE	((size_t)2 << 20)	/* a huge page */
#define BYTES_HUGE_FROM	((size_t)256 << 10)	/* capacities from here on: spans */

static uint8_t	*bytes_base(const struct bytes *);
static uint8_t	*bytes_alloc(struct bytes *, size_t);

/* The start of b's allocation (NULL when it has none). */
static uint8_t *
bytes_base(const struct bytes *b)
{
	return (b->d == NULL ? NULL : b->d - b->off);
}

/*
 * New storage for b of at least want bytes, its size set in b->cap: the
 * size asked below BYTES_HUGE_FROM, else whole huge-page spans on a span
 * boundary.
 */
static uint8_t *
bytes_alloc(struct bytes *b, size_t want)
{
	void	*p;

	if (want < BYTES_HUGE_FROM) {
		b->cap = want;
		return (xmalloc(want));
	}
	b->cap = (want + BYTES_HUGE - 1) / BYTES_HUGE * BYTES_HUGE;
	if (posix_memalign(&p, BYTES_HUGE, b->cap) != 0)
		return (xmalloc(b->cap));	/* aborts if memory ran out */
	bigmem_huge(p, b->cap);
	return (p);
}

/* Append n bytes from p to b; the valid bytes moved or copied to do so. */
size_t
bytes_append(struct bytes *b, const void *p, size_t n)
{
	uint8_t	*base, *nd;
	size_t	 moved = 0;

	if (n == 0)
		return (0);
	base = bytes_base(b);
	if (b->off + b->len + n > b->cap && b->off > 0 && b->off >= b->len) {
		/* Reclaim the consumed prefix: it is longer than what moves. */
		memmove(base, b->d, b->len);
		moved = b->len;
		b->d = base;
		b->off = 0;
	}
	if (b->off + b->len + n > b->cap) {
		if (b->off == 0 && (b->len + n) * 2 < BYTES_HUGE_FROM) {
			b->cap = (b->len + n) * 2;
			nd = xrealloc(base, b->cap);
		} else {
			nd = bytes_alloc(b, (b->len + n) * 2);
			if (b->len > 0)		/* (an empty one may have no d) */
				memcpy(nd, b->d, b->len);
			free(base);
		}
		moved += b->len;
		b->d = nd;
		b->off = 0;
	}
	memcpy(b->d + b->len, p, n);
	b->len += n;
	return (moved);
}

/* Drop the first n bytes of b; nothing is moved (returns 0). */
size_t
bytes_consume(struct bytes *b, size_t n)
{
	if (n >= b->len) {
		b->d = bytes_base(b);	/* empty: appending starts at the base */
		b->off = 0;
		b->len = 0;
		return (0);
	}
	b->d += n;
	b->off += n;
	b->len -= n;
	return (0);
}

/* Free b's storage and leave it empty. */
void
bytes_free(struct bytes *b)
{
	free(bytes_base(b));
	memset(b, 0, sizeof *b);
}
