/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * When to put back what another program removed, and when to stop.
 *
 * Restoring ltepi's rules and routes right after someone deletes them keeps
 * replies leaving by the link when an administrator runs "ip rule flush" or
 * a network manager reconfigures once. A manager that deletes every rule it
 * did not create (systemd-networkd's ManageForeignRoutingPolicyRules=yes,
 * its default) would delete them again at once, forever: two programs
 * fighting over the kernel's tables, each change waking the other. So the
 * guard counts removals and gives up at GUARD_LIMIT of them within
 * GUARD_WINDOW_US: the caller then logs one error naming the likely culprit
 * and leaves the link up without source routing.
 *
 * Pure: the caller passes the time (clock_now_us()); no I/O.
 */
#ifndef LTEPI_GUARD_H
#define LTEPI_GUARD_H

#include <stdbool.h>
#include <stddef.h>

#define GUARD_LIMIT	5
#define GUARD_WINDOW_US (60LL * 1000000)

struct guard {
	long long removed_at[GUARD_LIMIT]; /* ring of the latest removals */
	unsigned int n;			   /* entries used, <= GUARD_LIMIT */
	unsigned int next;		   /* where the next one goes */
	bool gave_up;
};

enum guard_verdict {
	GUARD_RESTORE, /* put the objects back */
	GUARD_GIVE_UP, /* the limit was reached now: log it, restore no more */
	GUARD_GAVE_UP, /* already given up: do nothing, say nothing */
};

/* A guard that restores again (on every link-up). */
void guard_reset(struct guard *g);

/* One removal seen at now_us (monotonic): what to do about it. */
enum guard_verdict guard_removed(struct guard *g, long long now_us);

/* Network managers found running, for the give-up message. */
#define GUARD_NETWORKD	     0x1u
#define GUARD_NETWORKMANAGER 0x2u

/*
 * The sentence naming the likely culprit and what to configure, for the
 * managers found (a bitmask of GUARD_*); written into buf.
 */
void guard_culprit_hint(unsigned int managers, char *buf, size_t len);

#endif
