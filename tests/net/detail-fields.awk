# tests/net/detail-fields.awk - from `tcpx -r FILE --detail`, one line of
# comma-separated fields per whole TCP packet, in the order and format of
#   tshark -T fields -E separator=, -e frame.number -e ip.id -e ip.ttl
#   -e ip.flags.df -e ip.checksum -e ip.checksum.status -e tcp.srcport
#   -e tcp.dstport -e tcp.seq_raw -e tcp.ack_raw -e tcp.hdr_len -e tcp.flags
#   -e tcp.window_size_value -e tcp.checksum -e tcp.checksum.status
#   -e tcp.urgent_pointer -e tcp.options.mss_val -e tcp.options.wscale.shift
#   -e tcp.len
# (checksum status: 1 good, 0 bad, 2 not verified), so that
# detail-vs-tshark.sh compares them.  Packets the decoder refused print
# nothing.
function flush() {
	if (num != "" && tcp && !bad)
		print num "," ipid "," ttl "," df "," ipck "," ipst "," sport \
		    "," dport "," seq "," ack "," hlen "," flags "," win "," \
		    tcpck "," tcpst "," urp "," mss "," ws "," len
	num = ""; tcp = 0; bad = 0
	ipid = ttl = df = ipck = ipst = sport = dport = seq = ack = ""
	hlen = flags = win = tcpck = tcpst = urp = mss = ws = len = ""
}
function status(s) {
	if (s ~ /\[correct\]/) return 1
	if (s ~ /\[incorrect|\[partial/) return 0
	return 2
}
/^Frame [0-9]+:/ { flush(); num = $2; sub(/:/, "", num); next }
/^Malformed:|^\(the TCP header as far/ { bad = 1 }
/^    identification 0x/ { ipid = $2 }
/^    TTL [0-9]+, protocol/ { ttl = $2; sub(/,/, "", ttl) }
/^    flags 0x[0-9a-f]: / { df = ($0 ~ /DF \(don't fragment\)/) ? 1 : 0 }
/^    header checksum / { ipck = $3; ipst = status($0) }
/^Transmission Control Protocol: / { tcp = 1; len = $NF }
/^    source port / { sport = $3; sub(/,/, "", sport); dport = $6 }
/^    sequence number / { seq = $3; sub(/,/, "", seq) }
/^    acknowledgment number / { ack = $3 }
/^    data offset / { hlen = $8 }
/^    flags 0x[0-9a-f][0-9a-f][0-9a-f] / { flags = "0x0" substr($2, 3) }
/^    window [0-9]+ / { win = $2 }
/^    checksum 0x/ && tcp { tcpck = $2; tcpst = status($0) }
/^    urgent pointer / { urp = $3 }
/^        MSS \(kind 2, length 4\)/ && mss == "" { mss = $NF == "bytes" ? $(NF - 1) : "" }
/^        window scale \(kind 3, length 3\)/ && ws == "" {
	for (i = 1; i <= NF; i++)
		if ($i == "shift") ws = $(i + 1)
}
END { flush() }
