/*
 * tests/unit/test-tcp-table.c - the connection table does not grow without
 * bound and finds connections by hash (issue 13 §3, issue 14).  Two
 * engines joined by a lossless in-memory link, in virtual time:
 *
 * - thousands of connections opened, used and closed (the client ends in
 *   TIME-WAIT, which expires), each released by its owner as it reaches
 *   CLOSED: both engines come back to the TCBs they started with, and
 *   each freed one was announced by TEV_FREED;
 * - half-open children a listener drops (reset in SYN-RECEIVED, or given
 *   up after their SYN-ACK retransmissions) are freed with no release;
 * - a connection not released stays inspectable after it closes;
 * - with thousands open at once, lookups look at a bounded number of
 *   TCBs each (a list walk would look at thousands), and the timer heap's
 *   deadline is the earliest timer of every connection;
 * - 100,000 open at once (issue 14), each having carried a byte and now
 *   idle: lookups still look at one or two TCBs, and an idle connection
 *   costs the engine a bounded number of bytes (its buffers, out-of-order
 *   queue and SACK scoreboard freed or never made, its settings shared).
 */

#include "tests/unit/tcpfix.h"
#include "tests/unit/unitfix.h"

#define NCONN		3000	/* connections opened and closed in turn */
#define NOPEN		4000	/* connections open at once */
#define NSYN		500	/* half-open children dropped */
#define NIDLE		100000	/* idle connections open at once */

struct pair {
	struct stack	*a, *b;		/* a listens, b connects */
	unsigned	 lis;
	uint64_t	 now;
	unsigned	*rel;		/* CLOSED, to release after the pump */
	size_t		 nrel, caprel;
	unsigned long	 freed[2];	/* TEV_FREED seen on a, b */
	unsigned long	 closewait;	/* a's children closed at CLOSE-WAIT */
	int		 autorelease;
	uint8_t		 buf[65536];
};

/* Handle one stack's events as an owner would: accept, close, release. */
static void
pair_events(struct pair *p, struct stack *st, int side)
{
	struct tcp_event	ev;
	char			err[TCP_ERRLEN];
	uint8_t			rb[4096];

	while (stack_event(st, &ev)) {
		if (ev.type == TEV_FREED)
			p->freed[side]++;
		if (ev.type == TEV_DATA)
			while (tcp_recv(st, ev.conn, rb, sizeof rb, p->now) > 0)
				;
		if (ev.type != TEV_STATE)
			continue;
		if (ev.to == TCP_ESTABLISHED && side == 0)
			while (tcp_accept(st, p->lis) != 0)
				;
		if (ev.to == TCP_CLOSE_WAIT && side == 0) {
			p->closewait++;
			tcp_close(st, ev.conn, p->now, err, sizeof err);
		}
		if (ev.to == TCP_CLOSED && p->autorelease) {
			if (p->nrel == p->caprel) {
				p->caprel = p->caprel ? p->caprel * 2 : 64;
				p->rel = realloc(p->rel, p->caprel *
				    sizeof *p->rel);
			}
			/* a's in the low half of the word, b's marked. */
			p->rel[p->nrel++] = ev.conn | (side ? 0x80000000u : 0);
		}
	}
}

/* Move segments both ways and handle events until all is quiet. */
static void
pair_pump(struct pair *p)
{
	struct seg	s;
	int		busy = 1;
	size_t		i;

	while (busy) {
		busy = 0;
		pair_events(p, p->a, 0);
		pair_events(p, p->b, 1);
		while (stack_output(p->a, &s, p->buf, sizeof p->buf, NULL)) {
			stack_input(p->b, &s, p->now);
			busy = 1;
		}
		while (stack_output(p->b, &s, p->buf, sizeof p->buf, NULL)) {
			stack_input(p->a, &s, p->now);
			busy = 1;
		}
		for (i = 0; i < p->nrel; i++)
			tcp_release(p->rel[i] & 0x80000000u ? p->b : p->a,
			    p->rel[i] & 0x7fffffffu);
		busy |= p->nrel > 0;
		p->nrel = 0;
	}
}

