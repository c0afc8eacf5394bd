/*
 * cli/obs/rxring.c - the last bytes received on a connection, a ring
 * bounded by the caller (recv_keep), addressed by stream offset.  The
 * storage grows as bytes come, doubling up to the bound, so a connection
 * that receives little costs little; once full, each byte appended
 * overwrites the oldest, which is counted as fallen out (the stream offset
 * of the oldest kept byte).  O(1) per byte whatever the stream's length.
 * Past RXRING_MAP the storage becomes one mapping of the whole bound
 * (core/bigmem.h), so a bulk receive's 16 MB are neither copied at each
 * doubling nor faulted a 4 kB page at a time; its pages cost memory only
 * as bytes reach them.
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "cli/obs/rxring.h"
#include "core/bigmem.h"
#include "core/xmalloc.h"

#define RXRING_MIN	4096		/* the first allocation */
#define RXRING_MAP	(1U << 20)	/* from here on: a mapping of the bound */

/* Storage of cap bytes: a mapping from RXRING_MAP on (*mapped), else malloc. */
static uint8_t *
rxring_alloc(size_t cap, bool *mapped)
{
	uint8_t	*d;

	*mapped = false;
	if (cap >= RXRING_MAP && (d = bigmem_map(cap)) != NULL) {
		*mapped = true;
		return (d);
	}
	return (cap > 0 ? xmalloc(cap) : NULL);	/* (refused: malloc's) */
}

/* Give back r's storage, as it was allocated. */
static void
rxring_release(struct rxring *r)
{
	if (r->mapped)
		bigmem_unmap(r->d, r->cap);
	else
		free(r->d);
}

/*
 * Give r a buffer of cap bytes holding its kept bytes in order, from 0.
 * A small ring that grows has not wrapped yet (it wraps only at its
 * bound): realloc keeps its bytes where they are.
 */
static void
rxring_resize(struct rxring *r, size_t cap)
{
	uint8_t	*d;
	size_t	 keep = r->len < cap ? r->len : cap;
	bool	 mapped;

	if (cap > 0 && cap < RXRING_MAP && !r->mapped && r->head == 0 &&
	    r->len <= cap) {
		r->d = xrealloc(r->d, cap);
		r->cap = cap;
		return;
	}
	d = rxring_alloc(cap, &mapped);
	rxring_read(r, r->total - keep, d, keep);
	rxring_release(r);
	r->d = d;
	r->cap = cap;
	r->mapped = mapped;
	r->head = 0;
	r->len = keep;
}

/* Append n bytes from p, keeping at most max: the oldest fall out. */
void
rxring_append(struct rxring *r, const void *p, size_t n, size_t max)
{
	const uint8_t	*s = p;
	size_t		 need, cap, drop, at, k;

	if (r->cap > max)
		rxring_trim(r, max);
	if (max == 0 || n == 0) {	/* (trimmed to nothing above) */
		r->total += n;
		return;
	}
	if (n >= max) {		/* only the last max bytes of these stay */
		r->total += n - max;
		s += n - max;
		n = max;
		r->len = r->head = 0;
	}
	need = r->len + n;
	if (need > r->cap && r->cap < max) {
		cap = r->cap < RXRING_MIN ? RXRING_MIN : r->cap;
		while (cap < need && cap < max)
			cap = cap > max / 2 ? max : cap * 2;
		if (cap > max || cap >= RXRING_MAP)
			cap = max;	/* a mapping: the bound at once */
		rxring_resize(r, cap);
	}
	if (need > r->cap) {	/* full: the oldest give way */
		drop = need - r->cap;
		r->head = (r->head + drop) % r->cap;
		r->len -= drop;
	}
	at = (r->head + r->len) % r->cap;
	k = r->cap - at < n ? r->cap - at : n;
	memcpy(r->d + at, s, k);
	memcpy(r->d, s + k, n - k);
	r->len += n;
	r->total += n;
}

/* The stream offset of the oldest byte kept. */
uint64_t
rxring_first(const struct rxring *r)
{
	return (r->total - r->len);
}

/* The kept bytes from stream offset off that lie together in memory. */
size_t
rxring_span(const struct rxring *r, uint64_t off, const uint8_t **p)
{
	uint64_t	first = rxring_first(r);
	size_t		at, n;

	*p = NULL;
	if (off < first || off >= r->total)
		return (0);
	at = (r->head + (size_t)(off - first)) % r->cap;
	n = (size_t)(r->total - off);
	if (n > r->cap - at)
		n = r->cap - at;
	*p = r->d + at;
	return (n);
}

/* Copy up to n kept bytes from stream offset off into buf. */
size_t
rxring_read(const struct rxring *r, uint64_t off, void *buf, size_t n)
{
	const uint8_t	*p;
	size_t		 got = 0, k;

	while (got < n && (k = rxring_span(r, off + got, &p)) > 0) {
		if (k > n - got)
			k = n - got;
		memcpy((uint8_t *)buf + got, p, k);
		got += k;
	}
	return (got);
}

/* Where needle first occurs in the kept bytes at or after from. */
int
rxring_find(const struct rxring *r, uint64_t from, const void *needle,
    size_t nlen, uint64_t *at)
{
	const uint8_t	*p, *hit;
	uint8_t		*tmp;
	uint64_t	 off = from, edge;
	size_t		 n, k, m;

	if (nlen == 0)
		return (-1);
	if (off < rxring_first(r))
		off = rxring_first(r);
	/* At most two spans: the one up to the end of d, then from 0. */
	while ((n = rxring_span(r, off, &p)) > 0) {
		if (n >= nlen && (hit = memmem(p, n, needle, nlen)) != NULL) {
			*at = off + (uint64_t)(hit - p);
			return (0);
		}
		edge = off + n;
		if (edge >= r->total || nlen == 1)
			break;
		/* A match across the seam: the last nlen - 1 bytes before it
		 * and the first nlen - 1 after, copied together. */
		k = n < nlen - 1 ? n : nlen - 1;
		m = (size_t)(r->total - edge) < nlen - 1 ?
		    (size_t)(r->total - edge) : nlen - 1;
		tmp = xmalloc(k + m);
		rxring_read(r, edge - k, tmp, k + m);
		hit = k + m >= nlen ? memmem(tmp, k + m, needle, nlen) : NULL;
		if (hit != NULL)
			*at = edge - k + (uint64_t)(hit - tmp);
		free(tmp);
		if (hit != NULL)
			return (0);
		off = edge;
	}
	return (-1);
}

/* Keep at most max bytes from now on. */
void
rxring_trim(struct rxring *r, size_t max)
{
	if (r->cap > max)
		rxring_resize(r, max);
}

/* Free r's storage; the bytes received stay counted. */
void
rxring_free(struct rxring *r)
{
	rxring_release(r);
	r->d = NULL;
	r->mapped = false;
	r->cap = r->head = r->len = 0;
}
