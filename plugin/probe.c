/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Link-check probes over the PPP interface (contract in probe.h). */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/icmp6.h>
#include <netinet/ip.h>
#include <netinet/ip_icmp.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "probe.h"

/* Echo request without payload: the header is all a reply must match. */
struct echo {
	uint8_t type, code;
	uint16_t checksum, id, seq;
};

static uint16_t inet_checksum(const void *data, size_t len)
{
	const uint8_t *b = data;
	uint32_t sum = 0;

	for (size_t i = 0; i + 1 < len; i += 2)
		sum += (uint32_t)(b[i] << 8 | b[i + 1]);
	if (len & 1)
		sum += (uint32_t)b[len - 1] << 8;
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return htons((uint16_t)~sum);
}

static int bound_socket(int family, int type, int proto, const char *ifname,
			struct in_addr local)
{
	int fd = socket(family, type | SOCK_NONBLOCK | SOCK_CLOEXEC, proto);
	int r = 0;

	if (fd < 0)
		return -errno;
	if (setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, ifname,
		       (socklen_t)strlen(ifname) + 1) < 0)
		r = -errno;
	if (r == 0 && family == AF_INET && local.s_addr) {
		struct sockaddr_in sa = { .sin_family = AF_INET,
					  .sin_addr = local };

		if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0)
			r = -errno;
	}
	if (r < 0) {
		close(fd);
		return r;
	}
	return fd;
}

static void target_sockaddr(const struct ltepi_check_target *t,
			    struct sockaddr_storage *ss, socklen_t *len)
{
	memset(ss, 0, sizeof(*ss));
	if (t->family == AF_INET) {
		struct sockaddr_in *sa = (struct sockaddr_in *)ss;

		sa->sin_family = AF_INET;
		sa->sin_addr = t->addr.v4;
		sa->sin_port = htons(t->port);
		*len = sizeof(*sa);
	} else {
		struct sockaddr_in6 *sa = (struct sockaddr_in6 *)ss;

		sa->sin6_family = AF_INET6;
		sa->sin6_addr = t->addr.v6;
		sa->sin6_port = htons(t->port);
		*len = sizeof(*sa);
	}
}

static int send_echo(const struct ltepi_check_target *t, const char *ifname,
		     struct in_addr local, uint16_t id, uint16_t seq)
{
	bool v4 = t->family == AF_INET;
	struct echo e = { .type = v4 ? ICMP_ECHO : ICMP6_ECHO_REQUEST,
			  .id = htons(id),
			  .seq = htons(seq) };
	struct sockaddr_storage ss;
	socklen_t sslen;
	int fd;

	fd = bound_socket(t->family, SOCK_RAW,
			  v4 ? IPPROTO_ICMP : IPPROTO_ICMPV6, ifname, local);
	if (fd < 0)
		return fd;
	if (v4) {
		e.checksum = inet_checksum(&e, sizeof(e));
	} else {
		/* the kernel fills in the ICMPv6 checksum */
		struct icmp6_filter f;

		ICMP6_FILTER_SETBLOCKALL(&f);
		ICMP6_FILTER_SETPASS(ICMP6_ECHO_REPLY, &f);
		(void)setsockopt(fd, IPPROTO_ICMPV6, ICMP6_FILTER, &f,
				 sizeof(f));
	}
	target_sockaddr(t, &ss, &sslen);
	if (sendto(fd, &e, sizeof(e), 0, (struct sockaddr *)&ss, sslen) < 0) {
		int r = -errno;

		close(fd);
		return r;
	}
	return fd;
}

static int start_connect(const struct ltepi_check_target *t, const char *ifname,
			 struct in_addr local)
{
	struct linger abort_on_close = { .l_onoff = 1, .l_linger = 0 };
	struct sockaddr_storage ss;
	socklen_t sslen;
	int fd;

	fd = bound_socket(t->family, SOCK_STREAM, IPPROTO_TCP, ifname, local);
	if (fd < 0)
		return fd;
	/* a RST on close: no FIN exchange, no TIME_WAIT, fewer bytes */
	(void)setsockopt(fd, SOL_SOCKET, SO_LINGER, &abort_on_close,
			 sizeof(abort_on_close));
	target_sockaddr(t, &ss, &sslen);
	if (connect(fd, (struct sockaddr *)&ss, sslen) < 0 &&
	    errno != EINPROGRESS) {
		int r = -errno;

		/* refused at once still proves the path */
		if (r == -ECONNREFUSED)
			return fd;
		close(fd);
		return r;
	}
	return fd;
}

