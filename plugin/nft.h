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

#include <stddef.h>

struct nft;

/* Returns NULL with errno set. Free with nft_free() (NULL is fine). */
struct nft *nft_new(void);
void nft_free(struct nft *nft);

/*
 * Runs an nft script (one or more commands) as one atomic transaction:
 * either all of it applies or none. On failure returns -EIO (or -ENOMEM)
 * and copies the first lines of libnftables' error text into err.
 */
int nft_run(struct nft *nft, const char *script, char *err, size_t errlen);

/*
 * Like nft_run() for a command that lists something ("list table inet x"):
 * on success *out points to the output, valid until the next call.
 */
int nft_query(struct nft *nft, const char *cmd, const char **out, char *err,
	      size_t errlen);

#endif
