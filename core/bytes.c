/*
 * core/bytes.c - a growable byte buffer.
 */
#include <stdlib.h>
#include <string.h>

#include "core/bytes.h"
#include "core/xmalloc.h"

/* Append n bytes from p to b. */
void
bytes_append(struct bytes *b, const void *p, size_t n)
{
	if (n == 0)
		return;
	if (b->len + n > b->cap) {
		b->cap = (b->len + n) * 2;
		b->d = xrealloc(b->d, b->cap);
	}
	memcpy(b->d + b->len, p, n);
	b->len += n;
}

/* Drop the first n bytes of b. */
void
bytes_consume(struct bytes *b, size_t n)
{
	if (n >= b->len) {
		b->len = 0;
		return;
	}
	memmove(b->d, b->d + n, b->len - n);
	b->len -= n;
}

/* Free b's storage and leave it empty. */
void
bytes_free(struct bytes *b)
{
	free(b->d);
	memset(b, 0, sizeof *b);
}
