/*
 * tests/unit/test-tcp-close.c - closing a connection (RFC 9293 §3.6,
 * §3.10.4, §3.10.5, §3.10.7.4): every closing transition of the state
 * diagram, CLOSE versus shutdown of the write side, data after CLOSE and
 * CLOSE with unread data (RFC 2525 §2.17, as Linux), TIME-WAIT's 2MSL and
 * its restart, the FIN-WAIT-2 timeout of orphans, TIME-WAIT reuse, and a
 * CLOSE at the end of the peer's stream whose FIN carries the ACK.
 */
#include "tests/unit/tcpfix.h"

static struct tcp_cfg plain;

static void	test_active_close(void);
static void	test_fin_wait_1(void);
static void	test_closing(void);
static void	test_passive_close(void);
static void	test_shutdown_vs_close(void);
static void	test_resets(void);
static void	test_abort(void);
static void	test_time_wait(void);
static void	test_fin_wait_2_timeout(void);
static void	test_time_wait_reuse(void);
static void	test_time_wait_new_syn(void);
static void	test_time_wait_reopen_iss(void);
static void	test_time_wait_equal_ts(void);
static void	test_user_calls(void);
static void	test_events(void);
static void	test_close_syn_received(void);
static void	test_close_at_eof(void);

/*
 * Check for a reset of the connection: RST with SEQ = SND.NXT; an ACK bit,
 * if set (Linux sets it), must carry RCV.NXT.
 */
static void
expect_rst(struct fix *f, uint32_t sndnxt, uint32_t rcvnxt, const char *what)
{
	int	got = fix_take(f);

	ok(got && (f->out.th.flags & ~TH_ACK) == TH_RST &&
	    f->out.th.seq == sndnxt && f->out.len == 0 &&
	    (!(f->out.th.flags & TH_ACK) || f->out.th.ack == rcvnxt),
	    "%s: <SEQ=SND.NXT %u><CTL=RST>", what, sndnxt) ||
	    (got && (fix_diag_seg("got", &f->out), 0));
	EXPECT_NOTHING(f, "%s: nothing after the RST", what);
}

/* ESTABLISHED -> FIN-WAIT-1 -> FIN-WAIT-2 -> TIME-WAIT -> CLOSED. */
static void
test_active_close(void)
{
	struct fix	 f = { 0 };
	char		 err[TCP_ERRLEN];

	fix_in_state(&f, &plain, TCP_ESTABLISHED);
	ok(tcp_close(f.st, f.conn, f.now, err, sizeof err) == 0,
	    "active close: CLOSE accepted");
	EXPECT_STATE(&f, TCP_FIN_WAIT_1, "active close: ESTABLISHED -> "
	    "FIN-WAIT-1");
	EXPECT_OUT(&f, TH_FIN | TH_ACK, f.iss + 1, f.snd, 0, "active close: "
	    "<SEQ=SND.NXT><ACK=RCV.NXT><CTL=FIN,ACK>");
	EXPECT_WHY(&f, TCP_CAUSE_SEND, false, "active close: the FIN is new "
	    "output, not a resend");
	EXPECT_CAUSE(&f, TEV_STATE, TCP_CAUSE_USER_CLOSE, "RFC 9293 §3.10.4",
	    "active close: FIN-WAIT-1 because of CLOSE, §3.10.4");
	FEED(&f, TH_ACK, f.snd, f.iss + 2, NULL, 0);
	EXPECT_STATE(&f, TCP_FIN_WAIT_2, "active close: ACK of FIN -> "
	    "FIN-WAIT-2");
	EXPECT_NOTHING(&f, "active close: the ACK is not answered");
	EXPECT_CAUSE(&f, TEV_STATE, TCP_CAUSE_ACK_OF_FIN, "RFC 9293 §3.10.7.4",
	    "active close: FIN-WAIT-2 because of the ACK of our FIN");
	FEED(&f, TH_FIN | TH_ACK, f.snd, f.iss + 2, NULL, 0);
	EXPECT_STATE(&f, TCP_TIME_WAIT, "active close: FIN -> TIME-WAIT");
	EXPECT_OUT(&f, TH_ACK, f.iss + 2, f.snd + 1, 0, "active close: the FIN "
	    "is acknowledged at once");
	EXPECT_WHY(&f, TCP_CAUSE_FIN_RCVD, false, "active close: that ACK "
	    "answers the FIN");
	{
		const struct tcp_event *ev = EXPECT_CAUSE(&f, TEV_STATE,
		    TCP_CAUSE_FIN_RCVD, "RFC 9293 §3.10.7.4", "active close: "
		    "TIME-WAIT because of the FIN, §3.10.7.4");
		ok(ev != NULL && ev->has_seq && ev->seq == f.snd &&
		    ev->ack == f.iss + 2, "active close: ... with the FIN's "
		    "SEQ and ACK");
	}
	fix_run_until(&f, f.now + 60 * TCP_SEC);
	EXPECT_STATE(&f, TCP_CLOSED, "active close: TIME-WAIT -> CLOSED after "
	    "2MSL");
	EXPECT_NOTHING(&f, "active close: TIME-WAIT ends silently");
	{
		const struct tcp_event *ev = EXPECT_CAUSE(&f, TEV_STATE,
		    TCP_CAUSE_TIME_WAIT_EXPIRED, "RFC 9293 §3.10.8", "active "
		    "close: CLOSED because 2MSL expired");
		ok(ev != NULL && !ev->has_seq, "active close: a timer's event "
		    "carries no sequence numbers");
	}
	fix_free(&f);
}

