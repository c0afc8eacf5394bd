/*
 * tests/unit/test-feed.c - the offline session's input (path_feed) and its
 * clock (clock_skip), which fuzz-session drives: a frame fed takes the
 * live capture's road (published as received, ARP answered, a segment to
 * the engine), so a peer made of fed frames can open a connection to a
 * listener and send it data; skipping the clock makes the engine's timers
 * fire (a retransmission) and stamps frames later; clock_unskip() goes
 * back to the real clocks.  A data segment fed reads the clocks a few
 * times, not once at every step of its road (issue 14).
 */
#include <stdio.h>
#include <string.h>

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
#include "tests/tap.h"

static const uint8_t peer_mac[6] = { 0x02, 0, 0, 0, 0, 0x02 };

/* What the session published: the last TCP segment out, ARP requests, data. */
static struct {
	int		in, out, arp, data;
	uint32_t	seq, ack;	/* of the last TCP segment out */
	uint16_t	flags;
	size_t		len;
	uint64_t	ts;		/* its stamp, µs */
	uint8_t		ask[128];	/* the last ARP request */
	size_t		asklen;
} pub;

/* Remember what the session published. */
static void
watch(void *arg, const struct run_ev *ev)
{
	(void)arg;
	if (ev->type == RUN_DATA)
		pub.data += (int)ev->len;
	if (ev->type != RUN_FRAME)
		return;
	if (ev->dir == RUN_IN) {
		pub.in++;
		return;
	}
	pub.out++;
	if (ev->pkt != NULL && (ev->pkt->layers & PKT_ARP) &&
	    ev->len <= sizeof pub.ask) {
		pub.arp++;
		memcpy(pub.ask, ev->frame, ev->len);
		pub.asklen = ev->len;
	}
	if (ev->seg != NULL && ev->seg->proto == IPPROTO_TCP_) {
		pub.seq = ev->seg->th.seq;
		pub.ack = ev->seg->th.ack;
		pub.flags = ev->seg->th.flags;
		pub.len = ev->seg->len;
		pub.ts = (uint64_t)ev->ts->tv_sec * 1000000 +
		    (uint64_t)ev->ts->tv_usec;
	}
}

/* Feed a TCP segment from 10.0.0.2:40000 to 10.0.0.1:5000 (no loop turn). */
static void
feed_frame(struct session *s, uint16_t flags, uint32_t seq, uint32_t ack,
    const char *data)
{
	struct seg	sg;
	struct pkt	p;
	uint8_t		buf[2048];
	ssize_t		n;

	memset(&sg, 0, sizeof sg);
	sg.proto = IPPROTO_TCP_;
	addr_parse(&sg.src, LAB_PEER4);
	addr_parse(&sg.dst, LAB_MY4);
	sg.th.sport = 40000;
	sg.th.dport = 5000;
	sg.th.seq = seq;
	sg.th.ack = ack;
	sg.th.flags = flags;
	sg.th.win = 65535;
	sg.data = (const uint8_t *)data;
	sg.len = strlen(data);
	seg_to_pkt(&sg, &p, peer_mac, s->mac);
	n = wire_build(&p, 0, buf, sizeof buf, NULL, 0);
	if (n > 0)
		path_feed(s, buf, (size_t)n);
}

/* Feed a TCP segment from 10.0.0.2:40000 to 10.0.0.1:5000; one turn of the loop. */
static void
feed(struct session *s, uint16_t flags, uint32_t seq, uint32_t ack,
    const char *data)
{
	feed_frame(s, flags, seq, ack, data);
	loop_once(s, now_us());
}

/* The id of the connection from 10.0.0.2:40000 to port 5000, or 0. */
static unsigned
conn_id(struct session *s)
{
	struct seg	k;
	int		ours;

	memset(&k, 0, sizeof k);
	k.proto = IPPROTO_TCP_;
	addr_parse(&k.src, LAB_PEER4);
	addr_parse(&k.dst, LAB_MY4);
	k.th.sport = 40000;
	k.th.dport = 5000;
	return (stack_find(s->st, &k, &ours));
}

