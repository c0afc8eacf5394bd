/*
 * core/udp.c - UDP (RFC 768) in the stack: bind, send and receive
 * datagrams, and ICMP port unreachable for datagrams to closed ports
 * (RFC 1122 §4.1.3.1, RFC 792 / RFC 4443 §3.1, settable as udp_unreach).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/tcp-int.h"
#include "core/xmalloc.h"

#define UDP_QUEUE_MAX	256	/* datagrams held per socket before dropping */
#define QUOTE_MAX4	548	/* RFC 1812 §4.3.2.3: fit in 576 bytes */
#define QUOTE_MAX6	1232	/* RFC 4443 §2.4(c): fit in the minimum MTU */

/* The socket with id, or NULL. */
static struct udp_sock *
udp_find(const struct stack *st, unsigned id)
{
	struct udp_sock	*u;

	for (u = st->udps; u != NULL; u = u->next)
		if (u->id == id)
			return (u);
	return (NULL);
}

/* Whether some socket is bound to local. */
static struct udp_sock *
udp_bound(const struct stack *st, const struct addr *a, uint16_t port)
{
	struct udp_sock	*u;

	for (u = st->udps; u != NULL; u = u->next)
		if (u->local.port == port && addr_eq(&u->local.addr, a))
			return (u);
	return (NULL);
}

/* Bind a UDP socket to local (port 0: ephemeral); its id, or 0 with err. */
unsigned
udp_bind(struct stack *st, const struct endpoint *local, char *err,
    size_t errlen)
{
	struct udp_sock	*u;
	struct endpoint	 l = *local;
	uint32_t	 n = (uint32_t)st->cfg.port_hi - st->cfg.port_lo + 1, i;

	if (l.port == 0) {
		for (i = 0; i < n; i++) {
			l.port = (uint16_t)(st->cfg.port_lo +
			    (st->next_id * 7919 + i) % n);
			if (udp_bound(st, &l.addr, l.port) == NULL)
				break;
		}
		if (i == n) {
			snprintf(err, errlen, "no free ephemeral UDP port");
			return (0);
		}
	} else if (udp_bound(st, &l.addr, l.port) != NULL) {
		snprintf(err, errlen, "UDP port already bound");
		return (0);
	}
	u = xcalloc(1, sizeof *u);
	u->id = st->next_id++;
	u->local = l;
	u->next = st->udps;
	st->udps = u;
	return (u->id);
}

/* Close UDP socket id, dropping what it holds. */
void
udp_close(struct stack *st, unsigned id)
{
	struct udp_sock	**pp, *u;
	struct dgram	 *d;

	for (pp = &st->udps; (u = *pp) != NULL; pp = &u->next) {
		if (u->id != id)
			continue;
		*pp = u->next;
		while ((d = u->head) != NULL) {
			u->head = d->next;
			free(d);
		}
		free(u);
		return;
	}
}

/* Whether id names a UDP socket. */
int
udp_is_socket(const struct stack *st, unsigned id)
{
	return (udp_find(st, id) != NULL);
}

/* The local endpoint of UDP socket id; 0, or -1 when there is none. */
int
udp_local(const struct stack *st, unsigned id, struct endpoint *out)
{
	struct udp_sock	*u = udp_find(st, id);

	if (u == NULL)
		return (-1);
	*out = u->local;
	return (0);
}

/* Send a datagram of len bytes from socket id to remote; 0, or -1 with err. */
int
udp_sendto(struct stack *st, unsigned id, const struct endpoint *remote,
    const void *buf, size_t len, char *err, size_t errlen)
{
	struct udp_sock	*u = udp_find(st, id);
	struct seg	 s;

	if (u == NULL) {
		snprintf(err, errlen, "no such UDP socket");
		return (-1);
	}
	if (remote->addr.family != u->local.addr.family) {
		snprintf(err, errlen, "address family differs from the "
		    "socket's");
		return (-1);
	}
	if (len > 65507) {
		snprintf(err, errlen, "datagram longer than 65507 bytes");
		return (-1);
	}
	memset(&s, 0, sizeof s);
	s.proto = IPPROTO_UDP_;
	s.src = u->local.addr;
	s.dst = remote->addr;
	s.th.sport = u->local.port;
	s.th.dport = remote->port;
	s.data = buf;
	s.len = len;
	stack_queue(st, &s, u->id, TCP_CAUSE_DATAGRAM, false);
	return (0);
}

