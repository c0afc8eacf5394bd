/*
 * cli/cmd/cmd.c - command-line splitting and quoting, prefix matching
 * ("ambiguous command" errors as in tmux), dispatch, and the argument
 * parsers commands share.  The prompt, -c and -f all run commands through
 * cmd_run(), by way of the command queue.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#include "cli/cmd/cmd.h"
#include "cli/obs/conns.h"
#include "cli/obs/obs.h"
#include "cli/obs/out.h"
#include "cli/run/path.h"
#include "cli/run/session.h"
#include "core/nearest.h"
#include "core/xmalloc.h"


/* Whether s (at a backslash) starts a well-formed \xHH escape, or is no \x. */
static int
cmd_hex_ok(const char *s)
{
	return (s[1] != 'x' || (isxdigit((unsigned char)s[2]) &&
	    isxdigit((unsigned char)s[3])));
}

/* The error naming the bad \x escape at s (with what follows \x, up to 2). */
static char *
cmd_hex_error(const char *s)
{
	int	n = 2;

	while (n < 4 && s[n] != '\0' && !isspace((unsigned char)s[n]))
		n++;
	return (xasprintf("bad escape \"%.*s\": \\x takes two hex digits "
	    "(\\x41 is \"A\")", n, s));
}

/*
 * Whether the quote at p opens a quoted span: not when it follows a letter
 * or digit (an apostrophe, as in "kernel's"); base is where the text starts.
 */
static int
cmd_quote_opens(const char *base, const char *p)
{
	return ((*p == '"' || *p == '\'') &&
	    (p == base || !isalnum((unsigned char)p[-1])));
}

/* Decode \-escapes in s into out; the decoded length, or -1 with *cause. */
ssize_t
cmd_unescape(const char *s, char *out, char **cause)
{
	size_t	o = 0;
	int	hi, lo;

	while (*s != '\0') {
		if (*s != '\\' || s[1] == '\0') {
			out[o++] = *s++;
			continue;
		}
		if (!cmd_hex_ok(s)) {
			*cause = cmd_hex_error(s);
			return (-1);
		}
		s++;
		switch (*s) {
		case 'n': out[o++] = '\n'; break;
		case 'r': out[o++] = '\r'; break;
		case 't': out[o++] = '\t'; break;
		case '0': out[o++] = '\0'; break;
		case 'x':
			hi = isdigit((unsigned char)s[1]) ? s[1] - '0' :
			    tolower((unsigned char)s[1]) - 'a' + 10;
			lo = isdigit((unsigned char)s[2]) ? s[2] - '0' :
			    tolower((unsigned char)s[2]) - 'a' + 10;
			out[o++] = (char)(hi * 16 + lo);
			s += 2;
			break;
		default:
			out[o++] = *s;	/* \\ \" \' \; and anything else */
			break;
		}
		s++;
	}
	out[o] = '\0';
	return ((ssize_t)o);
}

/*
 * Split line into words at whitespace, honouring "..." and '...' quotes
 * and \-escapes (decoded).  Returns the word count, or -1 with *cause.
 */
static int
cmd_words(const char *line, char **argv, int max, char *buf, char **cause)
{
	int		 argc = 0;
	char		 q;
	char		*o = buf, d[2];
	const char	*start, *base = line;

	for (;;) {
		while (isspace((unsigned char)*line))
			line++;
		if (*line == '\0')
			return (argc);
		if (argc == max) {
			*cause = xasprintf("too many arguments at \"%.20s\" "
			    "(at most %d)", line, max);
			return (-1);
		}
		argv[argc++] = o;
		start = line;
		q = 0;
		while (*line != '\0' && (q || !isspace((unsigned char)*line))) {
			if (q && *line == q) {
				q = 0;
				line++;
			} else if (!q && cmd_quote_opens(base, line)) {
				q = *line++;
			} else if (*line == '\\' && line[1] != '\0' && q != '\'') {
				char t[5] = { line[0], line[1], 0, 0, 0 };
				if (line[1] == 'x') {
					if (!cmd_hex_ok(line)) {
						*cause = cmd_hex_error(line);
						return (-1);
					}
					t[2] = line[2];
					t[3] = line[3];
				}
				(void)cmd_unescape(t, d, cause);	/* checked */
				*o++ = d[0];
				line += strlen(t);
			} else
				*o++ = *line++;
		}
		if (q) {
			*cause = xasprintf("unterminated %c quote in %.40s "
			    "(close it with %c)", q, start, q);
			return (-1);
		}
		*o++ = '\0';
	}
}

