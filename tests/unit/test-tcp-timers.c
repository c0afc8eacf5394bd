/*
 * tests/unit/test-tcp-timers.c - the engine's timers in virtual time: RTO
 * backoff and give-up for SYN, SYN-ACK and data (RFC 6298, Linux's
 * syn_retries/synack_retries/retries2), the RTO estimator and its 200 ms
 * floor, Karn's rule, the user timeout (RFC 5482), keepalive (RFC 1122
 * §4.2.3.6), zero-window probes (RFC 9293 §3.8.6.1), delayed ACKs (RFC 1122
 * §4.2.3.2, RFC 5681 §4.2) and Nagle (RFC 896, RFC 9293 §3.7.4).
 */
#include "tests/unit/tcpfix.h"

static struct tcp_cfg plain;

static void	test_syn_backoff(void);
static void	test_synack_backoff(void);
static void	test_data_backoff(void);
static void	test_rto_estimator(void);
static void	test_karn(void);
static void	test_user_timeout(void);
static void	test_keepalive(void);
static void	test_persist(void);
static void	test_delack(void);
static void	test_nagle(void);
static void	test_rto_flight(void);

#define MAXT	64

/*
 * Run timers until the connection leaves state s (or n expiries), writing
 * the time (relative to t0) of each segment matching flags/seq into at[].
 * Returns how many matched; other segments are counted in *other.
 */
static int
run_collect(struct fix *f, enum tcp_state s, uint64_t t0, uint16_t flags,
    uint32_t seq, uint64_t *at, int *other)
{
	int	n = 0, i;

	*other = 0;
	for (i = 0; i < 200 && fix_state_of(f, f->conn) == s; i++) {
		if (!fix_next_timer(f))
			break;
		while (fix_take(f)) {
			if (f->out.th.flags == flags && f->out.th.seq == seq &&
			    n < MAXT)
				at[n++] = f->now - t0;
			else
				(*other)++;
		}
	}
	return (n);
}

/* SYN: 1, 2, 4 ... s apart, give-up after syn_retries (127 s for 6). */
static void
test_syn_backoff(void)
{
	struct fix	f = { 0 };
	uint64_t	at[MAXT], t0, want = 0;
	int		n, i, other, good = 1;
	struct tcp_cfg	c = plain;

	fix_syn_sent(&f, &plain);
	t0 = f.now;
	n = run_collect(&f, TCP_SYN_SENT, t0, TH_SYN, f.iss, at, &other);
	is_int(n, 6, "SYN-SENT: 6 retransmissions of the SYN (syn_retries)");
	for (i = 0; i < n; i++) {
		want += (1ULL << i) * TCP_SEC;
		if (at[i] != want) {
			good = 0;
			diag("SYN retransmission %d at %llu us, want "
			    "%llu", i + 1,
			    (unsigned long long)at[i],
			    (unsigned long long)want);
		}
	}
	ok(good && n == 6, "SYN-SENT: retransmitted at 1, 3, 7, 15, 31, 63 s "
	    "(RTO 1 s doubling)");
	EXPECT_STATE(&f, TCP_CLOSED, "SYN-SENT: gives up");
	is_int(f.now - t0, 127 * TCP_SEC, "SYN-SENT: gives up after exactly "
	    "127 s");
	is_int(other, 0, "SYN-SENT: nothing else sent (no RST when giving up)");
	ok(fix_ev_seen(&f, TEV_ERROR, f.conn, NULL), "SYN-SENT: the failure is "
	    "reported as an error");
	{
		const struct tcp_event *ev = fix_ev_cause(&f, TEV_NOTE,
		    TCP_CAUSE_RTO);
		ok(ev != NULL && ev->clause != NULL && strcmp(ev->clause,
		    "RFC 6298 §5.5") == 0 && ev->has_seq && ev->seq == f.iss &&
		    ev->count == 6, "SYN-SENT: the last RTO note: cause rto, "
		    "RFC 6298 §5.5, the SYN's SEQ, retransmission 6");
		ev = EXPECT_CAUSE(&f, TEV_ERROR, TCP_CAUSE_RTO_GIVEUP,
		    "RFC 9293 §3.8.3", "SYN-SENT: giving up: cause "
		    "rto-giveup, RFC 9293 §3.8.3");
		ok(ev != NULL && ev->count == 6, "SYN-SENT: ... after 6 "
		    "retransmissions");
	}
	fix_free(&f);

	/* syn_retries 2: 1 + 2 + 4 = 7 s. */
	c.syn_retries = 2;
	fix_syn_sent(&f, &c);
	t0 = f.now;
	n = run_collect(&f, TCP_SYN_SENT, t0, TH_SYN, f.iss, at, &other);
	is_int(n, 2, "SYN-SENT: syn_retries 2 -> 2 retransmissions");
	is_int(f.now - t0, 7 * TCP_SEC, "SYN-SENT: syn_retries 2 gives up "
	    "after 7 s");
	fix_free(&f);
}

