/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Unit tests for the options module: every bad value gets the exact
 * message a user will read in pppd's output, and a rejected value leaves
 * the configuration as it was.
 */
#include <arpa/inet.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../tap.h"
#include "options.h"

static char rt_dir[] = "/tmp/ltepi-test-options-XXXXXX";
static char rt_file[PATH_MAX], rt_d[PATH_MAX];
static const char *rt_paths[3];
static struct options_env env = { .rt_tables_paths = rt_paths };

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	if (!f || fputs(text, f) < 0 || fclose(f) != 0) {
		perror(path);
		exit(99);
	}
}

static void setup_rt_tables(void)
{
	char conf[PATH_MAX + 16];

	if (!mkdtemp(rt_dir)) {
		perror("mkdtemp");
		exit(99);
	}
	snprintf(rt_file, sizeof(rt_file), "%s/rt_tables", rt_dir);
	snprintf(rt_d, sizeof(rt_d), "%s/rt_tables.d", rt_dir);
	write_file(rt_file, "#\n# reserved values\n#\n255\tlocal\n254\tmain\n"
			    "253\tdefault\n0\tunspec\n200 lte # uplink\n");
	mkdir(rt_d, 0755);
	snprintf(conf, sizeof(conf), "%s/vpn.conf", rt_d);
	write_file(conf, "0x12d vpn\n");
	snprintf(conf, sizeof(conf), "%s/ignored.txt", rt_d);
	write_file(conf, "77 notconf\n");
	rt_paths[0] = rt_file;
	rt_paths[1] = rt_d;
	rt_paths[2] = NULL;
}

static void cleanup_rt_tables(void)
{
	char cmd[PATH_MAX + 16];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", rt_dir);
	if (system(cmd) != 0)
		diag("could not remove %s", rt_dir);
}

