/*
 * cli/run/path.c - the session's data road.  Captured frames are published,
 * decoded and handed to ARP/ND or, through the gate, to the engine; the
 * engine's segments go through the gate, are framed, wait in the ARP queue
 * while their next hop is unknown, are injected and published with their
 * wire copy; engine events and the data the application side reads are
 * published as they come.  Frames injected while one of the entry points
 * below runs are queued and leave together, with as few system calls as
 * the kernel allows, when the outermost returns (path_hold/path_release):
 * what a capture's batch of ACKs makes the engine send goes at once,
 * from the transmit thread (craft/inject-tx.c) where there are two CPUs:
 * over a veth the peer's answer is computed in that system call, on the
 * other CPU, while this one reads what came.  Commands settle first
 * (path_settle), so what they see has left.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>

#include "capture/cap.h"
#include "capture/neigh.h"
#include "cli/run/arpq.h"
#include "cli/run/path.h"
#include "cli/run/session.h"
#include "core/ipfrag.h"
#include "craft/inject.h"

#define PATH_FRAME_MAX	(65536 + 128)	/* the largest frame we build */
#define PATH_READ	4096		/* bytes read from the engine at a time */
#define PATH_STATS_EVERY (1 * TCP_SEC)	/* capture counters read at most so often */
#define PATH_CAPTURE_MAX 256		/* frames read again for answers, a turn */

static void	path_offer(struct session *, enum gate_dir, const struct seg *,
		    const struct segmeta *);
static void	path_hold(struct session *);
static void	path_release(struct session *);
static void	path_inj_fail(void *, const char *);

/* The wall clock as a timeval: what frames are stamped with. */
static void
path_tv(struct timeval *tv)
{
	uint64_t	t = turn_wall_us();

	tv->tv_sec = (time_t)(t / 1000000);
	tv->tv_usec = (suseconds_t)(t % 1000000);
}

/* Publish a frame we sent or saw: its bytes, decoded, and the segment. */
static void
path_publish_frame(struct session *s, enum run_dir dir, const struct timeval *tv,
    const uint8_t *frame, size_t len, const struct pkt *p, const struct seg *seg,
    const struct segmeta *meta)
{
	struct run_ev	ev;

	memset(&ev, 0, sizeof ev);
	ev.type = RUN_FRAME;
	ev.dir = dir;
	ev.ts = tv;
	ev.frame = frame;
	ev.len = len;
	ev.pkt = p;
	ev.seg = seg;
	ev.meta = meta;
	bus_publish(&s->bus, &ev);
}

/* A queued frame the link refused: say so, and count it. */
static void
path_inj_fail(void *arg, const char *cause)
{
	struct session	*s = arg;

	bus_text(&s->bus, RUN_ERROR, "%s", cause);
	s->send_fail++;
}

/* An entry point begins: frames injected now wait for its end. */
static void
path_hold(struct session *s)
{
	s->out_hold++;
	clock_turn_begin();	/* the clocks are read once in a turn */
}

/* An entry point ends: the outermost sends the frames queued meanwhile. */
static void
path_release(struct session *s)
{
	if (--s->out_hold == 0 && s->inj != NULL)
		(void)inj_flush(s->inj, path_inj_fail, s);
	clock_turn_end();
}

/*
 * Inject a complete frame (queued until path_release) and publish it as
 * sent; built: wire_build() made it and nothing since changed its transport
 * bytes (its checksum is not summed again to be judged).
 */
static void
path_inject(struct session *s, const uint8_t *frame, size_t len,
    const struct segmeta *meta, bool built)
{
	struct pkt	 p;
	struct seg	 seg;
	struct timeval	 tv;
	size_t		 queued;

	path_tv(&tv);	/* before it leaves: a reply is captured later */
	if (s->inj != NULL) {	/* offline: published only */
		queued = inj_queued(s->inj);
		inj_queue(s->inj, frame, len, path_inj_fail, s);
		/* A full queue was sent: the kernel's work took time. */
		if (inj_queued(s->inj) <= queued)
			clock_turn_fresh();
	}
	if (built)
		wire_decode_built(&p, frame, len);
	else
		wire_decode(&p, WIRE_DLT_EN10MB, frame, len, len);
	path_publish_frame(s, RUN_OUT, &tv, frame, len, &p,
	    seg_from_pkt(&seg, &p) == 0 ? &seg : NULL, meta);
}

