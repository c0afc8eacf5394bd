/*
 * cli/out.c - output to the user that keeps the readline prompt intact:
 * lines printed while the user is typing appear above the prompt, which is
 * then redrawn with the half-typed line.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <readline/readline.h>

#include "cli/session.h"

static int prompt_hidden;

/* Hide the prompt line (if one is shown) before output. */
void
say_begin(struct session *s)
{
	if (s->interactive && !s->in_wait && !prompt_hidden) {
		rl_clear_visible_line();
		prompt_hidden = 1;
	}
}

/*
 * Redraw the prompt after output.  Lines to a file or pipe wait in stdio's
 * buffer until the loop goes idle (loop_until() flushes before it sleeps),
 * so a flood of events costs no write per line.
 */
void
say_end(struct session *s)
{
	if (s->interactive)
		fflush(stdout);
	if (prompt_hidden) {
		prompt_hidden = 0;
		rl_on_new_line();
		rl_redisplay();
	}
}

/* Print a line for the user, keeping the prompt intact. */
void
say(struct session *s, const char *fmt, ...)
{
	va_list	ap;

	say_begin(s);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	say_end(s);
}

/* Print an error line: to stderr in batch mode, above the prompt otherwise. */
void
say_err(struct session *s, const char *fmt, ...)
{
	va_list	ap;
	FILE	*f = s->interactive ? stdout : stderr;

	say_begin(s);
	fflush(stdout);
	fputs("tcpx: ", f);
	if (s->script != NULL)
		fprintf(f, "%s:%d: ", s->script, s->lineno);
	va_start(ap, fmt);
	vfprintf(f, fmt, ap);
	va_end(ap);
	fputc('\n', f);
	fflush(f);
	say_end(s);
}

/* Show n received bytes as one escaped line after a label ("conn 1"). */
void
say_data(struct session *s, const char *label, const uint8_t *d, size_t n)
{
	char	text[512];
	size_t	i, o = 0, shown = n > 120 ? 120 : n;

	for (i = 0; i < shown && o < sizeof text - 8; i++) {
		uint8_t c = d[i];
		if (c == '\n')
			o += (size_t)snprintf(text + o, sizeof text - o, "\\n");
		else if (c == '\r')
			o += (size_t)snprintf(text + o, sizeof text - o, "\\r");
		else if (c == '\t')
			o += (size_t)snprintf(text + o, sizeof text - o, "\\t");
		else if (c == '"' || c == '\\')
			o += (size_t)snprintf(text + o, sizeof text - o, "\\%c", c);
		else if (c < 0x20 || c >= 0x7f)
			o += (size_t)snprintf(text + o, sizeof text - o,
			    "\\x%02x", c);
		else
			text[o++] = (char)c;
	}
	text[o] = '\0';
	say(s, "= %s: %zu bytes \"%s\"%s", label, n, text,
	    shown < n ? "..." : "");
}
