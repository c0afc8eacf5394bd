/*
 * core/pkt-expr.c - system call lines of a packetdrill script (see
 * core/pkt.h): "NAME(args) = ret ERRNO (note)", maybe blocking until
 * "...T", with the arguments as a tree of integers, names, strings, "...",
 * flag lists, arrays, struct literals with named fields and calls.
 */
#include <stdio.h>
#include <string.h>

#include "core/pkt-int.h"
#include "core/xmalloc.h"

static int	new_node(struct pkt_ctx *c, const struct pkt_tok *t);
static void	push(struct pkt_ctx *c, const struct pkt_expr *e);
static const struct pkt_expr *pop_list(struct pkt_ctx *c, size_t base);
static int	hex_digit(int ch);
static int	unescape(struct pkt_ctx *c, const struct pkt_tok *t,
		    struct pkt_expr *e);
static int	parse_int(struct pkt_ctx *c, const struct pkt_tok *t,
		    bool neg, int64_t *v);
static int	parse_list(struct pkt_ctx *c, const struct pkt_tok *open,
		    char close, struct pkt_expr *e);
static int	parse_term(struct pkt_ctx *c, struct pkt_expr *e);
static int	parse_expr(struct pkt_ctx *c, struct pkt_expr *e);
static int	parse_elem(struct pkt_ctx *c, struct pkt_expr *e);
static int	parse_note(struct pkt_ctx *c, const struct pkt_tok *open,
		    struct pkt_syscall *sc);

/* Count one more node, within PKT_MAX_NODES. */
static int
new_node(struct pkt_ctx *c, const struct pkt_tok *t)
{
	if (c->nodes == PKT_MAX_NODES)
		return (pkt_err(c, t, "more than %u values in the system "
		    "calls' arguments", PKT_MAX_NODES));
	c->nodes++;
	return (0);
}

/* Push e on the stack of list elements being built. */
static void
push(struct pkt_ctx *c, const struct pkt_expr *e)
{
	if (c->nstk == c->cap_stk) {
		c->cap_stk = c->cap_stk ? c->cap_stk * 2 : 64;
		c->stk = xrealloc(c->stk, c->cap_stk * sizeof *c->stk);
	}
	c->stk[c->nstk++] = *e;
}

/* Move the stack's elements from base up into the arena. */
static const struct pkt_expr *
pop_list(struct pkt_ctx *c, size_t base)
{
	struct pkt_expr	*kids;
	size_t		 n = c->nstk - base;

	if (n == 0)
		return (NULL);
	kids = pkt_alloc(c->arena, n * sizeof *kids);
	memcpy(kids, c->stk + base, n * sizeof *kids);
	c->nstk = base;
	return (kids);
}

/* The value of hex digit ch, or -1. */
static int
hex_digit(int ch)
{
	if (ch >= '0' && ch <= '9')
		return (ch - '0');
	if ((ch | 0x20) >= 'a' && (ch | 0x20) <= 'f')
		return ((ch | 0x20) - 'a' + 10);
	return (-1);
}

/* Decode string token t's escapes into e (text, len) in the arena. */
static int
unescape(struct pkt_ctx *c, const struct pkt_tok *t, struct pkt_expr *e)
{
	static const char	 from[] = "nrt0\\\"'", to[] = "\n\r\t\0\\\"'";
	const char		*p = t->p + 1, *f;
	size_t			 n = t->n - 2, i, k = 0;
	char			*out = pkt_alloc(c->arena, n + 1);
	int			 hi, lo;

	for (i = 0; i < n; i++) {
		if (p[i] != '\\') {
			out[k++] = p[i];
			continue;
		}
		i++;
		if (i < n && p[i] == 'x') {
			hi = i + 1 < n ? hex_digit((unsigned char)p[i + 1]) : -1;
			lo = i + 2 < n ? hex_digit((unsigned char)p[i + 2]) : -1;
			if (hi < 0 || lo < 0)
				return (pkt_err_at(c, t->line, p + i - 1,
				    n - i + 1, "bad escape in string (want "
				    "\\xHH)"));
			out[k++] = (char)(hi << 4 | lo);
			i += 2;
			continue;
		}
		f = i < n && p[i] != '\0' ? strchr(from, p[i]) : NULL;
		if (f == NULL)
			return (pkt_err_at(c, t->line, p + i - 1, n - i + 1,
			    "bad escape in string (want \\n \\r \\t \\0 \\\\ "
			    "\\\" \\' or \\xHH)"));
		out[k++] = to[f - from];
	}
	out[k] = '\0';
	e->text = out;
	e->len = k;
	return (0);
}

