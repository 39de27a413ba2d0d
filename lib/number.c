/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Unsigned numbers in text (see number.h). */
#include <errno.h>

#include "number.h"

/* The value of digit c in base (10 or 16), or -1. */
static int digit_value(char c, unsigned int base)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (base == 16 && c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (base == 16 && c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static int parse(const char *s, size_t len, unsigned int base, uint64_t max,
		 uint64_t *out)
{
	uint64_t v = 0;

	if (len == 0)
		return -EINVAL;
	for (size_t i = 0; i < len; i++) {
		int d = digit_value(s[i], base);

		if (d < 0 || (uint64_t)d > max ||
		    v > (max - (uint64_t)d) / base)
			return -EINVAL;
		v = v * base + (uint64_t)d;
	}
	*out = v;
	return 0;
}

int number_parse_decimal(const char *s, size_t len, uint64_t max, uint64_t *out)
{
	return parse(s, len, 10, max, out);
}

int number_parse_hex(const char *s, size_t len, uint64_t max, uint64_t *out)
{
	return parse(s, len, 16, max, out);
}
