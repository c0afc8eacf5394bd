/*
 * tests/unit/test-tcp-open.c - opening a connection (RFC 9293 §3.5,
 * §3.10.7.2, §3.10.7.3): tests for SYN-SENT, SYN-RECEIVED and LISTEN, the
 * SYN queue and accept queue (user calls on children not yet accepted,
 * closing a listener: §3.10.4), SYN cookies (RFC 4987 §3.6) through a
 * listener, simultaneous open, and the options a SYN negotiates (RFC 9293
 * §3.7.1 MSS, RFC 7323 window scale and timestamps, RFC 2018 SACK).
 */
#include "tests/unit/tcpfix.h"

static struct tcp_cfg plain, full;

static void	test_syn_sent(void);
static void	test_simultaneous_open(void);
static void	test_syn_received(void);
static void	test_listen(void);
static void	test_backlog(void);
static void	test_acceptq_half_open(void);
static void	test_acceptq_reset(void);
static void	test_acceptq_user(void);
static void	test_listen_close(void);
static void	listen_close_by(bool);
static void	test_syncookies(void);
static void	test_syncookie_backlog(void);
static void	test_options_active(void);
static void	test_options_passive(void);

/* Whether s carries an option of kind. */
static bool
has_opt(const struct seg *s, uint8_t kind)
{
	return (wire_tcpopt_find(&s->th, kind) != NULL);
}

/* tests for SYN-SENT (§3.10.7.3) */
static void
test_syn_sent(void)
{
	struct fix		f = { 0 };
	const struct tcp_opt	*o;
	struct tcp_status	st;

	fix_syn_sent(&f, &plain);
	is_int(f.out.th.flags, TH_SYN, "SYN-SENT: OPEN sends "
	    "<SEQ=ISS><CTL=SYN>");
	o = wire_tcpopt_find(&f.out.th, TCPOPT_MSS);
	ok(o != NULL && o->u.mss == 1460, "SYN-SENT: the SYN carries MSS 1460");
	ok(!has_opt(&f.out, TCPOPT_WSCALE) &&
	    !has_opt(&f.out, TCPOPT_TIMESTAMP) &&
	    !has_opt(&f.out, TCPOPT_SACK_PERM),
	    "SYN-SENT: options off in the config: none offered");
	EXPECT_STATE(&f, TCP_SYN_SENT, "SYN-SENT: state after OPEN");
	EXPECT_WHY(&f, TCP_CAUSE_USER_OPEN, false, "SYN-SENT: the SYN is sent "
	    "because of OPEN");
	is_int(f.outinfo.conn, f.conn, "SYN-SENT: ... for the connection");
	EXPECT_CAUSE(&f, TEV_STATE, TCP_CAUSE_USER_OPEN, "RFC 9293 §3.10.1",
	    "SYN-SENT: the state change's cause is OPEN, RFC 9293 §3.10.1");
	EXPECT_NOTHING(&f, "SYN-SENT: one SYN only");

	/*
	 * "If SEG.ACK =< ISS or SEG.ACK > SND.NXT, send a reset
	 * <SEQ=SEG.ACK><CTL=RST>"
	 */
	FEED(&f, TH_SYN | TH_ACK, f.snd, f.iss, NULL, 0);
	EXPECT_OUT(&f, TH_RST, f.iss, 0, 0,
	    "SYN-SENT: SYN-ACK with SEG.ACK = ISS draws "
	    "<SEQ=SEG.ACK><CTL=RST>");
	ok(f.outinfo.conn == 0 && f.outinfo.cause == TCP_CAUSE_BAD_ACK,
	    "SYN-SENT: that RST belongs to no connection, cause bad-ack");
	EXPECT_CAUSE(&f, TEV_NOTE, TCP_CAUSE_BAD_ACK, "RFC 9293 §3.10.7.3",
	    "SYN-SENT: the RST note's cause: bad ACK, §3.10.7.3");
	FEED(&f, TH_SYN | TH_ACK, f.snd, f.iss + 2, NULL, 0);
	EXPECT_OUT(&f, TH_RST, f.iss + 2, 0, 0,
	    "SYN-SENT: SYN-ACK with SEG.ACK > SND.NXT draws a reset (history "
	    "SYN)");
	FEED(&f, TH_ACK, f.snd, f.iss - 1000, NULL, 0);
	EXPECT_OUT(&f, TH_RST, f.iss - 1000, 0, 0,
	    "SYN-SENT: bare ACK of an old ISS draws a reset");
	EXPECT_STATE(&f, TCP_SYN_SENT, "SYN-SENT: unacceptable ACKs change "
	    "nothing");

	/* RST with an unacceptable ACK, or without ACK: dropped. */
	FEED(&f, TH_RST | TH_ACK, 0, f.iss + 5, NULL, 0);
	EXPECT_NOTHING(&f, "SYN-SENT: RST with a bad ACK is dropped silently");
	EXPECT_CAUSE(&f, TEV_DISCARD, TCP_CAUSE_BAD_ACK, "RFC 9293 §3.10.7.3",
	    "SYN-SENT: ... discarded for its bad ACK");
	FEED(&f, TH_RST, f.snd, 0, NULL, 0);
	EXPECT_NOTHING(&f, "SYN-SENT: RST without ACK is dropped silently");
	EXPECT_CAUSE(&f, TEV_DISCARD, TCP_CAUSE_RST_IGNORED,
	    "RFC 9293 §3.10.7.3", "SYN-SENT: ... an RST ignored");
	EXPECT_STATE(&f, TCP_SYN_SENT, "SYN-SENT: those RSTs change nothing");

	/* Neither SYN nor RST, good ACK: "drop the segment and return". */
	FEED(&f, TH_ACK, f.snd, f.iss + 1, NULL, 0);
	EXPECT_NOTHING(&f, "SYN-SENT: acceptable ACK without SYN is dropped");
	EXPECT_CAUSE(&f, TEV_DISCARD, TCP_CAUSE_NO_SYN, "RFC 9293 §3.10.7.3",
	    "SYN-SENT: ... discarded for want of a SYN");
	EXPECT_STATE(&f, TCP_SYN_SENT, "SYN-SENT: still SYN-SENT");

	/* RST with an acceptable ACK: "connection reset", CLOSED. */
	FEED(&f, TH_RST | TH_ACK, 0, f.iss + 1, NULL, 0);
	EXPECT_STATE(&f, TCP_CLOSED, "SYN-SENT: <RST,ACK> acknowledging the "
	    "SYN -> CLOSED");
	ok(fix_ev_seen(&f, TEV_ERROR, f.conn, "refused"),
	    "SYN-SENT: reported as an error event (connection refused)");
	{
		const struct tcp_event *ev = EXPECT_CAUSE(&f, TEV_ERROR,
		    TCP_CAUSE_REFUSED, "RFC 9293 §3.10.7.3", "SYN-SENT: the "
		    "error's cause is refused, RFC 9293 §3.10.7.3");
		ok(ev != NULL && ev->has_seq && ev->ack == f.iss + 1,
		    "SYN-SENT: ... with the RST's ACK");
	}
	EXPECT_NOTHING(&f, "SYN-SENT: a refusal is not answered");
	fix_free(&f);

	/* SYN-ACK: ESTABLISHED and <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>. */
	fix_syn_sent(&f, &plain);
	{
		struct seg s = fix_seg(&f, TH_SYN | TH_ACK, f.snd, f.iss + 1,
		    NULL, 0);
		fix_opt_mss(&s, 1000);
		s.th.win = 4000;
		fix_put(&f, &s);
	}
	EXPECT_STATE(&f, TCP_ESTABLISHED, "SYN-SENT: SYN-ACK -> ESTABLISHED");
	ok(fix_ev_state(&f, f.conn, TCP_ESTABLISHED),
	    "SYN-SENT: the state change is an event");
	EXPECT_OUT(&f, TH_ACK, f.iss + 1, f.snd + 1, 0,
	    "SYN-SENT: third segment <SEQ=ISS+1><ACK=IRS+1><CTL=ACK>");
	EXPECT_WHY(&f, TCP_CAUSE_SYNACK_RCVD, false, "SYN-SENT: the third "
	    "segment answers the SYN-ACK");
	EXPECT_CAUSE(&f, TEV_STATE, TCP_CAUSE_SYNACK_RCVD, "RFC 9293 §3.10.7.3",
	    "SYN-SENT: ESTABLISHED because of the SYN-ACK, §3.10.7.3");
	st = fix_status(&f);
	is_int(st.snd_mss, 1000, "SYN-SENT: peer MSS 1000 used for sending");
	is_int(st.snd_wnd, 4000, "SYN-SENT: SND.WND from the SYN-ACK");
	is_int(st.irs, f.snd, "SYN-SENT: IRS recorded");
	fix_free(&f);

	/* SYN-ACK carrying data and FIN: text and FIN processed too. */
	fix_syn_sent(&f, &plain);
	FEED(&f, TH_SYN | TH_ACK | TH_FIN, f.snd, f.iss + 1, "hey", 3);
	EXPECT_STATE(&f, TCP_CLOSE_WAIT,
	    "SYN-SENT: SYN-ACK with data and FIN -> CLOSE-WAIT");
	EXPECT_OUT(&f, TH_ACK, f.iss + 1, f.snd + 5, 0,
	    "SYN-SENT: one ACK for SYN, 3 bytes and FIN");
	is_int(fix_status(&f).readable, 3, "SYN-SENT: the data is readable");
	fix_free(&f);

	/* CLOSE in SYN-SENT: "delete the TCB", nothing sent. */
	fix_syn_sent(&f, &plain);
	{
		char err[TCP_ERRLEN];
		ok(tcp_close(f.st, f.conn, f.now, err, sizeof err) == 0,
		    "SYN-SENT: CLOSE accepted");
	}
	EXPECT_STATE(&f, TCP_CLOSED, "SYN-SENT: CLOSE -> CLOSED");
	EXPECT_CAUSE(&f, TEV_STATE, TCP_CAUSE_USER_CLOSE, "RFC 9293 §3.10.4",
	    "SYN-SENT: CLOSED because of CLOSE, §3.10.4");
	EXPECT_NOTHING(&f, "SYN-SENT: CLOSE sends nothing");
	fix_free(&f);
}

