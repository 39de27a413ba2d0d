/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The guard: rule and route changes of the whole host, read while the
 * context is up, so that what another program deletes of ours is noticed
 * and can be put back (srcroute.h). Its socket is opened with the context
 * and only subscribed while a family is up: a reconnect costs one bind(),
 * not a new socket.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <linux/rtnetlink.h>

#include "nft-watch.h"
#include "nlmon.h"
#include "srcroute-int.h"
#include "srcroute-nft.h"
#include "srcroute-removed.h"
#include "srcroute.h"

/* RTNLGRP_IPV6_RULE has no RTMGRP_* name; its bit is 1 << (19 - 1). */
#define GUARD_GROUPS                                                           \
	(RTMGRP_IPV4_RULE | RTMGRP_IPV4_ROUTE | RTMGRP_IPV6_ROUTE |            \
	 (1u << (RTNLGRP_IPV6_RULE - 1)))

/* A bigger buffer: "ip route flush" of a full table is one burst. */
#define GUARD_RCVBUF (1 << 20)

int srcroute_guard_open(struct srcroute *sr)
{
	int ret = rtnl_open_monitor(&sr->guard, GUARD_RCVBUF);

	if (ret < 0)
		return fail(sr, ret, "open the rule and route monitor");
	return 0;
}

int srcroute_guard_start(struct srcroute *sr)
{
	int ret;

	if (sr->guarding)
		return 0;
	ret = rtnl_subscribe(&sr->guard, GUARD_GROUPS);
	if (ret < 0)
		return fail(sr, ret, "subscribe to rule and route changes");
	sr->guarding = true;
	return 0;
}

static void discard(void *arg, const void *buf, size_t len)
{
	(void)arg;
	(void)buf;
	(void)len;
}

void srcroute_guard_stop(struct srcroute *sr)
{
	if (!sr->guarding)
		return;
	/* what arrived before the unsubscription belongs to this link */
	(void)rtnl_subscribe(&sr->guard, 0);
	(void)nlmon_read(sr->guard.fd, discard, NULL);
	sr->guarding = false;
	nft_watch_free(sr->nft_watch);
	sr->nft_watch = NULL;
}

void srcroute_guard_close(struct srcroute *sr)
{
	rtnl_close(&sr->guard);
	sr->guarding = false;
	nft_watch_free(sr->nft_watch);
	sr->nft_watch = NULL;
}

int srcroute_guard_fd(const struct srcroute *sr)
{
	return sr->guarding ? sr->guard.fd : -1;
}

struct removal_scan {
	struct removed_view view;
	char *report;
	size_t report_len;
	int removed;
};

static void scan_removals(void *arg, const void *buf, size_t len)
{
	struct removal_scan *s = arg;

	s->removed +=
	    removed_scan(&s->view, buf, len, s->report, s->report_len);
}

static struct removed_view view_of(const struct srcroute *sr)
{
	return (struct removed_view){
		.self = sr->rt.portid,
		.rule = sr->names,
		.up = { sr->v4_up, sr->v6_up },
		.rules = { sr->installed[0].spec, sr->installed[1].spec },
		.n_rules = { sr->installed[0].n, sr->installed[1].n },
		.link_routes = sr->link_routes,
		.n_link_routes = sr->n_link_routes,
		.ifname = sr->ifname,
	};
}

/* The connmark table, watched on kernels that cannot own it. */
static int guard_nft(struct srcroute *sr, char *report, size_t report_len)
{
	char name[32], what[64];
	int ret;

	srcroute_nft_table_name(name, sizeof(name), sr->names.table);
	ret = sr->nft_watch ? nft_watch_touched(sr->nft_watch, name) : 0;
	if (ret <= 0)
		return ret;
	snprintf(what, sizeof(what), "nft table inet %s", name);
	report_add(report, report_len, what);
	sr->nft_held = false; /* reload it whole */
	return 1;
}

int srcroute_guard_check(struct srcroute *sr, char *report, size_t report_len)
{
	struct removal_scan s = { .view = view_of(sr),
				  .report = report,
				  .report_len = report_len };
	int lost, ret;

	if (report_len)
		report[0] = '\0';
	if (!sr->guarding)
		return 0;
	lost = nlmon_read(sr->guard.fd, scan_removals, &s);
	if (lost < 0)
		return fail(sr, lost, "read the rule and route monitor");
	/* lost notifications: only putting everything back is safe */
	if (lost) {
		report_add(report, report_len,
			   "unknown (the monitor overflowed)");
		s.removed++;
	}
	ret = sr->connmark ? guard_nft(sr, report, report_len) : 0;
	if (ret < 0)
		return fail(sr, ret, "read the nftables monitor");
	return s.removed + ret;
}

int srcroute_restore(struct srcroute *sr)
{
	int ret, added = 0;

	sr->errmsg[0] = '\0';
	if (sr->connmark && !sr->nft_held && (sr->v4_up || sr->v6_up)) {
		ret = srcroute_connmark_up(sr);
		if (ret < 0)
			return ret;
		added++;
	}
	if (sr->v4_up) {
		ret = srcroute_add_missing(sr, AF_INET);
		if (ret < 0)
			return ret;
		added += ret;
	}
	if (sr->v6_up) {
		ret = srcroute_add_missing(sr, AF_INET6);
		if (ret < 0)
			return ret;
		added += ret;
	}
	return added;
}
