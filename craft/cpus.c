/*
 * craft/cpus.c - how many CPUs this process may run on.
 */
#include <sched.h>

#include "craft/cpus.h"

/* The CPUs this process may run on (at least 1). */
int
cpus_usable(void)
{
	cpu_set_t	set;
	int		n;

	if (sched_getaffinity(0, sizeof set, &set) != 0)
		return (1);
	n = CPU_COUNT(&set);
	return (n < 1 ? 1 : n);
}