/* FIN-WAIT-1 with data in flight; the FIN's retransmission. */
static void
test_fin_wait_1(void)
{
	struct fix	 f = { 0 };
	char		 err[TCP_ERRLEN];

	/* Data sent, then CLOSE: the FIN follows and needs its own ACK. */
	fix_in_state(&f, &plain, TCP_ESTABLISHED);
	tcp_send(f.st, f.conn, "abc", 3, f.now, err, sizeof err);
	EXPECT_OUT(&f, TH_ACK | TH_PUSH, f.iss + 1, f.snd, 3, "FIN-WAIT-1: "
	    "data "
	    "sent first");
	tcp_close(f.st, f.conn, f.now, err, sizeof err);
	EXPECT_OUT(&f, TH_FIN | TH_ACK, f.iss + 4, f.snd, 0, "FIN-WAIT-1: FIN "
	    "after the 3 bytes");
	FEED(&f, TH_ACK, f.snd, f.iss + 4, NULL, 0);
	EXPECT_STATE(&f, TCP_FIN_WAIT_1, "FIN-WAIT-1: an ACK of the data only "
	    "keeps FIN-WAIT-1");
	EXPECT_NOTHING(&f, "FIN-WAIT-1: ... and is not answered");
	/* No ACK of the FIN: it is retransmitted. */
	fix_next_timer(&f);
	EXPECT_OUT(&f, TH_FIN | TH_ACK, f.iss + 4, f.snd, 0, "FIN-WAIT-1: the "
	    "FIN is retransmitted on RTO");
	EXPECT_WHY(&f, TCP_CAUSE_RTO, true, "FIN-WAIT-1: ... a resend because "
	    "of the RTO");
	FEED(&f, TH_ACK, f.snd, f.iss + 5, NULL, 0);
	EXPECT_STATE(&f, TCP_FIN_WAIT_2, "FIN-WAIT-1: ACK of the FIN -> "
	    "FIN-WAIT-2");
	ok(fix_status(&f).timer[TCP_TIMER_REXMT] == TCP_NEVER,
	    "FIN-WAIT-2: no retransmission timer left");
	fix_free(&f);

	/* Unsent data at CLOSE: the FIN rides on the last data segment. */
	fix_in_state(&f, &plain, TCP_ESTABLISHED);
	f.win = 0;
	FEED(&f, TH_ACK, f.snd, f.iss + 1, NULL, 0);
	tcp_send(f.st, f.conn, "abc", 3, f.now, err, sizeof err);
	EXPECT_NOTHING(&f, "FIN-WAIT-1: nothing sent into a zero window");
	tcp_close(f.st, f.conn, f.now, err, sizeof err);
	EXPECT_STATE(&f, TCP_FIN_WAIT_1, "FIN-WAIT-1: CLOSE with data queued");
	EXPECT_NOTHING(&f, "FIN-WAIT-1: the FIN waits behind the data");
	f.win = 1000;
	FEED(&f, TH_ACK, f.snd, f.iss + 1, NULL, 0);
	EXPECT_OUT(&f, TH_FIN | TH_ACK | TH_PUSH, f.iss + 1, f.snd, 3,
	    "FIN-WAIT-1: the window opens: data and FIN in one segment");
	FEED(&f, TH_FIN | TH_ACK, f.snd, f.iss + 5, NULL, 0);
	EXPECT_STATE(&f, TCP_TIME_WAIT, "FIN-WAIT-1: FIN with the ACK of our "
	    "FIN -> TIME-WAIT directly");
	EXPECT_OUT(&f, TH_ACK, f.iss + 5, f.snd + 1, 0, "FIN-WAIT-1: that FIN "
	    "is acknowledged");
	fix_free(&f);
}

/* Simultaneous close: FIN-WAIT-1 -> CLOSING -> TIME-WAIT. */
static void
test_closing(void)
{
	struct fix	f = { 0 };

	fix_in_state(&f, &plain, TCP_FIN_WAIT_1);
	FEED(&f, TH_FIN | TH_ACK, f.snd, f.iss + 1, NULL, 0);
	EXPECT_STATE(&f, TCP_CLOSING, "CLOSING: FIN-WAIT-1 + FIN not acking "
	    "ours "
	    "-> CLOSING");
	EXPECT_OUT(&f, TH_ACK, f.iss + 2, f.snd + 1, 0, "CLOSING: the peer's "
	    "FIN "
	    "is acknowledged");
	f.snd++;
	FEED(&f, TH_FIN | TH_ACK, f.snd - 1, f.iss + 1, NULL, 0);
	EXPECT_OUT(&f, TH_ACK, f.iss + 2, f.snd, 0, "CLOSING: a retransmitted "
	    "FIN is acknowledged again");
	EXPECT_WHY(&f, TCP_CAUSE_DUPLICATE, false, "CLOSING: ... because it is "
	    "a duplicate");
	EXPECT_CAUSE(&f, TEV_DISCARD, TCP_CAUSE_DUPLICATE, "RFC 9293 §3.10.7.4",
	    "CLOSING: the duplicate's cause, §3.10.7.4");
	EXPECT_STATE(&f, TCP_CLOSING, "CLOSING: ... and the state stays");
	fix_next_timer(&f);
	EXPECT_OUT(&f, TH_FIN | TH_ACK, f.iss + 1, f.snd, 0, "CLOSING: our FIN "
	    "is retransmitted on RTO");
	FEED(&f, TH_ACK, f.snd, f.iss + 2, NULL, 0);
	EXPECT_STATE(&f, TCP_TIME_WAIT, "CLOSING: ACK of our FIN -> TIME-WAIT");
	EXPECT_NOTHING(&f, "CLOSING: that ACK is not answered");
	fix_free(&f);
}

/* ESTABLISHED -> CLOSE-WAIT -> LAST-ACK -> CLOSED. */
static void
test_passive_close(void)
{
	struct fix	 f = { 0 };
	char		 err[TCP_ERRLEN];
	char		 buf[16];

	fix_in_state(&f, &plain, TCP_ESTABLISHED);
	fix_peer_send(&f, TH_FIN | TH_PUSH, "end", 3);
	EXPECT_STATE(&f, TCP_CLOSE_WAIT, "passive close: data+FIN -> "
	    "CLOSE-WAIT");
	EXPECT_CAUSE(&f, TEV_STATE, TCP_CAUSE_FIN_RCVD, "RFC 9293 §3.10.7.4",
	    "passive close: CLOSE-WAIT because of the FIN");
	EXPECT_OUT(&f, TH_ACK, f.iss + 1, f.snd, 0, "passive close: data and "
	    "FIN "
	    "acknowledged together");
	is_int(tcp_recv(f.st, f.conn, buf, sizeof buf, f.now), 3,
	    "CLOSE-WAIT: the data before the FIN is readable");
	is_int(tcp_recv(f.st, f.conn, buf, sizeof buf, f.now), 0,
	    "CLOSE-WAIT: then end of stream");
	ok(fix_status(&f).fin_rcvd, "CLOSE-WAIT: FIN recorded");
	/* A retransmitted FIN (our ACK was lost) is acknowledged again. */
	FEED(&f, TH_FIN | TH_ACK, f.snd - 1, f.iss + 1, NULL, 0);
	EXPECT_OUT(&f, TH_ACK, f.iss + 1, f.snd, 0, "CLOSE-WAIT: retransmitted "
	    "FIN re-acknowledged");
	EXPECT_STATE(&f, TCP_CLOSE_WAIT, "CLOSE-WAIT: ... state stays");
	/* Data after the FIN is ignored (§3.10.7.4, seventh step). */
	FEED(&f, TH_ACK | TH_PUSH, f.snd, f.iss + 1, "zz", 2);
	fix_drain(&f);
	EXPECT_CAUSE(&f, TEV_DISCARD, TCP_CAUSE_DATA_AFTER_FIN,
	    "RFC 9293 §3.10.7.4", "CLOSE-WAIT: data after the FIN is "
	    "discarded with cause data-after-fin");
	/* We may still send. */
	ok(tcp_send(f.st, f.conn, "bye", 3, f.now, err, sizeof err) == 0,
	    "CLOSE-WAIT: SEND allowed");
	EXPECT_OUT(&f, TH_ACK | TH_PUSH, f.iss + 1, f.snd, 3, "CLOSE-WAIT: "
	    "data "
	    "sent");
	tcp_close(f.st, f.conn, f.now, err, sizeof err);
	EXPECT_STATE(&f, TCP_LAST_ACK, "passive close: CLOSE -> LAST-ACK");
	EXPECT_CAUSE(&f, TEV_STATE, TCP_CAUSE_USER_CLOSE, "RFC 9293 §3.10.4",
	    "passive close: LAST-ACK because of CLOSE");
	EXPECT_OUT(&f, TH_FIN | TH_ACK, f.iss + 4, f.snd, 0, "LAST-ACK: FIN "
	    "after the data");
	FEED(&f, TH_FIN | TH_ACK, f.snd - 1, f.iss + 1, NULL, 0);
	EXPECT_OUT(&f, TH_ACK, f.iss + 5, f.snd, 0, "LAST-ACK: retransmitted "
	    "FIN "
	    "from the peer re-acknowledged");
	FEED(&f, TH_ACK, f.snd, f.iss + 4, NULL, 0);
	EXPECT_STATE(&f, TCP_LAST_ACK, "LAST-ACK: an ACK of the data only "
	    "keeps "
	    "LAST-ACK");
	fix_next_timer(&f);
	EXPECT_OUT(&f, TH_FIN | TH_ACK, f.iss + 4, f.snd, 0, "LAST-ACK: our "
	    "FIN "
	    "retransmitted on RTO");
	FEED(&f, TH_ACK, f.snd, f.iss + 5, NULL, 0);
	EXPECT_STATE(&f, TCP_CLOSED, "LAST-ACK: ACK of our FIN -> CLOSED");
	EXPECT_CAUSE(&f, TEV_STATE, TCP_CAUSE_ACK_OF_FIN, "RFC 9293 §3.10.7.4",
	    "LAST-ACK: CLOSED because of the ACK of our FIN");
	EXPECT_NOTHING(&f, "LAST-ACK: it is not answered");
	ok(stack_deadline(f.st) == TCP_NEVER, "LAST-ACK: no timer left after "
	    "CLOSED");
	fix_free(&f);
}

