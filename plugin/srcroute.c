/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Source routing's policy: what is installed when, and how it is made to
 * match (see srcroute.h for the contract, srcroute-int.h for the layout).
 *
 * Every change is computed as a reconciliation: the desired set of rules or
 * routes for one family is compared with what this context installed,
 * missing objects are added first and surplus ones deleted after
 * (make-before-break), so a renegotiation or an address change never leaves
 * a window without a rule, and "up" twice is the same as "up" once. Rules
 * are added with NLM_F_EXCL, so one deleted by hand comes back; an EEXIST
 * means ours is still there (the kernel compares the tag).
 *
 * The fast path: a family coming up (not a renegotiation) sends all its
 * objects in one batch, T's default route first and exclusive. That add is
 * the check that T is free: it fails with EEXIST when T already holds a
 * default route of the family, another live link's or a stale one, and only
 * then is T listed (the slow path below, the only one before: list T,
 * refuse or sweep, add). So a fresh ip-up is one sendmsg() and one recv()
 * that finds no refusal, whatever the size of the host's tables.
 *
 * Only srcroute_sweep() dumps rules (srcroute-sweep.c): the kernel cannot
 * filter a rule dump, so on a host with many policy rules a dump per up
 * would make the cost of every reconnect grow with them. Routes are dumped
 * only from table T, and only on the slow path and at the sweep. Down
 * deletes by exact key what this context installed; stale objects are the
 * next sweep's.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <arpa/inet.h>

#include "log.h"
#include "names.h"
#include "nft-watch.h"
#include "nft.h"
#include "srcroute-int.h"
#include "srcroute-nft.h"
#include "srcroute.h"

const char *srcroute_errmsg(const struct srcroute *sr)
{
	return sr->errmsg;
}

/* --- the context ---------------------------------------------------------- */

static bool conf_valid(const struct ltepi_conf *conf, bool table)
{
	return (table || conf->n_link_routes) &&
	       conf->n_link_routes <= LTEPI_MAX_LINK_ROUTES &&
	       !(table && conf->srcroute_mode == SRCROUTE_MODE_CONNMARK &&
		 (!conf->srcroute_mark ||
		  (conf->srcroute_mark & ~conf->srcroute_mark_mask)));
}

/* ASan watches heap allocations, not mappings: its builds keep calloc. */
#if defined(__SANITIZE_ADDRESS__)
#define CONTEXT_ON_HEAP 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define CONTEXT_ON_HEAP 1
#endif
#endif

/*
 * A zeroed context on pages of its own that pppd's children do not inherit.
 * pppd forks (the connect script, ip-pre-up, the hooks), and each page it
 * shares with a child costs a copy-on-write fault at its first write after
 * the fork, which ip-up would pay on this context's pages: two faults, half
 * of an up in bench/srcroute-cost. A child never touches them: it execs.
 */
static struct srcroute *context_alloc(void)
{
#ifdef CONTEXT_ON_HEAP
	return calloc(1, sizeof(struct srcroute));
#else
	void *p = mmap(NULL, sizeof(struct srcroute), PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		return NULL;
	(void)madvise(p, sizeof(struct srcroute), MADV_DONTFORK);
	return p;
#endif
}

bool srcroute_private_pages(void)
{
#ifdef CONTEXT_ON_HEAP
	return false;
#else
	return true;
#endif
}

static void context_release(struct srcroute *sr)
{
#ifdef CONTEXT_ON_HEAP
	free(sr);
#else
	munmap(sr, sizeof(*sr));
#endif
}

struct srcroute *srcroute_new(const struct ltepi_conf *conf)
{
	bool table = conf->srcroute && conf->srcroute_table;
	struct srcroute *sr;
	int ret;

