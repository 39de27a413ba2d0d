/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Source routing over libnl-route-3 (see srcroute.h for the contract).
 *
 * Every change is computed as a reconciliation: the desired set of rules or
 * routes for one family is compared with what this context installed,
 * missing objects are added first and surplus ones deleted after
 * (make-before-break), so a renegotiation or an address change never leaves
 * a window without a rule, and "up" twice is the same as "up" once. Rules
 * are added with NLM_F_EXCL on every up, so one deleted by hand comes back;
 * an EEXIST means ours is still there (the kernel compares the tag).
 *
 * Only srcroute_sweep() dumps rules: the kernel cannot filter a rule dump,
 * so on a host with many policy rules a dump per up would make the cost of
 * every reconnect grow with them. Routes are dumped only from table T.
 *
 * The request socket sets NETLINK_GET_STRICT_CHK, which makes the kernel
 * honour the table and protocol filters of a route dump (and reject a
 * malformed dump header instead of ignoring it). That is why all dumps here
 * are built by hand with complete headers and parsed into a cache here:
 * libnl's own rtnl_*_alloc_cache() send a bare rtgenmsg, which a strict
 * socket refuses, and its route cache dumps every table.
 *
 * libnl folds several errno values into one NLE_* code (ENODEV, ENOENT and
 * ESRCH all become NLE_OBJ_NOTFOUND), so an error callback keeps the
 * kernel's own errno for the request in flight.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <net/if.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <linux/fib_rules.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>

#include <netlink/cache.h>
#include <netlink/errno.h>
#include <netlink/msg.h>
#include <netlink/netlink.h>
#include <netlink/route/addr.h>
#include <netlink/route/link.h>
#include <netlink/route/route.h>
#include <netlink/route/rule.h>

#include "log.h"
#include "nft-watch.h"
#include "nlmon.h"
#include "nft.h"
#include "srcroute-nft.h"
#include "srcroute.h"

#ifndef NETLINK_GET_STRICT_CHK
#define NETLINK_GET_STRICT_CHK 12
#endif

/* Global IPv6 prefixes followed at once; more is a misconfigured link. */
#define MAX_V6_PREFIXES 16
/* The most rules one family wants: the prefixes and the fwmark rule. */
#define MAX_FAMILY_RULES (MAX_V6_PREFIXES + 1)

/* A rule we want: "from SRC lookup T" or "fwmark V/M lookup T". */
struct rule_spec {
	bool fwmark;
	struct ltepi_prefix src;
};

/*
 * The rules this context installed for one family. Room for the old and
 * the new set at once: an address change adds before it deletes.
 */
struct rule_set {
	struct rule_spec spec[2 * MAX_FAMILY_RULES];
	size_t n;
};

struct srcroute {
	struct nl_sock *sk;	     /* requests and dumps, strict checking */
	struct nl_sock *mon;	     /* RTNLGRP_IPV6_IFADDR while IPv6 is up */
	struct nl_sock *guard;	     /* rule and route changes while up */
	struct nft *nft;	     /* connmark mode only */
	bool nft_held;		     /* the connmark table exists, ours */
	bool nft_no_owner;	     /* kernel < 5.12: watched, not owned */
	struct nft_watch *nft_watch; /* then: its changes */
	int nl_errno; /* the kernel's errno for the last request */

	uint32_t table; /* 0: link routes only */
	uint32_t priority, mark, mask;
	bool connmark;
	struct ltepi_prefix link_routes[LTEPI_MAX_LINK_ROUTES];
	size_t n_link_routes;

	char ifname[IFNAMSIZ];
	int ifindex;
	bool v4_up, v6_up;
	struct rule_set installed[2]; /* [0] IPv4, [1] IPv6 */

	char errmsg[256];
};

__attribute__((format(printf, 3, 4))) static int
fail(struct srcroute *sr, int err, const char *fmt, ...)
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

static int capture_errno(struct sockaddr_nl *nla, struct nlmsgerr *e, void *arg)
{
	struct srcroute *sr = arg;

	sr->nl_errno = -e->error;
	return NL_STOP;
}

/* The kernel's errno when it answered, else the closest to libnl's code. */
static int nl_to_errno(struct srcroute *sr, int nlerr)
{
	if (sr->nl_errno > 0)
		return -sr->nl_errno;
	switch (nlerr < 0 ? -nlerr : nlerr) {
	case NLE_NOMEM:
		return -ENOMEM;
	case NLE_EXIST:
		return -EEXIST;
	case NLE_OBJ_NOTFOUND:
		return -ENOENT;
	case NLE_PERM:
		return -EPERM;
	case NLE_INVAL:
		return -EINVAL;
	case NLE_AGAIN:
		return -EAGAIN;
	case NLE_BUSY:
		return -EBUSY;
	case NLE_NODEV:
		return -ENODEV;
	case NLE_OPNOTSUPP:
		return -EOPNOTSUPP;
	case NLE_AF_NOSUPPORT:
		return -EAFNOSUPPORT;
	default:
		return -EIO;
	}
}

static const char *prefix_str(const struct ltepi_prefix *p, char *buf,
			      size_t len)
{
	char addr[INET6_ADDRSTRLEN];

	inet_ntop(p->family, &p->addr, addr, sizeof(addr));
	snprintf(buf, len, "%s/%u", addr, p->len);
	return buf;
}

static const char *family_str(int family)
{
	return family == AF_INET ? "IPv4" : "IPv6";
}

static size_t addr_size(int family)
{
	return family == AF_INET ? sizeof(struct in_addr)
				 : sizeof(struct in6_addr);
}

/* Clears the host bits: the kernel rejects a rule source that has them. */
static void prefix_mask(struct ltepi_prefix *p)
{
	uint8_t *b = (uint8_t *)&p->addr;
	size_t i, n = addr_size(p->family);

	for (i = 0; i < n; i++) {
		unsigned int bit = (unsigned int)i * 8;

		if (bit >= p->len)
			b[i] = 0;
		else if (bit + 8 > p->len)
			b[i] &= (uint8_t)(0xff << (8 - (p->len - bit)));
	}
}

static struct nl_addr *prefix_to_nl(const struct ltepi_prefix *p)
{
	struct nl_addr *a =
	    nl_addr_build(p->family, &p->addr, addr_size(p->family));

	if (a)
		nl_addr_set_prefixlen(a, (int)p->len);
	return a;
}

/* A connected NETLINK_ROUTE socket that records the kernel's errors in sr. */
static int open_socket(struct srcroute *sr, bool strict, struct nl_sock **out)
{
	struct nl_sock *sk = nl_socket_alloc();
	struct nl_cb *cb;
	int one = 1, ret;

	if (!sk)
		return -ENOMEM;
	sr->nl_errno = 0;
	ret = nl_connect(sk, NETLINK_ROUTE);
	if (ret < 0) {
		ret = nl_to_errno(sr, ret);
		goto out_free_sock;
	}
	/* Without strict checking the kernel ignores dump filters (< 4.20). */
	if (strict && setsockopt(nl_socket_get_fd(sk), SOL_NETLINK,
				 NETLINK_GET_STRICT_CHK, &one, sizeof(one))) {
		ret = -errno;
		goto out_free_sock;
	}
	cb = nl_socket_get_cb(sk);
	nl_cb_err(cb, NL_CB_CUSTOM, capture_errno, sr);
	nl_cb_put(cb);
	*out = sk;
	return 0;
out_free_sock:
	nl_socket_free(sk);
	return ret;
}

