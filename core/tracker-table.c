/*
 * core/tracker-table.c - the passive tracker's table (core/tracker.c
 * infers the states): cfg.max_conv slots, each conversation found by its
 * 4-tuple in either direction and by its id through hash chains, the last
 * lookup remembered for the next segment of the same pair; when the table
 * is full the least recently active finished conversation is evicted, else
 * the least recently active of all, each taken in O(1) from the head of
 * its activity list.  Also the bounded queue of events (TRK_MAXEV, the
 * oldest dropped and counted) and the queries on the table.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/tracker-int.h"
#include "core/xmalloc.h"

static unsigned	 trk_hash_ep(const struct endpoint *);
static unsigned	 trk_hash(const struct seg *);
static int	 trk_ep_eq(const struct endpoint *, const struct addr *,
		    uint16_t);
static void	 trk_lru_del(struct tracker *, int);
static void	 trk_unlink(struct tracker *, int);
static int	 trk_alloc(struct tracker *, uint64_t);

/* Fill c with the defaults. */
void
trk_cfg_default(struct trk_cfg *c)
{
	c->time_wait = 60 * TCP_SEC;
	c->handshake = 127 * TCP_SEC;
	c->max_conv = 1024;
	c->abs_seq = false;
}

/* A new tracker with settings c (NULL: the defaults). */
struct tracker *
tracker_new(const struct trk_cfg *c)
{
	struct tracker	*tr;
	unsigned	 i;

	tr = xcalloc(1, sizeof *tr);
	if (c != NULL)
		tr->cfg = *c;
	else
		trk_cfg_default(&tr->cfg);
	if (tr->cfg.max_conv == 0)
		tr->cfg.max_conv = 1;
	tr->slot = xcalloc(tr->cfg.max_conv, sizeof *tr->slot);
	tr->memo = xcalloc(1, sizeof *tr->memo);
	tr->nbucket = tr->cfg.max_conv * 2;
	tr->bucket = xcalloc(tr->nbucket, sizeof *tr->bucket);
	tr->idbucket = xcalloc(tr->nbucket, sizeof *tr->idbucket);
	for (i = 0; i < tr->nbucket; i++)
		tr->bucket[i] = tr->idbucket[i] = TRK_NOSLOT;
	tr->lhead[0] = tr->lhead[1] = tr->ltail[0] = tr->ltail[1] = TRK_NOSLOT;
	tr->next_id = 1;
	tr->soonest = TCP_NEVER;
	return (tr);
}

/* Notes print absolute sequence numbers (on) or relative ones (off). */
void
tracker_set_abs_seq(struct tracker *tr, bool on)
{
	tr->cfg.abs_seq = on;
}

/* Free tr and everything in it. */
void
tracker_free(struct tracker *tr)
{
	if (tr == NULL)
		return;
	free(tr->slot);
	free(tr->memo);
	free(tr->bucket);
	free(tr->idbucket);
	free(tr->ev);
	free(tr);
}

/* FNV-1a of one endpoint's address and port. */
static unsigned
trk_hash_ep(const struct endpoint *e)
{
	uint32_t	h = 2166136261u;
	size_t		i, n = e->addr.family == 4 ? 4 : 16;

	for (i = 0; i < n; i++)
		h = (h ^ e->addr.a[i]) * 16777619u;
	h = (h ^ (e->port >> 8)) * 16777619u;
	h = (h ^ (e->port & 0xff)) * 16777619u;
	return (h);
}

/* A hash of s's 4-tuple that is the same in both directions. */
static unsigned
trk_hash(const struct seg *s)
{
	struct endpoint	src, dst;

	src.addr = s->src;
	src.port = s->th.sport;
	dst.addr = s->dst;
	dst.port = s->th.dport;
	return (trk_hash_ep(&src) ^ trk_hash_ep(&dst));
}

/* Whether e is address a, port p. */
static int
trk_ep_eq(const struct endpoint *e, const struct addr *a, uint16_t p)
{
	return (e->port == p && addr_eq(&e->addr, a));
}

/*
 * The slot of the newest conversation on s's 4-tuple, or TRK_NOSLOT (the
 * memo's answer when it is of the same pair, either way, and no chain
 * changed since).
 */
