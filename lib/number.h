/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Unsigned numbers in text that ltepi reads from files, modems and sysfs:
 * digits only, all of them, no sign, no blank, no "0x", nothing after. What
 * strtoul() would also take ("-1" as a huge number, " 5", "12abc" as 12)
 * is refused, so that a malformed value is an error and never a number.
 */
#ifndef LTEPI_LIB_NUMBER_H
#define LTEPI_LIB_NUMBER_H

#include <stddef.h>
#include <stdint.h>

/* The len decimal digits at s, at most max: 0 or -EINVAL. */
int number_parse_decimal(const char *s, size_t len, uint64_t max,
			 uint64_t *out);

/* The len hex digits at s (either case), at most max: 0 or -EINVAL. */
int number_parse_hex(const char *s, size_t len, uint64_t max, uint64_t *out);

#endif
