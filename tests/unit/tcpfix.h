/*
 * tests/unit/tcpfix.h - fixtures for the engine tests (DESIGN.md §6): a
 * stack with one connection driven by a simulated peer in virtual time.
 * fix_in_state() builds a connection into any of the eleven states of
 * RFC 9293 §3.3.2 through real segment exchanges; FEED() plays a segment
 * from the peer; EXPECT_OUT() asserts exactly one queued segment with the
 * given flags, SEQ, ACK and length; EXPECT_NOTHING() and EXPECT_STATE()
 * assert silence and the state; EXPECT_CAUSE() asserts an event's cause and
 * RFC clause, EXPECT_WHY() why the segment in f->out was sent.  Header-only
 * (static inline) because each test program is one .c file with its own
 * TAP counters.
 */
#ifndef TCPX_TESTS_UNIT_TCPFIX_H
#define TCPX_TESTS_UNIT_TCPFIX_H

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/seq.h"
#include "core/tcp.h"
#include "tests/tap.h"

#define FIX_LOCAL	"10.0.0.1"
#define FIX_REMOTE	"10.0.0.2"
#define FIX_LPORT	80		/* our port when passive */
#define FIX_RPORT	7		/* the peer's port when we are active */
#define FIX_PEER_PORT	40000		/* the peer's port when it is active */
#define FIX_PEER_ISS	5000u		/* the peer's ISN */
#define FIX_PEER_WIN	65535		/* the window the peer offers */
#define FIX_T0		(1000 * TCP_SEC)	/* virtual time at the start */
#define FIX_MAXEV	4096

#define ANY		(-1LL)		/* EXPECT_OUT: any SEQ, ACK or length */

struct fix {
	struct stack	*st;
	struct tcp_cfg	 cfg;
	unsigned	 conn;		/* the connection under test */
	unsigned	 lis;		/* its listener, when passive */
	struct endpoint	 l, r;		/* ours, the peer's */
	uint64_t	 now;
	uint32_t	 iss;		/* our ISS, from our SYN or SYN-ACK */
	uint32_t	 snd;		/* the peer's SND.NXT: its next SEQ */
	uint32_t	 rcv;		/* the peer's RCV.NXT: what it acks */
	uint16_t	 win;		/* the window the peer offers */
	bool		 peer_ts;	/* the peer sends timestamps */
	uint32_t	 peer_tsval;	/* its clock */
	uint32_t	 peer_tsecr;	/* the last TSval it saw from us */
	bool		 by_shutdown;	/* fix_in_state closes with shutdown */
	struct seg	 out;		/* the segment EXPECT_* took last */
	struct tcp_outinfo outinfo;	/* why it was sent */
	uint8_t		 outbuf[65536];
	struct tcp_event ev[FIX_MAXEV];	/* events seen since fix_ev_clear */
	int		 nev;
};

/* The plain TCP of the state tests: no options, immediate ACKs, MSS 1460. */
static inline void
fix_cfg_plain(struct tcp_cfg *c)
{
	tcp_cfg_default(c);
	c->opt_ts = c->opt_sack = c->opt_wscale = false;
	c->delack = false;
	c->mss = 1460;
}

/* Collect pending events into f->ev. */
static inline void
fix_ev_pump(struct fix *f)
{
	struct tcp_event ev;

	while (stack_event(f->st, &ev))
		if (f->nev < FIX_MAXEV)
			f->ev[f->nev++] = ev;
}

/* Forget the events seen so far. */
static inline void
fix_ev_clear(struct fix *f)
{
	fix_ev_pump(f);
	f->nev = 0;
}

/* Whether an event of type for conn (0: any) with text in its why was seen. */
static inline bool
fix_ev_seen(struct fix *f, enum tcp_ev_type type, unsigned conn,
    const char *text)
{
	int	i;

	fix_ev_pump(f);
	for (i = 0; i < f->nev; i++)
		if (f->ev[i].type == type && (conn == 0 ||
		    f->ev[i].conn == conn) && (text == NULL ||
		    strstr(f->ev[i].why, text) != NULL))
			return (true);
	return (false);
}

/* Whether connection conn was seen entering state to. */
static inline bool
fix_ev_state(struct fix *f, unsigned conn, enum tcp_state to)
{
	int	i;

	fix_ev_pump(f);
	for (i = 0; i < f->nev; i++)
		if (f->ev[i].type == TEV_STATE && f->ev[i].to == to &&
		    (conn == 0 || f->ev[i].conn == conn))
			return (true);
	return (false);
}

