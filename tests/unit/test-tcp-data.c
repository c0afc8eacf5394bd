/*
 * tests/unit/test-tcp-data.c - data transfer in ESTABLISHED: PAWS and
 * TS.Recent (RFC 7323 §4.3, §5), window scaling (RFC 7323 §2), receiver
 * silly window avoidance (RFC 9293 §3.8.6.2.2), reassembly of every
 * permutation of small segment sets with the SACK blocks of each duplicate
 * ACK (RFC 2018 §4), fast retransmit (RFC 5681 §3.2), SACK-aware
 * retransmission, the send buffer limit, sequence numbers across 2^32, and
 * buffers that empty again and again in a bulk transfer reusing one
 * allocation (issue 14).
 */
#include "tests/unit/tcpfix.h"

static struct tcp_cfg plain;

static void	test_paws(void);
static void	test_wscale(void);
static void	test_rcv_sws(void);
static void	test_reasm_perms(void);
static void	test_fast_retransmit(void);
static void	test_sack_retransmit(void);
static void	test_sndbuf(void);
static void	test_wrap(void);
static void	test_buf_reuse(void);

static void	fix_established_tsval(struct fix *, const struct tcp_cfg *,
		    bool, bool, int, uint32_t);

/*
 * ESTABLISHED with the options in c negotiated by a SYN-ACK carrying MSS
 * 1460, and TS (peer clock f->peer_tsval), SACK-permitted and window scale
 * `shift` when asked.
 */
static void
fix_established_opts(struct fix *f, const struct tcp_cfg *c, bool ts,
    bool sack, int shift)
{
	fix_established_tsval(f, c, ts, sack, shift, 0);
}

/* The same, with the peer's clock starting at tsval (0: the default). */
static void
fix_established_tsval(struct fix *f, const struct tcp_cfg *c, bool ts,
    bool sack, int shift, uint32_t tsval)
{
	struct seg		s;
	const struct tcp_opt	*o;

	fix_syn_sent(f, c);
	if (tsval != 0)
		f->peer_tsval = tsval;
	s = fix_seg(f, TH_SYN | TH_ACK, f->snd, f->iss + 1, NULL, 0);
	fix_opt_mss(&s, 1460);
	if (sack)
		fix_opt_sackok(&s);
	if (ts) {
		o = wire_tcpopt_find(&f->out.th, TCPOPT_TIMESTAMP);
		fix_opt_ts(&s, f->peer_tsval, o != NULL ? o->u.ts.val : 0);
	}
	if (shift >= 0)
		fix_opt_ws(&s, (uint8_t)shift);
	fix_put(f, &s);
	f->snd++;
	f->peer_ts = ts;
	fix_drain(f);
	fix_ev_clear(f);
	fix_reached(f, TCP_ESTABLISHED, "ESTABLISHED with options");
}

