/*
 * cli/cmd/cmd-pkt.c - `pkt`: step through a packetdrill script at the
 * prompt.  `pkt load FILE` parses it and starts a run against an engine of
 * its own in virtual time (core/pkt-run.h), apart from the session's
 * engine and clock; `pkt step [N]` runs the next statements, printing each
 * (its line of the script), the engine's state changes and every segment
 * it sent in packetdrill notation relative to the script's ISNs; `pkt
 * run` runs the rest; `pkt status` says where it is and the verdict so
 * far; `pkt diagram` draws the run's ladder (cli/diagram/diagram-pkt.h);
 * `pkt close` forgets it.  A statement runs synchronously in virtual time,
 * so nothing waits on the session's loop.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cmd/cmd.h"
#include "cli/cmd/cmd-pkt.h"
#include "cli/diagram/diagram-pkt.h"
#include "cli/obs/out.h"
#include "core/pkt-run.h"
#include "core/xmalloc.h"

#define PKT_CMD_MAXSTEP	1000000		/* statements one `pkt step N` runs */

/* The script loaded, its run and its ladder. */
struct pkt_state {
	char			*file;
	char			*src;		/* the script's text */
	size_t			 srclen;
	int			 curline;	/* a line of src (from 1) */
	size_t			 curoff;	/* and where it starts */
	struct pkt_script	*s;
	struct pkt_run_cfg	 cfg;
	struct pkt_result	 r;
	struct pkt_runner	*run;
	struct dg_pkt		*dg;
	int			 over;		/* the run has ended */
	uint64_t		 now, t0;	/* the run's clock, as traced */
	size_t			 next;		/* the statement to run next */
};

static enum cmd_status cmd_pkt(struct cmd_ctx *, int, char **);

const struct cmd_entry cmd_pkt_entry = {
	.name = "pkt",
	.usage = "load FILE [--lenient] [--tolerance_usecs N] [-D NAME[=VAL]]... | "
	    "step [N] | run | status | diagram [width=N] [unicode] | close",
	.min_args = 1,
	.max_args = CMD_MAXARGS - 1,
	.help = "step through a packetdrill script against an engine of its own",
	.detail = "pkt load FILE parses a packetdrill script (as tcpx --pkt does) and\n"
	    "  starts running it against an engine of its own in virtual time,\n"
	    "  apart from this session's engine, clock and wire: no packet leaves.\n"
	    "  --lenient, --tolerance_usecs N and -D NAME[=VAL] as for tcpx --pkt.\n"
	    "pkt step [N] runs the next statement (or N): each is printed as its\n"
	    "  line of the script, then what the engine did at its script time:\n"
	    "  \"state A -> B\" and every segment it sent (\"> S. 0:0(0) ack 1 ...\",\n"
	    "  relative to the script's ISNs, as its > lines are written).\n"
	    "pkt run runs the rest. The run stops at the first failure, with the\n"
	    "  line, what was expected and what the engine sent.\n"
	    "pkt status: the line to run next, the script time, the verdict so far\n"
	    "  and the lines skipped. pkt diagram draws the run so far as a ladder\n"
	    "  (the peer on one side, the engine on the other, a failure marked\n"
	    "  [FAIL]). pkt close forgets the script.",
	.exec = cmd_pkt,
};

/* Forget the script loaded (NULL is fine). */
void
pkt_state_free(struct pkt_state *p)
{
	if (p == NULL)
		return;
	pkt_run_end(p->run);
	pkt_free(p->s);
	dgpkt_free(p->dg);
	free(p->src);
	free(p->file);
	free(p);
}

/* Script time t (virtual µs) as the script writes it. */
static const char *
pkt_cmd_time(const struct pkt_state *p, uint64_t t, char *buf, size_t len)
{
	uint64_t	v = t >= p->t0 ? t - p->t0 : 0;

	snprintf(buf, len, "%llu.%06llu", (unsigned long long)(v / 1000000),
	    (unsigned long long)(v % 1000000));
	return (buf);
}

/*
 * Line n of the script (1..), blanks around it cut and control characters
 * made "?", into buf.  Statements
 * come in the order of their lines, so the search goes on from the line
 * found last.
 */
