/*
 * core/pkt-run.c - run a packetdrill script against a target (core/pkt-run.h:
 * the engine in virtual time, or the lab's kernel): the script's clock, the
 * peer's segments in, the target's segments matched in strict order and
 * within the tolerance.  Sequence
 * numbers follow RFC 9293 §3.4 (relative to each side's ISN), timestamps
 * RFC 7323 §3.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/pkt-run-int.h"
#include "core/xmalloc.h"

#define PR_INF		INT64_MAX

static char	*pr_time(int64_t us, char *buf, size_t len);
static int	pr_no_extra(struct pr *p);
static int	pr_packet_in(struct pr *p, const struct pkt_packet *pk);
static int	pr_packet_out(struct pr *p, const struct pkt_packet *pk,
		    int64_t lo, int64_t hi);
static void	pr_ts_out(struct pr *p, const struct pdn_spec *spec,
		    struct seg *s);
static void	pr_ts_in(struct pr *p, struct seg *s);
static void	pr_lenient_spec(struct pdn_spec *spec);
static void	pr_lenient_seg(struct seg *s);
static int	pr_stmt(struct pr *p, const struct pkt_stmt *st);

/* A run in progress, one statement at a time (pkt_run_begin). */
struct pkt_runner {
	struct pr	*p;
	size_t		 next;		/* the statement to run next */
	bool		 started;	/* options applied, the target begun */
	bool		 over;		/* PKT_TRACE_END told */
};

/* Fill c with the defaults. */
void
pkt_run_cfg_default(struct pkt_run_cfg *c)
{
	memset(c, 0, sizeof *c);
	tcp_cfg_default(&c->tcp);
	c->tolerance = -1;
}

/* The name of a verdict. */
const char *
pkt_verdict_name(enum pkt_verdict v)
{
	switch (v) {
	case PKT_PASS:
		return ("passed");
	case PKT_FAIL:
		return ("failed");
	default:
		return ("skipped");
	}
}

/* Set the verdict v and "FILE:LINE: message" (the first verdict stays). */
void
pr_vmsg(struct pr *p, enum pkt_verdict v, const char *fmt, va_list ap)
{
	struct pkt_result	*r = p->r;
	int			 n;

	if (r->verdict != PKT_PASS)
		return;
	r->verdict = v;
	r->line = p->line;
	n = snprintf(r->msg, sizeof r->msg, "%s:%d: ", p->s->file, p->line);
	if (n < 0 || (size_t)n >= sizeof r->msg)
		return;
	vsnprintf(r->msg + n, sizeof r->msg - (size_t)n, fmt, ap);
}

/* Fail the run at the current line. */
int
pr_fail(struct pr *p, const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	pr_vmsg(p, PKT_FAIL, fmt, ap);
	va_end(ap);
	return (-1);
}

/* End the run as skipped at the current line. */
int
pr_unsupported(struct pr *p, const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	pr_vmsg(p, PKT_SKIP, fmt, ap);
	va_end(ap);
	return (-1);
}

/* Record the current line as skipped. */
void
pr_skip_line(struct pr *p, const char *fmt, ...)
{
	struct pkt_result	*r = p->r;
	va_list			 ap;

	if (r->nskipped < PKT_RUN_MAXSKIP) {
		r->skip[r->nskipped].line = p->line;
		va_start(ap, fmt);
		vsnprintf(r->skip[r->nskipped].why,
		    sizeof r->skip[r->nskipped].why, fmt, ap);
		va_end(ap);
	}
	r->nskipped++;
}

/* Script time us as packetdrill writes it: "1.000200". */
static char *
pr_time(int64_t us, char *buf, size_t len)
{
	snprintf(buf, len, "%s%lld.%06lld", us < 0 ? "-" : "",
	    (long long)(us < 0 ? -us : us) / 1000000,
	    (long long)(us < 0 ? -us : us) % 1000000);
	return (buf);
}

/* A segment the target sent, in notation relative to the script's bases. */
char *
pr_seg_text(const struct pr *p, const struct seg *s, char *buf, size_t len)
{
	pdn_format(s, p->have_iss ? p->iss : s->th.seq, PKT_RUN_RISN, 0, buf,
	    len);
	return (buf);
}