/* shutdown keeps receiving; CLOSE orphans. */
static void
test_shutdown_vs_close(void)
{
	struct fix	 f = { 0 };
	char		 err[TCP_ERRLEN];
	char		 buf[16];

	f.by_shutdown = true;
	fix_in_state(&f, &plain, TCP_FIN_WAIT_2);
	ok(!fix_status(&f).orphaned && fix_status(&f).shut_wr,
	    "shutdown: write side shut, not orphaned");
	fix_peer_send(&f, TH_PUSH, "more", 4);
	EXPECT_OUT(&f, TH_ACK, f.iss + 2, f.snd, 0, "shutdown: FIN-WAIT-2 "
	    "still "
	    "receives and acknowledges data");
	is_int(tcp_recv(f.st, f.conn, buf, sizeof buf, f.now), 4,
	    "shutdown: RECEIVE returns it");
	EXPECT_STATE(&f, TCP_FIN_WAIT_2, "shutdown: state stays FIN-WAIT-2");
	ok(tcp_send(f.st, f.conn, "x", 1, f.now, err, sizeof err) == -1,
	    "shutdown: SEND after shutdown fails");
	ok(tcp_shutdown(f.st, f.conn, f.now, err, sizeof err) == -1,
	    "shutdown: a second shutdown fails");
	fix_peer_send(&f, TH_FIN, NULL, 0);
	EXPECT_STATE(&f, TCP_TIME_WAIT, "shutdown: FIN -> TIME-WAIT");
	fix_free(&f);

	/* The cause of the state change is the shutdown. */
	fix_in_state(&f, &plain, TCP_ESTABLISHED);
	tcp_shutdown(f.st, f.conn, f.now, err, sizeof err);
	EXPECT_CAUSE(&f, TEV_STATE, TCP_CAUSE_USER_SHUTDOWN,
	    "RFC 9293 §3.10.4", "shutdown: FIN-WAIT-1 because of shutdown");
	fix_free(&f);

	/* shutdown in FIN-WAIT-1: data still accepted. */
	f.by_shutdown = true;
	fix_in_state(&f, &plain, TCP_FIN_WAIT_1);
	FEED(&f, TH_ACK | TH_PUSH, f.snd, f.iss + 1, "abc", 3);
	f.snd += 3;
	EXPECT_OUT(&f, TH_ACK, f.iss + 2, f.snd, 0, "shutdown: FIN-WAIT-1 "
	    "receives data");
	is_int(fix_status(&f).readable, 3, "shutdown: FIN-WAIT-1 data "
	    "readable");
	fix_free(&f);

	/* CLOSE: data arriving in FIN-WAIT-1 resets (RFC 2525 §2.17, Linux). */
	fix_in_state(&f, &plain, TCP_FIN_WAIT_1);
	ok(fix_status(&f).orphaned, "close: the connection is orphaned");
	FEED(&f, TH_ACK | TH_PUSH, f.snd, f.iss + 2, "abc", 3);
	expect_rst(&f, f.iss + 2, f.snd + 3, "close: data in FIN-WAIT-1 after "
	    "CLOSE");
	EXPECT_WHY(&f, TCP_CAUSE_DATA_AFTER_CLOSE, false, "close: the RST's "
	    "cause: data after close");
	EXPECT_CAUSE(&f, TEV_ERROR, TCP_CAUSE_DATA_AFTER_CLOSE,
	    "RFC 2525 §2.17", "close: the error's cause, RFC 2525 §2.17");
	EXPECT_STATE(&f, TCP_CLOSED, "close: ... and the connection is CLOSED");
	fix_free(&f);

	fix_in_state(&f, &plain, TCP_FIN_WAIT_2);
	fix_peer_send(&f, TH_PUSH, "late", 4);
	expect_rst(&f, f.iss + 2, f.snd, "close: data in FIN-WAIT-2 after "
	    "CLOSE");
	EXPECT_STATE(&f, TCP_CLOSED, "close: FIN-WAIT-2 + data -> CLOSED");
	ok(fix_ev_seen(&f, TEV_ERROR, f.conn, NULL), "close: reported as an "
	    "error");
	fix_free(&f);

	/*
	 * A retransmission of data already received is not new data: it is
	 * acknowledged, not reset (Linux resets only when end_seq is after
	 * RCV.NXT, tcp_rcv_state_process).  Found by test-tcp-link.
	 */
	fix_in_state(&f, &plain, TCP_ESTABLISHED);
	fix_peer_send(&f, TH_PUSH, "old", 3);
	fix_drain(&f);
	tcp_recv(f.st, f.conn, buf, sizeof buf, f.now);
	tcp_close(f.st, f.conn, f.now, err, sizeof err);
	fix_drain(&f);
	FEED(&f, TH_ACK | TH_PUSH, f.snd - 3, f.iss + 1, "old", 3);
	EXPECT_OUT(&f, TH_ACK, f.iss + 2, f.snd, 0, "close: a duplicate of "
	    "data already received, in FIN-WAIT-1, is only re-acknowledged");
	EXPECT_STATE(&f, TCP_FIN_WAIT_1, "close: ... and no reset");
	/* The same old data again, now with the FIN: only the FIN is new. */
	FEED(&f, TH_ACK | TH_PUSH | TH_FIN, f.snd - 3, f.iss + 2, "old", 3);
	f.snd++;
	EXPECT_OUT(&f, TH_ACK, f.iss + 2, f.snd, 0, "close: old data + new "
	    "FIN after CLOSE: the FIN is acknowledged, no reset");
	EXPECT_STATE(&f, TCP_TIME_WAIT, "close: ... FIN-WAIT-1 + FIN acking "
	    "ours -> TIME-WAIT");
	fix_free(&f);

	/* A bare FIN after CLOSE is fine. */
	fix_in_state(&f, &plain, TCP_FIN_WAIT_2);
	fix_peer_send(&f, TH_FIN, NULL, 0);
	EXPECT_STATE(&f, TCP_TIME_WAIT, "close: a FIN without data -> "
	    "TIME-WAIT");
	EXPECT_OUT(&f, TH_ACK, f.iss + 2, f.snd, 0, "close: FIN acknowledged");
	fix_free(&f);
}