static const char *
pkt_cmd_line(struct pkt_state *p, int n, char *buf, size_t len)
{
	const char	*a, *e, *nl;
	size_t		 k;

	buf[0] = '\0';
	if (n < 1)
		return (buf);
	if (p->curline < 1 || n < p->curline) {
		p->curline = 1;
		p->curoff = 0;
	}
	while (p->curline < n) {
		nl = memchr(p->src + p->curoff, '\n', p->srclen - p->curoff);
		if (nl == NULL)
			return (buf);
		p->curoff = (size_t)(nl - p->src) + 1;
		p->curline++;
	}
	a = p->src + p->curoff;
	if ((e = memchr(a, '\n', p->srclen - p->curoff)) == NULL)
		e = p->src + p->srclen;
	while (a < e && (*a == ' ' || *a == '\t'))
		a++;
	while (e > a && (e[-1] == '\n' || e[-1] == '\r' || e[-1] == ' ' ||
	    e[-1] == '\t'))
		e--;
	k = (size_t)(e - a) < len - 1 ? (size_t)(e - a) : len - 1;
	memcpy(buf, a, k);
	buf[k] = '\0';
	for (a = buf; *a != '\0'; a++)	/* no terminal escapes from a file */
		if ((unsigned char)*a < 0x20 || *a == 0x7f)
			buf[a - buf] = '?';
	return (buf);
}

/* The run's tracer: say what happens, and feed the ladder. */
static void
pkt_cmd_trace(void *arg, const struct pkt_trace *t)
{
	struct pkt_state	*p = arg;
	const struct tcp_event	*ev = t->ev;
	char			 tm[32], line[200];

	p->now = t->now;
	p->t0 = t->t0;
	dgpkt_trace(p->dg, t);
	switch (t->kind) {
	case PKT_TRACE_STMT:
		say("%s:%d: %s", p->file, t->line,
		    pkt_cmd_line(p, t->line, line, sizeof line));
		break;
	case PKT_TRACE_OUT:
		say("  %s > %s", pkt_cmd_time(p, t->now, tm, sizeof tm),
		    t->text);
		break;
	case PKT_TRACE_EVENT:
		if (ev->type == TEV_STATE)
			say("  %s state %s -> %s", pkt_cmd_time(p, t->now, tm,
			    sizeof tm), tcp_state_name(ev->from),
			    tcp_state_name(ev->to));
		break;
	default:
		break;
	}
}

/* Say the verdict of a run that has ended. */
static void
pkt_cmd_verdict(const struct pkt_state *p)
{
	const struct pkt_result	*r = &p->r;

	if (r->verdict == PKT_PASS)
		say("pkt: %s: passed (%zu statements%s)", p->file,
		    r->nstmts, r->nskipped > 0 ? ", with skipped lines: "
		    "see pkt status" : "");
	else
		say("pkt: %s %s", r->verdict == PKT_FAIL ? "FAIL" : "SKIP",
		    r->msg);
}

/* Read file into p->src (at most PKT_MAX_BYTES); 0, or -1 (said). */
static int
pkt_cmd_read(struct pkt_state *p, const char *file)
{
	FILE	*f;
	size_t	 n;

	if ((f = fopen(file, "r")) == NULL) {
		say_err("pkt: %s: %s", file, strerror(errno));
		return (-1);
	}
	p->src = xmalloc(PKT_MAX_BYTES + 1);
	n = fread(p->src, 1, PKT_MAX_BYTES + 1, f);
	if (ferror(f)) {
		say_err("pkt: %s: %s", file, strerror(errno));
		fclose(f);
		return (-1);
	}
	fclose(f);
	if (n > PKT_MAX_BYTES) {
		say_err("pkt: %s: longer than %u bytes", file, PKT_MAX_BYTES);
		return (-1);
	}
	p->src = xrealloc(p->src, n + 1);
	p->src[n] = '\0';
	p->srclen = n;
	return (0);
}

