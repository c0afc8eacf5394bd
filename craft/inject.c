/*
 * craft/inject.c - link-layer injection: libnet opens the interface (its
 * errors name missing privileges) and finds its MAC address; whole
 * Ethernet frames, built by tcpx, are then written with one sendto()
 * each on libnet's packet socket, whose interface index is looked up
 * once (libnet asks the kernel for it again on every write), or queued
 * and written INJ_BATCH at a time with sendmmsg().
 */
#include <sys/socket.h>
#include <linux/if_packet.h>
#include <net/if.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>

#include <libnet.h>

/* libnet pulls in <netinet/tcp.h>'s TH_* flags; core/wire.h's are ours. */
#undef TH_FIN
#undef TH_SYN
#undef TH_RST
#undef TH_PUSH
#undef TH_ACK
#undef TH_URG
#undef TH_ECE
#undef TH_CWR

#include "core/xmalloc.h"
#include "craft/inject.h"

struct inj {
	libnet_t	*ln;
	char		*ifname;
	uint8_t		 mac[6];
	int		 fd;		/* libnet's packet socket */
	struct sockaddr_ll to;		/* the interface, for sendto() */
	/* Frames queued for inj_flush(): q_n of them, q_used bytes of q_buf. */
	struct mmsghdr	 q_msg[INJ_BATCH];
	struct iovec	 q_iov[INJ_BATCH];
	struct sockaddr_ll q_to[INJ_BATCH];
	uint8_t		*q_buf;		/* INJ_BATCH_BYTES, at the first */
	size_t		 q_n;
	size_t		 q_used;
};

static int	inj_denied(const char *errbuf, int err);
static void	inj_report(struct inj *, size_t, const char *, inj_fail_fn *,
		    void *);

/* Whether a libnet failure (errbuf, errno err) means missing privileges. */
static int
inj_denied(const char *errbuf, int err)
{
	return (err == EPERM || err == EACCES ||
	    strstr(errbuf, "not permitted") != NULL ||
	    strstr(errbuf, "ermission denied") != NULL ||
	    strstr(errbuf, "UID") != NULL ||
	    strstr(errbuf, "CAP_NET_RAW") != NULL);
}

/*
 * Make j's socket send only: libnet opens it for every protocol, so the
 * kernel would queue it a copy of every frame on every interface, which
 * nobody reads.  Bound with protocol 0 it receives nothing (packet(7)).
 */
static void
inj_deaf(struct inj *j)
{
	struct sockaddr_ll	sll;

	if (j->fd == -1 || j->to.sll_ifindex == 0)
		return;
	memset(&sll, 0, sizeof sll);
	sll.sll_family = AF_PACKET;
	sll.sll_protocol = 0;
	sll.sll_ifindex = j->to.sll_ifindex;
	(void)bind(j->fd, (struct sockaddr *)&sll, sizeof sll);
}

/* Open link-layer injection on ifname; NULL with *cause on failure. */
struct inj *
inj_open(const char *ifname, char **cause)
{
	char				 errbuf[LIBNET_ERRBUF_SIZE];
	struct libnet_ether_addr	*ea;
	struct inj			*j;
	libnet_t			*ln;
	size_t				 len;

	errbuf[0] = '\0';
	errno = 0;
	ln = libnet_init(LIBNET_LINK_ADV, ifname, errbuf);
	if (ln == NULL) {
		len = strlen(errbuf);
		while (len > 0 && errbuf[len - 1] == '\n')
			errbuf[--len] = '\0';
		if (inj_denied(errbuf, errno))
			*cause = xasprintf("inject: opening %s for injection "
			    "needs CAP_NET_RAW (run as root)", ifname);
		else
			*cause = xasprintf("inject: %s: %s", ifname,
			    *errbuf != '\0' ? errbuf : "libnet_init failed");
		return (NULL);
	}
	if ((ea = libnet_get_hwaddr(ln)) == NULL) {
		*cause = xasprintf("inject: %s: no MAC address: %s", ifname,
		    libnet_geterror(ln));
		libnet_destroy(ln);
		return (NULL);
	}
	/* Not for the programs `lab exec` and `lab sh` start. */
	if (libnet_getfd(ln) != -1)
		(void)fcntl(libnet_getfd(ln), F_SETFD, FD_CLOEXEC);
	j = xcalloc(1, sizeof *j);
	j->ln = ln;
	j->ifname = xstrdup(ifname);
	memcpy(j->mac, ea->ether_addr_octet, 6);
	j->fd = libnet_getfd(ln);
	j->to.sll_family = AF_PACKET;
	j->to.sll_ifindex = (int)if_nametoindex(ifname);
	j->to.sll_halen = 6;
	inj_deaf(j);
	return (j);
}

/* The interface's MAC address. */
void
inj_mac(const struct inj *j, uint8_t mac[6])
{
	memcpy(mac, j->mac, 6);
}