/* CLOSE with unread data resets (RFC 2525 §2.17). */
static void
test_resets(void)
{
	struct fix	 f = { 0 };
	char		 err[TCP_ERRLEN];

	fix_in_state(&f, &plain, TCP_ESTABLISHED);
	fix_peer_send(&f, TH_PUSH, "unread", 6);
	fix_drain(&f);
	tcp_close(f.st, f.conn, f.now, err, sizeof err);
	expect_rst(&f, f.iss + 1, f.snd, "close with unread data");
	EXPECT_WHY(&f, TCP_CAUSE_USER_CLOSE, false, "close with unread data: "
	    "the RST's cause is CLOSE");
	EXPECT_CAUSE(&f, TEV_STATE, TCP_CAUSE_USER_CLOSE, "RFC 2525 §2.17",
	    "close with unread data: the state change cites RFC 2525 §2.17");
	EXPECT_STATE(&f, TCP_CLOSED, "close with unread data -> CLOSED, no "
	    "FIN");
	fix_free(&f);

	/* In CLOSE-WAIT too. */
	fix_in_state(&f, &plain, TCP_ESTABLISHED);
	fix_peer_send(&f, TH_PUSH | TH_FIN, "unread", 6);
	fix_drain(&f);
	tcp_close(f.st, f.conn, f.now, err, sizeof err);
	expect_rst(&f, f.iss + 1, f.snd, "close in CLOSE-WAIT with unread "
	    "data");
	EXPECT_STATE(&f, TCP_CLOSED, "close in CLOSE-WAIT with unread data -> "
	    "CLOSED");
	fix_free(&f);
}

/* ABORT in every state (§3.10.5). */
static void
test_abort(void)
{
	static const enum tcp_state rst_states[] = { TCP_ESTABLISHED,
	    TCP_FIN_WAIT_1, TCP_FIN_WAIT_2, TCP_CLOSE_WAIT };
	static const enum tcp_state quiet_states[] = { TCP_SYN_SENT,
	    TCP_CLOSING, TCP_LAST_ACK, TCP_TIME_WAIT };
	struct fix	 f = { 0 };
	char		 err[TCP_ERRLEN];
	size_t		 i;
	uint32_t	 nxt, rnxt;

	for (i = 0; i < sizeof rst_states / sizeof rst_states[0]; i++) {
		f.by_shutdown = true;
		fix_in_state(&f, &plain, rst_states[i]);
		nxt = fix_status(&f).snd_nxt;
		rnxt = fix_status(&f).rcv_nxt;
		ok(tcp_abort(f.st, f.conn, f.now, err, sizeof err) == 0,
		    "ABORT in %s accepted", tcp_state_name(rst_states[i]));
		expect_rst(&f, nxt, rnxt, tcp_state_name(rst_states[i]));
		EXPECT_WHY(&f, TCP_CAUSE_USER_ABORT, false, "ABORT in %s: "
		    "the RST's cause is ABORT", tcp_state_name(rst_states[i]));
		EXPECT_CAUSE(&f, TEV_STATE, TCP_CAUSE_USER_ABORT,
		    "RFC 9293 §3.10.5", "ABORT in %s: the state change's "
		    "cause, §3.10.5", tcp_state_name(rst_states[i]));
		EXPECT_STATE(&f, TCP_CLOSED, "ABORT in %s -> CLOSED",
		    tcp_state_name(rst_states[i]));
		ok(stack_deadline(f.st) == TCP_NEVER, "ABORT in %s: no timer "
		    "left", tcp_state_name(rst_states[i]));
		fix_free(&f);
	}
	for (i = 0; i < sizeof quiet_states / sizeof quiet_states[0]; i++) {
		fix_in_state(&f, &plain, quiet_states[i]);
		tcp_abort(f.st, f.conn, f.now, err, sizeof err);
		EXPECT_NOTHING(&f, "ABORT in %s sends nothing",
		    tcp_state_name(quiet_states[i]));
		EXPECT_STATE(&f, TCP_CLOSED, "ABORT in %s -> CLOSED",
		    tcp_state_name(quiet_states[i]));
		fix_free(&f);
	}
}

/* TIME-WAIT lasts exactly time_wait and a retransmitted FIN restarts it. */
static void
test_time_wait(void)
{
	struct fix	f = { 0 };
	struct tcp_cfg	c = plain;
	uint64_t	t0;

	fix_in_state(&f, &plain, TCP_TIME_WAIT);
	t0 = f.now;
	is_int(fix_status(&f).timer[TCP_TIMER_TIMEWAIT] - t0, 60 * TCP_SEC,
	    "TIME-WAIT: timer set to 60 s (2MSL, Linux)");
	is_int(stack_deadline(f.st) - t0, 60 * TCP_SEC, "TIME-WAIT: the "
	    "stack's "
	    "deadline is 60 s away");
	fix_run_until(&f, t0 + 60 * TCP_SEC - 1);
	EXPECT_STATE(&f, TCP_TIME_WAIT, "TIME-WAIT: still there 1 us before 60 "
	    "s");
	fix_run_until(&f, t0 + 60 * TCP_SEC);
	EXPECT_STATE(&f, TCP_CLOSED, "TIME-WAIT: CLOSED at exactly 60 s");
	ok(fix_ev_seen(&f, TEV_STATE, f.conn, "2MSL"), "TIME-WAIT: the event "
	    "names 2MSL");
	{
		const struct tcp_event *ev = fix_ev_cause(&f, TEV_STATE,
		    TCP_CAUSE_TIME_WAIT_EXPIRED);
		ok(ev != NULL && ev->elapsed == 60 * TCP_SEC &&
		    strstr(ev->why, "TIME-WAIT ended after 60.000 s") != NULL,
		    "TIME-WAIT: the event says it lasted 60.000 s (%s)",
		    ev != NULL ? ev->why : "none");
	}
	fix_free(&f);

	/* Restarted by a retransmitted FIN. */
	fix_in_state(&f, &plain, TCP_TIME_WAIT);
	t0 = f.now;
	fix_run_until(&f, t0 + 30 * TCP_SEC);
	FEED(&f, TH_FIN | TH_ACK, f.snd - 1, f.iss + 2, NULL, 0);
	EXPECT_OUT(&f, TH_ACK, f.iss + 2, f.snd, 0, "TIME-WAIT: retransmitted "
	    "FIN acknowledged");
	EXPECT_WHY(&f, TCP_CAUSE_DUPLICATE, false, "TIME-WAIT: ... as a "
	    "duplicate");
	fix_run_until(&f, t0 + 90 * TCP_SEC - 1);
	EXPECT_STATE(&f, TCP_TIME_WAIT, "TIME-WAIT: restarted, still there at "
	    "30 + 60 s - 1 us");
	fix_run_until(&f, t0 + 90 * TCP_SEC);
	EXPECT_STATE(&f, TCP_CLOSED, "TIME-WAIT: CLOSED 60 s after the last "
	    "FIN");
	{
		const struct tcp_event *ev = fix_ev_cause(&f, TEV_STATE,
		    TCP_CAUSE_TIME_WAIT_EXPIRED);
		ok(ev != NULL && ev->elapsed == 90 * TCP_SEC &&
		    strstr(ev->why, "after 90.000 s") != NULL, "TIME-WAIT: "
		    "restarted, it lasted 90 s in all (%s)",
		    ev != NULL ? ev->why : "none");
	}
	fix_free(&f);

	/* The knob. */
	c.time_wait = 5 * TCP_SEC;
	fix_in_state(&f, &c, TCP_TIME_WAIT);
	t0 = f.now;
	fix_run_until(&f, t0 + 5 * TCP_SEC - 1);
	EXPECT_STATE(&f, TCP_TIME_WAIT, "TIME-WAIT: time_wait 5 s: there at 5 "
	    "s - 1 us");
	fix_run_until(&f, t0 + 5 * TCP_SEC);
	EXPECT_STATE(&f, TCP_CLOSED, "TIME-WAIT: time_wait 5 s: gone at 5 s");
	{
		const struct tcp_event *ev = fix_ev_cause(&f, TEV_STATE,
		    TCP_CAUSE_TIME_WAIT_EXPIRED);
		ok(ev != NULL && strstr(ev->why, "the 2MSL timer (5s) "
		    "expired") != NULL, "TIME-WAIT: time_wait 5 s: the event "
		    "names the timer as set (%s)", ev != NULL ? ev->why : "none");
	}
	fix_free(&f);

	/* Below a whole second, the event names it in ms (it said "0 s"). */
	c.time_wait = 200 * TCP_MS;
	fix_in_state(&f, &c, TCP_TIME_WAIT);
	t0 = f.now;
	fix_run_until(&f, t0 + 200 * TCP_MS);
	EXPECT_STATE(&f, TCP_CLOSED, "TIME-WAIT: time_wait 200 ms: gone at "
	    "200 ms");
	{
		const struct tcp_event *ev = fix_ev_cause(&f, TEV_STATE,
		    TCP_CAUSE_TIME_WAIT_EXPIRED);
		ok(ev != NULL && strstr(ev->why, "TIME-WAIT ended after 0.200 "
		    "s: the 2MSL timer (200ms) expired") != NULL, "TIME-WAIT: "
		    "time_wait 200 ms: the event says 200ms (%s)",
		    ev != NULL ? ev->why : "none");
	}
	fix_free(&f);

	/* TIME-WAIT from CLOSING, too. */
	fix_in_state(&f, &plain, TCP_CLOSING);
	FEED(&f, TH_ACK, f.snd, f.iss + 2, NULL, 0);
	t0 = f.now;
	fix_run_until(&f, t0 + 60 * TCP_SEC - 1);
	EXPECT_STATE(&f, TCP_TIME_WAIT, "TIME-WAIT (from CLOSING): there at 60 "
	    "s - 1 us");
	fix_run_until(&f, t0 + 60 * TCP_SEC);
	EXPECT_STATE(&f, TCP_CLOSED, "TIME-WAIT (from CLOSING): gone at 60 s");
	fix_free(&f);
}