/* Run both engines' timers up to until. */
static void
pair_advance(struct pair *p, uint64_t until)
{
	uint64_t	d;

	for (;;) {
		d = stack_deadline(p->a);
		if (stack_deadline(p->b) < d)
			d = stack_deadline(p->b);
		if (d > until)
			break;
		if (d > p->now)
			p->now = d;
		stack_tick(p->a, p->now);
		stack_tick(p->b, p->now);
		pair_pump(p);
	}
	p->now = until;
	stack_tick(p->a, p->now);
	stack_tick(p->b, p->now);
	pair_pump(p);
}

static struct tcp_table_stats
stats(struct stack *st)
{
	struct tcp_table_stats	s;

	stack_table_stats(st, &s);
	return (s);
}

/* Two engines, a listening on 10.0.0.1:80. */
static void
pair_new(struct pair *p, struct tcp_cfg *c)
{
	struct endpoint	l;
	char		err[TCP_ERRLEN];

	memset(p, 0, sizeof *p);
	p->a = stack_new(c, 1);
	p->b = stack_new(c, 2);
	p->now = FIX_T0;
	addr_parse(&l.addr, FIX_LOCAL);
	l.port = FIX_LPORT;
	p->lis = tcp_listen(p->a, &l, err, sizeof err);
	p->autorelease = 1;
}

static void
pair_free(struct pair *p)
{
	stack_free(p->a);
	stack_free(p->b);
	free(p->rel);
}

/* b connects to a from 10.0.0.2; the id, or 0. */
static unsigned
pair_connect(struct pair *p)
{
	struct endpoint	l, r;
	char		err[TCP_ERRLEN];
	unsigned	id;

	addr_parse(&l.addr, FIX_REMOTE);
	l.port = 0;
	addr_parse(&r.addr, FIX_LOCAL);
	r.port = FIX_LPORT;
	if ((id = tcp_connect(p->b, &l, &r, p->now, err, sizeof err)) == 0)
		diag("connect: %s", err);
	return (id);
}

/* Open, use and close NCONN connections, a few at a time. */
static void
test_churn(void)
{
	struct pair		 p;
	struct tcp_cfg		 c;
	struct tcp_table_stats	 sa, sb;
	char			 err[TCP_ERRLEN];
	unsigned		 id[10];
	size_t			 live_max = 0;
	int			 i, k, bad = 0;

	tcp_cfg_default(&c);
	c.time_wait = 2 * TCP_SEC;
	c.port_lo = 10000;
	c.port_hi = 60000;
	pair_new(&p, &c);
	for (i = 0; i < NCONN / 10; i++) {
		for (k = 0; k < 10; k++)
			id[k] = pair_connect(&p);
		pair_pump(&p);
		for (k = 0; k < 10; k++) {
			if (id[k] == 0 || tcp_send(p.b, id[k], "hello", 5,
			    p.now, err, sizeof err) != 0 ||
			    tcp_close(p.b, id[k], p.now, err, sizeof err) != 0)
				bad++;
		}
		pair_pump(&p);
		p.now += 100 * TCP_MS;
		pair_advance(&p, p.now);
		sa = stats(p.a);
		sb = stats(p.b);
		if (sa.live + sb.live > live_max)
			live_max = sa.live + sb.live;
	}
	pair_advance(&p, p.now + 10 * TCP_SEC);
	/* One more call reaps what the last pump released. */
	stack_tick(p.a, p.now);
	stack_tick(p.b, p.now);
	pair_pump(&p);
	sa = stats(p.a);
	sb = stats(p.b);
	is_int(bad, 0, "churn: every connect, send and close succeeded");
	is_int((long long)p.closewait, NCONN, "churn: the server saw each "
	    "of %d connections closed by the client", NCONN);
	is_int((long long)sa.live, 1, "churn: the server is back to its "
	    "listener alone (%zu TCBs)", sa.live);
	is_int((long long)sb.live, 0, "churn: the client has no TCB left");
	is_int((long long)sa.freed, NCONN, "churn: the server freed %d",
	    NCONN);
	is_int((long long)sb.freed, NCONN, "churn: the client freed %d",
	    NCONN);
	is_int((long long)p.freed[0], NCONN, "churn: each freed one was "
	    "announced by TEV_FREED (server)");
	is_int((long long)p.freed[1], NCONN, "churn: each (client)");
	/* 10 at a time, each in TIME-WAIT for 2 s = 20 rounds: at most ~220. */
	ok(live_max <= 400, "churn: never more than 400 TCBs at once "
	    "(%zu; 3000 would mean nothing is freed)", live_max);
	is_int((long long)sb.timers, 0, "churn: no timer left in the heap");
	pair_free(&p);
}

