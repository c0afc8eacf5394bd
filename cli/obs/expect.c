/*
 * cli/obs/expect.c - the segments `expect` matches against: a ring per
 * direction of the frame ids of the TCP segments that went by since
 * the last match, and the expectation in progress, tried against each
 * segment as it is seen.  A kept segment is decoded again from the frames
 * kept for `decode` (cli/obs/frames.c) only when an expectation starts:
 * the bulk paths pay a number per segment, not a copy.
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "cli/obs/expect.h"
#include "cli/obs/frames.h"
#include "cli/run/session.h"
#include "core/seg.h"
#include "core/wire.h"
#include "core/xmalloc.h"

/* A segment seen on the wire, kept for a later `expect`: where to find it. */
struct seen_seg {
	unsigned long	 id;		/* its frame's id (frames_get_id) */
	size_t		 wirelen;	/* its frame's length on the wire */
};

struct expect {
	struct session		*s;
	const struct frames	*fr;
	struct seen_seg		 ring[2][EXPECT_RING];
	int			 head[2];	/* oldest kept */
	int			 count[2];
	struct pdn_spec		 spec;
	int			 dir;		/* 0 inbound, 1 outbound */
	int			 active;
	int			 matched;
	int			 seen;		/* segments compared */
	int			 gone;		/* kept ones whose frames were gone */
	unsigned		 conn;		/* bases from this connection
						   (0: absolute) */
	char			 why[160];	/* the last mismatch */
	char			 last[256];	/* the last segment seen, in
						   notation */
};

static void	expect_event(void *, const struct run_ev *);

/* The expectations of s, subscribed to its bus after fr. */
struct expect *
expect_new(struct session *s, const struct frames *fr)
{
	struct expect	*x = xcalloc(1, sizeof *x);

	x->s = s;
	x->fr = fr;
	bus_subscribe(&s->bus, expect_event, x);
	bus_want(&s->bus, expect_event, x, BUS_TYPE(RUN_FRAME));
	return (x);
}

/* Unsubscribe and free. */
void
expect_free(struct expect *x)
{
	if (x == NULL)
		return;
	bus_unsubscribe(&x->s->bus, expect_event, x);
	free(x);
}

/*
 * The bases for matching sg, of direction out, against the expectation's
 * connection.  A listener has no sequence numbers of its own, and there
 * may be no connection (after `listen`): then a segment is matched
 * against the connection it belongs to, the one its SYN opened.  A SYN is
 * matched when it is seen, before the engine has taken it and learned IRS
 * from it: while SYN-SENT or LISTEN, or with no connection yet, an
 * inbound SYN's own sequence number is the base (it is the peer's ISN,
 * RFC 9293 §3.4).
 */
static void
expect_bases(struct expect *x, const struct seg *sg, int out, uint32_t *sb,
    uint32_t *ab)
{
	struct tcp_status	ts;
	unsigned		found;
	int			ours, have, fresh = 1;	/* no ISN known yet */

	*sb = *ab = 0;
	if (x->s->st == NULL)
		return;		/* no engine */
	have = x->conn != 0 && tcp_status(x->s->st, x->conn, &ts) == 0;
	if ((!have || ts.state == TCP_LISTEN) &&
	    (found = stack_find(x->s->st, sg, &ours)) != 0)
		have = tcp_status(x->s->st, found, &ts) == 0;
	if (have) {
		*sb = out ? ts.iss : ts.irs;
		*ab = out ? ts.irs : ts.iss;
		fresh = ts.state == TCP_SYN_SENT || ts.state == TCP_LISTEN;
	}
	if (!out && fresh && (sg->th.flags & TH_SYN) != 0)
		*sb = sg->th.seq;
}

/*
 * Match sg, the segment at ring index i of direction out; on a match drop
 * it and all before it.
 */
static int
expect_try(struct expect *x, const struct seg *sg, int out, int i)
{
	uint32_t	 sb, ab;

	expect_bases(x, sg, out, &sb, &ab);
	x->seen++;
	if (pdn_match(&x->spec, sg, sb, ab, x->why, sizeof x->why)) {
		x->head[out] = (x->head[out] + i + 1) % EXPECT_RING;
		x->count[out] -= i + 1;
		x->matched = 1;
		return (1);
	}
	pdn_format(sg, sb, ab, 0, x->last, sizeof x->last);
	return (0);
}

/*
 * The kept segment at ring index i of direction out, decoded again from
 * its frame as the data path decoded it (p holds what sg points into);
 * -1 when the frames no longer keep it.
 */
static int
expect_kept(struct expect *x, int out, int i, struct pkt *p, struct seg *sg)
{
	const struct seen_seg	*e;
	const struct frame_rec	*r;

	e = &x->ring[out][(x->head[out] + i) % EXPECT_RING];
	if ((r = frames_get_id(x->fr, e->id)) == NULL)
		return (-1);
	/* The same bytes decode the same: a TCP segment still. */
	(void)wire_decode(p, r->dlt, r->data, r->len, e->wirelen);
	return (seg_from_pkt(sg, p) == 0 && sg->proto == IPPROTO_TCP_ ? 0 : -1);
}

/* Start expecting spec; whether a kept segment matches already. */
int
expect_start(struct expect *x, const struct pdn_spec *spec, int out,
    unsigned conn)
{
	struct pkt	 p;
	struct seg	 sg;
	int		 i;

	x->spec = *spec;
	x->dir = out;
	x->conn = conn;
	x->matched = x->seen = x->gone = 0;
	x->why[0] = x->last[0] = '\0';
	for (i = 0; i < x->count[out]; i++) {
		if (expect_kept(x, out, i, &p, &sg) != 0)
			x->gone++;
		else if (expect_try(x, &sg, out, i))
			break;
	}
	x->active = !x->matched;
	return (x->matched);
}

/* Whether the expectation in progress has matched. */
int
expect_matched(const struct expect *x)
{
	return (x->matched);
}

/* End the expectation in progress. */
void
expect_stop(struct expect *x)
{
	x->active = 0;
}

/* How many segments the last expectation compared. */
int
expect_seen(const struct expect *x)
{
	return (x->seen);
}

/* How many kept segments it could not compare: their frames were gone. */
int
expect_gone(const struct expect *x)
{
	return (x->gone);
}

/* The last segment it compared, in notation. */
const char *
expect_last(const struct expect *x)
{
	return (x->last);
}

/* What that segment differed in. */
const char *
expect_why(const struct expect *x)
{
	return (x->why);
}

/*
 * Keep the frame id of a TCP segment of ours that went by (frames,
 * subscribed before, has just taken it in), and match the expectation.
 */
static void
expect_event(void *arg, const struct run_ev *ev)
{
	struct expect	*x = arg;
	struct seen_seg	*e;
	int		 out, i;

	if (ev->type != RUN_FRAME || ev->seg == NULL ||
	    ev->seg->proto != IPPROTO_TCP_)
		return;
	out = ev->dir == RUN_OUT;
	if (x->count[out] == EXPECT_RING) {
		x->head[out] = (x->head[out] + 1) % EXPECT_RING;
		x->count[out]--;
	}
	i = x->count[out]++;
	e = &x->ring[out][(x->head[out] + i) % EXPECT_RING];
	e->id = frames_last_id(x->fr);
	e->wirelen = ev->pkt != NULL ? ev->pkt->wirelen : ev->len;
	if (x->active && !x->matched && x->dir == out)
		expect_try(x, ev->seg, out, i);
}
