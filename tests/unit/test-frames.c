/*
 * tests/unit/test-frames.c - the session's numbered frames for `decode`
 * (cli/obs/frames.c): every frame on the event stream gets the next
 * number, either direction; the newest FRAMES_KEEP are kept, and no more
 * than FRAMES_MEM bytes; older ones are numbered but gone; a frame larger
 * than the whole bound is numbered, never kept.  frames_newest() finds the
 * newest kept frame of a direction and protocol (decode last, measure
 * field).  The kept bytes share one buffer (larger frames have their
 * own): over a long run of mixed sizes the same frames are kept as the
 * count and byte bounds alone say, each with its own bytes; the buffer
 * grows only as far as the frames kept need.  Numbers follow time, as
 * the -w file does: a frame of ours waits for its number until a captured
 * frame stamped later comes or someone asks, so a captured frame stamped
 * before it, read after it, is numbered first.
 */
#include <stdlib.h>
#include <string.h>

#include "cli/obs/frames.h"
#include "cli/run/session.h"
#include "core/wire.h"
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

/* Publish a real Ethernet/IPv4 frame carrying proto (TCP or UDP), in dir. */
static void
frame_ip(uint8_t proto, enum run_dir dir)
{
	struct pkt	 p;
	struct run_ev	 r;
	struct timeval	 tv = { 2, 0 };
	uint8_t		 b[128];
	ssize_t		 len;

	memset(&p, 0, sizeof p);
	p.dlt = WIRE_DLT_EN10MB;
	p.layers = PKT_ETH | PKT_IP4 | (proto == IPPROTO_TCP_ ? PKT_TCP :
	    PKT_UDP);
	p.eth.type = ETHERTYPE_IPV4;
	p.ip4.ihl = 5;
	p.ip4.ttl = 64;
	p.ip4.proto = proto;
	memcpy(p.ip4.src, "\x0a\x00\x00\x01", 4);
	memcpy(p.ip4.dst, "\x0a\x00\x00\x02", 4);
	p.tcp.sport = p.udp.sport = 40000;
	p.tcp.dport = p.udp.dport = 7;
	p.tcp.flags = TH_SYN;
	p.tcp.win = 1000;
	len = wire_build(&p, 0, b, sizeof b, NULL, 0);
	memset(&r, 0, sizeof r);
	r.type = RUN_FRAME;
	r.dir = dir;
	r.ts = &tv;
	r.frame = b;
	r.len = len > 0 ? (size_t)len : 0;
	bus_publish(&s.bus, &r);
}

/* The timestamps' microseconds of frames 1..n, as a string. */
static const char *
order(struct frames *f, unsigned long n)
{
	static char		 buf[256];
	const struct frame_rec	*r;
	unsigned long		 i;
	size_t			 l = 0;

	buf[0] = '\0';
	for (i = 1; i <= n && l < sizeof buf - 16; i++) {
		r = frames_get(f, i);
		l += (size_t)snprintf(buf + l, sizeof buf - l, " %c%ld",
		    r == NULL ? '?' : r->dir == RUN_OUT ? '>' : '<',
		    r == NULL ? 0L : (long)r->ts.tv_usec);
	}
	return (buf);
}

/*
 * Time order (frame() stamps a frame at 1 s + its tag in us): the offers
 * of test-pcapw.c's directions check get the numbers of the frames there;
 * expect's ids stay the bus's order; a query numbers what waits;
 * FRAMES_PEND of ours wait at most.
 */
static void
test_order(void)
{
	struct frames		*f = frames_new(&s);
	const struct frame_rec	*r;
	unsigned long		 i;

	frame(60, 10, RUN_IN);
	frame(60, 20, RUN_OUT);
	frame(60, 15, RUN_IN);
	is_int(frames_last_id(f), 3, "three frames taken in");
	r = frames_get_id(f, 2);
	ok(r != NULL && r->dir == RUN_OUT && r->num == 0,
	    "ours, stamped after a captured frame that came later, waits "
	    "for its number");
	frame(60, 30, RUN_OUT);
	frame(60, 20, RUN_IN);
	frame(60, 12, RUN_IN);
	is_str(order(f, 6), " <10 <15 >20 <20 <12 >30", "numbered as the -w "
	    "file writes them: a captured frame before ours stamped later, "
	    "after ours stamped the same, never before another captured one");
	is_int(frames_last(f), 6, "asking numbered the last of ours");
	r = frames_get_id(f, 4);
	ok(r != NULL && r->num == 6, "id 4 (ours at 30) is number 6");
	frames_free(f);

	f = frames_new(&s);
	for (i = 0; i < FRAMES_PEND + 5; i++)
		frame(60, 100, RUN_OUT);
	frame(60, 50, RUN_IN);
	r = frames_get(f, 6);
	ok(r != NULL && r->dir == RUN_IN, "%d of ours waiting: the 5 oldest "
	    "got numbers when more came, so the captured frame is 6",
	    FRAMES_PEND + 5);
	is_int(frames_last(f), FRAMES_PEND + 6, "every frame numbered once");
	frames_free(f);
}