/* Ask who has a (ARP request or neighbour solicitation). */
static void
path_ask(struct session *s, const struct addr *a)
{
	struct run_ev	ev;
	uint8_t		frame[256];
	size_t		n;

	if ((n = neigh_request(s->nb, a, frame, sizeof frame)) == 0)
		return;
	memset(&ev, 0, sizeof ev);
	ev.type = RUN_NEIGH;
	ev.neigh = NEIGH_ASKED;
	ev.addr = a;
	bus_publish(&s->bus, &ev);
	path_inject(s, frame, n, NULL, false);
}

/* Queue a frame for next hop a until it is resolved; ask when a is new. */
static void
path_queue(struct session *s, const struct addr *a, const uint8_t *frame,
    size_t len, const struct segmeta *meta)
{
	struct arpq_stats st;
	struct run_ev	ev;
	int		rc;

	rc = arpq_add(s->arpq, a, frame, len, meta, turn_now_us());
	if (rc == 1)
		path_ask(s, a);
	else if (rc == -1) {
		arpq_stats(s->arpq, &st);
		memset(&ev, 0, sizeof ev);
		ev.type = RUN_NEIGH;
		ev.neigh = NEIGH_QUEUE_FULL;
		ev.addr = a;
		ev.count = st.full > UINT_MAX ? UINT_MAX : (unsigned)st.full;
		bus_publish(&s->bus, &ev);
	}
}

/* The MTU of the path to dst: what ICMP taught the engine, else the link's. */
static size_t
path_mtu(const struct session *s, const struct addr *dst)
{
	return (stack_path_mtu(s->st, dst, session_now(s)));
}

/* A datagram being split: where its fragments go. */
struct path_split {
	struct session		*s;
	const struct addr	*dst;
	const struct segmeta	*meta;
	bool			 known;		/* the next hop's MAC is in the frames */
	bool			 built;		/* as path_inject() takes it */
	uint32_t		 id;
	int			 family;
};

/* Send one fragment (or the whole datagram), unless a fault drops it. */
static void
path_split_emit(void *arg, const uint8_t *frag, size_t len, unsigned idx,
    bool last)
{
	struct path_split	*ps = arg;
	struct session		*s = ps->s;
	unsigned		 nth;

	if (!(idx == 1 && last) && gate_frag(s->gate, GATE_OUT, ps->id, &nth)) {
		bus_note(&s->bus, NOTE_FRAG_DROPPED, "fault: dropped outbound fragment "
		    "%u of datagram id 0x%x%s", idx, ps->id, last ? " (the "
		    "last)" : "");
		return;
	}
	if (ps->known)
		path_inject(s, frag, len, ps->meta, ps->built);
	else
		path_queue(s, ps->dst, frag, len, ps->meta);
}

/*
 * Send the frame of a datagram to dst, in fragments when it does not fit
 * the path (RFC 791 §3.2, RFC 8200 §4.5) or size asks for them; known:
 * the frame carries the next hop's MAC already; built: wire_build() made it
 * as it is (fragmenting changes only what the transport checksum leaves
 * out, or makes fragments, whose checksum is not judged).
 */
static void
path_fragment(struct session *s, const struct addr *dst, uint8_t *frame,
    size_t n, const struct segmeta *meta, size_t size, bool known, bool built)
{
	static uint8_t		 scratch[PATH_FRAME_MAX];
	struct path_split	 ps;
	char			 err[IPFRAG_ERRLEN];
	size_t			 mtu = path_mtu(s, dst);
	uint32_t		 sum;

	memset(&ps, 0, sizeof ps);
	ps.s = s;
	ps.dst = dst;
	ps.meta = meta;
	ps.known = known;
	ps.built = built;
	ps.family = dst->family;
	if (n > 14 && (size > 0 || n - 14 > mtu)) {
		if (dst->family == 4) {
			/* A datagram to fragment needs an Identification (RFC 6864). */
			if (frame[18] == 0 && frame[19] == 0) {
				if (++s->ip_id == 0)
					s->ip_id = 1;
				frame[18] = (uint8_t)(s->ip_id >> 8);
				frame[19] = (uint8_t)s->ip_id;
				frame[24] = frame[25] = 0;
				sum = wire_sum(frame + 14,
				    (size_t)(frame[14] & 15) * 4, 0);
				frame[24] = (uint8_t)(wire_fold(sum) >> 8);
				frame[25] = (uint8_t)wire_fold(sum);
			}
			ps.id = (uint32_t)frame[18] << 8 | frame[19];
		} else
			ps.id = ++s->frag6_id;
	}
	if (ipfrag_split(frame, n, 14, mtu, size, ps.id, size > 0, scratch,
	    sizeof scratch, path_split_emit, &ps, err, sizeof err) < 0) {
		bus_text(&s->bus, RUN_ERROR, "send: %s", err);
		s->send_fail++;
	}
}

