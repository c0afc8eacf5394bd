/*
 * cli/cmd/cmd-flood.c - `flood syn|rst HOST:PORT [count=N] [rate=R]
 * [spoof=RANGE] [seed=N] [threads=N]`: the SYN-flood experiment (RFC
 * 4987), or a flood of resets, through the batched fast path in
 * craft/flood.c.  At full speed the frames go from a sender thread per CPU
 * (craft/flood-mt.c) while the session's loop goes on answering the peer
 * and the prompt; at a rate, from the loop itself (a waiting command).
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "capture/neigh.h"
#include "cli/cmd/cmd.h"
#include "cli/obs/out.h"
#include "cli/run/loop.h"
#include "cli/run/path.h"
#include "cli/run/session.h"
#include "core/xmalloc.h"
#include "craft/flood.h"
#include "craft/cpus.h"
#include "craft/flood-mt.h"

#define FLOOD_BURST	1024	/* frames per loop turn of a paced flood that is behind */

static enum cmd_status cmd_flood(struct cmd_ctx *, int, char **);

const struct cmd_entry cmd_flood_entry = {
	.name = "flood",
	.usage = "syn|rst HOST:PORT [count=N] [rate=PPS] [spoof=LO-HI|ADDR/N] [seed=N] [threads=N]",
	.min_args = 2,
	.max_args = 7,
	.help = "send a SYN flood (fast path): fill the peer's SYN queue, see SYN cookies",
	.detail = "count (default 1000) SYNs, each with its own source port and ISN, at\n"
	    "rate per second (default: as fast as possible). spoof= draws source\n"
	    "addresses from a range (e.g. spoof=10.0.0.100-10.0.0.199 or\n"
	    "spoof=10.0.0.128/25): the peer's SYN-ACKs then go nowhere and its SYN\n"
	    "queue fills, so Linux answers with SYN cookies (lab exec nstat -az\n"
	    "TcpExtSyncookiesSent). Without spoof the SYNs come from our address and\n"
	    "our stack resets every SYN-ACK. The flood's frames are not printed.\n"
	    "seed= fixes the draw of addresses, ports and ISNs, so that a flood\n"
	    "can be sent again frame for frame (default: the clock).\n"
	    "Without rate= the flood goes from threads= sender threads (default:\n"
	    "one per CPU, at most 64), each with its own packet socket and\n"
	    "transmit ring, past the interface's queueing discipline; the prompt\n"
	    "stays live and Ctrl-C stops the flood. With rate= one sender paces\n"
	    "it.\n"
	    "flood rst sends resets instead, each from its own port with its own\n"
	    "sequence number: a closed port drops them without a word (RFC 9293\n"
	    "§3.10.7.1), so they load the peer's capture and nothing else (the\n"
	    "diagram's 100,000 segments a second).",
	.exec = cmd_flood,
};

struct flood_run {
	struct flood	*f;		/* NULL until the next hop is resolved */
	uint16_t	 flags;		/* TH_SYN or TH_RST */
	struct addr	 lo, hi;	/* our address, or the spoof range */
	int		 spoof;
	struct endpoint	 dst;
	char		 to[64];	/* HOST:PORT as typed */
	uint64_t	 count;
	uint64_t	 sent;
	double		 rate;		/* 0: as fast as possible */
	uint64_t	 seed;		/* of the draw; the clock when not given */
	uint64_t	 start;
	int		 threads;	/* senders at full speed */
	struct flood_mt	*mt;		/* the senders, at full speed */
	struct loop_fd	*lf;		/* the loop's watch on them */
	char		*cause;
	int		 failed;
};

/* The senders have finished: the loop's turn checks the flood. */
static void
flood_woken(void *arg)
{
	(void)arg;
}

/* Open the fast path once the next hop's MAC is known; 0, or -1 (r->cause). */
static int
flood_begin(struct cmd_ctx *c, struct flood_run *r, const uint8_t dmac[6])
{
	r->f = flood_new(r->flags, &r->lo, r->spoof ? &r->hi : NULL,
	    &r->dst.addr, r->dst.port, c->s->mac, dmac, r->seed, &r->cause);
	if (r->f == NULL) {
		r->failed = 1;
		return (-1);
	}
	r->start = now_us();
	if (r->rate > 0) {
		if (flood_open(r->f, c->s->ifname, &r->cause) != 0) {
			r->failed = 1;
			return (-1);
		}
		return (0);
	}
	r->mt = flood_mt_start(r->f, c->s->ifname, r->count, r->threads,
	    &r->cause);
	if (r->mt == NULL) {
		r->failed = 1;
		return (-1);
	}
	r->lf = loop_fd_add(c->s, flood_mt_fd(r->mt), flood_woken, r);
	return (0);
}

