/*
 * cli/cmd/cmd-craft.c - hand-made segments and expectations in packetdrill
 * notation (core/pdn.h): `craft` sends one segment, valid or not, inside
 * the current connection (numbers relative to its ISNs) or outside any
 * (`to HOST:PORT`); `expect` waits for a segment matching a pattern.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "capture/neigh.h"
#include "cli/cmd/cmd.h"
#include "cli/obs/conns.h"
#include "cli/obs/expect.h"
#include "cli/obs/obs.h"
#include "cli/obs/out.h"
#include "cli/run/path.h"
#include "cli/run/session.h"
#include "core/pdn.h"
#include "core/xmalloc.h"

static enum cmd_status cmd_craft(struct cmd_ctx *, int, char **);
static enum cmd_status cmd_expect(struct cmd_ctx *, int, char **);

const struct cmd_entry cmd_craft_entry = {
	.name = "craft",
	.usage = "NOTATION [to HOST:PORT] [from PORT] [--abs] [ttl N] ...",
	.min_args = 1,
	.max_args = 1,
	.raw = 1,
	.help = "send one hand-made segment (packetdrill notation), valid or not",
	.detail = "Inside the current connection the 4-tuple is the connection's and\n"
	    "numbers are relative to its ISNs (seq to ours, ack to the peer's);\n"
	    "--abs makes them absolute. `to HOST:PORT [from PORT]` sends outside\n"
	    "any connection. Left-out fields: seq SND.NXT, ack RCV.NXT when the\n"
	    "ACK flag is set, window ours. IP: ttl N, tos N, id N, df|nodf,\n"
	    "ipopt HEX, badsum (a wrong TCP checksum). payload \"TEXT\" or\n"
	    "payload hex:ABCD. The segment goes straight to the wire: the engine\n"
	    "does not know it was sent, and answers whatever comes back as usual\n"
	    "(an ACK for crafted data draws a challenge ACK, RFC 5961 §5.2).\n"
	    "Errors in the notation start \"craft: pdn:\" (the packet description).\n"
	    "Examples: craft S 0:0(0) win 1000 <mss 536,sackOK,TS val 1 ecr 0,nop,wscale 7>\n"
	    "          craft R. 1:1(0) ack 1      craft S 1000:1000(0) --abs\n"
	    "          craft S 0:0(0) to 10.0.0.2:80 from 40000",
	.exec = cmd_craft,
};

const struct cmd_entry cmd_expect_entry = {
	.name = "expect",
	.usage = "[in|out] PATTERN [within SECONDS]",
	.min_args = 1,
	.max_args = 1,
	.raw = 1,
	.help = "wait for a segment matching a packetdrill-notation pattern",
	.detail = "Looks at the inbound segments (or outbound with `out`) seen since the\n"
	    "last match in that direction, then waits for more; a match consumes\n"
	    "the segments up to it, as packetdrill reads a script in order.\n"
	    "Fields left out, and *, match anything; numbers are relative to the\n"
	    "current connection's ISNs unless --abs (on a listener, or with none,\n"
	    "to those of the connection each segment belongs to; a SYN's own seq\n"
	    "is its base until the engine knows it). Fails after SECONDS (default\n"
	    "3) saying what the closest segment differed in.\n"
	    "Examples: expect S. 0:0(0) ack 1     expect out R 1:1(0)\n"
	    "          expect in . *:*(0) ack 6 win * within 5",
	.exec = cmd_expect,
};

/* The current connection's ISNs as bases, for our direction (out) or theirs. */
static int
craft_bases(struct cmd_ctx *c, int out, struct tcp_status *ts, uint32_t *sb,
    uint32_t *ab)
{
	unsigned	cur = conns_cur(c->o->conns);

	if (cur == 0 || tcp_status(c->s->st, cur, ts) != 0) {
		*sb = *ab = 0;
		return (-1);
	}
	*sb = out ? ts->iss : ts->irs;
	*ab = out ? ts->irs : ts->iss;
	return (0);
}

