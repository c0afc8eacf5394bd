/*
 * tests/unit/test-diagram-ladder.c - the live view's incremental layout
 * (cli/diagram/diagram-ladder.c) and the bound on a conversation's items
 * (dg_set_keep_items): the rows are always dg_layout()'s, and the work
 * per new segment is counted, not timed.
 *
 * Work is the ladder's count of items it laid out or looked at.  Laying a
 * growing conversation out again at every sync, as the view did, costs
 * the length of the conversation each time: some 10^10 items for 200,000
 * segments synced every few segments.  The bounds below allow a few items
 * per segment, which only an incremental layout meets.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/diagram/diagram.h"
#include "cli/diagram/diagram-int.h"
#include "tests/tap.h"
#include "tests/unit/unitfix.h"

#define SEC	1000000ULL
#define ISN_A	1000u
#define ISN_B	5000u
#define NSEG	200000

static struct endpoint	ep[2];
static uint64_t		now;

/* A segment from end `from` (0: 10.0.0.1:40000, 1: 10.0.0.2:7). */
static struct seg
mkseg(int from, uint16_t flags, uint32_t seq, uint32_t ack, size_t len)
{
	return (unitfix_seg(ep, from, flags, seq, ack, len, 502));
}

/* Feed a segment dt microseconds after the previous one. */
static void
feed(struct dg *d, uint64_t dt, struct seg s, int dir)
{
	now += dt;
	dg_add_seg(d, &s, now, dir);
}

/* Whether the ladder's rows are dg_layout()'s for conv; says where not. */
static int
same(const struct dg_ladder *l, const struct dg *d, unsigned conv,
    const struct dg_opts *o)
{
	const struct dg_row	*a;
	struct dg_row		*b;
	size_t			 na, nb, i;
	int			 rc = 1;

	a = dg_ladder_rows(l, &na);
	if (dg_layout(d, conv, o, &b, &nb) != 0)
		return (na == 0);
	if (na != nb) {
		diag("rows: ladder %zu, layout %zu", na, nb);
		rc = 0;
	}
	for (i = 0; rc && i < na; i++) {
		if (a[i].kind != b[i].kind || a[i].style != b[i].style ||
		    a[i].item != b[i].item || strcmp(a[i].text, b[i].text) != 0 ||
		    memcmp(a[i].cell, b[i].cell, sizeof a[i].cell) != 0) {
			diag("row %zu: ladder \"%s\" (item %zu), layout \"%s\" "
			    "(item %zu)", i, a[i].text, a[i].item, b[i].text,
			    b[i].item);
			rc = 0;
		}
	}
	dg_rows_free(b, nb);
	return (rc);
}

/* Segment i of a long transfer: data from 0, every other one acked by 1. */
static struct seg
transfer(size_t i)
{
	uint32_t	off = (uint32_t)(i / 2) * 100;

	if (i % 2 == 0)
		return (mkseg(0, TH_ACK | TH_PUSH, ISN_A + 1 + off, ISN_B + 1,
		    100));
	return (mkseg(1, TH_ACK, ISN_B + 1, ISN_A + 1 + off + 100, 0));
}

/* A model with a handshake between the test's endpoints. */
static struct dg *
handshake(void)
{
	struct dg	*d = dg_new();

	now = 1700000000 * SEC;
	feed(d, 0, mkseg(0, TH_SYN, ISN_A, 0, 0), DG_DIR_OUT);
	feed(d, 40, mkseg(1, TH_SYN | TH_ACK, ISN_B, ISN_A + 1, 0), DG_DIR_IN);
	feed(d, 40, mkseg(0, TH_ACK, ISN_A + 1, ISN_B + 1, 0), DG_DIR_OUT);
	return (d);
}

/*
 * 200,000 segments in one conversation, synced every 1 to 7 segments: the
 * rows are dg_layout()'s along the way (the time column widens twice, at
 * 10 s and 100 s), and the work per segment is the same at the end as at
 * the start.
 */
