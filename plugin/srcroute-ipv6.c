/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * IPv6 source routing follows the link's addresses: IPV6CP brings none,
 * they arrive later (RA, DHCPv6, static) and change (a new prefix), so the
 * "from PREFIX" rules are reconciled with the global addresses read back
 * from the kernel, on IPV6CP up and whenever the address monitor says the
 * link's addresses changed (srcroute.h).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <linux/if_addr.h>
#include <linux/rtnetlink.h>

#include "log.h"
#include "nlmon.h"
#include "srcroute-int.h"
#include "srcroute.h"

struct wanted {
	const struct srcroute *sr;
	struct rule_spec *want;
	size_t n, max;
};

/* One dumped address: a new prefix to want, if global and on the link. */
static int want_prefix(const struct nlmsghdr *nlh, void *arg)
{
	struct wanted *w = arg;
	const struct ifaddrmsg *ifa = NLMSG_DATA(nlh);
	const struct rtattr *tb[IFA_MAX + 1], *local;
	struct rule_spec spec = { 0 };

	if (nlh->nlmsg_type != RTM_NEWADDR ||
	    rtnl_parse(nlh, sizeof(*ifa), tb, IFA_MAX) < 0 ||
	    (int)ifa->ifa_index != w->sr->ifindex ||
	    ifa->ifa_family != AF_INET6 ||
	    ifa->ifa_scope != RT_SCOPE_UNIVERSE || ifa->ifa_prefixlen > 128)
		return 0;
	/* IFA_LOCAL only for a point-to-point address: then it is ours */
	local = tb[IFA_LOCAL] ? tb[IFA_LOCAL] : tb[IFA_ADDRESS];
	if (!local || RTA_PAYLOAD(local) != sizeof(struct in6_addr))
		return 0;
	spec.src.family = AF_INET6;
	memcpy(&spec.src.addr.v6, RTA_DATA(local), sizeof(spec.src.addr.v6));
	spec.src.len = ifa->ifa_prefixlen;
	prefix_mask(&spec.src);
	if (specs_contain(w->want, w->n, &spec))
		return 0;
	if (w->n == w->max) {
		log_debug("srcroute: %s has more than %zu global IPv6 "
			  "prefixes; ignoring the rest",
			  w->sr->ifname, w->max);
		return 0;
	}
	w->want[w->n++] = spec;
	return 0;
}

/*
 * The rules IPv6 wants now: one per distinct prefix of the link's global
 * addresses (strict dump filtered by interface), plus the fwmark rule.
 */
static int ipv6_wanted_rules(struct srcroute *sr, struct rule_spec *want,
			     size_t max, size_t *n_out)
{
	struct ifaddrmsg ifa = {
		.ifa_family = AF_INET6,
		.ifa_index = (unsigned int)sr->ifindex,
	};
	/* the fwmark rule has its own slot: prefixes never crowd it out */
	struct wanted w = { .sr = sr, .want = want, .max = max - sr->connmark };
	struct rtnl_msg m;
	int ret;

	rtnl_msg_init(&m, RTM_GETADDR, 0, &ifa, sizeof(ifa));
	ret = rtnl_dump(&sr->rt, &m, want_prefix, &w);
	if (ret < 0)
		return fail(sr, ret, "list addresses of %s", sr->ifname);
	*n_out = w.n + srcroute_fwmark_spec(sr, AF_INET6, &want[w.n]);
	return 0;
}

int srcroute_ipv6_sync(struct srcroute *sr)
{
	struct rule_spec want[MAX_FAMILY_RULES];
	size_t n;
	int ret;

	sr->errmsg[0] = '\0';
	if (!sr->v6_up || !sr->names.table)
		return 0;
	ret = ipv6_wanted_rules(sr, want, MAX_FAMILY_RULES, &n);
	if (ret < 0)
		return ret;
	ret = srcroute_reconcile_rules(sr, AF_INET6, want, n);
	return ret < 0 ? ret : ret > 0;
}

void srcroute_monitor_close(struct srcroute *sr)
{
	rtnl_close(&sr->mon);
}

