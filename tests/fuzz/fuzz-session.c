/*
 * tests/fuzz/fuzz-session.c - libFuzzer target for the session's input
 * path: the input becomes frames fed to an offline session as if its
 * capture had seen them (path_feed), so they take the live road through
 * the whole runtime - the data path, ARP/ND, IP reassembly, the gate, the
 * engine - and every subscriber of the bus (the recorder, numbered frames,
 * printed lines, counters, the connection views, the diagram's feed).
 * Time moves on as the input says (clock_skip), so the engine's timers,
 * the ARP queue's repeats, reassembly timeouts and waiting commands fire.
 *
 * Each input gets a fresh session that listens on port 5000 and has taken
 * one connection from 10.0.0.2 to ESTABLISHED, and a fresh peer (a second
 * neighbour layer at 10.0.0.2 / fd00::2 that answers our ARP requests and
 * neighbour solicitations).  Then each step takes a byte for the
 * operation and more for its arguments:
 *
 *	0, 1	a TCP segment on one of the connections (or to the listener):
 *		any flags, numbers near rcv_nxt and snd_nxt, a timestamp
 *		that PAWS accepts or not, raw option bytes and a payload
 *	2	a new connection from the peer (IPv4 or IPv6): a SYN with
 *		options, and the handshake's ACK or not
 *	3	an IP packet to us (any protocol, fragments included), its
 *		lengths and checksums made right
 *	4	an ICMP or ICMPv6 error quoting one of our segments
 *	5	raw bytes as a frame, as they come
 *	6	time passes: up to 65 ms, 65 s or 18 h
 *	7	a command on a connection (send, recv, close, shutdown, abort,
 *		step mode, a fault, conns, stat...) through the command queue
 *
 * and the loop takes a turn after each.  What the session prints goes to
 * /dev/null (FUZZ_TRACE set: to stdout).
 */
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "capture/neigh.h"
#include "cli/cmd/cmd-table.h"
#include "cli/cmd/cmdq.h"
#include "cli/obs/obs.h"
#include "cli/run/clock.h"
#include "cli/run/loop.h"
#include "cli/run/path.h"
#include "cli/run/session.h"
#include "core/seg.h"
#include "core/tcp.h"
#include "core/wire.h"
#include "lab/lab.h"
#include "tests/fuzz/fuzzrd.h"

int	LLVMFuzzerInitialize(int *, char ***);
int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

#define FZ_STEPS	200		/* operations per input, at most */
#define FZ_FRAME	2048		/* the largest frame we make */
#define FZ_ASKS		8		/* our ARP/ND requests kept for the peer */
#define FZ_PORT		5000		/* the listener */

struct fz {
	struct session	*s;
	struct obs	*o;
	struct cmdq	*q;
	struct cmd_ctx	 ctx;
	struct neigh	*peer;		/* the peer's neighbour layer */
	struct addr	 peer4, peer6;
	uint8_t		 asks[FZ_ASKS][128];	/* our ARP/ND requests, to answer */
	size_t		 asklen[FZ_ASKS];
	int		 nasks;
	uint32_t	 our_ts;	/* the TSval we sent last */
	uint32_t	 peer_ts;	/* the peer's, going up */
	uint16_t	 next_port;	/* the peer's next source port */
};

static const uint8_t peer_mac[6] = { 0x02, 0, 0, 0, 0, 0x02 };
static const uint8_t our_mac[6] = { 0x02, 0, 0, 0, 0, 0x01 };	/* session.c's */
static int	trace;		/* FUZZ_TRACE: the session's lines on stdout */

/* Read FUZZ_TRACE; else what the session prints goes to /dev/null. */
int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	int	fd;

	(void)argc;
	(void)argv;
	trace = getenv("FUZZ_TRACE") != NULL;
	if (!trace && (fd = open("/dev/null", O_WRONLY)) != -1) {
		dup2(fd, STDOUT_FILENO);
		close(fd);
	}
	return (0);
}

/* Put v big-endian at p. */
static void
put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

/* Put v big-endian at p. */
static void
put32(uint8_t *p, uint32_t v)
{
	put16(p, (uint16_t)(v >> 16));
	put16(p + 2, (uint16_t)v);
}

