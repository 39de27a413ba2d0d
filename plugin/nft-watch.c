/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * nftables event watch (see nft-watch.h). Raw netlink: the events are read
 * only for the table they name (nft-msg.h).
 */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nf_tables.h>
#include <linux/netfilter/nfnetlink.h>
#include <linux/netlink.h>

#include "nft-msg.h"
#include "nft-watch.h"
#include "nlmon.h"

struct nft_watch {
	int fd;
};

struct nft_watch *nft_watch_open(void)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	struct nft_watch *w = calloc(1, sizeof(*w));
	int group = NFNLGRP_NFTABLES, e;

	if (!w)
		return NULL;
	w->fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC | SOCK_NONBLOCK,
		       NETLINK_NETFILTER);
	if (w->fd < 0)
		goto err;
	if (bind(w->fd, (struct sockaddr *)&sa, sizeof(sa)) < 0 ||
	    setsockopt(w->fd, SOL_NETLINK, NETLINK_ADD_MEMBERSHIP, &group,
		       sizeof(group)) < 0)
		goto err;
	return w;
err:
	e = errno;
	nft_watch_free(w);
	errno = e;
	return NULL;
}

void nft_watch_free(struct nft_watch *w)
{
	if (!w)
		return;
	if (w->fd >= 0)
		close(w->fd);
	free(w);
}

static bool msg_names_table(const struct nlmsghdr *nlh, const char *table)
{
	uint8_t family;
	const char *name = nft_msg_table(nlh, nlh->nlmsg_len, &family);

	return name && family == NFPROTO_INET && strcmp(name, table) == 0;
}

int nft_watch_batch_touches(const void *buf, unsigned long len,
			    const char *table)
{
	const struct nlmsghdr *nlh;
	int left = (int)len;

	for (nlh = buf; NLMSG_OK(nlh, left); nlh = NLMSG_NEXT(nlh, left))
		if (msg_names_table(nlh, table))
			return 1;
	return 0;
}

struct touch_scan {
	const char *table;
	int touched;
};

static void scan_batch(void *arg, const void *buf, size_t len)
{
	struct touch_scan *t = arg;

	t->touched |= nft_watch_batch_touches(buf, len, t->table);
}

int nft_watch_touched(struct nft_watch *w, const char *table)
{
	struct touch_scan t = { .table = table };
	int lost = nlmon_read(w->fd, scan_batch, &t);

	/* events lost: nobody can tell, so the table counts as touched */
	return lost < 0 ? lost : t.touched | lost;
}
