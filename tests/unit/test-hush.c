/*
 * tests/unit/test-hush.c - the bound on flood lines (cli/obs/hush.c) in
 * virtual time: HUSH_BURST lines of a kind a second print, the rest are
 * counted; the second's summary comes when it is over (hush_due) or when
 * the kind comes again later; kinds are counted apart; a million lines
 * of one kind cost a fixed number of printed ones.
 */
#include <stdio.h>
#include <string.h>

#include "cli/obs/hush.h"
#include "tests/tap.h"

int
main(void)
{
	struct hush	h;
	struct hush_sum	sum;
	bool		flushed;
	unsigned long	printed = 0, sums = 0, held = 0;
	uint64_t	t;
	int		i, n;

	memset(&h, 0, sizeof h);
	for (i = n = 0; i < 100; i++)
		n += hush_allow(&h, 7, 1000 + (uint64_t)i, &sum, &flushed);
	is_int(n, HUSH_BURST, "100 lines of one kind in a second: %d print",
	    HUSH_BURST);
	is_int((int)h.total, 100 - HUSH_BURST, "the other 90 are counted");
	is_int(hush_due(&h, 500000, &sum), 0, "nothing is due within the second");
	is_int(hush_allow(&h, 8, 2000, &sum, &flushed), 1,
	    "another kind prints beside it");
	is_int(hush_due(&h, 1001000, &sum), 1, "after the second: a summary");
	is_int((int)sum.key, 7, "of kind 7");
	is_int((int)sum.held, 90, "saying 90 were left out");
	is_int((int)sum.span, 1000000, "over the 1.0 s since its first line");
	is_int(hush_due(&h, 1001000, &sum), 0, "once");
	is_int(h.pending, 0, "nothing left pending");

	/* A kind that comes back after its second says first what it held. */
	memset(&h, 0, sizeof h);
	for (i = 0; i < HUSH_BURST + 3; i++)
		hush_allow(&h, 9, 10, &sum, &flushed);
	is_int(hush_allow(&h, 9, 2000000, &sum, &flushed), 1,
	    "the kind prints again in a new second");
	is_int(flushed, 1, "after the summary of the last one");
	is_int((int)sum.held, 3, "which held 3");

	/* At the end, what a second still holds is said, over or not. */
	memset(&h, 0, sizeof h);
	for (i = 0; i < HUSH_BURST + 5; i++)
		hush_allow(&h, 4, 100, &sum, &flushed);
	is_int(hush_due(&h, 200, &sum), 0, "within its second nothing is due");
	is_int(hush_any(&h, 300, &sum), 1, "but at the end it is said");
	is_int((int)sum.held, 5, "all 5 left out");
	is_int((int)sum.span, 200, "over the 200 us so far");
	is_int(hush_any(&h, 300, &sum), 0, "once");

	/* A flood: a million lines over 10 s cost 10 a second plus a summary. */
	memset(&h, 0, sizeof h);
	for (i = 0; i < 1000000; i++) {
		t = 1 + (uint64_t)i * 10;	/* 100,000 a second */
		if (hush_allow(&h, 1, t, &sum, &flushed))
			printed++;
		if (flushed) {
			sums++;
			held += sum.held;
		}
		while (hush_due(&h, t, &sum)) {
			sums++;
			held += sum.held;
		}
	}
	while (hush_due(&h, UINT64_MAX / 2, &sum)) {
		sums++;
		held += sum.held;
	}
	is_int((int)printed, 10 * HUSH_BURST, "a million lines in 10 s: %d print",
	    10 * HUSH_BURST);
	is_int((int)sums, 10, "and one summary a second");
	is_int((int)(printed + held), 1000000, "which account for every line");
	return (done_testing());
}
