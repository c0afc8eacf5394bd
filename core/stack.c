/*
 * core/stack.c - the stack around the TCP engine: connection table and
 * demultiplexing by 4-tuple (RFC 9293 §3.10.7), ephemeral ports, the output
 * and event queues, OPEN (active and passive), accept and STATUS.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/tcp-int.h"
#include "core/xmalloc.h"

static struct tcb *stack_demux(const struct stack *, const struct seg *);
static void	stack_icmp(struct stack *, const struct seg *, uint64_t);
static uint16_t stack_port(const struct stack *, const struct endpoint *,
    const struct endpoint *);

/* A new stack with configuration c; seed keys the ISN and port choices. */
struct stack *
stack_new(const struct tcp_cfg *c, uint64_t seed)
{
	struct stack	*st = xcalloc(1, sizeof *st);

	st->cfg = *c;
	st->key[0] = seed ^ 0x9e3779b97f4a7c15ULL;
	st->key[1] = (seed << 7) ^ 0xbf58476d1ce4e5b9ULL;
	st->next_id = 1;
	st->out_tail = &st->out_head;
	st->ev_tail = &st->ev_head;
	st->pmtu = pmtu_new(st->key[1] ^ 0x94d049bb133111ebULL);
	st->tab = tcb_table_new(st->key);
	st->heap = tcb_heap_new();
	return (st);
}

/* The MTU of the path to dst at now: learnt from ICMP, else the link's. */
uint16_t
stack_path_mtu(const struct stack *st, const struct addr *dst, uint64_t now)
{
	uint16_t	m = pmtu_get(st->pmtu, dst, now);

	return (m != 0 && m < st->cfg.mtu ? m : st->cfg.mtu);
}

/* Free one connection block. */
void
stack_free_tcb(struct tcb *t)
{
	struct tcb	*k;

	/* A listener's children outlive it: they no longer point at it. */
	while ((k = t->kids) != NULL) {
		t->kids = k->kid_next;
		k->kid_next = k->kid_prev = NULL;
		k->in_kids = false;
	}
	tcp_mem_free(t);
	free(t);
}

/* Free st and every connection in it. */
void
stack_free(struct stack *st)
{
	struct tcb	*t;
	struct outq	*o;
	struct evq	*e;

	if (st == NULL)
		return;
	pmtu_free(st->pmtu);
	tcp_spares_free(st);
	while ((t = tcb_table_first(st->tab)) != NULL) {
		tcb_table_del(st->tab, t);
		stack_free_tcb(t);
	}
	tcb_table_free(st->tab);
	tcp_cfg_unshare(st->cfg_last);
	tcb_heap_free(st->heap);
	udp_free_all(st);
	while ((o = st->out_head) != NULL) {
		st->out_head = o->next;
		free(o->data);
		free(o);
	}
	while ((o = st->out_free) != NULL) {
		st->out_free = o->next;
		free(o->data);
		free(o);
	}
	while ((e = st->ev_head) != NULL) {
		st->ev_head = e->next;
		free(e);
	}
	while ((e = st->ev_free) != NULL) {
		st->ev_free = e->next;
		free(e);
	}
	free(st);
}

/* The stack's defaults for new connections. */
struct tcp_cfg *
stack_cfg(struct stack *st)
{
	return (&st->cfg);
}

/* Connection conn's own settings, or NULL. */
struct tcp_cfg *
tcp_conn_cfg(struct stack *st, unsigned conn)
{
	struct tcb	*t = stack_tcb(st, conn);

	return (t != NULL ? tcp_cfg_own(t) : NULL);
}

/* The connection with id, or NULL. */
struct tcb *
stack_tcb(const struct stack *st, unsigned id)
{
	return (tcb_table_id(st->tab, id));
}

/*
 * A new connection block in state s with settings c, or, when like is not
 * NULL, sharing like's (a listener's children share its settings).
 */
struct tcb *
stack_new_tcb(struct stack *st, enum tcp_state s, const struct tcp_cfg *c,
    struct tcb *like)
{
	struct tcb	*t = xcalloc(1, sizeof *t);
	int		 i;

	t->id = st->next_id++;
	t->state = s;
	t->cfg = like != NULL ? tcp_cfg_share(like->cfg) :
	    tcp_cfg_copy(st, c);
	c = t->cfg;
	t->rto = c->rto_init;
	t->peer_mss = 536;
	t->snd_mss = 536;
	for (i = 0; i < TT_N; i++)
		t->timer[i] = TCP_NEVER;
	t->st = st;
	tcb_table_add(st->tab, t);
	return (t);
}