/* Tell the tracer t (its line and clock filled in here), if there is one. */
void
pr_trace(struct pr *p, struct pkt_trace *t)
{
	if (p->c->trace == NULL)
		return;
	t->line = p->line;
	t->now = p->now;
	t->t0 = p->t0;
	p->c->trace(p->c->trace_arg, t);
}

/* Fail when the target sent a segment that no ">" line took. */
static int
pr_no_extra(struct pr *p)
{
	const struct pr_out	*o;
	char			 seg[512], at[32];

	if (p->head == p->nout)
		return (0);
	o = &p->out[p->head];
	p->failnum = o->num;
	return (pr_fail(p, "unexpected segment: the %s sent \"> %s\" at "
	    "%s, before this line", p->tg->name,
	    pr_seg_text(p, &o->s, seg, sizeof seg),
	    pr_time((int64_t)(o->at - p->t0), at, sizeof at)));
}

/* An inbound TS ecr: the script's value made ours (RFC 7323 §4.3). */
static void
pr_ts_in(struct pr *p, struct seg *s)
{
	struct tcp_opt	*o;
	size_t		 i;
	int		 k;

	if (!(s->th.flags & TH_ACK))
		return;
	for (k = 0; k < s->th.n_opt; k++) {
		o = &s->th.opt[k];
		if (o->kind != TCPOPT_TIMESTAMP)
			continue;
		for (i = 0; i < p->ntsmap; i++)
			if (p->tsmap[i].script == o->u.ts.ecr)
				break;
		if (i < p->ntsmap)
			o->u.ts.ecr = p->tsmap[i].actual;
		else if (p->have_ts)
			o->u.ts.ecr = o->u.ts.ecr - p->ts_script0 +
			    p->ts_actual0;
	}
}

/* A "<" line: build the peer's segment and hand it to the target. */
static int
pr_packet_in(struct pr *p, const struct pkt_packet *pk)
{
	struct pdn_spec		*spec;
	struct pkt_trace	 t;
	struct seg		 s;
	char			 err[PDN_ERRLEN], text[512];
	int			 rc;
	uint32_t		 end;

	if (pk->kind != PKT_PACKET_TCP)
		return (pr_unsupported(p, "ICMP packets are not run yet"));
	spec = xmalloc(sizeof *spec);
	if (pkt_packet_spec(pk, spec, err, sizeof err) != 0) {
		free(spec);
		return (pr_fail(p, "\"< %s\": %s", pk->text, err));
	}
	memset(&s, 0, sizeof s);
	s.proto = IPPROTO_TCP_;
	s.src = p->remote.addr;
	s.dst = p->local.addr;
	s.th.sport = p->remote.port;
	s.th.dport = p->local.port;
	s.th.seq = p->rnext;
	s.th.win = 65535;
	if (pdn_to_seg(spec, PKT_RUN_RISN, p->have_iss ? p->iss : 0, &s,
	    err, sizeof err) != 0) {
		free(spec);
		return (pr_fail(p, "\"< %s\": %s", pk->text, err));
	}
	if (spec->has_seq && spec->seqlen > 0 && !spec->has_payload) {
		if (spec->seqlen > PR_SEGBUF) {
			free(spec);
			return (pr_fail(p, "\"< %s\": more than %d bytes",
			    pk->text, PR_SEGBUF));
		}
		s.data = p->zeros;
		s.len = spec->seqlen;
	}
	pr_ts_in(p, &s);
	end = s.th.seq + seg_seqlen(&s);
	if ((int32_t)(end - p->rnext) > 0)
		p->rnext = end;
	free(spec);
	if (p->c->trace != NULL) {
		memset(&t, 0, sizeof t);
		t.kind = PKT_TRACE_IN;
		t.seg = &s;
		pdn_format(&s, PKT_RUN_RISN, p->have_iss ? p->iss : 0, 0, text,
		    sizeof text);
		t.text = text;
		pr_trace(p, &t);
	}
	if (p->tg->input(p->tg->arg, p, &s) != 0)
		return (-1);
	p->cause = &s;		/* what the target's events follow */
	rc = pr_collect(p);
	p->cause = NULL;
	return (rc);
}