/* Keep our ARP requests and neighbour solicitations, and our last TSval. */
static void
fz_watch(void *arg, const struct run_ev *ev)
{
	struct fz		*f = arg;
	const struct tcp_opt	*o;

	if (ev->type != RUN_FRAME || ev->dir != RUN_OUT || ev->pkt == NULL)
		return;
	if (neigh_wants(ev->pkt) && f->nasks < FZ_ASKS &&
	    ev->len <= sizeof f->asks[0]) {
		memcpy(f->asks[f->nasks], ev->frame, ev->len);
		f->asklen[f->nasks++] = ev->len;
	}
	if (ev->seg != NULL && ev->seg->proto == IPPROTO_TCP_ &&
	    (o = wire_tcpopt_find(&ev->seg->th, TCPOPT_TIMESTAMP)) != NULL)
		f->our_ts = o->u.ts.val;
}

/* One turn of the loop, without sleeping; the peer answers what we asked. */
static void
fz_turn(struct fz *f)
{
	struct pkt	p;
	uint8_t		reply[256];
	size_t		n;
	int		i, k;

	for (k = 0; k < 4; k++) {
		loop_once(f->s, now_us());
		if (f->nasks == 0)
			break;
		for (i = 0; i < f->nasks; i++) {
			if (wire_decode(&p, WIRE_DLT_EN10MB, f->asks[i],
			    f->asklen[i], f->asklen[i]) != 0)
				continue;
			n = neigh_input(f->peer, &p, reply, sizeof reply,
			    now_us());
			if (n > 0)
				path_feed(f->s, reply, n);
		}
		f->nasks = 0;
	}
}

/*
 * Feed frame to the session with its lengths and checksums made right
 * (decoded and built again), or as it is when it does not decode.
 */
static void
fz_feed_fixed(struct fz *f, const uint8_t *frame, size_t len)
{
	static uint8_t	out[65536 + 256];
	struct pkt	p;
	ssize_t		n;

	if (wire_decode(&p, WIRE_DLT_EN10MB, frame, len, len) == 0 &&
	    (n = wire_build(&p, 0, out, sizeof out, NULL, 0)) > 0)
		path_feed(f->s, out, (size_t)n);
	else
		path_feed(f->s, frame, len);
	fz_turn(f);
}

/* Write an Ethernet and IP header from src to dst of proto into b; its length. */
static size_t
fz_ip(uint8_t *b, const struct addr *src, const struct addr *dst,
    uint8_t proto, size_t plen, uint8_t ttl)
{
	memcpy(b, our_mac, 6);
	memcpy(b + 6, peer_mac, 6);
	if (src->family == 4) {
		b[12] = 0x08;
		b[13] = 0x00;
		memset(b + 14, 0, 20);
		b[14] = 0x45;
		put16(b + 16, (uint16_t)(20 + plen));
		b[22] = ttl;
		b[23] = proto;
		memcpy(b + 26, src->a, 4);
		memcpy(b + 30, dst->a, 4);
		return (34);
	}
	b[12] = 0x86;
	b[13] = 0xdd;
	memset(b + 14, 0, 40);
	b[14] = 0x60;
	put16(b + 18, (uint16_t)plen);
	b[20] = proto;
	b[21] = ttl;
	memcpy(b + 22, src->a, 16);
	memcpy(b + 38, dst->a, 16);
	return (54);
}

/* The ids of our TCP connections that are not listening, at most max. */
static int
fz_conns(struct fz *f, unsigned *ids, int max)
{
	struct tcp_status	ts;
	unsigned		id;
	int			n = 0;

	for (id = stack_conn_next(f->s->st, 0); id != 0 && n < max;
	    id = stack_conn_next(f->s->st, id)) {
		if (tcp_status(f->s->st, id, &ts) == 0 &&
		    ts.state != TCP_LISTEN)
			ids[n++] = id;
	}
	return (n);
}

/* One of our connections picked by b, in *ts; 0 when there is none. */
static unsigned
fz_pick(struct fz *f, uint8_t b, struct tcp_status *ts)
{
	unsigned	ids[32];
	int		n = fz_conns(f, ids, 32);

	if (n == 0 || tcp_status(f->s->st, ids[b % n], ts) != 0)
		return (0);
	return (ids[b % n]);
}

/*
 * A TCP segment from the peer: src and dst (ours), seq and ack, flags,
 * window; options: a timestamp first when ts, then optlen raw bytes from
 * the input; plen bytes of payload from the input.
 */
