/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Which values a quoted AT argument can carry (chat/atarg.h). */
#include <errno.h>
#include <string.h>

#include "../tap.h"
#include "chat/atarg.h"

static void refused(const char *value, size_t max, const char *why_want)
{
	char why[96] = "";

	is_int(atarg_check(value, max, why, sizeof(why)), -EINVAL, why_want);
	is_str(why, why_want, "  reason");
}

int main(void)
{
	static const char *const good[] = {
		"soracom.io",
		"internet.t-mobile",
		"sp.telus.com",
		"3gnet",
		"mio@iij",
		"p@ss w0rd!#$%&'()*+,-./:;<=>?[]^_`{|}~",
		"",
	};
	char why[96], apn100[101], apn101[102];

	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		is_int(atarg_check(good[i], 100, why, sizeof(why)), 0, good[i]);
	refused("inet\",\"x", 100, "contains a double quote (at byte 5)");
	refused("inet\rAT+CFUN=0", 100, "contains a line break (at byte 5)");
	refused("inet\n", 100, "contains a line break (at byte 5)");
	refused("a\tb", 100, "contains a control character (at byte 2)");
	refused("a\x7f", 100, "contains a control character (at byte 2)");
	refused("a\\22b", 100, "contains a backslash (at byte 2)");
	refused("caf\xc3\xa9", 100, "contains a non-ASCII byte (at byte 4)");
	memset(apn100, 'a', 100);
	apn100[100] = '\0';
	memset(apn101, 'a', 101);
	apn101[101] = '\0';
	is_int(atarg_check(apn100, 100, why, sizeof(why)), 0,
	       "100 bytes: the 3GPP maximum");
	refused(apn101, 100, "is longer than 100 bytes");
	return tap_done();
}
