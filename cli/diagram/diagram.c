/*
 * cli/diagram/diagram.c - the sequence diagram's model: captured TCP segments run
 * through the passive tracker (RFC 9293 §3.3.2 states inferred for both
 * ends) and recorded per conversation as arrows, state changes and notes
 * for the layout in cli/diagram/diagram-layout.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/diagram/diagram-int.h"
#include "core/xmalloc.h"

static struct dg_conv	*dg_conv_get(struct dg *, unsigned);
static void		 dg_timers(struct dg *);
static void		 dg_bases(struct dg_conv *, const struct trk_conv *,
			    const struct seg *, int);
static size_t		 dg_merge(struct dg_conv *, size_t, size_t);

/* An empty model. */
struct dg *
dg_new(void)
{
	struct dg	*d;

	d = xcalloc(1, sizeof *d);
	d->tr = tracker_new(NULL);
	d->capstr = 4096;
	d->str = xmalloc(d->capstr);
	d->str[0] = '\0';
	d->nstr = 1;
	return (d);
}

/* Notes from the wire print absolute sequence numbers (on) or relative. */
void
dg_set_abs_seq(struct dg *d, int on)
{
	tracker_set_abs_seq(d->tr, on != 0);
}

/* Free d and everything it recorded. */
void
dg_free(struct dg *d)
{
	unsigned	i;

	if (d == NULL)
		return;
	for (i = 0; i < d->nconv; i++) {
		if (d->conv[i] != NULL)
			dg_items_free(d->conv[i]);
		free(d->conv[i]);
	}
	free(d->conv);
	for (i = 0; i < d->norphan; i++) {
		if (d->orphan[i] != NULL)
			dg_items_free(d->orphan[i]);
		free(d->orphan[i]);
	}
	free(d->orphan);
	free(d->held);
	free(d->est);
	free(d->str);
	tracker_free(d->tr);
	free(d);
}

/* Conversation id, created from the tracker's record when new; or NULL. */
static struct dg_conv *
dg_conv_get(struct dg *d, unsigned id)
{
	const struct trk_conv	*tc;
	struct dg_conv		*c;
	unsigned		 n;

	if (id == 0)
		return (NULL);
	if (id > d->nconv) {
		n = d->nconv ? d->nconv : 16;
		while (n < id)
			n *= 2;
		d->conv = xrealloc(d->conv, n * sizeof *d->conv);
		memset(d->conv + d->nconv, 0,
		    (n - d->nconv) * sizeof *d->conv);
		d->nconv = n;
	}
	if ((c = d->conv[id - 1]) != NULL)
		return (c);
	if ((tc = tracker_conv(d->tr, id)) == NULL)
		return (NULL);
	c = xcalloc(1, sizeof *c);
	c->id = id;
	c->ep[TRK_INIT] = tc->end[TRK_INIT].ep;
	c->ep[TRK_RESP] = tc->end[TRK_RESP].ep;
	c->local = -1;
	d->conv[id - 1] = c;
	d->nlive++;
	if (d->ltail != NULL)
		d->ltail->lnext = c;
	else
		d->lhead = c;
	d->ltail = c;
	if (d->norphan > 0)
		dg_adopt(d, c);
	return (c);
}

/* Record a state change or note that no segment carries. */
static void
dg_loose(struct dg *d, const struct trk_event *ev)
{
	struct dg_conv	*c;
	struct dg_item	*it;

	if ((c = dg_conv_get(d, ev->conv)) == NULL)
		return;
	if (ev->type == TRK_EV_STATE) {
		if (DG_ENGINE_OWNS(c, ev->end))
			return;		/* the engine says, not the tracker */
		it = dg_push(c, ev->time, DG_IT_STATE);
		it->end = ev->end;
		it->state[ev->end] = ev->to;
		it->why[ev->end] = dg_intern(d, ev->why);
	} else if (ev->type == TRK_EV_NOTE) {
		it = dg_push(c, ev->time, DG_IT_NOTE);
		it->end = ev->end;
		it->why[0] = dg_intern(d, ev->why);
	}
}

/* Record the events of timers that ran (TIME-WAIT's end, give-ups). */
static void
dg_timers(struct dg *d)
{
	struct trk_event	*ev = NULL, t;
	size_t			 n = 0, i, j;

	/* The tracker runs timers by slot; put them in time order. */
	while (tracker_event(d->tr, &t)) {
		ev = xrealloc(ev, (n + 1) * sizeof *ev);
		for (j = n++; j > 0 && ev[j - 1].time > t.time; j--)
			ev[j] = ev[j - 1];
		ev[j] = t;
	}
	for (i = 0; i < n; i++)
		dg_loose(d, &ev[i]);
	free(ev);
}