/* Simultaneous open (RFC 9293 §3.5 Figure 8). */
static void
test_simultaneous_open(void)
{
	struct fix	f = { 0 };

	fix_syn_sent(&f, &plain);
	FEED(&f, TH_SYN, f.snd, 0, NULL, 0);
	EXPECT_STATE(&f, TCP_SYN_RECEIVED, "simultaneous open: SYN in SYN-SENT "
	    "-> SYN-RECEIVED");
	EXPECT_OUT(&f, TH_SYN | TH_ACK, f.iss, f.snd + 1, 0,
	    "simultaneous open: <SEQ=ISS><ACK=RCV.NXT><CTL=SYN,ACK>");
	EXPECT_WHY(&f, TCP_CAUSE_SYN_RCVD, true, "simultaneous open: the "
	    "SYN-ACK answers the SYN and resends our SYN");
	EXPECT_CAUSE(&f, TEV_STATE, TCP_CAUSE_SYN_RCVD, "RFC 9293 §3.10.7.3",
	    "simultaneous open: SYN-RECEIVED because of the SYN, §3.10.7.3");
	f.snd++;
	FEED(&f, TH_ACK, f.snd, f.iss + 1, NULL, 0);
	EXPECT_STATE(&f, TCP_ESTABLISHED, "simultaneous open: ACK -> "
	    "ESTABLISHED");
	EXPECT_NOTHING(&f, "simultaneous open: the ACK is not answered");
	fix_free(&f);

	/*
	 * Figure 8 line 7: the peer's SYN-ACK crosses ours; it acknowledges
	 * our SYN, so both ends become ESTABLISHED (Linux accepts it too,
	 * tcp_validate_incoming's simultaneous-open exception).
	 */
	fix_syn_sent(&f, &plain);
	FEED(&f, TH_SYN, f.snd, 0, NULL, 0);
	fix_drain(&f);
	FEED(&f, TH_SYN | TH_ACK, f.snd, f.iss + 1, NULL, 0);
	f.snd++;
	EXPECT_STATE(&f, TCP_ESTABLISHED, "simultaneous open: crossing SYN-ACK "
	    "-> ESTABLISHED (RFC 9293 Figure 8)");
	fix_free(&f);
}

/* tests for SYN-RECEIVED (passive) */
static void
test_syn_received(void)
{
	struct fix		f = { 0 };
	const struct tcp_opt	*o;

	fix_syn_received(&f, &plain);
	is_int(f.out.th.flags, TH_SYN | TH_ACK, "SYN-RECEIVED: the SYN is "
	    "answered with SYN-ACK");
	is_int(f.out.th.ack, FIX_PEER_ISS + 1, "SYN-RECEIVED: SYN-ACK "
	    "acknowledges IRS+1");
	o = wire_tcpopt_find(&f.out.th, TCPOPT_MSS);
	ok(o != NULL && o->u.mss == 1460, "SYN-RECEIVED: SYN-ACK carries MSS "
	    "1460");
	EXPECT_STATE(&f, TCP_SYN_RECEIVED, "SYN-RECEIVED: child created");
	EXPECT_WHY(&f, TCP_CAUSE_SYN_RCVD, false, "SYN-RECEIVED: the SYN-ACK "
	    "answers the SYN");
	EXPECT_CAUSE(&f, TEV_STATE, TCP_CAUSE_SYN_RCVD, "RFC 9293 §3.10.7.2",
	    "SYN-RECEIVED: the child's cause is the SYN, §3.10.7.2");
	is_int(fix_state_of(&f, f.lis), TCP_LISTEN, "SYN-RECEIVED: the "
	    "listener stays in LISTEN");
	is_int(tcp_accept(f.st, f.lis), 0, "SYN-RECEIVED: nothing to accept "
	    "yet");

	/* An unacceptable ACK: <SEQ=SEG.ACK><CTL=RST>. */
	FEED(&f, TH_ACK, f.snd, f.iss + 10, NULL, 0);
	EXPECT_OUT(&f, TH_RST, f.iss + 10, 0, 0, "SYN-RECEIVED: ACK > SND.NXT "
	    "draws <SEQ=SEG.ACK><CTL=RST>");
	FEED(&f, TH_ACK, f.snd, f.iss, NULL, 0);
	EXPECT_OUT(&f, TH_RST, f.iss, 0, 0, "SYN-RECEIVED: ACK = SND.UNA draws "
	    "a reset");
	EXPECT_CAUSE(&f, TEV_NOTE, TCP_CAUSE_BAD_ACK, "RFC 9293 §3.10.7.4",
	    "SYN-RECEIVED: the reset's cause: bad ACK, §3.10.7.4");
	EXPECT_STATE(&f, TCP_SYN_RECEIVED, "SYN-RECEIVED: still half-open");

	/* Segment without ACK in window: dropped. */
	FEED(&f, 0, f.snd, 0, "ab", 2);
	EXPECT_NOTHING(&f, "SYN-RECEIVED: in-window segment without ACK is "
	    "dropped");
	EXPECT_CAUSE(&f, TEV_DISCARD, TCP_CAUSE_NO_ACK, "RFC 9293 §3.10.7.4",
	    "SYN-RECEIVED: ... for want of an ACK, §3.10.7.4");

	/* The right ACK with data: ESTABLISHED, data kept, accept queue. */
	f.win = 3000;
	fix_peer_send(&f, TH_PUSH, "hello", 5);
	EXPECT_STATE(&f, TCP_ESTABLISHED, "SYN-RECEIVED: ACK of SYN-ACK -> "
	    "ESTABLISHED");
	EXPECT_CAUSE(&f, TEV_STATE, TCP_CAUSE_ACK_OF_SYN, "RFC 9293 §3.10.7.4",
	    "SYN-RECEIVED: ESTABLISHED because of the ACK of our SYN");
	EXPECT_OUT(&f, TH_ACK, f.iss + 1, f.snd, 0, "SYN-RECEIVED: data on the "
	    "third segment acknowledged");
	is_int(fix_status(&f).readable, 5, "SYN-RECEIVED: data on the ACK "
	    "kept");
	is_int(fix_status(&f).snd_wnd, 3000, "SYN-RECEIVED: window from the "
	    "ACK");
	is_int(tcp_accept(f.st, f.lis), f.conn, "LISTEN: accept returns the "
	    "child");
	is_int(tcp_accept(f.st, f.lis), 0, "LISTEN: accept queue now empty");
	fix_free(&f);

	/* RST at RCV.NXT, passive SYN-RECEIVED: child gone, listener stays. */
	fix_syn_received(&f, &plain);
	FEED(&f, TH_RST, f.snd, 0, NULL, 0);
	EXPECT_STATE(&f, TCP_CLOSED, "SYN-RECEIVED: RST -> child CLOSED");
	is_int(fix_state_of(&f, f.lis), TCP_LISTEN, "SYN-RECEIVED: RST leaves "
	    "the listener in LISTEN (return to LISTEN)");
	EXPECT_NOTHING(&f, "SYN-RECEIVED: RST is not answered");
	EXPECT_CAUSE(&f, TEV_STATE, TCP_CAUSE_RST_RCVD, "RFC 9293 §3.10.7.4",
	    "SYN-RECEIVED: CLOSED because of the RST, §3.10.7.4");
	fix_free(&f);

	/* RST for the active side's SYN-RECEIVED: connection refused. */
	fix_syn_sent(&f, &plain);
	FEED(&f, TH_SYN, f.snd, 0, NULL, 0);
	f.snd++;
	fix_drain(&f);
	fix_ev_clear(&f);
	FEED(&f, TH_RST, f.snd, 0, NULL, 0);
	EXPECT_STATE(&f, TCP_CLOSED, "SYN-RECEIVED (active): RST -> CLOSED");
	ok(fix_ev_seen(&f, TEV_ERROR, f.conn, "refused"),
	    "SYN-RECEIVED (active): reported as connection refused");
	EXPECT_CAUSE(&f, TEV_ERROR, TCP_CAUSE_REFUSED, "RFC 9293 §3.10.7.4",
	    "SYN-RECEIVED (active): the cause is refused, §3.10.7.4");
	fix_free(&f);

	/* In-window SYN, passive SYN-RECEIVED: back to LISTEN (§3.10.7.4). */
	fix_syn_received(&f, &plain);
	FEED(&f, TH_SYN, f.snd + 100, 0, NULL, 0);
	EXPECT_STATE(&f, TCP_CLOSED, "SYN-RECEIVED: in-window SYN ends the "
	    "child (passive OPEN: return to LISTEN)");
	is_int(fix_state_of(&f, f.lis), TCP_LISTEN, "SYN-RECEIVED: listener "
	    "unaffected by the SYN");
	EXPECT_CAUSE(&f, TEV_STATE, TCP_CAUSE_SYN_RCVD, "RFC 9293 §3.10.7.4",
	    "SYN-RECEIVED: the child ends because of the SYN, §3.10.7.4");
	fix_free(&f);

	/*
	 * A retransmitted SYN (the SYN-ACK was lost): Linux answers with the
	 * SYN-ACK again (inet_rtx_syn_ack), so the peer, still in SYN-SENT,
	 * can complete; a bare ACK would be dropped there.
	 */
	fix_syn_received(&f, &plain);
	FEED(&f, TH_SYN, f.snd - 1, 0, NULL, 0);
	EXPECT_OUT(&f, TH_SYN | TH_ACK, f.iss, f.snd, 0, "SYN-RECEIVED: "
	    "duplicate SYN answered with the SYN-ACK again (Linux)");
	EXPECT_WHY(&f, TCP_CAUSE_DUP_SYN, true, "SYN-RECEIVED: that SYN-ACK "
	    "is a resend for the duplicate SYN");
	EXPECT_CAUSE(&f, TEV_DISCARD, TCP_CAUSE_DUP_SYN, NULL, "SYN-RECEIVED: "
	    "the duplicate SYN's cause: duplicate-syn (Linux, no RFC clause)");
	EXPECT_STATE(&f, TCP_SYN_RECEIVED, "SYN-RECEIVED: duplicate SYN keeps "
	    "the half-open connection");
	fix_free(&f);

	/* FIN on the handshake ACK: ESTABLISHED then CLOSE-WAIT. */
	fix_syn_received(&f, &plain);
	fix_peer_send(&f, TH_FIN, NULL, 0);
	EXPECT_STATE(&f, TCP_CLOSE_WAIT, "SYN-RECEIVED: ACK+FIN -> CLOSE-WAIT");
	EXPECT_OUT(&f, TH_ACK, f.iss + 1, f.snd, 0, "SYN-RECEIVED: FIN "
	    "acknowledged");
	fix_free(&f);

	/* CLOSE in SYN-RECEIVED: FIN-WAIT-1 and a FIN once established. */
	fix_syn_received(&f, &plain);
	{
		char err[TCP_ERRLEN];
		tcp_close(f.st, f.conn, f.now, err, sizeof err);
	}
	EXPECT_STATE(&f, TCP_FIN_WAIT_1, "SYN-RECEIVED: CLOSE -> FIN-WAIT-1");
	EXPECT_OUT(&f, TH_FIN | TH_ACK, f.iss + 1, f.snd, 0, "SYN-RECEIVED: "
	    "CLOSE with nothing to send: <SEQ=ISS+1><CTL=FIN,ACK>");
	FEED(&f, TH_ACK, f.snd, f.iss + 2, NULL, 0);
	EXPECT_STATE(&f, TCP_FIN_WAIT_2, "SYN-RECEIVED: then the ACK of SYN "
	    "and FIN -> FIN-WAIT-2");
	fix_free(&f);
}

