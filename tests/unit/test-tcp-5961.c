/*
 * tests/unit/test-tcp-5961.c - the RFC 5961 defences in every synchronized
 * state: RST left of the window, at RCV.NXT, in the window and right of it
 * (§3.2), SYN in every synchronized state (§4.2), the ACK range check on
 * both sides (§5.2), and the challenge ACK limit, per connection (§7).
 */
#include "tests/unit/tcpfix.h"

static struct tcp_cfg plain;

static void	test_rst(enum tcp_state);
static void	test_syn(enum tcp_state);
static void	test_rst_syn_received(void);
static void	test_ack_range(void);
static void	test_limit(void);
static void	test_limit_per_connection(void);

/* RCV.NXT and the window we last advertised, as the peer knows them. */
static void
rcv_space(struct fix *f, uint32_t *nxt, uint32_t *wnd)
{
	struct tcp_status st = fix_status(f);

	*nxt = st.rcv_nxt;
	*wnd = st.rcv_wnd;
}

/* §3.2: a RST left of, in, at the right edge of, and at RCV.NXT, in state s. */
static void
test_rst(enum tcp_state s)
{
	struct fix	 f = { 0 };
	const char	*name = tcp_state_name(s);
	uint32_t	 nxt, wnd, sndnxt;

	if (!fix_in_state(&f, &plain, s)) {
		fix_free(&f);
		return;
	}
	rcv_space(&f, &nxt, &wnd);
	sndnxt = fix_our_nxt(&f);
	ok(wnd > 2, "%s: the receive window is open (%u)", name, wnd);

	FEED(&f, TH_RST, nxt - 1, 0, NULL, 0);
	EXPECT_NOTHING(&f, "%s: RST left of the window (RCV.NXT-1) dropped "
	    "silently", name);
	EXPECT_CAUSE(&f, TEV_DISCARD, TCP_CAUSE_OUT_OF_WINDOW,
	    "RFC 9293 §3.10.7.4", "%s: ... as out of the window", name);
	EXPECT_STATE(&f, s, "%s: ... and the state stays", name);
	FEED(&f, TH_RST, nxt - 70000, 0, NULL, 0);
	EXPECT_NOTHING(&f, "%s: RST far left of the window dropped silently",
	    name);

	FEED(&f, TH_RST, nxt + wnd, 0, NULL, 0);
	EXPECT_NOTHING(&f, "%s: RST right of the window (RCV.NXT+RCV.WND) "
	    "dropped silently", name);
	EXPECT_STATE(&f, s, "%s: ... and the state stays", name);

	FEED(&f, TH_RST, nxt + 1, 0, NULL, 0);
	EXPECT_OUT(&f, TH_ACK, sndnxt, nxt, 0, "%s: RST in the window "
	    "(RCV.NXT+1) draws a challenge ACK "
	    "<SEQ=SND.NXT><ACK=RCV.NXT>", name);
	EXPECT_WHY(&f, TCP_CAUSE_CHALLENGE_ACK, false, "%s: ... sent as a "
	    "challenge ACK", name);
	{
		const struct tcp_event *ev = EXPECT_CAUSE(&f, TEV_NOTE,
		    TCP_CAUSE_CHALLENGE_ACK, "RFC 5961 §3.2", "%s: the note's "
		    "cause: challenge ACK, RFC 5961 §3.2", name);
		ok(ev != NULL && ev->has_seq && ev->seq == nxt + 1 &&
		    ev->count == 1, "%s: ... for the RST's SEQ, the first in "
		    "5 s", name);
	}
	EXPECT_STATE(&f, s, "%s: ... and the state stays", name);
	FEED(&f, TH_RST, nxt + wnd - 1, 0, NULL, 0);
	EXPECT_OUT(&f, TH_ACK, sndnxt, nxt, 0, "%s: RST at the window's last "
	    "byte draws a challenge ACK", name);
	FEED(&f, TH_RST | TH_ACK, nxt + 100, sndnxt, NULL, 0);
	EXPECT_OUT(&f, TH_ACK, sndnxt, nxt, 0, "%s: RST,ACK in the window "
	    "draws a challenge ACK", name);
	EXPECT_STATE(&f, s, "%s: challenge ACKs keep the connection", name);

	fix_ev_clear(&f);
	FEED(&f, TH_RST, nxt, 0, NULL, 0);
	EXPECT_NOTHING(&f, "%s: RST at RCV.NXT is not answered", name);
	EXPECT_STATE(&f, TCP_CLOSED, "%s: RST at RCV.NXT -> CLOSED", name);
	EXPECT_CAUSE(&f, TEV_STATE, TCP_CAUSE_RST_RCVD, "RFC 9293 §3.10.7.4",
	    "%s: CLOSED because of the RST, §3.10.7.4", name);
	if (s == TCP_ESTABLISHED || s == TCP_FIN_WAIT_1 ||
	    s == TCP_FIN_WAIT_2 || s == TCP_CLOSE_WAIT)
		ok(fix_ev_seen(&f, TEV_ERROR, f.conn, "reset"),
		    "%s: the user is told \"connection reset\"", name);
	fix_free(&f);
}

