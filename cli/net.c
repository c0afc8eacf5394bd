/*
 * cli/net.c - the session's data road: captured frames are decoded and fed
 * to ARP/ND or the engine; the engine's segments wait for their next hop's
 * MAC if needed, are framed, injected and printed; engine events become
 * lines for the user.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>

#include "capture/cap.h"
#include "capture/neigh.h"
#include "cli/colour.h"
#include "cli/print/print.h"
#include "cli/session.h"
#include "core/xmalloc.h"
#include "craft/inject.h"

#define ARP_FIRST	(250 * TCP_MS)	/* first repeat of an unanswered request */
#define ARP_RETRY	(1 * TCP_SEC)	/* later repeats (RFC 4861 RETRANS_TIMER) */
#define ARP_GIVEUP	(3 * TCP_SEC)	/* drop segments held longer than this */

static void net_transmit(struct session *, const struct seg *, bool);
static void net_show(struct session *, char, const struct timeval *,
    const struct pkt *);
static int net_is_rexmit(struct session *, const struct pkt *);

/* Monotonic time in microseconds. */
uint64_t
now_us(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ((uint64_t)ts.tv_sec * TCP_SEC + (uint64_t)ts.tv_nsec / 1000);
}

/* The engine's time: real time less the time `step freeze` stopped it. */
uint64_t
session_now(const struct session *s)
{
	return (hold_now(&s->hold));
}

/* Our address of the family of a, or NULL if we have none. */
const struct addr *
session_addr(const struct session *s, int family)
{
	if (family == 4)
		return (s->have4 ? &s->my4 : NULL);
	return (s->have6 ? &s->my6 : NULL);
}

/*
 * A TCP segment in packetdrill notation, numbers relative to its
 * connection's ISNs: "10.0.0.1:40000 > 10.0.0.2:7 S 0:0(0) win 65535 <...>".
 */
static void
net_notation(struct session *s, const struct pkt *p, char *buf, size_t len)
{
	struct seg		seg;
	struct tcp_status	ts;
	uint32_t		sb = 0, ab = 0;
	unsigned		id;
	int			ours;
	char			a[64], b[64];
	size_t			n;

	seg_from_pkt(&seg, p);
	if ((id = stack_find(s->st, &seg, &ours)) != 0 &&
	    tcp_status(s->st, id, &ts) == 0) {
		sb = ours ? ts.iss : ts.irs;
		ab = ours ? ts.irs : ts.iss;
		/* The peer's SYN is printed before the engine learns its ISN. */
		if (!ours && (seg.th.flags & TH_SYN))
			sb = seg.th.seq;
	}
	n = (size_t)snprintf(buf, len, "%s%s%s:%u > %s%s%s:%u ",
	    seg.src.family == 6 ? "[" : "", addr_fmt(&seg.src, a, sizeof a),
	    seg.src.family == 6 ? "]" : "", seg.th.sport,
	    seg.dst.family == 6 ? "[" : "", addr_fmt(&seg.dst, b, sizeof b),
	    seg.dst.family == 6 ? "]" : "", seg.th.dport);
	if (n < len)
		pdn_format(&seg, sb, ab, 0, buf + n, len - n);
}

/* Whether outbound p is the segment the engine just said it resends. */
static int
net_is_rexmit(struct session *s, const struct pkt *p)
{
	struct seg	seg;
	int		ours;

	if (!colour_on() || !(p->layers & PKT_TCP) ||
	    seg_from_pkt(&seg, p) != 0)
		return (0);
	return (colour_take_rexmit(stack_find(s->st, &seg, &ours)));
}

/* Print one packet line: direction marker, timestamp, tcpdump-style text. */
static void
net_show(struct session *s, char dir, const struct timeval *tv,
    const struct pkt *p)
{
	char		 ts[PRINT_TS_MAX], line[PRINT_LINE_MAX];
	const char	*c;

	if (s->o->quiet)
		return;
	print_ts(tv, ts, sizeof ts);
	if (s->notation && (p->layers & PKT_TCP) && p->err[0] == '\0') {
		/* Keep tcpdump's relative numbering in step for later lines. */
		print_pkt(s->pr, p, line, sizeof line);
		net_notation(s, p, line, sizeof line);
	} else
		print_pkt(s->pr, p, line, sizeof line);
	c = colour_pkt(p, dir == '>' && net_is_rexmit(s, p));
	say(s, "%s%c %s %s%s", c, dir, ts, line, colour_end(c));
}

