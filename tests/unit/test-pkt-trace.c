/*
 * tests/unit/test-pkt-trace.c - watching and stepping a packetdrill run:
 * the tracer of core/pkt-run.h (statements, segments in and out with
 * their numbers and notation, the engine's states, the end and the
 * segment a failure is about), pkt_run_begin/next/end against pkt_run(),
 * the run's ladder as text (cli/diagram/diagram-pkt.h: exact rows for a
 * passing and two failing scripts), and the prompt's `pkt` command
 * (cli/cmd/cmd-pkt.c) run through cmd_run() without a session, as the
 * prompt and batches run it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cmd/cmd-pkt.h"
#include "cli/cmd/cmd-table.h"
#include "cli/diagram/diagram-pkt.h"
#include "core/pkt-run.h"
#include "tests/tap.h"

#define PLAIN	"`sysctl -q net.ipv4.tcp_sack=0 net.ipv4.tcp_timestamps=0`\n"

#define LISTEN	PLAIN							\
	"0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n"			\
	"+0 bind(3, ..., ...) = 0\n"					\
	"+0 listen(3, 1) = 0\n"						\
	"+0 < S 0:0(0) win 32792 <mss 1000,nop,wscale 7>\n"

/* Lines 1-8: a passive open. */
#define PASSIVE	LISTEN							\
	"+0 > S. 0:0(0) ack 1 <mss 1460,nop,wscale 7>\n"		\
	"+.1 < . 1:1(0) ack 1 win 257\n"				\
	"+0 accept(3, ..., ...) = 4\n"

/* Fails at line 6: the engine sends S., not R. */
#define WRONG	LISTEN "+0 > R. 0:0(0) ack 1\n"

/* Fails at line 9: the engine sends nothing. */
#define SILENT	PASSIVE "+0 > . 1:1(0) ack 1\n"

/* What a tracer saw. */
struct seen {
	int		stmt_lines[32];
	int		nstmt;
	int		nin, nout, nend, npumped;
	unsigned long	lastnum;
	char		out1[256];
	int		states[8];
	int		nstates;
	unsigned long	endnum;
	int		endverdict;
	int		order_ok;	/* t0 and a clock that never goes back */
	uint64_t	lastnow;
};

/* A tracer that records what it is told. */
static void
record(void *arg, const struct pkt_trace *t)
{
	struct seen	*w = arg;

	if (t->now < w->lastnow || t->t0 == 0 || t->now < t->t0)
		w->order_ok = 0;
	w->lastnow = t->now;
	switch (t->kind) {
	case PKT_TRACE_STMT:
		if (w->nstmt < 32)
			w->stmt_lines[w->nstmt++] = t->stmt->line;
		if (t->stmt->line != t->line)
			w->order_ok = 0;
		break;
	case PKT_TRACE_IN:
		w->nin++;
		break;
	case PKT_TRACE_OUT:
		if (++w->nout == 1)
			snprintf(w->out1, sizeof w->out1, "%s", t->text);
		if (t->num != w->lastnum + 1)
			w->order_ok = 0;
		w->lastnum = t->num;
		break;
	case PKT_TRACE_EVENT:
		if (t->ev->type == TEV_STATE && w->nstates < 8)
			w->states[w->nstates++] = t->ev->to;
		break;
	case PKT_TRACE_PUMPED:
		w->npumped++;
		break;
	case PKT_TRACE_END:
		w->nend++;
		w->endnum = t->num;
		w->endverdict = t->r->verdict;
		break;
	}
}

/* Parse text as t.pkt; NULL on error (said). */
static struct pkt_script *
parse(const char *text)
{
	struct pkt_script	*s;
	char			 err[PKT_ERRLEN];

	s = pkt_parse(text, strlen(text), "t.pkt", NULL, 0, err, sizeof err);
	if (s == NULL)
		diag("parse: %s", err);
	return (s);
}

