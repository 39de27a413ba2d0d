/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Values for quoted AT arguments (see atarg.h). */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "atarg.h"

static const char *bad_byte(unsigned char c)
{
	if (c == '"')
		return "contains a double quote";
	if (c == '\\')
		return "contains a backslash";
	if (c == '\r' || c == '\n')
		return "contains a line break";
	if (c < 0x20 || c == 0x7f)
		return "contains a control character";
	if (c >= 0x80)
		return "contains a non-ASCII byte";
	return NULL;
}

int atarg_check(const char *value, size_t max, char *why, size_t whylen)
{
	size_t len = strlen(value);

	if (len > max) {
		snprintf(why, whylen, "is longer than %zu bytes", max);
		return -EINVAL;
	}
	for (const char *p = value; *p; p++) {
		const char *bad = bad_byte((unsigned char)*p);

		if (bad) {
			snprintf(why, whylen, "%s (at byte %zu)", bad,
				 (size_t)(p - value) + 1);
			return -EINVAL;
		}
	}
	return 0;
}