/* RFC 7323 §5: PAWS, and §4.3: which segments update TS.Recent. */
static void
test_paws(void)
{
	struct fix		 f = { 0 };
	struct tcp_cfg		 c = plain;
	struct seg		 s;
	const struct tcp_opt	*o;
	uint32_t		 recent;

	c.opt_ts = true;
	fix_established_opts(&f, &c, true, false, -1);
	ok(fix_status(&f).ts_ok, "PAWS: timestamps negotiated");
	recent = fix_status(&f).ts_recent;
	is_int(recent, f.peer_tsval - 1, "PAWS: TS.Recent from the SYN-ACK");

	/* In order, newer TSval: accepted, TS.Recent advances, echoed. */
	f.peer_tsval = recent + 100;
	fix_peer_send(&f, TH_PUSH, "abc", 3);
	EXPECT_OUT(&f, TH_ACK, f.iss + 1, f.snd, 0, "PAWS: newer TSval: data "
	    "acknowledged");
	EXPECT_WHY(&f, TCP_CAUSE_DATA_RCVD, false, "PAWS: ... that ACK is "
	    "for the data");
	{
		const struct tcp_event *ev = EXPECT_CAUSE(&f, TEV_DATA,
		    TCP_CAUSE_DATA_RCVD, "RFC 9293 §3.10.7.4", "data: the "
		    "data event's cause, §3.10.7.4");
		ok(ev != NULL && ev->has_seq && ev->seq == f.snd - 3 &&
		    ev->len == 3, "data: ... with the segment's SEQ and 3 "
		    "bytes");
	}
	o = wire_tcpopt_find(&f.out.th, TCPOPT_TIMESTAMP);
	ok(o != NULL && o->u.ts.ecr == recent + 100, "PAWS: the ACK echoes the "
	    "new TSval (TSecr %u)", o ? o->u.ts.ecr : 0);
	is_int(fix_status(&f).ts_recent, recent + 100, "PAWS: TS.Recent "
	    "updated");

	/* Old TSval: dropped, ACK sent, data not delivered. */
	s = fix_seg(&f, TH_ACK | TH_PUSH, f.snd, f.rcv, "old", 3);
	s.th.opt[0].u.ts.val = recent + 50;
	fix_put(&f, &s);
	EXPECT_OUT(&f, TH_ACK, f.iss + 1, f.snd, 0, "PAWS: TSval older than "
	    "TS.Recent: dropped with an ACK (RFC 7323 §5.3 R1)");
	EXPECT_WHY(&f, TCP_CAUSE_PAWS, false, "PAWS: ... that ACK's cause is "
	    "PAWS");
	EXPECT_CAUSE(&f, TEV_DISCARD, TCP_CAUSE_PAWS, "RFC 7323 §5.3",
	    "PAWS: the discard's cause, RFC 7323 §5.3");
	is_int(fix_status(&f).readable, 3, "PAWS: ... its data not delivered");
	ok(fix_ev_seen(&f, TEV_DISCARD, f.conn, "PAWS"), "PAWS: the drop is "
	    "reported");
	is_int(fix_status(&f).ts_recent, recent + 100, "PAWS: TS.Recent "
	    "unchanged by the old segment");

	/* Equal TSval is fine (same clock tick). */
	s = fix_seg(&f, TH_ACK | TH_PUSH, f.snd, f.rcv, "eq", 2);
	s.th.opt[0].u.ts.val = recent + 100;
	fix_put(&f, &s);
	f.snd += 2;
	EXPECT_OUT(&f, TH_ACK, f.iss + 1, f.snd, 0, "PAWS: equal TSval "
	    "accepted");

	/* Out of order, newer TSval: held, but TS.Recent not updated (§4.3). */
	s = fix_seg(&f, TH_ACK | TH_PUSH, f.snd + 10, f.rcv, "ooo", 3);
	s.th.opt[0].u.ts.val = recent + 500;
	fix_put(&f, &s);
	fix_drain(&f);
	is_int(fix_status(&f).ts_recent, recent + 100, "PAWS: an out-of-order "
	    "segment (SEG.SEQ > Last.ACK.sent) does not update TS.Recent");

	/* RST with an old TSval is not subject to PAWS. */
	s = fix_seg(&f, TH_RST, f.snd, 0, NULL, 0);
	fix_opt_ts(&s, recent - 1000, 0);
	fix_put(&f, &s);
	EXPECT_STATE(&f, TCP_CLOSED, "PAWS: a RST at RCV.NXT with an old TSval "
	    "still resets (R1: \"RST bit is not set\")");
	fix_free(&f);

	/* TSval wrapping around 2^32 is newer, not older. */
	fix_established_tsval(&f, &c, true, false, -1, 0xfffffff0u);
	f.peer_tsval = 0x10;
	fix_peer_send(&f, TH_PUSH, "w", 1);
	EXPECT_OUT(&f, TH_ACK, f.iss + 1, f.snd, 0, "PAWS: TSval 0x10 after "
	    "0xfffffff0 is newer (modulo 2^32)");
	is_int(fix_status(&f).ts_recent, 0x10, "PAWS: TS.Recent wraps");
	fix_free(&f);

	/* After 24 days idle TS.Recent is no longer valid (RFC 7323 §5.5). */
	fix_established_opts(&f, &c, true, false, -1);
	recent = fix_status(&f).ts_recent;
	f.now += 25ULL * 86400 * TCP_SEC;
	s = fix_seg(&f, TH_ACK | TH_PUSH, f.snd, f.rcv, "late", 4);
	s.th.opt[0].u.ts.val = recent - 5;
	fix_put(&f, &s);
	f.snd += 4;
	EXPECT_OUT(&f, TH_ACK, f.iss + 1, f.snd, 0, "PAWS: after 25 idle days "
	    "an old TSval is accepted");
	fix_free(&f);
}