/* Run text with the ladder's tracer; the ladder as text, width 90 (malloc'd). */
static char *
ladder(const char *text, struct pkt_result *r)
{
	struct pkt_script	*s = parse(text);
	struct pkt_run_cfg	 c;
	struct dg_pkt		*g = dgpkt_new();
	struct dg_opts		 o;
	char			*buf = NULL;
	size_t			 len = 0;
	FILE			*f;

	pkt_run_cfg_default(&c);
	c.trace = dgpkt_trace;
	c.trace_arg = g;
	pkt_run(s, &c, r);
	memset(&o, 0, sizeof o);
	o.width = 90;
	f = open_memstream(&buf, &len);
	dgpkt_text(g, &o, f);
	fclose(f);
	dgpkt_free(g);
	pkt_free(s);
	return (buf);
}

/* Compare text with want line by line, saying the first difference. */
static void
same_text(const char *got, const char *want, const char *name)
{
	size_t	i, line = 1;

	for (i = 0; got[i] != '\0' && got[i] == want[i]; i++)
		if (got[i] == '\n')
			line++;
	if (!ok(got[i] == want[i], "%s", name))
		printf("#   differs at line %zu; got:\n%s", line, got);
}

/* Tracer and stepping on the passive open and the failing scripts. */
static void
test_trace(void)
{
	static const int	 lines[] = { 1, 2, 3, 4, 5, 6, 7, 8 };
	struct pkt_script	*s = parse(PASSIVE);
	struct pkt_run_cfg	 c;
	struct pkt_result	 r, r2;
	struct pkt_runner	*x;
	struct seen		 w;
	int			 i, n;

	memset(&w, 0, sizeof w);
	w.order_ok = 1;
	pkt_run_cfg_default(&c);
	c.trace = record;
	c.trace_arg = &w;
	is_int(pkt_run(s, &c, &r), PKT_PASS, "traced passive open passes");
	is_int(w.nstmt, 8, "a STMT for each of the 8 statements");
	ok(memcmp(w.stmt_lines, lines, sizeof lines) == 0,
	    "... with their lines, in order");
	is_int(w.nin, 2, "two \"<\" segments went in");
	is_int(w.nout, 1, "one segment came out");
	is_str(w.out1, "S. 0:0(0) ack 1 win 65535 <mss 1460,nop,wscale 7>",
	    "... in notation relative to the script's ISNs");
	is_int(w.nstates, 3, "three state changes");
	ok(w.states[0] == TCP_LISTEN && w.states[1] == TCP_SYN_RECEIVED &&
	    w.states[2] == TCP_ESTABLISHED, "... LISTEN, SYN-RECEIVED, "
	    "ESTABLISHED");
	ok(w.npumped > 0, "PUMPED after the engine spoke");
	is_int(w.nend, 1, "END once");
	ok(w.endverdict == PKT_PASS && w.endnum == 0, "... passed, about no "
	    "segment");
	ok(w.order_ok, "lines agree, numbers count from 1, the clock never "
	    "goes back");

	/* Stepping gives what pkt_run() gives, one statement at a time. */
	memset(&w, 0, sizeof w);
	w.order_ok = 1;
	x = pkt_run_begin(s, &c, &r2);
	for (n = 0; pkt_run_next(x); n++)
		if (n == 2)
			is_int(w.nstmt, 3, "after three steps, three STMTs");
	is_int(n, 7, "pkt_run_next says 1 seven times, then 0");
	is_int(pkt_run_next(x), 0, "... and 0 again once over");
	is_int(w.nend, 1, "... with END told once");
	is_int(pkt_run_end(x), PKT_PASS, "pkt_run_end: passed");
	is_int(r2.nstmts, r.nstmts, "as many statements as pkt_run()");
	pkt_free(s);

	/* Failing: END names the segment the failure is about. */
	s = parse(WRONG);
	memset(&w, 0, sizeof w);
	x = pkt_run_begin(s, &c, &r);
	for (i = 0; pkt_run_next(x); i++)
		;
	is_int(i, 5, "WRONG: five statements go on, the sixth fails");
	ok(w.endverdict == PKT_FAIL && w.endnum == 1, "END: failed, about "
	    "the engine's segment 1");
	is_int(r.line, 6, "... at line 6");
	pkt_run_end(x);
	pkt_free(s);

	s = parse(SILENT);
	memset(&w, 0, sizeof w);
	pkt_run(s, &c, &r);
	ok(w.endverdict == PKT_FAIL && w.endnum == 0 && r.line == 9,
	    "SILENT: failed at line 9, about no segment (none was sent)");
	pkt_free(s);

	/* pkt_run_end() before the end frees an unfinished run. */
	s = parse(PASSIVE);
	c.trace = NULL;
	x = pkt_run_begin(s, &c, &r);
	pkt_run_next(x);
	is_int(pkt_run_end(x), PKT_PASS, "an unfinished run ends as passed "
	    "so far");
	is_int(r.nstmts, 1, "... after one statement");
	pkt_free(s);
}

