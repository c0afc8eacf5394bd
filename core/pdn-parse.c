/*
 * core/pdn-parse.c - parse packetdrill notation (see core/pdn.h) into a
 * struct pdn_spec.  TCP header fields per RFC 9293, options per RFC 7323
 * (wscale, TS), RFC 2018 (SACK), RFC 2385 (MD5), RFC 7413 (TFO), RFC 6994
 * (experimental), ECN codepoints per RFC 3168.  Every error names the
 * token it is about.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/pdn-int.h"

#define PDN_MAXWORDS	12	/* words in one option (kind K len L data H) */

enum tok_type {
	T_ERR = -1,
	T_END,
	T_WORD,
	T_STR,		/* "..." with the quotes */
	T_LT,
	T_GT,
	T_COMMA,
	T_LBR,
	T_RBR,
};

struct tok {
	enum tok_type	 type;
	const char	*p;
	size_t		 n;
};

/* Parser state: the text, where we are, and where errors go. */
struct pctx {
	const char	*s;
	size_t		 pos;
	char		*err;
	size_t		 errlen;
	struct pdn_spec	*sp;
	size_t		 opt_bytes;	/* option bytes so far */
	unsigned	 seen;		/* SEEN_* keywords already given */
};

#define SEEN_ACK	0x0001
#define SEEN_WIN	0x0002
#define SEEN_URG	0x0004
#define SEEN_OPTS	0x0008
#define SEEN_TTL	0x0010
#define SEEN_TOS	0x0020
#define SEEN_ID		0x0040
#define SEEN_DF		0x0080
#define SEEN_BADSUM	0x0100
#define SEEN_IPOPT	0x0200
#define SEEN_PAYLOAD	0x0400
#define SEEN_TO		0x0800
#define SEEN_FROM	0x1000
#define SEEN_ABS	0x2000
#define SEEN_ECN	0x4000
#define SEEN_FRAG	0x8000

static int	perr(struct pctx *c, const char *fmt, ...)
		    __attribute__((format(printf, 2, 3)));
static int	is_special(char ch);
static int	lex_next(struct pctx *c, struct tok *t);
static int	lex_peek(struct pctx *c, struct tok *t);
static int	lex_rest(struct pctx *c, struct tok *t);
static int	tok_is(const struct tok *t, const char *word);
static int	parse_num(struct pctx *c, const struct tok *t, const char *what,
		    uint64_t max, uint32_t *v, bool *any);
static int	need_num(struct pctx *c, const char *what, uint64_t max,
		    uint32_t *v, bool *any);
static int	hex_value(int ch);
static int	parse_hex(struct pctx *c, const char *p, size_t n,
		    const char *what, uint8_t *out, size_t max, size_t *outlen);
static int	parse_flags(struct pctx *c, const struct tok *t);
static int	looks_like_seq(const struct tok *t);
static int	parse_seq(struct pctx *c, const struct tok *t);
static int	parse_ecn(struct pctx *c);
static int	add_opt(struct pctx *c, struct pdn_opt *po, const char *name);
static int	parse_sack(struct pctx *c, struct tok *w, int nw,
		    struct pdn_opt *po);
static int	parse_blob(struct pctx *c, struct tok *w, int nw,
		    struct pdn_opt *po, const char *name, size_t max);
static int	parse_raw(struct pctx *c, struct tok *w, int nw,
		    struct pdn_opt *po);
static int	raw_to_typed(struct pctx *c, struct pdn_opt *po,
		    const char *tag);
static int	parse_one_opt(struct pctx *c, struct tok *w, int nw);
static int	parse_opts(struct pctx *c);
static int	unescape(struct pctx *c, const struct tok *t, size_t *i,
		    char *ch);
static int	parse_payload(struct pctx *c);
static int	parse_keyword(struct pctx *c, const struct tok *t);
static int	once(struct pctx *c, unsigned bit, const struct tok *t);

/* Write "pdn: " and a message into the error buffer; returns -1. */
static int
perr(struct pctx *c, const char *fmt, ...)
{
	va_list	ap;
	int	n;

	if (c->err == NULL || c->errlen == 0)
		return (-1);
	n = snprintf(c->err, c->errlen, "pdn: ");
	if (n < 0 || (size_t)n >= c->errlen)
		return (-1);
	va_start(ap, fmt);
	vsnprintf(c->err + n, c->errlen - (size_t)n, fmt, ap);
	va_end(ap);
	return (-1);
}

/* Whether ch is a token of its own. */
static int
is_special(char ch)
{
	return (ch != '\0' && strchr("<>,[]\"", ch) != NULL);
}