int
trk_lookup(const struct tracker *tr, const struct seg *s, int *end)
{
	struct trk_memo		*m = tr->memo;
	const struct trk_conv	*c;
	int			 i;

	if (m->valid && m->gen == tr->gen) {
		if (s->th.sport == m->sport && s->th.dport == m->dport &&
		    addr_eq(&s->src, &m->src) && addr_eq(&s->dst, &m->dst)) {
			if (m->slot != TRK_NOSLOT)
				*end = m->end;
			return (m->slot);
		}
		if (s->th.sport == m->dport && s->th.dport == m->sport &&
		    addr_eq(&s->src, &m->dst) && addr_eq(&s->dst, &m->src)) {
			if (m->slot != TRK_NOSLOT)
				*end = !m->end;
			return (m->slot);
		}
	}
	m->valid = true;
	m->gen = tr->gen;
	m->src = s->src;
	m->dst = s->dst;
	m->sport = s->th.sport;
	m->dport = s->th.dport;
	m->slot = TRK_NOSLOT;
	for (i = tr->bucket[trk_hash(s) % tr->nbucket]; i != TRK_NOSLOT;
	    i = tr->slot[i].next) {
		c = &tr->slot[i].c;
		if (trk_ep_eq(&c->end[0].ep, &s->src, s->th.sport) &&
		    trk_ep_eq(&c->end[1].ep, &s->dst, s->th.dport)) {
			*end = m->end = 0;
			return (m->slot = i);
		}
		if (trk_ep_eq(&c->end[1].ep, &s->src, s->th.sport) &&
		    trk_ep_eq(&c->end[0].ep, &s->dst, s->th.dport)) {
			*end = m->end = 1;
			return (m->slot = i);
		}
	}
	return (TRK_NOSLOT);
}

/* Whether neither end of c is in a connection any more (CLOSED or LISTEN). */
int
trk_finished(const struct trk_conv *c)
{
	int	i;

	for (i = 0; i < 2; i++)
		if (c->end[i].state != TCP_CLOSED &&
		    c->end[i].state != TCP_LISTEN)
			return (0);
	return (1);
}

/* Take slot i out of its activity list. */
static void
trk_lru_del(struct tracker *tr, int i)
{
	struct trk_slot	*sl = &tr->slot[i];

	if (sl->lprev != TRK_NOSLOT)
		tr->slot[sl->lprev].lnext = sl->lnext;
	else
		tr->lhead[sl->lfin] = sl->lnext;
	if (sl->lnext != TRK_NOSLOT)
		tr->slot[sl->lnext].lprev = sl->lprev;
	else
		tr->ltail[sl->lfin] = sl->lprev;
}

/*
 * Slot i was just active: the most recent of its list, the finished or
 * the unfinished one, so that eviction takes a list's head in O(1).
 */
void
trk_lru_touch(struct tracker *tr, int i, int listed)
{
	struct trk_slot	*sl = &tr->slot[i];
	int		 fin = trk_finished(&sl->c);

	if (listed)
		trk_lru_del(tr, i);
	sl->lfin = fin;
	sl->lnext = TRK_NOSLOT;
	sl->lprev = tr->ltail[fin];
	if (tr->ltail[fin] != TRK_NOSLOT)
		tr->slot[tr->ltail[fin]].lnext = i;
	else
		tr->lhead[fin] = i;
	tr->ltail[fin] = i;
}

/* The slot of conversation c. */
int
trk_slot_of(const struct tracker *tr, const struct trk_conv *c)
{
	return ((int)((const struct trk_slot *)(const void *)((const char *)c -
	    offsetof(struct trk_slot, c)) - tr->slot));
}

/* Take slot i out of its hash chains and mark it free. */
static void
trk_unlink(struct tracker *tr, int i)
{
	int	*p = &tr->bucket[tr->slot[i].hash % tr->nbucket];

	while (*p != i)
		p = &tr->slot[*p].next;
	*p = tr->slot[i].next;
	p = &tr->idbucket[tr->slot[i].c.id % tr->nbucket];
	while (*p != i)
		p = &tr->slot[*p].idnext;
	*p = tr->slot[i].idnext;
	trk_lru_del(tr, i);
	tr->slot[i].used = false;
	tr->nused--;
	tr->gen++;
}

/*
 * A free slot for a new conversation; when the table is full, evict the
 * least recently active finished conversation, else the least recently
 * active of all (activity: a segment, or a state change by a timer).
 */
static int
trk_alloc(struct tracker *tr, uint64_t now)
{
	unsigned	i;
	int		best, best_fin;

	if (tr->nused < tr->cfg.max_conv) {
		for (i = 0; i < tr->cfg.max_conv; i++)
			if (!tr->slot[i].used)
				return ((int)i);
	}
	best_fin = tr->lhead[1] != TRK_NOSLOT;
	best = tr->lhead[best_fin];
	trk_emit(tr, TRK_EV_GONE, &tr->slot[best].c, -1, now, 0,
	    "evicted: the table of %u conversations is full%s",
	    tr->cfg.max_conv, best_fin ? "" : " and none of them has ended");
	trk_unlink(tr, best);
	return (best);
}

/*
 * A slot for a new conversation on s's 4-tuple (trk_alloc evicts one when
 * the table is full), zeroed, on both hash chains under the next id and
 * the most recent of its activity list; returns its index.
 */
