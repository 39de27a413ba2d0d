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
 * refuse or sweep, add). So a fresh ip-up is one sendmsg() and its acks,
 * whatever the size of the host's tables.
 *
 * Only srcroute_sweep() dumps rules: the kernel cannot filter a rule dump,
 * so on a host with many policy rules a dump per up would make the cost of
 * every reconnect grow with them. Routes are dumped only from table T, and
 * only on the slow path and at the sweep. Down deletes by exact key what
 * this context installed; stale objects are the next sweep's.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <linux/fib_rules.h>

#include "log.h"
#include "nft-watch.h"
#include "nft.h"
#include "srcroute-int.h"
#include "srcroute-nft.h"
#include "srcroute.h"

/* The most requests one change sends: old and new rules, T, link routes. */
#define MAX_REQUESTS (2 * MAX_FAMILY_RULES + 1 + LTEPI_MAX_LINK_ROUTES)

/* Requests in flight, kept with the context: no allocation per ip-up. */
struct batch {
	struct rtnl_msg msg[MAX_REQUESTS];
	int err[MAX_REQUESTS];
	size_t n;
};

static struct batch *batch_of(struct srcroute *sr);

int fail(struct srcroute *sr, int err, const char *fmt, ...)
{
	char what[192];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	snprintf(sr->errmsg, sizeof(sr->errmsg), "%s: %s", what,
		 strerror(-err));
	log_debug("srcroute: %s", sr->errmsg);
	return err;
}

const char *srcroute_errmsg(const struct srcroute *sr)
{
	return sr->errmsg;
}

/* --- the context ---------------------------------------------------------- */

struct srcroute_alloc {
	struct srcroute sr;
	struct batch batch;
};

static struct batch *batch_of(struct srcroute *sr)
{
	return &((struct srcroute_alloc *)sr)->batch;
}

static bool conf_valid(const struct ltepi_conf *conf, bool table)
{
	return (table || conf->n_link_routes) &&
	       conf->n_link_routes <= LTEPI_MAX_LINK_ROUTES &&
	       !(table && conf->srcroute_mode == SRCROUTE_MODE_CONNMARK &&
		 (!conf->srcroute_mark ||
		  (conf->srcroute_mark & ~conf->srcroute_mark_mask)));
}

struct srcroute *srcroute_new(const struct ltepi_conf *conf)
{
	bool table = conf->srcroute && conf->srcroute_table;
	struct srcroute_alloc *a;
	struct srcroute *sr;
	int ret;

	if (!conf_valid(conf, table)) {
		errno = EINVAL;
		return NULL;
	}
	a = calloc(1, sizeof(*a));
	if (!a)
		return NULL;
	sr = &a->sr;
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
	free(sr);
}

/* --- requests ------------------------------------------------------------- */

/*
 * "DST dev IFINDEX table TABLE proto ltepi", unicast, scope link for IPv4:
 * a route without gateway on a point-to-point link. The tag is part of
 * the key: a delete matches on it.
 */
static void route_msg(struct srcroute *sr, struct rtnl_msg *m, uint16_t type,
		      uint16_t flags, const struct ltepi_prefix *dst,
		      uint32_t table)
{
	struct ltepi_prefix masked = *dst;
	struct rtmsg rtm = {
		.rtm_family = (unsigned char)dst->family,
		.rtm_dst_len = (unsigned char)dst->len,
		.rtm_table =
		    table < 256 ? (unsigned char)table : RT_TABLE_UNSPEC,
		.rtm_protocol = SRCROUTE_RTPROT,
		.rtm_scope =
		    dst->family == AF_INET ? RT_SCOPE_LINK : RT_SCOPE_UNIVERSE,
		.rtm_type = RTN_UNICAST,
	};

	prefix_mask(&masked);
	rtnl_msg_init(m, type, flags, &rtm, sizeof(rtm));
	/* RTNL_MSG_MAX holds every attribute here: no put can fail */
	(void)rtnl_msg_put_u32(m, RTA_TABLE, table);
	if (dst->len)
		(void)rtnl_msg_put(m, RTA_DST, &masked.addr,
				   addr_size(dst->family));
	(void)rtnl_msg_put_u32(m, RTA_OIF, (uint32_t)sr->ifindex);
}

