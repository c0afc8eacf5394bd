/*
 * core/pkt.h - parse a packetdrill script (.pkt) into a list of
 * statements, for running it against the engine in virtual time.  Pure:
 * no I/O, no globals; the script is a buffer and a file name for messages.
 *
 * Grammar (as the public collections write it; google/packetdrill's
 * gtests/net/tcp/ is the acceptance corpus):
 *
 *	script    := { option } { statement }
 *	option    := "--NAME" [ "=" VALUE ]	(before the first statement)
 *	statement := time action | "`shell`"	(a shell line needs no time)
 *	time      := "*" | T [ "~" T ] | "+" T [ "~" "+" T ]
 *	T         := seconds, "1", "0.25", ".005" (to the microsecond)
 *	action    := "<" packet | ">" packet	(to the end of the line)
 *	           | [ "..." T ] NAME "(" [ expr { "," expr } ] ")" "="
 *	             INT [ ERRNO ] [ "(" note ")" ]
 *	           | "`shell`" | "%{ code }%"
 *	expr      := term { "|" term }		(a list of flags)
 *	term      := INT | -INT | 0xHEX | NAME | "..." | "string" [ "..." ]
 *	           | NAME "(" [ args ] ")"	(htons(8080), msg_iov(1))
 *	           | "[" [ elem { "," elem } ] "]"	(array, pointer to value)
 *	           | "{" [ elem { "," elem } ] "}"	(struct literal)
 *	elem      := [ key "=" ] expr		(key: NAME or NAME "(" args ")")
 *
 * A packet is packetdrill's TCP notation, parsed by pdn_parse()
 * (core/pdn.h, which also takes tcpx's own extras such as payload "..."),
 * after replacing the words the caller defined with a value (-D
 * NAME=VALUE, as packetdrill).  The statement keeps the notation and
 * pkt_packet_spec() gives its spec again when needed: a struct pdn_spec
 * is 6 KB, too much to keep for each of up to a million packets.  ICMP
 * errors ("icmp unreachable [CODE] [mtu N] [[START:END(LEN)]]") have a
 * form of their own; UDP, encapsulated and tunnelled packets, IP fields in
 * "( )" and ports before the flags are refused as unsupported.
 *
 * A system call's ERRNO goes with a return value of -1; "...T" before the
 * name says the call blocks until T (relative like the start time when
 * that is "+T").  Words defined with a value stand for it in arguments
 * too (an integer, a "string" or a name).
 *
 * Comments are "//" to the end of the line and "/" "*" ... "*" "/" (over
 * lines too).  Lines starting with #ifdef NAME, #ifndef NAME, #else and
 * #endif keep or drop the lines between them, nested, with the names the
 * caller defines; what they drop is not parsed at all.
 *
 * A %{ }% block is Python in packetdrill; its simple forms are parsed
 * here: statements split by newlines and ";" ("#" comments, "\" joins
 * lines) each one of
 *	assert A OP B [OP C] [, message]	OP: == != < <= > >=
 *	NAME = A | NAME += A | NAME -= A	(a script variable)
 *	print(A)
 * where A is an integer, a NAME (a tcpi_* field, a constant such as
 * TCP_ESTABLISHED, or a variable) or "(A & B)".  Anything else marks the
 * block unsupported, with the reason; the text is always kept.
 *
 * Errors: pkt_parse() stops at the first one with one message,
 *	FILE:LINE: what was wrong near "TOKEN"
 * Every size is bounded (PKT_MAX_*: each limit has its own message) and
 * the work is linear in the size of the script.
 *
 * Memory: pkt_parse() returns a script owning everything it points to
 * (one arena); pkt_free() releases it all.  The caller's buffer and
 * defines are not kept.
 */
#ifndef TCPX_CORE_PKT_H
#define TCPX_CORE_PKT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/pdn.h"

