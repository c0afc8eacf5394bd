/*
 * core/tracker-int.h - the passive tracker's insides, shared by its two
 * files: core/tracker-table.c keeps the table of conversations (found by
 * 4-tuple and by id through hash chains, evicted in O(1) from two activity
 * lists) and the queue of events; core/tracker.c infers the states from
 * the segments.
 */
#ifndef TCPX_CORE_TRACKER_INT_H
#define TCPX_CORE_TRACKER_INT_H

#include <stdbool.h>
#include <stdint.h>

#include "core/tracker.h"

#define TRK_NOSLOT	(-1)

struct trk_slot {
	bool		used;
	int		next;		/* 4-tuple hash chain */
	unsigned	hash;
	int		idnext;		/* id hash chain */
	int		lprev, lnext;	/* its place in an activity list */
	int		lfin;		/* which: 1 finished, 0 not */
	struct trk_conv	c;
};

/*
 * The last 4-tuple looked up and what was found (a slot and the end that
 * sent it, or TRK_NOSLOT): the same answer while no chain changed since
 * (gen), for a bulk transfer looks up the same pair at every segment, the
 * diagram's feed twice.
 */
struct trk_memo {
	bool		valid;
	unsigned	gen;
	struct addr	src, dst;
	uint16_t	sport, dport;
	int		slot, end;
};

struct tracker {
	struct trk_cfg	 cfg;
	unsigned	 gen;		/* bumped by every change to a chain */
	struct trk_memo	*memo;		/* trk_lookup()'s last answer */
	struct trk_slot	*slot;		/* cfg.max_conv of them */
	int		*bucket;	/* nbucket 4-tuple hash chain heads */
	int		*idbucket;	/* nbucket id hash chain heads */
	unsigned	 nbucket;
	int		 lhead[2], ltail[2];	/* least, most recently active */
	unsigned	 nused;
	unsigned	 next_id;
	uint64_t	 soonest;	/* no deadline is earlier than this */

	struct trk_event *ev;		/* ring of queued events */
	size_t		 ev_cap, ev_head, ev_n;
	uint64_t	 ev_dropped;
};

/* tracker-table.c */
int		 trk_lookup(const struct tracker *, const struct seg *, int *);
int		 trk_finished(const struct trk_conv *);
void		 trk_lru_touch(struct tracker *, int, int);
int		 trk_slot_of(const struct tracker *, const struct trk_conv *);
int		 trk_slot_new(struct tracker *, const struct seg *, uint64_t);
struct trk_event *trk_emit(struct tracker *, enum trk_ev_type,
		    const struct trk_conv *, int, uint64_t, uint32_t,
		    const char *, ...) __attribute__((format(printf, 7, 8)));

#endif