/* Read the next token; T_ERR (with a message) on an unterminated string. */
static int
lex_next(struct pctx *c, struct tok *t)
{
	const char	*s = c->s;
	size_t		 i;

	while (s[c->pos] == ' ' || s[c->pos] == '\t' || s[c->pos] == '\n' ||
	    s[c->pos] == '\r')
		c->pos++;
	t->p = s + c->pos;
	t->n = 0;
	switch (s[c->pos]) {
	case '\0':
		t->type = T_END;
		return (T_END);
	case '<':
		t->type = T_LT;
		break;
	case '>':
		t->type = T_GT;
		break;
	case ',':
		t->type = T_COMMA;
		break;
	case '[':
		t->type = T_LBR;
		break;
	case ']':
		t->type = T_RBR;
		break;
	case '"':
		for (i = c->pos + 1; s[i] != '\0' && s[i] != '"'; i++) {
			if (s[i] == '\\' && s[i + 1] != '\0')
				i++;
		}
		if (s[i] != '"') {
			t->type = T_ERR;
			return (perr(c, "unterminated string %s", t->p));
		}
		t->type = T_STR;
		t->n = i + 1 - c->pos;
		c->pos = i + 1;
		return (T_STR);
	default:
		t->type = T_WORD;
		while (s[c->pos + t->n] != '\0' &&
		    strchr(" \t\r\n", s[c->pos + t->n]) == NULL &&
		    !is_special(s[c->pos + t->n]))
			t->n++;
		c->pos += t->n;
		return (T_WORD);
	}
	t->n = 1;
	c->pos++;
	return (t->type);
}

/* Look at the next token without taking it. */
static int
lex_peek(struct pctx *c, struct tok *t)
{
	size_t	pos = c->pos;
	int	r;

	r = lex_next(c, t);
	c->pos = pos;
	return (r);
}

/* Take everything up to the next blank as one word (for "[v6]:port"). */
static int
lex_rest(struct pctx *c, struct tok *t)
{
	while (c->s[c->pos] == ' ' || c->s[c->pos] == '\t')
		c->pos++;
	t->p = c->s + c->pos;
	t->n = strcspn(t->p, " \t\r\n");
	t->type = t->n == 0 ? T_END : T_WORD;
	c->pos += t->n;
	return (t->type);
}

/* Whether t is the word given. */
static int
tok_is(const struct tok *t, const char *word)
{
	return (t->type == T_WORD && t->n == strlen(word) &&
	    memcmp(t->p, word, t->n) == 0);
}

/* Read a decimal or 0x-hex number of n characters, at most max. */
int
pdn_number(const char *p, size_t n, uint64_t max, uint64_t *v)
{
	uint64_t	x = 0, d;
	size_t		i = 0;
	unsigned	base = 10;
	bool		over = false;
	int		h;

	if (n > 2 && p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
		base = 16;
		i = 2;
	}
	if (i == n)
		return (-1);
	for (; i < n; i++) {
		h = hex_value((unsigned char)p[i]);
		if (h < 0 || (unsigned)h >= base)
			return (-1);
		d = (uint64_t)h;
		if (over || x > (max - d) / base)
			over = true;	/* still read the digits */
		else
			x = x * base + d;
	}
	if (over)
		return (-2);
	*v = x;
	return (0);
}

/*
 * Parse token t as the number called what, at most max; "*" sets *any
 * (when any is not NULL).  Returns 0 or -1 with a message.
 */
static int
parse_num(struct pctx *c, const struct tok *t, const char *what,
    uint64_t max, uint32_t *v, bool *any)
{
	uint64_t	x;
	int		rc;

	if (any != NULL)
		*any = false;
	if (t->type != T_WORD)
		return (perr(c, "missing number after \"%s\"", what));
	if (t->n == 1 && t->p[0] == '*' && any != NULL) {
		*any = true;
		c->sp->wild = true;
		*v = 0;
		return (0);
	}
	if ((rc = pdn_number(t->p, t->n, max, &x)) == -1)
		return (perr(c, "%s \"%.*s\": not a number", what, (int)t->n,
		    t->p));
	if (rc != 0)
		return (perr(c, "%s %.*s out of range (0-%llu)", what,
		    (int)t->n, t->p, (unsigned long long)max));
	*v = (uint32_t)x;
	return (0);
}

/* Take the next token as the number after keyword what. */
static int
need_num(struct pctx *c, const char *what, uint64_t max, uint32_t *v,
    bool *any)
{
	struct tok	t;

	if (lex_next(c, &t) == T_ERR)
		return (-1);
	return (parse_num(c, &t, what, max, v, any));
}

/* The value of a hex digit, or -1. */
static int
hex_value(int ch)
{
	if (ch >= '0' && ch <= '9')
		return (ch - '0');
	if (ch >= 'a' && ch <= 'f')
		return (ch - 'a' + 10);
	if (ch >= 'A' && ch <= 'F')
		return (ch - 'A' + 10);
	return (-1);
}

/*
 * Parse n characters of hex (an optional 0x, then pairs of digits) for
 * what into out (at most max bytes).  Returns 0 or -1 with a message.
 */
static int
parse_hex(struct pctx *c, const char *p, size_t n, const char *what,
    uint8_t *out, size_t max, size_t *outlen)
{
	size_t	i = 0, k = 0;
	int	hi, lo;

	if (n >= 2 && p[0] == '0' && (p[1] == 'x' || p[1] == 'X'))
		i = 2;
	if (i == n)
		return (perr(c, "bad hex \"%.*s\" in %s: no digits", (int)n, p,
		    what));
	if ((n - i) % 2 != 0)
		return (perr(c, "bad hex \"%.*s\" in %s: odd number of digits",
		    (int)n, p, what));
	for (; i < n; i += 2) {
		hi = hex_value((unsigned char)p[i]);
		lo = hex_value((unsigned char)p[i + 1]);
		if (hi < 0 || lo < 0)
			return (perr(c, "bad hex \"%.*s\" in %s: '%c' is not a "
			    "hex digit", (int)n, p, what, hi < 0 ? p[i] :
			    p[i + 1]));
		if (k == max)
			return (perr(c, "hex \"%.*s\" in %s is longer than "
			    "%zu bytes", (int)n, p, what, max));
		out[k++] = (uint8_t)(hi << 4 | lo);
	}
	*outlen = k;
	return (0);
}

