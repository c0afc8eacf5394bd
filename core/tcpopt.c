/*
 * core/tcpopt.c - TCP options (RFC 9293 section 3.2): parsing, encoding and
 * naming.  Typed: MSS, window scale and timestamps (RFC 7323), SACK and
 * SACK-permitted (RFC 2018); MD5 (RFC 2385), AO (RFC 5925), MPTCP
 * (RFC 8684), TFO (RFC 7413), experimental (RFC 6994) and unknown kinds
 * are kept as raw data.
 */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "core/wire-int.h"

static int	tcpopt_check(const struct tcp_opt *o, char *err,
		    size_t errlen);
static void	tcpopt_put(const struct tcp_opt *o, uint8_t *out);
static void	put_be16(uint8_t *out, uint16_t v);
static void	put_be32(uint8_t *out, uint32_t v);

/* The fixed length of a typed option kind, or 0 when it has none. */
unsigned
wire_tcpopt_fixed_len(uint8_t kind)
{
	switch (kind) {
	case TCPOPT_MSS:
		return (4);
	case TCPOPT_WSCALE:
		return (3);
	case TCPOPT_SACK_PERM:
		return (2);
	case TCPOPT_TIMESTAMP:
		return (10);
	}
	return (0);
}

/*
 * Parse the TCP options in r (which starts base bytes into the TCP header)
 * into th; returns 0, or -1 with a reason in err.
 */
int
wire_tcpopt_parse(struct tcp_hdr *th, struct wrd r, size_t base, char *err,
    size_t errlen)
{
	struct tcp_opt	*o;
	size_t		 off = 0;
	unsigned	 len, want, i;

	th->n_opt = 0;
	while (off < r.len && th->n_opt < WIRE_MAX_TCPOPT) {
		o = &th->opt[th->n_opt++];
		memset(o, 0, sizeof *o);
		o->kind = wrd_u8(&r, off);
		if (o->kind == TCPOPT_EOL) {
			/* The rest of the header is padding. */
			o->len = (uint8_t)(r.len - off);
			o->data = wrd_ptr(&r, off + 1, r.len - off - 1);
			return (0);
		}
		if (o->kind == TCPOPT_NOP) {
			o->len = 1;
			off++;
			continue;
		}
		if (!wrd_has(&r, off + 1, 1)) {
			snprintf(err, errlen, "tcp: option kind %u at "
			    "offset %zu has no length byte", o->kind,
			    base + off);
			return (-1);
		}
		len = wrd_u8(&r, off + 1);
		if (len < 2) {
			snprintf(err, errlen, "tcp: option kind %u at "
			    "offset %zu has length %u (< 2)", o->kind,
			    base + off, len);
			return (-1);
		}
		if (!wrd_has(&r, off, len)) {
			snprintf(err, errlen, "tcp: option kind %u at "
			    "offset %zu has length %u, past the header end "
			    "(%zu)", o->kind, base + off, len, base + r.len);
			return (-1);
		}
		o->len = (uint8_t)len;
		o->data = wrd_ptr(&r, off + 2, len - 2);
		want = wire_tcpopt_fixed_len(o->kind);
		if (want != 0 && len != want) {
			snprintf(err, errlen, "tcp: %s option at offset "
			    "%zu has length %u (want %u)",
			    wire_tcpopt_name(o->kind), base + off, len, want);
			return (-1);
		}
		switch (o->kind) {
		case TCPOPT_MSS:
			o->u.mss = wrd_be16(&r, off + 2);
			break;
		case TCPOPT_WSCALE:
			o->u.wscale = wrd_u8(&r, off + 2);
			break;
		case TCPOPT_TIMESTAMP:
			o->u.ts.val = wrd_be32(&r, off + 2);
			o->u.ts.ecr = wrd_be32(&r, off + 6);
			break;
		case TCPOPT_SACK:
			if (len < 10 || (len - 2) % 8 != 0) {
				snprintf(err, errlen, "tcp: sack option "
				    "at offset %zu has length %u (want 2 + 8n)",
				    base + off, len);
				return (-1);
			}
			o->u.sack.n = (uint8_t)((len - 2) / 8);
			for (i = 0; i < o->u.sack.n && i < WIRE_MAX_SACK;
			    i++) {
				o->u.sack.blk[i].left =
				    wrd_be32(&r, off + 2 + i * 8);
				o->u.sack.blk[i].right =
				    wrd_be32(&r, off + 6 + i * 8);
			}
			break;
		}
		off += len;
	}
	return (0);
}

