/*
 * cli/diagram/diagram-store.c - the diagram's conversation store: each
 * conversation's items in time order, the strings they refer to, and the
 * lookups everything above it shares (which end sent a segment, which
 * arrow is a segment).  It calls nothing else of the diagram: the engine's
 * states, held segments and the model build on it, in that order.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/diagram/diagram-int.h"
#include "core/xmalloc.h"

static const char *const dg_time_names[] = { "relative", "absolute", "delta" };

/* Keep a copy of s; returns its offset for dg_str(). */
uint32_t
dg_intern(struct dg *d, const char *s)
{
	size_t		n = strlen(s) + 1;
	uint32_t	off;

	if (n == 1)
		return (0);
	if (d->nstr + n > UINT32_MAX) {
		fprintf(stderr, "tcpx: diagram: too much text\n");
		abort();
	}
	while (d->nstr + n > d->capstr) {
		d->capstr *= 2;
		d->str = xrealloc(d->str, d->capstr);
	}
	off = (uint32_t)d->nstr;
	memcpy(d->str + d->nstr, s, n);
	d->nstr += n;
	return (off);
}

/* A string an item refers to. */
const char *
dg_str(const struct dg *d, uint32_t off)
{
	return (off < d->nstr ? d->str + off : "");
}

/* The name of a time mode: "relative", "absolute" or "delta". */
const char *
dg_time_name(enum dg_time t)
{
	return ((unsigned)t < 3 ? dg_time_names[t] : "?");
}

/* Parse a time mode by name (or "rel", "abs"); 0, or -1 if unknown. */
int
dg_time_parse(const char *name, enum dg_time *t)
{
	unsigned	i;

	for (i = 0; i < 3; i++)
		if (strcmp(name, dg_time_names[i]) == 0 ||
		    (i < 2 && strncmp(name, dg_time_names[i], 3) == 0 &&
		    name[3] == '\0')) {
			*t = (enum dg_time)i;
			return (0);
		}
	return (-1);
}

/*
 * Append an item of kind to c at time t.  When the allocation is full the
 * items dg_trim() let go make room first (one move for many trims), and
 * only then does it grow.
 */
struct dg_item *
dg_push(struct dg_conv *c, uint64_t t, int kind)
{
	struct dg_item	*it;

	if (c->skip + c->nitem == c->capitem && c->skip > 0) {
		memmove(c->item - c->skip, c->item, c->nitem * sizeof *c->item);
		c->item -= c->skip;
		c->skip = 0;
		c->moved += c->nitem;
	}
	if (c->nitem == c->capitem) {
		c->capitem = c->capitem ? c->capitem * 2 : 4;
		c->item = xrealloc(c->item, c->capitem * sizeof *c->item);
	}
	it = &c->item[c->nitem++];
	c->ver++;
	memset(it, 0, sizeof *it);
	it->time = t;
	it->kind = kind;
	it->end = -1;
	it->state[0] = it->state[1] = -1;
	return (it);
}

/* Items from i on of c changed in place: remember it for a layout. */
void
dg_touch(struct dg_conv *c, size_t i)
{
	unsigned	k = c->nedit % DG_EDITS;

	c->ver++;
	if (c->nedit >= DG_EDITS)
		c->lost_ver = c->edit[k].ver;
	c->edit[k].ver = c->ver;
	c->edit[k].at = c->gone + i;
	c->nedit++;
}

/* The first item (counting those gone) changed in place after version ver. */
uint64_t
dg_changed_since(const struct dg_conv *c, uint64_t ver)
{
	uint64_t	lo = UINT64_MAX;
	unsigned	k, n = c->nedit < DG_EDITS ? c->nedit : DG_EDITS;

	if (c->lost_ver > ver)
		return (c->gone);	/* forgotten: all of it */
	for (k = 0; k < n; k++)
		if (c->edit[k].ver > ver && c->edit[k].at < lo)
			lo = c->edit[k].at;
	return (lo);
}

