#!/usr/bin/env python3
"""tests/pkt/gen/states.py - developer tool: write the state x segment
scripts of tests/pkt/states/ and tests/pkt/states-ipv6/ (committed; make
check runs the output, not this).  Run from the source tree's top:
    python3 tests/pkt/gen/states.py

Every expectation below is written from the RFC text, not from what the
engine does: RFC 9293 §3.10.7.4 "SEGMENT ARRIVES" (otherwise), with
RFC 5961 §3.2 (RST), §4.2 (SYN) and §5.2 (ACK) as tcpx's default.

The connection is opened passively (the peer is the script; in a run
against the kernel the kernel listens).  Our receive buffer is 4000 bytes
and window scaling is off, so the window we offer is exactly 4000: with
RCV.NXT = n the window is [n, n + 4000) and a 100-byte segment at
n + 3900 ends on its right edge.
"""
import os

W = 4000		# the window we offer (tcp_rmem default 4000, no scaling)
RE = 1 + W		# its right edge: it never moves left (RFC 9293 §3.8.6.2.2)

SYSCTL = ('`sysctl -q net.ipv4.tcp_sack=0 net.ipv4.tcp_timestamps=0 '
	  'net.ipv4.tcp_window_scaling=0 net.ipv4.tcp_rmem="4096 4000 4000"`')

def opening(v6):
	mss = 1440 if v6 else 1460
	return [
	    '0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3',
	    '+0 setsockopt(3, SOL_SOCKET, SO_REUSEADDR, [1], 4) = 0',
	    '+0 bind(3, ..., ...) = 0',
	    '+0 listen(3, 1) = 0',
	    '+0 < S 0:0(0) win 4000 <mss 1000>',
	    '+0 > S. 0:0(0) ack 1 <mss %d>' % mss,
	]

ESTAB = [
    '+.1 < . 1:1(0) ack 1 win 4000',
    '+0 accept(3, ..., ...) = 4',
    '+0 fcntl(4, F_SETFL, O_RDWR|O_NONBLOCK) = 0',
]
FW1 = ESTAB + [
    '+0 shutdown(4, SHUT_WR) = 0',
    '+0 > F. 1:1(0) ack 1',
]
CW = ESTAB + [
    '+0 < F. 1:1(0) ack 1 win 4000',
    '+0 > . 1:1(0) ack 2',
]

# name: (RFC name, how it is reached, prelude after the SYN-ACK,
#        RCV.NXT, SND.UNA, SND.NXT, fin received?, gap between cases)
# The gap keeps Linux's rate limit of out-of-window and challenge ACKs
# (tcp_invalid_ratelimit, 500 ms) out of the way where no retransmission
# timer runs; with our FIN or SYN-ACK unacknowledged the cases come at
# once, before the retransmission timeout (0.3 s; 1 s for the SYN-ACK).
STATES = {
    'syn-received': ('SYN-RECEIVED', 'the peer\'s SYN answered, its ACK not yet come',
		     [], 1, 0, 1, False, '+0'),
    'established': ('ESTABLISHED', 'the three-way handshake', ESTAB,
		    1, 1, 1, False, '+.6'),
    'fin-wait-1': ('FIN-WAIT-1', 'shutdown(SHUT_WR): our FIN, not yet acknowledged',
		   FW1, 1, 1, 2, False, '+0'),
    'fin-wait-2': ('FIN-WAIT-2', 'shutdown(SHUT_WR), the peer acknowledges our FIN',
		   FW1 + ['+0 < . 1:1(0) ack 2 win 4000'], 1, 2, 2, False, '+.6'),
    'close-wait': ('CLOSE-WAIT', 'the peer\'s FIN first', CW, 2, 1, 1, True, '+.6'),
    'closing': ('CLOSING', 'our FIN and the peer\'s cross (simultaneous close)',
		FW1 + ['+0 < F. 1:1(0) ack 1 win 4000', '+0 > . 2:2(0) ack 2'],
		2, 1, 2, True, '+0'),
    'last-ack': ('LAST-ACK', 'the peer\'s FIN, then our shutdown(SHUT_WR)',
		 CW + ['+0 shutdown(4, SHUT_WR) = 0', '+0 > F. 1:1(0) ack 2'],
		 2, 1, 2, True, '+0'),
    'time-wait': ('TIME-WAIT', 'shutdown(SHUT_WR), our FIN acknowledged, then the peer\'s FIN',
		  FW1 + ['+0 < . 1:1(0) ack 2 win 4000', '+0 < F. 1:1(0) ack 2 win 4000',
			 '+0 > . 2:2(0) ack 2'], 2, 2, 2, True, '+.6'),
}

class Case:
	def __init__(self, where, seg, resp, why):
		self.where, self.seg, self.resp, self.why = where, seg, resp, why

def seg(flags, seq, n, ack=None, win=W):
	a = ' ack %d' % ack if ack is not None else ''
	return '< %s %d:%d(%d)%s win %d' % (flags, seq, (seq + n) % 2**32, n, a, win)

