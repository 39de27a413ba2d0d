/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What nft-replay.c (taking dumped objects) and nft-replay-io.c (the
 * kernel's side) share of a replay.
 */
#ifndef LTEPI_NFT_REPLAY_INT_H
#define LTEPI_NFT_REPLAY_INT_H

#include <stddef.h>

/* The kernel's table and set names: NFT_NAME_MAXLEN with its NUL. */
#define NAME_MAX_LEN 256

struct nft_replay {
	char table[NAME_MAX_LEN];
	unsigned char *buf; /* requests, back to back, sequence numbers 0 */
	size_t len, cap;
	size_t n_msgs;
	char (*sets)[NAME_MAX_LEN]; /* the sets taken, for their elements */
	size_t n_sets;
};

#endif
