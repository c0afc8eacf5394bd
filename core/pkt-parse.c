/*
 * core/pkt-parse.c - the packetdrill script parser's top level (see
 * core/pkt.h): the defines, the --options, each statement's time and
 * kind, shell lines, and the script's list of statements.  Packets,
 * system calls and code blocks have files of their own.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/pkt-int.h"
#include "core/xmalloc.h"

static int	set_defines(struct pkt_ctx *c, const char *const *defines,
		    size_t ndefines);
static int	parse_option(struct pkt_ctx *c, const struct pkt_tok *t);
static int	parse_time(struct pkt_ctx *c, const struct pkt_tok *t,
		    struct pkt_time *tm);
static int	parse_statement(struct pkt_ctx *c);
static int	add_stmt(struct pkt_ctx *c, const struct pkt_stmt *st,
		    const struct pkt_tok *t);
static void	ctx_free(struct pkt_ctx *c);

/* Check and keep the caller's defines ("NAME" or "NAME=VALUE"). */
static int
set_defines(struct pkt_ctx *c, const char *const *defines, size_t ndefines)
{
	const char	*d;
	size_t		 i, n;

	if (ndefines > PKT_MAX_DEFINES) {
		snprintf(c->err, c->errlen, "%s: more than %d defines",
		    c->file, PKT_MAX_DEFINES);
		return (-1);
	}
	for (i = 0; i < ndefines; i++) {
		d = defines[i];
		for (n = 0; (d[n] >= 'a' && d[n] <= 'z') || (d[n] >= 'A' &&
		    d[n] <= 'Z') || d[n] == '_' || (n > 0 && d[n] >= '0' &&
		    d[n] <= '9'); n++)
			;
		if (n == 0 || n > PKT_MAX_WORD || (d[n] != '\0' &&
		    d[n] != '=') || strlen(d) > PKT_MAX_LINE) {
			snprintf(c->err, c->errlen, "%s: bad define \"%.40s\" "
			    "(want NAME or NAME=VALUE)", c->file, d);
			return (-1);
		}
		c->defs[i].name = pkt_strndup(c->arena, d, n);
		c->defs[i].n = n;
		if (d[n] != '=')
			continue;
		c->defs[i].vn = strlen(d + n + 1);
		c->defs[i].value = pkt_strndup(c->arena, d + n + 1,
		    c->defs[i].vn);
		pkt_define_node(c, c->defs[i].value, c->defs[i].vn,
		    &c->defs[i].node);
	}
	c->ndefs = ndefines;
	return (0);
}

/* Parse "--name[=value]" after its token t. */
static int
parse_option(struct pkt_ctx *c, const struct pkt_tok *t)
{
	struct pkt_script	*s = c->script;
	struct pkt_option	*o;
	const char		*p = c->s;
	size_t			 start, n;

	if (s->nstmts > 0)
		return (pkt_err(c, t, "option after the first statement "
		    "(options go at the top)"));
	if (s->nopts == PKT_MAX_OPTIONS)
		return (pkt_err(c, t, "more than %d options", PKT_MAX_OPTIONS));
	o = (struct pkt_option *)&s->opts[s->nopts];
	o->name = pkt_strndup(c->arena, t->p + 2, t->n - 2);
	o->line = t->line;
	n = strspn(p + c->pos, " \t");
	if (p[c->pos + n] != '=') {
		s->nopts++;
		return (0);
	}
	c->pos += n + 1;
	c->pos += strspn(p + c->pos, " \t");
	start = c->pos;
	if (p[start] == '"') {
		n = strcspn(p + start + 1, "\"\n");
		if (p[start + 1 + n] != '"')
			return (pkt_err_at(c, t->line, p + start, n + 1,
			    "unterminated string"));
		o->value = pkt_strndup(c->arena, p + start + 1, n);
		c->pos = start + n + 2;
	} else {
		for (n = 0; p[start + n] != '\0' &&
		    strchr(" \t\r\n", p[start + n]) == NULL &&
		    !(p[start + n] == '/' && (p[start + n + 1] == '/' ||
		    p[start + n + 1] == '*')); n++)
			;
		if (n == 0)
			return (pkt_err(c, t, "missing value after \"=\""));
		o->value = pkt_strndup(c->arena, p + start, n);
		c->pos = start + n;
	}
	if (n > PKT_MAX_LINE)
		return (pkt_err(c, t, "option value longer than %d bytes",
		    PKT_MAX_LINE));
	s->nopts++;
	return (0);
}

