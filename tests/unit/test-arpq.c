/*
 * tests/unit/test-arpq.c - the ARP queue (cli/run/arpq.c) in virtual time:
 * frames wait per address in order, requests are repeated at 250 ms and
 * then every second, frames are given up after 3 s, the bounds drop and
 * count what does not fit, and a closed connection's frames go with it.
 */
#include <stdio.h>
#include <string.h>

#include "cli/run/arpq.h"
#include "tests/tap.h"

/* Address n of 10.0.0.0/24. */
static struct addr *
mkaddr(struct addr *a, int n)
{
	char	buf[32];

	snprintf(buf, sizeof buf, "10.0.0.%d", n);
	addr_parse(a, buf);
	return (a);
}

int
main(void)
{
	struct arpq		*q = arpq_new();
	struct arpq_frame	*f;
	struct arpq_stats	 st;
	struct addr		 a, b, c, got;
	struct segmeta		 m1, m2;
	uint8_t			 frame[64];
	unsigned		 dropped;
	int			 i, rc, full;

	memset(frame, 0, sizeof frame);
	frame[20] = 1;
	is_int(arpq_add(q, mkaddr(&a, 2), frame, sizeof frame, NULL, 0),
	    1, "a new address: ask now");
	frame[20] = 2;
	is_int(arpq_add(q, &a, frame, sizeof frame, NULL, 10), 0,
	    "the same address: already asked");
	ok(arpq_pending(q, &a), "it is being resolved");
	ok(arpq_deadline(q) == ARPQ_FIRST, "the first repeat at 250 ms");
	is_int(arpq_due(q, ARPQ_FIRST - 1, &got, &dropped), ARPQ_NOTHING,
	    "nothing due before");
	is_int(arpq_due(q, ARPQ_FIRST, &got, &dropped), ARPQ_ASK,
	    "at 250 ms: ask again");
	ok(addr_eq(&got, &a), "for that address");
	ok(arpq_deadline(q) == ARPQ_FIRST + ARPQ_RETRY, "then a second later");
	f = arpq_take(q, &a);
	ok(f != NULL && f->data[20] == 1 && f->len == sizeof frame,
	    "resolved: the first frame first");
	arpq_frame_free(f);
	f = arpq_take(q, &a);
	ok(f != NULL && f->data[20] == 2, "then the second");
	arpq_frame_free(f);
	ok(arpq_take(q, &a) == NULL && !arpq_pending(q, &a),
	    "none left: the address is forgotten");

	arpq_add(q, mkaddr(&b, 9), frame, sizeof frame, NULL, 1000);
	is_int(arpq_due(q, 500, &got, &dropped), ARPQ_NOTHING,
	    "a time before the frame came is not 3 s after it");
	arpq_add(q, &b, frame, sizeof frame, NULL, 2000);
	is_int(arpq_due(q, 1000 + ARPQ_GIVEUP, &got, &dropped), ARPQ_GAVE_UP,
	    "no answer after 3 s: given up");
	ok(addr_eq(&got, &b) && dropped == 2, "both frames for it dropped");
	ok(!arpq_pending(q, &b), "and the address forgotten");

	is_int(arpq_add(q, &a, NULL, 0, NULL, 0), 1,
	    "resolving without a frame: ask");
	ok(arpq_take(q, &a) == NULL && !arpq_pending(q, &a),
	    "resolved: nothing to send, forgotten");

	for (i = 0, full = 0; i < ARPQ_PER_ADDR + 1; i++)
		full += arpq_add(q, &a, frame, sizeof frame, NULL, 0) == -1;
	is_int(full, 1, "bound: %d frames per address", ARPQ_PER_ADDR);
	for (i = 0, full = 0; i < ARPQ_ADDRS; i++) {
		rc = arpq_add(q, mkaddr(&b, 10 + i), frame, sizeof frame, NULL,
		    0);
		full += rc == -1;
	}
	is_int(full, 1, "bound: %d addresses at once", ARPQ_ADDRS);
	ok(arpq_addr(q, ARPQ_ADDRS - 1) != NULL && arpq_addr(q, ARPQ_ADDRS) ==
	    NULL, "the addresses can be walked");
	f = arpq_take(q, mkaddr(&b, 10));
	arpq_frame_free(f);
	ok(arpq_take(q, &b) == NULL, "a middle address taken and forgotten");
	f = arpq_take(q, mkaddr(&b, 10 + ARPQ_ADDRS - 2));
	ok(f != NULL, "the one moved into its place keeps its frame");
	arpq_frame_free(f);
	arpq_stats(q, &st);
	ok(st.full == 2 && st.expired == 2 && st.sent == 4,
	    "counted: %lu full, %lu expired, %lu sent", st.full, st.expired,
	    st.sent);
	ok(st.waiting == ARPQ_PER_ADDR + ARPQ_ADDRS - 3,
	    "and %lu frames still waiting", st.waiting);
	arpq_free(q);	/* with frames in it: ASan checks */

	/* A connection that closes leaves nothing asked for on its behalf. */
	q = arpq_new();
	memset(&m1, 0, sizeof m1);
	memset(&m2, 0, sizeof m2);
	m1.conn = 1;
	m2.conn = 2;
	arpq_add(q, mkaddr(&a, 9), frame, sizeof frame, &m1, 0);
	arpq_add(q, &a, frame, sizeof frame, &m1, 1000000);
	arpq_add(q, mkaddr(&b, 8), frame, sizeof frame, &m1, 0);
	frame[20] = 7;
	arpq_add(q, &b, frame, sizeof frame, &m2, 0);
	arpq_add(q, mkaddr(&got, 7), NULL, 0, NULL, 0);
	arpq_add(q, &got, frame, sizeof frame, &m1, 0);
	is_int(arpq_drop_conn(q, 1), 4, "c1 closed: its 4 frames dropped");
	ok(!arpq_pending(q, &a), "an address only c1 waited for: not asked for "
	    "any more");
	ok(arpq_pending(q, &got), "an address asked for itself stays asked "
	    "for (10.0.0.7)");
	ok(arpq_pending(q, &b), "one c2 still waits for stays (10.0.0.8)");
	for (i = 0, rc = 0; arpq_due(q, ARPQ_GIVEUP, &c, &dropped) ==
	    ARPQ_GAVE_UP; i++)
		rc += dropped;
	ok(i == 2 && rc == 1, "later, the two give up, with c2's one frame "
	    "(%d, %d)", i, rc);
	arpq_stats(q, &st);
	ok(st.orphaned == 4 && st.waiting == 0,
	    "counted: %lu orphaned, %lu waiting", st.orphaned, st.waiting);
	arpq_free(q);
	return (done_testing());
}
