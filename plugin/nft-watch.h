/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Notices other processes changing an nftables table: a non-blocking
 * netlink socket subscribed to the kernel's nftables events
 * (NFNLGRP_NFTABLES). The fallback for kernels older than 5.12, which
 * cannot protect a table with the owner flag (firewall.h, FIREWALL_OWNED).
 *
 * The caller polls it (pppd 2.4 has no fd hook) and re-applies its table
 * when it was touched. Its own changes arrive as events too: call
 * nft_watch_touched() right after each of them to drain them.
 *
 * Functions return 0, a count, or a negative errno code; they never log.
 */
#ifndef LTEPI_NFT_WATCH_H
#define LTEPI_NFT_WATCH_H

struct nft_watch;

/* Returns NULL with errno set. Free with nft_watch_free() (NULL is fine). */
struct nft_watch *nft_watch_open(void);
void nft_watch_free(struct nft_watch *w);

/*
 * Reads every pending event. Returns 1 if one of them added, changed or
 * deleted anything in "table inet TABLE" (the table itself, a chain, a
 * rule, a set or its elements), or if the kernel dropped events because
 * the socket overflowed (then nobody can tell); 0 if not; -errno if the
 * socket failed.
 */
int nft_watch_touched(struct nft_watch *w, const char *table);

/* The pure part: does this buffer of netlink messages touch the table? */
int nft_watch_batch_touches(const void *buf, unsigned long len,
			    const char *table);

#endif