/* The last event of type (-1: any) with cause seen, or NULL. */
static inline const struct tcp_event *
fix_ev_cause(struct fix *f, int type, enum tcp_cause cause)
{
	int	i;

	fix_ev_pump(f);
	for (i = f->nev - 1; i >= 0; i--)
		if ((type == -1 || f->ev[i].type == (enum tcp_ev_type)type) &&
		    f->ev[i].cause == cause)
			return (&f->ev[i]);
	return (NULL);
}

/*
 * Check that an event of type (-1: any) with cause and clause (NULL: none)
 * was seen; returns it, or NULL after listing the events seen.
 */
static inline const struct tcp_event *
fix_expect_cause(struct fix *f, const char *file, int line, int type,
    enum tcp_cause cause, const char *clause, const char *fmt, ...)
{
	const struct tcp_event	*ev = fix_ev_cause(f, type, cause);
	char			 msg[256];
	va_list			 ap;
	int			 i, good;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	good = ev != NULL && (clause == NULL ? ev->clause == NULL :
	    ev->clause != NULL && strcmp(ev->clause, clause) == 0);
	tap_ok(good, file, line, "%s", msg);
	if (good)
		return (ev);
	printf("#   want %s (%s)\n", tcp_cause_name(cause),
	    clause != NULL ? clause : "no clause");
	for (i = 0; i < f->nev; i++)
		printf("#   seen %d %s (%s): %s\n", f->ev[i].type,
		    tcp_cause_name(f->ev[i].cause), f->ev[i].clause != NULL ?
		    f->ev[i].clause : "no clause", f->ev[i].why);
	return (NULL);
}

#define EXPECT_CAUSE(f, type, cause, clause, ...)			\
	fix_expect_cause((f), __FILE__, __LINE__, (type), (cause), (clause), \
	    __VA_ARGS__)

/* Check why the segment in f->out was sent: its cause, and if a resend. */
static inline int
fix_expect_why(struct fix *f, const char *file, int line,
    enum tcp_cause cause, bool rexmit, const char *fmt, ...)
{
	char	msg[256];
	va_list	ap;
	int	good;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	good = f->outinfo.cause == cause && f->outinfo.rexmit == rexmit;
	tap_ok(good, file, line, "%s", msg);
	if (!good)
		printf("#   want %s%s, got %s%s\n", tcp_cause_name(cause),
		    rexmit ? " (resend)" : "",
		    tcp_cause_name(f->outinfo.cause),
		    f->outinfo.rexmit ? " (resend)" : "");
	return (good);
}

#define EXPECT_WHY(f, cause, rexmit, ...)				\
	fix_expect_why((f), __FILE__, __LINE__, (cause), (rexmit), __VA_ARGS__)

/* Connection conn's state (TCP_NSTATES when it does not exist). */
static inline enum tcp_state
fix_state_of(struct fix *f, unsigned conn)
{
	struct tcp_status s;

	if (tcp_status(f->st, conn, &s) != 0)
		return (TCP_NSTATES);
	return (s.state);
}

/* The connection under test's status. */
static inline struct tcp_status
fix_status(struct fix *f)
{
	struct tcp_status s;

	memset(&s, 0, sizeof s);
	tcp_status(f->st, f->conn, &s);
	return (s);
}

/* A new stack with configuration c at FIX_T0, no connection yet. */
static inline void
fix_new(struct fix *f, const struct tcp_cfg *c)
{
	memset(f, 0, sizeof *f);
	f->cfg = *c;
	f->st = stack_new(c, 42);
	addr_parse(&f->l.addr, FIX_LOCAL);
	addr_parse(&f->r.addr, FIX_REMOTE);
	f->now = FIX_T0;
	f->win = FIX_PEER_WIN;
	f->peer_tsval = 777000;
}

/* Free the fixture's stack. */
static inline void
fix_free(struct fix *f)
{
	stack_free(f->st);
	f->st = NULL;
	f->by_shutdown = false;
}

