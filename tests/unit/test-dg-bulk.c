/*
 * tests/unit/test-dg-bulk.c - the session's diagram under a bulk receive
 * (issue 14): 600,000 segments of one conversation, the peer's data and
 * our ACKs, recorded in linear time.  Each segment we sent used to walk
 * every item of its conversation looking for a released step-held arrow
 * (dg_released), so a 100 MB receive spent half of tcpx's CPU there.
 *
 * No clock is read: the run has a CPU-time limit (RLIMIT_CPU), and the
 * kernel's SIGXCPU fails the test.  The limit is generous both ways: the
 * linear code needs well under a second here (under ASan a few), while
 * the walk is ~6e10 item visits over 29 MB of items (17 s of CPU for half as many here).
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/resource.h>

#include "cli/diagram/diagram.h"
#include "tests/tap.h"
#include "tests/unit/unitfix.h"

#define CPU_LIMIT	20	/* seconds of CPU */
#define DATA_SEGS	400000	/* the peer's, 1448 bytes each */

static struct endpoint	ep[2];

/* The CPU limit was reached: fail (a plan of one, this check). */
static void
over(int sig)
{
	static const char msg[] = "not ok 1 - 600,000 segments recorded within "
	    "the CPU limit (SIGXCPU: quadratic?)\n1..1\n";

	(void)sig;
	(void)write(1, msg, sizeof msg - 1);
	_exit(1);
}

/* A segment from end `from` (0: us, 10.0.0.1:5001; 1: the peer). */
static struct seg
mkseg(int from, uint16_t flags, uint32_t seq, uint32_t ack, size_t len)
{
	return (unitfix_seg(ep, from, flags, seq, ack, len, 65535));
}

int
main(void)
{
	struct rlimit	 rl = { CPU_LIMIT, CPU_LIMIT + 5 };
	struct dg	*d = dg_new();
	struct seg	 s;
	uint64_t	 now = 1700000000ULL * 1000000;
	uint32_t	 a = 1000, b = 5000;
	unsigned	 i, conv = 0;

	signal(SIGXCPU, over);
	setrlimit(RLIMIT_CPU, &rl);
	if (addr_parse(&ep[0].addr, "10.0.0.1") != 0 ||
	    addr_parse(&ep[1].addr, "10.0.0.2") != 0)
		return (1);
	ep[0].port = 5001;
	ep[1].port = 40000;
	dg_set_keep(d, 1000);	/* as a live session */
	s = mkseg(1, TH_SYN, b, 0, 0);
	dg_add_seg(d, &s, now, DG_DIR_IN);
	s = mkseg(0, TH_SYN | TH_ACK, a, b + 1, 0);
	dg_add_seg(d, &s, now += 10, DG_DIR_OUT);
	b++;
	a++;
	for (i = 0; i < DATA_SEGS; i++) {
		s = mkseg(1, TH_ACK, b, a, 1448);
		conv = dg_add_seg(d, &s, now += 3, DG_DIR_IN);
		b += 1448;
		if (i % 2 == 1) {	/* delayed ACK: one for two */
			s = mkseg(0, TH_ACK, a, b, 0);
			dg_add_seg(d, &s, now += 1, DG_DIR_OUT);
		}
	}
	ok(conv != 0 && dg_things(d) >= DATA_SEGS + DATA_SEGS / 2,
	    "600,000 segments recorded within the CPU limit (%llu things)",
	    (unsigned long long)dg_things(d));
	dg_free(d);
	return (done_testing());
}
