/*
 * tests/unit/test-tcp-seqnum.c - the numbers in the engine's sentences:
 * relative to the connection's ISS (our sequence space: SND.*, the peer's
 * SEG.ACK) and IRS (the peer's: its SEG.SEQ, RCV.NXT) by default, as
 * tcpdump prints packets without -S; absolute with the abs_seq setting
 * (core/knobs.c), and always for a segment of no connection.  Ids are the
 * event's field, not words in the sentence.
 */
#include "tests/unit/tcpfix.h"

/* The sentence of the last event with cause, or "" when there is none. */
static const char *
why_of(struct fix *f, enum tcp_cause cause)
{
	const struct tcp_event	*ev = fix_ev_cause(f, -1, cause);

	return (ev != NULL ? ev->why : "");
}

/* Check that the last event with cause says want (a part of it). */
static void
says(struct fix *f, enum tcp_cause cause, const char *want, const char *what)
{
	const char	*why = why_of(f, cause);

	ok(strstr(why, want) != NULL, "%s: \"%s\"", what, want);
	if (strstr(why, want) == NULL)
		printf("#   said \"%s\"\n", why);
}

/* A connection with 10 bytes from the peer, then the same 10 bytes again. */
static void
old_duplicate(struct fix *f, bool abs_seq)
{
	struct tcp_cfg	c;
	uint32_t	seq;

	fix_cfg_plain(&c);
	c.abs_seq = abs_seq;
	fix_in_state(f, &c, TCP_ESTABLISHED);
	seq = f->snd;
	fix_peer_send(f, TH_PUSH, "0123456789", 10);
	fix_drain(f);
	FEED(f, TH_ACK | TH_PUSH, seq, f->rcv, "0123456789", 10);
	fix_drain(f);
}

/* RFC 9293 §3.10.7.4: an old duplicate's discard, relative and absolute. */
static void
test_discard(void)
{
	struct fix	f = { 0 };
	char		want[160];

	old_duplicate(&f, false);
	says(&f, TCP_CAUSE_DUPLICATE, "discarded seq 1 ack 1: old duplicate: "
	    "everything in it is below RCV.NXT 11,",
	    "discard: relative to IRS and ISS by default");
	fix_free(&f);

	old_duplicate(&f, true);
	snprintf(want, sizeof want, "discarded seq %u ack %u: old duplicate: "
	    "everything in it is below RCV.NXT %u,", FIX_PEER_ISS + 1,
	    f.iss + 1, FIX_PEER_ISS + 11);
	says(&f, TCP_CAUSE_DUPLICATE, want, "discard: absolute with abs_seq");
	fix_free(&f);
}

/* RFC 5681 §3.2: the fast retransmit's note names SND.UNA like the packet. */
static void
test_fast_retransmit(void)
{
	static char	 buf[5 * 1460];
	struct tcp_cfg	 c, *cc;
	struct fix	 f = { 0 };
	char		 err[TCP_ERRLEN], want[96];
	int		 i, pass;

	for (pass = 0; pass < 2; pass++) {
		fix_cfg_plain(&c);
		fix_in_state(&f, &c, TCP_ESTABLISHED);
		if (pass == 1) {
			/* Switched on the connection itself, as `set` does. */
			cc = tcp_conn_cfg(f.st, f.conn);
			ok(cc != NULL && tcp_knob_set(cc, "abs_seq", "on", err,
			    sizeof err) == 0, "fast retransmit: set abs_seq on");
		}
		memset(buf, 'f', sizeof buf);
		tcp_send(f.st, f.conn, buf, sizeof buf, f.now, err, sizeof err);
		fix_drain(&f);
		for (i = 0; i < 4; i++)
			FEED(&f, TH_ACK, f.snd, f.iss + 1 + 1460, NULL, 0);
		fix_drain(&f);
		if (pass == 0)
			snprintf(want, sizeof want, "fast retransmit of 1461 (");
		else
			snprintf(want, sizeof want, "fast retransmit of %u (",
			    f.iss + 1 + 1460);
		says(&f, TCP_CAUSE_FAST_RETRANSMIT, want, pass == 0 ?
		    "fast retransmit: relative to ISS by default" :
		    "fast retransmit: absolute with abs_seq");
		ok(fix_ev_cause(&f, TEV_NOTE, TCP_CAUSE_FAST_RETRANSMIT) !=
		    NULL && fix_ev_cause(&f, TEV_NOTE,
		    TCP_CAUSE_FAST_RETRANSMIT)->seq == f.iss + 1 + 1460,
		    "fast retransmit: the event's field stays absolute");
		fix_free(&f);
	}
}