/* The SYN queue f's listener counts (tcp_status). */
static long long
synq_of(struct fix *f)
{
	struct tcp_status	ts;

	if (tcp_status(f->st, f->lis, &ts) != 0)
		return (-1);
	return ((long long)ts.synq);
}

/* Half-open children dropped by the listener are freed unreleased. */
static void
test_synrcvd(void)
{
	struct fix		 f;
	struct tcp_cfg		 c;
	struct tcp_table_stats	 s;
	char			 err[TCP_ERRLEN];
	uint32_t		 isn[NSYN];
	int			 i, n;

	fix_cfg_plain(&c);
	c.syn_backlog = 2 * NSYN;
	c.syncookies = 0;
	fix_new(&f, &c);
	f.l.port = FIX_LPORT;
	f.lis = tcp_listen(f.st, &f.l, err, sizeof err);
	for (i = 0; i < NSYN; i++) {
		f.r.port = (uint16_t)(20000 + i);
		fix_feed(&f, TH_SYN, 1000u * (unsigned)i, 0, NULL, 0);
		isn[i] = fix_take(&f) ? f.out.th.seq : 0;
	}
	s = stats(f.st);
	is_int((long long)s.live, NSYN + 1, "SYN-RECEIVED: %d children and "
	    "the listener", NSYN);
	is_int(synq_of(&f), NSYN, "the listener counts them in its SYN queue");
	/* Reset half of them (RFC 9293 §3.10.7.4: back to LISTEN). */
	for (i = 0; i < NSYN / 2; i++) {
		f.r.port = (uint16_t)(20000 + i);
		fix_feed(&f, TH_RST, 1000u * (unsigned)i + 1, 0, NULL, 0);
	}
	stack_tick(f.st, f.now);	/* the next call frees them */
	s = stats(f.st);
	is_int((long long)s.live, NSYN - NSYN / 2 + 1, "SYN-RECEIVED reset: "
	    "freed with no release");
	is_int(synq_of(&f), NSYN - NSYN / 2, "and left the SYN queue");
	/* The others give up after their SYN-ACK retransmissions. */
	for (n = 0; n < 200 && stack_deadline(f.st) != TCP_NEVER; n++) {
		f.now = stack_deadline(f.st);
		stack_tick(f.st, f.now);
		fix_drain(&f);
	}
	stack_tick(f.st, f.now);
	s = stats(f.st);
	is_int((long long)s.live, 1, "SYN-RECEIVED given up: freed too, "
	    "the listener is left");
	is_int(synq_of(&f), 0, "its SYN queue is empty");
	is_int((long long)s.freed, NSYN, "all %d freed", NSYN);
	ok(isn[0] != 0 && isn[NSYN - 1] != 0, "each SYN was answered");
	fix_free(&f);
}