/* The kernel's key for a rule of ours, the tag included. */
static void rule_msg(struct srcroute *sr, struct rtnl_msg *m, uint16_t type,
		     uint16_t flags, const struct rule_spec *spec)
{
	uint32_t table = sr->names.table;
	struct fib_rule_hdr frh = {
		.family = (unsigned char)spec->src.family,
		.src_len = spec->fwmark ? 0 : (unsigned char)spec->src.len,
		.table = table < 256 ? (unsigned char)table : RT_TABLE_UNSPEC,
		.action = FR_ACT_TO_TBL,
	};

	rtnl_msg_init(m, type, flags, &frh, sizeof(frh));
	(void)rtnl_msg_put_u32(m, FRA_PRIORITY, sr->names.priority);
	(void)rtnl_msg_put_u32(m, FRA_TABLE, table);
	(void)rtnl_msg_put_u8(m, FRA_PROTOCOL, SRCROUTE_RTPROT);
	if (spec->fwmark) {
		(void)rtnl_msg_put_u32(m, FRA_FWMARK, sr->names.mark);
		(void)rtnl_msg_put_u32(m, FRA_FWMASK, sr->names.mask);
	} else if (spec->src.len) {
		(void)rtnl_msg_put(m, FRA_SRC, &spec->src.addr,
				   addr_size(spec->src.family));
	}
}

static struct rtnl_msg *next_msg(struct batch *b)
{
	return &b->msg[b->n++];
}

/*
 * Sends the batch (in parts of RTNL_BATCH_MAX) and leaves each request's
 * outcome in b->err[]. Returns 0, or -errno when the exchange itself
 * failed: then nobody knows which requests the kernel carried out.
 */
static int exchange(struct srcroute *sr, struct batch *b)
{
	struct rtnl_msg *part[RTNL_BATCH_MAX];
	size_t done = 0;
	int ret = 0;

	while (done < b->n && ret == 0) {
		size_t n = b->n - done;

		if (n > RTNL_BATCH_MAX)
			n = RTNL_BATCH_MAX;
		for (size_t i = 0; i < n; i++)
			part[i] = &b->msg[done + i];
		ret = rtnl_batch(&sr->rt, part, n, &b->err[done]);
		done += n;
	}
	if (ret < 0)
		return fail(sr, ret, "send routing requests to the kernel");
	return 0;
}

/* An add's outcome: 1 added, 0 there already, -errno. */
static int add_result(int err)
{
	return err == 0 ? 1 : err == -EEXIST ? 0 : err;
}

/* A delete's outcome: 1 deleted, 0 gone already (the goal holds), -errno. */
static int del_result(int err)
{
	return err == 0						   ? 1
	       : err == -ENOENT || err == -ESRCH || err == -ENODEV ? 0
								   : err;
}

static void rule_what(const struct srcroute *sr, const struct rule_spec *spec,
		      char *buf, size_t len)
{
	rule_str(&sr->names, spec, buf, len);
}

static int route_fail(struct srcroute *sr, int err, const char *verb,
		      const struct ltepi_prefix *dst, uint32_t table)
{
	char buf[64];

	return fail(sr, err, "%s route %s dev %s table %u", verb,
		    prefix_str(dst, buf, sizeof(buf)), sr->ifname, table);
}

static int rule_fail(struct srcroute *sr, int err, const char *verb,
		     const struct rule_spec *spec)
{
	char what[128];

	rule_what(sr, spec, what, sizeof(what));
	return fail(sr, err, "%s %s", verb, what);
}

/* --- dumps ---------------------------------------------------------------- */

/* Dumped messages kept to be sent back as deletions (ip rule flush's way). */
struct doomed {
	struct rtnl_msg *msg;
	size_t n, cap;
};

