/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * pppd side of the firewall: when and what to apply, and failing closed.
 *
 * When: the profile is read and rendered once options are final (a broken
 * profile stops pppd before it dials). The table is loaded when pppd enters
 * PHASE_NETWORK from below: the interface exists and is down, its name is
 * known, and no NCP has started, so no IP packet has crossed it yet. ip-up
 * is too late (the interface is already up), and on Linux so is ip-pre-up
 * once IPv6CP is negotiated. The table stays across persist redials (it is
 * re-applied, atomically, on each) and goes when pppd exits.
 *
 * Failing closed: a notifier cannot refuse anything, so on failure the link
 * is closed from a zero-delay timer (lcp_close() inside the notifier would
 * run ipcp_down() nested in pppd's own call chain), persist is turned off so
 * pppd does not redial into the same error, and the exit status is
 * re-asserted when pppd reaches PHASE_DEAD, because a peer hanging up in
 * the meantime overwrites it.
 *
 * nofirewall: a pppd killed with SIGKILL leaves its table behind, and the
 * table judges whatever interface has its name next. With nofirewall the
 * plugin deletes "ltepi-fw-IFNAME" when it enters PHASE_NETWORK, the first
 * moment it knows IFNAME. No live link can own that table then: the
 * interface of that name is this pppd's, and a pppd whose link went down
 * re-applies its table under its new interface's name when it redials.
 * Without firewall-profile and without nofirewall, the plugin leaves
 * nftables alone.
 */
#include "pppd-compat.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "firewall.h"
#include "log.h"
#include "plugin.h"
#include "profile.h"

static struct profile *profile;
static struct nft *nft;
static char applied_ifname[32];
static bool failed_closed;
static bool remove_stale; /* nofirewall: delete a table left behind */

int plugin_firewall_start(void)
{
	char err[LTEPI_ERRLEN * 2];
	int r;

	remove_stale = ltepi_conf.nofirewall;
	if (!ltepi_conf.firewall)
		return 0;
	r = profile_load(ltepi_conf.firewall_profile, NULL, &profile, err,
			 sizeof(err));
	if (r < 0) {
		/* err names the file or the name already. */
		log_err("firewall-profile: %s", err);
		return r;
	}
	nft = nft_new();
	if (!nft) {
		r = -errno;
		log_err("firewall: cannot create an nftables context: %s",
			strerror(-r));
		return r;
	}
	log_info("firewall profile '%s' loaded (%zu rules, policy %s)",
		 profile->name, profile->n_rules,
		 profile->policy == PROFILE_POLICY_REJECT ? "reject" : "drop");
	return 0;
}

static void close_link(void *reason)
{
	lcp_close(0, reason);
}

/* why names the interface: firewall.c's messages do. */
static void fail_closed(const char *why)
{
	log_err("firewall profile '%s' not applied, closing the link: %s",
		profile->name, why);
	failed_closed = true;
	compat_no_persist();
	compat_set_status(EXIT_FATAL_ERROR);
	compat_timeout(close_link, "ltepi firewall failed", 0);
}

static void remove_table(const char *ifname)
{
	char err[LTEPI_ERRLEN * 2];

	if (firewall_remove(nft, ifname, err, sizeof(err)) < 0)
		log_err("%s: firewall table not removed: %s", ifname, err);
	else
		log_notice("%s: firewall table removed", ifname);
}

static void apply(void)
{
	const char *ifname = compat_ifname();
	char err[LTEPI_ERRLEN * 4];
	long long t0;

	/* persist without a fixed ifname: the unit, and the name, may move. */
	if (applied_ifname[0] && strcmp(applied_ifname, ifname) != 0) {
		remove_table(applied_ifname);
		applied_ifname[0] = '\0';
	}
	t0 = clock_now_us();
	if (firewall_apply(nft, ifname, profile, err, sizeof(err)) < 0) {
		fail_closed(err);
		return;
	}
	strncpy(applied_ifname, ifname, sizeof(applied_ifname) - 1);
	log_notice("%s: firewall profile '%s' in place before the link comes "
		   "up (table inet %s%s; %lld us)",
		   ifname, profile->name, FIREWALL_TABLE_PREFIX, ifname,
		   clock_now_us() - t0);
}

/*
 * nofirewall: the link comes up without a table whatever happens here, so
 * a failure is a warning that names the command to check by hand.
 */
static void remove_stale_table(void)
{
	const char *ifname = compat_ifname();
	char err[LTEPI_ERRLEN * 2];
	int r;

	/* A name no table can be made for has none to remove. */
	if (!firewall_ifname_valid(ifname))
		return;
	if (!nft)
		nft = nft_new();
	if (!nft) {
		r = -errno;
		snprintf(err, sizeof(err),
			 "cannot create an nftables context: %s", strerror(-r));
		goto out;
	}
	r = firewall_exists(nft, ifname, err, sizeof(err));
	if (r <= 0)
		goto out;
	r = firewall_remove(nft, ifname, err, sizeof(err));
	if (r == 0)
		log_notice("%s: nofirewall: removed the stale firewall table "
			   "inet %s%s left behind by a killed pppd",
			   ifname, FIREWALL_TABLE_PREFIX, ifname);
out:
	if (r < 0)
		log_warn("%s: nofirewall, but a stale firewall table may "
			 "remain (%s); see 'nft list table inet %s%s'",
			 ifname, err, FIREWALL_TABLE_PREFIX, ifname);
}

void plugin_firewall_phase(int phase, int previous)
{
	bool entering_network =
	    phase == PHASE_NETWORK && previous < PHASE_NETWORK;

	if (!profile) {
		if (remove_stale && entering_network)
			remove_stale_table();
		return;
	}
	if (entering_network && !failed_closed)
		apply();
	if (phase == PHASE_DEAD && failed_closed)
		compat_set_status(EXIT_FATAL_ERROR);
}

void plugin_firewall_stop(void)
{
	if (nft && applied_ifname[0])
		remove_table(applied_ifname);
	applied_ifname[0] = '\0';
	nft_free(nft);
	nft = NULL;
	profile_free(profile);
	profile = NULL;
}
