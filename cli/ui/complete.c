/*
 * cli/ui/complete.c - completion at the prompt: command names from the
 * command table, then each command's arguments from a table of rules
 * keyed by command name (subcommands, options) whose @KINDS expand from
 * live sources: connection ids from the stack, state names from the
 * engine, settings from the knob table, held segments from step mode,
 * file names from readline.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <readline/readline.h>

#include "cli/cmd/cmd.h"
#include "cli/obs/counters.h"
#include "cli/run/session.h"
#include "cli/ui/complete.h"
#include "core/xmalloc.h"

#define COMPLETE_MAXWORDS	64

/*
 * How one argument of a command completes: the rule applies to argument
 * pos (1 the first, 0 any) when the word before it is after (NULL: any).
 * words are literal candidates and these kinds, blank-separated:
 *   @ID       connection and UDP socket ids (c1, u2)
 *   @STATE    RFC 9293 state names
 *   @EVENT    the event names `wait event` takes
 *   @KNOB     setting names (and notation, lines, recv_keep), for set and show
 *   @VALUE    values of the setting named by the word before (on, off...)
 *   @SETTING  SETTING=VALUE pairs, for connect
 *   @HOST     the lab peer's addresses, as HOST: to add a port to
 *   @HELD     numbers of the segments step mode holds
 *   @CMD      command names
 *   @FILE     file names
 * The first rule that applies wins; "" means nothing completes there.
 */
struct complete_rule {
	const char	*cmd;
	int		 pos;
	const char	*after;
	const char	*words;
};

static const struct complete_rule complete_rules[] = {
	{ "connect",	1, NULL,	"@HOST" },
	{ "connect",	0, NULL,	"@SETTING" },
	{ "listen",	2, NULL,	"manual" },
	{ "listen",	0, NULL,	"" },
	{ "accept",	0, NULL,	"" },
	{ "send",	1, NULL,	"@ID --size" },
	{ "send",	0, NULL,	"" },
	{ "recv",	1, NULL,	"@ID" },
	{ "sendfile",	1, NULL,	"@FILE" },
	{ "save",	1, NULL,	"@FILE" },
	{ "save",	2, NULL,	"follow next" },
	{ "shutdown",	1, NULL,	"@ID" },
	{ "close",	1, NULL,	"@ID" },
	{ "close",	2, NULL,	"at-eof" },
	{ "abort",	1, NULL,	"@ID" },
	{ "conns",	1, NULL,	"all" },
	{ "conns",	0, NULL,	"" },
	{ "stat",	1, NULL,	"@ID path" },
	{ "history",	1, NULL,	"@ID" },
	{ "use",	1, NULL,	"@ID" },
	{ "set",	1, NULL,	"@KNOB" },
	{ "set",	2, NULL,	"@VALUE" },
	{ "show",	1, NULL,	"segment @KNOB" },
	{ "udp",	1, NULL,	"bind send" },
	{ "udp",	2, "send",	"@HOST" },
	{ "udp",	0, NULL,	"" },
	{ "wait",	1, NULL,	"state recv accept event" },
	{ "wait",	2, "state",	"@STATE" },
	{ "wait",	2, "event",	"@EVENT" },
	{ "wait",	0, NULL,	"" },
	{ "step",	0, "freeze",	"on off" },
	{ "step",	1, NULL,	"on off in out both freeze @HELD" },
	{ "step",	0, NULL,	"on off in out both @ID" },
	{ "held",	0, NULL,	"" },
	{ "edit",	1, NULL,	"@HELD" },
	{ "edit",	0, NULL,	"flags= seq= ack= win= urg= ttl= tos= payload=" },
	{ "drop",	1, NULL,	"@HELD" },
	{ "fault",	1, NULL,	"drop dup reorder delay corrupt hold clear" },
	{ "fault",	0, "clear",	"" },
	{ "fault",	0, NULL,	"in out" },
	{ "craft",	0, "to",	"@HOST" },
	{ "craft",	0, NULL,	"to from --abs ttl tos id df nodf ipopt "
					"badsum payload win ack" },
	{ "expect",	1, NULL,	"in out" },
	{ "expect",	0, NULL,	"within --abs win ack" },
	{ "flood",	1, NULL,	"syn rst" },
	{ "flood",	2, "syn",	"@HOST" },
	{ "flood",	2, "rst",	"@HOST" },
	{ "flood",	0, NULL,	"count= rate= spoof= seed= threads=" },
	{ "sleep",	0, NULL,	"" },
	{ "echo",	0, NULL,	"" },
	{ "pkt",	1, NULL,	"load step run status diagram close" },
	{ "pkt",	2, "load",	"@FILE" },
	{ "pkt",	2, "step",	"" },
	{ "pkt",	2, "diagram",	"width= unicode" },
	{ "pkt",	0, NULL,	"--lenient --tolerance_usecs -D width= unicode" },
	{ "lesson",	1, NULL,	"@FILE next stop four-tuple handshake why-three isn teardown time-wait keepalive linger-rst retransmission mss-mtu header udp-vs-tcp length-fields" },
	{ "lesson",	0, NULL,	"--auto" },
	{ "say",	0, NULL,	"" },
	{ "pause",	0, NULL,	"" },
	{ "mark",	2, NULL,	"@EVENT" },
	{ "mark",	0, NULL,	"" },
	{ "measure",	2, NULL,	"since between count peer tcb field minus "
					"per" },
	{ "measure",	3, "field",	"last" },
	{ "measure",	4, "last",	"in out tcp udp icmp icmp6 ip ip6 arp" },
	{ "measure",	0, NULL,	"" },
	{ "report",	0, NULL,	"" },
	{ "lab",	1, NULL,	"exec sh mtu" },
	{ "lab",	0, NULL,	"" },
	{ "capture",	1, NULL,	"start stop save status" },
	{ "capture",	2, "save",	"@FILE" },
	{ "capture",	0, NULL,	"" },
	{ "decode",	1, NULL,	"list last" },
	{ "decode",	2, "last",	"in out tcp udp icmp icmp6 ip ip6 arp" },
	{ "decode",	3, "in",	"tcp udp icmp icmp6 ip ip6 arp" },
	{ "decode",	3, "out",	"tcp udp icmp icmp6 ip ip6 arp" },
	{ "decode",	0, NULL,	"" },
	{ "diagram",	0, NULL,	"--text time=relative time=absolute "
					"time=delta width= unicode" },
	{ "help",	1, NULL,	"@CMD" },
	{ "help",	0, NULL,	"" },
	{ "quit",	0, NULL,	"" },
};
#define NRULES	(sizeof complete_rules / sizeof complete_rules[0])

