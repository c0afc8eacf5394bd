/*
 * core/pkt-shell.c - a script's backtick shell lines (core/pkt-run.h), read
 * as a small POSIX shell: commands joined by newlines, ";", "&&" and "||",
 * pipelines, '' and "" quotes, backslash-newline, # comments, $((..))
 * arithmetic, and redirections to /dev/null.  The commands that change or
 * check what the engine does are carried out against it:
 *
 *	sysctl [-q] [-w] [-e] NAME=VALUE...	settings (core/pkt-set.c)
 *	echo VALUE > /proc/sys/net/...		the same
 *	.../set_sysctls.py /proc/sys/...=V...	the same, remembering the old
 *	/tmp/sysctl_restore_${PPID}.sh		... and giving them back
 *	DIR/FILE.sh				its lines, read through the
 *						caller's read_file
 *	ip route change ... advmss N mtu [lock] N	settings mss, mtu
 *	tcpx set NAME VALUE			any tcpx setting
 *	grep " ST " /proc/net/tcp[6] [| grep ":PORT"]	a socket in a state
 *	ss -K [-tnaH46] state STATE		kill the sockets in a state
 *	test|[ $(ss ... state STATE | wc -l) -OP N ]	count them
 *
 * Commands that only prepare a real machine and mean nothing for an
 * engine made afresh for each script (ip tcp_metrics flush, a pfifo qdisc,
 * offloads off on tun0) are "not needed here"; everything else is listed
 * as skipped with its line.  Words and $((..)) are split in
 * core/pkt-shell-word.c, the socket commands live in core/pkt-shell-sock.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/pkt-shell-int.h"

#define SH_MAXDEPTH	1	/* a script file may not name another */

static enum sh_status sh_list(struct pr *p, char *line, char *why,
		    size_t whylen);
static enum sh_status sh_pipeline(struct pr *p, char *text, char *why,
		    size_t whylen);



/* The last part of a path. */
static const char *
sh_base(const char *path)
{
	const char	*b = strrchr(path, '/');

	return (b != NULL ? b + 1 : path);
}

/* Add "what" to the reasons a line was not carried out, cut to fit. */
void
sh_why(char *why, size_t whylen, const char *what)
{
	size_t	n = strlen(why);

	if (n > 0 && n + 2 < whylen)
		snprintf(why + n, whylen - n, "; %s", what);
	else if (n == 0)
		snprintf(why, whylen, "%s", what);
}

/* Set name=value from a command: DONE, SKIP (why grows), or FAIL. */
static enum sh_status
sh_set(struct pr *p, const char *name, const char *value, char *why,
    size_t whylen)
{
	char	msg[PKT_RUN_SKIPLEN];
	int	r;

	msg[0] = '\0';
	r = pr_sysctl(p, name, value, msg, sizeof msg);
	if (r > 0)
		return (SH_DONE);
	if (r == 0) {
		sh_why(why, whylen, msg);
		return (SH_SKIP);
	}
	pr_fail(p, "shell line: %s", msg);
	return (SH_FAIL);
}

/* "NAME=VALUE" arguments from argv[from]: sysctl and set_sysctls.py. */
static enum sh_status
sh_assignments(struct pr *p, struct sh_cmd *c, int from, bool options,
    char *why, size_t whylen)
{
	enum sh_status	 st = SH_DONE, r;
	char		*eq, msg[PKT_RUN_SKIPLEN];
	int		 i, n = 0;

	for (i = from; i < c->argc; i++) {
		if (options && c->argv[i][0] == '-' &&
		    strchr(c->argv[i], '=') == NULL)
			continue;
		if ((eq = strchr(c->argv[i], '=')) == NULL) {
			snprintf(msg, sizeof msg, "%s: reading a sysctl is "
			    "not run", c->argv[i]);
			sh_why(why, whylen, msg);
			st = SH_SKIP;
			continue;
		}
		*eq = '\0';
		n++;
		r = sh_set(p, c->argv[i], eq + 1, why, whylen);
		if (r == SH_FAIL)
			return (SH_FAIL);
		if (r == SH_SKIP)
			st = SH_SKIP;
	}
	if (n == 0 && st == SH_DONE) {
		sh_why(why, whylen, "sysctl without NAME=VALUE is not run");
		return (SH_SKIP);
	}
	return (st);
}

