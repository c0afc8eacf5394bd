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
	size_t		 capitem;
	size_t		 last;		/* the segment item recorded last */
	size_t		 nreleased;	/* items released, wire copy awaited */
	struct dg_conv	*lnext;		/* tracked: the next one made (dg_evict) */
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

/* Options of s (sent by end a of c) in short form, into buf (diagram-store.c). */
void		 dg_opts_fmt(const struct dg_conv *c, const struct seg *s,
		    int a, char *buf, size_t len);

/* Keep a copy of string s; its offset for dg_str() (diagram-store.c). */
uint32_t	 dg_intern(struct dg *d, const char *s);

#endif
