/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * srcroute against the real kernel. Each case runs in a fresh network
 * namespace (unshare(CLONE_NEWNET) of this process, inherited by the ip(8)
 * and nft(8) children that read the result back), with a tun device named
 * like a PPP interface standing in for the link. The tun is opened through
 * /dev/net/tun and kept open so that it has carrier, as ppp0 would.
 *
 * What the kernel holds is read back with iproute2 and compared as text: an
 * independent view of the objects, and what a user would see.
 */
#define _GNU_SOURCE /* unshare() */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <poll.h>
#include <stdbool.h>
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <linux/if_tun.h>

#include "../tap.h"
#include "ns.h"
#include "nft.h"
#include "options.h"
#include "srcroute.h"

static char out[1 << 16];

/* Output of a command, with iproute2's trailing blanks removed per line. */
__attribute__((format(printf, 1, 2))) static const char *run(const char *fmt,
							     ...)
{
	char cmd[1024], line[1024];
	size_t len = 0;
	va_list ap;
	FILE *p;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	p = popen(cmd, "r");
	if (!p)
		bail("popen");
	out[0] = '\0';
	while (fgets(line, sizeof(line), p)) {
		size_t n = strcspn(line, "\n");

		while (n && line[n - 1] == ' ')
			n--;
		len += (size_t)snprintf(out + len, sizeof(out) - len, "%.*s\n",
					(int)n, line);
	}
	pclose(p);
	return out;
}

static void fresh_netns(void)
{
	if (unshare(CLONE_NEWNET) != 0)
		bail("unshare(CLONE_NEWNET)");
	sh("ip link set lo up");
}

static int ppp_link(const char *name, const char *local, const char *peer)
{
	int fd = tun_open(name);

	sh("ip addr add %s peer %s dev %s", local, peer, name);
	return fd;
}

static struct ltepi_conf conf_for(uint32_t table, enum srcroute_mode mode)
{
	struct ltepi_conf conf;
	char err[LTEPI_ERRLEN];

	options_init(&conf);
	conf.srcroute = true;
	conf.srcroute_table = table;
	conf.srcroute_mode = mode;
	if (options_finish(&conf, err, sizeof(err)) != 0) {
		printf("Bail out! options_finish: %s\n", err);
		exit(99);
	}
	return conf;
}

static void add_link_route(struct ltepi_conf *conf, const char *prefix)
{
	if (prefix_parse(prefix, &conf->link_routes[conf->n_link_routes++]))
		bail(prefix);
}

static struct srcroute *new_or_bail(const struct ltepi_conf *conf)
{
	struct srcroute *sr = srcroute_new(conf);

	if (!sr)
		bail("srcroute_new");
	return sr;
}

static struct in_addr v4(const char *s)
{
	struct in_addr a;

	if (inet_pton(AF_INET, s, &a) != 1)
		bail(s);
	return a;
}

#define RULES4(t)  run("ip -4 rule show table %d", t)
#define RULES6(t)  run("ip -6 rule show table %d", t)
#define ROUTES4(t) run("ip -4 route show table %d", t)
#define ROUTES6(t) run("ip -6 route show table %d", t)

static void test_v4_lifecycle(void)
{
	struct ltepi_conf conf = conf_for(200, SRCROUTE_MODE_ADDRESS);
	struct srcroute *sr;
	int fd;

	diag("IPv4 up, renegotiation, address change, down");
	fresh_netns();
	fd = ppp_link("ppp0", "100.64.0.2", "100.64.0.1");
	sr = new_or_bail(&conf);
	is_int(srcroute_sweep(sr), 0, "sweep of a clean namespace");
	is_int(srcroute_ipv4_up(sr, "ppp0", v4("100.64.0.2")), 0, "up");
	is_str(RULES4(200), "1000:\tfrom 100.64.0.2 lookup 200 proto 76\n",
	       "exactly one tagged rule");
	is_str(ROUTES4(200), "default dev ppp0 proto 76 scope link\n",
	       "exactly one tagged default route");
	is_int(srcroute_ipv4_up(sr, "ppp0", v4("100.64.0.2")), 0, "up again");
	is_str(RULES4(200), "1000:\tfrom 100.64.0.2 lookup 200 proto 76\n",
	       "renegotiation leaves one rule");
	is_str(ROUTES4(200), "default dev ppp0 proto 76 scope link\n",
	       "renegotiation leaves one route");

	sh("ip addr flush dev ppp0 && ip addr add 100.64.0.3 peer 100.64.0.1 "
	   "dev ppp0");
	is_int(srcroute_ipv4_up(sr, "ppp0", v4("100.64.0.3")), 0,
	       "up with a new address");
	is_str(RULES4(200), "1000:\tfrom 100.64.0.3 lookup 200 proto 76\n",
	       "the rule follows the address");
	ok(strstr(run("ip route get 8.8.8.8 from 100.64.0.3"), "dev ppp0"),
	   "traffic from the link address leaves by the link");

	is_int(srcroute_ipv4_down(sr), 0, "down");
	is_str(RULES4(200), "", "no rule left");
	is_str(ROUTES4(200), "", "no route left");
	is_int(srcroute_ipv4_down(sr), 0, "down again is a no-op");
	srcroute_free(sr);
	close(fd);
}

/*
 * srcroute_prepare(): the index looked up before ip-up is used by the up;
 * a unit replaced since (the same name, a new index) is looked up again.
 */
static void test_prepare(void)
{
	struct ltepi_conf conf = conf_for(200, SRCROUTE_MODE_ADDRESS);
	struct srcroute *sr;
	int fd;

	diag("the interface looked up before ip-up");
	fresh_netns();
	sr = new_or_bail(&conf);
	is_int(srcroute_prepare(sr, "ppp0"), -ENODEV,
	       "prepare before the unit exists: -ENODEV");
	is_int(srcroute_prepare(sr, "ppp0;"), -EINVAL,
	       "prepare with a bad name: -EINVAL");
	fd = ppp_link("ppp0", "100.64.0.2", "100.64.0.1");
	is_int(srcroute_prepare(sr, "ppp0"), 0, "prepare");
	is_int(srcroute_ipv4_up(sr, "ppp0", v4("100.64.0.2")), 0,
	       "up with the prepared index");
	is_str(ROUTES4(200), "default dev ppp0 proto 76 scope link\n",
	       "the route is on the prepared interface");
	is_int(srcroute_ipv4_down(sr), 0, "down");

	/* pppd made a new unit with the same name; nobody told us */
	close(fd);
	fd = ppp_link("ppp0", "100.64.0.2", "100.64.0.1");
	is_int(srcroute_ipv4_up(sr, "ppp0", v4("100.64.0.2")), 0,
	       "up after the unit was replaced looks it up again");
	is_str(ROUTES4(200), "default dev ppp0 proto 76 scope link\n",
	       "the route is on the new unit");
	is_str(RULES4(200), "1000:\tfrom 100.64.0.2 lookup 200 proto 76\n",
	       "exactly one rule after the retry");
	is_int(srcroute_ipv4_down(sr), 0, "down");
	is_int(srcroute_prepare(sr, NULL), 0, "forget");
	is_int(srcroute_ipv4_up(sr, "ppp0", v4("100.64.0.2")), 0,
	       "up without a prepared index");
	is_int(srcroute_ipv4_down(sr), 0, "down");
	srcroute_free(sr);
	close(fd);
}

