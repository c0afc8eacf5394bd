/*
 * tests/unit/test-expect.c - what `expect` matches against (cli/obs/
 * expect.c): the TCP segments of each direction seen since the last
 * match, kept as their frames' numbers and read back from the frames kept
 * for `decode` (cli/obs/frames.c) when an expectation starts.  A segment
 * seen before the expect is matched with its own options' bytes and
 * payload, all of it, after the buffers it came in were reused; a
 * segment with fewer options than the one before it has just its own; the
 * ring keeps EXPECT_RING per direction; a match forgets what came before
 * it; the other direction is not compared; one still to come is matched
 * as it goes by.  A kept segment whose frame the frames no longer keep is
 * passed over (not compared, counted by expect_gone()) and forgotten with
 * the rest at the next match; the segments after it still match.  The
 * peer's SYN-ACK, expected relative to a connection still SYN-SENT, is
 * matched as it goes by, before the engine has learned IRS from it.
 */
#include <stdlib.h>
#include <string.h>

#include "cli/obs/expect.h"
#include "cli/obs/frames.h"
#include "cli/run/session.h"
#include "core/pdn.h"
#include "core/seg.h"
#include "core/tcp.h"
#include "core/wire.h"
#include "tests/tap.h"

static struct session	s;

/*
 * Publish a frame of ours in dir as the data path does (its bytes,
 * decoded, and the segment when it is TCP or UDP) from a buffer of our
 * own, then spoil the buffer, as the capture reuses its frames.
 */
static void
publish(const struct seg *sg, enum run_dir dir)
{
	static const uint8_t	 mac[6] = { 2, 0, 0, 0, 0, 1 };
	static uint8_t		 b[8192];
	struct pkt		 p;
	struct seg		 d;
	struct run_ev		 ev;
	ssize_t			 n;

	seg_to_pkt(sg, &p, mac, mac);
	if ((n = wire_build(&p, 0, b, sizeof b, NULL, 0)) < 0)
		abort();
	(void)wire_decode(&p, WIRE_DLT_EN10MB, b, (size_t)n, (size_t)n);
	memset(&ev, 0, sizeof ev);
	ev.type = RUN_FRAME;
	ev.dir = dir;
	ev.frame = b;
	ev.len = (size_t)n;
	ev.pkt = &p;
	ev.seg = seg_from_pkt(&d, &p) == 0 ? &d : NULL;
	bus_publish(&s.bus, &ev);
	memset(b, 0xee, sizeof b);
	memset(&d, 0xee, sizeof d);
}

/* A segment (seq, flags PA or udp) between 10.0.0.1:1 and 10.0.0.2:2. */
static void
seg_init(struct seg *sg, uint8_t proto, uint32_t seq)
{
	memset(sg, 0, sizeof *sg);
	sg->proto = proto;
	sg->src.family = sg->dst.family = 4;
	sg->src.a[0] = sg->dst.a[0] = 10;
	sg->src.a[3] = 1;
	sg->dst.a[3] = 2;
	sg->th.sport = 1;
	sg->th.dport = 2;
	sg->th.flags = TH_ACK | TH_PUSH;
	sg->th.seq = seq;
	sg->th.win = 1000;
}

/*
 * Publish a TCP segment (seq) in dir with <nop,exp TAGx4,nop> when opts,
 * else <mss 1460>, and len bytes of payload of tag.
 */
