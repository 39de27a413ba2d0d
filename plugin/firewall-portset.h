/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * When a profile's port lines become one nftables set (firewall.c).
 *
 * "allow tcp N" lines without "from" all accept, so their order does not
 * matter and a long list of them is equivalent to one rule matching a set
 * of their ports. nftables loads a 200-element set several times faster
 * than 200 rules (bench/RESULTS.md, "Firewall"), and each element keeps
 * its line's comment, so the loaded ruleset still says which line opened
 * which port. Pure: no I/O.
 */
#ifndef LTEPI_FIREWALL_PORTSET_H
#define LTEPI_FIREWALL_PORTSET_H

#include <stdbool.h>

#include "profile.h"

/* Below this many lines, one rule per line costs no more than a set. */
#define PORTSET_MIN_LINES 8

/* An "allow PROTO PORTS" line without sources or destination. */
bool portset_line(const struct profile_rule *rule, enum profile_proto proto);

/*
 * Whether the lines of proto go into a set: at least PORTSET_MIN_LINES of
 * them, and no port or range of one overlapping or touching one of another
 * (an interval set refuses overlaps, and nftables would merge neighbours:
 * the elements would no longer say what the lines say). Otherwise they
 * stay one rule each.
 */
bool portset_wanted(const struct profile *profile, enum profile_proto proto);

/* Whether the set of proto needs interval elements (a line has a range). */
bool portset_has_range(const struct profile *profile, enum profile_proto proto);

#endif