/* A connection nobody released stays whole after it closes. */
static void
test_kept(void)
{
	struct pair		 p;
	struct tcp_cfg		 c;
	struct tcp_status	 ts;
	char			 err[TCP_ERRLEN];
	unsigned		 id;

	tcp_cfg_default(&c);
	c.time_wait = TCP_SEC;
	pair_new(&p, &c);
	p.autorelease = 0;
	id = pair_connect(&p);
	pair_pump(&p);
	tcp_send(p.b, id, "abc", 3, p.now, err, sizeof err);
	tcp_close(p.b, id, p.now, err, sizeof err);
	pair_pump(&p);
	pair_advance(&p, p.now + 5 * TCP_SEC);
	ok(tcp_status(p.b, id, &ts) == 0 && ts.state == TCP_CLOSED,
	    "unreleased: still there, CLOSED, after TIME-WAIT");
	is_int(tcp_release(p.b, id), 0, "release: accepted");
	ok(tcp_status(p.b, id, &ts) == 0, "release: freed at the next call, "
	    "not at once (events about it can still look it up)");
	stack_tick(p.b, p.now);
	ok(tcp_status(p.b, id, &ts) != 0, "release: then gone");
	is_int(tcp_release(p.b, id), -1, "release of a freed id: -1");
	is_int(stack_conn_next(p.b, 0), 0, "no connection left to list");
	pair_free(&p);
}

/* The earliest timer of every connection, by walking them. */
static uint64_t
walk_deadline(struct stack *st)
{
	struct tcp_status	ts;
	uint64_t		d = TCP_NEVER;
	unsigned		id = 0;
	int			i;

	while ((id = stack_conn_next(st, id)) != 0) {
		tcp_status(st, id, &ts);
		for (i = 0; i < TCP_NTIMERS; i++)
			if (ts.timer[i] < d)
				d = ts.timer[i];
	}
	return (d);
}

/* Thousands open at once: lookups by hash; the heap's deadline is right. */
static void
test_lookup(void)
{
	struct pair		 p;
	struct tcp_cfg		 c;
	struct tcp_table_stats	 s0, s1;
	char			 err[TCP_ERRLEN];
	unsigned		*id = calloc(NOPEN, sizeof *id);
	int			 i, n = 0, okdl = 1;
	double			 per;

	tcp_cfg_default(&c);
	c.keepalive = true;
	c.port_lo = 10000;
	c.port_hi = 60000;
	pair_new(&p, &c);
	for (i = 0; i < NOPEN; i++) {
		id[i] = pair_connect(&p);
		pair_pump(&p);
		if (i % 500 == 0 && stack_deadline(p.b) != walk_deadline(p.b))
			okdl = 0;
		p.now += TCP_MS;
	}
	s0 = stats(p.a);
	for (i = 0; i < NOPEN; i++) {
		if (tcp_send(p.b, id[i], "x", 1, p.now, err, sizeof err) == 0)
			n++;
		pair_pump(&p);
		p.now += 10 * TCP_MS;
		if (i % 500 == 0 && (stack_deadline(p.a) != walk_deadline(p.a) ||
		    stack_deadline(p.b) != walk_deadline(p.b)))
			okdl = 0;
	}
	s1 = stats(p.a);
	is_int(n, NOPEN, "lookup: %d connections open at once", NOPEN);
	is_int((long long)s1.live, NOPEN + 1, "lookup: all of them on the "
	    "server");
	per = (double)(s1.probes - s0.probes) /
	    (double)(s1.lookups - s0.lookups);
	/*
	 * The hash keeps at most one TCB per bucket on average (it doubles
	 * past that), so a lookup looks at 1-2; a list walk would look at
	 * ~NOPEN/2 = 2000.  4 is generous and still 500 times too few.
	 */
	ok(per <= 4.0, "lookup: %.2f TCBs looked at per lookup (a walk: ~%d)",
	    per, NOPEN / 2);
	ok(s1.buckets >= NOPEN, "lookup: the hash grew to %zu buckets",
	    s1.buckets);
	ok(okdl, "timers: the heap's deadline is the earliest timer of all "
	    "connections, each time it was checked");
	pair_advance(&p, p.now + 8000 * TCP_SEC);	/* keepalives go out */
	ok(stack_deadline(p.a) == walk_deadline(p.a) &&
	    stack_deadline(p.b) == walk_deadline(p.b), "timers: still right "
	    "after keepalive rounds");
	free(id);
	pair_free(&p);
}