static void
test_growing(void)
{
	struct dg_opts		 o = { 100, DG_TIME_REL, 0, 0, 0 };
	struct dg_ladder	*l = dg_ladder_new(1, &o);
	struct dg		*d = handshake();
	uint64_t		 w0 = 0, w1 = 0, w2 = 0;
	size_t			 i, n;
	int			 good = 1;

	dg_ladder_sync(l, d, NULL);
	ok(same(l, d, 1, &o), "growing: the handshake's rows");
	for (i = 0; i < NSEG; i++) {
		feed(d, 600, transfer(i), i % 2 ? DG_DIR_IN : DG_DIR_OUT);
		if (i % (1 + i % 7) == 0)
			dg_ladder_sync(l, d, NULL);
		if (i == 10000)
			w0 = dg_ladder_work(l);
		if (i == NSEG - 10001)
			w1 = dg_ladder_work(l);
		if (i % 50000 == 49999 && (dg_ladder_sync(l, d, NULL),
		    !same(l, d, 1, &o)))
			good = 0;
	}
	dg_ladder_sync(l, d, NULL);
	w2 = dg_ladder_work(l);
	ok(good && same(l, d, 1, &o), "growing: the rows are dg_layout()'s "
	    "at 50,000, 100,000, 150,000 and 200,000 segments");
	dg_items(d, 1, &n);
	is_int((long long)n, NSEG + 3, "growing: no bound, every item kept");
	ok(w2 <= 5ULL * NSEG, "growing: %llu items of work for %d segments "
	    "(at most 5 a segment; laid out again at each sync: ~10^10)",
	    (unsigned long long)w2, NSEG);
	ok(w0 <= 3 * 10000 && w2 - w1 <= 3 * 10000, "growing: the same work "
	    "per segment after 190,000 as for the first 10,000 (%llu, %llu "
	    "for 10,000)", (unsigned long long)w0,
	    (unsigned long long)(w2 - w1));
	dg_ladder_free(l);
	dg_free(d);
}

/*
 * A bound of 1000 items a conversation: 200,000 segments leave about the
 * newest 1000 stored, the rest counted as gone and said on a row at the
 * top; the ladder drops the rows of what went and is dg_layout()'s still.
 */
static void
test_bounded(void)
{
	struct dg_opts		 o = { 100, DG_TIME_DELTA, 0, 0, 0 };
	struct dg_ladder	*l = dg_ladder_new(1, &o);
	struct dg		*d = handshake();
	const struct dg_row	*r;
	size_t			 i, n, nr, dropped, most = 0, maxrows = 0;
	uint64_t		 gone;
	char			 want[160];
	int			 good = 1;

	dg_set_keep_items(d, 1000);
	for (i = 0; i < NSEG; i++) {
		feed(d, 600, transfer(i), i % 2 ? DG_DIR_IN : DG_DIR_OUT);
		if (i % 5 == 0) {
			dg_ladder_sync(l, d, &dropped);
			dg_ladder_rows(l, &nr);
			if (nr > maxrows)
				maxrows = nr;
		}
		dg_items(d, 1, &n);
		if (n > most)
			most = n;
		if (i % 40000 == 39999 && (dg_ladder_sync(l, d, NULL),
		    !same(l, d, 1, &o)))
			good = 0;
	}
	dg_ladder_sync(l, d, NULL);
	dg_items(d, 1, &n);
	gone = dg_items_gone(d, 1);
	ok(most <= 1000 + 1000 / 8 + 1, "bounded: at most %zu items stored "
	    "at any time (keep 1000)", most);
	ok(n >= 1000 && gone + n == NSEG + 3, "bounded: %zu kept, %llu gone, "
	    "every one counted", n, (unsigned long long)gone);
	is_int((long long)dg_trimmed(d), (long long)gone,
	    "bounded: the model's count of items dropped");
	ok(maxrows <= 1000 + 1000 / 8 + 4, "bounded: the ladder holds at most "
	    "%zu rows", maxrows);
	r = dg_ladder_rows(l, &nr);
	snprintf(want, sizeof want, "(%llu earlier items left out",
	    (unsigned long long)gone);
	ok(nr > 3 && r[2].kind == DG_ROW_GONE &&
	    strncmp(r[2].text, want, strlen(want)) == 0,
	    "bounded: the third row says what went: %s", nr > 3 ? r[2].text :
	    "");
	ok(good && same(l, d, 1, &o), "bounded: the rows are dg_layout()'s "
	    "along the way and at the end");
	ok(dg_ladder_work(l) <= 20ULL * NSEG, "bounded: %llu items of work "
	    "for %d segments (at most 20 a segment)",
	    (unsigned long long)dg_ladder_work(l), NSEG);
	/*
	 * The items trimmed are moved up only when the allocation is full:
	 * about once per 900 items here (2048 slots, 1125 at most in use),
	 * not 1000 moved per 125 trimmed, 8 an item, as a move per trim
	 * did; and the allocation is no larger than the items need.
	 */
	ok(d->conv[0] != NULL && d->conv[0]->moved <= 2ULL * NSEG,
	    "bounded: %llu items moved to make room for %d (at most 2 each)",
	    d->conv[0] != NULL ? (unsigned long long)d->conv[0]->moved : 0ULL,
	    NSEG);
	ok(d->conv[0] != NULL && d->conv[0]->capitem <= 2048,
	    "bounded: room for %zu items (the power of 2 over 1000 + 1000 / 8)",
	    d->conv[0] != NULL ? d->conv[0]->capitem : 0);
	dg_ladder_free(l);
	dg_free(d);
}

