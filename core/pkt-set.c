/*
 * core/pkt-set.c - a script's settings for a run (core/pkt-run.h): its
 * --options (tolerance, IP version, addresses) and the Linux sysctls its
 * shell lines set (core/pkt-shell.c), mapped onto tcpx settings where one
 * exists.  A sysctl whose only value tcpx behaves as is accepted at that
 * value; everything else is listed as skipped, never silently ignored.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/pkt-run-int.h"

#define PS_RMEM_MAX	212992	/* Linux net.core.rmem_max by default */
#define PS_MAX_WSCALE	14	/* RFC 7323 §2.3 */

/* How a sysctl's value becomes a setting. */
enum ps_how {
	PS_PLAIN,	/* the number as it is */
	PS_BOOL,	/* 0 off, anything else on */
	PS_SECONDS,	/* a number of seconds */
	PS_MSEC,	/* a number of milliseconds */
	PS_USEC,	/* a number of microseconds */
	PS_TW_REUSE,	/* 1 on; 0 and 2 (loopback only) off */
	PS_RMEM,	/* "min default max": rcvbuf, and wscale.shift */
	PS_WMEM,	/* "min default max": sndbuf */
	PS_RMEM_MAXV,	/* net.core.rmem_max: wscale.shift */
	PS_FIXED,	/* no setting: tcpx always behaves as value `fixed` */
	PS_NONE,	/* no setting, for the reason in why */
};

/* A Linux sysctl and the tcpx setting it maps onto. */
struct ps_sysctl {
	const char	*name;		/* net.ipv4.tcp_sack */
	const char	*knob;		/* tcpx setting, or NULL */
	enum ps_how	 how;
	const char	*fixed;		/* PS_FIXED: the value tcpx behaves as */
	const char	*why;		/* PS_FIXED, PS_NONE: what tcpx does */
};

static const struct ps_sysctl ps_sysctls[] = {
	{ "net.ipv4.tcp_sack", "sack", PS_BOOL, NULL, NULL },
	{ "net.ipv4.tcp_window_scaling", "wscale", PS_BOOL, NULL, NULL },
	{ "net.ipv4.tcp_timestamps", "timestamps", PS_BOOL, NULL, NULL },
	{ "net.ipv4.tcp_syn_retries", "syn_retries", PS_PLAIN, NULL, NULL },
	{ "net.ipv4.tcp_synack_retries", "synack_retries", PS_PLAIN, NULL,
	    NULL },
	{ "net.ipv4.tcp_retries2", "retries2", PS_PLAIN, NULL, NULL },
	{ "net.ipv4.tcp_fin_timeout", "fin_wait2", PS_SECONDS, NULL, NULL },
	{ "net.ipv4.tcp_syncookies", "syncookies", PS_PLAIN, NULL, NULL },
	{ "net.ipv4.tcp_max_syn_backlog", "syn_backlog", PS_PLAIN, NULL,
	    NULL },
	{ "net.ipv4.tcp_keepalive_time", "keepalive.idle", PS_SECONDS, NULL,
	    NULL },
	{ "net.ipv4.tcp_keepalive_intvl", "keepalive.intvl", PS_SECONDS,
	    NULL, NULL },
	{ "net.ipv4.tcp_keepalive_probes", "keepalive.probes", PS_PLAIN,
	    NULL, NULL },
	{ "net.ipv4.tcp_tw_reuse", "tw_reuse", PS_TW_REUSE, NULL, NULL },
	{ "net.ipv4.tcp_rmem", "rcvbuf", PS_RMEM, NULL, NULL },
	{ "net.ipv4.tcp_wmem", "sndbuf", PS_WMEM, NULL, NULL },
	{ "net.core.rmem_max", "wscale.shift", PS_RMEM_MAXV, NULL, NULL },
	{ "net.ipv4.ip_default_ttl", "ttl", PS_PLAIN, NULL, NULL },
	{ "net.ipv4.tcp_rto_min_us", "rto.min", PS_USEC, NULL, NULL },
	{ "net.ipv4.tcp_rto_max_ms", "rto.max", PS_MSEC, NULL, NULL },
	{ "net.ipv4.tcp_rfc1337", NULL, PS_FIXED, "0",
	    "a RST in TIME-WAIT closes it" },
	{ "net.ipv4.tcp_abort_on_overflow", NULL, PS_FIXED, "0",
	    "a full accept queue drops the handshake's ACK" },
	{ "net.ipv4.tcp_fack", NULL, PS_FIXED, "0", "no FACK" },
	{ "net.ipv4.tcp_reordering", NULL, PS_FIXED, "3",
	    "fast retransmit after 3 duplicate ACKs" },
	{ "net.ipv4.tcp_slow_start_after_idle", NULL, PS_FIXED, "0",
	    "no restart of the window after idle" },
	{ "net.ipv4.tcp_ecn", NULL, PS_FIXED, "0", "no ECN" },
	{ "net.ipv4.tcp_notsent_lowat", NULL, PS_FIXED, "4294967295",
	    "no limit on unsent data but sndbuf" },
	{ "net.ipv4.tcp_fastopen", NULL, PS_FIXED, "0", "no TCP Fast Open" },
	{ "net.ipv4.tcp_challenge_ack_limit", NULL, PS_NONE, NULL,
	    "a host-wide limit per second (tcpx's challenge_acks counts per "
	    "connection per 5 s)" },
};

