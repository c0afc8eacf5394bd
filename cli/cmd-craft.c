/*
 * cli/cmd-craft.c - hand-made segments and expectations in packetdrill
 * notation (core/pdn.h): `craft` sends one segment, valid or not, inside
 * the current connection (numbers relative to its ISNs) or outside any
 * (`to HOST:PORT`); `expect` waits for a segment matching a pattern.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "capture/neigh.h"
#include "cli/cmd.h"
#include "cli/print/print.h"
#include "cli/session.h"
#include "core/pdn.h"
#include "core/xmalloc.h"
#include "craft/inject.h"

static enum cmd_status cmd_craft(struct session *, int, char **);
static enum cmd_status cmd_expect(struct session *, int, char **);
static void expect_scan(struct session *, int);

const struct cmd_entry cmd_craft_entry = {
	"craft", NULL, "NOTATION [to HOST:PORT] [from PORT] [--abs] [ttl N] ...", 1, 1, 1,
	"send one hand-made segment (packetdrill notation), valid or not",
	"Inside the current connection the 4-tuple is the connection's and\n"
	"numbers are relative to its ISNs (seq to ours, ack to the peer's);\n"
	"--abs makes them absolute. `to HOST:PORT [from PORT]` sends outside\n"
	"any connection. Left-out fields: seq SND.NXT, ack RCV.NXT when the\n"
	"ACK flag is set, window ours. IP: ttl N, tos N, id N, df|nodf,\n"
	"ipopt HEX, badsum (a wrong TCP checksum). payload \"TEXT\" or\n"
	"payload hex:ABCD. The segment goes straight to the wire: the engine\n"
	"does not know it was sent, and answers whatever comes back as usual\n"
	"(an ACK for crafted data draws a challenge ACK, RFC 5961 §5.2).\n"
	"Examples: craft S 0:0(0) win 1000 <mss 536,sackOK,TS val 1 ecr 0,nop,wscale 7>\n"
	"          craft R. 1:1(0) ack 1      craft S 1000:1000(0) --abs\n"
	"          craft S 0:0(0) to 10.0.0.2:80 from 40000",
	cmd_craft
};

const struct cmd_entry cmd_expect_entry = {
	"expect", NULL, "[in|out] PATTERN [within SECONDS]", 1, 1, 1,
	"wait for a segment matching a packetdrill-notation pattern",
	"Looks at the inbound segments (or outbound with `out`) seen since the\n"
	"last match in that direction, then waits for more; a match consumes\n"
	"the segments up to it, as packetdrill reads a script in order.\n"
	"Fields left out, and *, match anything; numbers are relative to the\n"
	"current connection's ISNs unless --abs. Fails after SECONDS (default\n"
	"3) saying what the closest segment differed in.\n"
	"Examples: expect S. 0:0(0) ack 1     expect out R 1:1(0)\n"
	"          expect in . *:*(0) ack 6 win * within 5",
	cmd_expect
};

/* The current connection's ISNs as bases, for our direction (out) or theirs. */
static int
craft_bases(struct session *s, int out, struct tcp_status *ts, uint32_t *sb,
    uint32_t *ab)
{
	if (s->cur == 0 || tcp_status(s->st, s->cur, ts) != 0) {
		*sb = *ab = 0;
		return (-1);
	}
	*sb = out ? ts->iss : ts->irs;
	*ab = out ? ts->irs : ts->iss;
	return (0);
}

/* Build the frame for seg with the spec's IP extras and send it; 0 or -1. */
static int
craft_send(struct session *s, const struct seg *seg, const struct pdn_spec *p)
{
	struct pkt	 pk;
	uint8_t		 frame[65536 + 128], dmac[6];
	char		 err[WIRE_ERRLEN];
	ssize_t		 n;
	size_t		 l4;

	if (neigh_lookup(s->nb, &seg->dst, dmac) != 0 &&
	    session_resolve(s, &seg->dst, dmac) != 0) {
		char a[64];
		say_err(s, "craft: %s: no ARP/ND answer (is the peer reachable?)",
		    addr_fmt(&seg->dst, a, sizeof a));
		return (-1);
	}
	seg_to_pkt(seg, &pk, s->mac, dmac);
	if (seg->src.family == 4) {
		if (p->ip_id >= 0)
			pk.ip4.id = (uint16_t)p->ip_id;
		if (p->df == 0)
			pk.ip4.frag &= (uint16_t)~IP4_DF;
		else if (p->df == 1)
			pk.ip4.frag |= IP4_DF;
		if (p->has_ipopt) {
			pk.ip4.opt = p->ipopt;
			pk.ip4.opt_len = (p->ipopt_len + 3) / 4 * 4;
			pk.ip4.ihl = (uint8_t)(5 + pk.ip4.opt_len / 4);
		}
	} else if (p->ip_id >= 0 || p->df >= 0 || p->has_ipopt) {
		say_err(s, "craft: id, df and ipopt are IPv4 fields");
		return (-1);
	}
	if ((n = wire_build(&pk, 0, frame, sizeof frame, err)) < 0) {
		say_err(s, "craft: %s", err);
		return (-1);
	}
	if (p->badsum) {
		/* The TCP checksum sits 16 bytes into the TCP header. */
		l4 = 14 + (seg->src.family == 4 ? 20 + pk.ip4.opt_len : 40);
		frame[l4 + 16] ^= 0xff;
	}
	net_send_raw(s, frame, (size_t)n);
	return (0);
}