/* §4.2: a SYN in state s, in the window or not, draws a challenge ACK. */
static void
test_syn(enum tcp_state s)
{
	struct fix	 f = { 0 };
	const char	*name = tcp_state_name(s);
	uint32_t	 nxt, wnd, sndnxt;

	if (!fix_in_state(&f, &plain, s)) {
		fix_free(&f);
		return;
	}
	rcv_space(&f, &nxt, &wnd);
	sndnxt = fix_our_nxt(&f);

	/* (In TIME-WAIT a SYN above RCV.NXT may start a new connection.) */
	FEED(&f, TH_SYN, nxt, 0, NULL, 0);
	EXPECT_OUT(&f, TH_ACK, sndnxt, nxt, 0, "%s: SYN at RCV.NXT draws a "
	    "challenge ACK", name);
	EXPECT_CAUSE(&f, TEV_NOTE, TCP_CAUSE_CHALLENGE_ACK, "RFC 5961 §4.2",
	    "%s: the note's cause: challenge ACK, RFC 5961 §4.2", name);
	EXPECT_STATE(&f, s, "%s: ... and the state stays", name);
	FEED(&f, TH_SYN | TH_ACK, nxt + 10, sndnxt, NULL, 0);
	EXPECT_OUT(&f, TH_ACK, sndnxt, nxt, 0, "%s: SYN,ACK in the window "
	    "draws a challenge ACK", name);
	FEED(&f, TH_SYN, nxt - 1000, 0, NULL, 0);
	EXPECT_OUT(&f, TH_ACK, sndnxt, nxt, 0, "%s: SYN left of the window "
	    "draws an ACK", name);
	FEED(&f, TH_SYN | TH_ACK, nxt + wnd + 5, sndnxt, NULL, 0);
	EXPECT_OUT(&f, TH_ACK, sndnxt, nxt, 0, "%s: SYN right of the window "
	    "draws an ACK", name);
	EXPECT_STATE(&f, s, "%s: SYNs never reset a synchronized connection",
	    name);
	ok(!fix_ev_seen(&f, TEV_ERROR, f.conn, NULL), "%s: no error reported",
	    name);
	fix_free(&f);
}

/* §3.2 applies to SYN-RECEIVED too ("all states except SYN-SENT"). */
static void
test_rst_syn_received(void)
{
	struct fix	f = { 0 };

	fix_syn_received(&f, &plain);
	FEED(&f, TH_RST, f.snd + 1, 0, NULL, 0);
	EXPECT_OUT(&f, TH_ACK, f.iss + 1, f.snd, 0, "SYN-RECEIVED: in-window "
	    "RST "
	    "not at RCV.NXT draws a challenge ACK");
	EXPECT_STATE(&f, TCP_SYN_RECEIVED, "SYN-RECEIVED: ... and stays");
	FEED(&f, TH_RST, f.snd - 1, 0, NULL, 0);
	EXPECT_NOTHING(&f, "SYN-RECEIVED: RST left of the window dropped");
	EXPECT_STATE(&f, TCP_SYN_RECEIVED, "SYN-RECEIVED: ... and stays");
	fix_free(&f);
}

