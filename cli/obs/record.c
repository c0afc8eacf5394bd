/*
 * cli/obs/record.c - every frame of the session, either direction, into
 * the `capture` recording and the -w stream, each with its explanation
 * for a pcapng file's packet comment (draft-ietf-opsawg-pcapng §3.5):
 *
 *  - a frame we sent: the engine's cause for sending it (its segmeta),
 *    told by the sentence of the last engine event of the same connection
 *    and cause, which carries the RFC clause ("c1 SYN-SENT: user OPEN
 *    (active), SYN sent, RFC 9293 §3.10.1"); the engine queues that event
 *    before the segment, so it is on the bus first;
 *  - a frame we received: the engine events it caused, joined by "; "
 *    ("c1 SYN-SENT -> ESTABLISHED: SYN-ACK acceptable, RFC 9293
 *    §3.10.7.3").  Those come after the frame, so the last inbound frame
 *    is held (one frame, one comment of at most PCAPNG_COMMENT_MAX bytes)
 *    until the engine is done with it: the end of the pump, the next
 *    inbound frame, a frame we send RECORD_HOLD_US later, a `capture`
 *    command (record_sync) or the end.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "capture/pcapng.h"
#include "capture/pcapw.h"
#include "cli/obs/out.h"
#include "cli/obs/record.h"
#include "cli/run/session.h"
#include "core/xmalloc.h"

#define RECORD_RECENT	8	/* engine events kept to explain what we send */
#define RECORD_HOLD_US	100000	/* an inbound frame is let go once we send
				   something this much later (its events
				   come at once: the clock may be frozen) */

/* An engine event that may explain a segment we send next. */
struct record_why {
	unsigned	 conn;
	enum tcp_cause	 cause;
	char		 text[TCP_WHYLEN];
};

/* The last inbound frame, until the events it causes are in. */
struct record_held {
	int		 on;
	struct timeval	 ts;
	uint8_t		*frame;
	size_t		 len;
	int		 keyed;		/* key is the segment it brings */
	struct seg	 key;
	char		 note[PCAPNG_COMMENT_MAX + 1];
	size_t		 nlen;
};

struct record {
	struct session		*s;
	struct pcapw		*rec;		/* `capture` */
	struct pcapw		*wfile;		/* -w */
	struct record_why	 recent[RECORD_RECENT];
	size_t			 nrecent;	/* pushed so far */
	struct record_held	 held;
};

static void	record_event(void *, const struct run_ev *);
static void	record_want(struct record *);
static void	record_put(struct record *, const struct timeval *,
		    const uint8_t *, size_t, int, const char *);

/* The recorder of s's frames, writing to the -w stream wfile too. */
struct record *
record_new(struct session *s, struct pcapw *wfile)
{
	struct record	*r = xcalloc(1, sizeof *r);

	r->wfile = wfile;
	r->s = s;
	bus_subscribe(&s->bus, record_event, r);
	record_want(r);
	return (r);
}

/* Take frames from the bus only while something records them. */
static void
record_want(struct record *r)
{
	unsigned	want = BUS_TYPE(RUN_ENGINE) | BUS_TYPE(RUN_PUMPED);

	if (r->rec != NULL || r->wfile != NULL)
		want |= BUS_TYPE(RUN_FRAME);
	bus_want(&r->s->bus, record_event, r, want);
}

/* Unsubscribe, finish the -w file, free. */
void
record_free(struct record *r)
{
	char	*cause = NULL;

	if (r == NULL)
		return;
	record_sync(r);
	bus_unsubscribe(&r->s->bus, record_event, r);
	if (r->wfile != NULL && pcapw_flush(r->wfile, &cause) != 0) {
		say_err("-w %s", cause);
		free(cause);
	}
	pcapw_free(r->wfile);
	pcapw_free(r->rec);
	free(r);
}

/* The `capture` recording, or NULL. */
struct pcapw *
record_capture(const struct record *r)
{
	return (r->rec);
}

/* Replace the `capture` recording by w. */
void
record_set_capture(struct record *r, struct pcapw *w)
{
	record_sync(r);
	pcapw_free(r->rec);
	r->rec = w;
	record_want(r);
}

/* The -w stream, or NULL. */
struct pcapw *
record_stream(const struct record *r)
{
	return (r->wfile);
}

