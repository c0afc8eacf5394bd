/*
 * tests/unit/test-record.c - the recorder's explanations (cli/obs/record.c)
 * from a synthetic event stream, read back from the pcapng it writes: a
 * frame we send is explained by the last event of its connection and
 * cause; a frame we receive by the events whose cause is that segment
 * (and no other's), which come after it; the held inbound frame is let go
 * at the end of the pump, by a frame we send much later, and at the end,
 * so nothing is lost; a .pcap stream gets the same frames without.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <pcap/pcap.h>

#include "capture/pcapng.h"
#include "capture/pcapw.h"
#include "cli/obs/record.h"
#include "cli/run/session.h"
#include "tests/tap.h"
#include "tests/unit/unitfix.h"

static struct session	s;
static uint8_t		frame[60];

/* Publish a frame of direction dir at sec.usec: seg (in), meta (out). */
static void
pub_frame(enum run_dir dir, long sec, long usec, const struct seg *seg,
    const struct segmeta *meta)
{
	struct timeval	tv = { sec, usec };
	struct run_ev	ev;

	memset(&ev, 0, sizeof ev);
	ev.type = RUN_FRAME;
	ev.dir = dir;
	ev.ts = &tv;
	ev.frame = frame;
	ev.len = sizeof frame;
	ev.seg = seg;
	ev.meta = meta;
	frame[0]++;
	bus_publish(&s.bus, &ev);
}

/* Publish an engine event of conn, caused by seg (NULL: a user call). */
static void
pub_engine(enum tcp_ev_type type, unsigned conn, enum tcp_state from,
    enum tcp_state to, enum tcp_cause cause, const char *why,
    const struct seg *seg)
{
	struct timeval	tv = { 0, 0 };

	unitfix_engine(&s.bus, type, conn, from, to, cause, &tv, why, seg);
}

/* Publish the end of a pump. */
static void
pub_pumped(void)
{
	struct run_ev	ev;

	memset(&ev, 0, sizeof ev);
	ev.type = RUN_PUMPED;
	bus_publish(&s.bus, &ev);
}

/* A TCP segment from the peer with seq. */
static struct seg
peer_seg(uint32_t seq)
{
	struct seg	g;

	memset(&g, 0, sizeof g);
	g.proto = IPPROTO_TCP_;
	g.src.family = g.dst.family = 4;
	g.src.a[3] = 2;
	g.dst.a[3] = 1;
	g.th.sport = 7;
	g.th.dport = 40000;
	g.th.seq = seq;
	g.th.ack = 1;
	g.th.flags = TH_SYN | TH_ACK;
	return (g);
}

/* The comments of path's first n packets joined by "|" ("-": none). */
static const char *
comments(const char *path, int n)
{
	static char		 out[4096];
	struct pcapng_notes	*nt = pcapng_notes_open(path);
	const char		*c;
	size_t			 o = 0;
	int			 i;

	if (nt == NULL)
		return ("(not pcapng)");
	out[0] = '\0';
	for (i = 0; i < n && o < sizeof out; i++) {
		c = pcapng_notes_next(nt);
		o += (size_t)snprintf(out + o, sizeof out - o, "%s%s",
		    i ? "|" : "", c != NULL ? c : "-");
	}
	pcapng_notes_close(nt);
	return (out);
}

/* How many frames libpcap reads from path. */
static int
frames(const char *path)
{
	char			 errbuf[PCAP_ERRBUF_SIZE];
	struct pcap_pkthdr	*h;
	const u_char		*d;
	pcap_t			*p;
	int			 n = 0;

	if ((p = pcap_open_offline(path, errbuf)) == NULL)
		return (-1);
	while (pcap_next_ex(p, &h, &d) == 1)
		n++;
	pcap_close(p);
	return (n);
}

