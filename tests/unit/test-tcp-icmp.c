/*
 * tests/unit/test-tcp-icmp.c - ICMP errors reaching the engine (RFC 9293
 * §3.9.2.2, core/tcp-icmp.c): the quoted SEQ must be in flight (RFC 5927
 * §4.1); an unreachable ends SYN-SENT (port unreachable as a refusal) and
 * is a soft error once synchronized, named when the connection times out
 * (RFC 1122 §4.2.3.9, RFC 5461 §4); source quench is ignored (RFC 6633);
 * "fragmentation needed" lowers the path MTU and the segment size, resends
 * what was in flight, never raises it, has a floor, a plateau guess for
 * old routers (RFC 1191 §5-6) and expires; UDP sockets hear of theirs.
 */
#include "tests/unit/tcpfix.h"

/* An ICMPv4 error from src quoting our segment with SEQ seq (proto TCP or UDP). */
static struct seg
icmp_about(struct fix *f, const char *src, int type, int code, uint32_t info,
    uint32_t seq, uint8_t proto, uint16_t sport, uint16_t dport)
{
	struct seg	s;

	memset(&s, 0, sizeof s);
	addr_parse(&s.src, src);
	s.dst = f->l.addr;
	s.proto = IPPROTO_ICMP_;
	s.icmp_type = (uint8_t)type;
	s.icmp_code = (uint8_t)code;
	s.icmp_info = info;
	s.quote.present = true;
	s.quote.family = 4;
	s.quote.proto = proto;
	memcpy(s.quote.src, f->l.addr.a, 4);
	memcpy(s.quote.dst, f->r.addr.a, 4);
	s.quote.has_ports = true;
	s.quote.sport = sport;
	s.quote.dport = dport;
	s.quote.has_seq = proto == IPPROTO_TCP_;
	s.quote.seq = seq;
	return (s);
}

/* The same, about the connection under test. */
static void
icmp_feed(struct fix *f, int type, int code, uint32_t info, uint32_t seq)
{
	struct seg	s = icmp_about(f, "10.0.0.254", type, code, info, seq,
			    IPPROTO_TCP_, f->l.port, f->r.port);

	fix_ev_clear(f);	/* EXPECT_CAUSE then sees only what this did */
	stack_input(f->st, &s, f->now);
}

/* Opening: refusal, unreachable, and the sequence check. */
static void
test_open(void)
{
	struct tcp_cfg	c;
	struct fix	f = { 0 };

	fix_cfg_plain(&c);
	fix_in_state(&f, &c, TCP_SYN_SENT);
	icmp_feed(&f, 3, 3, 0, f.iss + 5);
	EXPECT_CAUSE(&f, TEV_DISCARD, TCP_CAUSE_ICMP_STALE, "RFC 5927 §4.1",
	    "SYN-SENT: port unreachable quoting ISS+5 is not in flight");
	EXPECT_STATE(&f, TCP_SYN_SENT, "and the open goes on");
	icmp_feed(&f, 3, 3, 0, f.iss);
	EXPECT_CAUSE(&f, TEV_ERROR, TCP_CAUSE_ICMP_REFUSED, "RFC 9293 §3.9.2.2",
	    "SYN-SENT: port unreachable quoting our SYN refuses the open");
	EXPECT_STATE(&f, TCP_CLOSED, "CLOSED, as Linux's connect fails");
	EXPECT_NOTHING(&f, "nothing is sent");
	fix_free(&f);

	c.syn_retries = 1;
	fix_in_state(&f, &c, TCP_SYN_SENT);
	icmp_feed(&f, 3, 1, 0, f.iss);
	EXPECT_CAUSE(&f, TEV_NOTE, TCP_CAUSE_ICMP_SOFT, "RFC 9293 §3.9.2.2",
	    "SYN-SENT: host unreachable is soft (MUST-56)");
	EXPECT_STATE(&f, TCP_SYN_SENT, "the open goes on");
	icmp_feed(&f, 11, 0, 0, f.iss);
	EXPECT_CAUSE(&f, TEV_NOTE, TCP_CAUSE_ICMP_SOFT, "RFC 9293 §3.9.2.2",
	    "time exceeded is soft too");
	fix_ev_clear(&f);
	fix_run_until(&f, f.now + 60 * TCP_SEC);
	{
		const struct tcp_event *e = fix_ev_cause(&f, TEV_ERROR,
		    TCP_CAUSE_RTO_GIVEUP);
		ok(e != NULL && strstr(e->why, "last soft error: ICMP time "
		    "exceeded from 10.0.0.254") != NULL,
		    "the open's timeout names the last one: %s",
		    e != NULL ? e->why : "(none)");
	}
	c.syn_retries = 6;
	fix_free(&f);

	fix_in_state(&f, &c, TCP_SYN_SENT);
	icmp_feed(&f, 4, 0, 0, f.iss);
	EXPECT_CAUSE(&f, TEV_DISCARD, TCP_CAUSE_ICMP_STALE, "RFC 9293 §3.9.2.2",
	    "source quench is ignored (MUST-55)");
	EXPECT_STATE(&f, TCP_SYN_SENT, "still SYN-SENT");
	fix_free(&f);

	fix_in_state(&f, &c, TCP_LISTEN);
	icmp_feed(&f, 3, 3, 0, 1);
	EXPECT_CAUSE(&f, TEV_DISCARD, TCP_CAUSE_ICMP_STALE, "RFC 5927 §4.1",
	    "an error for a listener's port is ignored");
	EXPECT_STATE(&f, TCP_LISTEN, "the listener stays");
	fix_free(&f);
}