static void
seg_len(uint32_t seq, int opts, unsigned tag, enum run_dir dir, size_t len)
{
	static uint8_t	 pl[4000];
	struct seg	 sg;
	struct tcp_opt	 o;
	uint8_t		 ob[4];

	seg_init(&sg, IPPROTO_TCP_, seq);
	memset(ob, (int)tag, sizeof ob);
	memset(pl, (int)tag, len);
	memset(&o, 0, sizeof o);
	if (opts) {
		o.kind = TCPOPT_NOP;
		o.len = 1;
		wire_tcpopt_add(&sg.th, &o);
		o.kind = TCPOPT_EXP2;
		o.len = 6;
		o.data = ob;
		wire_tcpopt_add(&sg.th, &o);
		o.kind = TCPOPT_NOP;
		o.len = 1;
		o.data = NULL;
		wire_tcpopt_add(&sg.th, &o);
	} else {
		o.kind = TCPOPT_MSS;
		o.len = 4;
		o.u.mss = 1460;
		wire_tcpopt_add(&sg.th, &o);
	}
	sg.data = pl;
	sg.len = len;
	publish(&sg, dir);
	memset(pl, 0xee, sizeof pl);
}

/* seg_len() with 5 bytes of payload. */
static void
seg(uint32_t seq, int opts, unsigned tag, enum run_dir dir)
{
	seg_len(seq, opts, tag, dir, 5);
}

/* Publish a UDP datagram in dir: a frame that is no TCP segment. */
static void
udp(enum run_dir dir)
{
	struct seg	sg;

	seg_init(&sg, IPPROTO_UDP_, 0);
	publish(&sg, dir);
}

/* Start expecting text (outbound when out); whether a kept one matched. */
static int
expect_dir(struct expect *x, const char *text, int out)
{
	static struct pdn_spec	spec;
	char			err[PDN_ERRLEN];

	if (pdn_parse(text, &spec, err, sizeof err) != 0) {
		printf("# %s\n", err);
		return (-1);
	}
	return (expect_start(x, &spec, out, 0));
}

/* Start expecting text inbound; whether a kept segment matched. */
static int
expect(struct expect *x, const char *text)
{
	return (expect_dir(x, text, 0));
}

/* The kept segments: their options' bytes and payload, the ring, direction. */
static void
test_kept(struct expect *x)
{
	unsigned	i;

	seg(100, 1, 0x11, RUN_IN);
	seg(105, 0, 0x22, RUN_IN);
	is_int(expect(x, "P. 100:105(5) <nop,exp 11111111,nop> payload "
	    "\"\\x11\\x11\\x11\\x11\\x11\""), 1,
	    "a segment seen before: its option bytes and payload are its "
	    "own, after its buffers were reused");
	expect_stop(x);
	is_int(expect(x, "P. 105:110(5) <mss 1460> payload "
	    "\"\\x22\\x22\\x22\\x22\\x22\""), 1,
	    "the next has its one option, not the three before it");
	expect_stop(x);
	is_int(expect(x, "P. 105:110(5)"), 0,
	    "a match forgets the segments up to it");
	is_int(expect_seen(x), 0, "nothing left to compare");
	is_int(expect_gone(x), 0, "nothing passed over");
	expect_stop(x);
	seg(110, 1, 0x33, RUN_OUT);
	is_int(expect(x, "P. 110:115(5)"), 0, "outbound is not inbound");
	seg(110, 1, 0x44, RUN_IN);
	ok(expect_matched(x), "a segment still to come matches as it goes by");
	expect_stop(x);
	ok(expect_dir(x, "P. 110:115(5) <nop,exp 33333333,nop>", 1) == 1,
	    "outbound kept apart, for an outbound expect");
	expect_stop(x);
	for (i = 0; i < EXPECT_RING + 1; i++) {
		seg(1000 + 5 * i, (int)(i % 2), 0x50 + i, RUN_IN);
		udp(RUN_IN);	/* not a TCP segment: not kept */
	}
	is_int(expect(x, "P. 1000:1005(5)"), 0,
	    "EXPECT_RING are kept: the oldest of one more is gone");
	is_int(expect_seen(x), EXPECT_RING, "EXPECT_RING compared");
	ok(strstr(expect_last(x), "1320:1325(5)") != NULL,
	    "the last compared is the newest: %s", expect_last(x));
	expect_stop(x);
	is_int(expect(x, "P. 1005:1010(5) <nop,exp 51515151,nop>"), 1,
	    "the oldest kept is the second");
	expect_stop(x);
	seg_len(2000, 0, 0x66, RUN_IN, 3000);
	is_int(expect(x, "P. 2000:5000(3000)"), 1,
	    "a kept segment has all its payload's length, as one still to "
	    "come");
	expect_stop(x);
}

