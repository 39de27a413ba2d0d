/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A table as the kernel holds it, kept as the messages that create it and
 * sent again in one transaction: how a context loads the same script a
 * second time without compiling it again (nft.h, nft_load_owned()).
 *
 * Why: libnftables spends about 2 us per set element and 13 us per rule
 * parsing and evaluating text (bench/RESULTS.md, section 3); the kernel
 * takes a tenth of that to commit the same objects. A persist redial or a
 * watch reload loads the very script it loaded before, so the compiled
 * result can be reused: right after libnftables loaded the table, it is
 * read back from the kernel (one dump per object type) and every object
 * is turned into the request that creates it again.
 *
 * What is kept is decided per attribute, the way the kernel's own policies
 * list them: what says what the object is (names, flags, keys, hooks,
 * expressions, comments) is kept; what the kernel assigns or counts
 * (handles, use counts, the owner's port, counters' values, element
 * expirations) is dropped. Anything else, an attribute or an expression
 * this module does not know, makes nft_replay_take() refuse with
 * -EOPNOTSUPP: such a table is compiled each time instead, never replayed
 * with a part missing.
 *
 * Errors: 0 or a negative errno code (the kernel's for a refused request).
 */
#ifndef LTEPI_NFT_REPLAY_H
#define LTEPI_NFT_REPLAY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct nlmsghdr;
struct nft_replay;

/* An empty replay for table `table` of family inet; NULL on ENOMEM. */
struct nft_replay *nft_replay_new(const char *table);
void nft_replay_free(struct nft_replay *r);

/*
 * Adds the request that creates the object one dumped message describes
 * (NFT_MSG_NEWTABLE, NEWOBJ, NEWSET, NEWSETELEM, NEWCHAIN or NEWRULE, of
 * r's table). len is what the buffer holds from nlh on; the message must
 * fit in it. -EPROTO for a malformed message or another table's,
 * -EOPNOTSUPP for what cannot be created again (see above), -ENOMEM.
 * Pure: used on the kernel's answers and by the fuzz target.
 */
int nft_replay_take(struct nft_replay *r, const struct nlmsghdr *nlh,
		    size_t len);

/* The number of requests taken so far (tests). */
size_t nft_replay_count(const struct nft_replay *r);

/* The name of the table r keeps. */
const char *nft_replay_table(const struct nft_replay *r);

/*
 * The first refusal (a negative errno code) among the answers in buf, len
 * bytes of one datagram, to requests numbered first to last; 0 if none.
 * An answer may be cut short (the request it echoes did not fit): its
 * header and code are enough. Pure: the kernel's answers, and the tests.
 */
int nft_replay_refusal(const void *buf, size_t len, uint32_t first,
		       uint32_t last);

/*
 * Reads r's table from the kernel over fd, a NETLINK_NETFILTER socket with
 * nothing queued, and takes every object of it in the order a load needs
 * (table, named objects, sets and their elements, chains, rules). Each
 * dump is read to its end (rtnl_dump()), which the kernel always sends.
 * -ENOENT if the table does not exist, -EAGAIN if it changed while it was
 * read, or nft_replay_take()'s errors.
 */
int nft_replay_capture(struct nft_replay *r, int fd);

/*
 * Sends r as one transaction over fd: the table is deleted and created
 * again with everything r holds, or nothing changes. replace_own means the
 * table exists and fd's socket owns it (NFT_REPLACE_OWN, nft.h); without
 * it, an absent table is declared first so that the delete cannot fail,
 * as firewall_render()'s prologue does. Returns the kernel's first
 * refusal.
 */
int nft_replay_send(struct nft_replay *r, int fd, bool replace_own);

#endif
