/*
 * craft/cpus.h - how many CPUs this process may run on (its affinity
 * mask, as taskset(1) sets it): flood starts a sender on each, injection
 * uses a transmit thread only when there are two or more.
 */
#ifndef TCPX_CRAFT_CPUS_H
#define TCPX_CRAFT_CPUS_H

/* The CPUs this process may run on (at least 1). */
int		 cpus_usable(void);

#endif
