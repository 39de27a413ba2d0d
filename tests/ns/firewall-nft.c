/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The firewall against the real kernel, in a network namespace of its own
 * (unshare(CLONE_NEWNET) before any netlink socket exists): load, read
 * back, re-apply, replace a stale table, fail atomically when the kernel
 * refuses, remove idempotently, and leave other tables alone (including
 * iptables-nft's when that tool is installed). Root only; skips otherwise.
 */
#define _GNU_SOURCE /* unshare() */
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../tap.h"
#include "firewall.h"
#include "nft-watch.h"
#include "profile.h"

static struct nft *nft;

static struct profile *load(const char *dir, const char *name)
{
	struct profile *p = NULL;
	char path[512], err[512];
	FILE *f;
	static char text[1 << 16];
	size_t n;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "r");
	n = f ? fread(text, 1, sizeof(text) - 1, f) : 0;
	if (f)
		fclose(f);
	text[n] = '\0';
	if (!f || profile_parse(text, name, &p, err, sizeof(err)) < 0) {
		printf("Bail out! cannot load %s\n", path);
		exit(99);
	}
	return p;
}

/* The output of an nft command, copied; "" on error. */
static char *query(const char *cmd)
{
	const char *out = "";
	char err[512];

	if (nft_query(nft, cmd, &out, err, sizeof(err)) < 0)
		out = "";
	return strdup(out);
}

static int count(const char *haystack, const char *needle)
{
	int n = 0;

	for (const char *s = haystack; (s = strstr(s, needle)); s++)
		n++;
	return n;
}

static void test_apply_and_read_back(const struct profile *ssh)
{
	char err[512] = "";
	char *list;

	is_int(firewall_exists(nft, "ppp0", err, sizeof(err)), 0,
	       "no table in a fresh namespace");
	is_int(firewall_apply(nft, "ppp0", ssh, 0, err, sizeof(err)), 0,
	       "apply ssh on ppp0 (which does not exist)");
	is_int(firewall_exists(nft, "ppp0", err, sizeof(err)), 1,
	       "  the table exists");
	list = query("list table inet ltepi-fw-ppp0");
	ok(strstr(list, "tcp dport 22 accept comment \"ssh:6 allow tcp 22\""),
	   "  the kernel holds the allow rule with its comment");
	ok(strstr(list, "icmpv6 type echo-request accept comment \"ssh:7 allow "
			"icmp\""),
	   "  and the ICMPv6 half of 'allow icmp'");
	ok(strstr(list, "type filter hook input priority filter - 10; policy "
			"accept;") &&
	       strstr(list, "iifname \"ppp0\" jump link_in"),
	   "  input hooks at filter - 10 and judges only ppp0");
	ok(strstr(list, "drop comment \"ssh:8 policy drop\""),
	   "  and ends in the profile's policy");
	free(list);

	is_int(firewall_apply(nft, "ppp0", ssh, 0, err, sizeof(err)), 0,
	       "apply again");
	list = query("list tables");
	is_int(count(list, "ltepi-fw-"), 1, "  still one ltepi table");
	free(list);
	list = query("list table inet ltepi-fw-ppp0");
	is_int(count(list, "ssh:6 allow tcp 22"), 1, "  with one copy of it");
	free(list);
}

static void test_stale_table(const struct profile *ssh)
{
	char err[512] = "";
	char *list;

	ok(firewall_remove(nft, "ppp0", 0, err, sizeof(err)) == 0 &&
	       nft_run(nft,
		       "table inet ltepi-fw-ppp0 {\n"
		       "\tchain stale {\n"
		       "\t\ttype filter hook input priority 0;\n"
		       "\t\ttcp dport 22 drop comment \"stale\"\n"
		       "\t}\n"
		       "}\n",
		       err, sizeof(err)) == 0,
	   "a stale table from a killed pppd, with a conflicting rule");
	is_int(firewall_apply(nft, "ppp0", ssh, 0, err, sizeof(err)), 0,
	       "apply over it");
	list = query("list table inet ltepi-fw-ppp0");
	ok(!strstr(list, "stale") && strstr(list, "ssh:6 allow tcp 22"),
	   "  replaced it whole");
	free(list);
}

