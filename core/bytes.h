/*
 * core/bytes.h - a growable byte buffer, for send and receive queues and
 * for what the user has received.
 */
#ifndef TCPX_CORE_BYTES_H
#define TCPX_CORE_BYTES_H

#include <stddef.h>
#include <stdint.h>

/* Bytes [0, len) of d are valid; cap is the allocation.  Zeroed is empty. */
struct bytes {
	uint8_t	*d;
	size_t	 len;
	size_t	 cap;
};

/* Append n bytes from p to b. */
void	bytes_append(struct bytes *b, const void *p, size_t n);

/* Drop the first n bytes of b. */
void	bytes_consume(struct bytes *b, size_t n);

/* Free b's storage and leave it empty. */
void	bytes_free(struct bytes *b);

#endif
