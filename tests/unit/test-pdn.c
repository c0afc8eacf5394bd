/*
 * tests/unit/test-pdn.c - packetdrill notation (core/pdn.h): valid lines
 * with every field checked, malformed lines with the error naming the bad
 * token, format/parse round trips for every option kind (also through the
 * wire codec), pattern matching with wildcards and mismatch reasons, and
 * relative numbers wrapping around 2^32.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/pdn.h"
#include "tests/tap.h"

struct valid_case {
	const char	*line;
	const char	*dump;		/* dump_spec() of the result */
};

struct bad_case {
	const char	*line;
	const char	*err;		/* substring of the message */
};

static void	dump_hex(char *out, size_t len, const uint8_t *d, size_t n);
static void	dump_opt(char *out, size_t len, const struct pdn_opt *po);
static void	dump_spec(const struct pdn_spec *p, char *out, size_t len);
static void	test_valid(void);
static void	test_bad(void);
static void	seg_init(struct seg *s, uint16_t flags, uint32_t seq,
		    uint32_t ack);
static void	hdr_same(const struct tcp_hdr *a, const struct tcp_hdr *b,
		    const char *name);
static void	round_trip(const struct seg *s, uint32_t sb, uint32_t ab,
		    const char *name, const char *want);
static void	test_round_trips(void);
static void	test_codec_trip(void);
static void	test_format(void);
static void	match_one(const char *pat, const struct seg *s, uint32_t sb,
		    uint32_t ab, const char *want_why);
static void	test_match(void);
static void	test_build(void);
static void	test_wrap(void);

/* Append n bytes at d to out as hex. */
static void
dump_hex(char *out, size_t len, const uint8_t *d, size_t n)
{
	size_t	i, k = strlen(out);

	for (i = 0; i < n && k + 3 < len; i++, k += 2)
		snprintf(out + k, len - k, "%02x", d[i]);
}

/* Describe one option independently of pdn's own printer. */
static void
dump_opt(char *out, size_t len, const struct pdn_opt *po)
{
	const struct tcp_opt	*o = &po->o;
	char			 v[16];
	unsigned		 i;

	snprintf(out, len, "%s%u/%u", po->raw ? "R" : "", o->kind, o->len);
	switch (o->kind) {
	case TCPOPT_NOP:
	case TCPOPT_SACK_PERM:
		return;
	case TCPOPT_EOL:
		if (!po->raw)
			return;
		break;
	case TCPOPT_MSS:
	case TCPOPT_WSCALE:
		if (po->any & PDN_ANY_VAL)
			snprintf(v, sizeof v, ":*");
		else
			snprintf(v, sizeof v, ":%u", o->kind == TCPOPT_MSS ?
			    o->u.mss : o->u.wscale);
		strncat(out, v, len - strlen(out) - 1);
		return;
	case TCPOPT_TIMESTAMP:
		if (po->any & PDN_ANY_VAL)
			snprintf(v, sizeof v, ":*");
		else
			snprintf(v, sizeof v, ":%u", o->u.ts.val);
		strncat(out, v, len - strlen(out) - 1);
		if (po->any & PDN_ANY_ECR)
			snprintf(v, sizeof v, ":*");
		else
			snprintf(v, sizeof v, ":%u", o->u.ts.ecr);
		strncat(out, v, len - strlen(out) - 1);
		return;
	case TCPOPT_SACK:
		for (i = 0; i < o->u.sack.n; i++) {
			if (po->any & PDN_ANY_SACK(i, 0))
				snprintf(v, sizeof v, ":*");
			else
				snprintf(v, sizeof v, ":%u",
				    o->u.sack.blk[i].left);
			strncat(out, v, len - strlen(out) - 1);
			if (po->any & PDN_ANY_SACK(i, 1))
				snprintf(v, sizeof v, ":*");
			else
				snprintf(v, sizeof v, ":%u",
				    o->u.sack.blk[i].right);
			strncat(out, v, len - strlen(out) - 1);
		}
		return;
	}
	strncat(out, po->any & PDN_ANY_VAL ? ":*" : ":", len - strlen(out) - 1);
	if (!(po->any & PDN_ANY_VAL))
		dump_hex(out, len, po->bytes, o->kind == TCPOPT_EOL ?
		    (size_t)o->len - 1 : (size_t)o->len - 2);
}

/* Describe every field of a spec, in a fixed order, present fields only. */
static void
dump_spec(const struct pdn_spec *p, char *out, size_t len)
{
	static const char	 letters[] = "FSRP.UEWA";
	static const uint16_t	 bits[] = { TH_FIN, TH_SYN, TH_RST, TH_PUSH,
	    TH_ACK, TH_URG, TH_ECE, TH_CWR, TH_AE };
	char			 t[400], a[64], h[160];
	size_t			 i;
	int			 k;

	out[0] = '\0';
#define ADD(...) do {							\
	snprintf(t, sizeof t, __VA_ARGS__);				\
	if (out[0] != '\0')						\
		strncat(out, " ", len - strlen(out) - 1);		\
	strncat(out, t, len - strlen(out) - 1);				\
} while (0)
	if (!p->has_flags)
		ADD("f=*");
	else if (p->flags == 0)
		ADD("f=-");
	else {
		k = 0;
		for (i = 0; i < 9; i++) {
			if (p->flags & bits[i])
				a[k++] = letters[i];
		}
		a[k] = '\0';
		ADD("f=%s", a);
	}
	if (p->has_seq) {
		char s1[16], s2[16], s3[16];

		snprintf(s1, sizeof s1, "%u", p->seq);
		snprintf(s2, sizeof s2, "%u", p->end);
		snprintf(s3, sizeof s3, "%u", p->seqlen);
		ADD("s=%s:%s(%s)", p->seq_any & PDN_SEQ_ANY_START ? "*" : s1,
		    p->seq_any & PDN_SEQ_ANY_END ? "*" : s2,
		    p->seq_any & PDN_SEQ_ANY_LEN ? "*" : s3);
	}
	if (p->has_ack)
		ADD("a=%u", p->ack);
	if (p->has_win)
		ADD("w=%u", p->win);
	if (p->has_urg)
		ADD("u=%u", p->urp);
	if (p->has_opts) {
		char	ol[400] = "o=[";

		for (k = 0; k < p->n_opt; k++) {
			if (k > 0)
				strncat(ol, ",", sizeof ol - strlen(ol) - 1);
			dump_opt(t, sizeof t, &p->opt[k]);
			strncat(ol, t, sizeof ol - strlen(ol) - 1);
		}
		strncat(ol, "]", sizeof ol - strlen(ol) - 1);
		if (out[0] != '\0')
			strncat(out, " ", len - strlen(out) - 1);
		strncat(out, ol, len - strlen(out) - 1);
	}
	if (p->ttl >= 0)
		ADD("ttl=%d", p->ttl);
	if (p->tos >= 0)
		ADD("tos=%d", p->tos);
	if (p->ecn >= 0)
		ADD("ecn=%d", p->ecn);
	if (p->ip_id >= 0)
		ADD("id=%d", p->ip_id);
	if (p->df >= 0)
		ADD("df=%d", p->df);
	if (p->badsum)
		ADD("badsum");
	if (p->has_ipopt) {
		h[0] = '\0';
		dump_hex(h, sizeof h, p->ipopt, p->ipopt_len);
		ADD("ipopt=%s", h);
	}
	if (p->has_payload) {
		h[0] = '\0';
		dump_hex(h, sizeof h, p->payload, p->payload_len);
		ADD("p=%s", h);
	}
	if (p->has_to) {
		addr_fmt(&p->to.addr, a, sizeof a);
		if (p->to.addr.family == 6)
			ADD("to=[%s]:%u", a, p->to.port);
		else
			ADD("to=%s:%u", a, p->to.port);
	}
	if (p->from_port >= 0)
		ADD("from=%d", p->from_port);
	if (p->abs)
		ADD("abs");
	if (p->wild)
		ADD("wild");
