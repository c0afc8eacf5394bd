/*
 * tests/unit/test-tcp-rfc793.c - the settings rfc5961 off (RFC 793 §3.9
 * for RST, SYN and ACK processing) and synfin_drop (Linux drops SYN+FIN
 * at a listener), against the defaults they change, in virtual time.
 */
#include <errno.h>

#include "tests/unit/tcpfix.h"

static struct tcp_cfg plain, rfc793;

/* Any RST in the window resets in state s; outside it nothing changes. */
static void
test_rst(enum tcp_state s)
{
	struct fix	 f = { 0 };
	const char	*name = tcp_state_name(s);
	uint32_t	 nxt, wnd;

	if (!fix_in_state(&f, &rfc793, s)) {
		fix_free(&f);
		return;
	}
	nxt = fix_status(&f).rcv_nxt;
	wnd = fix_status(&f).rcv_wnd;
	FEED(&f, TH_RST, nxt + wnd, 0, NULL, 0);
	EXPECT_NOTHING(&f, "793 %s: RST right of the window dropped silently",
	    name);
	EXPECT_STATE(&f, s, "793 %s: ... and the state stays", name);
	FEED(&f, TH_RST, nxt - 1, 0, NULL, 0);
	EXPECT_STATE(&f, s, "793 %s: RST left of the window: state stays",
	    name);
	fix_drain(&f);
	fix_ev_clear(&f);
	FEED(&f, TH_RST, nxt + wnd - 1, 0, NULL, 0);
	EXPECT_NOTHING(&f, "793 %s: RST at the window's last byte: no "
	    "challenge ACK", name);
	EXPECT_STATE(&f, TCP_CLOSED, "793 %s: ... it resets at once", name);
	EXPECT_CAUSE(&f, TEV_STATE, TCP_CAUSE_RST_RCVD, "RFC 9293 §3.10.7.4",
	    "793 %s: CLOSED because of the RST", name);
	ok(fix_ev_cause(&f, TEV_NOTE, TCP_CAUSE_CHALLENGE_ACK) == NULL,
	    "793 %s: no challenge ACK note", name);
	fix_free(&f);
}

/* A SYN in the window resets (RFC 793 §3.9), with the §3.4 reset form. */
static void
test_syn(enum tcp_state s)
{
	struct fix	 f = { 0 };
	const char	*name = tcp_state_name(s);
	uint32_t	 nxt, wnd, sndnxt;

	if (!fix_in_state(&f, &rfc793, s)) {
		fix_free(&f);
		return;
	}
	nxt = fix_status(&f).rcv_nxt;
	wnd = fix_status(&f).rcv_wnd;
	sndnxt = fix_our_nxt(&f);
	FEED(&f, TH_SYN, nxt - 1000, 0, NULL, 0);
	EXPECT_OUT(&f, TH_ACK, sndnxt, nxt, 0, "793 %s: SYN left of the "
	    "window draws an ACK (first check)", name);
	EXPECT_STATE(&f, s, "793 %s: ... and the state stays", name);
	FEED(&f, TH_SYN, nxt + 10, 0, NULL, 0);
	EXPECT_OUT(&f, TH_RST | TH_ACK, 0, nxt + 11, 0, "793 %s: SYN in the "
	    "window: <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK>", name);
	EXPECT_WHY(&f, TCP_CAUSE_SYN_RESET, false, "793 %s: ... sent because "
	    "of syn-reset", name);
	EXPECT_STATE(&f, TCP_CLOSED, "793 %s: ... and the connection is "
	    "CLOSED", name);
	EXPECT_CAUSE(&f, TEV_STATE, TCP_CAUSE_SYN_RESET, "RFC 793 §3.9",
	    "793 %s: the state change cites RFC 793 §3.9", name);
	is_int(fix_status(&f).error, ECONNRESET, "793 %s: SO_ERROR is "
	    "ECONNRESET", name);
	fix_free(&f);

	/* A SYN,ACK in the window: <SEQ=SEG.ACK><CTL=RST>. */
	if (!fix_in_state(&f, &rfc793, s)) {
		fix_free(&f);
		return;
	}
	nxt = fix_status(&f).rcv_nxt;
	FEED(&f, TH_SYN | TH_ACK, nxt, 12345, NULL, 0);
	EXPECT_OUT(&f, TH_RST, 12345, 0, 0, "793 %s: SYN,ACK at RCV.NXT: "
	    "<SEQ=SEG.ACK><CTL=RST>", name);
	EXPECT_STATE(&f, TCP_CLOSED, "793 %s: ... CLOSED", name);
	(void)wnd;
	fix_free(&f);
}

