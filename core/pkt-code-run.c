/*
 * core/pkt-code-run.c - a script's %{ }% blocks, which packetdrill runs as
 * Python with the tcpi_* fields of TCP_INFO: the simple forms the parser
 * gives (core/pkt.h: assert A OP B [OP C], NAME = A, NAME += A, NAME -= A,
 * print(A); A a number, a name or (A & B)) are evaluated against the
 * STATUS (RFC 9293 §3.10.6) of the script's connection at that time.  A
 * block in any other form, or naming a field the engine does not know,
 * is skipped with its line, never passed.
 */
#include <stdio.h>
#include <string.h>

#include "core/pkt-sys-int.h"
#include "core/xmalloc.h"

/* Why a value could not be had: the run goes on with the line skipped. */
#define PR_UNKNOWN	1

static int	pr_term(struct pr *p, unsigned conn, const struct pkt_term *t,
		    int64_t *out, const char **unknown);
static int	pr_operand(struct pr *p, unsigned conn,
		    const struct pkt_operand *o, int64_t *out,
		    const char **unknown);
static char	*pr_operand_text(const struct pkt_operand *o, char *buf,
		    size_t len);
static bool	pr_cmp(enum pkt_cmp op, int64_t a, int64_t b);
static int64_t	*pr_var(struct pr *p, const char *name, bool make);
static unsigned	pr_script_conn(struct pr *p);
static int	pr_cstmt(struct pr *p, unsigned conn,
		    const struct pkt_cstmt *cs, const char **unknown);

/* The script variable name (made when make and missing), or NULL. */
static int64_t *
pr_var(struct pr *p, const char *name, bool make)
{
	struct pr_sys	*s = p->sys;
	size_t		 i;

	if (s == NULL) {
		if (!make)
			return (NULL);
		s = p->sys = xcalloc(1, sizeof *p->sys);
	}
	for (i = 0; i < s->nvar; i++)
		if (strcmp(s->var[i].name, name) == 0)
			return (&s->var[i].val);
	if (!make || s->nvar == PR_MAXVARS)
		return (NULL);
	s->var[s->nvar].name = name;
	s->var[s->nvar].val = 0;
	return (&s->var[s->nvar++].val);
}

/*
 * The value of a term: a number, a tcpi_* field, a variable or a
 * constant.  0; PR_UNKNOWN with *unknown naming what is not known; -1
 * when the run ended.
 */
static int
pr_term(struct pr *p, unsigned conn, const struct pkt_term *t, int64_t *out,
    const char **unknown)
{
	int64_t	*v;
	int	 rc;

	if (t->is_int) {
		*out = t->ival;
		return (0);
	}
	if (strncmp(t->name, "tcpi_", 5) == 0) {
		if (conn == 0) {
			*unknown = "tcpi_* (no connection)";
			return (PR_UNKNOWN);
		}
		if ((rc = pr_tcpi(p, conn, t->name, out)) < 0)
			return (pr_fail(p, "%%{ }%%: no connection"));
		if (rc == 0) {
			*unknown = t->name;
			return (PR_UNKNOWN);
		}
		return (0);
	}
	if ((v = pr_var(p, t->name, false)) != NULL) {
		*out = *v;
		return (0);
	}
	if (pr_name_value(t->name, out))
		return (0);
	*unknown = t->name;
	return (PR_UNKNOWN);
}

/* The value of an operand: a term, or (term & mask). */
static int
pr_operand(struct pr *p, unsigned conn, const struct pkt_operand *o,
    int64_t *out, const char **unknown)
{
	int64_t	m;
	int	rc;

	if ((rc = pr_term(p, conn, &o->t, out, unknown)) != 0)
		return (rc);
	if (o->masked) {
		if ((rc = pr_term(p, conn, &o->mask, &m, unknown)) != 0)
			return (rc);
		*out &= m;
	}
	return (0);
}