/* A segment from the peer (TS option added when the peer uses timestamps). */
static inline struct seg
fix_seg(struct fix *f, uint16_t flags, uint32_t seq, uint32_t ack,
    const void *data, size_t len)
{
	struct seg	s;
	struct tcp_opt	o;

	memset(&s, 0, sizeof s);
	s.src = f->r.addr;
	s.dst = f->l.addr;
	s.th.sport = f->r.port;
	s.th.dport = f->l.port;
	s.th.seq = seq;
	s.th.ack = (flags & TH_ACK) ? ack : 0;
	s.th.flags = flags;
	s.th.win = f->win;
	s.data = data;
	s.len = len;
	if (f->peer_ts && !(flags & TH_RST)) {
		memset(&o, 0, sizeof o);
		o.kind = TCPOPT_TIMESTAMP;
		o.len = 10;
		o.u.ts.val = f->peer_tsval;
		o.u.ts.ecr = (flags & TH_ACK) ? f->peer_tsecr : 0;
		wire_tcpopt_add(&s.th, &o);
	}
	return (s);
}

/* Add an MSS option to s. */
static inline void
fix_opt_mss(struct seg *s, uint16_t mss)
{
	struct tcp_opt	o;

	memset(&o, 0, sizeof o);
	o.kind = TCPOPT_MSS;
	o.len = 4;
	o.u.mss = mss;
	wire_tcpopt_add(&s->th, &o);
}

/* Add a window scale option to s. */
static inline void
fix_opt_ws(struct seg *s, uint8_t shift)
{
	struct tcp_opt	o;

	memset(&o, 0, sizeof o);
	o.kind = TCPOPT_WSCALE;
	o.len = 3;
	o.u.wscale = shift;
	wire_tcpopt_add(&s->th, &o);
}

/* Add SACK-permitted to s. */
static inline void
fix_opt_sackok(struct seg *s)
{
	struct tcp_opt	o;

	memset(&o, 0, sizeof o);
	o.kind = TCPOPT_SACK_PERM;
	o.len = 2;
	wire_tcpopt_add(&s->th, &o);
}

/* Add a timestamp option to s. */
static inline void
fix_opt_ts(struct seg *s, uint32_t val, uint32_t ecr)
{
	struct tcp_opt	o;

	memset(&o, 0, sizeof o);
	o.kind = TCPOPT_TIMESTAMP;
	o.len = 10;
	o.u.ts.val = val;
	o.u.ts.ecr = ecr;
	wire_tcpopt_add(&s->th, &o);
}

/* Add one SACK block [left, right) to s (each call adds one more). */
static inline void
fix_opt_sack(struct seg *s, uint32_t left, uint32_t right)
{
	struct tcp_opt	o, *p;
	int		i;

	for (i = 0; i < s->th.n_opt; i++) {
		p = &s->th.opt[i];
		if (p->kind == TCPOPT_SACK && p->u.sack.n < WIRE_MAX_SACK) {
			p->u.sack.blk[p->u.sack.n].left = left;
			p->u.sack.blk[p->u.sack.n].right = right;
			p->u.sack.n++;
			p->len += 8;
			return;
		}
	}
	memset(&o, 0, sizeof o);
	o.kind = TCPOPT_SACK;
	o.len = 10;
	o.u.sack.n = 1;
	o.u.sack.blk[0].left = left;
	o.u.sack.blk[0].right = right;
	wire_tcpopt_add(&s->th, &o);
}

/* Deliver s to the stack at f->now; the peer's clock ticks. */
static inline void
fix_put(struct fix *f, const struct seg *s)
{
	stack_input(f->st, s, f->now);
	f->peer_tsval++;
}

/* Feed a segment from the peer. */
static inline void
fix_feed(struct fix *f, uint16_t flags, uint32_t seq, uint32_t ack,
    const void *data, size_t len)
{
	struct seg	s = fix_seg(f, flags, seq, ack, data, len);

	fix_put(f, &s);
}

/*
 * The peer sends len bytes (data may be NULL: 'x's) at its SND.NXT with
 * ACK = its RCV.NXT, plus extra flags; its SND.NXT advances.
 */
static inline void
fix_peer_send(struct fix *f, uint16_t flags, const void *data, size_t len)
{
	static uint8_t	xs[65536];
	struct seg	s;

	if (data == NULL) {
		memset(xs, 'x', len);
		data = xs;
	}
	s = fix_seg(f, TH_ACK | flags, f->snd, f->rcv, data, len);
	f->snd += (uint32_t)len + ((flags & TH_FIN) ? 1 : 0);
	fix_put(f, &s);
}

/* Take the next queued segment into f->out; returns 1, or 0 when none. */
static inline int
fix_take(struct fix *f)
{
	const struct tcp_opt *o;

	if (!stack_output(f->st, &f->out, f->outbuf, sizeof f->outbuf,
	    &f->outinfo))
		return (0);
	if ((o = wire_tcpopt_find(&f->out.th, TCPOPT_TIMESTAMP)) != NULL)
		f->peer_tsecr = o->u.ts.val;
	return (1);
}