#define PKT_MAX_BYTES	(32u << 20)	/* bytes in a script */
#define PKT_MAX_STMTS	(1u << 20)	/* statements in a script */
#define PKT_MAX_NODES	(1u << 21)	/* argument values in a script */
#define PKT_MAX_OPTIONS	256		/* --options */
#define PKT_MAX_DEFINES	256		/* names the caller defines */
#define PKT_MAX_IFDEPTH	32		/* #ifdef inside #ifdef */
#define PKT_MAX_DEPTH	16		/* [ { ( inside one another */
#define PKT_MAX_LIST	1024		/* elements in one list */
#define PKT_MAX_WORD	256		/* bytes in a name or number */
#define PKT_MAX_TEXT	65536		/* bytes in a string, note, shell line
					   or code block */
#define PKT_MAX_LINE	16384		/* bytes in a packet line */
#define PKT_MAX_CODE	1024		/* statements in a code block */
#define PKT_MAX_USECS	1000000000000LL	/* a time: 10^6 seconds */
#define PKT_ERRLEN	256		/* enough for any message */

/* How a statement's time was written. */
enum pkt_time_kind {
	PKT_TIME_NONE,		/* no time: a shell line (packetdrill has them
				   first and last; here anywhere) */
	PKT_TIME_ABS,		/* "1.5": since the start of the script */
	PKT_TIME_REL,		/* "+1.5": since the previous statement */
	PKT_TIME_ANY,		/* "*": whenever it happens */
};

/* A statement's time, and the end of its range when "~" gives one. */
struct pkt_time {
	enum pkt_time_kind	kind;
	int64_t			usecs;
	bool			has_end;	/* "T~T": usecs to end_usecs */
	int64_t			end_usecs;	/* as written: relative when
						   kind is PKT_TIME_REL */
};

enum pkt_kind {
	PKT_PACKET,
	PKT_SYSCALL,
	PKT_SHELL,
	PKT_CODE,
};

/* What kind of packet a packet line describes. */
enum pkt_packet_kind {
	PKT_PACKET_TCP,		/* text holds pdn notation */
	PKT_PACKET_ICMP,	/* an ICMP error about a TCP segment */
};

/* "< icmp unreachable frag_needed mtu 1400 [0:1440(1440)]". */
struct pkt_icmp {
	const char	*type;		/* "unreachable", "time_exceeded"... */
	const char	*code;		/* "frag_needed"..., or NULL */
	bool		 has_mtu;
	uint32_t	 mtu;
	bool		 has_seq;	/* the quoted segment's range */
	uint32_t	 seq, end, seqlen;
};

/*
 * A packet line: '<' comes to the engine from the remote peer, '>' is
 * what the engine must send.  For TCP, text is the notation pdn_parse()
 * accepted (defines replaced); pkt_packet_spec() gives the spec.
 */
struct pkt_packet {
	char			 dir;		/* '<' or '>' */
	enum pkt_packet_kind	 kind;
	const char		*text;
	const struct pkt_icmp	*icmp;		/* PKT_PACKET_ICMP */
};

enum pkt_expr_kind {
	PKT_EX_INT,		/* ival */
	PKT_EX_NAME,		/* text: SOCK_STREAM, NULL, POLLIN */
	PKT_EX_STRING,		/* text, len bytes (escapes decoded) */
	PKT_EX_ELLIPSIS,	/* "...": anything */
	PKT_EX_OR,		/* kids: A|B|C */
	PKT_EX_ARRAY,		/* kids: [A, B] */
	PKT_EX_STRUCT,		/* kids: {A, B} */
	PKT_EX_CALL,		/* text(kids): htons(8080) */
};

/* One node of a system call's argument tree. */
struct pkt_expr {
	enum pkt_expr_kind	 kind;
	bool			 more;	/* "string"...: a prefix */
	int64_t			 ival;
	const char		*text;
	size_t			 len;
	const struct pkt_expr	*key;	/* NAME or CALL before "=", or NULL */
	const struct pkt_expr	*kids;
	size_t			 nkids;
};

