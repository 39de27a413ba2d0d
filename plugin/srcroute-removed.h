/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The guard's reading of the host's rule and route changes: which of a
 * batch of rtnetlink notifications deleted an object this context
 * installed. Pure (the caller reads the socket, nlmon.h), so that the parser
 * of what any process on the host can make the kernel send is fuzzed
 * (fuzz/fuzz-removed.c) on buffers of exactly the datagram's size.
 */
#ifndef LTEPI_SRCROUTE_REMOVED_H
#define LTEPI_SRCROUTE_REMOVED_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "srcroute-spec.h"

/* What this context installed, as the guard needs to recognise it. */
struct removed_view {
	uint32_t self;		/* our requests' port id: their echoes */
	struct rule_names rule; /* table (0: link routes only), prio, mark */
	bool up[2];		/* IPv4, IPv6 */
	const struct rule_spec *rules[2]; /* the installed rules per family */
	size_t n_rules[2];
	const struct ltepi_prefix *link_routes;
	size_t n_link_routes;
	const char *ifname;
};

/*
 * Counts the deletions in buf (len bytes: one datagram) of objects v
 * describes, made by others, and appends each one's name to report
 * ("rule from 100.64.0.2/32 lookup 200 prio 1000, route default dev ppp0
 * table 200"; whole entries). Malformed messages are skipped.
 */
int removed_scan(const struct removed_view *v, const void *buf, size_t len,
		 char *report, size_t report_len);

#endif
