/*
 * core/bytes.h - a growable byte buffer, for send and receive queues and
 * for what the user has received: appended at the end, consumed from the
 * front, its valid bytes always contiguous from d.
 */
#ifndef TCPX_CORE_BYTES_H
#define TCPX_CORE_BYTES_H

#include <stddef.h>
#include <stdint.h>

/*
 * Bytes [0, len) of d are valid.  The allocation starts off bytes before
 * d (consumed bytes not yet reclaimed) and holds cap bytes.  Zeroed is
 * empty.  Consuming costs nothing; the dead prefix is reclaimed by moving
 * the valid bytes down only when it is at least as long as they are, so
 * every byte is moved at most once per byte consumed (O(1) amortised).
 */
struct bytes {
	uint8_t	*d;
	size_t	 len;
	size_t	 off;
	size_t	 cap;
};

/*
 * Append n bytes from p to b; returns how many valid bytes had to be moved
 * or copied to make room (reclaiming the consumed prefix, or growing).
 */
size_t	bytes_append(struct bytes *b, const void *p, size_t n);

/* Drop the first n bytes of b; returns the bytes moved to do so (none). */
size_t	bytes_consume(struct bytes *b, size_t n);

/* Free b's storage and leave it empty. */
void	bytes_free(struct bytes *b);

#endif
