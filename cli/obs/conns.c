/*
 * cli/obs/conns.c - what the user has of each connection: received data
 * (the last recv_keep bytes in a ring, the older ones counted; all of it
 * written to a file as it comes when `save PATH follow|next` asked),
 * states visited and their history (each TEV_STATE's time and cause,
 * RFC 9293 §3.3.2), auto-accepting (and auto-closing) listeners and the
 * current connection, kept from the event stream and found by id through
 * a hash.  Nothing grows without bound: a connection that reaches CLOSED
 * stays whole in the engine while it is one of the last CONNS_HELD to
 * close (so `tcb`, `recv` and errors can still name it), then conns
 * releases it (tcp_release) and, once the engine frees it (TEV_FREED),
 * keeps only its final state and history, for the last CONNS_KEPT freed
 * connections; older ones are forgotten and counted.  The hash by id
 * doubles as the views outnumber its buckets, and the histories' sentences
 * are shared (cli/obs/strpool.c), so a view costs the same, in time and
 * memory, with 100,000 open as with one.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/obs/conns.h"
#include "cli/obs/out.h"
#include "cli/obs/rxsave.h"
#include "cli/obs/strpool.h"
#include "cli/run/session.h"
#include "core/xmalloc.h"

#define CONNS_BUCKETS	64	/* buckets at first (a power of two) */
#define CONNS_HIST_MIN	2	/* history entries a view starts with */

struct conns {
	struct session		*s;
	struct conn_view	**bucket;
	size_t			 nb;		/* buckets (a power of two) */
	unsigned long		 lookups, probes;
	struct strpool		*why;		/* the histories' sentences */
	struct conn_view	*list;		/* newest first */
	unsigned		 cur;
	unsigned long		 accepted;
	unsigned long		 accept_taken;	/* by `wait accept` */
	unsigned long		 closed;	/* connections that reached CLOSED */
	int			 quiet;		/* autoaccept says nothing */
	struct conn_view	*held, *held_tail;	/* CONN_HELD, oldest first */
	size_t			 nheld;
	struct conn_view	*kept, *kept_tail;	/* CONN_GONE, oldest first */
	size_t			 nkept, nviews;
	unsigned long		 forgotten, released;
	size_t			 keep;		/* recv_keep */
	struct rxsave		*next;		/* save PATH next, not yet taken */
};

static void	conns_event(void *, const struct run_ev *);

/* The views of s's connections, subscribed to its bus. */
struct conns *
conns_new(struct session *s)
{
	struct conns	*c = xcalloc(1, sizeof *c);

	c->s = s;
	c->nb = CONNS_BUCKETS;
	c->bucket = xcalloc(c->nb, sizeof *c->bucket);
	c->why = strpool_new();
	c->keep = CONNS_KEEP_DEFAULT;
	bus_subscribe(&s->bus, conns_event, c);
	bus_want(&s->bus, conns_event, c, BUS_TYPE(RUN_DATA) |
	    BUS_TYPE(RUN_ENGINE) | BUS_TYPE(RUN_NEIGH));
	return (c);
}

/* View v's save is done: no more can come, or it is gone. */
static void
conns_unfollow(struct conns *c, struct conn_view *v, const char *why)
{
	struct rxsave	*sv = v->rx != NULL ? v->rx->save : NULL;
	char		 label[16];

	if (sv == NULL)
		return;
	v->rx->save = NULL;
	rxsave_end(sv, session_id(c->s, v->id, label, sizeof label), why);
}

/* Whether no more data can come on a connection in state st. */
static int
conns_no_more_data(enum tcp_state st)
{
	return (st == TCP_CLOSED || st == TCP_CLOSE_WAIT ||
	    st == TCP_LAST_ACK || st == TCP_CLOSING || st == TCP_TIME_WAIT);
}

/* Write all connection id receives from now on to f (0: the next one's). */
void
conns_follow(struct conns *c, unsigned id, FILE *f, const char *path,
    uint64_t written)
{
	struct rxsave		*sv = rxsave_new(f, path, written);
	struct conn_view	*v;

	if (id == 0) {
		rxsave_end(c->next, NULL, NULL);
		c->next = sv;
		return;
	}
	v = conns_get(c, id);
	if (conns_rx(v)->save != NULL)
		conns_unfollow(c, v, "(a new save follows it)");
	v->rx->save = sv;
	if (v->phase != CONN_LIVE ||
	    (v->changes > 0 && conns_no_more_data(v->last)))
		conns_unfollow(c, v, "(no more can come)");
}

