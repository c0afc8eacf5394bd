/*
 * cli/cmd-script.c - what scripts need besides waits: `sleep` (the loop
 * keeps running, so packets are answered meanwhile) and `echo`.
 */
#include <stdlib.h>
#include <string.h>

#include "cli/cmd.h"
#include "cli/session.h"
#include "core/tcp.h"

static enum cmd_status cmd_sleep(struct session *, int, char **);
static enum cmd_status cmd_echo(struct session *, int, char **);

const struct cmd_entry cmd_sleep_entry = {
	"sleep", NULL, "DURATION", 1, 1, 0,
	"let time pass (200ms, 2s...) while tcpx keeps answering the peer",
	NULL,
	cmd_sleep
};

const struct cmd_entry cmd_echo_entry = {
	"echo", NULL, "TEXT", 0, 1, 1,
	"print TEXT (escapes work): comments a script's output",
	NULL,
	cmd_echo
};

/* Never done: sleep until the deadline. */
static int
sleep_never(struct session *s, void *arg)
{
	(void)s;
	(void)arg;
	return (0);
}

/* sleep DURATION */
static enum cmd_status
cmd_sleep(struct session *s, int argc, char **argv)
{
	struct tcp_cfg	tmp;
	char		err[160];

	tcp_cfg_default(&tmp);
	if (tcp_knob_set(&tmp, "user_timeout", argv[1], err, sizeof err) != 0 ||
	    tmp.user_timeout == 0) {
		say_err(s, "sleep: bad duration \"%s\" (e.g. 500ms, 2s, 1m)",
		    argv[1]);
		return (CMD_USAGE);
	}
	if (loop_until(s, sleep_never, NULL, now_us() + tmp.user_timeout) == -1)
		return (CMD_FAIL);
	return (CMD_OK);
}

/* echo TEXT */
static enum cmd_status
cmd_echo(struct session *s, int argc, char **argv)
{
	char	*buf;

	if (argc < 2) {
		say(s, "%s", "");
		return (CMD_OK);
	}
	if ((buf = malloc(strlen(argv[1]) + 1)) == NULL)
		return (CMD_FAIL);
	cmd_unescape(argv[1], buf);
	say(s, "%s", buf);
	free(buf);
	return (CMD_OK);
}
