# cli/print.mk - packet printers (tcpdump lines, JSON) and tcpx -r.
