/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The monitor read loop (see nlmon.h). */
#include <errno.h>
#include <stdbool.h>
#include <sys/socket.h>
#include <linux/netlink.h>

#include "nlmon.h"

int nlmon_read(int fd, nlmon_batch_fn *fn, void *arg)
{
	char buf[16384] __attribute__((aligned(NLMSG_ALIGNTO)));
	bool lost = false;
	ssize_t n;

	for (;;) {
		n = recv(fd, buf, sizeof(buf), MSG_DONTWAIT);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno == ENOBUFS) {
			lost = true;
			continue;
		}
		if (n <= 0)
			break;
		fn(arg, buf, (size_t)n);
	}
	if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK)
		return -errno;
	return lost;
}
