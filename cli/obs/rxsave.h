/*
 * cli/obs/rxsave.h - a file all of a connection's stream goes to as it
 * comes (`save PATH follow`, `save PATH next`), whatever recv_keep keeps.
 */
#ifndef TCPX_CLI_OBS_RXSAVE_H
#define TCPX_CLI_OBS_RXSAVE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct rxsave;

/* Bytes go to f (opened on path, holding written bytes already), which it
 * owns from now on; free with rxsave_end(). */
struct rxsave	*rxsave_new(FILE *f, const char *path, uint64_t written);

/* Append n bytes; -1 when the write failed (rxsave_end says so). */
int		 rxsave_write(struct rxsave *sv, const void *d, size_t n);

/*
 * Close the file and say how many bytes it holds, received on label
 * (NULL: no connection came for it), or that a write failed; why, when
 * not NULL, says what ended it.  NULL is fine.
 */
void		 rxsave_end(struct rxsave *sv, const char *label,
		    const char *why);

/* The file's path. */
const char	*rxsave_path(const struct rxsave *sv);

#endif
