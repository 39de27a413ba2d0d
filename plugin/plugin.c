/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * ltepi.so: pppd's entry points and the dispatch of pppd's events to the
 * feature adapters (plugin-srcroute.c, plugin-firewall.c, plugin-reach.c,
 * plugin-linkcheck.c, plugin-state.c).
 * Nothing here
 * decides policy.
 *
 * Event order in pppd (2.4.9 and 2.5.x alike): plugin_init() runs while
 * options are parsed; the first phase change (SERIALCONN, or DORMANT with
 * demand) comes after all of them are read, so that is where the
 * configuration is checked and the features start; NETWORK is entered
 * before any NCP opens; ip-up/ip-down fire around IPCP; exit fires from
 * die(), which runs no ip-down.
 */
#include "pppd-compat.h"

#include "log.h"
#include "plugin.h"

LTEPI_EXPORT char pppd_version[] = LTEPI_PPPD_VERSION;

static bool started;
static int last_phase = PHASE_INITIALIZE;

/*
 * Configuration problems stop pppd here, before it touches the modem, with
 * the exit status of a bad option value.
 */
static void start_once(void)
{
	char err[LTEPI_ERRLEN];

	if (started)
		return;
	started = true;
	if (options_finish(&ltepi_conf, err, sizeof(err)) < 0) {
		log_err("%s", err);
		compat_die(EXIT_OPTION_ERROR);
	}
	if (plugin_firewall_start() < 0 || plugin_srcroute_start() < 0 ||
	    plugin_linkcheck_start() < 0)
		compat_die(EXIT_OPTION_ERROR);
	plugin_state_start();
}

static void on_phase_change(void *ctx, int phase)
{
	start_once();
	plugin_firewall_phase(phase, last_phase);
	plugin_srcroute_phase(phase);
	plugin_state_phase(phase);
	last_phase = phase;
}

static void on_ip_up(void *ctx, int arg)
{
	plugin_srcroute_ip_up();
	plugin_reach_ip_up();
	plugin_linkcheck_up();
	plugin_state_ip_up();
	plugin_hooks_ip_up();
}

static void on_ip_down(void *ctx, int arg)
{
	plugin_linkcheck_down();
	plugin_srcroute_ip_down();
	plugin_state_ip_down();
	plugin_hooks_ip_down();
}

static void on_ipv6_up(void *ctx, int arg)
{
	plugin_srcroute_ipv6_up();
	plugin_linkcheck_up();
	plugin_state_ip_up();
}

static void on_ipv6_down(void *ctx, int arg)
{
	plugin_linkcheck_down();
	plugin_srcroute_ipv6_down();
}

static void on_pppd_exit(void *ctx, int status)
{
	plugin_linkcheck_down();
	plugin_srcroute_stop();
	plugin_firewall_stop();
	plugin_state_exit();
}

void plugin_init(void)
{
	plugin_options_register();
	compat_add_notify(COMPAT_PHASE_CHANGE, on_phase_change, NULL);
	compat_add_notify(COMPAT_IP_UP, on_ip_up, NULL);
	compat_add_notify(COMPAT_IP_DOWN, on_ip_down, NULL);
	compat_add_notify(COMPAT_IPV6_UP, on_ipv6_up, NULL);
	compat_add_notify(COMPAT_IPV6_DOWN, on_ipv6_down, NULL);
	compat_add_notify(COMPAT_EXIT, on_pppd_exit, NULL);
	log_notice("version %s loaded, built for pppd %s", LTEPI_VERSION,
		   LTEPI_PPPD_VERSION);
}