/* tests for LISTEN (§3.10.7.2) */
static void
test_listen(void)
{
	struct fix	f = { 0 };
	char		 err[TCP_ERRLEN] = "";

	fix_in_state(&f, &plain, TCP_LISTEN);
	f.r.port = FIX_PEER_PORT;
	FEED(&f, TH_RST, 1, 0, NULL, 0);
	EXPECT_NOTHING(&f, "LISTEN: an incoming RST is ignored");
	FEED(&f, TH_RST | TH_ACK, 1, 2, NULL, 0);
	EXPECT_NOTHING(&f, "LISTEN: RST,ACK is ignored");
	EXPECT_CAUSE(&f, TEV_DISCARD, TCP_CAUSE_RST_IGNORED,
	    "RFC 9293 §3.10.7.2", "LISTEN: ... an RST ignored, §3.10.7.2");
	FEED(&f, TH_ACK, 100, 123456, NULL, 0);
	EXPECT_OUT(&f, TH_RST, 123456, 0, 0, "LISTEN: ACK draws "
	    "<SEQ=SEG.ACK><CTL=RST>");
	EXPECT_WHY(&f, TCP_CAUSE_BAD_ACK, false, "LISTEN: that RST answers a "
	    "bad ACK");
	EXPECT_CAUSE(&f, TEV_NOTE, TCP_CAUSE_BAD_ACK, "RFC 9293 §3.10.7.2",
	    "LISTEN: the reset's cause: bad ACK, §3.10.7.2");
	FEED(&f, TH_ACK | TH_PUSH, 100, 99, "data", 4);
	EXPECT_OUT(&f, TH_RST, 99, 0, 0, "LISTEN: ACK with data draws a reset "
	    "too");
	FEED(&f, TH_FIN, 100, 0, NULL, 0);
	EXPECT_NOTHING(&f, "LISTEN: neither SYN, ACK nor RST: dropped");
	EXPECT_CAUSE(&f, TEV_DISCARD, TCP_CAUSE_NO_SYN, "RFC 9293 §3.10.7.2",
	    "LISTEN: ... for want of a SYN, §3.10.7.2");
	FEED(&f, 0, 100, 0, "x", 1);
	EXPECT_NOTHING(&f, "LISTEN: bare data is dropped");
	EXPECT_STATE(&f, TCP_LISTEN, "LISTEN: still listening");
	is_int(stack_conn_next(f.st, f.lis), 0, "LISTEN: no connection was "
	    "created");

	/* SYN with data: the data is not acknowledged by the SYN-ACK here. */
	FEED(&f, TH_SYN, 700, 0, NULL, 0);
	EXPECT_OUT(&f, TH_SYN | TH_ACK, ANY, 701, 0, "LISTEN: SYN -> "
	    "<SEQ=ISS><ACK=RCV.NXT><CTL=SYN,ACK>");

	/* A second listener on the same address and port is refused. */
	ok(tcp_listen(f.st, &f.l, err, sizeof err) == 0 &&
	    strstr(err, "already") != NULL,
	    "LISTEN: a second listen on the port fails: %s", err);
	/* SEND on a listener. */
	ok(tcp_send(f.st, f.lis, "x", 1, f.now, err, sizeof err) == -1,
	    "LISTEN: SEND on a listener fails");
	/* CLOSE of a listener. */
	ok(tcp_close(f.st, f.lis, f.now, err, sizeof err) == 0 &&
	    fix_state_of(&f, f.lis) == TCP_CLOSED, "LISTEN: CLOSE -> CLOSED");
	EXPECT_CAUSE(&f, TEV_STATE, TCP_CAUSE_USER_CLOSE, "RFC 9293 §3.10.4",
	    "LISTEN: CLOSED because of CLOSE, §3.10.4");
	f.r.port = FIX_PEER_PORT + 1;
	FEED(&f, TH_SYN, 800, 0, NULL, 0);
	EXPECT_OUT(&f, TH_RST | TH_ACK, 0, 801, 0, "LISTEN closed: a SYN now "
	    "draws <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK>");
	ok(f.outinfo.conn == 0 && f.outinfo.cause == TCP_CAUSE_NO_CONNECTION,
	    "LISTEN closed: that RST is for no connection");
	EXPECT_CAUSE(&f, TEV_NOTE, TCP_CAUSE_NO_CONNECTION,
	    "RFC 9293 §3.10.7.1", "LISTEN closed: the reset's cause: no "
	    "connection, §3.10.7.1");
	fix_free(&f);
}

/* Send a SYN from the peer's port to the listener. */
static void
syn_from(struct fix *f, uint16_t port, uint32_t seq)
{
	f->r.port = port;
	FEED(f, TH_SYN, seq, 0, NULL, 0);
}

/* The SYN queue and the accept queue (Linux semantics). */
static void
test_backlog(void)
{
	struct fix	f = { 0 };
	struct tcp_cfg	c = plain;
	unsigned	n;
	uint32_t	iss;

	/* SYN queue of 2, cookies off: the third SYN is dropped silently. */
	c.syncookies = 0;
	c.syn_backlog = 2;
	fix_in_state(&f, &c, TCP_LISTEN);
	syn_from(&f, 1001, 100);
	EXPECT_OUT(&f, TH_SYN | TH_ACK, ANY, 101, 0, "SYN queue: first SYN "
	    "answered");
	syn_from(&f, 1002, 200);
	EXPECT_OUT(&f, TH_SYN | TH_ACK, ANY, 201, 0, "SYN queue: second SYN "
	    "answered");
	syn_from(&f, 1003, 300);
	EXPECT_NOTHING(&f, "SYN queue full, cookies off: third SYN dropped "
	    "silently");
	EXPECT_CAUSE(&f, TEV_DISCARD, TCP_CAUSE_SYN_QUEUE_FULL, NULL,
	    "SYN queue full: the discard's cause (Linux, no RFC clause)");
	for (n = 0, f.conn = 0; (f.conn = stack_conn_next(f.st, f.conn)) != 0;)
		if (fix_state_of(&f, f.conn) == TCP_SYN_RECEIVED)
			n++;
	is_int(n, 2, "SYN queue: exactly two half-open connections");
	fix_free(&f);

	/* Cookies when full (syncookies = 1): the third SYN gets a cookie. */
	c.syncookies = 1;
	fix_in_state(&f, &c, TCP_LISTEN);
	syn_from(&f, 1001, 100);
	syn_from(&f, 1002, 200);
	fix_drain(&f);
	syn_from(&f, 1003, 300);
	EXPECT_OUT(&f, TH_SYN | TH_ACK, ANY, 301, 0, "SYN queue full, "
	    "syncookies 1: third SYN answered with a cookie SYN-ACK");
	ok(f.outinfo.conn == f.lis && f.outinfo.cause == TCP_CAUSE_SYN_COOKIE,
	    "SYN cookie: the SYN-ACK is the listener's, cause syn-cookie");
	EXPECT_CAUSE(&f, TEV_NOTE, TCP_CAUSE_SYN_COOKIE, "RFC 4987 §3.6",
	    "SYN cookie: the note's cause, RFC 4987 §3.6");
	iss = f.out.th.seq;
	for (n = 0, f.conn = 0; (f.conn = stack_conn_next(f.st, f.conn)) != 0;)
		if (fix_state_of(&f, f.conn) == TCP_SYN_RECEIVED)
			n++;
	is_int(n, 2, "SYN cookie: no state kept for the third SYN");
	FEED(&f, TH_ACK, 301, iss + 1, NULL, 0);
	f.conn = tcp_accept(f.st, f.lis);
	ok(f.conn != 0 && fix_state_of(&f, f.conn) == TCP_ESTABLISHED,
	    "SYN cookie: its ACK makes an ESTABLISHED connection to accept");
	EXPECT_CAUSE(&f, TEV_STATE, TCP_CAUSE_SYN_COOKIE, "RFC 4987 §3.6",
	    "SYN cookie: ESTABLISHED because of the cookie");
	EXPECT_NOTHING(&f, "SYN cookie: the returning ACK is not answered");
	fix_free(&f);

	/* Accept queue of 1: a second handshake's ACK is dropped, then SYNs. */
	c = plain;
	c.backlog = 1;
	fix_in_state(&f, &c, TCP_LISTEN);
	syn_from(&f, 1001, 100);
	EXPECT_SEG(&f, TH_SYN | TH_ACK, ANY, 101, 0, "accept queue: SYN 1 "
	    "answered");
	iss = f.out.th.seq;
	syn_from(&f, 1002, 200);
	EXPECT_SEG(&f, TH_SYN | TH_ACK, ANY, 201, 0, "accept queue: SYN 2 "
	    "answered");
	{
		uint32_t iss2 = f.out.th.seq;
		f.r.port = 1001;
		FEED(&f, TH_ACK, 101, iss + 1, NULL, 0);
		f.r.port = 1002;
		FEED(&f, TH_ACK, 201, iss2 + 1, NULL, 0);
	}
	EXPECT_NOTHING(&f, "accept queue full: the second handshake ACK is "
	    "dropped without a reset (tcp_abort_on_overflow=0)");
	EXPECT_CAUSE(&f, TEV_DISCARD, TCP_CAUSE_ACCEPT_QUEUE_FULL, NULL,
	    "accept queue full: the discard's cause (Linux, no RFC clause)");
	syn_from(&f, 1003, 300);
	EXPECT_NOTHING(&f, "accept queue full: a new SYN is dropped");
	f.conn = tcp_accept(f.st, f.lis);
	ok(f.conn != 0 && fix_state_of(&f, f.conn) == TCP_ESTABLISHED,
	    "accept queue: the first connection is accepted");
	syn_from(&f, 1003, 300);
	EXPECT_OUT(&f, TH_SYN | TH_ACK, ANY, 301, 0, "accept queue: room "
	    "again, "
	    "the SYN is answered");
	fix_free(&f);
}

