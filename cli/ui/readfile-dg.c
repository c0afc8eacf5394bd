/*
 * cli/ui/readfile-dg.c - tcpx -r FILE --diagram[=text]: the sequence
 * diagram of a pcap or pcapng file, as text (the same rows the view
 * paints) or full-screen.
 */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "cli/diagram/diagram.h"
#include "cli/tcpx.h"
#include "cli/ui/view.h"

/* Show the diagram of conversation conv (0: all) of path, as text or curses. */
int
readfile_diagram(const char *path, const struct dg_opts *o, unsigned conv,
    int curses)
{
	struct dg	*d = NULL;
	char		*cause = NULL;
	int		 rc;

	if (!curses)
		rc = dg_file_text(path, o, conv, stdout, &cause);
	else
		d = dg_file_load(path, conv, &rc, &cause);
	if (cause != NULL) {
		fprintf(stderr, "tcpx: %s\n", cause);
		free(cause);
	}
	if (d == NULL)
		return (rc);
	if (!isatty(STDOUT_FILENO) || !isatty(STDIN_FILENO)) {
		fprintf(stderr, "tcpx: --diagram needs a terminal; use "
		    "--diagram=text for files and pipes\n");
		rc = EXIT_USAGE;
	} else if (view_run(d, o, conv) != 0) {
		fprintf(stderr, "tcpx: %s: no TCP conversation to show\n", path);
		rc = EXIT_WAIT;
	}
	dg_free(d);
	return (rc);
}
