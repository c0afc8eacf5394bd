/*
 * tests/unit/test-gate.c - the gate (cli/run/gate.c), step mode and faults
 * as a pure function of (segment, direction, now) in virtual time: what is
 * held, released, dropped, duplicated, corrupted, delayed, reordered and
 * held by a fault, in which order, with which payload; and the bounds on what it keeps.
 */
#include <stdio.h>
#include <string.h>

#include "cli/run/gate.h"
#include "tests/tap.h"

#define MS	1000ULL

/* A segment with sequence number seq and a payload naming it. */
static struct seg *
mkseg(struct seg *s, uint32_t seq, const char *text)
{
	memset(s, 0, sizeof *s);
	s->proto = IPPROTO_TCP_;
	s->th.seq = seq;
	s->th.flags = TH_ACK;
	s->data = (const uint8_t *)text;
	s->len = strlen(text);
	return (s);
}

/* The acts of out[0..n) as a string like "HELD PASS". */
static const char *
acts(const struct gate_out *out, size_t n)
{
	static const char	*names[] = { "PASS", "HELD", "RELEASED",
				    "DROPPED", "FDROP", "FDUP", "FCORRUPT",
				    "FDELAY", "FREORDER", "OVERTAKEN", "FULL" };
	static char		 buf[256];
	size_t			 i, o = 0;

	buf[0] = '\0';
	for (i = 0; i < n; i++)
		o += (size_t)snprintf(buf + o, sizeof buf - o, "%s%s",
		    i ? " " : "", names[out[i].act]);
	return (buf);
}

/* The payload of o's segment as a string. */
static const char *
payload(const struct gate_out *o)
{
	static char	buf[64];

	snprintf(buf, sizeof buf, "%.*s", (int)o->seg->len,
	    (const char *)o->seg->data);
	return (buf);
}

/* Without step or faults a segment passes as it is, without a copy. */
static void
test_open(void)
{
	struct gate	*g = gate_new();
	struct gate_out	 out[GATE_OUT_MAX];
	struct seg	 a;
	size_t		 n;

	n = gate_offer(g, GATE_OUT, mkseg(&a, 1, "a"), NULL, 0, out);
	is_str(acts(out, n), "PASS", "open: a segment passes");
	ok(out[0].seg == &a && out[0].g == NULL && !out[0].corrupt,
	    "open: the very segment, no copy, not spoiled");
	gate_out_done(out, n);
	ok(!gate_holding(g) && gate_deadline(g) == UINT64_MAX,
	    "open: nothing held, no deadline");
	gate_free(g);
}

/* Step mode holds, numbers, releases and drops. */
static void
test_step(void)
{
	struct gate		*g = gate_new();
	struct gate_out		 out[GATE_OUT_MAX];
	const struct gate_seg	*e;
	struct seg		 a, b, c;
	size_t			 n;
	int			 k;

	gate_set_step(g, GATE_OUT, true);
	n = gate_offer(g, GATE_OUT, mkseg(&a, 1, "one"), NULL, 0, out);
	is_str(acts(out, n), "HELD", "step: held");
	is_int(out[0].g->num, 1, "step: as #1");
	ok(out[0].seg != &a && out[0].seg->data != a.data,
	    "step: the gate keeps its own copy");
	gate_out_done(out, n);
	n = gate_offer(g, GATE_OUT, mkseg(&b, 2, "two"), NULL, 0, out);
	is_int(out[0].g->num, 2, "step: the next is #2");
	n = gate_offer(g, GATE_IN, mkseg(&c, 9, "in"), NULL, 0, out);
	is_str(acts(out, n), "PASS", "step out: inbound segments pass");
	ok(gate_holding(g), "step: something is held");
	for (k = 0, e = NULL; (e = gate_next_held(g, e)) != NULL; k++)
		;
	is_int(k, 2, "step: two listed");
	is_int(gate_release(g, 7, 0, out), 0, "step: no #7 to release");
	n = gate_release(g, 0, 0, out);
	is_str(acts(out, n), "RELEASED PASS", "step: the oldest goes");
	is_str(payload(&out[1]), "one", "step: with its payload");
	is_int(out[1].seg->th.seq, 1, "step: #1 first");
	gate_out_done(out, n);
	n = gate_drop(g, 0, out);
	is_str(acts(out, n), "DROPPED", "drop: the oldest left");
	is_int(out[0].g->num, 2, "drop: #2");
	gate_out_done(out, n);
	ok(!gate_holding(g), "step: nothing held after release and drop");
	is_int(gate_drop(g, 0, out), 0, "drop: nothing to drop");
	gate_set_step(g, GATE_OUT, false);
	n = gate_offer(g, GATE_OUT, &a, NULL, 0, out);
	is_str(acts(out, n), "PASS", "step off: segments pass again");
	gate_free(g);
}