static void
fz_tcp(struct fz *f, struct rd *r, const struct endpoint *src,
    const struct endpoint *dst, uint32_t seq, uint32_t ack, uint16_t flags,
    uint16_t win, bool ts, size_t optlen, size_t plen)
{
	static uint8_t	b[FZ_FRAME];
	uint8_t		opt[40];
	size_t		ol = 0, hl, l3, i;

	if (ts) {
		opt[ol++] = 1;
		opt[ol++] = 1;
		opt[ol++] = TCPOPT_TIMESTAMP;
		opt[ol++] = 10;
		put32(opt + ol, f->peer_ts);
		put32(opt + ol + 4, f->our_ts);
		ol += 8;
	}
	for (i = 0; i < optlen && ol < sizeof opt; i++)
		opt[ol++] = u8(r);
	while (ol % 4 != 0)
		opt[ol++] = 0;
	hl = 20 + ol;
	if (plen > FZ_FRAME - 54 - hl)
		plen = FZ_FRAME - 54 - hl;
	l3 = fz_ip(b, &src->addr, &dst->addr, IPPROTO_TCP_, hl + plen, 64);
	memset(b + l3, 0, 20);
	put16(b + l3, src->port);
	put16(b + l3 + 2, dst->port);
	put32(b + l3 + 4, seq);
	put32(b + l3 + 8, ack);
	b[l3 + 12] = (uint8_t)((hl / 4) << 4 | ((flags >> 8) & 1));
	b[l3 + 13] = (uint8_t)flags;
	put16(b + l3 + 14, win);
	memcpy(b + l3 + 20, opt, ol);
	for (i = 0; i < plen; i++)
		b[l3 + hl + i] = r->n > 0 ? u8(r) : (uint8_t)('a' + i % 26);
	fz_feed_fixed(f, b, l3 + hl + plen);
}

/* The peer's endpoint of family (4 or 6) with port. */
static void
fz_peer(struct fz *f, int family, uint16_t port, struct endpoint *e)
{
	memset(e, 0, sizeof *e);
	e->addr = family == 4 ? f->peer4 : f->peer6;
	e->port = port;
}

/* Our endpoint of family with port. */
static void
fz_us(struct fz *f, int family, uint16_t port, struct endpoint *e)
{
	memset(e, 0, sizeof *e);
	e->addr = *session_addr(f->s, family);
	e->port = port;
}

/*
 * A connection from the peer to the listener: a SYN with MSS (and window
 * scale, SACK, timestamps as bits of opts say), then the ACK when full.
 */
static void
fz_open(struct fz *f, int family, uint8_t opts, uint16_t mss, bool full)
{
	struct tcp_status	ts;
	struct endpoint		src, dst;
	struct seg		sg;
	uint8_t			o[20];
	struct rd		r = { o, 0 };	/* r.n: the option bytes, as written */
	uint32_t		iss = 1000000u * f->next_port;
	unsigned		id;
	int			ours;

	fz_peer(f, family, f->next_port++, &src);
	fz_us(f, family, FZ_PORT, &dst);
	o[r.n++] = TCPOPT_MSS;
	o[r.n++] = 4;
	o[r.n++] = (uint8_t)(mss >> 8);
	o[r.n++] = (uint8_t)mss;
	if (opts & 1) {
		o[r.n++] = 1;
		o[r.n++] = TCPOPT_WSCALE;
		o[r.n++] = 3;
		o[r.n++] = (uint8_t)(opts >> 4);
	}
	if (opts & 2) {
		o[r.n++] = TCPOPT_SACK_PERM;
		o[r.n++] = 2;
	}
	f->peer_ts += 100;
	fz_tcp(f, &r, &src, &dst, iss, 0, TH_SYN, 64240, (opts & 4) != 0,
	    r.n, 0);
	if (!full)
		return;
	memset(&sg, 0, sizeof sg);
	sg.proto = IPPROTO_TCP_;
	sg.src = src.addr;
	sg.dst = dst.addr;
	sg.th.sport = src.port;
	sg.th.dport = dst.port;
	if ((id = stack_find(f->s->st, &sg, &ours)) == 0 ||
	    tcp_status(f->s->st, id, &ts) != 0 || ts.state != TCP_SYN_RECEIVED)
		return;
	fz_tcp(f, &r, &src, &dst, iss + 1, ts.snd_nxt, TH_ACK, 64240,
	    (opts & 4) != 0, 0, 0);
}