/* Frame seg as it would go now (the next hop's MAC, or zeros). */
long
path_frame(const struct session *s, const struct seg *seg, uint8_t *buf,
    size_t len, char **cause)
{
	static const uint8_t	zero[6];
	uint8_t			dmac[6];

	if (neigh_lookup(s->nb, &seg->dst, dmac) != 0)
		memcpy(dmac, zero, 6);
	return ((long)craft_seg_frame(seg, s->mac, dmac, buf, len, cause));
}

/* Frame and inject one segment (spoiled on purpose when asked), or queue it. */
static void
path_transmit(struct session *s, const struct seg *seg,
    const struct segmeta *meta, bool corrupt)
{
	static uint8_t	 frame[PATH_FRAME_MAX];
	uint8_t		 dmac[6];
	char		*cause;
	long		 n;
	bool		 known = neigh_lookup(s->nb, &seg->dst, dmac) == 0;

	if ((n = path_frame(s, seg, frame, sizeof frame, &cause)) < 0) {
		bus_text(&s->bus, RUN_ERROR, "craft: %s", cause);
		free(cause);
		return;
	}
	if (corrupt)	/* the last byte: payload or checksum-covered header */
		frame[n - 1] ^= 0x5a;
	path_fragment(s, &seg->dst, frame, (size_t)n, meta,
	    meta != NULL ? meta->frag : 0, known, !corrupt);
}

/* Send a finished frame now, or once next hop dst is resolved. */
void
path_send_frame(struct session *s, const struct addr *dst, uint8_t *frame,
    size_t len, size_t frag)
{
	if (len < 14)
		return;
	path_hold(s);
	path_fragment(s, dst, frame, len, NULL, frag,
	    neigh_lookup(s->nb, dst, frame) == 0, false);
	path_release(s);
}

/* Failures the link reported so far (a command compares before and after). */
unsigned long
path_failures(const struct session *s)
{
	return (s->send_fail);
}

/* Start resolving a (nothing when it is known or being resolved). */
void
path_resolve(struct session *s, const struct addr *a)
{
	uint8_t	mac[6];

	path_hold(s);
	if (neigh_lookup(s->nb, a, mac) != 0)
		path_queue(s, a, NULL, 0, NULL);
	path_release(s);
}

/* Whether a is still being resolved. */
int
path_resolving(const struct session *s, const struct addr *a)
{
	return (arpq_pending(s->arpq, a));
}

/* Send the frames whose next hop is now known. */
static void
path_flush(struct session *s)
{
	struct arpq_frame	*f;
	const struct addr	*a;
	struct addr		 known;
	uint8_t			 mac[6];
	unsigned		 i = 0;

	while ((a = arpq_addr(s->arpq, i)) != NULL) {
		if (neigh_lookup(s->nb, a, mac) != 0) {
			i++;
			continue;
		}
		known = *a;	/* a goes with the entry */
		while ((f = arpq_take(s->arpq, &known)) != NULL) {
			memcpy(f->data, mac, 6);
			path_inject(s, f->data, f->len, &f->meta, false);
			arpq_frame_free(f);
		}
	}
}

