# craft/local.mk - frames from segments, link-layer injection, the host firewall guard.
libtcpx_a_SOURCES += \
	craft/inject.h craft/inject.c craft/frame.c \
	craft/guard.h craft/guard.c
libtcpx_a_SOURCES += craft/flood.h craft/flood.c craft/flood-tx.h craft/flood-tx.c \
	craft/flood-mt.h craft/flood-mt.c