/* RFC 7323 §2: window scaling both ways. */
static void
test_wscale(void)
{
	struct fix		 f = { 0 };
	struct tcp_cfg		 c = plain;
	char			 err[TCP_ERRLEN];
	static char		 buf[4000];

	c.opt_wscale = true;
	c.wscale = 7;
	c.rcv_buf = 131072;
	fix_established_opts(&f, &c, false, false, 3);
	is_int(fix_status(&f).snd_wscale, 3, "wscale: peer shift 3");
	f.win = 365;
	FEED(&f, TH_ACK, f.snd, f.iss + 1, NULL, 0);
	is_int(fix_status(&f).snd_wnd, 2920, "wscale: window field 365 << 3 = "
	    "2920 bytes");
	memset(buf, 'w', sizeof buf);
	tcp_send(f.st, f.conn, buf, sizeof buf, f.now, err, sizeof err);
	EXPECT_SEG(&f, TH_ACK, f.iss + 1, f.snd, 1460, "wscale: first segment");
	EXPECT_WHY(&f, TCP_CAUSE_SEND, false, "wscale: ... new data, cause "
	    "send");
	EXPECT_SEG(&f, TH_ACK, f.iss + 1461, f.snd, 1460, "wscale: second "
	    "segment, inside the scaled window (the field says 365)");
	EXPECT_NOTHING(&f, "wscale: nothing beyond the scaled window");
	/* Our window: 131071 free bytes with shift 7 -> 1024 (rounded up). */
	fix_peer_send(&f, TH_PUSH, "x", 1);
	EXPECT_OUT(&f, TH_ACK, f.iss + 2921, f.snd, 0, "wscale: ACK");
	is_int(f.out.th.win, 1024, "wscale: our window field is 131071 free "
	    "bytes >> 7, rounded up so the right edge never moves left");
	fix_free(&f);
}

/* RFC 9293 §3.8.6.2.2: the receiver opens its window in MSS-sized steps. */
static void
test_rcv_sws(void)
{
	struct fix	 f = { 0 };
	struct tcp_cfg	 c = plain;
	char		 buf[4000];

	c.rcv_buf = 4000;
	fix_in_state(&f, &c, TCP_ESTABLISHED);
	fix_peer_send(&f, 0, NULL, 1460);
	EXPECT_OUT(&f, TH_ACK, f.iss + 1, f.snd, 0, "rcv SWS: 1460 bytes "
	    "acknowledged");
	is_int(f.out.th.win, 4000 - 1460, "rcv SWS: window 2540 left");
	fix_peer_send(&f, 0, NULL, 1460);
	fix_peer_send(&f, 0, NULL, 1080);
	fix_drain(&f);
	is_int(f.out.th.win, 0, "rcv SWS: buffer full, window 0");
	is_int(tcp_recv(f.st, f.conn, buf, 100, f.now), 100, "rcv SWS: read "
	    "100 bytes");
	EXPECT_NOTHING(&f, "rcv SWS: 100 free bytes are not announced");
	/* A window probe now gets the same zero window. */
	FEED(&f, TH_ACK, f.snd - 1, f.rcv, NULL, 0);
	EXPECT_OUT(&f, TH_ACK, f.iss + 1, f.snd, 0, "rcv SWS: a probe is "
	    "answered");
	EXPECT_WHY(&f, TCP_CAUSE_OUT_OF_WINDOW, false, "rcv SWS: ... as "
	    "outside the zero window, not as a keepalive");
	is_int(f.out.th.win, 0, "rcv SWS: ... still with window 0, not 100");
	is_int(tcp_recv(f.st, f.conn, buf, 1360, f.now), 1360, "rcv SWS: read "
	    "1360 more (1460 free)");
	EXPECT_OUT(&f, TH_ACK, f.iss + 1, f.snd, 0, "rcv SWS: a full MSS free: "
	    "window update sent");
	EXPECT_WHY(&f, TCP_CAUSE_USER_RECEIVE, false, "rcv SWS: ... because "
	    "RECEIVE freed the room");
	is_int(f.out.th.win, 1460, "rcv SWS: announcing 1460");
	fix_free(&f);
}

/* One segment of a reassembly set: [off, off + len), FIN after it if fin. */
struct piece {
	uint32_t	off;
	uint32_t	len;
	bool		fin;
};

/* Advance a to the next permutation (lexicographic); false after the last. */
static bool
next_perm(int *a, int n)
{
	int	i = n - 2, j, t;

	while (i >= 0 && a[i] >= a[i + 1])
		i--;
	if (i < 0)
		return (false);
	for (j = n - 1; a[j] <= a[i]; j--)
		;
	t = a[i];
	a[i] = a[j];
	a[j] = t;
	for (i++, j = n - 1; i < j; i++, j--) {
		t = a[i];
		a[i] = a[j];
		a[j] = t;
	}
	return (true);
}

