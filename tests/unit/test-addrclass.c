/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The special-purpose registries (plugin/addrclass.h), with real cases. */
#include <arpa/inet.h>
#include <string.h>
#include <sys/socket.h>

#include "../tap.h"
#include "addrclass.h"

/* The entry's prefix for text ("" when none), and whether it is global. */
static void check(const char *text, const char *want_prefix, bool want_global)
{
	unsigned char a[16];
	int family = strchr(text, ':') ? AF_INET6 : AF_INET;
	const struct addrclass *c;

	if (inet_pton(family, text, a) != 1) {
		ok(0, "%s parses", text);
		return;
	}
	c = addrclass_lookup(family, a);
	is_str(c ? c->prefix : "", want_prefix, text);
	is_int(addrclass_global(family, a), want_global,
	       want_global ? "  globally reachable" : "  not reachable");
}

int main(void)
{
	unsigned char a[16];
	char buf[512];

	/* what providers hand out */
	check("100.64.0.2", "100.64.0.0/10", false); /* our demo: CGNAT */
	check("10.47.118.140", "10.0.0.0/8", false); /* the 3G seed's dongle */
	check("172.20.1.5", "172.16.0.0/12", false);
	check("192.168.8.100", "192.168.0.0/16", false); /* Huawei HiLink */
	check("81.2.69.160", "", true);			 /* a global address */
	check("2a00:1450:4001:80b::200e", "", true);
	/* the edges of the CGNAT range */
	check("100.63.255.255", "", true);
	check("100.127.255.255", "100.64.0.0/10", false);
	check("100.128.0.0", "", true);
	/* more specific entries win, in both directions */
	check("192.0.0.9", "192.0.0.9/32", true);
	check("192.0.0.5", "192.0.0.0/29", false);
	check("192.0.0.200", "192.0.0.0/24", false);
	check("2001:1::1", "2001:1::1/128", true);
	check("2001:4:112::53", "2001:4:112::/48", true);
	check("2001:5::1", "2001::/23", false);
	check("64:ff9b::c000:221", "64:ff9b::/96", true);
	check("64:ff9b:1::1", "64:ff9b:1::/48", false);
	/* the rest of the usual suspects */
	check("169.254.7.7", "169.254.0.0/16", false);
	check("198.18.0.1", "198.18.0.0/15", false);
	check("203.0.113.9", "203.0.113.0/24", false);
	check("255.255.255.255", "255.255.255.255/32", false);
	check("fd12:3456::1", "fc00::/7", false);
	check("fe80::1", "fe80::/10", false);
	check("2001:db8:1:2::5", "2001:db8::/32", false);
	check("3fff:1::1", "3fff::/20", false);
	check("::ffff:100.64.0.2", "::ffff:0:0/96", false);

	inet_pton(AF_INET, "100.64.0.2", a);
	is_str(addrclass_notice(AF_INET, a, buf, sizeof(buf)),
	       "100.64.0.2 is in 100.64.0.0/10, shared address space "
	       "(carrier-grade NAT) (RFC 6598): the internet cannot reach it; "
	       "ask the provider for a global (fixed) address, reach the box "
	       "through a VPN (see ltepi's examples), or use IPv6 if the link "
	       "gets a global IPv6 address",
	       "the CGNAT notice names the range, the RFC and what to do");
	inet_pton(AF_INET, "81.2.69.160", a);
	is_str(addrclass_notice(AF_INET, a, buf, sizeof(buf)), "",
	       "a global address: no notice");
	inet_pton(AF_INET6, "fd00:1:2::5", a);
	is_str(addrclass_notice(AF_INET6, a, buf, sizeof(buf)),
	       "fd00:1:2::5 is in fc00::/7, unique local (ULA) (RFC 4193): the "
	       "internet cannot reach it; ask the provider for a global IPv6 "
	       "prefix on the link, or reach the box through a VPN (see "
	       "ltepi's examples)",
	       "a ULA address: the IPv6 advice");
	inet_pton(AF_INET6, "2001:db8::5", a);
	ok(strstr(addrclass_notice(AF_INET6, a, buf, sizeof(buf)),
		  "documentation") != NULL,
	   "the documentation prefix is not reachable either");
	inet_pton(AF_INET6, "2a00:1450::5", a);
	is_str(addrclass_notice(AF_INET6, a, buf, sizeof(buf)), "",
	       "a global IPv6 address: no notice");
	is_int(addrclass_lookup(AF_UNIX, a) == NULL, 1,
	       "an unknown family has no entry");
	return tap_done();
}
