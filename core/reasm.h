/*
 * core/reasm.h - the receive side's out-of-order queue: data (and a FIN)
 * that arrived beyond RCV.NXT is held (RFC 9293 §3.10.7.4: "segments with
 * higher beginning sequence numbers may be held for later processing"),
 * bounded per connection, handed over once the hole before it fills, and
 * reported to the sender as SACK blocks (RFC 2018 §4).  Pure: no I/O.
 *
 * Every operation is O(log n) in the blocks held (plus the bytes it
 * copies), and the queue's memory, bytes plus REASM_BLK_COST per block,
 * stays under its limit: when a segment does not fit, blocks above it are
 * pruned from the highest sequence number down, as Linux's
 * tcp_prune_ofo_queue, and failing that the segment is dropped; both are
 * counted (struct reasm_stats).
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

/*
 * What one held block costs besides its bytes, as Linux charges an skb's
 * truesize: the tree node, its links and two allocations, rounded up.  It
 * is what keeps 1-byte segments with gaps from making blocks without end.
 */
#define REASM_BLK_COST	128

/* What the queue's bound did, for the user (as Linux's nstat counters). */
struct reasm_stats {
	uint64_t	prunes;		/* times blocks were pruned for room
					   (Linux OfoPruned) */
	uint64_t	pruned_blocks;	/* blocks pruned */
	uint64_t	pruned_bytes;	/* their bytes */
	uint64_t	dropped;	/* segments dropped: no room even after
					   pruning (Linux TCPOFODrop) */
	uint64_t	dropped_bytes;	/* the new bytes they brought */
};

struct reasm;

/*
 * An empty queue whose memory (reasm_mem) stays under limit (0: nothing
 * is held, not even a FIN).
 */
struct reasm	*reasm_new(size_t limit);
void		 reasm_free(struct reasm *r);

/*
 * Change the limit, effective from the next insert (which prunes if the
 * queue is over it).
 */
void		 reasm_set_limit(struct reasm *r, size_t limit);

/*
 * Hold len bytes at seq (and a FIN right after them when fin), given that
 * everything before rcv_nxt has been received.  Bytes before rcv_nxt and
 * bytes already held are ignored.  When the rest would take the memory past
 * the limit, blocks starting at or above seq are pruned from the top, at
 * least an eighth of the limit at a time, until it fits; if it still does
 * not, the whole segment (and its FIN) is dropped.  A segment that adds no
 * memory always fits.  Returns the number of new bytes held.
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
 * the others most recently changed first.  Returns how many.  O(max).
 */
int		 reasm_sack(struct reasm *r, uint32_t rcv_nxt,
		    struct sack_blk *out, int max);

/* Bytes held. */
size_t		 reasm_held(const struct reasm *r);

/* Blocks held (disjoint runs of bytes). */
size_t		 reasm_blocks(const struct reasm *r);

/* Memory charged: bytes held plus REASM_BLK_COST per block. */
size_t		 reasm_mem(const struct reasm *r);

/* The current limit on reasm_mem. */
size_t		 reasm_limit(const struct reasm *r);

/* What pruning and dropping did so far. */
void		 reasm_stats(const struct reasm *r, struct reasm_stats *out);

/*
 * Work done so far: tree nodes visited, rebalancing steps, list steps and
 * blocks freed.  For tests that show the cost per segment is logarithmic.
 */
uint64_t	 reasm_work(const struct reasm *r);

/* Bytes copied so far (into and between blocks); for the same tests. */
uint64_t	 reasm_copied(const struct reasm *r);

/* Check every internal invariant: 0, or -1 with what is wrong.  For tests. */
int		 reasm_check(const struct reasm *r, char *err, size_t errlen);

/* Drop everything held. */
void		 reasm_clear(struct reasm *r);

#endif