/* A script file a line names: its lines, as if they were the script's. */
static enum sh_status
sh_file(struct pr *p, const char *path, char *why, size_t whylen)
{
	char		 full[1024], err[PKT_RUN_SKIPLEN], msg[PKT_RUN_SKIPLEN];
	char		*text = NULL, *line, *next, *cont;
	const char	*slash;
	enum sh_status	 r;
	int		 n, ln = 0, pl;

	if (p->c->read_file == NULL) {
		snprintf(msg, sizeof msg, "%s: script files are not read here",
		    path);
		sh_why(why, whylen, msg);
		return (SH_SKIP);
	}
	if (p->set.depth >= SH_MAXDEPTH) {
		snprintf(msg, sizeof msg, "%s: a script file naming another "
		    "is not run", path);
		sh_why(why, whylen, msg);
		return (SH_SKIP);
	}
	slash = strrchr(p->s->file, '/');
	if (path[0] == '/' || slash == NULL)
		n = snprintf(full, sizeof full, "%s", path);
	else
		n = snprintf(full, sizeof full, "%.*s/%s",
		    (int)(slash - p->s->file), p->s->file, path);
	if (n < 0 || (size_t)n >= sizeof full) {
		sh_why(why, whylen, "script file path too long");
		return (SH_SKIP);
	}
	err[0] = '\0';
	if (p->c->read_file(p->c->read_arg, full, &text, err, sizeof err) !=
	    0 || text == NULL) {
		pr_fail(p, "shell line: %s: %s", full, err[0] ? err :
		    "cannot be read");
		free(text);
		return (SH_FAIL);
	}
	if (strlen(text) > PKT_RUN_MAXFILE) {
		pr_fail(p, "shell line: %s: longer than %d bytes", full,
		    PKT_RUN_MAXFILE);
		free(text);
		return (SH_FAIL);
	}
	p->set.depth++;
	r = SH_DONE;
	for (line = text; line != NULL && r != SH_FAIL; line = next) {
		ln++;
		pl = ln;
		/* A backslash before the newline continues the line. */
		for (next = strchr(line, '\n'); next != NULL &&
		    next > line && next[-1] == '\\'; next = strchr(next, '\n')) {
			next[-1] = next[0] = ' ';
			ln++;
		}
		if (next != NULL)
			*next++ = '\0';
		if ((cont = strchr(line, '\r')) != NULL)
			*cont = '\0';
		msg[0] = '\0';
		switch (sh_list(p, line, msg, sizeof msg)) {
		case SH_FAIL:
			r = SH_FAIL;
			break;
		case SH_SKIP:
			pr_skip_line(p, "%s:%d: not run: %s", sh_base(full),
			    pl, msg);
			break;
		default:
			break;
		}
	}
	p->set.depth--;
	free(text);
	return (r);
}

/* Whether words from argv[1] mention w. */
static bool
sh_has(const struct sh_cmd *c, const char *w)
{
	int	i;

	for (i = 1; i < c->argc; i++)
		if (strcmp(c->argv[i], w) == 0)
			return (true);
	return (false);
}

/*
 * ip [-4|-6] route add|change|replace DEST [via GW] [dev DEV] ATTR...: the
 * route's advmss, mtu [lock] and rto_min become the settings mss, mtu and
 * rto.min (the script has one peer, so its route is every route); other
 * attributes are not carried out.
 */