/*
 * An outbound TS val: remember the script's value for ours and write ours
 * in the script's clock (from the first one seen), the script's value
 * when within the tolerance in milliseconds (RFC 7323 §5.4).
 */
static void
pr_ts_out(struct pr *p, const struct pdn_spec *spec, struct seg *s)
{
	const struct pdn_opt	*want = NULL;
	struct tcp_opt		*o = NULL;
	uint32_t		 v, d, slack;
	int			 k;

	for (k = 0; k < spec->n_opt; k++)
		if (spec->opt[k].o.kind == TCPOPT_TIMESTAMP)
			want = &spec->opt[k];
	for (k = 0; k < s->th.n_opt; k++)
		if (s->th.opt[k].kind == TCPOPT_TIMESTAMP)
			o = &s->th.opt[k];
	if (want == NULL || o == NULL || (want->any & PDN_ANY_VAL))
		return;
	if (!p->have_ts) {
		p->have_ts = true;
		p->ts_script0 = want->o.u.ts.val;
		p->ts_actual0 = o->u.ts.val;
	}
	if (p->ntsmap < PR_MAXTS) {
		p->tsmap[p->ntsmap].script = want->o.u.ts.val;
		p->tsmap[p->ntsmap++].actual = o->u.ts.val;
	}
	v = p->ts_script0 + (o->u.ts.val - p->ts_actual0);
	d = v - want->o.u.ts.val;
	if ((int32_t)d < 0)
		d = -d;
	slack = (uint32_t)(p->tol / 1000) + 1;
	o->u.ts.val = d <= slack ? want->o.u.ts.val : v;
}

/* Drop NOP and EOL from an option list and sort it by kind (stable). */
static void
pr_opts_sorted(struct pdn_opt *po, struct tcp_opt *to, int *n)
{
	struct pdn_opt	pt;
	struct tcp_opt	tt;
	int		i, j, m = 0;

	for (i = 0; i < *n; i++) {
		if ((po ? po[i].o.kind : to[i].kind) <= TCPOPT_NOP)
			continue;
		if (po)
			po[m++] = po[i];
		else
			to[m++] = to[i];
	}
	*n = m;
	for (i = 1; i < m; i++)
		for (j = i; j > 0; j--) {
			if (po && po[j - 1].o.kind > po[j].o.kind) {
				pt = po[j]; po[j] = po[j - 1]; po[j - 1] = pt;
			} else if (!po && to[j - 1].kind > to[j].kind) {
				tt = to[j]; to[j] = to[j - 1]; to[j - 1] = tt;
			} else
				break;
		}
}

/* --lenient on the expected side: options as a set by kind, any TS val. */
static void
pr_lenient_spec(struct pdn_spec *spec)
{
	int	k;

	if (!spec->has_opts)
		return;
	pr_opts_sorted(spec->opt, NULL, &spec->n_opt);
	for (k = 0; k < spec->n_opt; k++)
		if (spec->opt[k].o.kind == TCPOPT_TIMESTAMP)
			spec->opt[k].any |= PDN_ANY_VAL;
}

/* --lenient on the sent side: options as a set by kind. */
static void
pr_lenient_seg(struct seg *s)
{
	pr_opts_sorted(NULL, s->th.opt, &s->th.n_opt);
}

/*
 * A ">" line: the target's next segment, sent between lo and hi (script
 * µs, within the tolerance), must match it.
 */
