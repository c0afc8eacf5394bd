/*
 * core/pdn-match.c - use a parsed packetdrill-notation spec (core/pdn.h):
 * build a TCP header or segment from it (relative numbers made absolute
 * modulo 2^32, RFC 9293 §3.4), or match a segment against it as a pattern
 * and say which field differed.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/pdn-int.h"

static int	build_err(char *err, size_t errlen, const char *fmt, ...)
		    __attribute__((format(printf, 3, 4)));
static bool	why_not(char *why, size_t whylen, const char *fmt, ...)
		    __attribute__((format(printf, 3, 4)));
static bool	blob_eq(const uint8_t *a, const uint8_t *b, size_t n);
static bool	opt_match(const struct pdn_opt *po, const struct tcp_opt *o,
		    uint32_t sack_base);
static bool	opts_match(const struct pdn_spec *p, const struct tcp_hdr *th,
		    uint32_t sack_base, char *why, size_t whylen);
static void	fmt_pattern_seq(struct pdn_buf *b, const struct pdn_spec *p);
static const char *ecn_name(int ecn);

/* Write "pdn: " and a message into err; returns -1. */
static int
build_err(char *err, size_t errlen, const char *fmt, ...)
{
	va_list	ap;
	int	n;

	if (err == NULL || errlen == 0)
		return (-1);
	n = snprintf(err, errlen, "pdn: ");
	if (n < 0 || (size_t)n >= errlen)
		return (-1);
	va_start(ap, fmt);
	vsnprintf(err + n, errlen - (size_t)n, fmt, ap);
	va_end(ap);
	return (-1);
}

/* Write the reason for a mismatch into why; returns false. */
static bool
why_not(char *why, size_t whylen, const char *fmt, ...)
{
	va_list	ap;

	if (why == NULL || whylen == 0)
		return (false);
	va_start(ap, fmt);
	vsnprintf(why, whylen, fmt, ap);
	va_end(ap);
	return (false);
}

/* Write the TCP fields p gives into th. */
int
pdn_to_hdr(const struct pdn_spec *p, uint32_t seq_base, uint32_t ack_base,
    struct tcp_hdr *th, char *err, size_t errlen)
{
	const struct pdn_opt	*po;
	struct tcp_opt		 o;
	int			 i;
	unsigned		 k;

	if (p->wild)
		return (build_err(err, errlen, "a pattern with \"*\" cannot "
		    "be built"));
	if (p->abs)
		seq_base = ack_base = 0;
	if (p->has_flags)
		th->flags = p->flags;
	if (p->has_seq)
		th->seq = seq_base + p->seq;
	if (p->has_ack)
		th->ack = ack_base + p->ack;
	if (p->has_win)
		th->win = p->win;
	if (p->has_urg)
		th->urp = p->urp;
	if (p->from_port >= 0)
		th->sport = (uint16_t)p->from_port;
	if (p->has_to)
		th->dport = p->to.port;
	if (!p->has_opts)
		return (0);
	th->n_opt = 0;
	for (i = 0; i < p->n_opt; i++) {
		po = &p->opt[i];
		o = po->o;
		o.data = NULL;
		if (wire_tcpopt_fixed_len(o.kind) == 0 && o.kind != TCPOPT_SACK &&
		    o.kind != TCPOPT_NOP && o.len > (o.kind == TCPOPT_EOL ?
		    1 : 2))
			o.data = po->bytes;
		if (o.kind == TCPOPT_SACK && !po->raw) {
			for (k = 0; k < o.u.sack.n && k < WIRE_MAX_SACK; k++) {
				o.u.sack.blk[k].left += ack_base;
				o.u.sack.blk[k].right += ack_base;
			}
		}
		if (wire_tcpopt_add(th, &o) != 0)
			return (build_err(err, errlen, "options do not fit in "
			    "40 bytes at option %d (kind %u)", i + 1, o.kind));
	}
	return (0);
}

/* As pdn_to_hdr() on s->th, plus addresses, ttl, tos, ECN and payload. */
int
pdn_to_seg(const struct pdn_spec *p, uint32_t seq_base, uint32_t ack_base,
    struct seg *s, char *err, size_t errlen)
{
	if (p->ecn == PDN_ECN_ECT01)
		return (build_err(err, errlen, "[ect01] only matches; send "
		    "[ect0] or [ect1]"));
	if (pdn_to_hdr(p, seq_base, ack_base, &s->th, err, errlen) != 0)
		return (-1);
	s->proto = IPPROTO_TCP_;
	if (p->has_to)
		s->dst = p->to.addr;
	if (p->ttl >= 0)
		s->ttl = (uint8_t)p->ttl;
	if (p->tos >= 0)
		s->tos = (uint8_t)p->tos;
	if (p->ecn >= 0)
		s->tos = (uint8_t)((s->tos & ~3) | p->ecn);
	if (p->has_payload) {
		s->data = p->payload;
		s->len = p->payload_len;
	}
	return (0);
}

