/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The kernel's side of a replay (nft-replay.h): reading a table back with
 * dumps and sending the kept requests as one batch. The socket is the one
 * libnftables loaded the table with, since only the owner of an owned table
 * may delete it; everything sent is answered before returning, so that
 * libnftables finds the socket as it left it.
 */
#include <errno.h>
#include <stdlib.h>
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

/* A dump part is at most 32 KiB for a reader (af_netlink.c). */
#define DUMP_BUF (64 * 1024)
/* Room for error answers: each is a header and the request echoed. */
#define ACK_BUF 8192
/* Requests built here: a header, the family header, two names. */
#define REQ_MAX (NLMSG_HDRLEN + 16 + 2 * (NLA_HDRLEN + NAME_MAX_LEN))

struct req {
	union {
		struct nlmsghdr nlh;
		unsigned char b[REQ_MAX];
	} u;
};

/* The sequence numbers of this process' requests on borrowed sockets. */
static uint32_t next_seq(void)
{
	static uint32_t seq = 0x6c746500; /* "lte\0": easy to spot */

	return ++seq;
}

static void req_init(struct req *q, uint16_t type, uint16_t flags,
		     uint8_t family, uint16_t res_id)
{
	struct nfgenmsg gen = { family, NFNETLINK_V0, htons(res_id) };

	memset(q, 0, sizeof(*q));
	q->u.nlh.nlmsg_len = NLMSG_HDRLEN + NLMSG_ALIGN(sizeof(gen));
	q->u.nlh.nlmsg_type = type;
	q->u.nlh.nlmsg_flags = flags;
	q->u.nlh.nlmsg_seq = next_seq();
	memcpy(q->u.b + NLMSG_HDRLEN, &gen, sizeof(gen));
}

static void req_put_str(struct req *q, uint16_t type, const char *s)
{
	size_t n = strlen(s) + 1;
	struct nlattr a = { (uint16_t)(NLA_HDRLEN + n), type };
	unsigned char *p = q->u.b + q->u.nlh.nlmsg_len;

	memcpy(p, &a, sizeof(a));
	memcpy(p + NLA_HDRLEN, s, n);
	q->u.nlh.nlmsg_len += NLA_ALIGN(NLA_HDRLEN + n);
}

static void req_put_u32(struct req *q, uint16_t type, uint32_t v)
{
	struct nlattr a = { NLA_HDRLEN + sizeof(v), type };
	unsigned char *p = q->u.b + q->u.nlh.nlmsg_len;

	v = htonl(v);
	memcpy(p, &a, sizeof(a));
	memcpy(p + NLA_HDRLEN, &v, sizeof(v));
	q->u.nlh.nlmsg_len += NLA_ALIGN(NLA_HDRLEN + sizeof(v));
}

static uint16_t nft_type(int msg)
{
	return (uint16_t)(NFNL_SUBSYS_NFTABLES << 8 | msg);
}

static int send_to_kernel(int fd, const struct msghdr *m)
{
	ssize_t n;

	do
		n = sendmsg(fd, m, 0);
	while (n < 0 && errno == EINTR);
	return n < 0 ? -errno : 0;
}

