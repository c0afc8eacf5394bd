# cli/cmd/local.mk - the commands: one file per group, their table, parsing
# and dispatch, and the queue that runs them (and calls waiting ones back).
noinst_LIBRARIES += cli/cmd/libcmd.a
cli_cmd_libcmd_a_SOURCES = \
	cli/cmd/cmd.h cli/cmd/cmd.c \
	cli/cmd/cmdq.h cli/cmd/cmdq.c \
	cli/cmd/cmd-table.h cli/cmd/cmd-table.c \
	cli/cmd/cmd-help.h cli/cmd/cmd-help.c \
	cli/cmd/cmd-conn.c cli/cmd/cmd-conns.c cli/cmd/cmd-listen.c cli/cmd/cmd-tcb.c \
	cli/cmd/cmd-set.c cli/cmd/cmd-udp.c cli/cmd/cmd-file.c \
	cli/cmd/cmd-step.c cli/cmd/cmd-craft.c cli/cmd/cmd-script.c \
	cli/cmd/cmd-flood.c cli/cmd/cmd-wait.c cli/cmd/cmd-lab.c \
	cli/cmd/cmd-capture.c cli/cmd/cmd-diagram.c \
	cli/cmd/lesson.h cli/cmd/cmd-lesson.c cli/cmd/cmd-measure.c \
	cli/cmd/cmd-decode.h cli/cmd/cmd-decode.c \
	cli/cmd/cmd-pkt.h cli/cmd/cmd-pkt.c \
	cli/cmd/i18n.h cli/cmd/i18n.c \
	cli/cmd/sendstream.h cli/cmd/sendstream.c
# Lessons, and their catalogues (po/), are looked for in the source and
# build trees first, then where they install.
cli_cmd_libcmd_a_CPPFLAGS = $(AM_CPPFLAGS) \
	-DLESSON_DIR='"$(pkgdatadir)/lessons"' \
	-DLESSON_SRCDIR='"$(abs_top_srcdir)/lessons"' \
	-DLOCALEDIR='"$(localedir)"' \
	-DLOCALE_BUILDDIR='"$(abs_top_builddir)/po/locale"'
LIBCMD = cli/cmd/libcmd.a