def ackseg(sn, rn, win=None):
	return '> . %d:%d(0) ack %d%s' % (sn, sn, rn, ' win %d' % win if win is not None else '')

def positions(rn, n, st=None):
	"""Where a segment of n octets falls (n = 0: the octet it names)."""
	last = max(n, 1)
	if st is not None and STATES[st][6]:
		# tcpx deviation (known-fail/past-right-edge-*.pkt): after the
		# peer's FIN it accepts up to RCV.NXT + free buffer, one octet
		# past the right edge it offered; that position is left out here.
		return [
		    ('left edge (SEG.SEQ = RCV.NXT)', rn),
		    ('inside the window', rn + 100),
		    ('right edge (its last octet is the window\'s last)', RE - last),
		    ('outside, far past the right edge', RE + 1000),
		    ('outside, left of RCV.NXT (old)', (rn - last - 1) % 2**32),
		]
	return [
	    ('left edge (SEG.SEQ = RCV.NXT)', rn),
	    ('inside the window', rn + 100),
	    ('right edge (its last octet is the window\'s last)', RE - last),
	    ('outside, just past the right edge', RE),
	    ('outside, left of RCV.NXT (old)', (rn - last - 1) % 2**32),
	]

def cases_for(st, kind):
	(name, how, pre, rn, su, sn, finrcvd, gap) = STATES[st]
	C = []
	A = ackseg(sn, rn)
	acked = su if st != 'syn-received' else 1	# an ACK the state keeps
	if kind in ('rst', 'rst-ack'):
		fl = 'R' if kind == 'rst' else 'R.'
		ak = None if kind == 'rst' else acked
		for where, seq in positions(rn, 0, st)[1:]:
			inwin = rn <= seq < RE
			if inwin:
				C.append(Case(where, seg(fl, seq, 0, ak), [A],
				    'RFC 5961 §3.2: SEQ in the window but not RCV.NXT: a challenge ACK <SEQ=SND.NXT><ACK=RCV.NXT>, the segment dropped'))
			else:
				C.append(Case(where, seg(fl, seq, 0, ak), [],
				    'RFC 5961 §3.2, RFC 9293 §3.10.7.4 first check: outside the window, dropped silently (no ACK for a RST)'))
		return C, term_rst(st, fl, ak, rn, su, sn)
	if kind in ('syn', 'syn-ack', 'syn-fin'):
		fl = {'syn': 'S', 'syn-ack': 'S.', 'syn-fin': 'SF'}[kind]
		ak = acked if kind == 'syn-ack' else None
		if st == 'syn-received':
			return [], term_synrcvd_syn(fl, ak, kind)
		for where, seq in positions(rn, 0, st):
			if st == 'time-wait' and kind != 'syn-ack' and seq > rn:
				continue	# a newer SYN reopens: tests/pkt/time-wait-new-syn.pkt
			C.append(Case(where, seg(fl, seq, 0, ak), [A],
			    'RFC 5961 §4.2 (RFC 9293 §3.10.7.4 fourth check): a SYN in a synchronized state, whatever its SEQ, draws a challenge ACK <SEQ=SND.NXT><ACK=RCV.NXT> and is dropped'
			    + ('; the FIN is never looked at' if kind == 'syn-fin' else '')))
		return C, None
	if kind == 'ack' or kind == 'fin':
		fl = '.' if kind == 'ack' else 'F'
		ak = acked if kind == 'ack' else None
		for where, seq in positions(rn, 0, st):
			inwin = rn <= seq < RE
			if kind == 'fin':
				# RFC 9293 §3.10.7.4 fifth check: "if the ACK bit is off, drop the segment".
				if inwin:
					C.append(Case(where, seg(fl, seq, 0, ak), [],
					    'RFC 9293 §3.10.7.4 fifth check: acceptable, but the ACK bit is off: dropped, the FIN not processed'))
				else:
					C.append(Case(where, seg(fl, seq, 0, ak), [A],
					    'RFC 9293 §3.10.7.4 first check: not acceptable: an ACK <SEQ=SND.NXT><ACK=RCV.NXT>, dropped'))
				continue
			if st == 'syn-received':
				continue	# an acceptable ACK completes the handshake: below
			if inwin and su != sn and where.startswith('right edge'):
				C.append(Case(where, seg(fl, seq, 0, ak), ['> F. %d:%d(0) ack %d' % (su, su, rn)],
				    'RFC 9293 §3.10.7.4: acceptable; RFC 5681 §3.2: the third duplicate ACK (our FIN outstanding, same window, no data) resends the FIN at once (fast retransmit)'))
			elif inwin:
				C.append(Case(where, seg(fl, seq, 0, ak), [],
				    'RFC 9293 §3.10.7.4: acceptable; an ACK of nothing new changes nothing and is not answered' + ('; RFC 5681 §2: a duplicate ACK' if su != sn else '')))
			else:
				C.append(Case(where, seg(fl, seq, 0, ak), [A],
				    'RFC 9293 §3.10.7.4 first check: not acceptable: an ACK <SEQ=SND.NXT><ACK=RCV.NXT>, dropped'))
		if kind == 'ack' and st != 'syn-received':
			C.append(Case('acknowledging data never sent (SEG.ACK > SND.NXT)',
			    seg('.', rn, 0, sn + 1000), [A],
			    'RFC 5961 §5.2, RFC 9293 §3.10.7.4 fifth check: an ACK of something not yet sent: send an ACK, drop the segment'))
			C.append(Case('acknowledging too far back (SEG.ACK < SND.UNA - MAX.SND.WND)',
			    seg('.', rn, 0, (su - 5000) % 2**32), [A],
			    'RFC 5961 §5.2: SEG.ACK below SND.UNA - MAX.SND.WND (4000): send an ACK, drop the segment'))
		if kind == 'ack':
			return C, term_ack(st, rn, su, sn)
		return C, None
	if kind == 'fin-ack':
		for where, seq in positions(rn, 0, st)[1:]:
			inwin = rn <= seq < RE
			if not inwin:
				C.append(Case(where, seg('F.', seq, 0, acked), [A],
				    'RFC 9293 §3.10.7.4 first check: not acceptable: an ACK <SEQ=SND.NXT><ACK=RCV.NXT>, dropped'))
			elif finrcvd and st == 'time-wait':
				C.append(Case(where, seg('F.', seq, 0, acked), [A],
				    'RFC 9293 §3.10.7.4 eighth step, TIME-WAIT: "Remain in the TIME-WAIT state. Restart the 2 MSL time-wait timeout", the FIN acknowledged <SEQ=SND.NXT><ACK=RCV.NXT>'))
			elif finrcvd:
				C.append(Case(where, seg('F.', seq, 0, acked), [],
				    'RFC 9293 §3.10.7.4 eighth step, %s: "Remain in the %s state"; the peer\'s FIN came already, so a FIN beyond it moves nothing and is not answered (as Linux)' % (name, name)))
			elif st != 'syn-received':
				C.append(Case(where, seg('F.', seq, 0, acked), [A],
				    'RFC 9293 §3.10.7.4 seventh/eighth steps: a FIN beyond RCV.NXT waits until the octets before it arrive; the gap draws an immediate ACK (RFC 5681 §4.2 out-of-order)'))
		return C, term_fin(st, rn, su, sn, acked)
	if kind == 'data':
		n = 100
		for where, seq in positions(rn, n, st):
			inwin = rn <= seq < RE
			if not inwin:
				C.append(Case(where, seg('P.', seq, n, acked), [A],
				    'RFC 9293 §3.10.7.4 first check: not acceptable: an ACK <SEQ=SND.NXT><ACK=RCV.NXT>, dropped'))
			elif finrcvd:
				C.append(Case(where, seg('P.', seq, n, acked), [],
				    'RFC 9293 §3.10.7.4 seventh step: after the peer\'s FIN, "ignore the segment text"'))
			elif st == 'syn-received':
				continue
			elif seq == rn:
				continue	# the left edge goes last: it moves RCV.NXT
			else:
				C.append(Case(where, seg('P.', seq, n, acked), [A],
				    'RFC 9293 §3.10.7.4 seventh step: in the window beyond RCV.NXT: held; RFC 5681 §4.2: out-of-order data is acknowledged at once <SEQ=SND.NXT><ACK=RCV.NXT>'))
		if st == 'syn-received':
			return C, term_data(st, rn, su, sn, acked)
		C.append(Case('straddling the right edge', seg('P.', RE - 50, n, acked),
		    [] if finrcvd else [A],
		    'RFC 9293 §3.10.7.4 first check: acceptable (its first octet is in the window), trimmed to it' +
		    ('; after the FIN the text is ignored' if finrcvd else '; held out of order, acknowledged at once (RFC 5681 §4.2)')))
		return C, term_data(st, rn, su, sn, acked)
	raise ValueError(kind)

