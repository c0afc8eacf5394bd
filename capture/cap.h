/*
 * capture/cap.h - libpcap capture: live handles on an interface (immediate
 * mode, BPF filter, inbound-only option) and offline pcap/pcapng files,
 * with pcapng packet comments.
 */
#ifndef TCPX_CAPTURE_CAP_H
#define TCPX_CAPTURE_CAP_H

#include <stddef.h>
#include <stdint.h>
#include <sys/time.h>

struct cap;

/* One captured frame, valid only during the callback. */
struct cap_frame {
	struct timeval	 ts;
	const uint8_t	*data;
	size_t		 caplen;
	size_t		 len;		/* length on the wire */
	int		 dlt;		/* link type (WIRE_DLT_*, a LINKTYPE_ number) */
	const char	*comment;	/* a pcapng file's packet comment, or
					   NULL (capture/pcapng.h) */
};

typedef void cap_fn(void *arg, const struct cap_frame *f);

/*
 * Open a live capture on ifname in immediate mode with BPF filter (may be
 * NULL); inbound_only keeps the frames we inject ourselves out.  Returns
 * NULL with a one-line reason in *cause (malloc'd, caller frees) - naming
 * the missing capability (CAP_NET_RAW) when that is the reason.
 */
struct cap	*cap_open_live(const char *ifname, const char *filter,
		    int inbound_only, char **cause);

/*
 * Open a pcap or pcapng file; NULL with *cause (malloc'd) on failure.  The
 * frames of a pcapng file (not standard input) carry their comments.
 */
struct cap	*cap_open_file(const char *path, char **cause);

/* The descriptor to poll() for readability (live handles only). */
int		 cap_fd(const struct cap *c);

/*
 * A live capture's frames received and dropped (kernel buffer or
 * interface) since it opened; 0, or -1 for files.
 */
int		 cap_stats(struct cap *c, unsigned long *recv,
		    unsigned long *drop);

/*
 * The link type of the capture as the decoder numbers it (WIRE_DLT_*, the
 * pcap file format's LINKTYPE_ numbers); libpcap's own number when the
 * decoder does not know it.
 */
int		 cap_dlt(const struct cap *c);

/*
 * The link type's name as tcpdump prints it, "DBUS (D-Bus)" or "160",
 * written into buf (len bytes) and returned.
 */
const char	*cap_dlt_name(const struct cap *c, char *buf, size_t len);

/*
 * Hand the frames that are ready to fn, at most a batch of them (the
 * loop comes back for the rest); never blocks on a live handle.
 * For files, reads to the end.  Returns the number of frames, or -1 with
 * *cause (malloc'd) on a read error such as a truncated or corrupt file,
 * after handing over the frames before the fault.
 */
int		 cap_dispatch(struct cap *c, cap_fn *fn, void *arg, char **cause);

/*
 * Touch n more bytes of a live capture's ring ahead of the kernel's frames
 * (capture/capring.h: first writes are dear in a VM); the bytes still
 * cold, 0 when all are touched or there is no ring (files too).
 */
size_t		 cap_warm(struct cap *c, size_t n);

/* The size of the capture's ring and how much is touched (0, 0: none). */
void		 cap_ring(const struct cap *c, size_t *len, size_t *touched);

/* Close c (NULL is fine). */
void		 cap_close(struct cap *c);

#endif