/* Synchronized: a soft error, named when the connection times out. */
static void
test_soft(void)
{
	struct tcp_cfg		 c;
	struct fix		 f = { 0 };
	struct tcp_status	 ts;
	char			 err[TCP_ERRLEN];
	const struct tcp_event	*ev;
	uint32_t		 una;

	fix_cfg_plain(&c);
	c.retries2 = 2;
	fix_in_state(&f, &c, TCP_ESTABLISHED);
	una = fix_our_nxt(&f);
	tcp_send(f.st, f.conn, "hello", 5, f.now, err, sizeof err);
	EXPECT_OUT(&f, TH_ACK | TH_PUSH, una, ANY, 5, "5 bytes go out");
	icmp_feed(&f, 3, 3, 0, una);
	EXPECT_CAUSE(&f, TEV_NOTE, TCP_CAUSE_ICMP_SOFT, "RFC 9293 §3.9.2.2",
	    "ESTABLISHED: port unreachable is only soft (RFC 5461 §4)");
	EXPECT_STATE(&f, TCP_ESTABLISHED, "the connection stays");
	ts = fix_status(&f);
	ok(strstr(ts.soft_err, "port unreachable from 10.0.0.254") != NULL,
	    "kept for the report: \"%s\"", ts.soft_err);
	fix_ev_clear(&f);
	fix_run_until(&f, f.now + 600 * TCP_SEC);
	ev = fix_ev_cause(&f, TEV_ERROR, TCP_CAUSE_RTO_GIVEUP);
	ok(ev != NULL && strstr(ev->why, "last soft error: ICMP port "
	    "unreachable") != NULL, "the timeout names it: %s",
	    ev != NULL ? ev->why : "(no error)");
	fix_free(&f);
}