/* The number of bytes o takes on the wire. */
size_t
wire_tcpopt_len(const struct tcp_opt *o)
{
	unsigned	want;

	if (o->kind == TCPOPT_EOL)
		return (o->len > 1 ? o->len : 1);
	if (o->kind == TCPOPT_NOP)
		return (1);
	if (o->kind == TCPOPT_SACK)
		return (2 + 8U * o->u.sack.n);
	want = wire_tcpopt_fixed_len(o->kind);
	return (want != 0 ? want : o->len);
}

/* Check that o can be encoded; returns 0, or -1 with a reason in err. */
static int
tcpopt_check(const struct tcp_opt *o, char *err, size_t errlen)
{
	if (o->kind == TCPOPT_SACK) {
		if (o->u.sack.n < 1 || o->u.sack.n > WIRE_MAX_SACK) {
			snprintf(err, errlen, "tcpopt: sack option with "
			    "%u blocks (want 1-%d)", o->u.sack.n,
			    WIRE_MAX_SACK);
			return (-1);
		}
		return (0);
	}
	if (o->kind <= TCPOPT_NOP || wire_tcpopt_fixed_len(o->kind) != 0)
		return (0);
	if (o->len < 2) {
		snprintf(err, errlen, "tcpopt: option kind %u has length "
		    "%u (< 2)", o->kind, o->len);
		return (-1);
	}
	if (o->len > 2 && o->data == NULL) {
		snprintf(err, errlen, "tcpopt: option kind %u has length "
		    "%u but no data", o->kind, o->len);
		return (-1);
	}
	return (0);
}

/* Store v big-endian at out. */
static void
put_be16(uint8_t *out, uint16_t v)
{
	out[0] = v >> 8;
	out[1] = v & 0xff;
}

/* Store v big-endian at out. */
static void
put_be32(uint8_t *out, uint32_t v)
{
	put_be16(out, (uint16_t)(v >> 16));
	put_be16(out + 2, (uint16_t)v);
}

/* Write o at out, which has room for wire_tcpopt_len(o) bytes. */
static void
tcpopt_put(const struct tcp_opt *o, uint8_t *out)
{
	size_t		len = wire_tcpopt_len(o);
	unsigned	i;

	out[0] = o->kind;
	if (o->kind == TCPOPT_EOL) {
		if (o->data != NULL)
			memcpy(out + 1, o->data, len - 1);
		else
			memset(out + 1, 0, len - 1);
		return;
	}
	if (o->kind == TCPOPT_NOP)
		return;
	out[1] = (uint8_t)len;
	switch (o->kind) {
	case TCPOPT_MSS:
		put_be16(out + 2, o->u.mss);
		return;
	case TCPOPT_WSCALE:
		out[2] = o->u.wscale;
		return;
	case TCPOPT_SACK_PERM:
		return;
	case TCPOPT_TIMESTAMP:
		put_be32(out + 2, o->u.ts.val);
		put_be32(out + 6, o->u.ts.ecr);
		return;
	case TCPOPT_SACK:
		for (i = 0; i < o->u.sack.n; i++) {
			put_be32(out + 2 + i * 8, o->u.sack.blk[i].left);
			put_be32(out + 6 + i * 8, o->u.sack.blk[i].right);
		}
		return;
	}
	if (len > 2)
		memcpy(out + 2, o->data, len - 2);
}

