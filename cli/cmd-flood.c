/*
 * cli/cmd-flood.c - `flood syn|rst HOST:PORT [count=N] [rate=R]
 * [spoof=RANGE]`: the SYN-flood experiment (RFC 4987), or a flood of
 * resets, through the batched fast path in craft/flood.c, while the loop
 * keeps answering the peer.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "capture/neigh.h"
#include "cli/cmd.h"
#include "cli/session.h"
#include "craft/flood.h"

#define FLOOD_BURST	1024	/* frames per loop turn at full speed */

static enum cmd_status cmd_flood(struct session *, int, char **);

const struct cmd_entry cmd_flood_entry = {
	"flood", NULL, "syn|rst HOST:PORT [count=N] [rate=PPS] [spoof=LO-HI|ADDR/N]", 2, 5, 0,
	"send a SYN flood (fast path): fill the peer's SYN queue, see SYN cookies",
	"count (default 1000) SYNs, each with its own source port and ISN, at\n"
	"rate per second (default: as fast as possible). spoof= draws source\n"
	"addresses from a range (e.g. spoof=10.0.0.100-10.0.0.199 or\n"
	"spoof=10.0.0.128/25): the peer's SYN-ACKs then go nowhere and its SYN\n"
	"queue fills, so Linux answers with SYN cookies (lab exec nstat -az\n"
	"TcpExtSyncookiesSent). Without spoof the SYNs come from our address and\n"
	"our stack resets every SYN-ACK. The flood's frames are not printed.\n"
	"flood rst sends resets instead, each from its own port with its own\n"
	"sequence number: a closed port drops them without a word (RFC 9293\n"
	"§3.10.7.1), so they load the peer's capture and nothing else (the\n"
	"diagram's 100,000 segments a second).",
	cmd_flood
};

struct flood_run {
	struct flood	*f;
	uint64_t	 count;
	uint64_t	 sent;
	double		 rate;		/* 0: as fast as possible */
	uint64_t	 start;
	char		*cause;
	int		 failed;
};

/* Send what the rate allows by now; done when all are out (or on error). */
static int
flood_step(struct session *s, void *arg)
{
	struct flood_run	*r = arg;
	uint64_t		 due, burst = 0;
	int			 n, want;

	due = r->rate > 0 ? (uint64_t)((now_us() - r->start) / 1e6 * r->rate) + 1 :
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
	/* Behind schedule (or no rate at all): the loop must not sleep. */
	s->busy = r->sent < due || (r->rate == 0 && r->sent < r->count);
	return (r->sent >= r->count);
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

/* flood syn HOST:PORT [count=N] [rate=R] [spoof=RANGE] */
static enum cmd_status
cmd_flood(struct session *s, int argc, char **argv)
{
	struct flood_run	 r;
	struct endpoint		 dst;
	struct addr		 lo, hi;
	const struct addr	*mine;
	const char		*cause;
	char			*end, *ecause = NULL, a[64], b[64];
	uint8_t			 dmac[6];
	double			 secs;
	int			 i, spoof = 0, rc;
	uint16_t		 flags;

	memset(&r, 0, sizeof r);
	r.count = 1000;
	if (strcmp(argv[1], "syn") == 0)
		flags = TH_SYN;
	else if (strcmp(argv[1], "rst") == 0)
		flags = TH_RST;
	else {
		say_err(s, "flood: unknown kind \"%s\" (syn or rst)", argv[1]);
		return (CMD_USAGE);
	}
	if (endpoint_parse(&dst, argv[2], &cause) != 0) {
		say_err(s, "flood: bad address \"%s\": %s", argv[2], cause);
		return (CMD_USAGE);
	}
	for (i = 3; i < argc; i++) {
		if (strncmp(argv[i], "count=", 6) == 0) {
			r.count = strtoull(argv[i] + 6, &end, 10);
			if (argv[i][6] == '\0' || *end != '\0' || r.count == 0 ||
			    r.count > 100000000ULL) {
				say_err(s, "flood: bad count \"%s\" (1-100000000)",
				    argv[i] + 6);
				return (CMD_USAGE);
			}
		} else if (strncmp(argv[i], "rate=", 5) == 0) {
			r.rate = strtod(argv[i] + 5, &end);
			if (argv[i][5] == '\0' || *end != '\0' || r.rate <= 0) {
				say_err(s, "flood: bad rate \"%s\" (segments "
				    "per second)", argv[i] + 5);
				return (CMD_USAGE);
			}
		} else if (strncmp(argv[i], "spoof=", 6) == 0) {
			if (flood_range(argv[i] + 6, &lo, &hi) != 0) {
				say_err(s, "flood: bad spoof range \"%s\" (IPv4 "
				    "LO-HI or ADDR/N)", argv[i] + 6);
				return (CMD_USAGE);
			}
			spoof = 1;
		} else {
			say_err(s, "flood: unexpected \"%s\" (count=, rate=, "
			    "spoof=)", argv[i]);
			return (CMD_USAGE);
		}
	}
	if ((mine = session_addr(s, dst.addr.family)) == NULL) {
		say_err(s, "flood: we have no IPv%d address", dst.addr.family);
		return (CMD_USAGE);
	}
	if (spoof && dst.addr.family != 4) {
		say_err(s, "flood: spoof ranges are IPv4 only");
		return (CMD_USAGE);
	}
	if (neigh_lookup(s->nb, &dst.addr, dmac) != 0 &&
	    session_resolve(s, &dst.addr, dmac) != 0) {
		say_err(s, "flood: %s: no ARP/ND answer", argv[2]);
		return (CMD_FAIL);
	}
	r.f = flood_new(flags, spoof ? &lo : mine, spoof ? &hi : NULL, &dst.addr,
	    dst.port, s->mac, dmac, now_us(), &ecause);
	if (r.f == NULL || flood_open(r.f, s->ifname, &ecause) != 0) {
		say_err(s, "%s", ecause);
		free(ecause);
		flood_free(r.f);
		return (CMD_FAIL);
	}
	r.start = now_us();
	s->child_running = 1;	/* wake often: the rate is kept from the loop */
	rc = loop_until(s, flood_step, &r, TCP_NEVER);
	s->child_running = 0;
	s->busy = 0;
	secs = (now_us() - r.start) / 1e6;
	flood_free(r.f);
	if (r.failed) {
		say_err(s, "%s", r.cause);
		free(r.cause);
		return (CMD_FAIL);
	}
	say(s, "* flood: %llu %ss to %s in %.3f s (%.0f/s) from %s%s%s",
	    (unsigned long long)r.sent, flags & TH_SYN ? "SYN" : "RST", argv[2], secs, secs > 0 ?
	    r.sent / secs : 0.0, addr_fmt(spoof ? &lo : mine, a, sizeof a),
	    spoof ? "-" : "", spoof ? addr_fmt(&hi, b, sizeof b) : "");
	return (rc == -1 ? CMD_FAIL : CMD_OK);
}