/* Learn each side's ISN from s (sent by end a) for relative numbers. */
static void
dg_bases(struct dg_conv *c, const struct trk_conv *tc, const struct seg *s,
    int a)
{
	int	b = !a;

	if (s->th.flags & TH_SYN) {
		c->base[a] = s->th.seq;
		c->base_known[a] = 1;
	} else if (!c->base_known[a]) {
		c->base[a] = tc->end[a].isn_known ? tc->end[a].isn :
		    (s->th.flags & TH_RST) ? s->th.seq : s->th.seq - 1;
		c->base_known[a] = 1;
	}
	if ((s->th.flags & TH_ACK) && !c->base_known[b]) {
		c->base[b] = tc->end[b].isn_known ? tc->end[b].isn :
		    s->th.ack - 1;
		c->base_known[b] = 1;
	}
}

/*
 * Item n of c is the wire copy of the released step-held arrow j (j < n):
 * j takes what the wire and the tracker say and keeps its place and time;
 * n goes (or stays as a row for a state our end entered since).  Returns j.
 */
static size_t
dg_merge(struct dg_conv *c, size_t j, size_t n)
{
	struct dg_item	*w = &c->item[n], *it = &c->item[j];
	int		 e;

	dg_touch(c, j);
	c->nreleased--;
	it->released = 0;
	it->dir = w->dir;
	it->mark |= w->mark;
	it->flags = w->flags;
	it->win = w->win;
	it->seq = w->seq;
	it->ack = w->ack;
	it->len = w->len;
	it->opts = w->opts;
	it->pkt = w->pkt;
	for (e = 0; e < 2; e++) {
		if (w->state[e] < 0 || it->state[e] >= 0)
			continue;
		it->state[e] = w->state[e];
		it->why[e] = w->why[e];
		w->state[e] = -1;
	}
	if (w->state[0] >= 0 || w->state[1] >= 0) {
		w->kind = DG_IT_STATE;
		w->mark = 0;
		w->pkt = 0;
		return (j);
	}
	memmove(w, w + 1, (c->nitem - n - 1) * sizeof *w);
	c->nitem--;
	return (j);
}

