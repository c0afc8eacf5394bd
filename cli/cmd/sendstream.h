/*
 * cli/cmd/sendstream.h - bulk data for send @FILE, send --size N and
 * sendfile: the bytes go into the connection's send buffer as it drains,
 * read SENDSTREAM_CHUNK at a time, so that a command holds at most one
 * chunk whatever the file (/dev/zero included), and the loop (ACKs,
 * timers, Ctrl-C, SIGTERM) runs between chunks.
 */
#ifndef TCPX_CLI_CMD_SENDSTREAM_H
#define TCPX_CLI_CMD_SENDSTREAM_H

#include <stdint.h>

#include "cli/cmd/cmd.h"

#define SENDSTREAM_CHUNK	65536	/* the most a command buffers, in bytes */

/*
 * Stream the file path (or, when path is NULL, size bytes of the pattern
 * "abc...z") to TCP connection id for command cmd: CMD_WAIT until the last
 * byte is in the send buffer, or CMD_FAIL with the error said (the file
 * cannot be opened).
 */
enum cmd_status	sendstream_start(struct cmd_ctx *c, const char *cmd,
		    unsigned id, const char *path, uint64_t size);

#endif