/* Send a complete frame and print it as sent. */
static void
net_send_frame(struct session *s, const uint8_t *frame, size_t len)
{
	struct pkt	 p;
	struct seg	 seg;
	struct timeval	 tv;
	char		*cause = NULL;

	gettimeofday(&tv, NULL);	/* before: a reply can be captured in inj_send */
	if (inj_send(s->inj, frame, len, &cause) != 0) {
		say_err(s, "%s", cause);
		free(cause);
		return;
	}
	session_record(s, &tv, frame, len);
	wire_decode(&p, WIRE_DLT_EN10MB, frame, len, len);
	net_show(s, '>', &tv, &p);
	if (seg_from_pkt(&seg, &p) == 0)
		session_observe(s, 1, &seg);
}

/* Send a finished frame (crafted by the user): inject, record, print. */
void
net_send_raw(struct session *s, const uint8_t *frame, size_t len)
{
	net_send_frame(s, frame, len);
}

/* Ask who has a (ARP request or neighbour solicitation). */
static void
net_resolve(struct session *s, const struct addr *a)
{
	uint8_t	frame[256];
	size_t	n;

	if ((n = neigh_request(s->nb, a, frame, sizeof frame)) > 0)
		net_send_frame(s, frame, n);
}

/* Frame and inject a segment (corrupted on purpose when asked), or hold it for ARP. */
void
net_send_seg(struct session *s, const struct seg *seg, bool corrupt)
{
	net_transmit(s, seg, corrupt);
}

/* Show a held segment as a numbered line, as it would go on the wire. */
void
net_show_seg(struct session *s, char dir, unsigned num, const struct seg *seg)
{
	static const uint8_t	 zero[6];
	uint8_t			 frame[65536 + 128], dmac[6];
	char			 err[WIRE_ERRLEN], line[PRINT_LINE_MAX];
	struct pkt		 p;
	ssize_t			 n;

	if (neigh_lookup(s->nb, &seg->dst, dmac) != 0)
		memcpy(dmac, zero, 6);
	n = craft_seg_frame(seg, s->mac, dmac, frame, sizeof frame, err);
	if (n < 0) {
		say(s, "%c #%u held (cannot be framed: %s)", dir, num, err);
		return;
	}
	wire_decode(&p, WIRE_DLT_EN10MB, frame, (size_t)n, (size_t)n);
	print_pkt(s->pr, &p, line, sizeof line);
	say(s, "%c #%u held: %s  (step, edit, drop)", dir, num, line);
}

struct resolve {
	const struct addr	*a;
	uint8_t			*mac;
};

/* Whether the MAC address being resolved is known now. */
static int
resolve_done(struct session *s, void *arg)
{
	struct resolve	*r = arg;

	return (neigh_lookup(s->nb, r->a, r->mac) == 0);
}

/* Find a's MAC address now, asking up to three times; 0, or -1. */
int
session_resolve(struct session *s, const struct addr *a, uint8_t mac[6])
{
	struct resolve	r = { a, mac };
	int		i;

	for (i = 0; i < 3; i++) {
		net_resolve(s, a);
		if (loop_until(s, resolve_done, &r, now_us() +
		    (i == 0 ? ARP_FIRST : ARP_RETRY)) == 1)
			return (0);
	}
	return (-1);
}

/* Frame and inject one segment, or hold it until its next hop is known. */
static void
net_transmit(struct session *s, const struct seg *seg, bool corrupt)
{
	uint8_t		 frame[65536 + 128], dmac[6];
	char		 err[WIRE_ERRLEN];
	ssize_t		 n;
	struct pending	*p, **pp;

	if (neigh_lookup(s->nb, &seg->dst, dmac) != 0) {
		int first = s->pend == NULL;
		p = xcalloc(1, sizeof *p);
		p->seg = *seg;
		if (seg->len > 0) {
			p->data = xmalloc(seg->len);
			memcpy(p->data, seg->data, seg->len);
		}
		p->seg.data = p->data;
		p->since = now_us();
		p->corrupt = corrupt;
		for (pp = &s->pend; *pp != NULL; pp = &(*pp)->next)
			;
		*pp = p;
		if (first) {
			net_resolve(s, &seg->dst);
			s->arp_next = now_us() + ARP_FIRST;
		}
		return;
	}
	n = craft_seg_frame(seg, s->mac, dmac, frame, sizeof frame, err);
	if (n < 0) {
		say_err(s, "craft: %s", err);
		return;
	}
	if (corrupt)
		frame[n - 1] ^= 0x5a;	/* the last byte: payload or checksum-covered header */
	net_send_frame(s, frame, (size_t)n);
}