#undef ADD
}

static const struct valid_case valid[] = {
	{ "S 0:0(0) win 1000 <mss 536,sackOK,TS val 1 ecr 0,nop,wscale 7>",
	  "f=S s=0:0(0) w=1000 o=[2/4:536,4/2,8/10:1:0,1/1,3/3:7]" },
	{ ". 1:1(0) ack 1 win 257", "f=. s=1:1(0) a=1 w=257" },
	{ "P. 1:6(5) ack 1", "f=P. s=1:6(5) a=1" },
	{ "F. 6:6(0) ack 7", "f=F. s=6:6(0) a=7" },
	{ "R 0:0(0)", "f=R s=0:0(0)" },
	{ "R. 1:1(0) ack 1", "f=R. s=1:1(0) a=1" },
	{ "S. 0:0(0) ack 1 <mss 1460>", "f=S. s=0:0(0) a=1 o=[2/4:1460]" },
	{ "SEW 0:0(0) win 32792 <mss 1000,nop,nop,sackOK,nop,wscale 7>",
	  "f=SEW s=0:0(0) w=32792 o=[2/4:1000,1/1,1/1,4/2,1/1,3/3:7]" },
	{ "[ect0] P. 1:4001(4000) ack 1", "f=P. s=1:4001(4000) a=1 ecn=2" },
	{ "[noecn] E. 1:1(0) ack 1001 win 320",
	  "f=.E s=1:1(0) a=1001 w=320 ecn=0" },
	{ "[ce] . 1:1(0) ack 1 win 1", "f=. s=1:1(0) a=1 w=1 ecn=3" },
	{ "[ect01] . 1:1(0)", "f=. s=1:1(0) ecn=4" },
	{ "S. 0:0(0) ack 1 [ect1]", "f=S. s=0:0(0) a=1 ecn=1" },
	{ ". 1:1(0) ack 1001 win 257 <sack 2001:3001,nop,nop>",
	  "f=. s=1:1(0) a=1001 w=257 o=[5/10:2001:3001,1/1,1/1]" },
	{ ". 1:1(0) ack 1 win 257 <sack 1:2 3:4 5:6 7:8>",
	  "f=. s=1:1(0) a=1 w=257 o=[5/34:1:2:3:4:5:6:7:8]" },
	{ "S 0:0(0) <FO>", "f=S s=0:0(0) o=[34/2:]" },
	{ "S. 123:123(0) ack 1 win 5840 <FO abcd1234,nop,nop>",
	  "f=S. s=123:123(0) a=1 w=5840 o=[34/6:abcd1234,1/1,1/1]" },
	{ "S 0:1420(1420) <tfo 0x0102030405060708>",
	  "f=S s=0:1420(1420) o=[34/10:0102030405060708]" },
	{ "S 0:0(0) <FOEXP 1122>", "f=S s=0:0(0) o=[254/6:f9891122]" },
	{ "S 0:0(0) <FOEXP>", "f=S s=0:0(0) o=[254/4:f989]" },
	{ ". 1:1(0) ack 1 <exp 0x1234abcd>",
	  "f=. s=1:1(0) a=1 o=[254/6:1234abcd]" },
	{ ". 1:1(0) ack 1 <md5 000102030405060708090a0b0c0d0e0f>",
	  "f=. s=1:1(0) a=1 o=[19/18:000102030405060708090a0b0c0d0e0f]" },
	{ ". 1:1(0) ack 1 <md5>",
	  "f=. s=1:1(0) a=1 o=[19/18:00000000000000000000000000000000]" },
	{ ". 1:1(0) <kind 30 len 4 data 0102>", "f=. s=1:1(0) o=[R30/4:0102]" },
	{ ". 1:1(0) <kind 99>", "f=. s=1:1(0) o=[R99/2:]" },
	{ ". 1:1(0) <kind 77 len 6 data ab>",
	  "f=. s=1:1(0) o=[R77/6:ab000000]" },
	{ ". 1:1(0) <kind 2 len 4 data 05b4>", "f=. s=1:1(0) o=[R2/4:1460]" },
	{ ". 1:1(0) <kind 8 len 10 data 0000000100000002>",
	  "f=. s=1:1(0) o=[R8/10:1:2]" },
	{ ". 1:1(0) <kind 5 len 10 data 0000000a00000014>",
	  "f=. s=1:1(0) o=[R5/10:10:20]" },
	{ ". 1:1(0) <kind 0 len 4 data 010203>",
	  "f=. s=1:1(0) o=[R0/4:010203]" },
	{ ". 1:1(0) <kind 1>", "f=. s=1:1(0) o=[R1/1]" },
	{ ". 1:1(0) <eol>", "f=. s=1:1(0) o=[0/1]" },
	{ ". 1:1(0) <>", "f=. s=1:1(0) o=[]" },
	{ ". 1:1(0) <...>", "f=. s=1:1(0)" },
	{ "P. 1:6(5) ack 1 payload \"hello\"",
	  "f=P. s=1:6(5) a=1 p=68656c6c6f" },
	{ "P. 1:9(8) ack 1 payload \"GET /\\r\\n\\x41\"",
	  "f=P. s=1:9(8) a=1 p=474554202f0d0a41" },
	{ "P. 1:3(2) payload \"\\0x\"", "f=P. s=1:3(2) p=0078" },
	{ "P. 1:5(4) payload \"a\\\"\\\\\\t\"", "f=P. s=1:5(4) p=61225c09" },
	{ "P. 1:3(2) payload hex:00ff", "f=P. s=1:3(2) p=00ff" },
	{ "P. payload \"a b,c<d>\"", "f=P. p=6120622c633c643e" },
	{ "S 0:0(0) ttl 1 tos 0x10 id 4242 df",
	  "f=S s=0:0(0) ttl=1 tos=16 id=4242 df=1" },
	{ "R 0:0(0) nodf badsum", "f=R s=0:0(0) df=0 badsum" },
	{ "S 0:0(0) ipopt 01010000", "f=S s=0:0(0) ipopt=01010000" },
	{ "S 0:0(0) to 10.0.0.2:80 from 40000",
	  "f=S s=0:0(0) to=10.0.0.2:80 from=40000" },
	{ "S 0:0(0) to [fd00::2]:443", "f=S s=0:0(0) to=[fd00::2]:443" },
	{ "--abs S 1000:1000(0) win 65535", "f=S s=1000:1000(0) w=65535 abs" },
	{ "S 1000:1000(0) --abs", "f=S s=1000:1000(0) abs" },
	{ ". 4294967295:4(5) ack 4294967295",
	  "f=. s=4294967295:4(5) a=4294967295" },
	{ "S 0x10:0x10(0) win 0xffff", "f=S s=16:16(0) w=65535" },
	{ "- 0:0(0)", "f=- s=0:0(0)" },
	{ "* *:*(*) ack * win * urg *", "f=* s=*:*(*) wild" },
	{ "S. 0:0(0) ack 1 <mss *,sackOK,TS val * ecr 100,nop,wscale *>",
	  "f=S. s=0:0(0) a=1 o=[2/4:*,4/2,8/10:*:100,1/1,3/3:*] wild" },
	{ ". *:*(0) ack 1 <sack 1:* *:5>",
	  "f=. s=*:*(0) a=1 o=[5/18:1:*:*:5] wild" },
	{ ". 1:1(0) <md5 *,FO *,FOEXP *,exp *>",
	  "f=. s=1:1(0) o=[19/2:*,34/2:*,254/4:*,254/2:*] wild" },
	{ "P.U 1:2(1) ack 1 urg 1", "f=P.U s=1:2(1) a=1 u=1" },
	{ ".5 1:1(0) ack 1", "f=.EA s=1:1(0) a=1" },
	{ "S.2 0:0(0)", "f=S.W s=0:0(0)" },
	{ "FSRP.UEWA 0:0(0)", "f=FSRP.UEWA s=0:0(0)" },
	{ "F.\t6:6(0)  ack 7   win 0", "f=F. s=6:6(0) a=7 w=0" },
	{ "S", "f=S" },
	{ "S 0:0(0) win 65535 <mss 65535,wscale 14,sackOK,"
	  "TS val 4294967295 ecr 0>",
	  "f=S s=0:0(0) w=65535 o=[2/4:65535,3/3:14,4/2,8/10:4294967295:0]" },
	{ ". 1:1(0) ack 1 <nop,nop,TS val 5 ecr 6>",
	  "f=. s=1:1(0) a=1 o=[1/1,1/1,8/10:5:6]" },
};