/* The same segments with the default (RFC 5961) never reset. */
static void
test_default(void)
{
	struct fix	f = { 0 };
	uint32_t	nxt, sndnxt;

	fix_in_state(&f, &plain, TCP_ESTABLISHED);
	nxt = fix_status(&f).rcv_nxt;
	sndnxt = fix_our_nxt(&f);
	ok(plain.rfc5961, "default: rfc5961 on");
	FEED(&f, TH_SYN, nxt + 10, 0, NULL, 0);
	EXPECT_OUT(&f, TH_ACK, sndnxt, nxt, 0, "default: SYN in the window "
	    "draws a challenge ACK");
	FEED(&f, TH_RST, nxt + 10, 0, NULL, 0);
	EXPECT_OUT(&f, TH_ACK, sndnxt, nxt, 0, "default: RST in the window "
	    "draws a challenge ACK");
	EXPECT_STATE(&f, TCP_ESTABLISHED, "default: ... and the connection "
	    "stays");
	fix_free(&f);
}

/* RFC 793 fifth check: ACK of unsent data, old ACKs, no limit. */
static void
test_ack(void)
{
	struct fix		 f = { 0 };
	char			 err[TCP_ERRLEN];
	uint32_t		 una, nxt, maxw;
	int			 i;

	fix_in_state(&f, &rfc793, TCP_ESTABLISHED);
	tcp_send(f.st, f.conn, "0123456789", 10, f.now, err, sizeof err);
	fix_drain(&f);
	una = fix_status(&f).snd_una;
	nxt = fix_status(&f).snd_nxt;
	maxw = fix_status(&f).max_snd_wnd;

	FEED(&f, TH_ACK | TH_PUSH, f.snd, nxt + 1, "ab", 2);
	EXPECT_OUT(&f, TH_ACK, nxt, f.snd, 0, "793 ACK: SEG.ACK > SND.NXT: "
	    "an ACK, the data not acknowledged");
	EXPECT_WHY(&f, TCP_CAUSE_BAD_ACK, false, "793 ACK: ... sent as "
	    "bad-ack, not as a challenge ACK");
	EXPECT_CAUSE(&f, TEV_DISCARD, TCP_CAUSE_BAD_ACK, "RFC 793 §3.9",
	    "793 ACK: the discard cites RFC 793 §3.9");
	is_int(fix_status(&f).readable, 0, "793 ACK: ... its data dropped");
	for (i = 0; i < 15; i++)
		FEED(&f, TH_ACK, f.snd, nxt + 1, NULL, 0);
	is_int(fix_drain(&f), 15, "793 ACK: 15 such ACKs, 15 answers (no "
	    "RFC 5961 §7 limit)");

	FEED(&f, TH_ACK | TH_PUSH, f.snd, una - maxw - 1, "ab", 2);
	EXPECT_OUT(&f, TH_ACK, nxt, f.snd + 2, 0, "793 ACK: SEG.ACK below "
	    "SND.UNA - MAX.SND.WND is only ignored: the data is taken");
	f.snd += 2;
	is_int(fix_status(&f).readable, 2, "793 ACK: ... and delivered");
	is_int(fix_status(&f).snd_una, una, "793 ACK: ... SND.UNA unchanged");
	FEED(&f, TH_ACK, f.snd, nxt, NULL, 0);
	is_int(fix_status(&f).snd_una, nxt, "793 ACK: SEG.ACK = SND.NXT "
	    "still acknowledges everything");
	fix_free(&f);
}

/* SYN+FIN to a listener: dropped by default, answered with synfin_drop off. */
static void
test_synfin(void)
{
	struct fix	f = { 0 };
	struct tcp_cfg	c = plain;

	ok(plain.synfin_drop, "SYN+FIN: synfin_drop on by default (Linux)");
	fix_in_state(&f, &plain, TCP_LISTEN);
	f.r.port = FIX_PEER_PORT;
	FEED(&f, TH_SYN | TH_FIN, FIX_PEER_ISS, 0, NULL, 0);
	EXPECT_NOTHING(&f, "SYN+FIN: no SYN-ACK");
	EXPECT_CAUSE(&f, TEV_DISCARD, TCP_CAUSE_SYN_FIN, NULL, "SYN+FIN: "
	    "discarded as syn-fin");
	ok(stack_conn_next(f.st, f.lis) == 0, "SYN+FIN: no connection made");
	FEED(&f, TH_SYN, FIX_PEER_ISS, 0, NULL, 0);
	EXPECT_OUT(&f, TH_SYN | TH_ACK, ANY, FIX_PEER_ISS + 1, 0, "SYN+FIN: "
	    "the same SYN without FIN is answered");
	fix_free(&f);

	c.synfin_drop = false;
	fix_in_state(&f, &c, TCP_LISTEN);
	f.r.port = FIX_PEER_PORT;
	FEED(&f, TH_SYN | TH_FIN, FIX_PEER_ISS, 0, NULL, 0);
	EXPECT_OUT(&f, TH_SYN | TH_ACK, ANY, FIX_PEER_ISS + 1, 0, "synfin_drop "
	    "off: the SYN is answered, its FIN not acknowledged");
	fix_free(&f);
}

int
main(void)
{
	int	i;

	fix_cfg_plain(&plain);
	rfc793 = plain;
	rfc793.rfc5961 = false;
	for (i = 0; i < FIX_NSYNC; i++)
		test_rst(fix_sync_states[i]);
	for (i = 0; i < FIX_NSYNC; i++)
		test_syn(fix_sync_states[i]);
	test_default();
	test_ack();
	test_synfin();
	return (done_testing());
}
