/*
 * cli/obs/obs.c - make a session's subscribers, in the order they see each
 * event, and free them.
 */
#include <stdlib.h>

#include "cli/obs/conns.h"
#include "cli/obs/counters.h"
#include "cli/obs/dgfeed.h"
#include "cli/obs/expect.h"
#include "cli/obs/frames.h"
#include "cli/obs/lines.h"
#include "cli/obs/obs.h"
#include "cli/obs/record.h"
#include "core/xmalloc.h"

/* Every subscriber of s, subscribed. */
struct obs *
obs_new(struct session *s, const struct obs_opts *o)
{
	struct obs	*ob = xcalloc(1, sizeof *ob);

	ob->s = s;
	ob->rec = record_new(s, o->wfile);	/* frames recorded before printed */
	ob->frames = frames_new(s);
	ob->lines = lines_new(s, o->quiet, o->verbose);
	ob->counters = counters_new(s);
	ob->conns = conns_new(s);
	ob->exp = expect_new(s, ob->frames);	/* after frames */
	ob->dg = dgfeed_new(s);
	return (ob);
}

/* Unsubscribe and free them all. */
void
obs_free(struct obs *o)
{
	if (o == NULL)
		return;
	dgfeed_free(o->dg);
	expect_free(o->exp);
	conns_free(o->conns);
	counters_free(o->counters);
	lines_free(o->lines);
	frames_free(o->frames);
	record_free(o->rec);
	free(o);
}
