/*
 * cli/diagram/diagram-hold.c - what the user did to segments between the engine
 * and the wire, in the diagram: segments held by step mode or delayed by
 * a fault drawn as pending arrows until they go; dropped ones kept as
 * arrows that never arrive; edited ones marked.  None of these goes to
 * the tracker: it sees only the wire.  A held segment of a conversation
 * nothing of which was on the wire yet (our first SYN) gets an orphan
 * conversation, adopted by the tracker's when the wire shows it.
 */
#include <stdlib.h>
#include <string.h>

#include "cli/diagram/diagram-int.h"
#include "core/xmalloc.h"

/*
 * The conversation s belongs to: the tracker's on its 4-tuple unless that
 * one is over and s opens a new one; else an orphan, made when needed.
 */
static struct dg_conv *
dg_conv_for(struct dg *d, const struct seg *s, int dir)
{
	const struct trk_conv	*tc;
	struct dg_conv		*c;
	unsigned		 id, i;

	id = tracker_find(d->tr, s, NULL);
	if (id != 0 && (tc = tracker_conv(d->tr, id)) != NULL &&
	    (c = (struct dg_conv *)dg_find(d, id)) != NULL &&
	    !((s->th.flags & (TH_SYN | TH_ACK)) == TH_SYN &&
	    tc->end[TRK_INIT].state == TCP_CLOSED &&
	    tc->end[TRK_RESP].state == TCP_CLOSED))
		return (c);
	for (i = d->norphan; i > 0; i--)
		if ((c = d->orphan[i - 1]) != NULL && dg_same_pair(c, s))
			return (c);
	d->orphan = xrealloc(d->orphan, (d->norphan + 1) * sizeof *d->orphan);
	c = xcalloc(1, sizeof *c);
	c->id = DG_ORPHAN + ++d->norphan;
	d->orphan[d->norphan - 1] = c;
	c->ep[TRK_INIT].addr = s->src;
	c->ep[TRK_INIT].port = s->th.sport;
	c->ep[TRK_RESP].addr = s->dst;
	c->ep[TRK_RESP].port = s->th.dport;
	c->local = dir == DG_DIR_OUT ? TRK_INIT : dir == DG_DIR_IN ?
	    TRK_RESP : -1;
	if (s->th.flags & TH_SYN) {
		c->base[TRK_INIT] = s->th.seq;
		c->base_known[TRK_INIT] = 1;
	}
	return (c);
}

/* Record s (not on the wire, or not given to the engine) in its conversation; that one's id. */
static unsigned
dg_record_off(struct dg *d, const struct seg *s, uint64_t now, int dir,
    unsigned num, int mark, uint64_t key)
{
	struct dg_conv	*c = dg_conv_for(d, s, dir);
	struct dg_item	*it;
	char		 opts[256];
	int		 a = dg_sender(c, s);

	if (c->local < 0 && dir != DG_DIR_UNKNOWN)
		c->local = dir == DG_DIR_OUT ? a : !a;
	dg_opts_fmt(c, s, a, opts, sizeof opts);
	it = dg_push(c, now, DG_IT_SEG);
	it->end = a;
	it->dir = dir;
	it->mark = mark;
	it->num = num;
	it->flags = s->th.flags;
	it->win = s->th.win;
	it->seq = s->th.seq - (c->base_known[a] ? c->base[a] : 0);
	it->ack = (s->th.flags & TH_ACK) ? s->th.ack -
	    (c->base_known[!a] ? c->base[!a] : 0) : 0;
	it->len = (uint32_t)s->len;
	it->opts = dg_intern(d, opts);
	it->pkt = key;
	c->last = c->nitem - 1;
	if (d->nest > 0 && a == c->local && dir == DG_DIR_OUT)
		c->last = dg_local_apply(d, c, c->nitem - 1);
	return (c->id);
}

/*
 * The wire copy of segment s received in its conversation (*cp), to be
 * marked (held, dropped) rather than drawn twice; or NULL.
 */
