/* SPDX-License-Identifier: GPL-2.0-or-later */
/* IPv4 and IPv6 prefixes (see prefix.h). */
#include <arpa/inet.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "number.h"
#include "prefix.h"

size_t prefix_addr_size(int family)
{
	return family == AF_INET ? sizeof(struct in_addr)
				 : sizeof(struct in6_addr);
}

unsigned int prefix_max_len(int family)
{
	return 8 * (unsigned int)prefix_addr_size(family);
}

int prefix_parse(const char *s, struct ltepi_prefix *out)
{
	char buf[INET6_ADDRSTRLEN];
	struct ltepi_prefix p = { 0 };
	const char *slash = strchr(s, '/');
	size_t n = slash ? (size_t)(slash - s) : strlen(s);
	uint64_t len;

	if (n == 0 || n >= sizeof(buf))
		return -EINVAL;
	memcpy(buf, s, n);
	buf[n] = '\0';
	if (inet_pton(AF_INET, buf, &p.addr.v4) == 1)
		p.family = AF_INET;
	else if (inet_pton(AF_INET6, buf, &p.addr.v6) == 1)
		p.family = AF_INET6;
	else
		return -EINVAL;
	len = prefix_max_len(p.family);
	if (slash &&
	    number_parse_decimal(slash + 1, strlen(slash + 1), len, &len) < 0)
		return -EINVAL;
	p.len = (unsigned int)len;
	*out = p;
	return 0;
}

void prefix_default(int family, struct ltepi_prefix *p)
{
	memset(p, 0, sizeof(*p));
	p->family = family;
}

/* Whether bit (0 = the most significant) of the address bytes is set. */
static bool bit_set(const unsigned char *bytes, unsigned int bit)
{
	return bytes[bit / 8] & (0x80 >> (bit % 8));
}

void prefix_mask(struct ltepi_prefix *p)
{
	unsigned char *b = (unsigned char *)&p->addr;
	size_t n = prefix_addr_size(p->family);

	for (size_t i = 0; i < n; i++) {
		unsigned int bit = (unsigned int)i * 8;

		if (bit >= p->len)
			b[i] = 0;
		else if (bit + 8 > p->len)
			b[i] &= (unsigned char)(0xff00 >> (p->len - bit));
	}
}

bool prefix_has_host_bits(const struct ltepi_prefix *p)
{
	const unsigned char *b = (const unsigned char *)&p->addr;

	for (unsigned int bit = p->len; bit < prefix_max_len(p->family); bit++)
		if (bit_set(b, bit))
			return true;
	return false;
}

/* Whether the first len bits of x and y agree. */
static bool first_bits_equal(const void *x, const void *y, unsigned int len)
{
	const unsigned char *a = x, *b = y;

	for (unsigned int bit = 0; bit < len; bit++)
		if (bit_set(a, bit) != bit_set(b, bit))
			return false;
	return true;
}

bool prefix_equal(const struct ltepi_prefix *a, const struct ltepi_prefix *b)
{
	return a->family == b->family && a->len == b->len &&
	       first_bits_equal(&a->addr, &b->addr, a->len);
}

bool prefix_contains(const struct ltepi_prefix *p, int family, const void *addr)
{
	return p->family == family && first_bits_equal(&p->addr, addr, p->len);
}

bool prefix_overlap(const struct ltepi_prefix *a, const struct ltepi_prefix *b)
{
	unsigned int len = a->len < b->len ? a->len : b->len;

	return a->family == b->family &&
	       first_bits_equal(&a->addr, &b->addr, len);
}

/* The first and last address a prefix covers, big-endian bytes. */
static void prefix_bounds(const struct ltepi_prefix *p, unsigned char lo[16],
			  unsigned char hi[16])
{
	struct ltepi_prefix net = *p;
	size_t n = prefix_addr_size(p->family);

	prefix_mask(&net);
	memcpy(lo, &net.addr, n);
	memcpy(hi, &net.addr, n);
	for (unsigned int bit = p->len; bit < n * 8; bit++)
		hi[bit / 8] |= (unsigned char)(0x80 >> (bit % 8));
}

bool prefix_followed_by(const struct ltepi_prefix *a,
			const struct ltepi_prefix *b)
{
	unsigned char alo[16], ahi[16], blo[16], bhi[16];
	size_t n = prefix_addr_size(a->family), i = n;

	if (a->family != b->family)
		return false;
	prefix_bounds(a, alo, ahi);
	prefix_bounds(b, blo, bhi);
	while (i > 0 && ahi[i - 1] == 0xff)
		ahi[--i] = 0;
	if (i == 0)
		return false; /* a ends at the last address */
	ahi[i - 1]++;
	return memcmp(ahi, blo, n) == 0;
}

const char *prefix_format_short(const struct ltepi_prefix *p, char *buf,
				size_t len)
{
	char addr[INET6_ADDRSTRLEN];

	if (!inet_ntop(p->family, &p->addr, addr, sizeof(addr)))
		snprintf(addr, sizeof(addr), "?");
	if (p->len == prefix_max_len(p->family))
		snprintf(buf, len, "%s", addr);
	else
		snprintf(buf, len, "%s/%u", addr, p->len);
	return buf;
}

const char *prefix_format(const struct ltepi_prefix *p, char *buf, size_t len)
{
	char addr[INET6_ADDRSTRLEN];

	if (!inet_ntop(p->family, &p->addr, addr, sizeof(addr)))
		snprintf(addr, sizeof(addr), "?");
	snprintf(buf, len, "%s/%u", addr, p->len);
	return buf;
}