static int doomed_add(struct doomed *d, const struct nlmsghdr *nlh,
		      uint16_t del_type)
{
	if (nlh->nlmsg_len > sizeof(d->msg[0].buf))
		return -EMSGSIZE;
	if (d->n == d->cap) {
		size_t cap = d->cap ? 2 * d->cap : 8;
		struct rtnl_msg *m = realloc(d->msg, cap * sizeof(*m));

		if (!m)
			return -ENOMEM;
		d->msg = m;
		d->cap = cap;
	}
	memcpy(d->msg[d->n].buf, nlh, nlh->nlmsg_len);
	d->msg[d->n].nlh.nlmsg_type = del_type;
	d->msg[d->n].nlh.nlmsg_flags = 0;
	d->n++;
	return 0;
}

/* Sends every doomed message; returns how many went, or the first -errno. */
static int doomed_delete(struct srcroute *sr, struct doomed *d,
			 const char *what)
{
	struct batch *b = batch_of(sr);
	int ret, first = 0, deleted = 0;

	for (size_t at = 0; at < d->n; at += MAX_REQUESTS) {
		b->n = d->n - at < MAX_REQUESTS ? d->n - at : MAX_REQUESTS;
		memcpy(b->msg, &d->msg[at], b->n * sizeof(b->msg[0]));
		ret = exchange(sr, b);
		if (ret < 0)
			return ret;
		for (size_t i = 0; i < b->n; i++) {
			ret = del_result(b->err[i]);
			if (ret < 0 && !first)
				first = fail(sr, ret, "delete %s", what);
			deleted += ret > 0;
		}
	}
	return first ? first : deleted;
}

static void doomed_free(struct doomed *d)
{
	free(d->msg);
}

/* A dumped route as the checks need it. */
struct route_info {
	int family;
	uint32_t table;
	int oif; /* 0: none or several next hops */
	bool tagged, link_default;
};

static int route_info(const struct nlmsghdr *nlh, struct route_info *ri)
{
	const struct rtmsg *rtm = NLMSG_DATA(nlh);
	const struct rtattr *tb[RTA_MAX + 1];

	if (nlh->nlmsg_type != RTM_NEWROUTE)
		return -EINVAL;
	if (rtnl_parse(nlh, sizeof(*rtm), tb, RTA_MAX) < 0)
		return -EINVAL;
	ri->family = rtm->rtm_family;
	ri->table = rtnl_attr_u32(tb[RTA_TABLE], rtm->rtm_table);
	ri->oif = tb[RTA_MULTIPATH] ? 0 : (int)rtnl_attr_u32(tb[RTA_OIF], 0);
	ri->tagged = rtm->rtm_protocol == SRCROUTE_RTPROT;
	ri->link_default =
	    rtm->rtm_type == RTN_UNICAST && ri->oif && rtm->rtm_dst_len == 0;
	return 0;
}

/*
 * The kernel filters this dump by table and protocol (strict checking);
 * deleting on that alone would trust every kernel to have done so.
 */
static bool route_is_ours(const struct srcroute *sr,
			  const struct route_info *ri)
{
	return (ri->family == AF_INET || ri->family == AF_INET6) &&
	       ri->tagged && ri->table == sr->names.table;
}

/* Our routes in table T (both families with AF_UNSPEC). */
static int dump_table_routes(struct srcroute *sr, int family, rtnl_dump_fn *fn,
			     void *arg)
{
	struct rtnl_msg m;
	struct rtmsg rtm = {
		.rtm_family = (unsigned char)family,
		.rtm_table =
		    sr->names.table < 256 ? sr->names.table : RT_TABLE_COMPAT,
		.rtm_protocol = SRCROUTE_RTPROT,
	};
	int ret;

	rtnl_msg_init(&m, RTM_GETROUTE, 0, &rtm, sizeof(rtm));
	(void)rtnl_msg_put_u32(&m, RTA_TABLE, sr->names.table);
	ret = rtnl_dump(&sr->rt, &m, fn, arg);
	/* a table that does not exist yet is an empty one */
	if (ret == -ENOENT)
		ret = 0;
	if (ret < 0)
		return fail(sr, ret, "list routes in table %u",
			    sr->names.table);
	return 0;
}

struct busy_scan {
	struct srcroute *sr;
	int other; /* ifindex of another link's default route in T */
};

