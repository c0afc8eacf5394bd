/*
 * cli/diagram/diagram-file.c - the diagram of a pcap or pcapng file: every
 * frame run through the model, the tracker's timers run to the end, and
 * (for text) the rows written out.  A pcapng packet's comment (tcpx's
 * explanation of why it was sent, or anyone's) is a note "# COMMENT" under
 * its arrow, after the tracker's own notes.
 */
#include <stdio.h>
#include <stdlib.h>

#include "capture/cap.h"
#include "cli/diagram/diagram.h"
#include "core/wire.h"
#include "core/xmalloc.h"

/* Decode one frame and record it in the diagram. */
static void
dg_file_frame(void *arg, const struct cap_frame *f)
{
	struct pkt	p;
	unsigned	conv;

	(void)wire_decode(&p, f->dlt, f->data, f->caplen, f->len);
	conv = dg_add(arg, &p, &f->ts, DG_DIR_UNKNOWN);
	if (conv != 0 && f->comment != NULL && *f->comment != '\0')
		dg_comment_last(arg, conv, f->comment);
}

/* The diagram of the file at path, with conversation conv in it. */
struct dg *
dg_file_load(const char *path, unsigned conv, int *rc, char **cause)
{
	struct dg	*d;
	struct cap	*c;
	char		*why = NULL;

	*rc = 0;
	*cause = NULL;
	if ((c = cap_open_file(path, &why)) == NULL) {
		*cause = xasprintf("%s: %s", path, why);
		free(why);
		*rc = 2;
		return (NULL);
	}
	d = dg_new();
	if (cap_dispatch(c, dg_file_frame, d, &why) == -1) {
		*cause = xasprintf("%s: %s", path, why);
		free(why);
		*rc = 1;	/* what came before the fault is shown */
	}
	cap_close(c);
	dg_finish(d, DG_FLUSH);
	if (conv != 0 && dg_items(d, conv, &(size_t){ 0 }) == NULL) {
		free(*cause);
		*cause = xasprintf("%s: no TCP conversation %u", path, conv);
		dg_free(d);
		*rc = 2;
		return (NULL);
	}
	return (d);
}

/* Write the diagram of the file at path as text to out. */
int
dg_file_text(const char *path, const struct dg_opts *o, unsigned conv,
    FILE *out, char **cause)
{
	struct dg	*d;
	int		 rc;

	if ((d = dg_file_load(path, conv, &rc, cause)) == NULL)
		return (rc);
	if (dg_text(d, conv, o, out) != 0 || fflush(out) != 0) {
		free(*cause);
		*cause = xstrdup("write error on standard output");
		rc = 1;
	}
	dg_free(d);
	return (rc);
}