static struct cmd_ctx	*complete_ctx;

struct cands {
	char	**v;
	size_t	  n;
	const char *text;
};

/* Add word to the candidates if it starts with the text typed. */
static void
cand_add(struct cands *c, const char *word)
{
	size_t	i;

	if (strncmp(word, c->text, strlen(c->text)) != 0)
		return;
	for (i = 0; i < c->n; i++)
		if (strcmp(c->v[i], word) == 0)
			return;
	c->v = xrealloc(c->v, (c->n + 2) * sizeof *c->v);
	c->v[c->n++] = xstrdup(word);
	c->v[c->n] = NULL;
}

/* Add the printf-formatted word to the candidates if it fits the text. */
static void __attribute__((format(printf, 2, 3)))
cand_addf(struct cands *c, const char *fmt, ...)
{
	char	buf[128];
	va_list	ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	cand_add(c, buf);
}

/* Add each of the blank-separated words of list. */
static void
cand_list(struct cands *c, const char *list)
{
	const char	*p;
	char		 word[128];
	size_t		 n;

	for (p = list; *p != '\0'; p += n) {
		p += strspn(p, " ");
		n = strcspn(p, " ");
		if (n > 0 && n < sizeof word) {
			memcpy(word, p, n);
			word[n] = '\0';
			cand_add(c, word);
		}
	}
}

/* Add the values setting name takes, each after prefix ("" or "name="). */
static void
cand_values(struct cands *c, const char *name, const char *prefix)
{
	const struct tcp_knob	*k;

	if (strcmp(name, "notation") == 0) {
		cand_addf(c, "%stcpdump", prefix);
		cand_addf(c, "%spacketdrill", prefix);
	} else if (strcmp(name, "lines") == 0) {
		cand_addf(c, "%sall", prefix);
		cand_addf(c, "%sevents", prefix);
		cand_addf(c, "%snone", prefix);
	} else if ((k = tcp_knob_find(name)) != NULL && k->type == KNOB_BOOL) {
		cand_addf(c, "%son", prefix);
		cand_addf(c, "%soff", prefix);
	}
}