/* "did you mean \"WORD\"? " for the word of list a typo away from word, or "". */
const char *
cmd_did_you_mean(const char *word, const char *list)
{
	static char	 buf[128];
	const char	*near = nearest_word(word, list);

	if (near == NULL)
		return ("");
	snprintf(buf, sizeof buf, "did you mean \"%s\"? ", near);
	return (buf);
}

/* Find a command by name, alias or unique prefix. */
const struct cmd_entry *
cmd_find(const struct cmd_entry *const *table, const char *name, char **cause)
{
	const struct cmd_entry	*const *e, *found = NULL;
	size_t			 n = strlen(name), len, o;
	int			 matches = 0;
	const char		*sep = "";
	char			*names;

	for (e = table; *e != NULL; e++) {
		if (strcmp((*e)->name, name) == 0 ||
		    ((*e)->alias != NULL && strcmp((*e)->alias, name) == 0))
			return (*e);
	}
	for (e = table; *e != NULL; e++) {
		if (strncmp((*e)->name, name, n) == 0) {
			found = *e;
			matches++;
		}
	}
	if (matches == 1)
		return (found);
	if (matches == 0) {
		len = 1;
		for (e = table; *e != NULL; e++)
			len += strlen((*e)->name) + 1 + ((*e)->alias != NULL ?
			    strlen((*e)->alias) + 1 : 0);
		names = xcalloc(1, len);	/* every name and alias fits */
		for (e = table; *e != NULL; e++) {
			strcat(names, (*e)->name);
			strcat(names, " ");
			if ((*e)->alias != NULL) {
				strcat(names, (*e)->alias);
				strcat(names, " ");
			}
		}
		*cause = xasprintf("unknown command: %s (%stry \"help\")", name,
		    cmd_did_you_mean(name, names));
		free(names);
		return (NULL);
	}
	len = strlen(name) + 64;
	for (e = table; *e != NULL; e++)
		len += strlen((*e)->name) + 2;
	*cause = xmalloc(len);
	o = (size_t)snprintf(*cause, len, "ambiguous command: %s, could be: ",
	    name);
	for (e = table; *e != NULL && o < len; e++) {
		if (strncmp((*e)->name, name, n) == 0) {
			o += (size_t)snprintf(*cause + o, len - o, "%s%s", sep,
			    (*e)->name);
			sep = ", ";
		}
	}
	return (NULL);
}

/* Run one command line; returns its status (errors already reported). */
enum cmd_status
cmd_run(struct cmd_ctx *c, const char *line)
{
	const struct cmd_entry	*ce;
	char			*argv[CMD_MAXARGS + 1], *buf, name[64];
	char			*cause = NULL;
	const char		*p = line;
	size_t			 n;
	int			 argc;
	enum cmd_status		 rc;

	while (isspace((unsigned char)*p))
		p++;
	if (*p == '\0' || *p == '#')
		return (CMD_OK);
	/* What the capture made us send has left before a command looks. */
	if (c->s != NULL)
		path_settle(c->s);
	for (n = 0; p[n] != '\0' && !isspace((unsigned char)p[n]); n++)
		;
	if (strlen(p) >= CMD_MAXLINE) {
		say_err("command line longer than %d bytes: %.20s...",
		    CMD_MAXLINE, p);
		return (CMD_USAGE);
	}
	if (n >= sizeof name) {
		say_err("unknown command: %.*s...", 20, p);
		return (CMD_USAGE);
	}
	memcpy(name, p, n);
	name[n] = '\0';
	if ((ce = cmd_find(c->table, name, &cause)) == NULL) {
		say_err("%s", cause);
		free(cause);
		return (CMD_USAGE);
	}
	p += n;
	buf = xmalloc(strlen(line) + 2);
	argv[0] = (char *)ce->name;
	if (ce->raw) {
		while (isspace((unsigned char)*p))
			p++;
		strcpy(buf, p);
		n = strlen(buf);
		while (n > 0 && isspace((unsigned char)buf[n - 1]))
			buf[--n] = '\0';
		argv[1] = buf;
		argc = n > 0 ? 2 : 1;
	} else {
		argc = cmd_words(p, argv + 1, CMD_MAXARGS - 1, buf, &cause);
		if (argc < 0) {
			say_err("%s: %s", ce->name, cause);
			free(cause);
			free(buf);
			return (CMD_USAGE);
		}
		argc++;
	}
	argv[argc] = NULL;
	if (argc - 1 < ce->min_args) {
		say_err("%s: missing argument%s: usage: %s %s", ce->name,
		    ce->min_args - (argc - 1) > 1 ? "s" : "", ce->name,
		    ce->usage);
		free(buf);
		return (CMD_USAGE);
	}
	if (ce->max_args >= 0 && argc - 1 > ce->max_args) {
		say_err("%s: unexpected \"%s\": usage: %s %s", ce->name,
		    argv[ce->max_args + 1], ce->name, ce->usage);
		free(buf);
		return (CMD_USAGE);
	}
	rc = ce->exec(c, argc, argv);
	free(buf);
	return (rc);
}