static enum sh_status
sh_route(struct pr *p, struct sh_cmd *c, char *why, size_t whylen)
{
	enum sh_status	 st = SH_DONE;
	const char	*knob, *v, *a;
	char		 msg[PKT_RUN_SKIPLEN], err[TCP_ERRLEN];
	int		 i = 1;

	if (i < c->argc && (strcmp(c->argv[i], "-4") == 0 ||
	    strcmp(c->argv[i], "-6") == 0))
		i++;
	if (i + 2 >= c->argc || strcmp(c->argv[i], "route") != 0 ||
	    (strcmp(c->argv[i + 1], "add") != 0 &&
	    strcmp(c->argv[i + 1], "change") != 0 &&
	    strcmp(c->argv[i + 1], "replace") != 0)) {
		sh_why(why, whylen, "this ip command is not run (ip route "
		    "add|change|replace is)");
		return (SH_SKIP);
	}
	for (i += 3; i < c->argc; i += 2) {
		a = c->argv[i];
		/* "mtu lock N": the path MTU stays N (no discovery). */
		if (strcmp(a, "mtu") == 0 && i + 1 < c->argc &&
		    strcmp(c->argv[i + 1], "lock") == 0)
			i++;
		if (i + 1 >= c->argc) {
			snprintf(msg, sizeof msg, "route attribute %s without "
			    "a value", a);
			sh_why(why, whylen, msg);
			return (SH_SKIP);
		}
		v = c->argv[i + 1];
		if (strcmp(a, "via") == 0 || strcmp(a, "dev") == 0)
			continue;
		if (strcmp(a, "advmss") == 0)
			knob = "mss";
		else if (strcmp(a, "mtu") == 0)
			knob = "mtu";
		else if (strcmp(a, "rto_min") == 0)
			knob = "rto.min";
		else {
			snprintf(msg, sizeof msg, "route attribute %s %s has "
			    "no tcpx setting", a, v);
			sh_why(why, whylen, msg);
			st = SH_SKIP;
			continue;
		}
		if (tcp_knob_set(stack_cfg(p->st), knob, v, err,
		    sizeof err) != 0) {
			pr_fail(p, "shell line: route %s: %s", a, err);
			return (SH_FAIL);
		}
	}
	return (st);
}