/* Expand one @KIND into candidates; prev is the word before the one typed. */
static void
cand_kind(struct cands *c, struct cmd_ctx *x, const char *kind,
    const char *prev)
{
	struct session		*s = x->s;
	const struct cmd_entry	*const *e;
	const struct tcp_knob	*k;
	const struct gate_seg	*h = NULL;
	const char		*eq;
	char			 name[64], prefix[72], list[1024];
	size_t			 i, n;
	unsigned		 id;
	int			 st;

	if (strcmp(kind, "@CMD") == 0) {
		for (e = x->table; *e != NULL; e++)
			cand_add(c, (*e)->name);
	} else if (strcmp(kind, "@STATE") == 0) {
		for (st = 0; st < TCP_NSTATES; st++)
			cand_add(c, tcp_state_name((enum tcp_state)st));
	} else if (strcmp(kind, "@EVENT") == 0) {
		cand_list(c, counters_list(list, sizeof list));
	} else if (strcmp(kind, "@KNOB") == 0) {
		cand_add(c, "notation");
		cand_add(c, "lines");
		cand_add(c, "recv_keep");
		cand_add(c, "diagram_keep");
		for (k = tcp_knobs(&n), i = 0; i < n; i++)
			cand_add(c, k[i].name);
	} else if (strcmp(kind, "@VALUE") == 0) {
		cand_values(c, prev, "");
	} else if (strcmp(kind, "@SETTING") == 0) {
		if ((eq = strchr(c->text, '=')) != NULL &&
		    (size_t)(eq - c->text) < sizeof name) {
			snprintf(name, sizeof name, "%.*s",
			    (int)(eq - c->text), c->text);
			snprintf(prefix, sizeof prefix, "%s=", name);
			cand_values(c, name, prefix);
		} else
			for (k = tcp_knobs(&n), i = 0; i < n; i++)
				cand_addf(c, "%s=", k[i].name);
	} else if (s == NULL || s->st == NULL) {
		return;		/* the rest need a live session */
	} else if (strcmp(kind, "@ID") == 0) {
		for (id = stack_conn_next(s->st, 0); id != 0;
		    id = stack_conn_next(s->st, id))
			cand_addf(c, "c%u", id);
		for (id = udp_next(s->st, 0); id != 0; id = udp_next(s->st, id))
			cand_addf(c, "u%u", id);
	} else if (strcmp(kind, "@HELD") == 0) {
		while ((h = gate_next_held(s->gate, h)) != NULL)
			cand_addf(c, "%u", h->num);
	} else if (strcmp(kind, "@HOST") == 0 && s->lab.up) {
		cand_add(c, LAB_PEER4 ":");
		cand_add(c, "[" LAB_PEER6 "]:");
	}
}

/* Split line into at most max words, unquoted; the count. */
static int
complete_split(const char *line, char **w, int max)
{
	const char	*p = line, *start;
	char		 q, *o;
	int		 n = 0;

	for (;;) {
		while (isspace((unsigned char)*p))
			p++;
		if (*p == '\0' || n == max)
			return (n);
		start = p;
		q = 0;
		w[n] = o = xmalloc(strlen(start) + 1);
		while (*p != '\0' && (q || !isspace((unsigned char)*p))) {
			if (q && *p == q)
				q = 0;
			else if (!q && (*p == '"' || *p == '\''))
				q = *p;
			else {
				if (*p == '\\' && p[1] != '\0')
					p++;
				*o++ = *p;
			}
			p++;
		}
		*o = '\0';
		n++;
	}
}

/* The first rule of cmd for argument pos after word prev, or NULL. */
static const struct complete_rule *
complete_rule(const char *cmd, int pos, const char *prev)
{
	const struct complete_rule	*r;

	for (r = complete_rules; r < complete_rules + NRULES; r++) {
		if (strcmp(r->cmd, cmd) != 0)
			continue;
		if (r->pos != 0 && r->pos != pos)
			continue;
		if (r->after != NULL && strcmp(r->after, prev) != 0)
			continue;
		return (r);
	}
	return (NULL);
}