/* Parse a time limit in whole seconds (1-86400); the value, or -1 with an error. */
long
cmd_seconds(const char *cmd, const char *arg)
{
	char	*end;
	long	 v = strtol(arg, &end, 10);

	if (*arg == '\0' || *end != '\0' || v <= 0 || v > 86400) {
		say_err("%s: bad timeout \"%s\": seconds 1-86400", cmd, arg);
		return (-1);
	}
	return (v);
}

/*
 * Split a -c string (or a line of -f) into commands at unquoted,
 * unescaped ';' and newlines; backslash-newline continues a line.  A
 * quote left open is an error (NULL, *cause).
 */
char **
cmd_split(const char *in, char **cause)
{
	char	**list = xcalloc(1, sizeof *list), *s = xstrdup(in);
	size_t	  n = 0, start = 0, i, open = 0;
	char	  q = 0, *w;

	/* A backslash at the end of a line continues the command. */
	for (i = 0; s[i] != '\0'; i++) {
		if (s[i] == '\\' && s[i + 1] == '\n') {
			s[i] = s[i + 1] = ' ';
			i++;
		}
	}

	for (i = 0;; i++) {
		if (s[i] == '\\' && s[i + 1] != '\0') {
			i++;
			continue;
		}
		if (q) {
			if (s[i] == '\0') {
				/* Named by its command, as cmd_words does. */
				w = s + start + strspn(s + start, " \t\n");
				*cause = xasprintf("%.*s: unterminated %c quote "
				    "in %.*s (close it with %c)",
				    (int)strcspn(w, " \t\n"), w, q,
				    (int)strcspn(s + open, "\n") > 40 ? 40 :
				    (int)strcspn(s + open, "\n"), s + open, q);
				free(s);
				list[n] = NULL;
				cmd_free_list(list);
				return (NULL);
			}
			if (s[i] == q)
				q = 0;
			continue;
		} else if (cmd_quote_opens(s, s + i)) {
			q = s[i];
			open = i;
			continue;
		}
		if (s[i] == ';' || s[i] == '\0' || s[i] == '\n') {
			list = xrealloc(list, (n + 2) * sizeof *list);
			list[n] = xmalloc(i - start + 1);
			memcpy(list[n], s + start, i - start);
			list[n][i - start] = '\0';
			n++;
			start = i + 1;
			if (s[i] == '\0')
				break;
		}
	}
	list[n] = NULL;
	free(s);
	return (list);
}

/* Free a list from cmd_split. */
void
cmd_free_list(char **list)
{
	char	**p;

	if (list == NULL)
		return;
	for (p = list; *p != NULL; p++)
		free(*p);
	free(list);
}

/* Whether word looks like a connection id ("c3", "u4"). */
int
cmd_is_id(const char *w)
{
	return ((w[0] == 'c' || w[0] == 'u') && isdigit((unsigned char)w[1]) &&
	    strspn(w + 1, "0123456789") == strlen(w + 1));
}