/* The FIN-WAIT-2 timeout applies after CLOSE, not after shutdown. */
static void
test_fin_wait_2_timeout(void)
{
	struct fix	 f = { 0 };
	char		 err[TCP_ERRLEN];
	uint64_t	 t0;

	fix_in_state(&f, &plain, TCP_FIN_WAIT_2);
	t0 = f.now;
	fix_run_until(&f, t0 + 60 * TCP_SEC - 1);
	EXPECT_STATE(&f, TCP_FIN_WAIT_2, "FIN-WAIT-2 after CLOSE: there at 60 "
	    "s - 1 us");
	fix_run_until(&f, t0 + 60 * TCP_SEC);
	EXPECT_STATE(&f, TCP_CLOSED, "FIN-WAIT-2 after CLOSE: CLOSED at 60 s");
	EXPECT_NOTHING(&f, "FIN-WAIT-2 timeout: nothing sent");
	EXPECT_CAUSE(&f, TEV_STATE, TCP_CAUSE_FIN_WAIT2_TIMEOUT, NULL,
	    "FIN-WAIT-2 timeout: the cause (Linux, no RFC clause)");
	fix_free(&f);

	f.by_shutdown = true;
	fix_in_state(&f, &plain, TCP_FIN_WAIT_2);
	t0 = f.now;
	ok(stack_deadline(f.st) == TCP_NEVER, "FIN-WAIT-2 after shutdown: no "
	    "timer at all");
	fix_run_until(&f, t0 + 3600 * TCP_SEC);
	EXPECT_STATE(&f, TCP_FIN_WAIT_2, "FIN-WAIT-2 after shutdown: still "
	    "there "
	    "after an hour");
	/* CLOSE now orphans it: the timeout starts. */
	tcp_close(f.st, f.conn, f.now, err, sizeof err);
	EXPECT_NOTHING(&f, "FIN-WAIT-2: CLOSE after shutdown sends nothing "
	    "more");
	t0 = f.now;
	fix_run_until(&f, t0 + 60 * TCP_SEC - 1);
	EXPECT_STATE(&f, TCP_FIN_WAIT_2, "FIN-WAIT-2: CLOSE after shutdown: "
	    "there "
	    "at 60 s - 1 us");
	fix_run_until(&f, t0 + 60 * TCP_SEC);
	EXPECT_STATE(&f, TCP_CLOSED, "FIN-WAIT-2: CLOSE after shutdown: CLOSED "
	    "60 s after the CLOSE");
	fix_free(&f);

	/* The timer counts from FIN-WAIT-2, not from CLOSE. */
	fix_in_state(&f, &plain, TCP_FIN_WAIT_1);
	fix_run_until(&f, f.now + 500 * TCP_MS);
	FEED(&f, TH_ACK, f.snd, f.iss + 2, NULL, 0);
	t0 = f.now;
	fix_run_until(&f, t0 + 60 * TCP_SEC - 1);
	EXPECT_STATE(&f, TCP_FIN_WAIT_2, "FIN-WAIT-2: timeout counted from "
	    "entering FIN-WAIT-2");
	fix_free(&f);
}

