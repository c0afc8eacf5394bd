/*
 * cli/obs/hush.h - a bound on lines an attacker can make us print: at
 * most HUSH_BURST lines of one kind (a connection and a cause) a second.
 * Beyond that the lines are counted, not printed, and when the second is
 * over one line says how many were left out.  Like the kernel's
 * net_ratelimit(): a flood of forged SYNs costs a few lines a second,
 * not one each, and the prompt stays usable.
 *
 * Kinds are kept in a small direct-mapped table: a kind that collides
 * with another closes the other's second early.  Sans-IO: the caller
 * passes the time in and prints the summaries it is handed.
 */
#ifndef TCPX_CLI_OBS_HUSH_H
#define TCPX_CLI_OBS_HUSH_H

#include <stdbool.h>
#include <stdint.h>

#define HUSH_BURST	10		/* lines of one kind a second */
#define HUSH_WINDOW	1000000		/* µs: the second */
#define HUSH_SLOTS	64		/* kinds followed at once */

/* A kind whose second is over with lines left out. */
struct hush_sum {
	uint64_t	 key;		/* as given to hush_allow() */
	unsigned long	 held;		/* lines left out */
	uint64_t	 span;		/* µs from its first line to now */
};

struct hush_slot {
	uint64_t	 key;
	uint64_t	 start;		/* its second began (0: slot free) */
	unsigned	 said;		/* lines printed in this second */
	unsigned long	 held;		/* lines left out in this second */
};

struct hush {
	struct hush_slot slot[HUSH_SLOTS];
	unsigned	 pending;	/* slots with lines left out */
	unsigned long	 total;		/* lines left out, ever */
};

/*
 * Whether a line of kind key may print at now (µs).  When the kind's
 * slot held another kind, or its second ended, with lines left out, *sum
 * is filled and true returned in *flushed: print that summary first.
 */
bool	hush_allow(struct hush *h, uint64_t key, uint64_t now,
	    struct hush_sum *sum, bool *flushed);

/*
 * The next kind whose second ended by now with lines left out, taken
 * out of the table; false when none is left.  O(1) when nothing waits.
 */
bool	hush_due(struct hush *h, uint64_t now, struct hush_sum *sum);

/* Like hush_due(), its second over or not: at the end, nothing unsaid. */
bool	hush_any(struct hush *h, uint64_t now, struct hush_sum *sum);

#endif