/*
 * The context's pages are not inherited by pppd's children (a page shared
 * with a child costs a fault at its first write after the fork): a child
 * finds nothing mapped where the context is.
 */
static void test_not_inherited(void)
{
	struct ltepi_conf conf = conf_for(200, SRCROUTE_MODE_ADDRESS);
	struct srcroute *sr;
	int status = -1;
	pid_t pid;

	diag("the context is not inherited by children");
	if (!srcroute_private_pages()) {
		ok(1, "not inherited # SKIP an ASan build keeps the context on "
		      "the heap");
		return;
	}
	sr = new_or_bail(&conf);
	pid = fork();
	if (pid == 0)
		_exit(msync(sr, 1, MS_ASYNC) == -1 && errno == ENOMEM ? 0 : 1);
	if (pid > 0)
		waitpid(pid, &status, 0);
	ok(pid > 0 && WIFEXITED(status) && WEXITSTATUS(status) == 0,
	   "a forked child has no mapping at the context's address");
	ok(msync(sr, 1, MS_ASYNC) == 0, "the parent still has it");
	srcroute_free(sr);
}

static void test_foreign_survives(void)
{
	struct ltepi_conf conf = conf_for(200, SRCROUTE_MODE_CONNMARK);
	static const char foreign_rules[] =
	    "1000:\tfrom 100.64.0.2 lookup 200\n"
	    "1000:\tfrom 100.64.0.9 lookup 200 proto static\n"
	    "1000:\tfrom all fwmark 0x6000000/0xf000000 lookup 200\n";
	static const char foreign_routes[] =
	    "default dev ppp0 scope link metric 5\n"
	    "10.9.0.0/16 dev ppp0 scope link\n";
	struct srcroute *sr;
	int fd;

	add_link_route(&conf, "198.51.100.0/24");
	diag("untagged rules and routes at the same priority and table");
	fresh_netns();
	fd = ppp_link("ppp0", "100.64.0.2", "100.64.0.1");
	sh("ip rule add from 100.64.0.2 lookup 200 prio 1000");
	sh("ip rule add from 100.64.0.9 lookup 200 prio 1000 proto static");
	sh("ip rule add fwmark 0x6000000/0xf000000 lookup 200 prio 1000");
	sh("ip route add default dev ppp0 table 200 metric 5");
	sh("ip route add 10.9.0.0/16 dev ppp0 table 200");
	sh("ip route add 198.51.100.0/24 dev ppp0");
	sr = new_or_bail(&conf);
	is_int(srcroute_sweep(sr), 0, "sweep");
	is_str(RULES4(200), foreign_rules, "sweep keeps untagged rules");
	is_int(srcroute_ipv4_up(sr, "ppp0", v4("100.64.0.2")), 0, "up");
	is_str(
	    RULES4(200),
	    "1000:\tfrom 100.64.0.2 lookup 200\n"
	    "1000:\tfrom 100.64.0.9 lookup 200 proto static\n"
	    "1000:\tfrom all fwmark 0x6000000/0xf000000 lookup 200\n"
	    "1000:\tfrom 100.64.0.2 lookup 200 proto 76\n"
	    "1000:\tfrom all fwmark 0x6000000/0xf000000 lookup 200 proto 76\n",
	    "ours added next to the foreign ones");
	is_str(run("ip -4 route show 198.51.100.0/24"),
	       "198.51.100.0/24 dev ppp0 proto 76 scope link\n"
	       "198.51.100.0/24 dev ppp0 scope link\n",
	       "tagged link route next to an equal untagged one");
	is_int(srcroute_ipv4_down(sr), 0, "down");
	is_str(RULES4(200), foreign_rules, "down keeps untagged rules");
	is_str(ROUTES4(200), foreign_routes, "down keeps untagged routes");
	is_str(run("ip -4 route show 198.51.100.0/24"),
	       "198.51.100.0/24 dev ppp0 scope link\n",
	       "down keeps the untagged link route");
	is_int(srcroute_sweep(sr), 0, "sweep after down");
	is_str(RULES4(200), foreign_rules, "still there after a sweep");
	srcroute_free(sr);
	close(fd);
}

static void test_stale_swept(void)
{
	struct ltepi_conf conf = conf_for(200, SRCROUTE_MODE_ADDRESS);
	struct srcroute *sr;
	int fd;

	diag("what a SIGKILLed pppd left behind");
	fresh_netns();
	fd = ppp_link("ppp0", "100.64.0.2", "100.64.0.1");
	sh("ip rule add from 100.64.0.7 lookup 200 prio 1000 proto 76");
	sh("ip rule add from 100.64.0.8 lookup 200 prio 900 proto 76");
	sh("ip rule add from 100.64.0.7 lookup 201 prio 1000 proto 76");
	sh("ip -6 rule add from 2001:db8:9::/64 lookup 200 prio 1000 proto 76");
	sh("ip route add blackhole 10.1.0.0/16 table 200 proto 76");
	sh("ip -6 route add blackhole 2001:db8:9::/64 table 200 proto 76");
	sr = new_or_bail(&conf);
	is_int(srcroute_sweep(sr), 5, "sweep removes 3 rules and 2 routes");
	is_str(RULES4(200), "", "stale IPv4 rules for table 200 swept");
	is_str(RULES6(200), "", "stale IPv6 rule swept");
	is_str(RULES4(201), "1000:\tfrom 100.64.0.7 lookup 201 proto 76\n",
	       "another table's rule kept");
	is_str(ROUTES4(200), "", "stale IPv4 route swept");
	is_str(ROUTES6(200), "", "stale IPv6 route swept");

	/* a tagged copy of the very rule up adds: EEXIST, not a duplicate */
	sh("ip rule add from 100.64.0.2 lookup 200 prio 1000 proto 76");
	is_int(srcroute_ipv4_up(sr, "ppp0", v4("100.64.0.2")), 0,
	       "up over a stale copy of its own rule");
	is_str(RULES4(200), "1000:\tfrom 100.64.0.2 lookup 200 proto 76\n",
	       "exactly one rule");
	sh("ip rule del from 100.64.0.2 lookup 200 prio 1000 proto 76");
	is_int(srcroute_ipv4_up(sr, "ppp0", v4("100.64.0.2")), 0,
	       "renegotiation after the rule was deleted by hand");
	is_str(RULES4(200), "1000:\tfrom 100.64.0.2 lookup 200 proto 76\n",
	       "the rule is back");
	is_int(srcroute_ipv4_down(sr), 0, "down");
	is_str(RULES4(200), "", "nothing left");
	srcroute_free(sr);
	close(fd);
}

