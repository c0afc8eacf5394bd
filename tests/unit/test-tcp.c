/*
 * tests/unit/test-tcp.c - the sans-IO engine in virtual time: sequence
 * arithmetic, tests grouped by state (SYN-SENT, ESTABLISHED, closing
 * states, TIME-WAIT, no connection), and two engines exchanging data over a
 * seeded lossy in-memory link.
 */
#include <stdlib.h>
#include <string.h>

#include "core/tcp.h"
#include "core/seq.h"
#include "tests/tap.h"

#define LOCAL	"10.0.0.1"
#define REMOTE	"10.0.0.2"

struct fix {
	struct stack	*st;
	unsigned	 conn;
	struct endpoint	 l, r;
	uint64_t	 now;
	uint32_t	 peer_seq;	/* the simulated peer's next sequence number */
	uint32_t	 iss;
};

static struct tcp_cfg cfg;

/* Take the next output segment (payload copied into buf); 1 if there was one. */
static int
out(struct fix *f, struct seg *s, uint8_t *buf)
{
	return (stack_output(f->st, s, buf, 65536, NULL));
}

/* Whether any segment is queued; drains them. */
static int
drain(struct fix *f)
{
	struct seg	s;
	static uint8_t	buf[65536];
	int		n = 0;

	while (out(f, &s, buf))
		n++;
	return (n);
}

/* Whether a state change to `to` is among the pending events (drains them). */
static int
saw_state(struct fix *f, enum tcp_state to)
{
	struct tcp_event ev;
	int		 seen = 0;

	while (stack_event(f->st, &ev))
		if (ev.type == TEV_STATE && ev.to == to)
			seen = 1;
	return (seen);
}

/* The cause of the last pending event (draining them); TCP_NCAUSES: none. */
static enum tcp_cause
last_cause(struct fix *f, struct tcp_event *last)
{
	struct tcp_event ev;
	enum tcp_cause	 c = TCP_NCAUSES;

	while (stack_event(f->st, &ev)) {
		c = ev.cause;
		*last = ev;
	}
	return (c);
}

/* The connection's current state. */
static enum tcp_state
state(struct fix *f)
{
	struct tcp_status s;

	if (tcp_status(f->st, f->conn, &s) != 0)
		return (TCP_NSTATES);
	return (s.state);
}

/* Feed the engine a segment from the peer. */
static void
feed(struct fix *f, uint16_t flags, uint32_t seq, uint32_t ack,
    const char *data, uint16_t win)
{
	struct seg	s;

	memset(&s, 0, sizeof s);
	s.src = f->r.addr;
	s.dst = f->l.addr;
	s.th.sport = f->r.port;
	s.th.dport = f->l.port;
	s.th.seq = seq;
	s.th.ack = ack;
	s.th.flags = flags;
	s.th.win = win;
	s.data = (const uint8_t *)data;
	s.len = data ? strlen(data) : 0;
	stack_input(f->st, &s, f->now);
}

/* A fixture: a connection in SYN-SENT, with the SYN taken from the queue. */
static void
fix_syn_sent(struct fix *f, struct seg *syn)
{
	char		 err[TCP_ERRLEN];
	static uint8_t	 buf[65536];

	memset(f, 0, sizeof *f);
	f->st = stack_new(&cfg, 42);
	addr_parse(&f->l.addr, LOCAL);
	addr_parse(&f->r.addr, REMOTE);
	f->r.port = 7;
	f->now = 1000 * TCP_SEC;
	f->conn = tcp_connect(f->st, &f->l, &f->r, f->now, err, sizeof err);
	out(f, syn, buf);
	f->iss = syn->th.seq;
	f->l.port = syn->th.sport;
	f->peer_seq = 5000;
}

/* A fixture: an ESTABLISHED connection, events and output drained. */
static void
fix_established(struct fix *f)
{
	struct seg	syn;

	fix_syn_sent(f, &syn);
	feed(f, TH_SYN | TH_ACK, f->peer_seq, f->iss + 1, NULL, 29200);
	f->peer_seq++;
	drain(f);
	saw_state(f, TCP_ESTABLISHED);
}

/* Sequence arithmetic is right across the 2^32 wrap. */
static void
test_seq(void)
{
	ok(seq_lt(0xfffffff0u, 0x10), "seq: 0xfffffff0 < 0x10 across the wrap");
	ok(seq_gt(0x10, 0xfffffff0u), "seq: 0x10 > 0xfffffff0 across the wrap");
	ok(!seq_lt(5, 5) && seq_leq(5, 5) && seq_geq(5, 5), "seq: equality");
	ok(seq_in(0xffffffffu, 0xfffffffeu, 2), "seq: in a window spanning 0");
	ok(!seq_in(2, 0xfffffffeu, 2), "seq: right edge excluded");
	ok(!seq_in(7, 7, 7), "seq: empty window holds nothing");
}