/* RFC 5961 §3.2: an RST in the window but not at RCV.NXT. */
static void
test_rst_challenge(void)
{
	struct tcp_cfg	c;
	struct fix	f = { 0 };

	fix_cfg_plain(&c);
	fix_in_state(&f, &c, TCP_ESTABLISHED);
	FEED(&f, TH_RST, f.snd + 100, 0, NULL, 0);
	fix_drain(&f);
	says(&f, TCP_CAUSE_CHALLENGE_ACK, "RST with SEQ 101 in window but not "
	    "RCV.NXT 1 (", "challenge ACK: relative to IRS");
	fix_free(&f);
}

/* RFC 5927 §4.1: an ICMP error quoting a SEQ not in flight. */
static void
test_icmp(void)
{
	struct tcp_cfg	c;
	struct fix	f = { 0 };
	struct seg	s;

	fix_cfg_plain(&c);
	fix_in_state(&f, &c, TCP_ESTABLISHED);
	memset(&s, 0, sizeof s);
	addr_parse(&s.src, "10.0.0.254");
	s.dst = f.l.addr;
	s.proto = IPPROTO_ICMP_;
	s.icmp_type = 3;
	s.icmp_code = 1;
	s.quote.present = true;
	s.quote.family = 4;
	s.quote.proto = IPPROTO_TCP_;
	memcpy(s.quote.src, f.l.addr.a, 4);
	memcpy(s.quote.dst, f.r.addr.a, 4);
	s.quote.has_ports = true;
	s.quote.sport = f.l.port;
	s.quote.dport = f.r.port;
	s.quote.has_seq = true;
	s.quote.seq = f.iss + 50;
	stack_input(f.st, &s, f.now);
	says(&f, TCP_CAUSE_ICMP_STALE, "quotes SEQ=50, not in flight "
	    "(SND.UNA=1 SND.MAX=1)", "ICMP: relative to ISS");
	fix_free(&f);
}

/* SYN-SENT knows no IRS yet; a segment of no connection has no ISNs. */
static void
test_absolute_only(void)
{
	struct tcp_cfg	c;
	struct fix	f = { 0 };
	char		want[96];

	fix_cfg_plain(&c);
	fix_in_state(&f, &c, TCP_SYN_SENT);
	FEED(&f, TH_RST | TH_ACK, 7777, f.iss + 9, NULL, 0);
	fix_drain(&f);
	snprintf(want, sizeof want, "discarded seq 7777 ack 9: ");
	says(&f, TCP_CAUSE_BAD_ACK, want, "SYN-SENT: the peer's SEQ absolute "
	    "(no IRS yet), the ACK relative to ISS");
	fix_free(&f);

	fix_in_state(&f, &c, TCP_ESTABLISHED);
	f.r.port = 9999;
	FEED(&f, TH_RST | TH_ACK, 123456, 654321, NULL, 0);
	says(&f, TCP_CAUSE_RST_IGNORED, "discarded seq 123456 ack 654321: ",
	    "no connection: absolute");
	fix_free(&f);
}

/* A UDP socket's discard carries its id as a field, not as words. */
static void
test_udp_id(void)
{
	struct tcp_cfg		 c;
	struct fix		 f = { 0 };
	struct seg		 d;
	const struct tcp_event	*ev;
	char			 err[TCP_ERRLEN];
	unsigned		 id;
	int			 i;

	fix_cfg_plain(&c);
	fix_new(&f, &c);
	f.l.port = 53;
	f.r.port = 4000;
	id = udp_bind(f.st, &f.l, err, sizeof err);
	memset(&d, 0, sizeof d);
	d.proto = IPPROTO_UDP_;
	d.src = f.r.addr;
	d.dst = f.l.addr;
	d.th.sport = f.r.port;
	d.th.dport = f.l.port;
	d.data = (const uint8_t *)"q";
	d.len = 1;
	for (i = 0; i < 300; i++)
		stack_input(f.st, &d, 0);
	ev = fix_ev_cause(&f, TEV_DISCARD, TCP_CAUSE_UDP_QUEUE_FULL);
	ok(ev != NULL && ev->conn == id && strstr(ev->why, "socket") == NULL,
	    "UDP: a full queue's discard is the socket's (u%u), not \"UDP "
	    "socket %u\" in words: \"%s\"", id, id, ev != NULL ? ev->why : "");
	fix_free(&f);
}

int
main(void)
{
	test_discard();
	test_fast_retransmit();
	test_rst_challenge();
	test_icmp();
	test_absolute_only();
	test_udp_id();
	return (done_testing());
}