/* One simple command (c) of a pipeline of one. */
static enum sh_status
sh_simple(struct pr *p, struct sh_cmd *c, char *why, size_t whylen)
{
	const char	*cmd = c->argv[0], *base = sh_base(cmd);
	char		 msg[PKT_RUN_SKIPLEN];

	if (strcmp(cmd, "sysctl") == 0)
		return (sh_assignments(p, c, 1, true, why, whylen));
	if (strcmp(cmd, "echo") == 0 && c->out != NULL &&
	    strncmp(c->out, "/proc/sys/", 10) == 0 && c->argc >= 2) {
		/* echo's words joined by one space, as echo prints them */
		char val[256] = "";
		for (int i = 1; i < c->argc; i++)
			sh_why(val, sizeof val, c->argv[i]);
		for (char *v = val; (v = strstr(v, "; ")) != NULL; )
			memmove(v, v + 1, strlen(v + 1) + 1);
		return (sh_set(p, c->out, val, why, whylen));
	}
	if (strcmp(base, "set_sysctls.py") == 0) {
		enum sh_status r;
		p->set.recording = true;
		r = sh_assignments(p, c, 1, false, why, whylen);
		p->set.recording = false;
		return (r);
	}
	if (strncmp(cmd, "/tmp/sysctl_restore_", 20) == 0 && c->argc == 1) {
		pr_sysctl_restore(p);
		return (SH_DONE);
	}
	if (c->out != NULL) {
		snprintf(msg, sizeof msg, "%s > %s is not run", cmd, c->out);
		sh_why(why, whylen, msg);
		return (SH_SKIP);
	}
	if (strlen(base) > 3 && strcmp(base + strlen(base) - 3, ".sh") == 0 &&
	    c->argc == 1)
		return (sh_file(p, cmd, why, whylen));
	/* What only prepares a real host: nothing to do for a new engine. */
	if (strcmp(cmd, "ip") == 0 && c->argc >= 3 &&
	    strcmp(c->argv[1], "tcp_metrics") == 0 &&
	    strcmp(c->argv[2], "flush") == 0)
		return (SH_DONE);	/* a fresh engine has no metrics */
	if (strcmp(cmd, "tcpx") == 0 && c->argc == 4 &&
	    strcmp(c->argv[1], "set") == 0) {
		/* tcpx's own settings, for scripts written for tcpx. */
		char err[TCP_ERRLEN];
		if (tcp_knob_set(stack_cfg(p->st), c->argv[2], c->argv[3], err,
		    sizeof err) == 0)
			return (SH_DONE);
		pr_fail(p, "shell line: tcpx set: %s", err);
		return (SH_FAIL);
	}
	if (strcmp(cmd, "ip") == 0)
		return (sh_route(p, c, why, whylen));
	if (strcmp(cmd, "tc") == 0 && c->argc >= 2 &&
	    strcmp(c->argv[1], "qdisc") == 0 && !sh_has(c, "fq") &&
	    (sh_has(c, "pfifo") || sh_has(c, "delete") || sh_has(c, "del")))
		return (SH_DONE);	/* segments are never queued or paced */
	if (strcmp(cmd, "ethtool") == 0 && sh_has(c, "-K") &&
	    !sh_has(c, "on"))
		return (SH_DONE);	/* the engine makes no super-segments */
	if (strcmp(cmd, "true") == 0 || strcmp(cmd, ":") == 0)
		return (SH_DONE);
	if (strcmp(cmd, "ss") == 0)
		return (sh_ss_kill(p, c, why, whylen));
	if (strcmp(cmd, "test") == 0 || strcmp(cmd, "[") == 0)
		return (sh_test(p, c, why, whylen));
	snprintf(msg, sizeof msg, "\"%s\" is not run", cmd);
	sh_why(why, whylen, msg);
	return (SH_SKIP);
}

/*
 * Whether command cmd reads or changes the engine itself (its settings,
 * its connection table): not run against another target (the kernel).
 */
static bool
sh_engine_only(const char *cmd)
{
	static const char *const engine[] = { "tcpx", "ip", "ss", "grep",
	    "test", "[" };
	size_t	i;

	for (i = 0; i < sizeof engine / sizeof engine[0]; i++)
		if (strcmp(cmd, engine[i]) == 0)
			return (true);
	return (false);
}

/* A pipeline: commands joined by "|". */
static enum sh_status
sh_pipeline(struct pr *p, char *text, char *why, size_t whylen)
{
	struct sh_cmd	*c;
	char		*part[4], *s, q = 0;
	int		 n = 1, i, depth = 0;
	enum sh_status	 r;

	part[0] = text;
	for (s = text; *s != '\0'; s++) {
		if (q == 0 && (*s == '\'' || *s == '"'))
			q = *s;
		else if (q != 0 && *s == q)
			q = 0;
		else if (q == 0 && *s == '(')
			depth++;
		else if (q == 0 && *s == ')' && depth > 0)
			depth--;
		else if (q == 0 && depth == 0 && *s == '|') {
			if (n == 4) {
				sh_why(why, whylen, "pipeline too long");
				return (SH_SKIP);
			}
			*s = '\0';
			part[n++] = s + 1;
		}
	}
	c = calloc((size_t)n, sizeof *c);
	if (c == NULL) {
		sh_why(why, whylen, "out of memory");
		return (SH_SKIP);
	}
	for (i = 0; i < n; i++) {
		char msg[PKT_RUN_SKIPLEN] = "";
		if (sh_words(part[i], &c[i], msg, sizeof msg) != 0 ||
		    sh_redirs(&c[i], msg, sizeof msg) != 0 || c[i].argc == 0) {
			sh_why(why, whylen, msg[0] ? msg : "empty command");
			free(c);
			return (SH_SKIP);
		}
	}
	if (p->st == NULL && sh_engine_only(c[0].argv[0])) {
		char msg[PKT_RUN_SKIPLEN];
		snprintf(msg, sizeof msg, "\"%s\" runs against the engine "
		    "only", c[0].argv[0]);
		sh_why(why, whylen, msg);
		r = SH_SKIP;
	} else if (strcmp(c[0].argv[0], "grep") == 0)
		r = sh_grep(p, c, n, why, whylen);
	else if (n == 1)
		r = sh_simple(p, &c[0], why, whylen);
	else {
		char msg[PKT_RUN_SKIPLEN];
		snprintf(msg, sizeof msg, "a pipeline from \"%s\" is not run",
		    c[0].argv[0]);
		sh_why(why, whylen, msg);
		r = SH_SKIP;
	}
	free(c);
	return (r);
}

