# man/local.mk - the manual page.
dist_man_MANS += man/tcpx.1