/*
 * Drop the oldest items of c once it holds an eighth more than
 * d->keep_items, down to that many (so the copying is a few items per
 * item added), stopping at a held or released one.  The layout keeps
 * drawing the rest as before: each end's state, the conversation's first
 * time and the last time shown are kept.  Called before a segment is
 * recorded; the strings of the items dropped count as dead (dg_evict).
 */
void
dg_trim(struct dg *d, struct dg_conv *c)
{
	const struct dg_item	*it;
	size_t			 k, i;
	int			 e;

	if (d->keep_items == 0 ||
	    c->nitem <= d->keep_items + d->keep_items / 8)
		return;
	k = c->nitem - d->keep_items;
	for (i = 0; i < k; i++)
		if ((c->item[i].mark & (DG_M_HELD | DG_M_DELAYED)) ||
		    c->item[i].released)
			break;
	if ((k = i) == 0)
		return;
	if (c->gone == 0) {
		c->t_first = c->item[0].time;
		c->st_gone[0] = c->st_gone[1] = TCP_CLOSED;
	}
	for (i = 0; i < k; i++) {
		it = &c->item[i];
		for (e = 0; e < 2; e++)
			if (it->state[e] >= 0)
				c->st_gone[e] = it->state[e];
		if (it->kind != DG_IT_NOTE) {
			c->t_prev = it->time;
			c->prev_gone = 1;
		}
		d->dead_str += strlen(dg_str(d, it->why[0])) +
		    strlen(dg_str(d, it->why[1])) +
		    strlen(dg_str(d, it->opts)) + 3;
	}
	c->item += k;		/* moved up later, by dg_push, if need be */
	c->skip += k;
	c->nitem -= k;
	c->last = c->last >= k ? c->last - k : c->nitem;
	c->gone += k;
	c->ver++;
	d->trimmed += k;
}

/* Free c's items, whose allocation begins c->skip items before them. */
void
dg_items_free(struct dg_conv *c)
{
	if (c->item != NULL)
		free(c->item - c->skip);
	c->item = NULL;
	c->skip = 0;	/* nitem and capitem are the caller's to set */
}

/*
 * Options of s (sent by end a) in short form: no NOPs, timestamps only on
 * SYNs and without values, SACK blocks relative.
 */
void
dg_opts_fmt(const struct dg_conv *c, const struct seg *s, int a, char *buf,
    size_t len)
{
	const struct tcp_opt	*o;
	char			 one[96];
	size_t			 used = 0;
	int			 i, j, n;
	uint32_t		 base = c->base[!a];

	buf[0] = '\0';
	for (i = 0; i < s->th.n_opt; i++) {
		o = &s->th.opt[i];
		switch (o->kind) {
		case TCPOPT_EOL:
		case TCPOPT_NOP:
			continue;
		case TCPOPT_TIMESTAMP:
			if (!(s->th.flags & TH_SYN))
				continue;
			snprintf(one, sizeof one, "TS");
			break;
		case TCPOPT_MSS:
			snprintf(one, sizeof one, "mss %u", o->u.mss);
			break;
		case TCPOPT_WSCALE:
			snprintf(one, sizeof one, "wscale %u", o->u.wscale);
			break;
		case TCPOPT_SACK_PERM:
			snprintf(one, sizeof one, "sackOK");
			break;
		case TCPOPT_SACK:
			n = snprintf(one, sizeof one, "sack");
			for (j = 0; j < o->u.sack.n && n > 0 &&
			    (size_t)n < sizeof one; j++)
				n += snprintf(one + n, sizeof one - n, " %u:%u",
				    o->u.sack.blk[j].left - base,
				    o->u.sack.blk[j].right - base);
			break;
		case TCPOPT_MD5:
			snprintf(one, sizeof one, "md5");
			break;
		case TCPOPT_AO:
			snprintf(one, sizeof one, "ao");
			break;
		case TCPOPT_MPTCP:
			snprintf(one, sizeof one, "mptcp");
			break;
		case TCPOPT_TFO:
			snprintf(one, sizeof one, "FO");
			break;
		default:
			snprintf(one, sizeof one, "kind %u", o->kind);
			break;
		}
		n = snprintf(buf + used, len - used, "%s%s", used ? "," : "<",
		    one);
		if (n < 0 || (size_t)n >= len - used - 1)
			break;
		used += n;
	}
	if (used > 0)
		snprintf(buf + used, len - used, ">");
}

