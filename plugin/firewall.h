/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The link's inbound firewall: a profile (profile.h) rendered as one
 * nftables table per link, "table inet ltepi-fw-IFNAME", loaded and removed
 * through libnftables in single transactions.
 *
 * Shape (see ltepi-firewall(5) for the full ruleset):
 *  - base chains "input" and "forward" hook at priority filter - 10 with
 *    policy accept and judge only packets whose iifname is the link (by
 *    name, so the rules may load before the interface exists and survive
 *    its re-creation); they jump to "link_in" / "link_forward", which end
 *    in the profile's drop or reject.
 *  - nothing outside the table is ever touched: removal is one
 *    "delete table", and other firewalls' tables keep their own verdicts
 *    (an accept here does not override a drop there).
 *
 * Contract: functions return 0 or a negative errno code, log only at debug
 * level, and on failure write one complete sentence into err (the kernel's
 * or libnftables' text when they refused). A failed apply changes nothing:
 * the previous table, if any, stays as it was.
 */
#ifndef LTEPI_FIREWALL_H
#define LTEPI_FIREWALL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "nft.h"
#include "profile.h"

#define FIREWALL_TABLE_PREFIX "ltepi-fw-"
/* The table's named counter of the packets the profile's policy refused. */
#define FIREWALL_REFUSED_COUNTER "refused"

/*
 * 0 if ifname can name a link's table (names_ifname_valid(): pppd's
 * "ifname" option accepts more), else -EINVAL with the sentence saying why
 * in err; the functions below refuse such names with -EINVAL too.
 */
int firewall_check_ifname(const char *ifname, char *err, size_t errlen);

/*
 * flags below: NFT_OWNED, NFT_REPLACE_OWN (nft.h). The ltepi-firewall
 * command passes 0: an owned table would vanish when the command exits.
 */

/*
 * Renders the complete transaction that (re)creates the link's table, as
 * nft script text: deterministic, numeric addresses only, every rule
 * commented with "PROFILE:LINE TEXT". *script is malloc'd and owned by the
 * caller. -EINVAL for a bad ifname or unknown flags, -ENOMEM.
 */
__attribute__((warn_unused_result)) int
firewall_render(const struct profile *profile, const char *ifname,
		unsigned int flags, char **script);

/*
 * Runs a script from firewall_render(), as one transaction: for callers
 * that show or log the script before loading it (ltepi-firewall, tests).
 * On failure err holds the first line of the kernel's or libnftables'
 * complaint and nothing changed.
 */
__attribute__((warn_unused_result)) int
firewall_apply_script(struct nft *nft, const char *ifname, const char *script,
		      char *err, size_t errlen);

/*
 * firewall_render() + firewall_apply_script(): replaces any older table.
 * -EOPNOTSUPP when NFT_OWNED is asked of a kernel without the flag;
 * -EPERM when another process owns a table of that name.
 */
__attribute__((warn_unused_result)) int
firewall_apply(struct nft *nft, const char *ifname,
	       const struct profile *profile, unsigned int flags, char *err,
	       size_t errlen);

/*
 * Deletes the link's table; success if there is none (idempotent). With
 * NFT_REPLACE_OWN (the table exists and nft owns it) it deletes exactly
 * that table; with 0 any unowned one.
 */
__attribute__((warn_unused_result)) int
firewall_remove(struct nft *nft, const char *ifname, unsigned int flags,
		char *err, size_t errlen);

/* 1 if the link's table exists, 0 if not, or a negative errno code. */
__attribute__((warn_unused_result)) int
firewall_exists(struct nft *nft, const char *ifname, char *err, size_t errlen);

/*
 * The packets the link's profile refused (its policy drop or reject) since
 * the table was loaded: the kernel's named counter. 0 or a negative errno
 * code (-ENOENT: no table).
 */
int firewall_refused(struct nft *nft, const char *ifname, uint64_t *packets,
		     char *err, size_t errlen);

/* The packet count in nft's listing of a counter: 0 or -EINVAL. Pure. */
int firewall_parse_counter(const char *listing, uint64_t *packets);

#endif
