/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Reading a netlink monitor socket (multicast notifications, opened
 * non-blocking): the one loop the IPv6 address monitor, the rule and route
 * guard (srcroute.c) and the nftables watch (nft-watch.c) share.
 */
#ifndef LTEPI_NLMON_H
#define LTEPI_NLMON_H

#include <stddef.h>

typedef void nlmon_batch_fn(void *arg, const void *buf, size_t len);

/*
 * Reads every pending datagram of fd and hands each to fn. Returns 1 if
 * the kernel dropped notifications on the way (the socket overflowed:
 * whatever the caller watches may have changed unseen), 0 if not, or
 * -errno if the socket failed.
 */
int nlmon_read(int fd, nlmon_batch_fn *fn, void *arg);

#endif