/* Each valid line parses, and every field it gives is as written. */
static void
test_valid(void)
{
	struct pdn_spec	*p = malloc(sizeof *p);
	char		 err[PDN_ERRLEN], d[512];
	size_t		 i;
	int		 r;

	for (i = 0; i < sizeof valid / sizeof valid[0]; i++) {
		r = pdn_parse(valid[i].line, p, err, sizeof err);
		if (!ok(r == 0, "parse \"%s\"", valid[i].line)) {
			diag("error: %s", err);
			continue;
		}
		dump_spec(p, d, sizeof d);
		is_str(d, valid[i].dump, "fields of \"%s\"", valid[i].line);
	}
	free(p);
}

static const struct bad_case bad[] = {
	{ "X 0:0(0)", "unknown flag 'X' in \"X\"" },
	{ "SX 0:0(0)", "unknown flag 'X' in \"SX\"" },
	{ "SS 0:0(0)", "flag 'S' twice in \"SS\"" },
	{ ".E5 1:1(0)", "conflicting flag '5' in \".E5\"" },
	{ ".57 1:1(0)", "conflicting flag '7' in \".57\"" },
	{ ".5E 1:1(0)", "conflicting flag 'E' in \".5E\"" },
	{ "S 1:5(3)", "bad sequence \"1:5(3)\": length 3 != 5-1" },
	{ "S 1:5", "bad sequence \"1:5\": want START:END(LEN)" },
	{ "S 1:5(4", "bad sequence \"1:5(4\": want START:END(LEN)" },
	{ "S 1:b(4)", "sequence end \"b\": not a number" },
	{ "S 1:5(x)", "sequence length \"x\": not a number" },
	{ "S :5(5)", "sequence start \"\": not a number" },
	{ "S 4294967296:4294967296(0)",
	  "sequence start 4294967296 out of range (0-4294967295)" },
	{ "S 0:70000(70000)", "sequence length 70000 out of range (0-65535)" },
	{ ". 1:1(0) ack", "missing number after \"ack\"" },
	{ ". 1:1(0) win", "missing number after \"win\"" },
	{ ". 1:1(0) win <mss 1>", "missing number after \"win\"" },
	{ ". 1:1(0) ack x", "ack \"x\": not a number" },
	{ ". 1:1(0) ack -1", "ack \"-1\": not a number" },
	{ ". 1:1(0) ack 0x", "ack \"0x\": not a number" },
	{ ". 1:1(0) win 70000", "win 70000 out of range (0-65535)" },
	{ ". 1:1(0) urg 65536", "urg 65536 out of range (0-65535)" },
	{ "S 0:0(0) <mss 1460", "unterminated \"<\"" },
	{ "S 0:0(0) <mss 1460,>", "empty option before \">\"" },
	{ "S 0:0(0) <foo>", "unknown option \"foo\"" },
	{ "S 0:0(0) <mss 70000>", "mss 70000 out of range (0-65535)" },
	{ "S 0:0(0) <mss>", "missing number after \"mss\"" },
	{ "S 0:0(0) <mss abc>", "mss \"abc\": not a number" },
	{ "S 0:0(0) <mss 1 2>", "unexpected \"2\" after option \"mss\"" },
	{ "S 0:0(0) <nop 1>", "unexpected \"1\" after option \"nop\"" },
	{ "S 0:0(0) <wscale 256>", "wscale 256 out of range (0-255)" },
	{ "S 0:0(0) <TS val 1>", "option \"TS\" wants \"TS val N ecr N\"" },
	{ "S 0:0(0) <TS val 1 ecr>", "missing number after \"ecr\"" },
	{ "S 0:0(0) <TS 1 2>", "option \"TS\" wants \"TS val N ecr N\"" },
	{ "S 0:0(0) <TS val 1 ecr 2 3>",
	  "unexpected \"3\" after option \"TS\"" },
	{ ". 1:1(0) <sack>", "missing block after \"sack\"" },
	{ ". 1:1(0) <sack 5>", "bad sack block \"5\": want LEFT:RIGHT" },
	{ ". 1:1(0) <sack 1:x>", "sack right edge \"x\": not a number" },
	{ ". 1:1(0) <sack 1:2 3:4 5:6 7:8 9:10>",
	  "sack with 5 blocks (at most 4)" },
	{ ". 1:1(0) <md5 abc>",
	  "bad hex \"abc\" in md5: odd number of digits" },
	{ ". 1:1(0) <md5 zz>",
	  "bad hex \"zz\" in md5: 'z' is not a hex digit" },
	{ ". 1:1(0) <md5 0102>", "md5 digest \"0102\" is 2 bytes (want 16)" },
	{ "S 0:0(0) <FO 12345g>",
	  "bad hex \"12345g\" in FO: 'g' is not a hex digit" },
	{ "S 0:0(0) <FO 01 02>", "unexpected \"02\" after option \"FO\"" },
	{ ". 1:1(0) <kind 300>", "kind 300 out of range (0-255)" },
	{ ". 1:1(0) <kind 2 len 3 data 05>",
	  "option \"kind 2 len 3\": the codec builds kind 2 (mss) only with "
	  "len 4" },
	{ ". 1:1(0) <kind 5 len 12>",
	  "option \"kind 5 len 12\": the codec builds sack only with len" },
	/* Five blocks fit no option space; once an overflow (fuzz-pdn). */
	{ ". 1:1(0) <kind 5 data "
	  "00000001000000020000000300000004000000050000000600000007000000080000000900000010>",
	  "option \"kind 5 len 42\": the codec builds sack only with len" },
	{ ". 1:1(0) <kind 30 len 3 data 0102>",
	  "option \"kind 30 len 3\": data is 2 bytes, len leaves room for 1" },
	{ ". 1:1(0) <kind 30 len 1>",
	  "option \"kind 30 len 1\": len below 2 cannot be built" },
	{ ". 1:1(0) <kind 30 len 41>", "len 41 out of range (0-40)" },
	{ ". 1:1(0) <kind 1 len 2>",
	  "option \"kind 1 len 2\": nop has no length byte" },
	{ ". 1:1(0) <kind 30 foo 1>",
	  "unexpected \"foo\" in option \"kind 30\"" },
	{ ". 1:1(0) <kind 30 data>", "missing hex after \"data\"" },
	{ ". 1:1(0) <nop,...>", "\"...\" must stand alone in <...>" },
	{ ". 1:1(0) <mss 1 [>", "unexpected \"[\" in options" },
	{ "S 0:0(0) <TS val 1 ecr 2,TS val 1 ecr 2,TS val 1 ecr 2,"
	  "TS val 1 ecr 2,TS val 1 ecr 2>",
	  "options take 50 bytes (more than 40) at \"TS\"" },
	{ "P. 1:6(5) payload hello",
	  "payload \"hello\" needs quotes (or hex:...)" },
	{ "P. 1:6(5) payload \"hello", "unterminated string \"hello" },
	{ "P. 1:6(5) payload", "missing text after \"payload\"" },
	{ "P. 1:3(2) payload hex:zz",
	  "bad hex \"zz\" in payload: 'z' is not a hex digit" },
	{ "P. 1:3(2) payload \"\\q\"", "bad escape \"\\q\" in payload" },
	{ "P. 1:3(2) payload \"\\x4\"", "bad escape \"\\x4\"\" in payload" },
	{ "P. 1:6(5) payload \"hi\"",
	  "payload is 2 bytes but the sequence length is 5" },
	{ ". 1:1(0) foo", "unknown keyword \"foo\"" },
	{ ". 1:1(0) ack 1 ack 2", "\"ack\" given twice" },
	{ ". 1:1(0) df nodf", "\"nodf\" conflicts with an earlier df/nodf" },
	{ ". 1:1(0) ttl 256", "ttl 256 out of range (0-255)" },
	{ ". 1:1(0) tos", "missing number after \"tos\"" },
	{ ". 1:1(0) id 65536", "id 65536 out of range (0-65535)" },
	{ ". 1:1(0) to 10.0.0.1", "to \"10.0.0.1\": expected HOST:PORT" },
	{ ". 1:1(0) to nohost:80", "to \"nohost:80\": not an IPv4 or IPv6" },
	{ ". 1:1(0) to 10.0.0.1:0", "to \"10.0.0.1:0\": port must be 1-65535" },
	{ ". 1:1(0) to", "missing HOST:PORT after \"to\"" },
	{ ". 1:1(0) from 70000", "from 70000 out of range (0-65535)" },
	{ ". 1:1(0) ipopt 010", "bad hex \"010\" in ipopt: odd number of "
	  "digits" },
	{ ". 1:1(0) ipopt", "missing hex after \"ipopt\"" },
	{ "[ect2] . 1:1(0)", "unknown ECN codepoint \"ect2\"" },
	{ "[ect0 . 1:1(0)", "unterminated \"[ect0\"" },
	{ "[ect0] [ce] . 1:1(0)", "\"[\" given twice" },
	{ "ack 1", "missing flags before \"ack\"" },
	{ "", "missing flags" },
	{ "1:1(0) ack 1", "missing flags before \"1:1(0)\"" },
	{ "<mss 1>", "missing flags before \"<\"" },
	{ ". 1:1(0) 2:2(0)", "sequence \"2:2(0)\" must follow the flags" },
	{ ". 1:1(0) >", "unexpected \">\"" },
	{ ". 1:1(0) <mss 1> <mss 2>", "\"<\" given twice" },
	{ "--abs --abs S", "\"--abs\" given twice" },
};

