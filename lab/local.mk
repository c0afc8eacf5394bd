# lab/local.mk - the built-in two-namespace lab and its peer daemon.
libtcpx_a_SOURCES += \
	lab/lab.h lab/lab.c \
	lab/labd.h lab/labd.c \
	lab/pktd.h lab/pktd.c \
	lab/netns.h lab/netns.c \
	lab/priv.h lab/priv.c \
	lab/run.h lab/run.c