/* SYN-ACK: synack_retries 5 -> 1, 3, 7, 15, 31 s, give up at 63 s. */
static void
test_synack_backoff(void)
{
	struct fix	f = { 0 };
	uint64_t	at[MAXT], t0, want = 0;
	int		n, i, other, good = 1;

	fix_syn_received(&f, &plain);
	t0 = f.now;
	n = run_collect(&f, TCP_SYN_RECEIVED, t0, TH_SYN | TH_ACK, f.iss, at,
	    &other);
	is_int(n, 5, "SYN-RECEIVED: 5 retransmissions of the SYN-ACK");
	for (i = 0; i < n; i++) {
		want += (1ULL << i) * TCP_SEC;
		if (at[i] != want)
			good = 0;
	}
	ok(good, "SYN-RECEIVED: SYN-ACK retransmitted at 1, 3, 7, 15, 31 s");
	EXPECT_STATE(&f, TCP_CLOSED, "SYN-RECEIVED: gives up");
	is_int(f.now - t0, 63 * TCP_SEC, "SYN-RECEIVED: gives up after 63 s");
	is_int(fix_state_of(&f, f.lis), TCP_LISTEN, "SYN-RECEIVED: the "
	    "listener "
	    "carries on");
	fix_free(&f);

	/* A retransmitted SYN-ACK still completes the handshake. */
	fix_syn_received(&f, &plain);
	fix_next_timer(&f);
	EXPECT_OUT(&f, TH_SYN | TH_ACK, f.iss, f.snd, 0, "SYN-RECEIVED: first "
	    "retransmission after 1 s");
	EXPECT_WHY(&f, TCP_CAUSE_RTO, true, "SYN-RECEIVED: ... a resend "
	    "because of the RTO");
	fix_peer_send(&f, 0, NULL, 0);
	EXPECT_STATE(&f, TCP_ESTABLISHED, "SYN-RECEIVED: ACK after the "
	    "retransmission -> ESTABLISHED");
	ok(stack_deadline(f.st) == TCP_NEVER, "SYN-RECEIVED: no timer left "
	    "once "
	    "established");
	fix_free(&f);
}

/* Data: RTO 200 ms doubling to 120 s; retries2 15 gives up at 924.6 s. */
static void
test_data_backoff(void)
{
	struct fix	 f = { 0 };
	uint64_t	 at[MAXT], t0, want = 0, rto = 200 * TCP_MS;
	int		 n, i, other, good = 1;
	char		 err[TCP_ERRLEN];

	fix_in_state(&f, &plain, TCP_ESTABLISHED);
	is_int(fix_status(&f).rto, 200 * TCP_MS, "RTO: a handshake RTT of 0 "
	    "gives the 200 ms floor");
	tcp_send(f.st, f.conn, "data", 4, f.now, err, sizeof err);
	EXPECT_OUT(&f, TH_ACK | TH_PUSH, f.iss + 1, f.snd, 4, "RTO: data sent");
	t0 = f.now;
	n = run_collect(&f, TCP_ESTABLISHED, t0, TH_ACK | TH_PUSH, f.iss + 1,
	    at, &other);
	is_int(n, 15, "RTO: 15 retransmissions (retries2)");
	for (i = 0; i < n; i++) {
		want += rto;
		if (at[i] != want) {
			good = 0;
			diag("retransmission %d at %llu ms, want %llu "
			    "ms", i + 1,
			    (unsigned long long)(at[i] / TCP_MS),
			    (unsigned long long)(want / TCP_MS));
		}
		rto = rto * 2 > 120 * TCP_SEC ? 120 * TCP_SEC : rto * 2;
	}
	ok(good, "RTO: 0.2, 0.4, 0.8 ... s apart, capped at 120 s");
	EXPECT_STATE(&f, TCP_CLOSED, "RTO: the connection is dropped");
	is_int(f.now - t0, 924600 * TCP_MS, "RTO: given up 924.6 s after the "
	    "send (Linux's retries2 = 15)");
	is_int(other, 0, "RTO: nothing but the retransmissions (no RST)");
	ok(fix_ev_seen(&f, TEV_ERROR, f.conn, "retransmission"), "RTO: "
	    "reported "
	    "as a retransmission timeout");
	{
		const struct tcp_event *ev = fix_ev_cause(&f, TEV_NOTE,
		    TCP_CAUSE_RTO);
		ok(ev != NULL && ev->seq == f.iss + 1 && ev->ack == f.snd &&
		    ev->count == 15, "RTO: the last note resends SEQ ISS+1 "
		    "(ACK RCV.NXT), retransmission 15");
	}
	fix_free(&f);
}

/*
 * A whole flight lost: the RTO resends the first segment, and each ACK
 * below the recovery point resends the next one at once (RFC 6675 §5.1)
 * instead of one segment per backed-off timeout.
 */
