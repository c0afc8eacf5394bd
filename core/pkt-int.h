/*
 * core/pkt-int.h - what the packetdrill script parser's files share: the
 * arena the script lives in, the parser's state, the lexer (tokens,
 * comments, #ifdef, defines) and the parsers of each kind of statement.
 */
#ifndef TCPX_CORE_PKT_INT_H
#define TCPX_CORE_PKT_INT_H

#include "core/pkt.h"

enum pkt_tok_type {
	TK_ERR = -1,
	TK_EOF,
	TK_NUM,		/* 12, 0.5, .5, 0x1f */
	TK_WORD,	/* [A-Za-z0-9_]+ that is not a number */
	TK_STRING,	/* "..." with its quotes */
	TK_SHELL,	/* `...` with its backticks */
	TK_CODE,	/* %{ ... }% with its marks */
	TK_OPTION,	/* --name */
	TK_ELLIPSIS,	/* ... */
	TK_PUNCT,	/* one character: ch */
};

/* A token: where it is in the script and on which line it starts. */
struct pkt_tok {
	enum pkt_tok_type	 type;
	const char		*p;
	size_t			 n;
	int			 line;
	char			 ch;
};

/* One open #ifdef. */
struct pkt_if {
	int		 line;
	const char	*p;		/* the directive, for messages */
	size_t		 n;
	bool		 parent;	/* the lines around it are kept */
	bool		 cond;		/* its test held */
	bool		 in_else;
};

/* A -D define: a name and maybe a value. */
struct pkt_define {
	const char	*name;
	size_t		 n;
	const char	*value;		/* NULL: a name only */
	size_t		 vn;
	struct pkt_expr	 node;		/* the value as an argument */
};

/* The parser's state over one script. */
struct pkt_ctx {
	const char		*file;
	const char		*s;		/* the script, NUL-terminated */
	size_t			 len;
	size_t			 pos;
	int			 line;
	bool			 bol;		/* only blanks since the newline */
	struct pkt_tok		 tok;		/* the token looked at */
	bool			 have_tok;

	struct pkt_if		 ifs[PKT_MAX_IFDEPTH];
	int			 nifs;
	struct pkt_define	 defs[PKT_MAX_DEFINES];
	size_t			 ndefs;

	struct pkt_arena	*arena;
	struct pkt_script	*script;
	size_t			 cap_stmts;
	size_t			 nodes;		/* expression nodes made */
	struct pkt_expr		*stk;		/* lists being built */
	size_t			 nstk, cap_stk;
	int			 depth;		/* brackets open */
	size_t			 grown;		/* bytes defines added to packets */
	struct pdn_spec		*spec;		/* scratch for pdn_parse() */

	char			*err;
	size_t			 errlen;
	bool			 failed;	/* the first message stays */
};

/* Arena: memory freed all at once. */
struct pkt_arena *pkt_arena_new(void);
void		*pkt_alloc(struct pkt_arena *a, size_t n);
char		*pkt_strndup(struct pkt_arena *a, const char *p, size_t n);
void		 pkt_arena_free(struct pkt_arena *a);

/*
 * Write "FILE:LINE: message near "TOKEN"" into the error buffer (the
 * token is n bytes at p; p NULL: at the end of the file).  Returns -1.
 */
int	pkt_err_at(struct pkt_ctx *c, int line, const char *p, size_t n,
	    const char *fmt, ...) __attribute__((format(printf, 5, 6)));

/* pkt_err_at() near token t. */
int	pkt_err(struct pkt_ctx *c, const struct pkt_tok *t, const char *fmt,
	    ...) __attribute__((format(printf, 3, 4)));

/* The token at the current position, without taking it; NULL on error. */
const struct pkt_tok *pkt_peek(struct pkt_ctx *c);

/* Take the current token into *t; returns its type (TK_ERR on error). */
int	pkt_next(struct pkt_ctx *c, struct pkt_tok *t);

/* Whether t is the one character ch. */
bool	pkt_is(const struct pkt_tok *t, char ch);

/*
 * Read the rest of the current line raw, up to a comment or the end of
 * the line (a "..." string may hold "//"), blanks trimmed; the lexer then
 * goes on from there.  No token may be looked at.  Returns 0 or -1.
 */
int	pkt_rest_of_line(struct pkt_ctx *c, const char **p, size_t *n);

/* The define called name (n bytes) when it has a value, else NULL. */
const struct pkt_define *pkt_define_value(const struct pkt_ctx *c,
	    const char *name, size_t n);

/* Make e the argument a define's value (n bytes at v) stands for. */
void	pkt_define_node(struct pkt_ctx *c, const char *v, size_t n,
	    struct pkt_expr *e);


/* After the time: parse a system call (maybe "...T" first) into st. */
int	pkt_parse_syscall(struct pkt_ctx *c, struct pkt_stmt *st);

/* Parse the %{ }% block of token t into a struct pkt_code. */
int	pkt_parse_code(struct pkt_ctx *c, const struct pkt_tok *t,
	    struct pkt_code **out);

/* After the direction token dir: parse a packet line into st. */
int	pkt_parse_packet(struct pkt_ctx *c, struct pkt_stmt *st,
	    const struct pkt_tok *dir);

/* Parse a time T from token t into *usecs. */
int	pkt_parse_secs(struct pkt_ctx *c, const struct pkt_tok *t,
	    int64_t *usecs);

#endif
