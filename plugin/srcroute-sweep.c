/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Reading back what is in the kernel: table T's routes and the tagged
 * rules, on the slow path and at the start sweep (srcroute.h, "Cost"). A
 * dumped object of ours is deleted by sending its own message back as a
 * deletion, every attribute and the tag included, as "ip rule flush" does.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <linux/fib_rules.h>

#include "nft.h"
#include "srcroute-int.h"
#include "srcroute-nft.h"
#include "srcroute.h"

/* Dumped messages kept to be sent back as deletions (ip rule flush's way). */
struct doomed {
	struct rtnl_msg *msg;
	size_t n, cap;
};

static int doomed_add(struct doomed *d, const struct nlmsghdr *nlh,
		      uint16_t del_type)
{
	if (nlh->nlmsg_len > sizeof(d->msg[0].buf))
		return -EMSGSIZE;
	if (d->n == d->cap) {
		size_t cap = d->cap ? 2 * d->cap : 8;
		struct rtnl_msg *m = realloc(d->msg, cap * sizeof(*m));

		if (!m)
			return -ENOMEM;
		d->msg = m;
		d->cap = cap;
	}
	memcpy(d->msg[d->n].buf, nlh, nlh->nlmsg_len);
	d->msg[d->n].nlh.nlmsg_type = del_type;
	d->msg[d->n].nlh.nlmsg_flags = 0;
	d->n++;
	return 0;
}

/* Sends every doomed message; returns how many went, or the first -errno. */
static int doomed_delete(struct srcroute *sr, struct doomed *d,
			 const char *what)
{
	struct batch *b = sr_batch(sr);
	int ret, first = 0, deleted = 0;

	for (size_t at = 0; at < d->n; at += MAX_REQUESTS) {
		b->n = d->n - at < MAX_REQUESTS ? d->n - at : MAX_REQUESTS;
		memcpy(b->msg, &d->msg[at], b->n * sizeof(b->msg[0]));
		ret = sr_exchange(sr, b);
		if (ret < 0)
			return ret;
		for (size_t i = 0; i < b->n; i++) {
			ret = sr_del_result(b->err[i]);
			if (ret < 0 && !first)
				first = fail(sr, ret, "delete %s", what);
			deleted += ret > 0;
		}
	}
	return first ? first : deleted;
}

static void doomed_free(struct doomed *d)
{
	free(d->msg);
}

/* A dumped route as the checks need it. */
struct route_info {
	int family;
	uint32_t table;
	int oif; /* 0: none or several next hops */
	bool tagged, link_default;
};

static int route_info(const struct nlmsghdr *nlh, struct route_info *ri)
{
	const struct rtmsg *rtm = NLMSG_DATA(nlh);
	const struct rtattr *tb[RTA_MAX + 1];

	if (nlh->nlmsg_type != RTM_NEWROUTE)
		return -EINVAL;
	if (rtnl_parse(nlh, sizeof(*rtm), tb, RTA_MAX) < 0)
		return -EINVAL;
	ri->family = rtm->rtm_family;
	ri->table = rtnl_attr_u32(tb[RTA_TABLE], rtm->rtm_table);
	ri->oif = tb[RTA_MULTIPATH] ? 0 : (int)rtnl_attr_u32(tb[RTA_OIF], 0);
	ri->tagged = rtm->rtm_protocol == SRCROUTE_RTPROT;
	ri->link_default =
	    rtm->rtm_type == RTN_UNICAST && ri->oif && rtm->rtm_dst_len == 0;
	return 0;
}

/*
 * The kernel filters this dump by table and protocol (strict checking);
 * deleting on that alone would trust every kernel to have done so.
 */
static bool route_is_ours(const struct srcroute *sr,
			  const struct route_info *ri)
{
	return (ri->family == AF_INET || ri->family == AF_INET6) &&
	       ri->tagged && ri->table == sr->names.table;
}