/*
 * Feed the pieces in order perm[] to a fresh SACK connection; after each,
 * check the ACK (RCV.NXT = the contiguous prefix) and its SACK blocks (the
 * held data exactly; the first block holding the segment just received).
 * Returns an empty string, or what went wrong first.
 */
static const char *
reasm_run(const struct piece *pc, int n, const int *perm, const uint8_t *stream,
    uint32_t total, bool fin)
{
	static char	 err[160];
	struct fix	 f = { 0 };
	struct tcp_cfg	 c = plain;
	uint8_t		 have[512], got[600];
	uint32_t	 base, prefix, i, j;
	int		 k, b, nblk;
	const struct tcp_opt *o;

	c.opt_sack = true;
	err[0] = '\0';
	memset(have, 0, sizeof have);
	fix_established_opts(&f, &c, false, true, -1);
	base = f.snd;
	for (k = 0; k < n && err[0] == '\0'; k++) {
		const struct piece *p = &pc[perm[k]];
		struct seg s = fix_seg(&f, TH_ACK | (p->fin ? TH_FIN : 0),
		    base + p->off, f.rcv, stream + p->off, p->len);
		fix_put(&f, &s);
		for (i = p->off; i < p->off + p->len; i++)
			have[i] = 1;
		if (p->fin)
			have[total] = 1;
		for (prefix = 0; prefix <= total && have[prefix]; prefix++)
			;
		if (!fix_take(&f) || f.out.th.flags != TH_ACK ||
		    f.out.th.ack != base + prefix) {
			snprintf(err, sizeof err, "after piece %d: want ACK "
			    "%u, "
			    "got %s "
			    "%u", perm[k], prefix, f.out.th.flags ? "ACK" :
			    "nothing", f.out.th.ack - base);
			break;
		}
		/* The SACK blocks: exactly the held ranges. */
		o = wire_tcpopt_find(&f.out.th, TCPOPT_SACK);
		nblk = 0;
		for (i = prefix; i < total; i++)
			if (have[i] && (i == prefix || !have[i - 1]))
				nblk++;
		if (nblk == 0 && o != NULL) {
			snprintf(err, sizeof err, "after piece %d: SACK option "
			    "with nothing held", perm[k]);
			break;
		}
		if (nblk > 0 && (o == NULL || o->u.sack.n != nblk)) {
			snprintf(err, sizeof err, "after piece %d: want %d "
			    "SACK "
			    "blocks, got "
			    "%d", perm[k], nblk, o ? o->u.sack.n : 0);
			break;
		}
		for (b = 0; nblk > 0 && b < o->u.sack.n; b++) {
			uint32_t l = o->u.sack.blk[b].left - base;
			uint32_t r = o->u.sack.blk[b].right - base;
			bool good = l < r && r <= total && l > prefix &&
			    !have[l - 1] && (r == total || !have[r]);
			for (j = l; good && j < r; j++)
				good = have[j];
			if (!good) {
				snprintf(err, sizeof err, "after piece %d: "
				    "SACK "
				    "block %d [%u,%u) is not a held range",
				    perm[k], b, l, r);
				break;
			}
		}
		if (err[0] == '\0' && nblk > 0 && p->off + p->len > prefix &&
		    p->len > 0) {
			uint32_t l = o->u.sack.blk[0].left - base;
			uint32_t r = o->u.sack.blk[0].right - base;
			uint32_t s0 = p->off > prefix ? p->off : prefix;
			if (!(l <= s0 && p->off + p->len <= r))
				snprintf(err, sizeof err, "after piece %d: "
				    "first "
				    "SACK block [%u,%u) does not hold it "
				    "(RFC 2018 §4)", perm[k], l, r);
		}
		if (err[0] == '\0' && fix_take(&f))
			snprintf(err, sizeof err, "after piece %d: more than "
			    "one segment", perm[k]);
	}
	if (err[0] == '\0') {
		size_t r = tcp_recv(f.st, f.conn, got, sizeof got, f.now);
		if (r != total || memcmp(got, stream, total) != 0)
			snprintf(err, sizeof err, "delivered %zu bytes, want "
			    "%u "
			    "byte-exact", r, total);
		else if (fix_status(&f).ooo != 0)
			snprintf(err, sizeof err, "%zu bytes still held",
			    fix_status(&f).ooo);
		else if (fin && fix_state_of(&f, f.conn) != TCP_CLOSE_WAIT)
			snprintf(err, sizeof err, "FIN not processed: %s",
			    tcp_state_name(fix_state_of(&f, f.conn)));
		else if (!fin && fix_state_of(&f, f.conn) != TCP_ESTABLISHED)
			snprintf(err, sizeof err, "state %s",
			    tcp_state_name(fix_state_of(&f, f.conn)));
	}
	fix_free(&f);
	return (err);
}

