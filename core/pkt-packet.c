/*
 * core/pkt-packet.c - packet lines of a packetdrill script (see
 * core/pkt.h): the words the caller defined are replaced, TCP segments go
 * to pdn_parse() (core/pdn.h), ICMP errors (RFC 792, RFC 4443) have a
 * small form of their own, and the kinds tcpx cannot feed its engine are
 * refused by name.
 */
#include <stdio.h>
#include <string.h>

#include "core/pkt-int.h"

#define ICMP_MAXWORDS	8	/* words after "icmp" */

static bool	word_ch(int ch);
static int	substitute(struct pkt_ctx *c, int line, const char *p,
		    size_t n, char *out, size_t outlen, size_t *outn);
static int	refuse(struct pkt_ctx *c, int line, const char *p, size_t n);
static int	parse_icmp_seq(struct pkt_ctx *c, int line, const char *in,
		    size_t inn, struct pkt_icmp *ic);
static int	parse_icmp(struct pkt_ctx *c, int line, const char *p,
		    size_t n, struct pkt_icmp *ic);

/* Whether ch belongs to a word that a define may replace. */
static bool
word_ch(int ch)
{
	return ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
	    (ch >= '0' && ch <= '9') || ch == '_');
}

/*
 * Copy n bytes at p to out (outlen bytes, NUL-terminated), each whole
 * word outside "..." that names a define with a value replaced by it.
 */
static int
substitute(struct pkt_ctx *c, int line, const char *p, size_t n, char *out,
    size_t outlen, size_t *outn)
{
	const struct pkt_define	*d;
	size_t			 i = 0, k = 0, w, vn;
	bool			 quoted = false;

	while (i < n) {
		if (!quoted && word_ch((unsigned char)p[i]) &&
		    (i == 0 || !word_ch((unsigned char)p[i - 1]))) {
			for (w = 0; i + w < n && word_ch((unsigned char)p[i + w]);
			    w++)
				;
			d = pkt_define_value(c, p + i, w);
			vn = d != NULL ? d->vn : w;
			if (k + vn >= outlen)
				break;
			if (d != NULL && vn > w &&
			    (c->grown += vn - w) > PKT_MAX_BYTES)
				return (pkt_err_at(c, line, p, n, "defines add "
				    "more than %u bytes to the packets",
				    PKT_MAX_BYTES));
			memcpy(out + k, d != NULL ? d->value : p + i, vn);
			k += vn;
			i += w;
			continue;
		}
		if (p[i] == '"')
			quoted = !quoted;
		else if (quoted && p[i] == '\\' && i + 1 < n) {
			if (k + 1 >= outlen)
				break;
			out[k++] = p[i++];
		}
		if (k + 1 >= outlen)
			break;
		out[k++] = p[i++];
	}
	if (i < n)
		return (pkt_err_at(c, line, p, n, "packet line longer than %d "
		    "bytes once defines are replaced", PKT_MAX_LINE));
	out[k] = '\0';
	*outn = k;
	return (0);
}

/* Refuse packet kinds tcpx does not feed its engine; 0 if not one. */
static int
refuse(struct pkt_ctx *c, int line, const char *p, size_t n)
{
	static const char *const tunnels[] = { "ipv4", "ipv6", "gre", "GREv0",
	    "mpls", "encap" };
	size_t	w, i, d;

	for (w = 0; w < n && word_ch((unsigned char)p[w]); w++)
		;
	if (w == 3 && memcmp(p, "udp", 3) == 0)
		return (pkt_err_at(c, line, p, n, "unsupported: UDP packets"));
	for (i = 0; i < sizeof tunnels / sizeof tunnels[0]; i++) {
		if (w == strlen(tunnels[i]) && memcmp(p, tunnels[i], w) == 0)
			return (pkt_err_at(c, line, p, n, "unsupported: "
			    "\"%s\" packets (tunnels and encapsulation)",
			    tunnels[i]));
	}
	if (n > 0 && p[0] == '(')
		return (pkt_err_at(c, line, p, n, "unsupported: IP fields in "
		    "\"( )\" (only [noecn], [ect0], [ect1], [ce] or [ect01])"));
	/* "8080 > 80 S ...": ports before the flags. */
	for (d = 0; d < n && p[d] >= '0' && p[d] <= '9'; d++)
		;
	if (d > 0 && d < n && (p[d] == ' ' || p[d] == '\t')) {
		d += strspn(p + d, " \t");
		if (d < n && p[d] == '>')
			return (pkt_err_at(c, line, p, n, "unsupported: port "
			    "numbers before the flags"));
	}
	return (0);
}

/* Parse "[START:END(LEN)]" (in bytes at in, blanks allowed) for ic. */
static int
parse_icmp_seq(struct pkt_ctx *c, int line, const char *in, size_t inn,
    struct pkt_icmp *ic)
{
	const char	*colon, *open;
	char		 w[64];
	uint64_t	 a, b, l;
	size_t		 i, n = 0;

