/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The nftables half of srcroute's connmark mode: one table per routing
 * table, "inet ltepi-sr-T", owned by ltepi (named for T, not for the
 * interface, because T is what a link owns: a pppd starting on table T
 * sweeps rules, routes and this table left by a predecessor that died).
 *
 *  - Connections that arrive on the link get MARK in the mask bits of their
 *    conntrack mark; packets of those connections coming from anywhere else
 *    (replies from local sockets in the output route hook, replies from LAN
 *    hosts in prerouting, e.g. DNAT'd flows) get the same bits in their
 *    packet mark, so the fwmark rule sends them to table T. Only the bits
 *    within the mask are touched, so other users of the mark keep theirs.
 *  - An IPv4 UDP service bound to 0.0.0.0 that answers with a plain sendto()
 * gets its reply's source from the main table (the LAN address) before any hook
 * runs, so the reply is not part of the request's connection and no mark can
 * find it. Each datagram that arrives on the link records "client . client port
 * . local port -> local address" in a timed map; an output route chain running
 * before conntrack puts the recorded address back as the reply's source, which
 * makes the reply part of the request's connection and re-runs the routing
 * decision ("from ADDR lookup T").
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

/* How long a UDP client's return address is remembered after its last
 * datagram: conntrack's timeout for a UDP stream. */
#define SRCROUTE_NFT_UDP_TIMEOUT 120
/* Entries; when full, new flows fall back to the main table. */
#define SRCROUTE_NFT_UDP_SIZE 8192

/* Name of the table for routing table T ("ltepi-sr-200"); length or -ENOSPC. */
int srcroute_nft_table_name(char *buf, size_t len, uint32_t table);

/*
 * Renders the script that atomically (re)creates the table for routing
 * table T on ifname; flags as in nft.h (NFT_OWNED, NFT_REPLACE_OWN).
 * Returns the length written, -EINVAL if table is 0, ifname is not valid,
 * mark has bits outside mask or flags are unknown, -ENOSPC if buf is too
 * small.
 */
int srcroute_nft_render(char *buf, size_t len, uint32_t table,
			const char *ifname, uint32_t mark, uint32_t mask,
			unsigned int flags);

/*
 * Creates or replaces the table (one transaction). On failure returns -errno
 * (-EOPNOTSUPP: NFT_OWNED on a kernel without it) and puts the reason in
 * err.
 */
int srcroute_nft_up(struct nft *nft, uint32_t table, const char *ifname,
		    uint32_t mark, uint32_t mask, unsigned int flags, char *err,
		    size_t errlen);

/*
 * Deletes the table (one transaction), owned by nft or not owned at all.
 * Returns 1 if it existed, 0 if not, -errno with libnftables' message in
 * err.
 */
int srcroute_nft_down(struct nft *nft, uint32_t table, char *err,
		      size_t errlen);

#endif
