/*
 * core/tcp-table.c - the connection table: every TCB in id order, found by
 * id, by 4-tuple (RFC 9293 §3.10.7's demultiplexing) and, for listeners,
 * by local address and port, through hashes keyed with the stack's secret
 * (a peer cannot choose tuples that share a bucket).  It also counts, per
 * local address and port, the TCBs that are not CLOSED, so that "is this
 * port in use" is one lookup too.  Buckets double as the table grows, so
 * each lookup looks at a bounded number of TCBs on average.
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "core/tcp-int.h"
#include "core/xmalloc.h"

#define TAB_MIN	64	/* buckets of each hash at first (a power of two) */

/* A local address and port in use, and by how many TCBs not CLOSED. */
struct portref {
	struct endpoint	 ep;
	size_t		 n;
	struct portref	*next;
};

struct tcb_table {
	uint64_t	 key[2];
	struct tcb	**id_b, **tu_b, **li_b;
	struct portref	**po_b;
	size_t		 nb;		/* buckets in each (a power of two) */
	size_t		 live, closed;
	uint64_t	 created, freed;
	struct tcb	*head, *tail;	/* in id order */
	/* Debug counters: lookups and the TCBs they looked at. */
	uint64_t	 lookups, probes;
};

/* A 64-bit mix (the finaliser of MurmurHash3). */
static uint64_t
tab_mix(uint64_t h)
{
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	h *= 0xc4ceb9fe1a85ec53ULL;
	h ^= h >> 33;
	return (h);
}

/* Fold endpoint e into hash h. */
static uint64_t
tab_ep(uint64_t h, const struct addr *a, uint16_t port)
{
	size_t		n = a->family == 4 ? 4 : 16, i;
	uint64_t	w;

	for (i = 0; i < n; i += 4) {
		w = (uint64_t)a->a[i] << 24 | (uint64_t)a->a[i + 1] << 16 |
		    (uint64_t)a->a[i + 2] << 8 | a->a[i + 3];
		h = tab_mix(h ^ w);
	}
	return (tab_mix(h ^ ((uint64_t)a->family << 16 | port)));
}

/* The bucket of the 4-tuple local -> remote. */
static size_t
tab_tu(const struct tcb_table *tb, const struct addr *la, uint16_t lp,
    const struct addr *ra, uint16_t rp, size_t nb)
{
	return ((size_t)tab_ep(tab_ep(tb->key[0], la, lp), ra, rp) & (nb - 1));
}

/* The bucket of the local address a:port. */
static size_t
tab_li(const struct tcb_table *tb, const struct addr *a, uint16_t port,
    size_t nb)
{
	return ((size_t)tab_ep(tb->key[1], a, port) & (nb - 1));
}

/* A new empty table keyed by key. */
struct tcb_table *
tcb_table_new(const uint64_t key[2])
{
	struct tcb_table	*tb = xcalloc(1, sizeof *tb);

	tb->key[0] = tab_mix(key[0] ^ 0x7f4a7c159e3779b9ULL);
	tb->key[1] = tab_mix(key[1] ^ 0x1ce4e5b9bf58476dULL);
	tb->nb = TAB_MIN;
	tb->id_b = xcalloc(tb->nb, sizeof *tb->id_b);
	tb->tu_b = xcalloc(tb->nb, sizeof *tb->tu_b);
	tb->li_b = xcalloc(tb->nb, sizeof *tb->li_b);
	tb->po_b = xcalloc(tb->nb, sizeof *tb->po_b);
	return (tb);
}

/* Free the table (not the TCBs: the stack frees those). */
void
tcb_table_free(struct tcb_table *tb)
{
	struct portref	*p;
	size_t		 i;

	if (tb == NULL)
		return;
	for (i = 0; i < tb->nb; i++)
		while ((p = tb->po_b[i]) != NULL) {
			tb->po_b[i] = p->next;
			free(p);
		}
	free(tb->id_b);
	free(tb->tu_b);
	free(tb->li_b);
	free(tb->po_b);
	free(tb);
}

/* Put t in the hashes of nb buckets it belongs in. */
static void
tab_link(struct tcb_table *tb, struct tcb *t, struct tcb **id_b,
    struct tcb **tu_b, struct tcb **li_b, size_t nb)
{
	size_t	h;

	h = t->id & (nb - 1);
	t->id_next = id_b[h];
	id_b[h] = t;
	if (t->in_tu) {
		h = tab_tu(tb, &t->local.addr, t->local.port, &t->remote.addr,
		    t->remote.port, nb);
		t->tu_next = tu_b[h];
		tu_b[h] = t;
	}
	if (t->in_li) {
		h = tab_li(tb, &t->local.addr, t->local.port, nb);
		t->li_next = li_b[h];
		li_b[h] = t;
	}
}

