/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Unit tests of firewall rendering: the shipped profiles and an edge-case
 * profile against reviewed golden nft scripts (tests/unit/firewall-golden),
 * plus interface names that cannot name a table, determinism, and comment
 * truncation. No privileges: nothing here talks to the kernel (the ns tests
 * load the same scripts).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../tap.h"
#include "firewall.h"
#include "profile.h"

static char *slurp(const char *path)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = fopen(path, "r"), *m = open_memstream(&buf, &len);
	int c;

	if (!f || !m) {
		printf("Bail out! cannot read %s\n", path);
		exit(99);
	}
	while ((c = fgetc(f)) != EOF)
		fputc(c, m);
	fclose(f);
	fclose(m);
	return buf;
}

static struct profile *parse_file(const char *dir, const char *name)
{
	char path[512], err[512];
	struct profile *p = NULL;
	char *text;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	text = slurp(path);
	/* By name, as firewall-profile NAME would give it. */
	if (profile_parse(text, name, &p, err, sizeof(err)) < 0) {
		printf("Bail out! %s\n", err);
		exit(99);
	}
	free(text);
	return p;
}

static void check_golden(const char *dir, const char *name, const char *ifname)
{
	struct profile *p = parse_file(dir, name);
	char golden[512], msg[128];
	char *want, *got = NULL;

	snprintf(golden, sizeof(golden), "%s/%s.nft", GOLDEN_DIR, name);
	want = slurp(golden);
	is_int(firewall_render(p, ifname, 0, &got), 0, "render succeeds");
	snprintf(msg, sizeof(msg), "%s on %s renders as %s.nft", name, ifname,
		 name);
	is_str(got, want, msg);
	free(got);
	free(want);
	profile_free(p);
}

static void test_goldens(void)
{
	check_golden(EXAMPLES_DIR, "deny-all", "ppp0");
	check_golden(EXAMPLES_DIR, "ssh", "ppp0");
	check_golden(EXAMPLES_DIR, "web", "ppp0");
	check_golden(GOLDEN_DIR, "edge", "wwan0");
	check_golden(GOLDEN_DIR, "ports", "ppp0");
}

static void test_ifnames(void)
{
	/* lte@0 and ppp+1 are fine for the kernel, not for a table name. */
	static const char *const bad[] = {
		"",	 "ppp0123456789abc",
		"ppp 0", "ppp\"0",
		"ppp0;", "a/b",
		"lte@0", "ppp+1",
	};
	char err[256];
	struct profile *p = parse_file(EXAMPLES_DIR, "ssh");
	char *script = NULL;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char msg[64];

		snprintf(msg, sizeof(msg), "ifname '%s' is refused", bad[i]);
		is_int(firewall_render(p, bad[i], 0, &script), -EINVAL, msg);
	}
	ok(script == NULL, "  and nothing was rendered");
	is_int(firewall_check_ifname("lte@0", err, sizeof(err)), -EINVAL,
	       "firewall_check_ifname refuses lte@0");
	is_str(err,
	       "interface name 'lte@0' cannot name a firewall table (1-15 "
	       "letters, digits, '_', '.', '-')",
	       "  and says why");
	is_int(firewall_check_ifname("ppp0", err, sizeof(err)), 0,
	       "  and accepts ppp0");
	is_int(firewall_check_ifname("ppp0123456789ab", err, sizeof(err)), 0,
	       "  and 15 characters");
	profile_free(p);
}

static void test_deterministic(void)
{
	struct profile *p = parse_file(GOLDEN_DIR, "edge");
	char *a = NULL, *b = NULL;

	ok(firewall_render(p, "ppp0", 0, &a) == 0 &&
	       firewall_render(p, "ppp0", 0, &b) == 0 && strcmp(a, b) == 0,
	   "rendering twice gives the same text");
	ok(strstr(a, "table inet ltepi-fw-ppp0\n"
		     "delete table inet ltepi-fw-ppp0\n"
		     "table inet ltepi-fw-ppp0 {\n"),
	   "the script replaces the link's table in one transaction");
	ok(strstr(a, "iifname \"ppp0\" jump link_in\n") &&
	       strstr(a, "iifname \"ppp0\" jump link_forward\n"),
	   "both base chains judge only the link, by name");
	free(a);
	free(b);
	profile_free(p);
}

