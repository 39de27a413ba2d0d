/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Whether the internet can reach an address: its entry in IANA's IPv4 and
 * IPv6 Special-Purpose Address Registries (RFC 6890 and the RFCs that add
 * to them), as published in 2025, matched by longest prefix.
 *
 * An address with no entry is globally reachable. An entry is "global" as
 * the registry's Globally Reachable column says (e.g. 192.0.0.9/32, PCP
 * anycast, inside the non-global 192.0.0.0/24). The link's address is
 * classified at ip-up so that "it connected" is not mistaken for "the
 * internet can reach it": carrier-grade NAT space (RFC 6598) and private
 * addresses are what LTE and 3G providers most often hand out.
 *
 * Pure: no I/O.
 */
#ifndef LTEPI_ADDRCLASS_H
#define LTEPI_ADDRCLASS_H

#include <stdbool.h>
#include <stddef.h>

struct addrclass {
	const char *prefix; /* "100.64.0.0/10" */
	const char *name;   /* "shared address space (carrier-grade NAT)" */
	const char *rfc;    /* "RFC 6598" */
	bool global;	    /* the registry's Globally Reachable */
};

/*
 * The registry entry covering addr (an in_addr for AF_INET, an in6_addr
 * for AF_INET6, network byte order), the most specific one; NULL when
 * there is none (a global unicast address) or the family is unknown.
 */
const struct addrclass *addrclass_lookup(int family, const void *addr);

/* Whether the internet can reach addr: no entry, or a global one. */
bool addrclass_global(int family, const void *addr);

/*
 * The notice for an address the internet cannot reach, naming its range
 * and what to do ("100.64.0.2 is in 100.64.0.0/10, shared address space
 * (carrier-grade NAT, RFC 6598): the internet cannot reach it; ..."),
 * into buf; "" for a global address. Returns buf.
 */
const char *addrclass_notice(int family, const void *addr, char *buf,
			     size_t len);

#endif