static struct dg_item *
dg_wire_in(struct dg *d, const struct seg *s, int dir, struct dg_conv **cp)
{
	struct dg_conv	*c;
	long		 i;

	if (dir != DG_DIR_IN || (c = dg_conv_for(d, s, dir)) == NULL ||
	    c->local < 0 || dg_sender(c, s) == c->local ||
	    (i = dg_cause_item(c, s)) < 0)
		return (NULL);
	*cp = c;
	return (&c->item[i]);
}

/*
 * Segment s, sent (dir DG_DIR_OUT) or received, is held as #num (0:
 * delayed by a fault) under key: a pending arrow of its own going out; a
 * received one's wire copy is marked, since it is drawn already.
 */
unsigned
dg_hold(struct dg *d, uint64_t key, const struct seg *s, uint64_t now,
    int dir, unsigned num)
{
	struct dg_conv	*c;
	struct dg_item	*it;
	uint64_t	 pkt = key;
	unsigned	 conv;

	if (s->proto != 0 && s->proto != IPPROTO_TCP_)
		return (0);
	if ((it = dg_wire_in(d, s, dir, &c)) != NULL) {
		dg_touch(c, (size_t)(it - c->item));
		it->mark |= num != 0 ? DG_M_HELD : DG_M_DELAYED;
		it->num = num;
		pkt = it->pkt;
		conv = c->id;
	} else {
		conv = dg_record_off(d, s, now, dir, num, num != 0 ?
		    DG_M_HELD : DG_M_DELAYED, key);
	}
	d->held = xrealloc(d->held, (d->nheld + 1) * sizeof *d->held);
	d->held[d->nheld].key = key;
	d->held[d->nheld].pkt = pkt;
	d->held[d->nheld++].conv = conv;
	return (conv);
}

/* The held item under key, its conversation in *cp; or NULL. */
static struct dg_item *
dg_held_find(struct dg *d, uint64_t key, struct dg_conv **cp)
{
	struct dg_conv	*c;
	size_t		 i, j;

	uint64_t	 pkt;

	for (i = 0; i < d->nheld && d->held[i].key != key; i++)
		continue;
	if (i == d->nheld)
		return (NULL);
	c = (struct dg_conv *)dg_find(d, d->held[i].conv);
	pkt = d->held[i].pkt;
	d->held[i] = d->held[--d->nheld];
	if (c == NULL)
		return (NULL);
	/* Held items are recent: look from the newest back. */
	for (j = c->nitem; j > 0; j--) {
		if ((c->item[j - 1].mark & (DG_M_HELD | DG_M_DELAYED)) &&
		    c->item[j - 1].pkt == pkt) {
			*cp = c;
			return (&c->item[j - 1]);
		}
	}
	return (NULL);
}

/*
 * The segment held under key is gone: dropped (kept, marked: it never
 * arrived) or released.  A released step-held segment we send keeps its
 * place, the order in which the engine sent it, and its wire copy is
 * drawn there when captured (dg_released); a delayed one's goes where
 * the wire shows it.
 */
void
dg_unhold(struct dg *d, uint64_t key, int dropped)
{
	struct dg_conv	*c;
	struct dg_item	*it;
	size_t		 i;

	if ((it = dg_held_find(d, key, &c)) == NULL)
		return;
	dg_touch(c, (size_t)(it - c->item));
	if (it->pkt != key) {
		/* A received segment's wire copy: only its mark changes. */
		it->mark &= ~(DG_M_HELD | DG_M_DELAYED);
		if (dropped)
			it->mark |= DG_M_DROPPED;
		else
			it->num = 0;
		return;
	}
	if (dropped) {
		it->mark = (it->mark & ~(DG_M_HELD | DG_M_DELAYED)) |
		    DG_M_DROPPED;
		it->pkt = 0;
		return;
	}
	if (it->mark & DG_M_HELD) {
		it->mark &= ~DG_M_HELD;
		it->num = 0;
		it->released = 1;
		c->nreleased++;
		return;
	}
	/*
	 * The engine's state on it goes on its wire copy; but if our end
	 * has entered another since, it stays on a row of its own here.
	 */
	if (c->local >= 0 && it->end == c->local && it->state[c->local] >= 0 &&
	    dg_local_later(c, (size_t)(it - c->item))) {
		it->kind = DG_IT_STATE;
		it->mark = 0;
		it->pkt = 0;
		return;
	}
	if (c->local >= 0 && it->end == c->local && it->state[c->local] >= 0) {
		d->est = xrealloc(d->est, (d->nest + 1) * sizeof *d->est);
		d->est[d->nest].ep[0] = c->ep[c->local];
		d->est[d->nest].ep[1] = c->ep[!c->local];
		d->est[d->nest].to = it->state[c->local];
		d->est[d->nest].why = it->why[c->local];
		d->est[d->nest++].time = it->time;
	}
	i = (size_t)(it - c->item);
	if (c->last > i)
		c->last--;
	memmove(it, it + 1, (c->nitem - i - 1) * sizeof *it);
	c->nitem--;
}

