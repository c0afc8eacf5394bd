/*
 * tests/unit/test-pkt-target.c - the script runner's target interface
 * (core/pkt-run.h): a fake target that answers a SYN with a SYN-ACK 1 ms
 * later in its own clock and returns fixed values from calls, so that
 * the matching (times, order, messages naming the target) and the shared
 * comparison of calls are seen apart from the engine; and pkt_run_diff,
 * the line-by-line comparison of two runs (--against both).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "core/pkt-run.h"
#include "tests/tap.h"

/* The fake: one pending answer, a clock, what calls return. */
struct fake {
	uint64_t	now;
	bool		pending;
	uint64_t	due;
	struct seg	answer;
	int64_t		ret;
	int		err;
	int		ended;
};

/* Start at 5 s in the fake's clock. */
static int
fk_begin(void *arg, struct pr *p)
{
	struct fake	*f = arg;
	struct endpoint	 l, r;

	memset(&l, 0, sizeof l);
	memset(&r, 0, sizeof r);
	addr_parse(&l.addr, "192.0.2.1");
	addr_parse(&r.addr, "192.0.2.2");
	l.port = PKT_RUN_LPORT;
	r.port = PKT_RUN_RPORT;
	pkt_run_addrs(p, &l, &r);
	f->now = 5 * TCP_SEC;
	pkt_run_clock(p, f->now);
	return (0);
}

/* A SYN is answered with a SYN-ACK (ISS 7000) 1 ms later. */
static int
fk_input(void *arg, struct pr *p, const struct seg *s)
{
	struct fake	*f = arg;

	(void)p;
	if (!(s->th.flags & TH_SYN))
		return (0);
	memset(&f->answer, 0, sizeof f->answer);
	f->answer.proto = IPPROTO_TCP_;
	f->answer.src = s->dst;
	f->answer.dst = s->src;
	f->answer.th.sport = s->th.dport;
	f->answer.th.dport = s->th.sport;
	f->answer.th.seq = 7000;
	f->answer.th.ack = s->th.seq + 1;
	f->answer.th.flags = TH_SYN | TH_ACK;
	f->answer.th.win = 1000;
	f->pending = true;
	f->due = f->now + 1000;
	return (0);
}

/* Hand the answer over once due. */
static int
fk_collect(void *arg, struct pr *p)
{
	struct fake	*f = arg;

	if (f->pending && f->due <= f->now) {
		f->pending = false;
		return (pkt_run_sent(p, &f->answer, f->due));
	}
	return (0);
}

/* Time passes to until, stopping at the answer when asked. */
static int
fk_advance(void *arg, struct pr *p, uint64_t until, bool stop)
{
	struct fake	*f = arg;

	if (f->pending && f->due <= until) {
		f->now = f->due;
		if (fk_collect(f, p) != 0)
			return (-1);
		if (stop) {
			pkt_run_clock(p, f->now);
			return (0);
		}
	}
	if (until != TCP_NEVER && until > f->now)
		f->now = until;
	pkt_run_clock(p, f->now);
	return (0);
}

/* Every call returns the fake's ret and err, compared as for any target. */
static int
fk_syscall(void *arg, struct pr *p, const struct pkt_syscall *sc)
{
	struct fake	*f = arg;

	return (pkt_run_check_ret(p, sc, f->ret, f->err));
}

/* Count the ends. */
static void
fk_end(void *arg, struct pr *p)
{
	struct fake	*f = arg;

	(void)p;
	f->ended++;
}

/* Run text against a fake returning ret/err from calls. */
static enum pkt_verdict
run_fake(const char *text, struct fake *f, struct pkt_result *r)
{
	struct pkt_target	 t = {
		.name = "fake", .arg = f, .begin = fk_begin,
		.input = fk_input, .advance = fk_advance,
		.collect = fk_collect, .syscall = fk_syscall,
		.sysctl = NULL, .end = fk_end,
	};
	struct pkt_script	*s;
	struct pkt_run_cfg	 c;
	char			 err[PKT_ERRLEN];
	enum pkt_verdict	 v;

	s = pkt_parse(text, strlen(text), "t.pkt", NULL, 0, err, sizeof err);
	if (s == NULL) {
		diag("parse: %s", err);
		return (PKT_FAIL);
	}
	pkt_run_cfg_default(&c);
	v = pkt_run_target(s, &c, &t, r);
	if (v != PKT_PASS)
		diag("%s: %s", pkt_verdict_name(v), r->msg);
	pkt_free(s);
	return (v);
}

static char	diffs[8][512];
static size_t	ndiffs;

/* Keep a difference line. */
static void
keep(void *arg, const char *text)
{
	(void)arg;
	if (ndiffs < 8)
		snprintf(diffs[ndiffs++], sizeof diffs[0], "%s", text);
}