/* Send the held segments whose next hop is now known; expire old ones. */
static void
net_flush_pending(struct session *s)
{
	struct pending	*p, **pp = &s->pend;
	uint8_t		 mac[6];
	uint64_t	 now = now_us();
	char		 a[64];

	while ((p = *pp) != NULL) {
		if (neigh_lookup(s->nb, &p->seg.dst, mac) == 0) {
			*pp = p->next;
			net_transmit(s, &p->seg, p->corrupt);
		} else if (now - p->since >= ARP_GIVEUP) {
			*pp = p->next;
			say_err(s, "%s: no ARP/ND answer after %llu s: "
			    "segment not sent (is the peer reachable?)",
			    addr_fmt(&p->seg.dst, a, sizeof a),
			    (unsigned long long)(ARP_GIVEUP / TCP_SEC));
		} else {
			pp = &p->next;
			continue;
		}
		free(p->data);
		free(p);
	}
	if (s->pend == NULL)
		s->arp_next = TCP_NEVER;
}

/*
 * Connection id was taken from an accept queue: make it current, say so,
 * and say when it is CLOSED already (reset while it waited, as Linux
 * accept() can return too; the engine's note and error say why).
 */
void
session_accepted(struct session *s, unsigned id)
{
	struct tcp_status	ts;
	char			ra[64];

	if (tcp_status(s->st, id, &ts) != 0)
		return;
	s->cur = id;
	s->accepted++;
	session_view(s, id);
	say(s, "* c%u: accepted from %s.%u (listener c%u)%s; now current",
	    id, addr_fmt(&ts.remote.addr, ra, sizeof ra), ts.remote.port,
	    ts.listener, ts.state == TCP_CLOSED ? ", already CLOSED" : "");
}

/* A connection reached ESTABLISHED: accept it if its listener auto-accepts. */
static void
net_autoaccept(struct session *s, unsigned conn)
{
	struct tcp_status	 ts;
	struct view		*l;
	unsigned		 id;

	if (tcp_status(s->st, conn, &ts) != 0 || ts.listener == 0)
		return;
	l = session_view(s, ts.listener);
	if (!l->autoaccept)
		return;
	while ((id = tcp_accept(s->st, ts.listener)) != 0)
		session_accepted(s, id);
}

/* Tell the user about one engine event; collect received data. */
static void
net_event(struct session *s, const struct tcp_event *ev)
{
	struct view	*v;
	uint8_t		 buf[4096];
	size_t		 n;
	const char	*c;
	char		 id[16];

	events_count(s, ev);
	session_id(s, ev->conn, id, sizeof id);
	switch (ev->type) {
	case TEV_STATE:
		c = colour_state();
		say(s, "%s* %s: %s -> %s (%s)%s", c, id,
		    tcp_state_name(ev->from), tcp_state_name(ev->to), ev->why,
		    colour_end(c));
		session_view(s, ev->conn)->visited |= 1U << ev->to;
		session_diagram_state(s, ev->conn, ev->to, ev->why);
		if (ev->to == TCP_ESTABLISHED)
			net_autoaccept(s, ev->conn);
		break;
	case TEV_DISCARD:
		if (ev->conn)
			say(s, "* %s: %s", id, ev->why);
		else
			say(s, "* %s", ev->why);
		break;
	case TEV_ERROR:
		say(s, "* %s: error: %s", id, ev->why);
		break;
	case TEV_NOTE:
		c = "";
		if (ev->conn && colour_is_rexmit_note(ev->why)) {
			colour_mark_rexmit(ev->conn);	/* the resend follows */
			session_diagram_rexmit(s, ev->conn, ev->why);
			c = colour_rexmit();
		}
		if (ev->conn)
			say(s, "%s* %s: %s%s", c, id, ev->why, colour_end(c));
		else
			say(s, "* %s", ev->why);
		break;
	case TEV_DGRAM:
		v = session_view(s, ev->conn);
		{
			struct endpoint from;
			ssize_t m;
			char a[64];
			while ((m = udp_recvfrom(s->st, ev->conn, buf,
			    sizeof buf, &from)) >= 0) {
				bytes_append(&v->rx, buf, (size_t)m);
				if (!s->o->quiet) {
					char label[96];
					snprintf(label, sizeof label,
					    "%s from %s.%u", id,
					    addr_fmt(&from.addr, a, sizeof a),
					    from.port);
					say_data(s, label, buf, (size_t)m);
				}
			}
		}
		break;
	case TEV_DATA:
		v = session_view(s, ev->conn);
		while ((n = tcp_recv(s->st, ev->conn, buf, sizeof buf,
		    session_now(s))) > 0) {
			bytes_append(&v->rx, buf, n);
			if (!s->o->quiet)
				say_data(s, id, buf, n);
		}
		break;
	}
}

