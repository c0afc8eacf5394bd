/*
 * core/knobs.c - every tunable of the engine by name: type, unit, limits
 * and one line of help, for `set`/`show`, the man page and the tests.
 * Defaults follow Linux (tcp_cfg_default) so lessons match real machines.
 */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/nearest.h"
#include "core/tcp.h"

#define K(name, type, field, lo, hi, help) \
	{ name, type, offsetof(struct tcp_cfg, field), sizeof(((struct tcp_cfg *)0)->field), lo, hi, help }

static const struct tcp_knob knobs[] = {
	K("mss", KNOB_UINT, mss, 0, 65495,
	    "MSS we advertise; 0: from the MTU (MTU - 40 or - 60)"),
	K("mtu", KNOB_UINT, mtu, 68, 65535, "link MTU the MSS is derived from"),
	K("rcvbuf", KNOB_UINT, rcv_buf, 1, 1U << 30, "receive buffer: the most window we offer (bytes)"),
	K("sndbuf", KNOB_UINT, snd_buf, 1, 1U << 30, "send buffer: the most data SEND may queue (bytes)"),
	K("wscale", KNOB_BOOL, opt_wscale, 0, 1, "offer window scaling (RFC 7323)"),
	K("wscale.shift", KNOB_UINT, wscale, 0, 14, "our window scale shift"),
	K("timestamps", KNOB_BOOL, opt_ts, 0, 1, "offer timestamps and use PAWS (RFC 7323)"),
	K("sack", KNOB_BOOL, opt_sack, 0, 1, "offer SACK (RFC 2018)"),
	K("rto.init", KNOB_TIME, rto_init, 1000, 600000000ULL, "initial RTO (RFC 6298: 1 s)"),
	K("rto.min", KNOB_TIME, rto_min, 1000, 600000000ULL, "lowest RTO (Linux: 200 ms)"),
	K("rto.max", KNOB_TIME, rto_max, 1000, 600000000ULL, "highest RTO (Linux: 120 s)"),
	K("syn_retries", KNOB_UINT, syn_retries, 0, 127, "SYN retransmissions before OPEN fails (Linux: 6)"),
	K("synack_retries", KNOB_UINT, synack_retries, 0, 127, "SYN-ACK retransmissions before giving up (Linux: 5)"),
	K("retries2", KNOB_UINT, retries2, 0, 127, "data retransmissions before the connection is dropped (Linux: 15)"),
	K("user_timeout", KNOB_TIME, user_timeout, 0, 86400000000ULL, "drop when data stays unacknowledged this long; 0: off (RFC 5482)"),
	K("time_wait", KNOB_TIME, time_wait, 0, 86400000000ULL, "TIME-WAIT duration, 2*MSL (Linux: 60 s)"),
	K("fin_wait2", KNOB_TIME, fin_wait2, 0, 86400000000ULL, "FIN-WAIT-2 timeout after close (Linux: 60 s)"),
	K("keepalive", KNOB_BOOL, keepalive, 0, 1, "send keepalive probes (RFC 1122 §4.2.3.6; off by default)"),
	K("keepalive.idle", KNOB_TIME, ka_idle, 1000000, 86400000000ULL, "idle time before the first probe (7200 s)"),
	K("keepalive.intvl", KNOB_TIME, ka_intvl, 1000000, 86400000000ULL, "time between probes (75 s)"),
	K("keepalive.probes", KNOB_UINT, ka_probes, 1, 127, "unanswered probes before the peer is declared dead (9)"),
	K("delack", KNOB_BOOL, delack, 0, 1, "delay ACKs (RFC 1122 §4.2.3.2)"),
	K("delack.time", KNOB_TIME, delack_time, 1000, 500000, "longest delay of an ACK (Linux: 40 ms)"),
	K("nagle", KNOB_BOOL, nagle, 0, 1, "Nagle's algorithm (RFC 896, RFC 9293 §3.7.4)"),
	K("syncookies", KNOB_UINT, syncookies, 0, 2, "0 off, 1 when the SYN queue is full, 2 always (Linux tcp_syncookies)"),
	K("syn_backlog", KNOB_UINT, syn_backlog, 1, 65535, "SYN queue: half-open connections per listener"),
	K("backlog", KNOB_UINT, backlog, 1, 65535, "accept queue: established connections not yet accepted"),
	K("challenge_acks", KNOB_UINT, chal_limit, 0, 100000, "challenge ACKs per connection per 5 s (RFC 5961 §7)"),
	K("rfc5961", KNOB_BOOL, rfc5961, 0, 1, "RFC 5961 checks (challenge ACKs); off: RFC 793 - an in-window RST or SYN resets"),
	K("synfin_drop", KNOB_BOOL, synfin_drop, 0, 1, "drop a SYN with FIN at a listener (Linux); off: answer its SYN"),
	K("tw_reuse", KNOB_BOOL, tw_reuse, 0, 1, "allow a new connection on a 4-tuple still in TIME-WAIT"),
	K("reasm_limit", KNOB_UINT, reasm_limit, 0, 1U << 30, "out-of-order queue memory per connection: bytes + 128 per block, also bounded by rcv_buf"),
	K("frag.time", KNOB_TIME, frag_time, 1000000, 3600000000ULL, "how long IPv4 fragments wait for the rest (Linux: 30 s)"),
	K("frag6.time", KNOB_TIME, frag6_time, 1000000, 3600000000ULL, "how long IPv6 fragments wait for the rest (RFC 8200: 60 s)"),
	K("frag.mem", KNOB_UINT, frag_mem, 65536, 1U << 30, "bytes of fragments kept for reassembly, per family (Linux: 4 MB)"),
	K("pmtu.expires", KNOB_TIME, pmtu_expires, 1000000, 86400000000ULL, "a path MTU learnt from ICMP is forgotten after (Linux: 600 s)"),
	K("udp_unreach", KNOB_BOOL, udp_unreach, 0, 1, "answer UDP to closed ports with ICMP port unreachable"),
	K("isn", KNOB_UINT, isn, 0, 0xffffffffU, "fixed ISN for new connections; 0: RFC 6528 (keyed hash + 4 µs clock)"),
	K("ttl", KNOB_UINT, ttl, 1, 255, "IPv4 TTL and IPv6 hop limit of what we send (Linux: 64)"),
	K("tos", KNOB_UINT, tos, 0, 255, "IPv4 TOS / IPv6 traffic class of what we send (DSCP << 2 | ECN)"),
	K("port_lo", KNOB_UINT, port_lo, 1, 65535, "ephemeral port range, low end (32768)"),
	K("port_hi", KNOB_UINT, port_hi, 1, 65535, "ephemeral port range, high end (60999)"),
	K("abs_seq", KNOB_BOOL, abs_seq, 0, 1, "print absolute sequence numbers in packet lines and messages (tcpdump -S); off: relative to the ISNs"),
};