static void test_two_links(void)
{
	struct ltepi_conf c0 = conf_for(200, SRCROUTE_MODE_ADDRESS);
	/* above 255: the table travels in RTA_TABLE/FRA_TABLE only */
	struct ltepi_conf c1 = conf_for(1000, SRCROUTE_MODE_ADDRESS);
	struct srcroute *sr0, *sr1, *dup;
	int fd0, fd1;

	diag("ppp0 in table 200 and ppp1 in table 1000");
	fresh_netns();
	fd0 = ppp_link("ppp0", "100.64.0.2", "100.64.0.1");
	fd1 = ppp_link("ppp1", "100.64.1.2", "100.64.1.1");
	sr0 = new_or_bail(&c0);
	sr1 = new_or_bail(&c1);
	is_int(srcroute_ipv4_up(sr0, "ppp0", v4("100.64.0.2")), 0, "ppp0 up");
	is_int(srcroute_sweep(sr1), 0, "ppp1's sweep at start");
	is_int(srcroute_ipv4_up(sr1, "ppp1", v4("100.64.1.2")), 0, "ppp1 up");
	is_str(RULES4(200), "1000:\tfrom 100.64.0.2 lookup 200 proto 76\n",
	       "ppp0's rule intact");
	is_str(ROUTES4(1000), "default dev ppp1 proto 76 scope link\n",
	       "ppp1's route");
	is_int(srcroute_sweep(sr0), -EBUSY, "no sweep while up");

	dup = new_or_bail(&c0);
	is_int(srcroute_sweep(dup), -EBUSY, "sweep of a table in use: EBUSY");
	is_str(srcroute_errmsg(dup),
	       "table 200 is in use by ppp0: Device or resource busy",
	       "the message names the other link");
	is_int(srcroute_ipv4_up(dup, "ppp1", v4("100.64.1.2")), -EBUSY,
	       "up in a table in use: EBUSY");
	is_str(RULES4(200), "1000:\tfrom 100.64.0.2 lookup 200 proto 76\n",
	       "the refused up touched nothing");
	is_str(ROUTES4(200), "default dev ppp0 proto 76 scope link\n",
	       "nor the other link's route");
	srcroute_free(dup);

	is_int(srcroute_ipv4_down(sr0), 0, "ppp0 down");
	is_str(RULES4(1000), "1000:\tfrom 100.64.1.2 lookup 1000 proto 76\n",
	       "ppp1's rule survives ppp0's down");
	is_str(ROUTES4(1000), "default dev ppp1 proto 76 scope link\n",
	       "ppp1's route survives ppp0's down");
	is_int(srcroute_ipv4_down(sr1), 0, "ppp1 down");
	srcroute_free(sr0);
	srcroute_free(sr1);
	close(fd0);
	close(fd1);
}

static void test_link_routes(void)
{
	struct ltepi_conf conf = conf_for(200, SRCROUTE_MODE_ADDRESS);
	struct srcroute *sr;
	int fd;

	add_link_route(&conf, "192.0.2.0/24");
	add_link_route(&conf, "203.0.113.7");
	add_link_route(&conf, "2001:db8:100::/48");
	diag("link-route, IPv4 and IPv6");
	fresh_netns();
	fd = ppp_link("ppp0", "100.64.0.2", "100.64.0.1");
	sr = new_or_bail(&conf);
	is_int(srcroute_ipv4_up(sr, "ppp0", v4("100.64.0.2")), 0, "IPv4 up");
	is_str(run("ip -4 route show proto 76"),
	       "192.0.2.0/24 dev ppp0 scope link\n"
	       "203.0.113.7 dev ppp0 scope link\n",
	       "IPv4 link routes in main");
	is_str(run("ip -6 route show proto 76"), "",
	       "no IPv6 link route before IPv6 is up");
	is_int(srcroute_ipv6_up(sr, "ppp0"), 0, "IPv6 up");
	is_str(run("ip -6 route show proto 76"),
	       "2001:db8:100::/48 dev ppp0 metric 1024 pref medium\n",
	       "IPv6 link route in main");
	is_int(srcroute_ipv4_down(sr), 0, "IPv4 down");
	is_str(run("ip -4 route show proto 76"), "", "IPv4 link routes gone");
	is_int(srcroute_ipv6_down(sr), 0, "IPv6 down");
	is_str(run("ip -6 route show proto 76"), "", "IPv6 link route gone");
	srcroute_free(sr);
	close(fd);
}

static void test_link_routes_only(void)
{
	struct ltepi_conf conf = conf_for(0, SRCROUTE_MODE_ADDRESS);
	struct srcroute *sr;
	int fd;

	conf.srcroute = false;
	add_link_route(&conf, "192.0.2.0/24");
	add_link_route(&conf, "2001:db8:100::/48");
	diag("link-route without srcroute-table");
	fresh_netns();
	fd = ppp_link("ppp0", "100.64.0.2", "100.64.0.1");
	sh("ip -6 addr add 2001:db8:1:2::5/64 dev ppp0");
	sr = new_or_bail(&conf);
	is_int(srcroute_sweep(sr), 0, "sweep");
	is_int(srcroute_ipv4_up(sr, "ppp0", v4("100.64.0.2")), 0, "IPv4 up");
	is_int(srcroute_ipv6_up(sr, "ppp0"), 0, "IPv6 up");
	is_str(run("ip -4 route show proto 76"),
	       "192.0.2.0/24 dev ppp0 scope link\n", "IPv4 link route");
	is_str(run("ip -6 route show proto 76"),
	       "2001:db8:100::/48 dev ppp0 metric 1024 pref medium\n",
	       "IPv6 link route");
	is_str(run("{ ip rule; ip -6 rule; } | grep 'proto 76'"), "",
	       "no rule");
	is_int(srcroute_monitor_fd(sr), -1, "no address monitor");
	is_int(srcroute_ipv4_down(sr), 0, "IPv4 down");
	is_int(srcroute_ipv6_down(sr), 0, "IPv6 down");
	is_str(run("ip route show proto 76; ip -6 route show proto 76"), "",
	       "link routes gone");
	srcroute_free(sr);
	close(fd);
}

