/*
 * core/xmalloc.c - allocation wrappers that abort with a message when memory
 * runs out.
 */
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
