/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A UDP service bound to 0.0.0.0 that answers from the address each request
 * was sent to, the way dnsmasq, ntpd or unbound do: IP_PKTINFO tells it the
 * request's destination, and the reply carries it back as ipi_spec_dst, so
 * the kernel routes the reply from that source (and ltepi's "from ADDR"
 * rule applies). The VM tests compare it with socat's UDP4-RECVFROM, which
 * replies with a plain sendto() and lets the main table pick the source.
 *
 *	srcroute-udp-echo PORT REPLY
 *
 * Answers every datagram with REPLY and a newline until killed; exits 1
 * with a message if the socket cannot be set up.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

static int open_socket(unsigned short port)
{
	struct sockaddr_in any = {
		.sin_family = AF_INET,
		.sin_port = htons(port),
		.sin_addr.s_addr = htonl(INADDR_ANY),
	};
	int one = 1;
	int fd, r;

	fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	if (setsockopt(fd, IPPROTO_IP, IP_PKTINFO, &one, sizeof(one)) < 0 ||
	    bind(fd, (struct sockaddr *)&any, sizeof(any)) < 0) {
		r = -errno;
		goto close_fd;
	}
	return fd;
close_fd:
	close(fd);
	return r;
}

/* The request's destination address, or INADDR_ANY if none came along. */
static struct in_addr request_destination(struct msghdr *msg)
{
	struct in_addr dst = { .s_addr = htonl(INADDR_ANY) };

	for (struct cmsghdr *c = CMSG_FIRSTHDR(msg); c;
	     c = CMSG_NXTHDR(msg, c)) {
		if (c->cmsg_level == IPPROTO_IP && c->cmsg_type == IP_PKTINFO)
			dst = ((struct in_pktinfo *)CMSG_DATA(c))->ipi_addr;
	}
	return dst;
}

static int answer(int fd, const struct sockaddr_in *peer, struct in_addr from,
		  const char *reply)
{
	union {
		char buf[CMSG_SPACE(sizeof(struct in_pktinfo))];
		struct cmsghdr align;
	} control = { 0 };
	struct iovec iov = { .iov_base = (void *)reply,
			     .iov_len = strlen(reply) };
	struct msghdr msg = {
		.msg_name = (void *)peer,
		.msg_namelen = sizeof(*peer),
		.msg_iov = &iov,
		.msg_iovlen = 1,
		.msg_control = control.buf,
		.msg_controllen = sizeof(control.buf),
	};
	struct cmsghdr *c = CMSG_FIRSTHDR(&msg);

	c->cmsg_level = IPPROTO_IP;
	c->cmsg_type = IP_PKTINFO;
	c->cmsg_len = CMSG_LEN(sizeof(struct in_pktinfo));
	((struct in_pktinfo *)CMSG_DATA(c))->ipi_spec_dst = from;
	return sendmsg(fd, &msg, 0) < 0 ? -errno : 0;
}

static int serve(int fd, const char *reply)
{
	for (;;) {
		char data[512];
		union {
			char buf[CMSG_SPACE(sizeof(struct in_pktinfo))];
			struct cmsghdr align;
		} control;
		struct sockaddr_in peer;
		struct iovec iov = { .iov_base = data,
				     .iov_len = sizeof(data) };
		struct msghdr msg = {
			.msg_name = &peer,
			.msg_namelen = sizeof(peer),
			.msg_iov = &iov,
			.msg_iovlen = 1,
			.msg_control = control.buf,
			.msg_controllen = sizeof(control.buf),
		};

		if (recvmsg(fd, &msg, 0) < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		/* A lost answer is the client's timeout, not the service's. */
		(void)answer(fd, &peer, request_destination(&msg), reply);
	}
}

int main(int argc, char **argv)
{
	char reply[256];
	char *end;
	unsigned long port;
	int fd;

	if (argc != 3) {
		fprintf(stderr, "usage: %s PORT REPLY\n", argv[0]);
		return 2;
	}
	port = strtoul(argv[1], &end, 10);
	if (*end || port == 0 || port > 65535) {
		fprintf(stderr, "%s: bad port '%s'\n", argv[0], argv[1]);
		return 2;
	}
	snprintf(reply, sizeof(reply), "%s\n", argv[2]);
	fd = open_socket((unsigned short)port);
	if (fd < 0) {
		fprintf(stderr, "%s: udp port %lu: %s\n", argv[0], port,
			strerror(-fd));
		return 1;
	}
	fprintf(stderr, "%s: udp port %lu: %s\n", argv[0], port,
		strerror(-serve(fd, reply)));
	return 1;
}