/* Step mode can be limited to one connection's segments. */
static void
test_step_conn(void)
{
	struct gate	*g = gate_new();
	struct gate_out	 out[GATE_OUT_MAX];
	struct segmeta	 m2 = { .conn = 2 }, m3 = { .conn = 3 };
	struct seg	 a;
	size_t		 n;

	gate_set_step(g, GATE_IN, true);
	gate_set_step_conn(g, 3);
	ok(gate_wants_conn(g, GATE_IN) && !gate_wants_conn(g, GATE_OUT),
	    "conn: the gate needs inbound segments' connection");
	n = gate_offer(g, GATE_IN, mkseg(&a, 1, "x"), &m2, 0, out);
	is_str(acts(out, n), "PASS", "conn: another connection's passes");
	n = gate_offer(g, GATE_IN, &a, NULL, 0, out);
	is_str(acts(out, n), "PASS", "conn: a segment of no connection passes");
	n = gate_offer(g, GATE_IN, &a, &m3, 0, out);
	is_str(acts(out, n), "HELD", "conn: c3's is held");
	is_int(out[0].meta->conn, 3, "conn: its meta kept");
	gate_free(g);
}

/* Drop, duplicate and corrupt the next N, in one direction only. */
static void
test_faults(void)
{
	struct gate	*g = gate_new();
	struct gate_out	 out[GATE_OUT_MAX];
	enum fault_kind	 k;
	enum gate_dir	 d;
	struct seg	 a;
	size_t		 n;
	int		 left;

	mkseg(&a, 5, "f");
	ok(gate_arm(g, FAULT_DROP, GATE_OUT, 2, 0) == 0, "arm: drop 2 out");
	ok(gate_arm(g, FAULT_DUP, GATE_IN, 1, 0) == 0, "arm: dup 1 in");
	ok(gate_fault(g, 0, &k, &d, &left) == 0 && k == FAULT_DROP &&
	    d == GATE_OUT && left == 2, "list: drop 2 outbound first");
	ok(gate_fault(g, 1, &k, &d, &left) == 0 && k == FAULT_DUP &&
	    d == GATE_IN && left == 1, "list: then dup 1 inbound");
	ok(gate_fault(g, 2, &k, &d, &left) != 0, "list: two armed");
	n = gate_offer(g, GATE_OUT, &a, NULL, 0, out);
	is_str(acts(out, n), "FDROP", "drop: the first is dropped");
	is_int(out[0].left, 1, "drop: one more armed");
	n = gate_offer(g, GATE_OUT, &a, NULL, 0, out);
	is_str(acts(out, n), "FDROP", "drop: and the second");
	is_int(out[0].left, 0, "drop: none left");
	n = gate_offer(g, GATE_OUT, &a, NULL, 0, out);
	is_str(acts(out, n), "PASS", "drop: the third passes");
	n = gate_offer(g, GATE_IN, &a, NULL, 0, out);
	is_str(acts(out, n), "FDUP PASS PASS", "dup: delivered twice");
	ok(out[1].seg == &a && out[2].seg == &a, "dup: the same segment");
	n = gate_offer(g, GATE_IN, &a, NULL, 0, out);
	is_str(acts(out, n), "PASS", "dup: once only");
	ok(gate_fault(g, 0, &k, &d, &left) != 0, "list: spent faults go");
	gate_arm(g, FAULT_CORRUPT, GATE_OUT, 1, 0);
	n = gate_offer(g, GATE_OUT, &a, NULL, 0, out);
	is_str(acts(out, n), "FCORRUPT PASS", "corrupt: passes spoiled");
	ok(out[1].corrupt, "corrupt: the pass says so");
	gate_arm(g, FAULT_DROP, GATE_OUT, 3, 0);
	gate_disarm(g);
	n = gate_offer(g, GATE_OUT, &a, NULL, 0, out);
	is_str(acts(out, n), "PASS", "disarm: nothing armed");
	gate_free(g);
}