# The last case of a script: what changes the state (or ends it).

def term_rst(st, fl, ak, rn, su, sn):
	lines = ['+0 %s' % seg(fl, rn, 0, ak)]
	why = 'RFC 9293 §3.10.7.4 second check, RFC 5961 §3.2: SEG.SEQ = RCV.NXT: '
	if st == 'syn-received':
		why += 'passive OPEN: back to LISTEN, the user not told; the next SYN is a new connection'
		lines += ['+0 accept(3, ..., ...) = -1 EAGAIN (Resource temporarily unavailable)'
			  if False else '+0 < . 1:1(0) ack 1 win 4000',
			  '+0 > R 1:1(0)']
	elif st in ('established', 'fin-wait-1', 'fin-wait-2', 'close-wait'):
		err = 'ECONNRESET'
		why += 'the connection is reset: CLOSED, the user told "connection reset" (getsockopt SO_ERROR)'
		lines += ['+0 getsockopt(4, SOL_SOCKET, SO_ERROR, [%s], [4]) = 0' % err,
			  '+0 < . %d:%d(0) ack %d win 4000' % (rn, rn, sn),
			  '+0 > R %d:%d(0)' % (sn, sn)]
	else:
		why += 'CLOSED at once (RFC 9293: "enter the CLOSED state, delete the TCB, and return")'
		lines += ['+0 < . %d:%d(0) ack %d win 4000' % (rn, rn, sn),
			  '+0 > R %d:%d(0)' % (sn, sn)]
	return ('at RCV.NXT exactly', why, lines)