/* TIME-WAIT and OPEN with a fixed port: refused, unless tw_reuse. */
static void
test_time_wait_reuse(void)
{
	struct fix	 f = { 0 };
	char		 err[TCP_ERRLEN] = "";
	unsigned	 c2, old;
	struct endpoint	 l;

	fix_in_state(&f, &plain, TCP_TIME_WAIT);
	old = f.conn;
	l = f.l;
	c2 = tcp_connect(f.st, &l, &f.r, f.now, err, sizeof err);
	ok(c2 == 0 && err[0] != '\0' && strstr(err, "TIME-WAIT") != NULL,
	    "TIME-WAIT reuse: OPEN on the same 4-tuple refused: %s",
	    err[0] != '\0' ? err : "(accepted)");
	EXPECT_NOTHING(&f, "TIME-WAIT reuse: no SYN sent");
	EXPECT_STATE(&f, TCP_TIME_WAIT, "TIME-WAIT reuse: TIME-WAIT untouched");
	/* Port 0: an ephemeral port other than the TIME-WAIT one. */
	l.port = 0;
	c2 = tcp_connect(f.st, &l, &f.r, f.now, err, sizeof err);
	ok(c2 != 0 && fix_take(&f) && f.out.th.sport != f.l.port,
	    "TIME-WAIT reuse: port 0 picks another port (%u, not %u)",
	    f.out.th.sport, f.l.port);
	fix_free(&f);

	fix_in_state(&f, &plain, TCP_TIME_WAIT);
	old = f.conn;
	stack_cfg(f.st)->tw_reuse = true;
	c2 = tcp_connect(f.st, &f.l, &f.r, f.now, err, sizeof err);
	ok(c2 != 0 && c2 != old, "TIME-WAIT reuse: with tw_reuse the OPEN "
	    "succeeds");
	is_int(fix_state_of(&f, old), TCP_CLOSED, "TIME-WAIT reuse: the old "
	    "connection is CLOSED");
	is_int(fix_state_of(&f, c2), TCP_SYN_SENT, "TIME-WAIT reuse: the new "
	    "one is in SYN-SENT");
	EXPECT_OUT(&f, TH_SYN, ANY, 0, 0, "TIME-WAIT reuse: its SYN is sent");
	is_int(f.out.th.sport, f.l.port, "TIME-WAIT reuse: from the same port");
	is_int(f.out.th.seq, f.iss + 2 + 65537, "TIME-WAIT reuse: its ISS is "
	    "the old SND.MAX + 65535 + 2 (RFC 9293 §3.6.1, Linux)");
	EXPECT_CAUSE(&f, TEV_STATE, TCP_CAUSE_TW_REUSE, NULL, "TIME-WAIT "
	    "reuse: the old connection's cause is time-wait-reuse");
	fix_free(&f);
}

/* The peer's SYN carries a timestamp (the fixture's first TSval). */
static void
syn_ts(struct seg *s)
{
	fix_opt_ts(s, 777000, 0);
}

/*
 * A server's TIME-WAIT with settings c (timestamps from the peer when
 * ts): ESTABLISHED from a listener, sending bytes to the peer, which
 * acknowledges them 1 ms later, then an active close.
 */
static void
server_time_wait_after(struct fix *f, const struct tcp_cfg *c, bool ts,
    size_t bytes)
{
	static uint8_t	 data[1 << 22];
	char		 err[TCP_ERRLEN];
	int		 n;

	fix_syn_received_opts(f, c, ts ? syn_ts : NULL);
	f->peer_ts = ts;
	fix_peer_send(f, 0, NULL, 0);
	tcp_accept(f->st, f->lis);
	if (bytes > sizeof data || tcp_send(f->st, f->conn, data, bytes,
	    f->now, err, sizeof err) != 0)
		ok(0, "fixture: SEND of %zu bytes", bytes);
	for (n = 0; n < 100000 && (fix_status(f).snd_una !=
	    fix_status(f).snd_max || fix_status(f).unsent > 0); n++) {
		fix_drain(f);
		f->now += TCP_MS;
		f->rcv = fix_our_nxt(f);
		fix_peer_send(f, 0, NULL, 0);
	}
	tcp_close(f->st, f->conn, f->now, err, sizeof err);
	fix_drain(f);
	f->rcv++;
	fix_peer_send(f, TH_FIN, NULL, 0);
	fix_drain(f);
	fix_ev_clear(f);
	fix_reached(f, TCP_TIME_WAIT, "server TIME-WAIT");
}

/* A server's TIME-WAIT without data or options. */
static void
server_time_wait(struct fix *f)
{
	server_time_wait_after(f, &plain, false, 0);
}

/* A new SYN above RCV.NXT ends TIME-WAIT when a listener takes it. */
static void
test_time_wait_new_syn(void)
{
	struct fix	f = { 0 };
	unsigned	old;

	server_time_wait(&f);
	old = f.conn;
	FEED(&f, TH_SYN, f.snd + 100, 0, NULL, 0);
	is_int(fix_state_of(&f, old), TCP_CLOSED, "TIME-WAIT: a new SYN above "
	    "RCV.NXT (in the window) ends it (RFC 6191, Linux)");
	EXPECT_CAUSE(&f, TEV_STATE, TCP_CAUSE_TW_NEW_SYN, "RFC 6191 §2",
	    "TIME-WAIT: the cause is the new SYN, RFC 6191 §2");
	EXPECT_OUT(&f, TH_SYN | TH_ACK, ANY, f.snd + 101, 0, "TIME-WAIT: the "
	    "listener answers the new SYN with a SYN-ACK");
	ok(fix_ev_state(&f, 0, TCP_SYN_RECEIVED), "TIME-WAIT: a new connection "
	    "in SYN-RECEIVED");
	fix_free(&f);

	/*
	 * A new ISN is usually far beyond the old window: Linux takes any SYN
	 * "after" RCV.NXT (tcp_timewait_state_process, before any window
	 * check).
	 */
	server_time_wait(&f);
	old = f.conn;
	FEED(&f, TH_SYN, f.snd + 100000000, 0, NULL, 0);
	is_int(fix_state_of(&f, old), TCP_CLOSED, "TIME-WAIT: a new SYN far "
	    "above RCV.NXT (outside the window) ends it too (Linux)");
	EXPECT_OUT(&f, TH_SYN | TH_ACK, ANY, f.snd + 100000001, 0, "TIME-WAIT: "
	    "... and the listener answers it with a SYN-ACK");
	fix_free(&f);

	/* A SYN at or below RCV.NXT does not: challenge ACK. */
	server_time_wait(&f);
	FEED(&f, TH_SYN, f.snd - 5, 0, NULL, 0);
	EXPECT_OUT(&f, TH_ACK, ANY, f.snd, 0, "TIME-WAIT: an old SYN is "
	    "answered with an ACK");
	EXPECT_STATE(&f, TCP_TIME_WAIT, "TIME-WAIT: an old SYN keeps it");
	fix_free(&f);

	/*
	 * No listener (our side was the client): the SYN cannot start a new
	 * connection, so TIME-WAIT stays and answers with an ACK (Linux:
	 * TCP_TW_SYN without a listener falls through to TCP_TW_ACK).
	 */
	fix_in_state(&f, &plain, TCP_TIME_WAIT);
	FEED(&f, TH_SYN, f.snd + 100, 0, NULL, 0);
	EXPECT_OUT(&f, TH_ACK, f.iss + 2, f.snd, 0, "TIME-WAIT without a "
	    "listener: a new SYN is answered with the TIME-WAIT ACK");
	EXPECT_STATE(&f, TCP_TIME_WAIT, "TIME-WAIT without a listener: kept");
	fix_free(&f);
}

/*
 * Reopening from TIME-WAIT: the new connection's ISS lies above every
 * sequence number the old one used (RFC 9293 §3.6.1 MAY-2, RFC 1122
 * §4.2.2.13), even after megabytes sent in a few milliseconds, when an
 * RFC 6528 ISN (a 4 us clock) has not caught up: old SND.MAX + 65535 + 2,
 * as Linux.  Issue 15 item 1.
 */