/* The number a cause counts on t: retransmissions, probes, challenge ACKs. */
static int
stack_count(const struct tcb *t, enum tcp_cause cause)
{
	if (t == NULL)
		return (0);
	switch (cause) {
	case TCP_CAUSE_RTO:
	case TCP_CAUSE_RTO_GIVEUP:
		return (t->retransmits);
	case TCP_CAUSE_KEEPALIVE_PROBE:
	case TCP_CAUSE_KEEPALIVE_GIVEUP:
		return (t->ka_sent);
	case TCP_CAUSE_WINDOW_PROBE:
		return (t->persist_shift + 1);
	case TCP_CAUSE_CHALLENGE_ACK:
	case TCP_CAUSE_CHALLENGE_ACK_LIMIT:
		return ((int)t->chal_count);
	case TCP_CAUSE_FAST_RETRANSMIT:
		return (t->cc.dupacks);
	default:
		return (0);
	}
}

/*
 * Queue an event about t (may be NULL) with its cause and RFC clause (or
 * NULL), its sentence empty; it carries the SEQ and ACK of the segment
 * being processed, if any.
 */
static struct tcp_event *
stack_emit_ev(struct stack *st, enum tcp_ev_type type, const struct tcb *t,
    size_t len, enum tcp_cause cause, const char *clause)
{
	struct evq	*e;

	if ((e = st->ev_free) != NULL) {
		st->ev_free = e->next;
		st->nev_free--;
		memset(e, 0, sizeof *e);
	} else
		e = xcalloc(1, sizeof *e);

	e->ev.type = type;
	e->ev.conn = t != NULL ? t->id : 0;
	e->ev.from = e->ev.to = t != NULL ? t->state : TCP_CLOSED;
	e->ev.len = len;
	e->ev.cause = cause;
	e->ev.clause = clause;
	e->ev.count = stack_count(t, cause);
	if (st->input != NULL) {
		e->ev.has_seq = true;
		e->ev.seq = st->input->th.seq;
		e->ev.ack = st->input->th.ack;
	}
	*st->ev_tail = e;
	st->ev_tail = &e->next;
	return (&e->ev);
}

/*
 * Queue an event about t (may be NULL) with its cause, RFC clause (or NULL)
 * and a formatted sentence; it carries the SEQ and ACK of the segment being
 * processed, if any.  Returns it.
 */
struct tcp_event *
stack_emit(struct stack *st, enum tcp_ev_type type, const struct tcb *t,
    size_t len, enum tcp_cause cause, const char *clause, const char *fmt, ...)
{
	struct tcp_event	*ev;
	va_list			 ap;

	ev = stack_emit_ev(st, type, t, len, cause, clause);
	va_start(ap, fmt);
	vsnprintf(ev->why, sizeof ev->why, fmt, ap);
	va_end(ap);
	return (ev);
}

/*
 * As stack_emit() with the sentence "%zu%s" of n and text, made without
 * printf: the data path emits one for every segment that brings data.
 */
struct tcp_event *
stack_emit_n(struct stack *st, enum tcp_ev_type type, const struct tcb *t,
    size_t len, enum tcp_cause cause, const char *clause, size_t n,
    const char *text)
{
	struct tcp_event	*ev;
	char			 d[24];
	size_t			 i = sizeof d, k, m;

	ev = stack_emit_ev(st, type, t, len, cause, clause);
	do
		d[--i] = (char)('0' + n % 10);
	while ((n /= 10) != 0);
	k = sizeof d - i;	/* as vsnprintf, cut to fit with its NUL */
	if (k > sizeof ev->why - 1)
		k = sizeof ev->why - 1;
	memcpy(ev->why, d + i, k);
	m = strlen(text);
	if (m > sizeof ev->why - 1 - k)
		m = sizeof ev->why - 1 - k;
	memcpy(ev->why + k, text, m);
	ev->why[k + m] = '\0';
	return (ev);
}

/* Take the next event; returns 1, or 0 when none is queued. */
int
stack_event(struct stack *st, struct tcp_event *ev)
{
	struct evq	*e = st->ev_head;

	if (e == NULL)
		return (0);
	*ev = e->ev;
	if ((st->ev_head = e->next) == NULL)
		st->ev_tail = &st->ev_head;
	if (st->nev_free < STACK_OUT_SPARE) {
		e->next = st->ev_free;
		st->ev_free = e;
		st->nev_free++;
	} else
		free(e);
	return (1);
}

