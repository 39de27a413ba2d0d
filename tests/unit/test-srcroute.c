/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Unit tests for srcroute's unprivileged parts: the connmark nft script
 * (exact text, numeric only, only the mask bits touched), interface name
 * validation, the scripts' environment, and constructor argument checks.
 * Kernel behaviour is tested in tests/ns/srcroute-ns.c.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "../tap.h"
#include "nft.h"
#include "options.h"
#include "srcroute-nft.h"
#include "srcroute-env.h"
#include "srcroute.h"

static const char golden_ppp0[] =
    "table inet ltepi-sr-200 {}\n"
    "delete table inet ltepi-sr-200\n"
    "table inet ltepi-sr-200 {\n"
    "\tcomment \"ltepi: replies to connections from ppp0 leave by it "
    "(routing table 200)\"\n"
    "\tmap udp4 {\n"
    "\t\ttype ipv4_addr . inet_service . inet_service : ipv4_addr\n"
    "\t\tflags dynamic,timeout\n"
    "\t\ttimeout 120s\n"
    "\t\tsize 8192\n"
    "\t}\n"
    "\tchain prerouting {\n"
    "\t\ttype filter hook prerouting priority -150; policy accept;\n"
    "\t\tiifname \"ppp0\" ct state new ct mark set ct mark and 0xf0ffffff or "
    "0x06000000\n"
    "\t\tiifname != \"ppp0\" ct mark and 0x0f000000 == 0x06000000 meta mark "
    "set meta mark and 0xf0ffffff or 0x06000000\n"
    "\t}\n"
    "\tchain input {\n"
    "\t\ttype filter hook input priority -150; policy accept;\n"
    "\t\tiifname \"ppp0\" ct direction original update @udp4 { ip saddr . "
    "udp sport . udp dport : ip daddr }\n"
    "\t}\n"
    "\tchain output_source {\n"
    "\t\ttype route hook output priority -300; policy accept;\n"
    "\t\tip saddr set ip daddr . udp dport . udp sport map @udp4\n"
    "\t}\n"
    "\tchain output {\n"
    "\t\ttype route hook output priority -150; policy accept;\n"
    "\t\tct mark and 0x0f000000 == 0x06000000 meta mark set meta mark and "
    "0xf0ffffff or 0x06000000\n"
    "\t}\n"
    "}\n";

static void test_render(void)
{
	char buf[4096], small[64];
	int n;

	n = srcroute_nft_render(buf, sizeof(buf), 200, "ppp0", 0x06000000,
				0x0f000000, 0);
	is_int(n, (long long)strlen(golden_ppp0), "render returns the length");
	is_str(buf, golden_ppp0, "connmark table for ppp0, mark 0x06000000");
	is_int(srcroute_nft_render(small, sizeof(small), 200, "ppp0",
				   0x06000000, 0x0f000000, 0),
	       -ENOSPC, "too small a buffer is -ENOSPC");
	is_int(srcroute_nft_render(buf, sizeof(buf), 200, "ppp0", 0x10000000,
				   0x0f000000, 0),
	       -EINVAL, "mark outside the mask is -EINVAL");
	is_int(srcroute_nft_render(buf, sizeof(buf), 200, "ppp0", 0, 0x0f000000,
				   0),
	       -EINVAL, "zero mark is -EINVAL");
	is_int(srcroute_nft_render(buf, sizeof(buf), 0, "ppp0", 0x06000000,
				   0x0f000000, 0),
	       -EINVAL, "routing table 0 is -EINVAL");
	is_int(srcroute_nft_render(buf, sizeof(buf), 200, "ppp0\"", 0x06000000,
				   0x0f000000, 0),
	       -EINVAL, "an interface name nft cannot quote is -EINVAL");
	is_int(srcroute_nft_render(buf, sizeof(buf), 200, "ppp0", 0x06000000,
				   0x0f000000, 0x4),
	       -EINVAL, "unknown flags are -EINVAL");
	{
		/* the caller logs err: it must be filled on every failure */
		char err[160] = "";

		is_int(srcroute_nft_up(NULL, 200, "ppp\"0", 0x06000000,
				       0x0f000000, 0, err, sizeof(err)),
		       -EINVAL, "srcroute_nft_up: a render failure is -EINVAL");
		is_str(err, "rendering the table: Invalid argument",
		       "  with its reason in err (was left unset)");
	}
}