/* Hand a segment on: out to the wire, in to the engine. */
static void
path_pass(struct session *s, enum gate_dir dir, const struct seg *seg,
    const struct segmeta *meta, bool corrupt)
{
	const struct seg	*was = s->input;

	if (dir == GATE_OUT) {
		path_transmit(s, seg, meta, corrupt);
		return;
	}
	if (corrupt) {
		bus_text(&s->bus, RUN_NOTE, "fault: inbound segment corrupted: "
		    "dropped as a bad checksum would be");
		return;
	}
	s->input = seg;		/* the cause of the events it brings */
	stack_input(s->st, seg, session_now(s));
	session_pump(s);
	s->input = was;
}

/* Stop or restart the engine's clock as step freeze wants. */
static void
path_freeze(struct session *s)
{
	eclock_freeze(&s->clock, gate_freeze(s->gate) && gate_holding(s->gate),
	    turn_now_us());
}

/* `step freeze on|off`: the engine's clock stops while anything is held. */
void
session_freeze(struct session *s, int on)
{
	gate_set_freeze(s->gate, on);
	path_freeze(s);
}

/* Publish what the gate did and carry out what passes. */
static void
path_gate(struct session *s, struct gate_out *out, size_t n)
{
	struct run_ev	ev;
	size_t		i;

	for (i = 0; i < n; i++) {
		memset(&ev, 0, sizeof ev);
		ev.type = RUN_GATE;
		ev.dir = out[i].dir == GATE_OUT ? RUN_OUT : RUN_IN;
		ev.gate = &out[i];
		bus_publish(&s->bus, &ev);
		if (out[i].act == GATE_HELD)
			path_freeze(s);
		if (out[i].act == GATE_PASS)
			path_pass(s, out[i].dir, out[i].seg, out[i].meta,
			    out[i].corrupt);
	}
	gate_out_done(out, n);
}

/* Route a segment through step mode and the armed faults. */
static void
path_offer(struct session *s, enum gate_dir dir, const struct seg *seg,
    const struct segmeta *meta)
{
	struct gate_out	out[GATE_OUT_MAX];
	size_t		n;

	n = gate_offer(s->gate, dir, seg, meta, turn_now_us(), out);
	path_gate(s, out, n);
}

/* Let held segment #num go. */
int
session_release(struct session *s, unsigned num)
{
	struct gate_out	out[GATE_OUT_MAX];
	size_t		n;

	if ((n = gate_release(s->gate, num, turn_now_us(), out)) == 0)
		return (-1);
	path_hold(s);
	path_freeze(s);
	path_gate(s, out, n);
	path_release(s);
	return (0);
}

/* Drop held segment #num. */
int
session_drop(struct session *s, unsigned num)
{
	struct gate_out	out[GATE_OUT_MAX];
	size_t		n;

	if ((n = gate_drop(s->gate, num, out)) == 0)
		return (-1);
	path_hold(s);
	path_gate(s, out, n);
	path_freeze(s);
	path_release(s);
	return (0);
}

/* Publish data the application side read from conn. */
static void
path_data(struct session *s, unsigned conn, const uint8_t *d, size_t n,
    const struct endpoint *from)
{
	struct run_ev	ev;

	memset(&ev, 0, sizeof ev);
	ev.type = RUN_DATA;
	ev.conn = conn;
	ev.data = d;
	ev.len = n;
	ev.from = from;
	bus_publish(&s->bus, &ev);
}

/* Publish one engine event; read what it says is readable. */
static void
path_event(struct session *s, const struct tcp_event *tev)
{
	struct run_ev	 ev;
	struct endpoint	 from;
	struct timeval	 tv;
	uint8_t		 buf[PATH_READ];
	ssize_t		 m;
	size_t		 n;

	path_tv(&tv);
	memset(&ev, 0, sizeof ev);
	ev.type = RUN_ENGINE;
	ev.ts = &tv;
	ev.tev = tev;
	ev.cause = s->input;
	bus_publish(&s->bus, &ev);
	/* A CLOSED connection waits for no address: stop resolving for it. */
	if (tev->type == TEV_STATE && tev->to == TCP_CLOSED)
		arpq_drop_conn(s->arpq, tev->conn);
	if (tev->type == TEV_DGRAM) {
		while ((m = udp_recvfrom(s->st, tev->conn, buf, sizeof buf,
		    &from)) >= 0)
			path_data(s, tev->conn, buf, (size_t)m, &from);
	} else if (tev->type == TEV_DATA) {
		while ((n = tcp_recv(s->st, tev->conn, buf, sizeof buf,
		    session_now(s))) > 0)
			path_data(s, tev->conn, buf, n, NULL);
	}
}

