/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * IANA's special-purpose address registries (see addrclass.h). The tables
 * are text, parsed on use: one representation to read against the
 * registry, and a lookup per ip-up costs nothing that matters.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <sys/socket.h>

#include "addrclass.h"
#include "prefix.h"

/* iana.org/assignments/iana-ipv4-special-registry */
static const struct addrclass v4[] = {
	{ "0.0.0.0/8", "\"this network\"", "RFC 791", false },
	{ "10.0.0.0/8", "private-use", "RFC 1918", false },
	{ "100.64.0.0/10", "shared address space (carrier-grade NAT)",
	  "RFC 6598", false },
	{ "127.0.0.0/8", "loopback", "RFC 1122", false },
	{ "169.254.0.0/16", "link-local", "RFC 3927", false },
	{ "172.16.0.0/12", "private-use", "RFC 1918", false },
	{ "192.0.0.0/24", "IETF protocol assignments", "RFC 6890", false },
	{ "192.0.0.0/29", "IPv4 service continuity prefix (DS-Lite)",
	  "RFC 7335", false },
	{ "192.0.0.8/32", "IPv4 dummy address", "RFC 7600", false },
	{ "192.0.0.9/32", "port control protocol anycast", "RFC 7723", true },
	{ "192.0.0.10/32", "TURN anycast", "RFC 8155", true },
	{ "192.0.0.170/32", "NAT64/DNS64 discovery", "RFC 8880", false },
	{ "192.0.0.171/32", "NAT64/DNS64 discovery", "RFC 8880", false },
	{ "192.0.2.0/24", "documentation (TEST-NET-1)", "RFC 5737", false },
	{ "192.31.196.0/24", "AS112-v4", "RFC 7535", true },
	{ "192.52.193.0/24", "AMT", "RFC 7450", true },
	{ "192.88.99.0/24", "deprecated 6to4 relay anycast", "RFC 7526",
	  false },
	{ "192.168.0.0/16", "private-use", "RFC 1918", false },
	{ "192.175.48.0/24", "direct delegation AS112 service", "RFC 7534",
	  true },
	{ "198.18.0.0/15", "benchmarking", "RFC 2544", false },
	{ "198.51.100.0/24", "documentation (TEST-NET-2)", "RFC 5737", false },
	{ "203.0.113.0/24", "documentation (TEST-NET-3)", "RFC 5737", false },
	{ "240.0.0.0/4", "reserved", "RFC 1112", false },
	{ "255.255.255.255/32", "limited broadcast", "RFC 919", false },
};

/* iana.org/assignments/iana-ipv6-special-registry */
static const struct addrclass v6[] = {
	{ "::1/128", "loopback", "RFC 4291", false },
	{ "::/128", "unspecified", "RFC 4291", false },
	{ "::ffff:0:0/96", "IPv4-mapped", "RFC 4291", false },
	{ "64:ff9b::/96", "IPv4-IPv6 translation", "RFC 6052", true },
	{ "64:ff9b:1::/48", "local-use IPv4-IPv6 translation", "RFC 8215",
	  false },
	{ "100::/64", "discard-only", "RFC 6666", false },
	{ "2001::/23", "IETF protocol assignments", "RFC 2928", false },
	{ "2001::/32", "TEREDO", "RFC 4380", false },
	{ "2001:1::1/128", "port control protocol anycast", "RFC 7723", true },
	{ "2001:1::2/128", "TURN anycast", "RFC 8155", true },
	{ "2001:2::/48", "benchmarking", "RFC 5180", false },
	{ "2001:3::/32", "AMT", "RFC 7450", true },
	{ "2001:4:112::/48", "AS112-v6", "RFC 7535", true },
	{ "2001:20::/28", "ORCHIDv2", "RFC 7343", true },
	{ "2001:30::/28", "drone remote ID entity tags", "RFC 9374", true },
	{ "2001:db8::/32", "documentation", "RFC 3849", false },
	{ "2002::/16", "6to4", "RFC 3056", false },
	{ "2620:4f:8000::/48", "direct delegation AS112 service", "RFC 7534",
	  true },
	{ "3fff::/20", "documentation", "RFC 9637", false },
	{ "5f00::/16", "segment routing (SRv6) SIDs", "RFC 9602", false },
	{ "fc00::/7", "unique local (ULA)", "RFC 4193", false },
	{ "fe80::/10", "link-local", "RFC 4291", false },
};

/* Does the entry's prefix cover addr? Its length, or -1 if not. */
static int covers(const struct addrclass *c, int family, const void *addr)
{
	struct ltepi_prefix p;

	if (prefix_parse(c->prefix, &p) < 0 ||
	    !prefix_contains(&p, family, addr))
		return -1;
	return (int)p.len;
}

const struct addrclass *addrclass_lookup(int family, const void *addr)
{
	const struct addrclass *table = family == AF_INET ? v4 : v6,
			       *best = NULL;
	size_t n = family == AF_INET ? sizeof(v4) / sizeof(v4[0])
				     : sizeof(v6) / sizeof(v6[0]);
	int best_len = -1;

	if (family != AF_INET && family != AF_INET6)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		int len = covers(&table[i], family, addr);

		if (len > best_len) {
			best_len = len;
			best = &table[i];
		}
	}
	return best;
}

bool addrclass_global(int family, const void *addr)
{
	const struct addrclass *c = addrclass_lookup(family, addr);

	return !c || c->global;
}

const char *addrclass_notice(int family, const void *addr, char *buf,
			     size_t len)
{
	const struct addrclass *c = addrclass_lookup(family, addr);
	char text[INET6_ADDRSTRLEN];

	if (len)
		buf[0] = '\0';
	if (!c || c->global || !inet_ntop(family, addr, text, sizeof(text)))
		return buf;
	snprintf(buf, len,
		 "%s is in %s, %s (%s): the internet cannot reach it; %s", text,
		 c->prefix, c->name, c->rfc,
		 family == AF_INET
		     ? "ask the provider for a global (fixed) address, reach "
		       "the box through a VPN (see ltepi's examples), or use "
		       "IPv6 if the link gets a global IPv6 address"
		     : "ask the provider for a global IPv6 prefix on the link, "
		       "or reach the box through a VPN (see ltepi's examples)");
	return buf;
}
