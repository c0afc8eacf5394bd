/*
 * cli/cmd/cmd-pkt.h - what the front end needs of `pkt` (cli/cmd/cmd-pkt.c):
 * the script it keeps in struct cmd_ctx, freed at the end of the session.
 */
#ifndef TCPX_CLI_CMD_PKT_H
#define TCPX_CLI_CMD_PKT_H

struct pkt_state;

/* Forget the script `pkt load` loaded, its run and its ladder (NULL is fine). */
void	pkt_state_free(struct pkt_state *p);

#endif
