/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Raw rtnetlink requests, batches and dumps (see srcroute-nl.h). */
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#include "srcroute-nl.h"

#ifndef NETLINK_CAP_ACK
#define NETLINK_CAP_ACK 10
#endif
#ifndef NETLINK_GET_STRICT_CHK
#define NETLINK_GET_STRICT_CHK 12
#endif

/* What one recv() can bring: the kernel's largest dump part for a reader. */
#define RTNL_RECV_MAX 32768

/*
 * What a batch's answer can be: a bare error (NETLINK_CAP_ACK: 36 bytes,
 * one per datagram). Anything longer is a stale part of an earlier dump,
 * dropped whole by MSG_TRUNC. The small buffer keeps an ip-up on the stack
 * pages pppd already uses: a page first written after a fork costs a
 * copy-on-write fault, which under a virtualised MMU is most of an up.
 */
#define RTNL_ERR_MAX 512

static int bind_groups(int fd, uint32_t portid, uint32_t groups)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK,
				  .nl_pid = portid,
				  .nl_groups = groups };

	return bind(fd, (struct sockaddr *)&sa, sizeof(sa)) ? -errno : 0;
}

/* A bound NETLINK_ROUTE socket and the port id the kernel gave it. */
static int open_bound(struct rtnl *r, int type_flags)
{
	struct sockaddr_nl sa;
	socklen_t len = sizeof(sa);
	int ret;

	r->seq = 0;
	r->fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC | type_flags,
		       NETLINK_ROUTE);
	if (r->fd < 0)
		return -errno;
	ret = bind_groups(r->fd, 0, 0);
	if (ret == 0 && getsockname(r->fd, (struct sockaddr *)&sa, &len) != 0)
		ret = -errno;
	if (ret < 0) {
		rtnl_close(r);
		return ret;
	}
	r->portid = sa.nl_pid;
	return 0;
}

int rtnl_open(struct rtnl *r)
{
	int one = 1, ret;

	ret = open_bound(r, 0);
	if (ret < 0)
		return ret;
	/* without strict checking the kernel ignores dump filters (< 4.20) */
	if (setsockopt(r->fd, SOL_NETLINK, NETLINK_GET_STRICT_CHK, &one,
		       sizeof(one)) != 0 ||
	    setsockopt(r->fd, SOL_NETLINK, NETLINK_CAP_ACK, &one,
		       sizeof(one)) != 0) {
		ret = -errno;
		rtnl_close(r);
	}
	return ret;
}

int rtnl_open_monitor(struct rtnl *r, int rcvbuf)
{
	int ret = open_bound(r, SOCK_NONBLOCK);

	/* best effort: a smaller buffer only overflows sooner, and an
	 * overflow is reported to the reader (nlmon.h) */
	if (ret == 0 && rcvbuf)
		(void)setsockopt(r->fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf,
				 sizeof(rcvbuf));
	return ret;
}

int rtnl_subscribe(struct rtnl *r, uint32_t groups)
{
	/* a bound netlink socket may bind again with its own port id: the
	 * kernel then replaces its first 32 groups (netlink_bind()) */
	return bind_groups(r->fd, r->portid, groups);
}

void rtnl_close(struct rtnl *r)
{
	if (r->fd >= 0)
		close(r->fd);
	r->fd = -1;
}

void *rtnl_msg_init(struct rtnl_msg *m, uint16_t type, uint16_t flags,
		    const void *hdr, size_t hdrlen)
{
	memset(&m->nlh, 0, sizeof(m->nlh));
	m->nlh.nlmsg_len = (uint32_t)NLMSG_LENGTH(hdrlen);
	m->nlh.nlmsg_type = type;
	m->nlh.nlmsg_flags = (uint16_t)(flags | NLM_F_REQUEST);
	memcpy(NLMSG_DATA(&m->nlh), hdr, hdrlen);
	m->nlh.nlmsg_len = NLMSG_ALIGN(m->nlh.nlmsg_len);
	return NLMSG_DATA(&m->nlh);
}

int rtnl_msg_put(struct rtnl_msg *m, uint16_t type, const void *data,
		 size_t len)
{
	size_t at = NLMSG_ALIGN(m->nlh.nlmsg_len);
	/* from the whole message, not its header member: gcc's object size
	 * checks would take the attribute for a write past nlmsg_len */
	struct rtattr *rta = (struct rtattr *)((char *)m + at);

	if (at + RTA_SPACE(len) > sizeof(m->buf))
		return -EMSGSIZE;
	rta->rta_type = type;
	rta->rta_len = (unsigned short)RTA_LENGTH(len);
	memcpy(RTA_DATA(rta), data, len);
	memset((char *)RTA_DATA(rta) + len, 0,
	       RTA_SPACE(len) - RTA_LENGTH(len));
	m->nlh.nlmsg_len = (uint32_t)(at + RTA_SPACE(len));
	return 0;
}