/* Expect an error with exactly this message, and conf untouched. */
#define EXPECT_ERR(call, msg)                                                  \
	do {                                                                   \
		struct ltepi_conf before_ = conf;                              \
		char err_[LTEPI_ERRLEN] = "";                                  \
		int r_ = call;                                                 \
		ok(r_ < 0, "%s fails", #call);                                 \
		is_str(err_, msg, "  message");                                \
		ok(memcmp(&before_, &conf, sizeof(conf)) == 0,                 \
		   "  configuration unchanged");                               \
	} while (0)
#define ERR err_, sizeof(err_)

#define EXPECT_OK(call)                                                        \
	do {                                                                   \
		char err_[LTEPI_ERRLEN] = "";                                  \
		int r_ = call;                                                 \
		ok(r_ == 0, "%s succeeds%s%s", #call, err_[0] ? ": " : "",     \
		   err_);                                                      \
	} while (0)

static void test_table(void)
{
	struct ltepi_conf conf;

	options_init(&conf);
	ok(!conf.srcroute, "source routing is off by default");
	EXPECT_OK(options_set_table(&conf, &env, "200", ERR));
	is_int(conf.srcroute_table, 200, "numeric table");
	ok(conf.srcroute, "srcroute-table enables source routing");
	EXPECT_OK(options_set_table(&conf, &env, "200", ERR));
	EXPECT_ERR(options_set_table(&conf, &env, "201", ERR),
		   "srcroute-table given twice (200, then 201); give it once");

	options_init(&conf);
	EXPECT_OK(options_set_table(&conf, &env, "lte", ERR));
	is_int(conf.srcroute_table, 200, "name from rt_tables");
	options_init(&conf);
	EXPECT_OK(options_set_table(&conf, &env, "vpn", ERR));
	is_int(conf.srcroute_table, 301, "hex name from rt_tables.d/*.conf");
	options_init(&conf);
	EXPECT_OK(options_set_table(&conf, &env, "2147483647", ERR));

	options_init(&conf);
	EXPECT_ERR(options_set_table(&conf, &env, "", ERR),
		   "srcroute-table: empty value");
	EXPECT_ERR(options_set_table(&conf, &env, "0", ERR),
		   "srcroute-table: 0 is out of range (1-2147483647)");
	EXPECT_ERR(options_set_table(&conf, &env, "2147483648", ERR),
		   "srcroute-table: 2147483648 is out of range (1-2147483647)");
	EXPECT_ERR(options_set_table(&conf, &env, "99999999999999999999", ERR),
		   "srcroute-table: 99999999999999999999 is out of range "
		   "(1-2147483647)");
	EXPECT_ERR(
	    options_set_table(&conf, &env, "254", ERR),
	    "srcroute-table: 254 is the kernel's 'main' table, which "
	    "ltepi must not take over; use a table of its own, e.g. 200");
	EXPECT_ERR(
	    options_set_table(&conf, &env, "253", ERR),
	    "srcroute-table: 253 is the kernel's 'default' table, which "
	    "ltepi must not take over; use a table of its own, e.g. 200");
	EXPECT_ERR(
	    options_set_table(&conf, &env, "local", ERR),
	    "srcroute-table: local is the kernel's 'local' table, which "
	    "ltepi must not take over; use a table of its own, e.g. 200");
	EXPECT_ERR(options_set_table(&conf, &env, "unspec", ERR),
		   "srcroute-table: unspec is out of range (1-2147483647)");
	EXPECT_ERR(options_set_table(&conf, &env, "notconf", ERR),
		   "srcroute-table: 'notconf' is neither a table number "
		   "(1-2147483647) nor a name in iproute2's rt_tables files");
	EXPECT_ERR(options_set_table(&conf, &env, "-5", ERR),
		   "srcroute-table: '-5' is neither a table number "
		   "(1-2147483647) nor a name in iproute2's rt_tables files");
	EXPECT_ERR(options_set_table(&conf, &env, "12abc", ERR),
		   "srcroute-table: '12abc' is neither a table number "
		   "(1-2147483647) nor a name in iproute2's rt_tables files");
	ok(!conf.srcroute, "rejected tables leave source routing off");
}

static void test_priority_mode_mark(void)
{
	struct ltepi_conf conf;

	options_init(&conf);
	is_int(conf.srcroute_priority, LTEPI_DEFAULT_PRIORITY,
	       "default priority");
	EXPECT_OK(options_set_priority(&conf, "100", ERR));
	is_int(conf.srcroute_priority, 100, "priority stored");
	EXPECT_ERR(options_set_priority(&conf, "101", ERR),
		   "srcroute-priority given twice (100, then 101); give it "
		   "once");
	options_init(&conf);
	EXPECT_OK(options_set_priority(&conf, "32765", ERR));
	options_init(&conf);
	EXPECT_ERR(options_set_priority(&conf, "", ERR),
		   "srcroute-priority: empty value");
	EXPECT_ERR(options_set_priority(&conf, "high", ERR),
		   "srcroute-priority: 'high' is not a number");
	EXPECT_ERR(options_set_priority(&conf, "0", ERR),
		   "srcroute-priority: 0 is out of range (1-32765; 32766 and "
		   "up belong to the main and default tables)");
	EXPECT_ERR(options_set_priority(&conf, "32766", ERR),
		   "srcroute-priority: 32766 is out of range (1-32765; 32766 "
		   "and up belong to the main and default tables)");

	EXPECT_OK(options_set_mode(&conf, "connmark", ERR));
	is_int(conf.srcroute_mode, SRCROUTE_MODE_CONNMARK, "connmark mode");
	EXPECT_ERR(options_set_mode(&conf, "address", ERR),
		   "srcroute-mode given twice (connmark, then address); give "
		   "it once");
	options_init(&conf);
	EXPECT_ERR(options_set_mode(&conf, "fwmark", ERR),
		   "srcroute-mode: 'fwmark' is not one of: address, connmark");
	EXPECT_ERR(options_set_mode(&conf, "", ERR),
		   "srcroute-mode: '' is not one of: address, connmark");

	EXPECT_OK(options_set_mark(&conf, "0x3000000", ERR));
	is_int(conf.srcroute_mark, 0x3000000, "mark value");
	is_int(conf.srcroute_mark_mask, LTEPI_DEFAULT_MARK_MASK,
	       "default mask");
	options_init(&conf);
	EXPECT_OK(options_set_mark(&conf, "0x40/0xc0", ERR));
	is_int(conf.srcroute_mark_mask, 0xc0, "explicit mask");
	options_init(&conf);
	EXPECT_ERR(options_set_mark(&conf, "0x5", ERR),
		   "srcroute-mark: 0x5: mark 0x5 has bits outside the mask "
		   "0xf000000");
	EXPECT_ERR(options_set_mark(&conf, "0/0xff", ERR),
		   "srcroute-mark: 0/0xff: neither the mark nor the mask may "
		   "be 0");
	EXPECT_ERR(options_set_mark(&conf, "red", ERR),
		   "srcroute-mark: 'red' is not MARK[/MASK] (numbers, decimal "
		   "or 0x hex; e.g. 0x1000000/0xf000000)");
	EXPECT_ERR(options_set_mark(&conf, "1/", ERR),
		   "srcroute-mark: '1/' is not MARK[/MASK] (numbers, decimal "
		   "or 0x hex; e.g. 0x1000000/0xf000000)");
	EXPECT_ERR(options_set_mark(&conf, "0x100000000", ERR),
		   "srcroute-mark: '0x100000000' is not MARK[/MASK] (numbers, "
		   "decimal or 0x hex; e.g. 0x1000000/0xf000000)");
}

static void test_link_routes(void)
{
	struct ltepi_conf conf;
	char buf[INET6_ADDRSTRLEN];

	options_init(&conf);
	EXPECT_OK(options_add_link_route(&conf, "8.8.8.8", ERR));
	is_int(conf.link_routes[0].len, 32, "bare address is a host route");
	EXPECT_OK(options_add_link_route(&conf, "198.51.100.0/24", ERR));
	EXPECT_OK(options_add_link_route(&conf, "2001:db8::/32", ERR));
	is_int(conf.n_link_routes, 3, "three prefixes");
	inet_ntop(AF_INET6, &conf.link_routes[2].addr.v6, buf, sizeof(buf));
	is_str(buf, "2001:db8::", "IPv6 prefix address");
	is_int(conf.link_routes[2].family, AF_INET6, "IPv6 family");

	EXPECT_ERR(options_add_link_route(&conf, "8.8.8.8/32", ERR),
		   "link-route: 8.8.8.8/32 is given twice");
	EXPECT_ERR(options_add_link_route(&conf, "10.0.0.1/8", ERR),
		   "link-route: '10.0.0.1/8' has host bits set; did you mean "
		   "10.0.0.0/8?");
	EXPECT_ERR(options_add_link_route(&conf, "2001:db8::1/64", ERR),
		   "link-route: '2001:db8::1/64' has host bits set; did you "
		   "mean 2001:db8::/64?");
	EXPECT_ERR(options_add_link_route(&conf, "0.0.0.0/0", ERR),
		   "link-route: 0.0.0.0/0 is a default route; use pppd's "
		   "defaultroute option for that");
	EXPECT_ERR(options_add_link_route(&conf, "10.0.0.0/33", ERR),
		   "link-route: '10.0.0.0/33' is not an IPv4 or IPv6 prefix "
		   "(ADDRESS[/LENGTH], e.g. 8.8.8.8/32)");
	EXPECT_ERR(options_add_link_route(&conf, "example.com", ERR),
		   "link-route: 'example.com' is not an IPv4 or IPv6 prefix "
		   "(ADDRESS[/LENGTH], e.g. 8.8.8.8/32)");
	EXPECT_ERR(options_add_link_route(&conf, "", ERR),
		   "link-route: '' is not an IPv4 or IPv6 prefix "
		   "(ADDRESS[/LENGTH], e.g. 8.8.8.8/32)");
	EXPECT_ERR(options_add_link_route(&conf, "10.0.0.0/", ERR),
		   "link-route: '10.0.0.0/' is not an IPv4 or IPv6 prefix "
		   "(ADDRESS[/LENGTH], e.g. 8.8.8.8/32)");
	EXPECT_ERR(options_add_link_route(&conf, "10.0.0.0/8x", ERR),
		   "link-route: '10.0.0.0/8x' is not an IPv4 or IPv6 prefix "
		   "(ADDRESS[/LENGTH], e.g. 8.8.8.8/32)");

	options_init(&conf);
	for (int i = 0; i < LTEPI_MAX_LINK_ROUTES; i++) {
		char p[32];
		char err[LTEPI_ERRLEN];

		snprintf(p, sizeof(p), "10.%d.0.0/16", i);
		if (options_add_link_route(&conf, p, err, sizeof(err)) < 0)
			break;
	}
	is_int(conf.n_link_routes, LTEPI_MAX_LINK_ROUTES, "fill to the limit");
	EXPECT_ERR(options_add_link_route(&conf, "192.0.2.0/24", ERR),
		   "link-route: more than 64 prefixes; use a routing table for "
		   "that many");
}

static void test_firewall(void)
{
	struct ltepi_conf conf;

	options_init(&conf);
	EXPECT_OK(options_set_firewall_profile(&conf, "deny-all", ERR));
	ok(conf.firewall, "firewall-profile enables the firewall");
	EXPECT_OK(options_set_firewall_profile(&conf, "deny-all", ERR));
	EXPECT_ERR(options_set_firewall_profile(&conf, "ssh", ERR),
		   "firewall-profile given twice (deny-all, then ssh); give it "
		   "once");
	options_init(&conf);
	EXPECT_OK(
	    options_set_firewall_profile(&conf, "/etc/x/my.profile", ERR));
	options_init(&conf);
	EXPECT_ERR(options_set_firewall_profile(&conf, "", ERR),
		   "firewall-profile: empty value");
	EXPECT_ERR(options_set_firewall_profile(&conf, "../etc/shadow", ERR),
		   "firewall-profile: '../etc/shadow' is neither a profile "
		   "name (letters, digits, '.', '_', '-'; at most 64) nor an "
		   "absolute path");
	EXPECT_ERR(options_set_firewall_profile(&conf, "sub/dir", ERR),
		   "firewall-profile: 'sub/dir' is neither a profile name "
		   "(letters, digits, '.', '_', '-'; at most 64) nor an "
		   "absolute path");
	EXPECT_ERR(options_set_firewall_profile(&conf, ".hidden", ERR),
		   "firewall-profile: '.hidden' is neither a profile name "
		   "(letters, digits, '.', '_', '-'; at most 64) nor an "
		   "absolute path");

	/* nofirewall wins whatever the order. */
	options_init(&conf);
	EXPECT_OK(options_set_nofirewall(&conf, ERR));
	EXPECT_OK(options_set_firewall_profile(&conf, "ssh", ERR));
	ok(!conf.firewall, "nofirewall before firewall-profile disables");
	options_init(&conf);
	EXPECT_OK(options_set_firewall_profile(&conf, "ssh", ERR));
	EXPECT_OK(options_set_nofirewall(&conf, ERR));
	ok(!conf.firewall, "nofirewall after firewall-profile disables");
}

/* The remaining classes of bad values, each with its exact message. */
static void test_more_bad_values(void)
{
	struct ltepi_conf conf;
	char long_name[80], long_path[PATH_MAX + 16];

	options_init(&conf);
	EXPECT_ERR(
	    options_set_table(&conf, &env, "255", ERR),
	    "srcroute-table: 255 is the kernel's 'local' table, which "
	    "ltepi must not take over; use a table of its own, e.g. 200");
	EXPECT_ERR(
	    options_set_table(&conf, &env, "main", ERR),
	    "srcroute-table: main is the kernel's 'main' table, which "
	    "ltepi must not take over; use a table of its own, e.g. 200");
	EXPECT_ERR(
	    options_set_table(&conf, &env, "default", ERR),
	    "srcroute-table: default is the kernel's 'default' table, which "
	    "ltepi must not take over; use a table of its own, e.g. 200");
	EXPECT_ERR(options_set_table(&conf, &env, "0x", ERR),
		   "srcroute-table: '0x' is neither a table number "
		   "(1-2147483647) nor a name in iproute2's rt_tables files");

	EXPECT_ERR(options_set_priority(&conf, "99999999999", ERR),
		   "srcroute-priority: 99999999999 is out of range (1-32765; "
		   "32766 and up belong to the main and default tables)");
	EXPECT_ERR(options_set_priority(&conf, "-1", ERR),
		   "srcroute-priority: '-1' is not a number");
	EXPECT_ERR(options_set_priority(&conf, "10 0", ERR),
		   "srcroute-priority: '10 0' is not a number");

	EXPECT_ERR(options_set_mark(&conf, "", ERR),
		   "srcroute-mark: '' is not MARK[/MASK] (numbers, decimal "
		   "or 0x hex; e.g. 0x1000000/0xf000000)");
	EXPECT_ERR(
	    options_set_mark(&conf, "/0xff", ERR),
	    "srcroute-mark: '/0xff' is not MARK[/MASK] (numbers, decimal "
	    "or 0x hex; e.g. 0x1000000/0xf000000)");
	EXPECT_OK(options_set_mark(&conf, "0x1000000", ERR));
	EXPECT_OK(options_set_mark(&conf, "0x1000000/0xf000000", ERR));
	EXPECT_ERR(options_set_mark(&conf, "0x2000000", ERR),
		   "srcroute-mark given twice (0x1000000/0xf000000, then "
		   "0x2000000); give it once");
	EXPECT_ERR(options_finish(&conf, ERR),
		   "srcroute-mark has no effect without srcroute-table");

	options_init(&conf);
	EXPECT_ERR(options_add_link_route(&conf, "::/0", ERR),
		   "link-route: ::/0 is a default route; use pppd's "
		   "defaultroute option for that");
	EXPECT_ERR(options_add_link_route(&conf, "2001:db8::/129", ERR),
		   "link-route: '2001:db8::/129' is not an IPv4 or IPv6 "
		   "prefix (ADDRESS[/LENGTH], e.g. 8.8.8.8/32)");
	EXPECT_ERR(options_add_link_route(&conf, "8.8.8.8/-1", ERR),
		   "link-route: '8.8.8.8/-1' is not an IPv4 or IPv6 prefix "
		   "(ADDRESS[/LENGTH], e.g. 8.8.8.8/32)");

	memset(long_name, 'a', 65);
	long_name[65] = '\0';
	EXPECT_ERR(
	    options_set_firewall_profile(&conf, long_name, ERR),
	    "firewall-profile: "
	    "'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	    "aaaa' is neither a profile name (letters, digits, '.', '_', "
	    "'-'; at most 64) nor an absolute path");
	long_name[64] = '\0';
	EXPECT_OK(options_set_firewall_profile(&conf, long_name, ERR));
	options_init(&conf);
	long_path[0] = '/';
	memset(long_path + 1, 'p', sizeof(long_path) - 2);
	long_path[sizeof(long_path) - 1] = '\0';
	EXPECT_ERR(options_set_firewall_profile(&conf, long_path, ERR),
		   "firewall-profile: path too long");
}

static void test_finish(void)
{
	struct ltepi_conf conf;

	options_init(&conf);
	EXPECT_OK(options_finish(&conf, ERR));
	ok(!conf.srcroute && !conf.firewall, "nothing enabled by default");

	options_init(&conf);
	EXPECT_OK(options_set_priority(&conf, "100", ERR));
	EXPECT_ERR(options_finish(&conf, ERR),
		   "srcroute-priority has no effect without srcroute-table");
	options_init(&conf);
	EXPECT_OK(options_set_mode(&conf, "connmark", ERR));
	EXPECT_ERR(options_finish(&conf, ERR),
		   "srcroute-mode has no effect without srcroute-table");
	options_init(&conf);
	EXPECT_OK(options_set_table(&conf, &env, "200", ERR));
	EXPECT_OK(options_set_mark(&conf, "0x1000000", ERR));
	EXPECT_ERR(options_finish(&conf, ERR),
		   "srcroute-mark only applies with srcroute-mode connmark");

	/* nosrcroute on the command line over a peer file's table. */
	options_init(&conf);
	EXPECT_OK(options_set_table(&conf, &env, "200", ERR));
	EXPECT_OK(options_set_priority(&conf, "100", ERR));
	EXPECT_OK(options_set_nosrcroute(&conf, ERR));
	EXPECT_OK(options_finish(&conf, ERR));
	ok(!conf.srcroute, "nosrcroute after srcroute-table disables");
	options_init(&conf);
	EXPECT_OK(options_set_nosrcroute(&conf, ERR));
	EXPECT_OK(options_set_table(&conf, &env, "200", ERR));
	ok(!conf.srcroute, "nosrcroute before srcroute-table disables");

	/* Default marks differ for the tables of two links. */
	options_init(&conf);
	EXPECT_OK(options_set_table(&conf, &env, "200", ERR));
	EXPECT_OK(options_set_mode(&conf, "connmark", ERR));
	EXPECT_OK(options_finish(&conf, ERR));
	is_int(conf.srcroute_mark, 0x6000000, "table 200: mark 0x6000000");
	options_init(&conf);
	EXPECT_OK(options_set_table(&conf, &env, "201", ERR));
	EXPECT_OK(options_set_mode(&conf, "connmark", ERR));
	EXPECT_OK(options_finish(&conf, ERR));
	is_int(conf.srcroute_mark, 0x7000000, "table 201: mark 0x7000000");
	ok((conf.srcroute_mark & ~conf.srcroute_mark_mask) == 0,
	   "derived mark lies within the mask");
}

static void test_hook_timeout(void)
{
	static const char *const bad[] = { "0",	 "3601", "",  "x",
					   "-1", "10s",	 " 5" };
	struct ltepi_conf c;
	char err[LTEPI_ERRLEN];
	size_t i;

	options_init(&c);
	is_int(c.hook_timeout, 30, "hook-timeout defaults to 30 s");
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		err[0] = '\0';
		ok(options_set_hook_timeout(&c, bad[i], err, sizeof(err)) < 0 &&
		       strncmp(err, "hook-timeout: ", 14) == 0 &&
		       c.hook_timeout == 30,
		   "hook-timeout '%s' refused, named, default kept: %s", bad[i],
		   err);
	}
	is_int(options_set_hook_timeout(&c, "3600", err, sizeof(err)), 0,
	       "hook-timeout 3600 accepted");
	is_int(c.hook_timeout, 3600, "  and set");
	ok(options_set_hook_timeout(&c, "5", err, sizeof(err)) < 0 &&
	       strstr(err, "given twice"),
	   "a different second value is refused: %s", err);
}

int main(void)
{
	setup_rt_tables();
	test_table();
	test_priority_mode_mark();
	test_link_routes();
	test_firewall();
	test_finish();
	test_more_bad_values();
	test_hook_timeout();
	cleanup_rt_tables();
	return tap_done();
}