static void
test_time_wait_reopen_iss(void)
{
	struct fix	f = { 0 };
	uint32_t	old_max, old_iss;
	unsigned	old;

	server_time_wait_after(&f, &plain, false, 3 << 20);
	old = f.conn;
	old_iss = f.iss;
	old_max = fix_status(&f).snd_max;
	is_int(old_max - old_iss, (3 << 20) + 2, "reopen: the old connection "
	    "sent 3 MB (and SYN and FIN) before TIME-WAIT");
	FEED(&f, TH_SYN, f.snd + 100000, 0, NULL, 0);
	is_int(fix_state_of(&f, old), TCP_CLOSED, "reopen: the new SYN ends "
	    "TIME-WAIT");
	EXPECT_OUT(&f, TH_SYN | TH_ACK, ANY, f.snd + 100001, 0, "reopen: the "
	    "listener answers with a SYN-ACK");
	ok(seq_gt(f.out.th.seq, old_max), "reopen: the new ISS %u is above "
	    "the old SND.MAX %u (old ISS %u)", f.out.th.seq, old_max, old_iss);
	is_int(f.out.th.seq, old_max + 65535 + 2, "reopen: ISS = old SND.MAX "
	    "+ 65535 + 2");
	EXPECT_WHY(&f, TCP_CAUSE_SYN_RCVD, false, "reopen: the SYN-ACK answers "
	    "the SYN");
	EXPECT_CAUSE(&f, TEV_STATE, TCP_CAUSE_TW_NEW_SYN, "RFC 6191 §2",
	    "reopen: TIME-WAIT ends because of the new SYN, RFC 6191 §2");
	fix_free(&f);

	/* With SYN cookies always on, the reopening SYN still gets it. */
	server_time_wait_after(&f, &plain, false, 1 << 20);
	tcp_conn_cfg(f.st, f.lis)->syncookies = 2;
	old_max = fix_status(&f).snd_max;
	FEED(&f, TH_SYN, f.snd + 100000, 0, NULL, 0);
	EXPECT_OUT(&f, TH_SYN | TH_ACK, old_max + 65537, f.snd + 100001, 0,
	    "reopen, syncookies 2: no cookie, the ISS above the old SND.MAX");
	EXPECT_WHY(&f, TCP_CAUSE_SYN_RCVD, false, "reopen, syncookies 2: a "
	    "connection's SYN-ACK, not a cookie's");
	fix_free(&f);
}

/*
 * RFC 6191 §2: when the old connection used timestamps and the SYN has
 * one, a newer TSval accepts, an older one refuses, and an equal one
 * leaves it to the sequence number.  Issue 15 item 2.
 */
static void
test_time_wait_equal_ts(void)
{
	struct fix	f = { 0 };
	struct tcp_cfg	c = plain;
	unsigned	old;

	c.opt_ts = true;
	server_time_wait_after(&f, &c, true, 100000);
	ok(fix_status(&f).ts_ok, "equal TSval: timestamps in use");
	old = f.conn;
	f.peer_tsval = fix_status(&f).ts_recent;
	FEED(&f, TH_SYN, f.snd + 100000, 0, NULL, 0);
	is_int(fix_state_of(&f, old), TCP_CLOSED, "equal TSval, higher SEQ: "
	    "TIME-WAIT ends (RFC 6191 §2, Linux)");
	EXPECT_OUT(&f, TH_SYN | TH_ACK, ANY, f.snd + 100001, 0, "equal TSval, "
	    "higher SEQ: the listener answers with a SYN-ACK");
	ok(fix_ev_seen(&f, TEV_STATE, old, "higher sequence number"),
	    "equal TSval, higher SEQ: the sequence number decided");
	fix_free(&f);

	server_time_wait_after(&f, &c, true, 100000);
	f.peer_tsval = fix_status(&f).ts_recent;
	FEED(&f, TH_SYN, f.snd - 5, 0, NULL, 0);
	EXPECT_OUT(&f, TH_ACK, ANY, f.snd, 0, "equal TSval, lower SEQ: "
	    "answered with an ACK");
	EXPECT_STATE(&f, TCP_TIME_WAIT, "equal TSval, lower SEQ: TIME-WAIT "
	    "stays");
	fix_free(&f);

	server_time_wait_after(&f, &c, true, 100000);
	f.peer_tsval = fix_status(&f).ts_recent - 1;
	FEED(&f, TH_SYN, f.snd + 100000, 0, NULL, 0);
	EXPECT_STATE(&f, TCP_TIME_WAIT, "older TSval, higher SEQ: TIME-WAIT "
	    "stays (RFC 6191 §2)");
	fix_free(&f);

	server_time_wait_after(&f, &c, true, 100000);
	old = f.conn;
	f.peer_tsval = fix_status(&f).ts_recent + 1;
	FEED(&f, TH_SYN, f.snd - 5, 0, NULL, 0);
	is_int(fix_state_of(&f, old), TCP_CLOSED, "newer TSval, lower SEQ: "
	    "TIME-WAIT ends (the timestamp decides)");
	ok(fix_ev_seen(&f, TEV_STATE, old, "higher timestamp"),
	    "newer TSval, lower SEQ: the timestamp decided");
	fix_free(&f);
}

/* User calls in the closing states. */
static void
test_user_calls(void)
{
	struct fix	 f = { 0 };
	char		 err[TCP_ERRLEN] = "";
	char		 buf[8];

	fix_in_state(&f, &plain, TCP_FIN_WAIT_1);
	ok(tcp_send(f.st, f.conn, "x", 1, f.now, err, sizeof err) == -1 &&
	    strstr(err, "closing") != NULL, "FIN-WAIT-1: SEND fails: "
	    "connection closing");
	ok(tcp_close(f.st, f.conn, f.now, err, sizeof err) == 0 ||
	    strstr(err, "closing") != NULL, "FIN-WAIT-1: a second CLOSE is "
	    "harmless");
	EXPECT_NOTHING(&f, "FIN-WAIT-1: a second CLOSE sends no second FIN");
	fix_free(&f);

	fix_in_state(&f, &plain, TCP_TIME_WAIT);
	err[0] = '\0';
	ok(tcp_send(f.st, f.conn, "x", 1, f.now, err, sizeof err) == -1 &&
	    err[0] != '\0' &&
	    strstr(err, "closing") != NULL, "TIME-WAIT: SEND fails: "
	    "connection closing");
	is_int(tcp_recv(f.st, f.conn, buf, sizeof buf, f.now), 0,
	    "TIME-WAIT: RECEIVE returns nothing");
	fix_free(&f);

	fix_in_state(&f, &plain, TCP_CLOSED);
	err[0] = '\0';
	ok(tcp_close(f.st, f.conn, f.now, err, sizeof err) == -1 &&
	    err[0] != '\0' &&
	    strstr(err, "does not exist") != NULL, "CLOSED: CLOSE fails: "
	    "connection does not exist");
	EXPECT_NOTHING(&f, "CLOSED: nothing sent");
	fix_free(&f);
}

/*
 * SEND then CLOSE in SYN-RECEIVED (RFC 9293 §3.10.4): the data and the FIN
 * wait for the ACK of our SYN; then the data goes first, the FIN after it,
 * and the state is FIN-WAIT-1.
 */