/* The ladders, row by row. */
static void
test_ladder(void)
{
	struct pkt_result	 r;
	char			*t;

	t = ladder(PASSIVE, &r);
	same_text(t,
"conversation 1: 192.0.2.2:48000 > 192.0.2.1:8080 (us)\n"
"        192.0.2.2:48000                                                     192.0.2.1:808~\n"
"0.000000              | presumed: a SYN was sent to it (RFC 9293 §3.3.2)    | LISTEN\n"
"0.000000     SYN-SENT |---- S 0:0(0) win 32792 <mss 1000,wscale 7> -------->| SYN-RECEIVED\n"
"0.000000              |<--- S. 0:0(0) ack 1 win 65535 <mss 1460,wscale 7> --|\n"
"0.100000  ESTABLISHED |---- . 1:1(0) ack 1 win 257 ------------------------>| ESTABLISHED\n",
	    "passive open: the peer left, the engine right, its states as "
	    "it entered them, script times");
	free(t);

	t = ladder(WRONG, &r);
	same_text(t,
"conversation 1: 192.0.2.2:48000 > 192.0.2.1:8080 (us)\n"
"        192.0.2.2:48000                                                     192.0.2.1:808~\n"
"0.000000              | presumed: a SYN was sent to it (RFC 9293 §3.3.2)    | LISTEN\n"
"0.000000     SYN-SENT |---- S 0:0(0) win 32792 <mss 1000,wscale 7> -------->| SYN-RECEIVED\n"
"0.000000              |<--- [FAIL] S. 0:0(0) ack 1 win 65535 <mss 1460,w~ --|\n"
"                      | FAIL line 6: expected \"> R. 0:0(0) ack 1\", the      |\n"
"                      | engine sent \"> S. 0:0(0) ack 1 win 65535 <mss       |\n"
"                      | 1460,nop,wscale 7>\" (flags R. != S.)                |\n",
	    "a wrong segment: its arrow marked [FAIL], expected vs sent "
	    "under it");
	free(t);

	t = ladder(SILENT, &r);
	same_text(t,
"conversation 1: 192.0.2.2:48000 > 192.0.2.1:8080 (us)\n"
"        192.0.2.2:48000                                                     192.0.2.1:808~\n"
"0.000000              | presumed: a SYN was sent to it (RFC 9293 §3.3.2)    | LISTEN\n"
"0.000000     SYN-SENT |---- S 0:0(0) win 32792 <mss 1000,wscale 7> -------->| SYN-RECEIVED\n"
"0.000000              |<--- S. 0:0(0) ack 1 win 65535 <mss 1460,wscale 7> --|\n"
"0.100000  ESTABLISHED |---- . 1:1(0) ack 1 win 257 ------------------------>| ESTABLISHED\n"
"                      | FAIL line 9: expected \"> . 1:1(0) ack 1\" at         |\n"
"                      | 0.100000; the engine sent nothing by 0.104000       |\n",
	    "a missing segment: the failure under the last arrow");
	free(t);

	t = ladder(PLAIN "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n", &r);
	is_str(t, "(no segment: nothing to draw)\n", "no segment: said so");
	free(t);
}

