/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Restore or give up (see guard.h). */
#include <stdio.h>
#include <string.h>

#include "guard.h"

void guard_reset(struct guard *g)
{
	memset(g, 0, sizeof(*g));
}

enum guard_verdict guard_removed(struct guard *g, long long now_us)
{
	unsigned int oldest, recent = 0;

	if (g->gave_up)
		return GUARD_GAVE_UP;
	g->removed_at[g->next] = now_us;
	g->next = (g->next + 1) % GUARD_LIMIT;
	if (g->n < GUARD_LIMIT)
		g->n++;
	/* the ring is full: its oldest entry is where the next one goes */
	oldest = g->n == GUARD_LIMIT ? g->next : 0;
	for (unsigned int i = 0; i < g->n; i++)
		if (now_us - g->removed_at[(oldest + i) % GUARD_LIMIT] <
		    GUARD_WINDOW_US)
			recent++;
	if (recent < GUARD_LIMIT)
		return GUARD_RESTORE;
	g->gave_up = true;
	return GUARD_GIVE_UP;
}

void guard_culprit_hint(unsigned int managers, char *buf, size_t len)
{
	const char *networkd =
	    "systemd-networkd is running: it deletes routing policy rules it "
	    "did not create unless /etc/systemd/networkd.conf has "
	    "ManageForeignRoutingPolicyRules=no and ManageForeignRoutes=no "
	    "under [Network]";
	const char *nm =
	    "NetworkManager is running: make it leave the PPP "
	    "interface alone (unmanaged-devices=interface-name:"
	    "ppp* in NetworkManager.conf) and keep its connections "
	    "off ltepi's routing table";
	const char *unknown =
	    "another program keeps deleting them (a network manager, a "
	    "script running 'ip rule flush' or 'ip route flush'); make it "
	    "leave rules and routes with protocol ltepi alone";

	if ((managers & GUARD_NETWORKD) && (managers & GUARD_NETWORKMANAGER))
		snprintf(buf, len, "%s; %s", networkd, nm);
	else if (managers & GUARD_NETWORKD)
		snprintf(buf, len, "%s", networkd);
	else if (managers & GUARD_NETWORKMANAGER)
		snprintf(buf, len, "%s", nm);
	else
		snprintf(buf, len, "%s", unknown);
}