/* Read integer token t (negated when neg) into *v. */
static int
parse_int(struct pkt_ctx *c, const struct pkt_tok *t, bool neg, int64_t *v)
{
	uint64_t	x;

	if (t->type != TK_NUM)
		return (pkt_err(c, t, "expected an integer"));
	if (memchr(t->p, '.', t->n) != NULL)
		return (pkt_err(c, t, "expected an integer, not a fraction"));
	if (pdn_number(t->p, t->n, neg ? (uint64_t)INT64_MAX + 1 :
	    (uint64_t)INT64_MAX, &x) != 0)
		return (pkt_err(c, t, "integer out of range"));
	*v = neg ? (int64_t)(0 - x) : (int64_t)x;
	return (0);
}

/* Make the argument a define's value stands for: INT, STRING or NAME. */
void
pkt_define_node(struct pkt_ctx *c, const char *v, size_t n,
    struct pkt_expr *e)
{
	uint64_t	x;
	bool		neg = v[0] == '-';

	memset(e, 0, sizeof *e);
	if (pdn_number(v + neg, n - neg, neg ? (uint64_t)INT64_MAX + 1 :
	    (uint64_t)INT64_MAX, &x) == 0) {
		e->kind = PKT_EX_INT;
		e->ival = neg ? (int64_t)(0 - x) : (int64_t)x;
	} else if (n >= 2 && v[0] == '"' && v[n - 1] == '"') {
		e->kind = PKT_EX_STRING;
		e->text = pkt_strndup(c->arena, v + 1, n - 2);
		e->len = n - 2;
	} else {
		e->kind = PKT_EX_NAME;
		e->text = v;
		e->len = n;
	}
}

/*
 * Parse list elements after the open token up to close, into e's kids.
 * Nested lists are built on the stack above this one's elements.
 */
static int
parse_list(struct pkt_ctx *c, const struct pkt_tok *open, char close,
    struct pkt_expr *e)
{
	const struct pkt_tok	*pk;
	struct pkt_expr		 el;
	struct pkt_tok		 t;
	size_t			 base = c->nstk;

	if (c->depth == PKT_MAX_DEPTH)
		return (pkt_err(c, open, "arguments nested deeper than %d",
		    PKT_MAX_DEPTH));
	c->depth++;
	if ((pk = pkt_peek(c)) == NULL)
		return (-1);
	if (pkt_is(pk, close))
		pkt_next(c, &t);
	else {
		for (;;) {
			if (c->nstk - base == PKT_MAX_LIST)
				return (pkt_err(c, pk, "more than %d elements "
				    "in a list", PKT_MAX_LIST));
			if (parse_elem(c, &el) != 0)
				return (-1);
			push(c, &el);
			if (pkt_next(c, &t) == TK_ERR)
				return (-1);
			if (pkt_is(&t, close))
				break;
			if (!pkt_is(&t, ','))
				return (pkt_err(c, &t, "expected \",\" or "
				    "\"%c\"", close));
			if ((pk = pkt_peek(c)) == NULL)
				return (-1);
		}
	}
	e->nkids = c->nstk - base;
	e->kids = pop_list(c, base);
	c->depth--;
	return (0);
}

