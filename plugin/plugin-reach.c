/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * pppd side of reachability: at ip-up, a notice when the link's IPv4
 * address is one the internet cannot reach (addrclass.h), once per address
 * for the life of pppd, so that a persist redial to the same address does
 * not repeat it. A global address logs nothing. The same for the link's
 * IPv6 addresses, as SLAAC or DHCPv6 add them after ipv6-up
 * (plugin-state.c reads them).
 */
#include "pppd-compat.h"

#include <netinet/in.h>
#include <string.h>
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

/* The IPv6 addresses noticed, so that each is said once per pppd. */
static struct in6_addr noticed6[8];
static unsigned int n_noticed6;

void plugin_reach_ipv6_address(const struct in6_addr *addr)
{
	char notice[512];
	unsigned int i;

	for (i = 0; i < n_noticed6; i++)
		if (!memcmp(&noticed6[i], addr, sizeof(*addr)))
			return;
	addrclass_notice(AF_INET6, addr, notice, sizeof(notice));
	if (!notice[0])
		return;
	noticed6[n_noticed6++ % 8] = *addr;
	if (n_noticed6 > 8)
		n_noticed6 = 8;
	log_notice("%s: %s", compat_ifname(), notice);
}
