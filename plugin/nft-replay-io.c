/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The kernel's side of a replay (nft-replay.h): reading a table back with
 * dumps and sending the kept requests as one batch. The socket is the one
 * libnftables loaded the table with, since only the owner of an owned table
 * may delete it; everything sent is answered before returning, so that
 * libnftables finds the socket as it left it. Requests are built and dumps
 * read with the netlink plumbing source routing uses (srcroute-nl.h): it
 * speaks any netlink family.
 */
#include <errno.h>
#include <string.h>

#include <arpa/inet.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nf_tables.h>
#include <linux/netfilter/nfnetlink.h>
#include <linux/netlink.h>
#include <sys/socket.h>
#include <sys/uio.h>

#include "nft-replay-int.h"
#include "nft-replay.h"
#include "srcroute-nl.h"

/* Room for one answer's header and error code, and then some. */
#define ANSWER_BUF 4096

/* The last sequence number used on borrowed sockets ("lte\0" + n). */
static uint32_t last_seq = 0x6c746500;

/* A request of the nf_tables subsystem (or a batch marker: res_id). */
static void msg_init(struct rtnl_msg *m, uint16_t type, uint8_t family,
		     uint16_t res_id)
{
	struct nfgenmsg gen = { family, NFNETLINK_V0, htons(res_id) };

	rtnl_msg_init(m, type, 0, &gen, sizeof(gen));
	m->nlh.nlmsg_seq = ++last_seq;
}

static uint16_t nft_type(int msg)
{
	return (uint16_t)(NFNL_SUBSYS_NFTABLES << 8 | msg);
}

static int put_str(struct rtnl_msg *m, uint16_t type, const char *s)
{
	return rtnl_msg_put(m, type, s, strlen(s) + 1);
}

/* One datagram, without waiting: -EAGAIN when none is queued. */
static ssize_t receive(int fd, void *buf, size_t len)
{
	ssize_t n;

	do
		n = recv(fd, buf, len, MSG_DONTWAIT | MSG_TRUNC);
	while (n < 0 && errno == EINTR);
	return n < 0 ? -errno : n;
}

/* Discards what an earlier user of the socket left unread. */
static void drain(int fd)
{
	unsigned char buf[512];

	while (receive(fd, buf, sizeof(buf)) >= 0)
		;
}

static int take_one(const struct nlmsghdr *nlh, void *r)
{
	return nft_replay_take(r, nlh, nlh->nlmsg_len);
}

/* One dump, of r's table where the kernel filters by table, read to its
 * end even after a refusal (rtnl_dump()): a dump left running would make
 * libnftables' next one fail with EBUSY. */
static int dump(struct nft_replay *r, struct rtnl *nl, int msg, int table_attr,
		const char *set)
{
	struct rtnl_msg m;
	int ret = 0;

	msg_init(&m, nft_type(msg), NFPROTO_INET, 0);
	if (table_attr)
		ret = put_str(&m, (uint16_t)table_attr, r->table);
	if (ret == 0 && set)
		ret = put_str(&m, NFTA_SET_ELEM_LIST_SET, set);
	if (ret < 0)
		return ret;
	nl->seq = last_seq; /* rtnl_dump() numbers the request */
	ret = rtnl_dump(nl, &m, take_one, r);
	last_seq = nl->seq;
	return ret;
}

int nft_replay_capture(struct nft_replay *r, int fd)
{
	struct rtnl nl = { fd, 0, 0 };
	size_t tables = r->n_msgs;
	int ret;

	drain(fd);
	/* a table dump is all tables of the family: taking skips the rest */
	ret = dump(r, &nl, NFT_MSG_GETTABLE, 0, NULL);
	if (ret == 0 && r->n_msgs == tables)
		ret = -ENOENT;
	if (ret == 0)
		ret = dump(r, &nl, NFT_MSG_GETOBJ, NFTA_OBJ_TABLE, NULL);
	if (ret == 0)
		ret = dump(r, &nl, NFT_MSG_GETSET, NFTA_SET_TABLE, NULL);
	for (size_t i = 0; ret == 0 && i < r->n_sets; i++)
		ret = dump(r, &nl, NFT_MSG_GETSETELEM, NFTA_SET_ELEM_LIST_TABLE,
			   r->sets[i]);
	if (ret == 0)
		ret = dump(r, &nl, NFT_MSG_GETCHAIN, NFTA_CHAIN_TABLE, NULL);
	if (ret == 0)
		ret = dump(r, &nl, NFT_MSG_GETRULE, NFTA_RULE_TABLE, NULL);
	return ret;
}