/* pkt load FILE [--lenient] [--tolerance_usecs N] [-D NAME[=VAL]]... */
static enum cmd_status
pkt_cmd_load(struct cmd_ctx *c, int argc, char **argv)
{
	const char		*defines[PKT_MAX_DEFINES];
	struct pkt_state	*p;
	char			 err[PKT_ERRLEN], *end, line[200];
	size_t			 ndefines = 0;
	long long		 v;
	int			 i;

	if (argc < 3) {
		say_err("pkt: load needs a FILE: usage: pkt %s",
		    cmd_pkt_entry.usage);
		return (CMD_USAGE);
	}
	p = xcalloc(1, sizeof *p);
	pkt_run_cfg_default(&p->cfg);
	for (i = 3; i < argc; i++) {
		if (strcmp(argv[i], "--lenient") == 0)
			p->cfg.lenient = true;
		else if (strcmp(argv[i], "--tolerance_usecs") == 0 &&
		    i + 1 < argc) {
			v = strtoll(argv[++i], &end, 10);
			if (*argv[i] < '0' || *argv[i] > '9' || *end != '\0' ||
			    v > 1000000000LL) {
				say_err("pkt: --tolerance_usecs %s: not a "
				    "number of microseconds", argv[i]);
				pkt_state_free(p);
				return (CMD_USAGE);
			}
			p->cfg.tolerance = v;
		} else if (strcmp(argv[i], "-D") == 0 && i + 1 < argc &&
		    ndefines < PKT_MAX_DEFINES)
			defines[ndefines++] = argv[++i];
		else {
			say_err("pkt: unexpected \"%s\": usage: pkt load FILE "
			    "[--lenient] [--tolerance_usecs N] "
			    "[-D NAME[=VAL]]...", argv[i]);
			pkt_state_free(p);
			return (CMD_USAGE);
		}
	}
	if (pkt_cmd_read(p, argv[2]) != 0) {
		pkt_state_free(p);
		return (CMD_FAIL);
	}
	p->s = pkt_parse(p->src, p->srclen, argv[2], defines, ndefines, err,
	    sizeof err);
	if (p->s == NULL) {
		say_err("pkt: %s", err);
		pkt_state_free(p);
		return (CMD_FAIL);
	}
	pkt_state_free(c->pkt);		/* the one loaded before */
	c->pkt = p;
	p->file = xstrdup(argv[2]);
	p->dg = dgpkt_new();
	p->cfg.trace = pkt_cmd_trace;
	p->cfg.trace_arg = p;
	p->run = pkt_run_begin(p->s, &p->cfg, &p->r);
	if (p->r.verdict != PKT_PASS || p->s->nstmts == 0) {
		(void)pkt_run_next(p->run);	/* over at once: says the end */
		p->over = 1;
		pkt_cmd_verdict(p);
		return (p->r.verdict == PKT_FAIL ? CMD_FAIL : CMD_OK);
	}
	say("pkt: %s: %zu statements; next line %d: %s", p->file,
	    p->s->nstmts, p->s->stmts[0].line, pkt_cmd_line(p,
	    p->s->stmts[0].line, line, sizeof line));
	return (CMD_OK);
}

/* Run up to n statements (0: all that are left). */
static enum cmd_status
pkt_cmd_step(struct pkt_state *p, unsigned long n)
{
	unsigned long	i;

	if (p->over) {
		say_err("pkt: %s: the run is over (%s); pkt load starts it "
		    "again", p->file, pkt_verdict_name(p->r.verdict));
		return (CMD_FAIL);
	}
	for (i = 0; n == 0 || i < n; i++) {
		p->next++;
		if (!pkt_run_next(p->run)) {
			p->over = 1;
			pkt_cmd_verdict(p);
			return (p->r.verdict == PKT_FAIL ? CMD_FAIL : CMD_OK);
		}
	}
	return (CMD_OK);
}