/*
 * 100,000 connections open at once from two client addresses, each having
 * sent one byte (read at once) and then idle, both ends' TCBs counted:
 * at most 768 bytes of heap a TCB, everything included (the hash tables
 * too).  A TCB with its own settings, out-of-order queue and scoreboard
 * in it, and its emptied buffers kept, took over 1,300.  The bytes are
 * malloc's own count, deterministic; skipped where malloc does not count
 * (the sanitizers' allocator).  Lookups: at most 4 TCBs looked at each.
 */
static void
test_idle(void)
{
	struct pair		 p;
	struct tcp_cfg		 c;
	struct tcp_table_stats	 s0, s1;
	struct tcp_status	 ts;
	struct endpoint		 l, r;
	char			 err[TCP_ERRLEN];
	size_t			 before, after;
	unsigned		 id;
	int			 i, n = 0, idle = 1;
	double			 per;

	tcp_cfg_default(&c);
	c.port_lo = 10000;
	c.port_hi = 60999;
	c.backlog = 1024;
	before = unitfix_heap_used();
	pair_new(&p, &c);
	s0 = stats(p.a);
	addr_parse(&r.addr, FIX_LOCAL);
	r.port = FIX_LPORT;
	for (i = 0; i < NIDLE; i++) {
		addr_parse(&l.addr, i % 2 ? "10.0.0.3" : FIX_REMOTE);
		l.port = 0;
		if ((id = tcp_connect(p.b, &l, &r, p.now, err,
		    sizeof err)) == 0) {
			diag("connect %d: %s", i, err);
			break;
		}
		pair_pump(&p);
		if (tcp_send(p.b, id, "x", 1, p.now, err, sizeof err) == 0)
			n++;
		pair_pump(&p);
		if (i % 64 == 63)
			p.now += TCP_MS;
	}
	pair_advance(&p, p.now + TCP_SEC);	/* delayed ACKs go */
	after = unitfix_heap_used();
	s1 = stats(p.a);
	for (id = 0; (id = stack_conn_next(p.b, id)) != 0;)
		if (tcp_status(p.b, id, &ts) != 0 ||
		    ts.state != TCP_ESTABLISHED || ts.unacked != 0 ||
		    ts.readable != 0)
			idle = 0;
	is_int(n, NIDLE, "idle: %d connections made, a byte sent on each",
	    NIDLE);
	ok((long long)s1.live == NIDLE + 1 && idle, "idle: all of them "
	    "ESTABLISHED on both ends, nothing unread or unacknowledged");
	per = (double)(s1.probes - s0.probes) /
	    (double)(s1.lookups - s0.lookups);
	ok(per <= 4.0, "idle: %.2f TCBs looked at per lookup", per);
	id = stack_conn_prev(p.b, 0);
	ok(id != 0 && stack_conn_next(p.b, id) == 0 &&
	    stack_conn_prev(p.b, stack_conn_next(p.b, 0)) == 0 &&
	    stack_conn_next(p.b, stack_conn_prev(p.b, id)) == id,
	    "idle: stack_conn_prev goes from the newest back to the oldest");
	if (after > before)
		ok((after - before) / (2 * NIDLE) <= 768, "idle: %zu bytes of "
		    "heap a TCB (at most 768)", (after - before) / (2 * NIDLE));
	else
		ok(1, "# SKIP malloc does not count its bytes here");
	pair_free(&p);
}

int
main(void)
{
	test_churn();
	test_synrcvd();
	test_kept();
	test_lookup();
	test_idle();
	done_testing();
}