def term_ack(st, rn, su, sn):
	if st == 'syn-received':
		return ('an acceptable ACK (SND.UNA < SEG.ACK =< SND.NXT) at RCV.NXT',
			'RFC 9293 §3.10.7.4 fifth check, SYN-RECEIVED: "enter ESTABLISHED"; accept() returns it',
			['+0 < . 1:1(0) ack 1 win 4000', '+0 accept(3, ..., ...) = 4'])
	if su == sn:
		return None
	nxt = {'fin-wait-1': 'FIN-WAIT-2', 'closing': 'TIME-WAIT', 'last-ack': 'CLOSED'}[st]
	lines = ['+0 < . %d:%d(0) ack %d win 4000' % (rn, rn, sn)]
	if st == 'last-ack':
		lines += ['+0 < . %d:%d(0) ack %d win 4000' % (rn, rn, sn), '+0 > R %d:%d(0)' % (sn, sn)]
	else:
		lines += ['+0 < . %d:%d(0) ack %d win 4000' % (RE + 1000, RE + 1000, sn), '+0 %s' % ackseg(sn, rn)]
	return ('the ACK of our FIN, at RCV.NXT',
		'RFC 9293 §3.10.7.4 fifth check, %s: our FIN acknowledged: %s%s' % (
		    STATES[st][0], nxt, ' (a later segment finds no connection: RST)' if nxt == 'CLOSED' else ' (still answers an unacceptable segment)'),
		lines)

def term_fin(st, rn, su, sn, acked):
	if st == 'syn-received':
		return ('FIN with the ACK of our SYN, at RCV.NXT',
			'RFC 9293 §3.10.7.4: the ACK makes it ESTABLISHED, the FIN then CLOSE-WAIT: acknowledged at once; read() gives end of file',
			['+0 < F. 1:1(0) ack 1 win 4000', '+0 %s' % ackseg(1, 2),
			 '+0 accept(3, ..., ...) = 4', '+0 read(4, ..., 10) = 0'])
	if STATES[st][6]:	# a FIN came already: its retransmission
		return ('the retransmitted FIN (SEG.SEQ = RCV.NXT - 1)',
			'RFC 9293 §3.10.7.4 first check: old, not acceptable: acknowledged <SEQ=SND.NXT><ACK=RCV.NXT>'
			+ (' ("acknowledge it, and restart the 2 MSL timeout")' if st == 'time-wait' else ''),
			['+0 < F. %d:%d(0) ack %d win 4000' % (rn - 1, rn - 1, acked), '+0 %s' % ackseg(sn, rn)])
	nxt = {'established': 'CLOSE-WAIT', 'fin-wait-1': 'CLOSING', 'fin-wait-2': 'TIME-WAIT'}[st]
	lines = ['+0 < F. %d:%d(0) ack %d win 4000' % (rn, rn, acked), '+0 %s' % ackseg(sn, rn + 1),
		 '+0 read(4, ..., 10) = 0']
	return ('at RCV.NXT', 'RFC 9293 §3.10.7.4 eighth step: the FIN is acknowledged at once, RCV.NXT advances over it, %s; read() gives end of file' % nxt, lines)

def term_data(st, rn, su, sn, acked):
	if st == 'syn-received':
		return ('at RCV.NXT with the ACK of our SYN',
			'RFC 9293 §3.10.7.4 fifth check: ESTABLISHED; seventh step: the text is taken (acknowledged within the delayed-ACK time, RFC 9293 §3.8.6.3)',
			['+0 < P. 1:101(100) ack 1 win 4000', '+.04 %s' % ackseg(1, 101),
			 '+0 accept(3, ..., ...) = 4', '+0 read(4, ..., 1000) = 100'])
	if STATES[st][6]:
		return None
	return ('at RCV.NXT (left edge)',
		'RFC 9293 §3.10.7.4 seventh step: the text is taken and RCV.NXT advances; RFC 5681 §4.2: it fills the hole before the held segments, so the ACK goes at once and covers them up to the first gap',
		['+0 < P. %d:%d(100) ack %d win 4000' % (rn, rn + 100, acked),
		 '+0 %s' % ackseg(sn, rn + 200),
		 '+0 read(4, ..., 1000) = 200'])

