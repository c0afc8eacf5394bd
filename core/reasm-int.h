/*
 * core/reasm-int.h - the out-of-order queue's insides, shared by its two
 * files: core/reasm-blk.c keeps the blocks (the AVL tree, their buffers,
 * the recency list) and core/reasm.c decides what to hold, prune and drop.
 */
#ifndef TCPX_CORE_REASM_INT_H
#define TCPX_CORE_REASM_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/avl.h"
#include "core/reasm.h"

/* One held run of bytes [seq, seq + len), at d + off. */
struct reasm_blk {
	struct avl_node	 node;		/* first: a node is its block */
	struct reasm_blk *newer;	/* the recency list */
	struct reasm_blk *older;
	uint32_t	 seq;
	uint8_t		*d;
	size_t		 off;		/* room before the bytes */
	size_t		 len;
	size_t		 cap;
};

struct reasm {
	struct avl	 tree;		/* disjoint, never touching */
	struct reasm_blk *newest;	/* recency list: the last landed */
	struct reasm_blk *oldest;
	size_t		 limit;		/* on held + blocks * REASM_BLK_COST */
	size_t		 held;		/* sum of the blocks' lengths */
	bool		 fin;		/* a FIN is held ... */
	uint32_t	 fin_seq;	/* ... at this sequence number */
	struct reasm_stats st;
	uint64_t	 work;
	uint64_t	 copied;
};

/* reasm-blk.c */
struct reasm_blk *reasm_blk(const struct avl_node *);
uint32_t	 reasm_end(const struct reasm_blk *);
struct reasm_blk *reasm_first(struct reasm *);
struct reasm_blk *reasm_last(struct reasm *);
struct reasm_blk *reasm_next(struct reasm *, const struct reasm_blk *);
struct reasm_blk *reasm_prev(struct reasm *, const struct reasm_blk *);
struct reasm_blk *reasm_floor(struct reasm *, uint32_t);
struct reasm_blk *reasm_cover(struct reasm *, uint32_t);
void		 reasm_append(struct reasm *, struct reasm_blk *,
		    const uint8_t *, size_t);
void		 reasm_prepend(struct reasm *, struct reasm_blk *,
		    const uint8_t *, size_t);
void		 reasm_touch(struct reasm *, struct reasm_blk *);
struct reasm_blk *reasm_add(struct reasm *, struct reasm_blk *, uint32_t,
		    const uint8_t *, size_t);
void		 reasm_remove(struct reasm *, struct reasm_blk *);
struct reasm_blk *reasm_join(struct reasm *, struct reasm_blk *,
		    struct reasm_blk *);

#endif