static void
test_rto_flight(void)
{
	static char	 data[3 * 1460];
	struct fix	 f = { 0 };
	char		 err[TCP_ERRLEN];
	int		 n;

	fix_in_state(&f, &plain, TCP_ESTABLISHED);
	tcp_send(f.st, f.conn, data, sizeof data, f.now, err, sizeof err);
	n = fix_drain(&f);
	is_int(n, 3, "RTO flight: three full segments sent");
	fix_next_timer(&f);
	EXPECT_OUT(&f, TH_ACK, f.iss + 1, f.snd, 1460, "RTO flight: the "
	    "timer resends the first");
	EXPECT_WHY(&f, TCP_CAUSE_RTO, true, "RTO flight: ... a resend because "
	    "of the RTO");
	FEED(&f, TH_ACK, f.snd, f.iss + 1 + 1460, NULL, 0);
	EXPECT_OUT(&f, TH_ACK, f.iss + 1 + 1460, f.snd, 1460, "RTO flight: "
	    "its ACK resends the second at once");
	EXPECT_WHY(&f, TCP_CAUSE_PARTIAL_ACK, true, "RTO flight: ... a resend "
	    "because of the partial ACK");
	FEED(&f, TH_ACK, f.snd, f.iss + 1 + 2920, NULL, 0);
	EXPECT_OUT(&f, TH_ACK | TH_PUSH, f.iss + 1 + 2920, f.snd, 1460,
	    "RTO flight: and that one's ACK the third");
	FEED(&f, TH_ACK, f.snd, f.iss + 1 + 4380, NULL, 0);
	EXPECT_NOTHING(&f, "RTO flight: all acknowledged, nothing more");
	fix_free(&f);
}

/* RFC 6298 §2: SRTT, RTTVAR, RTO = SRTT + 4 RTTVAR, floor 200 ms. */
static void
test_rto_estimator(void)
{
	struct fix		 f = { 0 };
	struct tcp_status	 st;
	char			 err[TCP_ERRLEN];

	fix_syn_sent(&f, &plain);
	f.now += 500 * TCP_MS;
	FEED(&f, TH_SYN | TH_ACK, f.snd, f.iss + 1, NULL, 0);
	f.snd++;
	fix_drain(&f);
	st = fix_status(&f);
	is_int(st.srtt, 500 * TCP_MS, "RTO: first sample 500 ms -> SRTT 500 "
	    "ms");
	is_int(st.rttvar, 250 * TCP_MS, "RTO: RTTVAR = R/2");
	is_int(st.rto, 1500 * TCP_MS, "RTO: SRTT + 4 RTTVAR = 1.5 s");
	tcp_send(f.st, f.conn, "a", 1, f.now, err, sizeof err);
	fix_drain(&f);
	is_int(fix_status(&f).timer[TCP_TIMER_REXMT] - f.now, 1500 * TCP_MS,
	    "RTO: retransmission timer armed 1.5 s ahead");
	f.now += 100 * TCP_MS;
	FEED(&f, TH_ACK, f.snd, f.iss + 2, NULL, 0);
	st = fix_status(&f);
	is_int(st.srtt, 450 * TCP_MS, "RTO: second sample 100 ms -> SRTT "
	    "7/8*500 + 1/8*100 = 450 ms");
	is_int(st.rttvar, 287500, "RTO: RTTVAR 3/4*250 + 1/4*400 = 287.5 ms");
	is_int(st.rto, 1600 * TCP_MS, "RTO: 450 + 4*287.5 = 1600 ms");
	fix_free(&f);

	/* Small samples: never below rto_min. */
	fix_syn_sent(&f, &plain);
	f.now += 3 * TCP_MS;
	FEED(&f, TH_SYN | TH_ACK, f.snd, f.iss + 1, NULL, 0);
	is_int(fix_status(&f).rto, 200 * TCP_MS, "RTO: 3 ms sample -> 200 ms "
	    "(rto_min)");
	fix_free(&f);
	{
		struct tcp_cfg c = plain;
		c.rto_min = 50 * TCP_MS;
		fix_syn_sent(&f, &c);
		f.now += 3 * TCP_MS;
		FEED(&f, TH_SYN | TH_ACK, f.snd, f.iss + 1, NULL, 0);
		is_int(fix_status(&f).rto, 50 * TCP_MS, "RTO: rto_min 50 ms is "
		    "honoured");
		fix_free(&f);
	}
}