/* A rule the kernel refuses (a jump loop) in an otherwise good script. */
static char *loop_script(const struct profile *p)
{
	static const char loop[] = "\tchain loop_a {\n\t\tjump loop_b\n\t}\n"
				   "\tchain loop_b {\n\t\tjump loop_a\n\t}\n"
				   "\tchain loop_base {\n"
				   "\t\ttype filter hook input priority 0;\n"
				   "\t\tjump loop_a\n\t}\n}\n";
	char *script = NULL, *bigger;
	size_t len;

	if (firewall_render(p, "ppp0", 0, &script) < 0)
		return NULL;
	len = strlen(script);
	bigger = realloc(script, len + sizeof(loop));
	if (!bigger) {
		free(script);
		return NULL;
	}
	/* Replace the table's closing "}\n" by the loop and a new one. */
	strcpy(bigger + len - 2, loop);
	return bigger;
}

static void test_kernel_rejects(const struct profile *web)
{
	char err[512] = "";
	char *before, *after, *script = loop_script(web);

	ok(script != NULL, "render web with a jump loop appended");
	before = query("list ruleset");
	is_int(firewall_apply_script(nft, "ppp0", script, err, sizeof(err)),
	       -EIO, "the kernel refuses the transaction");
	ok(strncmp(err, "ppp0: loading the firewall failed: ", 35) == 0 &&
	       strstr(err, "Too many links"),
	   "  the message carries the kernel's reason");
	diag("%s", err);
	after = query("list ruleset");
	is_str(after, before, "  the old table (ssh) is intact");
	ok(strstr(after, "ssh:6 allow tcp 22") && !strstr(after, "web:"),
	   "  and nothing of web got in");
	free(before);
	free(after);
	free(script);
}

static bool have_iptables_nft(void)
{
	return system("iptables-nft -w -A INPUT -p tcp --dport 9999 -j DROP "
		      ">/dev/null 2>&1") == 0;
}

static void test_remove(const struct profile *ssh)
{
	char err[512] = "";
	char *before, *after;
	bool ipt = have_iptables_nft();

	ok(nft_run(nft,
		   "table inet filter {\n"
		   "\tchain input {\n"
		   "\t\ttype filter hook input priority 0; policy accept;\n"
		   "\t\ttcp dport 9 drop comment \"theirs\"\n"
		   "\t}\n"
		   "}\n",
		   err, sizeof(err)) == 0,
	   "an unrelated table inet filter with a rule");
	if (!ipt)
		diag("iptables-nft not usable: its table is not checked");
	ok(firewall_apply(nft, "ppp1", ssh, 0, err, sizeof(err)) == 0,
	   "a second link's table");
	before = query("list table inet filter");
	is_int(firewall_remove(nft, "ppp0", 0, err, sizeof(err)), 0,
	       "remove ppp0's table");
	is_int(firewall_exists(nft, "ppp0", err, sizeof(err)), 0,
	       "  it is gone");
	is_int(firewall_exists(nft, "ppp1", err, sizeof(err)), 1,
	       "  ppp1's is not");
	after = query("list table inet filter");
	ok(after[0] && strcmp(before, after) == 0,
	   "  table inet filter is untouched");
	free(after);
	if (ipt) {
		after = query("list table ip filter");
		ok(strstr(after, "tcp dport 9999") && strstr(after, "drop"),
		   "  iptables-nft's table ip filter is untouched");
		free(after);
	}
	free(before);
	is_int(firewall_remove(nft, "ppp0", 0, err, sizeof(err)), 0,
	       "removing again succeeds (idempotent)");
	is_int(firewall_remove(nft, "ppp1", 0, err, sizeof(err)), 0,
	       "remove ppp1's");
	after = query("list tables");
	is_int(count(after, "ltepi-fw-"), 0, "  no ltepi table is left");
	free(after);
}

