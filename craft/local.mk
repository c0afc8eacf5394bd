# craft/local.mk - frames from segments, link-layer injection, the host firewall guard.
libtcpx_a_SOURCES += \
	craft/inject.h craft/inject-int.h craft/inject.c craft/inject-tx.c \
	craft/frame.c craft/cpus.h craft/cpus.c \
	craft/guard.h craft/guard.c
libtcpx_a_SOURCES += craft/flood.h craft/flood.c craft/flood-tx.h craft/flood-tx.c \
	craft/flood-mt.h craft/flood-mt.c
