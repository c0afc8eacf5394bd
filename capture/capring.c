/*
 * capture/capring.c - the kernel's capture ring as libpcap mapped it,
 * touched ahead for writing (capture/capring.h says why).
 */
#include <sys/stat.h>

#include <stdio.h>
#include <string.h>

#include "capture/capring.h"

#define CAPRING_PAGE	4096

/* Find the ring of packet socket fd among this process's mappings. */
void
capring_find(struct capring *r, int fd)
{
	struct stat	 st;
	char		 line[512], want[48];
	unsigned long	 lo, hi;
	FILE		*f;

	memset(r, 0, sizeof *r);
	if (fd < 0 || fstat(fd, &st) != 0)
		return;
	snprintf(want, sizeof want, " socket:[%lu]\n",
	    (unsigned long)st.st_ino);
	if ((f = fopen("/proc/self/maps", "re")) == NULL)
		return;
	while (fgets(line, sizeof line, f) != NULL) {
		if (strlen(line) < strlen(want) ||
		    strcmp(line + strlen(line) - strlen(want), want) != 0 ||
		    sscanf(line, "%lx-%lx", &lo, &hi) != 2 || hi <= lo)
			continue;
		r->base = (uint8_t *)lo;
		r->len = hi - lo;
		break;
	}
	fclose(f);
}

/* Touch the next n bytes for writing; the bytes still untouched. */
size_t
capring_warm(struct capring *r, size_t n)
{
	size_t	end;

	if (r->base == NULL)
		return (0);
	end = r->warm + n < r->len ? r->warm + n : r->len;
	for (; r->warm < end; r->warm += CAPRING_PAGE)
		__atomic_fetch_or((uint32_t *)(void *)(r->base + r->warm), 0,
		    __ATOMIC_RELAXED);
	if (r->warm > r->len)
		r->warm = r->len;
	return (r->len - r->warm);
}
