/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The guard's reading of deletions (plugin/srcroute-removed.c) on
 * hand-built rtnetlink notifications: ours are counted and named, the
 * kernel's echoes of our own requests and everyone else's objects are not,
 * and malformed messages (truncated, attributes of the wrong size, prefix
 * lengths past the address) are skipped, never read past their end. The
 * fuzz target (fuzz/fuzz-removed.c) covers what these examples do not.
 */
#include <arpa/inet.h>
#include <string.h>
#include <sys/socket.h>
#include <linux/fib_rules.h>
#include <linux/rtnetlink.h>

#include "../tap.h"
#include "srcroute-nl.h"
#include "srcroute-removed.h"

#define SELF  4242
#define OTHER 99

static struct rule_spec v4_rules[1];
static struct ltepi_prefix links[1];

static struct removed_view view(void)
{
	v4_rules[0].src.family = AF_INET;
	inet_pton(AF_INET, "100.64.0.2", &v4_rules[0].src.addr.v4);
	v4_rules[0].src.len = 32;
	links[0].family = AF_INET;
	inet_pton(AF_INET, "192.0.2.0", &links[0].addr.v4);
	links[0].len = 24;
	return (struct removed_view){
		.self = SELF,
		.rule = { .table = 200, .priority = 1000 },
		.up = { true, false },
		.rules = { v4_rules, NULL },
		.n_rules = { 1, 0 },
		.link_routes = links,
		.n_link_routes = 1,
		.ifname = "ppp0",
	};
}

/* "from SRC lookup 200 prio 1000 proto 76", deleted by pid. */
static void rule_del(struct rtnl_msg *m, uint32_t pid, const char *src,
		     unsigned char src_len, uint8_t proto)
{
	struct fib_rule_hdr frh = { .family = AF_INET,
				    .src_len = src_len,
				    .table = 200,
				    .action = FR_ACT_TO_TBL };
	struct in_addr a;

	rtnl_msg_init(m, RTM_DELRULE, 0, &frh, sizeof(frh));
	m->nlh.nlmsg_pid = pid;
	rtnl_msg_put_u32(m, FRA_PRIORITY, 1000);
	rtnl_msg_put_u32(m, FRA_TABLE, 200);
	rtnl_msg_put_u8(m, FRA_PROTOCOL, proto);
	inet_pton(AF_INET, src, &a);
	rtnl_msg_put(m, FRA_SRC, &a, sizeof(a));
}

/* "default dev 3 table 200 proto 76" or a link route, deleted by pid. */
static void route_del(struct rtnl_msg *m, uint32_t pid, uint32_t table,
		      const char *dst, unsigned char dst_len)
{
	struct rtmsg rtm = { .rtm_family = AF_INET,
			     .rtm_dst_len = dst_len,
			     .rtm_table = RT_TABLE_UNSPEC,
			     .rtm_protocol = 76,
			     .rtm_type = RTN_UNICAST };
	struct in_addr a;

	rtnl_msg_init(m, RTM_DELROUTE, 0, &rtm, sizeof(rtm));
	m->nlh.nlmsg_pid = pid;
	rtnl_msg_put_u32(m, RTA_TABLE, table);
	if (dst) {
		inet_pton(AF_INET, dst, &a);
		rtnl_msg_put(m, RTA_DST, &a, sizeof(a));
	}
	rtnl_msg_put_u32(m, RTA_OIF, 3);
}

static int scan(const struct rtnl_msg *m, size_t len, char *report,
		size_t report_len)
{
	struct removed_view v = view();

	report[0] = '\0';
	return removed_scan(&v, m->buf, len, report, report_len);
}

static void test_ours(void)
{
	struct rtnl_msg m;
	char report[256];

	rule_del(&m, OTHER, "100.64.0.2", 32, 76);
	is_int(scan(&m, m.nlh.nlmsg_len, report, sizeof(report)), 1,
	       "our rule deleted by another process: one removal");
	is_str(report, "rule from 100.64.0.2/32 lookup 200 prio 1000",
	       "  named");
	route_del(&m, OTHER, 200, NULL, 0);
	is_int(scan(&m, m.nlh.nlmsg_len, report, sizeof(report)), 1,
	       "T's default route: one removal");
	is_str(report, "route default dev ppp0 table 200", "  named");
	route_del(&m, OTHER, RT_TABLE_MAIN, "192.0.2.0", 24);
	is_int(scan(&m, m.nlh.nlmsg_len, report, sizeof(report)), 1,
	       "a link route: one removal");
	is_str(report, "route 192.0.2.0/24 dev ppp0", "  named");
}

static void test_not_ours(void)
{
	struct rtnl_msg m;
	char report[256];

	rule_del(&m, SELF, "100.64.0.2", 32, 76);
	is_int(scan(&m, m.nlh.nlmsg_len, report, sizeof(report)), 0,
	       "the echo of our own deletion: none");
	rule_del(&m, OTHER, "100.64.0.9", 32, 76);
	is_int(scan(&m, m.nlh.nlmsg_len, report, sizeof(report)), 0,
	       "a tagged rule we did not install: none");
	rule_del(&m, OTHER, "100.64.0.2", 32, 0);
	is_int(scan(&m, m.nlh.nlmsg_len, report, sizeof(report)), 0,
	       "the same rule without our tag: none");
	route_del(&m, OTHER, 201, NULL, 0);
	is_int(scan(&m, m.nlh.nlmsg_len, report, sizeof(report)), 0,
	       "a default route of another table: none");
	route_del(&m, OTHER, RT_TABLE_MAIN, "192.0.3.0", 24);
	is_int(scan(&m, m.nlh.nlmsg_len, report, sizeof(report)), 0,
	       "another prefix in main: none");
	is_str(report, "", "  and nothing named");
}

static void test_malformed(void)
{
	struct rtnl_msg m;
	char report[256];
	struct rtattr *last;

	rule_del(&m, OTHER, "100.64.0.2", 33, 76);
	is_int(scan(&m, m.nlh.nlmsg_len, report, sizeof(report)), 0,
	       "a source length past the address: skipped");
	rule_del(&m, OTHER, "100.64.0.2", 32, 76);
	is_int(scan(&m, m.nlh.nlmsg_len - 4, report, sizeof(report)), 0,
	       "a datagram shorter than its message says: skipped");
	/* the last attribute (FRA_SRC) claims more than the message has */
	last = (struct rtattr *)(m.buf + m.nlh.nlmsg_len - RTA_SPACE(4));
	last->rta_len = 64;
	is_int(scan(&m, m.nlh.nlmsg_len, report, sizeof(report)), 0,
	       "an attribute running past the message: skipped");
	rule_del(&m, OTHER, "100.64.0.2", 32, 76);
	last = (struct rtattr *)(m.buf + m.nlh.nlmsg_len - RTA_SPACE(4));
	last->rta_len = RTA_LENGTH(2);
	is_int(scan(&m, m.nlh.nlmsg_len, report, sizeof(report)), 0,
	       "a source address of 2 bytes: skipped");
	m.nlh.nlmsg_len = NLMSG_LENGTH(4);
	is_int(scan(&m, m.nlh.nlmsg_len, report, sizeof(report)), 0,
	       "a message shorter than its rule header: skipped");
	rule_del(&m, OTHER, "100.64.0.2", 32, 76);
	is_int(scan(&m, m.nlh.nlmsg_len, report, 8), 1,
	       "a report buffer too small for the name: still counted");
	is_str(report, "", "  with no partial entry");
}

int main(void)
{
	test_ours();
	test_not_ours();
	test_malformed();
	return tap_done();
}
