/*
 * cli/diagram/diagram-engine.c - our end's states in a live session's diagram,
 * as the engine entered them rather than as the tracker infers them: each
 * goes on the inbound segment that caused it, or on the next segment we
 * send, or on a row of its own with the engine's reason when no segment
 * goes with it.  States wait (d->est) until their segment is recorded.
 */
#include <stdlib.h>
#include <string.h>

#include "cli/diagram/diagram-int.h"
#include "core/xmalloc.h"

/* Engine states kept for a conversation nothing of which is drawn yet. */
#define DG_EST_MAX	64

/* Whether our end of c enters a state in an item after item i. */
int
dg_local_later(const struct dg_conv *c, size_t i)
{
	for (i++; i < c->nitem; i++)
		if (c->item[i].state[c->local] >= 0)
			return (1);
	return (0);
}

/* The conversation between local and remote (either way round), or NULL. */
static struct dg_conv *
dg_conv_pair(struct dg *d, const struct endpoint *local,
    const struct endpoint *remote)
{
	struct seg	 probe;
	struct dg_conv	*c;
	unsigned	 id, i;

	memset(&probe, 0, sizeof probe);
	probe.src = local->addr;
	probe.th.sport = local->port;
	probe.dst = remote->addr;
	probe.th.dport = remote->port;
	for (i = d->norphan; i > 0; i--)	/* a held SYN's, not yet adopted */
		if ((c = d->orphan[i - 1]) != NULL && dg_same_pair(c, &probe))
			return (c);
	if ((id = tracker_find(d->tr, &probe, NULL)) == 0)
		return (NULL);
	return ((struct dg_conv *)dg_find(d, id));
}

/*
 * Item i of c is entered by our end in state to (why): an earlier one
 * moves to a row before it.  Returns the item's index then.
 */
static size_t
dg_set_local(struct dg *d, struct dg_conv *c, size_t i, int to, uint32_t why)
{
	struct dg_item	*it, moved;
	int		 e = c->local;

	dg_touch(c, i);
	if (c->item[i].state[e] >= 0) {
		moved = c->item[i];
		(void)dg_push(c, 0, DG_IT_STATE);	/* room at the end */
		memmove(&c->item[i + 1], &c->item[i],
		    (c->nitem - i - 1) * sizeof *c->item);
		it = &c->item[i];
		memset(it, 0, sizeof *it);
		it->time = moved.time;
		it->kind = DG_IT_STATE;
		it->end = e;
		it->state[0] = it->state[1] = -1;
		it->state[e] = moved.state[e];
		it->why[e] = moved.why[e];
		if (c->last >= i && c->last + 1 < c->nitem)
			c->last++;
		i++;
	}
	c->item[i].state[e] = (int8_t)to;
	c->item[i].why[e] = why;
	(void)d;
	return (i);
}

/*
 * The index of the newest inbound arrow of c that is segment s, looking a
 * few items back; or -1.
 */
long
dg_cause_item(const struct dg_conv *c, const struct seg *s)
{
	const struct dg_item	*it;
	size_t			 i;
	int			 peer = !c->local;

	for (i = c->nitem; i > 0 && c->nitem - i < 8; i--) {
		it = &c->item[i - 1];
		if (it->kind == DG_IT_SEG && it->end == peer &&
		    !(it->mark & (DG_M_HELD | DG_M_DROPPED | DG_M_DELAYED)) &&
		    it->flags == s->th.flags && it->len == s->len &&
		    it->seq == s->th.seq - c->base[peer])
			return ((long)(i - 1));
	}
	return (-1);
}

/* Our end of the conversation between local and remote entered state to. */
void
dg_local_state(struct dg *d, const struct endpoint *local,
    const struct endpoint *remote, enum tcp_state to, const char *why,
    uint64_t now, const struct seg *cause)
{
	struct dg_conv	*c = dg_conv_pair(d, local, remote);
	long		 i;

	if (c != NULL && c->local >= 0) {
		c->engine = 1;
		if (cause != NULL && (i = dg_cause_item(c, cause)) >= 0) {
			/* States still waiting came first: rows before it. */
			i = (long)dg_local_apply(d, c, (size_t)i);
			dg_set_local(d, c, (size_t)i, to, dg_intern(d, why));
			return;
		}
	}
	/* For the segment it causes, which the engine sends next. */
	d->est = xrealloc(d->est, (d->nest + 1) * sizeof *d->est);
	d->est[d->nest].ep[0] = *local;
	d->est[d->nest].ep[1] = *remote;
	d->est[d->nest].to = (int8_t)to;
	d->est[d->nest].why = dg_intern(d, why);
	d->est[d->nest++].time = now;
}

/* Whether waiting engine state k is about our end of c. */
static int
dg_est_of(const struct dg *d, size_t k, const struct dg_conv *c)
{
	const struct endpoint	*l = &d->est[k].ep[0], *r = &d->est[k].ep[1];

	return (c->local >= 0 &&
	    addr_eq(&l->addr, &c->ep[c->local].addr) &&
	    l->port == c->ep[c->local].port &&
	    addr_eq(&r->addr, &c->ep[!c->local].addr) &&
	    r->port == c->ep[!c->local].port);
}

/* Whether the engine's states waiting for c make it the engine's (tracker states of our end then ignored). */
void
dg_local_claim(struct dg *d, struct dg_conv *c)
{
	size_t	k;

	for (k = 0; k < d->nest && !c->engine; k++)
		if (dg_est_of(d, k, c))
			c->engine = 1;
}

/* Item i of c, which we just sent, takes the engine's states waiting for it; its index then. */
size_t
dg_local_apply(struct dg *d, struct dg_conv *c, size_t i)
{
	size_t	k, n = 0;

	for (k = 0; k < d->nest; k++) {
		if (!dg_est_of(d, k, c)) {
			d->est[n++] = d->est[k];
			continue;
		}
		c->engine = 1;
		/* Each later one pushes the earlier to a row before it. */
		i = dg_set_local(d, c, i, d->est[k].to, d->est[k].why);
	}
	d->nest = n;
	return (i);
}

/* The engine's states no segment went with get rows of their own. */
void
dg_local_flush(struct dg *d)
{
	struct dg_conv	*c;
	struct dg_item	*it;
	size_t		 k, n;

	for (k = n = 0; k < d->nest; k++) {
		c = dg_conv_pair(d, &d->est[k].ep[0], &d->est[k].ep[1]);
		if (c == NULL || !dg_est_of(d, k, c)) {
			/* Nothing of it drawn yet: for its first segment. */
			if (d->nest - k <= DG_EST_MAX)
				d->est[n++] = d->est[k];
			continue;
		}
		c->engine = 1;
		it = dg_push(c, d->est[k].time, DG_IT_STATE);
		it->end = c->local;
		it->state[c->local] = d->est[k].to;
		it->why[c->local] = d->est[k].why;
	}
	d->nest = n;
}