/* Record one frame with its direction and comment, for `capture` and -w. */
static void
record_put(struct record *r, const struct timeval *tv, const uint8_t *frame,
    size_t len, int dir, const char *comment)
{
	struct pcapw_stats	 st;
	struct pcapw_note	 note;

	note.dir = dir;
	note.comment = comment != NULL && *comment != '\0' ? comment : NULL;
	if (r->rec != NULL && pcapw_add_note(r->rec, tv, frame, len, &note) ==
	    -1) {
		pcapw_stats(r->rec, &st);
		if (st.drops == 1)
			say_err("capture: recording full at %llu frames: "
			    "dropping the rest (see capture status)",
			    (unsigned long long)st.frames);
	}
	if (r->wfile != NULL && pcapw_add_note(r->wfile, tv, frame, len,
	    &note) == -1) {
		say_err("-w %s; no longer writing it", pcapw_error(r->wfile));
		pcapw_free(r->wfile);
		r->wfile = NULL;
		record_want(r);
	}
}

/* Record the held inbound frame, with the events it caused, and let it go. */
void
record_sync(struct record *r)
{
	struct record_held	*h = &r->held;

	if (!h->on)
		return;
	h->on = 0;
	record_put(r, &h->ts, h->frame, h->len, PCAPNG_DIR_IN, h->note);
	free(h->frame);
	h->frame = NULL;
}

/* Hold inbound frame ev until the events it causes are in. */
static void
record_hold(struct record *r, const struct run_ev *ev)
{
	struct record_held	*h = &r->held;

	record_sync(r);
	h->on = 1;
	h->ts = *ev->ts;
	h->len = ev->len;
	h->frame = xmalloc(ev->len > 0 ? ev->len : 1);
	memcpy(h->frame, ev->frame, ev->len);
	h->keyed = 0;
	if (ev->seg != NULL) {
		h->key = *ev->seg;
		h->keyed = 1;
	} else if (ev->pkt != NULL && seg_from_icmp(&h->key, ev->pkt) == 0)
		h->keyed = 1;	/* an ICMP error: the engine hears of it */
	h->key.data = NULL;
	h->note[0] = '\0';
	h->nlen = 0;
}

/* Whether cause, the segment the engine was given, is the held frame's. */
static int
record_is_held(const struct record *r, const struct seg *cause)
{
	const struct seg	*k = &r->held.key;

	if (!r->held.on || !r->held.keyed || cause == NULL ||
	    cause->proto != k->proto || !addr_eq(&cause->src, &k->src) ||
	    !addr_eq(&cause->dst, &k->dst))
		return (0);
	if (k->proto == IPPROTO_ICMP_ || k->proto == IPPROTO_ICMPV6_)
		return (cause->icmp_type == k->icmp_type &&
		    cause->icmp_code == k->icmp_code);
	return (cause->th.sport == k->th.sport &&
	    cause->th.dport == k->th.dport && cause->th.seq == k->th.seq &&
	    cause->th.ack == k->th.ack && cause->th.flags == k->th.flags &&
	    cause->len == k->len);
}

/* Cut the n bytes of s before an unfinished UTF-8 character at their end. */
static size_t
record_utf8_cut(char *s, size_t n)
{
	size_t		i = n, need;
	unsigned char	c;

	while (i > 0 && n - i < 4 && ((unsigned char)s[i - 1] & 0xc0) == 0x80)
		i--;
	if (i == 0)
		return (0);
	c = (unsigned char)s[i - 1];
	need = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
	if (n - (i - 1) < need)
		n = i - 1;
	s[n] = '\0';
	return (n);
}

/* Add an engine event the held frame caused to its comment. */
static void
record_note_in(struct record *r, const struct tcp_event *tev)
{
	struct record_held	*h = &r->held;
	char			 id[16], line[TCP_WHYLEN + 64];
	int			 n;

	if (tev->type == TEV_FREED)
		return;		/* bookkeeping, not the frame's doing */
	session_id(r->s, tev->conn, id, sizeof id);
	switch (tev->type) {
	case TEV_STATE:
		snprintf(line, sizeof line, "%s %s -> %s: %s", id,
		    tcp_state_name(tev->from), tcp_state_name(tev->to),
		    tev->why);
		break;
	case TEV_ERROR:
		snprintf(line, sizeof line, "%s: error: %s", id, tev->why);
		break;
	case TEV_DATA:
		snprintf(line, sizeof line, "%s: %zu new bytes readable", id,
		    tev->len);
		break;
	case TEV_DGRAM:
		snprintf(line, sizeof line, "%s: a datagram of %zu bytes", id,
		    tev->len);
		break;
	default:
		if (tev->conn != 0)
			snprintf(line, sizeof line, "%s: %s", id, tev->why);
		else
			snprintf(line, sizeof line, "%s", tev->why);
		break;
	}
	n = snprintf(h->note + h->nlen, sizeof h->note - h->nlen, "%s%s",
	    h->nlen > 0 ? "; " : "", line);
	if (n > 0)
		h->nlen += (size_t)n;
	if (h->nlen >= sizeof h->note)
		h->nlen = record_utf8_cut(h->note, sizeof h->note - 1);
}

