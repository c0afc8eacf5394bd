/*
 * cli/obs/rxsave.c - a file all of a connection's stream goes to as it
 * comes: written through a large stdio buffer, closed (and its size said)
 * when no more can come; a failed write says so once and ends it.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cli/obs/out.h"
#include "cli/obs/rxsave.h"
#include "core/xmalloc.h"

#define RXSAVE_BUF	(256 * 1024)	/* the file's stdio buffer */

struct rxsave {
	FILE		*f;
	char		*path;
	uint64_t	 written;	/* bytes in the file */
	int		 err;		/* a write failed: its errno */
};

/* Bytes go to f, opened on path and holding written bytes already. */
struct rxsave *
rxsave_new(FILE *f, const char *path, uint64_t written)
{
	struct rxsave	*sv = xcalloc(1, sizeof *sv);

	sv->f = f;
	sv->path = xstrdup(path);
	sv->written = written;
	setvbuf(f, NULL, _IOFBF, RXSAVE_BUF);
	return (sv);
}

/* Append n bytes; -1 when the write failed (rxsave_end says it). */
int
rxsave_write(struct rxsave *sv, const void *d, size_t n)
{
	if (fwrite(d, 1, n, sv->f) == n) {
		sv->written += n;
		return (0);
	}
	sv->err = errno != 0 ? errno : EIO;
	return (-1);
}

/* Close the file and say how many bytes it holds, or why it failed. */
void
rxsave_end(struct rxsave *sv, const char *label, const char *why)
{
	if (sv == NULL)
		return;
	if (fclose(sv->f) != 0 && sv->err == 0)
		sv->err = errno != 0 ? errno : EIO;
	if (sv->err != 0)
		say_err("save: %s: write error after %llu bytes received on "
		    "%s: %s", sv->path, (unsigned long long)sv->written,
		    label != NULL ? label : "no connection",
		    strerror(sv->err));
	else if (label == NULL)
		say("* save %s next: no connection came; the file is empty",
		    sv->path);
	else
		say("* saved %llu bytes received on %s to %s%s%s",
		    (unsigned long long)sv->written, label, sv->path,
		    why != NULL ? " " : "", why != NULL ? why : "");
	free(sv->path);
	free(sv);
}

/* The file's path. */
const char *
rxsave_path(const struct rxsave *sv)
{
	return (sv->path);
}