/* Move everything the engine queued: events to the bus, segments to the gate. */
void
session_pump(struct session *s)
{
	static uint8_t		 buf[65536];
	struct run_ev		 ev;
	struct tcp_event	 tev;
	struct tcp_outinfo	 info;
	struct segmeta		 meta;
	struct seg		 seg;
	int			 busy = 1;

	path_hold(s);
	while (busy) {
		busy = 0;
		/* The engine queues an event before the segment it causes. */
		while (stack_event(s->st, &tev)) {
			path_event(s, &tev);
			busy = 1;
		}
		while (stack_output(s->st, &seg, buf, sizeof buf, &info)) {
			memset(&meta, 0, sizeof meta);
			meta.conn = info.conn;
			meta.cause = info.cause;
			meta.rexmit = info.rexmit;
			if (seg.proto == IPPROTO_UDP_)
				meta.frag = s->frag_next;
			path_offer(s, GATE_OUT, &seg, &meta);
			busy = 1;
		}
	}
	path_release(s);
	memset(&ev, 0, sizeof ev);
	ev.type = RUN_PUMPED;
	bus_publish(&s->bus, &ev);
}

/* Whether a frame is for us: our address, and (with -i) a port we use. */
static int
path_ours(const struct session *s, const struct seg *seg)
{
	const struct addr	*mine = session_addr(s, seg->dst.family);

	if (mine == NULL || !addr_eq(mine, &seg->dst))
		return (0);
	/* With -i the kernel shares our address: ports we do not use are its. */
	return (s->guard == NULL || stack_port_used(s->st, seg->proto,
	    &seg->dst, seg->th.dport));
}

/* Whether a decoded packet is an IP fragment. */
static bool
path_is_frag(const struct pkt *p)
{
	if (p->layers & PKT_IP4)
		return ((p->ip4.frag & (IP4_MF | IP4_OFFMASK)) != 0);
	return ((p->layers & PKT_IP6) && p->ip6.frag);
}

/* Whether a decoded packet is addressed to one of our addresses. */
static bool
path_to_us(const struct session *s, const struct pkt *p)
{
	const struct addr	*mine;
	struct addr		 dst;

	memset(&dst, 0, sizeof dst);
	if (p->layers & PKT_IP4) {
		dst.family = 4;
		memcpy(dst.a, p->ip4.dst, 4);
	} else if (p->layers & PKT_IP6) {
		dst.family = 6;
		memcpy(dst.a, p->ip6.dst, 16);
	} else
		return (false);
	mine = session_addr(s, dst.family);
	return (mine != NULL && addr_eq(mine, &dst));
}

/* Hand a decoded TCP or UDP packet, or an ICMP error, of ours to the gate. */
static void
path_deliver(struct session *s, const struct pkt *p, struct seg *seg)
{
	struct segmeta	meta;
	int		ours;

	if (seg->proto == IPPROTO_TCP_ || seg->proto == IPPROTO_UDP_) {
		if ((seg->proto == IPPROTO_TCP_ ? p->tcp.cksum_ok :
		    p->udp.cksum_ok) == CK_BAD) {
			bus_text(&s->bus, RUN_NOTE, "dropped: bad %s checksum",
			    seg->proto == IPPROTO_TCP_ ? "TCP" : "UDP");
			return;
		}
	} else if (p->icmp.cksum_ok == CK_BAD) {
		bus_text(&s->bus, RUN_NOTE, "dropped: bad ICMP checksum");
		return;
	}
	memset(&meta, 0, sizeof meta);
	if (gate_wants_conn(s->gate, GATE_IN) && seg->proto != IPPROTO_ICMP_ &&
	    seg->proto != IPPROTO_ICMPV6_)
		meta.conn = stack_find(s->st, seg, &ours);
	path_offer(s, GATE_IN, seg, &meta);
}