/* Empty listener lis's accept queue with tcp_accept: ids into a; how many. */
static int
accept_all(struct fix *f, unsigned lis, unsigned *a, int max)
{
	unsigned	id;
	int		n = 0;

	while (n < max && (id = tcp_accept(f->st, lis)) != 0)
		a[n++] = id;
	return (n);
}

/*
 * A child that ends in SYN-RECEIVED never reaches the accept queue: RFC 9293
 * §3.10.7.4 returns it to LISTEN ("the user need not be informed"), Linux
 * drops the request.  The history-SYN lesson: the peer resets our SYN-ACK to
 * its old SYN, then its real SYN makes the one connection to accept.
 */
static void
test_acceptq_half_open(void)
{
	struct fix	f = { 0 };
	unsigned	a[4], old, lis;
	uint32_t	iss;
	int		n;

	/* RST at RCV.NXT in SYN-RECEIVED. */
	fix_syn_received(&f, &plain);
	old = f.conn;
	FEED(&f, TH_RST, f.snd, 0, NULL, 0);
	EXPECT_STATE(&f, TCP_CLOSED, "accept queue: child reset in "
	    "SYN-RECEIVED is CLOSED");
	is_int(tcp_accept(f.st, f.lis), 0, "accept queue: a child reset in "
	    "SYN-RECEIVED is not handed out by accept");
	/* The peer's real SYN from the same port: a new child. */
	fix_feed(&f, TH_SYN, FIX_PEER_ISS + 1000000, 0, NULL, 0);
	ok(fix_take(&f) && f.out.th.flags == (TH_SYN | TH_ACK),
	    "accept queue: the next SYN from the port gets a SYN-ACK");
	iss = f.out.th.seq;
	fix_feed(&f, TH_ACK, FIX_PEER_ISS + 1000001, iss + 1, NULL, 0);
	fix_drain(&f);
	n = accept_all(&f, f.lis, a, 4);
	ok(n == 1 && a[0] != old && fix_state_of(&f, a[0]) ==
	    TCP_ESTABLISHED, "accept queue: accept hands out only the new "
	    "ESTABLISHED child (got %d, first c%u)", n, n > 0 ? a[0] : 0);
	is_int(tcp_accept(f.st, f.lis), 0, "accept queue: then it is empty");
	fix_free(&f);

	/* A SYN-ACK that is never answered: the child gives up after 63 s. */
	fix_syn_received(&f, &plain);
	fix_run_until(&f, f.now + 100 * TCP_SEC);
	fix_drain(&f);
	EXPECT_STATE(&f, TCP_CLOSED, "accept queue: unanswered child gives "
	    "up in SYN-RECEIVED");
	is_int(tcp_accept(f.st, f.lis), 0, "accept queue: a child that timed "
	    "out in SYN-RECEIVED is not handed out");
	fix_free(&f);

	/* An in-window SYN ends the child (§3.10.7.4 fourth check). */
	fix_syn_received(&f, &plain);
	FEED(&f, TH_SYN, f.snd + 100, 0, NULL, 0);
	fix_drain(&f);
	EXPECT_STATE(&f, TCP_CLOSED, "accept queue: in-window SYN ends the "
	    "child");
	is_int(tcp_accept(f.st, f.lis), 0, "accept queue: a child ended by a "
	    "SYN in SYN-RECEIVED is not handed out");
	fix_free(&f);

	/* ABORT of a half-open child by the user. */
	fix_syn_received(&f, &plain);
	{
		char err[TCP_ERRLEN];
		ok(tcp_abort(f.st, f.conn, f.now, err, sizeof err) == 0,
		    "accept queue: ABORT of a SYN-RECEIVED child");
	}
	fix_drain(&f);
	is_int(tcp_accept(f.st, f.lis), 0, "accept queue: an aborted "
	    "half-open child is not handed out");
	fix_free(&f);

	/*
	 * Dead half-open children fill neither queue: with a SYN queue and
	 * an accept queue of one, a reset child leaves room for the next.
	 */
	{
		struct tcp_cfg c = plain;
		c.syncookies = 0;
		c.syn_backlog = 1;
		c.backlog = 1;
		fix_syn_received(&f, &c);
	}
	lis = f.lis;
	FEED(&f, TH_RST, f.snd, 0, NULL, 0);
	f.r.port = FIX_PEER_PORT + 1;
	FEED(&f, TH_SYN, 9000, 0, NULL, 0);
	ok(fix_take(&f) && f.out.th.flags == (TH_SYN | TH_ACK),
	    "accept queue: a reset child frees its SYN queue slot");
	iss = f.out.th.seq;
	FEED(&f, TH_ACK, 9001, iss + 1, NULL, 0);
	EXPECT_NOTHING(&f, "accept queue: the handshake ACK is taken, not "
	    "dropped as if the queue were full");
	n = accept_all(&f, lis, a, 4);
	ok(n == 1 && fix_state_of(&f, a[0]) == TCP_ESTABLISHED,
	    "accept queue: exactly the live child is accepted (got %d)", n);
	fix_free(&f);
}

/*
 * A child reset after it completed the handshake, while it waits in the
 * accept queue: Linux keeps it there and accept() returns it (reads give
 * what came before, then ECONNRESET); tcpx hands it out CLOSED, with a note
 * saying why, and it counts against the backlog until then.
 */
static void
test_acceptq_reset(void)
{
	struct fix	f = { 0 };
	struct tcp_cfg	c = plain;
	char		buf[16];
	unsigned	id;

	c.backlog = 1;
	fix_syn_received(&f, &c);
	fix_peer_send(&f, TH_PUSH, "early", 5);
	fix_drain(&f);
	EXPECT_STATE(&f, TCP_ESTABLISHED, "accept queue: the child is "
	    "ESTABLISHED, not yet accepted");
	FEED(&f, TH_RST, f.snd, 0, NULL, 0);
	EXPECT_STATE(&f, TCP_CLOSED, "accept queue: RST in ESTABLISHED "
	    "closes the waiting child");
	ok(fix_ev_seen(&f, TEV_ERROR, f.conn, "reset"), "accept queue: the "
	    "reset is reported as an error");

	/* Still in the queue: it fills the backlog of one (Linux). */
	f.r.port = FIX_PEER_PORT + 1;
	FEED(&f, TH_SYN, 9000, 0, NULL, 0);
	EXPECT_NOTHING(&f, "accept queue: the reset child still counts "
	    "against the backlog: a new SYN is dropped");
	fix_ev_clear(&f);

	id = tcp_accept(f.st, f.lis);
	is_int(id, f.conn, "accept queue: accept still hands out the reset "
	    "child, as Linux accept() does");
	is_int(fix_state_of(&f, id), TCP_CLOSED, "accept queue: ... and it is "
	    "CLOSED");
	ok(fix_ev_seen(&f, TEV_NOTE, id, "reset by the peer") &&
	    fix_ev_seen(&f, TEV_NOTE, id, "ECONNRESET"), "accept queue: a "
	    "note says it was reset while in the queue");
	EXPECT_CAUSE(&f, TEV_NOTE, TCP_CAUSE_USER_ACCEPT, NULL, "accept "
	    "queue: the note's cause is accept");
	is_int(tcp_recv(f.st, id, buf, sizeof buf, f.now), 5, "accept queue: "
	    "the data that came before the RST can be read");
	ok(memcmp(buf, "early", 5) == 0, "accept queue: ... byte for byte");
	is_int(tcp_accept(f.st, f.lis), 0, "accept queue: empty after that");

	/* Room again: the next SYN is answered. */
	FEED(&f, TH_SYN, 9000, 0, NULL, 0);
	EXPECT_OUT(&f, TH_SYN | TH_ACK, ANY, 9001, 0, "accept queue: once the "
	    "reset child is accepted, a new SYN is answered");

	/* A live child accepted at once gets no note. */
	fix_ev_clear(&f);
	FEED(&f, TH_ACK, 9001, f.out.th.seq + 1, NULL, 0);
	id = tcp_accept(f.st, f.lis);
	ok(id != 0 && fix_state_of(&f, id) == TCP_ESTABLISHED &&
	    !fix_ev_seen(&f, TEV_NOTE, id, "accepted"), "accept queue: a live "
	    "child is accepted without a note");
	fix_free(&f);
}

