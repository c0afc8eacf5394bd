/*
 * core/bigmem.c - memory for buffers of megabytes: mappings on a 2 MB
 * boundary, advised for transparent huge pages and kept from children;
 * and malloc's heap touched ahead (core/bigmem.h says why).  Best effort
 * where the kernel or the C library lacks a part: the memory works the
 * same.
 */
#include <sys/mman.h>

#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <stdint.h>
#include <stdlib.h>

#include "core/bigmem.h"

#if defined(__SANITIZE_ADDRESS__)
#define BIGMEM_ASAN	1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define BIGMEM_ASAN	1
#endif
#endif
#ifdef BIGMEM_ASAN
/* The sanitizer's allocator (sanitizer/allocator_interface.h). */
size_t	__sanitizer_get_current_allocated_bytes(void);
#endif

#define BIGMEM_HUGE	((size_t)2 << 20)	/* a huge page */
#define BIGMEM_PAGE	((size_t)4096)

/* n rounded up to whole pages. */
static size_t
bigmem_pages(size_t n)
{
	return ((n + BIGMEM_PAGE - 1) / BIGMEM_PAGE * BIGMEM_PAGE);
}

/* A mapping of n bytes on a 2 MB boundary, advised; NULL if refused. */
void *
bigmem_map(size_t n)
{
	uint8_t	*m;
	size_t	 lead, len = bigmem_pages(n ? n : 1);

	m = mmap(NULL, len + BIGMEM_HUGE, PROT_READ | PROT_WRITE,
	    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (m == MAP_FAILED)
		return (NULL);
	/* Keep the aligned len bytes; give back what lies either side. */
	lead = (size_t)(-(uintptr_t)m & (BIGMEM_HUGE - 1));
	if (lead > 0)
		(void)munmap(m, lead);
	(void)munmap(m + lead + len, BIGMEM_HUGE - lead);
	m += lead;
#ifdef MADV_DONTFORK
	(void)madvise(m, len, MADV_DONTFORK);
#endif
	bigmem_huge(m, len);
	return (m);
}

/* Give back a mapping of n bytes from bigmem_map(). */
void
bigmem_unmap(void *p, size_t n)
{
	if (p != NULL)
		(void)munmap(p, bigmem_pages(n ? n : 1));
}

/* Ask for huge pages under the whole 2 MB spans inside [p, p + n). */
void
bigmem_huge(void *p, size_t n)
{
#ifdef MADV_HUGEPAGE
	uintptr_t	lo = ((uintptr_t)p + BIGMEM_HUGE - 1) & ~(BIGMEM_HUGE - 1);
	uintptr_t	hi = ((uintptr_t)p + n) & ~(BIGMEM_HUGE - 1);

	if (hi > lo)
		(void)madvise((void *)lo, hi - lo, MADV_HUGEPAGE);
#else
	(void)p;
	(void)n;
#endif
}

/* Touch the next step bytes from *at, a page at a time; the bytes left. */
size_t
bigmem_touch(void *p, size_t len, size_t *at, size_t step)
{
	uint8_t	*b = p;
	size_t	 end = *at + step < len ? *at + step : len;

	for (; *at < end; *at += BIGMEM_PAGE)
		__atomic_fetch_or((uint32_t *)(void *)(b + *at), 0,
		    __ATOMIC_RELAXED);
	if (*at > len)
		*at = len;
	return (len - *at);
}

/* Set malloc's policy; take a block of n bytes at the heap's top. */
void
bigmem_heap_start(struct bigmem_heap *h, size_t n)
{
	h->p = NULL;
	h->n = h->warm = 0;
#if defined(__GLIBC__) && defined(M_MMAP_THRESHOLD) && defined(M_TRIM_THRESHOLD)
	/* Blocks up to the maximum from the heap; what is freed stays. */
	if (mallopt(M_MMAP_THRESHOLD, (int)BIGMEM_HEAP_MAX) != 1 ||
	    mallopt(M_TRIM_THRESHOLD, (int)(4 * BIGMEM_HEAP_MAX)) != 1)
		return;
	if (n == 0 || n > BIGMEM_HEAP_MAX || (h->p = malloc(n)) == NULL)
		return;
	h->n = n;
	bigmem_huge(h->p, n);
#else
	(void)n;
#endif
}

/* Touch step more bytes of the block; the bytes still cold. */
size_t
bigmem_heap_warm(struct bigmem_heap *h, size_t step)
{
	size_t	left;

	if (h->p == NULL)
		return (0);
	if ((left = bigmem_touch(h->p, h->n, &h->warm, step)) > 0)
		return (left);
	free(h->p);		/* back to malloc, which keeps its pages */
	h->p = NULL;
	return (0);
}

/* Give the block back now. */
void
bigmem_heap_stop(struct bigmem_heap *h)
{
	free(h->p);
	h->p = NULL;
}

/* Bytes handed out by the allocator, less the warm-up's block; -1: unknown. */
size_t
bigmem_heap_used(const struct bigmem_heap *h)
{
	size_t		used;
#if defined(BIGMEM_ASAN)
	used = __sanitizer_get_current_allocated_bytes();
#elif defined(__GLIBC__) && (__GLIBC__ > 2 || __GLIBC_MINOR__ >= 33)
	struct mallinfo2 mi = mallinfo2();

	used = mi.uordblks + mi.hblkhd;
#else
	return ((size_t)-1);
#endif
	if (h->p != NULL && used >= h->n)
		used -= h->n;
	return (used);
}