/*
 * The kernel's first refusal among the answers queued for sequence numbers
 * [first, last]. libnftables' socket has no NETLINK_CAP_ACK, so a refusal
 * echoes its request, which may be cut short by the buffer:
 * nft_replay_refusal() needs only its start.
 */
static int read_answers(int fd, uint32_t first, uint32_t last)
{
	unsigned char buf[ANSWER_BUF] __attribute__((aligned(NLMSG_ALIGNTO)));
	ssize_t n;
	int ret = 0;

	while ((n = receive(fd, buf, sizeof(buf))) >= 0) {
		int e = nft_replay_refusal(
		    buf, (size_t)n < sizeof(buf) ? (size_t)n : sizeof(buf),
		    first, last);

		ret = ret ? ret : e;
	}
	return n == -EAGAIN ? ret : (ret ? ret : (int)n);
}

int nft_replay_send(struct nft_replay *r, int fd, bool replace_own)
{
	const uint32_t no_flags = htonl(0);
	struct rtnl_msg begin, declare, del, end;
	struct sockaddr_nl kernel = { .nl_family = AF_NETLINK };
	struct iovec iov[5];
	struct msghdr m = { &kernel, sizeof(kernel), iov, 0, NULL, 0, 0 };
	uint32_t first;
	ssize_t sent;
	int ret = 0;

	msg_init(&begin, NFNL_MSG_BATCH_BEGIN, AF_UNSPEC, NFNL_SUBSYS_NFTABLES);
	first = begin.nlh.nlmsg_seq;
	iov[m.msg_iovlen++] = (struct iovec){ &begin, begin.nlh.nlmsg_len };
	if (!replace_own) {
		/* as libnftables declares it: flags 0, which an owned
		 * table refuses (the kernel keeps the owner flag) */
		msg_init(&declare, nft_type(NFT_MSG_NEWTABLE), NFPROTO_INET, 0);
		ret = put_str(&declare, NFTA_TABLE_NAME, r->table);
		if (ret == 0)
			ret = rtnl_msg_put(&declare, NFTA_TABLE_FLAGS,
					   &no_flags, sizeof(no_flags));
		iov[m.msg_iovlen++] =
		    (struct iovec){ &declare, declare.nlh.nlmsg_len };
	}
	msg_init(&del, nft_type(NFT_MSG_DELTABLE), NFPROTO_INET, 0);
	if (ret == 0)
		ret = put_str(&del, NFTA_TABLE_NAME, r->table);
	if (ret < 0)
		return ret;
	iov[m.msg_iovlen++] = (struct iovec){ &del, del.nlh.nlmsg_len };
	for (size_t off = 0; off < r->len;) {
		struct nlmsghdr *h = (struct nlmsghdr *)(r->buf + off);

		h->nlmsg_seq = ++last_seq;
		off += NLMSG_ALIGN(h->nlmsg_len);
	}
	iov[m.msg_iovlen++] = (struct iovec){ r->buf, r->len };
	msg_init(&end, NFNL_MSG_BATCH_END, AF_UNSPEC, NFNL_SUBSYS_NFTABLES);
	iov[m.msg_iovlen++] = (struct iovec){ &end, end.nlh.nlmsg_len };
	drain(fd);
	/* the kernel runs the whole batch inside sendmsg(): answers are queued
	 */
	do
		sent = sendmsg(fd, &m, 0);
	while (sent < 0 && errno == EINTR);
	if (sent < 0)
		return -errno;
	return read_answers(fd, first, end.nlh.nlmsg_seq);
}
