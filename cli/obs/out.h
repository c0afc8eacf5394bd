/*
 * cli/obs/out.h - lines for the user.  Output goes to stdout, errors to
 * stderr in a batch and above the prompt otherwise; the front end lends
 * hooks that take its prompt down before a line and put it back after, so
 * a line printed while the user types never tears the prompt.
 */
#ifndef TCPX_CLI_OBS_OUT_H
#define TCPX_CLI_OBS_OUT_H

#include <stddef.h>
#include <stdint.h>

/* What the front end does around a line: take its prompt down, put it back. */
struct out_hooks {
	void	(*begin)(void *arg);
	void	(*end)(void *arg);
	void	 *arg;
};

/* Install the front end's hooks (NULL: none); errors go to stdout when interactive. */
void		 out_set_hooks(const struct out_hooks *h, int interactive);

/* Name the script and line that errors come from (file NULL: none). */
void		 out_where(const char *file, int line);

/* Print a line for the user, keeping the prompt intact. */
void		 say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Print an error line "tcpx: [FILE:LINE: ]...": to stderr in a batch. */
void		 say_err(const char *fmt, ...)
		    __attribute__((format(printf, 1, 2)));

/* Show n bytes of data, escaped, after a label such as "c1". */
void		 say_data(const char *label, const uint8_t *d, size_t n);

/* Bracket output written straight to stdout (e.g. by a child process). */
void		 say_begin(void);
/* Another process writes to our stdout (on) or no longer does (off). */
void		 out_share(int on);
void		 say_end(void);

#endif