/* Run every order of a piece set; one check, with the failing orders shown. */
static void
reasm_set(const char *name, const struct piece *pc, int n, uint32_t total,
    bool fin)
{
	uint8_t		 stream[512];
	int		 perm[8], i, orders = 0, bad = 0;
	const char	*err;
	uint32_t	 k;

	for (k = 0; k < total; k++)
		stream[k] = (uint8_t)(k * 7 + 3);
	for (i = 0; i < n; i++)
		perm[i] = i;
	do {
		orders++;
		err = reasm_run(pc, n, perm, stream, total, fin);
		if (err[0] != '\0') {
			if (bad++ < 3) {
				printf("# %s: order", name);
				for (i = 0; i < n; i++)
					printf(" %d", perm[i]);
				printf(": %s\n", err);
			}
		}
	} while (next_perm(perm, n));
	ok(bad == 0, "reassembly, %s: all %d orders delivered byte-exact with "
	    "the right ACK and SACK blocks each time (%d failed)", name, orders,
	    bad);
}

/* Every permutation of small segment sets through the engine. */
static void
test_reasm_perms(void)
{
	static const struct piece five[] = {
		{ 0, 100, false }, { 100, 100, false }, { 200, 100, false },
		{ 300, 100, false }, { 400, 100, false } };
	static const struct piece overlap[] = {
		{ 0, 150, false }, { 100, 150, false }, { 250, 50, false },
		{ 280, 120, false } };
	static const struct piece withfin[] = {
		{ 0, 100, false }, { 100, 100, false }, { 200, 100, false },
		{ 300, 100, true } };

	reasm_set("5 segments of 100 bytes", five, 5, 500, false);
	reasm_set("4 overlapping segments", overlap, 4, 400, false);
	reasm_set("4 segments, FIN on the last", withfin, 4, 400, true);
}

/* RFC 5681 §3.2: the third duplicate ACK retransmits at once. */
static void
test_fast_retransmit(void)
{
	struct fix	 f = { 0 };
	char		 err[TCP_ERRLEN];
	static char	 buf[5 * 1460];
	int		 i;

	fix_in_state(&f, &plain, TCP_ESTABLISHED);
	memset(buf, 'f', sizeof buf);
	tcp_send(f.st, f.conn, buf, sizeof buf, f.now, err, sizeof err);
	is_int(fix_drain(&f), 5, "fast retransmit: 5 segments sent (IW 10)");
	f.now += 10 * TCP_MS;
	FEED(&f, TH_ACK, f.snd, f.iss + 1 + 1460, NULL, 0);
	EXPECT_NOTHING(&f, "fast retransmit: first segment acked");
	for (i = 0; i < 2; i++)
		FEED(&f, TH_ACK, f.snd, f.iss + 1 + 1460, NULL, 0);
	EXPECT_NOTHING(&f, "fast retransmit: 2 duplicate ACKs: nothing yet");
	FEED(&f, TH_ACK, f.snd, f.iss + 1 + 1460, NULL, 0);
	EXPECT_SEG(&f, TH_ACK, f.iss + 1 + 1460, f.snd, 1460, "fast "
	    "retransmit: "
	    "the 3rd duplicate ACK retransmits SND.UNA at once");
	EXPECT_WHY(&f, TCP_CAUSE_FAST_RETRANSMIT, true, "fast retransmit: ... "
	    "a resend, cause fast-retransmit");
	{
		const struct tcp_event *ev = EXPECT_CAUSE(&f, TEV_NOTE,
		    TCP_CAUSE_FAST_RETRANSMIT, "RFC 5681 §3.2", "fast "
		    "retransmit: the note's cause, RFC 5681 §3.2");
		ok(ev != NULL && ev->seq == f.iss + 1 + 1460 && ev->count == 3,
		    "fast retransmit: ... resending SND.UNA after 3 "
		    "duplicates");
	}
	fix_drain(&f);
	ok(fix_ev_seen(&f, TEV_NOTE, f.conn, "fast retransmit"),
	    "fast retransmit: reported");
	ok(strcmp(fix_status(&f).cc_phase, "recovery") == 0 ||
	    strstr(fix_status(&f).cc_phase, "recovery") != NULL,
	    "fast retransmit: in fast recovery (%s)", fix_status(&f).cc_phase);
	/* Window updates and segments with data are not duplicate ACKs. */
	fix_free(&f);

	fix_in_state(&f, &plain, TCP_ESTABLISHED);
	tcp_send(f.st, f.conn, buf, sizeof buf, f.now, err, sizeof err);
	fix_drain(&f);
	for (i = 0; i < 3; i++) {
		f.win = (uint16_t)(60000 + i);
		FEED(&f, TH_ACK, f.snd, f.iss + 1, NULL, 0);
	}
	EXPECT_NOTHING(&f, "fast retransmit: 3 window updates are not "
	    "duplicate ACKs (RFC 5681 §2)");
	f.win = 60002;
	for (i = 0; i < 3; i++)
		fix_peer_send(&f, 0, "d", 1);
	EXPECT_SEG(&f, TH_ACK, ANY, ANY, 0, "fast retransmit: data from the "
	    "peer is acknowledged");
	ok(fix_drain(&f) == 2 && f.out.len == 0, "fast retransmit: segments "
	    "with data are not duplicate ACKs: only ACKs, no retransmission");
	fix_free(&f);
}

