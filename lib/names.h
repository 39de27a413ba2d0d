/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The names ltepi takes from its configuration and writes into nft rules,
 * file names and comments: one character class and the two validators that
 * must agree wherever such a name is checked (the plugin's options, the
 * firewall, source routing's nft table, the profile directory).
 */
#ifndef LTEPI_LIB_NAMES_H
#define LTEPI_LIB_NAMES_H

#include <stdbool.h>

/* The longest firewall-profile NAME (ltepi-firewall(5)). */
#define NAMES_PROFILE_MAX 64

/*
 * ASCII letters, digits, '.', '_' and '-': harmless inside a quoted nft
 * string, a comment and a file name, whatever the locale.
 */
bool names_safe_char(char c);

/*
 * An interface name ltepi puts into nft rules and table names: 1 to
 * IFNAMSIZ-1 safe characters. Stricter than the kernel; false for NULL.
 */
bool names_ifname_valid(const char *ifname);

/*
 * A firewall-profile NAME: 1 to NAMES_PROFILE_MAX safe characters, not
 * starting with '.' (hidden, "..") or '-' (option-like).
 */
bool names_profile_valid(const char *name);

#endif
