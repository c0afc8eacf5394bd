/*
 * cli/obs/expect.c - the segments `expect` matches against: a ring per
 * direction of what went by since the last match, and the expectation in
 * progress, tried against each segment as it is seen.
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "cli/obs/expect.h"
#include "cli/run/session.h"
#include "core/xmalloc.h"

/*
 * A segment seen on the wire, kept for a later `expect`: its options'
 * bytes and payload (up to what a pattern can give) are copies, the
 * options past n_opt are not (nothing reads them).
 */
struct seen_seg {
	struct seg	 seg;
	uint8_t		 optb[40];	/* TCP options hold 40 bytes */
	uint8_t		 data[PDN_MAXPAYLOAD];
};

struct expect {
	struct session	*s;
	struct seen_seg	 ring[2][EXPECT_RING];
	int		 head[2];	/* oldest kept */
	int		 count[2];
	struct pdn_spec	 spec;
	int		 dir;		/* 0 inbound, 1 outbound */
	int		 active;
	int		 matched;
	int		 seen;		/* segments compared */
	unsigned	 conn;		/* bases from this connection (0: absolute) */
	char		 why[160];	/* the last mismatch */
	char		 last[256];	/* the last segment seen, in notation */
};

static void	expect_event(void *, const struct run_ev *);

/* The expectations of s, subscribed to its bus. */
struct expect *
expect_new(struct session *s)
{
	struct expect	*x = xcalloc(1, sizeof *x);

	x->s = s;
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

/* The bases for matching direction out against the expectation's connection. */
static void
expect_bases(struct expect *x, int out, uint32_t *sb, uint32_t *ab)
{
	struct tcp_status	ts;

	*sb = *ab = 0;
	if (x->conn != 0 && tcp_status(x->s->st, x->conn, &ts) == 0) {
		*sb = out ? ts.iss : ts.irs;
		*ab = out ? ts.irs : ts.iss;
	}
}

/* Match the kept segment at ring index i; on a match drop it and all before. */
static int
expect_try(struct expect *x, int out, int i)
{
	struct seen_seg	*e = &x->ring[out][(x->head[out] + i) % EXPECT_RING];
	uint32_t	 sb, ab;

	expect_bases(x, out, &sb, &ab);
	x->seen++;
	if (pdn_match(&x->spec, &e->seg, sb, ab, x->why, sizeof x->why)) {
		x->head[out] = (x->head[out] + i + 1) % EXPECT_RING;
		x->count[out] -= i + 1;
		x->matched = 1;
		return (1);
	}
	pdn_format(&e->seg, sb, ab, 0, x->last, sizeof x->last);
	return (0);
}

/* Start expecting spec; whether a kept segment matches already. */
int
expect_start(struct expect *x, const struct pdn_spec *spec, int out,
    unsigned conn)
{
	int	i;

	x->spec = *spec;
	x->dir = out;
	x->conn = conn;
	x->matched = x->seen = 0;
	x->why[0] = x->last[0] = '\0';
	for (i = 0; i < x->count[out]; i++)
		if (expect_try(x, out, i))
			break;
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

/* Copy s into e: the fields, its n_opt options and their bytes, payload. */
static void
seen_copy(struct seen_seg *e, const struct seg *s)
{
	const size_t	 opt = offsetof(struct seg, th) +
			    offsetof(struct tcp_hdr, opt);
	const size_t	 after = offsetof(struct seg, th) +
			    offsetof(struct tcp_hdr, n_opt);
	const struct tcp_opt *o;
	size_t		 k = 0, m;
	int		 i;

	memcpy(&e->seg, s, opt);
	memcpy((uint8_t *)&e->seg + after, (const uint8_t *)s + after,
	    sizeof *s - after);
	for (i = 0; i < s->th.n_opt && i < WIRE_MAX_TCPOPT; i++) {
		o = &s->th.opt[i];
		e->seg.th.opt[i] = *o;
		m = o->kind == TCPOPT_EOL ? (size_t)o->len - 1 :
		    (o->len >= 2 ? (size_t)o->len - 2 : 0);
		if (o->data != NULL && m <= sizeof e->optb - k) {
			memcpy(e->optb + k, o->data, m);
			e->seg.th.opt[i].data = e->optb + k;
			k += m;
		}
	}
	e->seg.len = s->len < sizeof e->data ? s->len : sizeof e->data;
	memcpy(e->data, s->data, e->seg.len);
	e->seg.data = e->data;
}

/* Keep a TCP segment of ours that went by, and match the expectation. */
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
	seen_copy(e, ev->seg);
	if (x->active && !x->matched && x->dir == out)
		expect_try(x, out, i);
}