int
main(void)
{
	struct session_opts	 so = { .offline = 1 };
	struct obs_opts		 oo = { .quiet = 1 };
	struct cmd_ctx		 ctx = { .table = cmd_table };
	struct tcp_status	 ts;
	struct session		*s;
	struct neigh		*peer;
	struct addr		 p4;
	struct obs		*o;
	struct cmdq		*q;
	struct pkt		 p;
	char			*cause = NULL;
	uint8_t			 reply[128];
	uint32_t		 iss, seq;
	uint64_t		 before, w0, t;
	size_t			 n = 0;
	unsigned		 id;
	int			 out;

	if ((s = session_new(&so, &cause)) == NULL) {
		ok(0, "offline session: %s", cause);
		return (done_testing());
	}
	bus_subscribe(&s->bus, watch, NULL);
	o = obs_new(s, &oo);
	ctx.s = s;
	ctx.o = o;
	q = cmdq_new(&ctx);
	addr_parse(&p4, LAB_PEER4);
	peer = neigh_new(peer_mac, &p4, NULL);
	/* Timers a minute long: real time on a busy machine never fires them. */
	cmdq_append(q, "set rto.min 60s", 0, NULL, 0);
	cmdq_append(q, "set rto.init 60s", 0, NULL, 0);
	cmdq_append(q, "listen 5000", 0, NULL, 0);

	feed(s, TH_SYN, 1000, 0, "");
	is_int(pub.in, 1, "a fed frame is published as received");
	ok(pub.arp == 1, "the SYN is answered: an ARP request for 10.0.0.2 "
	    "first (%d)", pub.arp);
	ok(wire_decode(&p, WIRE_DLT_EN10MB, pub.ask, pub.asklen,
	    pub.asklen) == 0 && (n = neigh_input(peer, &p, reply,
	    sizeof reply, now_us())) > 0, "the peer's neighbour layer answers it");
	if (n > 0)
		path_feed(s, reply, n);
	loop_once(s, now_us());
	ok(pub.flags == (TH_SYN | TH_ACK) && pub.ack == 1001,
	    "the ARP reply fed, the SYN-ACK goes out, acking 1001 "
	    "(flags 0x%x, ack %u)", pub.flags, pub.ack);
	iss = pub.seq;

	feed(s, TH_ACK, 1001, iss + 1, "");
	feed(s, TH_ACK | TH_PUSH, 1001, iss + 1, "hello");
	id = conn_id(s);
	ok(id != 0 && tcp_status(s->st, id, &ts) == 0 &&
	    ts.state == TCP_ESTABLISHED && ts.rcv_nxt == 1006,
	    "the handshake's ACK and 5 bytes fed: ESTABLISHED, rcv_nxt 1006");
	is_int(pub.data, 5, "the 5 bytes are read and published");

	cmdq_append(q, "send hi", 0, NULL, 0);
	loop_once(s, now_us());
	seq = pub.seq;
	ok(pub.len == 2 && seq == iss + 1, "send hi: 2 bytes at iss+1 "
	    "(len %zu)", pub.len);
	out = pub.out;
	before = now_us();
	w0 = wall_us();
	loop_once(s, now_us());
	is_int(pub.out, out, "no ACK, no time: nothing more is sent");

	clock_skip(100 * 1000000ULL);
	t = now_us();
	ok(t >= before + 100 * 1000000ULL, "clock_skip(100 s): now_us() is "
	    "100 s on");
	loop_once(s, now_us());
	ok(pub.out > out && pub.seq == seq && pub.len == 2,
	    "the retransmission timer (RTO 60 s) fired: the 2 bytes again at the same "
	    "seq (%d frames out)", pub.out - out);
	ok(pub.ts >= w0 + 100 * 1000000ULL && pub.ts <= wall_us(),
	    "and it is stamped with the skipped wall clock, 100 s on");

	feed(s, TH_ACK, 1006, iss + 3, "");
	ok(tcp_status(s->st, id, &ts) == 0 && ts.snd_una == iss + 3,
	    "the peer's ACK fed: everything acknowledged");

	/*
	 * 200 full-sized data segments fed with only the engine and the path at work
	 * (the observers gone): each is stamped, offered to the gate, given
	 * to the engine, its data read and published, and every other one
	 * acknowledged.  That road read the clocks 7.5 times a segment;
	 * a turn reads each clock once (path_feed's own stamp is a third).
	 */
	cmdq_free(q);
	obs_free(o);
	{
		char		 chunk[537];
		unsigned long	 reads;
		uint32_t	 at = 1006;
		int		 i, data0 = pub.data, out0 = pub.out;

		memset(chunk, 'x', 536);	/* the MSS: no option came */
		chunk[536] = '\0';
		reads = clock_reads();
		for (i = 0; i < 200; i++, at += 536)
			feed_frame(s, TH_ACK, at, iss + 3, chunk);
		reads = clock_reads() - reads;
		ok(pub.data - data0 == 200 * 536 && pub.out - out0 >= 100,
		    "200 full-sized segments fed: %d bytes read, %d ACKs out",
		    pub.data - data0, pub.out - out0);
		ok(reads <= 200 * 3, "and the clocks read %lu times, %.1f a "
		    "segment (at most 3)", reads, reads / 200.0);
	}
	session_free(s);
	neigh_free(peer);
	clock_unskip();
	ok(now_us() < before + 50 * 1000000ULL,
	    "clock_unskip(): the real clock again");
	return (done_testing());
}
