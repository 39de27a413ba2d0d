/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Interface and profile names (see names.h). */
#include <net/if.h>
#include <string.h>

#include "names.h"

bool names_safe_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
}

/* Whether s is 1 to max safe characters. */
static bool all_safe(const char *s, size_t max)
{
	size_t n = 0;

	for (; s[n]; n++)
		if (n == max || !names_safe_char(s[n]))
			return false;
	return n > 0;
}

bool names_ifname_valid(const char *ifname)
{
	return ifname && all_safe(ifname, IFNAMSIZ - 1);
}

bool names_profile_valid(const char *name)
{
	return name && name[0] != '.' && name[0] != '-' &&
	       all_safe(name, NAMES_PROFILE_MAX);
}