/*
 * Queue a segment for transmission, copying its payload, with the id of
 * its connection (0: none), why it is sent and whether it is a resend.
 */
void
stack_queue(struct stack *st, const struct seg *s, unsigned conn,
    enum tcp_cause cause, bool rexmit)
{
	struct outq	*o;

	/* A 2 kB node: reused from the spares with its payload room. */
	if ((o = st->out_free) != NULL) {
		st->out_free = o->next;
		st->nout_free--;
	} else {
		o = xmalloc(sizeof *o);
		o->data = NULL;
		o->datacap = 0;
	}

	seg_copy(&o->seg, s);
	memset(&o->info, 0, sizeof o->info);
	o->info.conn = conn;
	o->info.cause = cause;
	o->info.rexmit = rexmit;
	if (s->len > o->datacap) {
		free(o->data);
		o->data = xmalloc(s->len);
		o->datacap = s->len;
	}
	if (s->len > 0)
		memcpy(o->data, s->data, s->len);
	o->seg.data = s->len > 0 ? o->data : NULL;
	o->next = NULL;
	*st->out_tail = o;
	st->out_tail = &o->next;
}

/* Take the next segment to transmit and why; 1, or 0 when none is queued. */
int
stack_output(struct stack *st, struct seg *out, uint8_t *buf, size_t cap,
    struct tcp_outinfo *info)
{
	struct outq	*o = st->out_head;

	if (o == NULL)
		return (0);
	seg_copy(out, &o->seg);
	if (info != NULL)
		*info = o->info;
	if (out->len > cap)
		out->len = cap;
	if (out->len > 0)
		memcpy(buf, o->data, out->len);
	out->data = buf;
	if ((st->out_head = o->next) == NULL)
		st->out_tail = &st->out_head;
	if (o->datacap > STACK_OUT_KEEP) {
		/* A spare keeps a segment's room, not a large datagram's. */
		free(o->data);
		o->data = NULL;
		o->datacap = 0;
	}
	if (st->nout_free < STACK_OUT_SPARE) {
		o->next = st->out_free;
		st->out_free = o;
		st->nout_free++;
	} else {
		free(o->data);
		free(o);
	}
	return (1);
}

/*
 * An ICMP error about something we sent (RFC 9293 §3.9.2.2, MUST-54):
 * to the UDP socket, or to the connection whose segment it quotes.
 */
static void
stack_icmp(struct stack *st, const struct seg *s, uint64_t now)
{
	const struct icmp_quote	*q = &s->quote;
	struct seg		 k;
	struct tcb		*t;
	size_t			 n = q->family == 4 ? 4 : 16;

	if (q->proto == IPPROTO_UDP_) {
		udp_icmp_input(st, s);
		return;
	}
	/* The quoted segment went from us: turn it round to find its TCB. */
	memset(&k, 0, sizeof k);
	k.proto = IPPROTO_TCP_;
	k.src.family = k.dst.family = (uint8_t)q->family;
	memcpy(k.src.a, q->dst, n);
	memcpy(k.dst.a, q->src, n);
	k.th.sport = q->dport;
	k.th.dport = q->sport;
	if ((t = stack_demux(st, &k)) == NULL) {
		stack_emit(st, TEV_DISCARD, NULL, 0, TCP_CAUSE_ICMP_STALE,
		    "RFC 5927 §4.1", "ICMP error about a TCP segment from port "
		    "%u to port %u, of no connection: ignored (RFC 5927 §4.1)",
		    q->sport, q->dport);
		return;
	}
	tcp_icmp_input(st, t, s, now);
}

/*
 * Find the connection a segment belongs to: an exact 4-tuple match among
 * open connections first, then a listener on the destination (RFC 9293
 * §3.10.7: "the segment is processed by the connection it belongs to").
 */
static struct tcb *
stack_demux(const struct stack *st, const struct seg *s)
{
	struct tcb	*t;

	if ((t = tcb_table_tuple(st->tab, &s->dst, s->th.dport, &s->src,
	    s->th.sport, false)) != NULL)
		return (t);
	return (tcb_table_listener(st->tab, &s->dst, s->th.dport));
}