static void
test_close_syn_received(void)
{
	struct fix	 f = { 0 };
	char		 err[TCP_ERRLEN] = "";

	fix_in_state(&f, &plain, TCP_SYN_RECEIVED);
	ok(tcp_send(f.st, f.conn, "abc", 3, f.now, err, sizeof err) == 0,
	    "SYN-RECEIVED: SEND is queued");
	ok(tcp_close(f.st, f.conn, f.now, err, sizeof err) == 0,
	    "SYN-RECEIVED: CLOSE with data queued is accepted");
	EXPECT_STATE(&f, TCP_SYN_RECEIVED, "SYN-RECEIVED: CLOSE waits for the "
	    "ACK of our SYN");
	EXPECT_NOTHING(&f, "SYN-RECEIVED: no data and no FIN before that ACK");
	FEED(&f, TH_ACK, f.snd, f.iss + 1, NULL, 0);
	EXPECT_STATE(&f, TCP_FIN_WAIT_1, "SYN-RECEIVED: the ACK -> "
	    "ESTABLISHED -> FIN-WAIT-1");
	ok(fix_take(&f) && f.out.th.seq == f.iss + 1 && f.out.len == 3 &&
	    (f.out.th.flags & TH_ACK), "SYN-RECEIVED: the 3 bytes go first") ||
	    (fix_diag_seg("got", &f.out), 0);
	ok((f.out.th.flags & TH_FIN) ||
	    (fix_take(&f) && (f.out.th.flags & TH_FIN) &&
	    f.out.th.seq == f.iss + 4), "SYN-RECEIVED: the FIN follows at "
	    "ISS + 4");
	FEED(&f, TH_ACK, f.snd, f.iss + 5, NULL, 0);
	EXPECT_STATE(&f, TCP_FIN_WAIT_2, "SYN-RECEIVED: ACK of data and FIN -> "
	    "FIN-WAIT-2");
	fix_free(&f);
}

/* Every state change is an event with its from, to and cause (DESIGN.md §2). */
static void
test_events(void)
{
	static const enum tcp_state want[] = { TCP_SYN_SENT, TCP_ESTABLISHED,
	    TCP_FIN_WAIT_1, TCP_FIN_WAIT_2, TCP_TIME_WAIT, TCP_CLOSED };
	struct fix	 f = { 0 };
	char		 err[TCP_ERRLEN];
	int		 i, n = 0, good = 1;

	fix_syn_sent(&f, &plain);
	FEED(&f, TH_SYN | TH_ACK, f.snd, f.iss + 1, NULL, 0);
	f.snd++;
	tcp_close(f.st, f.conn, f.now, err, sizeof err);
	FEED(&f, TH_ACK, f.snd, f.iss + 2, NULL, 0);
	FEED(&f, TH_FIN | TH_ACK, f.snd, f.iss + 2, NULL, 0);
	fix_run_until(&f, f.now + 60 * TCP_SEC);
	fix_ev_pump(&f);
	for (i = 0; i < f.nev; i++) {
		struct tcp_event *ev = &f.ev[i];
		if (ev->type != TEV_STATE || ev->conn != f.conn)
			continue;
		if (n >= 6 || ev->to != want[n] ||
		    (n > 0 && ev->from != want[n - 1]) ||
		    strstr(ev->why, "RFC") == NULL) {
			good = 0;
			diag("event %d: %s -> %s: "
			    "%s", n, tcp_state_name(ev->from),
			    tcp_state_name(ev->to), ev->why);
		}
		n++;
	}
	ok(good && n == 6, "events: SYN-SENT, ESTABLISHED, FIN-WAIT-1, "
	    "FIN-WAIT-2, TIME-WAIT, CLOSED, each with from, to and an RFC "
	    "clause (%d events)", n);
	fix_free(&f);
}

/*
 * close at-eof (tcp_close_at_eof): armed in ESTABLISHED, the CLOSE happens
 * in the step that takes the peer's FIN in, so one segment carries our FIN
 * and the ACK of theirs (CLOSE-WAIT lasts no time); in CLOSE-WAIT it is a
 * plain CLOSE; closing or not yet open, it is refused.
 */
static void
test_close_at_eof(void)
{
	struct fix	 f = { 0 };
	char		 err[TCP_ERRLEN], buf[16];

	fix_in_state(&f, &plain, TCP_ESTABLISHED);
	ok(tcp_close_at_eof(f.st, f.conn, f.now, err, sizeof err) == 0,
	    "at-eof: armed in ESTABLISHED");
	EXPECT_STATE(&f, TCP_ESTABLISHED, "at-eof: the state stays");
	EXPECT_NOTHING(&f, "at-eof: nothing sent yet");
	fix_peer_send(&f, TH_FIN | TH_PUSH, "end", 3);
	EXPECT_STATE(&f, TCP_LAST_ACK, "at-eof: data+FIN -> LAST-ACK at once");
	EXPECT_CAUSE(&f, TEV_STATE, TCP_CAUSE_FIN_RCVD, "RFC 9293 §3.10.7.4",
	    "at-eof: through CLOSE-WAIT because of the FIN");
	EXPECT_CAUSE(&f, TEV_STATE, TCP_CAUSE_USER_CLOSE, "RFC 9293 §3.10.4",
	    "at-eof: LAST-ACK because of the CLOSE");
	EXPECT_OUT(&f, TH_FIN | TH_ACK, f.iss + 1, f.snd, 0, "at-eof: one "
	    "segment, our FIN carrying the ACK of data and FIN");
	is_int(tcp_recv(f.st, f.conn, buf, sizeof buf, f.now), 3,
	    "at-eof: the data before the FIN is still delivered");
	FEED(&f, TH_ACK, f.snd, f.iss + 2, NULL, 0);
	EXPECT_STATE(&f, TCP_CLOSED, "at-eof: the ACK of our FIN closes");
	EXPECT_NOTHING(&f, "at-eof: and is not answered");
	fix_free(&f);

	fix_in_state(&f, &plain, TCP_CLOSE_WAIT);
	fix_drain(&f);
	ok(tcp_close_at_eof(f.st, f.conn, f.now, err, sizeof err) == 0,
	    "at-eof in CLOSE-WAIT: accepted");
	EXPECT_STATE(&f, TCP_LAST_ACK, "at-eof in CLOSE-WAIT: a CLOSE at once");
	EXPECT_OUT(&f, TH_FIN | TH_ACK, f.iss + 1, f.snd, 0, "at-eof in "
	    "CLOSE-WAIT: our FIN");
	fix_free(&f);

	fix_in_state(&f, &plain, TCP_ESTABLISHED);
	tcp_shutdown(f.st, f.conn, f.now, err, sizeof err);
	fix_drain(&f);
	ok(tcp_close_at_eof(f.st, f.conn, f.now, err, sizeof err) == -1 &&
	    strcmp(err, "connection closing") == 0,
	    "at-eof after shutdown: refused, connection closing");
	fix_free(&f);

	fix_in_state(&f, &plain, TCP_SYN_SENT);
	ok(tcp_close_at_eof(f.st, f.conn, f.now, err, sizeof err) == -1 &&
	    strcmp(err, "connection not yet open") == 0,
	    "at-eof in SYN-SENT: refused, not yet open");
	fix_free(&f);
}

int
main(void)
{
	fix_cfg_plain(&plain);
	test_active_close();
	test_fin_wait_1();
	test_closing();
	test_passive_close();
	test_shutdown_vs_close();
	test_resets();
	test_abort();
	test_time_wait();
	test_fin_wait_2_timeout();
	test_time_wait_reuse();
	test_time_wait_new_syn();
	test_time_wait_reopen_iss();
	test_time_wait_equal_ts();
	test_user_calls();
	test_events();
	test_close_syn_received();
	test_close_at_eof();
	return (done_testing());
}
