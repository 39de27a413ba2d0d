/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The nftables half of srcroute's connmark mode: one table per link,
 * "inet ltepi-sr-IFNAME", owned by ltepi. Connections that arrive on the
 * link get MARK in the mask bits of their conntrack mark; packets of those
 * connections coming from anywhere else (replies from local sockets in the
 * output route hook, replies from LAN hosts in prerouting, e.g. DNAT'd
 * flows) get the same bits in their packet mark, so the fwmark rule sends
 * them to table T. Only the bits within the mask are touched, so other
 * users of the mark keep theirs.
 *
 * The link is matched by interface name (iifname), not index: the rules are
 * installed once per up and a PPP interface is recreated on every connect.
 * Kept apart from srcroute.c so the rendering is testable without privileges.
 */
#ifndef LTEPI_SRCROUTE_NFT_H
#define LTEPI_SRCROUTE_NFT_H

#include <stddef.h>
#include <stdint.h>

struct nft;

/*
 * Renders the script that atomically (re)creates the table for ifname.
 * Returns the length written, -EINVAL if ifname is not a valid interface
 * name or mark has bits outside mask, -ENOSPC if buf is too small.
 */
int srcroute_nft_render(char *buf, size_t len, const char *ifname,
			uint32_t mark, uint32_t mask);

/* Name of the table for ifname ("ltepi-sr-ppp0"); same returns as above. */
int srcroute_nft_table_name(char *buf, size_t len, const char *ifname);

/*
 * Creates or replaces the table (one transaction). On failure returns -errno
 * and puts libnftables' message in err.
 */
int srcroute_nft_up(struct nft *nft, const char *ifname, uint32_t mark,
		    uint32_t mask, char *err, size_t errlen);

/* Deletes the table if it exists (one transaction). */
int srcroute_nft_down(struct nft *nft, const char *ifname, char *err,
		      size_t errlen);

#endif