def term_synrcvd_syn(fl, ak, kind):
	if kind == 'syn-ack':
		return ('a SYN-ACK with an acceptable ACK at RCV.NXT',
			'RFC 5961 §4.2 / RFC 9293 §3.10.7.4 fourth check: a SYN in SYN-RECEIVED after the sequence check: passive OPEN: back to LISTEN; the user is not told',
			['+0 < S. 1:1(0) ack 1 win 4000', '+0 < . 1:1(0) ack 1 win 4000', '+0 > R 1:1(0)'])
	return ('the peer\'s SYN again (SEG.SEQ = IRS)',
		'RFC 9293 §3.10.7.4: a retransmitted SYN is a duplicate; our SYN-ACK is sent again (RFC 9293 §3.5 Figure 9: the peer never saw it)',
		['+0 < %s 0:0(0) win 4000 <mss 1000>' % fl, '+0 > S. 0:0(0) ack 1 <mss MSS>'])

KINDS = ['syn', 'syn-ack', 'ack', 'rst', 'rst-ack', 'fin', 'fin-ack', 'data', 'syn-fin']
KNAME = {'syn': 'SYN', 'syn-ack': 'SYN-ACK', 'ack': 'ACK', 'rst': 'RST (no ACK bit)',
	 'rst-ack': 'RST-ACK', 'fin': 'FIN without the ACK bit', 'fin-ack': 'FIN-ACK',
	 'data': '100 octets of data (PSH-ACK)', 'syn-fin': 'SYN+FIN'}

def kernel_mark(st, kind, C, term):
	"""Whether Linux does what the RFC says here, and if not why."""
	why = []
	if any(c.where.startswith('right edge') or c.where.startswith('outside, just') or c.where.startswith('straddling') for c in C):
		why.append('the window edges: Linux offers less than its buffer (tcp_rmem halved, rounded to the MSS), not 4000')
	if STATES[st][7] == '+0' and sum(1 for c in C if c.resp) > 1:
		why.append('Linux rate-limits out-of-window and challenge ACKs to one per 500 ms (tcp_invalid_ratelimit); here they come at once, before our FIN\'s retransmission')
	if kind == 'fin' and any(c.resp for c in C):
		why.append('Linux drops a segment with none of ACK, RST, SYN before its sequence check, so it never answers an out-of-window bare FIN')
	if st == 'time-wait' and kind in ('data', 'rst', 'rst-ack'):
		why.append('in TIME-WAIT Linux ACKs every segment but an exact RST and a bare ACK at RCV.NXT (tcp_timewait_state_process), and ignores an in-window RST elsewhere instead of a challenge ACK')
	if st in ('close-wait', 'last-ack', 'closing') and kind == 'data':
		pass
	if st == 'close-wait' and kind in ('rst', 'rst-ack'):
		why.append('Linux reports a RST in CLOSE-WAIT as EPIPE, not ECONNRESET (tcp_reset)')
	if st == 'syn-received':
		why.append('Linux keeps a request socket in SYN-RECEIVED (tcp_check_req): it answers an out-of-window segment with a SYN-ACK or drops it, and a RST or SYN there ends the request silently')
	if kind == 'data' and st in ('established', 'fin-wait-1', 'fin-wait-2') :
		why.append('Linux\'s quick-ACK mode at the start of a connection')
	if why:
		return 'differs: ' + '; '.join(why)
	return 'same'

def write(st, kind, v6, outdir):
	(name, how, pre, rn, su, sn, finrcvd, gap) = STATES[st]
	C, term = cases_for(st, kind)
	mss = 1440 if v6 else 1460
	L = []
	L.append('// %s x %s%s: every place it can fall in the window.' % (name, KNAME[kind], ' (IPv6)' if v6 else ''))
	L.append('// Generated by tests/pkt/gen/states.py from the RFC rules written there.')
	L.append('// RFC 9293 §3.10.7.4 (SEGMENT ARRIVES, otherwise), RFC 5961 §3-§5.')
	L.append('// State reached by: %s; RCV.NXT = %d, SND.UNA = %d, SND.NXT = %d,' % (how, rn, su, sn))
	L.append('// RCV.WND = %d (window [%d, %d)).' % (RE - rn, rn, RE))
	L.append('// kernel: %s' % kernel_mark(st, kind, C, term))
	L.append('// cases: %d' % (len(C) + (1 if term else 0)))
	if v6:
		L.append('--ip_version=ipv6')
	L.append(SYSCTL)
	L += opening(v6)
	L += pre
	for i, c in enumerate(C):
		L.append('')
		L.append('// %s: %s' % (c.where, c.why))
		L.append('%s %s' % (gap if i or pre else '+0', c.seg))
		for r in c.resp:
			L.append('+0 %s' % r)
	if term:
		where, why, lines = term
		L.append('')
		L.append('// %s: %s' % (where, why))
		g = gap if C else '+0'
		first = True
		for ln in lines:
			ln = ln.replace('MSS', str(mss))
			if first:
				ln = g + ln[2:] if ln.startswith('+0') else ln
				first = False
			L.append(ln)
	else:
		# The connection is still there: it answers an unacceptable segment.
		L.append('')
		L.append('// still %s: an unacceptable segment draws <SEQ=SND.NXT><ACK=RCV.NXT> (RFC 9293 §3.10.7.4)' % name)
		L.append('%s < . %d:%d(0) ack %d win 4000' % (gap, RE + 1000, RE + 1000, su if st != 'syn-received' else 1))
		L.append('+0 %s' % ackseg(sn, rn))
	path = os.path.join(outdir, '%s-%s.pkt' % (st, kind))
	with open(path, 'w') as f:
		f.write('\n'.join(L) + '\n')
	return len(C) + (1 if term else 0)

