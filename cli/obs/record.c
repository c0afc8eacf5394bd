/*
 * cli/obs/record.c - every frame of the session, either direction, into
 * the `capture` recording and the -w stream.
 */
#include <stdlib.h>

#include "capture/pcapw.h"
#include "cli/obs/out.h"
#include "cli/obs/record.h"
#include "cli/run/session.h"
#include "core/xmalloc.h"

struct record {
	struct session	*s;
	struct pcapw	*rec;		/* `capture` */
	struct pcapw	*wfile;		/* -w */
};

static void	record_event(void *, const struct run_ev *);

/* The recorder of s's frames, writing to the -w stream wfile too. */
struct record *
record_new(struct session *s, struct pcapw *wfile)
{
	struct record	*r = xcalloc(1, sizeof *r);

	r->wfile = wfile;
	r->s = s;
	bus_subscribe(&s->bus, record_event, r);
	return (r);
}

/* Unsubscribe, finish the -w file, free. */
void
record_free(struct record *r)
{
	char	*cause = NULL;

	if (r == NULL)
		return;
	bus_unsubscribe(&r->s->bus, record_event, r);
	if (r->wfile != NULL && pcapw_flush(r->wfile, &cause) != 0) {
		say_err("-w %s", cause);
		free(cause);
	}
	pcapw_free(r->wfile);
	pcapw_free(r->rec);
	free(r);
}

/* The `capture` recording, or NULL. */
struct pcapw *
record_capture(const struct record *r)
{
	return (r->rec);
}

/* Replace the `capture` recording by w. */
void
record_set_capture(struct record *r, struct pcapw *w)
{
	pcapw_free(r->rec);
	r->rec = w;
}

/* The -w stream, or NULL. */
struct pcapw *
record_stream(const struct record *r)
{
	return (r->wfile);
}

/* Record one frame, either direction, for `capture` and -w. */
static void
record_event(void *arg, const struct run_ev *ev)
{
	struct record		*r = arg;
	struct pcapw_stats	 st;

	if (ev->type != RUN_FRAME)
		return;
	if (r->rec != NULL && pcapw_add(r->rec, ev->ts, ev->frame, ev->len) ==
	    -1) {
		pcapw_stats(r->rec, &st);
		if (st.drops == 1)
			say_err("capture: recording full at %llu frames: "
			    "dropping the rest (see capture status)",
			    (unsigned long long)st.frames);
	}
	if (r->wfile != NULL && pcapw_add(r->wfile, ev->ts, ev->frame,
	    ev->len) == -1) {
		say_err("-w %s; no longer writing it", pcapw_error(r->wfile));
		pcapw_free(r->wfile);
		r->wfile = NULL;
	}
}
