/*
 * core/xmalloc.h - allocation wrappers that abort with a message when memory
 * runs out, so callers never handle NULL from them.
 */
#ifndef TCPX_CORE_XMALLOC_H
#define TCPX_CORE_XMALLOC_H

#include <stdarg.h>
#include <stddef.h>

void	*xmalloc(size_t n);
void	*xcalloc(size_t n, size_t size);
void	*xrealloc(void *p, size_t n);
char	*xstrdup(const char *s);
/* printf into a new string (caller frees). */
char	*xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
char	*xvasprintf(const char *fmt, va_list ap);

#endif