/* Parse the flags word t: packetdrill letters, "-" for none, "*" for any. */
static int
parse_flags(struct pctx *c, const struct tok *t)
{
	struct pdn_spec	*sp = c->sp;
	uint16_t	 bit;
	size_t		 i;
	int		 ace = -1;

	if (t->type != T_WORD)
		return (perr(c, "missing flags before \"%.*s\"",
		    (int)(t->n ? t->n : strlen(t->p)), t->p));
	if (t->n == 1 && t->p[0] == '*') {
		sp->wild = true;
		return (0);
	}
	sp->has_flags = true;
	if (t->n == 1 && t->p[0] == '-')
		return (0);
	for (i = 0; i < t->n; i++) {
		switch (t->p[i]) {
		case 'F':
			bit = TH_FIN;
			break;
		case 'S':
			bit = TH_SYN;
			break;
		case 'R':
			bit = TH_RST;
			break;
		case 'P':
			bit = TH_PUSH;
			break;
		case '.':
			bit = TH_ACK;
			break;
		case 'U':
			bit = TH_URG;
			break;
		case 'E':
			bit = TH_ECE;
			break;
		case 'W':
			bit = TH_CWR;
			break;
		case 'A':
			bit = TH_AE;
			break;
		case '0': case '1': case '2': case '3':
		case '4': case '5': case '6': case '7':
			if (ace >= 0 ||
			    (sp->flags & (TH_ECE | TH_CWR | TH_AE)) != 0)
				return (perr(c, "conflicting flag '%c' in "
				    "\"%.*s\"", t->p[i], (int)t->n, t->p));
			ace = t->p[i] - '0';
			bit = (uint16_t)(((ace & 1) ? TH_ECE : 0) |
			    ((ace & 2) ? TH_CWR : 0) | ((ace & 4) ? TH_AE : 0));
			sp->flags |= bit;
			continue;
		default:
			return (perr(c, "unknown flag '%c' in \"%.*s\"",
			    t->p[i], (int)t->n, t->p));
		}
		if (ace >= 0 && (bit & (TH_ECE | TH_CWR | TH_AE)) != 0)
			return (perr(c, "conflicting flag '%c' in \"%.*s\"",
			    t->p[i], (int)t->n, t->p));
		if (sp->flags & bit)
			return (perr(c, "flag '%c' twice in \"%.*s\"", t->p[i],
			    (int)t->n, t->p));
		sp->flags |= bit;
	}
	return (0);
}

/* Whether t looks like START:END(LEN) rather than a keyword. */
static int
looks_like_seq(const struct tok *t)
{
	if (t->type != T_WORD || t->n == 0 || memchr(t->p, ':', t->n) == NULL)
		return (0);
	return (memchr(t->p, '(', t->n) != NULL || t->p[0] == '*' ||
	    (t->p[0] >= '0' && t->p[0] <= '9'));
}

/* Parse START:END(LEN); LEN must be END - START modulo 2^32. */
static int
parse_seq(struct pctx *c, const struct tok *t)
{
	struct pdn_spec	*sp = c->sp;
	const char	*colon, *open;
	struct tok	 part;
	bool		 any;
	int		 n = (int)t->n;

	colon = memchr(t->p, ':', t->n);
	open = memchr(t->p, '(', t->n);
	if (colon == NULL || open == NULL || open < colon ||
	    t->p[t->n - 1] != ')')
		return (perr(c, "bad sequence \"%.*s\": want START:END(LEN)", n,
		    t->p));
	part.type = T_WORD;
	part.p = t->p;
	part.n = (size_t)(colon - t->p);
	if (parse_num(c, &part, "sequence start", UINT32_MAX, &sp->seq,
	    &any) != 0)
		return (-1);
	if (any)
		sp->seq_any |= PDN_SEQ_ANY_START;
	part.p = colon + 1;
	part.n = (size_t)(open - colon - 1);
	if (parse_num(c, &part, "sequence end", UINT32_MAX, &sp->end,
	    &any) != 0)
		return (-1);
	if (any)
		sp->seq_any |= PDN_SEQ_ANY_END;
	part.p = open + 1;
	part.n = (size_t)(t->p + t->n - 1 - open - 1);
	if (parse_num(c, &part, "sequence length", 65535, &sp->seqlen,
	    &any) != 0)
		return (-1);
	if (any)
		sp->seq_any |= PDN_SEQ_ANY_LEN;
	if (sp->seq_any == 0 && sp->end - sp->seq != sp->seqlen)
		return (perr(c, "bad sequence \"%.*s\": length %u != %u-%u", n,
		    t->p, sp->seqlen, sp->end, sp->seq));
	if ((sp->seq_any & (PDN_SEQ_ANY_START | PDN_SEQ_ANY_LEN)) == 0)
		sp->end = sp->seq + sp->seqlen;
	sp->has_seq = true;
	return (0);
}

