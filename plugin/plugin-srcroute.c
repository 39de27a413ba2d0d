/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * pppd side of source routing and link routes: reads the link's state from
 * pppd on its events, calls the srcroute module, and logs each outcome once.
 *
 * A routing failure is logged as an error but never takes the link down:
 * the link still works for outbound traffic, and the firewall, not routing,
 * is the part that must fail closed.
 *
 * While the link is up, the guard puts back what other programs delete of
 * ltepi's rules and routes ("ip rule flush", a network manager), polled
 * every GUARD_POLL_MS, and gives up on a program that keeps deleting them
 * (guard.h) with one error naming it.
 */
#include "pppd-compat.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "clock.h"
#include "guard.h"
#include "log.h"
#include "plugin.h"
#include "srcroute-env.h"
#include "srcroute.h"

/* How often the IPv6 address monitor is polled (pppd 2.4 has no fd hook). */
#define IPV6_POLL_SECONDS 1

/*
 * How often the guard reads rule and route changes: a deleted rule is back
 * within this (plus the restore's few hundred microseconds); an idle poll
 * is one recv() that finds nothing.
 */
#define GUARD_POLL_MS 250

static struct srcroute *sr;
static bool ipv4_installed, ipv6_installed, ipv6_polling, guard_polling;
static bool stopping; /* pppd exits: remove everything, demand or not */
static struct guard guard;

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

/* Which network managers run now: comm of every process, from /proc. */
static unsigned int running_managers(void)
{
	DIR *d = opendir("/proc");
	unsigned int found = 0;
	struct dirent *e;

	if (!d)
		return 0;
	while ((e = readdir(d))) {
		char path[sizeof(e->d_name) + 16], comm[32] = "";
		FILE *f;

		if (!isdigit((unsigned char)e->d_name[0]))
			continue;
		snprintf(path, sizeof(path), "/proc/%s/comm", e->d_name);
		f = fopen(path, "re");
		if (!f)
			continue;
		if (fgets(comm, sizeof(comm), f)) {
			comm[strcspn(comm, "\n")] = '\0';
			/* comm is cut at 15 characters */
			if (strcmp(comm, "systemd-network") == 0)
				found |= GUARD_NETWORKD;
			if (strcmp(comm, "NetworkManager") == 0)
				found |= GUARD_NETWORKMANAGER;
		}
		fclose(f);
	}
	closedir(d);
	return found;
}

static void restore(const char *ifname, const char *removed)
{
	long long t0 = clock_now_us();
	int r = srcroute_restore(sr);

	if (r < 0)
		log_err("%s: another program deleted %s; putting it back "
			"failed: %s",
			ifname, removed, srcroute_errmsg(sr));
	else
		log_notice("%s: another program deleted %s; restored (%d "
			   "object(s) added back; %lld us)",
			   ifname, removed, r, clock_now_us() - t0);
}

static void give_up(const char *ifname, const char *removed)
{
	char hint[512];

	guard_culprit_hint(running_managers(), hint, sizeof(hint));
	log_err("%s: %s deleted again, the %dth removal of ltepi's rules or "
		"routes within %lld s: no longer restoring them until the link "
		"reconnects, so replies to inbound connections may leave by "
		"another interface; %s",
		ifname, removed, GUARD_LIMIT, GUARD_WINDOW_US / 1000000, hint);
}

static void guard_poll(void *arg)
{
	const char *ifname = compat_ifname();
	char removed[512];
	int r;

	(void)arg;
	if (!sr || srcroute_guard_fd(sr) < 0) {
		guard_polling = false;
		return;
	}
	r = srcroute_guard_check(sr, removed, sizeof(removed));
	if (r < 0)
		log_err("%s: source routing guard: %s", ifname,
			srcroute_errmsg(sr));
	else if (r > 0)
		switch (guard_removed(&guard, clock_now_us())) {
		case GUARD_RESTORE:
			restore(ifname, removed);
			break;
		case GUARD_GIVE_UP:
			give_up(ifname, removed);
			break;
		case GUARD_GAVE_UP:
			break;
		}
	compat_timeout_ms(guard_poll, NULL, GUARD_POLL_MS);
}