/* Karn: no RTT sample from an ACK of retransmitted data (RFC 6298 §3). */
static void
test_karn(void)
{
	struct fix		 f = { 0 };
	struct tcp_status	 st;
	char			 err[TCP_ERRLEN];
	uint64_t		 t0;

	fix_syn_sent(&f, &plain);
	f.now += 100 * TCP_MS;
	FEED(&f, TH_SYN | TH_ACK, f.snd, f.iss + 1, NULL, 0);
	f.snd++;
	fix_drain(&f);
	is_int(fix_status(&f).rto, 300 * TCP_MS, "Karn: RTO 300 ms after a "
	    "100 ms handshake");
	tcp_send(f.st, f.conn, "abc", 3, f.now, err, sizeof err);
	fix_drain(&f);
	t0 = f.now;
	fix_next_timer(&f);
	EXPECT_OUT(&f, TH_ACK | TH_PUSH, f.iss + 1, f.snd, 3, "Karn: data "
	    "retransmitted");
	is_int(f.now - t0, 300 * TCP_MS, "Karn: ... after 300 ms");
	is_int(fix_status(&f).rto, 600 * TCP_MS, "Karn: backed off to 600 ms");
	f.now = t0 + 5 * TCP_SEC;
	FEED(&f, TH_ACK, f.snd, f.iss + 4, NULL, 0);
	st = fix_status(&f);
	is_int(st.srtt, 100 * TCP_MS, "Karn: the ACK of a retransmission gives "
	    "no sample (SRTT stays 100 ms, not 5 s)");
	is_int(st.rto, 600 * TCP_MS, "Karn: the backed-off RTO is kept until a "
	    "valid sample (RFC 6298 §5.7)");
	/* New data, a clean sample: the RTO is recomputed. */
	tcp_send(f.st, f.conn, "d", 1, f.now, err, sizeof err);
	fix_drain(&f);
	f.now += 100 * TCP_MS;
	FEED(&f, TH_ACK, f.snd, f.iss + 5, NULL, 0);
	st = fix_status(&f);
	is_int(st.srtt, 100 * TCP_MS, "Karn: a new 100 ms sample keeps SRTT "
	    "100 ms");
	is_int(st.rto, 250 * TCP_MS, "Karn: RTO recomputed from the sample: "
	    "100 + 4*37.5 = 250 ms");
	fix_free(&f);
}

/* RFC 5482 user timeout: dropped when data stays unacknowledged that long. */
static void
test_user_timeout(void)
{
	struct fix	 f = { 0 };
	struct tcp_cfg	 c = plain;
	char		 err[TCP_ERRLEN];
	uint64_t	 t0;

	c.user_timeout = 5 * TCP_SEC;
	fix_in_state(&f, &c, TCP_ESTABLISHED);
	tcp_send(f.st, f.conn, "data", 4, f.now, err, sizeof err);
	fix_drain(&f);
	t0 = f.now;
	fix_run_until(&f, t0 + 5 * TCP_SEC - 1);
	fix_drain(&f);
	EXPECT_STATE(&f, TCP_ESTABLISHED, "user timeout 5 s: alive 1 us before "
	    "5 s");
	fix_run_until(&f, t0 + 5 * TCP_SEC);
	EXPECT_STATE(&f, TCP_CLOSED, "user timeout 5 s: dropped 5 s after the "
	    "data was sent (Linux clamps the RTO to it)");
	ok(fix_ev_seen(&f, TEV_ERROR, f.conn, "user timeout"), "user timeout: "
	    "reported as such");
	EXPECT_CAUSE(&f, TEV_ERROR, TCP_CAUSE_USER_TIMEOUT, "RFC 5482",
	    "user timeout: cause user-timeout, RFC 5482");
	fix_free(&f);

	/* The clock starts with the oldest unacknowledged data. */
	fix_in_state(&f, &c, TCP_ESTABLISHED);
	t0 = f.now;
	tcp_send(f.st, f.conn, "a", 1, f.now, err, sizeof err);
	fix_drain(&f);
	fix_run_until(&f, t0 + 4 * TCP_SEC);
	FEED(&f, TH_ACK, f.snd, f.iss + 2, NULL, 0);
	tcp_send(f.st, f.conn, "b", 1, f.now, err, sizeof err);
	fix_drain(&f);
	fix_run_until(&f, t0 + 9 * TCP_SEC - 1);
	EXPECT_STATE(&f, TCP_ESTABLISHED, "user timeout: data acked at 4 s, "
	    "new "
	    "data sent then: alive until 9 s");
	fix_run_until(&f, t0 + 9 * TCP_SEC);
	EXPECT_STATE(&f, TCP_CLOSED, "user timeout: dropped 5 s after the new "
	    "data was sent");
	fix_free(&f);
}