struct srcroute *srcroute_new(const struct ltepi_conf *conf)
{
	bool table = conf->srcroute && conf->srcroute_table;
	struct srcroute *sr;
	int ret;

	if ((!table && !conf->n_link_routes) ||
	    conf->n_link_routes > LTEPI_MAX_LINK_ROUTES ||
	    (table && conf->srcroute_mode == SRCROUTE_MODE_CONNMARK &&
	     (!conf->srcroute_mark ||
	      (conf->srcroute_mark & ~conf->srcroute_mark_mask)))) {
		errno = EINVAL;
		return NULL;
	}
	sr = calloc(1, sizeof(*sr));
	if (!sr)
		return NULL;
	sr->table = table ? conf->srcroute_table : 0;
	sr->priority = conf->srcroute_priority;
	sr->connmark = table && conf->srcroute_mode == SRCROUTE_MODE_CONNMARK;
	sr->mark = conf->srcroute_mark;
	sr->mask = conf->srcroute_mark_mask;
	sr->n_link_routes = conf->n_link_routes;
	memcpy(sr->link_routes, conf->link_routes,
	       conf->n_link_routes * sizeof(conf->link_routes[0]));
	ret = open_socket(sr, true, &sr->sk);
	if (ret < 0)
		goto err_free;
	if (sr->connmark) {
		sr->nft = nft_new();
		if (!sr->nft) {
			ret = -errno;
			goto err_close;
		}
	}
	return sr;
err_close:
	nl_socket_free(sr->sk);
err_free:
	free(sr);
	errno = -ret;
	return NULL;
}

static void monitor_close(struct srcroute *sr)
{
	nl_socket_free(sr->mon);
	sr->mon = NULL;
}

static int guard_open(struct srcroute *sr);

static void guard_close(struct srcroute *sr)
{
	nl_socket_free(sr->guard);
	sr->guard = NULL;
	nft_watch_free(sr->nft_watch);
	sr->nft_watch = NULL;
}

void srcroute_free(struct srcroute *sr)
{
	if (!sr)
		return;
	monitor_close(sr);
	guard_close(sr);
	nft_free(sr->nft);
	nl_socket_free(sr->sk);
	free(sr);
}

/*
 * Sends a dump request with a complete header (strict checking), plus
 * RTA_TABLE for route dumps, and parses the answer into a libnl cache of
 * cache_name objects. A table that does not exist yet is an empty answer.
 */
/*
 * Which dumped messages become cache objects. The kernel cannot filter a
 * rule dump (it refuses a table or any attribute in the request), so on a
 * host with many policy rules most of the dump is not ours; looking at the
 * raw header and two attributes first halves what each foreign rule adds
 * to an ip-up, compared with building a libnl object for every one.
 */
typedef bool (*dump_keep_fn)(const struct srcroute *sr,
			     const struct nlmsghdr *nlh);

struct dump_state {
	const struct srcroute *sr;
	dump_keep_fn keep;
	struct nl_cache *cache;
	int err;
};

static int dump_one(struct nl_msg *msg, void *arg)
{
	struct dump_state *d = arg;
	int ret;

	if (d->keep && !d->keep(d->sr, nlmsg_hdr(msg)))
		return NL_SKIP;
	ret = nl_cache_parse_and_add(d->cache, msg);
	/* keep reading to the end of the dump: what is left unread in the
	 * socket would be taken as the answer to the next request */
	if (ret < 0 && !d->err)
		d->err = ret;
	return ret < 0 ? NL_SKIP : NL_OK;
}

/*
 * After a failed receive, what the kernel still has for us (the rest of a
 * dump, an ACK) would be read as the answer to the next request. Reading
 * until the socket is empty also runs the rest of a dump: the kernel
 * produces its next part on each read.
 */
static void drain(struct srcroute *sr)
{
	char buf[8192];

	while (recv(nl_socket_get_fd(sr->sk), buf, sizeof(buf), MSG_DONTWAIT) >
		   0 ||
	       errno == EINTR)
		;
}

/* Receives a dump into cache through dump_one(); libnl error codes. */
static int dump_receive(struct srcroute *sr, dump_keep_fn keep,
			struct nl_cache *cache)
{
	struct dump_state d = { .sr = sr, .keep = keep, .cache = cache };
	/* nl_socket_get_cb() takes a reference: drop it once cloned. */
	struct nl_cb *sock_cb = nl_socket_get_cb(sr->sk);
	struct nl_cb *cb = nl_cb_clone(sock_cb);
	int ret;

	nl_cb_put(sock_cb);
	if (!cb)
		return -NLE_NOMEM;
	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, dump_one, &d);
	ret = nl_recvmsgs(sr->sk, cb);
	nl_cb_put(cb);
	if (ret < 0)
		drain(sr);
	return ret < 0 ? ret : d.err;
}

static int dump(struct srcroute *sr, const char *cache_name, int type,
		const void *hdr, size_t hdrlen, uint32_t table,
		dump_keep_fn keep, struct nl_cache **out)
{
	struct nl_cache *cache = NULL;
	struct nl_msg *msg;
	int ret;

	ret = nl_cache_alloc_name(cache_name, &cache);
	if (ret < 0)
		return -ENOMEM;
	msg = nlmsg_alloc_simple(type, NLM_F_DUMP);
	if (!msg) {
		ret = -ENOMEM;
		goto out_free_cache;
	}
	if (nlmsg_append(msg, (void *)hdr, hdrlen, NLMSG_ALIGNTO) < 0 ||
	    (table && nla_put_u32(msg, RTA_TABLE, table) < 0)) {
		ret = -ENOMEM;
		goto out_free_msg;
	}
	sr->nl_errno = 0;
	ret = nl_send_auto(sr->sk, msg);
	if (ret >= 0)
		ret = dump_receive(sr, keep, cache);
	if (ret < 0) {
		ret = nl_to_errno(sr, ret);
		if (table && ret == -ENOENT)
			ret = 0;
		else
			goto out_free_msg;
	}
	*out = cache;
	cache = NULL;
	ret = 0;
out_free_msg:
	nlmsg_free(msg);
out_free_cache:
	nl_cache_free(cache);
	return ret;
}

/* Our routes in table T (both families with AF_UNSPEC). */
static int dump_table_routes(struct srcroute *sr, int family,
			     struct nl_cache **out)
{
	struct rtmsg rtm = {
		.rtm_family = (unsigned char)family,
		.rtm_table = sr->table < 256 ? sr->table : RT_TABLE_COMPAT,
		.rtm_protocol = SRCROUTE_RTPROT,
	};
	int ret;

	ret = dump(sr, "route/route", RTM_GETROUTE, &rtm, sizeof(rtm),
		   sr->table, NULL, out);
	if (ret < 0)
		return fail(sr, ret, "list routes in table %u", sr->table);
	return 0;
}

/*
 * Rules tagged with our protocol, for any table: ours for T are swept, the
 * other links' fwmark rules are checked for a colliding mark. Untagged
 * rules never become objects, so they cannot be touched.
 */