/*
 * A kept segment whose frame the frames no longer keep: passed over and
 * said so; what came after it still matches, and a match forgets it.
 */
static void
test_gone(struct expect *x, struct frames *f)
{
	unsigned long	i;

	seg(3000, 0, 0x70, RUN_IN);
	for (i = 0; i < FRAMES_KEEP - 1; i++)
		udp(RUN_OUT);
	seg(3005, 0, 0x71, RUN_IN);
	is_int(expect(x, "P. 3000:3005(5)"), 0,
	    "one frame too many after it: the first is gone (kept from %lu)",
	    frames_first(f));
	is_int(expect_seen(x), 1, "the one kept is compared");
	is_int(expect_gone(x), 1, "the one gone is passed over, and counted");
	ok(strstr(expect_last(x), "3005:3010(5)") != NULL,
	    "the last compared is the one kept: %s", expect_last(x));
	expect_stop(x);
	is_int(expect(x, "P. 3005:3010(5) <mss 1460>"), 1,
	    "the one after it matches");
	expect_stop(x);
	is_int(expect(x, "P. 3000:3005(5)"), 0, "nothing left");
	is_int(expect_gone(x) + expect_seen(x), 0,
	    "the match forgot the one gone with the rest");
	expect_stop(x);
	seg(4000, 0, 0x72, RUN_IN);
	for (i = 0; i < FRAMES_KEEP; i++)
		udp(RUN_IN);
	is_int(expect(x, "P. 4000:4005(5)"), 0, "all gone: no match");
	ok(expect_seen(x) == 0 && expect_gone(x) == 1,
	    "none compared (%d), one passed over (%d)", expect_seen(x),
	    expect_gone(x));
	seg(4000, 0, 0x72, RUN_IN);
	ok(expect_matched(x), "the same segment, sent again, matches as it "
	    "goes by");
	expect_stop(x);
}

/*
 * `expect S. 0:0(0) ack 1` of a connection still SYN-SENT, the SYN-ACK
 * still to come: its sequence number is its own base (the peer's ISN),
 * the engine not having taken it yet when it goes by.
 */
static void
test_synack(struct expect *x)
{
	static struct pdn_spec	 spec;
	struct tcp_cfg		 cfg;
	struct tcp_status	 ts;
	struct endpoint		 l, r;
	struct seg		 sg;
	char			 err[PDN_ERRLEN > TCP_ERRLEN ? PDN_ERRLEN :
				     TCP_ERRLEN];
	unsigned		 conn;

	tcp_cfg_default(&cfg);
	s.st = stack_new(&cfg, 42);
	memset(&l, 0, sizeof l);
	memset(&r, 0, sizeof r);
	addr_parse(&l.addr, "10.0.0.1");
	addr_parse(&r.addr, "10.0.0.2");
	l.port = 1;
	r.port = 2;
	conn = tcp_connect(s.st, &l, &r, 1000 * TCP_SEC, err, sizeof err);
	ok(conn != 0 && tcp_status(s.st, conn, &ts) == 0 &&
	    ts.state == TCP_SYN_SENT, "a connection SYN-SENT");
	if (pdn_parse("S. 0:0(0) ack 1", &spec, err, sizeof err) != 0)
		abort();
	is_int(expect_start(x, &spec, 0, conn), 0, "no SYN-ACK seen yet");
	seg_init(&sg, IPPROTO_TCP_, 777777);
	sg.src = r.addr;
	sg.dst = l.addr;
	sg.th.sport = 2;
	sg.th.dport = 1;
	sg.th.flags = TH_SYN | TH_ACK;
	sg.th.ack = ts.iss + 1;
	publish(&sg, RUN_IN);
	ok(expect_matched(x), "the SYN-ACK matches as it goes by, relative to "
	    "its own seq before the engine knows IRS (%s)", expect_why(x));
	expect_stop(x);
	stack_free(s.st);
	s.st = NULL;
}

