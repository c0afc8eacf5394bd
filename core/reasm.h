/*
 * core/reasm.h - the receive side's out-of-order queue: data (and a FIN)
 * that arrived beyond RCV.NXT is held (RFC 9293 §3.10.7.4: "segments with
 * higher beginning sequence numbers may be held for later processing"),
 * bounded per connection, handed over once the hole before it fills, and
 * reported to the sender as SACK blocks (RFC 2018 §4).  Pure: no I/O.
 */
#ifndef TCPX_CORE_REASM_H
#define TCPX_CORE_REASM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/bytes.h"

/* A SACK block: [left, right) in sequence space. */
struct sack_blk {
	uint32_t	left;
	uint32_t	right;
};

struct reasm;

/* An empty queue that holds at most limit bytes (0: nothing is held). */
struct reasm	*reasm_new(size_t limit);
void		 reasm_free(struct reasm *r);

/*
 * Hold len bytes at seq (and a FIN right after them when fin), given that
 * everything before rcv_nxt has been received.  Bytes before rcv_nxt, bytes
 * already held and bytes past the limit are dropped (the newest block is
 * never evicted for older ones).  Returns the number of new bytes held.
 */
size_t		 reasm_insert(struct reasm *r, uint32_t rcv_nxt, uint32_t seq,
		    const uint8_t *data, size_t len, bool fin);

/*
 * Move the bytes that now continue rcv_nxt into out (appending) and return
 * how many; *fin is set when a held FIN directly follows them.
 */
size_t		 reasm_pull(struct reasm *r, uint32_t rcv_nxt, struct bytes *out,
		    bool *fin);

/*
 * Fill up to max SACK blocks for what is held above rcv_nxt, RFC 2018 §4
 * order: the block holding the most recently received segment first, then
 * the others most recently changed first.  Returns how many.
 */
int		 reasm_sack(const struct reasm *r, uint32_t rcv_nxt,
		    struct sack_blk *out, int max);

/* Bytes held. */
size_t		 reasm_held(const struct reasm *r);

/* Drop everything held. */
void		 reasm_clear(struct reasm *r);

#endif