/* Parse the rest of "[ect0]" after the "[". */
static int
parse_ecn(struct pctx *c)
{
	static const struct {
		const char	*name;
		int		 ecn;
	} names[] = {
		{ "noecn", PDN_ECN_NOT }, { "ect1", PDN_ECN_ECT1 },
		{ "ect0", PDN_ECN_ECT0 }, { "ce", PDN_ECN_CE },
		{ "ect01", PDN_ECN_ECT01 },
	};
	struct tok	t, close;
	size_t		i;

	if (lex_next(c, &t) == T_ERR)
		return (-1);
	if (t.type != T_WORD)
		return (perr(c, "missing ECN codepoint after \"[\""));
	for (i = 0; i < sizeof names / sizeof names[0]; i++) {
		if (tok_is(&t, names[i].name))
			break;
	}
	if (i == sizeof names / sizeof names[0])
		return (perr(c, "unknown ECN codepoint \"%.*s\" (want noecn, "
		    "ect0, ect1, ce or ect01)", (int)t.n, t.p));
	if (lex_next(c, &close) == T_ERR)
		return (-1);
	if (close.type != T_RBR)
		return (perr(c, "unterminated \"[%.*s\"", (int)t.n, t.p));
	c->sp->ecn = names[i].ecn;
	return (0);
}

/* Append po to the spec's option list, checking the 40-byte limit. */
static int
add_opt(struct pctx *c, struct pdn_opt *po, const char *name)
{
	struct pdn_spec	*sp = c->sp;
	size_t		 n = wire_tcpopt_len(&po->o);

	if (c->opt_bytes + n > 40)
		return (perr(c, "options take %zu bytes (more than 40) at "
		    "\"%s\"", c->opt_bytes + n, name));
	if (sp->n_opt >= WIRE_MAX_TCPOPT)
		return (perr(c, "too many options at \"%s\"", name));
	c->opt_bytes += n;
	sp->opt[sp->n_opt++] = *po;
	return (0);
}

/* Parse "sack L:R [L:R ...]" from words w[0..nw). */
static int
parse_sack(struct pctx *c, struct tok *w, int nw, struct pdn_opt *po)
{
	const char	*colon;
	struct tok	 part;
	bool		 any;
	int		 i;

	if (nw < 2)
		return (perr(c, "missing block after \"sack\""));
	if (nw - 1 > WIRE_MAX_SACK)
		return (perr(c, "sack with %d blocks (at most %d)", nw - 1,
		    WIRE_MAX_SACK));
	po->o.kind = TCPOPT_SACK;
	po->o.u.sack.n = (uint8_t)(nw - 1);
	po->o.len = (uint8_t)(2 + 8 * (nw - 1));
	for (i = 1; i < nw; i++) {
		colon = w[i].type == T_WORD ? memchr(w[i].p, ':', w[i].n) :
		    NULL;
		if (colon == NULL)
			return (perr(c, "bad sack block \"%.*s\": want "
			    "LEFT:RIGHT", (int)w[i].n, w[i].p));
		part.type = T_WORD;
		part.p = w[i].p;
		part.n = (size_t)(colon - w[i].p);
		if (parse_num(c, &part, "sack left edge", UINT32_MAX,
		    &po->o.u.sack.blk[i - 1].left, &any) != 0)
			return (-1);
		if (any)
			po->any |= PDN_ANY_SACK(i - 1, 0);
		part.p = colon + 1;
		part.n = (size_t)(w[i].p + w[i].n - colon - 1);
		if (parse_num(c, &part, "sack right edge", UINT32_MAX,
		    &po->o.u.sack.blk[i - 1].right, &any) != 0)
			return (-1);
		if (any)
			po->any |= PDN_ANY_SACK(i - 1, 1);
	}
	return (0);
}

/*
 * Parse the optional hex blob after an option name (md5, FO, FOEXP, exp)
 * into po->bytes after the bytes already there (po->o.len - 2 of them);
 * "*" leaves the blob a wildcard.
 */
static int
parse_blob(struct pctx *c, struct tok *w, int nw, struct pdn_opt *po,
    const char *name, size_t max)
{
	size_t	have = (size_t)po->o.len - 2, n;

	if (nw > 2)
		return (perr(c, "unexpected \"%.*s\" after option \"%s\"",
		    (int)w[2].n, w[2].p, name));
	if (nw == 1)
		return (0);
	if (w[1].type == T_WORD && w[1].n == 1 && w[1].p[0] == '*') {
		po->any |= PDN_ANY_VAL;
		c->sp->wild = true;
		return (0);
	}
	if (parse_hex(c, w[1].p, w[1].n, name, po->bytes + have, max, &n) != 0)
		return (-1);
	po->o.len = (uint8_t)(2 + have + n);
	return (0);
}

