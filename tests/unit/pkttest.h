/*
 * tests/unit/pkttest.h - running a packetdrill script given as text against
 * the engine, for the unit tests of core/pkt-*.c (header-only, static).
 */
#ifndef TCPX_TESTS_UNIT_PKTTEST_H
#define TCPX_TESTS_UNIT_PKTTEST_H

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "core/pkt-run.h"
#include "core/pkt.h"
#include "tests/tap.h"

/* Parse and run text (named t.pkt) with the defaults (options as a set when lenient). */
static inline enum pkt_verdict
pkt_test_run(const char *text, bool lenient, struct pkt_result *r)
{
	struct pkt_script	*s;
	struct pkt_run_cfg	 c;
	char			 err[PKT_ERRLEN];
	enum pkt_verdict	 v;

	s = pkt_parse(text, strlen(text), "t.pkt", NULL, 0, err, sizeof err);
	if (s == NULL) {
		diag("parse: %s", err);
		memset(r, 0, sizeof *r);
		r->verdict = PKT_FAIL;
		snprintf(r->msg, sizeof r->msg, "%s", err);
		return (PKT_FAIL);
	}
	pkt_run_cfg_default(&c);
	c.lenient = lenient;
	v = pkt_run(s, &c, r);
	if (v != PKT_PASS)
		diag("%s: %s", pkt_verdict_name(v), r->msg);
	pkt_free(s);
	return (v);
}

/* The check that text fails with a message holding a, and b and c when not NULL. */
static inline void
pkt_test_fails_with(const char *name, const char *text, const char *a,
    const char *b, const char *c)
{
	struct pkt_result	r;
	enum pkt_verdict	v = pkt_test_run(text, false, &r);

	ok(v == PKT_FAIL && strstr(r.msg, a) != NULL &&
	    (b == NULL || strstr(r.msg, b) != NULL) &&
	    (c == NULL || strstr(r.msg, c) != NULL), "%s: %s", name, r.msg);
}

#endif