/* Drop everything queued; returns how many segments there were. */
static inline int
fix_drain(struct fix *f)
{
	int	n = 0;

	while (fix_take(f))
		n++;
	return (n);
}

/* "S.A.F.R.P" style flag text. */
static inline const char *
fix_flags(uint16_t fl, char *buf)
{
	char	*p = buf;

	if (fl & TH_SYN)
		*p++ = 'S';
	if (fl & TH_FIN)
		*p++ = 'F';
	if (fl & TH_RST)
		*p++ = 'R';
	if (fl & TH_PUSH)
		*p++ = 'P';
	if (fl & TH_ACK)
		*p++ = '.';
	if (p == buf)
		*p++ = '-';
	*p = '\0';
	return (buf);
}

/* Print a segment as a TAP diagnostic. */
static inline void
fix_diag_seg(const char *what, const struct seg *s)
{
	char	fl[8];

	printf("#   %s [%s] seq %u ack %u win %u len %zu (%u -> %u)\n", what,
	    fix_flags(s->th.flags, fl), s->th.seq, s->th.ack, s->th.win,
	    s->len, s->th.sport, s->th.dport);
}

/*
 * Check that the next queued segment has these flags, SEQ, ACK and
 * payload length (ANY: not checked); it stays in f->out.
 */
static inline int
fix_expect_seg(struct fix *f, const char *file, int line, uint16_t flags,
    long long seq, long long ack, long long len, const char *fmt, ...)
{
	char	msg[256], fl[8];
	va_list	ap;
	int	got, good;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	got = fix_take(f);
	good = got && f->out.th.flags == flags &&
	    (seq == ANY || f->out.th.seq == (uint32_t)seq) &&
	    (ack == ANY || f->out.th.ack == (uint32_t)ack) &&
	    (len == ANY || f->out.len == (size_t)len);
	tap_ok(good, file, line, "%s", msg);
	if (!good) {
		printf("#   want [%s] seq %lld ack %lld len %lld\n",
		    fix_flags(flags, fl), seq, ack, len);
		if (got)
			fix_diag_seg("got ", &f->out);
		else
			printf("#   got  nothing\n");
	}
	if (!got)
		memset(&f->out, 0, sizeof f->out);
	return (good);
}

/* Check that nothing (more) is queued; what is there is drained and shown. */
static inline int
fix_expect_nothing(struct fix *f, const char *file, int line,
    const char *fmt, ...)
{
	char		 msg[256];
	va_list		 ap;
	struct seg	 s;
	static uint8_t	 buf[65536];
	int		 n = 0;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	while (stack_output(f->st, &s, buf, sizeof buf, NULL)) {
		if (n++ == 0)
			tap_ok(0, file, line, "%s", msg);
		fix_diag_seg("unexpected", &s);
	}
	if (n == 0)
		tap_ok(1, file, line, "%s", msg);
	return (n == 0);
}

static inline int fix_nothing_more(struct fix *, const char *, int);

/* Exactly one segment with these fields is queued (and nothing after it). */
#define EXPECT_OUT(f, flags, seq, ack, len, ...)			\
	((void)(fix_expect_seg((f), __FILE__, __LINE__, (flags), (seq),	\
	    (ack), (len), __VA_ARGS__) &&				\
	 fix_nothing_more((f), __FILE__, __LINE__)))

/* The next segment has these fields (more may follow). */
#define EXPECT_SEG(f, flags, seq, ack, len, ...)			\
	fix_expect_seg((f), __FILE__, __LINE__, (flags), (seq), (ack),	\
	    (len), __VA_ARGS__)

#define EXPECT_NOTHING(f, ...)						\
	fix_expect_nothing((f), __FILE__, __LINE__, __VA_ARGS__)

#define EXPECT_STATE(f, state, ...)					\
	is_int(fix_state_of((f), (f)->conn), (state), __VA_ARGS__)

#define FEED(f, flags, seq, ack, data, len)				\
	fix_feed((f), (flags), (seq), (ack), (data), (len))

/* Part of EXPECT_OUT: no second segment; a failure of its own when there is. */
static inline int
fix_nothing_more(struct fix *f, const char *file, int line)
{
	struct seg	 s;
	static uint8_t	 buf[65536];
	int		 n = 0;

	while (stack_output(f->st, &s, buf, sizeof buf, NULL)) {
		if (n++ == 0)
			tap_ok(0, file, line, "... and exactly one segment");
		fix_diag_seg("extra", &s);
	}
	return (n == 0);
}