/* An operand as written: "tcpi_state", "8" or "(tcpi_options & 32)". */
static char *
pr_operand_text(const struct pkt_operand *o, char *buf, size_t len)
{
	char	t[32], m[32];

	snprintf(t, sizeof t, "%lld", (long long)o->t.ival);
	snprintf(m, sizeof m, "%lld", (long long)o->mask.ival);
	if (o->masked)
		snprintf(buf, len, "(%s & %s)", o->t.name ? o->t.name : t,
		    o->mask.name ? o->mask.name : m);
	else
		snprintf(buf, len, "%s", o->t.name ? o->t.name : t);
	return (buf);
}

/* Whether a OP b. */
static bool
pr_cmp(enum pkt_cmp op, int64_t a, int64_t b)
{
	switch (op) {
	case PKT_EQ:
		return (a == b);
	case PKT_NE:
		return (a != b);
	case PKT_LT:
		return (a < b);
	case PKT_LE:
		return (a <= b);
	case PKT_GT:
		return (a > b);
	default:
		return (a >= b);
	}
}

/*
 * The connection whose TCP_INFO the block reads: the newest connection
 * a descriptor holds (packetdrill's socket under test), or 0.
 */
static unsigned
pr_script_conn(struct pr *p)
{
	unsigned	id = 0;
	size_t		i;

	for (i = 0; i < PR_MAXFD; i++)
		if (p->fd[i].kind == PR_FD_CONN && p->fd[i].id > id)
			id = p->fd[i].id;
	return (id);
}

/* Run one statement of a block; 0, PR_UNKNOWN or -1. */
static int
pr_cstmt(struct pr *p, unsigned conn, const struct pkt_cstmt *cs,
    const char **unknown)
{
	int64_t	 v[3], *var;
	char	 text[96], a[PKT_MAX_WORD * 2 + 8], b[PKT_MAX_WORD * 2 + 8];
	int	 i, rc;

	for (i = 0; i <= (cs->kind == PKT_C_ASSERT ? cs->nops : 0); i++)
		if ((rc = pr_operand(p, conn, &cs->a[i], &v[i],
		    unknown)) != 0)
			return (rc);
	switch (cs->kind) {
	case PKT_C_ASSERT:
		for (i = 0; i < cs->nops; i++) {
			if (pr_cmp(cs->op[i], v[i], v[i + 1]))
				continue;
			snprintf(text, sizeof text, "%lld %s %lld",
			    (long long)v[i], pkt_cmp_name(cs->op[i]),
			    (long long)v[i + 1]);
			return (pr_fail(p, "%%{ }%%: assert %s %s %s failed "
			    "(values: %s)", pr_operand_text(&cs->a[i], a,
			    sizeof a), pkt_cmp_name(cs->op[i]),
			    pr_operand_text(&cs->a[i + 1], b, sizeof b),
			    text));
		}
		return (0);
	case PKT_C_PRINT:
		return (0);	/* evaluated; its output is not shown */
	default:
		if ((var = pr_var(p, cs->var, true)) == NULL)
			return (pr_fail(p, "%%{ }%%: more than %d variables",
			    PR_MAXVARS));
		if (cs->kind == PKT_C_SET)
			*var = v[0];
		else if (cs->kind == PKT_C_ADD)
			*var += v[0];
		else
			*var -= v[0];
		return (0);
	}
}

/* Run a %{ }% block's statements against TCP_INFO; 0, or -1. */
int
pr_code(struct pr *p, const struct pkt_code *code)
{
	const char	*unknown = NULL;
	unsigned	 conn = pr_script_conn(p);
	size_t		 i;
	int		 rc;

	if (!code->supported) {
		pr_skip_line(p, "%%{ }%% block not run: %s", code->why ?
		    code->why : "not a simple form");
		return (0);
	}
	for (i = 0; i < code->nstmts; i++) {
		rc = pr_cstmt(p, conn, &code->stmts[i], &unknown);
		if (rc < 0)
			return (-1);
		if (rc == PR_UNKNOWN) {
			pr_skip_line(p, "%%{ }%% block not run: %s is not "
			    "known to the engine", unknown);
			return (0);
		}
	}
	return (0);
}