/*
 * The released step-held arrow of c that segment s (sent by end a, its
 * sequence number relative) is the wire copy of: the oldest one alike,
 * else the oldest (the user may have edited it); or -1.
 */
long
dg_released(const struct dg_conv *c, const struct seg *s, int a,
    uint32_t seq)
{
	const struct dg_item	*it;
	long			 any = -1;
	size_t			 i;

	if (c->nreleased == 0)	/* the usual case: no walk per segment */
		return (-1);
	for (i = 0; i < c->nitem; i++) {
		it = &c->item[i];
		if (it->kind != DG_IT_SEG || !it->released || it->end != a)
			continue;
		if (it->flags == s->th.flags && it->len == s->len &&
		    it->seq == seq)
			return ((long)i);
		if (any < 0)
			any = (long)i;
	}
	return (any);
}

/*
 * Segment s did not go the wire's way: a fault dropped it (mark
 * DG_M_DROPPED) or the engine got it edited (DG_M_EDITED, as step #num).
 */
unsigned
dg_offwire(struct dg *d, const struct seg *s, uint64_t now, int dir,
    unsigned num, int mark)
{
	struct dg_conv	*c;
	struct dg_item	*it;

	if (s->proto != 0 && s->proto != IPPROTO_TCP_)
		return (0);
	if (mark == DG_M_DROPPED && (it = dg_wire_in(d, s, dir, &c)) != NULL) {
		dg_touch(c, (size_t)(it - c->item));
		it->mark |= DG_M_DROPPED;	/* it came, the engine never saw it */
		c->last = (size_t)(it - c->item);
		return (c->id);
	}
	return (dg_record_off(d, s, now, dir, num, mark, 0));
}

/* Mark the segment conversation conv recorded last. */
void
dg_mark_last(struct dg *d, unsigned conv, int mark)
{
	struct dg_conv	*c = (struct dg_conv *)dg_find(d, conv);

	if (c != NULL && c->last < c->nitem && c->item[c->last].kind ==
	    DG_IT_SEG) {
		dg_touch(c, c->last);
		c->item[c->last].mark |= mark;
	}
}

/*
 * Add note why under item seg of c, after the notes it has: about its
 * sender (own) or, labelled by no end, about the segment.
 */
static void
dg_note_under(struct dg *d, struct dg_conv *c, size_t seg, const char *why,
    int own)
{
	struct dg_item	*it, note;
	size_t		 i;

	i = seg + 1;
	while (i < c->nitem && c->item[i].kind == DG_IT_NOTE)
		i++;		/* after the notes it has already */
	dg_touch(c, i);
	(void)dg_push(c, 0, DG_IT_NOTE);	/* room at the end */
	memmove(&c->item[i + 1], &c->item[i], (c->nitem - i - 1) *
	    sizeof *c->item);
	it = &c->item[i];
	memset(&note, 0, sizeof note);
	note.time = c->item[seg].time;
	note.kind = DG_IT_NOTE;
	note.end = own ? c->item[seg].end : -1;
	note.state[0] = note.state[1] = -1;
	note.why[0] = dg_intern(d, why);
	*it = note;
	if (c->last > seg && c->last < c->nitem - 1)
		c->last++;	/* it moved down a row */
}

/*
 * Add note why under the segment conversation conv recorded last, after
 * the notes it has: about its sender (own) or, labelled by no end, about
 * the segment.
 */
static void
dg_note_add(struct dg *d, unsigned conv, const char *why, int own)
{
	struct dg_conv	*c = (struct dg_conv *)dg_find(d, conv);

	if (c == NULL || c->last >= c->nitem)
		return;
	dg_note_under(d, c, c->last, why, own);
}