/*
 * Run the timers due at f->now (deadline d <= f->now).  A timer that runs
 * must move its deadline; a handler may arm another timer for this very
 * instant, so a few rounds at the same time are allowed, but a deadline
 * that stays put is an engine that would spin forever: the test fails,
 * saying which deadline, and false is returned.
 */
#define FIX_TICK_ROUNDS	8
static inline bool
fix_tick_due(struct fix *f, const char *who)
{
	uint64_t	d;
	int		i;

	for (i = 0; i < FIX_TICK_ROUNDS; i++) {
		stack_tick(f->st, f->now);
		if ((d = stack_deadline(f->st)) > f->now)
			return (true);
	}
	ok(0, "%s: the timer due at t0%+lld us does not move: still due after "
	    "%d runs at t0%+lld us", who, (long long)(d - FIX_T0),
	    FIX_TICK_ROUNDS, (long long)(f->now - FIX_T0));
	return (false);
}

/*
 * Advance virtual time to t, running every timer that falls due on the
 * way; a timer that does not move fails the test (fix_tick_due) and
 * time jumps to t.
 */
static inline void
fix_run_until(struct fix *f, uint64_t t)
{
	uint64_t	d;

	while ((d = stack_deadline(f->st)) <= t) {
		if (d > f->now)
			f->now = d;
		if (!fix_tick_due(f, "fix_run_until"))
			break;
	}
	if (t > f->now)
		f->now = t;
}

/*
 * Jump to the next deadline and run it; returns false when there is none,
 * or when it does not move (a failed check says so).
 */
static inline bool
fix_next_timer(struct fix *f)
{
	uint64_t	d = stack_deadline(f->st);

	if (d == TCP_NEVER)
		return (false);
	if (d > f->now)
		f->now = d;
	return (fix_tick_due(f, "fix_next_timer"));
}

/* A fixture that failed to reach its state: one failing check says so. */
static inline bool
fix_reached(struct fix *f, enum tcp_state want, const char *step)
{
	enum tcp_state	got = fix_state_of(f, f->conn);

	if (got == want)
		return (true);
	ok(0, "fixture: %s should reach %s, got %s", step,
	    tcp_state_name(want), got == TCP_NSTATES ? "no connection" :
	    tcp_state_name(got));
	return (false);
}

/*
 * Active open: OPEN to the peer; the SYN is taken (in f->out) and our ISS
 * recorded.  The connection is in SYN-SENT.
 */
static inline void
fix_syn_sent(struct fix *f, const struct tcp_cfg *c)
{
	char		 err[TCP_ERRLEN] = "";

	fix_new(f, c);
	f->r.port = FIX_RPORT;
	f->conn = tcp_connect(f->st, &f->l, &f->r, f->now, err, sizeof err);
	if (f->conn == 0 || !fix_take(f)) {
		ok(0, "fixture: tcp_connect: %s", err[0] != '\0' ? err :
		    "no SYN");
		return;
	}
	f->iss = f->out.th.seq;
	f->l.port = f->out.th.sport;
	f->snd = FIX_PEER_ISS;
	f->rcv = f->iss + 1;
}

/*
 * Passive open: listen on FIX_LPORT, then the peer's SYN (options from
 * opts when given) makes a child in SYN-RECEIVED; its SYN-ACK is taken.
 */
static inline void
fix_syn_received_opts(struct fix *f, const struct tcp_cfg *c,
    void (*opts)(struct seg *))
{
	char		 err[TCP_ERRLEN] = "";
	struct seg	 s;
	int		 i;

	fix_new(f, c);
	f->l.port = FIX_LPORT;
	f->r.port = FIX_PEER_PORT;
	f->lis = tcp_listen(f->st, &f->l, err, sizeof err);
	f->snd = FIX_PEER_ISS;
	s = fix_seg(f, TH_SYN, f->snd, 0, NULL, 0);
	if (opts != NULL)
		opts(&s);
	fix_put(f, &s);
	f->snd++;
	fix_ev_pump(f);
	for (i = 0; i < f->nev; i++)
		if (f->ev[i].type == TEV_STATE &&
		    f->ev[i].to == TCP_SYN_RECEIVED)
			f->conn = f->ev[i].conn;
	if (f->conn == 0 || !fix_take(f)) {
		ok(0, "fixture: no SYN-RECEIVED child for the SYN");
		return;
	}
	f->iss = f->out.th.seq;
	f->rcv = f->iss + 1;
}

