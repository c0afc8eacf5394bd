/*
 * tests/unit/vmflags.h - what the kernel says of the mapping that holds
 * an address: its VmFlags line in /proc/self/smaps ("hg" for huge pages
 * asked with MADV_HUGEPAGE, "dc" for MADV_DONTFORK).  Header-only.
 */
#ifndef TCPX_TESTS_UNIT_VMFLAGS_H
#define TCPX_TESTS_UNIT_VMFLAGS_H

#include <stdint.h>
#include <stdio.h>
#include <string.h>

/* Whether the mapping holding p has the VmFlags flag (two letters). */
static inline int
vmflags_has(const void *p, const char *flag)
{
	char		 line[512], want[8];
	unsigned long	 lo, hi;
	uintptr_t	 a = (uintptr_t)p;
	int		 in = 0, found = 0;
	FILE		*f;

	if ((f = fopen("/proc/self/smaps", "r")) == NULL)
		return (0);
	snprintf(want, sizeof want, " %s", flag);
	while (fgets(line, sizeof line, f) != NULL) {
		if (sscanf(line, "%lx-%lx", &lo, &hi) == 2)
			in = a >= lo && a < hi;
		else if (in && strncmp(line, "VmFlags:", 8) == 0) {
			line[strcspn(line, "\n")] = ' ';
			found = strstr(line + 8, want) != NULL &&
			    strstr(line + 8, want)[strlen(want)] == ' ';
			break;
		}
	}
	fclose(f);
	return (found);
}

#endif
