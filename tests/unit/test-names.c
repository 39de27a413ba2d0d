/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * lib/names.c, table-driven: the interface names that may go into nft
 * rules and table names, and the firewall-profile names that may become a
 * file name under the profile directory.
 */
#include <string.h>

#include "lib/names.h"
#include "tests/tap.h"

static void test_ifnames(void)
{
	static const struct {
		const char *name;
		bool valid;
	} t[] = {
		{ "ppp0", true },
		{ "wwan0.1-x_y", true },
		{ "lte_up-1", true },
		{ "abcdefghijklmno", true }, /* 15: IFNAMSIZ with its NUL */
		{ "abcdefghijklmnop", false },
		{ "", false },
		{ "ppp0\"; flush ruleset", false },
		{ "a b", false },
		{ "ppp0:1", false },
		{ "x{y}", false },
		{ "lte@0", false },
		{ "ppp\n0", false },
		{ "ppp\xc3\xa9", false }, /* not ASCII */
	};

	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		ok(names_ifname_valid(t[i].name) == t[i].valid,
		   "interface name '%s': %s", t[i].name,
		   t[i].valid ? "valid" : "refused");
	ok(!names_ifname_valid(NULL), "no interface name is refused");
}

static void test_profiles(void)
{
	static const struct {
		const char *name;
		bool valid;
	} t[] = {
		{ "ssh", true },    { "web-2.home_x", true }, { "a.", true },
		{ "", false },	    { ".ssh", false },	      { "..", false },
		{ "-x", false },    { "a/b", false },	      { "a b", false },
		{ "web\n", false },
	};
	char longest[NAMES_PROFILE_MAX + 2];

	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		ok(names_profile_valid(t[i].name) == t[i].valid,
		   "profile name '%s': %s", t[i].name,
		   t[i].valid ? "valid" : "refused");
	memset(longest, 'x', sizeof(longest) - 1);
	longest[NAMES_PROFILE_MAX] = '\0';
	ok(names_profile_valid(longest), "%d characters are fine",
	   NAMES_PROFILE_MAX);
	longest[NAMES_PROFILE_MAX] = 'x';
	longest[NAMES_PROFILE_MAX + 1] = '\0';
	ok(!names_profile_valid(longest), "%d are too many",
	   NAMES_PROFILE_MAX + 1);
	ok(!names_profile_valid(NULL), "no profile name is refused");
}

int main(void)
{
	test_ifnames();
	test_profiles();
	return tap_done();
}