/*
 * The peer, from port, sends a SYN to the listener; with ack it completes
 * the handshake.  Returns the child's id (0 if no SYN-ACK came); f->iss,
 * f->snd and f->rcv then describe that child's conversation.
 */
static unsigned
peer_child(struct fix *f, uint16_t port, bool ack)
{
	struct seg	s;
	int		ours;

	fix_drain(f);
	f->r.port = port;
	f->snd = FIX_PEER_ISS + port;
	FEED(f, TH_SYN, f->snd, 0, NULL, 0);
	if (!fix_take(f) || f->out.th.flags != (TH_SYN | TH_ACK))
		return (0);
	f->iss = f->out.th.seq;
	f->snd++;
	f->rcv = f->iss + 1;
	if (ack)
		FEED(f, TH_ACK, f->snd, f->rcv, NULL, 0);
	s = fix_seg(f, TH_ACK, f->snd, f->rcv, NULL, 0);
	return (stack_find(f->st, &s, &ours));
}

/* How many children of listener lis exist in any state but CLOSED. */
static int
live_children(struct fix *f, unsigned lis)
{
	struct tcp_status	st;
	unsigned		id;
	int			n = 0;

	for (id = 0; (id = stack_conn_next(f->st, id)) != 0;)
		if (tcp_status(f->st, id, &st) == 0 && st.listener == lis &&
		    st.state != TCP_CLOSED)
			n++;
	return (n);
}

/*
 * User calls on a child not accepted yet, by its id (the REPL can; Linux
 * cannot): CLOSE, shutdown and ABORT claim it, so accept never returns a
 * connection the user already closed; SEND leaves it queued.
 */
static void
test_acceptq_user(void)
{
	struct fix	 f = { 0 };
	struct tcp_cfg	 c = plain;
	char		 err[TCP_ERRLEN];
	unsigned	 id;
	uint32_t	 iss;

	/* CLOSE of a waiting ESTABLISHED child. */
	c.backlog = 1;
	fix_syn_received(&f, &c);
	fix_peer_send(&f, 0, NULL, 0);
	fix_drain(&f);
	fix_ev_clear(&f);
	ok(tcp_close(f.st, f.conn, f.now, err, sizeof err) == 0,
	    "accept queue: CLOSE of a child not yet accepted is allowed (the "
	    "REPL names it)");
	EXPECT_OUT(&f, TH_FIN | TH_ACK, f.iss + 1, f.snd, 0, "accept queue: "
	    "... it sends its FIN");
	ok(fix_ev_seen(&f, TEV_NOTE, f.conn, "before accept"), "accept queue: "
	    "a note says the CLOSE took it out of the accept queue");
	EXPECT_CAUSE(&f, TEV_NOTE, TCP_CAUSE_USER_CLOSE, NULL, "accept queue: "
	    "the note's cause is CLOSE");
	f.r.port = FIX_PEER_PORT + 1;
	FEED(&f, TH_SYN, 9000, 0, NULL, 0);
	EXPECT_OUT(&f, TH_SYN | TH_ACK, ANY, 9001, 0, "accept queue: the "
	    "closed child no longer fills the backlog of 1: a new SYN is "
	    "answered");
	is_int(tcp_accept(f.st, f.lis), 0, "accept queue: a child the user "
	    "closed is not handed out by accept");
	fix_free(&f);

	/* ABORT of a waiting child. */
	fix_syn_received(&f, &plain);
	fix_peer_send(&f, 0, NULL, 0);
	fix_drain(&f);
	ok(tcp_abort(f.st, f.conn, f.now, err, sizeof err) == 0,
	    "accept queue: ABORT of a child not yet accepted");
	EXPECT_OUT(&f, TH_RST, f.iss + 1, 0, 0, "accept queue: ... sends "
	    "<SEQ=SND.NXT><CTL=RST>");
	EXPECT_WHY(&f, TCP_CAUSE_USER_ABORT, false, "accept queue: ... "
	    "because of ABORT");
	EXPECT_CAUSE(&f, TEV_NOTE, TCP_CAUSE_USER_ABORT, NULL, "accept queue: "
	    "the note's cause is ABORT");
	is_int(tcp_accept(f.st, f.lis), 0, "accept queue: an aborted child "
	    "is not handed out by accept (CLOSED by the user, not the peer)");
	fix_free(&f);

	/* shutdown of a waiting child. */
	fix_syn_received(&f, &plain);
	fix_peer_send(&f, 0, NULL, 0);
	fix_drain(&f);
	ok(tcp_shutdown(f.st, f.conn, f.now, err, sizeof err) == 0 &&
	    fix_state_of(&f, f.conn) == TCP_FIN_WAIT_1, "accept queue: "
	    "shutdown of a child not yet accepted -> FIN-WAIT-1");
	EXPECT_CAUSE(&f, TEV_NOTE, TCP_CAUSE_USER_SHUTDOWN, NULL, "accept "
	    "queue: the note's cause is shutdown");
	is_int(tcp_accept(f.st, f.lis), 0, "accept queue: a child the user "
	    "shut is not handed out by accept");
	fix_free(&f);

	/*
	 * SEND then CLOSE on a half-open child: the FIN waits for the
	 * handshake; when the ACK comes the child must not join the queue.
	 */
	fix_syn_received(&f, &plain);
	ok(tcp_send(f.st, f.conn, "abc", 3, f.now, err, sizeof err) == 0 &&
	    tcp_close(f.st, f.conn, f.now, err, sizeof err) == 0,
	    "accept queue: SEND and CLOSE on a SYN-RECEIVED child");
	EXPECT_STATE(&f, TCP_SYN_RECEIVED, "accept queue: ... it stays "
	    "SYN-RECEIVED with data and FIN queued");
	fix_drain(&f);
	FEED(&f, TH_ACK, f.snd, f.iss + 1, NULL, 0);
	fix_drain(&f);
	EXPECT_STATE(&f, TCP_FIN_WAIT_1, "accept queue: the handshake ACK "
	    "moves it on to FIN-WAIT-1");
	is_int(tcp_accept(f.st, f.lis), 0, "accept queue: a child closed "
	    "while half-open does not join the accept queue afterwards");
	fix_free(&f);

	/*
	 * A claimed half-open child is in neither queue: with a SYN backlog
	 * and a backlog of 1, another child still gets through the SYN
	 * queue and fills the accept queue, and the claimed child's
	 * handshake completes all the same.
	 */
	c = plain;
	c.backlog = 1;
	c.syn_backlog = 1;
	c.syncookies = 0;
	fix_in_state(&f, &c, TCP_LISTEN);
	f.conn = peer_child(&f, 4001, false);
	iss = f.iss;
	ok(f.conn != 0 &&
	    tcp_send(f.st, f.conn, "abc", 3, f.now, err, sizeof err) == 0 &&
	    tcp_close(f.st, f.conn, f.now, err, sizeof err) == 0,
	    "claimed child: SEND and CLOSE on a half-open child");
	ok(peer_child(&f, 4002, true) != 0, "claimed child: it does not fill "
	    "the SYN queue of 1: a second SYN is answered");
	fix_drain(&f);
	f.r.port = 4001;
	FEED(&f, TH_ACK, FIX_PEER_ISS + 4001 + 1, iss + 1, NULL, 0);
	EXPECT_OUT(&f, TH_FIN | TH_PUSH | TH_ACK, iss + 1,
	    FIX_PEER_ISS + 4001 + 1, 3, "claimed child: its handshake ACK is "
	    "taken although the accept queue is full: data and FIN go out");
	EXPECT_STATE(&f, TCP_FIN_WAIT_1, "claimed child: ... FIN-WAIT-1");
	fix_free(&f);

	/* SEND alone leaves the child in the queue: accept returns it. */
	fix_syn_received(&f, &plain);
	fix_peer_send(&f, 0, NULL, 0);
	fix_drain(&f);
	ok(tcp_send(f.st, f.conn, "hi", 2, f.now, err, sizeof err) == 0,
	    "accept queue: SEND on a child not yet accepted");
	EXPECT_OUT(&f, TH_ACK | TH_PUSH, f.iss + 1, f.snd, 2, "accept queue: "
	    "... the data goes out");
	is_int(tcp_accept(f.st, f.lis), f.conn, "accept queue: SEND does not "
	    "take it out: accept still returns it");
	fix_free(&f);

	/* The claimed child is the user's: closing the listener spares it. */
	fix_syn_received(&f, &plain);
	fix_peer_send(&f, 0, NULL, 0);
	fix_drain(&f);
	tcp_close(f.st, f.conn, f.now, err, sizeof err);
	fix_drain(&f);
	FEED(&f, TH_ACK, f.snd, f.iss + 2, NULL, 0);
	ok(tcp_close(f.st, f.lis, f.now, err, sizeof err) == 0,
	    "accept queue: CLOSE of the listener");
	EXPECT_NOTHING(&f, "accept queue: no RST for the child the user "
	    "already closed");
	EXPECT_STATE(&f, TCP_FIN_WAIT_2, "accept queue: ... it goes on "
	    "closing (FIN-WAIT-2)");
	id = f.conn;
	iss = f.iss;
	fix_peer_send(&f, TH_FIN, NULL, 0);
	EXPECT_OUT(&f, TH_ACK, iss + 2, f.snd, 0, "accept queue: ... and "
	    "acknowledges the peer's FIN");
	is_int(fix_state_of(&f, id), TCP_TIME_WAIT, "accept queue: ... "
	    "TIME-WAIT, as any closed connection");
	fix_free(&f);
}

