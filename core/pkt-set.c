/*
 * core/pkt-set.c - a script's settings for a run (core/pkt-run.h): its
 * --options (tolerance, IP version, addresses) and the sysctls of its
 * shell lines that have a tcpx setting; everything else is listed as
 * skipped, never silently ignored.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/pkt-run-int.h"
#include "core/xmalloc.h"

/* A Linux sysctl and the tcpx setting it maps onto. */
struct pr_sysctl {
	const char	*name;		/* after net.ipv4. */
	const char	*knob;
	const char	*unit;		/* appended to the value ("s"), or "" */
	int		 field;		/* of a "min default max" triple; -1 */
};

static const struct pr_sysctl pr_sysctls[] = {
	{ "tcp_sack", "sack", "", -1 },
	{ "tcp_window_scaling", "wscale", "", -1 },
	{ "tcp_timestamps", "timestamps", "", -1 },
	{ "tcp_syn_retries", "syn_retries", "", -1 },
	{ "tcp_synack_retries", "synack_retries", "", -1 },
	{ "tcp_retries2", "retries2", "", -1 },
	{ "tcp_fin_timeout", "fin_wait2", "s", -1 },
	{ "tcp_syncookies", "syncookies", "", -1 },
	{ "tcp_max_syn_backlog", "syn_backlog", "", -1 },
	{ "tcp_keepalive_time", "keepalive.idle", "s", -1 },
	{ "tcp_keepalive_intvl", "keepalive.intvl", "s", -1 },
	{ "tcp_keepalive_probes", "keepalive.probes", "", -1 },
	{ "tcp_tw_reuse", "tw_reuse", "", -1 },
	{ "tcp_rmem", "rcvbuf", "", 1 },
	{ "tcp_wmem", "sndbuf", "", 1 },
	{ "ip_default_ttl", "ttl", "", -1 },
};

static int	pr_addr(struct pr *p, const struct pkt_option *o,
		    struct addr *a);
static char	*pr_word(char **pp);
static int	pr_sysctl_set(struct pr *p, const char *name,
		    const char *value, char *err, size_t errlen);
static int	pr_arith(char *w, size_t len);
static void	pr_relpath(const struct pr *p, const char *name, char *out,
		    size_t len);
static void	pr_shell_cmds(struct pr *p, const char *text, int depth,
		    char *bad, size_t badlen);

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

/* Set sysctl name (net.ipv4.NAME) to value; 0, or -1 with err. */
static int
pr_sysctl_set(struct pr *p, const char *name, const char *value, char *err,
    size_t errlen)
{
	const struct pr_sysctl	*m = NULL;
	char			 text[64], tmp[64], *f, *save;
	size_t			 i;
	int			 k;

	if (p->tg->sysctl != NULL) {	/* the target's own (the kernel's) */
		if (strncmp(name, "/proc/sys/", 10) == 0) {
			snprintf(tmp, sizeof tmp, "%s", name + 10);
			for (f = tmp; *f != '\0'; f++)
				if (*f == '/')
					*f = '.';
			name = tmp;
		}
		return (p->tg->sysctl(p->tg->arg, p, name, value, err,
		    errlen));
	}
	if (strncmp(name, "net.ipv4.", 9) == 0)
		name += 9;
	else if (strncmp(name, "/proc/sys/net/ipv4/", 19) == 0)
		name += 19;
	for (i = 0; i < sizeof pr_sysctls / sizeof pr_sysctls[0]; i++)
		if (strcmp(pr_sysctls[i].name, name) == 0)
			m = &pr_sysctls[i];
	if (m == NULL) {
		snprintf(err, errlen, "%s has no tcpx setting", name);
		return (-1);
	}
	snprintf(tmp, sizeof tmp, "%s", value);
	f = strtok_r(tmp, " \t\"'", &save);
	for (k = 0; k < m->field && f != NULL; k++)
		f = strtok_r(NULL, " \t\"'", &save);
	if (f == NULL) {
		snprintf(err, errlen, "%s: no value", name);
		return (-1);
	}
	snprintf(text, sizeof text, "%s%s", f, m->unit);
	return (tcp_knob_set(stack_cfg(p->st), m->knob, text, err, errlen));
}

/*
 * The next word of a command at *pp, quotes removed (a quoted part may
 * hold spaces: tcp_rmem="4096 87380 6291456"); NULL at the end.
 */
static char *
pr_word(char **pp)
{
	char	*r = *pp, *start, *w, q = 0;

	while (*r == ' ' || *r == '\t')
		r++;
	if (*r == '\0')
		return (NULL);
	start = w = r;
	for (; *r != '\0' && (q != 0 || (*r != ' ' && *r != '\t')); r++) {
		if (q == 0 && (*r == '"' || *r == '\''))
			q = *r;
		else if (q != 0 && *r == q)
			q = 0;
		else
			*w++ = *r;
	}
	if (*r != '\0')
		r++;
	*w = '\0';
	*pp = r;
	return (start);
}

/*
 * Expand "$((A*B*...))" (integers multiplied, as defaults.sh writes buffer
 * sizes) in w, in place; 0, or -1 when it holds other arithmetic.
 */