/* craft NOTATION ... */
static enum cmd_status
cmd_craft(struct session *s, int argc, char **argv)
{
	struct pdn_spec		*p;
	struct tcp_status	 ts;
	struct seg		 seg;
	const struct addr	*mine;
	char			 err[PDN_ERRLEN];
	uint32_t		 sb, ab;
	int			 inconn;
	enum cmd_status		 rc = CMD_FAIL;

	p = xcalloc(1, sizeof *p);
	if (pdn_parse(argc > 1 ? argv[1] : "", p, err, sizeof err) != 0) {
		say_err(s, "craft: %s", err);
		free(p);
		return (CMD_USAGE);
	}
	memset(&seg, 0, sizeof seg);
	seg.proto = IPPROTO_TCP_;
	inconn = !p->has_to && craft_bases(s, 1, &ts, &sb, &ab) == 0 &&
	    ts.state != TCP_LISTEN;
	if (p->has_to) {
		if ((mine = session_addr(s, p->to.addr.family)) == NULL) {
			say_err(s, "craft: we have no IPv%d address",
			    p->to.addr.family);
			goto out;
		}
		seg.src = *mine;
		seg.th.sport = p->from_port >= 0 ? (uint16_t)p->from_port :
		    (uint16_t)(32768 + (now_us() % 28000));
		sb = ab = 0;
	} else if (inconn) {
		seg.src = ts.local.addr;
		seg.dst = ts.remote.addr;
		seg.th.sport = ts.local.port;
		seg.th.dport = ts.remote.port;
		seg.th.seq = ts.snd_nxt;
		seg.th.win = (uint16_t)(ts.rcv_wnd >> (ts.rcv_wscale > 0 ?
		    ts.rcv_wscale : 0));
		if (p->has_flags && (p->flags & TH_ACK))
			seg.th.ack = ts.rcv_nxt;
	} else {
		say_err(s, "craft: no connection to craft in; give `to HOST:PORT`");
		rc = CMD_USAGE;
		goto out;
	}
	if (!p->has_flags) {
		say_err(s, "craft: the flags cannot be \"*\" in a segment to send");
		rc = CMD_USAGE;
		goto out;
	}
	if (pdn_to_seg(p, sb, ab, &seg, err, sizeof err) != 0) {
		say_err(s, "craft: %s", err);
		rc = CMD_USAGE;
		goto out;
	}
	if (seg.len == 0 && p->has_seq && p->seqlen > 0) {
		/* packetdrill sends zeros when LEN > 0 and no payload is given. */
		static uint8_t zeros[PDN_MAXPAYLOAD];
		seg.data = zeros;
		seg.len = p->seqlen < sizeof zeros ? p->seqlen : sizeof zeros;
	}
	if (craft_send(s, &seg, p) == 0)
		rc = CMD_OK;
out:
	free(p);
	return (rc);
}

/* The expectation in progress: is it met? */
static int
expect_done(struct session *s, void *arg)
{
	(void)arg;
	return (s->exp.matched);
}

/* Whether w is "in"/"out"; sets *out. */
static int
expect_dir(const char *w, size_t n, int *out)
{
	if (n == 2 && strncmp(w, "in", 2) == 0)
		*out = 0;
	else if (n == 3 && strncmp(w, "out", 3) == 0)
		*out = 1;
	else
		return (0);
	return (1);
}