/* One segment taken after CLOSE of a listener. */
struct got {
	uint16_t	dport;
	uint16_t	flags;
	uint32_t	seq;
};

/* Take every queued segment into g; how many. */
static int
take_all(struct fix *f, struct got *g, int max)
{
	int	n = 0;

	while (n < max && fix_take(f)) {
		g[n].dport = f->out.th.dport;
		g[n].flags = f->out.th.flags;
		g[n].seq = f->out.th.seq;
		n++;
	}
	fix_drain(f);
	return (n);
}

/* How many of g go to port with exactly flags and SEQ seq. */
static int
count_to(const struct got *g, int n, uint16_t port, uint16_t flags,
    uint32_t seq)
{
	int	i, c = 0;

	for (i = 0; i < n; i++)
		if (g[i].dport == port && g[i].flags == flags &&
		    g[i].seq == seq)
			c++;
	return (c);
}

/*
 * CLOSE (or, with abort_it, ABORT) of a listener with connections in every
 * stage: Linux's inet_csk_listen_stop() resets the accept queue and drops
 * the SYN queue; RFC 9293 §3.10.4 (CLOSE in LISTEN) and §3.10.5: "delete
 * TCB".  Accepted connections are the user's and go on.
 */
static void
listen_close_by(bool abort_it)
{
	struct fix	 f = { 0 };
	struct got	 g[16];
	char		 err[TCP_ERRLEN];
	const char	*call = abort_it ? "ABORT" : "CLOSE";
	unsigned	 a, b, cw, d, e, lis, id;
	uint32_t	 a_iss, b_iss, cw_iss, d_iss, a_snd, d_snd;
	int		 n;
	char		 buf[8];

	fix_in_state(&f, &plain, TCP_LISTEN);
	lis = f.lis;
	/* a: accepted, ESTABLISHED. */
	a = peer_child(&f, 2001, true);
	a_iss = f.iss;
	a_snd = f.snd;
	ok(a != 0 && tcp_accept(f.st, lis) == a, "%s listener: child a "
	    "accepted", call);
	/* b: waiting in the accept queue, ESTABLISHED, with data. */
	b = peer_child(&f, 2002, true);
	b_iss = f.iss;
	fix_peer_send(&f, TH_PUSH, "data", 4);
	/* cw: waiting, CLOSE-WAIT (the peer's FIN came). */
	cw = peer_child(&f, 2003, true);
	cw_iss = f.iss;
	fix_peer_send(&f, TH_FIN, NULL, 0);
	/* d: half-open, SYN-RECEIVED. */
	d = peer_child(&f, 2004, false);
	d_iss = f.iss;
	d_snd = f.snd;
	/* e: waiting, reset by the peer since. */
	e = peer_child(&f, 2005, true);
	FEED(&f, TH_RST, f.snd, 0, NULL, 0);
	fix_drain(&f);
	ok(b && cw && d && e && fix_state_of(&f, b) == TCP_ESTABLISHED &&
	    fix_state_of(&f, cw) == TCP_CLOSE_WAIT &&
	    fix_state_of(&f, d) == TCP_SYN_RECEIVED &&
	    fix_state_of(&f, e) == TCP_CLOSED, "%s listener: children b "
	    "ESTABLISHED, cw CLOSE-WAIT, d SYN-RECEIVED, e reset", call);
	fix_ev_clear(&f);

	ok((abort_it ? tcp_abort(f.st, lis, f.now, err, sizeof err) :
	    tcp_close(f.st, lis, f.now, err, sizeof err)) == 0 &&
	    fix_state_of(&f, lis) == TCP_CLOSED, "%s listener: the listener "
	    "is CLOSED", call);
	n = take_all(&f, g, 16);
	is_int(count_to(g, n, 2002, TH_RST, b_iss + 1), 1, "%s listener: the "
	    "waiting ESTABLISHED child is reset <SEQ=SND.NXT><CTL=RST> (Linux "
	    "inet_csk_listen_stop)", call);
	is_int(count_to(g, n, 2003, TH_RST, cw_iss + 1), 1, "%s listener: the "
	    "waiting CLOSE-WAIT child is reset", call);
	is_int(n, 2, "%s listener: nothing else is sent: no RST for the "
	    "half-open child (Linux drops the request), none for the one "
	    "already reset, nothing to the accepted one", call);
	ok(fix_state_of(&f, b) == TCP_CLOSED &&
	    fix_state_of(&f, cw) == TCP_CLOSED &&
	    fix_state_of(&f, d) == TCP_CLOSED, "%s listener: the unaccepted "
	    "children are CLOSED", call);
	ok(fix_ev_seen(&f, TEV_STATE, b, "listener closed") &&
	    fix_ev_seen(&f, TEV_STATE, b, "inet_csk_listen_stop") &&
	    fix_ev_seen(&f, TEV_STATE, d, "half-open"), "%s listener: each "
	    "child's state change says why", call);
	EXPECT_CAUSE(&f, TEV_STATE, TCP_CAUSE_LISTENER_CLOSED, abort_it ?
	    "RFC 9293 §3.10.5" : "RFC 9293 §3.10.4", "%s listener: the "
	    "children's cause is listener-closed", call);
	EXPECT_CAUSE(&f, TEV_NOTE, abort_it ? TCP_CAUSE_USER_ABORT :
	    TCP_CAUSE_USER_CLOSE, abort_it ? "RFC 9293 §3.10.5" :
	    "RFC 9293 §3.10.4", "%s listener: the listener's note's cause is "
	    "the user call", call);
	ok(fix_ev_seen(&f, TEV_NOTE, lis, "2 unaccepted connection(s) reset, "
	    "1 half-open dropped, 1 closed") &&
	    fix_ev_seen(&f, TEV_NOTE, lis, abort_it ? "§3.10.5" : "§3.10.4"),
	    "%s listener: a note on the listener sums it up and cites RFC "
	    "9293", call);
	is_int(tcp_accept(f.st, lis), 0, "%s listener: nothing can be "
	    "accepted through the closed listener", call);
	is_int(live_children(&f, lis), 1, "%s listener: only the accepted "
	    "child is left", call);

	/* The accepted child is untouched and works. */
	is_int(fix_state_of(&f, a), TCP_ESTABLISHED, "%s listener: the "
	    "accepted child stays ESTABLISHED", call);
	f.r.port = 2001;
	f.snd = a_snd;
	f.rcv = a_iss + 1;
	fix_peer_send(&f, TH_PUSH, "ok", 2);
	EXPECT_OUT(&f, TH_ACK, a_iss + 1, f.snd, 0, "%s listener: the "
	    "accepted child still takes data", call);
	is_int(tcp_recv(f.st, a, buf, sizeof buf, f.now), 2, "%s listener: "
	    "... and the user reads it", call);

	/* The half-open child's peer completes: no connection now. */
	f.r.port = 2004;
	FEED(&f, TH_ACK, d_snd, d_iss + 1, NULL, 0);
	EXPECT_OUT(&f, TH_RST, d_iss + 1, 0, 0, "%s listener: the dropped "
	    "half-open child's ACK draws <SEQ=SEG.ACK><CTL=RST> (as Linux, "
	    "once nothing listens)", call);

	/* A new listener on the port starts with empty queues. */
	id = tcp_listen(f.st, &f.l, err, sizeof err);
	ok(id != 0 && id != lis, "%s listener: a new listener on the same "
	    "port", call);
	is_int(tcp_accept(f.st, id), 0, "%s listener: ... has nothing to "
	    "accept from the old one", call);
	fix_free(&f);
}

/* Closing a listener: by CLOSE, by ABORT, and with no children at all. */
static void
test_listen_close(void)
{
	struct fix	 f = { 0 };
	char		 err[TCP_ERRLEN];

	listen_close_by(false);
	listen_close_by(true);

	/* A listener with no children: CLOSE is as before, and quiet. */
	fix_in_state(&f, &plain, TCP_LISTEN);
	ok(tcp_close(f.st, f.lis, f.now, err, sizeof err) == 0,
	    "CLOSE of an idle listener");
	EXPECT_NOTHING(&f, "CLOSE of an idle listener sends nothing");
	ok(!fix_ev_seen(&f, TEV_NOTE, f.lis, NULL), "CLOSE of an idle "
	    "listener: no note");
	fix_free(&f);
}