# LISTEN, SYN-SENT and CLOSED have no window: each kind is one script
# with its cases (SEG.ACK acceptable or not where it matters).

LISTEN_PRE = [
    '0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3',
    '+0 setsockopt(3, SOL_SOCKET, SO_REUSEADDR, [1], 4) = 0',
    '+0 bind(3, ..., ...) = 0',
    '+0 listen(3, 1) = 0',
]
# After the cases the listener still works: a handshake.
LISTEN_POST = [
    '',
    '// still LISTEN: a SYN is answered and the connection accepted (RFC 9293 §3.10.7.2 third check)',
    '+.6 < S 0:0(0) win 4000 <mss 1000>',
    '+0 > S. 0:0(0) ack 1 <mss MSS>',
    '+.1 < . 1:1(0) ack 1 win 4000',
    '+0 accept(3, ..., ...) = 4',
]
SYNSENT_PRE = [
    '0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3',
    '+0 fcntl(3, F_SETFL, O_RDWR|O_NONBLOCK) = 0',
    '+0 connect(3, ..., ...) = -1 EINPROGRESS (Operation now in progress)',
    '+0 > S 0:0(0) <mss MSS>',
]
# After the cases SYN-SENT still completes with an acceptable SYN-ACK.
SYNSENT_POST = [
    '',
    '// still SYN-SENT: an acceptable SYN-ACK completes the open (RFC 9293 §3.10.7.3 fourth check)',
    '+0 < S. 0:0(0) ack 1 win 4000 <mss 1000>',
    '+0 > . 1:1(0) ack 1',
    '+0 getsockopt(3, SOL_SOCKET, SO_ERROR, [0], [4]) = 0',
]
LA = 'RFC 9293 §3.10.7.2 second check: "Any acknowledgment is bad if it arrives on a connection still in the LISTEN state": <SEQ=SEG.ACK><CTL=RST>'
LR = 'RFC 9293 §3.10.7.2 first check: "An incoming RST segment could not be valid ... ignore it"'
SA = 'RFC 9293 §3.10.7.3 first check: SEG.ACK =< ISS or > SND.NXT: <SEQ=SEG.ACK><CTL=RST>, the segment dropped'
SAR = 'RFC 9293 §3.10.7.3 first check: an unacceptable ACK on a RST: dropped, no reset answers a reset'
SN = 'RFC 9293 §3.10.7.3 fifth check: "if neither of the SYN or RST bits is set, then drop the segment and return"'
CR = 'RFC 9293 §3.10.7.1: "An incoming segment containing a RST is discarded"'
CA = 'RFC 9293 §3.10.7.1: the ACK bit on: <SEQ=SEG.ACK><CTL=RST>'
CN = 'RFC 9293 §3.10.7.1: the ACK bit off: <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK> (SYN and FIN count in SEG.LEN)'