/* Send one complete link-layer frame; 0, or -1 with *cause. */
int
inj_send(struct inj *j, const uint8_t *frame, size_t len, char **cause)
{
	int	n;

	if (len > UINT32_MAX) {
		*cause = xasprintf("inject: %s: frame of %zu bytes too long",
		    j->ifname, len);
		return (-1);
	}
	if (j->fd == -1 || j->to.sll_ifindex == 0 || len < 14) {
		n = libnet_adv_write_link(j->ln, frame, (uint32_t)len);
		if (n == -1 || (size_t)n != len) {
			*cause = xasprintf("inject: %s: sending %zu bytes: %s",
			    j->ifname, len, n == -1 ? libnet_geterror(j->ln) :
			    "short write");
			return (-1);
		}
		return (0);
	}
	/* The frame's own EtherType, as the kernel would read it. */
	memcpy(&j->to.sll_protocol, frame + 12, 2);
	n = (int)sendto(j->fd, frame, len, 0, (struct sockaddr *)&j->to,
	    sizeof j->to);
	if (n == -1 || (size_t)n != len) {
		*cause = xasprintf("inject: %s: sending %zu bytes: %s",
		    j->ifname, len, n == -1 ? strerror(errno) : "short write");
		return (-1);
	}
	return (0);
}

/* Tell fail that a frame of len bytes was refused for why. */
static void
inj_report(struct inj *j, size_t len, const char *why, inj_fail_fn *fail,
    void *arg)
{
	char	*cause;

	cause = xasprintf("inject: %s: sending %zu bytes: %s", j->ifname, len,
	    why);
	fail(arg, cause);
	free(cause);
}

/* Queue a copy of one frame for inj_flush(); flush first when full. */
void
inj_queue(struct inj *j, const uint8_t *frame, size_t len, inj_fail_fn *fail,
    void *arg)
{
	struct mmsghdr	*m;
	char		*cause = NULL;

	if (j->fd == -1 || j->to.sll_ifindex == 0 || len < 14 ||
	    len > INJ_BATCH_BYTES) {
		/* Not for sendmmsg(): by itself, after what is queued. */
		(void)inj_flush(j, fail, arg);
		if (inj_send(j, frame, len, &cause) != 0) {
			fail(arg, cause);
			free(cause);
		}
		return;
	}
	if (j->q_n == INJ_BATCH || j->q_used + len > INJ_BATCH_BYTES)
		(void)inj_flush(j, fail, arg);
	if (j->q_buf == NULL)
		j->q_buf = xmalloc(INJ_BATCH_BYTES);
	memcpy(j->q_buf + j->q_used, frame, len);
	j->q_to[j->q_n] = j->to;
	/* The frame's own EtherType, as the kernel would read it. */
	memcpy(&j->q_to[j->q_n].sll_protocol, frame + 12, 2);
	j->q_iov[j->q_n].iov_base = j->q_buf + j->q_used;
	j->q_iov[j->q_n].iov_len = len;
	m = &j->q_msg[j->q_n];
	memset(m, 0, sizeof *m);
	m->msg_hdr.msg_name = &j->q_to[j->q_n];
	m->msg_hdr.msg_namelen = sizeof j->q_to[j->q_n];
	m->msg_hdr.msg_iov = &j->q_iov[j->q_n];
	m->msg_hdr.msg_iovlen = 1;
	j->q_n++;
	j->q_used += len;
}

/* How many frames are queued for the next inj_flush(). */
size_t
inj_queued(const struct inj *j)
{
	return (j->q_n);
}

/* Send the queued frames in order; each refused one goes to fail. */
size_t
inj_flush(struct inj *j, inj_fail_fn *fail, void *arg)
{
	size_t	i = 0, k, failed = 0;
	int	n;

	while (i < j->q_n) {
		n = sendmmsg(j->fd, j->q_msg + i, (unsigned)(j->q_n - i), 0);
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0) {
			/* The first one of the rest failed: skip it. */
			inj_report(j, j->q_iov[i].iov_len, n == -1 ?
			    strerror(errno) : "not sent", fail, arg);
			failed++;
			i++;
			continue;
		}
		for (k = i; k < i + (size_t)n; k++) {
			if (j->q_msg[k].msg_len != j->q_iov[k].iov_len) {
				inj_report(j, j->q_iov[k].iov_len,
				    "short write", fail, arg);
				failed++;
			}
		}
		i += (size_t)n;
	}
	j->q_n = 0;
	j->q_used = 0;
	return (failed);
}

/* Close j (NULL is fine); what is still queued is not sent. */
void
inj_close(struct inj *j)
{
	if (j == NULL)
		return;
	libnet_destroy(j->ln);
	free(j->q_buf);
	free(j->ifname);
	free(j);
}