/*
 * Send what the rate allows by now; done when all are out (or on error).
 * *wake: at once while behind, else when the next segment is due.
 */
static int
flood_step(struct cmd_ctx *c, void *arg, uint64_t *wake)
{
	struct flood_run	*r = arg;
	uint64_t		 due, burst = 0, now = now_us();
	uint8_t			 dmac[6];
	int			 n, want;

	if (r->f == NULL) {
		if (neigh_lookup(c->s->nb, &r->dst.addr, dmac) != 0)
			return (!path_resolving(c->s, &r->dst.addr));
		if (flood_begin(c, r, dmac) != 0)
			return (1);
		now = r->start;
	}
	if (r->mt != NULL) {
		/* The senders say when they are done; nothing to do till then. */
		r->sent = flood_mt_sent(r->mt);
		return (flood_mt_done(r->mt));
	}
	due = r->rate > 0 ? (uint64_t)((now - r->start) / 1e6 * r->rate) + 1 :
	    r->count;
	if (due > r->count)
		due = r->count;
	while (r->sent < due && burst < FLOOD_BURST) {
		want = due - r->sent > FLOOD_BATCH ? FLOOD_BATCH :
		    (int)(due - r->sent);
		if ((n = flood_send(r->f, r->sent, want, &r->cause)) < 0) {
			r->failed = 1;
			return (1);
		}
		if (n == 0)
			break;		/* the interface queue is full */
		r->sent += (uint64_t)n;
		burst += (uint64_t)n;
	}
	if (r->sent >= r->count)
		return (1);
	/* Behind schedule (or no rate at all): the loop must not sleep. */
	if (r->rate == 0 || r->sent < due)
		*wake = now;
	else
		*wake = r->start + (uint64_t)(r->sent / r->rate * 1e6);
	return (0);
}

/* The flood is over: say how it went. */
static enum cmd_status
flood_finish(struct cmd_ctx *c, void *arg, enum cmd_end how)
{
	struct flood_run	*r = arg;
	double			 secs;
	char			 a[64], b[64];

	if (r->mt != NULL) {
		loop_fd_del(c->s, r->lf);
		r->sent = flood_mt_stop(r->mt, &r->cause);
		if (r->cause != NULL)
			r->failed = 1;
	}
	flood_free(r->f);
	if (r->f == NULL && !r->failed) {
		say_err("flood: %s: no ARP/ND answer", r->to);
		return (CMD_FAIL);
	}
	if (r->failed) {
		say_err("%s", r->cause);
		free(r->cause);
		return (CMD_FAIL);
	}
	secs = (now_us() - r->start) / 1e6;
	say("* flood: %llu %ss to %s in %.3f s (%.0f/s) from %s%s%s",
	    (unsigned long long)r->sent, r->flags & TH_SYN ? "SYN" : "RST",
	    r->to, secs, secs > 0 ? r->sent / secs : 0.0,
	    addr_fmt(&r->lo, a, sizeof a), r->spoof ? "-" : "",
	    r->spoof ? addr_fmt(&r->hi, b, sizeof b) : "");
	return (how == CMD_END_DONE ? CMD_OK : CMD_FAIL);
}

/* Parse "LO-HI" or "ADDR/N" (IPv4) into lo and hi; 0 or -1. */
static int
flood_range(const char *v, struct addr *lo, struct addr *hi)
{
	char		 buf[64], *sep, *end;
	unsigned long	 bits;
	uint32_t	 a, mask;

	if (strlen(v) >= sizeof buf)
		return (-1);
	strcpy(buf, v);
	if ((sep = strchr(buf, '-')) != NULL) {
		*sep++ = '\0';
		if (addr_parse(lo, buf) != 0 || addr_parse(hi, sep) != 0 ||
		    lo->family != 4 || hi->family != 4)
			return (-1);
		return (memcmp(lo->a, hi->a, 4) <= 0 ? 0 : -1);
	}
	if ((sep = strchr(buf, '/')) == NULL)
		return (-1);
	*sep++ = '\0';
	bits = strtoul(sep, &end, 10);
	if (*end != '\0' || bits < 8 || bits > 32 || addr_parse(lo, buf) != 0 ||
	    lo->family != 4)
		return (-1);
	memcpy(&a, lo->a, 4);
	mask = bits == 32 ? 0xffffffffU : ~(0xffffffffU >> bits);
	a = htonl(ntohl(a) & mask);
	memcpy(lo->a, &a, 4);
	*hi = *lo;
	a = htonl(ntohl(a) | ~mask);
	memcpy(hi->a, &a, 4);
	return (0);
}

