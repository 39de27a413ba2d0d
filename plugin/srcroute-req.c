/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * This context's requests: the kernel's keys for our routes and rules,
 * built in the context's batch and sent in one sendmsg() (srcroute-nl.h),
 * and the outcomes read the way the policy needs them (srcroute-int.h).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <linux/fib_rules.h>

#include "log.h"
#include "srcroute-int.h"
#include "srcroute.h"

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

/*
 * "DST dev IFINDEX table TABLE proto ltepi", unicast, scope link for IPv4:
 * a route without gateway on a point-to-point link. The tag is part of
 * the key: a delete matches on it.
 */
void sr_route_msg(struct srcroute *sr, struct rtnl_msg *m, uint16_t type,
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
				   prefix_addr_size(dst->family));
	(void)rtnl_msg_put_u32(m, RTA_OIF, (uint32_t)sr->ifindex);
}

/* The kernel's key for a rule of ours, the tag included. */
void sr_rule_msg(struct srcroute *sr, struct rtnl_msg *m, uint16_t type,
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
				   prefix_addr_size(spec->src.family));
	}
}

struct rtnl_msg *sr_next_msg(struct batch *b)
{
	return &b->msg[b->n++];
}

/*
 * Sends the batch (in parts of RTNL_BATCH_MAX) and leaves each request's
 * outcome in b->err[]. Returns 0, or -errno when the sr_exchange itself
 * failed: then nobody knows which requests the kernel carried out.
 */
int sr_exchange(struct srcroute *sr, struct batch *b)
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
int sr_add_result(int err)
{
	return err == 0 ? 1 : err == -EEXIST ? 0 : err;
}

/* A delete's outcome: 1 deleted, 0 gone already (the goal holds), -errno. */
int sr_del_result(int err)
{
	return err == 0						   ? 1
	       : err == -ENOENT || err == -ESRCH || err == -ENODEV ? 0
								   : err;
}

void sr_rule_what(const struct srcroute *sr, const struct rule_spec *spec,
		  char *buf, size_t len)
{
	rule_str(&sr->names, spec, buf, len);
}

int sr_route_fail(struct srcroute *sr, int err, const char *verb,
		  const struct ltepi_prefix *dst, uint32_t table)
{
	char buf[64];

	return fail(sr, err, "%s route %s dev %s table %u", verb,
		    prefix_format(dst, buf, sizeof(buf)), sr->ifname, table);
}

int sr_rule_fail(struct srcroute *sr, int err, const char *verb,
		 const struct rule_spec *spec)
{
	char what[128];

	sr_rule_what(sr, spec, what, sizeof(what));
	return fail(sr, err, "%s %s", verb, what);
}
