/*
 * tests/unit/test-diagram.c - the sequence diagram's model and layout
 * (cli/diagram.c, cli/diagram-layout.c) on hand-built segment sequences:
 * handshake (a golden ladder), data, four-way close with its TIME-WAIT
 * span, refusal by RST, retransmission, keepalive, simultaneous close,
 * segments held, dropped and edited by the user; widths 100, 80 and 60,
 * ASCII and Unicode, the three time modes.
 */
#include <regex.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/diagram/diagram.h"
#include "core/tracker.h"
#include "core/utf8.h"
#include "tests/tap.h"
#include "tests/unit/unitfix.h"

#define SEC	1000000ULL
#define ISN_A	1000u
#define ISN_B	5000u

static struct endpoint	ep[2];
static uint64_t		now;

/* A segment from end `from` (0: 10.0.0.1:40000, 1: 10.0.0.2:7). */
static struct seg
mkseg(int from, uint16_t flags, uint32_t seq, uint32_t ack, size_t len,
    uint16_t win)
{
	return (unitfix_seg(ep, from, flags, seq, ack, len, win));
}

/* Give s the options of a Linux SYN: mss, sackOK, TS, nop, wscale. */
static void
synopts(struct seg *s, uint16_t mss)
{
	struct tcp_opt	*o = s->th.opt;

	memset(o, 0, 5 * sizeof *o);
	o[0].kind = TCPOPT_MSS;
	o[0].len = 4;
	o[0].u.mss = mss;
	o[1].kind = TCPOPT_SACK_PERM;
	o[1].len = 2;
	o[2].kind = TCPOPT_TIMESTAMP;
	o[2].len = 10;
	o[2].u.ts.val = 12345;
	o[3].kind = TCPOPT_NOP;
	o[3].len = 1;
	o[4].kind = TCPOPT_WSCALE;
	o[4].len = 3;
	o[4].u.wscale = 7;
	s->th.n_opt = 5;
}

/* Feed a segment dt microseconds after the previous one. */
static void
feed(struct dg *d, uint64_t dt, struct seg s)
{
	now += dt;
	dg_add_seg(d, &s, now, DG_DIR_UNKNOWN);
}

/* A model holding a handshake between the test's endpoints. */
static struct dg *
handshake(void)
{
	struct dg	*d = dg_new();
	struct seg	 s;

	now = 1700000000 * SEC;
	s = mkseg(0, TH_SYN, ISN_A, 0, 0, 64240);
	synopts(&s, 1460);
	feed(d, 0, s);
	s = mkseg(1, TH_SYN | TH_ACK, ISN_B, ISN_A + 1, 0, 65160);
	synopts(&s, 1460);
	feed(d, 41, s);
	feed(d, 39, mkseg(0, TH_ACK, ISN_A + 1, ISN_B + 1, 0, 502));
	return (d);
}

/* The text of conversation conv with o, in a malloc'd string. */
static char *
text(const struct dg *d, unsigned conv, const struct dg_opts *o)
{
	char	*buf = NULL;
	size_t	 len = 0;
	FILE	*f = open_memstream(&buf, &len);

	if (dg_text(d, conv, o, f) != 0)
		diag("dg_text failed");
	fclose(f);
	if (getenv("DG_DUMP") != NULL)
		printf("%s", buf);
	return (buf);
}

/* Whether every line of s is at most w columns (as a terminal shows them: CJK two). */
static int
fits(const char *s, unsigned w)
{
	const char	*e;

	for (; *s != '\0'; s = *e == '\n' ? e + 1 : e) {
		e = s + strcspn(s, "\n");
		if (utf8_nwidth(s, (size_t)(e - s)) > w)
			return (0);
	}
	return (1);
}

/* Whether the lifelines of every ladder row sit in the same columns. */
static int
lines_aligned(const struct dg *d, unsigned conv, const struct dg_opts *o)
{
	struct dg_row	*r;
	size_t		 n, i;
	unsigned	 lcol = 0, rcol = 0;
	int		 good = 1;

	if (dg_layout(d, conv, o, &r, &n) != 0)
		return (0);
	for (i = 0; i < n; i++) {
		if (r[i].kind == DG_ROW_TITLE || r[i].kind == DG_ROW_HEAD)
			continue;
		if (lcol == 0) {
			lcol = r[i].cell[DG_C_LLINE].col;
			rcol = r[i].cell[DG_C_RLINE].col;
		}
		if (r[i].cell[DG_C_LLINE].col != lcol ||
		    r[i].cell[DG_C_RLINE].col != rcol ||
		    r[i].cell[DG_C_LLINE].width != 1 ||
		    r[i].cell[DG_C_RLINE].width != 1)
			good = 0;
	}
	dg_rows_free(r, n);
	return (good);
}

static const char golden_handshake[] =
"conversation 1: 10.0.0.1:40000 > 10.0.0.2:7\n"
"    time 10.0.0.1:40000                                                               10.0.0.2:7\n"
"0.000000     SYN-SENT |---- S 0:0(0) win 64240 <mss 1460,sackOK,TS,wscale 7> -------->| LISTEN\n"
"0.000041              |<--- S. 0:0(0) ack 1 win 65160 <mss 1460,sackOK,TS,wscale 7> --| SYN-RECEIVED\n"
"0.000080  ESTABLISHED |---- . 1:1(0) ack 1 win 502 ---------------------------------->| ESTABLISHED\n";