/* Keepalive: off by default; 7200 s idle, 9 probes 75 s apart, then RST. */
static void
test_keepalive(void)
{
	struct fix		 f = { 0 };
	struct tcp_cfg		 c = plain;
	uint64_t		 t0;
	int			 i, good;
	uint32_t		 una, rnxt;

	fix_in_state(&f, &plain, TCP_ESTABLISHED);
	ok(fix_status(&f).timer[TCP_TIMER_KEEPALIVE] == TCP_NEVER,
	    "keepalive: off by default (no timer)");
	fix_run_until(&f, f.now + 10 * 3600 * TCP_SEC);
	EXPECT_NOTHING(&f, "keepalive off: 10 idle hours, nothing sent");
	EXPECT_STATE(&f, TCP_ESTABLISHED, "keepalive off: still ESTABLISHED");
	fix_free(&f);

	c.keepalive = true;
	fix_in_state(&f, &c, TCP_ESTABLISHED);
	t0 = f.now;
	una = fix_status(&f).snd_una;
	rnxt = fix_status(&f).rcv_nxt;
	fix_run_until(&f, t0 + 7200 * TCP_SEC - 1);
	EXPECT_NOTHING(&f, "keepalive: nothing before 7200 s idle");
	fix_run_until(&f, t0 + 7200 * TCP_SEC);
	EXPECT_OUT(&f, TH_ACK, una - 1, rnxt, 0, "keepalive: probe at 7200 s: "
	    "<SEQ=SND.UNA-1><ACK=RCV.NXT>, no data");
	EXPECT_WHY(&f, TCP_CAUSE_KEEPALIVE_PROBE, false, "keepalive: ... sent "
	    "as a keepalive probe, not a resend");
	{
		const struct tcp_event *ev = EXPECT_CAUSE(&f, TEV_NOTE,
		    TCP_CAUSE_KEEPALIVE_PROBE, "RFC 1122 §4.2.3.6",
		    "keepalive: the note's cause, RFC 1122 §4.2.3.6");
		ok(ev != NULL && ev->has_seq && ev->seq == una - 1 &&
		    ev->count == 1, "keepalive: ... probe 1, SEQ SND.UNA-1");
		ok(ev != NULL && ev->elapsed == 7200 * TCP_SEC &&
		    strstr(ev->why, "probe #1 after 7200.0 s idle") != NULL,
		    "keepalive: probe 1 says how long the peer was idle (%s)",
		    ev != NULL ? ev->why : "none");
	}
	good = 1;
	for (i = 1; i < 9; i++) {
		fix_run_until(&f, t0 + (7200 + 75 * (uint64_t)i) * TCP_SEC - 1);
		if (fix_drain(&f) != 0)
			good = 0;
		fix_run_until(&f, t0 + (7200 + 75 * (uint64_t)i) * TCP_SEC);
		if (!fix_take(&f) || f.out.th.seq != una - 1 ||
		    f.out.len != 0 ||
		    fix_drain(&f) != 0)
			good = 0;
		if (i == 1) {
			const struct tcp_event *ev = fix_ev_cause(&f, TEV_NOTE,
			    TCP_CAUSE_KEEPALIVE_PROBE);
			ok(ev != NULL && ev->count == 2 &&
			    ev->elapsed == 75 * TCP_SEC &&
			    strstr(ev->why, "probe #2, 75.0 s after #1") != NULL,
			    "keepalive: probe 2 says it came 75.0 s after #1 "
			    "(%s)", ev != NULL ? ev->why : "none");
		}
	}
	ok(good, "keepalive: probes 2..9 exactly 75 s apart");
	EXPECT_STATE(&f, TCP_ESTABLISHED, "keepalive: alive after the 9th "
	    "probe");
	fix_run_until(&f, t0 + (7200 + 75 * 9) * TCP_SEC - 1);
	EXPECT_STATE(&f, TCP_ESTABLISHED, "keepalive: alive until 7875 s");
	fix_run_until(&f, t0 + (7200 + 75 * 9) * TCP_SEC);
	EXPECT_STATE(&f, TCP_CLOSED, "keepalive: dropped at 7875 s, 75 s after "
	    "the last probe");
	ok(fix_take(&f) && (f.out.th.flags & TH_RST) && f.out.th.seq == una,
	    "keepalive: the drop sends <SEQ=SND.NXT><CTL=RST>");
	EXPECT_WHY(&f, TCP_CAUSE_KEEPALIVE_GIVEUP, false, "keepalive: ... "
	    "because the keepalive gave up");
	{
		const struct tcp_event *ev = EXPECT_CAUSE(&f, TEV_ERROR,
		    TCP_CAUSE_KEEPALIVE_GIVEUP, "RFC 1122 §4.2.3.6",
		    "keepalive: the error's cause, RFC 1122 §4.2.3.6");
		ok(ev != NULL && ev->count == 9, "keepalive: ... after 9 "
		    "probes");
	}
	ok(fix_ev_seen(&f, TEV_ERROR, f.conn, "keepalive"), "keepalive: "
	    "reported as a keepalive timeout");
	fix_free(&f);

	/* Any reply resets the count and the idle time. */
	fix_in_state(&f, &c, TCP_ESTABLISHED);
	t0 = f.now;
	fix_run_until(&f, t0 + (7200 + 150) * TCP_SEC);
	is_int(fix_drain(&f), 3, "keepalive: 3 probes by 7350 s");
	is_int(fix_status(&f).ka_sent, 3, "keepalive: 3 unanswered");
	f.now += 10 * TCP_SEC;
	FEED(&f, TH_ACK, f.snd, f.iss + 1, NULL, 0);	/* the reply */
	EXPECT_NOTHING(&f, "keepalive: the reply is not answered");
	is_int(fix_status(&f).ka_sent, 0, "keepalive: a reply resets the "
	    "count");
	t0 = f.now;
	fix_run_until(&f, t0 + 7200 * TCP_SEC - 1);
	EXPECT_NOTHING(&f, "keepalive: after a reply, silence for 7200 s "
	    "again");
	fix_run_until(&f, t0 + 7200 * TCP_SEC);
	is_int(fix_drain(&f), 1, "keepalive: next probe 7200 s after the "
	    "reply");
	fix_free(&f);

	/* Turned on later on a live connection (setsockopt SO_KEEPALIVE). */
	fix_in_state(&f, &plain, TCP_ESTABLISHED);
	f.now += 100 * TCP_SEC;
	tcp_conn_cfg(f.st, f.conn)->keepalive = true;
	tcp_cfg_changed(f.st, f.conn, f.now);
	is_int(fix_status(&f).timer[TCP_TIMER_KEEPALIVE] - f.now,
	    7200 * TCP_SEC, "keepalive: enabled later, first probe 7200 s on");
	fix_free(&f);

	/* The knobs. */
	c.ka_idle = 10 * TCP_SEC;
	c.ka_intvl = 2 * TCP_SEC;
	c.ka_probes = 3;
	fix_in_state(&f, &c, TCP_ESTABLISHED);
	t0 = f.now;
	fix_run_until(&f, t0 + 15 * TCP_SEC);
	is_int(fix_drain(&f), 3, "keepalive 10/2/3: 3 probes by 15 s");
	fix_run_until(&f, t0 + 16 * TCP_SEC - 1);
	EXPECT_STATE(&f, TCP_ESTABLISHED, "keepalive 10/2/3: alive before 16 "
	    "s");
	fix_run_until(&f, t0 + 16 * TCP_SEC);
	EXPECT_STATE(&f, TCP_CLOSED, "keepalive 10/2/3: dropped at 10 + 3*2 s");
	fix_free(&f);

	/* The peer's probes, with no data or one octet, are answered. */
	fix_in_state(&f, &plain, TCP_ESTABLISHED);
	FEED(&f, TH_ACK, f.snd - 1, f.iss + 1, NULL, 0);
	EXPECT_OUT(&f, TH_ACK, f.iss + 1, f.snd, 0, "keepalive: the peer's "
	    "probe is answered with <SEQ=SND.NXT><ACK=RCV.NXT>");
	EXPECT_WHY(&f, TCP_CAUSE_KEEPALIVE_ANSWER, false, "keepalive: ... as "
	    "the answer to a keepalive");
	EXPECT_CAUSE(&f, TEV_DISCARD, TCP_CAUSE_KEEPALIVE_ANSWER,
	    "RFC 1122 §4.2.3.6", "keepalive: the probe's cause, RFC 1122 "
	    "§4.2.3.6");
	FEED(&f, TH_ACK, f.snd - 1, f.iss + 1, "g", 1);
	EXPECT_OUT(&f, TH_ACK, f.iss + 1, f.snd, 0, "keepalive: a probe with "
	    "one garbage octet is answered too");
	EXPECT_WHY(&f, TCP_CAUSE_KEEPALIVE_ANSWER, false, "keepalive: ... as "
	    "the answer to a keepalive");
	FEED(&f, TH_ACK, f.snd - 2, f.iss + 1, "gg", 2);
	EXPECT_OUT(&f, TH_ACK, f.iss + 1, f.snd, 0, "keepalive: two old "
	    "octets are acknowledged again");
	EXPECT_WHY(&f, TCP_CAUSE_DUPLICATE, false, "keepalive: ... as a "
	    "duplicate, no probe");
	fix_free(&f);
}