/*
 * A segment between 10.0.0.2:4000 (the peer) and 10.0.0.1:80, published
 * in dir (RUN_IN: from the peer); sg is left holding it.
 */
static void
lseg(struct seg *sg, enum run_dir dir, uint32_t seq, uint8_t flags,
    uint32_t ack)
{
	seg_init(sg, IPPROTO_TCP_, seq);
	addr_parse(dir == RUN_IN ? &sg->src : &sg->dst, "10.0.0.2");
	addr_parse(dir == RUN_IN ? &sg->dst : &sg->src, "10.0.0.1");
	sg->th.sport = dir == RUN_IN ? 4000 : 80;
	sg->th.dport = dir == RUN_IN ? 80 : 4000;
	sg->th.flags = flags;
	sg->th.ack = ack;
	sg->th.win = 1000;
	publish(sg, dir);
}

/*
 * A listener as the expectation's connection: its SYN matches relative to
 * its own seq, our SYN-ACK and the peer's ACK relative to the connection
 * the SYN opened (they matched only with --abs before).
 */
static void
test_listener(struct expect *x)
{
	static struct pdn_spec	 spec;
	struct tcp_cfg		 cfg;
	struct tcp_status	 ts;
	struct endpoint		 l;
	struct seg		 sg;
	char			 err[PDN_ERRLEN > TCP_ERRLEN ? PDN_ERRLEN :
				     TCP_ERRLEN];
	unsigned		 lis, child = 0, id;
	int			 ours;

	tcp_cfg_default(&cfg);
	s.st = stack_new(&cfg, 43);
	memset(&l, 0, sizeof l);
	addr_parse(&l.addr, "10.0.0.1");
	l.port = 80;
	lis = tcp_listen(s.st, &l, err, sizeof err);
	ok(lis != 0, "a listener");
	if (pdn_parse("S 0:0(0)", &spec, err, sizeof err) != 0)
		abort();
	is_int(expect_start(x, &spec, 0, lis), 0, "no SYN seen yet");
	lseg(&sg, RUN_IN, 555555, TH_SYN, 0);
	ok(expect_matched(x), "the peer's SYN matches relative to its own seq "
	    "(%s)", expect_why(x));
	expect_stop(x);
	stack_input(s.st, &sg, 1000);
	if ((id = stack_find(s.st, &sg, &ours)) != 0 && id != lis)
		child = id;
	ok(child != 0 && tcp_status(s.st, child, &ts) == 0 &&
	    ts.state == TCP_SYN_RECEIVED, "the SYN opened a connection");
	if (child == 0)
		return;
	if (pdn_parse("S. 0:0(0) ack 1", &spec, err, sizeof err) != 0)
		abort();
	(void)expect_start(x, &spec, 1, lis);
	lseg(&sg, RUN_OUT, ts.iss, TH_SYN | TH_ACK, 555556);
	ok(expect_matched(x), "our SYN-ACK matches relative to the connection "
	    "the SYN opened (%s)", expect_why(x));
	expect_stop(x);
	if (pdn_parse(". 1:1(0) ack 1", &spec, err, sizeof err) != 0)
		abort();
	(void)expect_start(x, &spec, 0, lis);
	lseg(&sg, RUN_IN, 555556, TH_ACK, ts.iss + 1);
	ok(expect_matched(x), "the peer's ACK too (%s)", expect_why(x));
	expect_stop(x);
	stack_free(s.st);
	s.st = NULL;
}

int
main(void)
{
	struct frames	*f = frames_new(&s);
	struct expect	*x = expect_new(&s, f);

	test_kept(x);
	test_gone(x, f);
	test_synack(x);
	test_listener(x);
	expect_free(x);
	frames_free(f);
	return (done_testing());
}
