/*
 * core/pkt-shell-word.c - the words of a script's shell command
 * (core/pkt-shell.c), as a POSIX shell splits them: '' and "" quotes,
 * backslashes, $((..)) arithmetic on numbers (+ - * / % and parentheses,
 * bounded: nothing overflows), a $(..) kept whole for `test`, and
 * redirections to /dev/null taken out.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/pkt-shell-int.h"

/* Skip blanks. */
const char *
sh_blank(const char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	return (s);
}

/* Parse an arithmetic sum at *sp (+ -), of products, of factors. */
static int	sh_sum(const char **sp, long long *v);

/* A factor: a number, -factor, or (sum); 0, or -1. */
static int
sh_factor(const char **sp, long long *v)
{
	const char	*s = sh_blank(*sp);
	char		*end;

	if (*s == '-' || *s == '+') {
		*sp = s + 1;
		if (sh_factor(sp, v) != 0)
			return (-1);
		if (*s == '-')
			*v = -*v;
		return (0);
	}
	if (*s == '(') {
		*sp = s + 1;
		if (sh_sum(sp, v) != 0)
			return (-1);
		s = sh_blank(*sp);
		if (*s != ')')
			return (-1);
		*sp = s + 1;
		return (0);
	}
	if (*s < '0' || *s > '9')
		return (-1);
	*v = strtoll(s, &end, 0);
	if (*v < 0 || *v > (1LL << 48))
		return (-1);
	*sp = end;
	return (0);
}

/* A product of factors (* / %); 0, or -1 (overflow, division by 0). */
static int
sh_product(const char **sp, long long *v)
{
	const char	*s;
	long long	 r;
	char		 op;

	if (sh_factor(sp, v) != 0)
		return (-1);
	for (;;) {
		s = sh_blank(*sp);
		if (*s != '*' && *s != '/' && *s != '%')
			return (0);
		op = *s;
		*sp = s + 1;
		if (sh_factor(sp, &r) != 0)
			return (-1);
		if (op == '*') {
			if (r != 0 && (*v > (1LL << 48) / (r < 0 ? -r : r) ||
			    *v < -(1LL << 48) / (r < 0 ? -r : r)))
				return (-1);
			*v *= r;
		} else if (r == 0)
			return (-1);
		else
			*v = op == '/' ? *v / r : *v % r;
	}
}

/* A sum of products; 0, or -1. */
static int
sh_sum(const char **sp, long long *v)
{
	const char	*s;
	long long	 r;
	char		 op;

	if (sh_product(sp, v) != 0)
		return (-1);
	for (;;) {
		s = sh_blank(*sp);
		if (*s != '+' && *s != '-')
			return (0);
		op = *s;
		*sp = s + 1;
		if (sh_product(sp, &r) != 0)
			return (-1);
		*v = op == '+' ? *v + r : *v - r;
		if (*v > (1LL << 50) || *v < -(1LL << 50))
			return (-1);
	}
}

/*
 * Expand "$((EXPR))" at *sp (pointing at the '$') into c's buffer; 0, or
 * -1 with why naming the expression.
 */
static int
sh_arith(const char **sp, struct sh_cmd *c, char *why, size_t whylen)
{
	const char	*s = *sp + 3, *e;
	char		 expr[256];
	long long	 v;
	int		 depth = 0, n;

	for (e = s; *e != '\0'; e++) {
		if (*e == '(')
			depth++;
		else if (*e == ')' && depth > 0)
			depth--;
		else if (*e == ')' && e[1] == ')')
			break;
	}
	if (*e == '\0') {
		snprintf(why, whylen, "unterminated $((");
		return (-1);
	}
	if ((size_t)(e - s) >= sizeof expr) {
		snprintf(why, whylen, "$((..)) longer than %zu bytes",
		    sizeof expr - 1);
		return (-1);
	}
	memcpy(expr, s, (size_t)(e - s));
	expr[e - s] = '\0';
	s = expr;
	if (sh_sum(&s, &v) != 0 || *sh_blank(s) != '\0') {
		snprintf(why, whylen, "$((%.100s)): not an arithmetic expression "
		    "of numbers", expr);
		return (-1);
	}
	n = snprintf(c->buf + c->used, sizeof c->buf - c->used, "%lld", v);
	if (n < 0 || (size_t)n >= sizeof c->buf - c->used) {
		snprintf(why, whylen, "command too long");
		return (-1);
	}
	c->used += (size_t)n;
	*sp = e + 2;
	return (0);
}

