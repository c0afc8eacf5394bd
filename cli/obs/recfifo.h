/*
 * cli/obs/recfifo.h - records of bytes kept first in, first out in one
 * buffer, with no allocation per record: a record takes the next
 * contiguous space (at the start again when the buffer's end is too
 * near, leaving the rest of the end unused) and the oldest records give
 * their space back in order.  The owner keeps each record's position and
 * length, and decides what to drop; this only says whether a record
 * fits.  The buffer is mapped memory of its own: it grows in place (the
 * pages already written stay, only bytes that had wrapped to the start
 * move, to the new space after the old end), it can be reserved up to
 * the size it may grow to and warmed (its pages touched) before records
 * need them, and a child process does not inherit it.
 */
#ifndef TCPX_CLI_OBS_RECFIFO_H
#define TCPX_CLI_OBS_RECFIFO_H

#include <stddef.h>
#include <stdint.h>

struct recfifo {
	uint8_t		*buf;		/* size bytes (NULL until the first put) */
	size_t		 size;
	size_t		 mapped;	/* bytes of buf's mapping (in pages) */
	size_t		 reserve;	/* the size it may grow to, mapped at once */
	size_t		 hw;		/* bytes of buf ever written, from its start */
	size_t		 warm;		/* ... and of it touched by recfifo_warm() */
	uint64_t	 base;		/* position p is at buf[(p - base) % size] */
	uint64_t	 head;		/* position where the kept space begins */
	uint64_t	 tail;		/* position where the next record goes */
};

/* An empty fifo of size bytes; the buffer is allocated at the first put. */
void		 recfifo_init(struct recfifo *q, size_t size);

/*
 * Say that the fifo may grow to max bytes: its buffer is then mapped at
 * that size from the start (pages cost nothing until touched), so that
 * growing moves nothing it need not and recfifo_warm() can touch ahead.
 */
void		 recfifo_reserve(struct recfifo *q, size_t max);

/*
 * Touch at most n more bytes of the buffer's pages that no record has
 * used yet (mapping it if need be), so that records do not pay a first
 * touch; the bytes of the mapping still cold afterwards (0: all warm).
 */
size_t		 recfifo_warm(struct recfifo *q, size_t n);

/* Bytes of the buffer's mapping (0: none yet), and of it *touched. */
size_t		 recfifo_mapped(const struct recfifo *q, size_t *touched);

/* Free the buffer; the fifo is empty and can be used again. */
void		 recfifo_free(struct recfifo *q);

/*
 * Space for a record of len bytes (len <= size), at *pos; NULL when the
 * kept records leave no contiguous room for it (drop the oldest with
 * recfifo_drop() and ask again).
 */
uint8_t		*recfifo_put(struct recfifo *q, size_t len, uint64_t *pos);

/* The bytes of the record kept at pos. */
uint8_t		*recfifo_at(const struct recfifo *q, uint64_t pos);

/*
 * Make the buffer size bytes (more than now): the records keep their
 * positions, their bytes may move (ask recfifo_at() again).
 */
void		 recfifo_grow(struct recfifo *q, size_t size);

/* Give back the oldest record, at pos with len bytes. */
void		 recfifo_drop(struct recfifo *q, uint64_t pos, size_t len);

/* Bytes from the oldest kept record's start to the next record's place. */
uint64_t	 recfifo_span(const struct recfifo *q);

#endif