/* Our routes in table T (both families with AF_UNSPEC). */
static int dump_table_routes(struct srcroute *sr, int family, rtnl_dump_fn *fn,
			     void *arg)
{
	struct rtnl_msg m;
	struct rtmsg rtm = {
		.rtm_family = (unsigned char)family,
		.rtm_table =
		    sr->names.table < 256 ? sr->names.table : RT_TABLE_COMPAT,
		.rtm_protocol = SRCROUTE_RTPROT,
	};
	int ret;

	rtnl_msg_init(&m, RTM_GETROUTE, 0, &rtm, sizeof(rtm));
	(void)rtnl_msg_put_u32(&m, RTA_TABLE, sr->names.table);
	ret = rtnl_dump(&sr->rt, &m, fn, arg);
	/* a table that does not exist yet is an empty one */
	if (ret == -ENOENT)
		ret = 0;
	if (ret < 0)
		return fail(sr, ret, "list routes in table %u",
			    sr->names.table);
	return 0;
}

struct busy_scan {
	struct srcroute *sr;
	int other; /* ifindex of another link's default route in T */
};

static int find_other_link(const struct nlmsghdr *nlh, void *arg)
{
	struct busy_scan *s = arg;
	struct route_info ri;

	if (route_info(nlh, &ri) == 0 && route_is_ours(s->sr, &ri) &&
	    ri.link_default && ri.oif != s->sr->ifindex && !s->other) {
		char name[IFNAMSIZ];
		bool up = false;

		/* a stale one vanished with its interface, or is down */
		if (rtnl_link_state(&s->sr->rt, ri.oif, name, sizeof(name),
				    &up) == 0 &&
		    up)
			s->other = ri.oif;
	}
	return 0;
}

/*
 * Table T belongs to one link. A tagged default route in T via another
 * interface that exists and is up is another ltepi link's: refuse before
 * touching anything.
 */
int sr_check_table_free(struct srcroute *sr)
{
	struct busy_scan s = { .sr = sr };
	char other[IFNAMSIZ] = "?";
	bool up;
	int ret;

	ret = dump_table_routes(sr, AF_UNSPEC, find_other_link, &s);
	if (ret < 0 || !s.other)
		return ret;
	(void)rtnl_link_state(&sr->rt, s.other, other, sizeof(other), &up);
	return fail(sr, -EBUSY, "table %u is in use by %s", sr->names.table,
		    other);
}

struct sweep_scan {
	struct srcroute *sr;
	int keep_ifindex;
	struct doomed doomed;
};

static int doom_route(const struct nlmsghdr *nlh, void *arg)
{
	struct sweep_scan *s = arg;
	struct route_info ri;

	if (route_info(nlh, &ri) < 0 || !route_is_ours(s->sr, &ri))
		return 0;
	if (s->keep_ifindex && ri.oif == s->keep_ifindex && ri.link_default)
		return 0;
	return doomed_add(&s->doomed, nlh, RTM_DELROUTE);
}

/*
 * Deletes our routes in T of one family, except the default route via
 * keep_ifindex (0: delete all). Returns how many it deleted, or -errno.
 */
int sr_sweep_table_routes(struct srcroute *sr, int family, int keep_ifindex)
{
	struct sweep_scan s = { .sr = sr, .keep_ifindex = keep_ifindex };
	char what[64];
	int ret;

	ret = dump_table_routes(sr, family, doom_route, &s);
	snprintf(what, sizeof(what), "a tagged route in table %u",
		 sr->names.table);
	if (ret == 0)
		ret = doomed_delete(sr, &s.doomed, what);
	doomed_free(&s.doomed);
	return ret;
}

/* Could one packet mark match both fwmark rules? */
static bool marks_overlap(uint32_t v1, uint32_t m1, uint32_t v2, uint32_t m2)
{
	return (v1 & m2) == (v2 & m1);
}

struct rule_scan {
	struct srcroute *sr;
	struct doomed doomed;
};

/*
 * Rules tagged with our protocol, for any table: ours for T are swept; in
 * connmark mode, another link's fwmark rule that a packet marked for us
 * could also match would send its replies to the wrong link. Untagged
 * rules are never touched.
 */
