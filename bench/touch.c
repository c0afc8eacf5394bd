/*
 * bench/touch.c - what memory touched the first time costs on this
 * machine (issue 14: the first megabytes of a bulk transfer): the time a
 * page takes at its first write, at a second write, at the first write
 * after a fork() (the parent's pages become copy-on-write), and at the
 * first write after MADV_DONTFORK kept them out of the child.  In a
 * virtual machine that shadows the guest's page tables a first touch can
 * cost ten times a native one.  Prints microseconds a page.
 */
#include <sys/mman.h>
#include <sys/wait.h>

#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#define TOUCH_MB	64

/* Monotonic time in seconds. */
static double
touch_now(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ((double)ts.tv_sec + (double)ts.tv_nsec / 1e9);
}

/* Write one byte of every page of p (n bytes): microseconds a page. */
static double
touch_pages(volatile unsigned char *p, size_t n, size_t pg)
{
	double	t = touch_now();
	size_t	i;

	for (i = 0; i < n; i += pg)
		p[i]++;
	return ((touch_now() - t) * 1e6 / (double)(n / pg));
}

/* Fork a child that exits at once, and reap it. */
static void
touch_fork(void)
{
	pid_t	pid;

	if ((pid = fork()) == 0)
		_exit(0);
	if (pid > 0)
		(void)waitpid(pid, NULL, 0);
}

/* A fresh private anonymous mapping of n bytes, or exit. */
static unsigned char *
touch_map(size_t n)
{
	void	*p = mmap(NULL, n, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED) {
		perror("touch: mmap");
		exit(1);
	}
	return (p);
}

int
main(void)
{
	size_t		 n = (size_t)TOUCH_MB << 20;
	size_t		 pg = (size_t)sysconf(_SC_PAGESIZE);
	unsigned char	*p, *q;
	double		 first, second, forked, dontfork;

	p = touch_map(n);
	first = touch_pages(p, n, pg);
	second = touch_pages(p, n, pg);
	touch_fork();
	forked = touch_pages(p, n, pg);
	q = touch_map(n);
	(void)touch_pages(q, n, pg);
	(void)madvise(q, n, MADV_DONTFORK);
	touch_fork();
	dontfork = touch_pages(q, n, pg);
	printf("Memory a page at a time (%d MB, %zu-byte pages), us a page:\n"
	    "  first write %.2f   second write %.3f   first write after a "
	    "fork %.2f   ... with MADV_DONTFORK %.3f\n",
	    TOUCH_MB, pg, first, second, forked, dontfork);
	munmap(p, n);
	munmap(q, n);
	return (0);
}