/*
 * One line: pipelines joined by ";", "&&" and "||", up to a # comment.
 * After "||" the next command runs only when the one before was not
 * carried out; after "&&" only when it was.
 */
static enum sh_status
sh_list(struct pr *p, char *line, char *why, size_t whylen)
{
	enum sh_status	 st = SH_DONE, last = SH_DONE;
	char		*s = line, *start = line, q = 0, op = ';', nop;
	int		 depth = 0;

	for (;; s++) {
		if (q == 0 && (*s == '\'' || *s == '"')) {
			q = *s;
			continue;
		}
		if (q != 0) {
			if (*s == q)
				q = 0;
			else if (*s == '\0')
				break;
			continue;
		}
		if (*s == '(')
			depth++;
		else if (*s == ')' && depth > 0)
			depth--;
		if (*s == '#' && (s == line || s[-1] == ' ' || s[-1] == '\t'))
			*s = '\0';
		nop = 0;
		if (*s == '\0' || (depth == 0 && *s == ';'))
			nop = ';';
		else if (depth == 0 && s[0] == '&' && s[1] == '&')
			nop = '&';
		else if (depth == 0 && s[0] == '|' && s[1] == '|')
			nop = '|';
		if (nop == 0)
			continue;
		{
			char end = *s;
			*s = '\0';
			if (*sh_blank(start) != '\0' &&
			    !(op == '&' && last != SH_DONE) &&
			    !(op == '|' && last == SH_DONE)) {
				last = sh_pipeline(p, start, why, whylen);
				if (last == SH_FAIL)
					return (SH_FAIL);
				if (last == SH_SKIP)
					st = SH_SKIP;
			}
			if (end == '\0')
				break;
		}
		op = nop;
		if (nop != ';')
			s++;
		start = s + 1;
	}
	if (q != 0) {
		sh_why(why, whylen, "unterminated quote");
		return (SH_SKIP);
	}
	return (st);
}

/* Run a shell line; 0, or -1 when the run ended. */
int
pr_shell(struct pr *p, const char *text)
{
	char		*buf, *line, *next, why[PKT_RUN_SKIPLEN] = "";
	enum sh_status	 st = SH_DONE, r = SH_DONE;
	size_t		 len = strlen(text);

	buf = malloc(len + 1);
	if (buf == NULL) {
		pr_skip_line(p, "shell line not run (out of memory)");
		return (0);
	}
	memcpy(buf, text, len + 1);
	for (next = buf; (next = strchr(next, '\n')) != NULL; next++)
		if (next > buf && next[-1] == '\\')
			next[-1] = next[0] = ' ';
	for (line = buf; line != NULL && r != SH_FAIL; line = next) {
		if ((next = strchr(line, '\n')) != NULL)
			*next++ = '\0';
		r = sh_list(p, line, why, sizeof why);
		if (r == SH_SKIP)
			st = SH_SKIP;
	}
	free(buf);
	if (r == SH_FAIL)
		return (-1);
	if (st == SH_SKIP)
		pr_skip_line(p, "shell line not run: %s", why);
	return (0);
}
