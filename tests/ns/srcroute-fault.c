/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * srcroute when the kernel says no: every netlink call srcroute makes
 * (srcroute-nl.h's, each request of a batch on its own) is made to fail in
 * turn, by wrapping it at link time (-Wl,--wrap), while a link goes through
 * its life against the real kernel in a fresh network namespace. Run under
 * AddressSanitizer (tools/check's asan step) this covers the class of bug, not
 * one instance: whatever call fails, no memory error, every call returns 0 or a
 * negative errno with a message, and a sweep by the next context leaves nothing
 * of ltepi's.
 *
 * The regression for the rule reconciliation's overflow (issue 18): with rule
 * deletion failing for good, 16 IPv6 prefixes changing twice used to write
 * past the installed-rule set; now the third reconcile fails with
 * -ENOSPC and the set stays within bounds.
 */
#define _GNU_SOURCE /* unshare() */
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <linux/if_tun.h>

#include "../tap.h"
#include "ns.h"
#include "options.h"
#include "srcroute-nl.h"
#include "srcroute.h"

/* --- fault injection ----------------------------------------------------- */

static unsigned long calls;    /* wrapped calls made so far */
static unsigned long fail_at;  /* this call fails (0: none) */
static bool faults_off;	       /* the cleaning context's calls all work */
static bool rule_delete_fails; /* every RTM_DELRULE request fails */

static bool inject(void)
{
	return !faults_off && ++calls == fail_at;
}

#define WRAP(name, params, args)                                               \
	int __real_##name params;                                              \
	int __wrap_##name params;                                              \
	int __wrap_##name params                                               \
	{                                                                      \
		if (inject())                                                  \
			return -EPERM;                                         \
		return __real_##name args;                                     \
	}

WRAP(rtnl_dump,
     (struct rtnl * r, struct rtnl_msg *m, rtnl_dump_fn *fn, void *arg),
     (r, m, fn, arg))
WRAP(rtnl_ifindex, (struct rtnl * r, const char *ifname), (r, ifname))
WRAP(rtnl_open, (struct rtnl * r), (r))
WRAP(rtnl_open_monitor, (struct rtnl * r, int rcvbuf), (r, rcvbuf))
WRAP(rtnl_subscribe, (struct rtnl * r, uint32_t groups), (r, groups))

/*
 * A batch: the exchange may fail as a whole (counted once), and each
 * request in it fails alone (counted once each), as the kernel fails
 * them: the others are still carried out.
 */
int __real_rtnl_batch(struct rtnl *r, struct rtnl_msg *const msgs[], size_t n,
		      int err[]);
int __wrap_rtnl_batch(struct rtnl *r, struct rtnl_msg *const msgs[], size_t n,
		      int err[]);
int __wrap_rtnl_batch(struct rtnl *r, struct rtnl_msg *const msgs[], size_t n,
		      int err[])
{
	if (inject())
		return -ENOBUFS;
	for (size_t i = 0; i < n; i++) {
		int ret;

		if (inject() || (rule_delete_fails &&
				 msgs[i]->nlh.nlmsg_type == RTM_DELRULE)) {
			err[i] = -EPERM;
			continue;
		}
		ret = __real_rtnl_batch(r, &msgs[i], 1, &err[i]);
		if (ret < 0)
			return ret;
	}
	return 0;
}

/* --- the kernel side ------------------------------------------------------ */

/* How many of ltepi's rules and routes the kernel holds (protocol 76). */
static int tagged_objects(void)
{
	FILE *p = popen("{ ip -4 rule; ip -6 rule; ip -4 route show table all;"
			" ip -6 route show table all; } | grep -c 'proto 76'",
			"r");
	int n = -1;

	if (!p || fscanf(p, "%d", &n) != 1)
		n = -1;
	if (p)
		pclose(p);
	return n;
}

/* "ppp0" (closing the fd removes the interface, as pppd's death does). */
static int link_up(void)
{
	int fd = tun_open("ppp0");

	sh("ip addr add 100.64.0.2 peer 100.64.0.1 dev ppp0");
	return fd;
}

static int link_in_fresh_netns(void)
{
	if (unshare(CLONE_NEWNET) != 0) {
		printf("Bail out! unshare: %s\n", strerror(errno));
		exit(99);
	}
	sh("ip link set lo up");
	return link_up();
}

/* n global IPv6 prefixes 2001:db8:G:i::/64 on ppp0, the old ones gone. */
static void set_prefixes(int generation, int n)
{
	char cmd[4096];
	size_t len;

	len = (size_t)snprintf(cmd, sizeof(cmd),
			       "ip -6 addr flush dev ppp0 scope global");
	for (int i = 0; i < n; i++)
		len +=
		    (size_t)snprintf(cmd + len, sizeof(cmd) - len,
				     " && ip -6 addr add 2001:db8:%x:%x::5/64 "
				     "dev ppp0 nodad",
				     generation, i);
	sh("%s", cmd);
}

static struct ltepi_conf conf_for_table(uint32_t table)
{
	struct ltepi_conf conf;
	char err[LTEPI_ERRLEN];

	options_init(&conf);
	conf.srcroute = true;
	conf.srcroute_table = table;
	if (prefix_parse("192.0.2.0/24", &conf.link_routes[0]) ||
	    prefix_parse("2001:db8:ffff::/48", &conf.link_routes[1]))
		exit(99);
	conf.n_link_routes = 2;
	if (options_finish(&conf, err, sizeof(err)) != 0) {
		printf("Bail out! options_finish: %s\n", err);
		exit(99);
	}
	return conf;
}

/* A call's result: 0 or 1, or a negative errno with a message. */
static bool sane(struct srcroute *sr, int r)
{
	return r >= 0 || (r > -4096 && srcroute_errmsg(sr)[0] != '\0');
}

/*
 * A link's life: up, renegotiation, IPv6 with prefixes changing, the
 * guard, down. Returns how many results were not sane.
 */
static int life(const struct ltepi_conf *conf)
{
	struct srcroute *sr = srcroute_new(conf);
	struct in_addr a;
	char report[256];
	int insane = 0;

	if (!sr)
		return errno == EPERM ? 0 : 1; /* the socket may fail too */
	insane += !sane(sr, srcroute_sweep(sr));
	inet_pton(AF_INET, "100.64.0.2", &a);
	insane += !sane(sr, srcroute_ipv4_up(sr, "ppp0", a));
	set_prefixes(1, 3);
	insane += !sane(sr, srcroute_ipv6_up(sr, "ppp0"));
	set_prefixes(2, 3);
	insane += !sane(sr, srcroute_ipv6_sync(sr));
	insane += !sane(sr, srcroute_guard_check(sr, report, sizeof(report)));
	insane += !sane(sr, srcroute_restore(sr));
	insane += !sane(sr, srcroute_ipv4_up(sr, "ppp0", a));
	insane += !sane(sr, srcroute_ipv6_down(sr));
	insane += !sane(sr, srcroute_ipv4_down(sr));
	srcroute_free(sr);
	return insane;
}

static void test_every_call_fails_in_turn(void)
{
	struct ltepi_conf conf = conf_for_table(200);
	struct srcroute *sr;
	unsigned long total, insane = 0, dirty = 0;
	int fd = link_in_fresh_netns();

	fail_at = 0;
	calls = 0;
	is_int(life(&conf), 0, "a link's life without faults");
	total = calls;
	ok(total > 20, "  made %lu wrapped netlink calls", total);
	for (fail_at = 1; fail_at <= total; fail_at++) {
		calls = 0;
		insane += (unsigned long)life(&conf) != 0;
		/* pppd dies with its interface; the next one's sweep cleans
		 * up whatever else was left */
		close(fd);
		fd = link_up();
		faults_off = true;
		sr = srcroute_new(&conf);
		if (!sr || srcroute_sweep(sr) < 0)
			dirty++;
		srcroute_free(sr);
		faults_off = false;
		if (tagged_objects() != 0) {
			if (!dirty++) {
				diag("left after call %lu failed:", fail_at);
				sh("{ ip -4 rule; ip -6 rule; ip -4 route show "
				   "table all; ip -6 route show table all; } | "
				   "grep 'proto 76' | sed 's/^/# /'");
			}
		}
	}
	is_int((long long)insane, 0,
	       "each of the calls failing in turn: every result sane");
	is_int((long long)dirty, 0,
	       "  and the next context's sweep leaves nothing tagged");
	close(fd);
}

static void test_rule_delete_keeps_failing(void)
{
	struct ltepi_conf conf = conf_for_table(201);
	struct srcroute *sr;
	struct in_addr a;
	int fd = link_in_fresh_netns(), r;

	fail_at = 0;
	inet_pton(AF_INET, "100.64.0.2", &a);
	sr = srcroute_new(&conf);
	if (!sr)
		exit(99);
	set_prefixes(1, 16);
	is_int(srcroute_ipv6_up(sr, "ppp0"), 0, "16 IPv6 prefixes up");
	rule_delete_fails = true;
	set_prefixes(2, 16);
	r = srcroute_ipv6_sync(sr);
	ok(r < 0, "a prefix change with rule deletion failing: fails (%d)", r);
	set_prefixes(3, 16);
	r = srcroute_ipv6_sync(sr);
	is_int(r, -ENOSPC,
	       "another change: -ENOSPC, not a write past the rule set");
	ok(strstr(srcroute_errmsg(sr), "still installed") != NULL,
	   "  the message says why: %s", srcroute_errmsg(sr));
	ok(srcroute_ipv6_down(sr) < 0, "down with deletion failing: fails");
	set_prefixes(4, 16);
	r = srcroute_ipv6_up(sr, "ppp0");
	ok(r < 0,
	   "a fresh up, the rules down left still undeletable: fails "
	   "(%d), within the set's bounds",
	   r);
	rule_delete_fails = false;
	is_int(srcroute_ipv6_up(sr, "ppp0"), 0,
	       "once deletion works, up succeeds");
	ok(srcroute_ipv6_down(sr) == 0, "  and so does down");
	is_int(tagged_objects(), 0, "  and removes every rule it had added");
	srcroute_free(sr);
	close(fd);
}

int main(void)
{
	if (geteuid() != 0)
		skip_all("needs root for network namespaces");
	if (access("/dev/net/tun", R_OK | W_OK) != 0)
		skip_all("no /dev/net/tun");
	if (system("ip -V >/dev/null 2>&1") != 0)
		skip_all("ip(8) is needed to set up and read back");
	test_rule_delete_keeps_failing();
	test_every_call_fails_in_turn();
	return tap_done();
}