/*
 * Take a fragment addressed to us (p, decoded from l3, n bytes of IP):
 * a fault may drop it; once the datagram is whole, it goes on like any
 * packet (RFC 791 §3.2, RFC 8200 §4.5).
 */
static void
path_defrag(struct session *s, const struct pkt *p, const uint8_t *l3, size_t n)
{
	struct ipdefrag_result	 r;
	struct pkt		 whole;
	struct seg		 seg;
	const struct tcp_cfg	*c = stack_cfg(s->st);
	int			 v6 = (p->layers & PKT_IP6) != 0;
	uint32_t		 id = v6 ? 0 : p->ip4.id;
	unsigned		 nth;

	if (v6 && n >= 48) {		/* the Identification, for the fault */
		const uint8_t *fh = p->ip6.n_ext > 0 ?
		    p->ip6.ext[p->ip6.n_ext - 1].data : NULL;
		if (fh != NULL && p->ip6.ext[p->ip6.n_ext - 1].type ==
		    IPPROTO_FRAGMENT_ && p->ip6.ext[p->ip6.n_ext - 1].len >= 8)
			id = (uint32_t)fh[4] << 24 | (uint32_t)fh[5] << 16 |
			    (uint32_t)fh[6] << 8 | fh[7];
	}
	if (gate_frag(s->gate, GATE_IN, id, &nth)) {
		bus_note(&s->bus, NOTE_FRAG_DROPPED, "fault: dropped inbound fragment %u "
		    "of datagram id 0x%x: the datagram cannot be reassembled",
		    nth, id);
		return;
	}
	ipdefrag_set_limit(s->defrag[v6], c->frag_mem);	/* `set frag.mem` */
	switch (ipdefrag_input(s->defrag[v6], l3, n, turn_now_us(),
	    v6 ? c->frag6_time : c->frag_time, &r)) {
	case IPDF_WHOLE:
	case IPDF_HELD:
		return;
	case IPDF_DROPPED:
		bus_note(&s->bus, NOTE_FRAG_DROPPED, "dropped: %s (id 0x%x, offset %u)",
		    ipdefrag_drop_name(r.drop), r.id, r.off);
		return;
	case IPDF_DONE:
		break;
	}
	if (wire_decode(&whole, WIRE_DLT_RAW, r.data, r.len, r.len) == 0 &&
	    (seg_from_pkt(&seg, &whole) == 0 || seg_from_icmp(&seg, &whole) ==
	    0) && path_ours(s, &seg)) {
		bus_note(&s->bus, NOTE_REASSEMBLED, "reassembled a %zu-byte IPv%d "
		    "datagram (%s) from %u fragments, id 0x%x", r.len,
		    seg.src.family, seg.proto == IPPROTO_TCP_ ? "TCP" :
		    seg.proto == IPPROTO_UDP_ ? "UDP" : "ICMP", r.nfrags, r.id);
		path_deliver(s, &whole, &seg);
	} else
		bus_note(&s->bus, NOTE_REASSEMBLED, "reassembled %zu bytes from %u "
		    "fragments (id 0x%x): %s", r.len, r.nfrags, r.id,
		    whole.err[0] != '\0' ? whole.err : "not for a socket of ours");
	free(r.data);
}

/* Handle one captured inbound frame. */
static void
path_frame_in(void *arg, const struct cap_frame *f)
{
	struct session	*s = arg;
	struct pkt	 p;
	struct seg	 seg;
	uint8_t		 reply[256];
	size_t		 n;
	int		 rc, ours;

	clock_turn_fresh();	/* each frame reads the clocks once */
	rc = wire_decode(&p, f->dlt, f->data, f->caplen, f->len);
	if (neigh_wants(&p)) {
		n = neigh_input(s->nb, &p, reply, sizeof reply, turn_now_us());
		path_publish_frame(s, RUN_IN, &f->ts, f->data, f->caplen, &p,
		    NULL, NULL);
		if (n > 0)
			path_inject(s, reply, n, NULL, false);
		path_flush(s);
		return;
	}
	if (path_is_frag(&p) && path_to_us(s, &p) && p.l3 != NULL) {
		path_publish_frame(s, RUN_IN, &f->ts, f->data, f->caplen, &p,
		    NULL, NULL);
		path_defrag(s, &p, p.l3, f->caplen - (size_t)(p.l3 - f->data));
		return;
	}
	ours = rc == 0 && (seg_from_pkt(&seg, &p) == 0 ||
	    seg_from_icmp(&seg, &p) == 0) && (seg.proto == IPPROTO_ICMP_ ||
	    seg.proto == IPPROTO_ICMPV6_ ? path_to_us(s, &p) :
	    path_ours(s, &seg));
	path_publish_frame(s, RUN_IN, &f->ts, f->data, f->caplen, &p,
	    ours && seg.proto != IPPROTO_ICMP_ && seg.proto != IPPROTO_ICMPV6_ ?
	    &seg : NULL, NULL);
	if (ours)
		path_deliver(s, &p, &seg);
}