/* Parse seconds such as "1", "0.25" or ".005" into microseconds. */
int
pkt_parse_secs(struct pkt_ctx *c, const struct pkt_tok *t, int64_t *usecs)
{
	const char	*dot;
	uint64_t	 whole = 0, frac = 0;
	size_t		 wn, i;

	if (t->type != TK_NUM)
		return (pkt_err(c, t, "missing time in seconds"));
	if (memchr(t->p, 'x', t->n) != NULL || memchr(t->p, 'X', t->n) != NULL)
		return (pkt_err(c, t, "time must be in decimal seconds"));
	dot = memchr(t->p, '.', t->n);
	wn = dot != NULL ? (size_t)(dot - t->p) : t->n;
	if (wn > 0 && pdn_number(t->p, wn, PKT_MAX_USECS / 1000000,
	    &whole) != 0)
		return (pkt_err(c, t, "time past the limit of %lld seconds",
		    PKT_MAX_USECS / 1000000));
	/* Digits past the microsecond are dropped, as packetdrill does. */
	for (i = 0; i < 6; i++) {
		frac *= 10;
		if (dot != NULL && wn + 1 + i < t->n)
			frac += (uint64_t)(t->p[wn + 1 + i] - '0');
	}
	*usecs = (int64_t)(whole * 1000000 + frac);
	if (*usecs > PKT_MAX_USECS)
		return (pkt_err(c, t, "time past the limit of %lld seconds",
		    PKT_MAX_USECS / 1000000));
	return (0);
}

/* Parse the time starting at token t: "*", "T", "+T", "T~T", "+T~+T". */
static int
parse_time(struct pkt_ctx *c, const struct pkt_tok *t, struct pkt_time *tm)
{
	const struct pkt_tok	*pk;
	struct pkt_tok		 n, e;

	memset(tm, 0, sizeof *tm);
	if (pkt_is(t, '*')) {
		tm->kind = PKT_TIME_ANY;
		return (0);
	}
	if (pkt_is(t, '-'))
		return (pkt_err(c, t, "negative time"));
	if (pkt_is(t, '+')) {
		tm->kind = PKT_TIME_REL;
		if (pkt_next(c, &n) == TK_ERR)
			return (-1);
		t = &n;
	} else if (t->type == TK_NUM)
		tm->kind = PKT_TIME_ABS;
	else
		return (pkt_err(c, t, "missing time (e.g. \"0\", \"+0.1\" or "
		    "\"*\") at the start of a statement"));
	if (pkt_parse_secs(c, t, &tm->usecs) != 0)
		return (-1);
	if ((pk = pkt_peek(c)) == NULL)
		return (-1);
	if (!pkt_is(pk, '~'))
		return (0);
	pkt_next(c, &e);
	if (pkt_next(c, &e) == TK_ERR)
		return (-1);
	if (pkt_is(&e, '+') != (tm->kind == PKT_TIME_REL))
		return (pkt_err(c, &e, "a range's ends must be both relative "
		    "(\"+T~+T\") or both absolute (\"T~T\")"));
	if (pkt_is(&e, '+') && pkt_next(c, &e) == TK_ERR)
		return (-1);
	if (pkt_parse_secs(c, &e, &tm->end_usecs) != 0)
		return (-1);
	if (tm->end_usecs < tm->usecs)
		return (pkt_err(c, &e, "range ends before it starts"));
	tm->has_end = true;
	return (0);
}

/* Append st to the script. */
static int
add_stmt(struct pkt_ctx *c, const struct pkt_stmt *st,
    const struct pkt_tok *t)
{
	struct pkt_script	*s = c->script;

	if (s->nstmts == PKT_MAX_STMTS)
		return (pkt_err(c, t, "more than %u statements",
		    PKT_MAX_STMTS));
	if (s->nstmts == c->cap_stmts) {
		c->cap_stmts = c->cap_stmts ? c->cap_stmts * 2 : 64;
		s->stmts = xrealloc(s->stmts, c->cap_stmts * sizeof *s->stmts);
	}
	s->stmts[s->nstmts++] = *st;
	return (0);
}