static bool rule_msg_is_tagged(const struct srcroute *sr,
			       const struct nlmsghdr *nlh)
{
	const struct fib_rule_hdr *frh = nlmsg_data(nlh);
	struct nlmsghdr *h = (struct nlmsghdr *)nlh;
	struct nlattr *proto;

	(void)sr;
	/* too short to judge here: libnl's parser reports it */
	if (!nlmsg_valid_hdr(nlh, sizeof(*frh)))
		return true;
	proto = nlmsg_find_attr(h, sizeof(*frh), FRA_PROTOCOL);
	return proto && nla_get_u8(proto) == SRCROUTE_RTPROT;
}

/* The tagged rules of one family (only those become objects). */
static int dump_rules(struct srcroute *sr, int family, struct nl_cache **out)
{
	struct fib_rule_hdr frh = { .family = (unsigned char)family };
	int ret;

	ret = dump(sr, "route/rule", RTM_GETRULE, &frh, sizeof(frh), 0,
		   rule_msg_is_tagged, out);
	if (ret < 0)
		return fail(sr, ret, "list %s rules", family_str(family));
	return 0;
}

static int route_oif(struct rtnl_route *route)
{
	if (rtnl_route_get_nnexthops(route) != 1)
		return 0;
	return rtnl_route_nh_get_ifindex(rtnl_route_nexthop_n(route, 0));
}

/*
 * The kernel filters route dumps by table and protocol (strict checking);
 * deleting on that alone would trust every kernel to have done so.
 */
static bool route_is_ours(const struct srcroute *sr, struct rtnl_route *route)
{
	int family = rtnl_route_get_family(route);

	return (family == AF_INET || family == AF_INET6) &&
	       rtnl_route_get_protocol(route) == SRCROUTE_RTPROT &&
	       rtnl_route_get_table(route) == sr->table;
}

/* The route *_up() installs in T: "default dev IFNAME", unicast. */
static bool is_link_default(struct rtnl_route *route)
{
	struct nl_addr *dst = rtnl_route_get_dst(route);

	return rtnl_route_get_type(route) == RTN_UNICAST && route_oif(route) &&
	       dst && nl_addr_get_prefixlen(dst) == 0;
}

/*
 * -ENODEV if there is no such interface; *up tells whether it is
 * administratively up.
 */
static int get_link(struct srcroute *sr, int ifindex, const char *ifname,
		    int *index_out, bool *up, char *name_out)
{
	struct rtnl_link *link = NULL;
	int ret;

	sr->nl_errno = 0;
	ret = rtnl_link_get_kernel(sr->sk, ifindex, ifname, &link);
	if (ret < 0)
		return nl_to_errno(sr, ret);
	/* libnl returns 0 without an object for an answer that is none */
	if (!link)
		return -EIO;
	if (index_out)
		*index_out = rtnl_link_get_ifindex(link);
	if (up)
		*up = rtnl_link_get_flags(link) & IFF_UP;
	if (name_out)
		snprintf(name_out, IFNAMSIZ, "%s", rtnl_link_get_name(link));
	rtnl_link_put(link);
	return 0;
}

/*
 * Table T belongs to one link. A tagged default route in T via another
 * interface that exists and is up is another ltepi link's: refuse before
 * touching anything (a stale one vanished with its interface, or is down).
 */
static int check_table_free(struct srcroute *sr)
{
	struct nl_cache *routes;
	struct nl_object *obj;
	char other[IFNAMSIZ] = "";
	int ret;

	ret = dump_table_routes(sr, AF_UNSPEC, &routes);
	if (ret < 0)
		return ret;
	for (obj = nl_cache_get_first(routes); obj && !other[0];
	     obj = nl_cache_get_next(obj)) {
		struct rtnl_route *route = (struct rtnl_route *)obj;
		int oif = route_oif(route);
		bool up = false;

		if (!route_is_ours(sr, route) || !is_link_default(route) ||
		    oif == sr->ifindex)
			continue;
		if (get_link(sr, oif, NULL, NULL, &up, other) < 0 || !up)
			other[0] = '\0';
	}
	nl_cache_free(routes);
	if (other[0])
		return fail(sr, -EBUSY, "table %u is in use by %s", sr->table,
			    other);
	return 0;
}

static int route_delete(struct srcroute *sr, struct rtnl_route *route,
			const char *what)
{
	int ret;

	sr->nl_errno = 0;
	ret = rtnl_route_delete(sr->sk, route, 0);
	if (ret >= 0)
		return 0;
	ret = nl_to_errno(sr, ret);
	/* already gone (with its interface, or by hand): the goal holds */
	if (ret == -ESRCH || ret == -ENOENT || ret == -ENODEV)
		return 0;
	return fail(sr, ret, "delete %s", what);
}

/*
 * Deletes our routes in T of one family, except the default route via
 * keep_ifindex (0: delete all). Returns how many it deleted, or -errno.
 */
static int sweep_table_routes(struct srcroute *sr, int family, int keep_ifindex)
{
	struct nl_cache *routes;
	struct nl_object *obj;
	int ret, deleted = 0;

	ret = dump_table_routes(sr, family, &routes);
	if (ret < 0)
		return ret;
	for (obj = nl_cache_get_first(routes); obj;
	     obj = nl_cache_get_next(obj)) {
		struct rtnl_route *route = (struct rtnl_route *)obj;
		char what[64];

		if (!route_is_ours(sr, route))
			continue;
		if (keep_ifindex && route_oif(route) == keep_ifindex &&
		    is_link_default(route))
			continue;
		snprintf(what, sizeof(what), "tagged %s route in table %u",
			 family_str(rtnl_route_get_family(route)), sr->table);
		ret = route_delete(sr, route, what);
		if (ret < 0)
			break;
		deleted++;
	}
	nl_cache_free(routes);
	return ret < 0 ? ret : deleted;
}

/* "DST dev IFINDEX table TABLE proto ltepi", scope link for IPv4. */
static struct rtnl_route *
build_route(struct srcroute *sr, const struct ltepi_prefix *dst, uint32_t table)
{
	struct rtnl_route *route = rtnl_route_alloc();
	struct rtnl_nexthop *nh = rtnl_route_nh_alloc();
	struct ltepi_prefix masked = *dst;
	struct nl_addr *addr;

	prefix_mask(&masked);
	addr = prefix_to_nl(&masked);
	if (!route || !nh || !addr)
		goto err;
	rtnl_route_set_family(route, (uint8_t)dst->family);
	rtnl_route_set_table(route, table);
	rtnl_route_set_protocol(route, SRCROUTE_RTPROT);
	rtnl_route_set_type(route, RTN_UNICAST);
	/* a route without gateway on a point-to-point link: "dev ppp0" */
	rtnl_route_set_scope(route, dst->family == AF_INET ? RT_SCOPE_LINK
							   : RT_SCOPE_UNIVERSE);
	if (rtnl_route_set_dst(route, addr) < 0)
		goto err;
	nl_addr_put(addr);
	rtnl_route_nh_set_ifindex(nh, sr->ifindex);
	rtnl_route_add_nexthop(route, nh);
	return route;
err:
	nl_addr_put(addr);
	if (nh)
		rtnl_route_nh_free(nh);
	rtnl_route_put(route);
	return NULL;
}

