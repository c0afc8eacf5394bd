/*
 * tests/fuzz/fuzz-engine.c - libFuzzer target for the sans-IO engine: the
 * input is a program for two stacks (10.0.0.1 and 10.0.0.2) joined by an
 * in-memory link.  Each step takes a byte for the operation and more for
 * its arguments: carry frames across (in order, reordered, dropped,
 * duplicated, corrupted), let virtual time pass, make user calls (OPEN,
 * SEND, RECEIVE, CLOSE, ABORT, accept), change settings, or inject a
 * segment with any flags, numbers near the window and raw option bytes.
 *
 * Checked besides ASan and UBSan: every segment a stack emits builds into
 * a frame that decodes back into a TCP segment; events carry a valid state
 * and a terminated reason; time never makes a deadline lie in the past
 * after a tick; as long as nothing was injected or corrupted, every byte
 * RECEIVE returns is the byte the peer sent at that stream offset; accept
 * hands out only a child of that listener, while it listens, once, that
 * completed its handshake (never one that ended in SYN-RECEIVED) and that
 * the user has not closed, shut or aborted; and closing a listener leaves
 * none of its children alive but those the user took.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/pdn.h"
#include "core/seg.h"
#include "core/tcp.h"
#include "core/wire.h"
#include "tests/fuzz/fuzzrd.h"

int	LLVMFuzzerInitialize(int *, char ***);
int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

#define MAXQ		128		/* frames in flight per direction */
#define MAXFRAME	(65536 + 128)
#define MAXCONN		256		/* connection ids we keep counters for */
#define MAXOUT		200000		/* segments one stack may emit at once */
#define MAXSEND		8192

struct frame {
	size_t		 len;
	uint8_t		*b;
};

/* One direction of the link: frames sent by stack i, for stack 1 - i. */
struct dir {
	struct frame	 q[MAXQ];
	int		 n;
};

struct world {
	struct stack	*st[2];
	struct dir	 d[2];
	uint64_t	 now;
	bool		 tainted;		/* injected or corrupted: data may differ */
	uint64_t	 sent[2][MAXCONN];	/* stream offsets SEND has queued */
	uint64_t	 rcvd[2][MAXCONN];	/* stream offsets RECEIVE has returned */
	uint32_t	 seen[2][MAXCONN];	/* states entered, a bit each */
	uint8_t		 left[2][MAXCONN];	/* the state left for CLOSED */
	bool		 owned[2][MAXCONN];	/* accepted, or user-closed */
};

static const char *const addrs[2] = { "10.0.0.1", "10.0.0.2" };
static int	trace;		/* FUZZ_TRACE set: tell what happens on stderr */

/* With FUZZ_TRACE set, print a segment going from side (or injected). */
static void
trace_seg(const char *what, int side, const struct seg *s, uint64_t now)
{
	char	line[512];

	if (!trace)
		return;
	pdn_format(s, 0, 0, 0, line, sizeof line);
	fprintf(stderr, "%llu.%06llu %s %c %u > %u: %s (%zu)\n",
	    (unsigned long long)(now / TCP_SEC),
	    (unsigned long long)(now % TCP_SEC), what, "AB"[side],
	    s->th.sport, s->th.dport, line, s->len);
}

/* Read FUZZ_TRACE once. */
int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	trace = getenv("FUZZ_TRACE") != NULL;
	return (0);
}

/* The byte a sender with local port puts at stream offset off. */
static uint8_t
pattern(uint16_t port, uint64_t off)
{
	return ((uint8_t)(off * 31 + port + (off >> 8)));
}

/* Fill e with side's address and port. */
static void
endpoint_of(struct endpoint *e, int side, uint16_t port)
{
	memset(e, 0, sizeof *e);
	if (addr_parse(&e->addr, addrs[side]) != 0)
		abort();
	e->port = port;
}

/* Pick one of side's connections (listeners too) by a byte; 0 if none. */
static unsigned
pick(struct world *w, int side, uint8_t b)
{
	unsigned	id, ids[64];
	int		n = 0;

	for (id = stack_conn_next(w->st[side], 0); id != 0 && n < 64;
	    id = stack_conn_next(w->st[side], id))
		ids[n++] = id;
	return (n == 0 ? 0 : ids[b % n]);
}