/* §5.2: SND.UNA - MAX.SND.WND <= SEG.ACK <= SND.NXT, at both edges. */
static void
test_ack_range(void)
{
	struct fix		 f = { 0 };
	struct tcp_status	 st;
	char			 err[TCP_ERRLEN];
	uint32_t		 una, nxt, maxw;

	fix_in_state(&f, &plain, TCP_ESTABLISHED);
	tcp_send(f.st, f.conn, "0123456789", 10, f.now, err, sizeof err);
	fix_drain(&f);
	st = fix_status(&f);
	una = st.snd_una;
	nxt = st.snd_nxt;
	maxw = st.max_snd_wnd;
	is_int(nxt - una, 10, "ACK range: 10 bytes in flight");
	is_int(maxw, FIX_PEER_WIN, "ACK range: MAX.SND.WND is the peer's "
	    "window");

	/* Right side: SEG.ACK > SND.NXT. */
	FEED(&f, TH_ACK | TH_PUSH, f.snd, nxt + 1, "ab", 2);
	EXPECT_OUT(&f, TH_ACK, nxt, f.snd, 0, "ACK range: SEG.ACK = SND.NXT+1 "
	    "draws a challenge ACK, data not acknowledged");
	EXPECT_WHY(&f, TCP_CAUSE_CHALLENGE_ACK, false, "ACK range: ... sent "
	    "as a challenge ACK");
	EXPECT_CAUSE(&f, TEV_NOTE, TCP_CAUSE_CHALLENGE_ACK, "RFC 5961 §5.2",
	    "ACK range: the note's cause: challenge ACK, RFC 5961 §5.2");
	is_int(fix_status(&f).readable, 0, "ACK range: ... and its data "
	    "dropped");
	is_int(fix_status(&f).snd_una, una, "ACK range: ... SND.UNA unchanged");

	/* Left side: SEG.ACK < SND.UNA - MAX.SND.WND. */
	FEED(&f, TH_ACK | TH_PUSH, f.snd, una - maxw - 1, "ab", 2);
	EXPECT_OUT(&f, TH_ACK, nxt, f.snd, 0, "ACK range: SEG.ACK = SND.UNA - "
	    "MAX.SND.WND - 1 draws a challenge ACK");
	is_int(fix_status(&f).readable, 0, "ACK range: ... and its data "
	    "dropped "
	    "(blind injection)");

	/* The left edge itself is acceptable: an old duplicate, data kept. */
	FEED(&f, TH_ACK | TH_PUSH, f.snd, una - maxw, "ab", 2);
	EXPECT_OUT(&f, TH_ACK, nxt, f.snd + 2, 0, "ACK range: SEG.ACK = "
	    "SND.UNA "
	    "- MAX.SND.WND is acceptable: its data is acknowledged");
	f.snd += 2;
	is_int(fix_status(&f).readable, 2, "ACK range: ... and delivered");

	/* SND.NXT itself is acceptable and acknowledges everything. */
	FEED(&f, TH_ACK, f.snd, nxt, NULL, 0);
	EXPECT_NOTHING(&f, "ACK range: SEG.ACK = SND.NXT needs no answer");
	is_int(fix_status(&f).snd_una, nxt, "ACK range: SEG.ACK = SND.NXT "
	    "advances SND.UNA");
	fix_free(&f);

	/* The same check in CLOSE-WAIT. */
	fix_in_state(&f, &plain, TCP_CLOSE_WAIT);
	st = fix_status(&f);
	FEED(&f, TH_ACK, f.snd, st.snd_nxt + 1000, NULL, 0);
	EXPECT_OUT(&f, TH_ACK, st.snd_nxt, st.rcv_nxt, 0, "ACK range: in "
	    "CLOSE-WAIT, an ACK of unsent data draws a challenge ACK");
	EXPECT_STATE(&f, TCP_CLOSE_WAIT, "ACK range: CLOSE-WAIT stays");
	fix_free(&f);
}

/* Count the challenge ACKs (segments) queued now, draining them. */
static int
count_out(struct fix *f)
{
	return (fix_drain(f));
}

