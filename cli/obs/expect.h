/*
 * cli/obs/expect.h - what `expect` matches against, a subscriber of the
 * event stream: the TCP segments seen in each direction since the last
 * match (a ring of EXPECT_RING), and the expectation in progress, matched
 * as each segment goes by (packetdrill reads a script in order the same
 * way).  A segment that went by is kept as its frame's number and read
 * back from the frames kept for `decode` (cli/obs/frames.h) when an
 * expectation starts; one whose frame those no longer keep (FRAMES_KEEP
 * frames or FRAMES_MEM bytes came after it) cannot be compared: it is
 * passed over, counted by expect_gone(), as if it had gone by before the
 * last match.
 */
#ifndef TCPX_CLI_OBS_EXPECT_H
#define TCPX_CLI_OBS_EXPECT_H

#include "core/pdn.h"

#define EXPECT_RING	64	/* segments kept per direction */

struct session;
struct frames;
struct expect;

/*
 * The expectations of s, subscribed to its bus after fr, the frames it
 * reads kept segments from (fr numbers each frame before expect sees it);
 * free with expect_free().
 */
struct expect	*expect_new(struct session *s, const struct frames *fr);

/* Unsubscribe and free (NULL is fine). */
void		 expect_free(struct expect *x);

/*
 * Start expecting spec inbound (out 0) or outbound, numbers relative to
 * connection conn's ISNs (0: absolute); the segments kept since the last
 * match are tried first.  Returns whether one matched already.
 */
int		 expect_start(struct expect *x, const struct pdn_spec *spec,
		    int out, unsigned conn);

/* Whether the expectation in progress has matched. */
int		 expect_matched(const struct expect *x);

/* End the expectation in progress. */
void		 expect_stop(struct expect *x);

/*
 * After a failed expectation: how many segments were compared, how many
 * kept ones were not because their frames were gone, the last one compared
 * in notation, and what it differed in.
 */
int		 expect_seen(const struct expect *x);
int		 expect_gone(const struct expect *x);
const char	*expect_last(const struct expect *x);
const char	*expect_why(const struct expect *x);

#endif
