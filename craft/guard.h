/*
 * craft/guard.h - keeping the host kernel from answering tcpx's own
 * connections when tcpx borrows the host's address on a real interface
 * (tcpx -i IFACE -s ADDR): one nftables table per tcpx process,
 * "inet tcpx_<pid>", whose input chain drops TCP and UDP packets to our
 * address on the ports tcpx uses, so the kernel sends no RST or ICMP port
 * unreachable.  libpcap sees frames before netfilter, so capture still works.
 */
#ifndef TCPX_CRAFT_GUARD_H
#define TCPX_CRAFT_GUARD_H

#include <stdint.h>

#include "core/seg.h"

#define GUARD_TABLE_PREFIX	"tcpx_"	/* table inet tcpx_<pid> */

struct guard;

/*
 * Install this process's table guarding a4 and/or a6 (either may be NULL),
 * with no ports yet; a table left by an earlier guard of this process is
 * replaced, and those of dead processes are swept.  NULL with *cause
 * (malloc'd) when nft is missing or the rule cannot be installed.
 */
struct guard	*guard_new(const struct addr *a4, const struct addr *a6,
		    char **cause);

/* Keep the kernel off TCP port port; 0, or -1 with *cause.  Idempotent. */
int		 guard_add_port(struct guard *g, uint16_t port, char **cause);

/* Give TCP port port back to the kernel; 0, or -1 with *cause. */
int		 guard_del_port(struct guard *g, uint16_t port, char **cause);

/* Keep the kernel off UDP port port (no ICMP unreachable); 0 or -1. */
int		 guard_add_udp_port(struct guard *g, uint16_t port,
		    char **cause);

/* The nftables table's name ("tcpx_<pid>"). */
const char	*guard_table(const struct guard *g);

/* Remove the table and free g (NULL is fine). */
void		 guard_free(struct guard *g);

/* Delete tcpx_<pid> tables whose process is gone; how many. */
int		 guard_sweep(void);

#endif