/* Whether a TCP connection or listener (or a UDP socket) uses a:port. */
bool
stack_port_used(const struct stack *st, uint8_t proto, const struct addr *a,
    uint16_t port)
{
	const struct udp_sock	*u;

	if (proto == IPPROTO_UDP_) {
		for (u = st->udps; u != NULL; u = u->next)
			if (u->local.port == port && addr_eq(&u->local.addr, a))
				return (true);
		return (false);
	}
	return (tcb_table_port(st->tab, a, port));
}

/* The listener on a:port, or NULL. */
struct tcb *
stack_listener(const struct stack *st, const struct addr *a, uint16_t port)
{
	return (tcb_table_listener(st->tab, a, port));
}

/* Demultiplex and process a segment that arrived (st->input is s). */
static void
stack_input_seg(struct stack *st, const struct seg *s, uint64_t now)
{
	struct tcb	*t;

	if (s->proto == IPPROTO_UDP_) {
		udp_input(st, s, now);
		return;
	}
	if (s->proto == IPPROTO_ICMP_ || s->proto == IPPROTO_ICMPV6_) {
		stack_icmp(st, s, now);
		return;
	}
	if (addr_is_group(&s->src) || addr_is_group(&s->dst)) {
		/* RFC 9293 §3.9.2.1 (MUST-57), §3.10.7.2 (MUST-63). */
		tcp_discard(st, NULL, s, TCP_CAUSE_GROUP_ADDR,
		    "RFC 9293 §3.9.2.1", "TCP to or from a broadcast or "
		    "multicast address is discarded (RFC 9293 §3.9.2.1)");
		return;
	}
	if ((t = stack_demux(st, s)) == NULL) {
		/* RFC 9293 §3.10.7.1: CLOSED - no TCB; answer with a reset. */
		tcp_respond_rst(st, s, TCP_CAUSE_NO_CONNECTION,
		    "RFC 9293 §3.10.7.1", "no connection (RFC 9293 §3.10.7.1)");
		return;
	}
	if (t->state == TCP_LISTEN)
		tcp_input_listen(st, t, s, NULL, now);
	else
		tcp_input(st, t, s, now);
}

/*
 * A segment arrived for one of our addresses: process it; the events it
 * causes carry its SEQ and ACK.
 */
void
stack_input(struct stack *st, const struct seg *s, uint64_t now)
{
	stack_reap(st);
	st->input = s;
	stack_input_seg(st, s, now);
	st->input = NULL;
}

/* Order TCBs newest first (by id, descending). */
static int
stack_newer(const void *a, const void *b)
{
	unsigned	x = (*(struct tcb *const *)a)->id;
	unsigned	y = (*(struct tcb *const *)b)->id;

	return (x > y ? -1 : x < y);
}

/*
 * Run every timer due at now: the TCBs whose heap key is due, newest
 * first (the order the list walk had), each once; then each goes back in
 * the heap by its next timer.
 */
void
stack_tick(struct stack *st, uint64_t now)
{
	struct tcb	**due = NULL, *t;
	size_t		  n = 0, cap = 0, i;

	stack_reap(st);
	while ((t = tcb_heap_pop_due(st->heap, now)) != NULL) {
		if (n == cap) {
			cap = cap ? cap * 2 : 16;
			due = xrealloc(due, cap * sizeof *due);
		}
		due[n++] = t;
	}
	if (n > 1)
		qsort(due, n, sizeof *due, stack_newer);
	for (i = 0; i < n; i++)
		tcp_timer_run(st, due[i], now);
	for (i = 0; i < n; i++)
		tcb_heap_update(st->heap, due[i]);
	free(due);
}

/*
 * The earliest time stack_tick must be called, or TCP_NEVER: the heap's
 * top, once keys made stale by timers put off are brought up to date.
 */
uint64_t
stack_deadline(const struct stack *st)
{
	struct tcb_heap	*h = st->heap;
	struct tcb	*t;

	while ((t = tcb_heap_pop_due(h, tcb_heap_min(h))) != NULL) {
		tcb_heap_update(h, t);
		if (t->hidx != 0 && t->hkey == tcb_heap_min(h))
			break;
	}
	return (tcb_heap_min(h));
}

/* Whether the 4-tuple l -> r is taken by a connection that is not CLOSED. */
static struct tcb *
stack_tuple(const struct stack *st, const struct endpoint *l,
    const struct endpoint *r)
{
	return (tcb_table_tuple(st->tab, &l->addr, l->port, &r->addr, r->port,
	    false));
}