/* Drain side's events, checking each. */
static void
events(struct world *w, int side)
{
	struct tcp_event	ev;
	int			n = 0;

	while (stack_event(w->st[side], &ev)) {
		if (memchr(ev.why, '\0', sizeof ev.why) == NULL)
			abort();
		if (trace)
			fprintf(stderr, "  %c event %d conn %u %s -> %s: %s\n",
			    "AB"[side], ev.type, ev.conn,
			    ev.from < TCP_NSTATES ? tcp_state_name(ev.from) : "?",
			    ev.to < TCP_NSTATES ? tcp_state_name(ev.to) : "?",
			    ev.why);
		if (ev.type == TEV_STATE && (ev.from >= TCP_NSTATES ||
		    ev.to >= TCP_NSTATES))
			abort();
		if (ev.type == TEV_STATE && ev.conn < MAXCONN) {
			w->seen[side][ev.conn] |= 1U << ev.to;
			if (ev.to == TCP_CLOSED && ev.from != TCP_CLOSED)
				w->left[side][ev.conn] = (uint8_t)ev.from;
		}
		if (ev.type < TEV_STATE || ev.type > TEV_FREED)
			abort();
		if (ev.cause == TCP_CAUSE_NONE || ev.cause >= TCP_NCAUSES)
			abort();	/* an event without its cause */
		if (++n > 1000000)
			abort();	/* an endless stream of events */
	}
}

/* Take what side has to send, encode it and queue it on the link. */
static void
collect(struct world *w, int side)
{
	static uint8_t		 data[65536], b[MAXFRAME];
	struct dir		*d = &w->d[side];
	struct tcp_outinfo	 oi;
	struct seg		 s, t;
	struct pkt		 p, q;
	char			 err[WIRE_ERRLEN];
	ssize_t			 len;
	int			 n = 0;

	while (stack_output(w->st[side], &s, data, sizeof data, &oi)) {
		if (++n > MAXOUT)
			abort();	/* a stack that never stops sending */
		if (oi.cause == TCP_CAUSE_NONE || oi.cause >= TCP_NCAUSES)
			abort();	/* a segment sent for no reason */
		if (s.proto != 0 && s.proto != IPPROTO_TCP_)
			continue;	/* UDP and ICMP are not carried */
		trace_seg("out", side, &s, w->now);
		seg_to_pkt(&s, &p, NULL, NULL);
		if ((len = wire_build(&p, 0, b, sizeof b, err,
		    sizeof err)) < 0) {
			fprintf(stderr, "wire_build: %s\n", err);
			abort();	/* the engine emitted an unencodable segment */
		}
		if (wire_decode(&q, WIRE_DLT_RAW, b, (size_t)len,
		    (size_t)len) != 0 || seg_from_pkt(&t, &q) != 0 ||
		    t.th.seq != s.th.seq || t.th.ack != s.th.ack ||
		    t.th.flags != s.th.flags || t.len != s.len) {
			fprintf(stderr, "round trip: %s\n", q.err);
			abort();
		}
		if (d->n == MAXQ)
			continue;	/* a full link loses the frame */
		d->q[d->n].len = (size_t)len;
		d->q[d->n].b = malloc((size_t)len);
		memcpy(d->q[d->n].b, b, (size_t)len);
		d->n++;
	}
	events(w, side);
}

/* Hand frame bytes to stack side, as a receiving host would. */
static void
input(struct world *w, int side, const uint8_t *b, size_t len)
{
	struct pkt	p;
	struct seg	s;

	if (wire_decode(&p, WIRE_DLT_RAW, b, len, len) != 0 ||
	    seg_from_pkt(&s, &p) != 0)
		return;
	trace_seg("in ", side, &s, w->now);
	stack_input(w->st[side], &s, w->now);
	events(w, side);
}