/* Record segment s observed at now (dir: DG_DIR_*). */
unsigned
dg_add_seg(struct dg *d, const struct seg *s, uint64_t now, int dir)
{
	const struct trk_conv	*tc;
	struct trk_event	 ev, st[2];
	struct dg_conv		*c;
	struct dg_item		*it;
	struct trk_event	*later = NULL;
	size_t			 nlater = 0, i, ai;
	long			 rj;
	unsigned		 id;
	int			 a, e, have[2] = { 0, 0 }, merged = 0;
	char			 opts[256];

	/* Before anything holds a string offset: compaction moves them. */
	if ((d->keep != 0 && d->nlive > d->keep) ||
	    (d->nstr > 65536 && d->dead_str > d->nstr / 2))
		dg_evict(d);
	d->npkt++;
	if (s->proto != 0 && s->proto != IPPROTO_TCP_)
		return (0);
	tracker_tick(d->tr, now);
	dg_timers(d);
	id = tracker_input(d->tr, s, now);
	if ((c = dg_conv_get(d, id)) == NULL ||
	    (tc = tracker_conv(d->tr, id)) == NULL)
		return (0);
	a = addr_eq(&s->src, &c->ep[TRK_INIT].addr) &&
	    s->th.sport == c->ep[TRK_INIT].port ? TRK_INIT : TRK_RESP;
	c->midstream = tc->midstream;
	if (c->local < 0 && dir != DG_DIR_UNKNOWN)
		c->local = dir == DG_DIR_OUT ? a : !a;
	if (d->nest > 0)
		dg_local_claim(d, c);
	dg_bases(c, tc, s, a);
	dg_opts_fmt(c, s, a, opts, sizeof opts);

	/*
	 * Events of other conversations (one retired by a new SYN) and every
	 * state change but each end's last go before the arrow; notes after.
	 */
	while (tracker_event(d->tr, &ev)) {
		if (ev.conv != id) {
			dg_loose(d, &ev);
			continue;
		}
		if (ev.type == TRK_EV_STATE && ev.end >= 0) {
			if (have[ev.end])
				dg_loose(d, &st[ev.end]);
			st[ev.end] = ev;
			have[ev.end] = 1;
		}
		later = xrealloc(later, (nlater + 1) * sizeof *later);
		later[nlater++] = ev;
	}

	dg_trim(d, c);
	it = dg_push(c, now, DG_IT_SEG);
	ai = c->nitem - 1;
	it->end = a;
	it->dir = dir;
	it->flags = s->th.flags;
	it->win = s->th.win;
	it->seq = s->th.seq - c->base[a];
	it->ack = (s->th.flags & TH_ACK) ? s->th.ack - c->base[!a] : 0;
	it->len = (uint32_t)s->len;
	it->opts = dg_intern(d, opts);
	it->pkt = d->npkt;
	for (e = 0; e < 2; e++) {
		if (!have[e] || DG_ENGINE_OWNS(c, e))
			continue;
		it->state[e] = st[e].to;
		it->why[e] = dg_intern(d, st[e].why);
	}
	if (d->nest > 0 && a == c->local)
		ai = dg_local_apply(d, c, ai);
	/* What step mode held and let go is drawn where the engine sent it. */
	if (dir == DG_DIR_OUT && a == c->local && c->nreleased > 0 &&
	    (rj = dg_released(c, s, a, c->item[ai].seq)) >= 0 &&
	    (size_t)rj < ai) {
		ai = dg_merge(c, (size_t)rj, ai);
		merged = 1;
	}
	c->last = ai;
	if (nlater > 0)
		dg_touch(c, ai);	/* marks and notes may follow */
	for (i = 0; i < nlater; i++) {
		ev = later[i];
		switch (ev.type) {
		case TRK_EV_RETRANSMIT:
			if (merged)
				break;	/* the engine said at the gate whether it resent */
			c->item[ai].mark |= DG_M_RETRANS;
			/* How long after it was last sent; the engine's own
			 * reason says it for our resends in a live session. */
			if (ev.gap_known && !DG_ENGINE_OWNS(c, a)) {
				it = dg_push(c, now, DG_IT_NOTE);
				it->end = a;
				it->why[0] = dg_intern(d, ev.why);
			}
			break;
		case TRK_EV_ZWP:
			c->item[ai].mark |= DG_M_ZWP;
			break;
		case TRK_EV_KEEPALIVE:
			c->item[ai].mark |= DG_M_KEEPALIVE;
			break;
		case TRK_EV_KEEPALIVE_ACK:
			c->item[ai].mark |= DG_M_KA_ACK;
			break;
		case TRK_EV_CONV:
			if (tc->midstream) {
				it = dg_push(c, now, DG_IT_NOTE);
				it->why[0] = dg_intern(d, ev.why);
			}
			break;
		case TRK_EV_NOTE:
			dg_loose(d, &ev);
			break;
		case TRK_EV_STATE:
			/* An RST's reason: what it did to each end. */
			if (s->th.flags & TH_RST) {
				it = dg_push(c, now, DG_IT_NOTE);
				it->end = ev.end;
				it->why[0] = dg_intern(d, ev.why);
			}
			break;
		case TRK_EV_GONE:
			break;
		}
	}
	free(later);
	return (id);
}

/* Record a captured packet when it is TCP. */
unsigned
dg_add(struct dg *d, const struct pkt *p, const struct timeval *ts, int dir)
{
	struct seg	s;

	if (seg_from_pkt(&s, p) != 0 || s.proto != IPPROTO_TCP_) {
		d->npkt++;
		return (0);
	}
	return (dg_add_seg(d, &s, (uint64_t)ts->tv_sec * 1000000 +
	    (uint64_t)ts->tv_usec, dir));
}

/* Run the timers due by end and record what they did. */
void
dg_finish(struct dg *d, uint64_t end)
{
	tracker_tick(d->tr, end);
	dg_timers(d);
}

/* End e of conversation conv: its state and timer as the tracker has them. */
int
dg_conv_timer(const struct dg *d, unsigned conv, int e, enum tcp_state *st,
    uint64_t *deadline)
{
	const struct trk_conv	*tc;

	if (conv == 0 || conv > DG_ORPHAN || e < 0 || e > 1 ||
	    (tc = tracker_conv(d->tr, conv)) == NULL)
		return (-1);
	*st = tc->end[e].state;
	*deadline = tc->end[e].deadline;
	return (0);
}