/*
 * Double the buckets once the TCBs outnumber them.  TCBs are linked in
 * from the oldest, so each chain keeps the newest first (lookups find the
 * newest incarnation of a 4-tuple first, as the old list walk did).
 */
static void
tab_grow(struct tcb_table *tb)
{
	size_t		 nb = tb->nb * 2, i, h;
	struct tcb	**id_b, **tu_b, **li_b, *t;
	struct portref	**po_b, *p;

	id_b = xcalloc(nb, sizeof *id_b);
	tu_b = xcalloc(nb, sizeof *tu_b);
	li_b = xcalloc(nb, sizeof *li_b);
	po_b = xcalloc(nb, sizeof *po_b);
	for (t = tb->head; t != NULL; t = t->next)
		tab_link(tb, t, id_b, tu_b, li_b, nb);
	for (i = 0; i < tb->nb; i++)
		while ((p = tb->po_b[i]) != NULL) {
			tb->po_b[i] = p->next;
			h = tab_li(tb, &p->ep.addr, p->ep.port, nb);
			p->next = po_b[h];
			po_b[h] = p;
		}
	free(tb->id_b);
	free(tb->tu_b);
	free(tb->li_b);
	free(tb->po_b);
	tb->id_b = id_b;
	tb->tu_b = tu_b;
	tb->li_b = li_b;
	tb->po_b = po_b;
	tb->nb = nb;
}

/* A new TCB (its id set, in no state yet that puts it in a hash). */
void
tcb_table_add(struct tcb_table *tb, struct tcb *t)
{
	t->prev = tb->tail;
	t->next = NULL;
	if (tb->tail != NULL)
		tb->tail->next = t;
	else
		tb->head = t;
	tb->tail = t;
	tb->live++;
	tb->created++;
	if (t->state == TCP_CLOSED)
		tb->closed++;
	if (tb->live > tb->nb)
		tab_grow(tb);
	else
		tab_link(tb, t, tb->id_b, tb->tu_b, tb->li_b, tb->nb);
}

/* Count one more (d 1) or one fewer (d -1) TCB not CLOSED on ep. */
static void
tab_port(struct tcb_table *tb, const struct endpoint *ep, int d)
{
	struct portref	**pp, *p;

	pp = &tb->po_b[tab_li(tb, &ep->addr, ep->port, tb->nb)];
	for (; (p = *pp) != NULL; pp = &p->next)
		if (p->ep.port == ep->port && addr_eq(&p->ep.addr, &ep->addr))
			break;
	if (d > 0) {
		if (p == NULL) {
			p = xcalloc(1, sizeof *p);
			p->ep = *ep;
			p->next = *pp;
			*pp = p;
		}
		p->n++;
	} else if (p != NULL && --p->n == 0) {
		*pp = p->next;
		free(p);
	}
}

/* Unlink t from the chain at *pp through the link at offset off. */
static void
tab_unlink(struct tcb **pp, struct tcb *t, size_t off)
{
	struct tcb	*x;

	for (; (x = *pp) != NULL; pp = (struct tcb **)((char *)x + off))
		if (x == t) {
			*pp = *(struct tcb **)((char *)x + off);
			return;
		}
}

/*
 * t went from state from to its state now: a listener is found by its
 * local address while in LISTEN; a connection by its 4-tuple from its
 * first state other than LISTEN and CLOSED until it is freed (CLOSED ones
 * still attribute segments, stack_find); the port count follows.
 */
void
tcb_table_state(struct tcb_table *tb, struct tcb *t, enum tcp_state from)
{
	bool	 li = t->state == TCP_LISTEN && t->listener == 0;
	size_t	 h;

	if ((from == TCP_CLOSED) != (t->state == TCP_CLOSED)) {
		if (t->state == TCP_CLOSED)
			tb->closed++;
		else
			tb->closed--;
	}
	if (li && !t->in_li) {
		t->in_li = true;
		h = tab_li(tb, &t->local.addr, t->local.port, tb->nb);
		t->li_next = tb->li_b[h];
		tb->li_b[h] = t;
	} else if (!li && t->in_li) {
		t->in_li = false;
		tab_unlink(&tb->li_b[tab_li(tb, &t->local.addr, t->local.port,
		    tb->nb)], t, offsetof(struct tcb, li_next));
	}
	if (!t->in_tu && t->state != TCP_LISTEN && t->state != TCP_CLOSED) {
		t->in_tu = true;
		h = tab_tu(tb, &t->local.addr, t->local.port, &t->remote.addr,
		    t->remote.port, tb->nb);
		t->tu_next = tb->tu_b[h];
		tb->tu_b[h] = t;
	}
	if (t->port_held != (t->state != TCP_CLOSED)) {
		t->port_held = t->state != TCP_CLOSED;
		tab_port(tb, &t->local, t->port_held ? 1 : -1);
	}
}

