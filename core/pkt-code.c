/*
 * core/pkt-code.c - %{ }% blocks of a packetdrill script (see core/pkt.h).
 * packetdrill runs them as Python over the socket's struct tcp_info; the
 * collections use a few simple forms (assert tcpi_state == TCP_ESTABLISHED,
 * tcpi_state), which are parsed here into comparisons of tcpi_* fields
 * with numbers and names.  A block holding anything else is kept with the
 * reason it is unsupported.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/pkt-int.h"
#include "core/xmalloc.h"

enum ctok_type {
	CT_END,
	CT_NUM,
	CT_NAME,
	CT_OP,		/* == != <= >= < > = += -= & ( ) , - */
	CT_OTHER,
};

struct ctok {
	enum ctok_type	 type;
	const char	*p;
	size_t		 n;
};

/* One statement of a block being read. */
struct cread {
	struct pkt_ctx	*c;
	const char	*p;		/* the statement */
	size_t		 n;
	size_t		 pos;
	int		 line;		/* in the script */
	char		 why[200];	/* why it is unsupported */
};

/* Statements collected for a block. */
struct cvec {
	struct pkt_cstmt	*v;
	size_t			 n, cap;
};

static bool	name_ch(int ch, bool first);
static void	ctok_next(struct cread *r, struct ctok *t);
static void	ctok_peek(struct cread *r, struct ctok *t);
static bool	ctok_is(const struct ctok *t, const char *s);
static int	unsupported(struct cread *r, const struct ctok *t,
		    const char *what);
static int	parse_cterm(struct cread *r, struct pkt_term *term);
static int	parse_operand(struct cread *r, struct pkt_operand *o);
static int	cmp_op(const struct ctok *t, enum pkt_cmp *op);
static int	parse_assert(struct cread *r, struct pkt_cstmt *cs);
static char	*join_lines(struct pkt_ctx *c, const char *p, size_t n);
static int	parse_cstmt(struct cread *r, struct pkt_cstmt *cs);
static size_t	stmt_end(const char *p, size_t n, size_t i);

/* Whether ch may be in a Python name (first: may start one). */
static bool
name_ch(int ch, bool first)
{
	return ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
	    ch == '_' || (!first && ch >= '0' && ch <= '9'));
}

/* Read the next token of the statement ("\" and a newline are a blank). */
static void
ctok_next(struct cread *r, struct ctok *t)
{
	static const char *const ops[] = { "==", "!=", "<=", ">=", "+=", "-=",
	    "<", ">", "=", "&", "(", ")", ",", "-" };
	const char	*p = r->p;
	size_t		 i;

	while (r->pos < r->n && (p[r->pos] == ' ' || p[r->pos] == '\t' ||
	    p[r->pos] == '\r' || p[r->pos] == '\n' || p[r->pos] == '\\'))
		r->pos++;
	t->p = p + r->pos;
	t->n = 0;
	if (r->pos == r->n) {
		t->type = CT_END;
		return;
	}
	if (p[r->pos] >= '0' && p[r->pos] <= '9') {
		t->type = CT_NUM;
		while (r->pos + t->n < r->n &&
		    name_ch((unsigned char)p[r->pos + t->n], false))
			t->n++;
	} else if (name_ch((unsigned char)p[r->pos], true)) {
		t->type = CT_NAME;
		while (r->pos + t->n < r->n &&
		    name_ch((unsigned char)p[r->pos + t->n], false))
			t->n++;
	} else {
		t->type = CT_OTHER;
		t->n = 1;
		for (i = 0; i < sizeof ops / sizeof ops[0]; i++) {
			if (strlen(ops[i]) <= r->n - r->pos &&
			    memcmp(p + r->pos, ops[i], strlen(ops[i])) == 0) {
				t->type = CT_OP;
				t->n = strlen(ops[i]);
				break;
			}
		}
	}
	r->pos += t->n;
}

/* Look at the next token without taking it. */
static void
ctok_peek(struct cread *r, struct ctok *t)
{
	size_t	pos = r->pos;

	ctok_next(r, t);
	r->pos = pos;
}

/* Whether t is the operator or name s. */
static bool
ctok_is(const struct ctok *t, const char *s)
{
	return ((t->type == CT_OP || t->type == CT_NAME) &&
	    t->n == strlen(s) && memcmp(t->p, s, t->n) == 0);
}

/* Note why the statement is not a simple one; returns -1. */
static int
unsupported(struct cread *r, const struct ctok *t, const char *what)
{
	int	sn = (int)(r->n > 60 ? 60 : r->n);

	if (t->type == CT_END)
		snprintf(r->why, sizeof r->why, "line %d: %s at the end of "
		    "\"%.*s\"", r->line, what, sn, r->p);
	else
		snprintf(r->why, sizeof r->why, "line %d: %s at \"%.*s\" in "
		    "\"%.*s\"", r->line, what, (int)(t->n > 20 ? 20 : t->n),
		    t->p, sn, r->p);
	return (-1);
}