/* Path MTU discovery (RFC 1191). */
static void
test_pmtu(void)
{
	static uint8_t		 data[4000];
	struct tcp_cfg		 c;
	struct fix		 f = { 0 };
	struct tcp_status	 ts;
	char			 err[TCP_ERRLEN];
	uint32_t		 una;

	fix_cfg_plain(&c);
	c.mss = 0;		/* from the MTU: 1460 */
	fix_in_state(&f, &c, TCP_ESTABLISHED);
	una = fix_our_nxt(&f);
	tcp_send(f.st, f.conn, data, sizeof data, f.now, err, sizeof err);
	EXPECT_SEG(&f, TH_ACK, una, ANY, 1460, "1460 bytes");
	EXPECT_SEG(&f, TH_ACK, una + 1460, ANY, 1460, "1460 more");
	EXPECT_OUT(&f, TH_ACK | TH_PUSH, una + 2920, ANY, 1080, "1080 last");
	icmp_feed(&f, 3, 4, 1200, una + 1460);
	EXPECT_CAUSE(&f, TEV_NOTE, TCP_CAUSE_PMTU, "RFC 1191 §6.1",
	    "fragmentation needed, MTU 1200: the path MTU falls");
	ts = fix_status(&f);
	is_int(ts.snd_mss, 1160, "segments of 1200 - 40 bytes");
	is_int(stack_path_mtu(f.st, &f.r.addr, f.now), 1200,
	    "the destination's path MTU is 1200");
	EXPECT_SEG(&f, TH_ACK, una, ANY, 1160, "everything in flight is resent");
	EXPECT_WHY(&f, TCP_CAUSE_PMTU, true, "as a resend, for the PMTU");
	EXPECT_SEG(&f, TH_ACK, una + 1160, ANY, 1160, "1160 more");
	EXPECT_SEG(&f, TH_ACK, una + 2320, ANY, 1160, "and more");
	EXPECT_OUT(&f, TH_ACK | TH_PUSH, una + 3480, ANY, 520, "and the rest");

	icmp_feed(&f, 3, 4, 1400, una);
	EXPECT_CAUSE(&f, TEV_DISCARD, TCP_CAUSE_PMTU, "RFC 1191 §6.1",
	    "a larger MTU is not taken (RFC 8201 §4)");
	EXPECT_NOTHING(&f, "and nothing is resent");
	is_int(fix_status(&f).snd_mss, 1160, "still 1160");

	icmp_feed(&f, 3, 4, 0, una);
	EXPECT_CAUSE(&f, TEV_NOTE, TCP_CAUSE_PMTU, "RFC 1191 §6.1",
	    "an old router's report without an MTU");
	is_int(fix_status(&f).snd_mss, 1006 - 40,
	    "guesses the plateau below 1200: 1006 (RFC 1191 §5)");
	fix_drain(&f);
	icmp_feed(&f, 3, 4, 100, una);
	is_int(fix_status(&f).snd_mss, 552 - 40, "a report of 100 is raised "
	    "to Linux's floor of 552");
	fix_drain(&f);
	icmp_feed(&f, 3, 4, 500, una + 99999);
	EXPECT_CAUSE(&f, TEV_DISCARD, TCP_CAUSE_ICMP_STALE, "RFC 5927 §4.1",
	    "one quoting no segment in flight is ignored");

	/* It expires after pmtu.expires: segments grow again. */
	FEED(&f, TH_ACK, f.snd, una + 4000, NULL, 0);
	fix_drain(&f);
	f.now += c.pmtu_expires + TCP_SEC;
	tcp_send(f.st, f.conn, data, sizeof data, f.now, err, sizeof err);
	EXPECT_SEG(&f, TH_ACK, una + 4000, ANY, 1460,
	    "after %llu s the link's MTU holds again",
	    (unsigned long long)(c.pmtu_expires / TCP_SEC));
	fix_free(&f);
}

/* UDP sockets hear of errors about their datagrams. */
static void
test_udp(void)
{
	struct tcp_cfg	 c;
	struct fix	 f = { 0 };
	struct endpoint	 l;
	struct seg	 s;
	char		 err[TCP_ERRLEN];
	unsigned	 id;
	const struct tcp_event *ev;

	fix_cfg_plain(&c);
	fix_new(&f, &c);
	l = f.l;
	l.port = 5353;
	id = udp_bind(f.st, &l, err, sizeof err);
	f.l.port = 5353;
	s = icmp_about(&f, "10.0.0.2", 3, 3, 0, 0, IPPROTO_UDP_, 5353, 7);
	stack_input(f.st, &s, f.now);
	fix_ev_pump(&f);
	ev = fix_ev_cause(&f, TEV_NOTE, TCP_CAUSE_ICMP_UDP);
	ok(ev != NULL && ev->conn == id && strstr(ev->why,
	    "port unreachable from 10.0.0.2") != NULL,
	    "the socket that sent it hears: %s", ev != NULL ? ev->why : "-");
	s = icmp_about(&f, "10.0.0.2", 3, 3, 0, 0, IPPROTO_UDP_, 5354, 7);
	stack_input(f.st, &s, f.now);
	EXPECT_CAUSE(&f, TEV_DISCARD, TCP_CAUSE_ICMP_STALE, NULL,
	    "an error for a port no socket uses is ignored");
	fix_free(&f);
}

int
main(void)
{
	test_open();
	test_soft();
	test_pmtu();
	test_udp();
	return (done_testing());
}
