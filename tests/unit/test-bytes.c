/*
 * tests/unit/test-bytes.c - the byte buffer behind every send and receive
 * queue (core/bytes.c): consuming from the front is O(1) amortised, proved
 * by counting the bytes the buffer reports it moved (a memmove of what is
 * left on every consume moves gigabytes here), and what is read back is
 * always the stream that went in, in order.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/bytes.h"
#include "tests/tap.h"
#include "tests/unit/vmflags.h"

#define BT_SEG	1448		/* one segment's worth, as an ACK frees */
#define BT_BUF	(1U << 20)	/* what stays queued, as a full send buffer */

/* Byte i of the test stream. */
static uint8_t
bt_byte(uint64_t i)
{
	return ((uint8_t)(i * 131 + (i >> 9)));
}

/* Append stream bytes [*in, *in + n) to b; the bytes b moved to do so. */
static uint64_t
bt_feed(struct bytes *b, uint64_t *in, size_t n)
{
	uint8_t	 chunk[BT_SEG * 4];
	size_t	 i;

	for (i = 0; i < n; i++)
		chunk[i] = bt_byte(*in + i);
	*in += n;
	return (bytes_append(b, chunk, n));
}

/* Whether b holds exactly stream bytes [out, out + b->len). */
static int
bt_holds(const struct bytes *b, uint64_t out)
{
	size_t	i;

	for (i = 0; i < b->len; i++)
		if (b->d[i] != bt_byte(out + i))
			return (0);
	return (1);
}

/*
 * A bulk send's send buffer: kept full at BT_BUF while each ACK consumes a
 * segment and the application appends one.  The old buffer moved the whole
 * remainder on each consume (~BT_BUF per ACK, 4 GB here); now the bytes
 * moved are bounded by those that went through.
 */
static void
test_sndbuf_steady(void)
{
	struct bytes	 b = { 0 };
	uint64_t	 in = 0, out = 0, fill = 0, moved = 0, through = 0;
	int		 i, front = 1, order = 1;

	while (b.len < BT_BUF)
		fill += bt_feed(&b, &in, BT_SEG);
	diag("filling %zu bytes moved %llu (growth)", b.len,
	    (unsigned long long)fill);
	for (i = 0; i < 4000; i++) {
		moved += bytes_consume(&b, BT_SEG);
		out += BT_SEG;
		through += BT_SEG;
		if (b.d[0] != bt_byte(out))
			front = 0;
		moved += bt_feed(&b, &in, BT_SEG);
		if (i % 500 == 0 && !bt_holds(&b, out))
			order = 0;
	}
	diag("4000 ACKs of %d bytes with %u queued: %llu bytes moved, "
	    "%llu consumed", BT_SEG, BT_BUF, (unsigned long long)moved,
	    (unsigned long long)through);
	ok(front, "after each consume the buffer starts at the next unacked "
	    "byte");
	ok(order && bt_holds(&b, out), "the buffer holds the stream in order");
	is_int(b.len, in - out, "it holds what went in less what was consumed");
	/*
	 * Each reclaim moves fewer bytes than were consumed since the last,
	 * and growing past the fill copies what is queued at most once more.
	 */
	ok(moved <= through + BT_BUF + 4 * BT_SEG,
	    "bytes moved (%llu) <= consumed + one buffer (%llu): O(1) per "
	    "consume", (unsigned long long)moved,
	    (unsigned long long)(through + BT_BUF + 4 * BT_SEG));
	ok(fill <= 2 * (uint64_t)b.len + 4 * BT_SEG,
	    "growing to %u bytes copies less than twice that", BT_BUF);
	bytes_free(&b);
}

/*
 * A receive buffer read in small pieces by the user: consuming alone
 * moves nothing at all.
 */
static void
test_rcvbuf_drain(void)
{
	struct bytes	 b = { 0 };
	uint64_t	 in = 0, out = 0, moved = 0;
	int		 front = 1;

	while (b.len < BT_BUF)
		(void)bt_feed(&b, &in, BT_SEG * 4);
	while (b.len > 0) {
		moved += bytes_consume(&b, 100);
		out += 100;
		if (b.len > 0 && b.d[0] != bt_byte(out))
			front = 0;
	}
	is_int(moved, 0, "reading %llu bytes 100 at a time moves none",
	    (unsigned long long)in);
	ok(front, "each read starts where the last stopped");
	(void)bt_feed(&b, &in, 10);
	ok(b.len == 10 && bt_holds(&b, in - 10),
	    "appending to the emptied buffer keeps the new bytes only");
	bytes_free(&b);
}