int
trk_slot_new(struct tracker *tr, const struct seg *s, uint64_t now)
{
	struct trk_slot	*sl;
	unsigned	 h = trk_hash(s);
	int		 i;

	i = trk_alloc(tr, now);
	sl = &tr->slot[i];
	memset(sl, 0, sizeof *sl);
	sl->used = true;
	sl->hash = h;
	sl->next = tr->bucket[h % tr->nbucket];
	tr->bucket[h % tr->nbucket] = i;
	tr->nused++;
	tr->gen++;

	sl->c.id = tr->next_id++;
	sl->idnext = tr->idbucket[sl->c.id % tr->nbucket];
	tr->idbucket[sl->c.id % tr->nbucket] = i;
	trk_lru_touch(tr, i, 0);
	return (i);
}

/* Queue an event about end `end` (-1: the conversation) of c. */
struct trk_event *
trk_emit(struct tracker *tr, enum trk_ev_type type, const struct trk_conv *c,
    int end, uint64_t now, uint32_t seq, const char *fmt, ...)
{
	struct trk_event	*ev;
	size_t			 i, ncap;
	va_list			 ap;

	if (tr->ev_n == tr->ev_cap && tr->ev_cap < TRK_MAXEV) {
		ncap = tr->ev_cap ? tr->ev_cap * 2 : 64;
		if (ncap > TRK_MAXEV)
			ncap = TRK_MAXEV;
		tr->ev = xrealloc(tr->ev, ncap * sizeof *tr->ev);
		/* Unwrap the ring into the grown array. */
		for (i = 0; i < tr->ev_head; i++)
			tr->ev[tr->ev_cap + i] = tr->ev[i];
		if (tr->ev_head > 0)
			memmove(tr->ev, tr->ev + tr->ev_head,
			    tr->ev_n * sizeof *tr->ev);
		tr->ev_head = 0;
		tr->ev_cap = ncap;
	}
	if (tr->ev_n == tr->ev_cap) {
		tr->ev_head = (tr->ev_head + 1) % tr->ev_cap;
		tr->ev_n--;
		tr->ev_dropped++;
	}
	ev = &tr->ev[(tr->ev_head + tr->ev_n++) % tr->ev_cap];
	memset(ev, 0, sizeof *ev);
	ev->type = type;
	ev->conv = c->id;
	ev->end = end;
	ev->who = c->end[end < 0 ? TRK_INIT : end].ep;
	ev->from = ev->to = end < 0 ? TCP_CLOSED : c->end[end].state;
	ev->time = now;
	ev->seq = seq;
	va_start(ap, fmt);
	vsnprintf(ev->why, sizeof ev->why, fmt, ap);
	va_end(ap);
	return (ev);
}

/* The earliest time tracker_tick must be called, or TCP_NEVER. */
uint64_t
tracker_deadline(const struct tracker *tr)
{
	uint64_t	d = TCP_NEVER;
	unsigned	i;
	int		j;

	for (i = 0; i < tr->cfg.max_conv; i++) {
		if (!tr->slot[i].used)
			continue;
		for (j = 0; j < 2; j++)
			if (tr->slot[i].c.end[j].deadline < d)
				d = tr->slot[i].c.end[j].deadline;
	}
	return (d);
}

/* Take the oldest queued event; returns 1, or 0 when none is queued. */
int
tracker_event(struct tracker *tr, struct trk_event *ev)
{
	if (tr->ev_n == 0)
		return (0);
	*ev = tr->ev[tr->ev_head];
	tr->ev_head = (tr->ev_head + 1) % tr->ev_cap;
	tr->ev_n--;
	return (1);
}

/* Events dropped because too many were queued. */
uint64_t
tracker_dropped(const struct tracker *tr)
{
	return (tr->ev_dropped);
}

/* The conversation with this id, or NULL. */
const struct trk_conv *
tracker_conv(const struct tracker *tr, unsigned id)
{
	int	i;

	if (id == 0)
		return (NULL);
	for (i = tr->idbucket[id % tr->nbucket]; i != TRK_NOSLOT;
	    i = tr->slot[i].idnext)
		if (tr->slot[i].c.id == id)
			return (&tr->slot[i].c);
	return (NULL);
}

/* The first conversation id after `after`, or 0. */
unsigned
tracker_conv_next(const struct tracker *tr, unsigned after)
{
	unsigned	i, best = 0;

	for (i = 0; i < tr->cfg.max_conv; i++)
		if (tr->slot[i].used && tr->slot[i].c.id > after &&
		    (best == 0 || tr->slot[i].c.id < best))
			best = tr->slot[i].c.id;
	return (best);
}

/* The id of the newest conversation on s's 4-tuple, or 0. */
unsigned
tracker_find(const struct tracker *tr, const struct seg *s, int *end)
{
	int	i, e;

	i = trk_lookup(tr, s, &e);
	if (i == TRK_NOSLOT)
		return (0);
	if (end != NULL)
		*end = e;
	return (tr->slot[i].c.id);
}