/* Run line through cmd_run with stdout caught; its status, the output in *out. */
static enum cmd_status
cmd(struct cmd_ctx *x, const char *line, char **out)
{
	enum cmd_status	 rc;
	FILE		*f = tmpfile();
	long		 n;
	int		 save;

	fflush(stdout);
	fflush(stderr);
	save = dup(STDOUT_FILENO);
	dup2(fileno(f), STDOUT_FILENO);
	dup2(fileno(f), STDERR_FILENO);
	rc = cmd_run(x, line);
	fflush(stdout);
	fflush(stderr);
	dup2(save, STDOUT_FILENO);
	dup2(save, STDERR_FILENO);
	close(save);
	n = ftell(f) > 0 ? ftell(f) : lseek(fileno(f), 0, SEEK_END);
	*out = calloc(1, (size_t)n + 1);
	rewind(f);
	if (n > 0 && fread(*out, 1, (size_t)n, f) != (size_t)n)
		(*out)[0] = '\0';
	fclose(f);
	return (rc);
}

/* Whether out holds each of the texts (NULL ends); out is freed. */
static int
has(char *out, const char *a, const char *b)
{
	int	yes = strstr(out, a) != NULL && (b == NULL ||
		    strstr(out, b) != NULL);

	if (!yes)
		printf("# output:\n%s", out);
	free(out);
	return (yes);
}

/* Write text to a file named name in dir; its path (static). */
static const char *
script(const char *dir, const char *name, const char *text)
{
	static char	path[4][512];
	static int	k;
	FILE		*f;
	char		*p = path[k++ % 4];

	snprintf(p, 512, "%s/%s", dir, name);
	f = fopen(p, "w");
	fputs(text, f);
	fclose(f);
	return (p);
}