/* Load a typed kind written raw into the typed fields; tag names it. */
static int
raw_to_typed(struct pctx *c, struct pdn_opt *po, const char *tag)
{
	struct tcp_opt	*o = &po->o;
	const uint8_t	*d = po->bytes;
	unsigned	 want = wire_tcpopt_fixed_len(o->kind), i;

	if (o->kind == TCPOPT_SACK) {
		if (o->len < 10 || o->len > 2 + 8 * WIRE_MAX_SACK ||
		    (o->len - 2) % 8 != 0)
			return (perr(c, "option \"%s\": the codec builds sack "
			    "only with len 2+8n (10, 18, 26, 34)", tag));
		o->u.sack.n = (uint8_t)((o->len - 2) / 8);
		for (i = 0; i < o->u.sack.n; i++) {
			o->u.sack.blk[i].left = (uint32_t)d[8 * i] << 24 |
			    (uint32_t)d[8 * i + 1] << 16 |
			    (uint32_t)d[8 * i + 2] << 8 | d[8 * i + 3];
			o->u.sack.blk[i].right = (uint32_t)d[8 * i + 4] << 24 |
			    (uint32_t)d[8 * i + 5] << 16 |
			    (uint32_t)d[8 * i + 6] << 8 | d[8 * i + 7];
		}
		return (0);
	}
	if (want == 0)
		return (0);
	if (o->len != want)
		return (perr(c, "option \"%s\": the codec builds kind %u (%s) "
		    "only with len %u", tag, o->kind,
		    wire_tcpopt_name(o->kind), want));
	switch (o->kind) {
	case TCPOPT_MSS:
		o->u.mss = (uint16_t)(d[0] << 8 | d[1]);
		break;
	case TCPOPT_WSCALE:
		o->u.wscale = d[0];
		break;
	case TCPOPT_TIMESTAMP:
		o->u.ts.val = (uint32_t)d[0] << 24 | (uint32_t)d[1] << 16 |
		    (uint32_t)d[2] << 8 | d[3];
		o->u.ts.ecr = (uint32_t)d[4] << 24 | (uint32_t)d[5] << 16 |
		    (uint32_t)d[6] << 8 | d[7];
		break;
	}
	return (0);
}

/* Parse "kind K [len L] [data HEX]": any option, as bytes. */
static int
parse_raw(struct pctx *c, struct tok *w, int nw, struct pdn_opt *po)
{
	char		tag[48];
	uint32_t	kind, len = 0;
	size_t		dlen = 0, room;
	bool		has_len = false, has_data = false;
	int		i;

	if (nw < 2)
		return (perr(c, "missing number after \"kind\""));
	if (parse_num(c, &w[1], "kind", 255, &kind, NULL) != 0)
		return (-1);
	for (i = 2; i < nw; i += 2) {
		if (tok_is(&w[i], "len") && !has_len && !has_data) {
			if (i + 1 >= nw)
				return (perr(c, "missing number after "
				    "\"len\""));
			if (parse_num(c, &w[i + 1], "len", 40, &len,
			    NULL) != 0)
				return (-1);
			has_len = true;
		} else if (tok_is(&w[i], "data") && !has_data) {
			if (i + 1 >= nw)
				return (perr(c, "missing hex after \"data\""));
			if (parse_hex(c, w[i + 1].p, w[i + 1].n, "data",
			    po->bytes, sizeof po->bytes, &dlen) != 0)
				return (-1);
			has_data = true;
		} else
			return (perr(c, "unexpected \"%.*s\" in option \"kind "
			    "%u\" (want kind K [len L] [data HEX])",
			    (int)w[i].n, w[i].p, kind));
	}
	if (!has_len)
		len = (uint32_t)(kind <= TCPOPT_NOP ? 1 + dlen : 2 + dlen);
	snprintf(tag, sizeof tag, "kind %u len %u", kind, len);
	if (kind == TCPOPT_NOP && len != 1)
		return (perr(c, "option \"%s\": nop has no length byte (len "
		    "must be 1)", tag));
	if (kind > TCPOPT_NOP && len < 2)
		return (perr(c, "option \"%s\": len below 2 cannot be built",
		    tag));
	if (kind == TCPOPT_EOL && len < 1)
		return (perr(c, "option \"%s\": len below 1", tag));
	room = kind <= TCPOPT_NOP ? len - 1 : len - 2;
	if (dlen > room)
		return (perr(c, "option \"%s\": data is %zu bytes, len leaves "
		    "room for %zu", tag, dlen, room));
	po->o.kind = (uint8_t)kind;
	po->o.len = (uint8_t)len;
	po->raw = true;
	return (raw_to_typed(c, po, tag));
}

