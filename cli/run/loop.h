/*
 * cli/run/loop.h - the one event loop: poll() over the capture, the
 * descriptors the front end registers (the terminal, a script), and a
 * self-pipe for signals, sleeping until the earliest deadline of the
 * engine, the gate, the ARP queue and the registered hooks.  Everything
 * that waits (a command, the diagram view, a script) is a hook or a
 * descriptor here: there is no other loop.  Work that can wait for an
 * idle moment (warming memory before traffic needs it) is an idle
 * callback: a bounded step of it runs instead of a sleep.
 */
#ifndef TCPX_CLI_RUN_LOOP_H
#define TCPX_CLI_RUN_LOOP_H

#include <stdbool.h>
#include <stdint.h>

struct session;
struct loop_fd;
struct loop_hook;
struct loop_idle;

/* Called when a watched descriptor is readable (or hung up). */
typedef void	loop_fd_fn(void *arg);

/*
 * Called after every turn of the loop (and at its start) with the time:
 * returns when it next needs a turn without an event (UINT64_MAX: only on
 * events; now or earlier: do not sleep).
 */
typedef uint64_t loop_hook_fn(void *arg, uint64_t now);

/*
 * Called when the loop would sleep: one bounded step of idle work (under a
 * millisecond); returns whether more remains (false: it is forgotten).
 */
typedef bool	loop_idle_fn(void *arg);

/* Called with each signal caught: SIGINT, SIGTERM, SIGHUP, SIGCHLD. */
typedef void	loop_sig_fn(void *arg, int sig);

/* Set up the loop of s (signals caught from now on); 0, or -1 with *cause. */
int		 loop_init(struct session *s, char **cause);

/* Tear the loop down: signals back to their defaults. */
void		 loop_done(struct session *s);

/* Watch fd: fn(arg) when readable; a handle for loop_fd_on/loop_fd_del. */
struct loop_fd	*loop_fd_add(struct session *s, int fd, loop_fd_fn *fn,
		    void *arg);

/* Watch the descriptor (on) or leave it alone for now. */
void		 loop_fd_on(struct loop_fd *lf, bool on);

/* Stop watching and forget the descriptor (NULL is fine). */
void		 loop_fd_del(struct session *s, struct loop_fd *lf);

/* Call fn(arg, now) after every turn; a handle for loop_hook_del. */
struct loop_hook *loop_hook_add(struct session *s, loop_hook_fn *fn,
		    void *arg);

/* Forget a hook (NULL is fine). */
void		 loop_hook_del(struct session *s, struct loop_hook *h);

/* Call fn(arg) in idle moments until it has done; a handle for loop_idle_del. */
struct loop_idle *loop_idle_add(struct session *s, loop_idle_fn *fn,
		    void *arg);

/* Forget idle work before it is done (NULL is fine). */
void		 loop_idle_del(struct session *s, struct loop_idle *i);

/* Who hears of signals (default: SIGINT, SIGTERM, SIGHUP quit). */
void		 loop_on_signal(struct session *s, loop_sig_fn *fn, void *arg);

/*
 * Whether the capture has frames waiting to be taken now: a front end
 * that draws lets them go first, so that drawing never costs frames.
 */
bool		 loop_backlog(struct session *s);

/* Run until session_quit(); 0, or -1 when poll() failed (said on the bus). */
int		 loop_run(struct session *s);

/* One turn: wait at most until deadline (UINT64_MAX: as long as nothing happens). */
void		 loop_once(struct session *s, uint64_t deadline);

#endif
