/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * An IPv4 or IPv6 prefix and its arithmetic, one home for the plugin's
 * options (link-route), source routing's rule keys, the firewall profiles
 * (sources) and the address classes: parsing, the host bits, comparing,
 * containment, overlap, adjacency and the text form. Pure: no I/O.
 */
#ifndef LTEPI_LIB_PREFIX_H
#define LTEPI_LIB_PREFIX_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>

struct ltepi_prefix {
	int family; /* AF_INET or AF_INET6 */
	union {
		struct in_addr v4;
		struct in6_addr v6;
	} addr;
	unsigned int len; /* prefix length in bits */
};

/* Room for any prefix_format() text, with its NUL. */
#define PREFIX_STRLEN (INET6_ADDRSTRLEN + 4)

/*
 * Parses "A.B.C.D[/N]" or "X:Y::Z[/N]", N decimal up to the family's bits;
 * a bare address is a host prefix (/32, /128). Host bits are kept: callers
 * decide whether they are an error. Returns 0 or -EINVAL.
 */
int prefix_parse(const char *s, struct ltepi_prefix *out);

/* 4 or 16: the bytes of an address of family. */
size_t prefix_addr_size(int family);

/* 32 or 128: the bits of an address of family. */
unsigned int prefix_max_len(int family);

/* The default prefix (length 0) of family. */
void prefix_default(int family, struct ltepi_prefix *p);

/* Clears the host bits (the kernel rejects a rule source that has them). */
void prefix_mask(struct ltepi_prefix *p);

/* Whether any bit after the prefix length is set. */
bool prefix_has_host_bits(const struct ltepi_prefix *p);

/* Same family, length and bits under the length (host bits ignored). */
bool prefix_equal(const struct ltepi_prefix *a, const struct ltepi_prefix *b);

/* Whether addr (family's bytes, network order) lies inside p. */
bool prefix_contains(const struct ltepi_prefix *p, int family,
		     const void *addr);

/* One contains the other: same family, first min(len) bits equal. */
bool prefix_overlap(const struct ltepi_prefix *a, const struct ltepi_prefix *b);

/*
 * a's last address + 1 is b's first (nftables would merge the two into
 * one range). False across families and when a ends at the last address.
 */
bool prefix_followed_by(const struct ltepi_prefix *a,
			const struct ltepi_prefix *b);

/* "2001:db8::/32" into buf (PREFIX_STRLEN will do); returns buf. */
const char *prefix_format(const struct ltepi_prefix *p, char *buf, size_t len);

/* As prefix_format() but a host prefix as its bare address, as nft lists it. */
const char *prefix_format_short(const struct ltepi_prefix *p, char *buf,
				size_t len);

#endif