static void test_long_comment(void)
{
	char text[PROFILE_MAX_LINE], err[512], *script = NULL, *c, *end;
	struct profile *p = NULL;
	int n = snprintf(text, sizeof(text), "allow tcp 1");

	for (unsigned int port = 2; port <= 64; port++)
		n += snprintf(text + n, sizeof(text) - (size_t)n, ",%u", port);
	is_int(profile_parse(text, "long", &p, err, sizeof(err)), 0,
	       "a 64-port line parses");
	is_int(firewall_render(p, "ppp0", 0, &script), 0, "  and renders");
	c = script ? strstr(script, "comment \"long:1 ") : NULL;
	end = c ? strchr(c + 9, '"') : NULL;
	ok(end && end - (c + 9) == 127,
	   "its comment is cut to 127 bytes (libnftnl's limit)");
	ok(end && strncmp(end - 3, "...", 3) == 0, "  and ends in '...'");
	free(script);
	profile_free(p);
}

static char *render_text(const char *text)
{
	char err[512], *script = NULL;
	struct profile *p = NULL;

	if (profile_parse(text, "t", &p, err, sizeof(err)) < 0 ||
	    firewall_render(p, "ppp0", 0, &script) < 0) {
		printf("Bail out! %s\n", err);
		exit(99);
	}
	profile_free(p);
	return script;
}

static void test_log_prefix(void)
{
	char *drop = render_text("log\n");
	char *reject = render_text("log\npolicy reject\n");

	ok(strstr(drop, "log prefix \"ltepi-fw ppp0 in drop: \"") &&
	       strstr(drop, "log prefix \"ltepi-fw ppp0 fwd drop: \""),
	   "with policy drop the log prefix says drop");
	ok(strstr(reject, "log prefix \"ltepi-fw ppp0 in reject: \"") &&
	       strstr(reject, "log prefix \"ltepi-fw ppp0 fwd reject: \"") &&
	       !strstr(reject, " drop: "),
	   "with policy reject it says reject");
	free(drop);
	free(reject);
}

/* The first rule of a chain (after its opening line). */
static int first_rule_is(const char *script, const char *chain,
			 const char *rule)
{
	char head[64];
	const char *s;

	snprintf(head, sizeof(head), "\tchain %s {\n\t\t", chain);
	s = strstr(script, head);
	return s && strncmp(s + strlen(head), rule, strlen(rule)) == 0;
}

static void test_icmp_errors(void)
{
	char *script = render_text("allow icmp\n");

	ok(first_rule_is(script, "link_in", "ct state invalid drop") &&
	       first_rule_is(script, "link_forward", "ct state invalid drop"),
	   "invalid packets (ICMP errors about no connection) are dropped "
	   "first, in both chains");
	ok(!strstr(script, "destination-unreachable") &&
	       !strstr(script, "packet-too-big"),
	   "  no rule accepts ICMP errors by type: only as related");
	ok(strstr(script, "ct state established,related accept"),
	   "  related ones (PMTU) are accepted with the replies");
	free(script);
}