static const struct ps_sysctl *ps_find(const char *name);
static int	ps_knob(struct pr *p, const char *knob, const char *text,
		    char *why, size_t whylen);
static int	ps_fields(const char *value, uint64_t *f, int n);
static int	ps_wscale(struct pr *p, char *why, size_t whylen);

/* Parse an address option into a; 0, or -1 when the run ended. */
static int
pr_addr(struct pr *p, const struct pkt_option *o, struct addr *a)
{
	if (o->value != NULL && addr_parse(a, o->value) == 0)
		return (0);
	p->line = o->line;
	return (pr_fail(p, "--%s: bad address \"%s\"", o->name,
	    o->value != NULL ? o->value : ""));
}

/* Start p->set from Linux's defaults, which tcpx's defaults follow. */
static void
ps_init(struct pr *p)
{
	memset(&p->set, 0, sizeof p->set);
	p->set.rmem[0] = 4096;
	p->set.rmem[1] = 131072;
	p->set.rmem[2] = 6291456;
	p->set.rmem_max = PS_RMEM_MAX;
}

/* Apply the script's --options. */
int
pr_options(struct pr *p)
{
	const struct pkt_option	*o;
	struct addr		 l, r;
	bool			 has_l = false, has_r = false;
	char			*end;
	size_t			 i;
	long long		 v;

	ps_init(p);
	for (i = 0; i < p->s->nopts; i++) {
		o = &p->s->opts[i];
		p->line = o->line;
		if (strcmp(o->name, "tolerance_usecs") == 0) {
			v = o->value ? strtoll(o->value, &end, 10) : -1;
			if (o->value == NULL || *end != '\0' || v < 0)
				return (pr_fail(p, "--tolerance_usecs: not a "
				    "number"));
			if (p->c->tolerance < 0)
				p->tol = v;
		} else if (strcmp(o->name, "ip_version") == 0) {
			if (o->value != NULL && strcmp(o->value, "ipv6") == 0)
				p->v6 = true;
			else if (o->value == NULL ||
			    strcmp(o->value, "ipv4") != 0)
				return (pr_unsupported(p, "--ip_version=%s is "
				    "not run (ipv4 and ipv6 are)",
				    o->value ? o->value : ""));
		} else if (strcmp(o->name, "local_ip") == 0) {
			if (pr_addr(p, o, &l) != 0)
				return (-1);
			has_l = true;
		} else if (strcmp(o->name, "remote_ip") == 0) {
			if (pr_addr(p, o, &r) != 0)
				return (-1);
			has_r = true;
		} else
			pr_skip_line(p, "option --%s has no tcpx setting",
			    o->name);
	}
	addr_parse(&p->local.addr, p->v6 ? "2001:db8::1" : "192.0.2.1");
	addr_parse(&p->remote.addr, p->v6 ? "2001:db8::2" : "192.0.2.2");
	if (has_l)
		p->local.addr = l;
	if (has_r)
		p->remote.addr = r;
	if (p->local.addr.family != p->remote.addr.family) {
		p->line = 0;
		return (pr_fail(p, "the local and remote addresses are of "
		    "different families"));
	}
	p->local.port = PKT_RUN_LPORT;
	p->remote.port = PKT_RUN_RPORT;
	return (0);
}

/* The table's entry for a sysctl named with dots or as a /proc/sys path. */
static const struct ps_sysctl *
ps_find(const char *name)
{
	char	norm[128], *c;
	size_t	i;

	if (strncmp(name, "/proc/sys/", 10) == 0)
		name += 10;
	if (strlen(name) >= sizeof norm)
		return (NULL);
	snprintf(norm, sizeof norm, "%s", name);
	for (c = norm; *c != '\0'; c++)
		if (*c == '/')
			*c = '.';
	for (i = 0; i < sizeof ps_sysctls / sizeof ps_sysctls[0]; i++)
		if (strcmp(ps_sysctls[i].name, norm) == 0)
			return (&ps_sysctls[i]);
	return (NULL);
}

/*
 * Set a tcpx setting on the stack, remembering its old value first while
 * set_sysctls.py runs; 1, or -1 with why.
 */
static int
ps_knob(struct pr *p, const char *knob, const char *text, char *why,
    size_t whylen)
{
	struct pr_set		*ps = &p->set;
	const struct tcp_knob	*k = tcp_knob_find(knob);
	size_t			 i;

	if (k == NULL) {
		snprintf(why, whylen, "no setting %s", knob);
		return (-1);
	}
	if (ps->recording) {
		for (i = 0; i < ps->nsaved; i++)
			if (strcmp(ps->saved[i].knob, knob) == 0)
				break;
		if (i == ps->nsaved && ps->nsaved < PR_MAXRESTORE) {
			snprintf(ps->saved[i].knob, sizeof ps->saved[i].knob,
			    "%s", knob);
			tcp_knob_get(k, stack_cfg(p->st), ps->saved[i].val,
			    sizeof ps->saved[i].val);
			ps->nsaved++;
		}
	}
	if (tcp_knob_set(stack_cfg(p->st), knob, text, why, whylen) != 0)
		return (-1);
	return (1);
}