int rtnl_msg_put_u32(struct rtnl_msg *m, uint16_t type, uint32_t v)
{
	return rtnl_msg_put(m, type, &v, sizeof(v));
}

int rtnl_msg_put_u8(struct rtnl_msg *m, uint16_t type, uint8_t v)
{
	return rtnl_msg_put(m, type, &v, sizeof(v));
}

/* One datagram from the kernel; -errno, or its length. */
static ssize_t receive(struct rtnl *r, void *buf, size_t len)
{
	struct sockaddr_nl sa;
	struct iovec iov = { .iov_base = buf, .iov_len = len };
	struct msghdr mh = { .msg_name = &sa,
			     .msg_namelen = sizeof(sa),
			     .msg_iov = &iov,
			     .msg_iovlen = 1 };
	ssize_t n;

	do
		n = recvmsg(r->fd, &mh, 0);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return -errno;
	if (n == 0 || (mh.msg_flags & MSG_TRUNC))
		return -EMSGSIZE;
	return n;
}

static int send_all(struct rtnl *r, struct rtnl_msg *const msgs[], size_t n)
{
	struct sockaddr_nl kernel = { .nl_family = AF_NETLINK };
	struct iovec iov[RTNL_BATCH_MAX];
	struct msghdr mh = { .msg_name = &kernel,
			     .msg_namelen = sizeof(kernel),
			     .msg_iov = iov,
			     .msg_iovlen = n };
	ssize_t sent;

	for (size_t i = 0; i < n; i++) {
		iov[i].iov_base = &msgs[i]->nlh;
		iov[i].iov_len = msgs[i]->nlh.nlmsg_len;
	}
	do
		sent = sendmsg(r->fd, &mh, 0);
	while (sent < 0 && errno == EINTR);
	return sent < 0 ? -errno : 0;
}

/* One datagram if one is queued: its length, 0 if none, or -errno. */
/* The next queued datagram's real length (more than len: it was cut and
 * is gone), 0 when the queue is empty, or -errno. */
static ssize_t receive_queued(struct rtnl *r, void *buf, size_t len)
{
	ssize_t n;

	do
		n = recv(r->fd, buf, len, MSG_DONTWAIT | MSG_TRUNC);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return errno == EAGAIN || errno == EWOULDBLOCK ? 0 : -errno;
	return n;
}

/* The errors of one datagram, matched to the requests by sequence. */
static void note_errors(const void *buf, int len, uint32_t first, size_t n,
			int err[])
{
	const struct nlmsghdr *h;

	for (h = buf; NLMSG_OK(h, len); h = NLMSG_NEXT(h, len)) {
		const struct nlmsgerr *e = NLMSG_DATA(h);
		uint32_t i = h->nlmsg_seq - first;

		/* anything else is a stale answer: not ours to read */
		if (h->nlmsg_type == NLMSG_ERROR && i < n &&
		    h->nlmsg_len >= NLMSG_LENGTH(sizeof(*e)))
			err[i] = e->error > 0 ? -e->error : e->error;
	}
}

/*
 * No acknowledgements: rtnetlink handles a request within the sender's
 * sendmsg() (netlink_unicast_kernel() calls rtnetlink_rcv() directly), so
 * by the time it returns every refusal is queued, and a success says
 * nothing. Reading until the queue is empty then costs one recv() for a
 * batch that went through, instead of one per request; a refusal lost to
 * a full receive buffer shows as ENOBUFS on that recv(), never as success.
 */
int rtnl_batch(struct rtnl *r, struct rtnl_msg *const msgs[], size_t n,
	       int err[])
{
	char buf[RTNL_ERR_MAX] __attribute__((aligned(NLMSG_ALIGNTO)));
	uint32_t first = r->seq + 1;
	ssize_t got;
	int ret;

	if (n > RTNL_BATCH_MAX)
		return -E2BIG;
	for (size_t i = 0; i < n; i++) {
		msgs[i]->nlh.nlmsg_flags |= NLM_F_REQUEST;
		msgs[i]->nlh.nlmsg_flags &= (uint16_t)~NLM_F_ACK;
		msgs[i]->nlh.nlmsg_seq = ++r->seq;
		msgs[i]->nlh.nlmsg_pid = 0;
		err[i] = 0;
	}
	ret = send_all(r, msgs, n);
	if (ret < 0)
		return ret;
	while ((got = receive_queued(r, buf, sizeof(buf))) > 0)
		if ((size_t)got <= sizeof(buf))
			note_errors(buf, (int)got, first, n, err);
	return (int)got;
}

