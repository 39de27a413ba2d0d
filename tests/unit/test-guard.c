/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The guard's policy (guard.h) and the nftables event filter
 * (nft-watch.h): pure functions, no kernel.
 */
#include <stdio.h>
#include <string.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nf_tables.h>
#include <linux/netfilter/nfnetlink.h>
#include <linux/netlink.h>

#include "../tap.h"
#include "guard.h"
#include "nft-watch.h"

#define S 1000000LL

static void test_restores_then_gives_up(void)
{
	struct guard g;

	guard_reset(&g);
	for (int i = 0; i < GUARD_LIMIT - 1; i++)
		is_int(guard_removed(&g, i * S), GUARD_RESTORE,
		       "removal within the limit is restored");
	is_int(guard_removed(&g, 10 * S), GUARD_GIVE_UP,
	       "the limit-th removal within the window gives up");
	is_int(guard_removed(&g, 11 * S), GUARD_GAVE_UP,
	       "after giving up: nothing more (no second message)");
	is_int(guard_removed(&g, 1000 * S), GUARD_GAVE_UP,
	       "  even much later, until reset");
	guard_reset(&g);
	is_int(guard_removed(&g, 1001 * S), GUARD_RESTORE,
	       "reset (a new connection) restores again");
}

static void test_window(void)
{
	struct guard g;
	int gave_up = 0;

	guard_reset(&g);
	/* one removal every 15 s: 4 per minute, never 5 */
	for (int i = 0; i < 40; i++)
		gave_up += guard_removed(&g, i * 15 * S) != GUARD_RESTORE;
	is_int(gave_up, 0, "4 removals a minute, 40 times: always restored");
	guard_reset(&g);
	for (int i = 0; i < 4; i++)
		(void)guard_removed(&g, i * S);
	is_int(guard_removed(&g, 3 * S + GUARD_WINDOW_US), GUARD_RESTORE,
	       "the oldest removal left the window: restored");
	for (int i = 1; i < GUARD_LIMIT - 1; i++)
		(void)guard_removed(&g, 100 * S + i);
	is_int(guard_removed(&g, 100 * S + GUARD_LIMIT), GUARD_GIVE_UP,
	       "then 5 within the window (the ring wrapped): gives up");
}

static void test_hints(void)
{
	char buf[512];

	guard_culprit_hint(GUARD_NETWORKD, buf, sizeof(buf));
	ok(strstr(buf, "systemd-networkd") &&
	       strstr(buf, "ManageForeignRoutingPolicyRules=no"),
	   "networkd: names it and the setting");
	guard_culprit_hint(GUARD_NETWORKMANAGER, buf, sizeof(buf));
	ok(strstr(buf, "NetworkManager") && strstr(buf, "unmanaged-devices"),
	   "NetworkManager: names it and the setting");
	guard_culprit_hint(GUARD_NETWORKD | GUARD_NETWORKMANAGER, buf,
			   sizeof(buf));
	ok(strstr(buf, "systemd-networkd") && strstr(buf, "NetworkManager"),
	   "both: names both");
	guard_culprit_hint(0, buf, sizeof(buf));
	ok(strstr(buf, "ip rule flush") != NULL,
	   "none running: names what else does it");
	guard_culprit_hint(GUARD_NETWORKD, buf, 16);
	is_int((long long)strlen(buf), 15, "a short buffer is cut, terminated");
}

/* One nftables event: type, family, and a first attribute (table name). */
static size_t put_event(char *buf, int type, int family, const char *table)
{
	struct nlmsghdr *nlh = (struct nlmsghdr *)buf;
	struct nfgenmsg *gen = NLMSG_DATA(nlh);
	struct nlattr *a = (void *)((char *)gen + NLMSG_ALIGN(sizeof(*gen)));
	size_t tlen = strlen(table) + 1;

	memset(buf, 0, 256);
	a->nla_type = NFTA_TABLE_NAME;
	a->nla_len = (unsigned short)(NLA_HDRLEN + tlen);
	memcpy((char *)a + NLA_HDRLEN, table, tlen);
	nlh->nlmsg_type = (unsigned short)(NFNL_SUBSYS_NFTABLES << 8 | type);
	nlh->nlmsg_len =
	    NLMSG_LENGTH(NLMSG_ALIGN(sizeof(*gen)) + NLA_ALIGN(a->nla_len));
	gen->nfgen_family = (unsigned char)family;
	return NLMSG_ALIGN(nlh->nlmsg_len);
}