/* tests for SYN-SENT */
static void
test_syn_sent(void)
{
	struct fix	 f;
	struct seg	 syn, s;
	uint8_t		 buf[2048];
	const struct tcp_opt *mss;
	struct tcp_event ev;
	int		 i, rst_event = 0;

	fix_syn_sent(&f, &syn);
	is_int(syn.th.flags, TH_SYN, "SYN-SENT: OPEN sends a bare SYN");
	mss = wire_tcpopt_find(&syn.th, TCPOPT_MSS);
	ok(mss != NULL && mss->u.mss == 1460, "SYN-SENT: SYN carries MSS 1460");
	ok(syn.th.sport >= 32768 && syn.th.sport <= 60999,
	    "SYN-SENT: ephemeral port %u in 32768-60999", syn.th.sport);
	ok(saw_state(&f, TCP_SYN_SENT), "SYN-SENT: state event");

	/* An ACK that does not acknowledge our SYN: the history-SYN reset. */
	feed(&f, TH_SYN | TH_ACK, 777, f.iss + 1000, NULL, 1000);
	ok(out(&f, &s, buf) && s.th.flags == TH_RST && s.th.seq == f.iss + 1000,
	    "SYN-SENT: unacceptable ACK answered <SEQ=SEG.ACK><CTL=RST>");
	is_int(state(&f), TCP_SYN_SENT, "SYN-SENT: still SYN-SENT after it");

	/* RST without ACK is ignored; with an acceptable ACK it refuses. */
	feed(&f, TH_RST, 0, 0, NULL, 0);
	is_int(state(&f), TCP_SYN_SENT, "SYN-SENT: RST without ACK ignored");
	feed(&f, TH_RST | TH_ACK, 0, f.iss + 1, NULL, 0);
	is_int(state(&f), TCP_CLOSED, "SYN-SENT: RST+ACK refuses the connection");
	while (stack_event(f.st, &ev))
		if (ev.type == TEV_ERROR && strstr(ev.why, "refused") != NULL)
			rst_event = 1;
	ok(rst_event, "SYN-SENT: refusal reported as an error event");
	stack_free(f.st);

	/* SYN-ACK: ESTABLISHED, ACK with the right numbers, peer MSS taken. */
	fix_syn_sent(&f, &syn);
	{
		struct seg sa;
		struct tcp_opt o;
		memset(&sa, 0, sizeof sa);
		sa.src = f.r.addr;
		sa.dst = f.l.addr;
		sa.th.sport = 7;
		sa.th.dport = f.l.port;
		sa.th.seq = 9000;
		sa.th.ack = f.iss + 1;
		sa.th.flags = TH_SYN | TH_ACK;
		sa.th.win = 500;
		memset(&o, 0, sizeof o);
		o.kind = TCPOPT_MSS;
		o.len = 4;
		o.u.mss = 1000;
		wire_tcpopt_add(&sa.th, &o);
		f.now += 3 * TCP_MS;
		stack_input(f.st, &sa, f.now);
	}
	ok(saw_state(&f, TCP_ESTABLISHED), "SYN-SENT: SYN-ACK -> ESTABLISHED");
	ok(out(&f, &s, buf) && s.th.flags == TH_ACK && s.th.seq == f.iss + 1 &&
	    s.th.ack == 9001, "SYN-SENT: third segment <SEQ=ISS+1><ACK=IRS+1><ACK>");
	{
		struct tcp_status st;
		tcp_status(f.st, f.conn, &st);
		is_int(st.snd_mss, 1000, "SYN-SENT: peer MSS 1000 adopted");
		is_int(st.snd_wnd, 500, "SYN-SENT: peer window recorded");
		ok(st.rto == cfg.rto_min, "SYN-SENT: RTT 3 ms sample -> RTO min");
	}
	stack_free(f.st);

	/* Retransmission with backoff 1, 2, 4 ... s, then give up (6 retries). */
	fix_syn_sent(&f, &syn);
	{
		uint64_t start = f.now, next;
		int syns = 0;
		for (i = 0; i < 10 && state(&f) == TCP_SYN_SENT; i++) {
			next = stack_deadline(f.st);
			f.now = next;
			stack_tick(f.st, f.now);
			while (out(&f, &s, buf))
				if (s.th.flags == TH_SYN && s.th.seq == f.iss)
					syns++;
		}
		is_int(syns, 6, "SYN-SENT: SYN retransmitted 6 times");
		is_int(state(&f), TCP_CLOSED, "SYN-SENT: gives up, CLOSED");
		is_int((f.now - start) / TCP_SEC, 127,
		    "SYN-SENT: gives up after 1+2+4+8+16+32+64 = 127 s");
	}
	stack_free(f.st);

	/* Simultaneous open: a SYN without ACK -> SYN-RECEIVED, SYN-ACK. */
	fix_syn_sent(&f, &syn);
	feed(&f, TH_SYN, 300, 0, NULL, 1000);
	ok(saw_state(&f, TCP_SYN_RECEIVED), "SYN-SENT: SYN -> SYN-RECEIVED "
	    "(simultaneous open)");
	ok(out(&f, &s, buf) && s.th.flags == (TH_SYN | TH_ACK) &&
	    s.th.seq == f.iss && s.th.ack == 301,
	    "SYN-SENT: simultaneous open answers <SEQ=ISS><ACK=301><SYN,ACK>");
	feed(&f, TH_ACK, 301, f.iss + 1, NULL, 1000);
	ok(saw_state(&f, TCP_ESTABLISHED), "SYN-RECEIVED: ACK -> ESTABLISHED");
	stack_free(f.st);
}

