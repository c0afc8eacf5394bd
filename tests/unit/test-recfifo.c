/*
 * tests/unit/test-recfifo.c - records of bytes first in, first out in one
 * buffer (cli/obs/recfifo.c, the kept frames' bytes for `decode`):
 * records are contiguous; one that does not fit before the buffer's end
 * starts at its beginning; a full fifo refuses a record until the oldest
 * are dropped; a record larger than the buffer never fits; and over a
 * long random run no kept record's bytes are overwritten, the kept span
 * never passes the size, and only as many oldest records are dropped as
 * the bytes need; a grown fifo keeps every record at its position, its
 * bytes intact, moving only what had wrapped to the start (or all of it,
 * to a new mapping, when the new space is too small for that); warming
 * a reserved buffer touches only pages no record has used, ends when all
 * are touched, and leaves every kept record intact; a buffer of megabytes
 * starts on a 2 MB boundary, asks for huge pages and is kept from children.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/obs/recfifo.h"
#include "tests/tap.h"
#include "tests/unit/vmflags.h"

/* Fill len bytes at p with a pattern of tag. */
static void
fill(uint8_t *p, size_t len, unsigned tag)
{
	size_t	i;

	for (i = 0; i < len; i++)
		p[i] = (uint8_t)(tag * 31 + i);
}

/* Whether len bytes at p are still tag's pattern. */
static int
intact(const uint8_t *p, size_t len, unsigned tag)
{
	size_t	i;

	for (i = 0; i < len; i++)
		if (p[i] != (uint8_t)(tag * 31 + i))
			return (0);
	return (1);
}

/* Wrap-around, refusal when full, a gap at the end given back. */
static void
test_wrap(void)
{
	struct recfifo	q;
	uint64_t	a, b, c, d;

	recfifo_init(&q, 100);
	ok(q.buf == NULL, "no buffer before the first record");
	ok(recfifo_put(&q, 40, &a) != NULL && a == 0, "first record at 0");
	ok(recfifo_put(&q, 40, &b) != NULL && b == 40, "second at 40");
	ok(recfifo_put(&q, 30, &c) == NULL,
	    "30 more do not fit before the end, nor at the start (kept)");
	is_int(recfifo_span(&q), 80, "a refusal changes nothing");
	recfifo_drop(&q, a, 40);
	ok(recfifo_put(&q, 30, &c) != NULL && c == 100 &&
	    recfifo_at(&q, c) == q.buf,
	    "after the oldest goes, 30 start again at the beginning");
	is_int(recfifo_span(&q), 90, "span: 40 kept, 20 unused at the end, 30");
	ok(recfifo_put(&q, 11, &d) == NULL, "11 more are too many");
	ok(recfifo_put(&q, 10, &d) != NULL && d == 130, "10 fit exactly");
	is_int(recfifo_span(&q), 100, "the whole buffer is in use");
	recfifo_drop(&q, b, 40);
	is_int(recfifo_span(&q), 60,
	    "dropping the record before the end: its 40 bytes are free, the "
	    "20 unused after it go with the record at the start");
	ok(recfifo_put(&q, 101, &d) == NULL, "a record larger than the buffer "
	    "never fits");
	recfifo_drop(&q, c, 30);
	is_int(recfifo_span(&q), 10, "and now they are free");
	recfifo_drop(&q, d, 10);
	is_int(recfifo_span(&q), 0, "all dropped: empty");
	ok(recfifo_put(&q, 100, &d) != NULL && d % 100 == 0,
	    "empty: a record of the whole size fits, at the start");
	ok(recfifo_put(&q, 0, &a) != NULL, "a record of no bytes fits when full");
	recfifo_free(&q);
	ok(q.buf == NULL && recfifo_span(&q) == 0, "freed: empty again");
}