int probe_send(struct probe *p, const struct ltepi_check_target *targets,
	       size_t n, const char *ifname, struct in_addr local, uint16_t id,
	       uint16_t seq, char *err, size_t errlen)
{
	int sent = 0, first = 0;

	*p = (struct probe){ .id = id, .seq = seq, .n = n };
	for (size_t i = 0; i < n && i < LTEPI_MAX_LINK_CHECKS; i++) {
		const struct ltepi_check_target *t = &targets[i];
		int fd = t->kind == LINK_CHECK_TCP
			     ? start_connect(t, ifname, local)
			     : send_echo(t, ifname, local, id, seq);

		p->slot[i] =
		    (struct probe_slot){ .fd = fd < 0 ? -1 : fd, .target = t };
		if (fd >= 0) {
			sent++;
		} else if (!first) {
			char shown[INET6_ADDRSTRLEN + 16];

			first = fd;
			options_format_check_target(t, shown, sizeof(shown));
			snprintf(err, errlen, "cannot send a probe to %s: %s",
				 shown, strerror(-fd));
		}
	}
	return sent ? sent : first;
}

static bool same_address(const struct ltepi_check_target *t, const void *a)
{
	return memcmp(&t->addr, a,
		      t->family == AF_INET ? sizeof(struct in_addr)
					   : sizeof(struct in6_addr)) == 0;
}

/* Reads every queued datagram; true if one is our echo reply. */
static bool echo_answered(const struct probe *p, const struct probe_slot *s)
{
	bool v4 = s->target->family == AF_INET;
	uint8_t buf[1500];
	struct sockaddr_in6 from;
	socklen_t fromlen;
	ssize_t len;

	for (;;) {
		const struct echo *e;
		size_t off = 0;

		fromlen = sizeof(from);
		len = recvfrom(s->fd, buf, sizeof(buf), 0,
			       (struct sockaddr *)&from, &fromlen);
		if (len < 0)
			return false; /* EAGAIN: nothing (more) */
		if (v4) {
			const struct ip *ip = (const struct ip *)buf;

			if ((size_t)len < sizeof(*ip))
				continue;
			off = (size_t)ip->ip_hl * 4;
			if (!same_address(s->target, &ip->ip_src))
				continue;
		} else if (!same_address(s->target, &from.sin6_addr)) {
			continue;
		}
		if ((size_t)len < off + sizeof(*e))
			continue;
		e = (const struct echo *)(buf + off);
		if (e->type == (v4 ? ICMP_ECHOREPLY : ICMP6_ECHO_REPLY) &&
		    e->id == htons(p->id) && e->seq == htons(p->seq))
			return true;
	}
}

static bool connect_answered(const struct probe_slot *s)
{
	struct pollfd pfd = { .fd = s->fd, .events = POLLOUT };
	int soerr = 0;
	socklen_t len = sizeof(soerr);

	if (poll(&pfd, 1, 0) <= 0)
		return false;
	if (getsockopt(s->fd, SOL_SOCKET, SO_ERROR, &soerr, &len) < 0)
		return false;
	return soerr == 0 || soerr == ECONNREFUSED;
}

bool probe_collect(struct probe *p)
{
	bool any = false;

	for (size_t i = 0; i < p->n; i++) {
		const struct probe_slot *s = &p->slot[i];

		if (s->fd < 0)
			continue;
		if (s->target->kind == LINK_CHECK_TCP ? connect_answered(s)
						      : echo_answered(p, s))
			any = true;
	}
	probe_close(p);
	return any;
}

void probe_close(struct probe *p)
{
	for (size_t i = 0; i < p->n; i++) {
		if (p->slot[i].fd >= 0)
			close(p->slot[i].fd);
		p->slot[i].fd = -1;
	}
}

unsigned int probe_wire_bytes(const struct ltepi_check_target *t)
{
	unsigned int ip = t->family == AF_INET ? 20 : 40;

	if (t->kind == LINK_CHECK_ICMP)
		return 2 * (ip + (unsigned int)sizeof(struct echo));
	/* SYN and SYN-ACK with options (40), ACK with timestamps (32), RST */
	return 2 * (ip + 40) + (ip + 32) + (ip + 20);
}