/* A new connection's objects are guarded afresh. */
static void start_guard(void)
{
	if (guard_polling || srcroute_guard_fd(sr) < 0)
		return;
	guard_reset(&guard);
	guard_polling = true;
	compat_timeout_ms(guard_poll, NULL, GUARD_POLL_MS);
}

static void stop_guard(void)
{
	if (!guard_polling || (sr && srcroute_guard_fd(sr) >= 0))
		return;
	compat_untimeout(guard_poll, NULL);
	guard_polling = false;
}

static void install_ipv4(struct in_addr local, const char *when)
{
	const char *ifname = compat_ifname();
	char addr[INET_ADDRSTRLEN];
	long long t0;
	int r;

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
	start_guard();
	if (ltepi_conf.srcroute)
		log_notice("%s: replies from %s leave via %s (table %u, rule "
			   "priority %u, %s mode%s; %lld us)",
			   ifname, addr, ifname,
			   (unsigned)ltepi_conf.srcroute_table,
			   (unsigned)ltepi_conf.srcroute_priority,
			   ltepi_conf.srcroute_mode == SRCROUTE_MODE_CONNMARK
			       ? "connmark"
			       : "address",
			   when, clock_now_us() - t0);
	if (ltepi_conf.n_link_routes)
		log_notice("%s: %zu link route(s) installed%s", ifname,
			   ltepi_conf.n_link_routes, when);
}

void plugin_srcroute_ip_up(void)
{
	if (!sr)
		return;
	install_ipv4((struct in_addr){ .s_addr = compat_ip_local() }, "");
}

/*
 * demand: pppd brings the interface up with a placeholder address and
 * dials when a packet is routed into it, so the link routes (and table T)
 * must exist while the link is dormant, or traffic to a link route never
 * dials. ip-up then moves the rules to the negotiated address.
 */
static void demand_dormant(void)
{
	if (!compat_demand() || ipv4_installed)
		return;
	install_ipv4((struct in_addr){ .s_addr = compat_ip_demand_local() },
		     "; demand, link dormant");
}

/*
 * The unit exists from the network phase on and keeps its index until the
 * connection ends: looking it up here takes that lookup out of ip-up. A
 * failure costs nothing (the up looks the name up itself), so it is not
 * logged here; the up reports what is really wrong.
 */
void plugin_srcroute_phase(int phase)
{
	if (!sr)
		return;
	switch (phase) {
	case PHASE_NETWORK:
		(void)srcroute_prepare(sr, compat_ifname());
		break;
	case PHASE_DEAD:
		(void)srcroute_prepare(sr, NULL);
		break;
	case PHASE_DORMANT:
		demand_dormant();
		break;
	default:
		break;
	}
}

void plugin_srcroute_ip_down(void)
{
	long long t0 = clock_now_us();
	int r;

	if (!sr || !ipv4_installed)
		return;
	if (compat_demand() && !stopping) {
		/* the interface stays up, dormant, with its address */
		log_notice("%s: source routing and link routes stay while the "
			   "link is dormant (demand)",
			   compat_ifname());
		return;
	}
	ipv4_installed = false;
	r = srcroute_ipv4_down(sr);
	stop_guard();
	if (r < 0)
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
	else if (r > 0) {
		log_ipv6_rules(compat_ifname(), "IPv6 address change");
		plugin_state_refresh();
	}
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
	start_guard();
	if (ltepi_conf.srcroute)
		log_ipv6_rules(ifname, "IPv6 source routing installed");
	if (!ipv6_polling && srcroute_monitor_fd(sr) >= 0) {
		ipv6_polling = true;
		compat_timeout(ipv6_poll, NULL, IPV6_POLL_SECONDS);
	}
}

void plugin_srcroute_ipv6_down(void)
{
	int r;

	if (ipv6_polling) {
		compat_untimeout(ipv6_poll, NULL);
		ipv6_polling = false;
	}
	if (!sr || !ipv6_installed)
		return;
	ipv6_installed = false;
	r = srcroute_ipv6_down(sr);
	stop_guard();
	if (r < 0)
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
	stopping = true;
	plugin_srcroute_ipv6_down();
	plugin_srcroute_ip_down();
	srcroute_free(sr);
	sr = NULL;
}
