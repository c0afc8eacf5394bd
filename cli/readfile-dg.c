/*
 * cli/readfile-dg.c - tcpx -r FILE --diagram=text: the sequence diagram of
 * every TCP conversation in a pcap or pcapng file, as plain text.
 *
 * Exit status as tcpx -r: 0 when the whole file was read, 1 when it is
 * truncated part-way or a write failed, 2 when it cannot be opened or
 * the conversation asked for is not in it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "capture/cap.h"
#include "cli/diagram/diagram.h"
#include "cli/print/readfile.h"
#include "cli/tcpx.h"
#include "cli/view.h"
#include "core/wire.h"

static void	readfile_dg_frame(void *, const struct cap_frame *);

/* Decode one frame and record it in the diagram. */
static void
readfile_dg_frame(void *arg, const struct cap_frame *f)
{
	struct pkt	p;

	(void)wire_decode(&p, f->dlt, f->data, f->caplen, f->len);
	dg_add(arg, &p, &f->ts, DG_DIR_UNKNOWN);
}

/* Show the diagram of conversation conv (0: all) of path, as text or curses. */
int
readfile_diagram(const char *path, const struct dg_opts *o, unsigned conv,
    int curses)
{
	struct dg	*d;
	struct cap	*c;
	char		*cause = NULL;
	int		 rc = EXIT_OK;

	if ((c = readfile_open(path)) == NULL)
		return (EXIT_USAGE);
	d = dg_new();
	if (cap_dispatch(c, readfile_dg_frame, d, &cause) == -1) {
		fprintf(stderr, "tcpx: %s: %s\n", path, cause);
		free(cause);
		rc = 1;
	}
	dg_finish(d, DG_FLUSH);
	if (conv != 0 && dg_items(d, conv, &(size_t){ 0 }) == NULL) {
		fprintf(stderr, "tcpx: %s: no TCP conversation %u\n", path,
		    conv);
		rc = EXIT_USAGE;
	} else if (curses) {
		if (!isatty(STDOUT_FILENO) || !isatty(STDIN_FILENO)) {
			fprintf(stderr, "tcpx: --diagram needs a terminal; "
			    "use --diagram=text for files and pipes\n");
			rc = EXIT_USAGE;
		} else if (view_run(d, o, conv) != 0) {
			fprintf(stderr, "tcpx: %s: no TCP conversation to show\n",
			    path);
			rc = 1;
		}
	} else if (dg_text(d, conv, o, stdout) != 0 || fflush(stdout) != 0) {
		fprintf(stderr, "tcpx: write error on standard output\n");
		rc = 1;
	}
	dg_free(d);
	cap_close(c);
	return (rc);
}
