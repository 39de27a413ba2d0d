/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The pppd side of ltepi.so: entry points and the adapter's shared state.
 * Only plugin*.c and log-pppd.c include pppd's headers.
 */
#ifndef LTEPI_PLUGIN_H
#define LTEPI_PLUGIN_H

#include <stdbool.h>
#include <stdint.h>

#include "options.h"
#include "reach.h"

struct link_state;

#define LTEPI_EXPORT __attribute__((visibility("default")))

/* pppd looks these two up with dlsym(); no pppd header declares them. */
LTEPI_EXPORT void plugin_init(void);
LTEPI_EXPORT extern char pppd_version[];

/* Filled by the option table (plugin-options.c), final at the first event. */
extern struct ltepi_conf ltepi_conf;

void plugin_options_register(void);

/*
 * Feature adapters. *_start() runs once options are final and returns
 * -errno for a problem that must stop pppd (it has logged why); the event
 * functions log their own outcome and never fail pppd.
 */
int plugin_srcroute_start(void);
void plugin_srcroute_ip_up(void);
void plugin_srcroute_phase(int phase);
void plugin_srcroute_ip_down(void);
void plugin_srcroute_ipv6_up(void);
void plugin_srcroute_ipv6_down(void);
void plugin_srcroute_stop(void);

/*
 * Reachability (plugin-reach.c): the address-class notice at ip-up, and
 * the reach-check self-check from ip-up (IPv4 server) or ipv6-up (IPv6
 * server) until its verdict or the matching down.
 */
void plugin_reach_ip_up(void);
/* A notice, once per address, for an IPv6 address the internet cannot
 * reach (link-local ones are not passed). */
struct in6_addr;
void plugin_reach_ipv6_address(const struct in6_addr *addr);
void plugin_reach_ip_down(void);
void plugin_reach_ipv6_up(void);
void plugin_reach_ipv6_down(void);
/*
 * The self-check's verdict for state and metrics (reach.h): REACH_NONE
 * without reach-check, before the first up and after a down that came
 * before the verdict; REACH_PENDING while asking (at most
 * stun_total_wait_ms() after the up); then PUBLIC, NAT or NO_ANSWER,
 * kept until the next up starts a new check. A copy: safe to keep.
 */
struct reach_verdict plugin_reach_verdict(void);

/* The link check runs from the first of ip-up/ipv6-up to the first down. */
int plugin_linkcheck_start(void);
void plugin_linkcheck_up(void);
void plugin_linkcheck_down(void);

struct plugin_linkcheck_status {
	bool enabled;
	unsigned int failures; /* failed checks in a row now */
	unsigned int restarts; /* restarts by the check since pppd started */
};
void plugin_linkcheck_status(struct plugin_linkcheck_status *out);

/*
 * The link's state and metrics files (lib/linkstate.h, lib/metrics.h),
 * kept from the first phase change to pppd's exit, and the hooks run on
 * the link's events (plugin-hooks.c). None of them can fail the link.
 */
void plugin_state_start(void);
void plugin_state_phase(int phase);
void plugin_state_ip_up(void);
void plugin_state_ip_down(void);
void plugin_state_exit(void);
/* Now, not at the next 30 s: the link's IPv6 addresses changed. */
void plugin_state_refresh(void);
/* The state as last written; NULL before the first phase change. */
const struct link_state *plugin_state_current(void);
/*
 * The IPv4 address the link had on its up before the latest one ("" if
 * none), and whether the latest up brought another one. plugin-state.c
 * owns both; the hooks and the journal read them.
 */
const char *plugin_state_previous_local(void);
bool plugin_state_address_changed(void);

/*
 * A structured journal entry for a key event (lib/journal.h), beside
 * pppd's own log line; nothing without journald. priority: syslog's.
 */
enum journal_event;
__attribute__((format(printf, 3, 4))) void
plugin_journal(enum journal_event e, int priority, const char *fmt, ...);

void plugin_hooks_ip_up(void);
void plugin_hooks_ip_down(void);

int plugin_firewall_start(void);
/* The packets the link's profile refused so far: 0, or -errno (none). */
int plugin_firewall_refused(uint64_t *packets);
void plugin_firewall_phase(int phase, int previous);
void plugin_firewall_stop(void);

#endif
