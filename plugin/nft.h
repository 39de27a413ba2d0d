/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A small wrapper over libnftables shared by the firewall and connmark
 * routing: one context, output and errors captured in memory (libnftables
 * writes to stdout/stderr otherwise, which inside pppd is the log file or
 * /dev/null), and one function that runs a script as a single transaction.
 *
 * libnftables resolves host names with getaddrinfo(); callers must render
 * numeric addresses only so that nothing blocks pppd's main loop.
 */
#ifndef LTEPI_NFT_H
#define LTEPI_NFT_H

#include <stdbool.h>
#include <stddef.h>

struct nft;

/*
 * How ltepi's tables are held against other processes (the flags of
 * firewall.h and srcroute-nft.h):
 *
 * NFT_OWNED: the table carries nftables' "owner" flag (Linux >= 5.12). It
 * belongs to the netlink socket of the context that loads it: no other
 * process can change or delete it ("flush ruleset", nftables.service and
 * "nft delete table" leave it alone), and the kernel deletes it when that
 * socket closes, so it lives exactly as long as the context (pppd). A
 * kernel without the flag refuses the load with -EOPNOTSUPP.
 *
 * NFT_REPLACE_OWN: the table exists and this context owns it. The kernel
 * refuses to change a table's owner flag, so the "declare, then delete"
 * prologue that replaces an absent or unowned table (one left by a kill -9
 * on an older kernel) cannot touch an owned one: with this flag the script
 * deletes and recreates it in the same transaction instead.
 */
#define NFT_OWNED	0x1u
#define NFT_REPLACE_OWN 0x2u

/* Returns NULL with errno set. Free with nft_free() (NULL is fine). */
struct nft *nft_new(void);
void nft_free(struct nft *nft);

/*
 * Runs an nft script (one or more commands) as one atomic transaction:
 * either all of it applies or none. On failure returns -EOPNOTSUPP or
 * -EPERM when the kernel said so, -EIO for anything else, and copies the
 * first line of libnftables' error text into err.
 */
int nft_run(struct nft *nft, const char *script, char *err, size_t errlen);

/*
 * Like nft_run() for a command that lists something ("list table inet x"):
 * on success *out points to the output, valid until the next call.
 */
int nft_query(struct nft *nft, const char *cmd, const char **out, char *err,
	      size_t errlen);

/*
 * Like nft_run() for a script that (re)creates inet table `table` with the
 * owner flag (flags: NFT_OWNED, and NFT_REPLACE_OWN when this context owns
 * the table already). key says what the script creates, whatever its
 * prologue: after a load, the table is read back and kept (nft-replay.h),
 * and a later load of the same table and key sends the kept requests in
 * one transaction instead of compiling the script again (a tenth of the
 * time for a 200-port set). A replay the kernel refuses changes nothing
 * and is followed by compiling the script, so the result and its error
 * message are always the script's. Without NFT_OWNED this is nft_run():
 * a table others can change is not read back as if it were ours.
 */
int nft_load_owned(struct nft *nft, const char *table, const char *key,
		   const char *script, unsigned int flags, char *err,
		   size_t errlen);

/* Loads replayed so far by nft_load_owned() (tests, bench). */
unsigned long nft_replays(const struct nft *nft);

/* on false: forget every kept table, and compile every load from now on
 * (bench, tests). */
void nft_set_replay(struct nft *nft, bool on);

#endif