/* Returns 1 if the route was added, 0 if it was there already, or -errno. */
static int route_add(struct srcroute *sr, const struct ltepi_prefix *dst,
		     uint32_t table)
{
	struct rtnl_route *route = build_route(sr, dst, table);
	char buf[64];
	int ret;

	if (!route)
		return fail(sr, -ENOMEM, "build route");
	sr->nl_errno = 0;
	/* no NLM_F_REPLACE: an equal route without our tag stays untouched */
	ret = rtnl_route_add(sr->sk, route, NLM_F_CREATE);
	rtnl_route_put(route);
	if (ret >= 0)
		return 1;
	ret = nl_to_errno(sr, ret);
	if (ret == -EEXIST)
		return 0;
	return fail(sr, ret, "add route %s dev %s table %u",
		    prefix_str(dst, buf, sizeof(buf)), sr->ifname, table);
}

static int route_del(struct srcroute *sr, const struct ltepi_prefix *dst,
		     uint32_t table)
{
	struct rtnl_route *route = build_route(sr, dst, table);
	char buf[64], what[128];
	int ret;

	if (!route)
		return fail(sr, -ENOMEM, "build route");
	snprintf(what, sizeof(what), "route %s dev %s table %u",
		 prefix_str(dst, buf, sizeof(buf)), sr->ifname, table);
	/* the tag is part of the key: the kernel matches on it */
	ret = route_delete(sr, route, what);
	rtnl_route_put(route);
	return ret;
}

static void default_prefix(int family, struct ltepi_prefix *p)
{
	memset(p, 0, sizeof(*p));
	p->family = family;
}

static int link_routes_apply(struct srcroute *sr, int family, bool add)
{
	int ret = 0, first = 0;
	size_t i;

	for (i = 0; i < sr->n_link_routes; i++) {
		const struct ltepi_prefix *p = &sr->link_routes[i];

		if (p->family != family)
			continue;
		ret = add ? route_add(sr, p, RT_TABLE_MAIN)
			  : route_del(sr, p, RT_TABLE_MAIN);
		/* on removal, carry on and report the first failure */
		if (ret < 0 && add)
			return ret;
		if (ret < 0 && !first)
			first = ret;
	}
	return first;
}

static bool rule_is_ours(struct srcroute *sr, struct rtnl_rule *rule)
{
	uint8_t proto;

	return rtnl_rule_get_table(rule) == sr->table &&
	       rtnl_rule_get_protocol(rule, &proto) == 0 &&
	       proto == SRCROUTE_RTPROT;
}

static bool spec_equal(const struct rule_spec *a, const struct rule_spec *b)
{
	if (a->fwmark || b->fwmark)
		return a->fwmark == b->fwmark;
	return a->src.len == b->src.len &&
	       !memcmp(&a->src.addr, &b->src.addr, addr_size(a->src.family));
}

static bool specs_contain(const struct rule_spec *specs, size_t n,
			  const struct rule_spec *spec)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (spec_equal(&specs[i], spec))
			return true;
	return false;
}

static const char *rule_str(struct srcroute *sr, const struct rule_spec *spec,
			    char *buf, size_t len)
{
	char src[64];

	if (spec->fwmark)
		snprintf(buf, len, "%s rule fwmark 0x%x/0x%x lookup %u prio %u",
			 family_str(spec->src.family), sr->mark, sr->mask,
			 sr->table, sr->priority);
	else
		snprintf(buf, len, "rule from %s lookup %u prio %u",
			 prefix_str(&spec->src, src, sizeof(src)), sr->table,
			 sr->priority);
	return buf;
}

/* The kernel's key for a rule of ours, the tag included. */
static struct rtnl_rule *build_rule(struct srcroute *sr,
				    const struct rule_spec *spec)
{
	struct rtnl_rule *rule = rtnl_rule_alloc();
	struct nl_addr *src = NULL;

	if (!rule)
		return NULL;
	rtnl_rule_set_family(rule, spec->src.family);
	rtnl_rule_set_prio(rule, sr->priority);
	rtnl_rule_set_table(rule, sr->table);
	rtnl_rule_set_action(rule, FR_ACT_TO_TBL);
	rtnl_rule_set_protocol(rule, SRCROUTE_RTPROT);
	if (spec->fwmark) {
		rtnl_rule_set_mark(rule, sr->mark);
		rtnl_rule_set_mask(rule, sr->mask);
		return rule;
	}
	src = prefix_to_nl(&spec->src);
	if (!src || rtnl_rule_set_src(rule, src) < 0) {
		nl_addr_put(src);
		rtnl_rule_put(rule);
		return NULL;
	}
	nl_addr_put(src);
	return rule;
}

/* Returns 1 if the rule was added, 0 if it was there already, or -errno. */
static int rule_add(struct srcroute *sr, const struct rule_spec *spec)
{
	struct rtnl_rule *rule = build_rule(sr, spec);
	char what[128];
	int ret = -ENOMEM;

	if (rule) {
		sr->nl_errno = 0;
		ret = rtnl_rule_add(sr->sk, rule, NLM_F_CREATE | NLM_F_EXCL);
		if (ret < 0)
			ret = nl_to_errno(sr, ret);
		rtnl_rule_put(rule);
	}
	if (ret == -EEXIST)
		return 0;
	if (ret < 0)
		return fail(sr, ret, "add %s",
			    rule_str(sr, spec, what, sizeof(what)));
	log_debug("srcroute: added %s", rule_str(sr, spec, what, sizeof(what)));
	return 1;
}

/* Deletes by exact key, tag included: an equal untagged rule stays. */
static int rule_del(struct srcroute *sr, const struct rule_spec *spec)
{
	struct rtnl_rule *rule = build_rule(sr, spec);
	char what[128];
	int ret = -ENOMEM;

	if (rule) {
		sr->nl_errno = 0;
		ret = rtnl_rule_delete(sr->sk, rule, 0);
		if (ret < 0)
			ret = nl_to_errno(sr, ret);
		rtnl_rule_put(rule);
	}
	/* already gone (by hand): the goal holds */
	if (ret == -ENOENT)
		return 0;
	if (ret < 0)
		return fail(sr, ret, "delete %s",
			    rule_str(sr, spec, what, sizeof(what)));
	return 1;
}

static int rule_delete(struct srcroute *sr, struct rtnl_rule *rule)
{
	int ret;

	sr->nl_errno = 0;
	/* the dumped object carries every attribute, the tag included */
	ret = rtnl_rule_delete(sr->sk, rule, 0);
	if (ret >= 0)
		return 0;
	ret = nl_to_errno(sr, ret);
	if (ret == -ENOENT)
		return 0;
	return fail(sr, ret, "delete %s rule for table %u prio %u",
		    family_str(rtnl_rule_get_family(rule)), sr->table,
		    rtnl_rule_get_prio(rule));
}

static struct rule_set *installed_rules(struct srcroute *sr, int family)
{
	return &sr->installed[family == AF_INET6];
}

