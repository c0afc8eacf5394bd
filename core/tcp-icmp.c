/*
 * core/tcp-icmp.c - ICMP errors about what we sent (RFC 9293 §3.9.2.2,
 * MUST-54..56): the quoted sequence number is checked (RFC 5927 §4.1);
 * "fragmentation needed" and "packet too big" lower the path MTU and the
 * segment size (RFC 1191 §6, RFC 8201 §4-5); a hard error (protocol or
 * port unreachable) refuses an open that has not completed (SHLD-26), as
 * Linux reports it; every other error, and a hard one once synchronized
 * (RFC 5461 §4), is soft: it never aborts (MUST-56) and is kept to explain
 * a later timeout (MUST-47); source quench is ignored (MUST-55, RFC 6633).
 */
#include <stdio.h>
#include <string.h>

#include "core/tcp-int.h"

#define PMTU_MIN4	552	/* Linux's min_pmtu: a smaller report is raised to it */
#define PMTU_MIN6	1280	/* RFC 8200 §5: every IPv6 link carries 1280 */

/* What an ICMP error is, in words ("port unreachable"), and whether it is hard. */
static const char *
icmp_what(const struct seg *s, bool *hard)
{
	static const char *const un4[16] = { "net unreachable",
	    "host unreachable", "protocol unreachable", "port unreachable",
	    "fragmentation needed", "source route failed",
	    "destination net unknown", "destination host unknown",
	    "source host isolated", "net administratively prohibited",
	    "host administratively prohibited", "net unreachable for TOS",
	    "host unreachable for TOS",
	    "communication administratively prohibited",
	    "host precedence violation", "precedence cutoff" };
	static const char *const un6[8] = { "no route to destination",
	    "communication administratively prohibited",
	    "beyond scope of source address",
	    "address unreachable", "port unreachable",
	    "source address failed policy", "reject route to destination",
	    "error in source routing header" };

	*hard = false;
	if (s->proto == IPPROTO_ICMP_) {
		switch (s->icmp_type) {
		case 3:
			/* §3.9.2.2: codes 2-4 are hard (4 is PMTU's). */
			*hard = s->icmp_code == 2 || s->icmp_code == 3;
			return (s->icmp_code < 16 ? un4[s->icmp_code] :
			    "destination unreachable");
		case 4:
			return ("source quench");
		case 11:
			return ("time exceeded");
		default:
			return ("parameter problem");
		}
	}
	switch (s->icmp_type) {
	case 1:
		*hard = s->icmp_code == 4;
		return (s->icmp_code < 8 ? un6[s->icmp_code] :
		    "destination unreachable");
	case 2:
		return ("packet too big");
	case 3:
		return ("time exceeded");
	default:
		return ("parameter problem");
	}
}

/*
 * Set SND.MSS from the peer's MSS and the path MTU (the link's, or a
 * smaller one ICMP taught, while it holds): RFC 9293 §3.7.1, RFC 1191 §3.
 */
void
tcp_sync_mss(struct stack *st, struct tcb *t, uint64_t now)
{
	uint16_t	mtu = stack_path_mtu(st, &t->remote.addr, now);
	uint16_t	hdr = t->local.addr.family == 4 ? 40 : 60;
	uint16_t	ours = tcp_our_mss(t->cfg, t->local.addr.family);
	uint16_t	mss;

	if (mtu < t->cfg->mtu && mtu - hdr < ours)
		ours = (uint16_t)(mtu - hdr);
	mss = t->peer_mss < ours ? t->peer_mss : ours;
	/*
	 * A floor, as Linux's TCP_MIN_SND_MSS: a peer announcing MSS 1 or 12
	 * must not make us send 1-byte segments, nor wrap the size below
	 * when the options are taken off (CVE-2019-11479).
	 */
	if (mss < TCP_MIN_SND_MSS)
		mss = TCP_MIN_SND_MSS;
	if (t->ts_ok)
		mss -= 12;	/* every segment carries NOP,NOP,TS */
	t->pmtu = mtu;
	t->snd_mss = mss;
}