/* SACK: the retransmission skips what the receiver holds. */
static void
test_sack_retransmit(void)
{
	struct fix	 f = { 0 };
	struct tcp_cfg	 c = plain;
	char		 err[TCP_ERRLEN];
	static char	 buf[5 * 1460];
	uint32_t	 s1, s2, s4, s5, end;
	struct seg	 s;
	int		 i, n;

	c.opt_sack = true;
	fix_established_opts(&f, &c, false, true, -1);
	ok(fix_status(&f).sack_ok, "SACK: negotiated");
	memset(buf, 's', sizeof buf);
	tcp_send(f.st, f.conn, buf, sizeof buf, f.now, err, sizeof err);
	is_int(fix_drain(&f), 5, "SACK: 5 segments sent");
	s1 = f.iss + 1;
	s2 = s1 + 1460;
	s4 = s1 + 3 * 1460;
	s5 = s1 + 4 * 1460;
	end = s1 + 5 * 1460;
	/* Segments 1 and 4 lost: the receiver SACKs 2-3, then 5. */
	for (i = 0; i < 3; i++) {
		s = fix_seg(&f, TH_ACK, f.snd, s1, NULL, 0);
		fix_opt_sack(&s, s2, s4);
		if (i > 0)
			fix_opt_sack(&s, s5, end);
		fix_put(&f, &s);
	}
	EXPECT_SEG(&f, TH_ACK, s1, f.snd, 1460, "SACK: 3rd duplicate ACK "
	    "retransmits segment 1");
	n = fix_drain(&f);
	is_int(n, 0, "SACK: and nothing SACKed is resent with it");
	/* Partial ACK up to segment 4: resend 4, not 2 or 3. */
	s = fix_seg(&f, TH_ACK, f.snd, s4, NULL, 0);
	fix_opt_sack(&s, s5, end);
	fix_put(&f, &s);
	EXPECT_SEG(&f, TH_ACK, s4, f.snd, 1460, "SACK: partial ACK -> the next "
	    "hole, segment 4, is retransmitted");
	n = 0;
	while (fix_take(&f))
		if (f.out.len > 0 && seq_geq(f.out.th.seq, s5))
			n++;
	is_int(n, 0, "SACK: segment 5 (SACKed) is not retransmitted");
	FEED(&f, TH_ACK, f.snd, end, NULL, 0);
	is_int(fix_status(&f).unacked, 0, "SACK: all acknowledged");
	fix_free(&f);
}

/*
 * RFC 6675 §2: with SACK, an ACK that SACKs new octets is a duplicate even
 * when its window changed, as Linux's do while out-of-order data fills
 * its queue; one that SACKs nothing new and moves the window is not.
 */