/* The row of conversation 1 whose text contains needle, or NULL. */
static char *
row_with(const struct dg *d, const struct dg_opts *o, const char *needle,
    struct dg_row *out)
{
	struct dg_row	*r;
	size_t		 n, i;
	char		*found = NULL;

	if (dg_layout(d, 1, o, &r, &n) != 0)
		return (NULL);
	for (i = 0; i < n && found == NULL; i++)
		if (strstr(r[i].text, needle) != NULL) {
			*out = r[i];
			found = out->text = strdup(r[i].text);
		}
	dg_rows_free(r, n);
	return (found);
}

/* The golden handshake, and the same at other widths and in Unicode. */
static void
test_handshake(void)
{
	struct dg_opts	 o = { 0 };
	struct dg	*d = handshake();
	struct dg_row	 r;
	char		*t;

	t = text(d, 1, &o);
	is_str(t, golden_handshake, "handshake: the golden ladder at 100");
	ok(fits(t, 100), "handshake fits 100 columns");
	ok(lines_aligned(d, 1, &o), "100: lifelines in fixed columns");
	free(t);

	o.width = 80;
	t = text(d, 1, &o);
	ok(fits(t, 80), "handshake fits 80 columns");
	ok(strstr(t, "SYN-RECEIVED") != NULL && strstr(t, "~") != NULL,
	    "80: full state names, long labels cut with ~");
	ok(lines_aligned(d, 1, &o), "80: lifelines in fixed columns");
	free(t);

	o.width = 60;
	t = text(d, 1, &o);
	ok(fits(t, 60), "handshake fits 60 columns");
	ok(strstr(t, "SYN-RCVD") != NULL && strstr(t, " ESTAB\n") != NULL,
	    "60: short state names");
	ok(strstr(t, "|---- S 0:0(0) win 64240~ ->|") != NULL,
	    "60: the SYN's label is cut, its arrow whole");
	ok(lines_aligned(d, 1, &o), "60: lifelines in fixed columns");
	free(t);

	o.width = 30;
	ok(lines_aligned(d, 1, &o), "30: too narrow, lifelines still whole");

	o.width = 100;
	o.unicode = 1;
	t = text(d, 1, &o);
	ok(fits(t, 100), "Unicode fits 100 columns");
	ok(strstr(t, "\xe2\x94\x9c\xe2\x94\x80\xe2\x94\x80\xe2\x94\x80"
	    "\xe2\x94\x80 S 0:0(0)") != NULL,
	    "Unicode: the SYN leaves the left lifeline with box drawing");
	ok(strstr(t, "\xe2\x94\x82\xe2\x97\x80\xe2\x94\x80") != NULL &&
	    strstr(t, "\xe2\x94\x80\xe2\x94\xa4 SYN-RECEIVED") != NULL,
	    "Unicode: the SYN,ACK goes right to left");
	ok(strstr(t, "\xe2\x96\xb6\xe2\x94\x82 LISTEN") != NULL,
	    "Unicode: arrow head at the responder's lifeline");
	ok(lines_aligned(d, 1, &o), "Unicode: lifelines in fixed columns");
	free(t);

	o.unicode = 0;
	o.time = DG_TIME_ABS;
	setenv("TZ", "UTC", 1);
	tzset();
	t = text(d, 1, &o);
	ok(strstr(t, "\n22:13:20.000041 ") != NULL,
	    "absolute time: time of day with microseconds");
	free(t);
	o.time = DG_TIME_DELTA;
	t = text(d, 1, &o);
	ok(strstr(t, "\n+0.000039 ") != NULL && strstr(t, "\n+0.000000 "),
	    "delta time: since the row above");
	free(t);

	o.time = DG_TIME_REL;
	if (row_with(d, &o, "S. 0:0(0)", &r) != NULL) {
		is_int(r.kind, DG_ROW_ARROW, "SYN,ACK row is an arrow");
		is_int(r.style, DG_S_SYN, "SYN,ACK styled as SYN");
		is_int(r.cell[DG_C_RSTATE].style, DG_S_STATE,
		    "state cell styled as state");
		is_int(r.cell[DG_C_BODY].width, 100 - 9 - 13 - 2 - 13,
		    "body fills the width between the lifelines");
		free(r.text);
	} else
		ok(0, "SYN,ACK row found");
	ok(dg_layout(d, 2, &o, &(struct dg_row *){ NULL }, &(size_t){ 0 }) ==
	    -1, "no conversation 2");
	dg_free(d);
}