/* The file connection id's data goes to (0: the next one's), or NULL. */
const char *
conns_following(struct conns *c, unsigned id)
{
	struct conn_view	*v;

	if (id == 0)
		return (c->next != NULL ? rxsave_path(c->next) : NULL);
	v = conns_find(c, id);
	return (v != NULL && v->rx != NULL && v->rx->save != NULL ?
	    rxsave_path(v->rx->save) : NULL);
}

/* Keep the last max bytes each connection receives. */
void
conns_set_keep(struct conns *c, size_t max)
{
	struct conn_view	*v;

	c->keep = max;
	for (v = c->list; v != NULL; v = v->next)
		if (v->rx != NULL)
			rxring_trim(&v->rx->ring, max);
}

/* How many bytes of each connection's stream are kept. */
size_t
conns_keep(const struct conns *c)
{
	return (c->keep);
}

/* Free what v received (its ring; its save is ended already). */
static void
conns_rx_free(struct conn_view *v)
{
	if (v->rx == NULL)
		return;
	rxring_free(&v->rx->ring);
	free(v->rx);
	v->rx = NULL;
}

/* Free view v and all it holds (its save is ended already). */
static void
conns_view_free(struct conn_view *v)
{
	conns_rx_free(v);
	free(v->end);
	free(v->hist);
	free(v);
}

/* What v received, made empty on first use. */
struct conn_rx *
conns_rx(struct conn_view *v)
{
	if (v->rx == NULL)
		v->rx = xcalloc(1, sizeof *v->rx);
	return (v->rx);
}

/* Unsubscribe and free every view. */
void
conns_free(struct conns *c)
{
	struct conn_view	*v;

	if (c == NULL)
		return;
	bus_unsubscribe(&c->s->bus, conns_event, c);
	rxsave_end(c->next, NULL, NULL);
	while ((v = c->list) != NULL) {
		c->list = v->next;
		conns_unfollow(c, v, "(the session ended)");
		conns_view_free(v);
	}
	strpool_free(c->why);
	free(c->bucket);
	free(c);
}

/* Forget view v altogether (it is in no queue). */
static void
conns_drop(struct conns *c, struct conn_view *v)
{
	struct conn_view	**pp = &c->bucket[v->id & (c->nb - 1)];
	size_t			  i;

	for (i = 0; i < v->hist_len; i++)
		strpool_put(c->why, conns_hist(v, i)->why);
	for (; *pp != NULL; pp = &(*pp)->hnext)
		if (*pp == v) {
			*pp = v->hnext;
			break;
		}
	if (v->prev != NULL)
		v->prev->next = v->next;
	else
		c->list = v->next;
	if (v->next != NULL)
		v->next->prev = v->prev;
	conns_unfollow(c, v, NULL);
	conns_view_free(v);
	c->nviews--;
}

/*
 * The engine freed v's connection (or is about to): keep only its final
 * state and history, the history ring cut to what it holds, among the
 * last CONNS_KEPT; forget the oldest beyond that.
 */
static void
conns_gone(struct conns *c, struct conn_view *v)
{
	struct conn_hist	*h = NULL;
	struct conn_view	*old;
	size_t			 i;

	v->phase = CONN_GONE;
	conns_unfollow(c, v, NULL);
	conns_rx_free(v);
	if (v->hist_len > 0) {
		h = xmalloc(v->hist_len * sizeof *h);
		for (i = 0; i < v->hist_len; i++)
			h[i] = *conns_hist(v, i);
	}
	free(v->hist);
	v->hist = h;
	v->hist_cap = v->hist_len;
	v->hist_first = 0;
	v->qnext = NULL;
	if (c->kept_tail != NULL)
		c->kept_tail->qnext = v;
	else
		c->kept = v;
	c->kept_tail = v;
	c->nkept++;
	while (c->nkept > CONNS_KEPT) {
		old = c->kept;
		if ((c->kept = old->qnext) == NULL)
			c->kept_tail = NULL;
		c->nkept--;
		c->forgotten++;
		conns_drop(c, old);
	}
}