/* Each malformed line fails with a message naming the offending token. */
static void
test_bad(void)
{
	struct pdn_spec	*p = malloc(sizeof *p);
	char		 err[PDN_ERRLEN];
	size_t		 i;
	int		 r;

	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		memset(err, 0, sizeof err);
		r = pdn_parse(bad[i].line, p, err, sizeof err);
		ok(r == -1 && strncmp(err, "pdn: ", 5) == 0 &&
		    strstr(err, bad[i].err) != NULL,
		    "reject \"%s\" with \"%s\"", bad[i].line, bad[i].err);
		if (r != -1 || strstr(err, bad[i].err) == NULL)
			diag("r=%d err: %s", r, err);
	}
	free(p);
}

/* A TCP segment with the given flags and numbers, no options. */
static void
seg_init(struct seg *s, uint16_t flags, uint32_t seq, uint32_t ack)
{
	memset(s, 0, sizeof *s);
	s->proto = IPPROTO_TCP_;
	s->src.family = s->dst.family = 4;
	memcpy(s->src.a, "\x0a\x00\x00\x01", 4);
	memcpy(s->dst.a, "\x0a\x00\x00\x02", 4);
	s->th.sport = 40000;
	s->th.dport = 80;
	s->th.flags = flags;
	s->th.seq = seq;
	s->th.ack = ack;
	s->th.win = 64240;
}

/* Check two headers agree on every field notation carries. */
static void
hdr_same(const struct tcp_hdr *a, const struct tcp_hdr *b, const char *name)
{
	uint8_t	ba[40], bb[40];
	int	la, lb, i, same = 1;

	is_int(b->flags, a->flags, "%s: flags", name);
	is_int(b->seq, a->seq, "%s: seq", name);
	is_int(b->ack, a->ack, "%s: ack", name);
	is_int(b->win, a->win, "%s: win", name);
	is_int(b->urp, a->urp, "%s: urg", name);
	is_int(b->n_opt, a->n_opt, "%s: option count", name);
	for (i = 0; i < a->n_opt && i < b->n_opt; i++) {
		const struct tcp_opt *x = &a->opt[i], *y = &b->opt[i];

		if (x->kind != y->kind || x->len != y->len)
			same = 0;
		else if (x->kind == TCPOPT_MSS)
			same &= x->u.mss == y->u.mss;
		else if (x->kind == TCPOPT_WSCALE)
			same &= x->u.wscale == y->u.wscale;
		else if (x->kind == TCPOPT_TIMESTAMP)
			same &= x->u.ts.val == y->u.ts.val &&
			    x->u.ts.ecr == y->u.ts.ecr;
		else if (x->kind == TCPOPT_SACK)
			same &= x->u.sack.n == y->u.sack.n &&
			    memcmp(x->u.sack.blk, y->u.sack.blk,
			    x->u.sack.n * sizeof x->u.sack.blk[0]) == 0;
	}
	ok(same, "%s: option kinds, lengths and values", name);
	la = wire_tcpopt_build(a, ba, sizeof ba, NULL, 0);
	lb = wire_tcpopt_build(b, bb, sizeof bb, NULL, 0);
	ok(la >= 0 && la == lb && memcmp(ba, bb, (size_t)la) == 0,
	    "%s: option bytes (%d vs %d)", name, la, lb);
}

/*
 * Format s relative to the bases, check the text when want is given,
 * parse it back and build a header with the same bases: it must be s's.
 */
static void
round_trip(const struct seg *s, uint32_t sb, uint32_t ab, const char *name,
    const char *want)
{
	struct pdn_spec	*p = malloc(sizeof *p);
	struct tcp_hdr	 th;
	char		 text[512], err[PDN_ERRLEN];
	size_t		 n;

	n = pdn_format(s, sb, ab, 0, text, sizeof text);
	ok(n == strlen(text), "%s: format length %zu", name, n);
	if (want != NULL)
		is_str(text, want, "%s: text", name);
	if (!ok(pdn_parse(text, p, err, sizeof err) == 0, "%s: parse \"%s\"",
	    name, text)) {
		diag("error: %s", err);
		free(p);
		return;
	}
	memset(&th, 0, sizeof th);
	if (!ok(pdn_to_hdr(p, sb, ab, &th, err, sizeof err) == 0,
	    "%s: build", name))
		diag("error: %s", err);
	hdr_same(&s->th, &th, name);
	free(p);
}

