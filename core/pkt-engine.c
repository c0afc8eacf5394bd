/*
 * core/pkt-engine.c - the engine as a script's target (core/pkt-run.h):
 * virtual time, the peer's segments into stack_input(), the engine's
 * timers run between statements, its system calls through the
 * descriptor table of core/pkt-sys.c.
 */
#include <string.h>

#include "core/pkt-run-int.h"

#define PR_T0		(1000 * TCP_SEC)	/* virtual time of script time 0 */
#define PR_MAXTICKS	1000000			/* timer runs between statements */

static int	pe_begin(void *arg, struct pr *p);
static int	pe_input(void *arg, struct pr *p, const struct seg *s);
static int	pe_advance(void *arg, struct pr *p, uint64_t until,
		    bool stop_on_output);
static int	pe_collect(void *arg, struct pr *p);
static int	pe_syscall(void *arg, struct pr *p,
		    const struct pkt_syscall *sc);
static void	pe_end(void *arg, struct pr *p);

static const struct pkt_target pe_target = {
	.name = "engine",
	.arg = NULL,
	.begin = pe_begin,
	.input = pe_input,
	.advance = pe_advance,
	.collect = pe_collect,
	.syscall = pe_syscall,
	.sysctl = NULL,		/* the settings of core/pkt-set.c */
	.end = pe_end,
};

/* The engine as a target. */
const struct pkt_target *
pr_engine_target(void)
{
	return (&pe_target);
}

/* A stack with the run's settings; the clock at virtual time PR_T0. */
static int
pe_begin(void *arg, struct pr *p)
{
	(void)arg;
	p->now = PR_T0;
	p->st = stack_new(&p->c->tcp, 1);
	return (0);
}

/* The peer's segment into the engine. */
static int
pe_input(void *arg, struct pr *p, const struct seg *s)
{
	(void)arg;
	stack_input(p->st, s, p->now);
	return (0);
}

/* Take what the engine queued at p->now: segments and events (traced). */
static int
pe_collect(void *arg, struct pr *p)
{
	struct tcp_event	ev;
	struct tcp_status	ts;
	struct pkt_trace	t;
	struct seg		s;

	(void)arg;
	while (stack_event(p->st, &ev)) {
		if (p->c->trace == NULL || ev.type == TEV_FREED)
			continue;
		memset(&t, 0, sizeof t);
		t.kind = PKT_TRACE_EVENT;
		t.ev = &ev;
		t.cause = p->cause;
		if (ev.conn != 0 && tcp_status(p->st, ev.conn, &ts) == 0) {
			t.local = ts.local;
			t.remote = ts.remote;
		}
		pr_trace(p, &t);
	}
	while (stack_output(p->st, &s, p->buf, PR_SEGBUF, NULL))
		if (pkt_run_sent(p, &s, p->now) != 0)
			return (-1);
	return (0);
}

/*
 * Run the engine's timers due up to until, in order, moving the clock to
 * each; with stop_on_output, stop as soon as a segment is queued.  The
 * clock ends at until unless stopped.
 */
static int
pe_advance(void *arg, struct pr *p, uint64_t until, bool stop_on_output)
{
	uint64_t	d;
	int		n;

	(void)arg;
	for (n = 0; n < PR_MAXTICKS; n++) {
		if (stop_on_output && p->head < p->nout)
			return (0);
		d = pr_sys_deadline(p);	/* a blocked call's timeout too */
		if (d == TCP_NEVER || d > until)
			break;
		if (d > p->now)
			p->now = d;
		stack_tick(p->st, p->now);
		if (pr_collect(p) != 0)
			return (-1);
	}
	if (n == PR_MAXTICKS)
		return (pr_fail(p, "the engine's timers ran %d times without "
		    "reaching the next line", PR_MAXTICKS));
	if (stop_on_output && p->head < p->nout)
		return (0);
	if (until != TCP_NEVER && until > p->now)
		p->now = until;
	return (0);
}

/* A system call on the engine's descriptor table. */
static int
pe_syscall(void *arg, struct pr *p, const struct pkt_syscall *sc)
{
	(void)arg;
	return (pr_syscall(p, sc));
}

/* Free the stack. */
static void
pe_end(void *arg, struct pr *p)
{
	(void)arg;
	stack_free(p->st);
	p->st = NULL;
}