/* Data, its ACK, and a four-way close ending in a TIME-WAIT span. */
static void
test_close(void)
{
	struct dg_opts	 o = { 0 };
	struct dg	*d = handshake();
	struct dg_row	 r;
	char		*t;

	feed(d, 1000, mkseg(0, TH_PUSH | TH_ACK, ISN_A + 1, ISN_B + 1, 100,
	    502));
	feed(d, 40, mkseg(1, TH_ACK, ISN_B + 1, ISN_A + 101, 0, 509));
	feed(d, 1000, mkseg(0, TH_FIN | TH_ACK, ISN_A + 101, ISN_B + 1, 0,
	    502));
	feed(d, 40, mkseg(1, TH_ACK, ISN_B + 1, ISN_A + 102, 0, 509));
	feed(d, 1000, mkseg(1, TH_FIN | TH_ACK, ISN_B + 1, ISN_A + 102, 0,
	    509));
	feed(d, 40, mkseg(0, TH_ACK, ISN_A + 102, ISN_B + 2, 0, 502));
	dg_finish(d, DG_FLUSH);
	t = text(d, 1, &o);
	ok(strstr(t, "|---- P. 1:101(100) ack 1 win 502 ---") != NULL,
	    "data arrow with relative numbers");
	ok(strstr(t, "  FIN-WAIT-1 |---- F. 101:101(0) ack 1") != NULL,
	    "our FIN: FIN-WAIT-1 on the left");
	ok(strstr(t, "   FIN-WAIT-2 |<--- . 1:1(0) ack 102") != NULL,
	    "its ACK: FIN-WAIT-2, CLOSE-WAIT on the right");
	ok(strstr(t, "-| CLOSE-WAIT\n") != NULL, "CLOSE-WAIT on the right");
	ok(strstr(t, "-| LAST-ACK\n") != NULL, "LAST-ACK on the right");
	ok(strstr(t, "   TIME-WAIT |---- . 102:102(0) ack 2 ") != NULL &&
	    strstr(t, "->| CLOSED\n") != NULL,
	    "last ACK: TIME-WAIT on the left, CLOSED on the right");
	ok(strstr(t, "\n60.003200       CLOSED : 2MSL timer expired") != NULL,
	    "TIME-WAIT ends 60 s later, by the 2MSL timer");
	ok(fits(t, 100), "close fits 100 columns");
	free(t);
	if (row_with(d, &o, "2MSL", &r) != NULL) {
		is_int(r.kind, DG_ROW_STATE, "expiry is a state row");
		is_int(r.cell[DG_C_LLINE].style, DG_S_SPAN,
		    "the lifeline is a TIME-WAIT span until it ends");
		is_int(r.cell[DG_C_RLINE].style, DG_S_LINE,
		    "the other lifeline is plain");
		free(r.text);
	} else
		ok(0, "expiry row found");
	if (row_with(d, &o, "P. 1:101", &r) != NULL) {
		is_int(r.style, DG_S_DATA, "data styled as data");
		free(r.text);
	} else
		ok(0, "data row found");
	if (row_with(d, &o, "ack 102", &r) != NULL) {
		is_int(r.style, DG_S_ACK, "pure ACK styled as ACK");
		free(r.text);
	} else
		ok(0, "ACK row found");
	o.why = 1;
	t = text(d, 1, &o);
	ok(strstr(t, "responder: sent SYN,ACK seq 5000 ack 1001: it received")
	    != NULL, "--why: a state change's cause as a note");
	ok(fits(t, 100), "notes wrap within 100 columns");
	free(t);
	o.width = 60;
	t = text(d, 1, &o);
	ok(fits(t, 60) && lines_aligned(d, 1, &o),
	    "notes wrap within 60 columns, lifelines whole");
	free(t);
	dg_free(d);
}

/* A SYN refused by RST: the reason is noted. */
static void
test_refused(void)
{
	struct dg_opts	 o = { 0 };
	struct dg	*d = dg_new();
	struct dg_row	 r;
	char		*t;

	now = 1700000000 * SEC;
	feed(d, 0, mkseg(0, TH_SYN, ISN_A, 0, 0, 64240));
	feed(d, 30, mkseg(1, TH_RST | TH_ACK, 0, ISN_A + 1, 0, 0));
	dg_finish(d, DG_FLUSH);
	t = text(d, 1, &o);
	ok(strstr(t, "|<--- R. 0:0(0) ack 1 win 0 ---") != NULL &&
	    strstr(t, "      CLOSED |") != NULL && strstr(t, "-| CLOSED\n"),
	    "RST,ACK: both sides CLOSED");
	ok(strstr(t, "connection refused") != NULL,
	    "the RST's reason is noted");
	free(t);
	if (row_with(d, &o, "R. 0:0(0)", &r) != NULL) {
		is_int(r.style, DG_S_RST, "RST styled as RST");
		free(r.text);
	} else
		ok(0, "RST row found");
	dg_free(d);
}

