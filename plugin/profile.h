/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Firewall profiles: the small line-oriented files that say what the link
 * may reach (ltepi-firewall(5)). This module reads and checks one file into
 * a struct profile; firewall.c turns that into nftables rules.
 *
 * Contract:
 *  - profile_load() never logs above debug level. On failure it returns a
 *    negative errno code, writes one complete user-facing sentence into err
 *    ("FILE:LINE: MESSAGE near 'TOKEN'" for syntax errors) and leaves *out
 *    untouched.
 *  - The struct is read-only for callers and owned by them: free it with
 *    profile_free() (NULL is fine).
 *
 * Error codes: -ENOENT (no such file or profile name), -EACCES (unsafe
 * ownership or mode, or unreadable), -EINVAL (syntax, bad name, not a
 * regular file), -E2BIG (a documented limit was exceeded), -ENOMEM.
 */
#ifndef LTEPI_PROFILE_H
#define LTEPI_PROFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "names.h"
#include "prefix.h"

/* The limits ltepi-firewall(5) documents. */
#define PROFILE_MAX_RULES   256	 /* allow and forward lines */
#define PROFILE_MAX_PORTS   64	 /* ports or ranges on one line */
#define PROFILE_MAX_SOURCES 16	 /* prefixes after one 'from' */
#define PROFILE_MAX_LINE    1024 /* bytes, newline included */
#define PROFILE_MAX_NAME    NAMES_PROFILE_MAX

/* Where firewall-profile NAME looks: NAME is a file name in it, no suffix. */
#define PROFILE_DEFAULT_DIR SYSCONFDIR "/ppp/ltepi/firewall"

enum profile_policy {
	PROFILE_POLICY_DROP = 0,
	PROFILE_POLICY_REJECT,
};

enum profile_rule_kind {
	PROFILE_ALLOW,	 /* to the Pi itself (input) */
	PROFILE_FORWARD, /* through the Pi to a host behind it */
};

enum profile_proto {
	PROFILE_TCP,
	PROFILE_UDP,
	PROFILE_ICMP, /* echo-request, v4 and v6 */
	/* IP protocol 47, v4 and v6: a PPTP tunnel's data, which conntrack
	 * cannot match to its control connection without the pptp helper. */
	PROFILE_GRE,
};

struct profile_port_range {
	uint16_t low, high; /* low == high for a single port */
};

struct profile_rule {
	unsigned int line;
	enum profile_rule_kind kind;
	enum profile_proto proto;
	size_t n_ports; /* 0 for icmp and gre */
	struct profile_port_range ports[PROFILE_MAX_PORTS];
	size_t n_sources; /* 0: from anywhere */
	struct ltepi_prefix sources[PROFILE_MAX_SOURCES];
	bool has_dest; /* always true for forward rules */
	struct ltepi_prefix dest;
	char text[PROFILE_MAX_LINE]; /* the line's tokens, single-spaced */
};

struct profile {
	char name[PROFILE_MAX_NAME + 1]; /* the file's base name */
	enum profile_policy policy;
	unsigned int policy_line; /* 0: the default (drop) */
	bool log;
	unsigned int log_line;
	size_t n_rules;
	struct profile_rule *rules;
};

/*
 * Loads a profile. arg is either an absolute path or a NAME (letters,
 * digits, '.', '_', '-'; not starting with '.' or '-') looked up as
 * dir/NAME; dir NULL means PROFILE_DEFAULT_DIR. An unknown NAME's error
 * lists the names available in dir.
 *
 * The file must be a regular file, neither group- nor world-writable, and
 * owned by root or the effective user; so must every directory above where
 * it really is (symbolic links resolved, from the opened descriptor) up to
 * /, except that a sticky directory may be writable by group or others.
 */
int profile_load(const char *arg, const char *dir, struct profile **out,
		 char *err, size_t errlen);

/*
 * Parses profile text already in memory; file names it in messages. Ports,
 * and source prefixes, on one line may not overlap.
 */
int profile_parse(const char *text, const char *file, struct profile **out,
		  char *err, size_t errlen);

void profile_free(struct profile *profile);

#endif