/* Parse a number (maybe negative, maybe 0x) or a name. */
static int
parse_cterm(struct cread *r, struct pkt_term *term)
{
	struct ctok	t;
	uint64_t	x;
	bool		neg = false;

	memset(term, 0, sizeof *term);
	ctok_next(r, &t);
	if (ctok_is(&t, "-")) {
		neg = true;
		ctok_next(r, &t);
	}
	if (t.type == CT_NUM) {
		if (pdn_number(t.p, t.n, neg ? (uint64_t)INT64_MAX + 1 :
		    (uint64_t)INT64_MAX, &x) != 0)
			return (unsupported(r, &t, "not an integer"));
		term->is_int = true;
		term->ival = neg ? (int64_t)(0 - x) : (int64_t)x;
		return (0);
	}
	if (t.type == CT_NAME && !neg) {
		if (t.n > PKT_MAX_WORD)
			return (unsupported(r, &t, "name too long"));
		term->name = pkt_strndup(r->c->arena, t.p, t.n);
		return (0);
	}
	return (unsupported(r, &t, "expected a number or a name"));
}

/* Parse "A", "A & B" or "(A & B)". */
static int
parse_operand(struct cread *r, struct pkt_operand *o)
{
	struct ctok	t;
	bool		paren = false;

	memset(o, 0, sizeof *o);
	ctok_peek(r, &t);
	if (ctok_is(&t, "(")) {
		ctok_next(r, &t);
		paren = true;
	}
	if (parse_cterm(r, &o->t) != 0)
		return (-1);
	ctok_peek(r, &t);
	if (ctok_is(&t, "&")) {
		ctok_next(r, &t);
		o->masked = true;
		if (parse_cterm(r, &o->mask) != 0)
			return (-1);
	}
	if (paren) {
		ctok_next(r, &t);
		if (!ctok_is(&t, ")"))
			return (unsupported(r, &t, "expected \")\""));
	}
	return (0);
}

/* Whether t is a comparison; its operator in *op. */
static int
cmp_op(const struct ctok *t, enum pkt_cmp *op)
{
	static const char *const ops[] = { "==", "!=", "<", "<=", ">", ">=" };
	size_t	i;

	for (i = 0; i < sizeof ops / sizeof ops[0]; i++) {
		if (t->type == CT_OP && ctok_is(t, ops[i])) {
			*op = (enum pkt_cmp)i;
			return (1);
		}
	}
	return (0);
}

/* Parse what follows "assert": A OP B [OP C] [, message]. */
static int
parse_assert(struct cread *r, struct pkt_cstmt *cs)
{
	struct ctok	t;
	size_t		a, b;

	cs->kind = PKT_C_ASSERT;
	if (parse_operand(r, &cs->a[0]) != 0)
		return (-1);
	for (cs->nops = 0; cs->nops < 2; cs->nops++) {
		ctok_peek(r, &t);
		if (!cmp_op(&t, &cs->op[cs->nops]))
			break;
		ctok_next(r, &t);
		if (parse_operand(r, &cs->a[cs->nops + 1]) != 0)
			return (-1);
	}
	ctok_next(r, &t);
	if (cs->nops == 0)
		return (unsupported(r, &t, "expected a comparison"));
	if (t.type == CT_END)
		return (0);
	if (!ctok_is(&t, ","))
		return (unsupported(r, &t, "unexpected"));
	/* The message: whatever Python prints when the assert fails. */
	for (a = r->pos; a < r->n && (r->p[a] == ' ' || r->p[a] == '\t'); a++)
		;
	for (b = r->n; b > a && strchr(" \t\r\n\\", r->p[b - 1]) != NULL; b--)
		;
	if (b == a)
		return (unsupported(r, &t, "missing message after \",\""));
	cs->msg = join_lines(r->c, r->p + a, b - a);
	r->pos = r->n;
	return (0);
}

/* A copy of n bytes at p with each "\" newline and its blanks one blank. */
static char *
join_lines(struct pkt_ctx *c, const char *p, size_t n)
{
	char	*out = pkt_alloc(c->arena, n + 1);
	size_t	 i, j, k = 0;

	for (i = 0; i < n; i++) {
		j = i + 1;
		if (p[i] == '\\' && j < n && p[j] == '\r')
			j++;
		if (p[i] != '\\' || j >= n || p[j] != '\n') {
			out[k++] = p[i];
			continue;
		}
		for (i = j; i + 1 < n && strchr(" \t\r\n", p[i + 1]) != NULL;
		    i++)
			;
		if (k > 0 && out[k - 1] != ' ' && out[k - 1] != '\t')
			out[k++] = ' ';
	}
	out[k] = '\0';
	return (out);
}

