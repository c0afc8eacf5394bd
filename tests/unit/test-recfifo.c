/*
 * tests/unit/test-recfifo.c - records of bytes first in, first out in one
 * buffer (cli/obs/recfifo.c, the kept frames' bytes for `decode`):
 * records are contiguous; one that does not fit before the buffer's end
 * starts at its beginning; a full fifo refuses a record until the oldest
 * are dropped; a record larger than the buffer never fits; and over a
 * long random run no kept record's bytes are overwritten, the kept span
 * never passes the size, and only as many oldest records are dropped as
 * the bytes need.
 */
#include <stdlib.h>
#include <string.h>

#include "cli/obs/recfifo.h"
#include "tests/tap.h"

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

#define NREC	20000
#define SIZE	5000
#define MAXLEN	400

/* A long random run against a list of what is kept. */
static void
test_random(void)
{
	static uint64_t	pos[NREC];
	static size_t	len[NREC];
	struct recfifo	q;
	unsigned	i, j, oldest = 0, bad = 0, over = 0, extra = 0;
	unsigned	dropped = 0, wrapped = 0;
	uint8_t		*p;
	uint64_t	kept;

	srand(14);
	recfifo_init(&q, SIZE);
	for (i = 0; i < NREC; i++) {
		len[i] = (size_t)rand() % MAXLEN;
		while ((p = recfifo_put(&q, len[i], &pos[i])) == NULL) {
			/* a drop is needed only when the bytes kept leave
			   less than len plus an end's gap (< MAXLEN) */
			for (kept = 0, j = oldest; j < i; j++)
				kept += len[j];
			if (kept + len[i] + MAXLEN <= SIZE)
				extra++;
			recfifo_drop(&q, pos[oldest], len[oldest]);
			oldest++;
			dropped++;
		}
		if (pos[i] % SIZE == 0 && i > 0)
			wrapped++;
		fill(p, len[i], i);
		if (recfifo_span(&q) > SIZE)
			over++;
		for (j = oldest; j <= i; j++)
			if (!intact(recfifo_at(&q, pos[j]), len[j], j))
				bad++;
	}
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
	test_random();
	return (done_testing());
}