/* The completions of text, typed after the words in line[0..point). */
char **
complete_words(struct cmd_ctx *x, const char *line, size_t point,
    const char *text, int *files)
{
	const struct complete_rule	*r;
	const struct cmd_entry		*const *e, *ce;
	struct cands			 c = { NULL, 0, text };
	char				*w[COMPLETE_MAXWORDS], *head, word[64],
					*cause = NULL;
	const char			*p, *q;
	size_t				 len;
	int				 n, i;

	*files = 0;
	c.v = xcalloc(1, sizeof *c.v);
	/* The words before the one being typed (less its opening quote). */
	len = strlen(line);
	if (point > len)
		point = len;
	if (point > 0 && (line[point - 1] == '"' || line[point - 1] == '\''))
		point--;
	head = xmalloc(point + 1);
	memcpy(head, line, point);
	head[point] = '\0';
	n = complete_split(head, w, COMPLETE_MAXWORDS);
	free(head);
	if (n == 0) {
		for (e = x->table; *e != NULL; e++) {
			cand_add(&c, (*e)->name);
			if ((*e)->alias != NULL)
				cand_add(&c, (*e)->alias);
		}
		return (c.v);
	}
	ce = cmd_find(x->table, w[0], &cause);
	free(cause);
	r = ce != NULL ? complete_rule(ce->name, n, w[n - 1]) : NULL;
	for (p = r != NULL ? r->words : ""; *p != '\0'; p = q) {
		p += strspn(p, " ");
		q = p + strcspn(p, " ");
		if (q == p || (size_t)(q - p) >= sizeof word)
			continue;
		memcpy(word, p, (size_t)(q - p));
		word[q - p] = '\0';
		if (strcmp(word, "@FILE") == 0)
			*files = 1;
		else if (word[0] == '@')
			cand_kind(&c, x, word, w[n - 1]);
		else
			cand_add(&c, word);
	}
	for (i = 0; i < n; i++)
		free(w[i]);
	if (*files) {
		complete_free(c.v);
		return (NULL);
	}
	return (c.v);
}

/* Free a list from complete_words. */
void
complete_free(char **v)
{
	char	**p;

	if (v == NULL)
		return;
	for (p = v; *p != NULL; p++)
		free(*p);
	free(v);
}

/* Whether command name has completion rules. */
int
complete_known(const char *name)
{
	size_t	i;

	for (i = 0; i < NRULES; i++)
		if (strcmp(complete_rules[i].cmd, name) == 0)
			return (1);
	return (0);
}

/* A command the rules name that cmd_table does not have, or NULL. */
const char *
complete_stale(const struct cmd_entry *const *table)
{
	const struct cmd_entry	*const *e;
	size_t			 i;

	for (i = 0; i < NRULES; i++) {
		for (e = table; *e != NULL; e++)
			if (strcmp((*e)->name, complete_rules[i].cmd) == 0)
				break;
		if (*e == NULL)
			return (complete_rules[i].cmd);
	}
	return (NULL);
}

static char	**complete_list;	/* the candidates readline is taking */
static size_t	  complete_next;

/* Hand readline the candidates one by one. */
static char *
complete_generator(const char *text, int state)
{
	(void)text;
	if (state == 0)
		complete_next = 0;
	if (complete_list == NULL || complete_list[complete_next] == NULL)
		return (NULL);
	return (xstrdup(complete_list[complete_next++]));
}

/* readline's hook: complete the word from start to end of the line. */
static char **
complete_readline(const char *text, int start, int end)
{
	char	**m, **p;
	int	  files, glue = 1;

	(void)end;
	rl_attempted_completion_over = 1;	/* no fallback to file names */
	complete_list = complete_words(complete_ctx, rl_line_buffer,
	    (size_t)start, text, &files);
	if (files) {
		rl_attempted_completion_over = 0;
		return (rl_completion_matches(text,
		    rl_filename_completion_function));
	}
	/* "mss=" and "10.0.0.2:" want more typed after them, not a blank. */
	for (p = complete_list; p != NULL && *p != NULL; p++) {
		size_t l = strlen(*p);
		if (l == 0 || ((*p)[l - 1] != '=' && (*p)[l - 1] != ':'))
			glue = 0;
	}
	if (complete_list != NULL && complete_list[0] != NULL && glue)
		rl_completion_suppress_append = 1;
	m = rl_completion_matches(text, complete_generator);
	complete_free(complete_list);
	complete_list = NULL;
	return (m);
}

/* Install tcpx's completion for the readline prompt, commands run in x. */
void
complete_init(struct cmd_ctx *x)
{
	complete_ctx = x;
	rl_attempted_completion_function = complete_readline;
	/* Words break at blanks only: "mss=", "10.0.0.2:" and "@f" stay whole. */
	rl_completer_word_break_characters = " \t\n";
	rl_completer_quote_characters = "\"'";
}
