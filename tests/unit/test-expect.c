/*
 * tests/unit/test-expect.c - what `expect` matches against (cli/obs/
 * expect.c): the TCP segments of each direction seen since the last
 * match, kept as copies.  A segment seen before the expect is matched
 * with its own options' bytes and payload even after the frame it came
 * in is gone; a segment with fewer options than the one before it in
 * the ring has just its own; the ring keeps EXPECT_RING per direction;
 * a match forgets what came before it; the other direction is not
 * compared; one still to come is matched as it goes by.
 */
#include <stdlib.h>
#include <string.h>

#include "cli/obs/expect.h"
#include "cli/run/session.h"
#include "core/pdn.h"
#include "core/wire.h"
#include "tests/tap.h"

static struct session	s;

/*
 * Publish a TCP segment (seq, flags) in dir from buffers of our own,
 * with an experimental option of 4 bytes of tag when opts, and 5 bytes
 * of payload of tag; then spoil the buffers, as the capture reuses its
 * frames.
 */
static void
seg(uint32_t seq, int opts, unsigned tag, enum run_dir dir)
{
	struct seg	 sg;
	struct tcp_opt	 o;
	struct run_ev	 ev;
	uint8_t		 ob[4], pl[5];

	memset(&sg, 0, sizeof sg);
	sg.proto = IPPROTO_TCP_;
	sg.th.flags = TH_ACK | TH_PUSH;
	sg.th.seq = seq;
	sg.th.win = 1000;
	memset(ob, (int)tag, sizeof ob);
	memset(pl, (int)tag, sizeof pl);
	memset(&o, 0, sizeof o);
	o.kind = TCPOPT_NOP;
	o.len = 1;
	wire_tcpopt_add(&sg.th, &o);
	if (opts) {
		o.kind = TCPOPT_EXP2;
		o.len = 6;
		o.data = ob;
		wire_tcpopt_add(&sg.th, &o);
		o.kind = TCPOPT_NOP;
		o.len = 1;
		o.data = NULL;
		wire_tcpopt_add(&sg.th, &o);
	}
	sg.data = pl;
	sg.len = sizeof pl;
	memset(&ev, 0, sizeof ev);
	ev.type = RUN_FRAME;
	ev.dir = dir;
	ev.seg = &sg;
	bus_publish(&s.bus, &ev);
	memset(ob, 0xee, sizeof ob);
	memset(pl, 0xee, sizeof pl);
	memset(&sg, 0xee, sizeof sg);
}

/* Start expecting text (outbound when out); whether a kept one matched. */
static int
expect_dir(struct expect *x, const char *text, int out)
{
	struct pdn_spec	spec;
	char		err[PDN_ERRLEN];

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

int
main(void)
{
	struct expect	*x = expect_new(&s);
	unsigned	 i;

	seg(100, 1, 0x11, RUN_IN);
	seg(105, 0, 0x22, RUN_IN);
	is_int(expect(x, "P. 100:105(5) <nop,exp 11111111,nop> payload "
	    "\"\\x11\\x11\\x11\\x11\\x11\""), 1,
	    "a segment seen before: its option bytes and payload are its "
	    "own, after its frame is gone");
	expect_stop(x);
	is_int(expect(x, "P. 105:110(5) <nop> payload "
	    "\"\\x22\\x22\\x22\\x22\\x22\""), 1,
	    "the next has its one option, not the three before it");
	expect_stop(x);
	is_int(expect(x, "P. 105:110(5)"), 0,
	    "a match forgets the segments up to it");
	is_int(expect_seen(x), 0, "nothing left to compare");
	expect_stop(x);
	seg(110, 1, 0x33, RUN_OUT);
	is_int(expect(x, "P. 110:115(5)"), 0, "outbound is not inbound");
	seg(110, 1, 0x44, RUN_IN);
	ok(expect_matched(x), "a segment still to come matches as it goes by");
	expect_stop(x);
	ok(expect_dir(x, "P. 110:115(5) <nop,exp 33333333,nop>", 1) == 1,
	    "outbound kept apart, for an outbound expect");
	expect_stop(x);
	for (i = 0; i < EXPECT_RING + 1; i++)
		seg(1000 + 5 * i, (int)(i % 2), 0x50 + i, RUN_IN);
	is_int(expect(x, "P. 1000:1005(5)"), 0,
	    "EXPECT_RING are kept: the oldest of one more is gone");
	is_int(expect_seen(x), EXPECT_RING, "EXPECT_RING compared");
	ok(strstr(expect_last(x), "1320:1325(5)") != NULL,
	    "the last compared is the newest: %s", expect_last(x));
	expect_stop(x);
	is_int(expect(x, "P. 1005:1010(5) <nop,exp 51515151,nop>"), 1,
	    "the oldest kept is the second");
	expect_free(x);
	return (done_testing());
}