/* Fill c with Linux-like defaults. */
void
tcp_cfg_default(struct tcp_cfg *c)
{
	memset(c, 0, sizeof *c);
	c->mtu = 1500;
	c->rcv_buf = 131072;
	c->snd_buf = 1U << 22;
	c->opt_wscale = true;
	c->wscale = 7;
	c->opt_ts = true;
	c->opt_sack = true;
	c->rto_init = 1 * TCP_SEC;
	c->rto_min = 200 * TCP_MS;
	c->rto_max = 120 * TCP_SEC;
	c->syn_retries = 6;
	c->synack_retries = 5;
	c->retries2 = 15;
	c->time_wait = 60 * TCP_SEC;
	c->frag_time = 30 * TCP_SEC;
	c->frag6_time = 60 * TCP_SEC;
	c->frag_mem = 4U << 20;
	c->pmtu_expires = 600 * TCP_SEC;
	c->fin_wait2 = 60 * TCP_SEC;
	c->ka_idle = 7200 * TCP_SEC;
	c->ka_intvl = 75 * TCP_SEC;
	c->ka_probes = 9;
	c->delack = true;
	c->delack_time = 40 * TCP_MS;
	c->nagle = true;
	c->syncookies = 1;
	c->syn_backlog = 128;
	c->backlog = 128;
	c->chal_limit = 10;
	c->rfc5961 = true;
	c->synfin_drop = true;
	c->reasm_limit = 1U << 20;
	c->udp_unreach = true;
	c->ttl = 64;
	c->port_lo = 32768;
	c->port_hi = 60999;
}