/* tests for ESTABLISHED */
static void
test_established(void)
{
	struct fix	 f;
	struct seg	 s;
	uint8_t		 buf[2048];
	char		 got[64];
	char		 err[TCP_ERRLEN];
	struct tcp_status ts;
	struct tcp_event ev;
	int		 data_ev = 0;

	fix_established(&f);
	ok(tcp_send(f.st, f.conn, "hello", 5, f.now, err, sizeof err) == 0,
	    "ESTABLISHED: SEND accepted");
	ok(out(&f, &s, buf) && s.len == 5 && memcmp(s.data, "hello", 5) == 0 &&
	    s.th.flags == (TH_ACK | TH_PUSH) && s.th.seq == f.iss + 1,
	    "ESTABLISHED: data sent with PSH at ISS+1");
	/* No ACK: retransmitted after the RTO. */
	f.now = stack_deadline(f.st);
	stack_tick(f.st, f.now);
	ok(out(&f, &s, buf) && s.len == 5 && s.th.seq == f.iss + 1,
	    "ESTABLISHED: data retransmitted on RTO");
	feed(&f, TH_ACK, f.peer_seq, f.iss + 6, NULL, 29200);
	tcp_status(f.st, f.conn, &ts);
	ok(ts.snd_una == f.iss + 6 && ts.unacked == 0,
	    "ESTABLISHED: ACK advances SND.UNA, nothing unacknowledged");
	ok(stack_deadline(f.st) == TCP_NEVER, "ESTABLISHED: timer off when all acked");

	/* Data in: delivered, acknowledged. */
	feed(&f, TH_ACK | TH_PUSH, f.peer_seq, f.iss + 6, "world", 29200);
	while (stack_event(f.st, &ev))
		if (ev.type == TEV_DATA && ev.len == 5)
			data_ev = 1;
	ok(data_ev, "ESTABLISHED: data event for 5 bytes");
	ok(out(&f, &s, buf) && s.th.flags == TH_ACK && s.th.ack == f.peer_seq + 5,
	    "ESTABLISHED: data acknowledged");
	is_int(tcp_recv(f.st, f.conn, got, sizeof got, f.now), 5,
	    "ESTABLISHED: RECEIVE returns 5 bytes");
	ok(memcmp(got, "world", 5) == 0, "ESTABLISHED: the right bytes");
	f.peer_seq += 5;

	/* A duplicate is re-acknowledged, not delivered twice. */
	feed(&f, TH_ACK | TH_PUSH, f.peer_seq - 5, f.iss + 6, "world", 29200);
	ok(out(&f, &s, buf) && s.th.ack == f.peer_seq, "ESTABLISHED: duplicate re-ACKed");
	is_int(tcp_recv(f.st, f.conn, got, sizeof got, f.now), 0,
	    "ESTABLISHED: duplicate not delivered");

	/* RFC 5961: in-window RST not at RCV.NXT -> challenge ACK. */
	feed(&f, TH_RST, f.peer_seq + 10, 0, NULL, 0);
	ok(out(&f, &s, buf) && s.th.flags == TH_ACK && s.th.ack == f.peer_seq,
	    "ESTABLISHED: in-window RST draws a challenge ACK (RFC 5961 §3.2)");
	is_int(state(&f), TCP_ESTABLISHED, "ESTABLISHED: survives it");
	/* RFC 5961 §4: SYN -> challenge ACK. */
	feed(&f, TH_SYN, 12345, 0, NULL, 1000);
	ok(out(&f, &s, buf) && s.th.flags == TH_ACK && s.th.ack == f.peer_seq,
	    "ESTABLISHED: SYN draws a challenge ACK (RFC 5961 §4)");
	/* Out-of-window segment -> ACK, dropped. */
	feed(&f, TH_ACK, f.peer_seq + 100000, f.iss + 6, "zz", 29200);
	ok(out(&f, &s, buf) && s.th.ack == f.peer_seq, "ESTABLISHED: "
	    "out-of-window segment answered with an ACK");
	/* ACK for data never sent -> ACK, dropped. */
	feed(&f, TH_ACK, f.peer_seq, f.iss + 9999, NULL, 29200);
	ok(out(&f, &s, buf) && s.th.flags == TH_ACK,
	    "ESTABLISHED: ACK of unsent data answered with an ACK");
	/* RST exactly at RCV.NXT resets. */
	feed(&f, TH_RST, f.peer_seq, 0, NULL, 0);
	is_int(state(&f), TCP_CLOSED, "ESTABLISHED: RST at RCV.NXT resets");
	stack_free(f.st);

	/* ABORT sends <SEQ=SND.NXT><CTL=RST>. */
	fix_established(&f);
	tcp_abort(f.st, f.conn, f.now, err, sizeof err);
	ok(out(&f, &s, buf) && s.th.flags == TH_RST && s.th.seq == f.iss + 1,
	    "ESTABLISHED: ABORT sends <SEQ=SND.NXT><CTL=RST>");
	is_int(state(&f), TCP_CLOSED, "ESTABLISHED: ABORT -> CLOSED");
	ok(tcp_send(f.st, f.conn, "x", 1, f.now, err, sizeof err) == -1 &&
	    strstr(err, "does not exist") != NULL,
	    "CLOSED: SEND fails: connection does not exist");
	stack_free(f.st);
}