/* Every keyword, both families, forward rules, log and reject. */
static void test_edge(void)
{
	struct profile *edge = load(GOLDEN_DIR, "edge");
	char err[512] = "";
	char *list;

	is_int(firewall_apply(nft, "wwan0", edge, 0, err, sizeof(err)), 0,
	       "the kernel takes the edge-case profile");
	list = query("list table inet ltepi-fw-wwan0");
	ok(strstr(list, "log prefix \"ltepi-fw wwan0 in reject: \"") &&
	       strstr(list, "log prefix \"ltepi-fw wwan0 fwd reject: \""),
	   "  with rate-limited logs naming the interface");
	ok(strstr(list, "ip6 saddr 2001:db8::/32 ip6 daddr 2001:db8:1::/64 "
			"udp dport 1194 accept comment \"edge:6 forward udp "
			"1194 to 2001:db8:1::/64 from 2001:db8::/32\""),
	   "  and an IPv6 forward rule with its comment");
	is_int(count(list, "comment \"edge:9 policy reject\""), 4,
	       "  and reject (tcp reset, icmpx) in both chains");
	free(list);
	is_int(firewall_remove(nft, "wwan0", 0, err, sizeof(err)), 0,
	       "  removed");
	profile_free(edge);
}

/* Eight port lines: one interval set whose elements keep their lines. */
static void test_portset(void)
{
	struct profile *ports = load(GOLDEN_DIR, "ports");
	char err[512] = "";
	char *list;

	is_int(firewall_apply(nft, "ppp0", ports, 0, err, sizeof(err)), 0,
	       "the kernel takes a profile whose port lines form a set");
	list = query("list table inet ltepi-fw-ppp0");
	ok(strstr(list, "8000-8100 comment \"ports:6 allow tcp 8000-8100\"") &&
	       strstr(list, "443 comment \"ports:4 allow tcp 80,443\""),
	   "  each element with its line, the range kept whole");
	ok(strstr(list, "tcp dport @allow_tcp accept"),
	   "  matched by one rule");
	free(list);
	is_int(firewall_remove(nft, "ppp0", 0, err, sizeof(err)), 0,
	       "  removed");
	profile_free(ports);
}

static void test_bad_ifname(const struct profile *ssh)
{
	char err[512] = "";
	static const char want[] =
	    "interface name 'ppp 0' cannot name a firewall table (1-15 "
	    "letters, digits, '_', '.', '-')";

	is_int(firewall_apply(nft, "ppp 0", ssh, 0, err, sizeof(err)), -EINVAL,
	       "apply refuses a bad interface name");
	is_str(err, want, "  exact message");
	err[0] = '\0';
	is_int(firewall_remove(nft, "ppp 0", 0, err, sizeof(err)), -EINVAL,
	       "remove too");
	is_str(err, want, "  exact message");
	err[0] = '\0';
	is_int(firewall_exists(nft, "ppp 0", err, sizeof(err)), -EINVAL,
	       "exists too");
	is_str(err, want, "  exact message");
}

/*
 * Held by its owner: others cannot delete or flush it, the owner can
 * replace and remove it, and it dies with the owner's context.
 */
