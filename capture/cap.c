/*
 * capture/cap.c - libpcap capture: live handles (immediate mode, BPF
 * filter, inbound-only, non-blocking) and offline pcap/pcapng files (a
 * pcapng file's packet comments read beside libpcap, capture/pcapng.c), with
 * one-line errors that name the interface or file and what is missing.
 */
#include <pcap/pcap.h>
#include <sys/socket.h>
#include <linux/if_packet.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/xmalloc.h"
#include "capture/cap.h"
#include "capture/capring.h"
#include "capture/pcapng.h"
#include "core/wire.h"

#define CAP_SNAPLEN	262144
#define CAP_FILEBUF	(1024 * 1024)	/* stdio buffer for reading a file */
/*
 * The kernel's ring for a live capture: in immediate mode libpcap gives
 * every frame a slot of about the MTU, so libpcap's default 2 MB holds
 * only about a thousand; this holds some 16,000, a sixth of a second at
 * 100,000 frames a second, so bursts do not overflow it.
 */
#define CAP_BUFFER	(32 * 1024 * 1024)
/*
 * Frames a live handle hands over in one turn of the loop: a flood that
 * arrives as fast as it is taken would otherwise keep one dispatch going
 * for ever, and the prompt and the timers wait.
 */
#define CAP_BATCH	256

struct cap {
	pcap_t		*p;
	int		 live;
	int		 dlt;		/* WIRE_DLT_* (a LINKTYPE_ number) */
	int		 pcap_dlt;	/* libpcap's DLT_ value, for its name */
	int		 fd;
	const char	*name;		/* interface or file, for messages */
	char		*namebuf;
	char		*filebuf;	/* the file's stdio buffer, or NULL */
	struct pcapng_notes *notes;	/* a pcapng file's comments, or NULL */
	cap_fn		*fn;
	void		*arg;
	struct capring	 ring;		/* live: the kernel's ring, warmed ahead */
};

static void	cap_deliver(u_char *, const struct pcap_pkthdr *,
		    const u_char *);
static char	*cap_live_error(const char *, int, pcap_t *);
static int	 cap_link_of(int);

/*
 * The link type the decoder knows for libpcap's DLT_ value dlt: libpcap
 * reports some as this system numbers them (DLT_RAW is 12 on Linux, 14 on
 * OpenBSD; a file's LINKTYPE_RAW 101 comes back as DLT_RAW), the decoder
 * takes the file format's numbers.  Others pass unchanged.
 */
static int
cap_link_of(int dlt)
{
	switch (dlt) {
	case DLT_NULL:
		return (WIRE_DLT_NULL);
	case DLT_EN10MB:
		return (WIRE_DLT_EN10MB);
	case DLT_RAW:
		return (WIRE_DLT_RAW);
#ifdef DLT_LOOP
	case DLT_LOOP:
		return (WIRE_DLT_LOOP);
#endif
	case DLT_LINUX_SLL:
		return (WIRE_DLT_LINUX_SLL);
#ifdef DLT_LINUX_SLL2
	case DLT_LINUX_SLL2:
		return (WIRE_DLT_LINUX_SLL2);
#endif
#ifdef DLT_IPV4
	case DLT_IPV4:
		return (WIRE_DLT_IPV4);
#endif
#ifdef DLT_IPV6
	case DLT_IPV6:
		return (WIRE_DLT_IPV6);
#endif
	}
	return (dlt);
}

/* Turn a pcap_activate() failure on ifname into one line for the user. */
static char *
cap_live_error(const char *ifname, int rc, pcap_t *p)
{
	const char	*msg = pcap_geterr(p);

	switch (rc) {
	case PCAP_ERROR_PERM_DENIED:
		return (xasprintf("capture: %s: needs CAP_NET_RAW (run as "
		    "root): %s", ifname, msg));
	case PCAP_ERROR_NO_SUCH_DEVICE:
		return (xasprintf("capture: %s: no such interface", ifname));
	case PCAP_ERROR_IFACE_NOT_UP:
		return (xasprintf("capture: %s: interface is down", ifname));
	default:
		if (rc == PCAP_ERROR && strstr(msg, "ermission") != NULL)
			return (xasprintf("capture: %s: needs CAP_NET_RAW "
			    "(run as root): %s", ifname, msg));
		return (xasprintf("capture: %s: %s", ifname,
		    msg[0] != '\0' ? msg : pcap_statustostr(rc)));
	}
}

