/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * libFuzzer target for the nftables event filter (plugin/nft-watch.c,
 * nft_watch_batch_touches): whatever a netlink buffer holds (truncated
 * headers, lengths past the end, attributes nested wrong), the answer is
 * 0 or 1 and nothing is read outside the buffer (ASan).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "nft-watch.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* a copy of exactly size bytes: reads past it are caught */
	void *buf = malloc(size ? size : 1);
	int r;

	if (!buf)
		return 0;
	memcpy(buf, data, size);
	r = nft_watch_batch_touches(buf, size, "ltepi-fw-ppp0");
	free(buf);
	if (r != 0 && r != 1)
		abort();
	return 0;
}