static int wait_readable(int fd, int ms)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };

	return poll(&p, 1, ms);
}

static void test_ipv6(void)
{
	struct ltepi_conf conf = conf_for(200, SRCROUTE_MODE_ADDRESS);
	struct srcroute *sr;
	int fd, mon;

	diag("IPv6: default route, rules from global prefixes, changes");
	fresh_netns();
	fd = tun_open("ppp0");
	sh("ip -6 addr add 2001:db8:1:2::5/64 dev ppp0");
	sh("ip -6 addr add 2001:db8:1:2::6/64 dev ppp0");
	sr = new_or_bail(&conf);
	is_int(srcroute_ipv6_up(sr, "ppp0"), 0, "IPv6 up");
	is_str(RULES6(200),
	       "1000:\tfrom 2001:db8:1:2::/64 lookup 200 proto 76\n",
	       "one rule for the prefix of both addresses");
	is_str(ROUTES6(200),
	       "default dev ppp0 proto 76 metric 1024 pref medium\n",
	       "tagged IPv6 default route");
	is_int(srcroute_ipv6_up(sr, "ppp0"), 0, "IPv6 up again");
	is_str(RULES6(200),
	       "1000:\tfrom 2001:db8:1:2::/64 lookup 200 proto 76\n",
	       "still one rule");
	mon = srcroute_monitor_fd(sr);
	ok(mon >= 0, "monitor fd while IPv6 is up");
	is_int(srcroute_monitor_dispatch(sr), 0,
	       "nothing to do after our own up");

	sh("ip -6 addr del 2001:db8:1:2::5/64 dev ppp0");
	sh("ip -6 addr del 2001:db8:1:2::6/64 dev ppp0");
	sh("ip -6 addr add 2001:db8:1:3::5/64 dev ppp0");
	is_int(wait_readable(mon, 2000), 1, "address change is notified");
	is_int(srcroute_monitor_dispatch(sr), 1, "dispatch resyncs");
	is_str(RULES6(200),
	       "1000:\tfrom 2001:db8:1:3::/64 lookup 200 proto 76\n",
	       "the rule follows the new prefix");
	is_int(srcroute_ipv6_sync(sr), 0, "sync with nothing new: 0");

	sh("ip link add lan0 type veth peer name lan1 && ip link set lan0 up "
	   "&& ip -6 addr add 2001:db8:7::1/64 dev lan0");
	wait_readable(mon, 500);
	is_int(srcroute_monitor_dispatch(sr), 0,
	       "another interface's address is ignored");
	sh("ip -6 addr add 2001:db8:1:4::5/128 dev ppp0");
	wait_readable(mon, 2000);
	is_int(srcroute_monitor_dispatch(sr), 1, "a second address");
	is_str(RULES6(200),
	       "1000:\tfrom 2001:db8:1:3::/64 lookup 200 proto 76\n"
	       "1000:\tfrom 2001:db8:1:4::5 lookup 200 proto 76\n",
	       "a rule per prefix");

	is_int(srcroute_ipv6_down(sr), 0, "IPv6 down");
	is_str(RULES6(200), "", "no IPv6 rule left");
	is_str(ROUTES6(200), "", "no IPv6 route left");
	is_int(srcroute_monitor_fd(sr), -1, "monitor closed");
	srcroute_free(sr);
	close(fd);
}

