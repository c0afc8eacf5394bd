/*
 * core/pdn.h - packetdrill notation for TCP segments: parse a line such as
 *
 *	S 0:0(0) win 1000 <mss 536,sackOK,TS val 1 ecr 0,nop,wscale 7>
 *	P. 1:6(5) ack 1 win 257 payload "hello"
 *
 * into a spec, turn a spec into a TCP header (relative numbers made
 * absolute), print a segment back in the same notation, and match a
 * segment against a spec used as a pattern.  Pure: no I/O, no globals, no
 * allocation.
 *
 * The TCP part follows packetdrill (google/packetdrill, parser.y):
 *	[ECN] FLAGS [START:END(LEN)] [ack N] [win N] [urg N] [<OPTIONS>]
 * FLAGS are letters F S R P . (ACK) U E (ECE) W (CWR) A (AE), "-" for
 * none, or one ACE digit 0-7 instead of E/W/A (AccECN); ECN is one of
 * [noecn] [ect0] [ect1] [ce] [ect01] (the IP ECN field).  LEN must equal
 * END - START (modulo 2^32) and counts payload bytes only: "S 0:0(0)".
 * OPTIONS, comma-separated: nop, eol, mss N, wscale N, sackOK,
 * sack L:R [L:R ...], TS val N ecr N, md5 [HEX] (16-byte digest; zeros
 * when left out), FO [HEX] / tfo [HEX] (RFC 7413 kind 34), FOEXP [HEX]
 * (kind 254 with magic 0xf989), exp [HEX] (kind 254, RFC 6994 data), and
 * raw "kind K [len L] [data HEX]" for any kind and for odd lengths (the
 * data is zero-padded to L - 2 bytes; numbers inside are absolute).
 * "<...>" means any options (patterns); "<>" means none.
 *
 * tcpx extensions, after the TCP part, in any order, each at most once:
 * ttl N, tos N, id N, df, nodf, frag N (IP fragments of N data bytes),
 * badsum, ipopt HEX, payload "TEXT" (C
 * escapes \r \n \t \0 \\ \" \xHH) or payload hex:HEX, to HOST:PORT,
 * from PORT, --abs.  Numbers are decimal or 0x hex.
 *
 * Relative numbers (as packetdrill): the sequence range is relative to
 * seq_base (the sender's ISN: "0:0(0)" on a SYN is the ISN itself), ack
 * and SACK blocks to ack_base (the receiver's ISN).  Timestamps are always
 * absolute.  With --abs every number is absolute.  Arithmetic is modulo
 * 2^32.
 *
 * In a pattern any field left out matches anything, and "*" may stand for
 * any number (START, END, LEN, ack, win, urg, option values, hex blobs,
 * ttl, tos, the flags).  A wildcard blob ("md5 *", "FO *", "FOEXP *",
 * "exp *") keeps in o.len only its fixed part (2, or 4 for FOEXP's magic)
 * and matches any option of its kind that starts so.  A spec holding "*"
 * cannot be built.  Unlike packetdrill, a left-out option list matches
 * any options; "<>" asks for none.
 *
 * Left to the caller: LEN bytes of data when LEN > 0 and no payload is
 * given (packetdrill sends zeros), padding ipopt to 4 bytes, and the
 * reserved header bits (no notation).  An EOL's len counts the padding
 * after it, so "eol" comes back with the builder's padding, not the len.
 */
#ifndef TCPX_CORE_PDN_H
#define TCPX_CORE_PDN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/seg.h"

#define PDN_MAXPAYLOAD	2048	/* bytes a "payload" may give */
#define PDN_ERRLEN	160	/* enough for any message pdn writes */

/* Wildcard bits in pdn_opt.any. */
#define PDN_ANY_VAL	0x0001	/* mss, wscale, TS val, or the hex blob */
#define PDN_ANY_ECR	0x0002	/* TS ecr */
#define PDN_ANY_SACK(i, right) (0x0004 << (2 * (i) + (right)))

/* Wildcard bits in pdn_spec.seq_any. */
#define PDN_SEQ_ANY_START 0x1
#define PDN_SEQ_ANY_END	0x2
#define PDN_SEQ_ANY_LEN	0x4

/* Values of pdn_spec.ecn (the low two bits of TOS, RFC 3168). */
#define PDN_ECN_UNSET	-1
#define PDN_ECN_NOT	0	/* [noecn] */
#define PDN_ECN_ECT1	1	/* [ect1] */
#define PDN_ECN_ECT0	2	/* [ect0] */
#define PDN_ECN_CE	3	/* [ce] */
#define PDN_ECN_ECT01	4	/* [ect01]: ECT(0) or ECT(1); patterns only */

/* Flags for pdn_format(). */
#define PDN_FMT_PAYLOAD	0x1	/* append payload "..." or payload hex:... */
#define PDN_FMT_IP	0x2	/* append ttl and tos when nonzero */

/*
 * One option as written.  o.data is always NULL inside a spec; the option's
 * bytes (md5 digest, cookies, exp and raw data) live in bytes[].
 */
