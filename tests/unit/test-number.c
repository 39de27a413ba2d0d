/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * lib/number.c, table-driven: the digits that are a number, the bounds,
 * and everything strtoul() would have taken that is refused.
 */
#include <errno.h>
#include <stdint.h>
#include <string.h>

#include "lib/number.h"
#include "tests/tap.h"

static const struct {
	const char *text;
	unsigned int base;
	uint64_t max, want;
	int rc;
} t[] = {
	{ "0", 10, 10, 0, 0 },
	{ "42", 10, 100, 42, 0 },
	{ "0042", 10, 100, 42, 0 },
	{ "100", 10, 100, 100, 0 },
	{ "101", 10, 100, 0, -EINVAL },
	{ "9", 10, 5, 0, -EINVAL }, /* one digit above a small max */
	{ "18446744073709551615", 10, UINT64_MAX, UINT64_MAX, 0 },
	{ "18446744073709551616", 10, UINT64_MAX, 0, -EINVAL },
	{ "99999999999999999999", 10, UINT64_MAX, 0, -EINVAL },
	{ "", 10, 100, 0, -EINVAL },
	{ "-1", 10, UINT64_MAX, 0, -EINVAL },
	{ "+1", 10, 100, 0, -EINVAL },
	{ " 1", 10, 100, 0, -EINVAL },
	{ "1 ", 10, 100, 0, -EINVAL },
	{ "12abc", 10, 100, 0, -EINVAL },
	{ "1e0e", 16, 0xffff, 0x1e0e, 0 },
	{ "1ECB", 16, 0xffff, 0x1ecb, 0 },
	{ "ffff", 16, 0xffff, 0xffff, 0 },
	{ "10000", 16, 0xffff, 0, -EINVAL },
	{ "0x1e", 16, 0xffff, 0, -EINVAL },
	{ "-001", 16, 0xffff, 0, -EINVAL },
	{ "1eg", 16, 0xffff, 0, -EINVAL },
	{ "f", 16, 9, 0, -EINVAL },
};

int main(void)
{
	uint64_t v;

	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		int rc;

		v = 7;
		rc = t[i].base == 16
			 ? number_parse_hex(t[i].text, strlen(t[i].text),
					    t[i].max, &v)
			 : number_parse_decimal(t[i].text, strlen(t[i].text),
						t[i].max, &v);
		ok(rc == t[i].rc && (rc < 0 ? v == 7 : v == t[i].want),
		   "base %u '%s' (max %llu): %s", t[i].base, t[i].text,
		   (unsigned long long)t[i].max, rc ? "refused" : "read");
	}
	ok(number_parse_decimal("123", 2, 100, &v) == 0 && v == 12,
	   "only len characters are read");
	return tap_done();
}