/* expect [in|out] PATTERN [within SECONDS] */
static enum cmd_status
cmd_expect(struct session *s, int argc, char **argv)
{
	struct tcp_status	 ts;
	char			*text, *w, err[PDN_ERRLEN], *end;
	const char		*dir;
	long			 secs = 3;
	size_t			 n;
	int			 out = 0, rc;

	text = xstrdup(argc > 1 ? argv[1] : "");
	n = strcspn(text, " \t");
	if (expect_dir(text, n, &out))
		memmove(text, text + n + strspn(text + n, " \t"),
		    strlen(text + n + strspn(text + n, " \t")) + 1);
	if ((w = strstr(text, " within ")) != NULL) {
		secs = strtol(w + 8, &end, 10);
		if (*end != '\0' || secs <= 0 || secs > 86400) {
			say_err(s, "expect: bad time \"%s\" after within: seconds "
			    "1-86400", w + 8);
			free(text);
			return (CMD_USAGE);
		}
		*w = '\0';
	}
	s->exp.matched = s->exp.seen = 0;
	s->exp.why[0] = s->exp.last[0] = '\0';
	if (pdn_parse(text, &s->exp.spec, err, sizeof err) != 0) {
		say_err(s, "expect: %s", err);
		free(text);
		return (CMD_USAGE);
	}
	s->exp.dir = out;
	s->exp.conn = s->cur != 0 && tcp_status(s->st, s->cur, &ts) == 0 ?
	    s->cur : 0;
	expect_scan(s, out);	/* what went by since the last match counts */
	s->exp.active = 1;
	rc = loop_until(s, expect_done, NULL, now_us() + (uint64_t)secs *
	    TCP_SEC);
	s->exp.active = 0;
	dir = out ? "outbound" : "inbound";
	if (s->exp.matched) {
		free(text);
		return (CMD_OK);
	}
	if (s->exp.seen == 0)
		say_err(s, "expect: no %s segment %s (wanted: %s)", dir,
		    rc == -1 ? "before the interrupt" : "within the time limit",
		    text);
	else
		say_err(s, "expect: none of %d %s segments matched %s; the "
		    "last one: %s (%s)", s->exp.seen, dir, text, s->exp.last,
		    s->exp.why);
	free(text);
	return (CMD_FAIL);
}

/* The bases for matching direction out against the expectation's connection. */
static void
expect_bases(struct session *s, int out, uint32_t *sb, uint32_t *ab)
{
	struct tcp_status	ts;

	*sb = *ab = 0;
	if (s->exp.conn != 0 && tcp_status(s->st, s->exp.conn, &ts) == 0) {
		*sb = out ? ts.iss : ts.irs;
		*ab = out ? ts.irs : ts.iss;
	}
}

/* Match the kept segment at ring index i; on a match drop it and all before. */
static int
expect_try(struct session *s, int out, int i)
{
	struct seen_seg	*e = &s->exp.ring[out][(s->exp.head[out] + i) % EXP_RING];
	uint32_t	 sb, ab;

	expect_bases(s, out, &sb, &ab);
	s->exp.seen++;
	if (pdn_match(&s->exp.spec, &e->seg, sb, ab, s->exp.why,
	    sizeof s->exp.why)) {
		s->exp.head[out] = (s->exp.head[out] + i + 1) % EXP_RING;
		s->exp.count[out] -= i + 1;
		s->exp.matched = 1;
		return (1);
	}
	pdn_format(&e->seg, sb, ab, 0, s->exp.last, sizeof s->exp.last);
	return (0);
}

/* Look for a match among the segments kept since the last match. */
static void
expect_scan(struct session *s, int out)
{
	int	i;

	for (i = 0; i < s->exp.count[out] && !s->exp.matched; i++)
		if (expect_try(s, out, i))
			return;
}

/* See a segment go by: keep it for `expect`, and match the one in progress. */
void
session_observe(struct session *s, int out, const struct seg *seg)
{
	struct expectation	*x = &s->exp;
	struct seen_seg		*e;
	int			 i;

	if (seg->proto == IPPROTO_UDP_)
		return;
	session_diagram(s, out, seg);
	if (x->count[out] == EXP_RING) {
		x->head[out] = (x->head[out] + 1) % EXP_RING;
		x->count[out]--;
	}
	i = x->count[out]++;
	e = &x->ring[out][(x->head[out] + i) % EXP_RING];
	e->seg = *seg;
	e->seg.len = seg->len < sizeof e->data ? seg->len : sizeof e->data;
	memcpy(e->data, seg->data, e->seg.len);
	e->seg.data = e->data;
	if (x->active && !x->matched && x->dir == out)
		expect_try(s, out, i);
}
