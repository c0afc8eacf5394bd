/*
 * cli/ui/view-rl.h - readline as the curses view's command line.
 */
#ifndef TCPX_CLI_UI_VIEW_RL_H
#define TCPX_CLI_UI_VIEW_RL_H

/* Open the command line with prompt on screen line row (curses is up); 0 or -1. */
int		 vrl_open(const char *prompt, int row);

/* Move the command line to screen line row (after a resize). */
void		 vrl_move(int row);

/* Give readline curses key ch; 1 if it took it (a line may be finished). */
int		 vrl_key(int ch);

/* The finished line or NULL (the caller frees it); *eof set on Ctrl-D. */
char		*vrl_take(int *eof);

/* After the finished line's command ran: history moves start from the newest line. */
void		 vrl_next(void);

/* The last completion listing, or "" (cleared by the next key). */
const char	*vrl_note(void);

/* Paint the prompt and line on screen line row, the cursor at the point. */
void		 vrl_draw(int row);

/* Close the command line and give readline back its own hooks. */
void		 vrl_close(void);

#endif