static int find_other_link(const struct nlmsghdr *nlh, void *arg)
{
	struct busy_scan *s = arg;
	struct route_info ri;

	if (route_info(nlh, &ri) == 0 && route_is_ours(s->sr, &ri) &&
	    ri.link_default && ri.oif != s->sr->ifindex && !s->other) {
		char name[IFNAMSIZ];
		bool up = false;

		/* a stale one vanished with its interface, or is down */
		if (rtnl_link_state(&s->sr->rt, ri.oif, name, sizeof(name),
				    &up) == 0 &&
		    up)
			s->other = ri.oif;
	}
	return 0;
}

/*
 * Table T belongs to one link. A tagged default route in T via another
 * interface that exists and is up is another ltepi link's: refuse before
 * touching anything.
 */
static int check_table_free(struct srcroute *sr)
{
	struct busy_scan s = { .sr = sr };
	char other[IFNAMSIZ] = "?";
	bool up;
	int ret;

	ret = dump_table_routes(sr, AF_UNSPEC, find_other_link, &s);
	if (ret < 0 || !s.other)
		return ret;
	(void)rtnl_link_state(&sr->rt, s.other, other, sizeof(other), &up);
	return fail(sr, -EBUSY, "table %u is in use by %s", sr->names.table,
		    other);
}

struct sweep_scan {
	struct srcroute *sr;
	int keep_ifindex;
	struct doomed doomed;
};

static int doom_route(const struct nlmsghdr *nlh, void *arg)
{
	struct sweep_scan *s = arg;
	struct route_info ri;

	if (route_info(nlh, &ri) < 0 || !route_is_ours(s->sr, &ri))
		return 0;
	if (s->keep_ifindex && ri.oif == s->keep_ifindex && ri.link_default)
		return 0;
	return doomed_add(&s->doomed, nlh, RTM_DELROUTE);
}

/*
 * Deletes our routes in T of one family, except the default route via
 * keep_ifindex (0: delete all). Returns how many it deleted, or -errno.
 */
static int sweep_table_routes(struct srcroute *sr, int family, int keep_ifindex)
{
	struct sweep_scan s = { .sr = sr, .keep_ifindex = keep_ifindex };
	char what[64];
	int ret;

	ret = dump_table_routes(sr, family, doom_route, &s);
	snprintf(what, sizeof(what), "a tagged route in table %u",
		 sr->names.table);
	if (ret == 0)
		ret = doomed_delete(sr, &s.doomed, what);
	doomed_free(&s.doomed);
	return ret;
}

/* Could one packet mark match both fwmark rules? */
static bool marks_overlap(uint32_t v1, uint32_t m1, uint32_t v2, uint32_t m2)
{
	return (v1 & m2) == (v2 & m1);
}

struct rule_scan {
	struct srcroute *sr;
	struct doomed doomed;
};

/*
 * Rules tagged with our protocol, for any table: ours for T are swept; in
 * connmark mode, another link's fwmark rule that a packet marked for us
 * could also match would send its replies to the wrong link. Untagged
 * rules are never touched.
 */
static int doom_rule(const struct nlmsghdr *nlh, void *arg)
{
	struct rule_scan *s = arg;
	struct srcroute *sr = s->sr;
	const struct fib_rule_hdr *frh = NLMSG_DATA(nlh);
	const struct rtattr *tb[FRA_MAX + 1];
	uint32_t table, mark, mask;

	if (nlh->nlmsg_type != RTM_NEWRULE ||
	    rtnl_parse(nlh, sizeof(*frh), tb, FRA_MAX) < 0 ||
	    !tb[FRA_PROTOCOL] || RTA_PAYLOAD(tb[FRA_PROTOCOL]) < 1 ||
	    *(const uint8_t *)RTA_DATA(tb[FRA_PROTOCOL]) != SRCROUTE_RTPROT)
		return 0;
	table = rtnl_attr_u32(tb[FRA_TABLE], frh->table);
	if (table == sr->names.table)
		return doomed_add(&s->doomed, nlh, RTM_DELRULE);
	mark = rtnl_attr_u32(tb[FRA_FWMARK], 0);
	/* no FRA_FWMASK: the kernel matches all 32 bits */
	mask = rtnl_attr_u32(tb[FRA_FWMASK], 0xffffffff);
	if (sr->connmark && mark &&
	    marks_overlap(sr->names.mark, sr->names.mask, mark, mask))
		return fail(sr, -EBUSY,
			    "srcroute-mark 0x%x/0x%x is also matched by "
			    "ltepi's fwmark rule 0x%x/0x%x for table %u",
			    sr->names.mark, sr->names.mask, mark, mask, table);
	return 0;
}