/* A connection or UDP socket id ("c3", "u5", "3") that exists. */
unsigned
cmd_conn_arg(struct cmd_ctx *c, const char *cmd, const char *arg)
{
	struct conn_view	*v;
	struct tcp_status	 ts;
	const char		*p = arg;
	char			*end;
	unsigned long		 n;

	if (*p == 'c' || *p == 'u')
		p++;
	n = strtoul(p, &end, 10);
	/* c names a TCP connection, u a UDP socket; a bare number either. */
	if (*p == '\0' || *end != '\0' || n == 0 || n > 100000000UL ||
	    (tcp_status(c->s->st, (unsigned)n, &ts) != 0 &&
	    !udp_is_socket(c->s->st, (unsigned)n)) ||
	    (*arg == 'c' && udp_is_socket(c->s->st, (unsigned)n)) ||
	    (*arg == 'u' && !udp_is_socket(c->s->st, (unsigned)n))) {
		if ((v = conns_find(c->o->conns, (unsigned)n)) != NULL &&
		    v->phase == CONN_GONE)
			say_err("%s: c%lu was freed after it closed (history "
			    "c%lu shows its states)", cmd, n, n);
		else
			say_err("%s: no connection \"%s\" (see conns)", cmd,
			    arg);
		return (0);
	}
	return ((unsigned)n);
}

/*
 * The newest TCP connection that is not CLOSED (else the newest), or 0:
 * looked for from the newest, so it takes as long with 100,000 open as
 * with one (CLOSED ones are few: they are freed).
 */
static unsigned
cmd_some_conn(struct cmd_ctx *c)
{
	struct tcp_status	ts;
	unsigned		id = 0, any = 0;

	while ((id = stack_conn_prev(c->s->st, id)) != 0) {
		if (tcp_status(c->s->st, id, &ts) != 0)
			continue;
		if (any == 0)
			any = id;
		if (ts.state != TCP_CLOSED)
			return (id);
	}
	return (any);
}

/*
 * Say why cmd has no TCP connection to act on: what the current socket is
 * (udp: a UDP socket's id, or 0) and what to do instead.
 */
static void
cmd_no_conn(struct cmd_ctx *c, const char *cmd, unsigned udp)
{
	unsigned	 some = cmd_some_conn(c);
	const char	*udp_hint = "";
	char		 what[64], todo[96];

	if (udp != 0)
		snprintf(what, sizeof what, "u%u is a UDP socket, not a TCP "
		    "connection", udp);
	else if (some != 0)
		snprintf(what, sizeof what, "no current connection");
	else
		snprintf(what, sizeof what, "no connection");
	if (some != 0)
		snprintf(todo, sizeof todo, "name one, e.g. %s c%u (see conns)",
		    cmd, some);
	else
		snprintf(todo, sizeof todo, "use connect or listen first");
	if (udp != 0 && strcmp(cmd, "send") == 0)
		udp_hint = "; udp send HOST:PORT TEXT sends a datagram";
	say_err("%s: %s: %s%s", cmd, what, todo, udp_hint);
}

/* The connection a command acts on: the id in arg, else the current one. */
unsigned
cmd_conn_of(struct cmd_ctx *c, const char *cmd, const char *arg)
{
	struct tcp_status	ts;
	unsigned		cur = conns_cur(c->o->conns), id;

	if (arg != NULL) {
		if ((id = cmd_conn_arg(c, cmd, arg)) != 0 &&
		    udp_is_socket(c->s->st, id)) {
			cmd_no_conn(c, cmd, id);
			return (0);
		}
		return (id);
	}
	if (cur != 0 && udp_is_socket(c->s->st, cur)) {
		cmd_no_conn(c, cmd, cur);
		return (0);
	}
	if (cur == 0 || tcp_status(c->s->st, cur, &ts) != 0) {
		cmd_no_conn(c, cmd, 0);
		return (0);
	}
	return (cur);
}

/* The connection or UDP socket a command acts on: arg's, else the current. */
unsigned
cmd_sock_of(struct cmd_ctx *c, const char *cmd, const char *arg)
{
	unsigned	cur = conns_cur(c->o->conns);

	if (arg != NULL)
		return (cmd_conn_arg(c, cmd, arg));
	if (cur != 0 && udp_is_socket(c->s->st, cur))
		return (cur);
	return (cmd_conn_of(c, cmd, NULL));
}
