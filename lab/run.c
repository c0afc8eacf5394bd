/*
 * lab/run.c - running helper programs (ip, nft) with text on stdin and their
 * output collected, for the lab and the firewall guard.
 */
#include "config.h"

#include <sys/mman.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/xmalloc.h"
#include "lab/priv.h"
#include "lab/run.h"

/* Searched after PATH: root's tools are often missing from a user's PATH. */
#define RUN_SBIN \
	"/usr/local/sbin:/usr/sbin:/sbin:/usr/local/bin:/usr/bin:/bin"

static int	run_input_fd(const char *input, char **cause);
static char	*run_read_all(int fd);

/* Find prog on PATH or in the sbin directories; a malloc'd path, or NULL. */
char *
run_which(const char *prog)
{
	const char	*path;
	char		*dirs, *dir, *next, *full;

	if (strchr(prog, '/') != NULL)
		return (access(prog, X_OK) == 0 ? xstrdup(prog) : NULL);
	path = getenv("PATH");
	dirs = xasprintf("%s:%s", path != NULL ? path : "", RUN_SBIN);
	for (dir = dirs; dir != NULL; dir = next) {
		if ((next = strchr(dir, ':')) != NULL)
			*next++ = '\0';
		if (*dir == '\0')
			continue;
		full = xasprintf("%s/%s", dir, prog);
		if (access(full, X_OK) == 0) {
			free(dirs);
			return (full);
		}
		free(full);
	}
	free(dirs);
	return (NULL);
}

/* A descriptor to read input from (an anonymous file), or /dev/null. */
static int
run_input_fd(const char *input, char **cause)
{
	size_t	 len, off;
	ssize_t	 n;
	int	 fd;

	if (input == NULL) {
		if ((fd = open("/dev/null", O_RDONLY | O_CLOEXEC)) == -1)
			*cause = xasprintf("/dev/null: %s", strerror(errno));
		return (fd);
	}
	if ((fd = memfd_create("tcpx-input", MFD_CLOEXEC)) == -1) {
		*cause = xasprintf("memfd_create: %s", strerror(errno));
		return (-1);
	}
	len = strlen(input);
	for (off = 0; off < len; off += (size_t)n) {
		n = write(fd, input + off, len - off);
		if (n == -1 && errno == EINTR) {
			n = 0;
			continue;
		}
		if (n <= 0) {
			*cause = xasprintf("writing input: %s",
			    strerror(errno));
			close(fd);
			return (-1);
		}
	}
	if (lseek(fd, 0, SEEK_SET) == -1) {
		*cause = xasprintf("lseek: %s", strerror(errno));
		close(fd);
		return (-1);
	}
	return (fd);
}

/* Read fd to its end into a malloc'd NUL-terminated string. */
static char *
run_read_all(int fd)
{
	char	*buf;
	size_t	 len = 0, size = 1024;
	ssize_t	 n;

	buf = xmalloc(size);
	for (;;) {
		if (len + 1 == size)
			buf = xrealloc(buf, size *= 2);
		n = read(fd, buf + len, size - len - 1);
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		len += (size_t)n;
	}
	buf[len] = '\0';
	return (buf);
}

/* Run argv with input on stdin, collecting its output; its exit status. */
int
run_cmd(char *const argv[], const char *input, char **out, char **cause)
{
	char	*path, *text;
	int	 in, p[2], status;
	pid_t	 pid;

	if (out != NULL)
		*out = NULL;
	if ((path = run_which(argv[0])) == NULL) {
		*cause = xasprintf("%s: command not found", argv[0]);
		return (-1);
	}
	if ((in = run_input_fd(input, cause)) == -1) {
		free(path);
		return (-1);
	}
	if (pipe2(p, O_CLOEXEC) == -1) {
		*cause = xasprintf("pipe: %s", strerror(errno));
		close(in);
		free(path);
		return (-1);
	}
	switch (pid = fork()) {
	case -1:
		*cause = xasprintf("fork: %s", strerror(errno));
		close(in);
		close(p[0]);
		close(p[1]);
		free(path);
		return (-1);
	case 0:
		if (dup2(in, 0) == -1 || dup2(p[1], 1) == -1 ||
		    dup2(p[1], 2) == -1)
			_exit(127);
		(void)signal(SIGPIPE, SIG_DFL);	/* not tcpx's SIG_IGN */
		priv_child();	/* ip and nft get what tcpx may use */
		execv(path, argv);
		dprintf(2, "%s: %s\n", path, strerror(errno));
		_exit(127);
	}
	close(in);
	close(p[1]);
	free(path);
	text = run_read_all(p[0]);
	close(p[0]);
	while (waitpid(pid, &status, 0) == -1) {
		if (errno != EINTR) {
			*cause = xasprintf("waitpid: %s", strerror(errno));
			free(text);
			return (-1);
		}
	}
	if (out != NULL)
		*out = text;
	else
		free(text);
	if (WIFSIGNALED(status))
		return (128 + WTERMSIG(status));
	return (WEXITSTATUS(status));
}

/* The first line of s copied into buf (len bytes); returns buf. */
char *
run_firstline(const char *s, char *buf, size_t len)
{
	size_t	n;

	if (s == NULL)
		s = "";
	n = strcspn(s, "\n");
	if (n >= len)
		n = len - 1;
	memcpy(buf, s, n);
	buf[n] = '\0';
	return (buf);
}