/* Take an Ethernet frame as if the capture saw it now. */
void
path_feed(struct session *s, const uint8_t *frame, size_t len)
{
	struct cap_frame f;

	memset(&f, 0, sizeof f);
	path_tv(&f.ts);
	f.data = frame;
	f.caplen = f.len = len;
	f.dlt = WIRE_DLT_EN10MB;
	path_hold(s);
	path_frame_in(s, &f);
	path_release(s);
}

/* Publish the live capture's counters when they changed. */
static void
path_capstats(struct session *s, uint64_t now)
{
	struct run_ev	ev;
	unsigned long	recv, drop;

	if (now < s->cap_next || s->cap == NULL)
		return;
	s->cap_next = now + PATH_STATS_EVERY;
	if (cap_stats(s->cap, &recv, &drop) != 0 ||
	    (recv == s->cap_recv && drop == s->cap_drop))
		return;
	s->cap_recv = recv;
	s->cap_drop = drop;
	memset(&ev, 0, sizeof ev);
	ev.type = RUN_CAPSTATS;
	ev.recv = recv;
	ev.drop = drop;
	bus_publish(&s->bus, &ev);
}

/*
 * Read and handle every captured frame that is ready.  What the frames
 * make us send goes together when they are handled; the kernel at the
 * other end of a veth answers it at once, so the answers are read too
 * (as when each frame left by itself in the middle of the batch), up to
 * PATH_CAPTURE_MAX frames.  With async, what they make us send may go
 * from the transmit thread, and the answers come later.
 */
static void
path_capture_run(struct session *s, bool async)
{
	struct inj_stats before, after;
	char		*cause = NULL;
	size_t		 sent;
	int		 n, total = 0;

	if (s->cap == NULL)
		return;		/* offline */
	async = async && s->inj != NULL;
	if (async) {
		inj_stats(s->inj, &before);
		inj_async(s->inj, 1);
	}
	do {
		path_hold(s);
		if ((n = cap_dispatch(s->cap, path_frame_in, s, &cause)) < 0) {
			bus_text(&s->bus, RUN_ERROR, "capture: %s", cause);
			free(cause);
			cause = NULL;
		}
		sent = s->inj != NULL ? inj_queued(s->inj) : 0;
		path_release(s);
		total += n > 0 ? n : 0;
	} while (n > 0 && sent > 0 && total < PATH_CAPTURE_MAX);
	if (async) {
		inj_async(s->inj, 0);
		inj_stats(s->inj, &after);
		if (after.handed != before.handed)
			s->out_async = true;
	}
	path_capstats(s, turn_now_us());
}

/* Read and handle every captured frame that is ready. */
void
path_capture(struct session *s)
{
	path_capture_run(s, true);
}

/* Wait for the frames the transmit thread still has. */
void
path_settle(struct session *s)
{
	if (s->inj != NULL)
		(void)inj_settle(s->inj, path_inj_fail, s);
}

/*
 * Settle, then read the answers a veth peer gave the thread's last
 * frames, as path_capture() read them when it sent them itself: the end
 * of a session shows them.
 */
void
path_drain(struct session *s)
{
	if (s->inj == NULL || !s->out_async)
		return;
	path_settle(s);
	s->out_async = false;
	path_capture_run(s, false);
}

/* Whether the transmit thread still has frames (no wait). */
int
path_leaving(struct session *s)
{
	return (s->inj != NULL && inj_pending(s->inj, path_inj_fail, s));
}