# kind: (cases [(where, segment, [responses], why)], last lines or None, kernel mark)
SIMPLE = {
 'listen': ('LISTEN', 'socket, bind, listen', LISTEN_PRE, LISTEN_POST, {
  'syn': ([], ['+0 < S 0:0(0) win 4000 <mss 1000>', '+0 > S. 0:0(0) ack 1 <mss MSS>',
	       '+.1 < . 1:1(0) ack 1 win 4000', '+0 accept(3, ..., ...) = 4'],
	  'RFC 9293 §3.10.7.2 third check: a SYN: <SEQ=ISS><ACK=RCV.NXT><CTL=SYN,ACK>, SYN-RECEIVED; the ACK of it makes the connection accept() returns', 'same'),
  'syn-ack': ([('SEG.ACK 1000', '< S. 0:0(0) ack 1000 win 4000 <mss 1000>', ['> R 1000:1000(0)'], LA),
	       ('SEG.ACK 0', '< S. 0:0(0) ack 0 win 4000 <mss 1000>', ['> R 0:0(0)'], LA)], None, None, 'same'),
  'ack': ([('SEG.ACK 1000', '< . 1:1(0) ack 1000 win 4000', ['> R 1000:1000(0)'], LA),
	   ('SEG.ACK 0', '< . 1:1(0) ack 0 win 4000', ['> R 0:0(0)'], LA)], None, None, 'same'),
  'rst': ([('any SEQ', '< R 1:1(0) win 4000', [], LR), ('another SEQ', '< R 1000:1000(0) win 4000', [], LR)], None, None, 'same'),
  'rst-ack': ([('any SEQ', '< R. 1:1(0) ack 1000 win 4000', [], LR), ('another SEQ', '< R. 1000:1000(0) ack 0 win 4000', [], LR)], None, None, 'same'),
  'fin': ([('no ACK bit', '< F 1:1(0) win 4000', [],
	    'RFC 9293 §3.10.7.2 fourth check: "Any other control or text-bearing segment (not containing SYN) must have an ACK and thus would have been discarded": dropped')], None, None, 'same'),
  'fin-ack': ([('SEG.ACK 1000', '< F. 1:1(0) ack 1000 win 4000', ['> R 1000:1000(0)'], LA)], None, None, 'same'),
  'data': ([('with the ACK bit', '< P. 1:101(100) ack 1000 win 4000', ['> R 1000:1000(0)'], LA),
	    ('without the ACK bit', '< P 1:101(100) win 4000', [],
	     'RFC 9293 §3.10.7.2 fourth check: text without SYN or ACK: dropped')], None, None, 'same'),
 }),
 'syn-sent': ('SYN-SENT', 'a non-blocking connect()', SYNSENT_PRE, SYNSENT_POST, {
  'syn': ([], ['+0 < S 0:0(0) win 4000 <mss 1000>', '+0 > S. 0:0(0) ack 1 <mss MSS>',
	       '+.1 < . 1:1(0) ack 1 win 4000', '+0 getsockopt(3, SOL_SOCKET, SO_ERROR, [0], [4]) = 0'],
	  'RFC 9293 §3.10.7.3 fourth check, simultaneous open (§3.5 Figure 8): a SYN without ACK: SYN-RECEIVED, <SEQ=ISS><ACK=RCV.NXT><CTL=SYN,ACK>; its ACK makes ESTABLISHED', 'same'),
  'syn-ack': ([('SEG.ACK = ISS', '< S. 0:0(0) ack 0 win 4000 <mss 1000>', ['> R 0:0(0)'], SA),
	       ('SEG.ACK = SND.NXT + 1', '< S. 0:0(0) ack 2 win 4000 <mss 1000>', ['> R 2:2(0)'], SA)], None, None,
	      'differs: after an unacceptable ACK in SYN-SENT Linux resends its SYN after 200 ms (TCP_TIMEOUT_MIN), which this script does not expect'),
  'ack': ([('SEG.ACK = ISS', '< . 1:1(0) ack 0 win 4000', ['> R 0:0(0)'], SA),
	   ('SEG.ACK = SND.NXT + 1', '< . 1:1(0) ack 2 win 4000', ['> R 2:2(0)'], SA),
	   ('SEG.ACK acceptable (= SND.NXT)', '< . 1:1(0) ack 1 win 4000', [], SN)], None, None,
	  'differs: after an unacceptable ACK in SYN-SENT Linux resends its SYN after 200 ms (TCP_TIMEOUT_MIN)'),
  'rst': ([('no ACK bit', '< R 0:0(0) win 4000', [],
	    'RFC 9293 §3.10.7.3 second check / RFC 5961 §3.2: a RST in SYN-SENT is acceptable only if its ACK acknowledges the SYN: dropped')], None, None, 'same'),
  'rst-ack': ([('SEG.ACK = ISS', '< R. 0:0(0) ack 0 win 4000', [], SAR),
	       ('SEG.ACK = SND.NXT + 1', '< R. 0:0(0) ack 2 win 4000', [], SAR)],
	      ['+0 < R. 0:0(0) ack 1 win 4000', '+0 getsockopt(3, SOL_SOCKET, SO_ERROR, [ECONNREFUSED], [4]) = 0',
	       '+0 < . 1:1(0) ack 1 win 4000', '+0 > R 1:1(0)'],
	      'RFC 9293 §3.10.7.3 second check: a RST with an acceptable ACK: "the user should be warned \'connection reset\'", CLOSED (Linux\'s errno: ECONNREFUSED); a later segment finds no connection', 'same'),
  'fin': ([('no ACK bit', '< F 0:0(0) win 4000', [], SN)], None, None, 'same'),
  # SYN+FIN without ACK (simultaneous open): known-fail/syn-sent-syn-fin.pkt
  'syn-fin': ([('SEG.ACK = SND.NXT + 1', '< SF. 0:0(0) ack 2 win 4000 <mss 1000>', ['> R 2:2(0)'], SA)],
	      ['+0 < SF. 0:0(0) ack 1 win 4000 <mss 1000>', '+0 > . 1:1(0) ack 2',
	       '+0 read(3, ..., 10) = 0', '+0 getsockopt(3, SOL_SOCKET, SO_ERROR, [0], [4]) = 0'],
	      'RFC 9293 §3.10.7.3 fourth check: a SYN-ACK with an acceptable ACK: ESTABLISHED; "if there are other controls or text in the segment, then continue processing at the sixth step": the FIN makes CLOSE-WAIT, acknowledged at once, read() gives end of file',
	      'differs: after an unacceptable ACK in SYN-SENT Linux resends its SYN after 200 ms (TCP_TIMEOUT_MIN)'),
  'fin-ack': ([('SEG.ACK = SND.NXT + 1', '< F. 0:0(0) ack 2 win 4000', ['> R 2:2(0)'], SA),
	       ('SEG.ACK acceptable', '< F. 0:0(0) ack 1 win 4000', [], SN)], None, None,
	      'differs: after an unacceptable ACK in SYN-SENT Linux resends its SYN after 200 ms (TCP_TIMEOUT_MIN)'),
  'data': ([('SEG.ACK = SND.NXT + 1', '< P. 0:100(100) ack 2 win 4000', ['> R 2:2(0)'], SA),
	    ('SEG.ACK acceptable, no SYN', '< P. 0:100(100) ack 1 win 4000', [], SN),
	    ('no ACK bit', '< P 0:100(100) win 4000', [], SN)], None, None,
	   'differs: after an unacceptable ACK in SYN-SENT Linux resends its SYN after 200 ms (TCP_TIMEOUT_MIN)'),
 }),
 'closed': ('CLOSED', 'nothing: no socket on the port', [], None, {
  'syn': ([('SEQ 0', '< S 0:0(0) win 4000 <mss 1000>', ['> R. 0:0(0) ack 1'], CN)], None, None, 'same'),
  'syn-ack': ([('SEG.ACK 1000', '< S. 0:0(0) ack 1000 win 4000 <mss 1000>', ['> R 1000:1000(0)'], CA)], None, None, 'same'),
  'ack': ([('SEG.ACK 1000', '< . 1:1(0) ack 1000 win 4000', ['> R 1000:1000(0)'], CA)], None, None, 'same'),
  'rst': ([('any SEQ', '< R 1:1(0) win 4000', [], CR)], None, None, 'same'),
  'rst-ack': ([('any SEQ', '< R. 1:1(0) ack 1000 win 4000', [], CR)], None, None, 'same'),
  'fin': ([('no ACK bit', '< F 1:1(0) win 4000', ['> R. 0:0(0) ack 2'], CN)], None, None, 'same'),
  'fin-ack': ([('SEG.ACK 1000', '< F. 1:1(0) ack 1000 win 4000', ['> R 1000:1000(0)'], CA)], None, None, 'same'),
  'data': ([('with the ACK bit', '< P. 1:101(100) ack 1000 win 4000', ['> R 1000:1000(0)'], CA),
	    ('without the ACK bit', '< P 1:101(100) win 4000', ['> R. 0:0(0) ack 101'], CN)], None, None, 'same'),
  'syn-fin': ([('SEQ 0', '< SF 0:0(0) win 4000', ['> R. 0:0(0) ack 2'], CN)], None, None, 'same'),
 }),
}