/*
 * "Fragmentation needed" (RFC 1191 §4) or "packet too big" (RFC 4443
 * §3.2) for t: learn the smaller path MTU for the destination, shrink the
 * segments, and resend at once what the network dropped.
 */
static void
tcp_icmp_pmtu(struct stack *st, struct tcb *t, const struct seg *s,
    const char *what, uint64_t now)
{
	static const uint16_t	 plateau[] = { 32000, 17914, 8166, 4352, 2002,
				    1492, 1006, 508, 296, 68 };
	struct tcp_event	*ev;
	uint32_t		 mtu = s->icmp_info & (s->proto ==
				    IPPROTO_ICMP_ ? 0xffff : 0xffffffff);
	uint16_t		 cur = stack_path_mtu(st, &t->remote.addr, now);
	uint16_t		 floor = t->local.addr.family == 4 ? PMTU_MIN4 :
				    PMTU_MIN6;
	uint16_t		 was = t->snd_mss;
	char			 a[64];
	size_t			 i;

	if (mtu == 0) {
		/* A router from before RFC 1191: guess the next plateau (§5). */
		for (i = 0; i < sizeof plateau / sizeof plateau[0] - 1 &&
		    plateau[i] >= cur; i++)
			;
		mtu = plateau[i];
	}
	if (mtu < floor)
		mtu = floor;
	addr_fmt(&s->src, a, sizeof a);
	if (mtu >= cur) {
		/* RFC 8201 §4: never raise the estimate from a PTB. */
		ev = stack_emit(st, TEV_DISCARD, t, 0, TCP_CAUSE_PMTU,
		    "RFC 1191 §6.1", "ICMP %s from %s: MTU %u is not below "
		    "the path's %u; nothing to change (RFC 1191 §6.1)", what, a,
		    (unsigned)mtu, cur);
		tcp_ev_sent(ev, t, s->quote.seq);
		return;
	}
	pmtu_set(st->pmtu, &t->remote.addr, (uint16_t)mtu,
	    now + t->cfg->pmtu_expires);
	tcp_sync_mss(st, t, now);
	ev = stack_emit(st, TEV_NOTE, t, 0, TCP_CAUSE_PMTU,
	    t->local.addr.family == 4 ? "RFC 1191 §6.1" : "RFC 8201 §4",
	    "ICMP %s from %s: path MTU %u -> %u, segments %u -> %u bytes "
	    "(%s)", what, a, cur, (unsigned)mtu, was, t->snd_mss,
	    t->local.addr.family == 4 ? "RFC 1191 §6.1" : "RFC 8201 §4");
	tcp_ev_sent(ev, t, s->quote.seq);
	/* The quoted segment and those after it were dropped: resend them now. */
	if (tcp_synchronized(t->state) && t->snd_max != t->snd_una)
		tcp_resend_all(st, t, now, TCP_CAUSE_PMTU);
}