/*
 * Pick an ephemeral port for local -> remote: a keyed hash of the tuple
 * picks where to start (RFC 6056 §3.3.3), then the first port whose
 * 4-tuple is free - including of TIME-WAIT, as Linux does without tw_reuse.
 */
static uint16_t
stack_port(const struct stack *st, const struct endpoint *local,
    const struct endpoint *remote)
{
	struct endpoint	 l = *local;
	uint32_t	 n = (uint32_t)st->cfg.port_hi - st->cfg.port_lo + 1;
	uint32_t	 off, i;

	l.port = 0;
	off = stack_isn(st, &l, remote, 0) + st->next_id * 7919;
	for (i = 0; i < n; i++) {
		l.port = (uint16_t)(st->cfg.port_lo + (off + i) % n);
		if (stack_tuple(st, &l, remote) == NULL)
			return (l.port);
	}
	return (0);
}

/* OPEN, active (RFC 9293 §3.10.1). */
unsigned
tcp_connect(struct stack *st, const struct endpoint *local,
    const struct endpoint *remote, uint64_t now, char *err, size_t errlen)
{
	return (tcp_connect_cfg(st, local, remote, &st->cfg, now, err,
	    errlen));
}

/* OPEN, active, with settings c for this connection. */
unsigned
tcp_connect_cfg(struct stack *st, const struct endpoint *local,
    const struct endpoint *remote, const struct tcp_cfg *c, uint64_t now,
    char *err, size_t errlen)
{
	struct endpoint	 l = *local;
	struct tcb	*t, *old;

	stack_reap(st);
	if (local->addr.family != remote->addr.family) {
		snprintf(err, errlen, "local and remote address families "
		    "differ");
		return (0);
	}
	if (remote->port == 0) {
		snprintf(err, errlen, "remote port is 0");
		return (0);
	}
	if (addr_is_group(&remote->addr)) {
		/* RFC 9293 §3.9.1.1 (MUST-46): no OPEN to a group address. */
		snprintf(err, errlen, "TCP cannot open to a broadcast or "
		    "multicast address");
		return (0);
	}
	if (l.port == 0 && (l.port = stack_port(st, local, remote)) == 0) {
		snprintf(err, errlen, "no free ephemeral port (all in use or "
		    "in TIME-WAIT)");
		return (0);
	}
	if ((t = stack_tuple(st, &l, remote)) != NULL) {
		if (t->state != TCP_TIME_WAIT || !c->tw_reuse) {
			snprintf(err, errlen, "%s", t->state == TCP_TIME_WAIT ?
			    "that 4-tuple is in TIME-WAIT (set tw_reuse on to "
			    "reuse it)" : "connection already exists");
			return (0);
		}
		tcp_set_state(st, t, TCP_CLOSED, TCP_CAUSE_TW_REUSE, NULL,
		    "TIME-WAIT reused for a new OPEN (tw_reuse)");
	}
	old = t;
	t = stack_new_tcb(st, TCP_CLOSED, c, NULL);
	t->local = l;
	t->remote = *remote;
	t->accepted = true;
	/*
	 * "Select an ISS.  Send a SYN segment, set SND.UNA to ISS, SND.NXT
	 * to ISS+1"; above the old incarnation's sequence space when it
	 * reuses one (RFC 9293 §3.6.1; Linux tcp_twsk_unique does the same).
	 */
	if (old != NULL)
		t->iss = tcp_reopen_iss(old);
	else
		t->iss = c->isn ? c->isn : stack_isn(st, &l, remote, now);
	t->snd_una = t->snd_nxt = t->snd_max = t->snd_sml = t->iss;
	t->ts_offset = (uint32_t)stack_isn(st, remote, &l, 0);
	tcp_set_state(st, t, TCP_SYN_SENT, TCP_CAUSE_USER_OPEN,
	    "RFC 9293 §3.10.1", "user OPEN (active), SYN sent, "
	    "RFC 9293 §3.10.1");
	tcp_output(st, t, now);
	return (t->id);
}