/* Take v out of the held queue. */
static void
conns_unhold(struct conns *c, struct conn_view *v)
{
	struct conn_view	**pp, *prev = NULL;

	for (pp = &c->held; *pp != NULL; prev = *pp, pp = &(*pp)->qnext)
		if (*pp == v) {
			*pp = v->qnext;
			if (c->held_tail == v)
				c->held_tail = prev;
			c->nheld--;
			v->qnext = NULL;
			return;
		}
}

/*
 * Connection v reached CLOSED: note its endpoints for its history and hold
 * it; release the oldest held (not the current one) beyond CONNS_HELD.
 */
static void
conns_hold(struct conns *c, struct conn_view *v)
{
	struct tcp_status	 ts;
	struct conn_view	*o;

	if (v->phase != CONN_LIVE)
		return;
	if (c->s->st != NULL && tcp_status(c->s->st, v->id, &ts) == 0) {
		if (v->end == NULL)
			v->end = xmalloc(sizeof *v->end);
		v->end->local = ts.local;
		v->end->remote = ts.remote;
	}
	v->phase = CONN_HELD;
	v->qnext = NULL;
	if (c->held_tail != NULL)
		c->held_tail->qnext = v;
	else
		c->held = v;
	c->held_tail = v;
	c->nheld++;
	while (c->nheld > CONNS_HELD) {
		for (o = c->held; o != NULL && o->id == c->cur; o = o->qnext)
			;
		if (o == NULL)
			break;
		conns_unhold(c, o);
		if (c->s->st != NULL && tcp_release(c->s->st, o->id) == 0)
			c->released++;
		conns_gone(c, o);
	}
}

/* The engine freed connection id. */
static void
conns_freed(struct conns *c, unsigned id)
{
	struct conn_view	*v = conns_find(c, id);

	if (v == NULL || v->phase == CONN_GONE)
		return;
	if (v->phase == CONN_HELD)
		conns_unhold(c, v);
	conns_gone(c, v);
}

/* The freed connection kept after prev (NULL: the oldest kept). */
struct conn_view *
conns_kept_next(struct conns *c, struct conn_view *prev)
{
	return (prev == NULL ? c->kept : prev->qnext);
}

/* What conns holds. */
void
conns_stats(const struct conns *c, struct conns_stats *o)
{
	o->views = c->nviews;
	o->held = c->nheld;
	o->kept = c->nkept;
	o->forgotten = c->forgotten;
	o->released = c->released;
	o->lookups = c->lookups;
	o->probes = c->probes;
	o->buckets = c->nb;
	o->whys = strpool_len(c->why);
}

/* The view of connection id, or NULL. */
struct conn_view *
conns_find(struct conns *c, unsigned id)
{
	struct conn_view	*v;

	c->lookups++;
	for (v = c->bucket[id & (c->nb - 1)]; v != NULL; v = v->hnext) {
		c->probes++;
		if (v->id == id)
			return (v);
	}
	return (NULL);
}

/* Double the buckets of the hash by id. */
static void
conns_grow(struct conns *c)
{
	size_t			  nb = c->nb * 2, i;
	struct conn_view	**b = xcalloc(nb, sizeof *b), *v;

	for (i = 0; i < c->nb; i++)
		while ((v = c->bucket[i]) != NULL) {
			c->bucket[i] = v->hnext;
			v->hnext = b[v->id & (nb - 1)];
			b[v->id & (nb - 1)] = v;
		}
	free(c->bucket);
	c->bucket = b;
	c->nb = nb;
}

/* The view of connection id, created on first use. */
struct conn_view *
conns_get(struct conns *c, unsigned id)
{
	struct conn_view	**b, *v;

	if ((v = conns_find(c, id)) != NULL)
		return (v);
	if (c->nviews >= c->nb)
		conns_grow(c);
	b = &c->bucket[id & (c->nb - 1)];
	v = xcalloc(1, sizeof *v);
	v->id = id;
	v->hnext = *b;
	*b = v;
	v->next = c->list;
	if (c->list != NULL)
		c->list->prev = v;
	c->list = v;
	c->nviews++;
	return (v);
}

/* The view after prev (NULL: the newest). */
struct conn_view *
conns_next(struct conns *c, struct conn_view *prev)
{
	return (prev == NULL ? c->list : prev->next);
}

