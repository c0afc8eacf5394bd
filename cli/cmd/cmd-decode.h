/*
 * cli/cmd/cmd-decode.h - `decode`, for `show segment N`, which is the same
 * command under the name Wireshark's users look for.
 */
#ifndef TCPX_CLI_CMD_DECODE_H
#define TCPX_CLI_CMD_DECODE_H

#include "cli/cmd/cmd.h"

/* Run `decode` with argv[0] its name and argv[1...] its arguments. */
enum cmd_status	 cmd_decode_run(struct cmd_ctx *c, int argc, char **argv);

#endif