/*
 * Makes our rules for table T of one family exactly `want` (at most
 * MAX_FAMILY_RULES): adds every wanted rule (a no-op for those in place),
 * then deletes the ones installed before that are no longer wanted.
 * Returns the number of rules added or deleted, or -errno; on failure the
 * installed set still lists everything that may be in the kernel.
 */
static int reconcile_rules(struct srcroute *sr, int family,
			   const struct rule_spec *want, size_t n_want)
{
	struct rule_set *set = installed_rules(sr, family);
	int ret, changed = 0;
	size_t i;

	for (i = 0; i < n_want; i++) {
		bool known = specs_contain(set->spec, set->n, &want[i]);
		char what[128];

		/* full only when deletions failed: refuse before adding */
		if (!known &&
		    set->n == sizeof(set->spec) / sizeof(set->spec[0]))
			return fail(sr, -ENOSPC,
				    "add %s: %zu rules of table %u are still "
				    "installed (deleting them failed before)",
				    rule_str(sr, &want[i], what, sizeof(what)),
				    set->n, sr->table);
		ret = rule_add(sr, &want[i]);
		if (ret < 0)
			return ret;
		changed += ret;
		if (!known)
			set->spec[set->n++] = want[i];
	}
	for (i = 0; i < set->n;) {
		if (specs_contain(want, n_want, &set->spec[i])) {
			i++;
			continue;
		}
		ret = rule_del(sr, &set->spec[i]);
		if (ret < 0)
			return ret;
		changed += ret;
		set->spec[i] = set->spec[--set->n];
	}
	return changed;
}

/* Could one packet mark match both fwmark rules? */
static bool marks_overlap(uint32_t v1, uint32_t m1, uint32_t v2, uint32_t m2)
{
	return (v1 & m2) == (v2 & m1);
}

/*
 * In connmark mode, another link's fwmark rule that a packet marked for us
 * could also match would send its replies to the wrong link.
 */
static int check_mark_free(struct srcroute *sr, struct nl_cache *rules)
{
	struct nl_object *obj;

	if (!sr->connmark)
		return 0;
	for (obj = nl_cache_get_first(rules); obj;
	     obj = nl_cache_get_next(obj)) {
		struct rtnl_rule *rule = (struct rtnl_rule *)obj;
		uint32_t mask = rtnl_rule_get_mask(rule);

		if (rtnl_rule_get_table(rule) == sr->table ||
		    !rtnl_rule_get_mark(rule))
			continue;
		/* no FRA_FWMASK: the kernel matches all 32 bits */
		if (!mask)
			mask = 0xffffffff;
		if (marks_overlap(sr->mark, sr->mask, rtnl_rule_get_mark(rule),
				  mask))
			return fail(
			    sr, -EBUSY,
			    "srcroute-mark 0x%x/0x%x is also matched by "
			    "ltepi's fwmark rule 0x%x/0x%x for table %u",
			    sr->mark, sr->mask, rtnl_rule_get_mark(rule), mask,
			    rtnl_rule_get_table(rule));
	}
	return 0;
}

/*
 * Deletes every tagged rule for T of one family (what a pppd that died
 * left), after checking that no other link's rule collides with our mark.
 * Returns the number deleted, or -errno.
 */
static int sweep_rules(struct srcroute *sr, int family)
{
	struct nl_cache *rules;
	struct nl_object *obj;
	int ret, deleted = 0;

	ret = dump_rules(sr, family, &rules);
	if (ret < 0)
		return ret;
	ret = check_mark_free(sr, rules);
	for (obj = nl_cache_get_first(rules); obj && ret >= 0;
	     obj = nl_cache_get_next(obj)) {
		struct rtnl_rule *rule = (struct rtnl_rule *)obj;

		if (!rule_is_ours(sr, rule))
			continue;
		ret = rule_delete(sr, rule);
		if (ret >= 0)
			deleted++;
	}
	nl_cache_free(rules);
	installed_rules(sr, family)->n = 0;
	return ret < 0 ? ret : deleted;
}

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
	ret = srcroute_nft_down(nft, sr->table, err, sizeof(err));
	if (nft != sr->nft)
		nft_free(nft);
	if (ret < 0)
		return fail(sr, ret,
			    "delete a stale nft table for table %u (%s)",
			    sr->table, err);
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
	if (!sr->table)
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

/*
 * Binds the context to the link. A pppd runs one link, but its interface is
 * recreated on reconnect (persist), so the index is looked up every time.
 */
static int attach_link(struct srcroute *sr, const char *ifname)
{
	int ret, ifindex = 0;

	/* stricter than the kernel: the name goes into nft rules */
	if (srcroute_nft_check_ifname(ifname) < 0)
		return fail(sr, -EINVAL, "invalid interface name \"%s\"",
			    ifname ? ifname : "(null)");
	ret = get_link(sr, 0, ifname, &ifindex, NULL, NULL);
	if (ret < 0)
		return fail(sr, ret, "look up interface %s", ifname);
	if ((sr->v4_up || sr->v6_up) && strcmp(sr->ifname, ifname) != 0)
		return fail(sr, -EBUSY, "already routing for %s, not %s",
			    sr->ifname, ifname);
	snprintf(sr->ifname, sizeof(sr->ifname), "%s", ifname);
	sr->ifindex = ifindex;
	return sr->table ? check_table_free(sr) : 0;
}

/* Our own loads arrive as events too: read them before anyone else's. */
static int nft_watch_drain(struct srcroute *sr)
{
	char name[32];

	srcroute_nft_table_name(name, sizeof(name), sr->table);
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
	ret = srcroute_nft_up(sr->nft, sr->table, sr->ifname, sr->mark,
			      sr->mask, 0, err, len);
	if (ret == 0)
		ret = nft_watch_drain(sr);
	return ret < 0 ? ret : 0;
}

/* Owned by this context where the kernel can (nft.h, NFT_OWNED). */
static int connmark_up(struct srcroute *sr)
{
	unsigned int flags = NFT_OWNED | (sr->nft_held ? NFT_REPLACE_OWN : 0);
	char err[160];
	int ret;

	if (!sr->connmark)
		return 0;
	if (sr->nft_no_owner)
		ret = connmark_load_watched(sr, err, sizeof(err));
	else
		ret = srcroute_nft_up(sr->nft, sr->table, sr->ifname, sr->mark,
				      sr->mask, flags, err, sizeof(err));
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
	char err[160];
	int ret;

	if (!sr->connmark || sr->v4_up || sr->v6_up)
		return 0;
	ret = srcroute_nft_down(sr->nft, sr->table, err, sizeof(err));
	if (ret < 0)
		return fail(sr, ret, "delete nft table for %s (%s)", sr->ifname,
			    err);
	sr->nft_held = false;
	return 0;
}

static size_t add_fwmark_spec(struct srcroute *sr, int family,
			      struct rule_spec *spec)
{
	if (!sr->connmark)
		return 0;
	memset(spec, 0, sizeof(*spec));
	spec->fwmark = true;
	spec->src.family = family;
	return 1;
}

/*
 * Removes everything of one family; carries on past failures so that as
 * much as possible is gone, and returns the first.
 */