/* Passive open without options. */
static inline void
fix_syn_received(struct fix *f, const struct tcp_cfg *c)
{
	fix_syn_received_opts(f, c, NULL);
}

/* Build a connection in state s through real exchanges; events cleared. */
static inline bool
fix_in_state(struct fix *f, const struct tcp_cfg *c, enum tcp_state s)
{
	char		 err[TCP_ERRLEN];
	bool		 by_shutdown = f->by_shutdown;

	switch (s) {
	case TCP_LISTEN:
		fix_new(f, c);
		f->l.port = FIX_LPORT;
		f->conn = f->lis = tcp_listen(f->st, &f->l, err, sizeof err);
		break;
	case TCP_SYN_SENT:
		fix_syn_sent(f, c);
		break;
	case TCP_SYN_RECEIVED:
		fix_syn_received(f, c);
		break;
	case TCP_CLOSED:
		/* Refused: SYN-SENT, then <RST,ACK> acknowledging the SYN. */
		fix_syn_sent(f, c);
		fix_feed(f, TH_RST | TH_ACK, 0, f->iss + 1, NULL, 0);
		break;
	case TCP_ESTABLISHED: {
		struct seg sa;

		fix_syn_sent(f, c);
		sa = fix_seg(f, TH_SYN | TH_ACK, f->snd, f->iss + 1, NULL, 0);
		fix_opt_mss(&sa, 1460);
		fix_put(f, &sa);
		f->snd++;
		break;
	}
	case TCP_CLOSE_WAIT:
		fix_in_state(f, c, TCP_ESTABLISHED);
		fix_peer_send(f, TH_FIN, NULL, 0);
		break;
	case TCP_LAST_ACK:
		fix_in_state(f, c, TCP_CLOSE_WAIT);
		fix_drain(f);
		if (by_shutdown)
			tcp_shutdown(f->st, f->conn, f->now, err, sizeof err);
		else
			tcp_close(f->st, f->conn, f->now, err, sizeof err);
		break;
	case TCP_FIN_WAIT_1:
		fix_in_state(f, c, TCP_ESTABLISHED);
		fix_drain(f);
		if (by_shutdown)
			tcp_shutdown(f->st, f->conn, f->now, err, sizeof err);
		else
			tcp_close(f->st, f->conn, f->now, err, sizeof err);
		break;
	case TCP_FIN_WAIT_2:
		f->by_shutdown = by_shutdown;
		fix_in_state(f, c, TCP_FIN_WAIT_1);
		fix_drain(f);
		fix_feed(f, TH_ACK, f->snd, f->iss + 2, NULL, 0);
		f->rcv = f->iss + 2;
		break;
	case TCP_CLOSING:
		f->by_shutdown = by_shutdown;
		fix_in_state(f, c, TCP_FIN_WAIT_1);
		fix_drain(f);
		/* The peer's FIN crosses ours: it does not acknowledge it. */
		fix_feed(f, TH_FIN | TH_ACK, f->snd, f->iss + 1, NULL, 0);
		f->snd++;
		f->rcv = f->iss + 2;
		break;
	case TCP_TIME_WAIT:
		f->by_shutdown = by_shutdown;
		fix_in_state(f, c, TCP_FIN_WAIT_2);
		fix_drain(f);
		fix_peer_send(f, TH_FIN, NULL, 0);
		break;
	default:
		ok(0, "fixture: no such state %d", s);
		return (false);
	}
	if (s == TCP_FIN_WAIT_1 || s == TCP_LAST_ACK)
		f->rcv = f->iss + 2;	/* once the peer has our FIN */
	f->by_shutdown = by_shutdown;
	fix_drain(f);
	fix_ev_clear(f);
	return (fix_reached(f, s, "fix_in_state"));
}

/* The synchronized states (RFC 9293 §3.5.2: ESTABLISHED and after). */
static const enum tcp_state fix_sync_states[] = {
	TCP_ESTABLISHED, TCP_FIN_WAIT_1, TCP_FIN_WAIT_2, TCP_CLOSE_WAIT,
	TCP_CLOSING, TCP_LAST_ACK, TCP_TIME_WAIT
};
#define FIX_NSYNC \
	(int)(sizeof fix_sync_states / sizeof fix_sync_states[0])

/* Our SND.NXT, as STATUS reports it. */
static inline uint32_t
fix_our_nxt(struct fix *f)
{
	return (fix_status(f).snd_nxt);
}

#endif