/* Edge cases: empty buffers, consuming more than there is, freeing. */
static void
test_edges(void)
{
	struct bytes	 b = { 0 };
	uint64_t	 in = 0;

	is_int(bytes_consume(&b, 5), 0, "consuming from a zeroed buffer");
	is_int(b.len, 0, "it stays empty");
	is_int(bytes_append(&b, "", 0), 0, "appending nothing moves nothing");
	ok(b.d == NULL, "and allocates nothing");
	(void)bt_feed(&b, &in, 100);
	(void)bytes_consume(&b, 30);
	ok(b.len == 70 && bt_holds(&b, 30), "consume 30 of 100 leaves 30..99");
	(void)bytes_consume(&b, 1000);
	is_int(b.len, 0, "consuming more than is there empties it");
	in = 0;
	(void)bt_feed(&b, &in, 50);
	ok(b.len == 50 && bt_holds(&b, 0), "and it takes new bytes after");
	bytes_free(&b);
	ok(b.d == NULL && b.len == 0 && b.off == 0 && b.cap == 0,
	    "bytes_free leaves it zeroed");
	bytes_free(&b);
	ok(1, "freeing a zeroed buffer is harmless");
}

/*
 * Appends that would need growth reclaim the consumed prefix instead when
 * it is the longer part, so a buffer cycling through the same amount does
 * not grow.
 */
static void
test_no_growth(void)
{
	struct bytes	 b = { 0 };
	uint64_t	 in = 0, out = 0;
	size_t		 cap;
	int		 i;

	while (b.len < 64 * BT_SEG)
		(void)bt_feed(&b, &in, BT_SEG);
	cap = b.cap;
	for (i = 0; i < 10000; i++) {
		(void)bytes_consume(&b, BT_SEG);
		out += BT_SEG;
		(void)bt_feed(&b, &in, BT_SEG);
	}
	ok(b.cap <= 2 * cap + 4 * BT_SEG,
	    "10000 cycles at a constant fill: capacity %zu (was %zu)", b.cap,
	    cap);
	ok(bt_holds(&b, out), "the bytes are still the stream's");
	bytes_free(&b);
}

/*
 * Past 256 kB a buffer takes whole 2 MB spans on a 2 MB boundary and asks
 * for huge pages: a bulk send's queue fills at a fault a span.
 */
static void
test_huge(void)
{
	const size_t	 huge = (size_t)2 << 20;
	struct bytes	 b = { 0 };
	uint64_t	 in = 0, out = 0;

	(void)bt_feed(&b, &in, 1000);
	ok(b.cap < 256 << 10, "a small buffer stays small (%zu)", b.cap);
	while (b.len < (300 << 10))
		(void)bt_feed(&b, &in, 4 * BT_SEG);
	ok(b.cap % huge == 0, "past 256 kB: whole 2 MB spans (%zu)", b.cap);
	is_int((long long)((uintptr_t)(b.d - b.off) & (huge - 1)), 0,
	    "on a 2 MB boundary");
	if (access("/sys/kernel/mm/transparent_hugepage/enabled", F_OK) == 0)
		ok(vmflags_has(b.d, "hg"), "asking for huge pages (VmFlags hg)");
	else
		diag("no transparent huge pages in this kernel: not checked");
	(void)bytes_consume(&b, 100000);
	out += 100000;
	while (b.len < (3 << 20))
		(void)bt_feed(&b, &in, 4 * BT_SEG);
	ok(b.cap % huge == 0 && b.cap >= b.len, "grown again: %zu bytes",
	    b.cap);
	ok(bt_holds(&b, out), "the bytes are still the stream's");
	bytes_free(&b);
}

int
main(void)
{
	test_sndbuf_steady();
	test_rcvbuf_drain();
	test_edges();
	test_no_growth();
	test_huge();
	return (done_testing());
}