/* §7: at most 10 challenge ACKs per 5 s per connection. */
static void
test_limit(void)
{
	struct fix	f = { 0 };
	uint32_t	nxt, wnd;
	uint64_t	t0;
	int		i;

	fix_in_state(&f, &plain, TCP_ESTABLISHED);
	rcv_space(&f, &nxt, &wnd);
	t0 = f.now;
	for (i = 0; i < 15; i++)
		FEED(&f, TH_RST, nxt + 1 + (uint32_t)i, 0, NULL, 0);
	is_int(count_out(&f), 10, "challenge ACK limit: 15 in-window RSTs, "
	    "10 challenge ACKs");
	ok(fix_ev_seen(&f, TEV_DISCARD, f.conn, "limit"), "challenge ACK "
	    "limit: "
	    "the suppressed ones are reported");
	{
		const struct tcp_event *ev = EXPECT_CAUSE(&f, TEV_DISCARD,
		    TCP_CAUSE_CHALLENGE_ACK_LIMIT, "RFC 5961 §7", "challenge "
		    "ACK limit: their cause, RFC 5961 §7");
		ok(ev != NULL && ev->count == 10 && ev->seq == nxt + 15,
		    "challenge ACK limit: ... after 10 sent, for the 15th RST");
	}
	FEED(&f, TH_SYN, nxt, 0, NULL, 0);
	is_int(count_out(&f), 0, "challenge ACK limit: a SYN in the same 5 s "
	    "gets none either (one budget for all kinds)");
	f.now = t0 + 5 * TCP_SEC - 1;
	FEED(&f, TH_RST, nxt + 1, 0, NULL, 0);
	is_int(count_out(&f), 0, "challenge ACK limit: still none 1 us before "
	    "5 s");
	f.now = t0 + 5 * TCP_SEC;
	for (i = 0; i < 12; i++)
		FEED(&f, TH_RST, nxt + 1, 0, NULL, 0);
	is_int(count_out(&f), 10, "challenge ACK limit: after 5 s, 10 more");
	EXPECT_STATE(&f, TCP_ESTABLISHED, "challenge ACK limit: connection "
	    "survives the flood");
	/* A RST at RCV.NXT still works when the budget is spent. */
	FEED(&f, TH_RST, nxt, 0, NULL, 0);
	EXPECT_STATE(&f, TCP_CLOSED, "challenge ACK limit: the exact RST still "
	    "resets");
	fix_free(&f);

	/* The limit is a knob. */
	{
		struct tcp_cfg c = plain;
		c.chal_limit = 3;
		fix_in_state(&f, &c, TCP_ESTABLISHED);
		rcv_space(&f, &nxt, &wnd);
		for (i = 0; i < 5; i++)
			FEED(&f, TH_RST, nxt + 1, 0, NULL, 0);
		is_int(count_out(&f), 3, "challenge ACK limit: challenge_acks "
		    "3 -> 3 ACKs");
		fix_free(&f);
	}
}

/* §7: two connections never share a counter. */
static void
test_limit_per_connection(void)
{
	struct fix	 f = { 0 };
	struct endpoint	 r2;
	char		 err[TCP_ERRLEN];
	unsigned	 c1, c2;
	uint32_t	 nxt1, wnd, iss2;
	int		 i, n1 = 0, n2 = 0;
	struct seg	 s;

	fix_in_state(&f, &plain, TCP_ESTABLISHED);
	c1 = f.conn;
	rcv_space(&f, &nxt1, &wnd);
	/* A second connection from the same stack to another port. */
	r2 = f.r;
	r2.port = FIX_RPORT + 1;
	c2 = tcp_connect(f.st, &f.l, &r2, f.now, err, sizeof err);
	fix_take(&f);
	iss2 = f.out.th.seq;
	s = fix_seg(&f, TH_SYN | TH_ACK, 9000, iss2 + 1, NULL, 0);
	s.th.sport = r2.port;
	fix_put(&f, &s);
	fix_drain(&f);
	is_int(fix_state_of(&f, c2), TCP_ESTABLISHED, "per connection: second "
	    "connection ESTABLISHED");

	for (i = 0; i < 12; i++)
		FEED(&f, TH_RST, nxt1 + 1, 0, NULL, 0);
	is_int(count_out(&f), 10, "per connection: first connection spends "
	    "its 10");
	for (i = 0; i < 12; i++) {
		s = fix_seg(&f, TH_RST, 9001 + 5, 0, NULL, 0);
		s.th.sport = r2.port;
		fix_put(&f, &s);
	}
	while (fix_take(&f)) {
		if (f.out.th.dport == r2.port && f.out.th.ack == 9001)
			n2++;
		else
			n1++;
	}
	is_int(n2, 10, "per connection: the second connection still gets its "
	    "own 10 challenge ACKs");
	is_int(n1, 0, "per connection: none on behalf of the first");
	ok(fix_state_of(&f, c1) == TCP_ESTABLISHED &&
	    fix_state_of(&f, c2) == TCP_ESTABLISHED, "per connection: both "
	    "survive");
	fix_free(&f);
}

int
main(void)
{
	int	i;

	fix_cfg_plain(&plain);
	for (i = 0; i < FIX_NSYNC; i++)
		test_rst(fix_sync_states[i]);
	for (i = 0; i < FIX_NSYNC; i++)
		test_syn(fix_sync_states[i]);
	test_rst_syn_received();
	test_ack_range();
	test_limit();
	test_limit_per_connection();
	return (done_testing());
}
