/*
 * cli/obs/out.c - lines for the user that keep the front end's prompt
 * intact: it is taken down before a line and redrawn after it with the
 * half-typed text.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "cli/obs/out.h"

static struct out_hooks	 out_hooks;
static int		 out_interactive;
static int		 out_shared;	/* others write to our stdout too */
static int		 out_hidden;	/* the prompt is down */
static const char	*out_file;	/* the script errors come from */
static int		 out_line;

/* Install the front end's hooks; errors go to stdout when interactive. */
void
out_set_hooks(const struct out_hooks *h, int interactive)
{
	memset(&out_hooks, 0, sizeof out_hooks);
	if (h != NULL)
		out_hooks = *h;
	out_interactive = interactive;
}

/* Name the script and line that errors come from. */
void
out_where(const char *file, int line)
{
	out_file = file;
	out_line = line;
}

/*
 * Whether another process (a `lab exec` child) writes to our stdout now:
 * then each line is written whole as it is said, so that a line of ours
 * never lands in the middle of one of theirs (a flush of a full stdio
 * buffer stops wherever the buffer ends).
 */
void
out_share(int on)
{
	if (on)
		out_shared++;
	else if (out_shared > 0)
		out_shared--;
	fflush(stdout);
}

/* Take the prompt down (if one is shown) before output. */
void
say_begin(void)
{
	if (!out_hidden && out_hooks.begin != NULL) {
		out_hooks.begin(out_hooks.arg);
		out_hidden = 1;
	}
}

/*
 * Put the prompt back after output.  Lines to a file or pipe wait in
 * stdio's buffer until the loop goes idle (it flushes before it sleeps),
 * so a flood of events costs no write per line.
 */
void
say_end(void)
{
	if (out_interactive || out_shared)
		fflush(stdout);
	if (out_hidden) {
		out_hidden = 0;
		if (out_hooks.end != NULL)
			out_hooks.end(out_hooks.arg);
	}
}

/* Print a line for the user, keeping the prompt intact. */
void
say(const char *fmt, ...)
{
	va_list	ap;

	say_begin();
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	say_end();
}

/* Print an error line: to stderr in a batch, above the prompt otherwise. */
void
say_err(const char *fmt, ...)
{
	va_list	ap;
	FILE	*f = out_interactive ? stdout : stderr;

	say_begin();
	fflush(stdout);
	fputs("tcpx: ", f);
	if (out_file != NULL)
		fprintf(f, "%s:%d: ", out_file, out_line);
	va_start(ap, fmt);
	vfprintf(f, fmt, ap);
	va_end(ap);
	fputc('\n', f);
	fflush(f);
	say_end();
}

/* Show n bytes as one escaped line after a label ("c1"). */
void
say_data(const char *label, const uint8_t *d, size_t n)
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
	say("= %s: %zu bytes \"%s\"%s", label, n, text, shown < n ? "..." : "");
}