/* A retransmission and a keepalive probe with its answer. */
static void
test_marks(void)
{
	struct dg_opts	 o = { 0 };
	struct dg	*d = handshake();
	struct dg_row	 r;
	char		*t;

	feed(d, 1000, mkseg(0, TH_PUSH | TH_ACK, ISN_A + 1, ISN_B + 1, 10,
	    502));
	feed(d, 200000, mkseg(0, TH_PUSH | TH_ACK, ISN_A + 1, ISN_B + 1, 10,
	    502));
	feed(d, 40, mkseg(1, TH_ACK, ISN_B + 1, ISN_A + 11, 0, 509));
	feed(d, 7200 * SEC, mkseg(0, TH_ACK, ISN_A + 10, ISN_B + 1, 0, 502));
	feed(d, 40, mkseg(1, TH_ACK, ISN_B + 1, ISN_A + 11, 0, 509));
	t = text(d, 1, &o);
	ok(strstr(t, "|---- [retrans] P. 1:11(10) ack 1") != NULL,
	    "retransmission marked");
	ok(strstr(t, "|---- [keepalive] . 10:10(0) ack 1") != NULL,
	    "keepalive probe marked");
	ok(strstr(t, "|<--- [keepalive ack] . 1:1(0) ack 11") != NULL,
	    "keepalive answer marked");
	ok(strstr(t, "\n7200.201120 ") != NULL,
	    "time column widens for long conversations");
	ok(fits(t, 100) && lines_aligned(d, 1, &o), "marks: layout whole");
	free(t);
	if (row_with(d, &o, "[retrans]", &r) != NULL) {
		is_int(r.style, DG_S_RETRANS, "retransmission styled so");
		free(r.text);
	} else
		ok(0, "retransmission row found");
	if (row_with(d, &o, "[keepalive]", &r) != NULL) {
		is_int(r.style, DG_S_PROBE, "keepalive styled as a probe");
		free(r.text);
	} else
		ok(0, "keepalive row found");
	dg_free(d);
}

/* Both FINs cross: CLOSING on both sides, then TIME-WAIT on both. */
static void
test_simultaneous_close(void)
{
	struct dg_opts	 o = { 0 };
	struct dg	*d = handshake();
	char		*t;

	feed(d, 1000, mkseg(0, TH_FIN | TH_ACK, ISN_A + 1, ISN_B + 1, 0, 502));
	feed(d, 1, mkseg(1, TH_FIN | TH_ACK, ISN_B + 1, ISN_A + 1, 0, 509));
	feed(d, 40, mkseg(0, TH_ACK, ISN_A + 2, ISN_B + 2, 0, 502));
	feed(d, 1, mkseg(1, TH_ACK, ISN_B + 2, ISN_A + 2, 0, 509));
	dg_finish(d, DG_FLUSH);
	t = text(d, 0, &o);
	ok(strstr(t, "  FIN-WAIT-1 |---- F. 1:1(0)") != NULL &&
	    strstr(t, "-| FIN-WAIT-1\n") != NULL, "both FIN-WAIT-1");
	ok(strstr(t, "     CLOSING |---- . 2:2(0) ack 2") != NULL,
	    "the initiator's ACK of the crossing FIN: CLOSING");
	ok(strstr(t, ">| TIME-WAIT\n") != NULL &&
	    strstr(t, "   TIME-WAIT |<--- . 2:2(0) ack 2") != NULL,
	    "both reach TIME-WAIT");
	ok(strstr(t, "\n60.001121              : 2MSL timer expired") !=
	    NULL && strstr(t, "\n60.001122       CLOSED : 2MSL timer") != NULL,
	    "both spans end by the timer, in time order");
	ok(strstr(t, "(RFC 9293 §3.10.8)         : CLOSED\n") != NULL,
	    "the right span is dashed until its own end");
	free(t);
	dg_free(d);
}

/* Time modes by name, as --time and `diagram time=` take them. */
static void
test_time_names(void)
{
	enum dg_time	t = DG_TIME_DELTA;

	ok(dg_time_parse("rel", &t) == 0 && t == DG_TIME_REL,
	    "time: \"rel\" is relative");
	ok(dg_time_parse("absolute", &t) == 0 && t == DG_TIME_ABS,
	    "time: \"absolute\"");
	ok(dg_time_parse("delta", &t) == 0 && t == DG_TIME_DELTA,
	    "time: \"delta\"");
	ok(dg_time_parse("del", &t) == -1 && dg_time_parse("r", &t) == -1 &&
	    dg_time_parse("", &t) == -1 && t == DG_TIME_DELTA,
	    "time: other words are refused and change nothing");
	is_str(dg_time_name(DG_TIME_ABS), "absolute", "time: names back");
}

/* Whether text matches the extended regular expression re (lines anchored). */
static int
matches(const char *text, const char *re)
{
	regex_t	r;
	int	m;

	if (regcomp(&r, re, REG_EXTENDED | REG_NEWLINE | REG_NOSUB) != 0) {
		diag("bad regex %s", re);
		return (0);
	}
	m = regexec(&r, text, 0, NULL, 0) == 0;
	regfree(&r);
	return (m);
}

#define like(t, re, desc)	ok(matches(t, re), desc)
#define unlike(t, re, desc)	ok(!matches(t, re), desc)

/*
 * Step mode's order: the SYN held as #1, its resend held as #2 and
 * dropped, then #1 released.  The original is drawn first, at the time
 * the engine sent it, solid; the dropped resend after it, marked, with
 * the note that says why it was resent under it.
 */
