/*
 * cli/obs/obs.h - the subscribers of one session's event stream, made and
 * subscribed in the order they see each event: the recorder, the numbered
 * frames, the printed lines, event counters, the connections' views,
 * expect, the diagram.
 * Each keeps its own state; commands reach them through this.
 */
#ifndef TCPX_CLI_OBS_OBS_H
#define TCPX_CLI_OBS_OBS_H

struct pcapw;
struct session;

/* What the subscribers are asked to do. */
struct obs_opts {
	int		 quiet;		/* -q: no packet or data lines */
	int		 verbose;	/* --verbose: the kernels' IPv6 chatter too */
	struct pcapw	*wfile;		/* -w FILE: every frame to it (owned from now) */
};

struct obs {
	struct session	*s;
	struct record	*rec;
	struct frames	*frames;
	struct lines	*lines;
	struct counters	*counters;
	struct conns	*conns;
	struct expect	*exp;
	struct dgfeed	*dg;
};

/* Every subscriber of s, subscribed; free with obs_free(). */
struct obs	*obs_new(struct session *s, const struct obs_opts *o);

/* Unsubscribe and free them all (NULL is fine). */
void		 obs_free(struct obs *o);

#endif