/* Move everything the engine has queued: segments out, events to the user. */
void
session_pump(struct session *s)
{
	struct seg		 seg;
	struct tcp_event	 ev;
	static uint8_t		 buf[65536];
	int			 busy = 1;

	while (busy) {
		busy = 0;
		/* The engine queues an event before the segment it causes. */
		while (stack_event(s->st, &ev)) {
			net_event(s, &ev);
			busy = 1;
		}
		while (stack_output(s->st, &seg, buf, sizeof buf)) {
			hold_route(s, HOLD_OUT, &seg);
			busy = 1;
		}
	}
	session_diagram_flush(s);
}

/*
 * Whether p is the kernels' own IPv6 chatter, not about our addresses:
 * router and multicast listener messages, duplicate address probes.
 */
static int
net_chatter(const struct session *s, const struct pkt *p)
{
	if (!(p->layers & PKT_ICMP6))
		return (0);
	switch (p->icmp.type) {
	case 130: case 131: case 132: case 133: case 134: case 143:
		return (1);
	case 135: case 136:	/* NS/NA: chatter unless it involves our address */
		if (!s->have6)
			return (1);
		if (memcmp(p->ip6.dst, s->my6.a, 16) == 0 ||
		    memcmp(p->ip6.src, s->my6.a, 16) == 0)
			return (0);
		return (p->icmp.body == NULL || p->icmp.body_len < 16 ||
		    memcmp(p->icmp.body, s->my6.a, 16) != 0);
	}
	return (0);
}

/* Handle one captured inbound frame. */
static void
net_frame(void *arg, const struct cap_frame *f)
{
	struct session	*s = arg;
	struct pkt	 p;
	struct seg	 seg;
	uint8_t		 reply[256];
	size_t		 n;
	int		 rc;

	session_record(s, &f->ts, f->data, f->caplen);
	rc = wire_decode(&p, f->dlt, f->data, f->caplen, f->len);
	if (p.layers & (PKT_ARP | PKT_ICMP6)) {
		n = neigh_input(s->nb, &p, reply, sizeof reply, now_us());
		if (s->o->verbose || !net_chatter(s, &p))
			net_show(s, '<', &f->ts, &p);
		if (n > 0)
			net_send_frame(s, reply, n);
		net_flush_pending(s);
		return;
	}
	net_show(s, '<', &f->ts, &p);
	if (rc != 0 || seg_from_pkt(&seg, &p) != 0)
		return;
	if (session_addr(s, seg.dst.family) == NULL ||
	    !addr_eq(session_addr(s, seg.dst.family), &seg.dst))
		return;
	/* With -i the kernel shares our address: ports we do not use are its. */
	if (s->guard != NULL && !stack_port_used(s->st, seg.proto, &seg.dst,
	    seg.th.dport))
		return;
	session_observe(s, 0, &seg);
	if ((seg.proto == IPPROTO_TCP_ ? p.tcp.cksum_ok : p.udp.cksum_ok) ==
	    CK_BAD) {
		say(s, "* dropped: bad %s checksum", seg.proto == IPPROTO_TCP_ ?
		    "TCP" : "UDP");
		return;
	}
	hold_route(s, HOLD_IN, &seg);
}

/* Read every captured frame that is ready. */
void
session_capture(struct session *s)
{
	char	*cause = NULL;

	if (cap_dispatch(s->cap, net_frame, s, &cause) < 0) {
		say_err(s, "capture: %s", cause);
		free(cause);
	}
}

/* Run the engine timers that are due, delayed segments, and ARP retries. */
void
session_timers(struct session *s)
{
	uint64_t	now = now_us();

	if (s->hold.frozen_at == 0) {
		stack_tick(s->st, session_now(s));
		session_pump(s);
	}
	hold_timers(s);
	if (s->pend != NULL && now >= s->arp_next) {
		net_resolve(s, &s->pend->seg.dst);
		s->arp_next = now + ARP_RETRY;
		net_flush_pending(s);
	}
}

/* The earliest real time the loop must wake for the engine, faults or ARP. */
uint64_t
session_deadline(const struct session *s)
{
	uint64_t	d = TCP_NEVER, e;

	/* The engine's clock runs behind by the time spent frozen. */
	if (s->hold.frozen_at == 0 &&
	    (e = stack_deadline(s->st)) != TCP_NEVER)
		d = e + s->hold.frozen_total;
	if ((e = hold_deadline(s)) < d)
		d = e;
	if (s->pend != NULL && s->arp_next < d)
		d = s->arp_next;
	return (d);
}