/* Format, parse and build agree for every option kind and flag. */
static void
test_round_trips(void)
{
	static const uint8_t	 digest[16] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10,
	    11, 12, 13, 14, 15, 16 };
	static const uint8_t	 cookie[8] = { 0xab, 0xcd, 0x12, 0x34, 0, 1,
	    2, 3 };
	static const uint8_t	 foexp[6] = { 0xf9, 0x89, 0xaa, 0xbb, 0xcc,
	    0xdd };
	static const uint8_t	 expd[4] = { 0x12, 0x34, 0x56, 0x78 };
	static const uint8_t	 mptcp[4] = { 0x00, 0x81, 0x22, 0x33 };
	static const uint8_t	 pad[3] = { 1, 2, 3 };
	struct seg		 s;
	struct tcp_opt		 o;
	uint32_t		 sb = 1000, ab = 0xfffffff0;

	seg_init(&s, TH_SYN, sb, 0);
	memset(&o, 0, sizeof o);
	o.kind = TCPOPT_MSS; o.len = 4; o.u.mss = 1460;
	wire_tcpopt_add(&s.th, &o);
	memset(&o, 0, sizeof o);
	o.kind = TCPOPT_SACK_PERM; o.len = 2;
	wire_tcpopt_add(&s.th, &o);
	memset(&o, 0, sizeof o);
	o.kind = TCPOPT_TIMESTAMP; o.len = 10;
	o.u.ts.val = 4000000000u; o.u.ts.ecr = 0;
	wire_tcpopt_add(&s.th, &o);
	memset(&o, 0, sizeof o);
	o.kind = TCPOPT_NOP; o.len = 1;
	wire_tcpopt_add(&s.th, &o);
	memset(&o, 0, sizeof o);
	o.kind = TCPOPT_WSCALE; o.len = 3; o.u.wscale = 7;
	wire_tcpopt_add(&s.th, &o);
	round_trip(&s, sb, ab, "syn options", "S 0:0(0) win 64240 "
	    "<mss 1460,sackOK,TS val 4000000000 ecr 0,nop,wscale 7>");

	/* SACK with 1..4 blocks, relative to ack_base across 2^32. */
	seg_init(&s, TH_ACK, sb + 1, ab + 1);
	memset(&o, 0, sizeof o);
	o.kind = TCPOPT_SACK; o.u.sack.n = 4; o.len = 34;
	o.u.sack.blk[0].left = ab + 1001; o.u.sack.blk[0].right = ab + 2001;
	o.u.sack.blk[1].left = ab + 3001; o.u.sack.blk[1].right = ab + 4001;
	o.u.sack.blk[2].left = ab + 5001; o.u.sack.blk[2].right = ab + 6001;
	o.u.sack.blk[3].left = ab + 7001; o.u.sack.blk[3].right = ab + 8001;
	wire_tcpopt_add(&s.th, &o);
	round_trip(&s, sb, ab, "sack x4", ". 1:1(0) ack 1 win 64240 "
	    "<sack 1001:2001 3001:4001 5001:6001 7001:8001>");
	s.th.opt[0].u.sack.n = 1;
	s.th.opt[0].len = 10;
	round_trip(&s, sb, ab, "sack x1",
	    ". 1:1(0) ack 1 win 64240 <sack 1001:2001>");

	/* MD5 digest, TFO cookie (and request), FOEXP, exp. */
	seg_init(&s, TH_ACK | TH_PUSH, sb + 1, ab + 1);
	s.len = 3;
	s.data = (const uint8_t *)"abc";
	memset(&o, 0, sizeof o);
	o.kind = TCPOPT_MD5; o.len = 18; o.data = digest;
	wire_tcpopt_add(&s.th, &o);
	round_trip(&s, sb, ab, "md5", "P. 1:4(3) ack 1 win 64240 "
	    "<md5 0102030405060708090a0b0c0d0e0f10>");
	seg_init(&s, TH_SYN, sb, 0);
	memset(&o, 0, sizeof o);
	o.kind = TCPOPT_TFO; o.len = 2;
	wire_tcpopt_add(&s.th, &o);
	round_trip(&s, sb, ab, "tfo request", "S 0:0(0) win 64240 <FO>");
	s.th.opt[0].len = 10;
	s.th.opt[0].data = cookie;
	round_trip(&s, sb, ab, "tfo cookie",
	    "S 0:0(0) win 64240 <FO abcd123400010203>");
	s.th.opt[0].kind = TCPOPT_EXP2;
	s.th.opt[0].len = 8;
	s.th.opt[0].data = foexp;
	round_trip(&s, sb, ab, "tfo exp",
	    "S 0:0(0) win 64240 <FOEXP aabbccdd>");
	s.th.opt[0].len = 6;
	s.th.opt[0].data = expd;
	round_trip(&s, sb, ab, "exp", "S 0:0(0) win 64240 <exp 12345678>");

	/* Unknown kinds, odd lengths and EOL padding go raw. */
	s.th.opt[0].kind = TCPOPT_MPTCP;
	s.th.opt[0].len = 6;
	s.th.opt[0].data = mptcp;
	round_trip(&s, sb, ab, "mptcp raw",
	    "S 0:0(0) win 64240 <kind 30 len 6 data 00812233>");
	s.th.opt[0].kind = 99;
	s.th.opt[0].len = 2;
	s.th.opt[0].data = NULL;
	round_trip(&s, sb, ab, "empty unknown",
	    "S 0:0(0) win 64240 <kind 99 len 2>");
	s.th.opt[0].kind = TCPOPT_MD5;
	s.th.opt[0].len = 6;
	s.th.opt[0].data = mptcp;
	round_trip(&s, sb, ab, "short md5",
	    "S 0:0(0) win 64240 <kind 19 len 6 data 00812233>");
	s.th.opt[0].kind = TCPOPT_NOP;
	s.th.opt[0].len = 1;
	memset(&o, 0, sizeof o);
	o.kind = TCPOPT_EOL; o.len = 4; o.data = pad;
	wire_tcpopt_add(&s.th, &o);
	round_trip(&s, sb, ab, "eol with padding",
	    "S 0:0(0) win 64240 <nop,kind 0 len 4 data 010203>");
	s.th.opt[1].len = 1;
	s.th.opt[1].data = NULL;
	round_trip(&s, sb, ab, "eol", "S 0:0(0) win 64240 <nop,eol>");

	/* Every flag, no flags, urgent pointer, ack without ACK. */
	seg_init(&s, 0x1ff, sb + 5, ab + 9);
	s.th.urp = 3;
	round_trip(&s, sb, ab, "all flags",
	    "FSRP.UEWA 5:5(0) ack 9 win 64240 urg 3");
	seg_init(&s, 0, sb, ab + 77);
	s.th.win = 0;
	round_trip(&s, sb, ab, "no flags", "- 0:0(0) ack 77 win 0");
	seg_init(&s, TH_URG, sb, 0);
	round_trip(&s, sb, ab, "urg zero", "U 0:0(0) win 64240 urg 0");
}

