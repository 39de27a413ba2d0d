/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * libFuzzer target for the guard's reading of rule and route deletions
 * (plugin/srcroute-removed.c, removed_scan): any process on the host can
 * make the kernel send these, so whatever a datagram holds (truncated
 * headers, lengths past the end, attributes of the wrong size, prefix
 * lengths past the address), the count stays within the messages, the
 * report stays a string within its buffer, and nothing is read outside
 * the datagram (ASan, on a copy of exactly its size).
 */
#include <arpa/inet.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <linux/netlink.h>

#include "srcroute-removed.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const struct rule_spec *rules(int family, size_t *n)
{
	static struct rule_spec v4[2], v6[2];
	static int ready;

	if (!ready) {
		v4[0].src.family = AF_INET;
		inet_pton(AF_INET, "100.64.0.2", &v4[0].src.addr.v4);
		v4[0].src.len = 32;
		v4[1].fwmark = 1;
		v4[1].src.family = AF_INET;
		v6[0].src.family = AF_INET6;
		inet_pton(AF_INET6, "2001:db8:1:2::", &v6[0].src.addr.v6);
		v6[0].src.len = 64;
		v6[1].fwmark = 1;
		v6[1].src.family = AF_INET6;
		ready = 1;
	}
	*n = 2;
	return family == AF_INET ? v4 : v6;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ltepi_prefix links[2] = { { .family = AF_INET, .len = 24 },
					 { .family = AF_INET6, .len = 48 } };
	struct removed_view v = {
		.self = 4242,
		.rule = { .table = 200,
			  .priority = 1000,
			  .mark = 0x06000000,
			  .mask = 0x0f000000 },
		.up = { true, true },
		.link_routes = links,
		.n_link_routes = 2,
		.ifname = "ppp0",
	};
	char report[96];
	void *buf = malloc(size ? size : 1);
	int n;

	if (!buf)
		return 0;
	inet_pton(AF_INET, "192.0.2.0", &links[0].addr.v4);
	inet_pton(AF_INET6, "2001:db8:ffff::", &links[1].addr.v6);
	v.rules[0] = rules(AF_INET, &v.n_rules[0]);
	v.rules[1] = rules(AF_INET6, &v.n_rules[1]);
	memcpy(buf, data, size);
	memset(report, 'x', sizeof(report));
	report[0] = '\0';
	n = removed_scan(&v, buf, size, report, sizeof(report));
	free(buf);
	/* at most one deletion per message header */
	if (n < 0 || (size_t)n > size / NLMSG_HDRLEN ||
	    !memchr(report, '\0', sizeof(report)))
		abort();
	return 0;
}
