/*
 * cli/cmd/cmd-script.c - what scripts need besides waits: `sleep` (the
 * session's loop keeps running, so packets are answered meanwhile) and
 * `echo`.
 */
#include <stdlib.h>
#include <string.h>

#include "cli/cmd/cmd.h"
#include "cli/obs/out.h"
#include "cli/run/clock.h"
#include "core/tcp.h"

static enum cmd_status cmd_sleep(struct cmd_ctx *, int, char **);
static enum cmd_status cmd_echo(struct cmd_ctx *, int, char **);

const struct cmd_entry cmd_sleep_entry = {
	.name = "sleep",
	.usage = "DURATION",
	.min_args = 1,
	.max_args = 1,
	.help = "let time pass (200ms, 2s...) while tcpx keeps answering the peer",
	.exec = cmd_sleep,
};

const struct cmd_entry cmd_echo_entry = {
	.name = "echo",
	.usage = "TEXT",
	.max_args = 1,
	.raw = 1,
	.help = "print TEXT (escapes work): comments a script's output",
	.exec = cmd_echo,
};

/* Never done: sleep until the deadline. */
static int
sleep_never(struct cmd_ctx *c, void *arg, uint64_t *wake)
{
	(void)c;
	(void)arg;
	(void)wake;
	return (0);
}

/* The sleep is over (or was interrupted). */
static enum cmd_status
sleep_finish(struct cmd_ctx *c, void *arg, enum cmd_end how)
{
	(void)c;
	(void)arg;
	return (how == CMD_END_INTERRUPT ? CMD_FAIL : CMD_OK);
}

/* sleep DURATION */
static enum cmd_status
cmd_sleep(struct cmd_ctx *c, int argc, char **argv)
{
	unsigned long long	us;
	char			err[160];

	if (tcp_time_parse("sleep", argv[1], 1, 86400ULL * 1000000, &us, err,
	    sizeof err) != 0) {
		say_err("%s", err);
		return (CMD_USAGE);
	}
	return (cmd_await(c, sleep_never, sleep_finish, NULL, now_us() + us));
}

/* echo TEXT */
static enum cmd_status
cmd_echo(struct cmd_ctx *c, int argc, char **argv)
{
	char	*buf, *cause = NULL;

	if (argc < 2) {
		say("%s", "");
		return (CMD_OK);
	}
	if ((buf = malloc(strlen(argv[1]) + 1)) == NULL)
		return (CMD_FAIL);
	if (cmd_unescape(argv[1], buf, &cause) < 0) {
		say_err("echo: %s", cause);
		free(cause);
		free(buf);
		return (CMD_USAGE);
	}
	say("%s", buf);
	free(buf);
	return (CMD_OK);
}
