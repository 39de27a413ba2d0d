/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Inside the srcroute module (srcroute.h is the contract): the context
 * and what its three files share. srcroute.c decides what is installed
 * (reconciliation, sweeps, up and down), srcroute-ipv6.c follows the
 * link's IPv6 addresses, srcroute-guard.c puts back what others delete;
 * all talk to the kernel through srcroute-nl.h.
 */
#ifndef LTEPI_SRCROUTE_INT_H
#define LTEPI_SRCROUTE_INT_H

#include <net/if.h>
#include <stdbool.h>
#include <stdint.h>

#include "options.h"
#include "srcroute-nl.h"
#include "srcroute-spec.h"

/* Global IPv6 prefixes followed at once; more is a misconfigured link. */
#define MAX_V6_PREFIXES 16
/* The most rules one family wants: the prefixes and the fwmark rule. */
#define MAX_FAMILY_RULES (MAX_V6_PREFIXES + 1)

/*
 * The rules this context installed for one family. Room for the old and
 * the new set at once: an address change adds before it deletes.
 */
struct rule_set {
	struct rule_spec spec[2 * MAX_FAMILY_RULES];
	size_t n;
};

struct nft;
struct nft_watch;

struct srcroute {
	struct rtnl rt;		     /* requests and dumps, strict checking */
	struct rtnl mon;	     /* RTNLGRP_IPV6_IFADDR while IPv6 is up */
	struct rtnl guard;	     /* rule and route changes, kept open */
	bool guarding;		     /* guard subscribed: a family is up */
	struct nft *nft;	     /* connmark mode only */
	bool nft_held;		     /* the connmark table exists, ours */
	bool nft_no_owner;	     /* kernel < 5.12: watched, not owned */
	struct nft_watch *nft_watch; /* then: its changes */

	struct rule_names names; /* table (0: link routes only), prio, mark */
	bool connmark;
	struct ltepi_prefix link_routes[LTEPI_MAX_LINK_ROUTES];
	size_t n_link_routes;

	char ifname[IFNAMSIZ];
	int ifindex;
	bool v4_up, v6_up;
	struct rule_set installed[2]; /* [0] IPv4, [1] IPv6 */

	char errmsg[256];
};

/* Records "what: strerror(-err)" as the error message; returns err. */
__attribute__((format(printf, 3, 4))) int fail(struct srcroute *sr, int err,
					       const char *fmt, ...);

/* Binds the context to the link ifname (srcroute.c). */
int srcroute_attach(struct srcroute *sr, const char *ifname);

/*
 * Brings one family up with exactly `rules` (at most MAX_FAMILY_RULES):
 * T's default route, the rules, the nft table, the link routes, the guard;
 * on failure removes what it added and keeps the failure's message.
 */
int srcroute_family_up(struct srcroute *sr, int family,
		       const struct rule_spec *rules, size_t n);

/* Removes what one family installed; returns the first failure. */
int srcroute_family_down(struct srcroute *sr, int family);

/*
 * Makes the installed rules of one family exactly `want`; returns how many
 * rules were added or deleted, or -errno.
 */
int srcroute_reconcile_rules(struct srcroute *sr, int family,
			     const struct rule_spec *want, size_t n_want);

/* The fwmark rule's spec into *spec in connmark mode: 1, else 0. */
size_t srcroute_fwmark_spec(const struct srcroute *sr, int family,
			    struct rule_spec *spec);

/* Puts T's default route, link routes and rules back if missing. */
int srcroute_add_missing(struct srcroute *sr, int family);

/* (Re)loads the connmark nft table (srcroute.c). */
int srcroute_connmark_up(struct srcroute *sr);

/* The guard's socket (srcroute-guard.c): opened once, subscribed while up. */
int srcroute_guard_open(struct srcroute *sr);
int srcroute_guard_start(struct srcroute *sr);
void srcroute_guard_stop(struct srcroute *sr);
void srcroute_guard_close(struct srcroute *sr);

/* The IPv6 address monitor (srcroute-ipv6.c). */
void srcroute_monitor_close(struct srcroute *sr);

static inline struct rule_set *installed_rules(struct srcroute *sr, int family)
{
	return &sr->installed[family == AF_INET6];
}

#endif
