/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What nft-replay.c (taking dumped objects) and nft-replay-io.c (the
 * kernel's side) share of a replay.
 */
#ifndef LTEPI_NFT_REPLAY_INT_H
#define LTEPI_NFT_REPLAY_INT_H

#include <stddef.h>

#include "nft-msg.h"

struct nft_replay {
	char table[NFT_MSG_NAME_MAX];
	unsigned char *buf; /* requests, back to back, sequence numbers 0 */
	size_t len, cap;
	size_t n_msgs;
	char (*sets)[NFT_MSG_NAME_MAX]; /* the sets taken, for their elements */
	size_t n_sets;
};

#endif