/*
 * Deletes every tagged rule for T of one family (what a pppd that died
 * left), after checking that no other link's rule collides with our mark.
 * Returns the number deleted, or -errno.
 */
static int sweep_rules(struct srcroute *sr, int family)
{
	struct rule_scan s = { .sr = sr };
	struct fib_rule_hdr frh = { .family = (unsigned char)family };
	struct rtnl_msg m;
	char what[64];
	int ret;

	rtnl_msg_init(&m, RTM_GETRULE, 0, &frh, sizeof(frh));
	ret = rtnl_dump(&sr->rt, &m, doom_rule, &s);
	if (ret < 0 && ret != -EBUSY)
		ret = fail(sr, ret, "list %s rules", family_str(family));
	snprintf(what, sizeof(what), "%s rule for table %u prio %u",
		 family_str(family), sr->names.table, sr->names.priority);
	if (ret == 0)
		ret = doomed_delete(sr, &s.doomed, what);
	doomed_free(&s.doomed);
	installed_rules(sr, family)->n = 0;
	return ret;
}

/* --- the sweep ------------------------------------------------------------ */

/*
 * Could nf_tables hold a table now? Asking libnftables would load the
 * module, so in address mode look first: a modular kernel lists it in
 * /proc/modules once loaded; without /proc/modules it is built in, if
 * there at all.
 */
static bool nf_tables_present(void)
{
	FILE *f = fopen("/proc/modules", "re");
	char line[256];
	bool found = false;

	if (!f)
		return true;
	while (!found && fgets(line, sizeof(line), f))
		found = strncmp(line, "nf_tables ", 10) == 0;
	fclose(f);
	return found || access("/sys/module/nf_tables", F_OK) == 0;
}

/* The connmark table a pppd that died left for T, in either mode. */
static int sweep_nft_table(struct srcroute *sr)
{
	struct nft *nft = sr->nft;
	char err[160];
	int ret;

	if (!nft && !nf_tables_present())
		return 0;
	if (!nft)
		nft = nft_new();
	if (!nft)
		return 0; /* no nfnetlink: no table can exist */
	ret = srcroute_nft_down(nft, sr->names.table, err, sizeof(err));
	if (nft != sr->nft)
		nft_free(nft);
	if (ret < 0)
		return fail(sr, ret,
			    "delete a stale nft table for table %u (%s)",
			    sr->names.table, err);
	return ret;
}