/* Parse one option from its words w[0..nw). */
static int
parse_one_opt(struct pctx *c, struct tok *w, int nw)
{
	struct pdn_opt	 po;
	char		 name[16];
	uint32_t	 v;
	bool		 any;
	int		 want_words = 1;

	memset(&po, 0, sizeof po);
	snprintf(name, sizeof name, "%.*s", (int)w[0].n, w[0].p);
	if (w[0].type != T_WORD)
		return (perr(c, "missing option before \"%.*s\"",
		    (int)(w[0].n ? w[0].n : 1), w[0].p));
	if (tok_is(&w[0], "nop")) {
		po.o.kind = TCPOPT_NOP;
		po.o.len = 1;
	} else if (tok_is(&w[0], "eol")) {
		po.o.kind = TCPOPT_EOL;
		po.o.len = 1;
	} else if (tok_is(&w[0], "sackOK")) {
		po.o.kind = TCPOPT_SACK_PERM;
		po.o.len = 2;
	} else if (tok_is(&w[0], "mss") || tok_is(&w[0], "wscale")) {
		want_words = 2;
		if (nw < 2)
			return (perr(c, "missing number after \"%s\"", name));
		po.o.kind = name[0] == 'm' ? TCPOPT_MSS : TCPOPT_WSCALE;
		po.o.len = (uint8_t)wire_tcpopt_fixed_len(po.o.kind);
		if (parse_num(c, &w[1], name, name[0] == 'm' ? 65535 : 255,
		    &v, &any) != 0)
			return (-1);
		po.any = any ? PDN_ANY_VAL : 0;
		if (po.o.kind == TCPOPT_MSS)
			po.o.u.mss = (uint16_t)v;
		else
			po.o.u.wscale = (uint8_t)v;
	} else if (tok_is(&w[0], "TS")) {
		want_words = 5;
		if (nw < 2 || !tok_is(&w[1], "val"))
			return (perr(c, "option \"TS\" wants \"TS val N ecr "
			    "N\""));
		if (nw < 4 || !tok_is(&w[3], "ecr")) {
			if (nw < 3)
				return (perr(c, "missing number after "
				    "\"val\""));
			return (perr(c, "option \"TS\" wants \"TS val N ecr "
			    "N\""));
		}
		po.o.kind = TCPOPT_TIMESTAMP;
		po.o.len = 10;
		if (parse_num(c, &w[2], "val", UINT32_MAX, &po.o.u.ts.val,
		    &any) != 0)
			return (-1);
		po.any |= any ? PDN_ANY_VAL : 0;
		if (nw < 5)
			return (perr(c, "missing number after \"ecr\""));
		if (parse_num(c, &w[4], "ecr", UINT32_MAX, &po.o.u.ts.ecr,
		    &any) != 0)
			return (-1);
		po.any |= any ? PDN_ANY_ECR : 0;
	} else if (tok_is(&w[0], "sack")) {
		if (parse_sack(c, w, nw, &po) != 0)
			return (-1);
		want_words = nw;
	} else if (tok_is(&w[0], "md5")) {
		po.o.kind = TCPOPT_MD5;
		po.o.len = 2;
		if (parse_blob(c, w, nw, &po, name, 16) != 0)
			return (-1);
		if (po.o.len != 2 && po.o.len != 18)
			return (perr(c, "md5 digest \"%.*s\" is %u bytes (want "
			    "16)", (int)w[1].n, w[1].p, po.o.len - 2));
		if (!(po.any & PDN_ANY_VAL))
			po.o.len = 18;	/* "md5" alone: a zero digest */
		want_words = nw;
	} else if (tok_is(&w[0], "FO") || tok_is(&w[0], "tfo")) {
		po.o.kind = TCPOPT_TFO;
		po.o.len = 2;
		if (parse_blob(c, w, nw, &po, name, 38) != 0)
			return (-1);
		want_words = nw;
	} else if (tok_is(&w[0], "FOEXP")) {
		po.o.kind = TCPOPT_EXP2;
		po.o.len = 4;
		po.bytes[0] = 0xf9;
		po.bytes[1] = 0x89;
		if (parse_blob(c, w, nw, &po, name, 36) != 0)
			return (-1);
		want_words = nw;
	} else if (tok_is(&w[0], "exp")) {
		po.o.kind = TCPOPT_EXP2;
		po.o.len = 2;
		if (parse_blob(c, w, nw, &po, name, 38) != 0)
			return (-1);
		want_words = nw;
	} else if (tok_is(&w[0], "kind")) {
		if (parse_raw(c, w, nw, &po) != 0)
			return (-1);
		want_words = nw;
	} else if (tok_is(&w[0], "...")) {
		return (perr(c, "\"...\" must stand alone in <...>"));
	} else
		return (perr(c, "unknown option \"%s\"", name));
	if (nw > want_words)
		return (perr(c, "unexpected \"%.*s\" after option \"%s\"",
		    (int)w[want_words].n, w[want_words].p, name));
	return (add_opt(c, &po, name));
}

/* Parse an option list after its "<", up to and including the ">". */
static int
parse_opts(struct pctx *c)
{
	struct tok	w[PDN_MAXWORDS], t;
	int		nw = 0;

	c->sp->has_opts = true;
	if (lex_peek(c, &t) == T_GT) {
		lex_next(c, &t);
		return (0);
	}
	for (;;) {
		if (lex_next(c, &t) == T_ERR)
			return (-1);
		if (t.type == T_END)
			return (perr(c, "unterminated \"<\""));
		if (t.type == T_COMMA || t.type == T_GT) {
			if (nw == 0)
				return (perr(c, "empty option before \"%c\"",
				    t.p[0]));
			if (nw == 1 && tok_is(&w[0], "...") &&
			    t.type == T_GT && c->sp->n_opt == 0) {
				c->sp->has_opts = false;
				return (0);
			}
			if (parse_one_opt(c, w, nw) != 0)
				return (-1);
			nw = 0;
			if (t.type == T_GT)
				return (0);
			continue;
		}
		if (t.type != T_WORD)
			return (perr(c, "unexpected \"%c\" in options",
			    t.p[0]));
		if (nw == PDN_MAXWORDS)
			return (perr(c, "too many words in option \"%.*s\"",
			    (int)w[0].n, w[0].p));
		w[nw++] = t;
	}
}

