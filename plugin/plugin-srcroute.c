/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * pppd side of source routing and link routes: reads the link's state from
 * pppd on its events, calls the srcroute module, and logs each outcome once.
 *
 * A routing failure is logged as an error but never takes the link down:
 * the link still works for outbound traffic, and the firewall, not routing,
 * is the part that must fail closed.
 */
#include "pppd-compat.h"

#include <arpa/inet.h>
#include <errno.h>
#include <string.h>

#include "clock.h"
#include "log.h"
#include "plugin.h"
#include "srcroute.h"

/* How often the IPv6 address monitor is polled (pppd 2.4 has no fd hook). */
#define IPV6_POLL_SECONDS 1

static struct srcroute *sr;
static bool ipv4_installed, ipv6_installed, ipv6_polling;

static bool enabled(void)
{
	return ltepi_conf.srcroute || ltepi_conf.n_link_routes > 0;
}

static void export_script_env(void)
{
	struct srcroute_envvar vars[SRCROUTE_ENV_MAX];
	size_t n = srcroute_script_env(&ltepi_conf, vars);

	for (size_t i = 0; i < n; i++)
		compat_setenv(vars[i].name, vars[i].value);
}

int plugin_srcroute_start(void)
{
	int r;

	if (!enabled())
		return 0;
	sr = srcroute_new(&ltepi_conf);
	if (!sr) {
		r = -errno;
		log_err("source routing: cannot open netlink: %s",
			strerror(-r));
		return r;
	}
	r = srcroute_sweep(sr);
	if (r == -EBUSY) {
		log_err("srcroute-table %u is in use by another link: %s; give "
			"each link its own table",
			(unsigned)ltepi_conf.srcroute_table,
			srcroute_errmsg(sr));
		return r;
	}
	if (r < 0)
		log_err("source routing: removing stale routes failed: %s",
			srcroute_errmsg(sr));
	else if (r > 0)
		log_notice("source routing: removed %d stale rule(s) and "
			   "route(s) of table %u (left by a pppd that died)",
			   r, (unsigned)ltepi_conf.srcroute_table);
	if (ltepi_conf.srcroute)
		export_script_env();
	return 0;
}

void plugin_srcroute_ip_up(void)
{
	const char *ifname = compat_ifname();
	struct in_addr local = { .s_addr = compat_ip_local() };
	char addr[INET_ADDRSTRLEN];
	long long t0;
	int r;

	if (!sr)
		return;
	inet_ntop(AF_INET, &local, addr, sizeof(addr));
	t0 = clock_now_us();
	r = srcroute_ipv4_up(sr, ifname, local);
	if (r < 0) {
		/* a failed up removed what an earlier one had installed */
		ipv4_installed = false;
		log_err("%s: source routing for %s not installed: %s", ifname,
			addr, srcroute_errmsg(sr));
		return;
	}
	ipv4_installed = true;
	if (ltepi_conf.srcroute)
		log_notice("%s: replies from %s leave via %s (table %u, rule "
			   "priority %u, %s mode; %lld us)",
			   ifname, addr, ifname,
			   (unsigned)ltepi_conf.srcroute_table,
			   (unsigned)ltepi_conf.srcroute_priority,
			   ltepi_conf.srcroute_mode == SRCROUTE_MODE_CONNMARK
			       ? "connmark"
			       : "address",
			   clock_now_us() - t0);
	if (ltepi_conf.n_link_routes)
		log_notice("%s: %zu link route(s) installed", ifname,
			   ltepi_conf.n_link_routes);
}

void plugin_srcroute_ip_down(void)
{
	long long t0 = clock_now_us();

	if (!sr || !ipv4_installed)
		return;
	ipv4_installed = false;
	if (srcroute_ipv4_down(sr) < 0)
		log_err("source routing: removal failed: %s",
			srcroute_errmsg(sr));
	else
		log_notice("IPv4 source routing and link routes removed "
			   "(%lld us)",
			   clock_now_us() - t0);
}

/* "from 2001:db8:1:2::/64" or "once the link has a global address" */
static void log_ipv6_rules(const char *ifname, const char *what)
{
	char prefixes[256];

	if (srcroute_ipv6_prefixes(sr, prefixes, sizeof(prefixes)))
		log_notice("%s: %s: replies from %s leave via %s (table %u)",
			   ifname, what, prefixes, ifname,
			   (unsigned)ltepi_conf.srcroute_table);
	else
		log_notice("%s: %s (table %u); no global address yet, rules "
			   "follow when one appears",
			   ifname, what, (unsigned)ltepi_conf.srcroute_table);
}

static void ipv6_poll(void *arg)
{
	int r;

	if (!sr || srcroute_monitor_fd(sr) < 0) {
		ipv6_polling = false;
		return;
	}
	r = srcroute_monitor_dispatch(sr);
	if (r < 0)
		log_err("IPv6 source routing update failed: %s",
			srcroute_errmsg(sr));
	else if (r > 0)
		log_ipv6_rules(compat_ifname(), "IPv6 address change");
	compat_timeout(ipv6_poll, NULL, IPV6_POLL_SECONDS);
}

void plugin_srcroute_ipv6_up(void)
{
	const char *ifname = compat_ifname();

	if (!sr)
		return;
	if (srcroute_ipv6_up(sr, ifname) < 0) {
		ipv6_installed = false;
		log_err("%s: IPv6 source routing not installed: %s", ifname,
			srcroute_errmsg(sr));
		return;
	}
	ipv6_installed = true;
	if (ltepi_conf.srcroute)
		log_ipv6_rules(ifname, "IPv6 source routing installed");
	if (!ipv6_polling && srcroute_monitor_fd(sr) >= 0) {
		ipv6_polling = true;
		compat_timeout(ipv6_poll, NULL, IPV6_POLL_SECONDS);
	}
}

void plugin_srcroute_ipv6_down(void)
{
	if (ipv6_polling) {
		compat_untimeout(ipv6_poll, NULL);
		ipv6_polling = false;
	}
	if (!sr || !ipv6_installed)
		return;
	ipv6_installed = false;
	if (srcroute_ipv6_down(sr) < 0)
		log_err("IPv6 source routing: removal failed: %s",
			srcroute_errmsg(sr));
	else
		log_notice("IPv6 source routing removed");
}

/*
 * pppd exits: die() runs no ip-down, so this is the last chance; after a
 * normal ip-down there is nothing left to remove.
 */
void plugin_srcroute_stop(void)
{
	if (!sr)
		return;
	plugin_srcroute_ipv6_down();
	plugin_srcroute_ip_down();
	srcroute_free(sr);
	sr = NULL;
}