/* SYN cookies round trip through a listener (RFC 4987 §3.6). */
static void
test_syncookies(void)
{
	struct fix		f = { 0 };
	struct tcp_cfg		c = plain;
	const struct tcp_opt	*o;
	struct tcp_status	st;
	struct seg		s;
	uint32_t		cookie;
	char			buf[8];

	c.syncookies = 2;
	fix_in_state(&f, &c, TCP_LISTEN);
	f.r.port = FIX_PEER_PORT;
	f.snd = 9000;
	s = fix_seg(&f, TH_SYN, f.snd, 0, NULL, 0);
	fix_opt_mss(&s, 1460);
	fix_put(&f, &s);
	EXPECT_OUT(&f, TH_SYN | TH_ACK, ANY, 9001, 0, "SYN cookie: syncookies "
	    "2 answers every SYN with a cookie SYN-ACK");
	cookie = f.out.th.seq;
	o = wire_tcpopt_find(&f.out.th, TCPOPT_MSS);
	ok(o != NULL && o->u.mss == 1460, "SYN cookie: SYN-ACK carries MSS "
	    "1460");
	is_int(stack_conn_next(f.st, f.lis), 0, "SYN cookie: no connection "
	    "block kept for the SYN");

	/* A forged cookie: reset. */
	f.now += 1 * TCP_SEC;
	FEED(&f, TH_ACK, 9001, cookie + 1 + 0x10000, NULL, 0);
	EXPECT_OUT(&f, TH_RST, cookie + 1 + 0x10000, 0, 0, "SYN cookie: a "
	    "forged cookie draws <SEQ=SEG.ACK><CTL=RST>");
	FEED(&f, TH_ACK, 9002, cookie + 1, NULL, 0);
	EXPECT_OUT(&f, TH_RST, cookie + 1, 0, 0, "SYN cookie: the right cookie "
	    "with the wrong SEQ draws a reset");

	/* The real one, with data: ESTABLISHED with the encoded MSS. */
	f.snd = 9001;
	f.rcv = cookie + 1;
	fix_peer_send(&f, TH_PUSH, "hi", 2);
	f.conn = tcp_accept(f.st, f.lis);
	ok(f.conn != 0, "SYN cookie: the ACK returns a connection to accept");
	EXPECT_STATE(&f, TCP_ESTABLISHED, "SYN cookie: ACK -> ESTABLISHED");
	st = fix_status(&f);
	is_int(st.snd_mss, 1460, "SYN cookie: MSS 1460 decoded from the "
	    "cookie");
	is_int(st.iss, cookie, "SYN cookie: ISS is the cookie");
	is_int(st.irs, 9000, "SYN cookie: IRS = SEG.SEQ - 1");
	is_int(st.readable, 2, "SYN cookie: data on the ACK delivered");
	EXPECT_OUT(&f, TH_ACK, cookie + 1, 9003, 0, "SYN cookie: the data is "
	    "acknowledged");
	is_int(tcp_recv(f.st, f.conn, buf, sizeof buf, f.now), 2,
	    "SYN cookie: RECEIVE returns the 2 bytes");
	/* The connection works both ways. */
	{
		char err[TCP_ERRLEN];
		ok(tcp_send(f.st, f.conn, "ok", 2, f.now, err, sizeof err) == 0,
		    "SYN cookie: SEND accepted");
	}
	EXPECT_OUT(&f, TH_ACK | TH_PUSH, cookie + 1, 9003, 2, "SYN cookie: "
	    "data "
	    "sent at ISS+1");
	fix_free(&f);

	/* MSS 1000 is encoded as the table's 536; no MSS at all as 536. */
	fix_in_state(&f, &c, TCP_LISTEN);
	f.r.port = 41000;
	s = fix_seg(&f, TH_SYN, 100, 0, NULL, 0);
	fix_opt_mss(&s, 1000);
	fix_put(&f, &s);
	EXPECT_OUT(&f, TH_SYN | TH_ACK, ANY, 101, 0, "SYN cookie, MSS 1000: "
	    "SYN-ACK");
	o = wire_tcpopt_find(&f.out.th, TCPOPT_MSS);
	ok(o != NULL && o->u.mss == 536, "SYN cookie, MSS 1000: encodes 536 "
	    "(largest table value not above it)");
	cookie = f.out.th.seq;
	FEED(&f, TH_ACK, 101, cookie + 1, NULL, 0);
	f.conn = tcp_accept(f.st, f.lis);
	is_int(fix_status(&f).snd_mss, 536, "SYN cookie, MSS 1000: connection "
	    "uses 536");
	fix_free(&f);

	/* Age: valid after 60 s, refused after 200 s (2 ticks of 64 s). */
	fix_in_state(&f, &c, TCP_LISTEN);
	f.r.port = 42000;
	s = fix_seg(&f, TH_SYN, 100, 0, NULL, 0);
	fix_opt_mss(&s, 1460);
	fix_put(&f, &s);
	fix_take(&f);
	cookie = f.out.th.seq;
	f.now += 200 * TCP_SEC;
	FEED(&f, TH_ACK, 101, cookie + 1, NULL, 0);
	EXPECT_OUT(&f, TH_RST, cookie + 1, 0, 0, "SYN cookie: 200 s old, "
	    "refused with a reset");
	f.r.port = 42001;
	s = fix_seg(&f, TH_SYN, 100, 0, NULL, 0);
	fix_opt_mss(&s, 1460);
	fix_put(&f, &s);
	fix_take(&f);
	cookie = f.out.th.seq;
	f.now += 60 * TCP_SEC;
	FEED(&f, TH_ACK, 101, cookie + 1, NULL, 0);
	f.conn = tcp_accept(f.st, f.lis);
	ok(f.conn != 0 && fix_state_of(&f, f.conn) == TCP_ESTABLISHED,
	    "SYN cookie: 60 s old, still accepted");
	fix_free(&f);
}

/*
 * A valid SYN cookie while the accept queue is full: Linux's
 * tcp_v4_syn_recv_sock() fails and the ACK is dropped; the peer's next ACK
 * (or data) retries once there is room.
 */
static void
test_syncookie_backlog(void)
{
	struct fix	f = { 0 };
	struct tcp_cfg	c = plain;
	struct seg	s;
	unsigned	id;
	uint32_t	ck1, ck2;
	int		ours;
	char		buf[8];

	c.syncookies = 2;
	c.backlog = 1;
	fix_in_state(&f, &c, TCP_LISTEN);
	f.r.port = 3001;
	FEED(&f, TH_SYN, 100, 0, NULL, 0);
	EXPECT_OUT(&f, TH_SYN | TH_ACK, ANY, 101, 0, "cookie backlog: SYN 1 "
	    "gets a cookie");
	ck1 = f.out.th.seq;
	f.r.port = 3002;
	FEED(&f, TH_SYN, 200, 0, NULL, 0);
	EXPECT_OUT(&f, TH_SYN | TH_ACK, ANY, 201, 0, "cookie backlog: SYN 2 "
	    "gets a cookie (the accept queue is still empty)");
	ck2 = f.out.th.seq;
	f.r.port = 3001;
	FEED(&f, TH_ACK, 101, ck1 + 1, NULL, 0);
	EXPECT_NOTHING(&f, "cookie backlog: ACK 1 makes a connection");
	is_int(live_children(&f, f.lis), 1, "cookie backlog: one connection, "
	    "filling the accept queue of 1");
	fix_ev_clear(&f);

	f.r.port = 3002;
	FEED(&f, TH_ACK, 201, ck2 + 1, NULL, 0);
	EXPECT_NOTHING(&f, "cookie backlog: ACK 2 with a valid cookie is "
	    "dropped silently (no RST)");
	is_int(live_children(&f, f.lis), 1, "cookie backlog: ... and no "
	    "connection is built for it");
	ok(fix_ev_seen(&f, TEV_DISCARD, f.lis, "accept queue full") &&
	    fix_ev_seen(&f, TEV_DISCARD, f.lis, "ACK dropped"), "cookie "
	    "backlog: an event says the ACK was dropped because the accept "
	    "queue is full");
	f.conn = tcp_accept(f.st, f.lis);
	ok(f.conn != 0 && fix_status(&f).remote.port == 3001, "cookie "
	    "backlog: accept returns the first connection");
	is_int(tcp_accept(f.st, f.lis), 0, "cookie backlog: ... and only it");

	/* Room again: the peer's data (ACK) with the same cookie retries. */
	f.snd = 201;
	f.rcv = ck2 + 1;
	fix_peer_send(&f, TH_PUSH, "hi", 2);
	EXPECT_OUT(&f, TH_ACK, ck2 + 1, 203, 0, "cookie backlog: the peer's "
	    "next segment rebuilds the connection; its data is acknowledged");
	s = fix_seg(&f, TH_ACK, 203, ck2 + 1, NULL, 0);
	id = tcp_accept(f.st, f.lis);
	ok(id != 0 && id == stack_find(f.st, &s, &ours) &&
	    fix_state_of(&f, id) == TCP_ESTABLISHED, "cookie backlog: accept "
	    "now returns it, ESTABLISHED");
	is_int(tcp_recv(f.st, id, buf, sizeof buf, f.now), 2, "cookie "
	    "backlog: with the 2 bytes of the retry");
	fix_free(&f);
}

/* Add every option with the peer's values (MSS 1400, shift 5, TS, SACK). */
static void
all_opts(struct seg *s)
{
	fix_opt_mss(s, 1400);
	fix_opt_sackok(s);
	fix_opt_ts(s, 4242, 0);
	fix_opt_ws(s, 5);
}

/*
 * A tiny MSS from the peer: floored at TCP_MIN_SND_MSS before the
 * timestamp option's 12 bytes come off, so it never wraps nor reaches 0
 * (CVE-2019-11479); MSS 0 is no option at all (536).  Then 1000 bytes
 * leave in segments of the floored size.
 */
static void
test_tiny_mss(void)
{
	static const struct { uint16_t mss; bool ts; int want; } c[] = {
		{ 1, false, 48 }, { 1, true, 36 }, { 12, true, 36 },
		{ 13, true, 36 }, { 48, true, 36 }, { 48, false, 48 },
		{ 49, false, 49 }, { 100, true, 88 }, { 0, false, 536 },
		{ 0, true, 524 },
	};
	struct fix	f = { 0 };
	struct seg	s;
	size_t		i;
	uint8_t		data[1000] = { 0 };

	for (i = 0; i < sizeof c / sizeof c[0]; i++) {
		fix_syn_sent(&f, &full);
		s = fix_seg(&f, TH_SYN | TH_ACK, f.snd, f.iss + 1, NULL, 0);
		if (c[i].mss > 0 || c[i].ts)
			fix_opt_mss(&s, c[i].mss);
		if (c[i].ts)
			fix_opt_ts(&s, 4242, wire_tcpopt_find(&f.out.th,
			    TCPOPT_TIMESTAMP)->u.ts.val);
		s.th.win = 65535;
		fix_put(&f, &s);
		f.snd++;
		EXPECT_OUT(&f, TH_ACK, f.iss + 1, f.snd, 0, "tiny MSS: ACK");
		is_int(fix_status(&f).snd_mss, c[i].want,
		    "tiny MSS: peer MSS %u%s -> we send %d-byte segments",
		    c[i].mss, c[i].ts ? " with timestamps" : "", c[i].want);
		ok(tcp_send(f.st, f.conn, data, sizeof data, f.now, NULL, 0) ==
		    0 && fix_take(&f) && f.out.len ==
		    (size_t)c[i].want, "tiny MSS: peer MSS %u%s: the first "
		    "data segment carries %d bytes", c[i].mss,
		    c[i].ts ? " with timestamps" : "", c[i].want);
		fix_free(&f);
	}
}