/* PPTP's data: GRE from the VPN server, or from anywhere, both families. */
static void test_gre(void)
{
	char *script = render_text("allow gre from 192.0.2.1\n"
				   "forward gre to 192.168.1.10\n"
				   "allow gre\n");

	ok(strstr(script, "\t\tip saddr 192.0.2.1 meta l4proto gre accept "
			  "comment \"t:1 allow gre from 192.0.2.1\"\n"),
	   "allow gre from ADDRESS: protocol 47 from that address");
	ok(strstr(script, "\t\tip daddr 192.168.1.10 meta l4proto gre accept"),
	   "forward gre to ADDRESS: protocol 47 to that host");
	ok(strstr(script, "\t\tmeta l4proto gre accept comment "
			  "\"t:3 allow gre\"\n"),
	   "allow gre: protocol 47 from anywhere, one rule for both families");
	ok(!strstr(
	       script,
	       "gre accept comment \"t:1 allow gre from 192.0.2.1\"\n\t\tip6"),
	   "  an IPv4 source: no IPv6 rule beside it");
	free(script);
}

/* What nft prints for "list counter inet TABLE refused". */
static void test_parse_counter(void)
{
	uint64_t n = 7;

	is_int(firewall_parse_counter("table inet ltepi-fw-ppp0 {\n"
				      "\tcounter refused {\n"
				      "\t\tpackets 42 bytes 2520\n\t}\n}\n",
				      &n),
	       0, "nft's listing of the counter parses");
	is_int((int)n, 42, "  42 packets");
	is_int(
	    firewall_parse_counter("packets 18446744073709551615 bytes 0", &n),
	    0, "the largest count");
	is_int(firewall_parse_counter("packets 18446744073709551616", &n),
	       -ERANGE, "one more is out of range");
	is_int(firewall_parse_counter("counter refused { }", &n), -EINVAL,
	       "no packets: refused");
	is_int(firewall_parse_counter("packets x", &n), -EINVAL,
	       "not a number: refused");
	is_int(firewall_parse_counter(NULL, &n), -EINVAL, "no listing");
}

/* Lines that would not say the same as a set stay rules of their own. */
static void test_portset_fallback(void)
{
	static const char seven[] = "allow tcp 1\nallow tcp 3\nallow tcp 5\n"
				    "allow tcp 7\nallow tcp 9\nallow tcp 11\n"
				    "allow tcp 13\n";
	char text[512], *script;

	script = render_text(seven);
	ok(!strstr(script, "@allow_tcp") && strstr(script, "tcp dport 13 "),
	   "seven port lines: seven rules, no set");
	free(script);
	snprintf(text, sizeof(text), "%sallow tcp 15\n", seven);
	script = render_text(text);
	ok(strstr(script, "tcp dport @allow_tcp accept") &&
	       strstr(script, "15 comment \"t:8 allow tcp 15\"") &&
	       !strstr(script, "tcp dport 15 "),
	   "eight: one set, each element with its line's comment");
	free(script);
	snprintf(text, sizeof(text), "%sallow tcp 10-20\n", seven);
	script = render_text(text);
	ok(!strstr(script, "@allow_tcp") && strstr(script, "tcp dport 10-20 "),
	   "eight, one range overlapping others: rules, as the lines say");
	free(script);
	snprintf(text, sizeof(text), "%sallow tcp 14-20\n", seven);
	script = render_text(text);
	ok(!strstr(script, "@allow_tcp"),
	   "eight, a range touching a port of another line: rules (nftables "
	   "would merge them)");
	free(script);
	snprintf(text, sizeof(text), "%sallow tcp 9\n", seven);
	script = render_text(text);
	ok(!strstr(script, "@allow_tcp"),
	   "eight, one port on two lines: rules");
	free(script);
	snprintf(text, sizeof(text), "%sallow tcp 15 from 192.0.2.0/24\n",
		 seven);
	script = render_text(text);
	ok(!strstr(script, "@allow_tcp"),
	   "eight, one of them with 'from': seven plain lines, no set");
	free(script);
}

int main(void)
{
	test_goldens();
	test_parse_counter();
	test_log_prefix();
	test_icmp_errors();
	test_gre();
	test_ifnames();
	test_deterministic();
	test_long_comment();
	test_portset_fallback();
	return tap_done();
}