static void
test_held_order(void)
{
	struct dg_opts	 o = { 120, DG_TIME_REL, 0, 0, 0 };
	struct dg	*d = dg_new();
	struct seg	 syn;
	unsigned	 c, id;
	char		*t;

	now = 1700000000 * SEC;
	syn = mkseg(0, TH_SYN, ISN_A, 0, 0, 64240);
	synopts(&syn, 1460);
	dg_hold(d, 1, &syn, now, DG_DIR_OUT, 1);
	id = dg_hold(d, 2, &syn, now + SEC, DG_DIR_OUT, 2);
	ok(id != 0, "dg_hold names the conversation");
	dg_mark_last(d, id, DG_M_RETRANS);
	dg_note_last(d, id, "retransmission #1");
	dg_unhold(d, 2, 1);
	dg_unhold(d, 1, 0);
	dg_add_seg(d, &syn, now + SEC + SEC / 2, DG_DIR_OUT);
	c = dg_conv_next(d, 0);
	t = text(d, c, &o);
	like(t, "\n *0\\.000000 +SYN-SENT \\|---- S 0:0\\(0\\) win 64240 [^\n]*-+>\\|[^\n]*\n"
	    " *1\\.000000 +\\|---- \\[dropped #2\\] \\[retrans\\] S 0:0\\(0\\)[^\n]*x +\\|\n"
	    "[^\n]*retransmission #1",
	    "the original first, on the wire; the dropped resend second, marked, its reason under it");
	unlike(t, "\\[retrans\\] S 0:0\\(0\\) win 64240 <[^\n]*-+>\\|",
	    "the original is not called a resend");
	ok(lines_aligned(d, c, &o), "step order: lifelines aligned");
	free(t);
	dg_free(d);
}

/*
 * A note in Chinese (a pcapng comment, a lesson's words): wrapped between
 * ideographs within the width, two columns each, lifelines in place.
 */
static void
test_cjk_note(void)
{
	struct dg_opts	 o = { 60, DG_TIME_REL, 0, 0, 0 };
	struct dg	*d = dg_new();
	struct seg	 syn;
	unsigned	 c, id;
	char		*t;
	/* "三次握手的第一个报文：客户端发出 SYN，带上自己的初始序列号。" twice */
	const char	*zh = "\xe4\xb8\x89\xe6\xac\xa1\xe6\x8f\xa1\xe6\x89\x8b"
	    "\xe7\x9a\x84\xe7\xac\xac\xe4\xb8\x80\xe4\xb8\xaa\xe6\x8a\xa5"
	    "\xe6\x96\x87\xef\xbc\x9a\xe5\xae\xa2\xe6\x88\xb7\xe7\xab\xaf"
	    "\xe5\x8f\x91\xe5\x87\xba SYN\xef\xbc\x8c\xe5\xb8\xa6\xe4\xb8"
	    "\x8a\xe8\x87\xaa\xe5\xb7\xb1\xe7\x9a\x84\xe5\x88\x9d\xe5\xa7"
	    "\x8b\xe5\xba\x8f\xe5\x88\x97\xe5\x8f\xb7\xe3\x80\x82";
	char		 note[512];

	snprintf(note, sizeof note, "%s%s", zh, zh);
	now = 1700000000 * SEC;
	syn = mkseg(0, TH_SYN, ISN_A, 0, 0, 64240);
	synopts(&syn, 1460);
	id = dg_hold(d, 1, &syn, now, DG_DIR_OUT, 1);
	dg_note_last(d, id, note);
	c = dg_conv_next(d, 0);
	t = text(d, c, &o);
	ok(fits(strchr(t, '\n') + 1, 60), "a Chinese note wraps within 60 columns (the title aside)");
	like(t, "\xe4\xb8\x89\xe6\xac\xa1", "and is shown");
	unlike(t, "\n[^\n]*\\| *\xef\xbc\x8c", "no line starts with a comma");
	ok(lines_aligned(d, c, &o), "Chinese note: lifelines aligned");
	o.width = 40;
	free(t);
	t = text(d, c, &o);
	ok(fits(strchr(strchr(t, '\n') + 1, '\n') + 1, 40) &&
	    lines_aligned(d, c, &o), "and at 40 columns (title and heads aside)");
	free(t);
	dg_free(d);
}

/*
 * What the user does between the engine and the wire: a SYN held before
 * anything was on the wire gets an orphan conversation that the wire's
 * adopts; held arrows are dotted and go when released; dropped ones stay,
 * ending short; an edited one is marked; lifelines stay aligned.
 */
