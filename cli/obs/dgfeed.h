/*
 * cli/obs/dgfeed.h - the session's own sequence diagram, a subscriber of
 * the event stream: every TCP segment we sent or received, our end's
 * states as the engine entered them (on the segment that caused them),
 * the engine's reasons for its resends, held and delayed segments as
 * pending arrows, dropped and edited ones marked (cli/diagram/diagram.h).
 */
#ifndef TCPX_CLI_OBS_DGFEED_H
#define TCPX_CLI_OBS_DGFEED_H

#include <stddef.h>
#include <stdint.h>

#define DGFEED_MAX_SEGS	500000	/* a long session stops adding here (~100 MB) */
#define DGFEED_NEW_RATE	1000	/* new conversations drawn a second: a
				   flood of forged SYNs beyond it is counted,
				   not drawn */
#define DGFEED_KEEP_CONVS 1000	/* conversations kept, the oldest dropped */
#define DGFEED_KEEP_ITEMS 10000	/* items a conversation keeps, the oldest
				   dropped (set diagram_keep) */
#define DGFEED_KEEP_MIN	100
#define DGFEED_KEEP_MAX	DGFEED_MAX_SEGS

struct session;
struct dg;
struct dgfeed;

/* The diagram of s's conversations, subscribed to its bus; free with dgfeed_free(). */
struct dgfeed	*dgfeed_new(struct session *s);

/* Unsubscribe and free the diagram (NULL is fine). */
void		 dgfeed_free(struct dgfeed *f);

/* The diagram's model, or NULL when nothing was recorded yet (create: make it). */
struct dg	*dgfeed_model(struct dgfeed *f, int create);

/* How many things were recorded: when it grows, a view redraws. */
unsigned long	 dgfeed_count(const struct dgfeed *f);

/* Segments left out: they began more than DGFEED_NEW_RATE conversations a second. */
unsigned long	 dgfeed_flood_left(const struct dgfeed *f);

/*
 * What is left of 2MSL for each end of conversation conv in TIME-WAIT,
 * into buf: ours from the engine's timer, the peer's from the tracker's.
 */
void		 dgfeed_timewait(struct dgfeed *f, unsigned conv, char *buf,
		    size_t len);

/*
 * Keep about the newest n (DGFEED_KEEP_MIN..DGFEED_KEEP_MAX) items of each
 * conversation; the oldest go, counted (dg_set_keep_items).
 */
void		 dgfeed_set_keep_items(struct dgfeed *f, unsigned n);

/* That bound. */
unsigned	 dgfeed_keep_items(const struct dgfeed *f);

/* Items dropped from long conversations by it so far. */
uint64_t	 dgfeed_trimmed(const struct dgfeed *f);

/* Conversations the diagram's bound dropped (the oldest beyond
 * DGFEED_KEEP_CONVS), and the things they held (*items). */
unsigned long	 dgfeed_dropped(const struct dgfeed *f, uint64_t *items);

#endif