	for (i = 0; i < inn && n < sizeof w; i++) {
		if (in[i] != ' ' && in[i] != '\t')
			w[n++] = in[i];
	}
	colon = memchr(w, ':', n);
	open = memchr(w, '(', n);
	if (i < inn || n < 7 || w[n - 1] != ']' || w[n - 2] != ')' ||
	    colon == NULL || open == NULL || open < colon ||
	    pdn_number(w + 1, (size_t)(colon - w - 1), UINT32_MAX, &a) != 0 ||
	    pdn_number(colon + 1, (size_t)(open - colon - 1), UINT32_MAX,
	    &b) != 0 ||
	    pdn_number(open + 1, (size_t)(w + n - 2 - open - 1), 65535,
	    &l) != 0)
		return (pkt_err_at(c, line, in, inn, "bad ICMP quoted segment "
		    "(want [START:END(LEN)])"));
	if ((uint32_t)(b - a) != l)
		return (pkt_err_at(c, line, in, inn, "bad ICMP quoted segment: "
		    "length %u != %u-%u", (unsigned)l, (unsigned)b,
		    (unsigned)a));
	ic->has_seq = true;
	ic->seq = (uint32_t)a;
	ic->end = (uint32_t)b;
	ic->seqlen = (uint32_t)l;
	return (0);
}

/* Parse "icmp TYPE [CODE] [mtu N] [[START:END(LEN)]]" (n bytes at p). */
static int
parse_icmp(struct pkt_ctx *c, int line, const char *p, size_t n,
    struct pkt_icmp *ic)
{
	const char	*w[ICMP_MAXWORDS];
	size_t		 wn[ICMP_MAXWORDS], i = 0, k, nw = 0, j;
	uint64_t	 v;

	while (i < n) {
		i += strspn(p + i, " \t");
		if (i >= n)
			break;
		if (nw == ICMP_MAXWORDS)
			return (pkt_err_at(c, line, p + i, n - i, "too many "
			    "words in an ICMP packet"));
		w[nw] = p + i;
		if (p[i] == '[') {
			/* A bracketed segment may hold blanks: to its ']'. */
			for (k = i; k < n && p[k] != ']'; k++)
				;
			k = k < n ? k + 1 : n;
		} else
			for (k = i; k < n && p[k] != ' ' && p[k] != '\t'; k++)
				;
		wn[nw++] = k - i;
		i = k;
	}
	/* w[0] is "icmp". */
	if (nw < 2 || !word_ch((unsigned char)w[1][0]))
		return (pkt_err_at(c, line, p, n, "missing ICMP type after "
		    "\"icmp\""));
	ic->type = pkt_strndup(c->arena, w[1], wn[1]);
	i = 2;
	if (i < nw && w[i][0] != '[' && !(wn[i] == 3 &&
	    memcmp(w[i], "mtu", 3) == 0)) {
		for (j = 0; j < wn[i] && word_ch((unsigned char)w[i][j]); j++)
			;
		if (j != wn[i])
			return (pkt_err_at(c, line, w[i], wn[i], "bad ICMP "
			    "code"));
		ic->code = pkt_strndup(c->arena, w[i], wn[i]);
		i++;
	}
	if (i < nw && wn[i] == 3 && memcmp(w[i], "mtu", 3) == 0) {
		if (i + 1 >= nw || pdn_number(w[i + 1], wn[i + 1], 65535,
		    &v) != 0)
			return (pkt_err_at(c, line, w[i], wn[i], "missing MTU "
			    "(0-65535) after \"mtu\""));
		ic->has_mtu = true;
		ic->mtu = (uint32_t)v;
		i += 2;
	}
	if (i < nw && w[i][0] == '[') {
		if (parse_icmp_seq(c, line, w[i], wn[i], ic) != 0)
			return (-1);
		i++;
	}
	if (i < nw)
		return (pkt_err_at(c, line, w[i], wn[i], "unsupported in an "
		    "ICMP packet (want icmp TYPE [CODE] [mtu N] "
		    "[[START:END(LEN)]])"));
	return (0);
}

/* Parse the packet after its direction dir, to the end of the line. */
int
pkt_parse_packet(struct pkt_ctx *c, struct pkt_stmt *st,
    const struct pkt_tok *dir)
{
	struct pkt_packet	*pk = &st->u.packet;
	struct pkt_icmp		*ic;
	const char		*p, *msg;
	char			 text[PKT_MAX_LINE + 1], err[PDN_ERRLEN];
	size_t			 n, tn = 0;
	int			 line = dir->line;

	if (pkt_rest_of_line(c, &p, &n) != 0)
		return (-1);
	if (n == 0)
		return (pkt_err(c, dir, "missing packet after \"%c\"",
		    pk->dir));
	if (substitute(c, line, p, n, text, sizeof text, &tn) != 0 ||
	    refuse(c, line, text, tn) != 0)
		return (-1);
	if (tn >= 4 && memcmp(text, "icmp", 4) == 0 &&
	    (tn == 4 || text[4] == ' ' || text[4] == '\t')) {
		pk->kind = PKT_PACKET_ICMP;
		ic = pkt_alloc(c->arena, sizeof *ic);
		if (parse_icmp(c, line, text, tn, ic) != 0)
			return (-1);
		pk->icmp = ic;
		pk->text = pkt_strndup(c->arena, text, tn);
		return (0);
	}
	if (pdn_parse(text, c->spec, err, sizeof err) != 0) {
		msg = strncmp(err, "pdn: ", 5) == 0 ? err + 5 : err;
		return (pkt_err_at(c, line, p, n, "bad packet: %s", msg));
	}
	pk->kind = PKT_PACKET_TCP;
	pk->text = pkt_strndup(c->arena, text, tn);
	return (0);
}

/* A TCP packet line's spec. */
int
pkt_packet_spec(const struct pkt_packet *p, struct pdn_spec *spec, char *err,
    size_t errlen)
{
	if (p->kind != PKT_PACKET_TCP) {
		snprintf(err, errlen, "not a TCP packet: %s", p->text);
		return (-1);
	}
	return (pdn_parse(p->text, spec, err, errlen));
}