static int
pr_arith(char *w, size_t len)
{
	char			*a, *e, *q, out[64];
	unsigned long long	 v, f;

	while ((a = strstr(w, "$((")) != NULL) {
		if ((e = strstr(a, "))")) == NULL)
			return (-1);
		v = 1;
		for (q = a + 3; q < e; q++) {
			if (*q < '0' || *q > '9')
				return (-1);
			for (f = 0; q < e && *q >= '0' && *q <= '9'; q++)
				f = f * 10 + (unsigned long long)(*q - '0');
			v *= f;
			if (q < e && *q != '*')
				return (-1);
		}
		snprintf(out, sizeof out, "%llu%s", v, e + 2);
		if ((size_t)(a - w) + strlen(out) >= len)
			return (-1);
		memmove(a, out, strlen(out) + 1);
	}
	return (0);
}

/* A path a shell line names, relative to the script's directory. */
static void
pr_relpath(const struct pr *p, const char *name, char *out, size_t len)
{
	const char	*slash = strrchr(p->s->file, '/');

	if (name[0] == '/' || slash == NULL)
		snprintf(out, len, "%s", name);
	else
		snprintf(out, len, "%.*s/%s", (int)(slash - p->s->file),
		    p->s->file, name);
}

/*
 * Run the commands of text (a shell line, or a file it names): sysctls
 * set, the first reason something was not run kept in bad.
 */
static void
pr_shell_cmds(struct pr *p, const char *text, int depth, char *bad,
    size_t badlen)
{
	char	 buf[1024], err[TCP_ERRLEN], path[1024], *file;
	char	*cmd, *save, *w, *rest, *eq, *val, *name, *line, *lsave;
	size_t	 n, flen;

	if (depth == 0 && strlen(text) >= sizeof buf) {
		snprintf(bad, badlen, "too long");
		return;
	}
	if (depth > 0) {	/* a file: one line at a time */
		file = xstrdup(text);
		for (line = strtok_r(file, "\n", &lsave); line != NULL;
		    line = strtok_r(NULL, "\n", &lsave)) {
			line[strcspn(line, "#")] = '\0';
			if (strlen(line) >= sizeof buf) {
				if (bad[0] == '\0')
					snprintf(bad, badlen, "a line too long");
				continue;
			}
			pr_shell_cmds(p, line, -1, bad, badlen);
		}
		free(file);
		return;
	}
	snprintf(buf, sizeof buf, "%s", text);
	for (n = 0; buf[n] != '\0'; n++)
		if (buf[n] == '&' && buf[n + 1] == '&')
			buf[n] = buf[n + 1] = ';';
	for (cmd = strtok_r(buf, ";\n", &save); cmd != NULL;
	    cmd = strtok_r(NULL, ";\n", &save)) {
		rest = cmd;
		if ((name = w = pr_word(&rest)) == NULL || w[0] == '#')
			continue;
		err[0] = '\0';
		flen = strlen(w);
		if (strcmp(w, "sysctl") == 0) {
			while ((w = pr_word(&rest)) != NULL) {
				if (w[0] == '#' || w[0] == '>' ||
				    strncmp(w, "2>", 2) == 0)
					break;	/* a comment, a redirection */
				if (w[0] == '-')
					continue;
				if ((eq = strchr(w, '=')) == NULL) {
					snprintf(err, sizeof err, "%s: no "
					    "value", w);
					break;
				}
				*eq = '\0';
				if (pr_arith(eq + 1, strlen(eq + 1) + 1) != 0) {
					snprintf(err, sizeof err, "%s: shell "
					    "arithmetic", w);
					break;
				}
				if (pr_sysctl_set(p, w, eq + 1, err,
				    sizeof err) != 0)
					break;
			}
		} else if (strcmp(w, "echo") == 0 &&
		    (val = pr_word(&rest)) != NULL &&
		    (w = pr_word(&rest)) != NULL && strcmp(w, ">") == 0 &&
		    (w = pr_word(&rest)) != NULL)
			(void)pr_sysctl_set(p, w, val, err, sizeof err);
		else if (depth == 0 && flen > 3 &&
		    strcmp(name + flen - 3, ".sh") == 0 &&
		    p->tg->include != NULL) {
			/* A settings file (defaults.sh): its sysctls. */
			pr_relpath(p, name, path, sizeof path);
			if ((file = p->tg->include(p->tg->arg, p, path, err,
			    sizeof err)) != NULL) {
				pr_shell_cmds(p, file, 1, bad, badlen);
				free(file);
			}
		} else
			snprintf(err, sizeof err, "\"%s\" is not run", name);
		if (err[0] != '\0' && bad[0] == '\0')
			snprintf(bad, badlen, "%s", err);
	}
}

/*
 * Run a shell line: "sysctl [-q] [-w] NAME=VALUE..." and
 * "echo VALUE > /proc/sys/net/ipv4/NAME", joined by ";" or "&&", change
 * the settings that exist (a target with an include op also runs the
 * sysctls of a FILE.sh the line names); the line is listed as skipped
 * when any part could not be carried out.
 */
void
pr_shell(struct pr *p, const char *text)
{
	char	bad[PKT_RUN_SKIPLEN] = "";

	pr_shell_cmds(p, text, 0, bad, sizeof bad);
	if (bad[0] != '\0')
		pr_skip_line(p, "shell line not run: %s", bad);
}