/* Remember an engine event that may explain what we send next. */
static void
record_recent(struct record *r, const struct tcp_event *tev)
{
	struct record_why	*w;

	if (tev->type == TEV_DATA || tev->type == TEV_DGRAM ||
	    tev->cause == TCP_CAUSE_NONE)
		return;
	w = &r->recent[r->nrecent++ % RECORD_RECENT];
	w->conn = tev->conn;
	w->cause = tev->cause;
	snprintf(w->text, sizeof w->text, "%s", tev->why);
}

/*
 * A sentence for segment seg sent for cause when no engine event told
 * why (sending data or a FIN, acknowledging), with its RFC clause; NULL
 * for the other causes, which their name tells.
 */
static const char *
record_cause_text(int cause, const struct seg *seg, char *buf, size_t len)
{
	switch (cause) {
	case TCP_CAUSE_SEND:
		if (seg != NULL && seg->proto == IPPROTO_TCP_ &&
		    (seg->th.flags & TH_FIN) && seg->len == 0)
			return ("our FIN: the user closed, RFC 9293 §3.10.4");
		if (seg != NULL && seg->proto == IPPROTO_TCP_ && seg->len > 0) {
			snprintf(buf, len, "%zu bytes of the user's data%s, "
			    "RFC 9293 §3.10.2", seg->len, seg->th.flags &
			    TH_FIN ? " and our FIN" : "");
			return (buf);
		}
		return (NULL);
	case TCP_CAUSE_DATA_RCVD:
		return ("acknowledging data received, RFC 9293 §3.10.7.4");
	case TCP_CAUSE_DELAYED_ACK:
		return ("the delayed ACK timer expired, RFC 1122 §4.2.3.2");
	case TCP_CAUSE_USER_RECEIVE:
		return ("the user's RECEIVE opened the window: a window "
		    "update, RFC 9293 §3.8.6.2.2");
	default:
		return (NULL);
	}
}

/*
 * Why we sent seg (NULL: not TCP or UDP) for m: its connection, that
 * connection's state, and the sentence of the newest event of the same
 * connection and cause (else a sentence for the cause, or its name).  ""
 * when the engine did not say (ARP, crafted frames).
 */
static void
record_note_out(struct record *r, const struct segmeta *m,
    const struct seg *seg, char *buf, size_t len)
{
	struct tcp_status	 ts;
	const char		*text = NULL;
	char			 id[16], state[40], own[128];
	size_t			 i, k;

	buf[0] = '\0';
	if (m == NULL || m->cause == TCP_CAUSE_NONE)
		return;
	for (i = 0; i < RECORD_RECENT && i < r->nrecent && text == NULL;
	    i++) {
		k = (r->nrecent - 1 - i) % RECORD_RECENT;
		if (r->recent[k].conn == m->conn &&
		    (int)r->recent[k].cause == m->cause)
			text = r->recent[k].text;
	}
	state[0] = '\0';
	if (m->conn != 0 && tcp_status(r->s->st, m->conn, &ts) == 0)
		snprintf(state, sizeof state, " %s", tcp_state_name(ts.state));
	if (m->conn != 0)
		session_id(r->s, m->conn, id, sizeof id);
	else
		snprintf(id, sizeof id, "no connection");
	if (text == NULL)
		text = record_cause_text(m->cause, seg, own, sizeof own);
	if (text == NULL)
		text = tcp_cause_name((enum tcp_cause)m->cause);
	snprintf(buf, len, "%s%s: %s%s", id, state, text, m->rexmit ?
	    " (a retransmission)" : "");
}

/* Record frames, either direction, and what explains them. */
static void
record_event(void *arg, const struct run_ev *ev)
{
	struct record	*r = arg;
	struct timeval	 d;
	char		 note[PCAPNG_COMMENT_MAX + 1];

	switch (ev->type) {
	case RUN_FRAME:
		if (r->rec == NULL && r->wfile == NULL)
			return;
		if (ev->dir == RUN_IN) {
			record_hold(r, ev);
			return;
		}
		timersub(ev->ts, &r->held.ts, &d);
		if (r->held.on && (d.tv_sec > 0 || d.tv_usec > RECORD_HOLD_US))
			record_sync(r);
		record_note_out(r, ev->meta, ev->seg, note, sizeof note);
		record_put(r, ev->ts, ev->frame, ev->len, PCAPNG_DIR_OUT, note);
		break;
	case RUN_ENGINE:
		if (ev->cause != NULL && record_is_held(r, ev->cause))
			record_note_in(r, ev->tev);
		record_recent(r, ev->tev);
		break;
	case RUN_PUMPED:
		record_sync(r);		/* the engine is done with it */
		break;
	default:
		break;
	}
}