/* Option negotiation when we open (RFC 7323 §1.3, §2.2, §3.2; RFC 2018 §2). */
static void
test_options_active(void)
{
	struct fix		f = { 0 };
	struct seg		s;
	struct tcp_status	st;
	const struct tcp_opt	*o;

	/* Both sides offer everything. */
	fix_syn_sent(&f, &full);
	o = wire_tcpopt_find(&f.out.th, TCPOPT_MSS);
	ok(o != NULL && o->u.mss == 1460, "options: SYN offers MSS 1460 (MTU "
	    "1500)");
	ok(has_opt(&f.out, TCPOPT_SACK_PERM), "options: SYN offers SACK");
	o = wire_tcpopt_find(&f.out.th, TCPOPT_TIMESTAMP);
	ok(o != NULL && o->u.ts.ecr == 0, "options: SYN offers timestamps, "
	    "TSecr 0");
	o = wire_tcpopt_find(&f.out.th, TCPOPT_WSCALE);
	ok(o != NULL && o->u.wscale == 7, "options: SYN offers window scale 7");
	s = fix_seg(&f, TH_SYN | TH_ACK, f.snd, f.iss + 1, NULL, 0);
	{
		uint32_t tsval_syn = wire_tcpopt_find(&f.out.th,
		    TCPOPT_TIMESTAMP)->u.ts.val;
		fix_opt_mss(&s, 1400);
		fix_opt_sackok(&s);
		fix_opt_ts(&s, 4242, tsval_syn);
		fix_opt_ws(&s, 5);
	}
	s.th.win = 1000;
	fix_put(&f, &s);
	f.snd++;
	EXPECT_OUT(&f, TH_ACK, f.iss + 1, f.snd, 0, "options: ACK of the "
	    "SYN-ACK");
	o = wire_tcpopt_find(&f.out.th, TCPOPT_TIMESTAMP);
	ok(o != NULL && o->u.ts.ecr == 4242, "options: the ACK echoes TSval "
	    "4242 (RFC 7323 §3.2)");
	ok(!has_opt(&f.out, TCPOPT_WSCALE) && !has_opt(&f.out, TCPOPT_MSS),
	    "options: no SYN-only options after the SYN");
	st = fix_status(&f);
	ok(st.ts_ok && st.sack_ok, "options: timestamps and SACK on");
	is_int(st.snd_wscale, 5, "options: peer's shift 5 applies to its "
	    "windows");
	is_int(st.rcv_wscale, 7, "options: our shift 7 applies to ours");
	is_int(st.snd_mss, 1400 - 12, "options: MSS 1400 less 12 for "
	    "timestamps");
	is_int(st.snd_wnd, 1000, "options: the SYN-ACK's window is not scaled "
	    "(RFC 7323 §2.2)");
	/* The next window is scaled. */
	f.win = 1000;
	FEED(&f, TH_ACK, f.snd, f.iss + 1, NULL, 0);
	is_int(fix_status(&f).snd_wnd, 1000 << 5, "options: later windows are "
	    "scaled by 2^5");
	fix_free(&f);

	/* The peer offers nothing: none negotiated, MSS 536 by default. */
	fix_syn_sent(&f, &full);
	FEED(&f, TH_SYN | TH_ACK, f.snd, f.iss + 1, NULL, 0);
	f.snd++;
	EXPECT_OUT(&f, TH_ACK, f.iss + 1, f.snd, 0, "options off at the peer: "
	    "ACK");
	ok(f.out.th.n_opt == 0, "options off at the peer: the ACK has no "
	    "options");
	st = fix_status(&f);
	ok(!st.ts_ok && !st.sack_ok && st.snd_wscale == -1 &&
	    st.rcv_wscale == -1,
	    "options off at the peer: no TS, SACK or window scaling");
	is_int(st.snd_mss, 536, "options: no MSS option -> 536 (RFC 9293 "
	    "§3.7.1)");
	fix_free(&f);

	/* We offer nothing, the peer sends everything anyway: none used. */
	fix_syn_sent(&f, &plain);
	s = fix_seg(&f, TH_SYN | TH_ACK, f.snd, f.iss + 1, NULL, 0);
	all_opts(&s);
	fix_put(&f, &s);
	f.snd++;
	EXPECT_OUT(&f, TH_ACK, f.iss + 1, f.snd, 0, "options off here: ACK");
	ok(!has_opt(&f.out, TCPOPT_TIMESTAMP), "options off here: no "
	    "timestamps "
	    "in the ACK");
	st = fix_status(&f);
	ok(!st.ts_ok && !st.sack_ok && st.snd_wscale == -1,
	    "options off here: nothing negotiated from a one-sided SYN-ACK");
	is_int(st.snd_mss, 1400, "options off here: the peer's MSS still "
	    "counts");
	fix_free(&f);

	/* A shift above 14 is taken as 14 (RFC 7323 §2.3). */
	fix_syn_sent(&f, &full);
	s = fix_seg(&f, TH_SYN | TH_ACK, f.snd, f.iss + 1, NULL, 0);
	fix_opt_ws(&s, 15);
	fix_put(&f, &s);
	is_int(fix_status(&f).snd_wscale, 14, "options: shift 15 used as 14");
	fix_free(&f);
}

/* Only a TS option. */
static void
ts_only(struct seg *s)
{
	fix_opt_mss(s, 1460);
	fix_opt_ts(s, 100, 0);
}

/* Only window scaling. */
static void
ws_only(struct seg *s)
{
	fix_opt_mss(s, 1460);
	fix_opt_ws(s, 2);
}

/* Options when the peer opens: the SYN-ACK answers what was offered. */
static void
test_options_passive(void)
{
	struct fix		f = { 0 };
	const struct tcp_opt	*o;
	struct tcp_status	st;

	fix_syn_received_opts(&f, &full, all_opts);
	ok(has_opt(&f.out, TCPOPT_SACK_PERM) && has_opt(&f.out, TCPOPT_WSCALE),
	    "options (passive): SYN-ACK answers SACK and window scale");
	o = wire_tcpopt_find(&f.out.th, TCPOPT_TIMESTAMP);
	ok(o != NULL && o->u.ts.ecr == 4242, "options (passive): SYN-ACK "
	    "echoes "
	    "the SYN's TSval");
	fix_free(&f);

	fix_syn_received_opts(&f, &full, ts_only);
	o = wire_tcpopt_find(&f.out.th, TCPOPT_TIMESTAMP);
	ok(o != NULL && !has_opt(&f.out, TCPOPT_WSCALE) &&
	    !has_opt(&f.out, TCPOPT_SACK_PERM), "options (passive): SYN with "
	    "TS "
	    "only -> SYN-ACK with TS only");
	st = fix_status(&f);
	ok(st.ts_ok && !st.sack_ok && st.snd_wscale == -1, "options (passive): "
	    "only timestamps negotiated");
	fix_free(&f);

	fix_syn_received_opts(&f, &full, ws_only);
	o = wire_tcpopt_find(&f.out.th, TCPOPT_WSCALE);
	ok(o != NULL && o->u.wscale == 7 &&
	    !has_opt(&f.out, TCPOPT_TIMESTAMP) &&
	    !has_opt(&f.out, TCPOPT_SACK_PERM), "options (passive): SYN with "
	    "window scale only -> SYN-ACK with window scale 7 only");
	fix_peer_send(&f, 0, NULL, 0);
	st = fix_status(&f);
	is_int(st.snd_wscale, 2, "options (passive): the peer's shift 2");
	is_int(st.snd_wnd, FIX_PEER_WIN << 2, "options (passive): the ACK's "
	    "window is scaled");
	fix_free(&f);

	/* The peer offers everything; we offer nothing. */
	fix_syn_received_opts(&f, &plain, all_opts);
	ok(!has_opt(&f.out, TCPOPT_TIMESTAMP) &&
	    !has_opt(&f.out, TCPOPT_WSCALE) &&
	    !has_opt(&f.out, TCPOPT_SACK_PERM), "options (passive): nothing "
	    "offered here -> SYN-ACK with MSS only");
	st = fix_status(&f);
	is_int(st.snd_mss, 1400, "options (passive): peer MSS 1400 used");
	fix_free(&f);

	/* No MSS in the SYN: 536. */
	fix_syn_received(&f, &full);
	is_int(fix_status(&f).snd_mss, 536, "options (passive): no MSS option "
	    "-> send 536-byte segments");
	fix_free(&f);
}

int
main(void)
{
	fix_cfg_plain(&plain);
	tcp_cfg_default(&full);
	full.delack = false;
	test_syn_sent();
	test_simultaneous_open();
	test_syn_received();
	test_listen();
	test_backlog();
	test_acceptq_half_open();
	test_acceptq_reset();
	test_acceptq_user();
	test_listen_close();
	test_syncookies();
	test_syncookie_backlog();
	test_options_active();
	test_tiny_mss();
	test_options_passive();
	return (done_testing());
}
