/*
 * cli/hold.h - the user standing between the engine and the wire: segments
 * held by step mode (numbered, in both directions) and deterministic fault
 * injection (drop, duplicate, reorder, delay, corrupt the next N segments).
 */
#ifndef TCPX_CLI_HOLD_H
#define TCPX_CLI_HOLD_H

#include <stdbool.h>
#include <stdint.h>

#include "core/seg.h"

struct session;

enum hold_dir {
	HOLD_OUT = 0,	/* from the engine to the wire */
	HOLD_IN = 1,	/* from the wire to the engine */
};

/* A segment waiting for the user (step) or for its time (delay, reorder). */
struct held {
	unsigned	 num;		/* shown as #num; 0 for fault-delayed ones */
	enum hold_dir	 dir;
	struct seg	 seg;
	uint8_t		*data;		/* owned copy of the payload */
	bool		 edited;
	uint8_t		 optdata[WIRE_MAX_TCPOPT][40];	/* bytes of edited options */
	bool		 corrupt;	/* a fault asked for a corrupted frame */
	uint64_t	 release_at;	/* fault delay: when to let it go; 0 for step */
	struct held	*next;
};

enum fault_kind {
	FAULT_DROP,
	FAULT_DUP,
	FAULT_REORDER,
	FAULT_DELAY,
	FAULT_CORRUPT,
};

/* One armed fault: applies to the next `left` segments in direction dir. */
struct fault {
	enum fault_kind	 kind;
	enum hold_dir	 dir;
	int		 left;
	uint64_t	 delay;		/* FAULT_DELAY */
	struct fault	*next;
};

/* What step mode and faults hold per session. */
struct holdq {
	bool		 step[2];	/* hold segments in this direction */
	unsigned	 step_conn;	/* only this connection's (0: all) */
	bool		 freeze;	/* stop the engine's clock while held */
	uint64_t	 frozen_at;	/* when the clock stopped (0: running) */
	uint64_t	 frozen_total;	/* time spent frozen so far */
	unsigned	 next_num;
	struct held	*held;		/* step queue and delayed segments, oldest first */
	struct fault	*faults;
	struct held	*reorder[2];	/* a segment waiting to be overtaken */
};

/* The engine's clock: real time less the time spent frozen. */
uint64_t	 hold_now(const struct holdq *);

/* Stop or restart the engine's clock. */
void		 hold_freeze(struct holdq *, bool);

/*
 * Route a segment going out (HOLD_OUT) or coming in (HOLD_IN) through step
 * mode and the armed faults; what may pass now is handed to the session
 * (sent, or fed to the engine) from here.
 */
void		 hold_route(struct session *, enum hold_dir, const struct seg *);

/* Let segment #num go (0: the oldest held); 0, or -1 when there is none. */
int		 hold_release(struct session *, unsigned num);

/* Discard segment #num (0: the oldest); 0, or -1 when there is none. */
int		 hold_drop(struct session *, unsigned num);

/* The held segment #num, or NULL. */
struct held	*hold_find(struct session *, unsigned num);

/* Release the delayed segments whose time has come. */
void		 hold_timers(struct session *);

/* The earliest release time of a delayed segment, or TCP_NEVER. */
uint64_t	 hold_deadline(const struct session *);

/* Arm a fault; 0, or -1 with a reason in err. */
int		 hold_fault(struct holdq *, enum fault_kind, enum hold_dir, int,
		    uint64_t);

/* The name of a fault kind ("drop", "duplicate"...). */
const char	*hold_fault_name(enum fault_kind);

/* Disarm every fault. */
void		 hold_free_faults(struct holdq *);

/* Free everything held and armed. */
void		 hold_free(struct holdq *);

#endif