/* Remove frame i from direction d and deliver it (or not). */
static void
take(struct world *w, int from, int i, bool deliver)
{
	struct dir	*d = &w->d[from];
	struct frame	 f = d->q[i];

	memmove(&d->q[i], &d->q[i + 1], (size_t)(d->n - i - 1) * sizeof f);
	d->n--;
	if (deliver)
		input(w, 1 - from, f.b, f.len);
	free(f.b);
}

/* Move every frame across, oldest first, until the link is quiet. */
static void
flush(struct world *w)
{
	int	rounds, side;

	for (rounds = 0; rounds < 64; rounds++) {
		collect(w, 0);
		collect(w, 1);
		if (w->d[0].n == 0 && w->d[1].n == 0)
			return;
		for (side = 0; side < 2; side++)
			while (w->d[side].n > 0)
				take(w, side, 0, true);
	}
}

/* Let time pass to t and run both stacks' timers. */
static void
advance(struct world *w, uint64_t t)
{
	int	side;

	if (t < w->now)
		return;
	w->now = t;
	for (side = 0; side < 2; side++) {
		stack_tick(w->st[side], w->now);
		if (stack_deadline(w->st[side]) <= w->now)
			abort();	/* a due timer survived the tick */
		collect(w, side);
	}
}

/* SEND on one of side's connections: bytes of the stream pattern. */
static void
op_send(struct world *w, int side, struct rd *r)
{
	static uint8_t		 buf[MAXSEND];
	struct tcp_status	 ts;
	char			 err[TCP_ERRLEN] = "";
	unsigned		 id = pick(w, side, u8(r));
	size_t			 len = u16(r) % MAXSEND, i;
	uint64_t		 off;

	if (id == 0 || id >= MAXCONN || tcp_status(w->st[side], id, &ts) != 0)
		return;
	off = w->sent[side][id];
	for (i = 0; i < len; i++)
		buf[i] = pattern(ts.local.port, off + i);
	if (trace)
		fprintf(stderr, "  send %c conn %u %zu bytes at %llu\n",
		    "AB"[side], id, len, (unsigned long long)off);
	if (tcp_send(w->st[side], id, buf, len, w->now, err, sizeof err) == 0)
		w->sent[side][id] += len;
	else if (err[0] == '\0')
		abort();
	collect(w, side);
}

/* RECEIVE on one of side's connections; check the bytes when untainted. */
static void
op_recv(struct world *w, int side, struct rd *r)
{
	static uint8_t		 buf[65536];
	struct tcp_status	 ts;
	unsigned		 id = pick(w, side, u8(r));
	size_t			 len = (size_t)u16(r) + 1, got, i;
	uint64_t		 off;

	if (id == 0 || id >= MAXCONN || tcp_status(w->st[side], id, &ts) != 0)
		return;
	got = tcp_recv(w->st[side], id, buf, len, w->now);
	if (trace)
		fprintf(stderr, "  recv %c conn %u %zu bytes\n", "AB"[side],
		    id, got);
	if (got > len)
		abort();
	off = w->rcvd[side][id];
	if (!w->tainted) {
		for (i = 0; i < got; i++)
			if (buf[i] != pattern(ts.remote.port, off + i)) {
				fprintf(stderr, "conn %u byte %llu: %02x\n", id,
				    (unsigned long long)(off + i), buf[i]);
				abort();
			}
	}
	w->rcvd[side][id] += got;
	collect(w, side);
}

/*
 * Listener lis of side was closed: every child the user did not take
 * (accept, or CLOSE/shutdown/ABORT by its id) is CLOSED, and nothing can
 * be accepted through it (Linux inet_csk_listen_stop).
 */
static void
check_listener_closed(struct world *w, int side, unsigned lis)
{
	struct tcp_status	ts;
	unsigned		id;

	for (id = stack_conn_next(w->st[side], 0); id != 0;
	    id = stack_conn_next(w->st[side], id)) {
		if (id >= MAXCONN || w->owned[side][id] ||
		    tcp_status(w->st[side], id, &ts) != 0 || ts.listener != lis)
			continue;
		if (ts.state != TCP_CLOSED) {
			fprintf(stderr, "listener %u closed, child %u is %s\n",
			    lis, id, tcp_state_name(ts.state));
			abort();
		}
	}
	if (tcp_accept(w->st[side], lis) != 0)
		abort();
}