/* The knob table and its length. */
const struct tcp_knob *
tcp_knobs(size_t *n)
{
	*n = sizeof knobs / sizeof knobs[0];
	return (knobs);
}

/* The knob called name, or NULL. */
const struct tcp_knob *
tcp_knob_find(const char *name)
{
	size_t	i;

	for (i = 0; i < sizeof knobs / sizeof knobs[0]; i++)
		if (strcasecmp(knobs[i].name, name) == 0)
			return (&knobs[i]);
	return (NULL);
}

/* Say that there is no setting called name, and the one meant if a typo away. */
void
tcp_knob_unknown(const char *name, char *err, size_t len)
{
	char		 names[1024];
	const char	*near;
	size_t		 i, o = 0;

	names[0] = '\0';
	for (i = 0; i < sizeof knobs / sizeof knobs[0] && o < sizeof names; i++)
		o += (size_t)snprintf(names + o, sizeof names - o, "%s ",
		    knobs[i].name);
	if ((near = nearest_word(name, names)) != NULL)
		snprintf(err, len, "unknown setting \"%s\" (did you mean "
		    "\"%s\"? see show)", name, near);
	else
		snprintf(err, len, "unknown setting \"%s\" (see show)", name);
}

/* Read a knob's value from c as an unsigned number. */
static unsigned long long
knob_load(const struct tcp_knob *k, const struct tcp_cfg *c)
{
	const char	*p = (const char *)c + k->off;

	switch (k->size) {
	case 1: return (*(const uint8_t *)p);
	case 2: return (*(const uint16_t *)p);
	case 4: return (*(const uint32_t *)p);
	default: return (*(const uint64_t *)p);
	}
}

/* Store v into a knob's field of c. */
static void
knob_store(const struct tcp_knob *k, struct tcp_cfg *c, unsigned long long v)
{
	char	*p = (char *)c + k->off;

	switch (k->size) {
	case 1: *(uint8_t *)p = (uint8_t)v; break;
	case 2: *(uint16_t *)p = (uint16_t)v; break;
	case 4: *(uint32_t *)p = (uint32_t)v; break;
	default: *(uint64_t *)p = (uint64_t)v; break;
	}
}

/* Parse a duration ("200ms", "60s", "2m", "1h", "500us"; bare: seconds) in µs. */
static int
knob_parse_time(const char *s, double *out)
{
	char		*end;
	double		 v;
	double		 mul = 1e6;

	if (!isdigit((unsigned char)*s) && *s != '.')
		return (-1);
	errno = 0;
	v = strtod(s, &end);
	if (errno != 0 || end == s || !isfinite(v) || v < 0)
		return (-1);
	if (strcmp(end, "us") == 0)
		mul = 1;
	else if (strcmp(end, "ms") == 0)
		mul = 1e3;
	else if (*end == '\0' || strcmp(end, "s") == 0)
		mul = 1e6;
	else if (strcmp(end, "m") == 0 || strcmp(end, "min") == 0)
		mul = 60e6;
	else if (strcmp(end, "h") == 0)
		mul = 3600e6;
	else
		return (-1);
	*out = v * mul;
	return (0);
}

/* Format a duration of us microseconds in the largest unit that is exact. */
char *
tcp_time_format(unsigned long long us, char *buf, size_t len)
{
	if (us % 1000000 == 0)
		snprintf(buf, len, "%llus", us / 1000000);
	else if (us % 1000 == 0)
		snprintf(buf, len, "%llums", us / 1000);
	else
		snprintf(buf, len, "%lluus", us);
	return (buf);
}