/* tests for the closing states and TIME-WAIT */
static void
test_close(void)
{
	struct fix	 f;
	struct seg	 s;
	uint8_t		 buf[2048];
	char		 err[TCP_ERRLEN];
	uint64_t	 t0;

	/* Active close: FIN-WAIT-1 -> FIN-WAIT-2 -> TIME-WAIT -> CLOSED. */
	fix_established(&f);
	tcp_close(f.st, f.conn, f.now, err, sizeof err);
	ok(saw_state(&f, TCP_FIN_WAIT_1), "close: CLOSE -> FIN-WAIT-1");
	ok(out(&f, &s, buf) && s.th.flags == (TH_FIN | TH_ACK) &&
	    s.th.seq == f.iss + 1, "close: FIN sent at ISS+1");
	feed(&f, TH_ACK, f.peer_seq, f.iss + 2, NULL, 29200);
	ok(saw_state(&f, TCP_FIN_WAIT_2), "close: ACK of FIN -> FIN-WAIT-2");
	feed(&f, TH_FIN | TH_ACK, f.peer_seq, f.iss + 2, NULL, 29200);
	ok(saw_state(&f, TCP_TIME_WAIT), "close: FIN -> TIME-WAIT");
	ok(out(&f, &s, buf) && s.th.flags == TH_ACK && s.th.ack == f.peer_seq + 1,
	    "close: the last ACK");
	t0 = f.now;
	/* A retransmitted FIN in TIME-WAIT is acknowledged and restarts 2MSL. */
	f.now += 30 * TCP_SEC;
	stack_tick(f.st, f.now);
	feed(&f, TH_FIN | TH_ACK, f.peer_seq, f.iss + 2, NULL, 29200);
	ok(out(&f, &s, buf) && s.th.flags == TH_ACK && s.th.ack == f.peer_seq + 1,
	    "TIME-WAIT: retransmitted FIN re-acknowledged");
	is_int((stack_deadline(f.st) - t0) / TCP_SEC, 90,
	    "TIME-WAIT: 2MSL restarted by the FIN (60 s from then)");
	f.now = stack_deadline(f.st);
	stack_tick(f.st, f.now);
	ok(saw_state(&f, TCP_CLOSED), "TIME-WAIT: 2MSL expiry -> CLOSED");
	stack_free(f.st);

	/* Passive close: CLOSE-WAIT -> LAST-ACK -> CLOSED. */
	fix_established(&f);
	feed(&f, TH_FIN | TH_ACK, f.peer_seq, f.iss + 1, NULL, 29200);
	ok(saw_state(&f, TCP_CLOSE_WAIT), "passive close: FIN -> CLOSE-WAIT");
	ok(out(&f, &s, buf) && s.th.ack == f.peer_seq + 1, "passive close: FIN acked");
	ok(tcp_send(f.st, f.conn, "bye", 3, f.now, err, sizeof err) == 0,
	    "CLOSE-WAIT: may still SEND");
	drain(&f);
	tcp_close(f.st, f.conn, f.now, err, sizeof err);
	ok(saw_state(&f, TCP_LAST_ACK), "passive close: CLOSE -> LAST-ACK");
	ok(out(&f, &s, buf) && s.th.flags == (TH_FIN | TH_ACK) &&
	    s.th.seq == f.iss + 4, "passive close: FIN after the 3 data bytes");
	feed(&f, TH_ACK, f.peer_seq + 1, f.iss + 5, NULL, 29200);
	ok(saw_state(&f, TCP_CLOSED), "passive close: ACK of FIN -> CLOSED");
	stack_free(f.st);

	/* Simultaneous close: FIN-WAIT-1 -> CLOSING -> TIME-WAIT. */
	fix_established(&f);
	tcp_close(f.st, f.conn, f.now, err, sizeof err);
	drain(&f);
	feed(&f, TH_FIN | TH_ACK, f.peer_seq, f.iss + 1, NULL, 29200);
	ok(saw_state(&f, TCP_CLOSING), "simultaneous close: FIN-WAIT-1 + FIN -> CLOSING");
	feed(&f, TH_ACK, f.peer_seq + 1, f.iss + 2, NULL, 29200);
	ok(saw_state(&f, TCP_TIME_WAIT), "simultaneous close: ACK -> TIME-WAIT");
	stack_free(f.st);

	/* FIN-WAIT-1 receiving FIN+ACK of our FIN goes straight to TIME-WAIT. */
	fix_established(&f);
	tcp_close(f.st, f.conn, f.now, err, sizeof err);
	drain(&f);
	feed(&f, TH_FIN | TH_ACK, f.peer_seq, f.iss + 2, NULL, 29200);
	ok(saw_state(&f, TCP_TIME_WAIT), "FIN-WAIT-1: FIN+ACK of our FIN -> TIME-WAIT");
	stack_free(f.st);

	/* FIN-WAIT-2 timeout. */
	fix_established(&f);
	tcp_close(f.st, f.conn, f.now, err, sizeof err);
	drain(&f);
	feed(&f, TH_ACK, f.peer_seq, f.iss + 2, NULL, 29200);
	f.now += 60 * TCP_SEC;
	stack_tick(f.st, f.now);
	is_int(state(&f), TCP_CLOSED, "FIN-WAIT-2: closed after 60 s without FIN");
	stack_free(f.st);
}

