# man/local.mk - the manual page.
dist_man_MANS += man/tcpx.1 man/tcpx-lessons.7
EXTRA_DIST += docs/rfc9293-musts.md