/* Zero window: probes with backoff, stop when the window opens. */
static void
test_persist(void)
{
	struct fix	 f = { 0 };
	char		 err[TCP_ERRLEN];
	uint64_t	 t0, iv = 200 * TCP_MS, at;
	int		 i, good = 1;

	fix_in_state(&f, &plain, TCP_ESTABLISHED);
	f.win = 0;
	FEED(&f, TH_ACK, f.snd, f.iss + 1, NULL, 0);
	is_int(fix_status(&f).snd_wnd, 0, "persist: the peer closed its "
	    "window");
	tcp_send(f.st, f.conn, "hello", 5, f.now, err, sizeof err);
	EXPECT_NOTHING(&f, "persist: nothing sent into a zero window");
	ok(fix_status(&f).timer[TCP_TIMER_PERSIST] != TCP_NEVER,
	    "persist: the persist timer is armed");
	t0 = f.now;
	at = 0;
	for (i = 0; i < 8; i++) {
		at += iv;
		fix_run_until(&f, t0 + at - 1);
		if (fix_drain(&f) != 0)
			good = 0;
		fix_run_until(&f, t0 + at);
		if (!fix_take(&f) || f.out.th.seq != f.iss || f.out.len != 0 ||
		    f.out.th.flags != TH_ACK ||
		    f.outinfo.cause != TCP_CAUSE_WINDOW_PROBE ||
		    fix_drain(&f) != 0) {
			good = 0;
			diag("probe %d at %llu ms missing or wrong", i + 1,
			    (unsigned long long)(at / TCP_MS));
		}
		/* The peer answers each probe, still with a zero window. */
		FEED(&f, TH_ACK, f.snd, f.iss + 1, NULL, 0);
		if (fix_drain(&f) != 0)
			good = 0;
		iv *= 2;
	}
	ok(good, "persist: probes <SEQ=SND.UNA-1>, no data, cause "
	    "window-probe, at 0.2, 0.6, 1.4 ... s (interval doubling) while "
	    "the window stays 0");
	{
		const struct tcp_event *ev = EXPECT_CAUSE(&f, TEV_NOTE,
		    TCP_CAUSE_WINDOW_PROBE, "RFC 9293 §3.8.6.1", "persist: "
		    "the probes' cause, RFC 9293 §3.8.6.1");
		ok(ev != NULL && ev->count == 8 && ev->seq == f.iss,
		    "persist: ... the last is probe 8, SEQ SND.UNA-1");
	}
	EXPECT_STATE(&f, TCP_ESTABLISHED, "persist: a zero window never drops "
	    "the connection by itself");
	f.win = 1000;
	FEED(&f, TH_ACK, f.snd, f.iss + 1, NULL, 0);
	EXPECT_OUT(&f, TH_ACK | TH_PUSH, f.iss + 1, f.snd, 5, "persist: the "
	    "window opens: the data goes at once");
	ok(fix_status(&f).timer[TCP_TIMER_PERSIST] == TCP_NEVER,
	    "persist: timer off once the window is open");
	FEED(&f, TH_ACK, f.snd, f.iss + 6, NULL, 0);
	fix_run_until(&f, f.now + 600 * TCP_SEC);
	EXPECT_NOTHING(&f, "persist: no more probes after the data is acked");
	fix_free(&f);

	/*
	 * A window smaller than a segment and than half the largest window
	 * seen: sender SWS avoidance waits (RFC 9293 §3.8.6.2.1), but only
	 * until the override timeout (0.1-1 s; Linux sends what fits when its
	 * probe timer fires, tcp_write_wakeup).
	 */
	fix_in_state(&f, &plain, TCP_ESTABLISHED);
	f.win = 300;
	FEED(&f, TH_ACK, f.snd, f.iss + 1, NULL, 0);
	{
		static char big[1000];
		memset(big, 'b', sizeof big);
		tcp_send(f.st, f.conn, big, sizeof big, f.now, err, sizeof err);
	}
	EXPECT_NOTHING(&f, "sender SWS: 1000 bytes, 300-byte window: nothing "
	    "at once");
	fix_run_until(&f, f.now + 1 * TCP_SEC);
	EXPECT_SEG(&f, TH_ACK, f.iss + 1, f.snd, 300, "sender SWS: by the "
	    "1 s override timeout, the 300 bytes that fit are sent");
	fix_free(&f);
}