int
main(void)
{
	char		 dir[] = "/tmp/test-record-XXXXXX", ng[64], pc[64];
	char		*cause = NULL;
	struct tcp_cfg	 cfg;
	struct segmeta	 m;
	struct seg	 a, a2, b, c;
	struct record	*r;

	if (mkdtemp(dir) == NULL)
		return (1);
	snprintf(ng, sizeof ng, "%s/w.pcapng", dir);
	snprintf(pc, sizeof pc, "%s/w.pcap", dir);
	tcp_cfg_default(&cfg);
	s.st = stack_new(&cfg, 1);

	r = record_new(&s, pcapw_stream(ng, &cause));
	/* Our SYN: the user's OPEN said why, before it. */
	pub_engine(TEV_STATE, 1, TCP_CLOSED, TCP_SYN_SENT, TCP_CAUSE_USER_OPEN,
	    "user OPEN (active), SYN sent, RFC 9293 §3.10.1", NULL);
	pub_engine(TEV_NOTE, 2, TCP_CLOSED, TCP_CLOSED, TCP_CAUSE_USER_OPEN,
	    "another connection's open", NULL);
	memset(&m, 0, sizeof m);
	m.conn = 1;
	m.cause = TCP_CAUSE_USER_OPEN;
	pub_frame(RUN_OUT, 10, 0, NULL, &m);
	/* The SYN-ACK: its events come after it, about a copy of it. */
	a = peer_seg(1000);
	a2 = a;
	b = peer_seg(5000);
	pub_frame(RUN_IN, 10, 100, &a, NULL);
	pub_engine(TEV_STATE, 1, TCP_SYN_SENT, TCP_ESTABLISHED,
	    TCP_CAUSE_SYNACK_RCVD, "SYN-ACK acceptable, RFC 9293 §3.10.7.3",
	    &a2);
	pub_engine(TEV_DISCARD, 1, TCP_ESTABLISHED, TCP_ESTABLISHED,
	    TCP_CAUSE_OUT_OF_WINDOW, "another segment's discard", &b);
	m.cause = TCP_CAUSE_SYNACK_RCVD;
	pub_frame(RUN_OUT, 10, 200, NULL, &m);	/* our ACK, in the same pump */
	pub_engine(TEV_NOTE, 1, TCP_ESTABLISHED, TCP_ESTABLISHED,
	    TCP_CAUSE_SYNACK_RCVD, "a later word on it", &a2);
	pub_pumped();
	pub_engine(TEV_NOTE, 1, TCP_ESTABLISHED, TCP_ESTABLISHED,
	    TCP_CAUSE_SYNACK_RCVD, "after the pump: not its", &a2);
	/* Data we send: no event, the cause's own sentence. */
	m.cause = TCP_CAUSE_SEND;
	pub_frame(RUN_OUT, 10, 300, NULL, &m);
	/* A frame from the peer nothing came of, then ours 1 s later. */
	c = peer_seg(7000);
	pub_frame(RUN_IN, 10, 400, &c, NULL);
	m.cause = TCP_CAUSE_DELAYED_ACK;
	pub_frame(RUN_OUT, 11, 400, NULL, &m);
	pub_engine(TEV_NOTE, 1, TCP_ESTABLISHED, TCP_ESTABLISHED,
	    TCP_CAUSE_DATA_RCVD, "too late for it", &c);
	/* The last frame: held when the session ends, events and all. */
	c.th.seq = 9000;
	pub_frame(RUN_IN, 12, 0, &c, NULL);
	pub_engine(TEV_STATE, 1, TCP_ESTABLISHED, TCP_CLOSE_WAIT,
	    TCP_CAUSE_FIN_RCVD, "FIN received, RFC 9293 §3.10.7.4", &c);
	record_free(r);

	is_int(frames(ng), 7, "every frame is in the file, the held one too");
	is_str(comments(ng, 7),
	    "c1: user OPEN (active), SYN sent, RFC 9293 §3.10.1"
	    "|c1 SYN-SENT -> ESTABLISHED: SYN-ACK acceptable, RFC 9293 "
	    "§3.10.7.3; c1: a later word on it"
	    "|c1: SYN-ACK acceptable, RFC 9293 §3.10.7.3"
	    "|c1: send"
	    "|-"
	    "|c1: the delayed ACK timer expired, RFC 1122 §4.2.3.2"
	    "|c1 ESTABLISHED -> CLOSE-WAIT: FIN received, RFC 9293 §3.10.7.4",
	    "each frame's explanation: ours by cause, theirs by what it caused");

	/* A .pcap stream: the same frames, classic pcap. */
	r = record_new(&s, pcapw_stream(pc, &cause));
	pub_frame(RUN_OUT, 20, 0, NULL, &m);
	pub_frame(RUN_IN, 20, 1, &a, NULL);
	record_free(r);
	is_int(frames(pc), 2, "a .pcap stream writes both frames");
	is_str(comments(pc, 1), "(not pcapng)", "as classic pcap");

	stack_free(s.st);
	return (done_testing());
}