/* Parse one statement: a time and an action, or a shell line. */
static int
parse_statement(struct pkt_ctx *c)
{
	const struct pkt_tok	*pk;
	struct pkt_tok		 t, a;
	struct pkt_stmt		 st;
	struct pkt_code		*code;

	memset(&st, 0, sizeof st);
	if (pkt_next(c, &t) == TK_ERR)
		return (-1);
	st.line = t.line;
	if (t.type == TK_SHELL) {
		st.time.kind = PKT_TIME_NONE;
		a = t;
	} else {
		if (parse_time(c, &t, &st.time) != 0)
			return (-1);
		if ((pk = pkt_peek(c)) == NULL)
			return (-1);
		a = *pk;
	}
	if (a.type == TK_SHELL) {
		if (st.time.kind != PKT_TIME_NONE)
			pkt_next(c, &a);
		st.kind = PKT_SHELL;
		st.u.shell = pkt_strndup(c->arena, a.p + 1, a.n - 2);
	} else if (pkt_is(&a, '<') || pkt_is(&a, '>')) {
		pkt_next(c, &a);
		st.kind = PKT_PACKET;
		st.u.packet.dir = a.ch;
		if (pkt_parse_packet(c, &st, &a) != 0)
			return (-1);
	} else if (a.type == TK_CODE) {
		pkt_next(c, &a);
		st.kind = PKT_CODE;
		if (pkt_parse_code(c, &a, &code) != 0)
			return (-1);
		st.u.code = code;
	} else if (a.type == TK_WORD || a.type == TK_ELLIPSIS) {
		st.kind = PKT_SYSCALL;
		if (pkt_parse_syscall(c, &st) != 0)
			return (-1);
	} else
		return (pkt_err(c, &a, "expected a packet (\"<\" or \">\"), a "
		    "system call, a `shell command` or %%{ code }%% after the "
		    "time"));
	return (add_stmt(c, &st, &t));
}

/* Free the parser's own memory (not the script). */
static void
ctx_free(struct pkt_ctx *c)
{
	free(c->stk);
	free(c->spec);
}

/* Parse a whole script. */
struct pkt_script *
pkt_parse(const char *buf, size_t len, const char *file,
    const char *const *defines, size_t ndefines, char *err, size_t errlen)
{
	struct pkt_ctx		 c;
	struct pkt_script	*s;
	const struct pkt_tok	*pk;
	struct pkt_tok		 t;
	const char		*nul;
	char			 dummy[1];
	size_t			 i;
	int			 r = 0, line;

	memset(&c, 0, sizeof c);
	c.file = file != NULL ? file : "-";
	c.err = err != NULL && errlen > 0 ? err : dummy;
	c.errlen = err != NULL && errlen > 0 ? errlen : sizeof dummy;
	c.err[0] = '\0';
	c.line = 1;
	c.bol = true;
	if (len == 0)
		buf = "";
	if (len > PKT_MAX_BYTES) {
		snprintf(c.err, c.errlen, "%s: script of %zu bytes (more than "
		    "%u)", c.file, len, PKT_MAX_BYTES);
		return (NULL);
	}
	if ((nul = memchr(buf, '\0', len)) != NULL) {
		for (i = 0, line = 1; buf + i < nul; i++)
			line += buf[i] == '\n';
		snprintf(c.err, c.errlen, "%s:%d: NUL byte in the script",
		    c.file, line);
		return (NULL);
	}
	c.arena = pkt_arena_new();
	s = c.script = pkt_alloc(c.arena, sizeof *s);
	s->arena = c.arena;
	s->file = pkt_strndup(c.arena, c.file, strlen(c.file));
	s->opts = pkt_alloc(c.arena, PKT_MAX_OPTIONS * sizeof *s->opts);
	c.s = pkt_strndup(c.arena, buf, len);
	c.len = len;
	c.spec = xmalloc(sizeof *c.spec);
	if (set_defines(&c, defines, ndefines) != 0)
		r = -1;
	while (r == 0) {
		if ((pk = pkt_peek(&c)) == NULL) {
			r = -1;
			break;
		}
		if (pk->type == TK_EOF)
			break;
		if (pk->type == TK_OPTION) {
			pkt_next(&c, &t);
			r = parse_option(&c, &t);
		} else
			r = parse_statement(&c);
	}
	ctx_free(&c);
	if (r != 0) {
		free(s->stmts);
		pkt_arena_free(c.arena);
		return (NULL);
	}
	return (s);
}

/* Free a parsed script. */
void
pkt_free(struct pkt_script *s)
{
	if (s == NULL)
		return;
	free(s->stmts);
	pkt_arena_free(s->arena);
}

/* The name of a time kind. */
const char *
pkt_time_kind_name(enum pkt_time_kind k)
{
	static const char *const names[] = { "none", "absolute", "relative",
	    "any" };

	return ((unsigned)k < sizeof names / sizeof names[0] ? names[k] : "?");
}

/* The name of a statement kind. */
const char *
pkt_kind_name(enum pkt_kind k)
{
	static const char *const names[] = { "packet", "syscall", "shell",
	    "code" };

	return ((unsigned)k < sizeof names / sizeof names[0] ? names[k] : "?");
}

/* The operator of a comparison. */
const char *
pkt_cmp_name(enum pkt_cmp cmp)
{
	static const char *const names[] = { "==", "!=", "<", "<=", ">",
	    ">=" };

	return ((unsigned)cmp < sizeof names / sizeof names[0] ? names[cmp] :
	    "?");
}