/* Conversation id (tracked or orphan), or NULL. */
const struct dg_conv *
dg_find(const struct dg *d, unsigned id)
{
	if (id > DG_ORPHAN && id - DG_ORPHAN <= d->norphan)
		return (d->orphan[id - DG_ORPHAN - 1]);
	if (id == 0 || id > d->nconv)
		return (NULL);
	return (d->conv[id - 1]);
}

/* The first conversation id after `after` (orphans last), or 0. */
unsigned
dg_conv_next(const struct dg *d, unsigned after)
{
	unsigned	i;

	if (after < DG_ORPHAN) {
		for (i = after; i < d->nconv; i++)
			if (d->conv[i] != NULL)
				return (i + 1);
		after = DG_ORPHAN;
	}
	for (i = after - DG_ORPHAN; i < d->norphan; i++)
		if (d->orphan[i] != NULL)
			return (DG_ORPHAN + i + 1);
	return (0);
}

/* Whether segment s belongs to a conversation the diagram follows already. */
int
dg_knows(const struct dg *d, const struct seg *s)
{
	return (tracker_find(d->tr, s, NULL) != 0);
}

/* The newest conversation: the last orphan, else the last tracked one; or 0. */
unsigned
dg_conv_last(const struct dg *d)
{
	unsigned	i;

	for (i = d->norphan; i > 0; i--)
		if (d->orphan[i - 1] != NULL)
			return (DG_ORPHAN + i);
	for (i = d->nconv; i > 0; i--)
		if (d->conv[i - 1] != NULL)
			return (i);
	return (0);
}

/* The end of conversation conv that is us, or -1 (none, or not known). */
int
dg_conv_local(const struct dg *d, unsigned conv)
{
	const struct dg_conv	*c = dg_find(d, conv);

	return (c != NULL ? c->local : -1);
}

/* Both endpoints of conversation conv. */
int
dg_conv_ends(const struct dg *d, unsigned conv, struct endpoint ep[2])
{
	const struct dg_conv	*c = dg_find(d, conv);

	if (c == NULL)
		return (-1);
	ep[0] = c->ep[0];
	ep[1] = c->ep[1];
	return (0);
}

/* The items of conversation conv. */
const struct dg_item *
dg_items(const struct dg *d, unsigned conv, size_t *n)
{
	const struct dg_conv	*c = dg_find(d, conv);

	if (c == NULL) {
		*n = 0;
		return (NULL);
	}
	*n = c->nitem;
	return (c->item);
}

/* The end of c that sent s. */
int
dg_sender(const struct dg_conv *c, const struct seg *s)
{
	return (addr_eq(&s->src, &c->ep[TRK_INIT].addr) &&
	    s->th.sport == c->ep[TRK_INIT].port ? TRK_INIT : TRK_RESP);
}

/* Whether c is between the endpoints of s, either way round. */
int
dg_same_pair(const struct dg_conv *c, const struct seg *s)
{
	const struct endpoint	*a = &c->ep[TRK_INIT], *b = &c->ep[TRK_RESP];

	return ((addr_eq(&s->src, &a->addr) && s->th.sport == a->port &&
	    addr_eq(&s->dst, &b->addr) && s->th.dport == b->port) ||
	    (addr_eq(&s->src, &b->addr) && s->th.sport == b->port &&
	    addr_eq(&s->dst, &a->addr) && s->th.dport == a->port));
}

/* Keep only the newest n tracked conversations (0: all). */
void
dg_set_keep(struct dg *d, unsigned n)
{
	d->keep = n;
}

/* Keep only the newest n items of each conversation (0: all). */
void
dg_set_keep_items(struct dg *d, unsigned n)
{
	d->keep_items = n;
}