/*
 * Changes in place (step mode's holds and releases, faults, the engine's
 * states on earlier rows, marks and notes, an orphan adopted) with a
 * sync after each: the rows are dg_layout()'s every time.
 */
static void
test_edits(void)
{
	struct dg_opts		 o = { 120, DG_TIME_DELTA, 1, 1, 0 };
	struct dg_ladder	*l;
	struct dg		*d = dg_new();
	struct seg		 syn, s;
	unsigned		 conv;
	int			 good = 1, step = 0;

#define SYNC(conv) do {							\
	dg_ladder_sync(l, d, NULL);					\
	step++;								\
	if (good && !same(l, d, conv, &o)) {				\
		diag("after step %d", step);				\
		good = 0;						\
	}								\
} while (0)

	now = 1700000000 * SEC;
	syn = mkseg(0, TH_SYN, ISN_A, 0, 0);
	dg_hold(d, 11, &syn, now, DG_DIR_OUT, 1);
	conv = dg_conv_next(d, 0);
	l = dg_ladder_new(conv, &o);
	SYNC(conv);
	dg_unhold(d, 11, 0);
	SYNC(conv);
	dg_local_state(d, &ep[0], &ep[1], TCP_SYN_SENT, "user OPEN", now, NULL);
	feed(d, 5, syn, DG_DIR_OUT);		/* adopts the orphan */
	conv = dg_conv_next(d, 0);
	dg_ladder_free(l);
	l = dg_ladder_new(conv, &o);
	SYNC(conv);
	s = mkseg(1, TH_SYN | TH_ACK, ISN_B, ISN_A + 1, 0);
	feed(d, 40, s, DG_DIR_IN);
	SYNC(conv);
	dg_local_state(d, &ep[0], &ep[1], TCP_ESTABLISHED, "SYN-ACK acceptable",
	    now, &s);
	SYNC(conv);
	s = mkseg(0, TH_ACK, ISN_A + 1, ISN_B + 1, 0);
	dg_hold(d, 12, &s, now + 10, DG_DIR_OUT, 2);
	SYNC(conv);
	feed(d, 3, mkseg(1, TH_ACK | TH_PUSH, ISN_B + 1, ISN_A + 1, 10),
	    DG_DIR_IN);
	SYNC(conv);
	dg_unhold(d, 12, 0);
	SYNC(conv);
	feed(d, 30, s, DG_DIR_OUT);		/* the released one's wire copy */
	dg_mark_last(d, conv, DG_M_EDITED);
	SYNC(conv);
	dg_note_last(d, conv, "a note under the last segment");
	SYNC(conv);
	s = mkseg(0, TH_ACK | TH_PUSH, ISN_A + 1, ISN_B + 11, 20);
	dg_hold(d, 13, &s, now + 5, DG_DIR_OUT, 0);
	SYNC(conv);
	feed(d, 100, mkseg(1, TH_ACK, ISN_B + 11, ISN_A + 1, 0), DG_DIR_IN);
	SYNC(conv);
	dg_unhold(d, 13, 1);
	SYNC(conv);
	dg_offwire(d, &s, now + 50, DG_DIR_OUT, 0, DG_M_DROPPED);
	SYNC(conv);
	s = mkseg(1, TH_ACK | TH_PUSH, ISN_B + 11, ISN_A + 1, 10);
	feed(d, 20, s, DG_DIR_IN);
	dg_offwire(d, &s, now + 1, DG_DIR_IN, 4, DG_M_EDITED);
	SYNC(conv);
	dg_mark_pkt(d, conv, 2, DG_M_FAIL, "a script failed here");
	SYNC(conv);
	dg_local_state(d, &ep[0], &ep[1], TCP_FIN_WAIT_1, "user CLOSE", now,
	    NULL);
	feed(d, 20 * SEC, mkseg(0, TH_FIN | TH_ACK, ISN_A + 1, ISN_B + 21, 0),
	    DG_DIR_OUT);			/* the delta column widens */
	SYNC(conv);
	feed(d, 40, mkseg(1, TH_FIN | TH_ACK, ISN_B + 21, ISN_A + 2, 0),
	    DG_DIR_IN);
	SYNC(conv);
	dg_local_state(d, &ep[0], &ep[1], TCP_TIME_WAIT, "FIN received", now,
	    NULL);
	dg_local_flush(d);
	SYNC(conv);
	dg_finish(d, DG_FLUSH);
	SYNC(conv);
	ok(good, "edits: the rows are dg_layout()'s after each of %d changes",
	    step);
	ok(dg_ladder_sync(l, d, NULL) == 0, "edits: nothing new, no change");
	dg_ladder_free(l);
	dg_free(d);