/* Delayed ACK: 40 ms, every second full segment, at once for OOO and FIN. */
static void
test_delack(void)
{
	struct fix	c, *f = &c;
	struct tcp_cfg	cfg = plain;
	uint64_t	t0;

	cfg.delack = true;
	fix_in_state(f, &cfg, TCP_ESTABLISHED);
	fix_peer_send(f, TH_PUSH, NULL, 100);
	EXPECT_NOTHING(f, "delack: a small segment is not acknowledged at "
	    "once");
	t0 = f->now;
	is_int(stack_deadline(f->st) - t0, 40 * TCP_MS, "delack: ACK due in 40 "
	    "ms");
	fix_run_until(f, t0 + 40 * TCP_MS - 1);
	EXPECT_NOTHING(f, "delack: nothing at 40 ms - 1 us");
	fix_run_until(f, t0 + 40 * TCP_MS);
	EXPECT_OUT(f, TH_ACK, f->iss + 1, f->snd, 0, "delack: ACK at 40 ms");
	EXPECT_WHY(f, TCP_CAUSE_DELAYED_ACK, false, "delack: ... sent by the "
	    "delayed-ACK timer");

	/* Two full-sized segments: the second is acknowledged at once. */
	fix_peer_send(f, 0, NULL, 1460);
	EXPECT_NOTHING(f, "delack: first full segment: no ACK yet");
	fix_peer_send(f, 0, NULL, 1460);
	EXPECT_OUT(f, TH_ACK, f->iss + 1, f->snd, 0, "delack: second full "
	    "segment: ACK at once for both");
	ok(fix_status(f).timer[TCP_TIMER_DELACK] == TCP_NEVER, "delack: timer "
	    "cancelled by that ACK");

	/* Out of order: a duplicate ACK at once. */
	{
		struct seg s = fix_seg(f, TH_ACK, f->snd + 100, f->rcv,
		    "zz", 2);
		fix_put(f, &s);
	}
	EXPECT_OUT(f, TH_ACK, f->iss + 1, f->snd, 0, "delack: out-of-order "
	    "segment: duplicate ACK at once");
	EXPECT_WHY(f, TCP_CAUSE_DATA_RCVD, false, "delack: ... because of the "
	    "data");
	/* Filling the hole: at once too (RFC 5681 §4.2). */
	fix_peer_send(f, 0, NULL, 100);
	f->snd += 2;
	EXPECT_OUT(f, TH_ACK, f->iss + 1, f->snd, 0, "delack: segment filling "
	    "the hole: ACK at once, for everything");

	/* FIN: at once. */
	fix_peer_send(f, TH_FIN, NULL, 0);
	EXPECT_OUT(f, TH_ACK, f->iss + 1, f->snd, 0, "delack: FIN acknowledged "
	    "at once");
	EXPECT_WHY(f, TCP_CAUSE_FIN_RCVD, false, "delack: ... because of the "
	    "FIN");
	fix_free(f);

	/* An ACK owed rides on our data. */
	fix_in_state(f, &cfg, TCP_ESTABLISHED);
	fix_peer_send(f, TH_PUSH, NULL, 10);
	EXPECT_NOTHING(f, "delack: ACK delayed");
	{
		char err[TCP_ERRLEN];
		tcp_send(f->st, f->conn, "reply", 5, f->now, err, sizeof err);
	}
	EXPECT_OUT(f, TH_ACK | TH_PUSH, f->iss + 1, f->snd, 5, "delack: the "
	    "ACK rides on the reply");
	ok(fix_status(f).timer[TCP_TIMER_DELACK] == TCP_NEVER, "delack: no "
	    "separate ACK pending");
	fix_free(f);

	/* delack.time 200 ms. */
	cfg.delack_time = 200 * TCP_MS;
	fix_in_state(f, &cfg, TCP_ESTABLISHED);
	fix_peer_send(f, TH_PUSH, NULL, 10);
	is_int(stack_deadline(f->st) - f->now, 200 * TCP_MS,
	    "delack: delack.time 200 ms honoured");
	fix_free(f);
}