/*
 * A segment decoded from bytes by the codec makes the same trip, and the
 * rebuilt frame is byte-identical (the EOL's padding comes back too).
 */
static void
test_codec_trip(void)
{
	static const uint8_t	opts[] = { 2, 4, 0x05, 0xb4, 1, 3, 3, 8, 4, 2,
	    8, 10, 0, 0, 0, 1, 0, 0, 0, 2, 34, 6, 0xde, 0xad, 0xbe, 0xef };
	struct pdn_spec		*sp = malloc(sizeof *sp);
	uint8_t			 frame[128], again[128];
	struct seg		 s, d, e;
	struct pkt		 p, q;
	struct tcp_opt		 o;
	char			 err[WIRE_ERRLEN], text[256];
	ssize_t			 n, m;
	size_t			 i = 0;
	uint32_t		 sb = 0x89abcdef, ab = 0x01234567;

	seg_init(&s, TH_SYN | TH_ACK, sb, ab + 1);
	while (i < sizeof opts) {
		memset(&o, 0, sizeof o);
		o.kind = opts[i];
		o.len = o.kind == TCPOPT_NOP ? 1 : opts[i + 1];
		o.data = o.len > 2 ? &opts[i + 2] : NULL;
		if (o.kind == TCPOPT_MSS)
			o.u.mss = 1460;
		if (o.kind == TCPOPT_WSCALE)
			o.u.wscale = 8;
		if (o.kind == TCPOPT_TIMESTAMP) {
			o.u.ts.val = 1;
			o.u.ts.ecr = 2;
		}
		wire_tcpopt_add(&s.th, &o);
		i += o.len;
	}
	seg_to_pkt(&s, &p, NULL, NULL);
	n = wire_build(&p, 0, frame, sizeof frame, err, sizeof err);
	if (!ok(n > 0, "codec: build the SYN-ACK")) {
		diag("%s", err);
		free(sp);
		return;
	}
	ok(wire_decode(&q, WIRE_DLT_RAW, frame, (size_t)n, (size_t)n) == 0,
	    "codec: decode it");
	ok(seg_from_pkt(&d, &q) == 0, "codec: to a segment");
	pdn_format(&d, sb, ab, 0, text, sizeof text);
	is_str(text, "S. 0:0(0) ack 1 win 64240 <mss 1460,nop,wscale 8,"
	    "sackOK,TS val 1 ecr 2,FO deadbeef,eol>", "codec: text");
	ok(pdn_parse(text, sp, err, sizeof err) == 0, "codec: parse it");
	e = d;
	memset(&e.th, 0, sizeof e.th);
	e.th.sport = d.th.sport;
	e.th.dport = d.th.dport;
	ok(pdn_to_hdr(sp, sb, ab, &e.th, err, sizeof err) == 0,
	    "codec: build a header from it");
	seg_to_pkt(&e, &p, NULL, NULL);
	m = wire_build(&p, 0, again, sizeof again, err, sizeof err);
	ok(m == n && memcmp(frame, again, (size_t)n) == 0,
	    "codec: the same %zd frame bytes again (%zd)", n, m);
	free(sp);
}

/* pdn_format: IP extras, payloads, truncation. */
static void
test_format(void)
{
	struct seg	s;
	char		buf[256], small[8];
	size_t		n;

	seg_init(&s, TH_ACK | TH_PUSH, 101, 201);
	s.data = (const uint8_t *)"hi\r\n\"\\";
	s.len = 6;
	s.ttl = 1;
	s.tos = 0x12;
	s.th.cksum_ok = CK_BAD;
	pdn_format(&s, 100, 200, PDN_FMT_PAYLOAD | PDN_FMT_IP, buf,
	    sizeof buf);
	is_str(buf, "P. 1:7(6) ack 1 win 64240 ttl 1 tos 0x12 badsum "
	    "payload \"hi\\r\\n\\\"\\\\\"", "format: text payload and IP");
	s.data = (const uint8_t *)"\x00\x01\xff";
	s.len = 3;
	s.ttl = 0;
	s.tos = 0;
	s.th.cksum_ok = CK_OK;
	pdn_format(&s, 100, 200, PDN_FMT_PAYLOAD | PDN_FMT_IP, buf,
	    sizeof buf);
	is_str(buf, "P. 1:4(3) ack 1 win 64240 payload hex:0001ff",
	    "format: binary payload as hex");
	pdn_format(&s, 100, 200, 0, buf, sizeof buf);
	is_str(buf, "P. 1:4(3) ack 1 win 64240", "format: payload left out");
	pdn_format(&s, 0, 0, 0, buf, sizeof buf);
	is_str(buf, "P. 101:104(3) ack 201 win 64240", "format: bases 0");
	n = pdn_format(&s, 100, 200, 0, small, sizeof small);
	is_int(n, strlen("P. 1:4(3) ack 1 win 64240"),
	    "format: returns the length it needed");
	is_str(small, "P. 1:4(", "format: truncates and terminates");
}

/* Match s against pat; want_why NULL means it must match. */
static void
match_one(const char *pat, const struct seg *s, uint32_t sb, uint32_t ab,
    const char *want_why)
{
	struct pdn_spec	*p = malloc(sizeof *p);
	char		 err[PDN_ERRLEN], why[200];
	bool		 m;

	if (!ok(pdn_parse(pat, p, err, sizeof err) == 0, "pattern \"%s\"",
	    pat)) {
		diag("error: %s", err);
		free(p);
		return;
	}
	memset(why, 'x', sizeof why);
	m = pdn_match(p, s, sb, ab, why, sizeof why);
	if (want_why == NULL) {
		if (!ok(m, "\"%s\" matches", pat))
			diag("why: %s", why);
	} else {
		ok(!m, "\"%s\" does not match", pat);
		is_str(why, want_why, "\"%s\": reason", pat);
	}
	free(p);
}

