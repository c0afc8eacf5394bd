# core/local.mk - the sans-IO engine and the helpers around it (no I/O, no clock).
libtcpx_a_SOURCES += \
	core/seg.h core/seg.c \
	core/seq.h \
	core/xmalloc.h core/xmalloc.c \
	core/bigmem.h core/bigmem.c \
	core/nearest.h core/nearest.c \
	core/bytes.h core/bytes.c \
	core/tcp.h core/tcp-int.h \
	core/isn.c \
	core/knobs.c \
	core/tcp-listen.c \
	core/stack.c \
	core/tcp-table.c \
	core/tcp-mem.c \
	core/tcp-theap.c \
	core/tcp-reap.c \
	core/tcp-state.c \
	core/tcp-user.c \
	core/tcp-input.c \
	core/tcp-rfc793.c \
	core/tcp-output.c \
	core/tcp-timer.c \
	core/tcp-icmp.c \
	core/udp.c \
	core/pmtu.h core/pmtu.c \
	core/utf8.h core/utf8.c