/* The current connection or socket. */
unsigned
conns_cur(const struct conns *c)
{
	return (c->cur);
}

/* Make id the current connection or socket. */
void
conns_use(struct conns *c, unsigned id)
{
	c->cur = id;
	if (id != 0)
		conns_get(c, id);
}

/*
 * Connection id was taken from an accept queue: make it current, and say
 * so unless tell is 0; say when it is CLOSED already (reset while it
 * waited, as Linux accept() can return too; the engine's note and error
 * say why).
 */
static void
conns_take(struct conns *c, unsigned id, int tell)
{
	struct tcp_status	ts;
	char			ra[64];

	if (tcp_status(c->s->st, id, &ts) != 0)
		return;
	conns_use(c, id);
	c->accepted++;
	if (tell)
		say("* c%u: accepted from %s.%u (listener c%u)%s; now current",
		    id, addr_fmt(&ts.remote.addr, ra, sizeof ra),
		    ts.remote.port, ts.listener, ts.state == TCP_CLOSED ?
		    ", already CLOSED" : "");
}

/* Connection id was taken from an accept queue (by `accept`): say so. */
void
conns_accepted(struct conns *c, unsigned id)
{
	conns_take(c, id, 1);
}

/* Whether connections accepted at once go unannounced. */
void
conns_set_quiet(struct conns *c, int quiet)
{
	c->quiet = quiet;
}

/* Whether a connection was accepted that no `wait accept` took yet. */
int
conns_accept_new(const struct conns *c)
{
	return (c->accepted > c->accept_taken);
}

/* A `wait accept` took the oldest such connection. */
void
conns_accept_taken(struct conns *c)
{
	if (c->accept_taken < c->accepted)
		c->accept_taken++;
}

/* How many connections have reached CLOSED so far. */
unsigned long
conns_closed(const struct conns *c)
{
	return (c->closed);
}

/* The i-th state v entered of those kept, oldest first. */
const struct conn_hist *
conns_hist(const struct conn_view *v, size_t i)
{
	if (i >= v->hist_len)
		return (NULL);
	return (&v->hist[(v->hist_first + i) % CONNS_HIST_MAX]);
}

/*
 * Why connection id ended, when its last state change was to CLOSED: that
 * change's cause ("connection refused: RST in SYN-SENT (RFC 9293
 * §3.10.7.3)"); NULL while it is in another state or has no history.
 */
const char *
conns_end_why(struct conns *c, unsigned id)
{
	const struct conn_view	*v = conns_find(c, id);
	const struct conn_hist	*h;

	if (v == NULL || v->hist_len == 0)
		return (NULL);
	h = conns_hist(v, v->hist_len - 1);
	if (h->to != TCP_CLOSED || h->why == NULL || h->why[0] == '\0')
		return (NULL);
	return (h->why);
}

/*
 * Keep state change ev of v heard at tv, the oldest giving way (counted)
 * once CONNS_HIST_MAX are kept; the ring grows as it fills.
 */
static void
conns_hist_add(struct conns *c, struct conn_view *v,
    const struct tcp_event *ev, const struct timeval *tv)
{
	struct conn_hist	*h;
	struct timeval		 now;

	if (v->hist_len == v->hist_cap && v->hist_cap < CONNS_HIST_MAX) {
		v->hist_cap = v->hist_cap == 0 ? CONNS_HIST_MIN :
		    v->hist_cap * 2;
		if (v->hist_cap > CONNS_HIST_MAX)
			v->hist_cap = CONNS_HIST_MAX;
		v->hist = xrealloc(v->hist, v->hist_cap * sizeof *v->hist);
	}
	if (v->hist_len == CONNS_HIST_MAX) {
		h = &v->hist[v->hist_first];
		v->hist_first = (v->hist_first + 1) % CONNS_HIST_MAX;
		v->hist_dropped++;
		strpool_put(c->why, h->why);
	} else
		h = &v->hist[v->hist_len++];
	if (tv == NULL) {
		gettimeofday(&now, NULL);
		tv = &now;
	}
	h->us = (int64_t)tv->tv_sec * 1000000 + tv->tv_usec;
	h->from = (uint8_t)ev->from;
	h->to = (uint8_t)ev->to;
	h->cause = (uint16_t)ev->cause;
	h->why = strpool_get(c->why, ev->why);
}