static void test_connmark(void)
{
	struct ltepi_conf conf = conf_for(200, SRCROUTE_MODE_CONNMARK);
	/* nft names an owned table's owner after its name */
	static const char head[] =
	    "table inet ltepi-sr-200 { # progname %s\n"
	    "\tflags owner\n"
	    "\tcomment \"ltepi: replies to connections from ppp0 leave by it "
	    "(routing table 200)\"\n"
	    "\n";
	static const char body[] =
	    "\tmap udp4 {\n"
	    "\t\ttype ipv4_addr . inet_service . inet_service : ipv4_addr\n"
	    "\t\tsize 8192\n"
	    "\t\tflags dynamic,timeout\n"
	    "\t\ttimeout 2m\n"
	    "\t}\n"
	    "\n"
	    "\tchain prerouting {\n"
	    "\t\ttype filter hook prerouting priority mangle; policy accept;\n"
	    "\t\tiifname \"ppp0\" ct state new ct mark set ct mark & "
	    "0xf6ffffff | 0x06000000\n"
	    "\t\tiifname != \"ppp0\" ct mark & 0x0f000000 == 0x06000000 meta "
	    "mark set meta mark & 0xf6ffffff | 0x06000000\n"
	    "\t}\n"
	    "\n"
	    "\tchain input {\n"
	    "\t\ttype filter hook input priority mangle; policy accept;\n"
	    "\t\tiifname \"ppp0\" ct direction original update @udp4 { ip "
	    "saddr . udp sport . udp dport : ip daddr }\n"
	    "\t}\n"
	    "\n"
	    "\tchain output_source {\n"
	    "\t\ttype route hook output priority raw; policy accept;\n"
	    "\t\tip saddr set ip daddr . udp dport . udp sport map @udp4\n"
	    "\t}\n"
	    "\n"
	    "\tchain output {\n"
	    "\t\ttype route hook output priority mangle; policy accept;\n"
	    "\t\tct mark & 0x0f000000 == 0x06000000 meta mark set meta mark & "
	    "0xf6ffffff | 0x06000000\n"
	    "\t}\n"
	    "}\n";
	struct srcroute *sr;
	struct nft *nft;
	const char *listing = NULL;
	char err[256], table[sizeof(head) + sizeof(body) + 64];
	int fd;

	diag("connmark mode");
	snprintf(table, sizeof(table), head, program_invocation_short_name);
	strcat(table, body);
	fresh_netns();
	nft = nft_new();
	if (!nft)
		bail("nft_new");
	fd = ppp_link("ppp0", "100.64.0.2", "100.64.0.1");
	sh("ip -6 addr add 2001:db8:1:2::5/64 dev ppp0");
	sr = new_or_bail(&conf);
	is_int(srcroute_ipv4_up(sr, "ppp0", v4("100.64.0.2")), 0, "IPv4 up");
	is_int(srcroute_ipv6_up(sr, "ppp0"), 0, "IPv6 up");
	is_int(nft_query(nft, "list table inet ltepi-sr-200", &listing, err,
			 sizeof(err)),
	       0, "nft table exists");
	is_str(listing, table,
	       "nft table as rendered, mask bits only, owned by this process");
	ok(system("nft delete table inet ltepi-sr-200 2>/dev/null") != 0,
	   "another process cannot delete it");
	sh("nft flush ruleset");
	ok(nft_query(nft, "list table inet ltepi-sr-200", NULL, err,
		     sizeof(err)) == 0,
	   "nor flush it away ('flush ruleset')");
	is_str(
	    RULES4(200),
	    "1000:\tfrom 100.64.0.2 lookup 200 proto 76\n"
	    "1000:\tfrom all fwmark 0x6000000/0xf000000 lookup 200 proto 76\n",
	    "IPv4 address and fwmark rules");
	is_str(
	    RULES6(200),
	    "1000:\tfrom 2001:db8:1:2::/64 lookup 200 proto 76\n"
	    "1000:\tfrom all fwmark 0x6000000/0xf000000 lookup 200 proto 76\n",
	    "IPv6 prefix and fwmark rules");
	ok(strstr(run("ip route get 8.8.8.8 mark 0x16000000"), "dev ppp0"),
	   "a packet with our mark bits routes via the link");
	is_int(srcroute_ipv4_up(sr, "ppp0", v4("100.64.0.2")), 0,
	       "IPv4 renegotiation");
	is_int(nft_query(nft, "list table inet ltepi-sr-200", &listing, err,
			 sizeof(err)),
	       0, "nft table still there");
	is_str(listing, table, "and replaced, not duplicated");
	is_str(
	    RULES4(200),
	    "1000:\tfrom 100.64.0.2 lookup 200 proto 76\n"
	    "1000:\tfrom all fwmark 0x6000000/0xf000000 lookup 200 proto 76\n",
	    "the same two rules after the renegotiation");
	is_int(srcroute_ipv4_down(sr), 0, "IPv4 down");
	is_str(RULES4(200), "", "IPv4 rules gone");
	ok(nft_query(nft, "list table inet ltepi-sr-200", NULL, err,
		     sizeof(err)) == 0,
	   "nft table stays while IPv6 is up");
	is_int(srcroute_ipv6_down(sr), 0, "IPv6 down");
	is_str(RULES6(200), "", "IPv6 rules gone");
	is_str(run("nft list tables"), "",
	       "nft table gone with the last family");

	/* what a SIGKILLed pppd in connmark mode leaves: all of it */
	is_int(srcroute_ipv4_up(sr, "ppp0", v4("100.64.0.2")), 0,
	       "IPv4 up again");
	/* pppd dies: its interface and owned table go with it */
	srcroute_free(sr);
	close(fd);
	is_str(run("nft list tables"), "",
	       "the kernel deleted the owned nft table with its owner");
	fd = ppp_link("ppp0", "100.64.0.2", "100.64.0.1");
	/* what a pppd on a kernel without the owner flag leaves behind */
	sh("nft add table inet ltepi-sr-200");
	sr = new_or_bail(&conf);
	is_int(srcroute_sweep(sr), 3,
	       "a new context sweeps 2 rules and an unowned nft table (the "
	       "route went with the interface)");
	is_str(run("nft list tables"), "", "the stale nft table is gone");
	is_str(RULES4(200), "", "and the stale rules");
	srcroute_free(sr);

	/* an address-mode successor sweeps a connmark predecessor's table */
	sr = new_or_bail(&conf);
	is_int(srcroute_ipv4_up(sr, "ppp0", v4("100.64.0.2")), 0,
	       "connmark up, then the pppd dies");
	srcroute_free(sr);
	close(fd);
	fd = ppp_link("ppp0", "100.64.0.2", "100.64.0.1");
	sh("nft add table inet ltepi-sr-200");
	{
		struct ltepi_conf addr = conf_for(200, SRCROUTE_MODE_ADDRESS);

		sr = new_or_bail(&addr);
		is_int(srcroute_sweep(sr), 3,
		       "address mode sweeps an unowned connmark table too");
		is_str(run("nft list tables"), "", "no nft table left");
		srcroute_free(sr);
	}
	nft_free(nft);
	close(fd);
}

static void test_mark_collision(void)
{
	struct ltepi_conf c200 = conf_for(200, SRCROUTE_MODE_CONNMARK);
	/* 215 % 15 == 200 % 15: the same default mark as table 200 */
	struct ltepi_conf c215 = conf_for(215, SRCROUTE_MODE_CONNMARK);
	struct ltepi_conf c201 = conf_for(201, SRCROUTE_MODE_CONNMARK);
	struct srcroute *sr0, *sr1;
	int fd0, fd1;

	diag("connmark: two links must not share mark bits");
	fresh_netns();
	fd0 = ppp_link("ppp0", "100.64.0.2", "100.64.0.1");
	fd1 = ppp_link("ppp1", "100.64.1.2", "100.64.1.1");
	sr0 = new_or_bail(&c200);
	is_int(srcroute_sweep(sr0), 0, "table 200 sweep");
	is_int(srcroute_ipv4_up(sr0, "ppp0", v4("100.64.0.2")), 0,
	       "table 200 up");
	sr1 = new_or_bail(&c215);
	is_int(srcroute_sweep(sr1), -EBUSY,
	       "table 215 with the same default mark: EBUSY at the sweep");
	is_str(srcroute_errmsg(sr1),
	       "srcroute-mark 0x6000000/0xf000000 is also matched by ltepi's "
	       "fwmark rule 0x6000000/0xf000000 for table 200: Device or "
	       "resource busy",
	       "the message names the other rule");
	is_str(RULES4(200),
	       "1000:\tfrom 100.64.0.2 lookup 200 proto 76\n"
	       "1000:\tfrom all fwmark 0x6000000/0xf000000 lookup 200 proto "
	       "76\n",
	       "table 200's rules untouched");
	srcroute_free(sr1);
	sr1 = new_or_bail(&c201);
	is_int(srcroute_sweep(sr1), 0, "table 201 (another mark) is fine");
	is_int(srcroute_ipv4_up(sr1, "ppp1", v4("100.64.1.2")), 0,
	       "table 201 up beside it");
	is_int(srcroute_ipv4_down(sr1), 0, "down");
	is_int(srcroute_ipv4_down(sr0), 0, "down");
	srcroute_free(sr1);
	srcroute_free(sr0);
	close(fd1);
	close(fd0);
}