/* frames_newest(): by direction and layers, in a ring of its own. */
static void
test_newest(void)
{
	struct frames	*f = frames_new(&s);

	is_int(frames_newest(f, -1, 0), 0, "no frame: none is the newest");
	frame_ip(IPPROTO_TCP_, RUN_OUT);		/* 1 */
	frame_ip(IPPROTO_UDP_, RUN_OUT);		/* 2 */
	frame_ip(IPPROTO_TCP_, RUN_IN);			/* 3 */
	frame(60, 4, RUN_IN);				/* 4: not IP */
	is_int(frames_newest(f, -1, 0), 4, "newest of all: the last frame");
	is_int(frames_newest(f, RUN_IN, PKT_TCP), 3,
	    "newest inbound TCP: 3, past a frame that is not IP");
	is_int(frames_newest(f, RUN_OUT, PKT_TCP), 1,
	    "newest outbound TCP: 1, past a UDP one");
	is_int(frames_newest(f, -1, PKT_UDP | PKT_IP4), 2,
	    "newest UDP over IPv4, either way: 2");
	is_int(frames_newest(f, RUN_IN, PKT_UDP), 0,
	    "no inbound UDP: 0");
	is_int(frames_newest(f, -1, PKT_IP6), 0, "no IPv6: 0");
	frames_free(f);
}

/* Whether frame r still holds len bytes of tag. */
static int
intact(const struct frame_rec *r, size_t len, unsigned tag)
{
	size_t	i;

	if (r == NULL || r->len != len)
		return (0);
	for (i = 0; i < len; i += 97)
		if (r->data[i] != (tag & 0xff))
			return (0);
	return (len == 0 || r->data[len - 1] == (tag & 0xff));
}

#define NMODEL	40000

/* Mixed sizes against the bounds alone (what frames.c kept before). */
static void
test_model(void)
{
	static size_t	len[NMODEL + 1];
	struct frames	*f = frames_new(&s);
	unsigned long	 n, j, first = 0, wrong = 0, bad = 0, big = 0;
	size_t		 mem = 0;

	srand(14);
	for (n = 1; n <= NMODEL; n++) {
		switch (rand() % 200) {
		case 0:
			len[n] = FRAMES_BIG + (size_t)rand() % 200000;
			big++;
			break;
		case 1:
			len[n] = FRAMES_BIG - (size_t)rand() % 100;
			break;
		case 2:
			len[n] = (size_t)rand() % 20000;
			break;
		default:
			len[n] = 54 + (size_t)rand() % 1461;
		}
		/* the bounds: FRAMES_KEEP frames, FRAMES_MEM bytes */
		while (first != 0 && (n - first >= FRAMES_KEEP ||
		    mem + len[n] > FRAMES_MEM)) {
			mem -= len[first];
			first = first + 1 < n ? first + 1 : 0;
		}
		mem += len[n];
		if (first == 0)
			first = n;
		frame(len[n], (unsigned)n, RUN_IN);
		if (frames_first(f) != first)
			wrong++;
		if (n % 4000 != 0 && n != NMODEL)
			continue;
		for (j = first; j <= n; j++)
			if (!intact(frames_get(f, j), len[j], (unsigned)j))
				bad++;
	}
	is_int(wrong, 0, "%d frames of mixed sizes (%lu larger than "
	    "FRAMES_BIG): the oldest kept is the one the bounds say", NMODEL,
	    big);
	is_int(bad, 0, "every kept frame has its own bytes");
	ok(frames_buffer(f) > FRAMES_MEM / 2 &&
	    frames_buffer(f) <= FRAMES_MEM + FRAMES_BIG,
	    "the shared buffer grew as the bytes kept did (%zu), no further "
	    "than FRAMES_MEM + FRAMES_BIG", frames_buffer(f));
	frames_free(f);
}

/*
 * The shared buffer follows what is kept: small frames, however many,
 * leave it at its first size (a long session of SYNs and ACKs costs what
 * its newest FRAMES_KEEP frames take, not the whole bound); bigger ones
 * make it grow, each frame keeping its bytes across the moves.
 */
static void
test_buffer(void)
{
	struct frames	*f = frames_new(&s);
	unsigned	 i, bad = 0;

	for (i = 1; i <= 5 * FRAMES_KEEP; i++)
		frame(74, i, i % 2 ? RUN_OUT : RUN_IN);
	is_int(frames_buffer(f), FRAMES_BUF0, "%d frames of 74 bytes: the "
	    "buffer keeps its first size", 5 * FRAMES_KEEP);
	for (i = 1; i <= 3000; i++)
		frame(1514, i, RUN_IN);
	ok(frames_buffer(f) > FRAMES_BUF0 &&
	    frames_buffer(f) <= 8 * FRAMES_BUF0,
	    "3000 of 1514 bytes: it grew to %zu, what they take rounded up to "
	    "a doubling", frames_buffer(f));
	for (i = 5 * FRAMES_KEEP + 1; i <= 5 * FRAMES_KEEP + 3000; i++)
		if (!intact(frames_get(f, i), 1514, i - 5 * FRAMES_KEEP))
			bad++;
	for (i = 5 * FRAMES_KEEP - FRAMES_KEEP + 3001; i <= 5 * FRAMES_KEEP;
	    i++)
		if (!intact(frames_get(f, i), 74, i))
			bad++;
	is_int(bad, 0, "every frame kept across the moves has its bytes");
	frames_free(f);
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
	test_newest();
	test_order();
	test_model();
	test_buffer();
	return (done_testing());
}
