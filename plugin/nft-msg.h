/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What every nf_tables netlink message has in common, read without
 * libnftables: its family (struct nfgenmsg) and the table it belongs to,
 * which every object's message names in its first attribute
 * (NFTA_TABLE_NAME, NFTA_CHAIN_TABLE, NFTA_RULE_TABLE, NFTA_SET_TABLE,
 * NFTA_SET_ELEM_LIST_TABLE, NFTA_OBJ_TABLE and NFTA_FLOWTABLE_TABLE are
 * all 1). Shared by the event watch (nft-watch.c) and the replay
 * (nft-replay.c). Pure: no I/O, no allocation.
 */
#ifndef LTEPI_NFT_MSG_H
#define LTEPI_NFT_MSG_H

#include <stddef.h>
#include <stdint.h>
#include <linux/netlink.h>

/* The kernel's longest table, chain, set or object name with its NUL
 * (NFT_NAME_MAXLEN). */
#define NFT_MSG_NAME_MAX 256

/*
 * A name attribute's text: NULL unless the attribute (whose nla_len the
 * caller checked against its buffer) holds a NUL within NFT_MSG_NAME_MAX
 * bytes.
 */
const char *nft_attr_name(const struct nlattr *a);

/*
 * The table an nf_tables message names, and its family in *family.
 * NULL when the message is not an nf_tables one, is longer than the LEN
 * bytes that hold it, or names no table in a NUL-terminated attribute of
 * at most NFT_MSG_NAME_MAX bytes. The name points into the message.
 */
const char *nft_msg_table(const struct nlmsghdr *nlh, size_t len,
			  uint8_t *family);

#endif