/*
 * Connection id came out of tcp_accept(side's listener lis): a child of
 * lis, which listens, handed out once, never closed by the user, and past
 * its handshake: in a synchronized state, or CLOSED from one (reset in
 * the accept queue) - never a child that ended in SYN-RECEIVED.
 */
static void
check_accepted(struct world *w, int side, unsigned lis, unsigned id)
{
	struct tcp_status	ts, ls;
	uint32_t		sync = 0;
	int			i;

	if (tcp_status(w->st[side], id, &ts) != 0 || ts.listener != lis ||
	    tcp_status(w->st[side], lis, &ls) != 0 || ls.state != TCP_LISTEN)
		abort();
	if (ts.state == TCP_LISTEN || ts.state == TCP_SYN_SENT ||
	    ts.state == TCP_SYN_RECEIVED)
		abort();
	if (id >= MAXCONN)
		return;
	for (i = TCP_ESTABLISHED; i < TCP_NSTATES; i++)
		sync |= 1U << i;
	if (w->owned[side][id] || !(w->seen[side][id] & sync) ||
	    (ts.state == TCP_CLOSED &&
	    w->left[side][id] < TCP_ESTABLISHED)) {
		fprintf(stderr, "accept returned conn %u: %s (closed from "
		    "%s)%s\n", id, tcp_state_name(ts.state),
		    tcp_state_name(w->left[side][id]),
		    w->owned[side][id] ? ", already the user's" : "");
		abort();
	}
	w->owned[side][id] = true;
}

/* CLOSE, shutdown or ABORT one of side's connections. */
static void
op_close(struct world *w, int side, struct rd *r)
{
	struct tcp_status	 ts;
	char			 err[TCP_ERRLEN] = "";
	uint8_t			 how = u8(r);
	unsigned		 id = pick(w, side, u8(r));
	bool			 listening;
	int			 rc;

	if (id == 0)
		return;
	listening = tcp_status(w->st[side], id, &ts) == 0 &&
	    ts.state == TCP_LISTEN;
	switch (how % 3) {
	case 0:
		rc = tcp_close(w->st[side], id, w->now, err, sizeof err);
		break;
	case 1:
		rc = tcp_shutdown(w->st[side], id, w->now, err, sizeof err);
		break;
	default:
		rc = tcp_abort(w->st[side], id, w->now, err, sizeof err);
		break;
	}
	if (rc != 0 && err[0] == '\0')
		abort();
	if (rc == 0 && id < MAXCONN)
		w->owned[side][id] = true;
	collect(w, side);
	if (listening && rc == 0)
		check_listener_closed(w, side, id);
}

/* OPEN: side connects to the other, to a port near the listeners. */
static void
op_connect(struct world *w, int side, struct rd *r)
{
	struct endpoint	 l, rem;
	char		 err[TCP_ERRLEN] = "";
	uint8_t		 b = u8(r);

	endpoint_of(&l, side, (b & 0x80) ? (uint16_t)(40000 + (b & 3)) : 0);
	endpoint_of(&rem, 1 - side, (uint16_t)(80 + (u8(r) & 3)));
	if (tcp_connect(w->st[side], &l, &rem, w->now, err, sizeof err) == 0 &&
	    err[0] == '\0')
		abort();
	collect(w, side);
}

/* OPEN, passive, or accept from one of side's listeners. */
static void
op_listen(struct world *w, int side, struct rd *r)
{
	struct endpoint	 l;
	char		 err[TCP_ERRLEN] = "";
	uint8_t		 b = u8(r);
	unsigned	 lis, id;

	if (b & 1) {
		lis = pick(w, side, u8(r));
		events(w, side);	/* every state change is recorded */
		if ((id = tcp_accept(w->st[side], lis)) != 0)
			check_accepted(w, side, lis, id);
		events(w, side);
		return;
	}
	endpoint_of(&l, side, (uint16_t)(80 + ((b >> 1) & 3)));
	if (tcp_listen(w->st[side], &l, err, sizeof err) == 0 && err[0] == '\0')
		abort();
}