static int doom_rule(const struct nlmsghdr *nlh, void *arg)
{
	struct rule_scan *s = arg;
	struct srcroute *sr = s->sr;
	const struct fib_rule_hdr *frh = NLMSG_DATA(nlh);
	const struct rtattr *tb[FRA_MAX + 1];
	uint32_t table, mark, mask;

	if (nlh->nlmsg_type != RTM_NEWRULE ||
	    rtnl_parse(nlh, sizeof(*frh), tb, FRA_MAX) < 0 ||
	    !tb[FRA_PROTOCOL] || RTA_PAYLOAD(tb[FRA_PROTOCOL]) < 1 ||
	    *(const uint8_t *)RTA_DATA(tb[FRA_PROTOCOL]) != SRCROUTE_RTPROT)
		return 0;
	table = rtnl_attr_u32(tb[FRA_TABLE], frh->table);
	if (table == sr->names.table)
		return doomed_add(&s->doomed, nlh, RTM_DELRULE);
	mark = rtnl_attr_u32(tb[FRA_FWMARK], 0);
	/* no FRA_FWMASK: the kernel matches all 32 bits */
	mask = rtnl_attr_u32(tb[FRA_FWMASK], 0xffffffff);
	if (sr->connmark && mark &&
	    marks_overlap(sr->names.mark, sr->names.mask, mark, mask))
		return fail(sr, -EBUSY,
			    "srcroute-mark 0x%x/0x%x is also matched by "
			    "ltepi's fwmark rule 0x%x/0x%x for table %u",
			    sr->names.mark, sr->names.mask, mark, mask, table);
	return 0;
}

/*
 * Deletes every tagged rule for T of one family (what a pppd that died
 * left), after checking that no other link's rule collides with our mark.
 * Returns the number deleted, or -errno.
 */
static int sweep_rules(struct srcroute *sr, int family)
{
	struct rule_scan s = { .sr = sr };
	struct fib_rule_hdr frh = { .family = (unsigned char)family };
	struct rtnl_msg m;
	char what[64];
	int ret;

	rtnl_msg_init(&m, RTM_GETRULE, 0, &frh, sizeof(frh));
	ret = rtnl_dump(&sr->rt, &m, doom_rule, &s);
	if (ret < 0 && ret != -EBUSY)
		ret = fail(sr, ret, "list %s rules", family_str(family));
	snprintf(what, sizeof(what), "%s rule for table %u prio %u",
		 family_str(family), sr->names.table, sr->names.priority);
	if (ret == 0)
		ret = doomed_delete(sr, &s.doomed, what);
	doomed_free(&s.doomed);
	installed_rules(sr, family)->n = 0;
	return ret;
}

/*
 * Could nf_tables hold a table now? Asking libnftables would load the
 * module, so in address mode look first: a modular kernel lists it in
 * /proc/modules once loaded; without /proc/modules it is built in, if
 * there at all.
 */
static bool nf_tables_present(void)
{
	FILE *f = fopen("/proc/modules", "re");
	char line[256];
	bool found = false;

	if (!f)
		return true;
	while (!found && fgets(line, sizeof(line), f))
		found = strncmp(line, "nf_tables ", 10) == 0;
	fclose(f);
	return found || access("/sys/module/nf_tables", F_OK) == 0;
}

/* The connmark table a pppd that died left for T, in either mode. */
static int sweep_nft_table(struct srcroute *sr)
{
	struct nft *nft = sr->nft;
	char err[160];
	int ret;

	if (!nft && !nf_tables_present())
		return 0;
	if (!nft)
		nft = nft_new();
	if (!nft)
		return 0; /* no nfnetlink: no table can exist */
	ret = srcroute_nft_down(nft, sr->names.table, err, sizeof(err));
	if (nft != sr->nft)
		nft_free(nft);
	if (ret < 0)
		return fail(sr, ret,
			    "delete a stale nft table for table %u (%s)",
			    sr->names.table, err);
	return ret;
}

int srcroute_sweep(struct srcroute *sr)
{
	int ret, swept;

	sr->errmsg[0] = '\0';
	if (sr->v4_up || sr->v6_up)
		return fail(sr, -EBUSY, "sweep while routing for %s",
			    sr->ifname);
	/* link routes went away with the interface they were on */
	if (!sr->names.table)
		return 0;
	ret = sr_check_table_free(sr);
	if (ret < 0)
		return ret;
	ret = sweep_rules(sr, AF_INET);
	if (ret < 0)
		return ret;
	swept = ret;
	ret = sweep_rules(sr, AF_INET6);
	if (ret < 0)
		return ret;
	swept += ret;
	ret = sr_sweep_table_routes(sr, AF_UNSPEC, 0);
	if (ret < 0)
		return ret;
	swept += ret;
	ret = sweep_nft_table(sr);
	return ret < 0 ? ret : swept + ret;
}
