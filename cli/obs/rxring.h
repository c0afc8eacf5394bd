/*
 * cli/obs/rxring.h - the last bytes received on a connection: a ring of at
 * most a bound's bytes (the recv_keep setting), addressed by stream offset
 * (0 the first byte ever received), with the count of older bytes that
 * fell out.  What `recv`, `wait recv` and `save` read.
 */
#ifndef TCPX_CLI_OBS_RXRING_H
#define TCPX_CLI_OBS_RXRING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Zeroed is empty.  Bytes [total - len, total) of the stream are kept. */
struct rxring {
	uint8_t		*d;
	size_t		 cap;		/* allocated: grows as needed, to the bound */
	size_t		 head;		/* where the oldest kept byte is in d */
	size_t		 len;		/* bytes kept */
	uint64_t	 total;		/* bytes received in all */
	bool		 mapped;	/* d is a mapping (bigmem_map), not malloc's */
};

/* Append n bytes from p, keeping at most max: the oldest fall out. */
void		 rxring_append(struct rxring *r, const void *p, size_t n,
		    size_t max);

/* The stream offset of the oldest byte kept: how many fell out. */
uint64_t	 rxring_first(const struct rxring *r);

/*
 * The kept bytes from stream offset off that lie together in memory: *p
 * points at them and their count is returned (0 when off is not kept).
 */
size_t		 rxring_span(const struct rxring *r, uint64_t off,
		    const uint8_t **p);

/* Copy up to n kept bytes from stream offset off into buf; how many. */
size_t		 rxring_read(const struct rxring *r, uint64_t off, void *buf,
		    size_t n);

/*
 * Where needle (nlen > 0 bytes) first occurs in the kept bytes at or after
 * stream offset from: 0 with its offset in *at, or -1.
 */
int		 rxring_find(const struct rxring *r, uint64_t from,
		    const void *needle, size_t nlen, uint64_t *at);

/* Keep at most max bytes from now on: the oldest beyond it fall out. */
void		 rxring_trim(struct rxring *r, size_t max);

/* Free r's storage; what was received is still counted (total). */
void		 rxring_free(struct rxring *r);

#endif