/* tests for segments that belong to no connection (RFC 9293 §3.10.7.1) */
static void
test_no_connection(void)
{
	struct fix	 f;
	struct seg	 s;
	uint8_t		 buf[2048];

	memset(&f, 0, sizeof f);
	f.st = stack_new(&cfg, 1);
	addr_parse(&f.l.addr, LOCAL);
	addr_parse(&f.r.addr, REMOTE);
	f.l.port = 80;
	f.r.port = 40000;
	feed(&f, TH_SYN, 1000, 0, NULL, 100);
	ok(out(&f, &s, buf) && s.th.flags == (TH_RST | TH_ACK) && s.th.seq == 0 &&
	    s.th.ack == 1001, "no connection: SYN -> <SEQ=0><ACK=SEG.SEQ+SEG.LEN><RST,ACK>");
	feed(&f, TH_ACK, 1000, 4242, "abc", 100);
	ok(out(&f, &s, buf) && s.th.flags == TH_RST && s.th.seq == 4242,
	    "no connection: ACK -> <SEQ=SEG.ACK><CTL=RST>");
	feed(&f, TH_RST, 1000, 0, NULL, 100);
	ok(!out(&f, &s, buf), "no connection: RST is never answered");
	stack_free(f.st);
}

/* xorshift PRNG for the lossy link. */
static uint64_t
rnd(uint64_t *x)
{
	*x ^= *x << 13;
	*x ^= *x >> 7;
	*x ^= *x << 17;
	return (*x);
}

/* Move every queued segment from one stack to the other, losing some. */
static int
link_step(struct stack *from, struct stack *to, uint64_t now, uint64_t *prng,
    int loss_pct)
{
	struct seg	s;
	static uint8_t	buf[65536];
	int		n = 0;

	while (stack_output(from, &s, buf, sizeof buf, NULL)) {
		n++;
		if ((int)(rnd(prng) % 100) < loss_pct)
			continue;
		stack_input(to, &s, now);
	}
	return (n);
}

/* Two engines, one listening, exchange data byte-exact over a lossy link. */
static void
test_two_engines(int loss, uint64_t seed)
{
	struct stack	*a = stack_new(&cfg, seed), *b = stack_new(&cfg, seed + 1);
	struct endpoint	 la, lb;
	char		 err[TCP_ERRLEN];
	unsigned	 ca, lis, cb = 0;
	uint64_t	 now = 0, prng = seed | 1, d;
	size_t		 total = 100000, sent_a = 0, got_b = 0, sent_b = 0,
			 got_a = 0;
	uint8_t		*pa = malloc(total), *pb = malloc(total);
	uint8_t		*ra = malloc(total), *rb = malloc(total);
	struct tcp_status sa, sb;
	size_t		 i;
	int		 steps, closed = 0;

	for (i = 0; i < total; i++) {
		pa[i] = (uint8_t)rnd(&prng);
		pb[i] = (uint8_t)rnd(&prng);
	}
	addr_parse(&la.addr, "fd00::1");
	addr_parse(&lb.addr, "fd00::2");
	la.port = 0;
	lb.port = 9000;
	lis = tcp_listen(b, &lb, err, sizeof err);
	ca = tcp_connect(a, &la, &lb, now, err, sizeof err);
	for (steps = 0; steps < 200000; steps++) {
		int moved = link_step(a, b, now, &prng, loss) +
		    link_step(b, a, now, &prng, loss);
		if (cb == 0)
			cb = tcp_accept(b, lis);
		tcp_status(a, ca, &sa);
		if (cb)
			tcp_status(b, cb, &sb);
		if (sa.state == TCP_ESTABLISHED && sent_a < total) {
			size_t n = total - sent_a > 3000 ? 3000 : total - sent_a;
			tcp_send(a, ca, pa + sent_a, n, now, err, sizeof err);
			sent_a += n;
		}
		if (cb && sb.state == TCP_ESTABLISHED && sent_b < total) {
			size_t n = total - sent_b > 7000 ? 7000 : total - sent_b;
			tcp_send(b, cb, pb + sent_b, n, now, err, sizeof err);
			sent_b += n;
		}
		got_a += tcp_recv(a, ca, ra + got_a, total - got_a, now);
		if (cb)
			got_b += tcp_recv(b, cb, rb + got_b, total - got_b, now);
		if (!closed && got_a == total && got_b == total &&
		    sa.unacked == 0 && sb.unacked == 0 &&
		    sa.unsent == 0 && sb.unsent == 0) {
			tcp_close(a, ca, now, err, sizeof err);
			tcp_close(b, cb, now, err, sizeof err);
			closed = 1;
		}
		tcp_status(a, ca, &sa);
		tcp_status(b, cb, &sb);
		if (closed && (sa.state == TCP_TIME_WAIT || sa.state == TCP_CLOSED) &&
		    sb.state == TCP_CLOSED)
			break;
		if (moved == 0) {
			d = stack_deadline(a) < stack_deadline(b) ?
			    stack_deadline(a) : stack_deadline(b);
			if (d == TCP_NEVER)
				break;
			now = d;
			stack_tick(a, now);
			stack_tick(b, now);
		} else
			now += 100;	/* 0.1 ms per exchange */
	}
	ok(got_b == total && memcmp(pa, rb, total) == 0,
	    "two engines, %d%% loss: 100000 bytes a->b byte-exact", loss);
	ok(got_a == total && memcmp(pb, ra, total) == 0,
	    "two engines, %d%% loss: 100000 bytes b->a byte-exact", loss);
	ok((sa.state == TCP_TIME_WAIT || sa.state == TCP_CLOSED) &&
	    sb.state == TCP_CLOSED, "two engines, %d%% loss: both closed "
	    "(a %s, b %s)", loss, tcp_state_name(sa.state),
	    tcp_state_name(sb.state));
	free(pa);
	free(pb);
	free(ra);
	free(rb);
	stack_free(a);
	stack_free(b);
}

