/*
 * cli/cmd/cmd-decode.h - `decode`, for `show segment N`, which is the same
 * command under the name Wireshark's users look for; and how a command
 * names a frame of the session (N, or the last of a direction and
 * protocol), for `measure ... field`.
 */
#ifndef TCPX_CLI_CMD_DECODE_H
#define TCPX_CLI_CMD_DECODE_H

#include "cli/cmd/cmd.h"

/* Run `decode` with argv[0] its name and argv[1...] its arguments. */
enum cmd_status	 cmd_decode_run(struct cmd_ctx *c, int argc, char **argv);

/*
 * The frame the n words w name, into *num: "N" (kept), or "last [in|out]
 * [PROTO]", the newest kept frame that way carrying PROTO (tcp, udp, icmp,
 * icmp6, ip, ip6, arp) and every PKT_* layer of need.  CMD_OK, or an error
 * said after "cmd: ".
 */
enum cmd_status	 cmd_decode_pick(struct cmd_ctx *c, const char *cmd,
		    char **w, int n, unsigned need, unsigned long *num);

#endif