/* Add what a target did at line to r. */
static void
seen(struct pkt_result *r, int line, bool okk, int64_t at, const char *what)
{
	struct pkt_seen	*e = &r->seen[r->nseen++];

	e->line = line;
	e->ok = okk;
	e->at = at;
	snprintf(e->what, sizeof e->what, "%s", what);
}

int
main(void)
{
	static struct pkt_result r, a, b;
	struct fake		 f;

	memset(&f, 0, sizeof f);
	ok(run_fake("0 < S 0:0(0) win 1000\n"
	    "+.001 > S. 0:0(0) ack 1 win 1000\n"
	    "+0 read(3, ..., 10) = 0\n", &f, &r) == PKT_PASS,
	    "a target's segment, sent 1 ms after the SYN in its own clock, "
	    "matches at +.001");
	ok(f.ended == 1, "... and the target was ended once");
	ok(r.nseen == 2 && r.seen[0].line == 2 && r.seen[0].ok &&
	    r.seen[0].at == 1000 && strstr(r.seen[0].what, "sent \"> S. "
	    "0:0(0) ack 1 win 1000\"") != NULL && r.seen[1].line == 3 &&
	    strcmp(r.seen[1].what, "returned 0") == 0,
	    "what the target did is recorded per line: %s at %lld; %s",
	    r.seen[0].what, (long long)r.seen[0].at, r.seen[1].what);

	memset(&f, 0, sizeof f);
	ok(run_fake("0 < S 0:0(0) win 1000\n"
	    "+.010 > S. 0:0(0) ack 1 win 1000\n", &f, &r) == PKT_FAIL &&
	    strstr(r.msg, "t.pkt:2: expected \"> S. 0:0(0) ack 1 win 1000\" "
	    "at 0.010000, the fake sent it at 0.001000") != NULL,
	    "too early: the message names the target: %s", r.msg);
	ok(f.ended == 1, "... ended after a failure too");

	memset(&f, 0, sizeof f);
	ok(run_fake("0 < S 0:0(0) win 1000\n"
	    "+.001 > S. 0:0(0) ack 2 win 1000\n", &f, &r) == PKT_FAIL &&
	    strstr(r.msg, "the fake sent \"> S. 0:0(0) ack 1 win 1000\" "
	    "(ack 2 != 1)") != NULL, "a different ack: %s", r.msg);

	memset(&f, 0, sizeof f);
	f.ret = -1;
	f.err = ECONNRESET;
	ok(run_fake("0 read(3, ..., 10) = -1 EAGAIN\n", &f, &r) == PKT_FAIL &&
	    strstr(r.msg, "t.pkt:1: read() = -1 EAGAIN expected, got -1 "
	    "ECONNRESET") != NULL, "a call's errno is compared for any "
	    "target: %s", r.msg);
	f.err = EAGAIN;
	ok(run_fake("0 read(3, ..., 10) = -1 EWOULDBLOCK\n", &f, &r) ==
	    PKT_PASS, "EWOULDBLOCK is EAGAIN");

	/* pkt_run_diff */
	memset(&a, 0, sizeof a);
	memset(&b, 0, sizeof b);
	seen(&a, 5, true, 0, "sent \"> S. 0:0(0) ack 1 win 65535\"");
	seen(&b, 5, true, 200, "sent \"> S. 0:0(0) ack 1 win 64240\"");
	seen(&a, 7, true, -1, "returned 4");
	seen(&b, 7, true, -1, "returned 4");
	seen(&a, 9, true, 40000, "sent \"> . 1:1(0) ack 101\"");
	seen(&b, 9, false, 100, "sent \"> . 1:1(0) ack 101\"");
	seen(&a, 11, false, -1, "returned -1 EAGAIN");
	seen(&b, 11, false, -1, "returned -1 EAGAIN");
	seen(&a, 12, false, -1, "sent nothing");
	seen(&b, 12, false, 5, "sent \"> R 1:1(0)\"");
	seen(&a, 14, true, -1, "returned 0");	/* b stopped before */
	ndiffs = 0;
	ok(pkt_run_diff(&a, "engine", &b, "kernel", keep, NULL) == 2 &&
	    ndiffs == 2, "two lines differ (both did as the script says at "
	    "5 and 7; the same failure at 11; 14 only one side reached)");
	is_str(diffs[0], "line 9: engine sent \"> . 1:1(0) ack 101\" at "
	    "0.040000 (as the script expects), kernel sent \"> . 1:1(0) ack "
	    "101\" at 0.000100", "a difference of time");
	is_str(diffs[1], "line 12: engine sent nothing, kernel sent \"> R "
	    "1:1(0)\" at 0.000005", "two different failures");
	return (done_testing());
}