	if (!conf_valid(conf, table)) {
		errno = EINVAL;
		return NULL;
	}
	sr = context_alloc();
	if (!sr)
		return NULL;
	sr->rt.fd = sr->mon.fd = sr->guard.fd = -1;
	sr->names.table = table ? conf->srcroute_table : 0;
	sr->names.priority = conf->srcroute_priority;
	sr->names.mark = conf->srcroute_mark;
	sr->names.mask = conf->srcroute_mark_mask;
	sr->connmark = table && conf->srcroute_mode == SRCROUTE_MODE_CONNMARK;
	sr->n_link_routes = conf->n_link_routes;
	memcpy(sr->link_routes, conf->link_routes,
	       conf->n_link_routes * sizeof(conf->link_routes[0]));
	ret = rtnl_open(&sr->rt);
	if (ret == 0)
		ret = srcroute_guard_open(sr);
	if (ret == 0 && sr->connmark) {
		sr->nft = nft_new();
		if (!sr->nft)
			ret = -errno;
	}
	if (ret < 0) {
		srcroute_free(sr);
		errno = -ret;
		return NULL;
	}
	return sr;
}

void srcroute_free(struct srcroute *sr)
{
	if (!sr)
		return;
	srcroute_monitor_close(sr);
	srcroute_guard_close(sr);
	nft_free(sr->nft);
	rtnl_close(&sr->rt);
	context_release(sr);
}

/* --- the connmark table --------------------------------------------------- */

/* Our own loads arrive as events too: read them before anyone else's. */
static int nft_watch_drain(struct srcroute *sr)
{
	char name[32];

	srcroute_nft_table_name(name, sizeof(name), sr->names.table);
	return sr->nft_watch ? nft_watch_touched(sr->nft_watch, name) : 0;
}

/*
 * The kernel cannot own the table (Linux < 5.12): load it unowned and
 * watch it instead; the guard loads it again when someone touched it.
 */
static int connmark_load_watched(struct srcroute *sr, char *err, size_t len)
{
	int ret;

	sr->nft_no_owner = true;
	if (!sr->nft_watch)
		sr->nft_watch = nft_watch_open();
	if (!sr->nft_watch) {
		snprintf(err, len, "watching nftables: %s", strerror(errno));
		return -errno;
	}
	ret = srcroute_nft_up(sr->nft, sr->names.table, sr->ifname,
			      sr->names.mark, sr->names.mask, 0, err, len);
	if (ret == 0)
		ret = nft_watch_drain(sr);
	return ret < 0 ? ret : 0;
}

/* Owned by this context where the kernel can (nft.h, NFT_OWNED). */
int srcroute_connmark_up(struct srcroute *sr)
{
	unsigned int flags = NFT_OWNED | (sr->nft_held ? NFT_REPLACE_OWN : 0);
	char err[160] = "";
	int ret;

	if (!sr->connmark)
		return 0;
	if (sr->nft_no_owner)
		ret = connmark_load_watched(sr, err, sizeof(err));
	else
		ret = srcroute_nft_up(sr->nft, sr->names.table, sr->ifname,
				      sr->names.mark, sr->names.mask, flags,
				      err, sizeof(err));
	if (ret == -EOPNOTSUPP && !sr->nft_no_owner)
		ret = connmark_load_watched(sr, err, sizeof(err));
	if (ret < 0)
		return fail(sr, ret, "create nft table for %s (%s)", sr->ifname,
			    err);
	sr->nft_held = true;
	return 0;
}

/* The nft table is shared by both families: it goes with the last one. */
static int connmark_down(struct srcroute *sr)
{
	char err[160] = "";
	int ret;

	if (!sr->connmark || sr->v4_up || sr->v6_up)
		return 0;
	ret = srcroute_nft_down(sr->nft, sr->names.table, err, sizeof(err));
	if (ret < 0)
		return fail(sr, ret, "delete nft table for %s (%s)", sr->ifname,
			    err);
	sr->nft_held = false;
	return 0;
}

/* --- rules ---------------------------------------------------------------- */

size_t srcroute_fwmark_spec(const struct srcroute *sr, int family,
			    struct rule_spec *spec)
{
	if (!sr->connmark)
		return 0;
	memset(spec, 0, sizeof(*spec));
	spec->fwmark = true;
	spec->src.family = family;
	return 1;
}

/* Wanted rules not installed yet: refused when they would not fit. */
static int check_room(struct srcroute *sr, const struct rule_set *set,
		      const struct rule_spec *want, size_t n_want)
{
	size_t unknown = 0, room = sizeof(set->spec) / sizeof(set->spec[0]);
	char what[128];

	for (size_t i = 0; i < n_want; i++)
		unknown += !specs_contain(set->spec, set->n, &want[i]);
	/* full only when deletions failed: refuse before adding */
	if (!unknown || set->n + unknown <= room)
		return 0;
	sr_rule_what(sr, &want[0], what, sizeof(what));
	return fail(sr, -ENOSPC,
		    "add %s: %zu rules of table %u are still installed "
		    "(deleting them failed before)",
		    what, set->n, sr->names.table);
}

/*
 * Records the outcome of the rule adds b->msg[first..first+n) made for
 * want[]: what is in the kernel joins the installed set. Returns how many
 * were added, or the first failure.
 */
static int note_rule_adds(struct srcroute *sr, struct rule_set *set,
			  const struct rule_spec *want, size_t n,
			  const int *err)
{
	int ret, first = 0, added = 0;

	for (size_t i = 0; i < n; i++) {
		ret = sr_add_result(err[i]);
		if (ret < 0) {
			if (!first)
				first = sr_rule_fail(sr, ret, "add", &want[i]);
			continue;
		}
		added += ret;
		if (!specs_contain(set->spec, set->n, &want[i]))
			set->spec[set->n++] = want[i];
	}
	return first ? first : added;
}

/* Deletes the installed rules not in want, in one batch. */
static int delete_unwanted(struct srcroute *sr, struct rule_set *set,
			   const struct rule_spec *want, size_t n_want)
{
	struct batch *b = sr_batch(sr);
	struct rule_spec doomed[2 * MAX_FAMILY_RULES];
	size_t n = 0;
	int ret, first = 0, deleted = 0;

	b->n = 0;
	for (size_t i = 0; i < set->n; i++)
		if (!specs_contain(want, n_want, &set->spec[i])) {
			doomed[n] = set->spec[i];
			sr_rule_msg(sr, sr_next_msg(b), RTM_DELRULE, 0,
				    &doomed[n++]);
		}
	if (!n)
		return 0;
	ret = sr_exchange(sr, b);
	if (ret < 0)
		return ret;
	for (size_t i = 0; i < n; i++) {
		ret = sr_del_result(b->err[i]);
		if (ret < 0) {
			if (!first)
				first =
				    sr_rule_fail(sr, ret, "delete", &doomed[i]);
			continue;
		}
		deleted += ret;
		for (size_t j = 0; j < set->n; j++)
			if (spec_equal(&set->spec[j], &doomed[i])) {
				set->spec[j] = set->spec[--set->n];
				break;
			}
	}
	return first ? first : deleted;
}

/*
 * Makes our rules for table T of one family exactly `want` (at most
 * MAX_FAMILY_RULES): adds every wanted rule (a no-op for those in place),
 * then deletes the ones installed before that are no longer wanted.
 * Returns the number of rules added or deleted, or -errno; on failure the
 * installed set still lists everything that may be in the kernel.
 */
int srcroute_reconcile_rules(struct srcroute *sr, int family,
			     const struct rule_spec *want, size_t n_want)
{
	struct rule_set *set = installed_rules(sr, family);
	struct batch *b = sr_batch(sr);
	int ret, changed;

	ret = check_room(sr, set, want, n_want);
	if (ret < 0)
		return ret;
	b->n = 0;
	for (size_t i = 0; i < n_want; i++)
		sr_rule_msg(sr, sr_next_msg(b), RTM_NEWRULE,
			    NLM_F_CREATE | NLM_F_EXCL, &want[i]);
	ret = b->n ? sr_exchange(sr, b) : 0;
	if (ret < 0)
		return ret;
	ret = note_rule_adds(sr, set, want, n_want, b->err);
	if (ret < 0)
		return ret;
	changed = ret;
	ret = delete_unwanted(sr, set, want, n_want);
	return ret < 0 ? ret : changed + ret;
}

/* --- up and down ---------------------------------------------------------- */

int srcroute_prepare(struct srcroute *sr, const char *ifname)
{
	int ifindex;

	sr->prepared_ifname[0] = '\0';
	sr->prepared_ifindex = 0;
	if (!ifname)
		return 0;
	if (!names_ifname_valid(ifname))
		return -EINVAL;
	ifindex = rtnl_ifindex(&sr->rt, ifname);
	if (ifindex < 0)
		return ifindex;
	snprintf(sr->prepared_ifname, sizeof(sr->prepared_ifname), "%s",
		 ifname);
	sr->prepared_ifindex = ifindex;
	return 0;
}

static bool is_prepared(const struct srcroute *sr, const char *ifname)
{
	return sr->prepared_ifindex > 0 &&
	       strcmp(sr->prepared_ifname, ifname) == 0;
}

/*
 * Binds the context to the link. A pppd runs one link, but its interface is
 * recreated on reconnect (persist), so the index is looked up for every
 * connection: an ioctl, no netlink answer to parse, done ahead by
 * srcroute_prepare() when pppd enters the network phase.
 */
int srcroute_attach(struct srcroute *sr, const char *ifname)
{
	int ifindex;

	/* stricter than the kernel: the name goes into nft rules */
	if (!names_ifname_valid(ifname))
		return fail(sr, -EINVAL, "invalid interface name \"%s\"",
			    ifname ? ifname : "(null)");
	ifindex = is_prepared(sr, ifname) ? sr->prepared_ifindex
					  : rtnl_ifindex(&sr->rt, ifname);
	if (ifindex < 0)
		return fail(sr, ifindex, "look up interface %s", ifname);
	if ((sr->v4_up || sr->v6_up) && strcmp(sr->ifname, ifname) != 0)
		return fail(sr, -EBUSY, "already routing for %s, not %s",
			    sr->ifname, ifname);
	snprintf(sr->ifname, sizeof(sr->ifname), "%s", ifname);
	sr->ifindex = ifindex;
	return 0;
}

static bool *family_flag(struct srcroute *sr, int family)
{
	return family == AF_INET ? &sr->v4_up : &sr->v6_up;
}

/* Queues the adds of one family's link routes (main table). */
static size_t queue_link_routes(struct srcroute *sr, struct batch *b,
				int family, uint16_t type, uint16_t flags)
{
	size_t n = 0;

	for (size_t i = 0; i < sr->n_link_routes; i++)
		if (sr->link_routes[i].family == family) {
			sr_route_msg(sr, sr_next_msg(b), type, flags,
				     &sr->link_routes[i], RT_TABLE_MAIN);
			n++;
		}
	return n;
}

/* The link routes' outcomes, from b->err[first]; the first failure. */
static int link_routes_result(struct srcroute *sr, const struct batch *b,
			      size_t first, int family, bool add)
{
	size_t k = first;
	int ret = 0;

	for (size_t i = 0; i < sr->n_link_routes; i++) {
		const struct ltepi_prefix *p = &sr->link_routes[i];
		int r;

		if (p->family != family)
			continue;
		r = add ? sr_add_result(b->err[k++])
			: sr_del_result(b->err[k++]);
		if (r < 0 && !ret)
			ret = sr_route_fail(sr, r, add ? "add" : "delete", p,
					    RT_TABLE_MAIN);
	}
	return ret;
}

/* One request; its outcome (0 or the kernel's -errno), or -errno. */
static int request_one(struct srcroute *sr, struct batch *b)
{
	int ret = sr_exchange(sr, b);

	return ret < 0 ? ret : b->err[0];
}

/*
 * Takes back what a fast up added when T turned out not to be empty, so
 * that the slow path starts from where the fast one did: the rules and
 * link routes whose add succeeded (b->err[1...]). A rule that cannot be
 * taken back joins the installed set, for the caller's cleanup.
 */
static int undo_fast(struct srcroute *sr, int family,
		     const struct rule_spec *rules, size_t n_rules,
		     size_t n_links)
{
	struct rule_set *set = installed_rules(sr, family);
	struct batch *b = sr_batch(sr);
	int added[MAX_FAMILY_RULES + LTEPI_MAX_LINK_ROUTES];
	struct rule_spec undone[MAX_FAMILY_RULES];
	size_t n = 0, k = n_rules;
	int ret, first = 0;

	memcpy(added, &b->err[1], (n_rules + n_links) * sizeof(added[0]));
	b->n = 0;
	for (size_t i = 0; i < n_rules; i++)
		if (added[i] == 0) {
			undone[n] = rules[i];
			sr_rule_msg(sr, sr_next_msg(b), RTM_DELRULE, 0,
				    &undone[n++]);
		}
	for (size_t i = 0; i < sr->n_link_routes; i++)
		if (sr->link_routes[i].family == family && added[k++] == 0)
			sr_route_msg(sr, sr_next_msg(b), RTM_DELROUTE, 0,
				     &sr->link_routes[i], RT_TABLE_MAIN);
	ret = b->n ? sr_exchange(sr, b) : 0;
	for (size_t i = 0; i < n && ret == 0; i++) {
		int r = sr_del_result(b->err[i]);

		if (r < 0 && !first)
			first = sr_rule_fail(sr, r, "delete", &undone[i]);
		if (r < 0)
			set->spec[set->n++] = undone[i];
	}
	return ret < 0 ? ret : first;
}

/*
 * A family coming up: everything in one batch, T's default route first and
 * exclusive. Returns 1 when done, 0 when T already had a default route of
 * the family (nothing changed: the slow path takes over), or -errno.
 */
static int fast_up(struct srcroute *sr, int family,
		   const struct rule_spec *rules, size_t n_rules)
{
	struct rule_set *set = installed_rules(sr, family);
	struct batch *b = sr_batch(sr);
	struct ltepi_prefix def;
	size_t links, first_link;
	int ret;

	/* rules a failed down could not delete are still in the set: the
	 * family is down, nothing needs them until this up, so they go first
	 * (no request when there are none) */
	ret = delete_unwanted(sr, set, rules, n_rules);
	if (ret >= 0)
		ret = check_room(sr, set, rules, n_rules);
	if (ret < 0)
		return ret;
	prefix_default(family, &def);
	b->n = 0;
	if (sr->names.table)
		sr_route_msg(sr, sr_next_msg(b), RTM_NEWROUTE,
			     NLM_F_CREATE | NLM_F_EXCL, &def, sr->names.table);
	for (size_t i = 0; i < n_rules; i++)
		sr_rule_msg(sr, sr_next_msg(b), RTM_NEWRULE,
			    NLM_F_CREATE | NLM_F_EXCL, &rules[i]);
	first_link = b->n;
	links = queue_link_routes(sr, b, family, RTM_NEWROUTE, NLM_F_CREATE);
	if (!b->n)
		return 1;
	ret = sr_exchange(sr, b);
	if (ret < 0)
		return ret;
	if (sr->names.table && b->err[0] == -EEXIST) {
		ret = undo_fast(sr, family, rules, n_rules, links);
		return ret < 0 ? ret : 0;
	}
	/* what is in the kernel now is recorded first, for the cleanup */
	ret = note_rule_adds(sr, set, rules, n_rules,
			     &b->err[sr->names.table ? 1 : 0]);
	if (sr->names.table && b->err[0] < 0)
		return sr_route_fail(sr, b->err[0], "add", &def,
				     sr->names.table);
	if (ret >= 0)
		ret = link_routes_result(sr, b, first_link, family, true);
	return ret < 0 ? ret : 1;
}

/* Adds the link routes of one family (exclusive: no, equal ones stay). */
static int link_routes_up(struct srcroute *sr, int family)
{
	struct batch *b = sr_batch(sr);
	int ret;

	b->n = 0;
	if (!queue_link_routes(sr, b, family, RTM_NEWROUTE, NLM_F_CREATE))
		return 0;
	ret = sr_exchange(sr, b);
	return ret < 0 ? ret : link_routes_result(sr, b, 0, family, true);
}

/*
 * The slow path, and every renegotiation: T's default route, the stale
 * routes in T swept, the nft table in connmark mode, the rules reconciled.
 */
static int table_up(struct srcroute *sr, int family,
		    const struct rule_spec *rules, size_t n_rules)
{
	struct batch *b = sr_batch(sr);
	struct ltepi_prefix def;
	int ret;

	prefix_default(family, &def);
	b->n = 0;
	/* no NLM_F_REPLACE: an equal route without our tag stays untouched */
	sr_route_msg(sr, sr_next_msg(b), RTM_NEWROUTE, NLM_F_CREATE, &def,
		     sr->names.table);
	ret = sr_add_result(request_one(sr, b));
	if (ret < 0)
		return sr_route_fail(sr, ret, "add", &def, sr->names.table);
	ret = sr_sweep_table_routes(sr, family, sr->ifindex);
	if (ret < 0)
		return ret;
	ret = srcroute_connmark_up(sr);
	if (ret < 0)
		return ret;
	ret = srcroute_reconcile_rules(sr, family, rules, n_rules);
	return ret < 0 ? ret : 0;
}

static int slow_up(struct srcroute *sr, int family,
		   const struct rule_spec *rules, size_t n_rules)
{
	int ret = 0;

	if (sr->names.table) {
		ret = table_up(sr, family, rules, n_rules);
		if (ret < 0)
			return ret;
	}
	return link_routes_up(sr, family);
}

/* Undoes a failed up, keeping the message of the failure that caused it. */
static int abort_up(struct srcroute *sr, int family, int err)
{
	char msg[sizeof(sr->errmsg)];

	memcpy(msg, sr->errmsg, sizeof(msg));
	(void)srcroute_family_down(sr, family);
	memcpy(sr->errmsg, msg, sizeof(msg));
	return err;
}

int srcroute_family_up(struct srcroute *sr, int family,
		       const struct rule_spec *rules, size_t n)
{
	bool *up = family_flag(sr, family);
	int ret;

	if (!*up) {
		/* from here a failure's cleanup covers this family */
		*up = true;
		ret = fast_up(sr, family, rules, n);
		if (ret > 0) {
			ret = srcroute_connmark_up(sr);
			goto out;
		}
		if (ret < 0)
			goto out;
		/* T holds a default route, another link's or a stale one;
		 * the fast path took back what it added */
		*up = false;
	}
	/* the slow path, and every renegotiation or address change */
	ret = sr->names.table ? sr_check_table_free(sr) : 0;
	if (ret < 0)
		return ret;
	*up = true;
	ret = slow_up(sr, family, rules, n);
out:
	if (ret >= 0)
		ret = srcroute_guard_start(sr);
	if (ret < 0)
		return abort_up(sr, family, ret);
	return 0;
}

/*
 * Removes everything of one family by exact key, in one batch: the rules
 * this context installed, T's default route via the link, the link routes.
 * Carries on past failures so that as much as possible is gone, and
 * returns the first.
 */
int srcroute_family_down(struct srcroute *sr, int family)
{
	struct rule_set *set = installed_rules(sr, family);
	struct batch *b = sr_batch(sr);
	struct rule_spec doomed[2 * MAX_FAMILY_RULES];
	struct ltepi_prefix def;
	size_t n = set->n, first_link;
	int ret, first = 0;

	/* the last family: stop listening first, so that our own deletions
	 * are not queued to the guard only to be read and skipped */
	if (!*family_flag(sr, family == AF_INET ? AF_INET6 : AF_INET))
		srcroute_guard_stop(sr);
	prefix_default(family, &def);
	b->n = 0;
	memcpy(doomed, set->spec, n * sizeof(doomed[0]));
	for (size_t i = 0; i < n; i++)
		sr_rule_msg(sr, sr_next_msg(b), RTM_DELRULE, 0, &doomed[i]);
	if (sr->names.table)
		sr_route_msg(sr, sr_next_msg(b), RTM_DELROUTE, 0, &def,
			     sr->names.table);
	first_link = b->n;
	queue_link_routes(sr, b, family, RTM_DELROUTE, 0);
	ret = b->n ? sr_exchange(sr, b) : 0;
	if (ret < 0)
		first = ret;
	for (size_t i = 0; i < n && ret == 0; i++) {
		int r = sr_del_result(b->err[i]);

		if (r < 0 && !first)
			first = sr_rule_fail(sr, r, "delete", &doomed[i]);
		if (r >= 0)
			for (size_t j = 0; j < set->n; j++)
				if (spec_equal(&set->spec[j], &doomed[i])) {
					set->spec[j] = set->spec[--set->n];
					break;
				}
	}
	if (ret == 0 && sr->names.table) {
		int r = sr_del_result(b->err[n]);

		if (r < 0 && !first)
			first = sr_route_fail(sr, r, "delete", &def,
					      sr->names.table);
	}
	if (ret == 0) {
		ret = link_routes_result(sr, b, first_link, family, false);
		if (ret < 0 && !first)
			first = ret;
	}
	*family_flag(sr, family) = false;
	ret = connmark_down(sr);
	if (ret < 0 && !first)
		first = ret;
	return first;
}

int srcroute_add_missing(struct srcroute *sr, int family)
{
	const struct rule_set *set = installed_rules(sr, family);
	struct batch *b = sr_batch(sr);
	struct ltepi_prefix def;
	size_t n = set->n;
	int ret, added = 0;

	prefix_default(family, &def);
	b->n = 0;
	for (size_t i = 0; i < n; i++)
		sr_rule_msg(sr, sr_next_msg(b), RTM_NEWRULE,
			    NLM_F_CREATE | NLM_F_EXCL, &set->spec[i]);
	if (sr->names.table)
		sr_route_msg(sr, sr_next_msg(b), RTM_NEWROUTE, NLM_F_CREATE,
			     &def, sr->names.table);
	queue_link_routes(sr, b, family, RTM_NEWROUTE, NLM_F_CREATE);
	if (!b->n)
		return 0;
	ret = sr_exchange(sr, b);
	if (ret < 0)
		return ret;
	for (size_t i = 0; i < b->n; i++) {
		int r = sr_add_result(b->err[i]);

		if (r < 0) {
			char what[128] = "a route";

			if (i < n)
				sr_rule_what(sr, &set->spec[i], what,
					     sizeof(what));
			return fail(sr, r, "put back %s", what);
		}
		added += r;
	}
	return added;
}

int srcroute_ipv4_up(struct srcroute *sr, const char *ifname,
		     struct in_addr local)
{
	struct rule_spec rules[2] = { 0 };
	bool prepared = ifname && is_prepared(sr, ifname);
	size_t n = 0;
	int ret;

	sr->errmsg[0] = '\0';
	if (local.s_addr == INADDR_ANY || local.s_addr == INADDR_NONE)
		return fail(sr, -EINVAL, "invalid local address %s",
			    inet_ntoa(local));
	ret = srcroute_attach(sr, ifname);
	if (ret < 0)
		return ret;
	if (sr->names.table) {
		rules[0].src.family = AF_INET;
		rules[0].src.addr.v4 = local;
		rules[0].src.len = 32;
		n = 1 + srcroute_fwmark_spec(sr, AF_INET, &rules[1]);
	}
	ret = srcroute_family_up(sr, AF_INET, rules, n);
	if (ret == -ENODEV && prepared) {
		/* the unit was replaced since srcroute_prepare() */
		(void)srcroute_prepare(sr, NULL);
		return srcroute_ipv4_up(sr, ifname, local);
	}
	if (ret < 0)
		return ret;
	log_debug("srcroute: IPv4 from %s via %s (table %u)", inet_ntoa(local),
		  sr->ifname, sr->names.table);
	return 0;
}

int srcroute_ipv4_down(struct srcroute *sr)
{
	sr->errmsg[0] = '\0';
	if (!sr->v4_up)
		return 0;
	return srcroute_family_down(sr, AF_INET);
}