/* flood syn|rst HOST:PORT [count=N] [rate=R] [spoof=RANGE] [seed=N] [threads=N] */
static enum cmd_status
cmd_flood(struct cmd_ctx *c, int argc, char **argv)
{
	struct flood_run	*r;
	struct endpoint		 dst;
	struct addr		 lo, hi;
	const struct addr	*mine;
	char			 err[SEG_ERRLEN], *end;
	uint64_t		 count = 1000, seed = now_us();
	double			 rate = 0;
	int			 i, spoof = 0, threads = 0;
	unsigned long		 n;
	uint16_t		 flags;

	if (strcmp(argv[1], "syn") == 0)
		flags = TH_SYN;
	else if (strcmp(argv[1], "rst") == 0)
		flags = TH_RST;
	else {
		say_err("flood: unknown kind \"%s\" (%ssyn or rst)", argv[1],
		    cmd_did_you_mean(argv[1], "syn rst"));
		return (CMD_USAGE);
	}
	if (endpoint_parse(&dst, argv[2], err, sizeof err) != 0) {
		say_err("flood: bad address \"%s\": %s", argv[2], err);
		return (CMD_USAGE);
	}
	for (i = 3; i < argc; i++) {
		if (strncmp(argv[i], "count=", 6) == 0) {
			count = strtoull(argv[i] + 6, &end, 10);
			if (argv[i][6] == '\0' || *end != '\0' || count == 0 ||
			    count > 100000000ULL) {
				say_err("flood: bad count \"%s\" (1-100000000)",
				    argv[i] + 6);
				return (CMD_USAGE);
			}
		} else if (strncmp(argv[i], "rate=", 5) == 0) {
			rate = strtod(argv[i] + 5, &end);
			if (argv[i][5] == '\0' || *end != '\0' || rate <= 0) {
				say_err("flood: bad rate \"%s\" (segments "
				    "per second)", argv[i] + 5);
				return (CMD_USAGE);
			}
		} else if (strncmp(argv[i], "spoof=", 6) == 0) {
			if (flood_range(argv[i] + 6, &lo, &hi) != 0) {
				say_err("flood: bad spoof range \"%s\" (IPv4 "
				    "LO-HI or ADDR/N)", argv[i] + 6);
				return (CMD_USAGE);
			}
			spoof = 1;
		} else if (strncmp(argv[i], "seed=", 5) == 0) {
			seed = strtoull(argv[i] + 5, &end, 10);
			if (argv[i][5] == '\0' || *end != '\0' ||
			    argv[i][5] == '-') {
				say_err("flood: bad seed \"%s\" (a number)",
				    argv[i] + 5);
				return (CMD_USAGE);
			}
		} else if (strncmp(argv[i], "threads=", 8) == 0) {
			n = strtoul(argv[i] + 8, &end, 10);
			if (argv[i][8] == '\0' || *end != '\0' || n == 0 ||
			    n > FLOOD_THREADS_MAX || argv[i][8] == '-') {
				say_err("flood: bad threads \"%s\" (1-%d)",
				    argv[i] + 8, FLOOD_THREADS_MAX);
				return (CMD_USAGE);
			}
			threads = (int)n;
		} else {
			say_err("flood: unexpected \"%s\" (count=, rate=, "
			    "spoof=, seed=, threads=)", argv[i]);
			return (CMD_USAGE);
		}
	}
	if (threads != 0 && rate > 0) {
		say_err("flood: threads= is for a flood at full speed; rate= "
		    "paces one sender");
		return (CMD_USAGE);
	}
	if ((mine = session_addr(c->s, dst.addr.family)) == NULL) {
		say_err("flood: we have no IPv%d address", dst.addr.family);
		return (CMD_USAGE);
	}
	if (spoof && dst.addr.family != 4) {
		say_err("flood: spoof ranges are IPv4 only");
		return (CMD_USAGE);
	}
	r = xcalloc(1, sizeof *r);
	r->flags = flags;
	r->lo = spoof ? lo : *mine;
	if (spoof)
		r->hi = hi;
	r->spoof = spoof;
	r->dst = dst;
	snprintf(r->to, sizeof r->to, "%s", argv[2]);
	r->count = count;
	r->rate = rate;
	r->seed = seed;
	r->threads = threads != 0 ? threads : cpus_usable();
	r->start = now_us();
	path_resolve(c->s, &dst.addr);
	return (cmd_await(c, flood_step, flood_finish, r, UINT64_MAX));
}
