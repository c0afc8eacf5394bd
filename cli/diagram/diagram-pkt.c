/*
 * cli/diagram/diagram-pkt.c - the ladder of a packetdrill script's run,
 * fed from the run's tracer (core/pkt-run.h) as a live session's is fed
 * from its event stream (cli/obs/dgfeed.c): the peer's "<" segments and
 * the engine's, the engine's states on the segment that caused them or
 * the one they caused, and the verdict: the segment a failure is about is
 * marked [FAIL] with the message (what was expected) under it; a failure
 * about no segment is noted under the last one.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/diagram/diagram-pkt.h"
#include "core/xmalloc.h"

struct dg_pkt {
	struct dg	*dg;
	uint64_t	 t0;		/* virtual µs of the script's 0 */
	uint64_t	 npkt;		/* dg_add_seg() calls */
	unsigned	 last;		/* the conversation recorded last */
	uint64_t	 lastpkt;	/* and its segment's dg_add_seg() call */
	size_t		 nseg;		/* segments recorded */
	int		 full;		/* DGPKT_MAX_SEGS reached, noted */
	struct {
		uint64_t	pkt;	/* its dg_add_seg() call */
		unsigned	conv;
	}		*out;		/* the engine's segments, by number - 1 */
	size_t		 nout;
	size_t		 capout;
};

/* An empty ladder. */
struct dg_pkt *
dgpkt_new(void)
{
	struct dg_pkt	*g = xcalloc(1, sizeof *g);

	g->dg = dg_new();
	return (g);
}

/* Free g. */
void
dgpkt_free(struct dg_pkt *g)
{
	if (g == NULL)
		return;
	dg_free(g->dg);
	free(g->out);
	free(g);
}

/* The model so far and the script's 0. */
struct dg *
dgpkt_model(const struct dg_pkt *g, uint64_t *origin)
{
	if (origin != NULL)
		*origin = g->t0;
	return (g->nseg > 0 ? g->dg : NULL);
}

/* Record segment s (the engine's num-th when out), while there is room. */
static void
dgpkt_seg(struct dg_pkt *g, const struct pkt_trace *t, int out)
{
	unsigned	id;

	if (g->nseg >= DGPKT_MAX_SEGS) {
		if (!g->full && g->last != 0)
			dg_note_last(g->dg, g->last, "diagram: later "
			    "segments are left out (DGPKT_MAX_SEGS)");
		g->full = 1;
		return;
	}
	g->nseg++;
	id = dg_add_seg(g->dg, t->seg, t->now, out ? DG_DIR_OUT : DG_DIR_IN);
	g->npkt++;
	if (id != 0) {
		g->last = id;
		g->lastpkt = g->npkt;
	}
	if (!out || t->num != g->nout + 1)
		return;
	if (g->nout == g->capout) {
		g->capout = g->capout == 0 ? 64 : g->capout * 2;
		g->out = xrealloc(g->out, g->capout * sizeof *g->out);
	}
	g->out[g->nout].pkt = g->npkt;
	g->out[g->nout++].conv = id;
}

/* The verdict: the failing segment marked, or a note under the last. */
static void
dgpkt_end(struct dg_pkt *g, const struct pkt_trace *t)
{
	const struct pkt_result	*r = t->r;
	const char		*msg = r->msg, *p;
	char			 pre[32], *note;

	if (r->verdict == PKT_PASS)
		return;
	snprintf(pre, sizeof pre, ":%d: ", r->line);
	if ((p = strstr(msg, pre)) != NULL)
		msg = p + strlen(pre);	/* the file is in the title */
	note = xasprintf("%s line %d: %s", r->verdict == PKT_FAIL ? "FAIL" :
	    "SKIP", r->line, msg);
	if (t->num == 0 || t->num > g->nout || g->out[t->num - 1].conv == 0 ||
	    dg_mark_pkt(g->dg, g->out[t->num - 1].conv, g->out[t->num - 1].pkt,
	    DG_M_FAIL, note) != 0)
		(void)dg_mark_pkt(g->dg, g->last, g->lastpkt, 0, note);
	free(note);
}

/* The run's tracer. */
void
dgpkt_trace(void *arg, const struct pkt_trace *t)
{
	struct dg_pkt	*g = arg;

	g->t0 = t->t0;
	switch (t->kind) {
	case PKT_TRACE_IN:
	case PKT_TRACE_OUT:
		dgpkt_seg(g, t, t->kind == PKT_TRACE_OUT);
		break;
	case PKT_TRACE_EVENT:
		if (t->ev->type != TEV_STATE || t->remote.port == 0)
			break;	/* a listener has no conversation */
		dg_local_state(g->dg, &t->local, &t->remote, t->ev->to,
		    t->ev->why, t->now, t->cause);
		break;
	case PKT_TRACE_PUMPED:
		dg_local_flush(g->dg);
		break;
	case PKT_TRACE_END:
		dg_local_flush(g->dg);
		dgpkt_end(g, t);
		break;
	default:
		break;
	}
}

/* Write the ladder as text. */
int
dgpkt_text(const struct dg_pkt *g, const struct dg_opts *o, FILE *out)
{
	struct dg_opts	lo;

	if (g->nseg == 0) {
		fprintf(out, "(no segment: nothing to draw)\n");
		return (ferror(out) ? -1 : 0);
	}
	memset(&lo, 0, sizeof lo);
	if (o != NULL)
		lo = *o;
	lo.origin = g->t0;
	if (dg_text(g->dg, 0, &lo, out) != 0 || fflush(out) != 0)
		return (-1);
	return (0);
}