/* Mark the arrow of dg_add() call pkt in conv, with a note under it. */
int
dg_mark_pkt(struct dg *d, unsigned conv, uint64_t pkt, int mark,
    const char *note)
{
	struct dg_conv	*c = (struct dg_conv *)dg_find(d, conv);
	size_t		 i;

	if (c == NULL || pkt == 0)
		return (-1);
	for (i = c->nitem; i > 0; i--)
		if (c->item[i - 1].kind == DG_IT_SEG &&
		    c->item[i - 1].pkt == pkt)
			break;
	if (i == 0)
		return (-1);
	dg_touch(c, i - 1);
	c->item[i - 1].mark |= mark;
	if (note != NULL)
		dg_note_under(d, c, i - 1, note, 0);
	return (0);
}

/* Add note why under the segment conversation conv recorded last, about its sender. */
void
dg_note_last(struct dg *d, unsigned conv, const char *why)
{
	dg_note_add(d, conv, why, 1);
}

/* Add a capture file's comment under the segment conv recorded last. */
void
dg_comment_last(struct dg *d, unsigned conv, const char *comment)
{
	char	*s, *p;

	s = xasprintf("# %s", comment);
	for (p = s; *p != '\0'; p++)
		if (*p == '\n')
			*p = ' ';	/* a comment's lines: one note */
	dg_note_add(d, conv, s, 0);
	free(s);
}

/* A new tracked conversation c takes the items of an orphan on its 4-tuple. */
void
dg_adopt(struct dg *d, struct dg_conv *c)
{
	struct dg_conv	*o = NULL;
	struct dg_item	*items;
	struct seg	 probe;
	unsigned	 i;
	size_t		 j;
	int		 flip;

	memset(&probe, 0, sizeof probe);
	probe.src = c->ep[TRK_INIT].addr;
	probe.th.sport = c->ep[TRK_INIT].port;
	probe.dst = c->ep[TRK_RESP].addr;
	probe.th.dport = c->ep[TRK_RESP].port;
	for (i = d->norphan; i > 0 && o == NULL; i--)
		if (d->orphan[i - 1] != NULL &&
		    dg_same_pair(d->orphan[i - 1], &probe))
			o = d->orphan[i - 1];
	if (o == NULL)
		return;
	d->orphan[o->id - DG_ORPHAN - 1] = NULL;
	flip = dg_sender(o, &probe) != TRK_INIT;
	/* Its items came first: they go before c's (none yet, or the one being added). */
	items = xmalloc((o->nitem + c->nitem + 1) * sizeof *items);
	memcpy(items, o->item, o->nitem * sizeof *items);
	if (c->nitem > 0)
		memcpy(items + o->nitem, c->item, c->nitem * sizeof *items);
	for (j = 0; flip && j < o->nitem; j++) {
		int8_t		st = items[j].state[0];
		uint32_t	why = items[j].why[0];

		if (items[j].end >= 0)
			items[j].end = !items[j].end;
		if (items[j].kind == DG_IT_NOTE)
			continue;	/* why[0] is the note itself */
		items[j].state[0] = items[j].state[1];
		items[j].state[1] = st;
		items[j].why[0] = items[j].why[1];
		items[j].why[1] = why;
	}
	dg_items_free(c);
	c->item = items;
	dg_touch(c, 0);
	c->nreleased += o->nreleased;
	c->last = c->nitem > 0 ? c->last + o->nitem : o->last;
	c->nitem += o->nitem;
	c->capitem = c->nitem + 1;
	if (c->local < 0 && o->local >= 0)
		c->local = flip ? !o->local : o->local;
	c->engine |= o->engine;
	for (j = 0; j < 2; j++) {	/* an ISN only the held SYN showed */
		size_t from = flip ? !j : j;
		if (!c->base_known[j] && o->base_known[from]) {
			c->base[j] = o->base[from];
			c->base_known[j] = 1;
		}
	}
	for (j = 0; j < d->nheld; j++)
		if (d->held[j].conv == o->id)
			d->held[j].conv = c->id;
	dg_items_free(o);
	free(o);
}
