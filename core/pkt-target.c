/*
 * core/pkt-target.c - what a script's target (core/pkt-run.h: the engine,
 * the lab's kernel) sees of a run: its clock and addresses, the segments
 * it sent joining the unmatched ones (bounded), verdicts, call arguments;
 * and the run's calls into the target (collect, advance) and the record
 * of what it did per line, for comparing two targets.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/pkt-run-int.h"
#include "core/xmalloc.h"

/* A segment the target sent at time at joins the unmatched ones (bounded). */
int
pkt_run_sent(struct pr *p, const struct seg *s, uint64_t at)
{
	struct pkt_trace	 t;
	struct pr_out		*o;
	char			 text[512];

	if (p->head > 0 && p->nout == PR_MAXOUT) {
		memmove(p->out, p->out + p->head,
		    (p->nout - p->head) * sizeof *p->out);
		p->nout -= p->head;
		p->head = 0;
	}
	if (p->nout == PR_MAXOUT)
		return (pr_fail(p, "the %s sent more than %d segments no "
		    "line expected", p->tg->name, PR_MAXOUT));
	o = &p->out[p->nout++];
	o->s = *s;
	o->at = at;
	o->data = NULL;
	if (s->len > 0) {
		o->data = xmalloc(s->len);
		memcpy(o->data, s->data, s->len);
	}
	o->s.data = o->data;
	o->num = ++p->nsent;
	if (p->c->trace != NULL) {
		memset(&t, 0, sizeof t);
		t.kind = PKT_TRACE_OUT;
		t.seg = &o->s;
		t.num = o->num;
		t.text = pr_seg_text(p, &o->s, text, sizeof text);
		pr_trace(p, &t);
	}
	return (0);
}

/* Take what the target sent by p->now; a blocked call may return then. */
int
pr_collect(struct pr *p)
{
	struct pkt_trace	t;

	if (p->tg->collect(p->tg->arg, p) != 0)
		return (-1);
	if (p->c->trace != NULL) {
		memset(&t, 0, sizeof t);
		t.kind = PKT_TRACE_PUMPED;
		pr_trace(p, &t);
	}
	return (pr_sys_wake(p));
}

/* Let time pass to until on the target, or until it sends. */
int
pr_advance(struct pr *p, uint64_t until, bool stop_on_output)
{
	return (p->tg->advance(p->tg->arg, p, until, stop_on_output));
}

/* Record what the target did at the current line (bounded, all counted). */
void
pr_seen(struct pr *p, bool ok, int64_t at, const char *fmt, ...)
{
	struct pkt_result	*r = p->r;
	struct pkt_seen		*e;
	va_list			 ap;

	if (r->nseen < PKT_RUN_MAXSEEN) {
		e = &r->seen[r->nseen];
		e->line = p->line;
		e->ok = ok;
		e->at = at;
		va_start(ap, fmt);
		vsnprintf(e->what, sizeof e->what, fmt, ap);
		va_end(ap);
	}
	r->nseen++;
}

/* The run's clock is now (the target's). */
void
pkt_run_clock(struct pr *p, uint64_t now)
{
	p->now = now;
}

/* The run's clock. */
uint64_t
pkt_run_now(const struct pr *p)
{
	return (p->now);
}

/* Whether the script is IPv6. */
bool
pkt_run_v6(const struct pr *p)
{
	return (p->v6);
}

/* The target's endpoint and the script's peer. */
void
pkt_run_addrs(struct pr *p, const struct endpoint *local,
    const struct endpoint *remote)
{
	p->local = *local;
	p->remote = *remote;
}

/* Fail the run at the current line (for targets). */
int
pkt_run_fail(struct pr *p, const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	pr_vmsg(p, PKT_FAIL, fmt, ap);
	va_end(ap);
	return (-1);
}

/* End the run as skipped at the current line (for targets). */
int
pkt_run_unsupported(struct pr *p, const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	pr_vmsg(p, PKT_SKIP, fmt, ap);
	va_end(ap);
	return (-1);
}

/* A call argument's value (for targets). */
int
pkt_run_eval(struct pr *p, const struct pkt_expr *e, int64_t *out)
{
	return (pr_eval(p, e, out));
}