/* Operation 0/1: a segment on one of our connections, or to the listener. */
static void
op_segment(struct fz *f, struct rd *r)
{
	static const uint32_t	 scale[4] = { 1, 1000, 65536, 1U << 30 };
	struct tcp_status	 ts;
	struct endpoint		 src, dst;
	uint8_t			 sc = u8(r), how = u8(r);
	uint16_t		 flags = (uint16_t)(u8(r) | (how & 0x80) << 1);
	uint32_t		 seq, ack;
	uint16_t		 win;
	size_t			 optlen, plen;

	if (fz_pick(f, u8(r), &ts) != 0 && !(how & 0x40)) {
		src = ts.remote;
		dst = ts.local;
		seq = ts.rcv_nxt;
		ack = (how & 0x20) ? ts.snd_una : ts.snd_nxt;
	} else {
		fz_peer(f, (how & 0x10) ? 6 : 4, u16(r), &src);
		fz_us(f, src.addr.family, (how & 8) ? FZ_PORT : u16(r), &dst);
		seq = u32(r);
		ack = u32(r);
	}
	seq += (uint32_t)(int8_t)u8(r) * scale[sc & 3];
	ack += (uint32_t)(int8_t)u8(r) * scale[(sc >> 2) & 3];
	f->peer_ts += (how & 4) ? (uint32_t)(int8_t)u8(r) : 1;
	win = (sc & 0x10) ? u16(r) : 64240;
	optlen = (how & 2) ? u8(r) % 41 : 0;
	plen = (sc & 0x20) ? ((sc & 0x40) ? u16(r) % 1460 : u8(r)) : 0;
	fz_tcp(f, r, &src, &dst, seq, ack, flags, win, (how & 1) != 0, optlen,
	    plen);	/* the option bytes, then the payload's, from r */
}

/* Operation 3: an IP packet to us, its lengths and checksums made right. */
static void
op_ip(struct fz *f, struct rd *r)
{
	static uint8_t	b[FZ_FRAME];
	uint8_t		how = u8(r), proto = u8(r);
	size_t		l3, plen = u16(r) % 1400, i;
	struct addr	src = (how & 1) ? f->peer6 : f->peer4;

	l3 = fz_ip(b, &src, session_addr(f->s, src.family), proto, plen,
	    u8(r));
	if (src.family == 4 && (how & 2)) {	/* a fragment */
		put16(b + 18, u16(r));			/* Identification */
		put16(b + 20, u16(r));			/* flags, offset */
	}
	for (i = 0; i < plen; i++)
		b[l3 + i] = u8(r);
	fz_feed_fixed(f, b, l3 + plen);
}

/* Operation 4: an ICMP(v6) error from the peer quoting one of our segments. */
static void
op_icmp(struct fz *f, struct rd *r)
{
	static uint8_t		 b[FZ_FRAME];
	struct tcp_status	 ts;
	uint8_t			 type = u8(r), code = u8(r), q[60];
	uint32_t		 info = u32(r), seq;
	size_t			 l3, ql;
	int			 v6;

	if (fz_pick(f, u8(r), &ts) == 0)
		return;
	v6 = ts.local.addr.family == 6;
	seq = ts.snd_una + (uint32_t)(int8_t)u8(r);
	/* The quote: our IP header and the first 8 bytes of our TCP header. */
	ql = fz_ip(b, &ts.local.addr, &ts.remote.addr, IPPROTO_TCP_, 20, 64) -
	    14;
	memcpy(q, b + 14, ql);
	if (!v6) {
		q[10] = q[11] = 0;	/* its checksum: made right when built */
	}
	put16(q + ql, ts.local.port);
	put16(q + ql + 2, ts.remote.port);
	put32(q + ql + 4, seq);
	ql += 8;
	l3 = fz_ip(b, &ts.remote.addr, &ts.local.addr,
	    v6 ? IPPROTO_ICMPV6_ : IPPROTO_ICMP_, 8 + ql, 64);
	if (u8(r) & 1) {	/* the usual ones: unreachable, too big */
		type = v6 ? (type & 1 ? 2 : 1) : 3;
		code = v6 ? code % 7 : (type & 1 ? 4 : code % 16);
	}
	b[l3] = type;
	b[l3 + 1] = code;
	b[l3 + 2] = b[l3 + 3] = 0;
	put32(b + l3 + 4, info);
	memcpy(b + l3 + 8, q, ql);
	fz_feed_fixed(f, b, l3 + 8 + ql);
}

/* Operation 5: raw bytes as a frame. */
static void
op_raw(struct fz *f, struct rd *r)
{
	static uint8_t	b[FZ_FRAME];
	size_t		len = u16(r) % FZ_FRAME, i;

	for (i = 0; i < len; i++)
		b[i] = u8(r);
	path_feed(f->s, b, len);
	fz_turn(f);
}