static void
test_sack_dupack_window(void)
{
	struct fix	 f = { 0 };
	struct tcp_cfg	 c = plain;
	char		 err[TCP_ERRLEN];
	static char	 buf[5 * 1460];
	uint32_t	 s1, s2;
	struct seg	 s;
	int		 i;

	c.opt_sack = true;
	fix_established_opts(&f, &c, false, true, -1);
	memset(buf, 'w', sizeof buf);
	tcp_send(f.st, f.conn, buf, sizeof buf, f.now, err, sizeof err);
	fix_drain(&f);
	s1 = f.iss + 1;
	s2 = s1 + 1460;
	/* Segment 1 lost; 2, 3 and 4 arrive, each SACKed, the window growing. */
	for (i = 0; i < 2; i++) {
		f.win = (uint16_t)(1000 + i);
		s = fix_seg(&f, TH_ACK, f.snd, s1, NULL, 0);
		fix_opt_sack(&s, s2, s2 + (uint32_t)(i + 1) * 1460);
		fix_put(&f, &s);
	}
	EXPECT_NOTHING(&f, "SACK dupacks: two with new SACK blocks, nothing yet");
	f.win = 1002;
	s = fix_seg(&f, TH_ACK, f.snd, s1, NULL, 0);
	fix_opt_sack(&s, s2, s2 + 2 * 1460);	/* nothing new */
	fix_put(&f, &s);
	EXPECT_NOTHING(&f, "SACK dupacks: a window update SACKing nothing new "
	    "does not count");
	f.win = 1003;
	s = fix_seg(&f, TH_ACK, f.snd, s1, NULL, 0);
	fix_opt_sack(&s, s2, s2 + 3 * 1460);
	fix_put(&f, &s);
	EXPECT_SEG(&f, TH_ACK, s1, f.snd, 1460, "SACK dupacks: the third one "
	    "that SACKs new octets retransmits segment 1 at once");
	fix_drain(&f);
	ok(fix_ev_seen(&f, TEV_NOTE, f.conn, "fast retransmit"),
	    "SACK dupacks: a fast retransmit, not a timeout");
	fix_free(&f);
}

/* SEND refuses beyond snd_buf. */
static void
test_sndbuf(void)
{
	struct fix	 f = { 0 };
	struct tcp_cfg	 c = plain;
	char		 err[TCP_ERRLEN] = "";
	static char	 buf[1000];

	c.snd_buf = 1000;
	fix_in_state(&f, &c, TCP_ESTABLISHED);
	f.win = 0;
	FEED(&f, TH_ACK, f.snd, f.iss + 1, NULL, 0);
	ok(tcp_send(f.st, f.conn, buf, 600, f.now, err, sizeof err) == 0,
	    "sndbuf 1000: 600 bytes queued");
	ok(tcp_send(f.st, f.conn, buf, 401, f.now, err, sizeof err) == -1 &&
	    err[0] != '\0' &&
	    strstr(err, "buffer") != NULL, "sndbuf 1000: 401 more refused: "
	    "%s", err);
	ok(tcp_send(f.st, f.conn, buf, 400, f.now, err, sizeof err) == 0,
	    "sndbuf 1000: exactly 400 more fit");
	is_int(fix_status(&f).unsent, 1000, "sndbuf: 1000 bytes waiting");
	f.win = 65535;
	FEED(&f, TH_ACK, f.snd, f.iss + 1, NULL, 0);
	fix_drain(&f);
	FEED(&f, TH_ACK, f.snd, f.iss + 1001, NULL, 0);
	ok(tcp_send(f.st, f.conn, buf, 1000, f.now, err, sizeof err) == 0,
	    "sndbuf: after the ACK, room for 1000 again");
	fix_free(&f);
}

/* Sequence numbers across 2^32 on both sides. */
static void
test_wrap(void)
{
	struct fix	 f = { 0 };
	struct tcp_cfg	 c = plain;
	char		 err[TCP_ERRLEN];
	static uint8_t	 out[3000], in[3000];
	struct seg	 s;
	uint32_t	 i, iss = 0xfffffe00u;

	for (i = 0; i < sizeof out; i++)
		out[i] = (uint8_t)(i * 13);
	c.isn = iss;
	c.nagle = false;	/* the 80-byte tail goes at once */
	fix_syn_sent(&f, &c);
	is_int(f.iss, iss, "wrap: our ISS is the fixed isn 0xfffffe00");
	f.snd = 0xffffff00u;
	s = fix_seg(&f, TH_SYN | TH_ACK, f.snd, iss + 1, NULL, 0);
	fix_opt_mss(&s, 1460);
	fix_put(&f, &s);
	f.snd++;
	fix_drain(&f);
	tcp_send(f.st, f.conn, out, sizeof out, f.now, err, sizeof err);
	EXPECT_SEG(&f, TH_ACK, iss + 1, f.snd, 1460, "wrap: segment 1 below "
	    "2^32");
	EXPECT_SEG(&f, TH_ACK, iss + 1461, f.snd, 1460, "wrap: segment 2 "
	    "across 2^32");
	EXPECT_SEG(&f, TH_ACK | TH_PUSH, iss + 2921, f.snd, 80, "wrap: segment "
	    "3 after it");
	FEED(&f, TH_ACK, f.snd, iss + 1 + 3000, NULL, 0);
	is_int(fix_status(&f).unacked, 0, "wrap: the ACK across 2^32 "
	    "acknowledges everything");
	ok(stack_deadline(f.st) == TCP_NEVER, "wrap: no retransmission "
	    "pending");
	/* The peer's data across 2^32, the second half first. */
	s = fix_seg(&f, TH_ACK, f.snd + 1500, f.rcv, out + 1500, 1500);
	fix_put(&f, &s);
	fix_drain(&f);
	s = fix_seg(&f, TH_ACK, f.snd, f.rcv, out, 1500);
	fix_put(&f, &s);
	f.snd += 3000;
	EXPECT_OUT(&f, TH_ACK, iss + 3001, f.snd, 0, "wrap: peer data across "
	    "2^32 reassembled and acknowledged");
	ok(tcp_recv(f.st, f.conn, in, sizeof in, f.now) == 3000 &&
	    memcmp(in, out, 3000) == 0, "wrap: byte-exact");
	fix_free(&f);
}