/* With mss 0 the MSS comes from the MTU less the IPv4 or IPv6 and TCP headers. */
static void
test_mss_from_mtu(void)
{
	struct tcp_cfg	 c = cfg;
	struct stack	*st;
	struct endpoint	 l, r;
	struct seg	 s;
	uint8_t		 buf[256];
	char		 err[TCP_ERRLEN];
	const struct tcp_opt *o;
	const char	*fam[2][2] = { { "10.0.0.1", "10.0.0.2" },
			    { "fd00::1", "fd00::2" } };
	int		 i, want[2] = { 1240, 1220 };

	c.mss = 0;
	c.mtu = 1280;
	for (i = 0; i < 2; i++) {
		st = stack_new(&c, 3);
		memset(&l, 0, sizeof l);
		memset(&r, 0, sizeof r);
		addr_parse(&l.addr, fam[i][0]);
		addr_parse(&r.addr, fam[i][1]);
		r.port = 80;
		tcp_connect(st, &l, &r, 0, err, sizeof err);
		ok(stack_output(st, &s, buf, sizeof buf, NULL) &&
		    (o = wire_tcpopt_find(&s.th, TCPOPT_MSS)) != NULL &&
		    o->u.mss == want[i], "MSS from MTU 1280 over IPv%d is %d",
		    i ? 6 : 4, want[i]);
		stack_free(st);
	}
}

/* RFC 9293 MUSTs 15, 46, 48, 49, 57 and 63. */
static void
test_musts(void)
{
	struct fix	 f;
	struct seg	 s, syn;
	uint8_t		 buf[2048];
	char		 err[TCP_ERRLEN];
	struct endpoint	 l, r;
	struct tcp_cfg	 c = cfg;
	struct tcp_status ts;
	struct tcp_event ev;

	/* MUST-46: no OPEN to a group address. */
	memset(&l, 0, sizeof l);
	memset(&r, 0, sizeof r);
	f.st = stack_new(&cfg, 5);
	addr_parse(&l.addr, LOCAL);
	addr_parse(&r.addr, "224.0.0.1");
	r.port = 80;
	ok(tcp_connect(f.st, &l, &r, 0, err, sizeof err) == 0 &&
	    strstr(err, "multicast") != NULL, "MUST-46: OPEN to 224.0.0.1 refused");
	addr_parse(&r.addr, "ff02::1");
	addr_parse(&l.addr, "fd00::1");
	ok(tcp_connect(f.st, &l, &r, 0, err, sizeof err) == 0, "MUST-46: OPEN to ff02::1 refused");
	stack_free(f.st);

	/* MUST-57/63: a SYN from a broadcast source or to a multicast address: silence. */
	memset(&f, 0, sizeof f);
	f.st = stack_new(&cfg, 6);
	addr_parse(&f.l.addr, LOCAL);
	addr_parse(&f.r.addr, "255.255.255.255");
	f.l.port = 80;
	f.r.port = 4000;
	tcp_listen(f.st, &f.l, err, sizeof err);
	last_cause(&f, &ev);
	feed(&f, TH_SYN, 1, 0, NULL, 1000);
	ok(!out(&f, &s, buf), "MUST-63: a SYN from 255.255.255.255 gets no answer");
	ok(last_cause(&f, &ev) == TCP_CAUSE_GROUP_ADDR &&
	    ev.type == TEV_DISCARD &&
	    strcmp(ev.clause, "RFC 9293 §3.9.2.1") == 0,
	    "MUST-63: discarded with cause group-address, RFC 9293 §3.9.2.1");
	addr_parse(&f.r.addr, REMOTE);
	addr_parse(&f.l.addr, "239.1.2.3");
	feed(&f, TH_SYN, 1, 0, NULL, 1000);
	ok(!out(&f, &s, buf), "MUST-57: a SYN to 239.1.2.3 gets no answer, not even RST");
	stack_free(f.st);

	/* MUST-48/49: TTL and TOS are settable and go out on every segment. */
	c.ttl = 7;
	c.tos = 0xb8;
	f.st = stack_new(&c, 8);
	addr_parse(&l.addr, LOCAL);
	addr_parse(&r.addr, REMOTE);
	tcp_connect(f.st, &l, &r, 0, err, sizeof err);
	ok(stack_output(f.st, &syn, buf, sizeof buf, NULL) && syn.ttl == 7 &&
	    syn.tos == 0xb8, "MUST-48/49: the SYN carries TTL 7 and TOS 0xb8");
	stack_free(f.st);

	/* MUST-8/9: ISN = 4 us clock + keyed hash of the 4-tuple (RFC 6528). */
	{
		struct stack *a = stack_new(&cfg, 77), *b = stack_new(&cfg, 78);
		uint32_t i1, i2, i3;
		struct seg sy;
		addr_parse(&l.addr, LOCAL);
		addr_parse(&r.addr, REMOTE);
		l.port = 40000;
		r.port = 80;
		tcp_connect(a, &l, &r, 1000000, err, sizeof err);
		stack_output(a, &sy, buf, sizeof buf, NULL);
		i1 = sy.th.seq;
		r.port = 81;		/* another tuple, 4 us later */
		tcp_connect(a, &l, &r, 1000004, err, sizeof err);
		stack_output(a, &sy, buf, sizeof buf, NULL);
		i2 = sy.th.seq;
		r.port = 80;
		/* another secret */
		tcp_connect(b, &l, &r, 1000000, err, sizeof err);
		stack_output(b, &sy, buf, sizeof buf, NULL);
		i3 = sy.th.seq;
		ok(i2 != i1 + 1 && i3 != i1, "MUST-8/9: other tuples and other "
		    "secrets give unrelated ISNs (%u, %u, %u)", i1, i2, i3);
		stack_free(a);
		a = stack_new(&cfg, 77);
		tcp_connect(a, &l, &r, 1000004, err, sizeof err);
		stack_output(a, &sy, buf, sizeof buf, NULL);
		is_int(sy.th.seq, i1 + 1, "MUST-8: the same tuple 4 us later "
		    "gets the ISN plus one (the 4 us clock)");
		stack_free(a);
		stack_free(b);
	}

	/* MUST-66: an RST at RCV.NXT resets even when our window is zero. */
	{
		struct tcp_cfg z = cfg;
		z.rcv_buf = 10;
		memset(&f, 0, sizeof f);
		f.st = stack_new(&z, 10);
		addr_parse(&f.l.addr, LOCAL);
		addr_parse(&f.r.addr, REMOTE);
		f.r.port = 7;
		f.conn = tcp_connect(f.st, &f.l, &f.r, 0, err, sizeof err);
		out(&f, &syn, buf);
		f.l.port = syn.th.sport;
		feed(&f, TH_SYN | TH_ACK, 100, syn.th.seq + 1, NULL, 1000);
		drain(&f);
		feed(&f, TH_ACK | TH_PUSH, 101, syn.th.seq + 1, "0123456789", 1000);
		tcp_status(f.st, f.conn, &ts);
		ok(ts.rcv_wnd == 0, "MUST-66: the receive window is full (0)");
		feed(&f, TH_RST, 111, 0, NULL, 0);
		is_int(state(&f), TCP_CLOSED, "MUST-66: an RST at RCV.NXT still "
		    "resets with a zero window");
		stack_free(f.st);
	}

	/* MUST-15: an IPv6 peer's SYN-ACK without MSS means 1220, not 536. */
	memset(&f, 0, sizeof f);
	f.st = stack_new(&cfg, 9);
	addr_parse(&f.l.addr, "fd00::1");
	addr_parse(&f.r.addr, "fd00::2");
	f.r.port = 7;
	f.conn = tcp_connect(f.st, &f.l, &f.r, 0, err, sizeof err);
	out(&f, &syn, buf);
	f.l.port = syn.th.sport;
	feed(&f, TH_SYN | TH_ACK, 100, syn.th.seq + 1, NULL, 1000);
	tcp_status(f.st, f.conn, &ts);
	is_int(ts.peer_mss, 1220, "MUST-15: IPv6 default MSS is 1220");
	stack_free(f.st);
}