def write_simple(st, kind, v6, outdir):
	name, how, pre, post, table = SIMPLE[st]
	if kind not in table:
		return 0
	cases, last, lastwhy, mark = table[kind]
	mss = str(1440 if v6 else 1460)
	L = ['// %s x %s%s.' % (name, KNAME[kind], ' (IPv6)' if v6 else ''),
	     '// Generated by tests/pkt/gen/states.py from the RFC rules written there.',
	     '// RFC 9293 §3.10.7.%s; state reached by: %s.' % ({'listen': '2', 'syn-sent': '3', 'closed': '1'}[st], how),
	     '// kernel: %s' % mark,
	     '// cases: %d' % (len(cases) + (1 if last else 0))]
	if v6:
		L.append('--ip_version=ipv6')
	L.append(SYSCTL)
	L += [x.replace('MSS', mss) for x in pre]
	gap = '+0' if st == 'syn-sent' else '+.6'
	for i, (where, sg, resp, why) in enumerate(cases):
		L += ['', '// %s: %s' % (where, why), '%s %s' % (gap if pre or i else '0', sg)]
		L += ['+0 %s' % r for r in resp]
	if last:
		L += ['', '// %s' % lastwhy]
		L += [x.replace('MSS', mss) for x in last]
	elif post:
		L += [x.replace('MSS', mss) for x in post]
	with open(os.path.join(outdir, '%s-%s.pkt' % (st, kind)), 'w') as f:
		f.write('\n'.join(L) + '\n')
	return len(cases) + (1 if last else 0)

def main():
	total = files = 0
	for v6, d in ((False, 'tests/pkt/states'), (True, 'tests/pkt/states-ipv6')):
		os.makedirs(d, exist_ok=True)
		for st in STATES:
			for kind in KINDS:
				total += write(st, kind, v6, d)
				files += 1
		for st in SIMPLE:
			for kind in KINDS:
				n = write_simple(st, kind, v6, d)
				if n:
					total += n
					files += 1
	print('%d scripts, %d cases' % (files, total))

if __name__ == '__main__':
	main()
