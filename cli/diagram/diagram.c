/*
 * cli/diagram/diagram.c - the sequence diagram's model: captured TCP segments run
 * through the passive tracker (RFC 9293 §3.3.2 states inferred for both
 * ends) and recorded per conversation as arrows, state changes and notes
 * for the layout in cli/diagram-layout.c.
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

/* Free d and everything it recorded. */
void
dg_free(struct dg *d)
{
	unsigned	i;

	if (d == NULL)
		return;
	for (i = 0; i < d->nconv; i++) {
		if (d->conv[i] != NULL)
			free(d->conv[i]->item);
		free(d->conv[i]);
	}
	free(d->conv);
	for (i = 0; i < d->norphan; i++) {
		if (d->orphan[i] != NULL)
			free(d->orphan[i]->item);
		free(d->orphan[i]);
	}
	free(d->orphan);
	free(d->held);
	free(d->est);
	free(d->str);
	tracker_free(d->tr);
	free(d);
}

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

static const char *const dg_time_names[] = { "relative", "absolute", "delta" };

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
	if (d->norphan > 0)
		dg_adopt(d, c);
	return (c);
}

/* Append an item of kind to c at time t. */
struct dg_item *
dg_push(struct dg_conv *c, uint64_t t, int kind)
{
	struct dg_item	*it;

	if (c->nitem == c->capitem) {
		c->capitem = c->capitem ? c->capitem * 2 : 4;
		c->item = xrealloc(c->item, c->capitem * sizeof *c->item);
	}
	it = &c->item[c->nitem++];
	memset(it, 0, sizeof *it);
	it->time = t;
	it->kind = kind;
	it->end = -1;
	it->state[0] = it->state[1] = -1;
	return (it);
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
	unsigned		 id;
	int			 a, e, have[2] = { 0, 0 };
	char			 opts[256];

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
	for (i = 0; i < nlater; i++) {
		ev = later[i];
		switch (ev.type) {
		case TRK_EV_RETRANSMIT:
			c->item[ai].mark |= DG_M_RETRANS;
			/* How long after it was last sent; the engine's own
			 * reason says it for our resends in a live session. */
			if (strstr(ev.why, " ms after ") != NULL &&
			    !DG_ENGINE_OWNS(c, a)) {
				it = dg_push(c, now, DG_IT_NOTE);
				it->end = a;
				it->why[0] = dg_intern(d, ev.why);
			}
			break;
		case TRK_EV_ZWP:
			c->item[ai].mark |= DG_M_ZWP;
			break;
		case TRK_EV_KEEPALIVE:
			/* The tracker words a probe so, and its answer not. */
			c->item[ai].mark |=
			    strncmp(ev.why, "keepalive probe", 15) == 0 ?
			    DG_M_KEEPALIVE : DG_M_KA_ACK;
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