/*
 * Decode the escape at t->p[*i] (just after a backslash) into *ch and
 * move *i to its last character.  Returns 0 or -1 with a message.
 */
static int
unescape(struct pctx *c, const struct tok *t, size_t *i, char *ch)
{
	static const char	 from[] = "rnt0\\\"", to[] = "\r\n\t\0\\\"";
	const char		*e;
	int			 hi, lo;

	if (t->p[*i] != 'x') {
		e = t->p[*i] != '\0' ? strchr(from, t->p[*i]) : NULL;
		if (e == NULL)
			return (perr(c, "bad escape \"\\%c\" in payload",
			    t->p[*i]));
		*ch = to[e - from];
		return (0);
	}
	hi = *i + 2 < t->n ? hex_value((unsigned char)t->p[*i + 1]) : -1;
	lo = hi >= 0 ? hex_value((unsigned char)t->p[*i + 2]) : -1;
	if (lo < 0)
		return (perr(c, "bad escape \"\\x%.2s\" in payload",
		    t->p + *i + 1));
	*ch = (char)(hi << 4 | lo);
	*i += 2;
	return (0);
}

/* Parse what follows "payload": a quoted string or hex:HEX. */
static int
parse_payload(struct pctx *c)
{
	struct pdn_spec	*sp = c->sp;
	struct tok	 t;
	size_t		 i, n = 0;
	char		 ch;

	if (lex_next(c, &t) == T_ERR)
		return (-1);
	if (t.type == T_WORD && t.n >= 4 && memcmp(t.p, "hex:", 4) == 0) {
		if (parse_hex(c, t.p + 4, t.n - 4, "payload", sp->payload,
		    sizeof sp->payload, &sp->payload_len) != 0)
			return (-1);
		sp->has_payload = true;
		return (0);
	}
	if (t.type == T_END)
		return (perr(c, "missing text after \"payload\""));
	if (t.type != T_STR)
		return (perr(c, "payload \"%.*s\" needs quotes (or hex:...)",
		    (int)(t.n ? t.n : 1), t.p));
	for (i = 1; i + 1 < t.n; i++) {
		ch = t.p[i];
		if (ch == '\\') {
			i++;
			if (unescape(c, &t, &i, &ch) != 0)
				return (-1);
		}
		if (n == sizeof sp->payload)
			return (perr(c, "payload longer than %d bytes",
			    PDN_MAXPAYLOAD));
		sp->payload[n++] = (uint8_t)ch;
	}
	sp->payload_len = n;
	sp->has_payload = true;
	return (0);
}

/* Refuse a second use of the keyword t (bit in c->seen). */
static int
once(struct pctx *c, unsigned bit, const struct tok *t)
{
	if (c->seen & bit)
		return (perr(c, "\"%.*s\" given twice", (int)t->n, t->p));
	c->seen |= bit;
	return (0);
}

