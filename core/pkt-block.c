/*
 * core/pkt-block.c - system calls that block, in virtual time, as
 * packetdrill runs them: a call on a blocking descriptor that cannot
 * return yet (accept with no connection, connect before the handshake,
 * read with nothing to read, write with the send buffer full, poll with a
 * timeout, close with SO_LINGER) is run again each time the engine moves
 * (a segment in, a timer).  Written "...T" it blocks beside the script
 * (packetdrill's system call thread): the statements after it run, and it
 * must return at T within the tolerance.  Without "...T" it holds the
 * script (packetdrill's main thread) while the engine's timers run.
 */
#include <stdio.h>
#include <stdlib.h>

#include "core/pkt-sys-int.h"
#include "core/xmalloc.h"

#define PR_MAXWAIT	1000000		/* advances while waiting */

static char	*pr_secs(int64_t us, char *buf, size_t len);
static int64_t	pr_end_time(struct pr *p, const struct pkt_syscall *sc,
		    int64_t start);
static int	pr_end_check(struct pr *p, const char *name, int64_t end);

/* Script time us as seconds: "0.300000". */
static char *
pr_secs(int64_t us, char *buf, size_t len)
{
	snprintf(buf, len, "%s%lld.%06lld", us < 0 ? "-" : "",
	    (long long)(us < 0 ? -us : us) / 1000000,
	    (long long)(us < 0 ? -us : us) % 1000000);
	return (buf);
}

/*
 * The script time call sc must return at: "...T" is absolute with an
 * absolute start, else relative to what the start is relative to (as
 * packetdrill's adjust_relative_event_times).
 */
static int64_t
pr_end_time(struct pr *p, const struct pkt_syscall *sc, int64_t start)
{
	const struct pkt_stmt	*st;
	size_t			 i;

	for (i = 0; i < p->s->nstmts; i++) {
		st = &p->s->stmts[i];
		if (st->kind == PKT_SYSCALL && st->u.syscall == sc)
			return (st->time.kind == PKT_TIME_REL ?
			    start - st->time.usecs + sc->end_usecs :
			    sc->end_usecs);
	}
	return (sc->end_usecs);
}

/* A "...T" call returned now: it must be at end within the tolerance. */
static int
pr_end_check(struct pr *p, const char *name, int64_t end)
{
	int64_t	at = (int64_t)(p->now - p->t0);
	char	a[32], b[32];

	if (at >= end - p->tol && at <= end + p->tol)
		return (0);
	return (pr_fail(p, "%s() expected to return at %s, it returned at "
	    "%s (tolerance %lld us)", name, pr_secs(end, a, sizeof a),
	    pr_secs(at, b, sizeof b), (long long)p->tol));
}

/* Call sc would block: remember it, and wait unless it is "...T". */
int
pr_block_start(struct pr *p, const struct pkt_syscall *sc, int64_t start,
    const struct pr_ret *ret, uint64_t wake)
{
	struct pr_sys	*s;

	if (p->sys == NULL)
		p->sys = xcalloc(1, sizeof *p->sys);
	s = p->sys;
	s->active = true;
	s->running = false;
	s->sc = sc;
	s->line = p->line;
	s->start = start;
	s->has_end = sc->has_end;
	s->end = sc->has_end ? pr_end_time(p, sc, start) : 0;
	s->wake = wake;
	s->ret = *ret;
	if (pr_collect(p) != 0)
		return (-1);
	if (sc->has_end)
		return (0);
	if (pr_block_wait(p) != 0)
		return (-1);
	/* As packetdrill: the next relative time counts from the return. */
	p->prev = (int64_t)(p->now - p->t0);
	return (0);
}

/* Check a "...T" call that returned at once against its end time. */
int
pr_block_time(struct pr *p, const struct pkt_syscall *sc, int64_t start,
    int line)
{
	p->line = line;
	return (pr_end_check(p, sc->name, pr_end_time(p, sc, start)));
}

/* The blocked call returns if the engine now lets it (from pr_collect). */
int
pr_sys_wake(struct pr *p)
{
	struct pr_sys	*s = p->sys;
	enum pr_call	 c;
	int		 line = p->line, rc = 0;
	char		 a[32], b[32];

	if (s == NULL || !s->active || s->running)
		return (0);
	s->running = true;
	p->line = s->line;
	c = pr_call_run(p, s->sc, &s->ret, &s->wake);
	if (c == PR_CALL_ERR)
		rc = -1;
	else if (c == PR_CALL_BLOCK) {
		if (s->has_end && (int64_t)(p->now - p->t0) > s->end + p->tol)
			rc = pr_fail(p, "%s() expected to return at %s "
			    "(tolerance %lld us), still blocked at %s",
			    s->sc->name, pr_secs(s->end, a, sizeof a),
			    (long long)p->tol, pr_secs((int64_t)(p->now -
			    p->t0), b, sizeof b));
	} else {
		s->active = false;
		rc = pr_call_check(p, s->sc, &s->ret);
		if (rc == 0 && s->has_end)
			rc = pr_end_check(p, s->sc->name, s->end);
	}
	s->running = false;
	p->line = line;
	return (rc);
}

/* The engine's next deadline, or sooner the blocked call's timeout or end. */
uint64_t
pr_sys_deadline(struct pr *p)
{
	struct pr_sys	*s = p->sys;
	uint64_t	 d = stack_deadline(p->st), lim;

	if (s == NULL || !s->active)
		return (d);
	if (s->wake < d)
		d = s->wake;
	if (s->has_end) {
		lim = p->t0 + (uint64_t)(s->end + p->tol + 1);
		if (lim < d)
			d = lim;
	}
	return (d);
}

/* Wait until no call is blocked, running the engine's timers. */
int
pr_block_wait(struct pr *p)
{
	struct pr_sys	*s = p->sys;
	uint64_t	 d;
	int		 n;

	for (n = 0; s != NULL && s->active; n++) {
		d = pr_sys_deadline(p);
		if (d == TCP_NEVER || n == PR_MAXWAIT) {
			p->line = s->line;
			return (pr_fail(p, "%s() blocks and nothing wakes it: "
			    "the engine has no timer left to run and no line "
			    "runs while it blocks (write \"...T\" to let the "
			    "script go on)", s->sc->name));
		}
		if (pr_advance(p, d, false) != 0)
			return (-1);
	}
	return (0);
}

/* At the end of the script: the blocked call must return. */
int
pr_sys_end(struct pr *p)
{
	return (pr_block_wait(p));
}

/* Free what the system calls kept. */
void
pr_sys_free(struct pr *p)
{
	free(p->sys);
	p->sys = NULL;
}