/*
 * The first ACK after a SYN-ACK advertises the scaled window whatever the
 * peer's ISN: the edge our SYN offered is re-based on RCV.NXT (a stale
 * edge once advertised 65535 << 7 or 0 depending on the IRS).
 */
static void
test_first_window(void)
{
	static const uint32_t irs[] = { 100, 2147483000u, 4044622144u,
	    4294900000u };
	struct tcp_cfg	 c;
	struct stack	*st;
	struct endpoint	 l, r;
	struct seg	 s, o;
	struct tcp_opt	 op;
	uint8_t		 buf[2048];
	char		 err[TCP_ERRLEN];
	size_t		 k;
	int		 good = 0;

	for (k = 0; k < sizeof irs / sizeof irs[0]; k++) {
		tcp_cfg_default(&c);
		st = stack_new(&c, k + 3);
		memset(&l, 0, sizeof l);
		memset(&r, 0, sizeof r);
		addr_parse(&l.addr, LOCAL);
		addr_parse(&r.addr, REMOTE);
		r.port = 7;
		tcp_connect(st, &l, &r, 1000, err, sizeof err);
		stack_output(st, &o, buf, sizeof buf, NULL);
		memset(&s, 0, sizeof s);
		s.src = r.addr;
		s.dst = l.addr;
		s.th.sport = 7;
		s.th.dport = o.th.sport;
		s.th.seq = irs[k];
		s.th.ack = o.th.seq + 1;
		s.th.flags = TH_SYN | TH_ACK;
		s.th.win = 65160;
		memset(&op, 0, sizeof op);
		op.kind = TCPOPT_WSCALE;
		op.len = 3;
		op.u.wscale = 10;
		wire_tcpopt_add(&s.th, &op);
		stack_input(st, &s, 2000);
		if (stack_output(st, &o, buf, sizeof buf, NULL) &&
		    o.th.flags == TH_ACK && o.th.win == 131072 >> 7)
			good++;
		else
			diag("IRS %u: first ACK window %u", irs[k], o.th.win);
		stack_free(st);
	}
	is_int(good, 4, "the first ACK advertises 131072 >> 7 = 1024 for "
	    "every IRS, near 2^31 and 2^32 too");
}

/*
 * UDP's causes: a datagram for a socket, one to a closed port (ICMP or a
 * silent drop), a full receive queue, and a datagram sent.
 */