static void
test_held(void)
{
	struct dg_opts	 o = { 120, DG_TIME_REL, 0, 0, 0 };
	struct dg	*d = dg_new();
	struct seg	 syn, ack;
	unsigned	 c, conv;
	size_t		 n;
	char		*t;

	now = 1700000000 * SEC;
	syn = mkseg(0, TH_SYN, ISN_A, 0, 0, 64240);
	synopts(&syn, 1460);
	dg_hold(d, 11, &syn, now, DG_DIR_OUT, 1);
	c = dg_conv_next(d, 0);
	ok(c != 0 && dg_conv_next(d, c) == 0, "held SYN: one conversation");
	t = text(d, c, &o);
	like(t, "^conversation -: 10\\.0\\.0\\.1:40000 \\(us\\) > 10\\.0\\.0\\.2:7 "
	    "\\(nothing on the wire yet\\)\n", "held SYN: an orphan, titled so");
	like(t, "\n *0\\.000000 +\\|\\.\\.\\.\\. \\[held #1\\] S 0:0\\(0\\) win 64240 "
	    "<mss 1460,sackOK,TS,wscale 7> \\.+>\\|\n", "held SYN: a dotted arrow");
	ok(lines_aligned(d, c, &o), "held SYN: lifelines aligned");
	free(t);

	/*
	 * Released: the arrow stays, dotted and no longer held, until its
	 * wire copy comes; that is drawn in its place, in the tracker's
	 * conversation, which adopts the orphan.
	 */
	dg_unhold(d, 11, 0);
	dg_items(d, c, &n);
	is_int(n, 1, "released: the arrow keeps its place");
	t = text(d, c, &o);
	like(t, "\n *0\\.000000 +\\|\\.\\.\\.\\. S 0:0\\(0\\) win 64240 ",
	    "released: dotted until it is on the wire, no longer held");
	free(t);
	now += 5;
	dg_add_seg(d, &syn, now, DG_DIR_OUT);
	conv = dg_conv_next(d, 0);
	ok(conv != 0 && conv != c && dg_conv_next(d, conv) == 0,
	    "on the wire: the tracker's conversation, the orphan adopted");
	dg_items(d, conv, &n);
	is_int(n, 1, "on the wire: one arrow, the released one");
	ack = mkseg(1, TH_SYN | TH_ACK, ISN_B, ISN_A + 1, 0, 65160);
	synopts(&ack, 1460);
	feed(d, 40, ack);

	/* The handshake's ACK: held, edited, released; then data dropped by a fault. */
	ack = mkseg(0, TH_ACK, ISN_A + 1, ISN_B + 1, 0, 502);
	dg_hold(d, 12, &ack, now + 10, DG_DIR_OUT, 2);
	t = text(d, conv, &o);
	like(t, "\\|\\.\\.\\.\\. \\[held #2\\] \\. 1:1\\(0\\) ack 1 win 502 \\.+>\\|\n",
	    "held ACK: numbers relative to the ISNs");
	free(t);
	dg_hold(d, 13, &ack, now + 20, DG_DIR_OUT, 0);
	dg_unhold(d, 12, 0);
	ack.th.win = 777;
	feed(d, 30, ack);
	dg_mark_last(d, conv, DG_M_EDITED);
	dg_unhold(d, 99, 0);		/* unknown keys are ignored */
	t = text(d, conv, &o);
	unlike(t, "held #2", "released: no pending arrow left");
	like(t, "\\|\\.\\.\\.\\. \\[delayed\\] \\. 1:1\\(0\\)", "a fault's delay: pending too");
	like(t, "ESTABLISHED \\|---- \\[edited\\] \\. 1:1\\(0\\) ack 1 win 777 -+>\\| "
	    "ESTABLISHED\n", "the edited wire copy is marked");
	free(t);
	dg_unhold(d, 13, 1);
	dg_offwire(d, &ack, now + 50, DG_DIR_OUT, 0, DG_M_DROPPED);
	ack = mkseg(1, TH_ACK | TH_PUSH, ISN_B + 1, ISN_A + 1, 10, 509);
	dg_offwire(d, &ack, now + 60, DG_DIR_IN, 0, DG_M_DROPPED);
	dg_offwire(d, &ack, now + 70, DG_DIR_IN, 4, DG_M_EDITED);
	t = text(d, conv, &o);
	like(t, "\\|---- \\[dropped\\] \\. 1:1\\(0\\) ack 1 win 777 -+x   \\|\n",
	    "dropped going out: ends short of the peer");
	like(t, "\\|---- \\[dropped\\] \\. 1:1\\(0\\) ack 1 win 502 -+x   \\|\n",
	    "a delayed one dropped: marked dropped");
	like(t, "\\|   x \\[dropped\\] P\\. 1:11\\(10\\) ack 1 win 509 -+\\|\n",
	    "dropped coming in: short of us");
	like(t, "\\|<\\.\\.\\. \\[edited #4\\] P\\. 1:11\\(10\\) ack 1 win 509 \\.+\\|\n",
	    "what the engine got edited: off the wire, dotted");
	ok(lines_aligned(d, conv, &o), "lifelines aligned with all of them");
	free(t);

	/* A received segment held, then dropped: its wire copy is marked, not drawn twice. */
	{
		size_t	before, after;
		struct seg in = mkseg(1, TH_ACK | TH_PUSH, ISN_B + 11, ISN_A + 1,
		    5, 509);

		dg_add_seg(d, &in, now + 80, DG_DIR_IN);
		dg_items(d, conv, &before);
		dg_hold(d, 21, &in, now + 81, DG_DIR_IN, 5);
		dg_items(d, conv, &after);
		is_int(after, before, "held coming in: no second arrow");
		t = text(d, conv, &o);
		like(t, "\\|<\\.\\.\\. \\[held #5\\] P\\. 11:16\\(5\\) ack 1 win 509 \\.+\\|\n",
		    "held coming in: its wire copy dotted and numbered");
		free(t);
		dg_unhold(d, 21, 1);
		dg_items(d, conv, &after);
		is_int(after, before, "dropped coming in: still one arrow");
		t = text(d, conv, &o);
		like(t, "\\|   x \\[dropped #5\\] P\\. 11:16\\(5\\) ack 1 win 509 -+\\|\n",
		    "dropped coming in: the wire copy ends short of us");
		free(t);
	}
	o.unicode = 1;
	o.width = 60;
	t = text(d, conv, &o);
	like(t, "\xe2\x94\x84 \\[edited #4\\]", "unicode: a dashed shaft");
	like(t, "\xe2\x9c\x95 \\[dropped\\] P", "unicode: a cross where it is lost");
	ok(fits(t, 60) && lines_aligned(d, conv, &o), "width 60: fits, aligned");
	free(t);
	dg_free(d);
}