/* OPEN, passive: listen on local. */
unsigned
tcp_listen(struct stack *st, const struct endpoint *local, char *err,
    size_t errlen)
{
	struct tcb	*t;

	stack_reap(st);
	if (local->port == 0) {
		snprintf(err, errlen, "listening needs a port");
		return (0);
	}
	if (tcb_table_listener(st->tab, &local->addr, local->port) != NULL) {
		snprintf(err, errlen, "already listening there");
		return (0);
	}
	t = stack_new_tcb(st, TCP_CLOSED, &st->cfg, NULL);
	t->local = *local;
	t->passive = true;
	tcp_set_state(st, t, TCP_LISTEN, TCP_CAUSE_USER_OPEN,
	    "RFC 9293 §3.10.1", "user OPEN (passive), RFC 9293 §3.10.1");
	return (t->id);
}

/*
 * Take the oldest connection from a listener's accept queue.
 *
 * Only children that completed the handshake are in it (tcp_acceptq_add):
 * one reset or timed out in SYN-RECEIVED is never handed out (RFC 9293
 * §3.10.7.4: back to LISTEN, "the user need not be informed").  One that
 * ended after joining it (RST in ESTABLISHED, say) is handed out CLOSED,
 * with a note, as Linux accept() does: tcp_reset leaves the child in the
 * queue, its data can still be read, then reads fail with ECONNRESET.
 *
 * Linux cannot name a child before accept(); the REPL can, to show what
 * the kernel does on its own.  Looking at it (STATUS, RECEIVE) or sending
 * on it (SEND) leaves it in the queue.  CLOSE, shutdown or ABORT of it
 * claims it (tcp_acceptq_claim): it leaves the queue as if accepted, so
 * this never returns a connection the user already closed.  Closing or
 * aborting the listener resets what is still queued and drops the
 * half-open children (tcp_listen_stop), so nothing is left to take.
 */
unsigned
tcp_accept(struct stack *st, unsigned listener)
{
	struct tcb	*t, *best = NULL, *l = stack_tcb(st, listener);

	for (t = l != NULL ? l->kids : NULL; t != NULL; t = t->kid_next)
		if (t->listener == listener && t->in_acceptq &&
		    (best == NULL || t->id < best->id))
			best = t;
	if (best == NULL)
		return (0);
	best->in_acceptq = false;
	best->accepted = true;
	tcb_kid_del(best);
	if (best->state == TCP_CLOSED && best->reset)
		stack_emit(st, TEV_NOTE, best, 0, TCP_CAUSE_USER_ACCEPT, NULL,
		    "accepted although CLOSED: reset by the peer while in the "
		    "accept queue; Linux accept() returns it too: data that "
		    "came before can be read, then ECONNRESET");
	else if (best->state == TCP_CLOSED)
		stack_emit(st, TEV_NOTE, best, 0, TCP_CAUSE_USER_ACCEPT, NULL,
		    "accepted although CLOSED: it ended while in the accept "
		    "queue (its error is above); Linux accept() returns it "
		    "too: data that came before can be read");
	return (best->id);
}

/* The connection a segment belongs to, in either direction, or 0. */
unsigned
stack_find(const struct stack *st, const struct seg *s, int *ours)
{
	const struct tcb	*a, *b;

	/* Newest first, as the list walk found them. */
	a = tcb_table_tuple(st->tab, &s->src, s->th.sport, &s->dst,
	    s->th.dport, true);
	b = tcb_table_tuple(st->tab, &s->dst, s->th.dport, &s->src,
	    s->th.sport, true);
	if (a != NULL && (b == NULL || a->id > b->id)) {
		*ours = 1;
		return (a->id);
	}
	if (b != NULL) {
		*ours = 0;
		return (b->id);
	}
	return (0);
}

/* Segment s's sequence number as messages print it (relative or not). */
uint32_t
stack_seq_show(const struct stack *st, const struct seg *s)
{
	const struct tcb	*t;
	unsigned		 id;
	int			 ours;

	if ((s->proto != 0 && s->proto != IPPROTO_TCP_) ||
	    (id = stack_find(st, s, &ours)) == 0 ||
	    (t = stack_tcb(st, id)) == NULL)
		return (s->th.seq);
	return (ours ? tcp_seq_ours(t, s->th.seq) :
	    tcp_seq_theirs(t, s->th.seq));
}

/* The id of the first connection after `after` (0 starts), or 0. */
unsigned
stack_conn_next(const struct stack *st, unsigned after)
{
	const struct tcb	*t;

	/* The table keeps them in id order: go on from after when it exists. */
	if (after == 0 || (t = tcb_table_id(st->tab, after)) == NULL) {
		for (t = tcb_table_first(st->tab); t != NULL && t->id <= after;
		    t = t->next)
			;
	} else
		t = t->next;
	return (t != NULL ? t->id : 0);
}