/* A crafted frame waiting for its next hop's address. */
struct craft_wait {
	struct addr	dst;
};

/* Whether the next hop is resolved (the frame went) or given up. */
static int
craft_sent(struct cmd_ctx *c, void *arg, uint64_t *wake)
{
	struct craft_wait	*w = arg;

	(void)wake;
	return (!path_resolving(c->s, &w->dst));
}

/* The frame went, or (said already) no ARP/ND answer came. */
static enum cmd_status
craft_finish(struct cmd_ctx *c, void *arg, enum cmd_end how)
{
	struct craft_wait	*w = arg;
	uint8_t			 mac[6];

	if (neigh_lookup(c->s->nb, &w->dst, mac) == 0)
		return (CMD_OK);
	if (how == CMD_END_INTERRUPT)
		say_err("craft: interrupted while resolving the next hop");
	return (CMD_FAIL);
}

/*
 * Build the frame for seg with the spec's IP extras and send it, at once
 * or once its next hop is resolved (the command then waits for that).
 */
static enum cmd_status
craft_send(struct cmd_ctx *c, const struct seg *seg, const struct pdn_spec *p)
{
	static const uint8_t	 zero[6];
	struct session		*s = c->s;
	struct craft_wait	*w;
	struct pkt		 pk;
	uint8_t			 frame[65536 + 128], dmac[6];
	char			 err[WIRE_ERRLEN];
	ssize_t			 n;
	size_t			 l4;
	unsigned long		 failed;

	if (neigh_lookup(s->nb, &seg->dst, dmac) != 0)
		memcpy(dmac, zero, 6);	/* filled in once resolved */
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
		say_err("craft: pdn: id, df and ipopt are IPv4 fields, and "
		    "this segment is IPv6");
		return (CMD_USAGE);
	}
	if ((n = wire_build(&pk, 0, frame, sizeof frame, err,
	    sizeof err)) < 0) {
		say_err("craft: %s", err);
		return (CMD_FAIL);
	}
	if (p->badsum) {
		/* The TCP checksum sits 16 bytes into the TCP header. */
		l4 = 14 + (seg->src.family == 4 ? 20 + pk.ip4.opt_len : 40);
		frame[l4 + 16] ^= 0xff;
	}
	failed = path_failures(s);
	path_send_frame(s, &seg->dst, frame, (size_t)n, p->frag);
	if (path_failures(s) != failed)
		return (CMD_FAIL);	/* the link refused it; the error is said */
	if (!path_resolving(s, &seg->dst))
		return (CMD_OK);
	w = xcalloc(1, sizeof *w);
	w->dst = seg->dst;
	return (cmd_await(c, craft_sent, craft_finish, w, UINT64_MAX));
}