static int send_req(int fd, struct req *q)
{
	struct sockaddr_nl kernel = { .nl_family = AF_NETLINK };
	struct iovec iov = { q->u.b, q->u.nlh.nlmsg_len };
	struct msghdr m = { &kernel, sizeof(kernel), &iov, 1, NULL, 0, 0 };

	return send_to_kernel(fd, &m);
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

/*
 * Reads one dump to its end, taking each object of r's table. The end is
 * always read, even after a refusal: a dump left running makes the
 * socket's next dump fail with EBUSY, and the socket is libnftables'.
 */
static int read_dump(struct nft_replay *r, int fd, uint32_t seq)
{
	unsigned char *buf = malloc(DUMP_BUF);
	int ret = 0;

	if (!buf)
		return -ENOMEM;
	for (;;) {
		ssize_t n = receive(fd, buf, DUMP_BUF);
		const struct nlmsghdr *h = (const struct nlmsghdr *)buf;
		size_t left;

		if (n < 0 || n > DUMP_BUF) {
			/* EAGAIN: the kernel queues the next part on read */
			ret =
			    n < 0 ? (n == -EAGAIN ? -EIO : (int)n) : -EMSGSIZE;
			break;
		}
		for (left = (size_t)n; NLMSG_OK(h, left);
		     h = msg_next(h, &left)) {
			if (h->nlmsg_seq != seq)
				continue;
			if (h->nlmsg_type == NLMSG_DONE)
				goto out;
			if (h->nlmsg_type == NLMSG_ERROR) {
				const struct nlmsgerr *e = NLMSG_DATA(h);

				if (h->nlmsg_len >= NLMSG_LENGTH(sizeof(*e)) &&
				    e->error)
					ret = ret ? ret : e->error;
				goto out;
			}
			if (ret == 0)
				ret = nft_replay_take(r, h, left);
		}
	}
out:
	free(buf);
	return ret;
}

static int dump(struct nft_replay *r, int fd, int msg, int table_attr,
		const char *set)
{
	struct req q;
	int ret;

	req_init(&q, nft_type(msg), NLM_F_REQUEST | NLM_F_DUMP, NFPROTO_INET,
		 0);
	if (table_attr)
		req_put_str(&q, (uint16_t)table_attr, r->table);
	if (set)
		req_put_str(&q, NFTA_SET_ELEM_LIST_SET, set);
	ret = send_req(fd, &q);
	return ret < 0 ? ret : read_dump(r, fd, q.u.nlh.nlmsg_seq);
}

int nft_replay_capture(struct nft_replay *r, int fd)
{
	size_t tables = r->n_msgs;
	int ret;

	drain(fd);
	/* a table dump is all tables of the family: taking skips the rest */
	ret = dump(r, fd, NFT_MSG_GETTABLE, 0, NULL);
	if (ret == 0 && r->n_msgs == tables)
		ret = -ENOENT;
	if (ret == 0)
		ret = dump(r, fd, NFT_MSG_GETOBJ, NFTA_OBJ_TABLE, NULL);
	if (ret == 0)
		ret = dump(r, fd, NFT_MSG_GETSET, NFTA_SET_TABLE, NULL);
	for (size_t i = 0; ret == 0 && i < r->n_sets; i++)
		ret = dump(r, fd, NFT_MSG_GETSETELEM, NFTA_SET_ELEM_LIST_TABLE,
			   r->sets[i]);
	if (ret == 0)
		ret = dump(r, fd, NFT_MSG_GETCHAIN, NFTA_CHAIN_TABLE, NULL);
	if (ret == 0)
		ret = dump(r, fd, NFT_MSG_GETRULE, NFTA_RULE_TABLE, NULL);
	return ret;
}

/* The kernel's first refusal among the answers to seqs [first, last]. */
static int read_answers(int fd, uint32_t first, uint32_t last)
{
	unsigned char buf[ACK_BUF];
	ssize_t n;
	int ret = 0;

	while ((n = receive(fd, buf, sizeof(buf))) >= 0) {
		const struct nlmsghdr *h = (const struct nlmsghdr *)buf;
		size_t left = (size_t)n < sizeof(buf) ? (size_t)n : sizeof(buf);

		for (; NLMSG_OK(h, left); h = msg_next(h, &left)) {
			const struct nlmsgerr *e = NLMSG_DATA(h);

			if (h->nlmsg_type != NLMSG_ERROR ||
			    h->nlmsg_len < NLMSG_LENGTH(sizeof(e->error)) ||
			    h->nlmsg_seq - first > last - first)
				continue;
			if (e->error && !ret)
				ret = e->error;
		}
	}
	return n == -EAGAIN ? ret : (ret ? ret : (int)n);
}

int nft_replay_send(struct nft_replay *r, int fd, bool replace_own)
{
	struct req begin, declare, del, end;
	struct sockaddr_nl kernel = { .nl_family = AF_NETLINK };
	struct iovec iov[5];
	struct msghdr m = { &kernel, sizeof(kernel), iov, 0, NULL, 0, 0 };
	uint32_t first;
	size_t off;
	int ret;

	req_init(&begin, NFNL_MSG_BATCH_BEGIN, NLM_F_REQUEST, AF_UNSPEC,
		 NFNL_SUBSYS_NFTABLES);
	first = begin.u.nlh.nlmsg_seq;
	iov[m.msg_iovlen++] =
	    (struct iovec){ begin.u.b, begin.u.nlh.nlmsg_len };
	if (!replace_own) {
		/* as libnftables declares it: flags 0, which an owned
		 * table refuses (the kernel keeps the owner flag) */
		req_init(&declare, nft_type(NFT_MSG_NEWTABLE), NLM_F_REQUEST,
			 NFPROTO_INET, 0);
		req_put_str(&declare, NFTA_TABLE_NAME, r->table);
		req_put_u32(&declare, NFTA_TABLE_FLAGS, 0);
		iov[m.msg_iovlen++] =
		    (struct iovec){ declare.u.b, declare.u.nlh.nlmsg_len };
	}
	req_init(&del, nft_type(NFT_MSG_DELTABLE), NLM_F_REQUEST, NFPROTO_INET,
		 0);
	req_put_str(&del, NFTA_TABLE_NAME, r->table);
	iov[m.msg_iovlen++] = (struct iovec){ del.u.b, del.u.nlh.nlmsg_len };
	for (off = 0; off < r->len;) {
		struct nlmsghdr *h = (struct nlmsghdr *)(r->buf + off);

		h->nlmsg_seq = next_seq();
		off += NLMSG_ALIGN(h->nlmsg_len);
	}
	iov[m.msg_iovlen++] = (struct iovec){ r->buf, r->len };
	req_init(&end, NFNL_MSG_BATCH_END, NLM_F_REQUEST, AF_UNSPEC,
		 NFNL_SUBSYS_NFTABLES);
	iov[m.msg_iovlen++] = (struct iovec){ end.u.b, end.u.nlh.nlmsg_len };
	drain(fd);
	/* the kernel runs the whole batch inside sendmsg(): answers are queued
	 */
	ret = send_to_kernel(fd, &m);
	return ret < 0 ? ret : read_answers(fd, first, end.u.nlh.nlmsg_seq);
}