static int monitor_open(struct srcroute *sr)
{
	int ret;

	if (sr->mon.fd >= 0)
		return 0;
	ret = rtnl_open_monitor(&sr->mon, 0);
	if (ret < 0)
		return fail(sr, ret, "open address monitor");
	ret = rtnl_subscribe(&sr->mon, RTMGRP_IPV6_IFADDR);
	if (ret < 0) {
		srcroute_monitor_close(sr);
		return fail(sr, ret, "subscribe to IPv6 address changes");
	}
	return 0;
}

int srcroute_ipv6_up(struct srcroute *sr, const char *ifname)
{
	struct rule_spec want[MAX_FAMILY_RULES];
	size_t n = 0;
	int ret;

	sr->errmsg[0] = '\0';
	ret = srcroute_attach(sr, ifname);
	if (ret < 0)
		return ret;
	/* subscribe before reading, so no change falls in between */
	ret = sr->names.table ? monitor_open(sr) : 0;
	if (ret == 0 && sr->names.table)
		ret = ipv6_wanted_rules(sr, want, MAX_FAMILY_RULES, &n);
	if (ret == 0)
		ret = srcroute_family_up(sr, AF_INET6, want, n);
	if (ret < 0) {
		srcroute_monitor_close(sr);
		return ret;
	}
	log_debug("srcroute: IPv6 via %s (table %u), %zu rules", sr->ifname,
		  sr->names.table, n);
	return 0;
}

int srcroute_ipv6_down(struct srcroute *sr)
{
	sr->errmsg[0] = '\0';
	srcroute_monitor_close(sr);
	if (!sr->v6_up)
		return 0;
	return srcroute_family_down(sr, AF_INET6);
}

size_t srcroute_ipv6_prefixes(const struct srcroute *sr, char *buf, size_t len)
{
	const struct rule_set *set = &sr->installed[1];
	size_t i, pos = 0, n = 0;
	char p[64];

	if (len)
		buf[0] = '\0';
	for (i = 0; i < set->n; i++) {
		int w;

		if (set->spec[i].fwmark)
			continue;
		w = snprintf(buf + pos, pos < len ? len - pos : 0, "%s%s",
			     n ? ", " : "",
			     prefix_format(&set->spec[i].src, p, sizeof(p)));
		if (w > 0 && pos + (size_t)w < len)
			pos += (size_t)w;
		n++;
	}
	return n;
}

int srcroute_monitor_fd(const struct srcroute *sr)
{
	return sr->mon.fd;
}

/* Does this batch of RTM_NEWADDR/DELADDR concern our interface? */
static bool batch_concerns(const struct srcroute *sr, const void *buf,
			   size_t len)
{
	const struct nlmsghdr *nlh;
	int left = (int)len;

	for (nlh = buf; NLMSG_OK(nlh, left); nlh = NLMSG_NEXT(nlh, left)) {
		const struct ifaddrmsg *ifa = NLMSG_DATA(nlh);

		if ((nlh->nlmsg_type != RTM_NEWADDR &&
		     nlh->nlmsg_type != RTM_DELADDR) ||
		    nlh->nlmsg_len < NLMSG_LENGTH(sizeof(*ifa)))
			continue;
		if ((int)ifa->ifa_index == sr->ifindex)
			return true;
	}
	return false;
}

struct address_scan {
	const struct srcroute *sr;
	bool relevant;
};

static void scan_addresses(void *arg, const void *buf, size_t len)
{
	struct address_scan *s = arg;

	s->relevant |= batch_concerns(s->sr, buf, len);
}

int srcroute_monitor_dispatch(struct srcroute *sr)
{
	struct address_scan s = { .sr = sr };
	int lost;

	if (sr->mon.fd < 0)
		return 0;
	lost = nlmon_read(sr->mon.fd, scan_addresses, &s);
	if (lost < 0)
		return fail(sr, lost, "read address monitor");
	/* lost notifications: only a full resync is safe */
	return s.relevant || lost ? srcroute_ipv6_sync(sr) : 0;
}
