/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * libFuzzer target for taking dumped nftables objects (plugin/nft-replay.c,
 * nft_replay_take): the input is read as the kernel's dump answers, one
 * message after another. Whatever they hold (truncated headers, lengths past
 * the end, attributes nested wrong, unknown expressions), each message is
 * taken whole or refused with a known code, nothing is read outside the
 * buffer (ASan), and what is kept is well-formed requests. Seeds: dumps of
 * the tables the golden profiles edge and ports load (Linux 6.18).
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <linux/netlink.h>

#include "nft-replay-int.h"
#include "nft-replay.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_kept(const struct nft_replay *r)
{
	size_t off = 0, n = 0;

	while (off < r->len) {
		const struct nlmsghdr *h =
		    (const struct nlmsghdr *)(r->buf + off);

		if (r->len - off < NLMSG_HDRLEN ||
		    h->nlmsg_len < NLMSG_HDRLEN || h->nlmsg_len > r->len - off)
			abort();
		off += NLMSG_ALIGN(h->nlmsg_len);
		n++;
	}
	if (off != r->len || n != nft_replay_count(r))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* a copy of exactly size bytes: reads past it are caught */
	unsigned char *buf = malloc(size ? size : 1);
	struct nft_replay *r = nft_replay_new("ltepi-fw-ppp0");
	const struct nlmsghdr *h;
	int left = size > 65536 ? 65536 : (int)size;

	if (!buf || !r)
		abort();
	memcpy(buf, data, size);
	for (h = (const struct nlmsghdr *)buf; NLMSG_OK(h, left);
	     h = NLMSG_NEXT(h, left)) {
		int ret = nft_replay_take(r, h, (size_t)left);

		if (ret != 0 && ret != -EPROTO && ret != -EOPNOTSUPP &&
		    ret != -EMSGSIZE)
			abort();
	}
	check_kept(r);
	/* the same bytes read as answers: a code, never a read past them */
	if (nft_replay_refusal(buf, size, 1, 100) > 0)
		abort();
	nft_replay_free(r);
	free(buf);
	return 0;
}
