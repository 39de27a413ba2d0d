/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Which notified deletions were of our objects (see srcroute-removed.h). */
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <linux/fib_rules.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>

#include "srcroute-nl.h"
#include "srcroute-removed.h"

/* The tag of srcroute.h, repeated so that this file stays pure. */
#define TAG 76

static bool family_up(const struct removed_view *v, int family)
{
	return (family == AF_INET && v->up[0]) ||
	       (family == AF_INET6 && v->up[1]);
}

/* An address attribute as a prefix of length len; false if malformed. */
static bool attr_prefix(const struct rtattr *a, int family, unsigned int len,
			struct ltepi_prefix *p)
{
	memset(p, 0, sizeof(*p));
	p->family = family;
	p->len = len;
	if (len > 8 * prefix_addr_size(family))
		return false;
	if (!a)
		return len == 0;
	if (RTA_PAYLOAD(a) != prefix_addr_size(family))
		return false;
	memcpy(&p->addr, RTA_DATA(a), prefix_addr_size(family));
	return true;
}

/* A deleted rule: was it one this context installed? Then say which. */
static bool rule_is_ours(const struct removed_view *v,
			 const struct nlmsghdr *nlh, char *what, size_t len)
{
	const struct fib_rule_hdr *frh = NLMSG_DATA(nlh);
	const struct rtattr *tb[FRA_MAX + 1];
	struct rule_spec spec = { 0 };
	int fam;

	if (rtnl_parse(nlh, sizeof(*frh), tb, FRA_MAX) < 0 || !v->rule.table ||
	    !family_up(v, frh->family))
		return false;
	if (rtnl_attr_u32(tb[FRA_TABLE], frh->table) != v->rule.table ||
	    rtnl_attr_u32(tb[FRA_PRIORITY], 0) != v->rule.priority ||
	    !tb[FRA_PROTOCOL] || RTA_PAYLOAD(tb[FRA_PROTOCOL]) < 1 ||
	    *(const uint8_t *)RTA_DATA(tb[FRA_PROTOCOL]) != TAG)
		return false;
	spec.fwmark = tb[FRA_FWMARK] != NULL;
	spec.src.family = frh->family;
	if (!spec.fwmark &&
	    !attr_prefix(tb[FRA_SRC], frh->family, frh->src_len, &spec.src))
		return false;
	fam = frh->family == AF_INET6;
	if (!specs_contain(v->rules[fam], v->n_rules[fam], &spec))
		return false;
	rule_str(&v->rule, &spec, what, len);
	return true;
}

/* A deleted route: T's default route or one of our link routes? */
static bool route_is_ours(const struct removed_view *v,
			  const struct nlmsghdr *nlh, char *what, size_t len)
{
	const struct rtmsg *rtm = NLMSG_DATA(nlh);
	const struct rtattr *tb[RTA_MAX + 1];
	struct ltepi_prefix dst;
	char buf[64];
	uint32_t table;

	if (rtnl_parse(nlh, sizeof(*rtm), tb, RTA_MAX) < 0 ||
	    rtm->rtm_protocol != TAG || !family_up(v, rtm->rtm_family))
		return false;
	table = rtnl_attr_u32(tb[RTA_TABLE], rtm->rtm_table);
	if (!attr_prefix(tb[RTA_DST], rtm->rtm_family, rtm->rtm_dst_len, &dst))
		return false;
	if (v->rule.table && table == v->rule.table && dst.len == 0) {
		snprintf(what, len, "route default dev %s table %u", v->ifname,
			 v->rule.table);
		return true;
	}
	if (table != RT_TABLE_MAIN)
		return false;
	for (size_t i = 0; i < v->n_link_routes; i++)
		if (prefix_equal(&v->link_routes[i], &dst)) {
			snprintf(what, len, "route %s dev %s",
				 prefix_format(&dst, buf, sizeof(buf)),
				 v->ifname);
			return true;
		}
	return false;
}

int removed_scan(const struct removed_view *v, const void *buf, size_t len,
		 char *report, size_t report_len)
{
	const struct nlmsghdr *nlh;
	int left = (int)len, removed = 0;
	char what[128];

	for (nlh = buf; NLMSG_OK(nlh, left); nlh = NLMSG_NEXT(nlh, left)) {
		bool ours = false;

		/* our own requests' echoes: sweeps and address changes */
		if (nlh->nlmsg_pid == v->self)
			continue;
		if (nlh->nlmsg_type == RTM_DELRULE)
			ours = rule_is_ours(v, nlh, what, sizeof(what));
		else if (nlh->nlmsg_type == RTM_DELROUTE)
			ours = route_is_ours(v, nlh, what, sizeof(what));
		if (ours) {
			report_add(report, report_len, what);
			removed++;
		}
	}
	return removed;
}
