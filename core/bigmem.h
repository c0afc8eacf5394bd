/*
 * core/bigmem.h - memory for buffers of megabytes.  A page touched the
 * first time costs a fault, some 10 µs in a virtual machine that shadows
 * the guest's page tables (bench/README.md): a buffer filled for the
 * first time pays that 256 times a megabyte unless it is backed by huge
 * pages (one fault per 2 MB); and after a fork() every page the parent
 * writes faults once more unless the child did not inherit it.
 */
#ifndef TCPX_CORE_BIGMEM_H
#define TCPX_CORE_BIGMEM_H

#include <stddef.h>
#include <stdint.h>

/*
 * A zeroed anonymous mapping of n bytes on a 2 MB boundary, advised for
 * huge pages and not inherited by children (they exec at once); NULL when
 * the kernel refuses it (no memory, too many mappings).  Pages cost
 * memory only once touched.
 */
void	*bigmem_map(size_t n);

/* Give back a mapping from bigmem_map() of n bytes (NULL is fine). */
void	 bigmem_unmap(void *p, size_t n);

/* Ask for huge pages under the whole 2 MB spans of [p, p + n) (best effort). */
void	 bigmem_huge(void *p, size_t n);

/*
 * Touch for writing, a page at a time, the next step bytes of [p, p + len)
 * from *at on, and move *at past them; the bytes still untouched.  Each
 * page gets an atomic OR of 0 into one word: no byte changes, and a
 * concurrent writer's stores (the kernel's, into a capture ring) are never
 * lost.
 */
size_t	 bigmem_touch(void *p, size_t len, size_t *at, size_t step);

/*
 * malloc's heap made ready for a first bulk transfer.  bigmem_heap_start()
 * has malloc serve blocks up to BIGMEM_HEAP_MAX from its heap, and keep
 * what is freed there (glibc's mallopt; elsewhere nothing happens), and
 * takes a block of n bytes at the heap's top, advised for huge pages.
 * bigmem_heap_warm() touches it a step at a time, and when all is touched
 * gives it back to malloc: the buffers a first transfer allocates then
 * land on pages already faulted in.
 */
#define BIGMEM_HEAP_MAX	((size_t)16 << 20)

struct bigmem_heap {
	uint8_t		*p;		/* the block being touched, or NULL */
	size_t		 n;
	size_t		 warm;		/* bytes of it touched */
};

/* Set malloc's policy and take a block of n bytes to touch (h zeroed). */
void	bigmem_heap_start(struct bigmem_heap *h, size_t n);

/* Touch step more bytes of the block; the bytes still cold (0: given back). */
size_t	bigmem_heap_warm(struct bigmem_heap *h, size_t step);

/* Give the block back now, touched or not (nothing if it is back). */
void	bigmem_heap_stop(struct bigmem_heap *h);

/*
 * Bytes the allocator has handed out and not taken back (glibc's
 * mallinfo2; under AddressSanitizer, its own count without redzones),
 * less h's block while the warm-up holds it: what the program's data
 * takes, whatever the warm-up has touched; (size_t)-1 where the C library
 * cannot tell.
 */
size_t	bigmem_heap_used(const struct bigmem_heap *h);

#endif