/* Growth: wrapped records move after the old end, positions stay. */
static void
test_grow(void)
{
	struct recfifo	q;
	uint64_t	a, b, c, d, e;
	uint8_t		*old;

	recfifo_init(&q, 100);
	recfifo_grow(&q, 200);
	is_int(q.size, 200, "before the first record a growth only sets the size");
	recfifo_free(&q);
	recfifo_init(&q, 100);
	ok(recfifo_put(&q, 40, &a) != NULL && recfifo_put(&q, 40, &b) != NULL,
	    "two records of 40");
	recfifo_drop(&q, a, 40);
	ok(recfifo_put(&q, 30, &c) != NULL && c == 100, "a third wraps to 100");
	fill(recfifo_at(&q, b), 40, 2);
	fill(recfifo_at(&q, c), 30, 3);
	old = q.buf;
	recfifo_grow(&q, 200);
	ok(intact(recfifo_at(&q, b), 40, 2) && intact(recfifo_at(&q, c), 30, 3),
	    "grown to 200: both records intact at their positions");
	ok(recfifo_at(&q, b) == q.buf + 40 && recfifo_at(&q, c) == q.buf + 100,
	    "the one before the old end stayed at 40, the wrapped one moved "
	    "to 100, just after it");
	(void)old;
	is_int(recfifo_span(&q), 90, "the span is the same (40 + 20 unused + 30)");
	ok(recfifo_put(&q, 70, &d) != NULL && d == 130 &&
	    recfifo_at(&q, d) == q.buf + 130, "the next record follows at 130");
	ok(recfifo_put(&q, 41, &e) == NULL, "41 more do not fit in 200");
	fill(recfifo_at(&q, d), 70, 4);
	recfifo_drop(&q, b, 40);
	ok(recfifo_put(&q, 40, &e) != NULL && recfifo_at(&q, e) == q.buf,
	    "after the oldest goes, the next wraps to the new buffer's start");
	fill(recfifo_at(&q, e), 40, 5);
	ok(intact(recfifo_at(&q, c), 30, 3) && intact(recfifo_at(&q, d), 70, 4),
	    "and the others are intact");
	/* Kept from 80 (the 20 unused before c go with it): c, d, then e
	   wrapped by 40; a growth by 20 leaves no room to move those 40. */
	recfifo_grow(&q, 220);
	ok(intact(recfifo_at(&q, c), 30, 3) && intact(recfifo_at(&q, d), 70, 4) &&
	    intact(recfifo_at(&q, e), 40, 5),
	    "a growth too small to move the wrapped bytes after the end moves "
	    "all to a new buffer: intact");
	ok(recfifo_at(&q, c) == q.buf + 20, "what is kept now starts at the "
	    "new buffer's start (the 20 unused bytes before c, then c)");
	is_int(recfifo_span(&q), 160, "span 20 + 30 + 70 + 40");
	recfifo_free(&q);
}

/* A reservation mapped at once; warming touches only unused pages. */
static void
test_warm(void)
{
	struct recfifo	q;
	uint64_t	a, b;
	size_t		cold, last;
	int		steps = 0;

	recfifo_init(&q, 10000);
	recfifo_reserve(&q, 100000);
	ok(recfifo_put(&q, 5000, &a) != NULL, "a record of 5000");
	ok(q.mapped >= 100000, "the mapping is the reservation (%zu)", q.mapped);
	fill(recfifo_at(&q, a), 5000, 1);
	last = q.mapped;
	while ((cold = recfifo_warm(&q, 8192)) > 0 && steps < 1000) {
		if (cold >= last)
			break;
		last = cold;
		steps++;
	}
	is_int(cold, 0, "warming ends with nothing cold");
	ok(steps >= 10, "8 kB a step took %d steps", steps);
	ok(intact(recfifo_at(&q, a), 5000, 1), "the record is intact");
	ok(recfifo_put(&q, 4000, &b) != NULL, "another record");
	fill(recfifo_at(&q, b), 4000, 2);
	recfifo_drop(&q, a, 5000);
	ok(recfifo_put(&q, 3000, &a) != NULL && recfifo_at(&q, a) == q.buf,
	    "a third wraps to the start");
	fill(recfifo_at(&q, a), 3000, 3);
	recfifo_grow(&q, 40000);
	ok(intact(recfifo_at(&q, b), 4000, 2) && intact(recfifo_at(&q, a), 3000, 3),
	    "grown inside the reservation: intact");
	is_int(recfifo_warm(&q, 1 << 20), 0, "and warm");
	ok(intact(recfifo_at(&q, b), 4000, 2) && intact(recfifo_at(&q, a), 3000, 3),
	    "warming again touched none of them");
	recfifo_free(&q);
	recfifo_init(&q, 3 * 4096);
	is_int(recfifo_warm(&q, 4096), 2 * 4096,
	    "a buffer with no records yet: warming maps it and touches a page "
	    "a step");
	ok(recfifo_put(&q, 100, &a) != NULL, "records go in after");
	recfifo_free(&q);
}

