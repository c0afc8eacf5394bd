/*
 * cli/obs/recfifo.c - records of bytes first in, first out in one buffer
 * (positions count bytes from the start, forever; the byte at position p
 * is buf[p % size]).
 */
#include <stdlib.h>

#include "cli/obs/recfifo.h"
#include "core/xmalloc.h"

/* An empty fifo of size bytes, allocated at the first put. */
void
recfifo_init(struct recfifo *q, size_t size)
{
	q->buf = NULL;
	q->size = size;
	q->head = q->tail = 0;
}

/* Free the buffer and empty the fifo. */
void
recfifo_free(struct recfifo *q)
{
	free(q->buf);
	recfifo_init(q, q->size);
}

/* Space for len bytes at *pos, or NULL when the kept records are in the way. */
uint8_t *
recfifo_put(struct recfifo *q, size_t len, uint64_t *pos)
{
	uint64_t	p = q->tail;

	if (len > q->size || q->size == 0)
		return (NULL);
	if (p % q->size + len > q->size)	/* not before the end */
		p += q->size - p % q->size;
	if (q->head == q->tail)		/* empty: the gap is nobody's */
		q->head = p;
	if (p + len - q->head > q->size)
		return (NULL);
	if (q->buf == NULL)
		q->buf = xmalloc(q->size > 0 ? q->size : 1);
	q->tail = p + len;
	*pos = p;
	return (q->buf + p % q->size);
}

/* The bytes of the record at pos. */
uint8_t *
recfifo_at(const struct recfifo *q, uint64_t pos)
{
	return (q->buf + pos % q->size);
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

