/*
 * cli/diagram/diagram-int.h - the diagram's insides, which its parts share.
 * They form a chain, each calling only those before it: the conversation
 * store (diagram-store.c) <- our engine's states (diagram-engine.c) <- held
 * segments (diagram-hold.c) <- the model fed with segments (diagram.c);
 * the layout (diagram-layout.c) reads the store.
 */
#ifndef TCPX_CLI_DIAGRAM_INT_H
#define TCPX_CLI_DIAGRAM_INT_H

#include "cli/diagram/diagram.h"
#include "core/tracker.h"

#define DG_EDITS	16	/* changes in place a conversation remembers */

/* One conversation as recorded. */
struct dg_conv {
	unsigned	 id;
	struct endpoint	 ep[2];		/* TRK_INIT, TRK_RESP */
	int		 local;		/* the end that is us, or -1 */
	int		 engine;	/* our end's states are the engine's */
	int		 midstream;
	int		 base_known[2];
	uint32_t	 base[2];	/* each end's ISN, for relative numbers */
	struct dg_item	*item;
	size_t		 nitem;
	size_t		 capitem;	/* items the allocation holds ... */
	size_t		 skip;		/* ... which begins this many before
					   item: trimmed, not yet moved */
	uint64_t	 moved;		/* items moved up to make room */
	size_t		 last;		/* the segment item recorded last */
	size_t		 nreleased;	/* items with released set (dg_released) */
	struct dg_conv	*lnext;		/* tracked: the next one made (dg_evict) */
	/* A live bound on items (dg_set_keep_items): the oldest dropped. */
	uint64_t	 gone;		/* items dropped before item[0] */
	uint64_t	 t_first;	/* the first item's time, once any went */
	uint64_t	 t_prev;	/* the last timed item's that went ... */
	int		 prev_gone;	/* ... when one did */
	int8_t		 st_gone[2];	/* each end's state after those that went */
	/* What changed, for an incremental layout (diagram-ladder.c). */
	uint64_t	 ver;		/* bumped by every change to the items */
	struct {
		uint64_t	ver;	/* the change's version */
		uint64_t	at;	/* the first item it changed (counting gone) */
	}		 edit[DG_EDITS];	/* changes in place, a ring */
	unsigned	 nedit;		/* changes in place so far */
	uint64_t	 lost_ver;	/* the newest change the ring forgot */
};

struct dg {
	struct tracker	*tr;
	struct dg_conv	**conv;		/* by id - 1; NULL: not TCP-tracked */
	unsigned	 nconv;
	struct dg_conv	**orphan;	/* by id - DG_ORPHAN - 1; NULL: adopted */
	unsigned	 norphan;
	struct {
		uint64_t	key;
		unsigned	conv;
		uint64_t	pkt;	/* the item's pkt: key, or a wire copy's */
	}		*held;		/* where each held item is */
	size_t		 nheld;
	struct {
		struct endpoint	ep[2];	/* local, remote */
		int8_t		to;
		uint32_t	why;
		uint64_t	time;
	}		*est;		/* engine states waiting for a segment */
	size_t		 nest;
	char		*str;		/* strings items refer to, by offset */
	size_t		 nstr;
	size_t		 capstr;
	uint64_t	 npkt;
	/* A live session's bound (dg_set_keep): conversations kept. */
	unsigned	 keep;		/* 0: every one (reading a file) */
	unsigned	 nlive;		/* tracked conversations recorded */
	struct dg_conv	*lhead, *ltail;	/* ... in the order they were made */
	unsigned long	 evicted;	/* conversations dropped so far */
	uint64_t	 evicted_items;	/* ... and their items */
	size_t		 dead_str;	/* string bytes only evicted items used */
	/* A live session's bound on each conversation: items kept. */
	unsigned	 keep_items;	/* 0: every one (reading a file) */
	uint64_t	 trimmed;	/* items dropped from conversations by it */
};

/* Drop the oldest conversations beyond d->keep (diagram-store.c). */
void		 dg_evict(struct dg *d);

/* Conversation id (tracked or orphan), or NULL. */
const struct dg_conv *dg_find(const struct dg *d, unsigned id);

/* A new tracked conversation c takes the items of an orphan on its 4-tuple. */
void		 dg_adopt(struct dg *d, struct dg_conv *c);

/* The end of c that sent s (diagram-store.c). */
int		 dg_sender(const struct dg_conv *c, const struct seg *s);

/* Whether c is between the endpoints of s, either way round. */
int		 dg_same_pair(const struct dg_conv *c, const struct seg *s);

/* The newest inbound arrow of c that is segment s, a few items back; or -1. */
long		 dg_cause_item(const struct dg_conv *c, const struct seg *s);

/*
 * The released step-held arrow of c that segment s (from end a, relative
 * sequence number seq) is the wire copy of; or -1 (diagram-hold.c).
 */
long		 dg_released(const struct dg_conv *c, const struct seg *s, int a,
		    uint32_t seq);

/* Whether our end of c enters a state in an item after item i. */
int		 dg_local_later(const struct dg_conv *c, size_t i);

/* Whether the engine's waiting states make c's our end the engine's. */
void		 dg_local_claim(struct dg *d, struct dg_conv *c);

/*
 * Item i of c, which we sent, takes the engine's states waiting for it;
 * returns its index (rows for earlier states may go before it).
 */
size_t		 dg_local_apply(struct dg *d, struct dg_conv *c, size_t i);

/* Whether end e's states in c come from the engine, not the tracker. */
#define DG_ENGINE_OWNS(c, e)	((c)->engine && (e) == (c)->local)

/* Append an item of kind to c at time t (cli/diagram/diagram-store.c). */
struct dg_item	*dg_push(struct dg_conv *c, uint64_t t, int kind);

/*
 * Items from i on of c changed in place, or one was put in or taken out
 * at i: an incremental layout lays them out again (diagram-store.c).
 */
void		 dg_touch(struct dg_conv *c, size_t i);

/*
 * The first item (counting those gone) changed in place after version
 * ver of c: UINT64_MAX when none; c->gone when it cannot be told.
 */
uint64_t	 dg_changed_since(const struct dg_conv *c, uint64_t ver);

/*
 * Drop the oldest items of c beyond d->keep_items, keeping what the
 * layout needs of them (diagram-store.c); never a held or released one.
 */
void		 dg_trim(struct dg *d, struct dg_conv *c);

/* Free c's items (their allocation begins c->skip items before them);
   item is NULL after, nitem and capitem as they were. */
void		 dg_items_free(struct dg_conv *c);

/* Options of s (sent by end a of c) in short form, into buf (diagram-store.c). */
void		 dg_opts_fmt(const struct dg_conv *c, const struct seg *s,
		    int a, char *buf, size_t len);

/* Keep a copy of string s; its offset for dg_str() (diagram-store.c). */
uint32_t	 dg_intern(struct dg *d, const char *s);

#endif