int srcroute_sweep(struct srcroute *sr)
{
	int ret, swept;

	sr->errmsg[0] = '\0';
	if (sr->v4_up || sr->v6_up)
		return fail(sr, -EBUSY, "sweep while routing for %s",
			    sr->ifname);
	/* link routes went away with the interface they were on */
	if (!sr->names.table)
		return 0;
	ret = check_table_free(sr);
	if (ret < 0)
		return ret;
	ret = sweep_rules(sr, AF_INET);
	if (ret < 0)
		return ret;
	swept = ret;
	ret = sweep_rules(sr, AF_INET6);
	if (ret < 0)
		return ret;
	swept += ret;
	ret = sweep_table_routes(sr, AF_UNSPEC, 0);
	if (ret < 0)
		return ret;
	swept += ret;
	ret = sweep_nft_table(sr);
	return ret < 0 ? ret : swept + ret;
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
	rule_what(sr, &want[0], what, sizeof(what));
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
		ret = add_result(err[i]);
		if (ret < 0) {
			if (!first)
				first = rule_fail(sr, ret, "add", &want[i]);
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
	struct batch *b = batch_of(sr);
	struct rule_spec doomed[2 * MAX_FAMILY_RULES];
	size_t n = 0;
	int ret, first = 0, deleted = 0;

	b->n = 0;
	for (size_t i = 0; i < set->n; i++)
		if (!specs_contain(want, n_want, &set->spec[i])) {
			doomed[n] = set->spec[i];
			rule_msg(sr, next_msg(b), RTM_DELRULE, 0, &doomed[n++]);
		}
	if (!n)
		return 0;
	ret = exchange(sr, b);
	if (ret < 0)
		return ret;
	for (size_t i = 0; i < n; i++) {
		ret = del_result(b->err[i]);
		if (ret < 0) {
			if (!first)
				first =
				    rule_fail(sr, ret, "delete", &doomed[i]);
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
	struct batch *b = batch_of(sr);
	int ret, changed;

	ret = check_room(sr, set, want, n_want);
	if (ret < 0)
		return ret;
	b->n = 0;
	for (size_t i = 0; i < n_want; i++)
		rule_msg(sr, next_msg(b), RTM_NEWRULE,
			 NLM_F_CREATE | NLM_F_EXCL, &want[i]);
	ret = b->n ? exchange(sr, b) : 0;
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

/*
 * Binds the context to the link. A pppd runs one link, but its interface is
 * recreated on reconnect (persist), so the index is looked up every time:
 * an ioctl, no netlink answer to parse.
 */
int srcroute_attach(struct srcroute *sr, const char *ifname)
{
	int ifindex;

	/* stricter than the kernel: the name goes into nft rules */
	if (srcroute_nft_check_ifname(ifname) < 0)
		return fail(sr, -EINVAL, "invalid interface name \"%s\"",
			    ifname ? ifname : "(null)");
	ifindex = rtnl_ifindex(&sr->rt, ifname);
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
			route_msg(sr, next_msg(b), type, flags,
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
		r = add ? add_result(b->err[k++]) : del_result(b->err[k++]);
		if (r < 0 && !ret)
			ret = route_fail(sr, r, add ? "add" : "delete", p,
					 RT_TABLE_MAIN);
	}
	return ret;
}

/* One request; its outcome (0 or the kernel's -errno), or -errno. */
static int request_one(struct srcroute *sr, struct batch *b)
{
	int ret = exchange(sr, b);

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
	struct batch *b = batch_of(sr);
	int added[MAX_FAMILY_RULES + LTEPI_MAX_LINK_ROUTES];
	struct rule_spec undone[MAX_FAMILY_RULES];
	size_t n = 0, k = n_rules;
	int ret, first = 0;

	memcpy(added, &b->err[1], (n_rules + n_links) * sizeof(added[0]));
	b->n = 0;
	for (size_t i = 0; i < n_rules; i++)
		if (added[i] == 0) {
			undone[n] = rules[i];
			rule_msg(sr, next_msg(b), RTM_DELRULE, 0, &undone[n++]);
		}
	for (size_t i = 0; i < sr->n_link_routes; i++)
		if (sr->link_routes[i].family == family && added[k++] == 0)
			route_msg(sr, next_msg(b), RTM_DELROUTE, 0,
				  &sr->link_routes[i], RT_TABLE_MAIN);
	ret = b->n ? exchange(sr, b) : 0;
	for (size_t i = 0; i < n && ret == 0; i++) {
		int r = del_result(b->err[i]);

		if (r < 0 && !first)
			first = rule_fail(sr, r, "delete", &undone[i]);
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
	struct batch *b = batch_of(sr);
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
	default_prefix(family, &def);
	b->n = 0;
	if (sr->names.table)
		route_msg(sr, next_msg(b), RTM_NEWROUTE,
			  NLM_F_CREATE | NLM_F_EXCL, &def, sr->names.table);
	for (size_t i = 0; i < n_rules; i++)
		rule_msg(sr, next_msg(b), RTM_NEWRULE,
			 NLM_F_CREATE | NLM_F_EXCL, &rules[i]);
	first_link = b->n;
	links = queue_link_routes(sr, b, family, RTM_NEWROUTE, NLM_F_CREATE);
	if (!b->n)
		return 1;
	ret = exchange(sr, b);
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
		return route_fail(sr, b->err[0], "add", &def, sr->names.table);
	if (ret >= 0)
		ret = link_routes_result(sr, b, first_link, family, true);
	return ret < 0 ? ret : 1;
}

/* Adds the link routes of one family (exclusive: no, equal ones stay). */
static int link_routes_up(struct srcroute *sr, int family)
{
	struct batch *b = batch_of(sr);
	int ret;

	b->n = 0;
	if (!queue_link_routes(sr, b, family, RTM_NEWROUTE, NLM_F_CREATE))
		return 0;
	ret = exchange(sr, b);
	return ret < 0 ? ret : link_routes_result(sr, b, 0, family, true);
}

/*
 * The slow path, and every renegotiation: T's default route, the stale
 * routes in T swept, the nft table in connmark mode, the rules reconciled.
 */
static int table_up(struct srcroute *sr, int family,
		    const struct rule_spec *rules, size_t n_rules)
{
	struct batch *b = batch_of(sr);
	struct ltepi_prefix def;
	int ret;

	default_prefix(family, &def);
	b->n = 0;
	/* no NLM_F_REPLACE: an equal route without our tag stays untouched */
	route_msg(sr, next_msg(b), RTM_NEWROUTE, NLM_F_CREATE, &def,
		  sr->names.table);
	ret = add_result(request_one(sr, b));
	if (ret < 0)
		return route_fail(sr, ret, "add", &def, sr->names.table);
	ret = sweep_table_routes(sr, family, sr->ifindex);
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
	ret = sr->names.table ? check_table_free(sr) : 0;
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
	struct batch *b = batch_of(sr);
	struct rule_spec doomed[2 * MAX_FAMILY_RULES];
	struct ltepi_prefix def;
	size_t n = set->n, first_link;
	int ret, first = 0;

	/* the last family: stop listening first, so that our own deletions
	 * are not queued to the guard only to be read and skipped */
	if (!*family_flag(sr, family == AF_INET ? AF_INET6 : AF_INET))
		srcroute_guard_stop(sr);
	default_prefix(family, &def);
	b->n = 0;
	memcpy(doomed, set->spec, n * sizeof(doomed[0]));
	for (size_t i = 0; i < n; i++)
		rule_msg(sr, next_msg(b), RTM_DELRULE, 0, &doomed[i]);
	if (sr->names.table)
		route_msg(sr, next_msg(b), RTM_DELROUTE, 0, &def,
			  sr->names.table);
	first_link = b->n;
	queue_link_routes(sr, b, family, RTM_DELROUTE, 0);
	ret = b->n ? exchange(sr, b) : 0;
	if (ret < 0)
		first = ret;
	for (size_t i = 0; i < n && ret == 0; i++) {
		int r = del_result(b->err[i]);

		if (r < 0 && !first)
			first = rule_fail(sr, r, "delete", &doomed[i]);
		if (r >= 0)
			for (size_t j = 0; j < set->n; j++)
				if (spec_equal(&set->spec[j], &doomed[i])) {
					set->spec[j] = set->spec[--set->n];
					break;
				}
	}
	if (ret == 0 && sr->names.table) {
		int r = del_result(b->err[n]);

		if (r < 0 && !first)
			first =
			    route_fail(sr, r, "delete", &def, sr->names.table);
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
	struct batch *b = batch_of(sr);
	struct ltepi_prefix def;
	size_t n = set->n;
	int ret, added = 0;

	default_prefix(family, &def);
	b->n = 0;
	for (size_t i = 0; i < n; i++)
		rule_msg(sr, next_msg(b), RTM_NEWRULE,
			 NLM_F_CREATE | NLM_F_EXCL, &set->spec[i]);
	if (sr->names.table)
		route_msg(sr, next_msg(b), RTM_NEWROUTE, NLM_F_CREATE, &def,
			  sr->names.table);
	queue_link_routes(sr, b, family, RTM_NEWROUTE, NLM_F_CREATE);
	if (!b->n)
		return 0;
	ret = exchange(sr, b);
	if (ret < 0)
		return ret;
	for (size_t i = 0; i < b->n; i++) {
		int r = add_result(b->err[i]);

		if (r < 0) {
			char what[128] = "a route";

			if (i < n)
				rule_what(sr, &set->spec[i], what,
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