/* Operation 6: time passes. */
static void
op_time(struct fz *f, struct rd *r)
{
	static const uint64_t	unit[4] = { 1, 1000, 1000000, 1000000 };
	uint8_t			sc = u8(r);
	uint64_t		t = (uint64_t)u16(r) * unit[sc & 3];

	clock_skip(t);
	fz_turn(f);
}

/* Operation 7: a command on a connection, through the command queue. */
static void
op_cmd(struct fz *f, struct rd *r)
{
	static const char *const cmds[] = {
		"send %s hello, world\\n", "send %s --size %u", "recv %s",
		"close %s", "shutdown %s", "abort %s", "close %s at-eof",
		"stat %s", "history %s", "use %s", "conns", "conns all",
		"accept", "step on both %s", "step off", "step %u", "held",
		"drop %u", "edit %u win=%u", "fault drop %u in",
		"fault dup %u out", "fault reorder %u", "fault corrupt %u in",
		"fault delay %u out 0.5", "fault off", "step freeze on",
		"step freeze off", "set mss %u", "wait state CLOSED 1",
		"wait recv x %u", "expect in ack 1",
	};
	struct tcp_status	ts;
	char			id[16], line[128];
	unsigned		conn, n;
	uint8_t			which = u8(r);
	const char		*fmt = cmds[which % (sizeof cmds / sizeof cmds[0])];

	conn = fz_pick(f, u8(r), &ts);
	n = u16(r);
	if (conn != 0)
		session_id(f->s, conn, id, sizeof id);
	else
		snprintf(id, sizeof id, "c%u", n % 8);
	if (strstr(fmt, "%s") != NULL)
		snprintf(line, sizeof line, fmt, id, n % 200000);
	else
		snprintf(line, sizeof line, fmt, n % 200000, n % 70000);
	cmdq_append(f->q, line, 0, NULL, 0);
	fz_turn(f);
	if (cmdq_waiting(f->q)) {	/* a wait or expect: time runs on */
		clock_skip(300000);
		fz_turn(f);
		cmdq_interrupt(f->q);
	}
}

/* A fresh session listening on FZ_PORT with one connection established. */
static void
fz_start(struct fz *f)
{
	struct session_opts	so = { .offline = 1 };
	struct obs_opts		oo = { .quiet = 0 };
	char			*cause = NULL;

	memset(f, 0, sizeof *f);
	if ((f->s = session_new(&so, &cause)) == NULL)
		abort();	/* offline needs nothing that can fail */
	bus_subscribe(&f->s->bus, fz_watch, f);
	f->o = obs_new(f->s, &oo);
	f->ctx.s = f->s;
	f->ctx.o = f->o;
	f->ctx.table = cmd_table;
	f->q = cmdq_new(&f->ctx);
	addr_parse(&f->peer4, LAB_PEER4);
	addr_parse(&f->peer6, LAB_PEER6);
	f->peer = neigh_new(peer_mac, &f->peer4, &f->peer6);
	f->peer_ts = 7;
	f->next_port = 40000;
	cmdq_append(f->q, "listen 5000", 0, NULL, 0);
	fz_open(f, 4, 7, 1460, true);
}

/* Tear the session and the peer down. */
static void
fz_stop(struct fz *f)
{
	cmdq_free(f->q);
	obs_free(f->o);
	session_free(f->s);
	neigh_free(f->peer);
	clock_unskip();	/* the next input starts from the real time */
}

/* One program of frames, time and commands through a fresh session. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct fz	f;
	struct rd		r = { data, size };
	int			steps = 0;
	uint8_t			op, b;

	if (size > 16384)
		return (0);
	fz_start(&f);
	while (r.n > 0 && steps++ < FZ_STEPS && !f.s->quit) {
		op = u8(&r);
		switch (op % 8) {
		case 0:
		case 1:
			op_segment(&f, &r);
			break;
		case 2:
			b = u8(&r);
			fz_open(&f, (b & 1) ? 6 : 4, (uint8_t)(b >> 1),
			    u16(&r), (b & 0x80) == 0);
			break;
		case 3:
			op_ip(&f, &r);
			break;
		case 4:
			op_icmp(&f, &r);
			break;
		case 5:
			op_raw(&f, &r);
			break;
		case 6:
			op_time(&f, &r);
			break;
		default:
			op_cmd(&f, &r);
			break;
		}
	}
	fz_stop(&f);
	return (0);
}
