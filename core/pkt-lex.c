/*
 * core/pkt-lex.c - the packetdrill script lexer (see core/pkt.h): tokens,
 * comments, #ifdef/#ifndef/#else/#endif over whole lines, the defines'
 * values, and error messages that name the token.  Every character is
 * looked at a bounded number of times.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/pkt-int.h"

#define NEAR_MAX	40	/* bytes of a token shown in a message */

static bool	is_word_ch(int ch);
static bool	is_hex_ch(int ch);
static bool	is_blank(int ch);
static bool	active(const struct pkt_ctx *c);
static void	quote_near(char *out, size_t len, const char *p, size_t n);
static int	to_eol(struct pkt_ctx *c, const char *what);
static int	directive(struct pkt_ctx *c);
static int	skip_dropped(struct pkt_ctx *c);
static const char *find_pair(const char *p, char a, char b);
static int	skip_space(struct pkt_ctx *c);
static int	lex_quoted(struct pkt_ctx *c, struct pkt_tok *t, char close,
		    const char *what);
static int	lex_code(struct pkt_ctx *c, struct pkt_tok *t);
static int	lex_word(struct pkt_ctx *c, struct pkt_tok *t);
static int	lex(struct pkt_ctx *c, struct pkt_tok *t);

/* Whether ch may be part of a word or number. */
static bool
is_word_ch(int ch)
{
	return ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
	    (ch >= '0' && ch <= '9') || ch == '_');
}