/* Append character ch to the word being built; -1 when the buffer is full. */
static int
sh_put(struct sh_cmd *c, char ch)
{
	if (c->used + 1 >= sizeof c->buf)
		return (-1);
	c->buf[c->used++] = ch;
	return (0);
}

/*
 * Split one command's text into words: quotes removed, $((..)) expanded,
 * a $(..) kept whole as one word; 0, or -1 with why.
 */
int
sh_words(const char *s, struct sh_cmd *c, char *why, size_t whylen)
{
	int	depth, ret;
	char	q;

	memset(c, 0, sizeof *c);
	for (;;) {
		s = sh_blank(s);
		if (*s == '\0')
			return (0);
		if (c->argc == SH_MAXWORDS) {
			snprintf(why, whylen, "more than %d words",
			    SH_MAXWORDS);
			return (-1);
		}
		c->argv[c->argc++] = c->buf + c->used;
		q = 0;
		ret = 0;
		while (*s != '\0' && ret == 0 &&
		    (q != 0 || (*s != ' ' && *s != '\t'))) {
			if (q != '\'' && strncmp(s, "$((", 3) == 0) {
				if (sh_arith(&s, c, why, whylen) != 0)
					return (-1);
				continue;
			}
			if (q == 0 && strncmp(s, "$(", 2) == 0) {
				for (depth = 0; *s != '\0'; s++) {
					ret |= sh_put(c, *s);
					if (*s == '(')
						depth++;
					else if (*s == ')' && --depth == 0)
						break;
				}
				if (*s != '\0')
					s++;
				continue;
			}
			if (q == 0 && (*s == '\'' || *s == '"'))
				q = *s;
			else if (q != 0 && *s == q)
				q = 0;
			else if (q != '\'' && *s == '\\' && s[1] != '\0')
				ret = sh_put(c, *++s);
			else
				ret = sh_put(c, *s);
			s++;
		}
		if (ret != 0 || sh_put(c, '\0') != 0) {
			snprintf(why, whylen, "command too long");
			return (-1);
		}
		if (q != 0) {
			snprintf(why, whylen, "unterminated %c quote", q);
			return (-1);
		}
	}
}

/*
 * Take redirections out of c's words: to /dev/null and between
 * descriptors they change nothing here; "> FILE" is kept in c->out.
 */
int
sh_redirs(struct sh_cmd *c, char *why, size_t whylen)
{
	static const char *const ops[] = { "&>>", "&>", "2>>", "2>", "1>>",
	    "1>", ">>", ">" };
	const char	*target;
	int		 i, j, k, n = 0;
	size_t		 oplen;

	for (i = 0; i < c->argc; i++) {
		const char *w = c->argv[i];
		if (strcmp(w, "2>&1") == 0 || strcmp(w, "1>&2") == 0 ||
		    strcmp(w, ">&2") == 0)
			continue;
		for (k = 0; k < (int)(sizeof ops / sizeof ops[0]); k++)
			if (strncmp(w, ops[k], strlen(ops[k])) == 0)
				break;
		if (k == (int)(sizeof ops / sizeof ops[0])) {
			c->argv[n++] = c->argv[i];
			continue;
		}
		oplen = strlen(ops[k]);
		if (w[oplen] != '\0')
			target = w + oplen;
		else if (i + 1 < c->argc)
			target = c->argv[++i];
		else {
			snprintf(why, whylen, "%s without a file", ops[k]);
			return (-1);
		}
		if (strcmp(target, "/dev/null") == 0)
			continue;
		if (c->out != NULL || strchr(ops[k], '2') != NULL ||
		    ops[k][0] == '&') {
			snprintf(why, whylen, "redirection %s %s is not run",
			    ops[k], target);
			return (-1);
		}
		c->out = (char *)target;
	}
	for (j = n; j < c->argc; j++)
		c->argv[j] = NULL;
	c->argc = n;
	return (0);
}
