/*
 * capture/capring.c - the kernel's capture ring as libpcap mapped it,
 * touched ahead for writing (capture/capring.h says why).
 */
#include <sys/stat.h>

#include <stdio.h>
#include <string.h>

#include "capture/capring.h"
#include "core/bigmem.h"

/* Find the ring of packet socket fd among this process's mappings. */
void
capring_find(struct capring *r, int fd)
{
	struct stat	 st;
	char		 line[512], want[48];
	unsigned long	 lo, hi;
	size_t		 n;
	FILE		*f;

	memset(r, 0, sizeof *r);
	if (fd < 0 || fstat(fd, &st) != 0)
		return;
	snprintf(want, sizeof want, " socket:[%lu]\n",
	    (unsigned long)st.st_ino);
	if ((f = fopen("/proc/self/maps", "re")) == NULL)
		return;
	while (fgets(line, sizeof line, f) != NULL) {
		n = strlen(line);
		if (n < strlen(want) || strcmp(line + n - strlen(want), want) != 0 ||
		    sscanf(line, "%lx-%lx", &lo, &hi) != 2 || hi <= lo)
			continue;
		r->base = (uint8_t *)lo;
		r->len = hi - lo;
		break;
	}
	fclose(f);
}

/* Touch the next n bytes for writing (bigmem_touch); the bytes untouched. */
size_t
capring_warm(struct capring *r, size_t n)
{
	if (r->base == NULL)
		return (0);
	return (bigmem_touch(r->base, r->len, &r->warm, n));
}
