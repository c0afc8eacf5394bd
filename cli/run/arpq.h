/*
 * cli/run/arpq.h - frames waiting for their next hop's link-layer address:
 * while ARP (RFC 826) or neighbour discovery (RFC 4861 §7.2.2) resolves
 * it, a few frames per address wait here; the request is repeated, and
 * after ARPQ_GIVEUP the frames are given up.  Sans-IO: the caller sends
 * the requests and the frames, and passes the time in.
 *
 * Bounds: ARPQ_PER_ADDR frames per address and ARPQ_ADDRS addresses; a
 * frame beyond them is dropped and counted (arpq_stats).
 */
#ifndef TCPX_CLI_RUN_ARPQ_H
#define TCPX_CLI_RUN_ARPQ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cli/run/gate.h"
#include "core/seg.h"

#define ARPQ_PER_ADDR	64		/* frames waiting for one address */
#define ARPQ_ADDRS	64		/* addresses being resolved at once */
#define ARPQ_FIRST	250000		/* µs to the first repeat of a request */
#define ARPQ_RETRY	1000000		/* µs between later repeats (RFC 4861 RETRANS_TIMER) */
#define ARPQ_GIVEUP	3000000		/* µs after which the frames are given up */

/* A frame waiting for its destination MAC address (bytes 0-5). */
struct arpq_frame {
	uint8_t			*data;
	size_t			 len;
	struct segmeta		 meta;
	struct arpq_frame	*next;
};

/* What the queue has done, for `stat`. */
struct arpq_stats {
	unsigned long	 waiting;	/* frames queued now */
	unsigned long	 addrs;		/* addresses being resolved now */
	unsigned long	 sent;		/* frames that went after resolution */
	unsigned long	 full;		/* dropped: the queue was full */
	unsigned long	 expired;	/* given up: no answer */
	unsigned long	 orphaned;	/* dropped: their connection closed */
};

enum arpq_todo {
	ARPQ_NOTHING,
	ARPQ_ASK,	/* send another request for the address */
	ARPQ_GAVE_UP,	/* no answer: its frames are dropped (count given) */
};

struct arpq;

/* An empty queue; free with arpq_free(). */
struct arpq	*arpq_new(void);

/* Free q and every frame in it (NULL is fine). */
void		 arpq_free(struct arpq *q);

/*
 * Queue a copy of frame (len bytes, 0 to only resolve a) for next hop a
 * at now.  Returns 1 when a request for a should go out now (it is new),
 * 0 when it is already being asked for, -1 when the frame was dropped
 * because the queue is full (counted).
 */
int		 arpq_add(struct arpq *q, const struct addr *a,
		    const uint8_t *frame, size_t len, const struct segmeta *meta,
		    uint64_t now);

/*
 * Address a was resolved: the next frame that waited for it (the caller
 * fills in the MAC, sends it and frees it with arpq_frame_free()), or
 * NULL when none is left (a is then forgotten).
 */
struct arpq_frame *arpq_take(struct arpq *q, const struct addr *a);

/*
 * Connection conn is gone: drop the frames it queued (counted as
 * orphaned) and stop resolving an address nothing waits for any more.
 * Returns how many frames were dropped.
 */
unsigned	 arpq_drop_conn(struct arpq *q, unsigned conn);

/* Free a frame taken from the queue. */
void		 arpq_frame_free(struct arpq_frame *f);

/*
 * What is due by now: an address to ask again (ARPQ_ASK), or one given up
 * (ARPQ_GAVE_UP, *dropped frames freed); call until ARPQ_NOTHING.
 */
enum arpq_todo	 arpq_due(struct arpq *q, uint64_t now, struct addr *a,
		    unsigned *dropped);

/* The earliest time something is due, or UINT64_MAX. */
uint64_t	 arpq_deadline(const struct arpq *q);

/* The i-th address being resolved (0 first), or NULL past the last. */
const struct addr *arpq_addr(const struct arpq *q, unsigned i);

/* Whether a is being resolved (frames may wait for it). */
bool		 arpq_pending(const struct arpq *q, const struct addr *a);

/* What the queue has done. */
void		 arpq_stats(const struct arpq *q, struct arpq_stats *st);

#endif