static int family_down(struct srcroute *sr, int family)
{
	int ret, first;

	first = link_routes_apply(sr, family, false);
	if (sr->table) {
		ret = reconcile_rules(sr, family, NULL, 0);
		if (ret < 0 && !first)
			first = ret;
		ret = sweep_table_routes(sr, family, 0);
		if (ret < 0 && !first)
			first = ret;
	}
	if (family == AF_INET)
		sr->v4_up = false;
	else
		sr->v6_up = false;
	ret = connmark_down(sr);
	if (ret < 0 && !first)
		first = ret;
	if (!sr->v4_up && !sr->v6_up)
		guard_close(sr);
	return first;
}

/* Table T: its default route, the nft table in connmark mode, the rules. */
static int table_up(struct srcroute *sr, int family,
		    const struct rule_spec *rules, size_t n_rules)
{
	struct ltepi_prefix def;
	int ret;

	default_prefix(family, &def);
	ret = route_add(sr, &def, sr->table);
	if (ret < 0)
		return ret;
	ret = sweep_table_routes(sr, family, sr->ifindex);
	if (ret < 0)
		return ret;
	ret = connmark_up(sr);
	if (ret < 0)
		return ret;
	ret = reconcile_rules(sr, family, rules, n_rules);
	return ret < 0 ? ret : 0;
}

/* What both families' up have in common, around their rule sets. */
static int family_up(struct srcroute *sr, int family,
		     const struct rule_spec *rules, size_t n_rules)
{
	int ret;

	if (sr->table) {
		ret = table_up(sr, family, rules, n_rules);
		if (ret < 0)
			return ret;
	}
	return link_routes_apply(sr, family, true);
}

/* Undoes a failed up, keeping the message of the failure that caused it. */
static int abort_up(struct srcroute *sr, int family, int err)
{
	char msg[sizeof(sr->errmsg)];

	memcpy(msg, sr->errmsg, sizeof(msg));
	(void)family_down(sr, family);
	memcpy(sr->errmsg, msg, sizeof(msg));
	return err;
}

int srcroute_ipv4_up(struct srcroute *sr, const char *ifname,
		     struct in_addr local)
{
	struct rule_spec rules[2] = { 0 };
	size_t n = 1;
	int ret;

	sr->errmsg[0] = '\0';
	if (local.s_addr == INADDR_ANY || local.s_addr == INADDR_NONE)
		return fail(sr, -EINVAL, "invalid local address %s",
			    inet_ntoa(local));
	ret = attach_link(sr, ifname);
	if (ret < 0)
		return ret;
	rules[0].src.family = AF_INET;
	rules[0].src.addr.v4 = local;
	rules[0].src.len = 32;
	n += add_fwmark_spec(sr, AF_INET, &rules[1]);
	sr->v4_up = true;
	ret = family_up(sr, AF_INET, rules, n);
	if (ret >= 0)
		ret = guard_open(sr);
	if (ret < 0)
		return abort_up(sr, AF_INET, ret);
	log_debug("srcroute: IPv4 from %s via %s (table %u)", inet_ntoa(local),
		  sr->ifname, sr->table);
	return 0;
}

int srcroute_ipv4_down(struct srcroute *sr)
{
	sr->errmsg[0] = '\0';
	if (!sr->v4_up)
		return 0;
	return family_down(sr, AF_INET);
}

/*
 * The rules IPv6 wants now: one per distinct prefix of the link's global
 * addresses (strict dump filtered by interface), plus the fwmark rule.
 */
static int ipv6_wanted_rules(struct srcroute *sr, struct rule_spec *want,
			     size_t max, size_t *n_out)
{
	struct ifaddrmsg ifa = {
		.ifa_family = AF_INET6,
		.ifa_index = (unsigned int)sr->ifindex,
	};
	struct nl_cache *addrs;
	struct nl_object *obj;
	size_t n = 0, i;
	int ret;

	ret = dump(sr, "route/addr", RTM_GETADDR, &ifa, sizeof(ifa), 0, NULL,
		   &addrs);
	if (ret < 0)
		return fail(sr, ret, "list addresses of %s", sr->ifname);
	/* the fwmark rule has its own slot: prefixes never crowd it out */
	max -= sr->connmark;
	for (obj = nl_cache_get_first(addrs); obj;
	     obj = nl_cache_get_next(obj)) {
		struct rtnl_addr *a = (struct rtnl_addr *)obj;
		struct nl_addr *local = rtnl_addr_get_local(a);
		struct rule_spec spec = { 0 };
		bool dup = false;

		if (rtnl_addr_get_ifindex(a) != sr->ifindex ||
		    rtnl_addr_get_family(a) != AF_INET6 ||
		    rtnl_addr_get_scope(a) != RT_SCOPE_UNIVERSE || !local ||
		    nl_addr_get_len(local) != sizeof(struct in6_addr))
			continue;
		spec.src.family = AF_INET6;
		memcpy(&spec.src.addr.v6, nl_addr_get_binary_addr(local),
		       sizeof(spec.src.addr.v6));
		spec.src.len = (unsigned int)rtnl_addr_get_prefixlen(a);
		prefix_mask(&spec.src);
		for (i = 0; i < n && !dup; i++)
			dup = spec_equal(&want[i], &spec);
		if (dup)
			continue;
		if (n == max) {
			log_debug("srcroute: %s has more than %zu global IPv6 "
				  "prefixes; ignoring the rest",
				  sr->ifname, max);
			break;
		}
		want[n++] = spec;
	}
	nl_cache_free(addrs);
	n += add_fwmark_spec(sr, AF_INET6, &want[n]);
	*n_out = n;
	return 0;
}

int srcroute_ipv6_sync(struct srcroute *sr)
{
	struct rule_spec want[MAX_FAMILY_RULES];
	size_t n;
	int ret;

	sr->errmsg[0] = '\0';
	if (!sr->v6_up || !sr->table)
		return 0;
	ret = ipv6_wanted_rules(sr, want, MAX_FAMILY_RULES, &n);
	if (ret < 0)
		return ret;
	ret = reconcile_rules(sr, AF_INET6, want, n);
	return ret < 0 ? ret : ret > 0;
}

static int monitor_open(struct srcroute *sr)
{
	int ret;

	if (sr->mon)
		return 0;
	ret = open_socket(sr, false, &sr->mon);
	if (ret < 0)
		return fail(sr, ret, "open address monitor");
	nl_socket_disable_seq_check(sr->mon);
	ret = nl_socket_add_membership(sr->mon, RTNLGRP_IPV6_IFADDR);
	if (ret >= 0)
		ret = nl_socket_set_nonblocking(sr->mon);
	if (ret < 0) {
		monitor_close(sr);
		return fail(sr, -EIO, "subscribe to IPv6 address changes");
	}
	return 0;
}

int srcroute_ipv6_up(struct srcroute *sr, const char *ifname)
{
	struct rule_spec want[MAX_FAMILY_RULES];
	size_t n;
	int ret;

	sr->errmsg[0] = '\0';
	ret = attach_link(sr, ifname);
	if (ret < 0)
		return ret;
	/* subscribe before reading, so no change falls in between */
	ret = sr->table ? monitor_open(sr) : 0;
	if (ret < 0)
		return ret;
	sr->v6_up = true;
	n = 0;
	if (sr->table)
		ret = ipv6_wanted_rules(sr, want, MAX_FAMILY_RULES, &n);
	if (ret >= 0)
		ret = family_up(sr, AF_INET6, want, n);
	if (ret >= 0)
		ret = guard_open(sr);
	if (ret < 0) {
		monitor_close(sr);
		return abort_up(sr, AF_INET6, ret);
	}
	log_debug("srcroute: IPv6 via %s (table %u), %zu rules", sr->ifname,
		  sr->table, n);
	return 0;
}