/* Parse one term: a number, name, string, "...", call, array or struct. */
static int
parse_term(struct pkt_ctx *c, struct pkt_expr *e)
{
	const struct pkt_tok	*pk;
	const struct pkt_define	*d;
	struct pkt_tok		 t, n;

	memset(e, 0, sizeof *e);
	if (pkt_next(c, &t) == TK_ERR || new_node(c, &t) != 0)
		return (-1);
	if (pkt_is(&t, '-')) {
		if (pkt_next(c, &n) == TK_ERR)
			return (-1);
		e->kind = PKT_EX_INT;
		return (parse_int(c, &n, true, &e->ival));
	}
	switch (t.type) {
	case TK_NUM:
		e->kind = PKT_EX_INT;
		return (parse_int(c, &t, false, &e->ival));
	case TK_ELLIPSIS:
		e->kind = PKT_EX_ELLIPSIS;
		return (0);
	case TK_STRING:
		e->kind = PKT_EX_STRING;
		if (unescape(c, &t, e) != 0 || (pk = pkt_peek(c)) == NULL)
			return (-1);
		if (pk->type == TK_ELLIPSIS) {
			pkt_next(c, &n);
			e->more = true;
		}
		return (0);
	case TK_WORD:
		if ((pk = pkt_peek(c)) == NULL)
			return (-1);
		if (pkt_is(pk, '(')) {
			pkt_next(c, &n);
			e->kind = PKT_EX_CALL;
			e->text = pkt_strndup(c->arena, t.p, t.n);
			e->len = t.n;
			return (parse_list(c, &n, ')', e));
		}
		if ((d = pkt_define_value(c, t.p, t.n)) != NULL) {
			*e = d->node;	/* its text is shared, never copied */
			return (0);
		}
		e->kind = PKT_EX_NAME;
		e->text = pkt_strndup(c->arena, t.p, t.n);
		e->len = t.n;
		return (0);
	default:
		break;
	}
	if (pkt_is(&t, '[')) {
		e->kind = PKT_EX_ARRAY;
		return (parse_list(c, &t, ']', e));
	}
	if (pkt_is(&t, '{')) {
		e->kind = PKT_EX_STRUCT;
		return (parse_list(c, &t, '}', e));
	}
	return (pkt_err(c, &t, "expected a value (a number, NAME, \"string\", "
	    "..., [array] or {struct})"));
}

/* Parse terms joined by "|" (O_RDWR|O_NONBLOCK) into e. */
static int
parse_expr(struct pkt_ctx *c, struct pkt_expr *e)
{
	const struct pkt_tok	*pk;
	struct pkt_expr		 term;
	struct pkt_tok		 bar;
	size_t			 base = c->nstk;

	if (parse_term(c, e) != 0 || (pk = pkt_peek(c)) == NULL)
		return (-1);
	if (!pkt_is(pk, '|'))
		return (0);
	bar = *pk;
	if (new_node(c, &bar) != 0)
		return (-1);
	push(c, e);
	while (pkt_is(pk, '|')) {
		if (c->nstk - base == PKT_MAX_LIST)
			return (pkt_err(c, pk, "more than %d values joined by "
			    "\"|\"", PKT_MAX_LIST));
		pkt_next(c, &bar);
		if (parse_term(c, &term) != 0)
			return (-1);
		push(c, &term);
		if ((pk = pkt_peek(c)) == NULL)
			return (-1);
	}
	memset(e, 0, sizeof *e);
	e->kind = PKT_EX_OR;
	e->nkids = c->nstk - base;
	e->kids = pop_list(c, base);
	return (0);
}

/* Parse a list element: a value, or "key = value". */
static int
parse_elem(struct pkt_ctx *c, struct pkt_expr *e)
{
	const struct pkt_tok	*pk;
	struct pkt_expr		*key;
	struct pkt_tok		 eq;

	if (parse_expr(c, e) != 0 || (pk = pkt_peek(c)) == NULL)
		return (-1);
	if (!pkt_is(pk, '='))
		return (0);
	eq = *pk;
	if (e->kind != PKT_EX_NAME && e->kind != PKT_EX_CALL)
		return (pkt_err(c, &eq, "only a NAME or NAME(...) can be given "
		    "a value with \"=\""));
	pkt_next(c, &eq);
	key = pkt_alloc(c->arena, sizeof *key);
	*key = *e;
	if (parse_expr(c, e) != 0)
		return (-1);
	e->key = key;
	return (0);
}