/* Parse up to n numbers of a "4096 87380 6291456" value; how many. */
static int
ps_fields(const char *value, uint64_t *f, int n)
{
	const char	*s = value;
	char		*end;
	int		 k = 0;

	while (k < n) {
		while (*s == ' ' || *s == '\t')
			s++;
		if (*s == '\0')
			break;
		if (*s < '0' || *s > '9')
			return (-1);
		f[k++] = strtoull(s, &end, 10);
		s = end;
		if (*s != '\0' && *s != ' ' && *s != '\t')
			return (-1);
	}
	while (*s == ' ' || *s == '\t')
		s++;
	return (*s == '\0' ? k : -1);
}

/*
 * The window scale Linux offers (tcp_select_initial_window): the smallest
 * shift that brings the largest receive space, max(tcp_rmem[2],
 * rmem_max), within 16 bits: ilog2(space) - 15, from 0 to 14.
 */
static int
ps_wscale(struct pr *p, char *why, size_t whylen)
{
	uint64_t	space = p->set.rmem[2];
	int		shift = 0;
	char		text[8];

	if (p->set.rmem_max > space)
		space = p->set.rmem_max;
	while (shift < PS_MAX_WSCALE && (space >> shift) > 65535)
		shift++;
	snprintf(text, sizeof text, "%d", shift);
	return (ps_knob(p, "wscale.shift", text, why, whylen));
}

/* Set a sysctl to value on the engine: 1 done, 0 not carried out, -1 bad. */
int
pr_sysctl(struct pr *p, const char *name, const char *value, char *why,
    size_t whylen)
{
	const struct ps_sysctl	*m;
	uint64_t		 f[3];
	unsigned long long	 v;
	char			 text[32], tmp[128], *end, *c;

	if (p->tg->sysctl != NULL) {	/* the target's own: the kernel's */
		if (strncmp(name, "/proc/sys/", 10) == 0) {
			snprintf(tmp, sizeof tmp, "%s", name + 10);
			for (c = tmp; *c != '\0'; c++)
				if (*c == '/')
					*c = '.';
			name = tmp;
		}
		return (p->tg->sysctl(p->tg->arg, p, name, value, why,
		    whylen) == 0 ? 1 : 0);
	}
	if ((m = ps_find(name)) == NULL) {
		snprintf(why, whylen, "%s=%s has no tcpx setting", name, value);
		return (0);
	}
	if (m->how == PS_NONE) {
		snprintf(why, whylen, "%s has no tcpx setting: %s", name,
		    m->why);
		return (0);
	}
	if (m->how == PS_FIXED) {
		if (strcmp(value, m->fixed) == 0)
			return (1);
		snprintf(why, whylen, "%s=%s has no tcpx setting (tcpx "
		    "behaves as %s: %s)", name, value, m->fixed, m->why);
		return (0);
	}
	if (m->how == PS_RMEM || m->how == PS_WMEM) {
		if (ps_fields(value, f, 3) != 3) {
			snprintf(why, whylen, "%s: \"%s\" is not three "
			    "numbers", name, value);
			return (-1);
		}
		snprintf(text, sizeof text, "%llu", (unsigned long long)f[1]);
		if (ps_knob(p, m->knob, text, why, whylen) < 0)
			return (-1);
		if (m->how == PS_WMEM)
			return (1);
		memcpy(p->set.rmem, f, sizeof f);
		return (ps_wscale(p, why, whylen));
	}
	v = strtoull(value, &end, 10);
	if (*value < '0' || *value > '9' || *end != '\0') {
		snprintf(why, whylen, "%s: \"%s\" is not a number", name,
		    value);
		return (-1);
	}
	switch (m->how) {
	case PS_RMEM_MAXV:
		p->set.rmem_max = v;
		return (ps_wscale(p, why, whylen));
	case PS_BOOL:
		snprintf(text, sizeof text, "%s", v ? "on" : "off");
		break;
	case PS_TW_REUSE:
		snprintf(text, sizeof text, "%s", v == 1 ? "on" : "off");
		break;
	case PS_SECONDS:
		snprintf(text, sizeof text, "%llus", v);
		break;
	case PS_MSEC:
		snprintf(text, sizeof text, "%llums", v);
		break;
	case PS_USEC:
		snprintf(text, sizeof text, "%lluus", v);
		break;
	default:
		snprintf(text, sizeof text, "%llu", v);
		break;
	}
	return (ps_knob(p, m->knob, text, why, whylen));
}

/* Give back the settings set_sysctls.py changed, and forget them. */
void
pr_sysctl_restore(struct pr *p)
{
	char	err[TCP_ERRLEN];
	size_t	i;

	for (i = 0; i < p->set.nsaved; i++)
		(void)tcp_knob_set(stack_cfg(p->st), p->set.saved[i].knob,
		    p->set.saved[i].val, err, sizeof err);
	p->set.nsaved = 0;
}
