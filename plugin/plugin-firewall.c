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
 * Holding the table: it is loaded with nftables' owner flag (nft.h,
 * NFT_OWNED) through one libnftables context that lives as long as pppd, so
 * no other process can delete or change it (nftables.service's "flush
 * ruleset", "nft delete table", firewalld and ufw reloads) and the kernel
 * deletes it when pppd exits, even by SIGKILL. A kernel older than 5.12
 * refuses the flag; then the plugin watches nftables events (nft-watch.h)
 * once a second and loads the profile again, atomically, whenever another
 * process touched the table. If that load fails, or the watch does, the
 * link is closed as for any firewall failure.
 *
 * nofirewall: an unowned table (an older ltepi's, or one from a kernel
 * without the owner flag, whose pppd was killed) judges whatever interface
 * has its name next. With nofirewall the
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
#include "nft-watch.h"
#include "plugin.h"
#include "profile.h"

/* How often the fallback watch is read (pppd 2.4 has no fd hook). */
#define WATCH_POLL_SECONDS 1

static struct profile *profile;
static struct nft *nft;
static char applied_ifname[32];
static bool failed_closed;
static bool remove_stale; /* nofirewall: delete a table left behind */
static bool no_owner;	  /* the kernel cannot own tables: watch instead */
static struct nft_watch *watch;

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

/* The table this pppd holds, as the flags of firewall.h want it. */
static unsigned int held_flags(void)
{
	return no_owner ? 0 : NFT_REPLACE_OWN;
}

static void remove_table(const char *ifname)
{
	char err[LTEPI_ERRLEN * 2];

	if (firewall_remove(nft, ifname, held_flags(), err, sizeof(err)) < 0)
		log_err("%s: firewall table not removed: %s", ifname, err);
	else
		log_notice("%s: firewall table removed", ifname);
}

static void watch_poll(void *arg);

/* Our own loads arrive as events too: read them before anyone else's. */
static int watch_drain(void)
{
	char table[64];

	snprintf(table, sizeof(table), FIREWALL_TABLE_PREFIX "%s",
		 applied_ifname);
	return nft_watch_touched(watch, table);
}

/* The kernel cannot own the table: fall back to watching it. */
static int start_watch(const char *ifname, char *err, size_t errlen)
{
	no_owner = true;
	watch = nft_watch_open();
	if (!watch) {
		snprintf(err, errlen,
			 "%s: the kernel cannot protect the table (no nftables "
			 "owner flag, Linux < 5.12) and watching nftables "
			 "events failed: %s",
			 ifname, strerror(errno));
		return -errno;
	}
	log_notice("%s: the kernel cannot protect the firewall table (no "
		   "nftables owner flag, Linux < 5.12); ltepi watches it and "
		   "loads the profile again when another program changes it",
		   ifname);
	compat_timeout(watch_poll, NULL, WATCH_POLL_SECONDS);
	return 0;
}

/*
 * Loads the profile for ifname: owned by this pppd where the kernel can,
 * replacing the table it holds already (same name, persist redial).
 */
static int load(const char *ifname, char *err, size_t errlen)
{
	bool ours = applied_ifname[0] && strcmp(applied_ifname, ifname) == 0;
	unsigned int flags = no_owner ? 0 : NFT_OWNED;
	int r;

	if (ours && !no_owner)
		flags |= NFT_REPLACE_OWN;
	r = firewall_apply(nft, ifname, profile, flags, err, errlen);
	if (r == -EOPNOTSUPP && !no_owner) {
		r = start_watch(ifname, err, errlen);
		if (r == 0)
			r = firewall_apply(nft, ifname, profile, 0, err,
					   errlen);
	}
	if (r < 0)
		return r;
	strncpy(applied_ifname, ifname, sizeof(applied_ifname) - 1);
	r = watch ? watch_drain() : 0;
	if (r < 0)
		snprintf(err, errlen,
			 "%s: watching the firewall table failed: %s", ifname,
			 strerror(-r));
	return r < 0 ? r : 0;
}

static void watch_poll(void *arg)
{
	char err[LTEPI_ERRLEN * 4];
	int r;

	(void)arg;
	if (!watch || !applied_ifname[0] || failed_closed)
		return;
	r = watch_drain();
	if (r > 0) {
		log_warn("%s: another program changed or deleted firewall "
			 "table inet %s%s; loading profile '%s' again",
			 applied_ifname, FIREWALL_TABLE_PREFIX, applied_ifname,
			 profile->name);
		r = load(applied_ifname, err, sizeof(err));
		if (r < 0) {
			fail_closed(err);
			return;
		}
	} else if (r < 0) {
		snprintf(err, sizeof(err),
			 "%s: watching the firewall table failed: %s",
			 applied_ifname, strerror(-r));
		fail_closed(err);
		return;
	}
	compat_timeout(watch_poll, NULL, WATCH_POLL_SECONDS);
}

static void apply(void)
{
	const char *ifname = compat_ifname();
	char err[LTEPI_ERRLEN * 4];
	unsigned long replays = nft_replays(nft);
	long long t0;

	/* persist without a fixed ifname: the unit, and the name, may move. */
	if (applied_ifname[0] && strcmp(applied_ifname, ifname) != 0) {
		remove_table(applied_ifname);
		applied_ifname[0] = '\0';
	}
	t0 = clock_now_us();
	if (load(ifname, err, sizeof(err)) < 0) {
		fail_closed(err);
		return;
	}
	/* "replayed": what the last load compiled, sent again (nft.h) */
	log_notice("%s: firewall profile '%s' in place before the link comes "
		   "up (table inet %s%s, %s, %s; %lld us)",
		   ifname, profile->name, FIREWALL_TABLE_PREFIX, ifname,
		   no_owner ? "watched" : "owned by this pppd",
		   nft_replays(nft) != replays ? "replayed" : "compiled",
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
	if (!names_ifname_valid(ifname))
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
	r = firewall_remove(nft, ifname, 0, err, sizeof(err));
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
	if (watch)
		compat_untimeout(watch_poll, NULL);
	nft_watch_free(watch);
	watch = NULL;
	if (nft && applied_ifname[0])
		remove_table(applied_ifname);
	applied_ifname[0] = '\0';
	nft_free(nft);
	nft = NULL;
	profile_free(profile);
	profile = NULL;
}

int plugin_firewall_refused(uint64_t *packets)
{
	char err[LTEPI_ERRLEN];

	if (!nft || !applied_ifname[0])
		return -ENOENT;
	return firewall_refused(nft, applied_ifname, packets, err, sizeof(err));
}