/* Parse the note after its "(": raw text up to ")" on the same line. */
static int
parse_note(struct pkt_ctx *c, const struct pkt_tok *open,
    struct pkt_syscall *sc)
{
	const char	*p = c->s + c->pos;
	size_t		 n = strcspn(p, ")\n"), a = 0, b;

	if (p[n] != ')')
		return (pkt_err(c, open, "unterminated note (want \")\" on the "
		    "same line)"));
	if (n > PKT_MAX_TEXT)
		return (pkt_err(c, open, "note longer than %d bytes",
		    PKT_MAX_TEXT));
	while (a < n && (p[a] == ' ' || p[a] == '\t'))
		a++;
	for (b = n; b > a && (p[b - 1] == ' ' || p[b - 1] == '\t'); b--)
		;
	sc->note = pkt_strndup(c->arena, p + a, b - a);
	c->pos += n + 1;
	return (0);
}

/* Parse a system call statement after its time. */
int
pkt_parse_syscall(struct pkt_ctx *c, struct pkt_stmt *st)
{
	const struct pkt_tok	*pk;
	struct pkt_syscall	*sc = pkt_alloc(c->arena, sizeof *sc);
	struct pkt_expr		 call;
	struct pkt_tok		 t, name;
	bool			 neg;

	st->u.syscall = sc;
	if ((pk = pkt_peek(c)) == NULL)
		return (-1);
	if (pk->type == TK_ELLIPSIS) {
		pkt_next(c, &t);
		if (pkt_next(c, &t) == TK_ERR ||
		    pkt_parse_secs(c, &t, &sc->end_usecs) != 0)
			return (-1);
		sc->has_end = true;
		if (st->time.kind == PKT_TIME_ANY)
			return (pkt_err(c, &t, "a blocking call (\"...T\") "
			    "needs a start time, not \"*\""));
	}
	if (pkt_next(c, &name) == TK_ERR)
		return (-1);
	if (name.type != TK_WORD)
		return (pkt_err(c, &name, "expected a system call name"));
	sc->name = pkt_strndup(c->arena, name.p, name.n);
	if (pkt_next(c, &t) == TK_ERR)
		return (-1);
	if (!pkt_is(&t, '('))
		return (pkt_err(c, &t, "expected \"(\" after \"%s\"", sc->name));
	memset(&call, 0, sizeof call);
	if (parse_list(c, &t, ')', &call) != 0)
		return (-1);
	sc->args = call.kids;
	sc->nargs = call.nkids;
	if (pkt_next(c, &t) == TK_ERR)
		return (-1);
	if (!pkt_is(&t, '='))
		return (pkt_err(c, &t, "expected \"=\" and the return value "
		    "after %s(...)", sc->name));
	if (pkt_next(c, &t) == TK_ERR)
		return (-1);
	neg = pkt_is(&t, '-');
	if (neg && pkt_next(c, &t) == TK_ERR)
		return (-1);
	if (t.type != TK_NUM)
		return (pkt_err(c, &t, "expected the return value (an "
		    "integer) after \"=\""));
	if (parse_int(c, &t, neg, &sc->ret) != 0 ||
	    (pk = pkt_peek(c)) == NULL)
		return (-1);
	if (pk->type == TK_WORD) {
		if (sc->ret != -1)
			return (pkt_err(c, pk, "an errno name goes with a "
			    "return value of -1"));
		pkt_next(c, &t);
		sc->errno_name = pkt_strndup(c->arena, t.p, t.n);
		if ((pk = pkt_peek(c)) == NULL)
			return (-1);
	}
	if (pkt_is(pk, '(')) {
		pkt_next(c, &t);
		return (parse_note(c, &t, sc));
	}
	return (0);
}

/* The element of e keyed name. */
const struct pkt_expr *
pkt_expr_field(const struct pkt_expr *e, const char *name)
{
	size_t	i;

	if (e == NULL || (e->kind != PKT_EX_STRUCT && e->kind != PKT_EX_ARRAY))
		return (NULL);
	for (i = 0; i < e->nkids; i++) {
		if (e->kids[i].key != NULL && e->kids[i].key->text != NULL &&
		    strcmp(e->kids[i].key->text, name) == 0)
			return (&e->kids[i]);
	}
	return (NULL);
}