/* The prompt's pkt command, without a session. */
static void
test_cmd(void)
{
	struct cmd_ctx	 x = { .table = cmd_table };
	char		 dir[] = "/tmp/tcpx-pkt-XXXXXX", line[600], *out;
	const char	*pass, *wrong;

	if (mkdtemp(dir) == NULL) {
		ok(0, "mkdtemp");
		return;
	}
	pass = script(dir, "pass.pkt", PASSIVE);
	wrong = script(dir, "wrong.pkt", WRONG);

	ok(cmd(&x, "pkt step", &out) == CMD_FAIL && has(out, "pkt: no "
	    "script loaded (pkt load FILE)", NULL), "step with nothing "
	    "loaded: says what to do");
	ok(cmd(&x, "pkt stepp", &out) == CMD_USAGE && has(out,
	    "pkt: unknown \"stepp\"", "expected load, step, run"),
	    "an unknown subcommand names itself and the choices");
	snprintf(line, sizeof line, "pkt load %s/none.pkt", dir);
	ok(cmd(&x, line, &out) == CMD_FAIL && has(out, "none.pkt: No such "
	    "file", NULL), "load of a missing file names it");
	snprintf(line, sizeof line, "pkt load %s --tolerance_usecs x", pass);
	ok(cmd(&x, line, &out) == CMD_USAGE && has(out, "--tolerance_usecs "
	    "x: not a number", NULL), "a bad tolerance is named");

	snprintf(line, sizeof line, "pkt load %s", pass);
	ok(cmd(&x, line, &out) == CMD_OK && has(out, "8 statements; next "
	    "line 1: `sysctl", NULL), "load: the count and the first line");
	ok(cmd(&x, "pkt step", &out) == CMD_OK && has(out, "pass.pkt:1: "
	    "`sysctl -q net.ipv4.tcp_sack=0", NULL), "step: the statement "
	    "as its script line");
	ok(cmd(&x, "pkt step 4", &out) == CMD_OK && has(out, "pass.pkt:5: +0 "
	    "< S 0:0(0) win 32792 <mss 1000,nop,wscale 7>\n"
	    "  0.000000 state LISTEN -> SYN-RECEIVED\n"
	    "  0.000000 > S. 0:0(0) ack 1 win 65535 <mss 1460,nop,wscale 7>\n",
	    "pass.pkt:4: +0 listen(3, 1) = 0\n  0.000000 state CLOSED -> "
	    "LISTEN\n"), "step 4: statements, the engine's states and what "
	    "it sent, in order");
	ok(cmd(&x, "pkt status", &out) == CMD_OK && has(out, "5 of 8 "
	    "statements run, at 0.000000; passed so far; next line 6: +0 > "
	    "S. 0:0(0) ack 1", NULL), "status: where it is, the verdict so "
	    "far, the next line");
	ok(cmd(&x, "pkt step 2", &out) == CMD_OK && has(out, "pass.pkt:7: +.1"
	    " < . 1:1(0) ack 1 win 257\n  0.100000 state SYN-RECEIVED -> "
	    "ESTABLISHED\n", NULL), "the clock moves to the statement's time");
	ok(cmd(&x, "pkt run", &out) == CMD_OK && has(out, "pass.pkt:8: +0 "
	    "accept", "passed (8 statements)"), "run: the rest, and the "
	    "verdict");
	ok(cmd(&x, "pkt step", &out) == CMD_FAIL && has(out, "the run is over "
	    "(passed)", NULL), "step after the end: says so");
	ok(cmd(&x, "pkt diagram width=90", &out) == CMD_OK && has(out,
	    "0.100000  ESTABLISHED |---- . 1:1(0) ack 1 win 257 -------------"
	    "----------->| ESTABLISHED\n", NULL), "diagram: the run's ladder");
	ok(cmd(&x, "pkt diagram width=5", &out) == CMD_USAGE && has(out,
	    "width=5: width is 20 to 10000", NULL), "a bad width is named");

	snprintf(line, sizeof line, "pkt load %s", wrong);
	ok(cmd(&x, line, &out) == CMD_OK && has(out, "6 statements", NULL),
	    "load replaces the script");
	ok(cmd(&x, "pkt run", &out) == CMD_FAIL && has(out, "pkt: FAIL ",
	    "wrong.pkt:6: expected \"> R. 0:0(0) ack 1\", the engine sent "
	    "\"> S. 0:0(0) ack 1"), "run of a failing script: its status, the "
	    "line, expected and sent");
	ok(cmd(&x, "pkt diagram width=90", &out) == CMD_OK && has(out,
	    "|<--- [FAIL] S. 0:0(0)", "| FAIL line 6: expected"),
	    "... and its diagram marks the row");
	ok(cmd(&x, "pkt close", &out) == CMD_OK && x.pkt == NULL,
	    "close forgets it");
	free(out);
	ok(cmd(&x, "pkt status", &out) == CMD_FAIL && has(out, "no script "
	    "loaded", NULL), "... so status has nothing to say");

	snprintf(line, sizeof line, "pkt load %s", pass);
	(void)cmd(&x, line, &out);
	free(out);
	pkt_state_free(x.pkt);	/* as the front end does at the end */
	unlink(pass);
	unlink(wrong);
	rmdir(dir);
}

int
main(void)
{
	struct dg	*d = dg_new();

	test_trace();
	test_ladder();
	test_cmd();
	ok(dg_mark_pkt(d, 1, 1, DG_M_FAIL, "x") == -1, "dg_mark_pkt: no such "
	    "arrow, -1");
	dg_free(d);
	return (done_testing());
}
