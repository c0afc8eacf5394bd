#!/bin/sh
# tests/net/lab-ingress.sh - the kernel of tcpx's own lab namespace drops
# what arrives on tcpx0 at the netdev ingress hook (lab/lab.c): tcpx's
# capture has every frame before that hook runs, and the kernel's IP layer
# only routed each one to nowhere.  From outside: the namespace holds the
# nftables rule; while tcpx sends 2 MB to the peer's discard service and
# takes its ACKs, the namespace's kernel receives no IP datagram at all
# (nstat IpInReceives 0), and the peer receives everything (ss).
. "$top_srcdir/tests/lib.sh"
need_root
command -v nft >/dev/null || skip_all "needs nft (apt-get install nftables)"
command -v nstat >/dev/null || skip_all "needs nstat (iproute2)"
tmpdir T

"$TCPX" --lab -q -c "connect 10.0.0.2:9; send --size 2000000; \
    lab sh 'sh $UNTIL 10 \"ss -tinH | grep -q bytes_received:2000000\"; \
    ss -tinH | grep -o \"bytes_received:[0-9]*\" >$T/peer'; \
    lab sh 'echo sent >$T/flag'; sleep 20s" >"$T/out" 2>"$T/err" &
pid=$!
wait_until 60 "[ -s '$T/flag' ] || ! kill -0 $pid 2>/dev/null"
[ -s "$T/flag" ]
ok $? "tcpx sent 2 MB to the peer's discard service"
self=$(ip netns list | sed -n "s/^\(tcpx-lab-$pid-[^ ]*-self\).*/\1/p" | head -n 1)
[ -n "$self" ]
ok $? "tcpx's own namespace found: ${self:-none}"
ip netns exec "$self" nft list table netdev tcpx >"$T/rules" 2>&1
grep -q 'hook ingress device "tcpx0"' "$T/rules" && grep -q 'policy drop' "$T/rules"
ok $? "it drops what arrives on tcpx0 at the ingress hook"
got=$(ip netns exec "$self" nstat -as IpInReceives 2>/dev/null |
    awk '$1 == "IpInReceives" { print $2 }')
diag "IP datagrams its kernel received: ${got:-0}"
is "${got:-0}" 0 "its kernel received no IP datagram (the peer's ACKs went to tcpx only)"
grep -qx "bytes_received:2000000" "$T/peer"
ok $? "the peer received all 2000000 bytes"
kill -TERM $pid 2>/dev/null
wait_until 10 "! kill -0 $pid 2>/dev/null"
wait $pid
[ "$(ip netns list | grep -c "^tcpx-lab-$pid-")" -eq 0 ]
ok $? "the lab is gone"
done_testing
