/*
 * tests/unit/test-frames.c - the session's numbered frames for `decode`
 * (cli/obs/frames.c): every frame on the event stream gets the next
 * number, either direction; the newest FRAMES_KEEP are kept, and no more
 * than FRAMES_MEM bytes; older ones are numbered but gone; a frame larger
 * than the whole bound is numbered, never kept.
 */
#include <stdlib.h>
#include <string.h>

#include "cli/obs/frames.h"
#include "cli/run/session.h"
#include "tests/tap.h"

static struct session	 s;

/* Publish a frame of len bytes, each byte the low bits of tag, in dir. */
static void
frame(size_t len, unsigned tag, enum run_dir dir)
{
	static uint8_t	*b;
	static size_t	 cap;
	struct run_ev	 r;
	struct timeval	 tv = { 1, (suseconds_t)tag };

	if (len > cap) {
		free(b);
		b = malloc(len);
		cap = len;
	}
	memset(b, tag & 0xff, len);
	memset(&r, 0, sizeof r);
	r.type = RUN_FRAME;
	r.dir = dir;
	r.ts = &tv;
	r.frame = b;
	r.len = len;
	bus_publish(&s.bus, &r);
}

int
main(void)
{
	struct frames		*f = frames_new(&s);
	const struct frame_rec	*r;
	struct run_ev		 other;
	unsigned		 i, bad = 0;

	ok(frames_last(f) == 0 && frames_get(f, 1) == NULL,
	    "no frame yet: nothing to decode");
	frame(60, 1, RUN_OUT);
	frame(74, 2, RUN_IN);
	memset(&other, 0, sizeof other);
	other.type = RUN_NOTE;
	other.text = "not a frame";
	bus_publish(&s.bus, &other);
	r = frames_get(f, 2);
	ok(r != NULL && r->num == 2 && r->len == 74 && r->dir == RUN_IN &&
	    r->data[73] == 2 && r->ts.tv_usec == 2,
	    "frame 2 is the second frame, either direction, bytes and time");
	ok(frames_get(f, 3) == NULL && frames_last(f) == 2,
	    "other events are not numbered");
	for (i = 3; i <= FRAMES_KEEP + 5; i++)
		frame(60, i, i % 2 ? RUN_OUT : RUN_IN);
	is_int(frames_last(f), FRAMES_KEEP + 5, "every frame numbered");
	is_int(frames_first(f), 6, "the newest FRAMES_KEEP are kept");
	ok(frames_get(f, 5) == NULL, "frame 5 is no longer kept");
	for (i = 6; i <= FRAMES_KEEP + 5; i++)
		if ((r = frames_get(f, i)) == NULL || r->num != i ||
		    r->data[0] != (i & 0xff))
			bad++;
	is_int(bad, 0, "frames 6 to FRAMES_KEEP + 5 are all there, in place");
	for (i = 0; i < 5000; i++)
		frame(4000, i, RUN_OUT);
	ok(frames_last(f) - frames_first(f) + 1 == FRAMES_MEM / 4000,
	    "no more than FRAMES_MEM bytes are kept (%lu frames of 4000)",
	    frames_last(f) - frames_first(f) + 1);
	frame(FRAMES_MEM + 1, 7, RUN_IN);
	ok(frames_get(f, frames_last(f)) == NULL && frames_first(f) == 0,
	    "a frame larger than the bound is numbered, not kept");
	frame(60, 8, RUN_OUT);
	r = frames_get(f, frames_last(f));
	ok(r != NULL && frames_first(f) == frames_last(f),
	    "the next one is kept again");
	frames_free(f);
	frame(60, 9, RUN_OUT);	/* unsubscribed: nothing is called */
	ok(1, "freed and unsubscribed");
	return (done_testing());
}