/*
 * Ask the kernel not to copy our own outgoing frames to the capture
 * socket (Linux 4.20): libpcap's PCAP_D_IN drops them only after the
 * kernel has cloned each one and we have read it, which halves the rate a
 * flood of answered SYNs can be taken at.  Older kernels refuse; libpcap's
 * own filter then does the same job, only slower.
 */
static void
cap_ignore_outgoing(pcap_t *p)
{
#ifdef PACKET_IGNORE_OUTGOING
	int	on = 1, fd = pcap_fileno(p);

	if (fd != -1)
		(void)setsockopt(fd, SOL_PACKET, PACKET_IGNORE_OUTGOING, &on,
		    sizeof on);
#else
	(void)p;
#endif
}

/* Open a live capture on ifname. */
struct cap *
cap_open_live(const char *ifname, const char *filter, int inbound_only,
    char **cause)
{
	char			 errbuf[PCAP_ERRBUF_SIZE];
	struct bpf_program	 prog;
	struct cap		*c;
	pcap_t			*p;
	int			 rc;

	errbuf[0] = '\0';
	if ((p = pcap_create(ifname, errbuf)) == NULL) {
		*cause = xasprintf("capture: %s: %s", ifname, errbuf);
		return (NULL);
	}
	if (pcap_set_snaplen(p, CAP_SNAPLEN) != 0 ||
	    pcap_set_buffer_size(p, CAP_BUFFER) != 0 ||
	    pcap_set_immediate_mode(p, 1) != 0) {
		*cause = xasprintf("capture: %s: cannot set capture options",
		    ifname);
		pcap_close(p);
		return (NULL);
	}
	if ((rc = pcap_activate(p)) < 0) {
		*cause = cap_live_error(ifname, rc, p);
		pcap_close(p);
		return (NULL);
	}
	if (filter != NULL && filter[0] != '\0') {
		if (pcap_compile(p, &prog, filter, 1,
		    PCAP_NETMASK_UNKNOWN) != 0) {
			*cause = xasprintf("capture: %s: bad filter \"%s\": %s",
			    ifname, filter, pcap_geterr(p));
			pcap_close(p);
			return (NULL);
		}
		rc = pcap_setfilter(p, &prog);
		pcap_freecode(&prog);
		if (rc != 0) {
			*cause = xasprintf("capture: %s: cannot set filter "
			    "\"%s\": %s", ifname, filter, pcap_geterr(p));
			pcap_close(p);
			return (NULL);
		}
	}
	if (inbound_only && pcap_setdirection(p, PCAP_D_IN) != 0) {
		*cause = xasprintf("capture: %s: cannot capture inbound only: "
		    "%s", ifname, pcap_geterr(p));
		pcap_close(p);
		return (NULL);
	}
	if (inbound_only)
		cap_ignore_outgoing(p);
	if (pcap_setnonblock(p, 1, errbuf) != 0) {
		*cause = xasprintf("capture: %s: %s", ifname, errbuf);
		pcap_close(p);
		return (NULL);
	}
	c = xcalloc(1, sizeof *c);
	c->p = p;
	c->live = 1;
	capring_find(&c->ring, pcap_fileno(p));
	c->pcap_dlt = pcap_datalink(p);
	c->dlt = cap_link_of(c->pcap_dlt);
	c->fd = pcap_get_selectable_fd(p);
	/* Not for the programs `lab exec` and `lab sh` start. */
	if (c->fd != -1)
		(void)fcntl(c->fd, F_SETFD, FD_CLOEXEC);
	c->namebuf = xstrdup(ifname);
	c->name = c->namebuf;
	return (c);
}

/*
 * Open a pcap or pcapng file ("-": standard input) as pcap_open_offline()
 * does, but with a large stdio buffer: libpcap reads each record with two
 * small fread()s, which would otherwise cost a read(2) every 4 KB.
 */