/* Whether n bytes of a and b (NULL: zeros) are equal. */
static bool
blob_eq(const uint8_t *a, const uint8_t *b, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++) {
		if ((a != NULL ? a[i] : 0) != (b != NULL ? b[i] : 0))
			return (false);
	}
	return (true);
}

/* Whether option o of a segment matches the pattern's option po. */
static bool
opt_match(const struct pdn_opt *po, const struct tcp_opt *o,
    uint32_t sack_base)
{
	const struct tcp_opt	*p = &po->o;
	uint32_t		 base = po->raw ? 0 : sack_base;
	size_t			 n;
	unsigned		 i;

	if (p->kind != o->kind)
		return (false);
	switch (p->kind) {
	case TCPOPT_EOL:
	case TCPOPT_NOP:
	case TCPOPT_SACK_PERM:
		return (true);
	case TCPOPT_MSS:
		return ((po->any & PDN_ANY_VAL) || p->u.mss == o->u.mss);
	case TCPOPT_WSCALE:
		return ((po->any & PDN_ANY_VAL) ||
		    p->u.wscale == o->u.wscale);
	case TCPOPT_TIMESTAMP:
		return (((po->any & PDN_ANY_VAL) ||
		    p->u.ts.val == o->u.ts.val) &&
		    ((po->any & PDN_ANY_ECR) || p->u.ts.ecr == o->u.ts.ecr));
	case TCPOPT_SACK:
		if (p->u.sack.n != o->u.sack.n)
			return (false);
		for (i = 0; i < p->u.sack.n && i < WIRE_MAX_SACK; i++) {
			if (!(po->any & PDN_ANY_SACK(i, 0)) &&
			    p->u.sack.blk[i].left !=
			    o->u.sack.blk[i].left - base)
				return (false);
			if (!(po->any & PDN_ANY_SACK(i, 1)) &&
			    p->u.sack.blk[i].right !=
			    o->u.sack.blk[i].right - base)
				return (false);
		}
		return (true);
	}
	/* A blob: a wildcard compares only its fixed prefix (FOEXP magic). */
	if (po->any & PDN_ANY_VAL)
		return (o->len >= p->len &&
		    blob_eq(po->bytes, o->data, (size_t)p->len - 2));
	if (p->len != o->len)
		return (false);
	n = (size_t)p->len - 2;
	return (blob_eq(po->bytes, o->data, n));
}

/* Whether th's options match the pattern's list, one by one. */
static bool
opts_match(const struct pdn_spec *p, const struct tcp_hdr *th,
    uint32_t sack_base, char *why, size_t whylen)
{
	char		pa[160], sa[160];
	struct pdn_buf	b;
	bool		raw;
	size_t		k;
	int		i, n = th->n_opt < WIRE_MAX_TCPOPT ? th->n_opt :
			    WIRE_MAX_TCPOPT;

	for (i = 0; i < p->n_opt || i < n; i++) {
		raw = i < p->n_opt && p->opt[i].raw;
		if (raw) {
			pdn_buf_init(&b, pa, sizeof pa);
			pdn_printf(&b, "kind %u len %u", p->opt[i].o.kind,
			    p->opt[i].o.len);
			k = p->opt[i].o.kind <= TCPOPT_NOP ?
			    (size_t)p->opt[i].o.len - 1 :
			    (size_t)p->opt[i].o.len - 2;
			if (k > 0) {
				pdn_printf(&b, " data ");
				pdn_fmt_hex(&b, p->opt[i].bytes, k);
			}
		} else if (i < p->n_opt) {
			pdn_buf_init(&b, pa, sizeof pa);
			pdn_fmt_opt(&b, &p->opt[i].o, p->opt[i].bytes,
			    p->opt[i].any, 0);
		}
		if (i < n) {
			pdn_buf_init(&b, sa, sizeof sa);
			pdn_fmt_opt(&b, &th->opt[i], th->opt[i].data, 0,
			    raw ? 0 : sack_base);
		}
		if (i >= n)
			return (why_not(why, whylen, "option %d \"%s\" "
			    "missing", i + 1, pa));
		if (i >= p->n_opt)
			return (why_not(why, whylen, "option %d \"%s\" not "
			    "expected", i + 1, sa));
		if (!opt_match(&p->opt[i], &th->opt[i], sack_base))
			return (why_not(why, whylen, "option %d \"%s\" != "
			    "\"%s\"", i + 1, pa, sa));
	}
	return (true);
}

/* The notation's name of an ECN codepoint (PDN_ECN_*). */
static const char *
ecn_name(int ecn)
{
	static const char *const names[] = {
		"noecn", "ect1", "ect0", "ce", "ect01"
	};

	if (ecn < 0 || ecn > PDN_ECN_ECT01)
		return ("?");
	return (names[ecn]);
}

/* Append the pattern's START:END(LEN) with "*" for wildcards. */
static void
fmt_pattern_seq(struct pdn_buf *b, const struct pdn_spec *p)
{
	if (p->seq_any & PDN_SEQ_ANY_START)
		pdn_printf(b, "*:");
	else
		pdn_printf(b, "%u:", p->seq);
	if (p->seq_any & PDN_SEQ_ANY_END)
		pdn_printf(b, "*(");
	else
		pdn_printf(b, "%u(", p->end);
	if (p->seq_any & PDN_SEQ_ANY_LEN)
		pdn_printf(b, "*)");
	else
		pdn_printf(b, "%u)", p->seqlen);
}