/* Owned by the loading context: the flag, and a prologue for each case. */
static void test_render_owned(void)
{
	char buf[4096];

	ok(srcroute_nft_render(buf, sizeof(buf), 200, "ppp0", 0x06000000,
			       0x0f000000, NFT_OWNED) > 0,
	   "owned table renders");
	ok(strncmp(
	       buf,
	       "table inet ltepi-sr-200 {}\ndelete table inet ltepi-sr-200\n"
	       "table inet ltepi-sr-200 {\n\tflags owner\n",
	       strlen("table inet ltepi-sr-200 {}\ndelete table inet "
		      "ltepi-sr-200\ntable inet ltepi-sr-200 {\n\tflags "
		      "owner\n")) == 0,
	   "  first load: declare, delete, create with flags owner");
	ok(srcroute_nft_render(buf, sizeof(buf), 200, "ppp0", 0x06000000,
			       0x0f000000, NFT_OWNED | NFT_REPLACE_OWN) > 0,
	   "replacing our own owned table renders");
	ok(strncmp(buf,
		   "delete table inet ltepi-sr-200\ntable inet ltepi-sr-200 "
		   "{\n\tflags owner\n",
		   strlen("delete table inet ltepi-sr-200\ntable inet "
			  "ltepi-sr-200 {\n\tflags owner\n")) == 0,
	   "  replace: no declaration (the kernel refuses to drop the flag)");
}

static void test_table_names(void)
{
	char buf[64];

	is_int(srcroute_nft_table_name(buf, sizeof(buf), 2147483647), 19,
	       "table name length for the largest table");
	is_str(buf, "ltepi-sr-2147483647", "named for the routing table");
	is_int(srcroute_nft_table_name(buf, 8, 200), -ENOSPC,
	       "too small a buffer is -ENOSPC");
}

static void conf_for(struct ltepi_conf *conf, uint32_t table,
		     enum srcroute_mode mode)
{
	char err[LTEPI_ERRLEN];

	options_init(conf);
	conf->srcroute = true;
	conf->srcroute_table = table;
	conf->srcroute_mode = mode;
	if (options_finish(conf, err, sizeof(err)) != 0) {
		printf("Bail out! options_finish: %s\n", err);
		exit(99);
	}
}

static const char *env_get(const struct srcroute_envvar *vars, size_t n,
			   const char *name)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(vars[i].name, name) == 0)
			return vars[i].value;
	return NULL;
}

static void test_env(void)
{
	struct srcroute_envvar vars[SRCROUTE_ENV_MAX];
	struct ltepi_conf conf;
	size_t n;

	conf_for(&conf, 200, SRCROUTE_MODE_ADDRESS);
	n = srcroute_script_env(&conf, vars);
	is_int(n, 4, "address mode exports 4 variables");
	is_str(env_get(vars, n, "LTEPI_SRCROUTE_TABLE"), "200", "table");
	is_str(env_get(vars, n, "LTEPI_SRCROUTE_PRIORITY"), "1000", "priority");
	is_str(env_get(vars, n, "LTEPI_SRCROUTE_MODE"), "address", "mode");
	is_str(env_get(vars, n, "LTEPI_SRCROUTE_PROTO"), "76", "protocol");
	ok(!env_get(vars, n, "LTEPI_SRCROUTE_MARK"), "no mark in address mode");

	conf_for(&conf, 201, SRCROUTE_MODE_CONNMARK);
	n = srcroute_script_env(&conf, vars);
	is_int(n, 6, "connmark mode exports 6 variables");
	is_str(env_get(vars, n, "LTEPI_SRCROUTE_MODE"), "connmark", "mode");
	is_str(env_get(vars, n, "LTEPI_SRCROUTE_MARK"), "0x07000000",
	       "mark derived from table 201");
	is_str(env_get(vars, n, "LTEPI_SRCROUTE_MARK_MASK"), "0x0f000000",
	       "mask");
}

static void test_new(void)
{
	struct ltepi_conf conf;
	struct srcroute *sr;

	conf_for(&conf, 0, SRCROUTE_MODE_ADDRESS);
	errno = 0;
	ok(!srcroute_new(&conf) && errno == EINVAL,
	   "no table and no link route is EINVAL");
	conf.srcroute = false;
	conf.n_link_routes = 1;
	(void)prefix_parse("192.0.2.0/24", &conf.link_routes[0]);
	sr = srcroute_new(&conf);
	ok(sr != NULL, "link routes alone are enough");
	if (sr)
		is_int(srcroute_sweep(sr), 0,
		       "nothing to sweep without a table");
	srcroute_free(sr);

	conf_for(&conf, 200, SRCROUTE_MODE_CONNMARK);
	conf.srcroute_mark = 0x10000000;
	errno = 0;
	ok(!srcroute_new(&conf) && errno == EINVAL,
	   "mark outside the mask is EINVAL");

	conf_for(&conf, 200, SRCROUTE_MODE_ADDRESS);
	sr = srcroute_new(&conf);
	ok(sr != NULL, "a valid configuration gives a context");
	if (sr) {
		is_str(srcroute_errmsg(sr), "", "no error yet");
		is_int(srcroute_monitor_fd(sr), -1, "no monitor while down");
		is_int(srcroute_ipv4_down(sr), 0, "down before up is a no-op");
		is_int(srcroute_ipv6_sync(sr), 0, "sync while down is a no-op");
	}
	srcroute_free(sr);
	srcroute_free(NULL);
}

int main(void)
{
	test_render();
	test_render_owned();
	test_table_names();
	test_env();
	test_new();
	return tap_done();
}