struct dump_read {
	uint32_t seq;
	rtnl_dump_fn *fn;
	void *arg;
	int first_err; /* fn's first error */
	bool done;
	bool interrupted;
};

/* The messages of one datagram; the dump's own error, or 0. */
static int dump_part(struct dump_read *d, const void *buf, int len)
{
	const struct nlmsghdr *h;

	for (h = buf; NLMSG_OK(h, len); h = NLMSG_NEXT(h, len)) {
		if (h->nlmsg_seq != d->seq)
			continue;
		if (h->nlmsg_flags & NLM_F_DUMP_INTR)
			d->interrupted = true;
		if (h->nlmsg_type == NLMSG_DONE) {
			const int *e = NLMSG_DATA(h);

			d->done = true;
			/* with extended acks, DONE may carry an error */
			if (h->nlmsg_len >= NLMSG_LENGTH(sizeof(*e)) && *e < 0)
				return *e;
			return 0;
		}
		if (h->nlmsg_type == NLMSG_ERROR) {
			const struct nlmsgerr *e = NLMSG_DATA(h);

			d->done = true;
			if (h->nlmsg_len < NLMSG_LENGTH(sizeof(*e)))
				return -EIO;
			return e->error > 0 ? -e->error : e->error;
		}
		if (!d->first_err) {
			int ret = d->fn(h, d->arg);

			if (ret < 0)
				d->first_err = ret;
		}
	}
	return 0;
}

int rtnl_dump(struct rtnl *r, struct rtnl_msg *m, rtnl_dump_fn *fn, void *arg)
{
	char buf[RTNL_RECV_MAX] __attribute__((aligned(NLMSG_ALIGNTO)));
	struct rtnl_msg *const one[] = { m };
	struct dump_read d = { .fn = fn, .arg = arg };
	int ret;

	m->nlh.nlmsg_flags |= NLM_F_REQUEST | NLM_F_DUMP;
	m->nlh.nlmsg_seq = d.seq = ++r->seq;
	m->nlh.nlmsg_pid = 0;
	ret = send_all(r, one, 1);
	while (ret == 0 && !d.done) {
		ssize_t got = receive(r, buf, sizeof(buf));

		if (got < 0)
			return (int)got;
		ret = dump_part(&d, buf, (int)got);
	}
	if (ret == 0 && d.interrupted)
		ret = -EAGAIN; /* the tables changed while it was read */
	return ret < 0 ? ret : d.first_err;
}

int rtnl_parse(const struct nlmsghdr *nlh, size_t hdrlen,
	       const struct rtattr *tb[], unsigned int max)
{
	const struct rtattr *a;
	int len;

	memset(tb, 0, sizeof(tb[0]) * (max + 1));
	if (nlh->nlmsg_len < NLMSG_SPACE(hdrlen))
		return -EINVAL;
	len = (int)(nlh->nlmsg_len - NLMSG_SPACE(hdrlen));
	for (a = (const void *)((const char *)NLMSG_DATA(nlh) +
				NLMSG_ALIGN(hdrlen));
	     RTA_OK(a, len); a = RTA_NEXT(a, len))
		if (a->rta_type <= max)
			tb[a->rta_type] = a;
	/* what is left is shorter than an attribute's header: truncated */
	return len >= (int)sizeof(*a) ? -EINVAL : 0;
}

uint32_t rtnl_attr_u32(const struct rtattr *a, uint32_t dflt)
{
	uint32_t v;

	if (!a || RTA_PAYLOAD(a) < sizeof(v))
		return dflt;
	memcpy(&v, RTA_DATA(a), sizeof(v));
	return v;
}

int rtnl_ifindex(struct rtnl *r, const char *ifname)
{
	struct ifreq ifr = { 0 };

	if (strlen(ifname) >= sizeof(ifr.ifr_name))
		return -ENODEV;
	memcpy(ifr.ifr_name, ifname, strlen(ifname));
	/* any socket reaches the device ioctls: no second one needed */
	if (ioctl(r->fd, SIOCGIFINDEX, &ifr) != 0)
		return -errno;
	return ifr.ifr_ifindex;
}

int rtnl_link_state(struct rtnl *r, int ifindex, char *name, size_t len,
		    bool *up)
{
	struct ifreq ifr = { .ifr_ifindex = ifindex };

	if (ioctl(r->fd, SIOCGIFNAME, &ifr) != 0 ||
	    ioctl(r->fd, SIOCGIFFLAGS, &ifr) != 0)
		return -errno;
	snprintf(name, len, "%.*s", (int)sizeof(ifr.ifr_name), ifr.ifr_name);
	*up = ifr.ifr_flags & IFF_UP;
	return 0;
}
