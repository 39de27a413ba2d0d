/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * lib/prefix.c, table-driven: what parses and how it reads back, what is
 * refused, and the relations (equal, contains, overlap, followed-by) the
 * options, source routing and the firewall profiles rely on.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <string.h>
#include <sys/socket.h>

#include "lib/prefix.h"
#include "tests/tap.h"

static const struct {
	const char *in, *text, *short_text;
	bool host_bits;
} good[] = {
	{ "192.0.2.0/24", "192.0.2.0/24", "192.0.2.0/24", false },
	{ "192.0.2.1", "192.0.2.1/32", "192.0.2.1", false },
	{ "192.0.2.1/24", "192.0.2.1/24", "192.0.2.1/24", true },
	{ "0.0.0.0/0", "0.0.0.0/0", "0.0.0.0/0", false },
	{ "10.0.0.0/08", "10.0.0.0/8", "10.0.0.0/8", false },
	{ "2001:db8::/32", "2001:db8::/32", "2001:db8::/32", false },
	{ "2001:db8::1", "2001:db8::1/128", "2001:db8::1", false },
	{ "2001:db8::1/127", "2001:db8::1/127", "2001:db8::1/127", true },
	{ "::/0", "::/0", "::/0", false },
};

static const char *const bad[] = {
	"",
	"/24",
	"192.0.2.0/",
	"192.0.2.0/33",
	"2001:db8::/129",
	"192.0.2.0/-1",
	"192.0.2.0/+8",
	"192.0.2.0/ 8",
	"192.0.2.0/8 ",
	"192.0.2.0/8/8",
	"192.0.2.0/0x8",
	"192.0.2",
	"192.0.2.256/24",
	" 192.0.2.0/24",
	"example.org/24",
	"2001:db8:::/32",
	"2001:db8::/99999999999999999999999",
	"1:2:3:4:5:6:7:8:9:10:11:12:13:14:15:16:17/64",
};

static void test_parse(void)
{
	char buf[PREFIX_STRLEN];
	struct ltepi_prefix p;

	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		if (!ok(prefix_parse(good[i].in, &p) == 0, "'%s' parses",
			good[i].in))
			continue;
		is_str(prefix_format(&p, buf, sizeof(buf)), good[i].text,
		       "prefix_format");
		is_str(prefix_format_short(&p, buf, sizeof(buf)),
		       good[i].short_text, "prefix_format_short");
		ok(prefix_has_host_bits(&p) == good[i].host_bits,
		   "'%s' host bits: %d", good[i].in, good[i].host_bits);
	}
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		is_int(prefix_parse(bad[i], &p), -EINVAL, bad[i]);
}

static struct ltepi_prefix P(const char *s) {
	struct ltepi_prefix p;

	if (prefix_parse(s, &p) < 0)
		memset(&p, 0, sizeof(p));
	return p;
}

static void
test_mask(void)
{
	static const struct {
		const char *in, *out;
	} t[] = {
		{ "192.0.2.77/24", "192.0.2.0/24" },
		{ "192.0.2.255/25", "192.0.2.128/25" },
		{ "255.255.255.255/0", "0.0.0.0/0" },
		{ "192.0.2.7/32", "192.0.2.7/32" },
		{ "2001:db8:ffff::1/33", "2001:db8:8000::/33" },
		{ "2001:db8::1/128", "2001:db8::1/128" },
	};
	char buf[PREFIX_STRLEN];

	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		struct ltepi_prefix p = P(t[i].in);

		prefix_mask(&p);
		is_str(prefix_format(&p, buf, sizeof(buf)), t[i].out, t[i].in);
		ok(!prefix_has_host_bits(&p), "%s masked has no host bits",
		   t[i].in);
	}
}

static void test_relations(void)
{
	static const struct {
		const char *a, *b;
		bool equal, overlap, a_then_b;
	} t[] = {
		{ "192.0.2.0/24", "192.0.2.0/24", true, true, false },
		{ "192.0.2.9/24", "192.0.2.0/24", true, true, false },
		{ "192.0.2.0/24", "192.0.2.128/25", false, true, false },
		{ "192.0.2.0/25", "192.0.2.128/25", false, false, true },
		{ "192.0.2.128/25", "192.0.2.0/25", false, false, false },
		{ "192.0.2.0/24", "192.0.4.0/24", false, false, false },
		{ "0.0.0.0/0", "203.0.113.0/24", false, true, false },
		{ "255.255.255.0/24", "0.0.0.0/24", false, false, false },
		{ "192.0.2.0/24", "2001:db8::/32", false, false, false },
		{ "2001:db8::/33", "2001:db8:8000::/33", false, false, true },
		{ "2001:db8::/32", "2001:db8::/32", true, true, false },
		{ "2001:db8::1/128", "2001:db8::2/128", false, false, true },
	};

	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		struct ltepi_prefix a = P(t[i].a), b = P(t[i].b);

		ok(prefix_equal(&a, &b) == t[i].equal, "%s equal %s: %d",
		   t[i].a, t[i].b, t[i].equal);
		ok(prefix_overlap(&a, &b) == t[i].overlap &&
		       prefix_overlap(&b, &a) == t[i].overlap,
		   "%s overlaps %s: %d", t[i].a, t[i].b, t[i].overlap);
		ok(prefix_followed_by(&a, &b) == t[i].a_then_b,
		   "%s followed by %s: %d", t[i].a, t[i].b, t[i].a_then_b);
	}
}

static void test_contains(void)
{
	static const struct {
		const char *prefix, *addr;
		bool in;
	} t[] = {
		{ "100.64.0.0/10", "100.64.0.1", true },
		{ "100.64.0.0/10", "100.127.255.255", true },
		{ "100.64.0.0/10", "100.128.0.0", false },
		{ "0.0.0.0/0", "203.0.113.9", true },
		{ "fe80::/10", "fe80::1", true },
		{ "fe80::/10", "fec0::1", false },
		{ "fe80::/10", "100.64.0.1", false },
	};
	unsigned char addr[16];

	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		struct ltepi_prefix p = P(t[i].prefix);
		int family = strchr(t[i].addr, ':') ? AF_INET6 : AF_INET;

		inet_pton(family, t[i].addr, addr);
		ok(prefix_contains(&p, family, addr) == t[i].in,
		   "%s contains %s: %d", t[i].prefix, t[i].addr, t[i].in);
	}
}

static void test_default(void)
{
	struct ltepi_prefix p, def = P("::/0");

	prefix_default(AF_INET6, &p);
	ok(prefix_equal(&p, &def), "prefix_default(AF_INET6) is ::/0");
	is_int(prefix_max_len(AF_INET), 32, "IPv4 has 32 bits");
	is_int((long long)prefix_addr_size(AF_INET6), 16, "IPv6 has 16 bytes");
}

int main(void)
{
	test_parse();
	test_mask();
	test_relations();
	test_contains();
	test_default();
	return tap_done();
}
