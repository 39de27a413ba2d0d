/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Inside the srcroute module (srcroute.h is the contract): the context
 * and what its files share. srcroute.c decides what is installed
 * (reconciliation, up and down), srcroute-sweep.c reads back what is
 * (table T, the tagged rules), srcroute-ipv6.c follows the link's IPv6
 * addresses, srcroute-guard.c puts back what others delete;
 * srcroute-req.c builds and sends the requests, over srcroute-nl.h.
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

/* The most requests one change sends: old and new rules, T, link routes. */
#define MAX_REQUESTS (2 * MAX_FAMILY_RULES + 1 + LTEPI_MAX_LINK_ROUTES)

/* Requests in flight, kept with the context: no allocation per ip-up. */
struct batch {
	struct rtnl_msg msg[MAX_REQUESTS];
	int err[MAX_REQUESTS];
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
	char prepared_ifname[IFNAMSIZ]; /* srcroute_prepare(): "" or a name */
	int prepared_ifindex;		/* and its index */
	bool v4_up, v6_up;
	struct rule_set installed[2]; /* [0] IPv4, [1] IPv6 */

	char errmsg[256];
	struct batch batch;
};

/* Records "what: strerror(-err)" as the error message; returns err. */
__attribute__((format(printf, 3, 4))) int fail(struct srcroute *sr, int err,
					       const char *fmt, ...);

/* --- requests (srcroute-req.c) --- */

/* The context's batch, emptied by the caller (b->n = 0) before use. */
static inline struct batch *sr_batch(struct srcroute *sr)
{
	return &sr->batch;
}

/* The next free request of b (the caller keeps within MAX_REQUESTS). */
struct rtnl_msg *sr_next_msg(struct batch *b);

/*
 * "DST dev IFINDEX table TABLE proto ltepi", unicast, scope link for IPv4,
 * as a request of type with flags; the tag is part of a delete's key.
 */
void sr_route_msg(struct srcroute *sr, struct rtnl_msg *m, uint16_t type,
		  uint16_t flags, const struct ltepi_prefix *dst,
		  uint32_t table);

/* The kernel's key for a rule of ours, the tag included. */
void sr_rule_msg(struct srcroute *sr, struct rtnl_msg *m, uint16_t type,
		 uint16_t flags, const struct rule_spec *spec);

/*
 * Sends b (in parts of RTNL_BATCH_MAX), leaving each request's outcome in
 * b->err[]. Returns 0, or -errno (with the message) when the exchange
 * itself failed: then nobody knows which requests were carried out.
 */
int sr_exchange(struct srcroute *sr, struct batch *b);

/* An add's outcome: 1 added, 0 there already, -errno. */
int sr_add_result(int err);

/* A delete's outcome: 1 deleted, 0 gone already (the goal holds), -errno. */
int sr_del_result(int err);

/* "rule from 100.64.0.2/32 lookup 200 prio 1000" into buf. */
void sr_rule_what(const struct srcroute *sr, const struct rule_spec *spec,
		  char *buf, size_t len);

/* fail() with "VERB route DST dev IFNAME table T" or "VERB rule ...". */
int sr_route_fail(struct srcroute *sr, int err, const char *verb,
		  const struct ltepi_prefix *dst, uint32_t table);
int sr_rule_fail(struct srcroute *sr, int err, const char *verb,
		 const struct rule_spec *spec);

/* --- reading back (srcroute-sweep.c) --- */

/*
 * -EBUSY, naming the other link, if T has a tagged default route via
 * another interface that is up; 0 if T is free for this link.
 */
int sr_check_table_free(struct srcroute *sr);

/*
 * Deletes our routes in T of one family (AF_UNSPEC: both), except the
 * default route via keep_ifindex (0: delete all). Returns how many it
 * deleted, or -errno.
 */
int sr_sweep_table_routes(struct srcroute *sr, int family, int keep_ifindex);

/* --- policy (srcroute.c) --- */

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