static int
pr_packet_out(struct pr *p, const struct pkt_packet *pk, int64_t lo,
    int64_t hi)
{
	struct pdn_spec	*spec;
	struct pr_out	*o;
	struct seg	 s;
	char		 err[PDN_ERRLEN], why[256], got[512], a[32], b[32];
	uint64_t	 limit;
	int64_t		 at;
	int		 rc = 0;

	if (pk->kind != PKT_PACKET_TCP)
		return (pr_unsupported(p, "ICMP packets are not run yet"));
	limit = hi == PR_INF ? TCP_NEVER : p->t0 + (uint64_t)(hi + p->tol);
	if (p->head == p->nout && pr_advance(p, limit, true) != 0)
		return (-1);
	if (p->head == p->nout) {
		pr_seen(p, false, -1, "sent nothing");
		return (pr_fail(p, "expected \"> %s\" at %s; the %s sent "
		    "nothing%s%s", pk->text, lo == -PR_INF ? "any time" :
		    pr_time(lo, a, sizeof a), p->tg->name, hi == PR_INF ? "" :
		    " by ", hi == PR_INF ? "" : pr_time(hi + p->tol, b,
		    sizeof b)));
	}
	o = &p->out[p->head++];
	s = o->s;
	at = (int64_t)(o->at - p->t0);
	spec = xmalloc(sizeof *spec);
	if (pkt_packet_spec(pk, spec, err, sizeof err) != 0) {
		free(spec);
		free(o->data);
		return (pr_fail(p, "\"> %s\": %s", pk->text, err));
	}
	if (!p->have_iss && (s.th.flags & TH_SYN)) {
		p->have_iss = true;
		p->iss = s.th.seq - (spec->has_seq ? spec->seq : 0);
	}
	pr_seg_text(p, &s, got, sizeof got);
	if ((lo != -PR_INF && at < lo - p->tol) ||
	    (hi != PR_INF && at > hi + p->tol)) {
		p->failnum = o->num;
		rc = pr_fail(p, "expected \"> %s\" at %s, the %s sent "
		    "it at %s: \"> %s\" (tolerance %lld us)", pk->text,
		    pr_time(lo, a, sizeof a), p->tg->name,
		    pr_time(at, b, sizeof b), got, (long long)p->tol);
	} else {
		if (p->c->lenient) {
			pr_lenient_spec(spec);
			pr_lenient_seg(&s);
		} else
			pr_ts_out(p, spec, &s);
		if (!pdn_match(spec, &s, p->iss, PKT_RUN_RISN, why,
		    sizeof why)) {
			p->failnum = o->num;
			rc = pr_fail(p, "expected \"> %s\", the %s sent "
			    "\"> %s\" (%s)", pk->text, p->tg->name, got, why);
		}
	}
	pr_seen(p, rc == 0, at, "sent \"> %s\"", got);
	p->prev = at;
	free(spec);
	free(o->data);
	o->data = NULL;
	return (rc);
}

/* Run one statement at its time. */
static int
pr_stmt(struct pr *p, const struct pkt_stmt *st)
{
	const struct pkt_time	*t = &st->time;
	struct pkt_trace	 tr;
	int64_t			 lo, hi, base;
	bool			 in;

	p->line = st->line;
	memset(&tr, 0, sizeof tr);
	tr.kind = PKT_TRACE_STMT;
	tr.stmt = st;
	pr_trace(p, &tr);
	/*
	 * As packetdrill: a relative time counts from when the previous
	 * statement ended (in real time, a call takes time), an inbound
	 * packet after another from that one's time.
	 */
	in = st->kind == PKT_PACKET && st->u.packet.dir == '<';
	base = p->prev;
	if (!(in && p->last_in) && (int64_t)(p->now - p->t0) > base)
		base = (int64_t)(p->now - p->t0);
	p->last_in = in;
	switch (t->kind) {
	case PKT_TIME_ABS:
		lo = t->usecs;
		hi = t->has_end ? t->end_usecs : lo;
		break;
	case PKT_TIME_REL:
		lo = base + t->usecs;
		hi = t->has_end ? base + t->end_usecs : lo;
		break;
	case PKT_TIME_ANY:
		lo = -PR_INF;
		hi = PR_INF;
		break;
	default:
		lo = hi = base;
		break;
	}
	if (st->kind == PKT_PACKET && st->u.packet.dir == '>')
		return (pr_packet_out(p, &st->u.packet, lo, hi));
	if (lo != -PR_INF && p->t0 + (uint64_t)lo > p->now &&
	    pr_advance(p, p->t0 + (uint64_t)lo, false) != 0)
		return (-1);
	if (pr_no_extra(p) != 0)
		return (-1);
	p->prev = lo == -PR_INF ? (int64_t)(p->now - p->t0) : lo;
	switch (st->kind) {
	case PKT_PACKET:
		return (pr_packet_in(p, &st->u.packet));
	case PKT_SYSCALL:
		return (p->tg->syscall(p->tg->arg, p, st->u.syscall));
	case PKT_SHELL:
		return (pr_shell(p, st->u.shell));
	default:
		return (pr_code(p, st->u.code));
	}
}