/* Whether ch is a hex digit. */
static bool
is_hex_ch(int ch)
{
	return ((ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f') ||
	    (ch >= 'A' && ch <= 'F'));
}

/* Whether ch is a blank that does not end a line. */
static bool
is_blank(int ch)
{
	return (ch == ' ' || ch == '\t' || ch == '\r' || ch == '\f' ||
	    ch == '\v');
}

/* Whether the lines here are kept (no #ifdef around them failed). */
static bool
active(const struct pkt_ctx *c)
{
	const struct pkt_if	*f;

	if (c->nifs == 0)
		return (true);
	f = &c->ifs[c->nifs - 1];
	return (f->parent && (f->in_else ? !f->cond : f->cond));
}

/* Quote n bytes at p for a message: escaped, cut at a newline. */
static void
quote_near(char *out, size_t len, const char *p, size_t n)
{
	size_t		i, k = 0;
	unsigned char	ch;

	for (i = 0; i < n && i < NEAR_MAX && p[i] != '\n' && k + 5 < len;
	    i++) {
		ch = (unsigned char)p[i];
		if (ch == '"' || ch == '\\') {
			out[k++] = '\\';
			out[k++] = (char)ch;
		} else if (ch < 0x20 || ch >= 0x7f)
			k += (size_t)snprintf(out + k, len - k, "\\x%02x", ch);
		else
			out[k++] = (char)ch;
	}
	if (i < n && k + 4 < len) {
		memcpy(out + k, "...", 3);
		k += 3;
	}
	out[k] = '\0';
}

/* Write the one error message (the first one stays). */
int
pkt_err_at(struct pkt_ctx *c, int line, const char *p, size_t n,
    const char *fmt, ...)
{
	va_list	ap;
	char	near[NEAR_MAX * 4 + 8];
	size_t	k;

	if (c->failed)
		return (-1);
	c->failed = true;
	snprintf(c->err, c->errlen, "%s:%d: ", c->file, line);
	k = strlen(c->err);
	va_start(ap, fmt);
	vsnprintf(c->err + k, c->errlen - k, fmt, ap);
	va_end(ap);
	k = strlen(c->err);
	if (p == NULL)
		snprintf(c->err + k, c->errlen - k, " near end of file");
	else {
		quote_near(near, sizeof near, p, n);
		snprintf(c->err + k, c->errlen - k, " near \"%s\"", near);
	}
	return (-1);
}

/* An error near token t. */
int
pkt_err(struct pkt_ctx *c, const struct pkt_tok *t, const char *fmt, ...)
{
	va_list	ap;
	char	msg[PKT_ERRLEN];

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	return (pkt_err_at(c, t->line, t->type == TK_EOF ? NULL : t->p,
	    t->n, "%s", msg));
}

/*
 * After a directive's words: allow blanks and a // comment, then take the
 * newline.  what names the directive for the message.
 */
static int
to_eol(struct pkt_ctx *c, const char *what)
{
	const char	*s = c->s;

	while (is_blank(s[c->pos]))
		c->pos++;
	if (s[c->pos] == '/' && s[c->pos + 1] == '/')
		c->pos += strcspn(s + c->pos, "\n");
	if (s[c->pos] != '\n' && s[c->pos] != '\0')
		return (pkt_err_at(c, c->line, s + c->pos,
		    strcspn(s + c->pos, "\n"), "unexpected text after %s",
		    what));
	if (s[c->pos] == '\n') {
		c->pos++;
		c->line++;
	}
	c->bol = true;
	return (0);
}

/* Handle the directive line at c->pos (a '#' first on its line). */
static int
directive(struct pkt_ctx *c)
{
	const char	*s = c->s, *dp = s + c->pos, *name;
	size_t		 wn, nn, dn = strcspn(dp, "\n"), i;
	struct pkt_if	*f;
	bool		 ndef, def = false;

	c->pos++;
	while (is_blank(s[c->pos]))
		c->pos++;
	for (wn = 0; is_word_ch((unsigned char)s[c->pos + wn]); wn++)
		;
	if ((wn == 5 && memcmp(s + c->pos, "ifdef", 5) == 0) ||
	    (wn == 6 && memcmp(s + c->pos, "ifndef", 6) == 0)) {
		ndef = wn == 6;
		c->pos += wn;
		while (is_blank(s[c->pos]))
			c->pos++;
		name = s + c->pos;
		for (nn = 0; is_word_ch((unsigned char)name[nn]); nn++)
			;
		if (nn == 0)
			return (pkt_err_at(c, c->line, dp, dn,
			    "#%s needs a NAME", ndef ? "ifndef" : "ifdef"));
		if (c->nifs == PKT_MAX_IFDEPTH)
			return (pkt_err_at(c, c->line, dp, dn, "#ifdef nested "
			    "deeper than %d", PKT_MAX_IFDEPTH));
		c->pos += nn;
		for (i = 0; i < c->ndefs; i++) {
			if (c->defs[i].n == nn &&
			    memcmp(c->defs[i].name, name, nn) == 0)
				def = true;
		}
		f = &c->ifs[c->nifs];
		f->line = c->line;
		f->p = dp;
		f->n = dn;
		f->parent = active(c);
		f->cond = def != ndef;
		f->in_else = false;
		c->nifs++;
		return (to_eol(c, ndef ? "#ifndef NAME" : "#ifdef NAME"));
	}
	if ((wn == 4 && memcmp(s + c->pos, "else", 4) == 0) ||
	    (wn == 5 && memcmp(s + c->pos, "endif", 5) == 0)) {
		c->pos += wn;
		if (c->nifs == 0)
			return (pkt_err_at(c, c->line, dp, dn, "#%s without "
			    "#ifdef", wn == 4 ? "else" : "endif"));
		f = &c->ifs[c->nifs - 1];
		if (wn == 5)
			c->nifs--;
		else if (f->in_else)
			return (pkt_err_at(c, c->line, dp, dn, "second #else "
			    "for the #ifdef of line %d", f->line));
		else
			f->in_else = true;
		return (to_eol(c, wn == 4 ? "#else" : "#endif"));
	}
	if (!active(c)) {
		/* Unknown directives in dropped lines are dropped too. */
		c->pos += strcspn(s + c->pos, "\n");
		return (to_eol(c, ""));
	}
	return (pkt_err_at(c, c->line, dp, dn, "unknown directive (want "
	    "#ifdef, #ifndef, #else or #endif)"));
}

/* Skip the lines an #ifdef drops, up to a directive that keeps lines. */
static int
skip_dropped(struct pkt_ctx *c)
{
	const char	*s = c->s;

	while (!active(c) && s[c->pos] != '\0') {
		while (is_blank(s[c->pos]))
			c->pos++;
		if (s[c->pos] == '#') {
			if (directive(c) != 0)
				return (-1);
			continue;
		}
		c->pos += strcspn(s + c->pos, "\n");
		if (s[c->pos] == '\n') {
			c->pos++;
			c->line++;
		}
	}
	c->bol = true;
	return (0);
}

/* The first a followed by b in the string p, or NULL. */
static const char *
find_pair(const char *p, char a, char b)
{
	for (; *p != '\0'; p++) {
		if (p[0] == a && p[1] == b)
			return (p);
	}
	return (NULL);
}

/* Skip blanks, newlines, comments, directives and dropped lines. */
static int
skip_space(struct pkt_ctx *c)
{
	const char	*s = c->s, *end;
	int		 line;

	for (;;) {
		if (!active(c)) {
			if (skip_dropped(c) != 0)
				return (-1);
			if (s[c->pos] == '\0')
				return (0);
		}
		if (s[c->pos] == '\n') {
			c->pos++;
			c->line++;
			c->bol = true;
		} else if (is_blank(s[c->pos]))
			c->pos++;
		else if (s[c->pos] == '/' && s[c->pos + 1] == '/')
			c->pos += strcspn(s + c->pos, "\n");
		else if (s[c->pos] == '/' && s[c->pos + 1] == '*') {
			line = c->line;
			end = find_pair(s + c->pos + 2, '*', '/');
			if (end == NULL)
				return (pkt_err_at(c, line, s + c->pos, 2,
				    "unterminated comment"));
			for (; s + c->pos < end + 2; c->pos++) {
				if (s[c->pos] == '\n')
					c->line++;
			}
			c->bol = false;
		} else if (s[c->pos] == '#' && c->bol) {
			if (directive(c) != 0)
				return (-1);
		} else
			return (0);
	}
}

/* Lex a "string" or `shell` ending at close; backslash escapes a char. */
static int
lex_quoted(struct pkt_ctx *c, struct pkt_tok *t, char close,
    const char *what)
{
	const char	*s = c->s;
	size_t		 i = c->pos + 1;
	int		 lines = 0;

	while (s[i] != '\0' && s[i] != close) {
		if (s[i] == '\\' && s[i + 1] != '\0')
			i++;
		if (s[i] == '\n')
			lines++;
		i++;
		if (i - c->pos - 1 > PKT_MAX_TEXT)
			return (pkt_err_at(c, c->line, s + c->pos, 1, "%s "
			    "longer than %d bytes", what, PKT_MAX_TEXT));
	}
	if (s[i] != close)
		return (pkt_err_at(c, c->line, s + c->pos, i - c->pos,
		    "unterminated %s", what));
	t->type = close == '"' ? TK_STRING : TK_SHELL;
	t->n = i + 1 - c->pos;
	c->pos = i + 1;
	c->line += lines;
	return (t->type);
}

/* Lex a %{ code }% block. */
static int
lex_code(struct pkt_ctx *c, struct pkt_tok *t)
{
	const char	*s = c->s, *end;
	size_t		 i;

	end = find_pair(s + c->pos + 2, '}', '%');
	if (end == NULL)
		return (pkt_err_at(c, c->line, s + c->pos, 2,
		    "unterminated %%{ (no }%%)"));
	t->type = TK_CODE;
	t->n = (size_t)(end + 2 - (s + c->pos));
	if (t->n > PKT_MAX_TEXT + 4)
		return (pkt_err_at(c, c->line, s + c->pos, 2, "code block "
		    "longer than %d bytes", PKT_MAX_TEXT));
	for (i = c->pos; i < c->pos + t->n; i++) {
		if (s[i] == '\n')
			c->line++;
	}
	c->pos += t->n;
	return (TK_CODE);
}

/* Lex a word or a number (decimal, with a fraction, or 0x hex). */
static int
lex_word(struct pkt_ctx *c, struct pkt_tok *t)
{
	const char	*p = c->s + c->pos;
	size_t		 n = 0, i;
	bool		 digits = true, hex;

	while (is_word_ch((unsigned char)p[n])) {
		if (p[n] < '0' || p[n] > '9')
			digits = false;
		n++;
		if (n > PKT_MAX_WORD)
			return (pkt_err_at(c, c->line, p, n, "word longer than "
			    "%d bytes", PKT_MAX_WORD));
	}
	hex = n > 2 && p[0] == '0' && (p[1] == 'x' || p[1] == 'X');
	for (i = 2; hex && i < n; i++)
		hex = is_hex_ch((unsigned char)p[i]);
	t->type = digits || hex ? TK_NUM : TK_WORD;
	if ((digits || n == 0) && p[n] == '.' && p[n + 1] >= '0' &&
	    p[n + 1] <= '9') {
		t->type = TK_NUM;
		for (n++; p[n] >= '0' && p[n] <= '9'; n++) {
			if (n > PKT_MAX_WORD)
				return (pkt_err_at(c, c->line, p, n, "number "
				    "longer than %d bytes", PKT_MAX_WORD));
		}
	}
	t->n = n;
	c->pos += n;
	return (t->type);
}

/* Lex the next token into t. */
static int
lex(struct pkt_ctx *c, struct pkt_tok *t)
{
	const char	*s;

	memset(t, 0, sizeof *t);
	t->type = TK_ERR;
	if (skip_space(c) != 0)
		return (TK_ERR);
	s = c->s + c->pos;
	t->p = s;
	t->line = c->line;
	c->bol = false;
	if (*s == '\0') {
		if (c->nifs > 0)
			return (pkt_err_at(c, c->ifs[c->nifs - 1].line,
			    c->ifs[c->nifs - 1].p, c->ifs[c->nifs - 1].n,
			    "#ifdef without #endif"));
		/* The end of the file is on its last line. */
		if (c->pos > 0 && c->s[c->pos - 1] == '\n')
			t->line--;
		t->type = TK_EOF;
		return (TK_EOF);
	}
	if (*s == '"')
		return (lex_quoted(c, t, '"', "string"));
	if (*s == '`')
		return (lex_quoted(c, t, '`', "shell command"));
	if (*s == '%' && s[1] == '{')
		return (lex_code(c, t));
	if (*s == '-' && s[1] == '-' && is_word_ch((unsigned char)s[2])) {
		c->pos += 2;
		if (lex_word(c, t) == TK_ERR)
			return (TK_ERR);
		t->type = TK_OPTION;
		t->p = s;
		t->n += 2;
		return (t->type);
	}
	if (*s == '.' && s[1] == '.' && s[2] == '.') {
		t->type = TK_ELLIPSIS;
		t->n = 3;
		c->pos += 3;
		return (t->type);
	}
	if (is_word_ch((unsigned char)*s) || (*s == '.' && s[1] >= '0' &&
	    s[1] <= '9'))
		return (lex_word(c, t));
	t->type = TK_PUNCT;
	t->ch = *s;
	t->n = 1;
	c->pos++;
	return (t->type);
}

/* Look at the current token. */
const struct pkt_tok *
pkt_peek(struct pkt_ctx *c)
{
	if (!c->have_tok) {
		if (lex(c, &c->tok) == TK_ERR)
			return (NULL);
		c->have_tok = true;
	}
	return (&c->tok);
}

/* Take the current token. */
int
pkt_next(struct pkt_ctx *c, struct pkt_tok *t)
{
	if (pkt_peek(c) == NULL) {
		t->type = TK_ERR;
		return (TK_ERR);
	}
	*t = c->tok;
	c->have_tok = false;
	return (t->type);
}

/* Whether t is the punctuation ch. */
bool
pkt_is(const struct pkt_tok *t, char ch)
{
	return (t->type == TK_PUNCT && t->ch == ch);
}

/* The rest of the line, raw, up to a comment. */
int
pkt_rest_of_line(struct pkt_ctx *c, const char **p, size_t *n)
{
	const char	*s = c->s;
	size_t		 i;
	bool		 quoted = false;

	while (is_blank(s[c->pos]))
		c->pos++;
	for (i = c->pos; s[i] != '\0' && s[i] != '\n'; i++) {
		if (quoted && s[i] == '\\' && s[i + 1] != '\0' &&
		    s[i + 1] != '\n')
			i++;
		else if (s[i] == '"')
			quoted = !quoted;
		else if (!quoted && s[i] == '/' &&
		    (s[i + 1] == '/' || s[i + 1] == '*'))
			break;
	}
	*p = s + c->pos;
	*n = i - c->pos;
	while (*n > 0 && is_blank((*p)[*n - 1]))
		(*n)--;
	if (*n > PKT_MAX_LINE)
		return (pkt_err_at(c, c->line, *p, *n, "line longer than %d "
		    "bytes", PKT_MAX_LINE));
	c->pos = i;
	return (0);
}

/* The define called name, if it has a value. */
const struct pkt_define *
pkt_define_value(const struct pkt_ctx *c, const char *name, size_t n)
{
	size_t	i;

	for (i = 0; i < c->ndefs; i++) {
		if (c->defs[i].value != NULL && c->defs[i].n == n &&
		    memcmp(c->defs[i].name, name, n) == 0)
			return (&c->defs[i]);
	}
	return (NULL);
}
