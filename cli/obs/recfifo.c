/*
 * cli/obs/recfifo.c - records of bytes first in, first out in one buffer
 * (positions count bytes from the start, forever; the byte at position p
 * is buf[(p - base) % size], base a multiple of an earlier size that a
 * growth sets).  The buffer is a mapping of its own (core/bigmem.h: huge
 * pages, not inherited by children), because a page touched the first
 * time costs a fault: a grown buffer keeps the pages it had (mremap, or a
 * reservation made at once) instead of copying into new ones, and its
 * pages can be touched ahead, in idle moments.
 */
#include <sys/mman.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/obs/recfifo.h"
#include "core/bigmem.h"

static size_t	 recfifo_pages(size_t);
static uint8_t	*recfifo_map(size_t);
static void	 recfifo_mapbuf(struct recfifo *);
static void	 recfifo_oom(size_t) __attribute__((noreturn));

/* n rounded up to whole pages (at least one). */
static size_t
recfifo_pages(size_t n)
{
	size_t	pg = (size_t)sysconf(_SC_PAGESIZE);

	return (n == 0 ? pg : (n + pg - 1) / pg * pg);
}

/* An empty fifo of size bytes, allocated at the first put. */
void
recfifo_init(struct recfifo *q, size_t size)
{
	q->buf = NULL;
	q->size = size;
	q->mapped = q->reserve = q->hw = q->warm = 0;
	q->base = 0;
	q->head = q->tail = 0;
}

/* The fifo may grow to max bytes: map that much at once. */
void
recfifo_reserve(struct recfifo *q, size_t max)
{
	q->reserve = max;
}

/* Map the buffer if it has none: its size, or the reservation if larger. */
static void
recfifo_mapbuf(struct recfifo *q)
{
	if (q->buf != NULL)
		return;
	q->mapped = recfifo_pages(q->size > q->reserve ? q->size : q->reserve);
	q->buf = recfifo_map(q->mapped);
	q->hw = q->warm = 0;
}

/* Touch at most n more unused bytes of pages; the bytes still cold. */
size_t
recfifo_warm(struct recfifo *q, size_t n)
{
	size_t	pg = recfifo_pages(1), at, end;

	recfifo_mapbuf(q);
	at = q->hw > q->warm ? q->hw : q->warm;		/* unused from here */
	at = (at + pg - 1) / pg * pg;
	if (at > q->mapped)
		at = q->mapped;
	end = n < q->mapped - at ? at + n : q->mapped;
	for (; at < end; at += pg)
		q->buf[at] = 0;	/* a write: a read would map the zero page */
	q->warm = end;
	return (q->mapped - end);
}

/* Unmap the buffer and empty the fifo. */
void
recfifo_free(struct recfifo *q)
{
	if (q->buf != NULL)
		munmap(q->buf, q->mapped);
	recfifo_init(q, q->size);
}

/* Space for len bytes at *pos, or NULL when the kept records are in the way. */
uint8_t *
recfifo_put(struct recfifo *q, size_t len, uint64_t *pos)
{
	uint64_t	p = q->tail, at;

	if (len > q->size || q->size == 0)
		return (NULL);
	at = (p - q->base) % q->size;
	if (at + len > q->size) {	/* not before the end */
		p += q->size - at;
		at = 0;
	}
	if (q->head == q->tail)		/* empty: the gap is nobody's */
		q->head = p;
	if (p + len - q->head > q->size)
		return (NULL);
	recfifo_mapbuf(q);
	if (at + len > q->hw)
		q->hw = at + len;
	q->tail = p + len;
	*pos = p;
	return (q->buf + at);
}

/* Report that a mapping of n bytes failed, and abort (as xmalloc does). */
static void
recfifo_oom(size_t n)
{
	fprintf(stderr, "tcpx: out of memory mapping %zu bytes\n", n);
	abort();
}

/* A new mapping of len bytes (bigmem_map; fatal when there is no memory). */
static uint8_t *
recfifo_map(size_t len)
{
	uint8_t	*m;

	if ((m = bigmem_map(len)) == NULL)
		recfifo_oom(len);
	return (m);
}

/*
 * Grow to size bytes.  The kept bytes run from head to tail, at h in the
 * buffer; where they wrapped past the old end, the t bytes at the start
 * move to just after the old end so that they run on unbroken, and base
 * becomes head - h (a multiple of the old size past the old base): every
 * kept position finds its byte where it was or where it moved.  When the
 * new space is too small for that (size < old + t), everything kept
 * moves to the start of a new mapping instead.
 */
void
recfifo_grow(struct recfifo *q, size_t size)
{
	size_t		 old = q->size, h, t, span, want;
	uint8_t		*m;

	if (size <= old)
		return;
	if (q->buf == NULL) {
		q->size = size;
		return;
	}
	span = (size_t)(q->tail - q->head);
	h = (size_t)((q->head - q->base) % old);
	t = h + span > old ? h + span - old : 0;	/* the wrapped part */
	want = recfifo_pages(size > q->reserve ? size : q->reserve);
	if (size - old < t) {
		m = recfifo_map(want);
		memcpy(m, q->buf + h, old - h);
		memcpy(m + (old - h), q->buf, t);
		munmap(q->buf, q->mapped);
		q->buf = m;
		q->mapped = want;
		q->hw = span;
		q->warm = 0;
		q->base = q->head;
		q->size = size;
		return;
	}
	if (want > q->mapped) {
		m = mremap(q->buf, q->mapped, want, MREMAP_MAYMOVE);
		if (m == MAP_FAILED)
			recfifo_oom(want);
		q->buf = m;
		q->mapped = want;
	}
	if (t > 0) {
		memcpy(q->buf + old, q->buf, t);
		if (old + t > q->hw)
			q->hw = old + t;
	}
	q->base = q->head - h;
	q->size = size;
}

/* Bytes mapped, and touched: written by records or warmed, in whole pages. */
size_t
recfifo_mapped(const struct recfifo *q, size_t *touched)
{
	size_t	pg = recfifo_pages(1), t = q->hw > q->warm ? q->hw : q->warm;

	t = (t + pg - 1) / pg * pg;
	*touched = t < q->mapped ? t : q->mapped;
	return (q->mapped);
}

/* The bytes of the record at pos. */
uint8_t *
recfifo_at(const struct recfifo *q, uint64_t pos)
{
	return (q->buf + (pos - q->base) % q->size);
}

/* Give back the oldest record (pos, len): its space and any gap before it. */
void
recfifo_drop(struct recfifo *q, uint64_t pos, size_t len)
{
	if (pos + len > q->head)
		q->head = pos + len;
}

/* Bytes from where the kept space begins to where the next record goes. */
uint64_t
recfifo_span(const struct recfifo *q)
{
	return (q->tail - q->head);
}