/* The connection before `before` in id order (0: the newest), or 0. */
unsigned
stack_conn_prev(const struct stack *st, unsigned before)
{
	const struct tcb	*t;

	if (before == 0)
		t = tcb_table_last(st->tab);
	else if ((t = tcb_table_id(st->tab, before)) != NULL)
		t = t->prev;
	else
		for (t = tcb_table_last(st->tab); t != NULL &&
		    t->id >= before; t = t->prev)
			;
	return (t != NULL ? t->id : 0);
}

/* STATUS (§3.10.6), with everything `stat` shows. */
int
tcp_status(const struct stack *st, unsigned conn, struct tcp_status *o)
{
	const struct tcb	*t = stack_tcb(st, conn);
	size_t			 inflight;
	struct reasm_stats	 rs;
	int			 i;

	if (t == NULL)
		return (-1);
	memset(o, 0, sizeof *o);
	o->conn = t->id;
	o->state = t->state;
	o->local = t->local;
	o->remote = t->remote;
	o->listener = t->listener;
	o->iss = t->iss;
	o->irs = t->irs;
	o->snd_una = t->snd_una;
	o->snd_nxt = t->snd_nxt;
	o->snd_max = t->snd_max;
	o->snd_wnd = t->snd_wnd;
	o->max_snd_wnd = t->max_snd_wnd;
	o->rcv_nxt = t->rcv_nxt;
	o->rcv_wnd = tcp_rcv_wnd(t);
	o->snd_mss = t->snd_mss;
	o->pmtu = t->pmtu;
	if (t->soft_err != NULL)
		memcpy(o->soft_err, t->soft_err, sizeof o->soft_err);
	else
		o->soft_err[0] = '\0';
	o->peer_mss = t->peer_mss;
	o->snd_wscale = t->ws_ok ? t->snd_shift : -1;
	o->rcv_wscale = t->ws_ok ? t->rcv_shift : -1;
	o->ts_ok = t->ts_ok;
	o->sack_ok = t->sack_ok;
	o->ts_recent = t->ts_recent;
	o->cwnd = t->cc.cwnd;
	o->ssthresh = t->cc.ssthresh;
	o->cc_phase = cc_phase_name(t->cc.phase);
	o->rto = t->rto;
	o->srtt = t->srtt;
	o->rttvar = t->rttvar;
	inflight = (size_t)(t->snd_max - t->snd_una);
	if (t->state == TCP_SYN_SENT || t->state == TCP_SYN_RECEIVED)
		inflight = 0;
	else if (t->fin_sent && inflight > 0)
		inflight--;
	o->unacked = inflight < t->sndbuf.len ? inflight : t->sndbuf.len;
	o->unsent = t->sndbuf.len - o->unacked;
	o->readable = t->rcvbuf.len;
	o->ooo = tcp_ooo_held(t);
	o->ooo_blocks = t->ooo != NULL ? reasm_blocks(t->ooo) : 0;
	o->ooo_mem = t->ooo != NULL ? reasm_mem(t->ooo) : 0;
	o->ooo_limit = tcp_ooo_limit(t);
	memset(&rs, 0, sizeof rs);
	if (t->ooo != NULL)
		reasm_stats(t->ooo, &rs);
	o->ooo_prunes = rs.prunes;
	o->ooo_pruned_blocks = rs.pruned_blocks;
	o->ooo_pruned_bytes = rs.pruned_bytes;
	o->ooo_dropped = rs.dropped;
	o->ooo_dropped_bytes = rs.dropped_bytes;
	o->retransmits = t->retransmits;
	o->total_retrans = t->total_retrans;
	o->adv_mss = tcp_our_mss(t->cfg, t->local.addr.family);
	o->ka_sent = t->ka_sent;
	o->fin_sent = t->fin_sent;
	o->fin_rcvd = t->fin_rcvd;
	o->shut_wr = t->shut_wr;
	o->orphaned = t->orphaned;
	o->error = t->error;
	if (t->state == TCP_LISTEN)
		tcp_listen_queues(st, t, &o->synq, &o->acceptq);
	for (i = 0; i < TT_N; i++)
		o->timer[i] = t->timer[i];
	o->cfg = *t->cfg;
	return (0);
}