static void test_owned(const struct profile *ssh, const struct profile *web)
{
	struct nft *own = nft_new();
	char err[512] = "", *list;

	if (!own) {
		printf("Bail out! nft_new: %s\n", strerror(errno));
		exit(99);
	}
	is_int(firewall_apply(own, "ppp0", ssh, NFT_OWNED, err, sizeof(err)), 0,
	       "owned: apply ssh on ppp0");
	list = query("list table inet ltepi-fw-ppp0");
	ok(strstr(list, "flags owner") != NULL, "  the kernel holds it owned");
	free(list);
	ok(system("nft delete table inet ltepi-fw-ppp0 2>/dev/null") != 0,
	   "  'nft delete table' from another process fails");
	ok(system("nft flush ruleset") == 0, "  'nft flush ruleset' succeeds");
	is_int(firewall_exists(nft, "ppp0", err, sizeof(err)), 1,
	       "  and leaves the table alone");
	ok(system("printf 'flush ruleset\ntable inet filter {\nchain input {\n"
		  "type filter hook input priority filter;\n}\n}\n' | "
		  "nft -f - ") == 0,
	   "  Debian's stock nftables.conf loads");
	is_int(firewall_exists(nft, "ppp0", err, sizeof(err)), 1,
	       "  and leaves it too");
	ok(system("nft add rule inet ltepi-fw-ppp0 link_in accept "
		  "2>/dev/null") != 0,
	   "  nobody else can add an accept rule to it");
	is_int(firewall_apply(nft, "ppp0", web, 0, err, sizeof(err)), -EPERM,
	       "  another context cannot replace it: -EPERM");
	is_int(firewall_apply(own, "ppp0", ssh, NFT_OWNED, err, sizeof(err)),
	       -EOPNOTSUPP,
	       "  the declare-first prologue cannot touch an owned table");
	is_int(firewall_apply(own, "ppp0", web, NFT_OWNED | NFT_REPLACE_OWN,
			      err, sizeof(err)),
	       0, "  its owner replaces it (web)");
	list = query("list table inet ltepi-fw-ppp0");
	ok(strstr(list, "flags owner") && strstr(list, "web:"),
	   "  still owned, now web");
	free(list);
	is_int(firewall_remove(own, "ppp0", NFT_REPLACE_OWN, err, sizeof(err)),
	       0, "  its owner removes it");
	is_int(firewall_exists(nft, "ppp0", err, sizeof(err)), 0, "  gone");
	is_int(firewall_apply(own, "ppp0", ssh, NFT_OWNED, err, sizeof(err)), 0,
	       "owned again");
	nft_free(own);
	is_int(firewall_exists(nft, "ppp0", err, sizeof(err)), 0,
	       "the kernel deletes it when its owner's context closes");
}

/* What a kernel without the owner flag relies on: nftables events. */
static void test_watch(const struct profile *ssh)
{
	struct nft_watch *w = nft_watch_open();
	char err[512] = "";

	ok(w != NULL, "watch opens");
	if (!w)
		return;
	is_int(firewall_apply(nft, "ppp0", ssh, 0, err, sizeof(err)), 0,
	       "unowned apply");
	is_int(nft_watch_touched(w, "ltepi-fw-ppp0"), 1,
	       "  our own load shows as events (drained now)");
	is_int(nft_watch_touched(w, "ltepi-fw-ppp0"), 0, "  nothing pending");
	ok(system(
	       "nft add table inet filter && nft delete table inet filter") ==
	       0,
	   "someone changes another table");
	is_int(nft_watch_touched(w, "ltepi-fw-ppp0"), 0, "  not ours: 0");
	ok(system("nft flush chain inet ltepi-fw-ppp0 link_in") == 0,
	   "someone flushes our chain");
	is_int(nft_watch_touched(w, "ltepi-fw-ppp0"), 1, "  touched");
	ok(system("nft flush ruleset") == 0, "someone flushes the ruleset");
	is_int(nft_watch_touched(w, "ltepi-fw-ppp0"), 1, "  touched");
	nft_watch_free(w);
}

int main(void)
{
	struct profile *ssh, *web;

	if (geteuid() != 0)
		skip_all("needs root to create a network namespace");
	if (unshare(CLONE_NEWNET) < 0)
		skip_all("unshare(CLONE_NEWNET): %s", strerror(errno));
	nft = nft_new();
	if (!nft) {
		printf("Bail out! nft_new: %s\n", strerror(errno));
		return 99;
	}
	ssh = load(EXAMPLES_DIR, "ssh");
	web = load(EXAMPLES_DIR, "web");
	test_apply_and_read_back(ssh);
	test_stale_table(ssh);
	test_kernel_rejects(web);
	test_remove(ssh);
	test_edge();
	test_portset();
	test_bad_ifname(ssh);
	test_owned(ssh, web);
	test_watch(ssh);
	profile_free(ssh);
	profile_free(web);
	nft_free(nft);
	return tap_done();
}