static void test_errors(void)
{
	struct ltepi_conf conf = conf_for(200, SRCROUTE_MODE_ADDRESS);
	struct srcroute *sr;
	int fd;

	diag("errors");
	fresh_netns();
	fd = ppp_link("ppp0", "100.64.0.2", "100.64.0.1");
	sr = new_or_bail(&conf);
	is_int(srcroute_ipv4_up(sr, "nosuch0", v4("100.64.0.2")), -ENODEV,
	       "missing interface: ENODEV");
	is_str(srcroute_errmsg(sr), "look up interface nosuch0: No such device",
	       "its message");
	is_int(srcroute_ipv6_up(sr, "nosuch0"), -ENODEV, "IPv6 too");
	is_int(srcroute_ipv4_up(sr, "bad name", v4("100.64.0.2")), -EINVAL,
	       "bad interface name: EINVAL");
	is_str(srcroute_errmsg(sr),
	       "invalid interface name \"bad name\": "
	       "Invalid argument",
	       "its message");
	is_int(srcroute_ipv4_up(sr, "ppp0", v4("0.0.0.0")), -EINVAL,
	       "local address 0.0.0.0: EINVAL");

	sh("ip link set ppp0 down");
	is_int(srcroute_ipv4_up(sr, "ppp0", v4("100.64.0.2")), -ENETDOWN,
	       "interface down: the kernel's ENETDOWN");
	is_str(srcroute_errmsg(sr),
	       "add route 0.0.0.0/0 dev ppp0 table 200: Network is down",
	       "its message names the failed action");
	is_str(RULES4(200), "", "nothing half-done: no rule");
	is_str(ROUTES4(200), "", "nothing half-done: no route");

	sh("ip link set ppp0 up");
	is_int(srcroute_ipv4_up(sr, "ppp0", v4("100.64.0.2")), 0,
	       "up works once the interface is");
	is_int(srcroute_ipv6_up(sr, "ppp1"), -ENODEV,
	       "a second interface on the same context");
	is_int(srcroute_ipv4_down(sr), 0, "down");
	srcroute_free(sr);
	close(fd);
}

/* Named namespaces are global: make the names ours. */
static char ns_isp[32], ns_wan[32], ns_lan[32];

static bool ping_from_internet(void)
{
	return system(run("echo ip netns exec %s ping -q -c1 -W1 "
			  "-I 198.51.100.10 100.64.0.2 '>/dev/null 2>&1'",
			  ns_isp)) == 0;
}

/*
 * A UDP echo from the internet to a socat bound to 0.0.0.0 on the Pi, which
 * answers with a plain sendto(): the kernel picks the reply's source from
 * the main table (the default route's wan0 address).
 */
static bool udp_from_internet(void)
{
	return strcmp(run("echo ping | ip netns exec %s timeout 5 socat -T1 - "
			  "UDP:100.64.0.2:7001,bind=198.51.100.10 2>/dev/null",
			  ns_isp),
		      "pong\n") == 0;
}

/* atexit(): the names outlive this process if a bail out skips the end. */
static void traffic_teardown(void)
{
	char cmd[256];

	snprintf(cmd, sizeof(cmd),
		 "ip netns del %s; ip netns del %s; ip netns del %s", ns_isp,
		 ns_wan, ns_lan);
	(void)!system(cmd);
}

/*
 * A client behind the ISP (198.51.100.10) pings the link address. This
 * namespace is the Pi: default route via wan0, whose far end drops
 * everything; ppp0 is a veth with ARP off (point-to-point like PPP) to the
 * ISP; a LAN host sits behind lan0. Strict rp_filter to begin with.
 */
static void traffic_setup(void)
{
	snprintf(ns_isp, sizeof(ns_isp), "ltepi-sr-%d-isp", (int)getpid());
	snprintf(ns_wan, sizeof(ns_wan), "ltepi-sr-%d-wan", (int)getpid());
	snprintf(ns_lan, sizeof(ns_lan), "ltepi-sr-%d-lan", (int)getpid());
	atexit(traffic_teardown);
	sh("ip netns add %s && ip netns add %s && ip netns add %s", ns_isp,
	   ns_wan, ns_lan);
	sh("sysctl -qw net.ipv4.ip_forward=1 net.ipv4.conf.all.rp_filter=1 "
	   "net.ipv4.conf.default.rp_filter=1");
	/*
	 * With ARP off the kernel addresses frames to the device's own MAC;
	 * giving both ends the same one makes the veth a point-to-point link.
	 */
	sh("ip link add ppp0 address 02:00:00:00:00:01 type veth peer name "
	   "isp0 address 02:00:00:00:00:01 netns %s",
	   ns_isp);
	sh("ip link set ppp0 arp off up && "
	   "ip addr add 100.64.0.2 peer 100.64.0.1 dev ppp0");
	sh("ip -n %s link set lo up && ip -n %s link set isp0 arp off up && "
	   "ip -n %s addr add 100.64.0.1 peer 100.64.0.2 dev isp0 && "
	   "ip -n %s addr add 198.51.100.10/32 dev lo",
	   ns_isp, ns_isp, ns_isp, ns_isp);
	sh("ip link add wan0 type veth peer name up0 netns %s", ns_wan);
	sh("ip link set wan0 up && ip addr add 192.168.1.2/24 dev wan0 && "
	   "ip route add default via 192.168.1.1");
	sh("ip -n %s link set up0 up && "
	   "ip -n %s addr add 192.168.1.1/24 dev up0",
	   ns_wan, ns_wan);
	sh("ip link add lan0 type veth peer name host0 netns %s", ns_lan);
	sh("ip link set lan0 up && ip addr add 192.168.50.1/24 dev lan0");
	sh("ip -n %s link set host0 up && "
	   "ip -n %s addr add 192.168.50.2/24 dev host0 && "
	   "ip -n %s route add default via 192.168.50.1",
	   ns_lan, ns_lan, ns_lan);
}