/* pkt status */
static enum cmd_status
pkt_cmd_status(struct pkt_state *p)
{
	const struct pkt_result	*r = &p->r;
	char			 tm[32], line[200];
	size_t			 i;

	if (p->over)
		pkt_cmd_verdict(p);
	else
		say("pkt: %s: %zu of %zu statements run, at %s; passed so far; "
		    "next line %d: %s", p->file, r->nstmts, p->s->nstmts,
		    pkt_cmd_time(p, p->now, tm, sizeof tm),
		    p->s->stmts[p->next].line, pkt_cmd_line(p,
		    p->s->stmts[p->next].line, line, sizeof line));
	if (r->nskipped > 0)
		say("pkt: ran with %zu skipped line%s", r->nskipped,
		    r->nskipped == 1 ? "" : "s");
	for (i = 0; i < r->nskipped && i < PKT_RUN_MAXSKIP; i++)
		say("  %s:%d: skipped: %s", p->file, r->skip[i].line,
		    r->skip[i].why);
	if (r->nskipped > PKT_RUN_MAXSKIP)
		say("  ... and %zu more skipped lines",
		    r->nskipped - PKT_RUN_MAXSKIP);
	return (CMD_OK);
}

/* pkt diagram [width=N] [unicode] */
static enum cmd_status
pkt_cmd_diagram(const struct pkt_state *p, int argc, char **argv)
{
	struct dg_opts	 o;
	char		*end;
	unsigned long	 n;
	int		 i;

	memset(&o, 0, sizeof o);
	for (i = 2; i < argc; i++) {
		if (strcmp(argv[i], "unicode") == 0) {
			o.unicode = 1;
			continue;
		}
		if (strncmp(argv[i], "width=", 6) == 0) {
			n = strtoul(argv[i] + 6, &end, 10);
			if (argv[i][6] >= '0' && argv[i][6] <= '9' &&
			    *end == '\0' && n >= 20 && n <= 10000) {
				o.width = (unsigned)n;
				continue;
			}
			say_err("pkt: %s: width is 20 to 10000", argv[i]);
			return (CMD_USAGE);
		}
		say_err("pkt: unexpected \"%s\": usage: pkt diagram "
		    "[width=N] [unicode]", argv[i]);
		return (CMD_USAGE);
	}
	say_begin();
	fflush(stdout);
	i = dgpkt_text(p->dg, &o, stdout);
	say_end();
	if (i != 0) {
		say_err("pkt: diagram: write error on standard output");
		return (CMD_FAIL);
	}
	return (CMD_OK);
}

/* pkt load|step|run|status|diagram|close ... */
static enum cmd_status
cmd_pkt(struct cmd_ctx *c, int argc, char **argv)
{
	const char	*sub = argv[1];
	char		*end;
	unsigned long	 n = 1;

	if (strcmp(sub, "load") == 0)
		return (pkt_cmd_load(c, argc, argv));
	if (strcmp(sub, "step") != 0 && strcmp(sub, "run") != 0 &&
	    strcmp(sub, "status") != 0 && strcmp(sub, "diagram") != 0 &&
	    strcmp(sub, "close") != 0) {
		say_err("pkt: unknown \"%s\": %sexpected load, step, run, "
		    "status, diagram or close", sub,
		    cmd_did_you_mean(sub, "load step run status diagram close"));
		return (CMD_USAGE);
	}
	if (strcmp(sub, "diagram") != 0 && argc > (strcmp(sub, "step") == 0 ?
	    3 : 2)) {
		say_err("pkt: unexpected \"%s\" after %s", argv[argc - 1], sub);
		return (CMD_USAGE);
	}
	if (strcmp(sub, "step") == 0 && argc == 3) {
		n = strtoul(argv[2], &end, 10);
		if (argv[2][0] < '1' || argv[2][0] > '9' || *end != '\0' ||
		    n > PKT_CMD_MAXSTEP) {
			say_err("pkt: step %s: a number of statements from 1 "
			    "to %d", argv[2], PKT_CMD_MAXSTEP);
			return (CMD_USAGE);
		}
	}
	if (c->pkt == NULL) {
		say_err("pkt: no script loaded (pkt load FILE)");
		return (CMD_FAIL);
	}
	if (strcmp(sub, "close") == 0) {
		pkt_state_free(c->pkt);
		c->pkt = NULL;
		return (CMD_OK);
	}
	if (strcmp(sub, "status") == 0)
		return (pkt_cmd_status(c->pkt));
	if (strcmp(sub, "diagram") == 0)
		return (pkt_cmd_diagram(c->pkt, argc, argv));
	return (pkt_cmd_step(c->pkt, strcmp(sub, "run") == 0 ? 0 : n));
}
