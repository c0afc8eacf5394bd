/*
 * core/xmalloc.c - allocation wrappers that abort with a message when memory
 * runs out; xhugepages() for buffers of megabytes.
 */
#include <sys/mman.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/xmalloc.h"

static void oom(size_t) __attribute__((noreturn));

/* Report an allocation failure of n bytes and abort. */
static void
oom(size_t n)
{
	fprintf(stderr, "tcpx: out of memory allocating %zu bytes\n", n);
	abort();
}

/* malloc that never returns NULL. */
void *
xmalloc(size_t n)
{
	void *p;

	if ((p = malloc(n ? n : 1)) == NULL)
		oom(n);
	return (p);
}

/* calloc that never returns NULL. */
void *
xcalloc(size_t n, size_t size)
{
	void *p;

	if ((p = calloc(n ? n : 1, size ? size : 1)) == NULL)
		oom(n * size);
	return (p);
}

/* realloc that never returns NULL. */
void *
xrealloc(void *p, size_t n)
{
	if ((p = realloc(p, n ? n : 1)) == NULL)
		oom(n);
	return (p);
}

/* strdup that never returns NULL. */
char *
xstrdup(const char *s)
{
	size_t	n = strlen(s) + 1;

	return (memcpy(xmalloc(n), s, n));
}

/* vprintf into a new string (caller frees). */
char *
xvasprintf(const char *fmt, va_list ap)
{
	char	*s;

	if (vasprintf(&s, fmt, ap) == -1)
		oom(0);
	return (s);
}

/* printf into a new string (caller frees). */
char *
xasprintf(const char *fmt, ...)
{
	va_list	 ap;
	char	*s;

	va_start(ap, fmt);
	s = xvasprintf(fmt, ap);
	va_end(ap);
	return (s);
}

/*
 * Ask the kernel to back the whole 2 MB spans inside [p, p + n) with
 * transparent huge pages.  A page's first touch costs a fault, some 10 µs
 * in a virtual machine that shadows the guest's page tables (bench/README):
 * a buffer of megabytes filled for the first time pays it 256 times a
 * megabyte, and once a 2 MB span with a huge page.  Best effort: nothing
 * changes where huge pages are off or none is free.
 */
void
xhugepages(void *p, size_t n)
{
#ifdef MADV_HUGEPAGE
	const uintptr_t	huge = (uintptr_t)2 << 20;
	uintptr_t	lo = ((uintptr_t)p + huge - 1) & ~(huge - 1);
	uintptr_t	hi = ((uintptr_t)p + n) & ~(huge - 1);

	if (hi > lo)
		(void)madvise((void *)lo, hi - lo, MADV_HUGEPAGE);
#else
	(void)p;
	(void)n;
#endif
}
