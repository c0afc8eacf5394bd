/*
 * cli/cmd/lesson.h - what the front end asks of a running lesson: whether
 * it waits at a pause, and going on (an empty line at the prompt); and
 * the values measured so far, for a shell line in the lab's peer.
 */
#ifndef TCPX_CLI_CMD_LESSON_H
#define TCPX_CLI_CMD_LESSON_H

struct cmd_ctx;
struct lesson_state;
struct measures;

/* Whether a lesson waits at a pause. */
int		 lesson_paused(const struct cmd_ctx *c);

/* Go on with the paused lesson: 0, or -1 (said) when none is paused. */
int		 lesson_resume(struct cmd_ctx *c);

/* Free what the lesson commands keep (NULL is fine). */
void		 lesson_state_free(struct lesson_state *st);

/* Free what the measurement commands keep (NULL is fine). */
void		 measures_free(struct measures *m);

/* argv for a shell line in the lab's peer, with the measures as $M_NAME. */
char		**measures_sh_argv(struct cmd_ctx *c, const char *line);

/* Free what measures_sh_argv() made. */
void		 measures_argv_free(char **argv);

#endif
