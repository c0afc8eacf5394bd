/*
 * core/pkt-shell-int.h - what the shell lines' reader (core/pkt-shell.c)
 * shares with its socket commands (core/pkt-shell-sock.c).
 */
#ifndef TCPX_CORE_PKT_SHELL_INT_H
#define TCPX_CORE_PKT_SHELL_INT_H

#include "core/pkt-run-int.h"

#define SH_MAXWORDS	64
#define SH_WORDBUF	2048

enum sh_status {
	SH_DONE,	/* carried out, or not needed here */
	SH_SKIP,	/* not carried out: why says so */
	SH_FAIL,	/* the run ended (a check failed, a bad value) */
};

/* One command's words, after quotes and expansions. */
struct sh_cmd {
	char	*argv[SH_MAXWORDS];
	int	 argc;
	char	*out;		/* "> FILE" other than /dev/null, or NULL */
	char	 buf[SH_WORDBUF];
	size_t	 used;
};

/* s past blanks. */
const char	*sh_blank(const char *s);

/* Add "what" to the reasons in why ("; " between), cut to fit. */
void		 sh_why(char *why, size_t whylen, const char *what);

/* Split a command's text into words in c; 0, or -1 with why. */
int		 sh_words(const char *s, struct sh_cmd *c, char *why,
		    size_t whylen);

/* Take redirections out of c's words ("> FILE" into c->out); 0, or -1. */
int		 sh_redirs(struct sh_cmd *c, char *why, size_t whylen);

/* grep " ST " /proc/net/tcp... [| grep ":PORT"] (nc commands in c). */
enum sh_status	 sh_grep(struct pr *p, struct sh_cmd *c, int nc, char *why,
		    size_t whylen);

/* ss [-K] ... state STATE: a listing changes nothing; -K kills. */
enum sh_status	 sh_ss_kill(struct pr *p, struct sh_cmd *c, char *why,
		    size_t whylen);

/* test|[ $(ss ... state STATE | wc -l) -OP N ]. */
enum sh_status	 sh_test(struct pr *p, struct sh_cmd *c, char *why,
		    size_t whylen);

#endif