/* An ICMP error quoting a segment of connection t. */
void
tcp_icmp_input(struct stack *st, struct tcb *t, const struct seg *s,
    uint64_t now)
{
	struct tcp_event	*ev;
	const char		*what;
	char			 a[64], why[TCP_WHYLEN];
	bool			 hard, pmtu;


	what = icmp_what(s, &hard);
	addr_fmt(&s->src, a, sizeof a);
	if (s->proto == IPPROTO_ICMP_ && s->icmp_type == 4) {
		stack_emit(st, TEV_DISCARD, t, 0, TCP_CAUSE_ICMP_STALE,
		    "RFC 9293 §3.9.2.2", "ICMP source quench from %s ignored "
		    "(RFC 9293 §3.9.2.2, RFC 6633 §2)", a);
		return;
	}
	/* RFC 5927 §4.1: it must quote a segment in flight. */
	if (t->state == TCP_LISTEN || t->state == TCP_TIME_WAIT ||
	    !s->quote.has_seq || !seq_geq(s->quote.seq, t->snd_una) ||
	    !seq_lt(s->quote.seq, t->snd_max)) {
		ev = stack_emit(st, TEV_DISCARD, t, 0, TCP_CAUSE_ICMP_STALE,
		    "RFC 5927 §4.1", "ICMP %s from %s quotes SEQ=%u, not in "
		    "flight (SND.UNA=%u SND.MAX=%u): ignored (RFC 5927 §4.1)",
		    what, a, tcp_seq_ours(t, s->quote.seq),
		    tcp_seq_ours(t, t->snd_una), tcp_seq_ours(t, t->snd_max));
		tcp_ev_sent(ev, t, s->quote.seq);
		return;
	}
	pmtu = s->proto == IPPROTO_ICMP_ ? s->icmp_type == 3 &&
	    s->icmp_code == 4 : s->icmp_type == 2;
	if (pmtu) {
		tcp_icmp_pmtu(st, t, s, what, now);
		return;
	}
	/*
	 * A hard error (protocol or port unreachable) ends an open that has
	 * not completed: a refusal, as Linux's connect reports it (SHLD-26).
	 */
	if (hard && (t->state == TCP_SYN_SENT ||
	    t->state == TCP_SYN_RECEIVED)) {
		snprintf(why, sizeof why, "ICMP %s from %s in %s: connection "
		    "refused (RFC 9293 §3.9.2.2)", what, a,
		    tcp_state_name(t->state));
		tcp_drop(st, t, TCP_CAUSE_ICMP_REFUSED, "RFC 9293 §3.9.2.2",
		    why);
		return;
	}
	/*
	 * Everything else is soft and never aborts (MUST-56), nor does a hard
	 * error once synchronized (RFC 5461 §4, as Linux): it is kept to
	 * explain a timeout (MUST-47).
	 */
	tcp_soft_err(t, what, a);
	ev = stack_emit(st, TEV_NOTE, t, 0, TCP_CAUSE_ICMP_SOFT,
	    "RFC 9293 §3.9.2.2", "ICMP %s from %s in %s: a soft error, "
	    "reported if the connection times out (RFC 9293 §3.9.2.2, "
	    "RFC 5461 §4)", what, a, tcp_state_name(t->state));
	tcp_ev_sent(ev, t, s->quote.seq);
}

/* An ICMP error quoting a datagram one of our UDP sockets sent. */
void
udp_icmp_input(struct stack *st, const struct seg *s)
{
	struct tcp_event	*ev;
	const struct udp_sock	*u;
	struct addr		 src, dst;
	const char		*what;
	char			 a[64], d[64];
	bool			 hard;

	memset(&src, 0, sizeof src);
	src.family = dst.family = (uint8_t)s->quote.family;
	memcpy(src.a, s->quote.src, s->quote.family == 4 ? 4 : 16);
	memcpy(dst.a, s->quote.dst, s->quote.family == 4 ? 4 : 16);
	for (u = st->udps; u != NULL; u = u->next)
		if (u->local.port == s->quote.sport &&
		    addr_eq(&u->local.addr, &src))
			break;
	what = icmp_what(s, &hard);
	addr_fmt(&s->src, a, sizeof a);
	addr_fmt(&dst, d, sizeof d);
	if (u == NULL) {
		stack_emit(st, TEV_DISCARD, NULL, 0, TCP_CAUSE_ICMP_STALE, NULL,
		    "ICMP %s from %s about UDP from port %u, which no socket "
		    "uses: ignored", what, a, s->quote.sport);
		return;
	}
	ev = stack_emit(st, TEV_NOTE, NULL, 0, TCP_CAUSE_ICMP_UDP,
	    "RFC 1122 §4.1.3.3", "ICMP %s from %s for the datagram to "
	    "%s%s%s:%u (RFC 1122 §4.1.3.3)", what, a,
	    dst.family == 6 ? "[" : "", d, dst.family == 6 ? "]" : "",
	    s->quote.dport);
	ev->conn = u->id;
}