/* Take the oldest datagram of socket id into buf; its length, or -1 when none. */
ssize_t
udp_recvfrom(struct stack *st, unsigned id, void *buf, size_t cap,
    struct endpoint *from)
{
	struct udp_sock	*u = udp_find(st, id);
	struct dgram	*d;
	size_t		 n;

	if (u == NULL || (d = u->head) == NULL)
		return (-1);
	if ((u->head = d->next) == NULL)
		u->tail = NULL;
	u->queued--;
	n = d->len < cap ? d->len : cap;
	memcpy(buf, d->data, n);
	if (from != NULL)
		*from = d->from;
	free(d);
	return ((ssize_t)n);
}

/* Answer a datagram to a closed port with ICMP port unreachable quoting it. */
static void
udp_unreachable(struct stack *st, const struct seg *s)
{
	struct seg	 q, icmp;
	struct pkt	 p;
	uint8_t		 quote[QUOTE_MAX6 + 64];
	char		 err[WIRE_ERRLEN];
	size_t		 max = s->src.family == 4 ? QUOTE_MAX4 : QUOTE_MAX6;
	ssize_t		 n;

	/* The offending datagram as it was sent: rebuild it to quote it. */
	q = *s;
	seg_to_pkt(&q, &p, NULL, NULL);
	if ((n = wire_build(&p, 0, quote, sizeof quote, err, sizeof err)) < 0)
		return;
	memset(&icmp, 0, sizeof icmp);
	icmp.proto = s->src.family == 4 ? IPPROTO_ICMP_ : IPPROTO_ICMPV6_;
	icmp.icmp_type = s->src.family == 4 ? 3 : 1;	/* destination unreachable */
	icmp.icmp_code = s->src.family == 4 ? 3 : 4;	/* port unreachable */
	icmp.src = s->dst;
	icmp.dst = s->src;
	icmp.data = quote;
	icmp.len = (size_t)n < max ? (size_t)n : max;
	stack_queue(st, &icmp, 0, TCP_CAUSE_CLOSED_PORT, false);
	stack_emit(st, TEV_NOTE, NULL, 0, TCP_CAUSE_CLOSED_PORT,
	    "RFC 1122 §4.1.3.1", "UDP to closed port %u: ICMP port "
	    "unreachable sent (RFC 1122 §4.1.3.1)", s->th.dport);
}

/* A datagram arrived for one of our addresses: queue it, or refuse it. */
void
udp_input(struct stack *st, const struct seg *s, uint64_t now)
{
	struct udp_sock	*u = udp_bound(st, &s->dst, s->th.dport);
	struct dgram	*d;

	(void)now;
	if (u == NULL) {
		if (st->cfg.udp_unreach)
			udp_unreachable(st, s);
		else
			stack_emit(st, TEV_DISCARD, NULL, s->len,
			    TCP_CAUSE_CLOSED_PORT, NULL, "UDP to closed port "
			    "%u dropped (udp_unreach off)", s->th.dport);
		return;
	}
	if (u->queued >= UDP_QUEUE_MAX) {
		stack_emit(st, TEV_DISCARD, NULL, s->len,
		    TCP_CAUSE_UDP_QUEUE_FULL, NULL, "receive queue full, "
		    "datagram dropped")->conn = u->id;
		return;
	}
	d = xmalloc(sizeof *d + s->len);
	d->next = NULL;
	d->len = s->len;
	d->from.addr = s->src;
	d->from.port = s->th.sport;
	memcpy(d->data, s->data, s->len);
	if (u->tail != NULL)
		u->tail->next = d;
	else
		u->head = d;
	u->tail = d;
	u->queued++;
	stack_emit(st, TEV_DGRAM, NULL, s->len, TCP_CAUSE_DATAGRAM, "RFC 768",
	    "%zu-byte datagram", s->len)->conn = u->id;
}

/* The first UDP socket id after `after` (0 starts), or 0 at the end. */
unsigned
udp_next(const struct stack *st, unsigned after)
{
	const struct udp_sock	*u;
	unsigned		 best = 0;

	for (u = st->udps; u != NULL; u = u->next)
		if (u->id > after && (best == 0 || u->id < best))
			best = u->id;
	return (best);
}

/* Free every UDP socket of st. */
void
udp_free_all(struct stack *st)
{
	while (st->udps != NULL)
		udp_close(st, st->udps->id);
}
