/*
 * cli/obs/recfifo.c - records of bytes first in, first out in one buffer
 * (positions count bytes from the start, forever; the byte at position p
 * is buf[p % size]).
 */
#include <stdlib.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

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

/*
 * Copy n bytes from src into a record at dst, past the caches where the
 * machine can (SSE2's streaming stores): a fifo's bytes are written once
 * and read back rarely, and a copy through the caches would first read
 * each line of the buffer from memory and push out what the data path
 * is using.  The same thread reads them back in order without a fence.
 */
void
recfifo_copy(uint8_t *dst, const void *src, size_t n)
{
#ifdef __SSE2__
	const uint8_t	*s = src;
	size_t		 k = (16 - ((uintptr_t)dst & 15)) & 15;

	if (n < 256) {
		memcpy(dst, s, n);
		return;
	}
	memcpy(dst, s, k);		/* up to dst's first 16-byte boundary */
	dst += k, s += k, n -= k;
	for (; n >= 64; dst += 64, s += 64, n -= 64) {
		__m128i	a = _mm_loadu_si128((const __m128i *)(const void *)s);
		__m128i	b = _mm_loadu_si128((const __m128i *)(const void *)
			    (s + 16));
		__m128i	c = _mm_loadu_si128((const __m128i *)(const void *)
			    (s + 32));
		__m128i	d = _mm_loadu_si128((const __m128i *)(const void *)
			    (s + 48));

		_mm_stream_si128((__m128i *)(void *)dst, a);
		_mm_stream_si128((__m128i *)(void *)(dst + 16), b);
		_mm_stream_si128((__m128i *)(void *)(dst + 32), c);
		_mm_stream_si128((__m128i *)(void *)(dst + 48), d);
	}
	memcpy(dst, s, n);
#else
	memcpy(dst, src, n);
#endif
}