/* A buffer of megabytes: huge pages where the kernel has them, no fork copy. */
static void
test_huge(void)
{
	const size_t	 huge = (size_t)2 << 20;
	struct recfifo	 q;
	uint64_t	 a;

	recfifo_init(&q, 3 * huge);
	recfifo_reserve(&q, 4 * huge);
	ok(recfifo_put(&q, 1000, &a) != NULL, "a record in a 6 MB fifo");
	fill(recfifo_at(&q, a), 1000, 7);
	is_int((long long)((uintptr_t)q.buf & (huge - 1)), 0,
	    "its buffer starts on a 2 MB boundary");
	ok(vmflags_has(q.buf, "dc") &&
	    vmflags_has(q.buf + q.mapped - 1, "dc"),
	    "all of it is kept from children (VmFlags dc)");
	if (access("/sys/kernel/mm/transparent_hugepage/enabled", F_OK) == 0)
		ok(vmflags_has(q.buf, "hg") &&
		    vmflags_has(q.buf + q.mapped - 1, "hg"),
		    "all of it asks for huge pages (VmFlags hg)");
	else
		diag("no transparent huge pages in this kernel: not checked");
	ok(intact(recfifo_at(&q, a), 1000, 7), "the record is intact");
	recfifo_free(&q);
}

#define NREC	20000
#define SIZE	5000
#define MAXLEN	400

/* A long random run against a list of what is kept. */
static void
test_random(int grow)
{
	static uint64_t	pos[NREC];
	static size_t	len[NREC];
	struct recfifo	q;
	unsigned	i, j, oldest = 0, bad = 0, over = 0, extra = 0;
	unsigned	dropped = 0, wrapped = 0, grown = 0;
	uint8_t		*p;
	uint64_t	kept;

	srand(14);
	recfifo_init(&q, grow ? SIZE / 8 : SIZE);
	for (i = 0; i < NREC; i++) {
		len[i] = (size_t)rand() % MAXLEN;
		/* grow: to twice, or by a little, now and then up to SIZE */
		if (grow && q.size < SIZE && rand() % 500 == 0) {
			recfifo_grow(&q, rand() % 2 ? q.size * 2 : q.size + 64);
			grown++;
		}
		while ((p = recfifo_put(&q, len[i], &pos[i])) == NULL) {
			/* a drop is needed only when the bytes kept leave
			   less than len plus an end's gap (< MAXLEN) */
			for (kept = 0, j = oldest; j < i; j++)
				kept += len[j];
			if (kept + len[i] + MAXLEN <= q.size)
				extra++;
			recfifo_drop(&q, pos[oldest], len[oldest]);
			oldest++;
			dropped++;
		}
		if (recfifo_at(&q, pos[i]) == q.buf && i > 0)
			wrapped++;
		fill(p, len[i], i);
		if (recfifo_span(&q) > q.size)
			over++;
		for (j = oldest; j <= i; j++)
			if (!intact(recfifo_at(&q, pos[j]), len[j], j))
				bad++;
	}
	if (grow)
		ok(grown >= 4 && q.size >= SIZE / 2, "it grew %u times, to %zu",
		    grown, q.size);
	is_int(bad, 0, "no kept record overwritten over %d records", NREC);
	is_int(over, 0, "the kept span never passes the size");
	is_int(extra, 0, "no record dropped while the rest left room for it and a gap");
	ok(dropped > NREC / 2 && wrapped > 100,
	    "the run wrapped (%u times) and dropped (%u)", wrapped, dropped);
	recfifo_free(&q);
}

int
main(void)
{
	test_wrap();
	test_grow();
	test_warm();
	test_huge();
	test_random(0);
	test_random(1);
	return (done_testing());
}