/* Start running script s with settings c against target t into *r. */
struct pkt_runner *
pkt_run_begin_target(const struct pkt_script *s, const struct pkt_run_cfg *c,
    const struct pkt_target *t, struct pkt_result *r)
{
	struct pkt_runner	*x;
	struct pr		*p;

	memset(r, 0, sizeof *r);
	r->verdict = PKT_PASS;
	p = xcalloc(1, sizeof *p);
	p->s = s;
	p->c = c;
	p->r = r;
	p->tg = t;
	p->tol = c->tolerance >= 0 ? c->tolerance : -1;
	p->zeros = xcalloc(1, PR_SEGBUF);
	p->buf = xmalloc(PR_SEGBUF);
	p->rnext = PKT_RUN_RISN;
	x = xcalloc(1, sizeof *x);
	x->p = p;
	if (pr_options(p) == 0 && t->begin(t->arg, p) == 0) {
		x->started = true;
		p->t0 = p->now;
		if (p->tol < 0)
			p->tol = PKT_RUN_TOLERANCE;
	}
	return (x);
}

/* Start running script s with settings c against the engine. */
struct pkt_runner *
pkt_run_begin(const struct pkt_script *s, const struct pkt_run_cfg *c,
    struct pkt_result *r)
{
	return (pkt_run_begin_target(s, c, pr_engine_target(), r));
}

/* Run the next statement of x; 1 while the run goes on, 0 when it is over. */
int
pkt_run_next(struct pkt_runner *x)
{
	struct pr		*p = x->p;
	struct pkt_trace	 t;

	if (x->over)
		return (0);
	if (x->started && p->r->verdict == PKT_PASS &&
	    x->next < p->s->nstmts &&
	    pr_stmt(p, &p->s->stmts[x->next++]) == 0) {
		p->r->nstmts++;
		if (p->r->verdict == PKT_PASS && x->next < p->s->nstmts)
			return (1);
	}
	x->over = true;
	if (x->started && p->r->verdict == PKT_PASS)
		(void)pr_sys_end(p);	/* a call still blocked returns, or fails */
	if (p->r->verdict != PKT_FAIL)
		p->failnum = 0;
	memset(&t, 0, sizeof t);
	t.kind = PKT_TRACE_END;
	t.num = p->failnum;
	t.r = p->r;
	pr_trace(p, &t);
	return (0);
}

/* Free run x (the target ends); its verdict so far. */
enum pkt_verdict
pkt_run_end(struct pkt_runner *x)
{
	struct pr		*p;
	enum pkt_verdict	 v;
	size_t			 i;

	if (x == NULL)
		return (PKT_PASS);
	p = x->p;
	v = p->r->verdict;
	pr_sys_free(p);
	p->tg->end(p->tg->arg, p);
	for (i = p->head; i < p->nout; i++)
		free(p->out[i].data);
	free(p->zeros);
	free(p->buf);
	free(p);
	free(x);
	return (v);
}

/* Run script s with settings c against the engine. */
enum pkt_verdict
pkt_run(const struct pkt_script *s, const struct pkt_run_cfg *c,
    struct pkt_result *r)
{
	return (pkt_run_target(s, c, pr_engine_target(), r));
}

/* Run script s with settings c against target t. */
enum pkt_verdict
pkt_run_target(const struct pkt_script *s, const struct pkt_run_cfg *c,
    const struct pkt_target *t, struct pkt_result *r)
{
	struct pkt_runner	*x = pkt_run_begin_target(s, c, t, r);

	while (pkt_run_next(x))
		;
	return (pkt_run_end(x));
}
