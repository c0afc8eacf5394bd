# man/local.mk - the manual page.
dist_man_MANS += man/tcpx.1
EXTRA_DIST += docs/rfc9293-musts.md