/*
 * A live session: our end's states are the engine's.  Each goes on the
 * inbound segment that caused it or on the next one we send; two from one
 * segment put the first on a row before it; one with no segment gets a
 * row of its own; the tracker's inferences about our end are not drawn.
 */
static void
test_engine_states(void)
{
	struct dg_opts	 o = { 120, DG_TIME_REL, 0, 0, 0 };
	struct dg	*d = dg_new();
	struct seg	 s;
	char		*t;

	now = 1700000000 * SEC;
	dg_local_state(d, &ep[0], &ep[1], TCP_SYN_SENT, "user OPEN", now, NULL);
	s = mkseg(0, TH_SYN, ISN_A, 0, 0, 64240);
	dg_add_seg(d, &s, now, DG_DIR_OUT);
	s = mkseg(1, TH_SYN | TH_ACK, ISN_B, ISN_A + 1, 0, 65160);
	now += 40;
	dg_add_seg(d, &s, now, DG_DIR_IN);
	dg_local_state(d, &ep[0], &ep[1], TCP_ESTABLISHED, "SYN-ACK acceptable",
	    now, &s);
	s = mkseg(0, TH_ACK, ISN_A + 1, ISN_B + 1, 0, 502);
	dg_add_seg(d, &s, now += 10, DG_DIR_OUT);
	dg_local_state(d, &ep[0], &ep[1], TCP_FIN_WAIT_1, "user CLOSE", now, NULL);
	s = mkseg(0, TH_FIN | TH_ACK, ISN_A + 1, ISN_B + 1, 0, 502);
	dg_add_seg(d, &s, now += 10, DG_DIR_OUT);
	s = mkseg(1, TH_FIN | TH_ACK, ISN_B + 1, ISN_A + 2, 0, 509);
	dg_add_seg(d, &s, now += 40, DG_DIR_IN);
	dg_local_state(d, &ep[0], &ep[1], TCP_FIN_WAIT_2, "our FIN acknowledged",
	    now, &s);
	dg_local_state(d, &ep[0], &ep[1], TCP_TIME_WAIT, "FIN received", now, &s);
	s = mkseg(0, TH_ACK, ISN_A + 2, ISN_B + 2, 0, 502);
	dg_add_seg(d, &s, now += 10, DG_DIR_OUT);
	dg_local_flush(d);
	dg_local_state(d, &ep[0], &ep[1], TCP_CLOSED, "TIME-WAIT timer expired",
	    now + 60 * SEC, NULL);
	dg_local_flush(d);
	dg_finish(d, DG_FLUSH);		/* the tracker's 2MSL timer runs too */
	t = text(d, 1, &o);
	like(t, "\n *0\\.000000 +SYN-SENT \\|---- S 0:0\\(0\\)", "engine: SYN-SENT on our SYN");
	like(t, "ESTABLISHED \\|<--- S\\. 0:0\\(0\\) ack 1 ",
	    "engine: ESTABLISHED on the SYN,ACK that caused it");
	like(t, "\n *[0-9.]+ +\\|---- \\. 1:1\\(0\\) ack 1 win 502 -+>\\| ESTABLISHED\n",
	    "engine: our ACK row has no state of ours (the tracker's is not drawn)");
	like(t, "FIN-WAIT-1 \\|---- F\\. 1:1\\(0\\)", "engine: FIN-WAIT-1 on the FIN it sends");
	like(t, "FIN-WAIT-2 \\| our FIN acknowledged +\\|\n *[0-9.]+ +TIME-WAIT \\|<--- F\\. 1:1\\(0\\) ack 2",
	    "engine: two states from one segment, the first on a row before it");
	like(t, "\n *60\\.[0-9]+ +CLOSED : TIME-WAIT timer expired",
	    "engine: a state with no segment on a row of its own");
	unlike(t, "2MSL timer expired", "engine: the tracker's TIME-WAIT end for our side is not drawn");
	ok(lines_aligned(d, 1, &o), "engine: lifelines aligned");
	free(t);
	dg_free(d);
}

/*
 * Many conversations: dg_text() writes, across its output blocks, exactly
 * the rows dg_layout() gives (trailing spaces cut, a blank line between
 * conversations); the time column fits the largest time shown, wherever
 * it is.
 */
