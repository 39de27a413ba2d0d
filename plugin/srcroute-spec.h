/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The keys of source routing's objects and their names in messages: the
 * rules a link wants ("from SRC lookup T", "fwmark V/M lookup T"); the
 * prefix arithmetic they need is lib/prefix.h. Pure: no I/O, shared by the
 * policy (srcroute.c) and the guard's reading of deletions
 * (srcroute-removed.c).
 */
#ifndef LTEPI_SRCROUTE_SPEC_H
#define LTEPI_SRCROUTE_SPEC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "options.h"
#include "prefix.h"

/* A rule we want: "from SRC lookup T" or "fwmark V/M lookup T". */
struct rule_spec {
	bool fwmark;
	struct ltepi_prefix src; /* the family only, for a fwmark rule */
};

/* What names a rule: its table, priority and, in connmark mode, mark. */
struct rule_names {
	uint32_t table, priority, mark, mask;
};

bool spec_equal(const struct rule_spec *a, const struct rule_spec *b);
bool specs_contain(const struct rule_spec *specs, size_t n,
		   const struct rule_spec *spec);

/* "rule from 100.64.0.2/32 lookup 200 prio 1000" into buf; returns buf. */
const char *rule_str(const struct rule_names *names,
		     const struct rule_spec *spec, char *buf, size_t len);

/* "IPv4" or "IPv6". */
const char *family_str(int family);

/* Appends "what" to the report, "a, b", keeping whole entries. */
void report_add(char *buf, size_t len, const char *what);

#endif
