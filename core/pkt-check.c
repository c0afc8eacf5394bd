/*
 * core/pkt-check.c - comparing what a system call did with what the
 * script says, the same for every target (core/pkt-run.h): the return
 * value and errno, getsockopt's value, poll's revents; and two runs of
 * one script compared line by line (--against both).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "core/pkt-run-int.h"

static const char *pr_errno_text(int e, char *buf, size_t len);
static const char *pr_diff_time(int64_t us, char *buf, size_t len);
static void	pr_diff_side(const struct pkt_seen *x, const char *name,
		    char *buf, size_t len);

/* The script's name for errno e, or "errno 95" for one it does not name. */
static const char *
pr_errno_text(int e, char *buf, size_t len)
{
	const char	*name = pr_errno_name(e);

	if (name != NULL)
		return (name);
	snprintf(buf, len, "errno %d", e);
	return (buf);
}

/* Compare a call's return value and errno with sc's. */
int
pkt_run_check_ret(struct pr *p, const struct pkt_syscall *sc, int64_t val,
    int err)
{
	char		 want[48], got[48], eb[32];
	const char	*wname = NULL;
	bool		 ok;

	if (sc->errno_name != NULL)
		wname = strcmp(sc->errno_name, "EWOULDBLOCK") == 0 ? "EAGAIN" :
		    sc->errno_name;
	ok = val == sc->ret && (wname == NULL) == (err == 0) &&
	    (wname == NULL || strcmp(pr_errno_text(err, eb, sizeof eb),
	    wname) == 0);
	snprintf(got, sizeof got, "%lld%s%s", (long long)val, err ? " " : "",
	    err ? pr_errno_text(err, eb, sizeof eb) : "");
	pr_seen(p, ok, -1, "returned %s", got);
	if (ok)
		return (0);
	snprintf(want, sizeof want, "%lld%s%s", (long long)sc->ret,
	    sc->errno_name ? " " : "", sc->errno_name ? sc->errno_name : "");
	return (pr_fail(p, "%s() = %s expected, got %s", sc->name, want, got));
}

/* Compare getsockopt's value with sc's 4th argument (unless "..."). */
int
pkt_run_check_optval(struct pr *p, const struct pkt_syscall *sc, int64_t got)
{
	int64_t	want;

	if (sc->nargs < 4 || sc->args[3].kind == PKT_EX_ELLIPSIS)
		return (0);
	if (pr_eval(p, &sc->args[3], &want) != 0)
		return (-1);
	pr_seen(p, want == got, -1, "gave the value %lld", (long long)got);
	if (want != got)
		return (pr_fail(p, "getsockopt(): value %lld expected, got "
		    "%lld", (long long)want, (long long)got));
	return (0);
}

/* Compare fd's poll revents with the script's rvx (unless absent or "..."). */
int
pkt_run_check_revents(struct pr *p, int64_t fd, const struct pkt_expr *rvx,
    int64_t got)
{
	int64_t	want;

	if (rvx == NULL || rvx->kind == PKT_EX_ELLIPSIS)
		return (0);
	if (pr_eval(p, rvx, &want) != 0)
		return (-1);
	pr_seen(p, want == got, -1, "gave fd %lld revents 0x%llx",
	    (long long)fd, (long long)got);
	if (want != got)
		return (pr_fail(p, "poll(): fd %lld revents 0x%llx expected, "
		    "got 0x%llx", (long long)fd, (long long)want,
		    (long long)got));
	return (0);
}

/* Print µs as "1.000200" into buf. */
static const char *
pr_diff_time(int64_t us, char *buf, size_t len)
{
	snprintf(buf, len, "%lld.%06lld", (long long)us / 1000000,
	    (long long)us % 1000000);
	return (buf);
}

/* One side of a difference: "sent \"> ...\" at 0.100000 (as expected)". */
static void
pr_diff_side(const struct pkt_seen *x, const char *name, char *buf,
    size_t len)
{
	char	t[32];

	snprintf(buf, len, "%s %s%s%s%s", name, x->what, x->at >= 0 ?
	    " at " : "", x->at >= 0 ? pr_diff_time(x->at, t, sizeof t) : "",
	    x->ok ? " (as the script expects)" : "");
}

/*
 * Compare runs a and b of one script line by line: a line differs when
 * one side did what the script says and the other did not, or both
 * did otherwise in different ways.  Where both did as the script says
 * (a window or option the script leaves open may differ) it does not.
 */
size_t
pkt_run_diff(const struct pkt_result *a, const char *an,
    const struct pkt_result *b, const char *bn,
    void (*fn)(void *arg, const char *text), void *arg)
{
	const struct pkt_seen	*x, *y;
	size_t			 i = 0, j = 0, na, nb, n = 0;
	char			 text[2 * PKT_RUN_SEENLEN + 192];
	char			 sa[PKT_RUN_SEENLEN + 80], sb[PKT_RUN_SEENLEN + 80];

	na = a->nseen < PKT_RUN_MAXSEEN ? a->nseen : PKT_RUN_MAXSEEN;
	nb = b->nseen < PKT_RUN_MAXSEEN ? b->nseen : PKT_RUN_MAXSEEN;
	while (i < na && j < nb) {
		x = &a->seen[i];
		y = &b->seen[j];
		/* A line only one side reached is told by its verdict. */
		if (x->line != y->line) {
			if (x->line < y->line)
				i++;
			else
				j++;
			continue;
		}
		i++;
		j++;
		if ((x->ok && y->ok) || (!x->ok && !y->ok &&
		    strcmp(x->what, y->what) == 0))
			continue;
		pr_diff_side(x, an, sa, sizeof sa);
		pr_diff_side(y, bn, sb, sizeof sb);
		snprintf(text, sizeof text, "line %d: %s, %s", x->line, sa, sb);
		fn(arg, text);
		n++;
	}
	return (n);
}