static void test_watch_filter(void)
{
	char buf[1024] __attribute__((aligned(NLMSG_ALIGNTO)));
	size_t n;

	n = put_event(buf, NFT_MSG_DELTABLE, NFPROTO_INET, "ltepi-fw-ppp0");
	is_int(nft_watch_batch_touches(buf, n, "ltepi-fw-ppp0"), 1,
	       "deleting our table touches it");
	n = put_event(buf, NFT_MSG_NEWRULE, NFPROTO_INET, "ltepi-fw-ppp0");
	is_int(nft_watch_batch_touches(buf, n, "ltepi-fw-ppp0"), 1,
	       "a rule added to it touches it");
	n = put_event(buf, NFT_MSG_DELTABLE, NFPROTO_INET, "ltepi-fw-ppp00");
	is_int(nft_watch_batch_touches(buf, n, "ltepi-fw-ppp0"), 0,
	       "a table whose name only starts like ours does not");
	n = put_event(buf, NFT_MSG_DELTABLE, NFPROTO_INET, "ltepi-fw-ppp");
	is_int(nft_watch_batch_touches(buf, n, "ltepi-fw-ppp0"), 0,
	       "nor a prefix of ours");
	n = put_event(buf, NFT_MSG_DELTABLE, NFPROTO_IPV4, "ltepi-fw-ppp0");
	is_int(nft_watch_batch_touches(buf, n, "ltepi-fw-ppp0"), 0,
	       "nor the same name in another family");
	n = put_event(buf, NFT_MSG_DELTABLE, NFPROTO_INET, "filter");
	n +=
	    put_event(buf + n, NFT_MSG_DELCHAIN, NFPROTO_INET, "ltepi-fw-ppp0");
	is_int(nft_watch_batch_touches(buf, n, "ltepi-fw-ppp0"), 1,
	       "the second message of a batch counts too");
	is_int(nft_watch_batch_touches(buf, n - 1, "ltepi-fw-ppp0"), 0,
	       "a truncated message is not read");
	n = put_event(buf, NFT_MSG_DELTABLE, NFPROTO_INET, "ltepi-fw-ppp0");
	((struct nlattr *)(buf + NLMSG_HDRLEN +
			   NLMSG_ALIGN(sizeof(struct nfgenmsg))))
	    ->nla_len = 200;
	is_int(nft_watch_batch_touches(buf, n, "ltepi-fw-ppp0"), 0,
	       "an attribute longer than its message is not read");
	n = put_event(buf, NFT_MSG_DELTABLE, NFPROTO_INET, "ltepi-fw-ppp0");
	((struct nlattr *)(buf + NLMSG_HDRLEN +
			   NLMSG_ALIGN(sizeof(struct nfgenmsg))))
	    ->nla_len = NLA_HDRLEN + 13; /* "ltepi-fw-ppp0" without its NUL */
	is_int(nft_watch_batch_touches(buf, n, "ltepi-fw-ppp0"), 0,
	       "a name without its NUL is not read");
	n = put_event(buf, NFT_MSG_DELTABLE, NFPROTO_INET, "ltepi-fw-ppp0");
	((struct nlmsghdr *)buf)->nlmsg_type = NFNL_SUBSYS_IPSET << 8;
	is_int(nft_watch_batch_touches(buf, n, "ltepi-fw-ppp0"), 0,
	       "nor another netfilter subsystem's message");
}

int main(void)
{
	test_restores_then_gives_up();
	test_window();
	test_hints();
	test_watch_filter();
	return tap_done();
}
