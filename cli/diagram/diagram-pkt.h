/*
 * cli/diagram/diagram-pkt.h - the ladder of a packetdrill script's run
 * against the engine (core/pkt-run.h), fed by its tracer: the script's
 * peer on one side, our engine on the other, each segment an arrow at its
 * virtual time, the engine's states as it entered them, and a failure
 * marked on its row.
 *
 *	struct dg_pkt *g = dgpkt_new();
 *	cfg.trace = dgpkt_trace; cfg.trace_arg = g;
 *	pkt_run(script, &cfg, &result);
 *	dgpkt_text(g, &opts, stdout);
 *	dgpkt_free(g);
 *
 * Memory: dgpkt_new() returns a ladder freed with dgpkt_free(); it keeps
 * at most DGPKT_MAX_SEGS segments (it notes where it stopped).
 */
#ifndef TCPX_CLI_DIAGRAM_PKT_H
#define TCPX_CLI_DIAGRAM_PKT_H

#include <stdio.h>

#include "cli/diagram/diagram.h"
#include "core/pkt-run.h"

#define DGPKT_MAX_SEGS	100000	/* segments drawn; later ones are left out */

struct dg_pkt;

/* An empty ladder; free with dgpkt_free(). */
struct dg_pkt	*dgpkt_new(void);

/* Free g (NULL is fine). */
void		 dgpkt_free(struct dg_pkt *g);

/* The tracer (a pkt_trace_fn): arg is a struct dg_pkt. */
void		 dgpkt_trace(void *arg, const struct pkt_trace *t);

/*
 * The model so far (NULL before the first segment), and the time of the
 * script's 0 for dg_opts.origin (0 before the run began).
 */
struct dg	*dgpkt_model(const struct dg_pkt *g, uint64_t *origin);

/*
 * Write every conversation of the run as text with o (times from the
 * script's 0), or a line saying there is none; 0, or -1 on a write error.
 */
int		 dgpkt_text(const struct dg_pkt *g, const struct dg_opts *o,
		    FILE *out);

#endif