/* Nagle: small segments wait while data is unacknowledged. */
static void
test_nagle(void)
{
	struct fix	 f = { 0 };
	struct tcp_cfg	 c = plain;
	char		 err[TCP_ERRLEN];
	static char	 big[1460];

	fix_in_state(&f, &plain, TCP_ESTABLISHED);
	tcp_send(f.st, f.conn, "aaaaaaaaaa", 10, f.now, err, sizeof err);
	EXPECT_OUT(&f, TH_ACK | TH_PUSH, f.iss + 1, f.snd, 10, "Nagle: first "
	    "small segment goes at once (nothing outstanding)");
	tcp_send(f.st, f.conn, "bbbbbbbbbb", 10, f.now, err, sizeof err);
	EXPECT_NOTHING(&f, "Nagle: second small segment held while the first "
	    "is unacknowledged");
	tcp_send(f.st, f.conn, "cccccccccc", 10, f.now, err, sizeof err);
	EXPECT_NOTHING(&f, "Nagle: third held too");
	FEED(&f, TH_ACK, f.snd, f.iss + 11, NULL, 0);
	EXPECT_OUT(&f, TH_ACK | TH_PUSH, f.iss + 11, f.snd, 20, "Nagle: the "
	    "ACK "
	    "releases both, coalesced into one segment");
	memset(big, 'd', sizeof big);
	tcp_send(f.st, f.conn, big, sizeof big, f.now, err, sizeof err);
	EXPECT_OUT(&f, TH_ACK | TH_PUSH, f.iss + 31, f.snd, 1460, "Nagle: a "
	    "full "
	    "segment goes even with data outstanding");
	fix_free(&f);

	/*
	 * The sub-MSS tail of a bulk write: Linux uses Minshall's variant
	 * (tcp_minshall_check): only an unacknowledged *small* segment holds
	 * the next small one, so the tail follows full segments at once.
	 */
	fix_in_state(&f, &plain, TCP_ESTABLISHED);
	{
		static char bulk[3000];
		memset(bulk, 'e', sizeof bulk);
		tcp_send(f.st, f.conn, bulk, sizeof bulk, f.now, err,
		    sizeof err);
	}
	EXPECT_SEG(&f, TH_ACK, f.iss + 1, f.snd, 1460, "Nagle: bulk write, "
	    "segment 1");
	EXPECT_SEG(&f, TH_ACK, f.iss + 1461, f.snd, 1460, "Nagle: bulk write, "
	    "segment 2");
	EXPECT_SEG(&f, TH_ACK | TH_PUSH, f.iss + 2921, f.snd, 80, "Nagle: bulk "
	    "write, the 80-byte tail goes at once (Minshall, as Linux)");
	fix_free(&f);

	c.nagle = false;
	fix_in_state(&f, &c, TCP_ESTABLISHED);
	tcp_send(f.st, f.conn, "aaaaaaaaaa", 10, f.now, err, sizeof err);
	EXPECT_OUT(&f, TH_ACK | TH_PUSH, f.iss + 1, f.snd, 10, "Nagle off: "
	    "first segment");
	tcp_send(f.st, f.conn, "bbbbbbbbbb", 10, f.now, err, sizeof err);
	EXPECT_OUT(&f, TH_ACK | TH_PUSH, f.iss + 11, f.snd, 10, "Nagle off: "
	    "second small segment sent at once");
	fix_free(&f);
}

int
main(void)
{
	fix_cfg_plain(&plain);
	test_syn_backoff();
	test_synack_backoff();
	test_data_backoff();
	test_rto_estimator();
	test_karn();
	test_user_timeout();
	test_keepalive();
	test_persist();
	test_delack();
	test_nagle();
	test_rto_flight();
	return (done_testing());
}