/* A delayed segment goes when its time comes, not before. */
static void
test_delay(void)
{
	struct gate	*g = gate_new();
	struct gate_out	 out[GATE_OUT_MAX];
	struct seg	 a;
	size_t		 n;

	gate_arm(g, FAULT_DELAY, GATE_OUT, 1, 500 * MS);
	n = gate_offer(g, GATE_OUT, mkseg(&a, 7, "late"), NULL, 1000, out);
	is_str(acts(out, n), "FDELAY", "delay: held back");
	is_int(out[0].delay, 500 * MS, "delay: by 500 ms");
	ok(gate_deadline(g) == 1000 + 500 * MS, "delay: due at 501 ms");
	ok(!gate_holding(g), "delay: not a step hold (the clock runs on)");
	is_int(gate_tick(g, 400 * MS, out), 0, "delay: not at 400 ms");
	n = gate_tick(g, 501 * MS, out);
	is_str(acts(out, n), "PASS", "delay: passes at 501 ms");
	is_str(payload(&out[0]), "late", "delay: payload intact");
	ok(out[0].own && out[0].g->release_at == 1000 + 500 * MS,
	    "delay: the caller owns the copy, marked as delayed");
	gate_out_done(out, n);
	ok(gate_deadline(g) == UINT64_MAX, "delay: nothing left");
	gate_free(g);
}

/* A reordered segment goes right after the one that overtakes it. */
static void
test_reorder(void)
{
	struct gate	*g = gate_new();
	struct gate_out	 out[GATE_OUT_MAX];
	struct seg	 a, b, c;
	size_t		 n;

	gate_arm(g, FAULT_REORDER, GATE_OUT, 1, 0);
	n = gate_offer(g, GATE_OUT, mkseg(&a, 1, "A"), NULL, 0, out);
	is_str(acts(out, n), "FREORDER", "reorder: A waits");
	n = gate_offer(g, GATE_OUT, mkseg(&b, 2, "B"), NULL, 0, out);
	is_str(acts(out, n), "PASS OVERTAKEN PASS", "reorder: B, then A");
	ok(strcmp(payload(&out[0]), "B") == 0 &&
	    strcmp(payload(&out[2]), "A") == 0, "reorder: in that order");
	gate_out_done(out, n);

	gate_arm(g, FAULT_REORDER, GATE_OUT, 2, 0);
	n = gate_offer(g, GATE_OUT, &a, NULL, 0, out);
	n = gate_offer(g, GATE_OUT, &b, NULL, 0, out);
	is_str(acts(out, n), "PASS FREORDER", "twice: A goes, B waits");
	is_str(payload(&out[0]), "A", "twice: the older first");
	gate_out_done(out, n);
	n = gate_offer(g, GATE_OUT, mkseg(&c, 3, "C"), NULL, 0, out);
	is_str(acts(out, n), "PASS OVERTAKEN PASS", "twice: C, then B");
	is_str(payload(&out[2]), "B", "twice: B last");
	gate_out_done(out, n);
	gate_arm(g, FAULT_REORDER, GATE_IN, 1, 0);
	n = gate_offer(g, GATE_IN, &a, NULL, 0, out);
	gate_free(g);	/* a segment still waiting is freed with the gate */
	ok(1, "reorder: freed while one waits (ASan checks)");
}

/* A released segment meets the armed faults; an edit goes with it. */
static void
test_release_faults(void)
{
	struct gate	*g = gate_new();
	struct gate_out	 out[GATE_OUT_MAX];
	struct gate_seg	*e;
	struct seg	 a;
	size_t		 n;

	gate_set_step(g, GATE_OUT, true);
	gate_offer(g, GATE_OUT, mkseg(&a, 1, "orig"), NULL, 0, out);
	gate_offer(g, GATE_OUT, &a, NULL, 0, out);
	e = gate_find(g, 1);
	ok(e != NULL && e->num == 1, "find: #1");
	gate_seg_payload(e, (const uint8_t *)"edited!", 7);
	e->seg.th.win = 77;
	e->meta.edited = true;
	n = gate_release(g, 1, 0, out);
	is_str(acts(out, n), "RELEASED PASS", "edit: released");
	is_str(payload(&out[1]), "edited!", "edit: the new payload goes");
	ok(out[1].seg->th.win == 77 && out[1].meta->edited,
	    "edit: the new window, marked edited");
	gate_out_done(out, n);
	gate_arm(g, FAULT_DUP, GATE_OUT, 1, 0);
	n = gate_release(g, 2, 0, out);
	is_str(acts(out, n), "RELEASED FDUP PASS PASS",
	    "release: through the armed faults");
	gate_out_done(out, n);
	gate_set_freeze(g, true);
	ok(gate_freeze(g), "freeze: on");
	gate_free(g);
}

