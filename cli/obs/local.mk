# cli/obs/local.mk - the subscribers of the session's event stream: printed
# lines and colour, the connections' views, event counters, expect,
# recording, numbered frames for decode, the diagram's feed; and the
# output they print through.
noinst_LIBRARIES += cli/obs/libobs.a
cli_obs_libobs_a_SOURCES = \
	cli/obs/obs.h cli/obs/obs.c \
	cli/obs/out.h cli/obs/out.c \
	cli/obs/lines.h cli/obs/lines.c \
	cli/obs/hush.h cli/obs/hush.c \
	cli/obs/colour.h cli/obs/colour.c \
	cli/obs/conns.h cli/obs/conns.c \
	cli/obs/strpool.h cli/obs/strpool.c \
	cli/obs/rxring.h cli/obs/rxring.c \
	cli/obs/rxsave.h cli/obs/rxsave.c \
	cli/obs/counters.h cli/obs/counters.c \
	cli/obs/expect.h cli/obs/expect.c \
	cli/obs/record.h cli/obs/record.c \
	cli/obs/recfifo.h cli/obs/recfifo.c \
	cli/obs/frames.h cli/obs/frames.c \
	cli/obs/dgfeed.h cli/obs/dgfeed.c
LIBOBS = cli/obs/libobs.a