/*
 * A bulk transfer whose buffers empty after every round: 200 rounds of 20
 * KB sent and acknowledged, and of a segment received and read.  An
 * emptied buffer used to be freed and the next one allocated and grown
 * from nothing (about 200 allocations each way, each touching fresh
 * pages when large); the stack now keeps the storage for the next.
 */
static void
test_buf_reuse(void)
{
	struct fix	 f = { 0 };
	struct tcp_cfg	 c = plain;
	char		 err[TCP_ERRLEN] = "";
	static uint8_t	 out[20000], in[2000];
	unsigned long	 allocs;
	int		 i, k, sent = 0, got = 0;

	memset(out, 'o', sizeof out);
	c.snd_buf = 65536;
	fix_in_state(&f, &c, TCP_ESTABLISHED);
	allocs = stack_buf_allocs(f.st);
	for (i = 0; i < 200; i++) {
		if (tcp_send(f.st, f.conn, out, sizeof out, f.now, err,
		    sizeof err) == 0)
			sent++;
		/* The peer acknowledges what came until nothing is left. */
		for (k = 0; k < 50 && (fix_status(&f).unacked > 0 ||
		    fix_status(&f).unsent > 0); k++) {
			fix_drain(&f);
			f.rcv = fix_status(&f).snd_nxt;
			FEED(&f, TH_ACK, f.snd, f.rcv, NULL, 0);
		}
		fix_drain(&f);
		fix_peer_send(&f, 0, NULL, 1000);
		fix_drain(&f);
		if (tcp_recv(f.st, f.conn, in, sizeof in, f.now) == 1000)
			got++;
		f.now += TCP_MS;
	}
	ok(sent == 200 && got == 200 && fix_status(&f).unacked == 0 &&
	    fix_status(&f).unsent == 0, "reuse: 200 rounds of 20000 bytes "
	    "sent and acknowledged, 1000 received and read (%d, %d)", sent,
	    got);
	allocs = stack_buf_allocs(f.st) - allocs;
	ok(allocs <= 4, "reuse: the buffers were allocated or grown %lu "
	    "times in 400 fills (at most 4)", allocs);
	fix_free(&f);
}

/*
 * The data event's sentence, "N bytes received", made without printf now:
 * the same text for counts of one to four digits.
 */
static void
test_data_why(void)
{
	static const size_t	 lens[] = { 1, 9, 10, 99, 1000, 1448 };
	struct fix		 f = { 0 };
	const struct tcp_event	*ev;
	char			 want[64];
	size_t			 i;

	fix_in_state(&f, &plain, TCP_ESTABLISHED);
	for (i = 0; i < sizeof lens / sizeof lens[0]; i++) {
		fix_ev_clear(&f);
		fix_peer_send(&f, TH_PUSH, NULL, lens[i]);
		fix_drain(&f);
		ev = fix_ev_cause(&f, TEV_DATA, TCP_CAUSE_DATA_RCVD);
		snprintf(want, sizeof want, "%zu bytes received", lens[i]);
		is_str(ev != NULL ? ev->why : "(none)", want,
		    "data event: \"%s\"", want);
	}
	fix_free(&f);
}

int
main(void)
{
	fix_cfg_plain(&plain);
	test_paws();
	test_wscale();
	test_rcv_sws();
	test_reasm_perms();
	test_fast_retransmit();
	test_sack_retransmit();
	test_sack_dupack_window();
	test_sndbuf();
	test_wrap();
	test_buf_reuse();
	test_data_why();
	return (done_testing());
}