static void
test_udp_causes(void)
{
	struct fix		 f;
	struct tcp_event	 ev;
	struct tcp_outinfo	 oi;
	struct seg		 s, d;
	uint8_t			 buf[2048];
	char			 err[TCP_ERRLEN];
	unsigned		 id;
	int			 i;

	memset(&f, 0, sizeof f);
	f.st = stack_new(&cfg, 9);
	addr_parse(&f.l.addr, LOCAL);
	addr_parse(&f.r.addr, REMOTE);
	f.l.port = 53;
	f.r.port = 4000;
	id = udp_bind(f.st, &f.l, err, sizeof err);
	memset(&d, 0, sizeof d);
	d.proto = IPPROTO_UDP_;
	d.src = f.r.addr;
	d.dst = f.l.addr;
	d.th.sport = f.r.port;
	d.th.dport = f.l.port;
	d.data = (const uint8_t *)"q";
	d.len = 1;
	stack_input(f.st, &d, 0);
	ok(last_cause(&f, &ev) == TCP_CAUSE_DATAGRAM && ev.type == TEV_DGRAM &&
	    ev.conn == id && strcmp(ev.clause, "RFC 768") == 0,
	    "UDP: a datagram's event: cause datagram, RFC 768");
	for (i = 0; i < 300; i++)
		stack_input(f.st, &d, 0);
	ok(last_cause(&f, &ev) == TCP_CAUSE_UDP_QUEUE_FULL &&
	    ev.type == TEV_DISCARD && ev.clause == NULL,
	    "UDP: a full queue drops with cause udp-queue-full");
	ok(udp_sendto(f.st, id, &f.r, "a", 1, err, sizeof err) == 0 &&
	    stack_output(f.st, &s, buf, sizeof buf, &oi) && oi.conn == id &&
	    oi.cause == TCP_CAUSE_DATAGRAM && !oi.rexmit,
	    "UDP: a datagram sent is the socket's, cause datagram");
	d.th.dport = 54;
	stack_input(f.st, &d, 0);
	ok(last_cause(&f, &ev) == TCP_CAUSE_CLOSED_PORT &&
	    strcmp(ev.clause, "RFC 1122 §4.1.3.1") == 0 &&
	    stack_output(f.st, &s, buf, sizeof buf, &oi) && oi.conn == 0 &&
	    oi.cause == TCP_CAUSE_CLOSED_PORT, "UDP: a closed port: ICMP with "
	    "cause closed-port, RFC 1122 §4.1.3.1");
	stack_cfg(f.st)->udp_unreach = false;
	stack_input(f.st, &d, 0);
	ok(last_cause(&f, &ev) == TCP_CAUSE_CLOSED_PORT &&
	    ev.type == TEV_DISCARD && !out(&f, &s, buf), "UDP: udp_unreach "
	    "off: dropped silently, cause closed-port");
	stack_free(f.st);
}

/* Every cause has its own short name; unknown ones print as "?". */
static void
test_cause_names(void)
{
	int	i, j, good = 1;

	for (i = 0; i < TCP_NCAUSES; i++)
		for (j = 0; j < i; j++)
			if (strcmp(tcp_cause_name(i), tcp_cause_name(j)) == 0 ||
			    strcmp(tcp_cause_name(i), "?") == 0) {
				good = 0;
				diag("causes %d and %d: %s", i, j,
				    tcp_cause_name(i));
			}
	ok(good, "causes: %d distinct names", TCP_NCAUSES);
	is_str(tcp_cause_name(TCP_CAUSE_RTO), "rto", "causes: rto");
	is_str(tcp_cause_name(TCP_CAUSE_FAST_RETRANSMIT), "fast-retransmit",
	    "causes: fast-retransmit");
	is_str(tcp_cause_name(TCP_CAUSE_KEEPALIVE_PROBE), "keepalive-probe",
	    "causes: keepalive-probe");
	is_str(tcp_cause_name(TCP_NCAUSES), "?", "causes: out of range");
}

/* State names parse in the spellings users type. */
static void
test_names(void)
{
	is_int(tcp_state_parse("TIME-WAIT"), TCP_TIME_WAIT, "names: TIME-WAIT");
	is_int(tcp_state_parse("time_wait"), TCP_TIME_WAIT, "names: time_wait");
	is_int(tcp_state_parse("Established"), TCP_ESTABLISHED, "names: Established");
	is_int(tcp_state_parse("CLOSED_WAIT"), -1, "names: CLOSED_WAIT is no state");
	is_str(tcp_state_name(TCP_SYN_RECEIVED), "SYN-RECEIVED", "names: SYN-RECEIVED");
}

int
main(void)
{
	/* The state tests use a plain TCP: no options, immediate ACKs. */
	tcp_cfg_default(&cfg);
	cfg.opt_ts = cfg.opt_sack = cfg.opt_wscale = false;
	cfg.delack = false;
	cfg.mss = 1460;
	test_seq();
	test_syn_sent();
	test_established();
	test_close();
	test_no_connection();
	test_mss_from_mtu();
	test_musts();
	test_first_window();
	/* Two engines with every option on and delayed ACKs, as Linux. */
	tcp_cfg_default(&cfg);
	test_two_engines(0, 7);
	test_two_engines(10, 11);
	test_two_engines(25, 13);
	test_names();
	test_cause_names();
	test_udp_causes();
	return (done_testing());
}