/* craft NOTATION ... */
static enum cmd_status
cmd_craft(struct cmd_ctx *c, int argc, char **argv)
{
	struct session		*s = c->s;
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
		say_err("craft: %s", err);
		free(p);
		return (CMD_USAGE);
	}
	memset(&seg, 0, sizeof seg);
	seg.proto = IPPROTO_TCP_;
	inconn = !p->has_to && craft_bases(c, 1, &ts, &sb, &ab) == 0 &&
	    ts.state != TCP_LISTEN;
	if (p->has_to) {
		if ((mine = session_addr(s, p->to.addr.family)) == NULL) {
			say_err("craft: we have no IPv%d address",
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
		say_err("craft: no connection to craft in; give `to HOST:PORT`");
		rc = CMD_USAGE;
		goto out;
	}
	if (!p->has_flags) {
		say_err("craft: pdn: the flags cannot be \"*\" in a segment to "
		    "send");
		rc = CMD_USAGE;
		goto out;
	}
	if (pdn_to_seg(p, sb, ab, &seg, err, sizeof err) != 0) {
		say_err("craft: %s", err);
		rc = CMD_USAGE;
		goto out;
	}
	if (seg.len == 0 && p->has_seq && p->seqlen > 0) {
		/* packetdrill sends zeros when LEN > 0 and no payload is given. */
		static uint8_t zeros[PDN_MAXPAYLOAD];
		seg.data = zeros;
		seg.len = p->seqlen < sizeof zeros ? p->seqlen : sizeof zeros;
	}
	rc = craft_send(c, &seg, p);
out:
	free(p);
	return (rc);
}

/* The expectation in progress: is it met? */
static int
expect_done(struct cmd_ctx *c, void *arg, uint64_t *wake)
{
	(void)arg;
	(void)wake;
	return (expect_matched(c->o->exp));
}

/* What an expect waits for, for its error. */
struct expect_wait {
	int	 out;
	char	*text;
};

/* The expectation was met, or say what the closest segment differed in. */
static enum cmd_status
expect_finish(struct cmd_ctx *c, void *arg, enum cmd_end how)
{
	struct expect_wait	*w = arg;
	struct expect		*x = c->o->exp;
	const char		*dir = w->out ? "outbound" : "inbound";
	char			 gone[96] = "";
	enum cmd_status		 rc = CMD_OK;

	expect_stop(x);
	if (!expect_matched(x)) {
		if (expect_gone(x) > 0)	/* frames older than decode keeps */
			(void)snprintf(gone, sizeof gone, " (%d earlier "
			    "%s passed over: their frames are no longer "
			    "kept)", expect_gone(x), expect_gone(x) == 1 ?
			    "segment" : "segments");
		if (expect_seen(x) == 0)
			say_err("expect: no %s segment %s (wanted: %s)%s", dir,
			    how == CMD_END_INTERRUPT ? "before the interrupt" :
			    "within the time limit", w->text, gone);
		else
			say_err("expect: none of %d %s segments matched %s; "
			    "the last one: %s (%s)%s", expect_seen(x), dir,
			    w->text, expect_last(x), expect_why(x), gone);
		rc = CMD_FAIL;
	}
	free(w->text);
	return (rc);
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
cmd_expect(struct cmd_ctx *c, int argc, char **argv)
{
	struct tcp_status	 ts;
	struct pdn_spec		*spec;
	struct expect_wait	*w;
	char			*text, *wi, err[PDN_ERRLEN], *end;
	long			 secs = 3;
	size_t			 n;
	unsigned		 cur = conns_cur(c->o->conns);
	int			 out = 0;

	text = xstrdup(argc > 1 ? argv[1] : "");
	n = strcspn(text, " \t");
	if (expect_dir(text, n, &out))
		memmove(text, text + n + strspn(text + n, " \t"),
		    strlen(text + n + strspn(text + n, " \t")) + 1);
	if ((wi = strstr(text, " within ")) != NULL) {
		secs = strtol(wi + 8, &end, 10);
		if (*end != '\0' || secs <= 0 || secs > 86400) {
			say_err("expect: bad time \"%s\" after within: seconds "
			    "1-86400", wi + 8);
			free(text);
			return (CMD_USAGE);
		}
		*wi = '\0';
	}
	spec = xcalloc(1, sizeof *spec);
	if (pdn_parse(text, spec, err, sizeof err) != 0) {
		say_err("expect: %s", err);
		free(spec);
		free(text);
		return (CMD_USAGE);
	}
	/* What went by since the last match counts. */
	expect_start(c->o->exp, spec, out, cur != 0 &&
	    tcp_status(c->s->st, cur, &ts) == 0 ? cur : 0);
	free(spec);
	w = xcalloc(1, sizeof *w);
	w->out = out;
	w->text = text;
	return (cmd_await(c, expect_done, expect_finish, w,
	    now_us() + (uint64_t)secs * TCP_SEC));
}