/* Patterns: left-out fields and "*" match anything; reasons are exact. */
static void
test_match(void)
{
	static const uint8_t	 foexp[4] = { 0xf9, 0x89, 1, 2 };
	static const uint8_t	 expd[2] = { 0x12, 0x34 };
	struct seg		 s;
	struct tcp_opt		 o;
	uint32_t		 sb = 5000, ab = 0xffffff00;

	seg_init(&s, TH_SYN | TH_ACK, sb, ab + 1);
	memset(&o, 0, sizeof o);
	o.kind = TCPOPT_MSS; o.len = 4; o.u.mss = 1460;
	wire_tcpopt_add(&s.th, &o);
	memset(&o, 0, sizeof o);
	o.kind = TCPOPT_SACK_PERM; o.len = 2;
	wire_tcpopt_add(&s.th, &o);
	memset(&o, 0, sizeof o);
	o.kind = TCPOPT_TIMESTAMP; o.len = 10; o.u.ts.val = 100; o.u.ts.ecr = 7;
	wire_tcpopt_add(&s.th, &o);
	memset(&o, 0, sizeof o);
	o.kind = TCPOPT_NOP; o.len = 1;
	wire_tcpopt_add(&s.th, &o);
	memset(&o, 0, sizeof o);
	o.kind = TCPOPT_WSCALE; o.len = 3; o.u.wscale = 7;
	wire_tcpopt_add(&s.th, &o);

	match_one("S. 0:0(0) ack 1", &s, sb, ab, NULL);
	match_one("S.", &s, sb, ab, NULL);
	match_one("* *:*(*)", &s, sb, ab, NULL);
	match_one("S. *:*(0) ack * win * <mss *,sackOK,TS val * ecr *,nop,"
	    "wscale *>", &s, sb, ab, NULL);
	match_one("S. 0:0(0) ack 1 win 64240 <mss 1460,sackOK,TS val 100 "
	    "ecr 7,nop,wscale 7>", &s, sb, ab, NULL);
	match_one("S. 0:0(0) <...>", &s, sb, ab, NULL);
	match_one("S. 0:0(0) ack 1 win 1000", &s, sb, ab, "win 1000 != 64240");
	match_one("S 0:0(0)", &s, sb, ab, "flags S != S.");
	match_one(". 0:0(0)", &s, sb, ab, "flags . != S.");
	match_one("S.E 0:0(0)", &s, sb, ab, "flags S.E != S.");
	match_one("S. 1:1(0) ack 1", &s, sb, ab, "seq 1:1(0) != 0:0(0)");
	match_one("S. *:1(*)", &s, sb, ab, "seq *:1(*) != 0:0(0)");
	match_one("S. 0:0(0) ack 2", &s, sb, ab, "ack 2 != 1");
	match_one("S. urg 4", &s, sb, ab, "urg 4 != 0");
	match_one("S. <mss 1460,sackOK,TS val * ecr 8,nop,wscale 7>", &s, sb,
	    ab, "option 3 \"TS val * ecr 8\" != \"TS val 100 ecr 7\"");
	match_one("S. <mss 536,sackOK,TS val 100 ecr 7,nop,wscale 7>", &s, sb,
	    ab, "option 1 \"mss 536\" != \"mss 1460\"");
	match_one("S. <mss 1460>", &s, sb, ab,
	    "option 2 \"sackOK\" not expected");
	match_one("S. <mss 1460,sackOK,TS val 100 ecr 7,nop,wscale 7,nop>",
	    &s, sb, ab, "option 6 \"nop\" missing");
	match_one("S. <>", &s, sb, ab, "option 1 \"mss 1460\" not expected");
	match_one("S. <wscale 7,sackOK,TS val 100 ecr 7,nop,mss 1460>", &s,
	    sb, ab, "option 1 \"wscale 7\" != \"mss 1460\"");
	match_one("--abs S. 0:0(0)", &s, sb, ab, "seq 0:0(0) != 5000:5000(0)");
	match_one("--abs S. 5000:5000(0) ack 4294967041", &s, sb, ab, NULL);
	match_one("S. ttl 64", &s, sb, ab, NULL);
	match_one("S. ttl 1", &s, sb, ab, "ttl 1 != 64");
	match_one("S. tos 0", &s, sb, ab, NULL);
	match_one("[ect0] S.", &s, sb, ab, "[ect0] != [noecn]");
	match_one("S. id 5", &s, sb, ab,
	    "id 5: a segment does not carry the IP id");
	match_one("S. df", &s, sb, ab,
	    "df: a segment does not carry the DF bit");
	match_one("S. ipopt 01010101", &s, sb, ab,
	    "ipopt: a segment does not carry IP options");
	match_one("S. badsum", &s, sb, ab, "badsum != checksum not known to "
	    "be bad");
	match_one("S. from 40000 to 10.0.0.2:80", &s, sb, ab, NULL);
	match_one("S. from 4000", &s, sb, ab, "from 4000 != 40000");
	match_one("S. to 10.0.0.2:81", &s, sb, ab,
	    "to 10.0.0.2:81 != 10.0.0.2:80");
	match_one("S. to 10.0.0.3:80", &s, sb, ab,
	    "to 10.0.0.3:80 != 10.0.0.2:80");

	s.tos = 0x01;
	s.ttl = 3;
	s.th.cksum_ok = CK_BAD;
	match_one("[ect01] S. ttl 3 badsum", &s, sb, ab, NULL);
	match_one("[ect1] S. tos 1", &s, sb, ab, NULL);
	match_one("[ect0] S.", &s, sb, ab, "[ect0] != [ect1]");
	match_one("S. tos 0x10", &s, sb, ab, "tos 0x10 != 0x01");
	s.tos = 0x03;
	match_one("[ect01] S.", &s, sb, ab, "[ect01] != [ce]");

	/* Data and SACK blocks, relative to the bases across 2^32. */
	seg_init(&s, TH_ACK | TH_PUSH, sb + 1, ab + 1);
	s.data = (const uint8_t *)"hello";
	s.len = 5;
	memset(&o, 0, sizeof o);
	o.kind = TCPOPT_SACK; o.len = 18; o.u.sack.n = 2;
	o.u.sack.blk[0].left = ab + 1001; o.u.sack.blk[0].right = ab + 2001;
	o.u.sack.blk[1].left = ab + 3001; o.u.sack.blk[1].right = ab + 4001;
	wire_tcpopt_add(&s.th, &o);
	match_one("P. 1:6(5) ack 1 <sack 1001:2001 3001:4001> payload "
	    "\"hello\"", &s, sb, ab, NULL);
	match_one("P. 1:6(5) <sack 1001:* *:4001>", &s, sb, ab, NULL);
	match_one("P. <sack 1001:2001 3001:4000>", &s, sb, ab,
	    "option 1 \"sack 1001:2001 3001:4000\" != "
	    "\"sack 1001:2001 3001:4001\"");
	match_one("P. <sack 1001:2001>", &s, sb, ab,
	    "option 1 \"sack 1001:2001\" != \"sack 1001:2001 3001:4001\"");
	match_one("P. <kind 5 len 18 data 000002e9000006d100000ab900000ea1>",
	    &s, sb, ab, NULL);
	match_one("P. <kind 5 len 18 data 000003e9000007d100000bb900000fa1>",
	    &s, sb, ab, "option 1 \"kind 5 len 18 data "
	    "000003e9000007d100000bb900000fa1\" != "
	    "\"sack 745:1745 2745:3745\"");
	match_one("P. 1:6(5) payload \"hellp\"", &s, sb, ab,
	    "payload byte 4: 0x70 != 0x6f");
	match_one("P. payload \"hell\"", &s, sb, ab,
	    "payload of 4 bytes != 5 bytes");
	match_one("P. 1:5(4)", &s, sb, ab, "seq 1:5(4) != 1:6(5)");
	match_one("P. 1:*(*) ack 1", &s, sb, ab, NULL);
	match_one("P. *:*(5)", &s, sb, ab, NULL);
	match_one("P. *:*(4)", &s, sb, ab, "seq *:*(4) != 1:6(5)");

	/* Blobs: exact bytes, or a wildcard over the kind (and FOEXP magic). */
	seg_init(&s, TH_SYN, sb, 0);
	memset(&o, 0, sizeof o);
	o.kind = TCPOPT_EXP2; o.len = 6; o.data = foexp;
	wire_tcpopt_add(&s.th, &o);
	match_one("S <FOEXP 0102>", &s, sb, ab, NULL);
	match_one("S <FOEXP *>", &s, sb, ab, NULL);
	match_one("S <exp *>", &s, sb, ab, NULL);
	match_one("S <exp f9890102>", &s, sb, ab, NULL);
	match_one("S <kind 254 len 6 data f9890102>", &s, sb, ab, NULL);
	match_one("S <FOEXP 0103>", &s, sb, ab,
	    "option 1 \"FOEXP 0103\" != \"FOEXP 0102\"");
	match_one("S <FO *>", &s, sb, ab,
	    "option 1 \"FO *\" != \"FOEXP 0102\"");
	s.th.opt[0].len = 4;
	s.th.opt[0].data = expd;
	match_one("S <FOEXP *>", &s, sb, ab,
	    "option 1 \"FOEXP *\" != \"exp 1234\"");
	match_one("S <exp 1234>", &s, sb, ab, NULL);
	match_one("S <exp 123400>", &s, sb, ab,
	    "option 1 \"exp 123400\" != \"exp 1234\"");

	s.proto = IPPROTO_UDP_;
	match_one("S", &s, sb, ab, "not a TCP segment (protocol 17)");
}