struct pdn_opt {
	struct tcp_opt	o;		/* kind, len and typed values */
	uint8_t		bytes[40];	/* o.len - 2 bytes (EOL: o.len - 1) */
	bool		raw;		/* "kind K ...": kept absolute */
	uint16_t	any;		/* PDN_ANY_* fields written as "*" */
};

/* A parsed line: a segment to build, or a pattern to match. */
struct pdn_spec {
	bool		has_flags;	/* false when the flags were "*" */
	uint16_t	flags;		/* TH_* */

	bool		has_seq;	/* a START:END(LEN) was given */
	uint8_t		seq_any;	/* PDN_SEQ_ANY_* parts written as "*" */
	uint32_t	seq;		/* START */
	uint32_t	end;		/* END = START + LEN */
	uint32_t	seqlen;		/* LEN: payload bytes */

	bool		has_ack;
	uint32_t	ack;
	bool		has_win;
	uint16_t	win;
	bool		has_urg;
	uint16_t	urp;

	bool		has_opts;	/* "<...>" or no list: false (any) */
	struct pdn_opt	opt[WIRE_MAX_TCPOPT];
	int		n_opt;

	bool		abs;		/* --abs: numbers are absolute */
	bool		wild;		/* some "*" was used: a pattern only */

	int		ttl;		/* -1 unset, else 0-255 */
	int		tos;		/* -1 unset, else 0-255 */
	int		ecn;		/* PDN_ECN_* */
	int		ip_id;		/* -1 unset, else 0-65535 */
	int		df;		/* -1 unset, 0 nodf, 1 df */
	bool		badsum;		/* send a wrong TCP checksum */
	size_t		frag;		/* send in fragments of this many data bytes; 0: whole */
	bool		has_ipopt;
	uint8_t		ipopt[40];	/* raw IPv4 option bytes */
	size_t		ipopt_len;

	bool		has_payload;
	uint8_t		payload[PDN_MAXPAYLOAD];
	size_t		payload_len;

	bool		has_to;
	struct endpoint	to;		/* destination address and port */
	int		from_port;	/* -1 unset, else the source port */
};

/*
 * Read the decimal or 0x-hex number of n characters at p, at most max,
 * into *v.  Returns 0; -1 when it is not a number; -2 when it is above max.
 */
int	pdn_number(const char *p, size_t n, uint64_t max, uint64_t *v);

/*
 * Parse one line of notation into out.  Returns 0, or -1 with a message
 * naming the offending token in err (errlen bytes; PDN_ERRLEN is enough),
 * e.g. pdn: bad sequence "1:5(3)": length 3 != 5-1.
 */
int	pdn_parse(const char *text, struct pdn_spec *out, char *err,
	    size_t errlen);

/*
 * Write the TCP fields p gives into th, leaving every other field as the
 * caller set it (so fill th with defaults first): flags, seq (seq_base +
 * START), ack (ack_base + N), win, urp, options (SACK blocks made absolute
 * with ack_base), from -> sport, to -> dport.  With p->abs the bases are
 * ignored.  th's option data points into p, which must outlive th.
 * Returns 0, or -1 with a message in err when p holds wildcards or [ect01].
 */
int	pdn_to_hdr(const struct pdn_spec *p, uint32_t seq_base,
	    uint32_t ack_base, struct tcp_hdr *th, char *err, size_t errlen);

/*
 * As pdn_to_hdr() on s->th, and also: to -> s->dst, ttl, tos and ECN,
 * payload -> s->data and s->len (borrowed from p).  Crafting-only fields
 * (id, df, frag, ipopt, badsum) are left for the caller to apply.
 */
int	pdn_to_seg(const struct pdn_spec *p, uint32_t seq_base,
	    uint32_t ack_base, struct seg *s, char *err, size_t errlen);

/*
 * Print the TCP segment s in notation relative to the bases (pass 0 and 0
 * for absolute numbers): flags, START:END(LEN), ack (when ACK is set or
 * the field is nonzero), win, urg (when URG is set or the field is
 * nonzero), <options>; fmt adds PDN_FMT_* extras (a payload longer than
 * PDN_MAXPAYLOAD is left out).  The result parses back to the same header
 * fields.  Returns the length it needed, like
 * snprintf(); buf is always terminated when len > 0.
 */
size_t	pdn_format(const struct seg *s, uint32_t seq_base, uint32_t ack_base,
	    unsigned fmt, char *buf, size_t len);

/*
 * Whether s matches pattern: every field the pattern gives must be equal
 * (numbers compared relative to the bases unless --abs), "*" and left-out
 * fields match anything, a given option list must match option by option.
 * On a mismatch, why (whylen bytes) names the first one, pattern value
 * first: "win 1000 != 64240".  Fields a struct seg does not carry (id,
 * df, nodf, ipopt) never match.
 */
bool	pdn_match(const struct pdn_spec *pattern, const struct seg *s,
	    uint32_t seq_base, uint32_t ack_base, char *why, size_t whylen);

#endif