static void test_traffic(void)
{
	struct ltepi_conf addr_conf = conf_for(200, SRCROUTE_MODE_ADDRESS);
	struct ltepi_conf cm_conf = conf_for(200, SRCROUTE_MODE_CONNMARK);
	struct srcroute *sr;

	diag("traffic: replies to the internet leave via the link");
	fresh_netns();
	if (system("command -v ping >/dev/null") != 0) {
		ok(1, "traffic # SKIP no ping(8) (iputils-ping)");
		return;
	}
	traffic_setup();
	ok(!ping_from_internet(),
	   "without source routing the reply takes the default route and dies");
	sh("socat UDP-RECVFROM:7001,fork SYSTEM:'echo pong' & echo $! "
	   ">/tmp/ltepi-sr-ns-socat.%d",
	   (int)getpid());

	sr = new_or_bail(&addr_conf);
	is_int(srcroute_ipv4_up(sr, "ppp0", v4("100.64.0.2")), 0,
	       "address mode up");
	ok(ping_from_internet(),
	   "the reply leaves via ppp0 (strict rp_filter)");
	ok(!udp_from_internet(),
	   "address mode: a UDP service on 0.0.0.0 answering with sendto() "
	   "is not covered (its reply's source is wan0's)");

	sh("nft 'add table ip sr-test-nat; "
	   "add chain ip sr-test-nat pre { type nat hook prerouting priority "
	   "-100; }; add rule ip sr-test-nat pre iifname \"ppp0\" "
	   "dnat to 192.168.50.2'");
	ok(!ping_from_internet(),
	   "a DNAT'd flow's reply from the LAN host is not covered by the "
	   "address rule");
	is_int(srcroute_ipv4_down(sr), 0, "address mode down");
	srcroute_free(sr);

	/*
	 * Strict rp_filter checks a DNAT'd packet's source against the route
	 * from the LAN address, which is the main table's: it drops these
	 * flows with or without ltepi. Loose mode is systemd's default.
	 */
	sh("sysctl -qw net.ipv4.conf.all.rp_filter=2 "
	   "net.ipv4.conf.ppp0.rp_filter=2");
	sr = new_or_bail(&cm_conf);
	is_int(srcroute_ipv4_up(sr, "ppp0", v4("100.64.0.2")), 0,
	       "connmark mode up");
	ok(ping_from_internet(), "connmark: the LAN host's reply leaves via "
				 "ppp0");
	sh("nft delete table ip sr-test-nat");
	ok(udp_from_internet(),
	   "connmark: the UDP service on 0.0.0.0 answers over ppp0");
	ok(strstr(run("nft list map inet ltepi-sr-200 udp4"),
		  "198.51.100.10 . ") != NULL,
	   "the client's return address is in the link's map");
	is_int(srcroute_ipv4_down(sr), 0, "connmark mode down");
	ok(!ping_from_internet(), "and dies again once the link is down");
	ok(!udp_from_internet(), "the UDP service too");
	srcroute_free(sr);
	sh("kill $(cat /tmp/ltepi-sr-ns-socat.%d); rm -f "
	   "/tmp/ltepi-sr-ns-socat.%d",
	   (int)getpid(), (int)getpid());
}

static int count_fds(void)
{
	DIR *d = opendir("/proc/self/fd");
	struct dirent *e;
	int n = 0;

	if (!d)
		bail("/proc/self/fd");
	while ((e = readdir(d)))
		n += e->d_name[0] != '.';
	closedir(d);
	return n;
}

static void test_fd_leak(void)
{
	struct ltepi_conf conf = conf_for(200, SRCROUTE_MODE_CONNMARK);
	struct srcroute *sr;
	int fd, before, i, failures = 0;

	add_link_route(&conf, "192.0.2.0/24");
	add_link_route(&conf, "2001:db8:100::/48");
	diag("200 up/down cycles");
	fresh_netns();
	fd = ppp_link("ppp0", "100.64.0.2", "100.64.0.1");
	sh("ip -6 addr add 2001:db8:1:2::5/64 dev ppp0");
	sr = new_or_bail(&conf);
	before = count_fds();
	for (i = 0; i < 200; i++) {
		failures += srcroute_ipv4_up(sr, "ppp0", v4("100.64.0.2")) != 0;
		failures += srcroute_ipv6_up(sr, "ppp0") != 0;
		failures += srcroute_ipv6_sync(sr) != 0;
		failures += srcroute_ipv4_down(sr) != 0;
		failures += srcroute_ipv6_down(sr) != 0;
	}
	is_int(failures, 0, "every call succeeded");
	is_int(count_fds(), before, "file descriptor count is flat");
	is_str(RULES4(200), "", "nothing left after the cycles");
	srcroute_free(sr);
	close(fd);
}

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* Median time of an IPv4 up (each after a down), in milliseconds. */
static double median_up_ms(struct srcroute *sr)
{
	double t[21];
	size_t i;

	for (i = 0; i < 21; i++) {
		double start;

		if (srcroute_ipv4_down(sr) != 0)
			bail("down");
		start = now_ms();
		if (srcroute_ipv4_up(sr, "ppp0", v4("100.64.0.2")) != 0)
			bail(srcroute_errmsg(sr));
		t[i] = now_ms() - start;
	}
	qsort(t, 21, sizeof(t[0]), cmp_double);
	return t[10];
}

/* Host routes 10.x.y.z via lan0, numbered from first. */
static void load_routes(int first, int n)
{
	char path[] = "/tmp/ltepi-srcroute-batch-XXXXXX";
	int fd = mkstemp(path), i;
	FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;

	if (!f)
		bail("batch file");
	for (i = first; i < first + n; i++)
		fprintf(f, "route add 10.%d.%d.%d dev lan0\n", (i >> 16) & 0xff,
			(i >> 8) & 0xff, i & 0xff);
	fclose(f);
	sh("ip -batch %s", path);
	unlink(path);
}

/* Foreign rules "from 10.x.y.0/24 lookup main" at priorities 2000 on. */
static void load_rules(int n)
{
	char path[] = "/tmp/ltepi-srcroute-batch-XXXXXX";
	int fd = mkstemp(path), i;
	FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;

	if (!f)
		bail("batch file");
	for (i = 0; i < n; i++)
		fprintf(f, "rule add from 10.%d.%d.0/24 lookup main prio %d\n",
			(i >> 8) & 0xff, i & 0xff, 2000 + i);
	fclose(f);
	sh("ip -batch %s", path);
	unlink(path);
}

static void test_bounded_cost(void)
{
	struct ltepi_conf conf = conf_for(200, SRCROUTE_MODE_ADDRESS);
	struct srcroute *sr;
	double small, big, start;
	int fd;

	add_link_route(&conf, "192.0.2.0/24");
	diag("cost of up with 10 and 100000 routes in the main table, and "
	     "1000 foreign rules");
	fresh_netns();
	fd = ppp_link("ppp0", "100.64.0.2", "100.64.0.1");
	sh("ip link add lan0 type veth peer name lan1 && "
	   "ip link set lan1 up && ip link set lan0 up");
	sr = new_or_bail(&conf);
	load_routes(0, 10);
	small = median_up_ms(sr);
	load_routes(10, 100000);
	is_int(atol(run("ip -4 route show table main | wc -l")), 100012,
	       "100000 more routes loaded");
	big = median_up_ms(sr);
	start = now_ms();
	run("ip -4 route show table main | wc -l");
	diag("for scale, one dump of the main table: %.1f ms",
	     now_ms() - start);
	diag("median up: %.3f ms with 10 routes, %.3f ms with 100000", small,
	     big);
	ok(big < 3 * small + 1.0,
	   "up does not scale with the main table (%.3f vs %.3f ms)", big,
	   small);
	load_rules(1000);
	is_int(atol(run("ip -4 rule show | wc -l")), 1004,
	       "1000 foreign rules loaded");
	big = median_up_ms(sr);
	diag("median up: %.3f ms with 1000 foreign rules", big);
	ok(big < 2 * small + 0.2,
	   "up does not scale with the policy rules (%.3f vs %.3f ms)", big,
	   small);
	is_int(srcroute_ipv4_down(sr), 0, "down");
	srcroute_free(sr);
	close(fd);
}

