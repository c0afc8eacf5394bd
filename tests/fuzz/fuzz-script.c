/*
 * tests/fuzz/fuzz-script.c - libFuzzer target for -f scripts: the input is
 * a script file, read by the batch reader exactly as `tcpx -f FILE` reads
 * it (cli/ui/batch.c: through the session's loop, a line at a time while
 * the queue is idle; backslash continuations, comments, ';' lists, NUL
 * bytes and over-long lines refused) and run in an offline session through
 * the command queue, stopping at the first failure.  Time skips ahead while
 * a command waits (sleep, wait, expect, a connect waiting for ARP), so
 * waits end; an input gets at most FS_TURNS turns of the loop, then is
 * interrupted as Ctrl-C does.
 *
 * The commands are the real table less those that touch files, processes
 * or interfaces (sendfile, save, capture, lab, lesson, measure, flood,
 * diagram, pkt); any argument with an '@' (send @FILE, udp send @FILE) is
 * refused before the command sees it.  The script lives in a memfd, so
 * nothing is written to disk.  Run with -close_fd_mask=3 to keep the
 * commands' output quiet.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "cli/cmd/cmd-table.h"
#include "cli/cmd/cmdq.h"
#include "cli/cmd/cmd-pkt.h"
#include "cli/cmd/lesson.h"
#include "cli/obs/obs.h"
#include "cli/run/clock.h"
#include "cli/run/loop.h"
#include "cli/run/session.h"
#include "cli/ui/ui.h"

int	LLVMFuzzerInitialize(int *, char ***);
int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

#define FS_TURNS	400		/* turns of the loop per input, at most */
#define FS_MAXCMDS	128		/* commands in the table, at most */

static struct cmd_entry	 fs_entries[FS_MAXCMDS];
static const struct cmd_entry *fs_table[FS_MAXCMDS + 1];
static int		 fs_fd = -1;	/* the memfd the script is written to */
static char		 fs_path[64];	/* /proc/self/fd/N: what batch_start opens */

/* Whether the command may run here: nothing outside the process. */
static int
fs_allowed(const struct cmd_entry *ce)
{
	static const char *const deny[] = { "sendfile", "save", "capture",
	    "lab", "lesson", "measure", "flood", "diagram", "pkt", NULL };
	const char *const	*d;

	for (d = deny; *d != NULL; d++) {
		if (strcmp(ce->name, *d) == 0)
			return (0);
	}
	return (1);
}

/* Every command's exec here: refuse an '@' argument, else run the real one. */
static enum cmd_status
fs_exec(struct cmd_ctx *c, int argc, char **argv)
{
	const struct cmd_entry *const	*ce;
	int				 i;

	for (i = 1; i < argc; i++) {
		if (strchr(argv[i], '@') != NULL)
			return (CMD_USAGE);	/* @FILE: a file read */
	}
	for (ce = cmd_table; *ce != NULL; ce++) {
		if (strcmp((*ce)->name, argv[0]) == 0)
			return ((*ce)->exec(c, argc, argv));
	}
	abort();	/* argv[0] is the name of an entry of ours */
}

/* Make the table and the memfd once. */
int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const struct cmd_entry *const	*ce;
	int				 n = 0;

	(void)argc;
	(void)argv;
	for (ce = cmd_table; *ce != NULL; ce++) {
		if (!fs_allowed(*ce))
			continue;
		if (n == FS_MAXCMDS)
			abort();
		fs_entries[n] = **ce;
		fs_entries[n].exec = fs_exec;
		fs_table[n] = &fs_entries[n];
		n++;
	}
	fs_table[n] = NULL;
	if ((fs_fd = memfd_create("fuzz-script", MFD_CLOEXEC)) == -1)
		abort();
	snprintf(fs_path, sizeof fs_path, "/proc/self/fd/%d", fs_fd);
	return (0);
}

/* A command ended: the batch goes on or stops, as front.c has it. */
static void
fs_done(void *arg, enum cmd_status rc)
{
	batch_next(arg, rc);
}

/* One script through the batch reader of a fresh offline session. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct session_opts	 so = { .offline = 1 };
	struct obs_opts		 oo = { .quiet = 0 };
	struct ui		 u;
	char			*cause = NULL;
	int			 turns = 0;

	if (size > 65536 * 3)
		return (0);
	if (ftruncate(fs_fd, 0) != 0 ||
	    pwrite(fs_fd, data, size, 0) != (ssize_t)size)
		abort();
	memset(&u, 0, sizeof u);
	if ((u.s = session_new(&so, &cause)) == NULL)
		abort();	/* offline needs nothing that can fail */
	u.o = obs_new(u.s, &oo);
	u.ctx.s = u.s;
	u.ctx.o = u.o;
	u.ctx.table = fs_table;
	u.q = cmdq_new(&u.ctx);
	cmdq_on_done(u.q, fs_done, &u);
	if (batch_start(&u, NULL, fs_path) != 0)
		abort();	/* the memfd is there */
	while (!u.s->quit && turns++ < FS_TURNS) {
		loop_once(u.s, now_us());
		if (cmdq_waiting(u.q))
			clock_skip(250000);	/* a wait: time runs on */
	}
	if (!u.s->quit)
		cmdq_interrupt(u.q);
	cmdq_free(u.q);
	lesson_state_free(u.ctx.lessons);	/* what front_run frees */
	measures_free(u.ctx.measures);	/* `report` makes it */
	pkt_state_free(u.ctx.pkt);
	batch_stop(&u);
	obs_free(u.o);
	session_free(u.s);
	clock_unskip();	/* the next input starts from the real time */
	return (0);
}