/* pdn_to_hdr and pdn_to_seg: what they fill and what they refuse. */
static void
test_build(void)
{
	struct pdn_spec	*p = malloc(sizeof *p);
	struct tcp_hdr	 th;
	struct seg	 s;
	char		 err[PDN_ERRLEN];
	int		 r;

	pdn_parse(". 1:1(0) ack 1", p, err, sizeof err);
	memset(&th, 0, sizeof th);
	th.win = 999;
	th.sport = 1234;
	th.n_opt = 1;
	th.opt[0].kind = TCPOPT_NOP;
	th.opt[0].len = 1;
	is_int(pdn_to_hdr(p, 10, 20, &th, err, sizeof err), 0, "build: ok");
	is_int(th.seq, 11, "build: seq = seq_base + 1");
	is_int(th.ack, 21, "build: ack = ack_base + 1");
	is_int(th.win, 999, "build: win left as the caller set it");
	is_int(th.sport, 1234, "build: sport left as the caller set it");
	is_int(th.n_opt, 1, "build: options left when none are given");

	pdn_parse("S 0:0(0) <> from 5555 to 10.9.8.7:443", p, err, sizeof err);
	pdn_to_hdr(p, 10, 20, &th, err, sizeof err);
	is_int(th.n_opt, 0, "build: \"<>\" clears the options");
	is_int(th.sport, 5555, "build: from sets sport");
	is_int(th.dport, 443, "build: to sets dport");
	is_int(th.seq, 10, "build: SYN 0:0(0) is the ISN");

	pdn_parse("S. 0:0(0) ack 1 win * <mss 1460>", p, err, sizeof err);
	memset(err, 0, sizeof err);
	r = pdn_to_hdr(p, 0, 0, &th, err, sizeof err);
	ok(r == -1 && strstr(err, "pdn: a pattern with \"*\" cannot be built")
	    != NULL, "build: refuses a wildcard (%s)", err);

	pdn_parse("[ect01] S 0:0(0)", p, err, sizeof err);
	memset(&s, 0, sizeof s);
	memset(err, 0, sizeof err);
	r = pdn_to_seg(p, 0, 0, &s, err, sizeof err);
	ok(r == -1 && strstr(err, "[ect01] only matches") != NULL,
	    "build: refuses to send [ect01] (%s)", err);

	pdn_parse("[ce] P. 1:6(5) ack 1 tos 0x10 ttl 9 to 10.0.0.9:22 "
	    "payload \"hello\"", p, err, sizeof err);
	memset(&s, 0, sizeof s);
	is_int(pdn_to_seg(p, 100, 200, &s, err, sizeof err), 0,
	    "to_seg: ok");
	is_int(s.tos, 0x13, "to_seg: tos 0x10 with [ce]");
	is_int(s.ttl, 9, "to_seg: ttl");
	is_int(s.proto, IPPROTO_TCP_, "to_seg: TCP");
	is_int(s.dst.family, 4, "to_seg: destination family");
	ok(memcmp(s.dst.a, "\x0a\x00\x00\x09", 4) == 0,
	    "to_seg: destination address");
	is_int(s.th.dport, 22, "to_seg: destination port");
	is_int(s.len, 5, "to_seg: payload length");
	ok(s.data == p->payload && memcmp(s.data, "hello", 5) == 0,
	    "to_seg: payload borrowed from the spec");
	is_int(s.th.seq, 101, "to_seg: seq");
	is_int(s.th.flags, TH_PUSH | TH_ACK, "to_seg: flags");

	pdn_parse(". 1:1(0) <md5 0102030405060708090a0b0c0d0e0f10,FO 0a0b>",
	    p, err, sizeof err);
	memset(&th, 0, sizeof th);
	pdn_to_hdr(p, 0, 0, &th, err, sizeof err);
	ok(th.n_opt == 2 && th.opt[0].data == p->opt[0].bytes &&
	    th.opt[0].len == 18 && th.opt[1].data == p->opt[1].bytes &&
	    th.opt[1].len == 4, "build: blob data points into the spec");
	free(p);
}

/* Relative numbers near 2^32 wrap both ways. */
static void
test_wrap(void)
{
	struct pdn_spec	*p = malloc(sizeof *p);
	struct tcp_hdr	 th;
	struct seg	 s;
	char		 err[PDN_ERRLEN], buf[200];

	pdn_parse("P. 1:21(20) ack 1 <sack 5:10>", p, err, sizeof err);
	memset(&th, 0, sizeof th);
	pdn_to_hdr(p, 0xfffffff0, 0xffffffff, &th, err, sizeof err);
	is_int(th.seq, 0xfffffff1u, "wrap: seq below 2^32");
	is_int(th.ack, 0, "wrap: ack wraps to 0");
	is_int(th.opt[0].u.sack.blk[0].left, 4, "wrap: sack left wraps");
	is_int(th.opt[0].u.sack.blk[0].right, 9, "wrap: sack right wraps");

	pdn_parse("P. 100:120(20) ack 1", p, err, sizeof err);
	pdn_to_hdr(p, 0xfffffff0, 0, &th, err, sizeof err);
	is_int(th.seq, 0x54, "wrap: seq past 2^32");

	pdn_parse("--abs . 4294967290:4(10) ack 4294967295", p, err,
	    sizeof err);
	pdn_to_hdr(p, 12345, 6789, &th, err, sizeof err);
	is_int(th.seq, 4294967290u, "wrap: --abs ignores seq_base");
	is_int(th.ack, 4294967295u, "wrap: --abs ignores ack_base");

	seg_init(&s, TH_ACK | TH_PUSH, 0x0000000a, 0x00000005);
	s.len = 10;
	s.data = (const uint8_t *)"0123456789";
	pdn_format(&s, 0xfffffff0, 0xfffffffa, 0, buf, sizeof buf);
	is_str(buf, "P. 26:36(10) ack 11 win 64240",
	    "wrap: format relative across 2^32");
	match_one("P. 26:36(10) ack 11", &s, 0xfffffff0, 0xfffffffa, NULL);
	match_one("P. 26:36(10) ack 10", &s, 0xfffffff0, 0xfffffffa,
	    "ack 10 != 11");

	seg_init(&s, TH_ACK, 0xfffffffb, 0);
	s.len = 10;
	s.data = (const uint8_t *)"0123456789";
	pdn_format(&s, 0, 0, 0, buf, sizeof buf);
	is_str(buf, ". 4294967291:5(10) ack 0 win 64240",
	    "wrap: the end wraps past 2^32");
	round_trip(&s, 0, 0, "wrap round trip", NULL);
	round_trip(&s, 0xfffffffb, 3, "wrap round trip, relative",
	    ". 0:10(10) ack 4294967293 win 64240");
	free(p);
}

int
main(void)
{
	test_valid();
	test_bad();
	test_round_trips();
	test_codec_trip();
	test_format();
	test_match();
	test_build();
	test_wrap();
	diag("%zu valid lines, %zu malformed lines",
	    sizeof valid / sizeof valid[0], sizeof bad / sizeof bad[0]);
	return (done_testing());
}
