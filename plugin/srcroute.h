/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Source routing for one PPP link: replies to connections that arrived on
 * the link leave by the link, whatever the main table's default route says.
 *
 * While the link is up, table T (srcroute-table) holds a default route via
 * the link and rules send traffic from the link's addresses (and, in connmark
 * mode, traffic whose conntrack mark says it arrived on the link) to T:
 *
 *	default dev ppp0 table T proto ltepi
 *	from 100.64.0.2 lookup T prio P proto ltepi
 *	from 2001:db8:1:2::/64 lookup T prio P proto ltepi
 *	fwmark V/M lookup T prio P proto ltepi	 (connmark mode)
 *	PREFIX dev ppp0 proto ltepi		 (link-route, main table)
 *
 * Ownership: every route and rule carries the routing protocol
 * SRCROUTE_RTPROT ("ltepi" via examples/rt_protos.d/ltepi.conf). What is
 * "ours for this link" is exactly: tagged, and in table T (rules and the
 * routes in T) or, for link routes, the exact key we added. Nothing without
 * the tag is ever deleted, whatever its table or priority. Table T is per
 * link, so every tagged object in T that does not match the current state is
 * stale (a SIGKILLed pppd, a previous address) and is swept.
 *
 * Cost: no call dumps the main routing table. A family coming up sends
 * all its objects in one batch (one sendmsg()), T's default route first and
 * exclusive: that add is the check that T is free, and only when it finds
 * a default route there (another live link's, or a stale one) is T listed
 * and swept, with a strict-checked (kernel >= 4.20) RTM_GETROUTE dump
 * filtered by table and protocol. A renegotiation takes that slow path
 * too. Rules are dumped only by srcroute_sweep() (the kernel cannot filter
 * a rule dump, so a per-up dump would grow with the host's policy rules);
 * *_up() and *_down() add and delete rules and routes by exact key against
 * what this context installed. A tagged object that appears after the
 * sweep (nothing of ltepi's makes one) is left to the next pppd's sweep.
 *
 * Errors: functions return 0 or a negative errno code (the kernel's own
 * error when it rejected a request) and leave a one-line description of the
 * failed action in srcroute_errmsg(), e.g. "add rule from 100.64.0.2/32
 * lookup 200 prio 1000: Operation not permitted". The module logs at debug
 * level only; the adapter logs the error once. A failed *_up() removes what
 * it had added for that family before returning, so nothing is half-done.
 * None of these failures should bring the link down.
 *
 * Not thread-safe; one context per pppd (per link).
 */
#ifndef LTEPI_SRCROUTE_H
#define LTEPI_SRCROUTE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <netinet/in.h>

#include "options.h"

/*
 * Routing protocol number tagging ltepi's routes and rules (RTPROT_*,
 * FRA_PROTOCOL). 76 ('L') is unused by the kernel's RTPROT_* list, by
 * iproute2's rt_protos, bird (12), babel (42), openr (99), keepalived (18)
 * and FRR (186-198).
 */
#define SRCROUTE_RTPROT 76

struct srcroute;

/*
 * Creates the context: a netlink socket for requests, the guard's socket
 * (subscribed only while up) and, in connmark mode, a libnftables context. conf
 * is copied; it must have passed options_finish(). Without source routing
 * (conf->srcroute false) but with link routes, the context manages the link
 * routes only and every table, rule and monitor step is a no-op. Returns NULL
 * with errno set (EINVAL: neither source routing nor link routes, or a mark
 * outside its mask). Touches no kernel state. Free with srcroute_free().
 */
struct srcroute *srcroute_new(const struct ltepi_conf *conf);

/*
 * Frees the context and closes its sockets. Does not remove any route, rule
 * or nft table (call the *_down() functions first); srcroute_free(NULL) is a
 * no-op.
 */
void srcroute_free(struct srcroute *sr);

/*
 * Removes every tagged rule for table T, every tagged route in table T (both
 * families) and the connmark nft table of T: what a previous pppd left
 * behind. Call it once at startup, before any *_up() (-EBUSY while this
 * context is up). Returns how many stale objects it removed, or -errno.
 * -EBUSY, touching nothing, if table T is in use by another live link (a
 * tagged route in T via another interface that is up), or, in connmark
 * mode, if another link's tagged fwmark rule matches marks ours could carry;
 * srcroute_errmsg() then names the other link or rule.
 */
__attribute__((warn_unused_result)) int srcroute_sweep(struct srcroute *sr);

/*
 * Looks IFNAME's index up before ip-up, so that the up sends its batch with
 * no lookup first (the lookup is a third of an up's cost). The plugin calls
 * it when pppd enters the network phase: the unit exists then and keeps its
 * index for the whole connection. NULL forgets the index (the plugin does
 * when the connection ends: a new unit gets a new index). An up for another
 * name looks its own up; an up that finds the prepared index gone (-ENODEV)
 * looks it up again once. Returns 0; -EINVAL (bad name) or -ENODEV, and
 * nothing is prepared.
 */
int srcroute_prepare(struct srcroute *sr, const char *ifname);

/*
 * Whether a context lives on pages pppd's forked children do not inherit
 * (MADV_DONTFORK: no copy-on-write fault at ip-up after a fork). False in
 * AddressSanitizer builds, which keep it on the heap where ASan sees it.
 */
bool srcroute_private_pages(void);

/*
 * IPCP up (and every renegotiation or address change): installs the default
 * route via ifname in T, exactly one rule "from local/32 lookup T" (replacing
 * a rule for a previous address, make-before-break), the fwmark rule and nft
 * table in connmark mode, and the IPv4 link routes. Idempotent. The route
 * is dev-only (no "via peer"): a PPP link is point-to-point, the kernel
 * needs no next hop to send on it, and many modems report a made-up peer
 * address (10.64.64.64) or none at all.
 *
 * -ENODEV: no such interface; -EINVAL: bad ifname or address;
 * -EBUSY: table T in use by another live link, or this context is up on
 * another interface (nothing touched in either case).
 */
__attribute__((warn_unused_result)) int
srcroute_ipv4_up(struct srcroute *sr, const char *ifname, struct in_addr local);

/* IPCP down: removes what srcroute_ipv4_up() added. Idempotent. */
__attribute__((warn_unused_result)) int srcroute_ipv4_down(struct srcroute *sr);

/*
 * IPV6CP up: installs the default route via ifname in T, the IPv6 link
 * routes, and one rule "from PREFIX lookup T" for every global address the
 * interface has now (PREFIX is the address's prefix: a SLAAC /64 covers the
 * temporary addresses too). IPV6CP itself brings no global address; those
 * arrive later (RA, DHCPv6, static), which srcroute_ipv6_sync() and the
 * monitor below follow. Idempotent; same errors as srcroute_ipv4_up().
 */
__attribute__((warn_unused_result)) int srcroute_ipv6_up(struct srcroute *sr,
							 const char *ifname);

/*
 * Reconciles the IPv6 rules with the interface's current global addresses:
 * adds rules for new prefixes, deletes tagged rules for T whose prefix is
 * gone. Returns 1 if a rule was added or deleted, 0 if nothing changed,
 * -errno on failure. A no-op (0) while IPv6 is down.
 */
__attribute__((warn_unused_result)) int srcroute_ipv6_sync(struct srcroute *sr);

/*
 * Address change notification: a non-blocking netlink socket subscribed to
 * RTNLGRP_IPV6_IFADDR, open while IPv6 is up (-1 otherwise). The adapter
 * polls it from pppd's main loop (add_fd() or a periodic timeout()) and calls
 * srcroute_monitor_dispatch() when readable: it drains the socket and, if a
 * message concerned this link (or the socket overflowed), runs
 * srcroute_ipv6_sync(). Returns what srcroute_ipv6_sync() returned, or 0.
 */
int srcroute_monitor_fd(const struct srcroute *sr);
__attribute__((warn_unused_result)) int
srcroute_monitor_dispatch(struct srcroute *sr);

/*
 * The guard: what other programs delete of ours is put back.
 *
 * While the context is up it reads the host's rule and route changes
 * (RTNLGRP_IPV{4,6}_{RULE,ROUTE}) on a non-blocking socket (opened once,
 * kept across reconnects, srcroute_guard_fd() is -1 while down), and, on a
 * kernel that cannot own the connmark table (< 5.12, nft.h), that table's
 * nftables events. The adapter polls srcroute_guard_fd() (pppd 2.4 has no
 * fd hook: a short periodic timeout) and calls:
 *
 * srcroute_guard_check(): reads every pending change and returns how many
 * objects this context installed were deleted by someone else (the
 * kernel's own deletions caused by this context's requests do not count),
 * naming them in report ("rule from 100.64.0.2/32 lookup 200 prio 1000,
 * route default dev ppp0 table 200"; whole entries, truncated), 0 if none,
 * or -errno. An overflowed socket counts as one removal of unknown objects.
 *
 * srcroute_restore(): adds back whatever this context installed that is
 * missing (exclusive adds: what is in place stays untouched) and returns
 * how many objects it added, or -errno (srcroute_errmsg() says which).
 *
 * Whether to restore at all is the adapter's choice (guard.h).
 */
int srcroute_guard_fd(const struct srcroute *sr);
__attribute__((warn_unused_result)) int
srcroute_guard_check(struct srcroute *sr, char *report, size_t report_len);
__attribute__((warn_unused_result)) int srcroute_restore(struct srcroute *sr);

/*
 * The prefixes the IPv6 "from" rules currently cover, as "P1, P2" in buf
 * (truncated to whole entries); returns how many there are (0: no global
 * address yet).
 */
size_t srcroute_ipv6_prefixes(const struct srcroute *sr, char *buf, size_t len);

/* IPV6CP down: removes what srcroute_ipv6_up()/sync added. Idempotent. */
__attribute__((warn_unused_result)) int srcroute_ipv6_down(struct srcroute *sr);

/*
 * One line describing the last failure ("" if none); valid until the next
 * call on sr.
 */
const char *srcroute_errmsg(const struct srcroute *sr);

#endif