struct cap *
cap_open_file(const char *path, char **cause)
{
	char		 errbuf[PCAP_ERRBUF_SIZE];
	struct cap	*c;
	pcap_t		*p;
	FILE		*f;
	char		*buf = NULL;

	errbuf[0] = '\0';
	if (strcmp(path, "-") == 0)
		f = stdin;
	else if ((f = fopen(path, "rb")) == NULL) {
		*cause = xstrdup(strerror(errno));
		return (NULL);
	} else {
		buf = xmalloc(CAP_FILEBUF);
		setvbuf(f, buf, _IOFBF, CAP_FILEBUF);
	}
	if ((p = pcap_fopen_offline(f, errbuf)) == NULL) {
		if (f != stdin)
			fclose(f);
		free(buf);
		/* Its messages do not name the file; the caller does. */
		*cause = xstrdup(errbuf[0] != '\0' ? errbuf : "cannot open");
		return (NULL);
	}
	c = xcalloc(1, sizeof *c);
	c->p = p;
	c->filebuf = buf;
	c->pcap_dlt = pcap_datalink(p);
	c->dlt = cap_link_of(c->pcap_dlt);
	c->fd = -1;
	c->namebuf = xstrdup(path);
	c->name = c->namebuf;
	c->notes = pcapng_notes_open(path);
	return (c);
}

/* The descriptor to poll for a live handle (-1 for files). */
int
cap_fd(const struct cap *c)
{
	return (c->fd);
}

/*
 * A live handle's counts since it opened (libpcap's pcap_stats): frames
 * received and frames dropped by the kernel's buffer or the interface;
 * -1 for files or when libpcap cannot say.
 */
int
cap_stats(struct cap *c, unsigned long *recv, unsigned long *drop)
{
	struct pcap_stat	ps;

	if (!c->live || pcap_stats(c->p, &ps) != 0)
		return (-1);
	*recv = ps.ps_recv;
	*drop = (unsigned long)ps.ps_drop + ps.ps_ifdrop;
	return (0);
}

/* The capture's link type. */
int
cap_dlt(const struct cap *c)
{
	return (c->dlt);
}

/*
 * The link type's name as tcpdump says it: "DBUS (D-Bus)", or the bare
 * number when libpcap has no name for it (into buf, len bytes).
 */
const char *
cap_dlt_name(const struct cap *c, char *buf, size_t len)
{
	const char	*name, *desc;

	name = pcap_datalink_val_to_name(c->pcap_dlt);
	desc = pcap_datalink_val_to_description(c->pcap_dlt);
	if (name == NULL)
		snprintf(buf, len, "%d", c->pcap_dlt);
	else if (desc == NULL)
		snprintf(buf, len, "%s", name);
	else
		snprintf(buf, len, "%s (%s)", name, desc);
	return (buf);
}

/* libpcap callback: hand one frame to the user's function. */
static void
cap_deliver(u_char *user, const struct pcap_pkthdr *h, const u_char *data)
{
	struct cap		*c = (struct cap *)user;
	struct cap_frame	 f;

	f.ts = h->ts;
	f.data = data;
	f.caplen = h->caplen;
	f.len = h->len;
	f.dlt = c->dlt;
	f.comment = c->notes != NULL ? pcapng_notes_next(c->notes) : NULL;
	c->fn(c->arg, &f);
}

/* Hand ready frames to fn (at most CAP_BATCH); for files, all to the end. */
int
cap_dispatch(struct cap *c, cap_fn *fn, void *arg, char **cause)
{
	int	n, total = 0;

	c->fn = fn;
	c->arg = arg;
	for (;;) {
		n = pcap_dispatch(c->p, c->live ? CAP_BATCH : -1, cap_deliver,
		    (u_char *)c);
		if (n == PCAP_ERROR) {
			*cause = xasprintf("%s", pcap_geterr(c->p));
			return (-1);
		}
		if (n == PCAP_ERROR_BREAK || n < 0)
			break;
		total += n;
		/* A live handle returns what is ready; a file ends on 0. */
		if (c->live || n == 0)
			break;
	}
	return (total);
}

/* Touch n more bytes of a live capture's ring; the bytes still cold. */
size_t
cap_warm(struct cap *c, size_t n)
{
	return (capring_warm(&c->ring, n));
}

/* The size of a live capture's ring and how much of it is touched. */
void
cap_ring(const struct cap *c, size_t *len, size_t *touched)
{
	*len = c->ring.len;
	*touched = c->ring.warm;
}

/* Close a capture. */
void
cap_close(struct cap *c)
{
	if (c == NULL)
		return;
	pcap_close(c->p);	/* closes a file's stream, then its buffer can go */
	pcapng_notes_close(c->notes);
	free(c->filebuf);
	free(c->namebuf);
	free(c);
}