/*
 * Parse a duration of lo to hi µs; 0, or -1 with err naming what (and the
 * range in time units, not in microseconds).  Nothing that overflows wraps.
 */
int
tcp_time_parse(const char *what, const char *text, unsigned long long lo,
    unsigned long long hi, unsigned long long *out, char *err, size_t len)
{
	double	us;
	char	l[32], h[32];

	if (knob_parse_time(text, &us) != 0) {
		snprintf(err, len, "%s: \"%s\" is not a duration "
		    "(e.g. 200ms, 60s, 2m)", what, text);
		return (-1);
	}
	/* Compare as double: a value past 2^64 µs must not wrap into range. */
	if (us + 0.5 < (double)lo || us >= (double)hi + 0.5) {
		snprintf(err, len, "%s: %s is outside %s-%s", what, text,
		    tcp_time_format(lo, l, sizeof l),
		    tcp_time_format(hi, h, sizeof h));
		return (-1);
	}
	*out = (unsigned long long)(us + 0.5);
	return (0);
}

/* Set knob name in c from text; 0, or -1 with a message in err (len bytes). */
int
tcp_knob_set(struct tcp_cfg *c, const char *name, const char *text,
    char *err, size_t len)
{
	const struct tcp_knob	*k = tcp_knob_find(name);
	unsigned long long	 v;
	char			*end;

	if (k == NULL) {
		tcp_knob_unknown(name, err, len);
		return (-1);
	}
	switch (k->type) {
	case KNOB_BOOL:
		if (strcasecmp(text, "on") == 0 || strcmp(text, "1") == 0 ||
		    strcasecmp(text, "yes") == 0 || strcasecmp(text, "true") == 0)
			v = 1;
		else if (strcasecmp(text, "off") == 0 || strcmp(text, "0") == 0 ||
		    strcasecmp(text, "no") == 0 || strcasecmp(text, "false") == 0)
			v = 0;
		else {
			snprintf(err, len, "%s: \"%s\" is not on or off", name,
			    text);
			return (-1);
		}
		break;
	case KNOB_TIME:
		if (tcp_time_parse(name, text, k->lo, k->hi, &v, err, len) != 0)
			return (-1);
		break;
	default:
		/* Decimal, or hexadecimal with 0x: never octal ("010" is 10). */
		errno = 0;
		if (strncasecmp(text, "0x", 2) == 0 &&
		    isxdigit((unsigned char)text[2]))
			v = strtoull(text + 2, &end, 16);
		else
			v = strtoull(text, &end, 10);
		if (*text == '\0' || *end != '\0' ||
		    !isdigit((unsigned char)*text)) {
			snprintf(err, len, "%s: \"%s\" is not a number", name,
			    text);
			return (-1);
		}
		if (errno == ERANGE || v < k->lo || v > k->hi) {
			snprintf(err, len, "%s: %s is outside %llu-%llu", name,
			    text, k->lo, k->hi);
			return (-1);
		}
		break;
	}
	knob_store(k, c, v);
	if (c->port_lo > c->port_hi) {
		unsigned lo = c->port_lo;
		c->port_lo = c->port_hi;
		c->port_hi = (uint16_t)lo;
	}
	return (0);
}

/* Format knob k's value in c into buf ("on", "200ms", "1460"). */
char *
tcp_knob_get(const struct tcp_knob *k, const struct tcp_cfg *c, char *buf,
    size_t len)
{
	unsigned long long	v = knob_load(k, c);

	switch (k->type) {
	case KNOB_BOOL:
		snprintf(buf, len, "%s", v ? "on" : "off");
		break;
	case KNOB_TIME:
		tcp_time_format(v, buf, len);
		break;
	default:
		snprintf(buf, len, "%llu", v);
		break;
	}
	return (buf);
}