/* Parse one simple statement. */
static int
parse_cstmt(struct cread *r, struct pkt_cstmt *cs)
{
	struct ctok	t, u;

	memset(cs, 0, sizeof *cs);
	ctok_next(r, &t);
	if (ctok_is(&t, "assert"))
		return (parse_assert(r, cs));
	ctok_peek(r, &u);
	if (ctok_is(&t, "print") && ctok_is(&u, "(")) {
		ctok_next(r, &u);
		cs->kind = PKT_C_PRINT;
		if (parse_operand(r, &cs->a[0]) != 0)
			return (-1);
		ctok_next(r, &u);
		if (!ctok_is(&u, ")"))
			return (unsupported(r, &u, "expected \")\""));
	} else if (t.type == CT_NAME && (ctok_is(&u, "=") ||
	    ctok_is(&u, "+=") || ctok_is(&u, "-="))) {
		ctok_next(r, &u);
		cs->kind = u.p[0] == '=' ? PKT_C_SET : u.p[0] == '+' ?
		    PKT_C_ADD : PKT_C_SUB;
		cs->var = pkt_strndup(r->c->arena, t.p, t.n);
		if (parse_operand(r, &cs->a[0]) != 0)
			return (-1);
	} else
		return (unsupported(r, &t, "not an assert, assignment or "
		    "print"));
	ctok_next(r, &u);
	if (u.type != CT_END)
		return (unsupported(r, &u, "unexpected"));
	return (0);
}

/*
 * The end of the statement starting at i in n bytes at p: a newline not
 * after "\" (or "\" CR), or ";", outside quotes and brackets; a "#"
 * comment ends it.
 */
static size_t
stmt_end(const char *p, size_t n, size_t i)
{
	char	quote = 0;
	int	depth = 0;

	for (; i < n; i++) {
		if (quote != 0) {
			if (p[i] == '\\' && i + 1 < n)
				i++;
			else if (p[i] == quote)
				quote = 0;
			continue;
		}
		if (p[i] == '\\' && i + 1 < n && p[i + 1] == '\n')
			i++;
		else if (p[i] == '\\' && i + 2 < n && p[i + 1] == '\r' &&
		    p[i + 2] == '\n')
			i += 2;
		else if (p[i] == '\'' || p[i] == '"')
			quote = p[i];
		else if (p[i] == '(' || p[i] == '[' || p[i] == '{')
			depth++;
		else if ((p[i] == ')' || p[i] == ']' || p[i] == '}') &&
		    depth > 0)
			depth--;
		else if (p[i] == '#' || (depth == 0 && (p[i] == '\n' ||
		    p[i] == ';')))
			return (i);
	}
	return (n);
}

/* Parse a code block token into a struct pkt_code. */
int
pkt_parse_code(struct pkt_ctx *c, const struct pkt_tok *t,
    struct pkt_code **out)
{
	struct pkt_code	*code = pkt_alloc(c->arena, sizeof *code);
	struct cvec	 v = { NULL, 0, 0 };
	struct cread	 r = { 0 };
	const char	*p = t->p + 2, *nl, *counted = t->p;
	size_t		 n = t->n - 4, i = 0, e, k;
	int		 rc = 0;

	r.line = t->line;
	while (n > 0 && strchr(" \t\r\n", p[0]) != NULL) {
		p++;
		n--;
	}
	while (n > 0 && strchr(" \t\r\n", p[n - 1]) != NULL)
		n--;
	code->text = pkt_strndup(c->arena, p, n);
	code->supported = true;
	*out = code;
	r.c = c;
	while (i < n) {
		e = stmt_end(p, n, i);
		for (k = i; k < e && strchr(" \t\r\n\\", p[k]) != NULL; k++)
			;
		if (k < e) {
			if (v.n == PKT_MAX_CODE) {
				rc = pkt_err(c, t, "code block with more than "
				    "%d statements", PKT_MAX_CODE);
				break;
			}
			if (v.n == v.cap) {
				v.cap = v.cap ? v.cap * 2 : 8;
				v.v = xrealloc(v.v, v.cap * sizeof *v.v);
			}
			for (; counted < p + k; counted++)
				r.line += *counted == '\n';
			r.p = p + k;
			r.n = e - k;
			r.pos = 0;
			if (parse_cstmt(&r, &v.v[v.n]) != 0) {
				code->supported = false;
				code->why = pkt_strndup(c->arena, r.why,
				    strlen(r.why));
				break;
			}
			v.n++;
		}
		if (e < n && p[e] == '#')
			e = (nl = memchr(p + e, '\n', n - e)) != NULL ?
			    (size_t)(nl - p) : n;
		i = e + 1;
	}
	if (rc == 0 && code->supported && v.n > 0) {
		code->stmts = pkt_alloc(c->arena, v.n * sizeof *v.v);
		memcpy((void *)code->stmts, v.v, v.n * sizeof *v.v);
		code->nstmts = v.n;
	}
	free(v.v);
	return (rc);
}