int srcroute_ipv6_down(struct srcroute *sr)
{
	sr->errmsg[0] = '\0';
	monitor_close(sr);
	if (!sr->v6_up)
		return 0;
	return family_down(sr, AF_INET6);
}

size_t srcroute_ipv6_prefixes(const struct srcroute *sr, char *buf, size_t len)
{
	const struct rule_set *set = &sr->installed[1];
	size_t i, pos = 0, n = 0;
	char p[64];

	if (len)
		buf[0] = '\0';
	for (i = 0; i < set->n; i++) {
		int w;

		if (set->spec[i].fwmark)
			continue;
		w = snprintf(buf + pos, pos < len ? len - pos : 0, "%s%s",
			     n ? ", " : "",
			     prefix_str(&set->spec[i].src, p, sizeof(p)));
		if (w > 0 && pos + (size_t)w < len)
			pos += (size_t)w;
		n++;
	}
	return n;
}

int srcroute_monitor_fd(const struct srcroute *sr)
{
	return sr->mon ? nl_socket_get_fd(sr->mon) : -1;
}

/* Does this batch of RTM_NEWADDR/DELADDR concern our interface? */
static bool batch_concerns(const struct srcroute *sr, const void *buf,
			   size_t len)
{
	const struct nlmsghdr *nlh;
	int left = (int)len;

	for (nlh = buf; NLMSG_OK(nlh, left); nlh = NLMSG_NEXT(nlh, left)) {
		const struct ifaddrmsg *ifa = NLMSG_DATA(nlh);

		if ((nlh->nlmsg_type != RTM_NEWADDR &&
		     nlh->nlmsg_type != RTM_DELADDR) ||
		    nlh->nlmsg_len < NLMSG_LENGTH(sizeof(*ifa)))
			continue;
		if ((int)ifa->ifa_index == sr->ifindex)
			return true;
	}
	return false;
}

struct address_scan {
	const struct srcroute *sr;
	bool relevant;
};

static void scan_addresses(void *arg, const void *buf, size_t len)
{
	struct address_scan *s = arg;

	s->relevant |= batch_concerns(s->sr, buf, len);
}

int srcroute_monitor_dispatch(struct srcroute *sr)
{
	struct address_scan s = { .sr = sr };
	int lost;

	if (!sr->mon)
		return 0;
	lost = nlmon_read(nl_socket_get_fd(sr->mon), scan_addresses, &s);
	if (lost < 0)
		return fail(sr, lost, "read address monitor");
	/* lost notifications: only a full resync is safe */
	return s.relevant || lost ? srcroute_ipv6_sync(sr) : 0;
}

/*
 * The guard: rule and route changes of the whole host, read while the
 * context is up, so that what another program deletes of ours is noticed
 * and can be put back (srcroute.h).
 */
static int guard_open(struct srcroute *sr)
{
	static const int groups[] = { RTNLGRP_IPV4_RULE, RTNLGRP_IPV6_RULE,
				      RTNLGRP_IPV4_ROUTE, RTNLGRP_IPV6_ROUTE };
	int ret = 0;

	if (sr->guard)
		return 0;
	ret = open_socket(sr, false, &sr->guard);
	if (ret < 0)
		return fail(sr, ret, "open the rule and route monitor");
	nl_socket_disable_seq_check(sr->guard);
	for (size_t i = 0; i < sizeof(groups) / sizeof(groups[0]) && !ret; i++)
		ret = nl_socket_add_membership(sr->guard, groups[i]);
	if (ret >= 0)
		ret = nl_socket_set_nonblocking(sr->guard);
	if (ret < 0) {
		nl_socket_free(sr->guard);
		sr->guard = NULL;
		return fail(sr, -EIO, "subscribe to rule and route changes");
	}
	/* a bigger buffer: "ip route flush" of a full table is one burst */
	(void)nl_socket_set_buffer_size(sr->guard, 1 << 20, 0);
	return 0;
}

int srcroute_guard_fd(const struct srcroute *sr)
{
	return sr->guard ? nl_socket_get_fd(sr->guard) : -1;
}

static bool family_is_up(const struct srcroute *sr, int family)
{
	return family == AF_INET ? sr->v4_up : family == AF_INET6 && sr->v6_up;
}

/* Appends "what" to the report, "a, b", keeping whole entries. */
static void report_add(char *buf, size_t len, const char *what)
{
	size_t pos = strnlen(buf, len);
	int w;

	if (!len || pos + 1 >= len)
		return;
	w = snprintf(buf + pos, len - pos, "%s%s", pos ? ", " : "", what);
	if (w < 0 || (size_t)w >= len - pos)
		buf[pos] = '\0';
}

/* libnl's parser without a policy checks no lengths: these do. */
static uint32_t attr_u32(const struct nlattr *a, uint32_t dflt)
{
	return a && nla_len(a) >= (int)sizeof(uint32_t) ? nla_get_u32(a) : dflt;
}

/* An address attribute as a prefix of length len; false if malformed. */
static bool attr_prefix(const struct nlattr *a, int family, unsigned int len,
			struct ltepi_prefix *p)
{
	memset(p, 0, sizeof(*p));
	p->family = family;
	p->len = len;
	if (!a)
		return len == 0;
	if ((size_t)nla_len(a) != addr_size(family))
		return false;
	memcpy(&p->addr, nla_data(a), addr_size(family));
	return true;
}

/* A deleted rule: was it one this context installed? Then say which. */
static bool deleted_rule_is_ours(struct srcroute *sr,
				 const struct nlmsghdr *nlh, char *what,
				 size_t len)
{
	const struct fib_rule_hdr *frh = nlmsg_data(nlh);
	struct nlattr *tb[FRA_MAX + 1];
	struct rule_spec spec = { 0 };
	const struct rule_set *set;

	if (!nlmsg_valid_hdr(nlh, sizeof(*frh)) || !sr->table ||
	    !family_is_up(sr, frh->family) ||
	    nlmsg_parse((struct nlmsghdr *)nlh, sizeof(*frh), tb, FRA_MAX,
			NULL) < 0)
		return false;
	if (attr_u32(tb[FRA_TABLE], frh->table) != sr->table ||
	    attr_u32(tb[FRA_PRIORITY], 0) != sr->priority ||
	    !tb[FRA_PROTOCOL] || nla_len(tb[FRA_PROTOCOL]) < 1 ||
	    nla_get_u8(tb[FRA_PROTOCOL]) != SRCROUTE_RTPROT)
		return false;
	spec.fwmark = tb[FRA_FWMARK] != NULL;
	spec.src.family = frh->family;
	if (!spec.fwmark &&
	    !attr_prefix(tb[FRA_SRC], frh->family, frh->src_len, &spec.src))
		return false;
	set = installed_rules(sr, frh->family);
	if (!specs_contain(set->spec, set->n, &spec))
		return false;
	rule_str(sr, &spec, what, len);
	return true;
}

