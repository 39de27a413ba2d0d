/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * pppd side of reachability: at ip-up, a notice when the link's IPv4
 * address is one the internet cannot reach (addrclass.h), once per address
 * for the life of pppd, so that a persist redial to the same address does
 * not repeat it. A global address logs nothing.
 */
#include "pppd-compat.h"

#include <netinet/in.h>
#include <sys/socket.h>

#include "addrclass.h"
#include "log.h"
#include "plugin.h"

static uint32_t noticed; /* the last address noticed, network order */

void plugin_reach_ip_up(void)
{
	uint32_t local = compat_ip_local();
	char notice[512];

	if (local == noticed)
		return;
	addrclass_notice(AF_INET, &local, notice, sizeof(notice));
	if (!notice[0])
		return;
	noticed = local;
	log_notice("%s: %s", compat_ifname(), notice);
}