/* Parse one keyword t after the flags (and sequence) and its arguments. */
static int
parse_keyword(struct pctx *c, const struct tok *t)
{
	struct pdn_spec	*sp = c->sp;
	struct tok	 a;
	uint32_t	 v;
	bool		 any;

	if (t->type == T_LT) {
		if (once(c, SEEN_OPTS, t) != 0)
			return (-1);
		return (parse_opts(c));
	}
	if (t->type == T_LBR) {
		if (once(c, SEEN_ECN, t) != 0)
			return (-1);
		return (parse_ecn(c));
	}
	if (t->type != T_WORD)
		return (perr(c, "unexpected \"%c\"", t->p[0]));
	if (tok_is(t, "ack") || tok_is(t, "win") || tok_is(t, "urg")) {
		unsigned bit = t->p[0] == 'a' ? SEEN_ACK : t->p[0] == 'w' ?
		    SEEN_WIN : SEEN_URG;
		char	 what[4];

		if (once(c, bit, t) != 0)
			return (-1);
		snprintf(what, sizeof what, "%.3s", t->p);
		if (need_num(c, what, bit == SEEN_ACK ? UINT32_MAX : 65535,
		    &v, &any) != 0)
			return (-1);
		if (bit == SEEN_ACK) {
			sp->has_ack = !any;
			sp->ack = v;
		} else if (bit == SEEN_WIN) {
			sp->has_win = !any;
			sp->win = (uint16_t)v;
		} else {
			sp->has_urg = !any;
			sp->urp = (uint16_t)v;
		}
		return (0);
	}
	if (tok_is(t, "ttl") || tok_is(t, "tos")) {
		if (once(c, t->p[1] == 't' ? SEEN_TTL : SEEN_TOS, t) != 0)
			return (-1);
		if (need_num(c, t->p[1] == 't' ? "ttl" : "tos", 255, &v,
		    &any) != 0)
			return (-1);
		if (t->p[1] == 't')
			sp->ttl = any ? -1 : (int)v;
		else
			sp->tos = any ? -1 : (int)v;
		return (0);
	}
	if (tok_is(t, "id")) {
		if (once(c, SEEN_ID, t) != 0 ||
		    need_num(c, "id", 65535, &v, &any) != 0)
			return (-1);
		sp->ip_id = any ? -1 : (int)v;
		return (0);
	}
	if (tok_is(t, "df") || tok_is(t, "nodf")) {
		if (c->seen & SEEN_DF)
			return (perr(c, "\"%.*s\" conflicts with an earlier "
			    "df/nodf", (int)t->n, t->p));
		c->seen |= SEEN_DF;
		sp->df = t->p[0] == 'd';
		return (0);
	}
	if (tok_is(t, "frag")) {
		/* Send in fragments carrying this many data bytes each. */
		if (once(c, SEEN_FRAG, t) != 0 ||
		    need_num(c, "frag", 65528, &v, &any) != 0)
			return (-1);
		if (any || v < 8)
			return (perr(c, "frag needs a size of 8 bytes or more"));
		sp->frag = (size_t)v;
		return (0);
	}
	if (tok_is(t, "badsum")) {
		if (once(c, SEEN_BADSUM, t) != 0)
			return (-1);
		sp->badsum = true;
		return (0);
	}
	if (tok_is(t, "ipopt")) {
		if (once(c, SEEN_IPOPT, t) != 0 || lex_next(c, &a) == T_ERR)
			return (-1);
		if (a.type != T_WORD)
			return (perr(c, "missing hex after \"ipopt\""));
		if (parse_hex(c, a.p, a.n, "ipopt", sp->ipopt,
		    sizeof sp->ipopt, &sp->ipopt_len) != 0)
			return (-1);
		sp->has_ipopt = true;
		return (0);
	}
	if (tok_is(t, "payload")) {
		if (once(c, SEEN_PAYLOAD, t) != 0)
			return (-1);
		return (parse_payload(c));
	}
	if (tok_is(t, "to")) {
		if (once(c, SEEN_TO, t) != 0)
			return (-1);
		if (lex_rest(c, &a) == T_END)
			return (perr(c, "missing HOST:PORT after \"to\""));
		{
			char	ep[80], err[SEG_ERRLEN];

			if (a.n >= sizeof ep)
				return (perr(c, "to \"%.*s\": too long",
				    (int)a.n, a.p));
			memcpy(ep, a.p, a.n);
			ep[a.n] = '\0';
			if (endpoint_parse(&sp->to, ep, err, sizeof err) != 0)
				return (perr(c, "to \"%s\": %s", ep, err));
		}
		sp->has_to = true;
		return (0);
	}
	if (tok_is(t, "from")) {
		if (once(c, SEEN_FROM, t) != 0 ||
		    need_num(c, "from", 65535, &v, &any) != 0)
			return (-1);
		sp->from_port = any ? -1 : (int)v;
		return (0);
	}
	if (looks_like_seq(t))
		return (perr(c, "sequence \"%.*s\" must follow the flags",
		    (int)t->n, t->p));
	return (perr(c, "unknown keyword \"%.*s\"", (int)t->n, t->p));
}

/* Parse one line of notation into out. */
int
pdn_parse(const char *text, struct pdn_spec *out, char *err, size_t errlen)
{
	struct pctx	c;
	struct tok	t;
	bool		seen_flags = false;
	int		r;

	memset(out, 0, sizeof *out);
	out->ttl = out->tos = out->ip_id = out->df = out->from_port = -1;
	out->ecn = PDN_ECN_UNSET;
	memset(&c, 0, sizeof c);
	c.s = text;
	c.err = err;
	c.errlen = errlen;
	c.sp = out;
	if (err != NULL && errlen > 0)
		err[0] = '\0';
	for (;;) {
		if ((r = lex_next(&c, &t)) == T_ERR)
			return (-1);
		if (r == T_END)
			break;
		if (tok_is(&t, "--abs")) {
			if (once(&c, SEEN_ABS, &t) != 0)
				return (-1);
			out->abs = true;
			continue;
		}
		if (!seen_flags && t.type == T_LBR) {
			if (once(&c, SEEN_ECN, &t) != 0 || parse_ecn(&c) != 0)
				return (-1);
			continue;
		}
		if (seen_flags) {
			if (parse_keyword(&c, &t) != 0)
				return (-1);
			continue;
		}
		if (tok_is(&t, "ack") || tok_is(&t, "win") ||
		    tok_is(&t, "urg") || looks_like_seq(&t) ||
		    t.type != T_WORD)
			return (perr(&c, "missing flags before \"%.*s\"",
			    (int)(t.n ? t.n : 1), t.p));
		if (parse_flags(&c, &t) != 0)
			return (-1);
		seen_flags = true;
		if (lex_peek(&c, &t) == T_WORD && looks_like_seq(&t)) {
			lex_next(&c, &t);
			if (parse_seq(&c, &t) != 0)
				return (-1);
		}
	}
	if (!seen_flags)
		return (perr(&c, "missing flags (e.g. \"S\", \".\", \"P.\")"));
	if (out->has_payload && out->has_seq &&
	    !(out->seq_any & PDN_SEQ_ANY_LEN) &&
	    out->payload_len != out->seqlen)
		return (perr(&c, "payload is %zu bytes but the sequence "
		    "length is %u", out->payload_len, out->seqlen));
	return (0);
}
