/*
 * core/pdn-fmt.c - print TCP segments in packetdrill notation (see
 * core/pdn.h): flags in tcpdump's order, START:END(LEN), ack, win, urg
 * and options (RFC 7323, RFC 2018, RFC 2385, RFC 7413, RFC 6994), with
 * SACK blocks relative and timestamps absolute as packetdrill prints them.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/pdn-int.h"

static void	fmt_raw(struct pdn_buf *b, const struct tcp_opt *o,
		    const uint8_t *data);
static void	fmt_blob(struct pdn_buf *b, const char *name,
		    const uint8_t *data, size_t n, bool any);
static bool	all_zero(const uint8_t *d, size_t n);
static bool	printable(const uint8_t *d, size_t n);
static void	fmt_payload(struct pdn_buf *b, const uint8_t *d, size_t n);

/* Start writing into p (len bytes). */
void
pdn_buf_init(struct pdn_buf *b, char *p, size_t len)
{
	b->p = p;
	b->len = len;
	b->n = 0;
	if (len > 0)
		p[0] = '\0';
}

/* Append formatted text, truncating but always terminating. */
void
pdn_printf(struct pdn_buf *b, const char *fmt, ...)
{
	va_list	ap;
	int	r;

	va_start(ap, fmt);
	if (b->n < b->len)
		r = vsnprintf(b->p + b->n, b->len - b->n, fmt, ap);
	else
		r = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (r > 0)
		b->n += (size_t)r;
}

/* Append flags in packetdrill's order (F S R P . U E W A), "-" for none. */
void
pdn_fmt_flags(struct pdn_buf *b, uint16_t flags)
{
	static const struct {
		uint16_t	bit;
		char		ch;
	} order[] = {
		{ TH_FIN, 'F' }, { TH_SYN, 'S' }, { TH_RST, 'R' },
		{ TH_PUSH, 'P' }, { TH_ACK, '.' }, { TH_URG, 'U' },
		{ TH_ECE, 'E' }, { TH_CWR, 'W' }, { TH_AE, 'A' },
	};
	size_t	i;

	if ((flags & 0x1ff) == 0) {
		pdn_printf(b, "-");
		return;
	}
	for (i = 0; i < sizeof order / sizeof order[0]; i++) {
		if (flags & order[i].bit)
			pdn_printf(b, "%c", order[i].ch);
	}
}

/* Append n bytes as lower-case hex digits. */
void
pdn_fmt_hex(struct pdn_buf *b, const uint8_t *d, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++)
		pdn_printf(b, "%02x", d != NULL ? d[i] : 0);
}

/* Whether n bytes at d (NULL: none) are all zero. */
static bool
all_zero(const uint8_t *d, size_t n)
{
	size_t	i;

	for (i = 0; d != NULL && i < n; i++) {
		if (d[i] != 0)
			return (false);
	}
	return (true);
}

/* Append "kind K len L [data HEX]". */
static void
fmt_raw(struct pdn_buf *b, const struct tcp_opt *o, const uint8_t *data)
{
	size_t	n = o->kind == TCPOPT_EOL ? (size_t)o->len - 1 :
	    (o->len >= 2 ? (size_t)o->len - 2 : 0);

	pdn_printf(b, "kind %u len %u", o->kind, o->len);
	if (n > 0) {
		pdn_printf(b, " data ");
		pdn_fmt_hex(b, data, n);
	}
}

/* Append a named option with an optional hex blob ("*" when any). */
static void
fmt_blob(struct pdn_buf *b, const char *name, const uint8_t *data, size_t n,
    bool any)
{
	pdn_printf(b, "%s", name);
	if (any)
		pdn_printf(b, " *");
	else if (n > 0) {
		pdn_printf(b, " ");
		pdn_fmt_hex(b, data, n);
	}
}