/* Whether s matches pattern; why names the first mismatch. */
bool
pdn_match(const struct pdn_spec *p, const struct seg *s, uint32_t seq_base,
    uint32_t ack_base, char *why, size_t whylen)
{
	const struct tcp_hdr	*th = &s->th;
	struct pdn_buf		 b;
	char			 x[64], y[64], pa[64], sa[64];
	uint32_t		 start, end;
	unsigned		 ttl, ecn;
	size_t			 i;

	if (why != NULL && whylen > 0)
		why[0] = '\0';
	if (p->abs)
		seq_base = ack_base = 0;
	if (s->proto != 0 && s->proto != IPPROTO_TCP_)
		return (why_not(why, whylen, "not a TCP segment (protocol "
		    "%u)", s->proto));
	if (p->has_flags && (p->flags & 0x1ff) != (th->flags & 0x1ff)) {
		pdn_buf_init(&b, x, sizeof x);
		pdn_fmt_flags(&b, p->flags);
		pdn_buf_init(&b, y, sizeof y);
		pdn_fmt_flags(&b, th->flags);
		return (why_not(why, whylen, "flags %s != %s", x, y));
	}
	start = th->seq - seq_base;
	end = start + (uint32_t)s->len;
	if (p->has_seq &&
	    ((!(p->seq_any & PDN_SEQ_ANY_START) && p->seq != start) ||
	    (!(p->seq_any & PDN_SEQ_ANY_END) && p->end != end) ||
	    (!(p->seq_any & PDN_SEQ_ANY_LEN) && p->seqlen != s->len))) {
		pdn_buf_init(&b, x, sizeof x);
		fmt_pattern_seq(&b, p);
		return (why_not(why, whylen, "seq %s != %u:%u(%zu)", x, start,
		    end, s->len));
	}
	if (p->has_ack && p->ack != th->ack - ack_base)
		return (why_not(why, whylen, "ack %u != %u", p->ack,
		    th->ack - ack_base));
	if (p->has_win && p->win != th->win)
		return (why_not(why, whylen, "win %u != %u", p->win, th->win));
	if (p->has_urg && p->urp != th->urp)
		return (why_not(why, whylen, "urg %u != %u", p->urp, th->urp));
	if (p->has_opts && !opts_match(p, th, ack_base, why, whylen))
		return (false);
	ttl = s->ttl != 0 ? s->ttl : 64;
	if (p->ttl >= 0 && (unsigned)p->ttl != ttl)
		return (why_not(why, whylen, "ttl %d != %u", p->ttl, ttl));
	if (p->tos >= 0 && (unsigned)p->tos != s->tos)
		return (why_not(why, whylen, "tos 0x%02x != 0x%02x", p->tos,
		    s->tos));
	ecn = s->tos & 3;
	if (p->ecn >= 0 && (p->ecn == PDN_ECN_ECT01 ?
	    (ecn != PDN_ECN_ECT0 && ecn != PDN_ECN_ECT1) :
	    (unsigned)p->ecn != ecn))
		return (why_not(why, whylen, "[%s] != [%s]", ecn_name(p->ecn),
		    ecn_name((int)ecn)));
	if (p->ip_id >= 0)
		return (why_not(why, whylen, "id %d: a segment does not "
		    "carry the IP id", p->ip_id));
	if (p->df >= 0)
		return (why_not(why, whylen, "%s: a segment does not carry "
		    "the DF bit", p->df ? "df" : "nodf"));
	if (p->has_ipopt)
		return (why_not(why, whylen, "ipopt: a segment does not "
		    "carry IP options"));
	if (p->badsum && th->cksum_ok != CK_BAD)
		return (why_not(why, whylen, "badsum != checksum %s",
		    th->cksum_ok == CK_OK ? "ok" : "not known to be bad"));
	if (p->has_payload && p->payload_len != s->len)
		return (why_not(why, whylen, "payload of %zu bytes != %zu "
		    "bytes", p->payload_len, s->len));
	for (i = 0; p->has_payload && i < s->len; i++) {
		if (p->payload[i] != (s->data != NULL ? s->data[i] : 0))
			return (why_not(why, whylen, "payload byte %zu: 0x%02x "
			    "!= 0x%02x", i, p->payload[i],
			    s->data != NULL ? s->data[i] : 0));
	}
	if (p->from_port >= 0 && (unsigned)p->from_port != th->sport)
		return (why_not(why, whylen, "from %d != %u", p->from_port,
		    th->sport));
	if (p->has_to && (!addr_eq(&p->to.addr, &s->dst) ||
	    p->to.port != th->dport)) {
		addr_fmt(&p->to.addr, pa, sizeof pa);
		addr_fmt(&s->dst, sa, sizeof sa);
		return (why_not(why, whylen, "to %s:%u != %s:%u", pa,
		    p->to.port, sa, th->dport));
	}
	return (true);
}