/* Change one setting, of the stack or of one connection. */
static void
op_knob(struct world *w, int side, struct rd *r)
{
	const struct tcp_knob	*k, *tab;
	struct tcp_cfg		*c;
	char			 text[64], err[160];
	size_t			 n;
	unsigned		 id;
	uint32_t		 v;

	tab = tcp_knobs(&n);
	k = &tab[u8(r) % n];
	id = pick(w, side, u8(r));
	v = u32(r);
	switch (k->type) {
	case KNOB_BOOL:
		snprintf(text, sizeof text, "%s", (v & 1) ? "on" : "off");
		break;
	case KNOB_UINT:
		snprintf(text, sizeof text, "%llu", k->lo + (unsigned long long)v %
		    (k->hi - k->lo + 1));
		break;
	default:
		snprintf(text, sizeof text, "%ums", v % 600000);
		break;
	}
	if (id != 0 && (v & 0x80000000) &&
	    (c = tcp_conn_cfg(w->st[side], id)) != NULL) {
		if (tcp_knob_set(c, k->name, text, err, sizeof err) == 0)
			tcp_cfg_changed(w->st[side], id, w->now);
	} else
		tcp_knob_set(stack_cfg(w->st[side]), k->name, text, err,
		    sizeof err);
	collect(w, side);
}

/*
 * Inject a segment into side, as if from the other side: addressed to one
 * of its connections (or to a port), numbers near its window, any flags,
 * raw option bytes and a payload.
 */
static void
op_inject(struct world *w, int side, struct rd *r)
{
	static uint8_t		 b[20 + 60 + 1024];
	static const uint32_t	 scale[4] = { 1, 1000, 65536, 1U << 30 };
	struct tcp_status	 ts;
	struct endpoint		 src, dst;
	uint32_t		 seq = 0, ack = 0;
	unsigned		 id = pick(w, side, u8(r));
	uint8_t			 sc = u8(r), optlen, hl;
	size_t			 plen, len, i;

	memset(&ts, 0, sizeof ts);
	if (id != 0 && tcp_status(w->st[side], id, &ts) == 0 &&
	    ts.state != TCP_LISTEN) {
		src = ts.remote;
		dst = ts.local;
		seq = ts.rcv_nxt;
		ack = ts.snd_una;
	} else {
		endpoint_of(&src, 1 - side, u16(r));
		endpoint_of(&dst, side, (uint16_t)(80 + (sc & 3)));
		seq = u32(r);
		ack = u32(r);
	}
	seq += (uint32_t)(int8_t)u8(r) * scale[sc & 3];
	ack += (uint32_t)(int8_t)u8(r) * scale[(sc >> 2) & 3];
	optlen = (uint8_t)(u8(r) % 41);
	hl = (uint8_t)(20 + ((optlen + 3) & ~3));
	plen = (sc & 0x10) ? u8(r) % 1024 : 0;

	memset(b, 0, sizeof b);
	len = 20 + hl + plen;
	b[0] = 0x45;
	b[2] = (uint8_t)(len >> 8);
	b[3] = (uint8_t)len;
	b[8] = 64;
	b[9] = IPPROTO_TCP_;
	memcpy(b + 12, src.addr.a, 4);
	memcpy(b + 16, dst.addr.a, 4);
	b[20] = (uint8_t)(src.port >> 8);
	b[21] = (uint8_t)src.port;
	b[22] = (uint8_t)(dst.port >> 8);
	b[23] = (uint8_t)dst.port;
	for (i = 0; i < 4; i++) {
		b[24 + i] = (uint8_t)(seq >> (24 - 8 * i));
		b[28 + i] = (uint8_t)(ack >> (24 - 8 * i));
	}
	b[32] = (uint8_t)((hl / 4) << 4 | (u8(r) & 1));
	b[33] = u8(r);
	b[34] = u8(r);
	b[35] = u8(r);
	b[38] = (sc & 0x20) ? u8(r) : 0;
	b[39] = (sc & 0x20) ? u8(r) : 0;
	for (i = 0; i < optlen; i++)
		b[40 + i] = u8(r);
	for (i = 0; i < plen; i++)
		b[20 + hl + i] = u8(r);
	w->tainted = true;
	input(w, side, b, len);
	collect(w, side);
}