/* Take t out of the table (it is about to be freed). */
void
tcb_table_del(struct tcb_table *tb, struct tcb *t)
{
	tab_unlink(&tb->id_b[t->id & (tb->nb - 1)], t,
	    offsetof(struct tcb, id_next));
	if (t->in_tu)
		tab_unlink(&tb->tu_b[tab_tu(tb, &t->local.addr, t->local.port,
		    &t->remote.addr, t->remote.port, tb->nb)], t,
		    offsetof(struct tcb, tu_next));
	if (t->in_li)
		tab_unlink(&tb->li_b[tab_li(tb, &t->local.addr, t->local.port,
		    tb->nb)], t, offsetof(struct tcb, li_next));
	if (t->port_held)
		tab_port(tb, &t->local, -1);
	t->in_tu = t->in_li = t->port_held = false;
	if (t->prev != NULL)
		t->prev->next = t->next;
	else
		tb->head = t->next;
	if (t->next != NULL)
		t->next->prev = t->prev;
	else
		tb->tail = t->prev;
	if (t->state == TCP_CLOSED)
		tb->closed--;
	tb->live--;
}

/* Count a TCB freed. */
void
tcb_table_freed(struct tcb_table *tb)
{
	tb->freed++;
}

/* The TCB with id, or NULL. */
struct tcb *
tcb_table_id(const struct tcb_table *tb, unsigned id)
{
	struct tcb_table	*w = (struct tcb_table *)tb;	/* counters */
	struct tcb		*t;

	w->lookups++;
	for (t = tb->id_b[id & (tb->nb - 1)]; t != NULL; t = t->id_next) {
		w->probes++;
		if (t->id == id)
			return (t);
	}
	return (NULL);
}

/*
 * The newest connection local:lport <-> remote:rport that is not LISTEN
 * and, unless closed_too, not CLOSED; or NULL.
 */
struct tcb *
tcb_table_tuple(const struct tcb_table *tb, const struct addr *la,
    uint16_t lp, const struct addr *ra, uint16_t rp, bool closed_too)
{
	struct tcb_table	*w = (struct tcb_table *)tb;
	struct tcb		*t;

	w->lookups++;
	for (t = tb->tu_b[tab_tu(tb, la, lp, ra, rp, tb->nb)]; t != NULL;
	    t = t->tu_next) {
		w->probes++;
		if (t->state == TCP_LISTEN ||
		    (!closed_too && t->state == TCP_CLOSED))
			continue;
		if (t->local.port == lp && t->remote.port == rp &&
		    addr_eq(&t->local.addr, la) && addr_eq(&t->remote.addr, ra))
			return (t);
	}
	return (NULL);
}

/* The listener on a:port, or NULL. */
struct tcb *
tcb_table_listener(const struct tcb_table *tb, const struct addr *a,
    uint16_t port)
{
	struct tcb_table	*w = (struct tcb_table *)tb;
	struct tcb		*t;

	w->lookups++;
	for (t = tb->li_b[tab_li(tb, a, port, tb->nb)]; t != NULL;
	    t = t->li_next) {
		w->probes++;
		if (t->local.port == port && addr_eq(&t->local.addr, a))
			return (t);
	}
	return (NULL);
}

/* Whether a TCB that is not CLOSED uses the local address a:port. */
bool
tcb_table_port(const struct tcb_table *tb, const struct addr *a,
    uint16_t port)
{
	const struct portref	*p;

	for (p = tb->po_b[tab_li(tb, a, port, tb->nb)]; p != NULL; p = p->next)
		if (p->ep.port == port && addr_eq(&p->ep.addr, a))
			return (p->n > 0);
	return (false);
}

/* The oldest TCB (lowest id), or NULL; t->next goes on in id order. */
struct tcb *
tcb_table_first(const struct tcb_table *tb)
{
	return (tb->head);
}

/* The newest TCB (highest id), or NULL; t->prev goes back in id order. */
struct tcb *
tcb_table_last(const struct tcb_table *tb)
{
	return (tb->tail);
}

/* What the table holds. */
void
tcb_table_stats(const struct tcb_table *tb, struct tcp_table_stats *o)
{
	memset(o, 0, sizeof *o);
	o->live = tb->live;
	o->closed = tb->closed;
	o->created = tb->created;
	o->freed = tb->freed;
	o->buckets = tb->nb;
	o->probes = tb->probes;
	o->lookups = tb->lookups;
}

/* Take t out of its listener's list of children not handed out. */
void
tcb_kid_del(struct tcb *t)
{
	struct tcb	*l;

	if (!t->in_kids)
		return;
	if (t->kid_prev != NULL)
		t->kid_prev->kid_next = t->kid_next;
	else if ((l = tcb_table_id(t->st->tab, t->listener)) != NULL)
		l->kids = t->kid_next;
	if (t->kid_next != NULL)
		t->kid_next->kid_prev = t->kid_prev;
	t->kid_next = t->kid_prev = NULL;
	t->in_kids = false;
	tcp_kid_sync(t);
}