/*
 * A datagram whose fragments did not all come in time: say so, and when
 * its first fragment came, tell the sender with ICMP Time Exceeded,
 * "fragment reassembly time exceeded" (RFC 792, RFC 1122 §3.3.2 SHOULD;
 * RFC 4443 §3.3, RFC 8200 §4.5).
 */
static void
path_defrag_expired(struct session *s, const struct ipdefrag_expired *x)
{
	struct segmeta	meta;
	struct seg	icmp;
	char		a[64];

	addr_fmt(&x->src, a, sizeof a);
	if (x->dead) {
		bus_text(&s->bus, RUN_NOTE, "discarded datagram id 0x%x from "
		    "%s forgotten after %.1f s", x->id, a,
		    (double)x->age / 1e6);
		return;
	}
	if (x->total != 0)
		bus_note(&s->bus, NOTE_FRAG_TIMEOUT, "reassembly of datagram id 0x%x from "
		    "%s timed out after %.1f s: %u fragment%s, %zu of %zu bytes",
		    x->id, a, (double)x->age / 1e6, x->nfrags, x->nfrags == 1 ?
		    "" : "s", x->have, x->total);
	else
		bus_note(&s->bus, NOTE_FRAG_TIMEOUT, "reassembly of datagram id 0x%x from "
		    "%s timed out after %.1f s: %u fragment%s, %zu bytes, the "
		    "last never came", x->id, a, (double)x->age / 1e6,
		    x->nfrags, x->nfrags == 1 ? "" : "s", x->have);
	if (x->quote_len == 0 || session_addr(s, x->dst.family) == NULL)
		return;
	memset(&icmp, 0, sizeof icmp);
	icmp.proto = x->src.family == 4 ? IPPROTO_ICMP_ : IPPROTO_ICMPV6_;
	icmp.icmp_type = x->src.family == 4 ? 11 : 3;
	icmp.icmp_code = 1;
	icmp.src = x->dst;
	icmp.dst = x->src;
	icmp.data = x->quote;
	icmp.len = x->quote_len;
	memset(&meta, 0, sizeof meta);
	path_offer(s, GATE_OUT, &icmp, &meta);
}

/* Run what is due: engine timers, delayed segments, ARP repeats. */
void
path_timers(struct session *s)
{
	struct gate_out	 out[GATE_OUT_MAX];
	struct ipdefrag_expired x;
	struct run_ev	 ev;
	struct addr	 a;
	enum arpq_todo	 todo;
	unsigned	 dropped;
	size_t		 n;
	int		 i;

	path_hold(s);
	for (i = 0; i < 2; i++)
		while (ipdefrag_expire(s->defrag[i], turn_now_us(), &x))
			path_defrag_expired(s, &x);
	if (s->clock.frozen_at == 0) {
		stack_tick(s->st, session_now(s));
		session_pump(s);
	}
	while ((n = gate_tick(s->gate, turn_now_us(), out)) > 0)
		path_gate(s, out, n);
	while ((todo = arpq_due(s->arpq, turn_now_us(), &a, &dropped)) !=
	    ARPQ_NOTHING) {
		if (todo == ARPQ_ASK) {
			path_ask(s, &a);
			continue;
		}
		memset(&ev, 0, sizeof ev);
		ev.type = RUN_NEIGH;
		ev.neigh = NEIGH_GAVE_UP;
		ev.addr = &a;
		ev.count = dropped;
		bus_publish(&s->bus, &ev);
	}
	path_release(s);
}

/* The earliest monotonic time path_timers() has work, or UINT64_MAX. */
uint64_t
path_deadline(const struct session *s)
{
	uint64_t	d = UINT64_MAX, e;

	if (s->clock.frozen_at == 0 &&
	    (e = stack_deadline(s->st)) != TCP_NEVER)
		d = eclock_to_mono(&s->clock, e);
	if ((e = gate_deadline(s->gate)) < d)
		d = e;
	if ((e = arpq_deadline(s->arpq)) < d)
		d = e;
	if ((e = ipdefrag_deadline(s->defrag[0])) < d)
		d = e;
	if ((e = ipdefrag_deadline(s->defrag[1])) < d)
		d = e;
	return (d);
}
