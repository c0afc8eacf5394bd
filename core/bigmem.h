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

#endif
