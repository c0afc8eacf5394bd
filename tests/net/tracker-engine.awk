# tests/net/tracker-engine.awk - one endpoint's sequence of TCP states, one
# "STATE TIME" line each, for tests/net/tracker-engine.sh.  A state repeated
# in a row is written once (with the first one's time); TIME is "-" where
# there is none.
#
# mode=engine me=ADDR.PORT: from a tcpx session's output (packet lines
#   included), the states its engine reported ("* TIME c3: ESTABLISHED ->
#   CLOSE-WAIT (cause)"): each connection's first state and every state it
#   entered, connections in the order of their ids, listeners (CLOSED ->
#   LISTEN and nothing else) left out, and the leading CLOSED dropped (a
#   ladder writes the states entered).  A listener's child reset in
#   SYN-RECEIVED ends "CLOSED (... the listener carries on ...)": that is
#   RFC 9293 §3.10.7.4's return to LISTEN, and is written LISTEN.  TIME is
#   when the segment behind the change was on the wire: for a user call or
#   a keepalive timeout, the next segment from ADDR.PORT (what it sent);
#   for the silent timers (TIME-WAIT, FIN-WAIT-2, user timeout) none; else
#   the last segment to ADDR.PORT (what it received).
# mode=ladder side=ADDR:PORT [us=1] [pick=all|last|N]: from `--diagram=text`
#   output, the states written beside the lifeline of ADDR:PORT (with us=1,
#   only where the title marks it "(us)"), with their rows' times, over all
#   the conversations it is part of, or only the last, or the Nth of them.
# mode=rows [early="STATE..."] ENGINE LADDER: given the two lists above for
#   the same sequence of states, a line for each state that the ladder
#   writes on a row before the engine's time for it (states in early
#   excepted).

# secs T: HH:MM:SS.uuuuuu (or S.uuuuuu) in seconds.
function secs(t,    a, k) {
	k = split(t, a, ":")
	return k == 3 ? a[1] * 3600 + a[2] * 60 + a[3] : t + 0
}

# isstate S: whether S is the name of an RFC 9293 state.
function isstate(s) {
	return s ~ /^(CLOSED|LISTEN|SYN-SENT|SYN-RECEIVED|ESTABLISHED|FIN-WAIT-[12]|CLOSE-WAIT|CLOSING|LAST-ACK|TIME-WAIT)$/
}

# put I STATE TIME: append STATE at TIME to list I (st[I], tm[I], n[I]).
function put(i, s, t) {
	st[i, ++n[i]] = s
	tm[i, n[i]] = t
}

# emit I: print list I, a state repeated in a row once; the first CLOSED
# left out when skip is set.
function emit(i, skip,    k, last) {
	last = ""
	for (k = 1; k <= n[i]; k++) {
		if (st[i, k] == last)
			continue
		last = st[i, k]
		if (skip && !out && last == "CLOSED")
			continue
		print last, tm[i, k]
		out++
	}
}

BEGIN {
	if (pick == "")
		pick = "all"
	want = side (us ? " (us)" : "")
	cur = -1
}

mode == "rows" && FNR == NR {
	es[++ne] = $1
	ea[ne] = $2
	next
}

mode == "rows" {
	lt[++nl] = $2
	next
}

# Engine mode: our segments and the last one we received.
mode == "engine" && /^[<>] [0-9:]+\.[0-9]+ IP6? / {
	if ($1 == ">" && $4 == me) {
		for (k = 1; k <= npend; k++)
			tm[pend[k], pendk[k]] = $2
		npend = 0
	} else if ($1 == "<" && $6 == me ":")
		lastin = $2
	next
}

mode == "engine" && /^\* [0-9:.]+ c[0-9]+: [A-Z0-9-]+ -> [A-Z0-9-]+ \(/ {
	id = substr($3, 2) + 0
	from = $4
	to = $6
	cause = $0
	sub(/^[^(]*\(/, "", cause)
	if (from == "SYN-RECEIVED" && to == "CLOSED" &&
	    index(cause, "the listener carries on"))
		to = "LISTEN"
	if (!(id in seen)) {
		seen[id] = 1
		if (id > maxid)
			maxid = id
		put(id, from, "-")
	}
	if (cause ~ /^(user |keepalive)/) {
		put(id, to, "-")
		pend[++npend] = id
		pendk[npend] = n[id]
	} else if (cause ~ /^(TIME-WAIT ended|FIN-WAIT-2 timeout|user timeout)/)
		put(id, to, "-")
	else
		put(id, to, lastin == "" ? "-" : lastin)
	next
}

mode == "ladder" && /^conversation / {
	t = $0
	sub(/^conversation [^:]*: /, "", t)
	sub(/ \(capture began mid-stream\)$/, "", t)
	sub(/ \(nothing on the wire yet\)$/, "", t)
	k = index(t, " > ")
	cur = -1
	if (substr(t, 1, k - 1) == want)
		cur = 0
	else if (substr(t, k + 3) == want)
		cur = 1
	if (cur >= 0)
		nconv++
	head = 1
	next
}

mode == "ladder" && cur >= 0 {
	if (head) {		# the row naming the lifelines
		head = 0
		next
	}
	if ($0 == "") {
		cur = -1
		next
	}
	if ($1 ~ /^[0-9:]+\.[0-9]+$/)
		time = $1
	w = ""
	if (cur == 0 && $0 ~ /^ *[0-9:]+\.[0-9]+ +[A-Z0-9-]+ [|:]/)
		w = $2
	else if (cur == 1 && $0 ~ /[|:] [A-Z0-9-]+$/)
		w = $NF
	if (isstate(w))
		put(nconv, w, time)
}

END {
	if (mode == "rows") {
		k = split(early, a, " ")
		for (i = 1; i <= k; i++)
			exempt[a[i]] = 1
		for (i = 1; i <= ne; i++) {
			if (ea[i] == "-" || lt[i] == "-" || (es[i] in exempt))
				continue
			d = secs(lt[i]) - secs(ea[i])
			if (d < -43200)		# past midnight
				d += 86400
			if (d < 0)
				printf "%s written at %s, the engine's is %s\n",
				    es[i], lt[i], ea[i]
		}
	} else if (mode == "engine") {
		# One list of all our connections, in the order of their ids.
		for (id = 1; id <= maxid; id++) {
			if (!(id in seen) || (n[id] == 2 &&
			    st[id, 1] == "CLOSED" && st[id, 2] == "LISTEN"))
				continue
			for (k = 1; k <= n[id]; k++)
				put(0, st[id, k], tm[id, k])
		}
		emit(0, 1)
	} else if (pick == "all") {
		for (i = 1; i <= nconv; i++)
			for (k = 1; k <= n[i]; k++)
				put(0, st[i, k], tm[i, k])
		emit(0, 0)
	} else
		emit(pick == "last" ? nconv : pick + 0, 0)
}