static void
test_many(void)
{
	struct dg_opts	 o = { 0 };
	struct dg	*d = dg_new();
	struct dg_row	*r;
	size_t		 n, i, k, len = 0;
	unsigned	 id;
	char		*t, *want = NULL;
	FILE		*f;

	now = 1700000000 * SEC;
	for (id = 0; id < 300; id++) {
		ep[0].port = (uint16_t)(20000 + id);
		feed(d, 10, mkseg(0, TH_SYN, ISN_A, 0, 0, 64240));
		feed(d, 10, mkseg(1, TH_SYN | TH_ACK, ISN_B, ISN_A + 1, 0,
		    65160));
		for (k = 0; k < 4; k++)
			feed(d, 10, mkseg(0, TH_PUSH | TH_ACK,
			    ISN_A + 1 + k * 100, ISN_B + 1, 100, 502));
	}
	ep[0].port = 40000;
	f = open_memstream(&want, &len);
	for (id = dg_conv_next(d, 0); id != 0; id = dg_conv_next(d, id)) {
		if (id != 1)
			fputc('\n', f);
		if (dg_layout(d, id, &o, &r, &n) != 0)
			break;
		for (i = 0; i < n; i++) {
			k = strlen(r[i].text);
			while (k > 0 && r[i].text[k - 1] == ' ')
				k--;
			fprintf(f, "%.*s\n", (int)k, r[i].text);
		}
		dg_rows_free(r, n);
	}
	fclose(f);
	t = text(d, 0, &o);
	ok(len > 3 * 65536, "many: %zu bytes of text", len);
	ok(strcmp(t, want) == 0, "many: dg_text writes dg_layout's rows");
	free(t);
	free(want);
	dg_free(d);

	/* The widest delta, +100.000000, is on the middle row. */
	d = dg_new();
	now = 1700000000 * SEC;
	feed(d, 0, mkseg(0, TH_SYN, ISN_A, 0, 0, 64240));
	feed(d, 100 * SEC, mkseg(1, TH_SYN | TH_ACK, ISN_B, ISN_A + 1, 0,
	    65160));
	feed(d, 1, mkseg(0, TH_ACK, ISN_A + 1, ISN_B + 1, 0, 502));
	o.time = DG_TIME_DELTA;
	t = text(d, 1, &o);
	like(t, "\n  \\+0\\.000000     SYN-SENT \\|",
	    "many: the time column is as wide as +100.000000");
	like(t, "\n\\+100\\.000000              \\|<--",
	    "many: which is on the middle row");
	ok(lines_aligned(d, 1, &o), "many: lifelines aligned");
	free(t);
	dg_free(d);
}

/*
 * A live session's bound (dg_set_keep): 3000 short conversations with
 * keep 100 leave the newest 100, each drawn as when it was recorded (its
 * text unchanged by evictions and the string pool's compaction); the
 * oldest are gone; without the bound (a file) every one is kept.
 */
static void
test_keep(void)
{
	struct dg	*d = dg_new(), *all = dg_new();
	struct dg_opts	 o;
	struct seg	 s;
	char		*before = NULL, *after;
	size_t		 nit;
	unsigned	 id, n = 0, last = 0, i;
	uint64_t	 items;

	memset(&o, 0, sizeof o);
	o.width = 120;
	o.time = DG_TIME_REL;
	dg_set_keep(d, 100);
	now = 1700000000 * SEC;
	for (i = 0; i < 3000; i++) {
		ep[0].port = (uint16_t)(20000 + i);
		s = mkseg(0, TH_SYN, ISN_A, 0, 0, 64240);
		synopts(&s, 1460);
		feed(d, 10, s);
		dg_add_seg(all, &s, now, DG_DIR_UNKNOWN);
		s = mkseg(1, TH_RST | TH_ACK, 0, ISN_A + 1, 0, 0);
		feed(d, 10, s);
		dg_add_seg(all, &s, now, DG_DIR_UNKNOWN);
		if (i == 2950)
			before = text(d, dg_conv_last(d), &o);
	}
	for (id = dg_conv_next(d, 0); id != 0; id = dg_conv_next(d, id)) {
		n++;
		last = id;
	}
	ok(n <= 101, "keep 100: %u conversations left of 3000", n);
	ok(dg_evicted(d, &items) >= 2899 && items >= 2 * 2899,
	    "keep 100: the others dropped with their items (%lu)",
	    dg_evicted(d, NULL));
	ok(dg_items(d, 1, &nit) == NULL && nit == 0,
	    "keep 100: the first one is gone");
	after = text(d, last - 49, &o);
	ok(before != NULL && strcmp(before, after) == 0, "keep 100: a kept "
	    "one draws as it did before later evictions and compaction");
	n = 0;
	for (id = dg_conv_next(all, 0); id != 0; id = dg_conv_next(all, id))
		n++;
	is_int(n, 3000, "no bound (a file): every conversation kept");
	is_int((long long)dg_evicted(all, NULL), 0, "no bound: none dropped");
	ok(dg_things(d) > 0 && dg_things(d) * 30 == dg_things(all),
	    "keep 100: holds a thirtieth of the items (%llu of %llu)",
	    (unsigned long long)dg_things(d),
	    (unsigned long long)dg_things(all));
	free(before);
	free(after);
	dg_free(d);
	dg_free(all);
	ep[0].port = 40000;
}

int
main(void)
{
	if (addr_parse(&ep[0].addr, "10.0.0.1") != 0 ||
	    addr_parse(&ep[1].addr, "10.0.0.2") != 0)
		abort();
	test_time_names();
	ep[0].port = 40000;
	ep[1].port = 7;
	test_handshake();
	test_close();
	test_refused();
	test_marks();
	test_simultaneous_close();
	test_held();
	test_held_order();
	test_cjk_note();
	test_engine_states();
	test_many();
	test_keep();
	return (done_testing());
}