/* A deleted route: T's default route or one of our link routes? */
static bool deleted_route_is_ours(struct srcroute *sr,
				  const struct nlmsghdr *nlh, char *what,
				  size_t len)
{
	const struct rtmsg *rtm = nlmsg_data(nlh);
	struct nlattr *tb[RTA_MAX + 1];
	struct ltepi_prefix dst;
	char buf[64];
	uint32_t table;

	if (!nlmsg_valid_hdr(nlh, sizeof(*rtm)) ||
	    rtm->rtm_protocol != SRCROUTE_RTPROT ||
	    !family_is_up(sr, rtm->rtm_family) ||
	    nlmsg_parse((struct nlmsghdr *)nlh, sizeof(*rtm), tb, RTA_MAX,
			NULL) < 0)
		return false;
	table = attr_u32(tb[RTA_TABLE], rtm->rtm_table);
	if (!attr_prefix(tb[RTA_DST], rtm->rtm_family, rtm->rtm_dst_len, &dst))
		return false;
	if (sr->table && table == sr->table && dst.len == 0) {
		snprintf(what, len, "route default dev %s table %u", sr->ifname,
			 sr->table);
		return true;
	}
	if (table != RT_TABLE_MAIN)
		return false;
	for (size_t i = 0; i < sr->n_link_routes; i++) {
		struct ltepi_prefix lr = sr->link_routes[i];

		prefix_mask(&lr);
		if (lr.family == dst.family && lr.len == dst.len &&
		    !memcmp(&lr.addr, &dst.addr, addr_size(dst.family))) {
			snprintf(what, len, "route %s dev %s",
				 prefix_str(&dst, buf, sizeof(buf)),
				 sr->ifname);
			return true;
		}
	}
	return false;
}

struct removal_scan {
	struct srcroute *sr;
	char *report;
	size_t report_len;
	int removed;
};

/* Counts a batch's deletions of our objects, naming them in the report. */
static void scan_removals(void *arg, const void *buf, size_t len)
{
	struct removal_scan *s = arg;
	struct srcroute *sr = s->sr;
	uint32_t self = nl_socket_get_local_port(sr->sk);
	const struct nlmsghdr *nlh;
	int left = (int)len;
	char what[128];

	for (nlh = buf; NLMSG_OK(nlh, left); nlh = NLMSG_NEXT(nlh, left)) {
		bool ours = false;

		/* our own requests' echoes: sweeps and address changes */
		if (nlh->nlmsg_pid == self)
			continue;
		if (nlh->nlmsg_type == RTM_DELRULE)
			ours =
			    deleted_rule_is_ours(sr, nlh, what, sizeof(what));
		else if (nlh->nlmsg_type == RTM_DELROUTE)
			ours =
			    deleted_route_is_ours(sr, nlh, what, sizeof(what));
		if (ours) {
			report_add(s->report, s->report_len, what);
			s->removed++;
		}
	}
}

/* The connmark table, watched on kernels that cannot own it. */
static int guard_nft(struct srcroute *sr, char *report, size_t report_len)
{
	char name[32], what[64];
	int ret;

	ret = nft_watch_drain(sr);
	if (ret <= 0)
		return ret;
	srcroute_nft_table_name(name, sizeof(name), sr->table);
	snprintf(what, sizeof(what), "nft table inet %s", name);
	report_add(report, report_len, what);
	sr->nft_held = false; /* reload it whole */
	return 1;
}

int srcroute_guard_check(struct srcroute *sr, char *report, size_t report_len)
{
	struct removal_scan s = { .sr = sr,
				  .report = report,
				  .report_len = report_len };
	int lost, ret;

	if (report_len)
		report[0] = '\0';
	if (!sr->guard)
		return 0;
	lost = nlmon_read(nl_socket_get_fd(sr->guard), scan_removals, &s);
	if (lost < 0)
		return fail(sr, lost, "read the rule and route monitor");
	/* lost notifications: only putting everything back is safe */
	if (lost) {
		report_add(report, report_len,
			   "unknown (the monitor overflowed)");
		s.removed++;
	}
	ret = sr->connmark ? guard_nft(sr, report, report_len) : 0;
	if (ret < 0)
		return fail(sr, ret, "read the nftables monitor");
	return s.removed + ret;
}

/* Every object of one family this context installed, added if missing. */
static int restore_family(struct srcroute *sr, int family)
{
	const struct rule_set *set = installed_rules(sr, family);
	struct ltepi_prefix def;
	int ret, added = 0;

	for (size_t i = 0; i < sr->n_link_routes; i++) {
		if (sr->link_routes[i].family != family)
			continue;
		ret = route_add(sr, &sr->link_routes[i], RT_TABLE_MAIN);
		if (ret < 0)
			return ret;
		added += ret;
	}
	if (!sr->table)
		return added;
	default_prefix(family, &def);
	ret = route_add(sr, &def, sr->table);
	if (ret < 0)
		return ret;
	added += ret;
	for (size_t i = 0; i < set->n; i++) {
		ret = rule_add(sr, &set->spec[i]);
		if (ret < 0)
			return ret;
		added += ret;
	}
	return added;
}

int srcroute_restore(struct srcroute *sr)
{
	int ret, added = 0;

	sr->errmsg[0] = '\0';
	if (sr->connmark && !sr->nft_held && (sr->v4_up || sr->v6_up)) {
		ret = connmark_up(sr);
		if (ret < 0)
			return ret;
		added++;
	}
	if (sr->v4_up) {
		ret = restore_family(sr, AF_INET);
		if (ret < 0)
			return ret;
		added += ret;
	}
	if (sr->v6_up) {
		ret = restore_family(sr, AF_INET6);
		if (ret < 0)
			return ret;
		added += ret;
	}
	return added;
}

size_t srcroute_script_env(const struct ltepi_conf *conf,
			   struct srcroute_envvar vars[SRCROUTE_ENV_MAX])
{
	bool connmark = conf->srcroute_mode == SRCROUTE_MODE_CONNMARK;
	size_t n = 0;

	vars[n].name = "LTEPI_SRCROUTE_TABLE";
	snprintf(vars[n++].value, sizeof(vars[0].value), "%u",
		 conf->srcroute_table);
	vars[n].name = "LTEPI_SRCROUTE_PRIORITY";
	snprintf(vars[n++].value, sizeof(vars[0].value), "%u",
		 conf->srcroute_priority);
	vars[n].name = "LTEPI_SRCROUTE_MODE";
	snprintf(vars[n++].value, sizeof(vars[0].value), "%s",
		 connmark ? "connmark" : "address");
	vars[n].name = "LTEPI_SRCROUTE_PROTO";
	snprintf(vars[n++].value, sizeof(vars[0].value), "%d", SRCROUTE_RTPROT);
	if (connmark) {
		vars[n].name = "LTEPI_SRCROUTE_MARK";
		snprintf(vars[n++].value, sizeof(vars[0].value), "0x%08x",
			 conf->srcroute_mark);
		vars[n].name = "LTEPI_SRCROUTE_MARK_MASK";
		snprintf(vars[n++].value, sizeof(vars[0].value), "0x%08x",
			 conf->srcroute_mark_mask);
	}
	return n;
}