/* Encode the options of th into out (40 bytes max); returns length or -1. */
int
wire_tcpopt_build(const struct tcp_hdr *th, uint8_t *out, size_t cap,
    char *err, size_t errlen)
{
	size_t	 n = 0, len;
	int	 i;

	if (th->n_opt < 0 || th->n_opt > WIRE_MAX_TCPOPT) {
		snprintf(err, errlen, "tcpopt: %d options (want 0-%d)",
		    th->n_opt, WIRE_MAX_TCPOPT);
		return (-1);
	}
	for (i = 0; i < th->n_opt; i++) {
		if (tcpopt_check(&th->opt[i], err, errlen) != 0)
			return (-1);
		len = wire_tcpopt_len(&th->opt[i]);
		if (n + len > 40) {
			snprintf(err, errlen, "tcpopt: options need more "
			    "than 40 bytes (%zu by option %d, kind %u)",
			    n + len, i, th->opt[i].kind);
			return (-1);
		}
		if (n + len > cap) {
			snprintf(err, errlen, "tcpopt: options need %zu "
			    "bytes, the buffer holds %zu", n + len, cap);
			return (-1);
		}
		tcpopt_put(&th->opt[i], out + n);
		n += len;
	}
	return ((int)n);
}

/* Find the first option of kind in th, or NULL. */
const struct tcp_opt *
wire_tcpopt_find(const struct tcp_hdr *th, uint8_t kind)
{
	int	i;

	for (i = 0; i < th->n_opt && i < WIRE_MAX_TCPOPT; i++) {
		if (th->opt[i].kind == kind)
			return (&th->opt[i]);
	}
	return (NULL);
}

/* Append an option to th; returns 0, or -1 when th has no room. */
int
wire_tcpopt_add(struct tcp_hdr *th, const struct tcp_opt *o)
{
	size_t	used = 0;
	int	i;

	if (th->n_opt < 0 || th->n_opt >= WIRE_MAX_TCPOPT)
		return (-1);
	for (i = 0; i < th->n_opt; i++)
		used += wire_tcpopt_len(&th->opt[i]);
	if (used + wire_tcpopt_len(o) > 40)
		return (-1);
	th->opt[th->n_opt++] = *o;
	return (0);
}

/* Copy th's fields and the options in use into dst. */
void
wire_tcphdr_copy(struct tcp_hdr *dst, const struct tcp_hdr *th)
{
	const size_t	opt = offsetof(struct tcp_hdr, opt);
	const size_t	after = offsetof(struct tcp_hdr, n_opt);
	int		n = th->n_opt;

	if (n < 0 || n > WIRE_MAX_TCPOPT)
		n = WIRE_MAX_TCPOPT;
	memcpy(dst, th, opt);
	memcpy(dst->opt, th->opt, (size_t)n * sizeof th->opt[0]);
	memcpy((uint8_t *)dst + after, (const uint8_t *)th + after,
	    sizeof *th - after);
}

/* The name of a TCP option kind ("mss", "sackOK"...), or NULL when unknown. */
const char *
wire_tcpopt_name(uint8_t kind)
{
	switch (kind) {
	case TCPOPT_EOL:
		return ("eol");
	case TCPOPT_NOP:
		return ("nop");
	case TCPOPT_MSS:
		return ("mss");
	case TCPOPT_WSCALE:
		return ("wscale");
	case TCPOPT_SACK_PERM:
		return ("sackOK");
	case TCPOPT_SACK:
		return ("sack");
	case TCPOPT_TIMESTAMP:
		return ("TS");
	case TCPOPT_MD5:
		return ("md5");
	case 28:
		return ("uto");
	case TCPOPT_AO:
		return ("tcp-ao");
	case TCPOPT_MPTCP:
		return ("mptcp");
	case TCPOPT_TFO:
		return ("tfo");
	case TCPOPT_EXP1:
	case TCPOPT_EXP2:
		return ("exp");
	}
	return (NULL);
}