/* The wall-clock time of history entry h, as a timeval. */
struct timeval
conns_hist_tv(const struct conn_hist *h)
{
	struct timeval	tv;
	int64_t		us = h->us;

	tv.tv_sec = (time_t)(us / 1000000);
	tv.tv_usec = (suseconds_t)(us % 1000000);
	if (tv.tv_usec < 0) {
		tv.tv_sec--;
		tv.tv_usec += 1000000;
	}
	return (tv);
}

/* A connection reached ESTABLISHED: accept it if its listener auto-accepts. */
static void
conns_autoaccept(struct conns *c, unsigned conn)
{
	struct tcp_status	 ts;
	unsigned		 id;

	if (c->s->st == NULL || tcp_status(c->s->st, conn, &ts) != 0 ||
	    ts.listener == 0)
		return;
	if (!conns_get(c, ts.listener)->autoaccept)
		return;
	while ((id = tcp_accept(c->s->st, ts.listener)) != 0)
		conns_take(c, id, !c->quiet);
}

/*
 * A connection reached CLOSE-WAIT: close it if its listener auto-closes, as
 * a server that reads to the end of the stream and then closes (RFC 9293
 * §3.10.4, CLOSE in CLOSE-WAIT: our FIN follows, LAST-ACK).
 */
static void
conns_autoclose(struct conns *c, unsigned conn)
{
	struct tcp_status	 ts;
	char			 err[TCP_ERRLEN];

	if (tcp_status(c->s->st, conn, &ts) != 0 || ts.listener == 0)
		return;
	if (!conns_get(c, ts.listener)->autoclose)
		return;
	if (tcp_close(c->s->st, conn, session_now(c->s), err, sizeof err) != 0)
		say_err("c%u: autoclose: %s", conn, err);
}

/* ARP/ND gave up on address a: mark the connections to it. */
static void
conns_unresolved(struct conns *c, const struct addr *a)
{
	struct tcp_status	ts;
	unsigned		id = 0;

	while ((id = stack_conn_next(c->s->st, id)) != 0)
		if (tcp_status(c->s->st, id, &ts) == 0 &&
		    ts.state != TCP_CLOSED && addr_eq(&ts.remote.addr, a))
			conns_get(c, id)->unresolved = 1;
}

/* Keep what the user has of connections from the event stream. */
static void
conns_event(void *arg, const struct run_ev *ev)
{
	struct conns	*c = arg;

	if (ev->type == RUN_DATA) {
		struct conn_view *v = conns_get(c, ev->conn);
		struct conn_rx	 *rx = conns_rx(v);

		rxring_append(&rx->ring, ev->data, ev->len, c->keep);
		if (rx->save != NULL &&
		    rxsave_write(rx->save, ev->data, ev->len) != 0)
			conns_unfollow(c, v, NULL);
	} else if (ev->type == RUN_ENGINE && ev->tev->type == TEV_FREED)
		conns_freed(c, ev->tev->conn);
	else if (ev->type == RUN_NEIGH && ev->neigh == NEIGH_GAVE_UP)
		conns_unresolved(c, ev->addr);
	else if (ev->type == RUN_ENGINE && ev->tev->type == TEV_STATE) {
		struct conn_view *v = conns_get(c, ev->tev->conn);
		char		  label[16];

		if ((unsigned)ev->tev->to < TCP_NSTATES)
			v->entered[ev->tev->to] = ++v->changes;
		v->last = ev->tev->to;
		conns_hist_add(c, v, ev->tev, ev->ts);
		if (conns_no_more_data(ev->tev->to))
			conns_unfollow(c, v, NULL);
		if (ev->tev->to == TCP_CLOSED) {
			v->closed = ++c->closed;
			conns_hold(c, v);
		}
		if (ev->tev->to == TCP_ESTABLISHED && c->next != NULL &&
		    conns_rx(v)->save == NULL) {
			v->rx->save = c->next;
			c->next = NULL;
			say("* %s: what it receives goes to %s (save next)",
			    session_id(c->s, v->id, label, sizeof label),
			    rxsave_path(v->rx->save));
		}
		if (ev->tev->to == TCP_ESTABLISHED)
			conns_autoaccept(c, ev->tev->conn);
		if (ev->tev->to == TCP_CLOSE_WAIT)
			conns_autoclose(c, ev->tev->conn);
	}
}