/* A hold fault holds the next N of one direction as step mode would, numbered. */
static void
test_hold(void)
{
	struct gate	*g = gate_new();
	struct gate_out	 out[GATE_OUT_MAX];
	enum fault_kind	 k;
	enum gate_dir	 d;
	struct seg	 a, b, c;
	size_t		 n;
	int		 left;

	ok(gate_arm(g, FAULT_HOLD, GATE_IN, 1, 0) == 0, "hold: armed");
	ok(gate_fault(g, 0, &k, &d, &left) == 0 && k == FAULT_HOLD &&
	    d == GATE_IN && left == 1, "hold: listed, one inbound");
	is_str(gate_fault_name(FAULT_HOLD), "hold", "hold: its name");
	n = gate_offer(g, GATE_OUT, mkseg(&a, 1, "out"), NULL, 0, out);
	is_str(acts(out, n), "PASS", "hold: the other direction passes");
	n = gate_offer(g, GATE_IN, mkseg(&b, 2, "old"), NULL, 0, out);
	is_str(acts(out, n), "HELD", "hold: the next inbound is held");
	ok(out[0].g != NULL && out[0].g->num == 1 && out[0].left == 0,
	    "hold: numbered #1, no more armed");
	ok(gate_holding(g) && gate_find(g, 0) == out[0].g,
	    "hold: step and drop find it");
	n = gate_offer(g, GATE_IN, mkseg(&c, 2, "new"), NULL, 0, out);
	is_str(acts(out, n), "PASS", "hold: the one after passes");
	is_str(payload(&out[0]), "new", "hold: and it is the resend");
	n = gate_release(g, 0, 5 * MS, out);
	is_str(acts(out, n), "RELEASED PASS", "hold: step lets it go late");
	is_str(payload(&out[1]), "old", "hold: the old one, as it was");
	gate_out_done(out, n);
	ok(!gate_holding(g), "hold: nothing held after");
	gate_arm(g, FAULT_HOLD, GATE_OUT, 1, 0);
	gate_offer(g, GATE_OUT, &a, NULL, 0, out);
	n = gate_drop(g, 0, out);
	is_str(acts(out, n), "DROPPED", "hold: drop discards it");
	gate_out_done(out, n);
	gate_arm(g, FAULT_HOLD, GATE_OUT, 2, 0);
	gate_offer(g, GATE_OUT, &a, NULL, 0, out);
	gate_free(g);	/* one held by the fault is freed with the gate */
	ok(1, "hold: freed while held (ASan checks)");
}

/* What the gate keeps is bounded, and what it drops is counted. */
static void
test_bounds(void)
{
	struct gate		*g = gate_new();
	struct gate_out		 out[GATE_OUT_MAX];
	struct gate_stats	 st;
	struct seg		 a;
	size_t			 n = 0;
	int			 i, armed = 0;

	gate_set_step(g, GATE_IN, true);
	mkseg(&a, 1, "x");
	for (i = 0; i < GATE_MAX_HELD; i++)
		n = gate_offer(g, GATE_IN, &a, NULL, 0, out);
	is_str(acts(out, n), "HELD", "bound: the last that fits is held");
	n = gate_offer(g, GATE_IN, &a, NULL, 0, out);
	is_str(acts(out, n), "FULL", "bound: one more is dropped");
	is_int(out[0].left, 1, "bound: the first drop");
	n = gate_offer(g, GATE_IN, &a, NULL, 0, out);
	is_int(out[0].left, 2, "bound: the drops are counted");
	gate_stats(g, &st);
	ok(st.held == GATE_MAX_HELD && st.full_drops == 2,
	    "bound: %d held, 2 counted as dropped", GATE_MAX_HELD);
	for (i = 0; i < GATE_MAX_FAULTS + 1; i++)
		armed += gate_arm(g, FAULT_DROP, GATE_OUT, 1, 0) == 0;
	is_int(armed, GATE_MAX_FAULTS, "bound: %d faults armed at most",
	    GATE_MAX_FAULTS);
	n = gate_offer(g, GATE_OUT, &a, NULL, 0, out);
	ok(gate_arm(g, FAULT_DROP, GATE_OUT, 1, 0) == 0,
	    "bound: a spent fault makes room");
	gate_free(g);
}

int
main(void)
{
	test_open();
	test_step();
	test_step_conn();
	test_faults();
	test_delay();
	test_reorder();
	test_release_faults();
	test_hold();
	test_bounds();
	return (done_testing());
}
