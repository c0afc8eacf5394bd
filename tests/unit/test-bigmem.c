/*
 * tests/unit/test-bigmem.c - memory for buffers of megabytes
 * (core/bigmem.c): a mapping starts on a 2 MB boundary, is zeroed, asks
 * for huge pages and is kept from children; and malloc's heap, touched
 * ahead a step at a time, serves a first buffer of megabytes without a
 * page fault per 4 kB (counted by getrusage; skipped where malloc is not
 * glibc's, as under the sanitizers).
 */
#include <sys/resource.h>

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/bigmem.h"
#include "tests/tap.h"
#include "tests/unit/unitfix.h"
#include "tests/unit/vmflags.h"

/* Minor page faults of this process so far. */
static long
minflt(void)
{
	struct rusage	ru;

	getrusage(RUSAGE_SELF, &ru);
	return (ru.ru_minflt);
}

/* A mapping: aligned, zeroed, flagged. */
static void
test_map(void)
{
	const size_t	 n = (size_t)5 << 20;
	uint8_t		*p;
	size_t		 i, nonzero = 0;

	p = bigmem_map(n);
	ok(p != NULL, "a mapping of 5 MB");
	if (p == NULL)
		return;
	is_int((long long)((uintptr_t)p & ((2 << 20) - 1)), 0,
	    "on a 2 MB boundary");
	for (i = 0; i < n; i += 4096)
		nonzero += p[i] != 0;
	is_int((long long)nonzero, 0, "zeroed");
	ok(vmflags_has(p, "dc") && vmflags_has(p + n - 1, "dc"),
	    "kept from children, all of it (VmFlags dc)");
	if (access("/sys/kernel/mm/transparent_hugepage/enabled", F_OK) == 0)
		ok(vmflags_has(p, "hg"), "asking for huge pages (VmFlags hg)");
	else
		diag("no transparent huge pages in this kernel: not checked");
	bigmem_unmap(p, n);
	bigmem_unmap(NULL, n);
	ok(1, "unmapped (NULL too)");
}

/* The heap touched ahead serves a first 4 MB buffer without its faults. */
static void
test_heap(void)
{
	struct bigmem_heap	 h;
	uint8_t			*p;
	size_t			 left, last;
	long			 before, faults;
	int			 steps = 0;

	p = malloc(1000);
	if (unitfix_heap_used() == 0) {
		free(p);
		diag("malloc is not glibc's here (sanitizers?): heap not checked");
		return;
	}
	free(p);
	memset(&h, 0, sizeof h);
	bigmem_heap_start(&h, (size_t)8 << 20);
	ok(h.p != NULL, "a block of 8 MB taken at the heap's top");
	last = (size_t)8 << 20;
	while ((left = bigmem_heap_warm(&h, 256 << 10)) > 0 && steps < 100) {
		if (left >= last)
			break;
		last = left;
		steps++;
	}
	is_int((long long)left, 0, "touched to the end");
	is_int(steps, 31, "256 kB a step: 32 steps, the last gives it back");
	ok(h.p == NULL, "and given back to malloc");
	before = minflt();
	p = malloc((size_t)4 << 20);
	memset(p, 1, (size_t)4 << 20);
	faults = minflt() - before;
	diag("a first 4 MB buffer after it: %ld page faults (1,024 pages)",
	    faults);
	ok(faults < 64, "a first 4 MB buffer faults fewer than 64 times");
	free(p);
	bigmem_heap_stop(&h);
	ok(h.p == NULL, "stopping after is harmless");
}

int
main(void)
{
	test_map();
	test_heap();
	return (done_testing());
}