/* Which socket an fd is (a reused fd number would look the same). */
static unsigned long socket_inode(int fd)
{
	struct stat st;

	return fd >= 0 && fstat(fd, &st) == 0 ? (unsigned long)st.st_ino : 0;
}

/* What others delete of ours is seen, named and put back. */
static void test_guard(void)
{
	struct ltepi_conf conf = conf_for(200, SRCROUTE_MODE_ADDRESS);
	struct srcroute *sr;
	char report[512];
	unsigned long guard_ino;
	int fd;

	diag("guard: deletions by others are noticed and restored");
	fresh_netns();
	fd = ppp_link("ppp0", "100.64.0.2", "100.64.0.1");
	add_link_route(&conf, "192.0.2.0/24");
	sr = new_or_bail(&conf);
	is_int(srcroute_guard_fd(sr), -1, "no guard while down");
	is_int(srcroute_ipv4_up(sr, "ppp0", v4("100.64.0.2")), 0, "up");
	ok(srcroute_guard_fd(sr) >= 0, "guard open while up");
	is_int(srcroute_guard_check(sr, report, sizeof(report)), 0,
	       "our own up is no removal");

	sh("ip rule del from 100.64.0.2 lookup 200");
	is_int(srcroute_guard_check(sr, report, sizeof(report)), 1,
	       "'ip rule del' of our rule: one removal");
	is_str(report, "rule from 100.64.0.2/32 lookup 200 prio 1000",
	       "  named");
	is_int(srcroute_restore(sr), 1, "restore adds one object");
	is_str(RULES4(200), "1000:\tfrom 100.64.0.2 lookup 200 proto 76\n",
	       "  the rule is back");
	is_int(srcroute_guard_check(sr, report, sizeof(report)), 0,
	       "  and our restore is no removal");

	sh("ip route flush table 200");
	is_int(srcroute_guard_check(sr, report, sizeof(report)), 1,
	       "'ip route flush table 200': one removal");
	is_str(report, "route default dev ppp0 table 200", "  named");
	is_int(srcroute_restore(sr), 1, "restore");
	is_str(ROUTES4(200), "default dev ppp0 proto 76 scope link\n",
	       "  the default route is back");

	sh("ip rule flush && ip route del 192.0.2.0/24 dev ppp0 proto 76");
	is_int(srcroute_guard_check(sr, report, sizeof(report)), 2,
	       "'ip rule flush' and a deleted link route: two removals");
	ok(strstr(report, "rule from 100.64.0.2/32") &&
	       strstr(report, "route 192.0.2.0/24 dev ppp0"),
	   "  both named");
	is_int(srcroute_restore(sr), 2, "restore adds both");
	ok(strstr(run("ip -4 rule show"), "from 100.64.0.2 lookup 200") &&
	       strstr(run("ip -4 route show"), "192.0.2.0/24 dev ppp0"),
	   "  both back");
	ok(strstr(run("ip -4 rule show"), "lookup main") == NULL,
	   "  the kernel's own rules that 'ip rule flush' took stay gone");

	sh("ip rule add from 100.64.0.9 lookup 200 prio 1000 && "
	   "ip rule del from 100.64.0.9 lookup 200 prio 1000 && "
	   "ip route add 198.51.100.0/24 dev ppp0 table 200 && "
	   "ip route del 198.51.100.0/24 dev ppp0 table 200");
	is_int(srcroute_guard_check(sr, report, sizeof(report)), 0,
	       "others' rules and routes, even in table 200: no removal");

	sh("ip addr flush dev ppp0 && ip addr add 100.64.0.3 peer 100.64.0.1 "
	   "dev ppp0");
	is_int(srcroute_ipv4_up(sr, "ppp0", v4("100.64.0.3")), 0,
	       "address change: the old rule is replaced");
	is_int(srcroute_guard_check(sr, report, sizeof(report)), 0,
	       "  our own deletion of the old rule is no removal");
	guard_ino = socket_inode(srcroute_guard_fd(sr));
	is_int(srcroute_ipv4_down(sr), 0, "down");
	is_int(srcroute_guard_fd(sr), -1, "guard closed with the last family");
	is_str(RULES4(200), "", "nothing restored after down");

	sh("ip rule add from 100.64.0.3 lookup 200 prio 1000 proto 76 && "
	   "ip rule del from 100.64.0.3 lookup 200 prio 1000 proto 76");
	is_int(srcroute_ipv4_up(sr, "ppp0", v4("100.64.0.3")), 0,
	       "reconnect: up again");
	ok(guard_ino && socket_inode(srcroute_guard_fd(sr)) == guard_ino,
	   "  the guard's socket is the one kept across the reconnect");
	is_int(srcroute_guard_check(sr, report, sizeof(report)), 0,
	       "  what happened while down is not reported");
	sh("ip rule del from 100.64.0.3 lookup 200");
	is_int(srcroute_guard_check(sr, report, sizeof(report)), 1,
	       "  and a deletion after it is");
	is_int(srcroute_restore(sr), 1, "  restored");
	is_int(srcroute_ipv4_down(sr), 0, "down");
	srcroute_free(sr);
	close(fd);
}

int main(void)
{
	if (geteuid() != 0)
		skip_all("needs root for network namespaces");
	if (unshare(CLONE_NEWNET) != 0)
		skip_all("cannot create a network namespace: %s",
			 strerror(errno));
	if (access("/dev/net/tun", R_OK | W_OK) != 0)
		skip_all("no /dev/net/tun");
	if (system("ip -V >/dev/null 2>&1 && nft -v >/dev/null 2>&1") != 0)
		skip_all("ip(8) and nft(8) are needed to read results back");

	test_v4_lifecycle();
	test_prepare();
	test_not_inherited();
	test_foreign_survives();
	test_stale_swept();
	test_two_links();
	test_link_routes();
	test_link_routes_only();
	test_ipv6();
	test_connmark();
	test_guard();
	test_mark_collision();
	test_errors();
	test_traffic();
	test_fd_leak();
	test_bounded_cost();
	return tap_done();
}