#undef SYNC
}

/*
 * dg_text() of a bounded conversation: the row of what went, then the
 * newest items, as the view shows them.
 */
static void
test_text(void)
{
	struct dg_opts	 o = { 100, DG_TIME_REL, 0, 0, 0 };
	struct dg	*d = handshake();
	char		*buf = NULL;
	size_t		 len = 0, i;
	FILE		*f;

	dg_set_keep_items(d, 100);
	for (i = 0; i < 1000; i++)
		feed(d, 600, transfer(i), i % 2 ? DG_DIR_IN : DG_DIR_OUT);
	f = open_memstream(&buf, &len);
	dg_text(d, 1, &o, f);
	fclose(f);
	ok(strncmp(buf, "conversation 1: ", 16) == 0 &&
	    strstr(buf, "\n(") != NULL && strstr(buf, "\n(") ==
	    strchr(strchr(buf, '\n') + 1, '\n') &&
	    strstr(buf, " earlier items left out: the diagram keeps the newest "
	    "of a long conversation)\n") != NULL,
	    "text: the row of what went, under the heads");
	ok(strstr(buf, "|---- S 0:0") == NULL, "text: the handshake went");
	free(buf);
	dg_free(d);
}

int
main(void)
{
	if (addr_parse(&ep[0].addr, "10.0.0.1") != 0 ||
	    addr_parse(&ep[1].addr, "10.0.0.2") != 0)
		abort();
	ep[0].port = 40000;
	ep[1].port = 7;
	test_growing();
	test_bounded();
	test_edits();
	test_text();
	return (done_testing());
}