/* Append one option in notation. */
void
pdn_fmt_opt(struct pdn_buf *b, const struct tcp_opt *o, const uint8_t *data,
    uint16_t any, uint32_t sack_base)
{
	unsigned	i;

	switch (o->kind) {
	case TCPOPT_EOL:
		if (o->len <= 1 || all_zero(data, (size_t)o->len - 1))
			pdn_printf(b, "eol");
		else
			fmt_raw(b, o, data);
		return;
	case TCPOPT_NOP:
		pdn_printf(b, "nop");
		return;
	case TCPOPT_MSS:
		if (any & PDN_ANY_VAL)
			pdn_printf(b, "mss *");
		else
			pdn_printf(b, "mss %u", o->u.mss);
		return;
	case TCPOPT_WSCALE:
		if (any & PDN_ANY_VAL)
			pdn_printf(b, "wscale *");
		else
			pdn_printf(b, "wscale %u", o->u.wscale);
		return;
	case TCPOPT_SACK_PERM:
		pdn_printf(b, "sackOK");
		return;
	case TCPOPT_TIMESTAMP:
		pdn_printf(b, "TS val ");
		if (any & PDN_ANY_VAL)
			pdn_printf(b, "*");
		else
			pdn_printf(b, "%u", o->u.ts.val);
		if (any & PDN_ANY_ECR)
			pdn_printf(b, " ecr *");
		else
			pdn_printf(b, " ecr %u", o->u.ts.ecr);
		return;
	case TCPOPT_SACK:
		if (o->u.sack.n < 1 || o->u.sack.n > WIRE_MAX_SACK)
			break;
		pdn_printf(b, "sack");
		for (i = 0; i < o->u.sack.n; i++) {
			if (any & PDN_ANY_SACK(i, 0))
				pdn_printf(b, " *");
			else
				pdn_printf(b, " %u",
				    o->u.sack.blk[i].left - sack_base);
			if (any & PDN_ANY_SACK(i, 1))
				pdn_printf(b, ":*");
			else
				pdn_printf(b, ":%u",
				    o->u.sack.blk[i].right - sack_base);
		}
		return;
	case TCPOPT_MD5:
		if (any & PDN_ANY_VAL) {
			pdn_printf(b, "md5 *");
			return;
		}
		if (o->len != 18)
			break;
		fmt_blob(b, "md5", data, 16, false);
		return;
	case TCPOPT_TFO:
		if (o->len < 2)
			break;
		fmt_blob(b, "FO", data, (size_t)o->len - 2,
		    (any & PDN_ANY_VAL) != 0);
		return;
	case TCPOPT_EXP2:
		if (o->len < 2)
			break;
		if (o->len >= 4 && data != NULL && data[0] == 0xf9 &&
		    data[1] == 0x89)
			fmt_blob(b, "FOEXP", data + 2, (size_t)o->len - 4,
			    (any & PDN_ANY_VAL) != 0);
		else
			fmt_blob(b, "exp", data, (size_t)o->len - 2,
			    (any & PDN_ANY_VAL) != 0);
		return;
	}
	fmt_raw(b, o, data);
}

/* Whether n payload bytes read well as a quoted string. */
static bool
printable(const uint8_t *d, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++) {
		if ((d[i] < 0x20 || d[i] > 0x7e) && d[i] != '\r' &&
		    d[i] != '\n' && d[i] != '\t')
			return (false);
	}
	return (true);
}

/* Append payload "..." (C escapes) or payload hex:... */
static void
fmt_payload(struct pdn_buf *b, const uint8_t *d, size_t n)
{
	size_t	i;

	if (!printable(d, n)) {
		pdn_printf(b, " payload hex:");
		pdn_fmt_hex(b, d, n);
		return;
	}
	pdn_printf(b, " payload \"");
	for (i = 0; i < n; i++) {
		switch (d[i]) {
		case '\r':
			pdn_printf(b, "\\r");
			break;
		case '\n':
			pdn_printf(b, "\\n");
			break;
		case '\t':
			pdn_printf(b, "\\t");
			break;
		case '\\':
		case '"':
			pdn_printf(b, "\\%c", d[i]);
			break;
		default:
			pdn_printf(b, "%c", d[i]);
		}
	}
	pdn_printf(b, "\"");
}

/* Print the TCP segment s in notation relative to the bases. */
size_t
pdn_format(const struct seg *s, uint32_t seq_base, uint32_t ack_base,
    unsigned fmt, char *buf, size_t len)
{
	const struct tcp_hdr	*th = &s->th;
	struct pdn_buf		 b;
	uint32_t		 start = th->seq - seq_base;
	int			 i;

	pdn_buf_init(&b, buf, len);
	pdn_fmt_flags(&b, th->flags);
	pdn_printf(&b, " %u:%u(%zu)", start, start + (uint32_t)s->len, s->len);
	if ((th->flags & TH_ACK) || th->ack != 0)
		pdn_printf(&b, " ack %u", th->ack - ack_base);
	pdn_printf(&b, " win %u", th->win);
	if ((th->flags & TH_URG) || th->urp != 0)
		pdn_printf(&b, " urg %u", th->urp);
	if (th->n_opt > 0) {
		pdn_printf(&b, " <");
		for (i = 0; i < th->n_opt && i < WIRE_MAX_TCPOPT; i++) {
			if (i > 0)
				pdn_printf(&b, ",");
			pdn_fmt_opt(&b, &th->opt[i], th->opt[i].data, 0,
			    ack_base);
		}
		pdn_printf(&b, ">");
	}
	if (fmt & PDN_FMT_IP) {
		if (s->ttl != 0)
			pdn_printf(&b, " ttl %u", s->ttl);
		if (s->tos != 0)
			pdn_printf(&b, " tos 0x%02x", s->tos);
		if (th->cksum_ok == CK_BAD)
			pdn_printf(&b, " badsum");
	}
	if ((fmt & PDN_FMT_PAYLOAD) && s->len > 0 && s->data != NULL &&
	    s->len <= PDN_MAXPAYLOAD)
		fmt_payload(&b, s->data, s->len);
	return (b.n);
}