/* Items dropped so far from conversations by that bound. */
uint64_t
dg_trimmed(const struct dg *d)
{
	return (d->trimmed);
}

/* How many of conversation conv's first items were dropped by that bound. */
uint64_t
dg_items_gone(const struct dg *d, unsigned conv)
{
	const struct dg_conv	*c = dg_find(d, conv);

	return (c != NULL ? c->gone : 0);
}

/* Conversations dropped by the bound so far, and their items. */
unsigned long
dg_evicted(const struct dg *d, uint64_t *items)
{
	if (items != NULL)
		*items = d->evicted_items;
	return (d->evicted);
}

/* How many items the conversations still recorded hold. */
uint64_t
dg_things(const struct dg *d)
{
	const struct dg_conv	*c;
	uint64_t		 n = 0;
	unsigned		 i;

	for (c = d->lhead; c != NULL; c = c->lnext)
		n += c->nitem;
	for (i = 0; i < d->norphan; i++)
		if (d->orphan[i] != NULL)
			n += d->orphan[i]->nitem;
	return (n);
}

/* Move string offset *off from the pool old into d's (new) pool. */
static void
dg_restr(struct dg *d, const char *old, size_t nold, uint32_t *off)
{
	if (*off != 0 && *off < nold)
		*off = dg_intern(d, old + *off);
	else
		*off = 0;
}

/* Copy the strings still referred to into a new pool, dropping the rest. */
static void
dg_compact(struct dg *d)
{
	char		*old = d->str;
	size_t		 nold = d->nstr, i, k;
	unsigned	 j;
	struct dg_conv	*c;

	d->capstr = 4096;
	d->str = xmalloc(d->capstr);
	d->str[0] = '\0';
	d->nstr = 1;
	for (k = 0; k < 2; k++)
		for (j = 0; j < (k ? d->norphan : d->nconv); j++) {
			if ((c = k ? d->orphan[j] : d->conv[j]) == NULL)
				continue;
			for (i = 0; i < c->nitem; i++) {
				dg_restr(d, old, nold, &c->item[i].why[0]);
				dg_restr(d, old, nold, &c->item[i].why[1]);
				dg_restr(d, old, nold, &c->item[i].opts);
			}
		}
	for (i = 0; i < d->nest; i++)
		dg_restr(d, old, nold, &d->est[i].why);
	free(old);
	d->dead_str = 0;
}

/* Whether step mode holds a segment of conversation id. */
static int
dg_held_conv(const struct dg *d, unsigned id)
{
	size_t	i;

	for (i = 0; i < d->nheld; i++)
		if (d->held[i].conv == id)
			return (1);
	return (0);
}

/*
 * Drop the oldest tracked conversations beyond d->keep with their items;
 * once most of the string pool is text only dropped items used, copy the
 * rest into a new one.  Called before a segment is recorded, while no
 * string offset is held anywhere but in items and waiting states.
 */
void
dg_evict(struct dg *d)
{
	struct dg_conv	*c;
	size_t		 k;

	/*
	 * Oldest made first: one the tracker still followed when it was
	 * dropped and that came back is a new one, at the end.
	 */
	while (d->keep != 0 && d->nlive > d->keep && (c = d->lhead) != NULL) {
		if (dg_held_conv(d, c->id))
			break;		/* kept, and the ones after it */
		if ((d->lhead = c->lnext) == NULL)
			d->ltail = NULL;
		for (k = 0; k < c->nitem; k++) {
			d->dead_str += strlen(dg_str(d, c->item[k].why[0])) +
			    strlen(dg_str(d, c->item[k].why[1])) +
			    strlen(dg_str(d, c->item[k].opts)) + 3;
		}
		d->evicted_items += c->nitem;
		d->evicted++;
		d->conv[c->id - 1] = NULL;
		dg_items_free(c);
		free(c);
		d->nlive--;
	}
	if (d->nstr > 65536 && d->dead_str > d->nstr / 2)
		dg_compact(d);
}