/* A program of operations on two stacks. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct world	 w;
	struct tcp_cfg		 cfg;
	struct endpoint		 l, rem;
	struct rd		 r = { data, size };
	char			 err[TCP_ERRLEN];
	uint64_t		 t;
	uint8_t			 op, b;
	int			 side, steps = 0, i;

	memset(&w, 0, sizeof w);
	w.now = 1000 * TCP_SEC;
	b = u8(&r);
	for (side = 0; side < 2; side++) {
		tcp_cfg_default(&cfg);
		cfg.opt_ts = (b & 1) != 0;
		cfg.opt_sack = (b & 2) != 0;
		cfg.opt_wscale = (b & 4) != 0;
		cfg.delack = (b & 8) != 0;
		cfg.nagle = (b & 16) != 0;
		cfg.syncookies = (b >> 5) % 3;
		cfg.isn = (b & 0x80) ? 0xfffff000u : 0;
		if ((w.st[side] = stack_new(&cfg, 1 + (uint64_t)side)) == NULL)
			abort();
	}
	endpoint_of(&l, 1, 80);
	if (tcp_listen(w.st[1], &l, err, sizeof err) == 0)
		abort();
	endpoint_of(&l, 0, 0);
	endpoint_of(&rem, 1, 80);
	if (tcp_connect(w.st[0], &l, &rem, w.now, err, sizeof err) == 0)
		abort();
	collect(&w, 0);

	while (r.n > 0 && steps++ < 4096) {
		op = u8(&r);
		side = op & 1;
		if (trace)
			fprintf(stderr, "op %d side %c\n", (op >> 1) % 14,
			    "AB"[side]);
		switch ((op >> 1) % 14) {
		case 0:
			flush(&w);
			break;
		case 1:		/* deliver one frame, maybe out of order */
			b = u8(&r);
			if (w.d[side].n > 0)
				take(&w, side, b % w.d[side].n, true);
			break;
		case 2:		/* lose one */
			b = u8(&r);
			if (w.d[side].n > 0)
				take(&w, side, b % w.d[side].n, false);
			break;
		case 3:		/* deliver a copy, keep the original in flight */
			b = u8(&r);
			if (w.d[side].n > 0) {
				i = b % w.d[side].n;
				input(&w, 1 - side, w.d[side].q[i].b,
				    w.d[side].q[i].len);
			}
			break;
		case 4:		/* corrupt a byte of the TCP header or payload */
			b = u8(&r);
			if (w.d[side].n > 0) {
				struct frame *f = &w.d[side].q[b % w.d[side].n];

				i = u8(&r);
				if (f->len > 20) {
					f->b[20 + (size_t)i % (f->len - 20)] ^=
					    u8(&r) | 1;
					w.tainted = true;
				}
			}
			break;
		case 5:		/* let some time pass */
			b = u8(&r);
			advance(&w, w.now + (uint64_t)b *
			    ((op & 0x80) ? TCP_SEC : TCP_MS));
			break;
		case 6:		/* to the next deadline */
			t = stack_deadline(w.st[side]);
			if (t != TCP_NEVER && t < w.now + 3600 * TCP_SEC)
				advance(&w, t);
			break;
		case 7:
			op_send(&w, side, &r);
			break;
		case 8:
			op_recv(&w, side, &r);
			break;
		case 9:
			op_close(&w, side, &r);
			break;
		case 10:
			op_connect(&w, side, &r);
			break;
		case 11:
			op_listen(&w, side, &r);
			break;
		case 12:
			op_knob(&w, side, &r);
			break;
		default:
			op_inject(&w, side, &r);
			break;
		}
	}
	flush(&w);
	for (side = 0; side < 2; side++) {
		while (w.d[side].n > 0)
			take(&w, side, 0, false);
		stack_free(w.st[side]);
	}
	return (0);
}
