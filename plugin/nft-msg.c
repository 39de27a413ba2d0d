/* SPDX-License-Identifier: GPL-2.0-or-later */
/* nf_tables message basics (see nft-msg.h). */
#include <string.h>
#include <linux/netfilter/nfnetlink.h>
#include <linux/netfilter/nf_tables.h>

#include "nft-msg.h"

#define TABLE_ATTR 1

const char *nft_attr_name(const struct nlattr *a)
{
	const char *s = (const char *)a + NLA_HDRLEN;
	size_t n = a->nla_len - NLA_HDRLEN;

	return n && n <= NFT_MSG_NAME_MAX && memchr(s, '\0', n) ? s : NULL;
}

const char *nft_msg_table(const struct nlmsghdr *nlh, size_t len,
			  uint8_t *family)
{
	const size_t hdr = NLMSG_HDRLEN + NLMSG_ALIGN(sizeof(struct nfgenmsg));
	const unsigned char *p = (const unsigned char *)nlh + hdr;
	size_t left;

	if (len < hdr || nlh->nlmsg_len < hdr || nlh->nlmsg_len > len ||
	    NFNL_SUBSYS_ID(nlh->nlmsg_type) != NFNL_SUBSYS_NFTABLES)
		return NULL;
	*family = ((const struct nfgenmsg *)NLMSG_DATA(nlh))->nfgen_family;
	left = nlh->nlmsg_len - hdr;
	while (left >= NLA_HDRLEN) {
		const struct nlattr *a = (const struct nlattr *)p;
		size_t step = NLA_ALIGN(a->nla_len);

		if (a->nla_len < NLA_HDRLEN || a->nla_len > left)
			return NULL;
		if ((a->nla_type & NLA_TYPE_MASK) == TABLE_ATTR)
			return nft_attr_name(a);
		if (step >= left)
			break;
		p += step;
		left -= step;
	}
	return NULL;
}
