/*
 * cli/run/gate.h - the user standing between the engine and the wire: step
 * mode (segments held, numbered, until released, edited or dropped) and
 * faults (drop, duplicate, reorder, delay, corrupt or hold the next N
 * segments).
 *
 * The gate is a pure function of (segment, direction, now) to what may
 * pass now: it does no I/O and reads no clock.  Each call fills an array
 * of struct gate_out, in the order things happen; the caller publishes
 * them and hands on the segments that pass.  Memory: the gate owns what it
 * holds; a gate_out that carries a segment of its own (g != NULL and own)
 * is freed with gate_out_done() once the caller is finished with it.
 */
#ifndef TCPX_CLI_RUN_GATE_H
#define TCPX_CLI_RUN_GATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/seg.h"

#define GATE_MAX_HELD	10000	/* segments held or delayed at once */
#define GATE_MAX_FAULTS	64	/* faults armed at once */
#define GATE_OUT_MAX	4	/* outputs of one offer, release or drop */

enum gate_dir {
	GATE_OUT = 0,	/* from the engine to the wire */
	GATE_IN = 1,	/* from the wire to the engine */
};

enum fault_kind {
	FAULT_DROP,
	FAULT_DUP,
	FAULT_REORDER,
	FAULT_DELAY,
	FAULT_CORRUPT,
	FAULT_HOLD,		/* held as step holds, the others passing */
	FAULT_FRAGDROP,		/* one fragment of the next fragmented datagram */
	FAULT_NKINDS
};

/* What the data path knows of a segment besides its fields. */
struct segmeta {
	unsigned	 conn;		/* the engine's connection, or 0 */
	int		 cause;		/* why the engine sent it (enum tcp_cause) */
	bool		 rexmit;	/* it resends sequence space */
	bool		 edited;	/* a user edited it while it was held */
	size_t		 frag;		/* send it in fragments of this size (0: as the MTU needs) */
};

/* A segment the gate holds, with its own copy of the payload. */
struct gate_seg {
	unsigned	 num;		/* #num of step mode; 0 when a fault holds it */
	enum gate_dir	 dir;
	struct seg	 seg;
	uint8_t		*data;		/* the payload seg.data points to */
	uint8_t		 optdata[WIRE_MAX_TCPOPT][40];	/* edited options' bytes */
	struct segmeta	 meta;
	uint64_t	 release_at;	/* delayed: when it goes */
	struct gate_seg	*next;
};

enum gate_act {
	GATE_PASS,		/* seg goes on now (corrupt: spoil its frame) */
	GATE_HELD,		/* step mode (or a hold fault) holds g as #num */
	GATE_RELEASED,		/* the user let g go (it passes next, faults allowing) */
	GATE_DROPPED,		/* the user dropped g */
	GATE_FAULT_DROP,	/* a fault dropped seg (left: drops still armed) */
	GATE_FAULT_DUP,		/* a fault duplicates seg: two GATE_PASS follow */
	GATE_FAULT_CORRUPT,	/* a fault corrupts seg: a GATE_PASS follows */
	GATE_FAULT_DELAY,	/* a fault delays g by delay */
	GATE_FAULT_REORDER,	/* a fault holds seg back until the next one passed */
	GATE_OVERTAKEN,		/* the held-back segment goes after its successor */
	GATE_FULL,		/* too much held: seg dropped (counted) */
};

/* One thing that happened to a segment at the gate. */
struct gate_out {
	enum gate_act		 act;
	enum gate_dir		 dir;
	const struct seg	*seg;	/* the segment it happened to */
	const struct segmeta	*meta;
	struct gate_seg		*g;	/* the gate's copy, when there is one */
	bool			 own;	/* g is the caller's: gate_out_done() frees it */
	bool			 corrupt;	/* GATE_PASS: a fault spoils it */
	int			 left;	/* faults: how many more are armed;
					   GATE_FULL: how many dropped so far */
	uint64_t		 delay;	/* GATE_FAULT_DELAY */
};

/* What the gate has done, for `stat`. */
struct gate_stats {
	unsigned long	 held;		/* held or delayed now */
	unsigned long	 full_drops;	/* dropped because GATE_MAX_HELD were held */
};

struct gate;

/* An open gate: nothing held, no fault armed; free with gate_free(). */
struct gate	*gate_new(void);

