/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * ltepi's configuration and the validation of every option value.
 *
 * Plain C, no pppd: the pppd option table (plugin-options.c) hands each
 * argument string to one of the options_set_*() functions below, which
 * validate it and store it in struct ltepi_conf. On error they return a
 * negative errno code and write a complete, user-facing sentence into err
 * (which pppd prints via option_error()); conf is then left unchanged.
 *
 * options_finish() runs once all options are parsed (pppd calls plugin_init
 * in the middle of option parsing, so values are final only later); it
 * checks combinations and fills in derived defaults.
 */
#ifndef LTEPI_OPTIONS_H
#define LTEPI_OPTIONS_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <netinet/in.h>

#include "prefix.h" /* struct ltepi_prefix */
#include "stun.h"

#define LTEPI_DEFAULT_PRIORITY 1000u
#define LTEPI_MAX_PRIORITY     32765u /* 32766 is "main", 32767 "default" */
#define LTEPI_MAX_LINK_ROUTES  64
#define LTEPI_MAX_LINK_CHECKS  8
/* link-check: defaults and bounds of link-check-interval/-failures. */
#define LTEPI_DEFAULT_CHECK_INTERVAL 30u
#define LTEPI_DEFAULT_CHECK_FAILURES 3u
#define LTEPI_MAX_CHECK_INTERVAL     86400u
#define LTEPI_MAX_CHECK_FAILURES     100u
/* hook-timeout: seconds a hook may run (ltepi(8), HOOKS). */
#define LTEPI_DEFAULT_HOOK_TIMEOUT 30u
#define LTEPI_MAX_HOOK_TIMEOUT	   3600u
#define LTEPI_ERRLEN		   256
/* connmark mode: the nibble of the mark ltepi uses (see ltepi(8)). */
#define LTEPI_DEFAULT_MARK_MASK 0x0f000000u

enum srcroute_mode {
	SRCROUTE_MODE_ADDRESS = 0,
	SRCROUTE_MODE_CONNMARK,
};

/* A link-check target: ICMP echo to an address, or a TCP connect. */
enum link_check_kind {
	LINK_CHECK_ICMP,
	LINK_CHECK_TCP,
};

struct ltepi_check_target {
	enum link_check_kind kind;
	int family; /* AF_INET or AF_INET6 */
	union {
		struct in_addr v4;
		struct in6_addr v6;
	} addr;
	uint16_t port; /* TCP only, host byte order */
};

struct ltepi_conf {
	/* Source routing; enabled by srcroute-table, disabled by nosrcroute. */
	bool srcroute;
	uint32_t srcroute_table;
	uint32_t srcroute_priority; /* default LTEPI_DEFAULT_PRIORITY */
	enum srcroute_mode srcroute_mode;
	uint32_t srcroute_mark; /* 0 until options_finish() derives it */
	uint32_t srcroute_mark_mask;

	/* link-route PREFIX, repeatable. */
	struct ltepi_prefix link_routes[LTEPI_MAX_LINK_ROUTES];
	size_t n_link_routes;

	/* firewall-profile NAME|PATH, disabled by nofirewall. */
	bool firewall;
	char firewall_profile[PATH_MAX]; /* as given: a name or a path */

	/* link-check TARGET, repeatable; its interval and failure limit. */
	struct ltepi_check_target link_checks[LTEPI_MAX_LINK_CHECKS];
	size_t n_link_checks;
	unsigned int check_interval; /* seconds */
	unsigned int check_failures; /* consecutive, before a restart */

	/* reach-check stun:HOST[:PORT]; family 0: off (the default). */
	struct stun_address reach_stun;

	/* hook-timeout SECONDS: how long each hook may run. */
	unsigned int hook_timeout;

	/* What was given explicitly, to tell defaults from choices. */
	bool priority_set, mode_set, mark_set, nosrcroute, nofirewall;
	bool check_interval_set, check_failures_set, hook_timeout_set;
};

/* Where routing table names are looked up (iproute2's rt_tables files). */
struct options_env {
	const char *const *rt_tables_paths; /* NULL-terminated; files or
					     * directories of *.conf */
};

extern const struct options_env options_default_env;

void options_init(struct ltepi_conf *conf);

int options_set_table(struct ltepi_conf *conf, const struct options_env *env,
		      const char *arg, char *err, size_t errlen);
int options_set_priority(struct ltepi_conf *conf, const char *arg, char *err,
			 size_t errlen);
int options_set_mode(struct ltepi_conf *conf, const char *arg, char *err,
		     size_t errlen);
int options_set_mark(struct ltepi_conf *conf, const char *arg, char *err,
		     size_t errlen);
int options_set_nosrcroute(struct ltepi_conf *conf, char *err, size_t errlen);
int options_add_link_route(struct ltepi_conf *conf, const char *arg, char *err,
			   size_t errlen);
int options_set_firewall_profile(struct ltepi_conf *conf, const char *arg,
				 char *err, size_t errlen);
int options_set_nofirewall(struct ltepi_conf *conf, char *err, size_t errlen);

/*
 * Writes the sentence into err and returns -EINVAL: the error path of
 * every options_set_*() and options_add_*().
 */
__attribute__((format(printf, 3, 4))) int options_fail(char *err, size_t errlen,
						       const char *fmt, ...);

/*
 * A count option NAME from 1 to max, given once (or twice the same): 0, or
 * -EINVAL with a sentence naming the option in err.
 */
int options_set_count(const char *name, const char *arg, unsigned int max,
		      bool *set, unsigned int *value, char *err, size_t errlen);
int options_set_hook_timeout(struct ltepi_conf *conf, const char *arg,
			     char *err, size_t errlen);

/* options-linkcheck.c: link-check, link-check-interval, -failures. */
int options_add_link_check(struct ltepi_conf *conf, const char *arg, char *err,
			   size_t errlen);
int options_set_check_interval(struct ltepi_conf *conf, const char *arg,
			       char *err, size_t errlen);
int options_set_check_failures(struct ltepi_conf *conf, const char *arg,
			       char *err, size_t errlen);
/* The link-check part of options_finish(). */
int options_finish_link_check(const struct ltepi_conf *conf, char *err,
			      size_t errlen);
/* "192.0.2.1", "tcp:192.0.2.1:443", "tcp:[2001:db8::1]:443" */
int options_format_check_target(const struct ltepi_check_target *t, char *buf,
				size_t len);

/*
 * options-reach.c: reach-check stun:ADDRESS[:PORT] (stun:[IPV6][:PORT]),
 * literal addresses only, port 3478 by default.
 */
int options_set_reach_check(struct ltepi_conf *conf, const char *arg, char *err,
			    size_t errlen);
/* "stun:192.0.2.1:3478", "stun:[2001:db8::1]:3478" */
int options_format_reach_check(const struct stun_address *server, char *buf,
			       size_t len);

int options_finish(struct ltepi_conf *conf, char *err, size_t errlen);

/*
 * Parse an unsigned decimal (or 0x hex when hex_ok) number that fills the
 * whole string. Returns 0, -EINVAL (not a number) or -ERANGE.
 */
int options_parse_u32(const char *s, bool hex_ok, uint32_t *out);

#endif
