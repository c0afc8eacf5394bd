/*
 * cli/ui/pktrun-junit.c - `tcpx --pkt --junit FILE`: the scripts' verdicts
 * as JUnit XML, the de-facto schema Jenkins and GitLab read: one
 * <testsuites> holding one <testsuite> with the counts and the time, a
 * <testcase> per script (classname: its directory with dots for slashes,
 * name: its file name, time: seconds it took), <failure message=...> or
 * <skipped message=...> by its verdict, and <system-out> listing the lines
 * it skipped.  Text is escaped for XML 1.0: markup characters as entities,
 * control characters and bytes that are not UTF-8 as U+FFFD.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/ui/pktrun.h"
#include "core/utf8.h"
#include "core/xmalloc.h"

struct pktrun_junit {
	char		*path;
	FILE		*f;		/* the file, open from the start */
	FILE		*cases;		/* the testcases, in memory */
	char		*buf;
	size_t		 len;
	int		 tests, failures, skipped;
	double		 secs;
	char		 stamp[32];	/* when the run began, UTC */
};

/* Write s to f escaped for XML (attr: inside a "quoted" attribute). */
static void
junit_esc(FILE *f, const char *s, int attr)
{
	uint32_t	cp;
	size_t		n;

	while (*s != '\0') {
		n = utf8_next(s, &cp);
		switch (cp) {
		case '&':
			fputs("&amp;", f);
			break;
		case '<':
			fputs("&lt;", f);
			break;
		case '>':
			fputs("&gt;", f);
			break;
		case '"':
			fputs(attr ? "&quot;" : "\"", f);
			break;
		case '\n':
		case '\t':
		case '\r':
			if (attr)	/* kept, not normalised to a blank */
				fprintf(f, "&#%u;", (unsigned)cp);
			else
				fputc((int)cp, f);
			break;
		default:
			/* XML 1.0 has no place for these (§2.2). */
			if (cp < 0x20 || cp == 0xfffe || cp == 0xffff ||
			    (cp >= 0xd800 && cp <= 0xdfff) || (cp == 0xfffd &&
			    n == 1))
				fputs("\xef\xbf\xbd", f);
			else
				fwrite(s, 1, n, f);
			break;
		}
		s += n;
	}
}

/* Open path for the report (it is written by pktrun_junit_close()); NULL with a message. */
struct pktrun_junit *
pktrun_junit_open(const char *path)
{
	struct pktrun_junit	*j;
	struct tm		 tm;
	time_t			 now = time(NULL);
	FILE			*f;

	if ((f = fopen(path, "w")) == NULL) {
		fprintf(stderr, "tcpx: --junit %s: %s\n", path,
		    strerror(errno));
		return (NULL);
	}
	j = xcalloc(1, sizeof *j);
	j->path = xstrdup(path);
	j->f = f;
	if ((j->cases = open_memstream(&j->buf, &j->len)) == NULL) {
		fprintf(stderr, "tcpx: --junit: %s\n", strerror(errno));
		exit(EXIT_FAILURE);
	}
	gmtime_r(&now, &tm);
	strftime(j->stamp, sizeof j->stamp, "%Y-%m-%dT%H:%M:%S", &tm);
	return (j);
}

/* Add script path's result r, run in secs seconds. */
void
pktrun_junit_add(struct pktrun_junit *j, const char *path,
    const struct pkt_result *r, double secs)
{
	const char	*base = strrchr(path, '/');
	char		*dir, *p;
	size_t		 i;

	j->tests++;
	j->secs += secs;
	/* classname: the directory, leading "/", "./" and "../" dropped, dots for slashes. */
	dir = base == NULL ? xstrdup("") : xstrdup(path);
	if (base != NULL)
		dir[base - path] = '\0';
	p = dir;
	while (*p == '/' || strncmp(p, "./", 2) == 0 ||
	    strncmp(p, "../", 3) == 0)
		p += *p == '/' ? 1 : p[1] == '/' ? 2 : 3;
	for (i = 0; p[i] != '\0'; i++)
		if (p[i] == '/')
			p[i] = '.';
	fputs("    <testcase classname=\"", j->cases);
	junit_esc(j->cases, *p == '\0' || strcmp(p, ".") == 0 ||
	    strcmp(p, "..") == 0 ? "pkt" : p, 1);
	free(dir);
	fputs("\" name=\"", j->cases);
	junit_esc(j->cases, base != NULL ? base + 1 : path, 1);
	fprintf(j->cases, "\" time=\"%.6f\">\n", secs);
	if (r->verdict == PKT_FAIL) {
		j->failures++;
		fputs("      <failure type=\"failure\" message=\"", j->cases);
		junit_esc(j->cases, r->msg, 1);
		fputs("\">", j->cases);
		junit_esc(j->cases, r->msg, 0);
		fputs("</failure>\n", j->cases);
	} else if (r->verdict == PKT_SKIP) {
		j->skipped++;
		fputs("      <skipped message=\"", j->cases);
		junit_esc(j->cases, r->msg, 1);
		fputs("\"/>\n", j->cases);
	}
	if (r->nskipped > 0) {
		fprintf(j->cases, "      <system-out>ran with %zu skipped "
		    "line%s\n", r->nskipped, r->nskipped == 1 ? "" : "s");
		for (i = 0; i < r->nskipped && i < PKT_RUN_MAXSKIP; i++) {
			junit_esc(j->cases, path, 0);
			fprintf(j->cases, ":%d: skipped: ", r->skip[i].line);
			junit_esc(j->cases, r->skip[i].why, 0);
			fputc('\n', j->cases);
		}
		if (r->nskipped > PKT_RUN_MAXSKIP)
			fprintf(j->cases, "... and %zu more skipped lines\n",
			    r->nskipped - PKT_RUN_MAXSKIP);
		fputs("</system-out>\n", j->cases);
	}
	fputs("    </testcase>\n", j->cases);
}

/* Write the report and free j; 0, or -1 with a message. */
int
pktrun_junit_close(struct pktrun_junit *j)
{
	FILE	*f = j->f;
	int	 rc = 0, i;

	fclose(j->cases);
	fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", f);
	for (i = 0; i < 2; i++)
		fprintf(f, "%s<%s name=\"tcpx --pkt\" tests=\"%d\" "
		    "failures=\"%d\" errors=\"0\" skipped=\"%d\" "
		    "time=\"%.6f\"%s%s%s>\n", i == 0 ? "" : "  ",
		    i == 0 ? "testsuites" : "testsuite", j->tests, j->failures,
		    j->skipped, j->secs, i == 0 ? "" : " timestamp=\"",
		    i == 0 ? "" : j->stamp, i == 0 ? "" : "\"");
	fwrite(j->buf, 1, j->len, f);
	fputs("  </testsuite>\n</testsuites>\n", f);
	if (ferror(f) | fclose(f)) {
		fprintf(stderr, "tcpx: --junit %s: write error\n", j->path);
		rc = -1;
	}
	free(j->buf);
	free(j->path);
	free(j);
	return (rc);
}