/* Free g and everything it holds (NULL is fine). */
void		 gate_free(struct gate *g);

/* Hold (on) or stop holding the segments of direction dir. */
void		 gate_set_step(struct gate *g, enum gate_dir dir, bool on);

/* Whether segments of direction dir are held. */
bool		 gate_stepping(const struct gate *g, enum gate_dir dir);

/* Hold only connection conn's segments (0: every one's). */
void		 gate_set_step_conn(struct gate *g, unsigned conn);

/* Whether holding dir's segments depends on their connection (meta->conn). */
bool		 gate_wants_conn(const struct gate *g, enum gate_dir dir);

/* `step freeze`: whether the engine's clock should stop while anything is held. */
void		 gate_set_freeze(struct gate *g, bool on);
bool		 gate_freeze(const struct gate *g);

/* Arm a fault for the next n segments of dir; 0, or -1 when GATE_MAX_FAULTS are armed. */
int		 gate_arm(struct gate *g, enum fault_kind kind, enum gate_dir dir,
		    int n, uint64_t delay);

/*
 * Arm a fault that drops fragment idx (1: the first to go or come) of the
 * next datagram of dir that has that many; 0, or -1 when full.
 */
int		 gate_arm_frag(struct gate *g, enum gate_dir dir, unsigned idx);

/*
 * A fragment of datagram id goes in dir (fragments of one datagram come
 * one after the other): whether an armed fault drops it, *idx saying
 * which of the datagram's fragments it was.  The fault is then spent.
 */
bool		 gate_frag(struct gate *g, enum gate_dir dir, uint32_t id,
		    unsigned *idx);

/* The fragment the i-th armed fault drops (as gate_fault), or 0 for a segment fault. */
unsigned	 gate_fault_frag(const struct gate *g, int i);

/* Disarm every fault. */
void		 gate_disarm(struct gate *g);

/* The i-th armed fault (0 first): 0, or -1 past the last. */
int		 gate_fault(const struct gate *g, int i, enum fault_kind *kind,
		    enum gate_dir *dir, int *left);

/* The name of a fault kind ("drop", "duplicate", ...). */
const char	*gate_fault_name(enum fault_kind kind);

/*
 * Segment seg (meta: what the data path knows of it) goes in direction
 * dir at time now: what happens, into out[GATE_OUT_MAX]; their number.
 * When step mode and every fault let seg pass unchanged, that is one
 * GATE_PASS of seg itself (no copy).
 */
size_t		 gate_offer(struct gate *g, enum gate_dir dir,
		    const struct seg *seg, const struct segmeta *meta,
		    uint64_t now, struct gate_out *out);

/*
 * Let held segment #num (0: the oldest) go, through the armed faults:
 * into out[GATE_OUT_MAX]; their number, 0 when none is held.
 */
size_t		 gate_release(struct gate *g, unsigned num, uint64_t now,
		    struct gate_out *out);

/* Drop held segment #num (0: the oldest) into out[0]; 1, or 0 when none. */
size_t		 gate_drop(struct gate *g, unsigned num, struct gate_out *out);

/*
 * The next delayed segment whose time has come by now, into out[0] as a
 * GATE_PASS; 1, or 0 when none is due.
 */
size_t		 gate_tick(struct gate *g, uint64_t now, struct gate_out *out);

/* The earliest time a delayed segment is due, or UINT64_MAX. */
uint64_t	 gate_deadline(const struct gate *g);

/* Free the copies the caller owns in out[0..n). */
void		 gate_out_done(struct gate_out *out, size_t n);

/* Held segment #num (0: the oldest), to read or edit in place; or NULL. */
struct gate_seg	*gate_find(struct gate *g, unsigned num);

/* The step-held segment after prev (NULL: the first), oldest first; or NULL. */
const struct gate_seg *gate_next_held(const struct gate *g,
		    const struct gate_seg *prev);

/* Whether step mode holds anything. */
bool		 gate_holding(const struct gate *g);

/* Replace held segment's payload by len bytes of d (copied). */
void		 gate_seg_payload(struct gate_seg *e, const uint8_t *d, size_t len);

/* What the gate has done. */
void		 gate_stats(const struct gate *g, struct gate_stats *st);

#endif