/* "NAME(args) = ret ERRNO (note)", maybe blocking until "...T". */
struct pkt_syscall {
	const char		*name;
	const struct pkt_expr	*args;
	size_t			 nargs;
	bool			 has_end;	/* "...T" before the name */
	int64_t			 end_usecs;	/* as written: relative when the
						   start time is */
	int64_t			 ret;
	const char		*errno_name;	/* "EAGAIN", or NULL */
	const char		*note;		/* text inside "( )", or NULL */
};

/* A code block's operand: a number, a name, or (a & mask). */
struct pkt_term {
	bool		 is_int;
	int64_t		 ival;
	const char	*name;
};

struct pkt_operand {
	struct pkt_term	 t;
	bool		 masked;	/* (t & mask) */
	struct pkt_term	 mask;
};

enum pkt_cmp {
	PKT_EQ, PKT_NE, PKT_LT, PKT_LE, PKT_GT, PKT_GE,
};

enum pkt_code_kind {
	PKT_C_ASSERT,	/* a[0] op[0] a[1] [op[1] a[2]] */
	PKT_C_SET,	/* var = a[0] */
	PKT_C_ADD,	/* var += a[0] */
	PKT_C_SUB,	/* var -= a[0] */
	PKT_C_PRINT,	/* print(a[0]) */
};

/* One simple statement of a code block. */
struct pkt_cstmt {
	enum pkt_code_kind	 kind;
	struct pkt_operand	 a[3];
	enum pkt_cmp		 op[2];
	int			 nops;		/* 1 or 2 comparisons */
	const char		*var;		/* assignments */
	const char		*msg;		/* assert's message, or NULL */
};

/* A %{ }% block: its text and, when simple, its statements. */
struct pkt_code {
	const char		*text;		/* trimmed, as written */
	bool			 supported;
	const char		*why;		/* when not supported */
	const struct pkt_cstmt	*stmts;
	size_t			 nstmts;
};

/* One statement of a script. */
struct pkt_stmt {
	int			 line;
	struct pkt_time		 time;
	enum pkt_kind		 kind;
	union {
		struct pkt_packet		 packet;
		const struct pkt_syscall	*syscall;
		const char			*shell;	/* between the backticks */
		const struct pkt_code		*code;
	} u;
};

/* "--name=value" ("--name" alone: value NULL). */
struct pkt_option {
	const char	*name;		/* without the dashes */
	const char	*value;
	int		 line;
};

struct pkt_arena;

/* A parsed script; pkt_free() releases it and all it points to. */
struct pkt_script {
	const char		*file;
	const struct pkt_option	*opts;
	size_t			 nopts;
	struct pkt_stmt		*stmts;
	size_t			 nstmts;
	struct pkt_arena	*arena;
};

/*
 * Parse len bytes of script named file.  defines holds ndefines strings
 * "NAME" or "NAME=VALUE" (-D): #ifdef sees the names, and words equal to
 * a NAME with a VALUE are replaced by it.  Returns the script (the caller
 * frees it with pkt_free()), or NULL with one message in err (errlen
 * bytes; PKT_ERRLEN is enough).
 */
struct pkt_script *pkt_parse(const char *buf, size_t len, const char *file,
		    const char *const *defines, size_t ndefines, char *err,
		    size_t errlen);

/* Free a script from pkt_parse() (NULL is fine). */
void		pkt_free(struct pkt_script *s);

/*
 * Fill spec with a TCP packet line's notation (pdn_parse() of p->text,
 * which succeeded when the script was parsed).  Returns 0, or -1 with a
 * message when p is not a TCP packet.
 */
int		pkt_packet_spec(const struct pkt_packet *p,
		    struct pdn_spec *spec, char *err, size_t errlen);

/* The element of a struct or array e whose key is name, or NULL. */
const struct pkt_expr *pkt_expr_field(const struct pkt_expr *e,
		    const char *name);

/* The name of a time kind, of a statement kind and of a comparison. */
const char	*pkt_time_kind_name(enum pkt_time_kind k);
const char	*pkt_kind_name(enum pkt_kind k);
const char	*pkt_cmp_name(enum pkt_cmp c);

#endif
