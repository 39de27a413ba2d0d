/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * nft_replay_take() without a kernel: messages built here the way the
 * kernel dumps them. What an object is stays, what the kernel assigns or
 * counts goes, a set gets the id the kernel wants, and whatever this module
 * does not know (an attribute, a stateful expression, an object kind) or
 * cannot read (lengths past the end) is refused with nothing kept of it.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <linux/netfilter.h>
#include <linux/netfilter/nf_tables.h>
#include <linux/netfilter/nfnetlink.h>
#include <linux/netlink.h>

#include "../tap.h"
#include "nft-replay-int.h"
#include "nft-replay.h"

#define TABLE "ltepi-fw-ppp0"

struct msg {
	union {
		struct nlmsghdr h;
		unsigned char b[2048];
	} u;
	size_t nest[4];
	int depth;
};

static void msg_init(struct msg *m, int type, uint8_t family)
{
	struct nfgenmsg gen = { family, NFNETLINK_V0, 0 };

	memset(m, 0, sizeof(*m));
	m->u.h.nlmsg_len = NLMSG_HDRLEN + NLMSG_ALIGN(sizeof(gen));
	m->u.h.nlmsg_type = (uint16_t)(NFNL_SUBSYS_NFTABLES << 8 | type);
	m->u.h.nlmsg_flags = NLM_F_MULTI;
	memcpy(m->u.b + NLMSG_HDRLEN, &gen, sizeof(gen));
}

static void put(struct msg *m, uint16_t type, const void *data, size_t len)
{
	struct nlattr a = { (uint16_t)(NLA_HDRLEN + len), type };

	memcpy(m->u.b + m->u.h.nlmsg_len, &a, sizeof(a));
	if (len)
		memcpy(m->u.b + m->u.h.nlmsg_len + NLA_HDRLEN, data, len);
	m->u.h.nlmsg_len += NLA_ALIGN(NLA_HDRLEN + len);
}

static void put_str(struct msg *m, uint16_t type, const char *s)
{
	put(m, type, s, strlen(s) + 1);
}

static void put_u32(struct msg *m, uint16_t type, uint32_t v)
{
	v = htonl(v);
	put(m, type, &v, sizeof(v));
}

static void nest(struct msg *m, uint16_t type)
{
	m->nest[m->depth++] = m->u.h.nlmsg_len;
	put(m, type | NLA_F_NESTED, NULL, 0);
}

static void end(struct msg *m)
{
	size_t at = m->nest[--m->depth];
	uint16_t len = (uint16_t)(m->u.h.nlmsg_len - at);

	memcpy(m->u.b + at, &len, sizeof(len));
}

static void put_expr(struct msg *m, const char *name)
{
	nest(m, NFTA_LIST_ELEM);
	put_str(m, NFTA_EXPR_NAME, name);
	nest(m, NFTA_EXPR_DATA);
	put_u32(m, 1, 1);
	end(m);
	end(m);
}

/* The attribute types of the last request kept, in order, as "1 2 5". */
static const char *kept_types(const struct nft_replay *r, char *buf, size_t len)
{
	size_t off = 0, at, hdr = NLMSG_HDRLEN + NLMSG_ALIGN(4);
	const struct nlmsghdr *h = NULL;

	buf[0] = '\0';
	while (off < r->len) {
		h = (const struct nlmsghdr *)(r->buf + off);
		off += NLMSG_ALIGN(h->nlmsg_len);
	}
	if (!h)
		return buf;
	for (at = hdr; at < h->nlmsg_len;) {
		const struct nlattr *a =
		    (const struct nlattr *)((const unsigned char *)h + at);
		size_t n = strlen(buf);

		snprintf(buf + n, len - n, "%s%d", n ? " " : "",
			 a->nla_type & NLA_TYPE_MASK);
		at += NLA_ALIGN(a->nla_len);
	}
	return buf;
}

static const struct nlmsghdr *last(const struct nft_replay *r)
{
	size_t off = 0;
	const struct nlmsghdr *h = NULL;

	while (off < r->len) {
		h = (const struct nlmsghdr *)(r->buf + off);
		off += NLMSG_ALIGN(h->nlmsg_len);
	}
	return h;
}

static int take(struct nft_replay *r, struct msg *m)
{
	return nft_replay_take(r, &m->u.h, m->u.h.nlmsg_len);
}

static void test_table(void)
{
	struct nft_replay *r = nft_replay_new(TABLE);
	struct msg m;
	char types[128];

	msg_init(&m, NFT_MSG_NEWTABLE, NFPROTO_INET);
	put_str(&m, NFTA_TABLE_NAME, TABLE);
	put_u32(&m, NFTA_TABLE_FLAGS, NFT_TABLE_F_OWNER);
	put_u32(&m, NFTA_TABLE_USE, 7);
	put(&m, NFTA_TABLE_HANDLE, "\0\0\0\0\0\0\0\x2a", 8);
	put_u32(&m, NFTA_TABLE_OWNER, 1234);
	is_int(take(r, &m), 0, "table: taken");
	is_int((long long)nft_replay_count(r), 1, "  one request");
	is_str(kept_types(r, types, sizeof(types)), "1 2",
	       "  name and flags kept; use, handle and owner dropped");
	is_int(last(r)->nlmsg_flags, NLM_F_REQUEST,
	       "  a plain request, as libnftables sends it");
	msg_init(&m, NFT_MSG_NEWTABLE, NFPROTO_INET);
	put_str(&m, NFTA_TABLE_NAME, "filter");
	is_int(take(r, &m), 0, "another table: skipped");
	msg_init(&m, NFT_MSG_NEWTABLE, NFPROTO_IPV4);
	put_str(&m, NFTA_TABLE_NAME, TABLE);
	is_int(take(r, &m), 0, "the same name in family ip: skipped");
	is_int((long long)nft_replay_count(r), 1, "  neither kept");
	nft_replay_free(r);
}

static void test_chain_and_rule(void)
{
	struct nft_replay *r = nft_replay_new(TABLE);
	struct msg m;
	char types[128];
	size_t len;

	msg_init(&m, NFT_MSG_NEWCHAIN, NFPROTO_INET);
	put_str(&m, NFTA_CHAIN_TABLE, TABLE);
	put_str(&m, NFTA_CHAIN_NAME, "input");
	put(&m, NFTA_CHAIN_HANDLE, "\0\0\0\0\0\0\0\1", 8);
	nest(&m, NFTA_CHAIN_HOOK);
	put_u32(&m, NFTA_HOOK_HOOKNUM, NF_INET_LOCAL_IN);
	put_u32(&m, NFTA_HOOK_PRIORITY, (uint32_t)-10);
	end(&m);
	put_u32(&m, NFTA_CHAIN_POLICY, NF_ACCEPT);
	put_str(&m, NFTA_CHAIN_TYPE, "filter");
	put_u32(&m, NFTA_CHAIN_USE, 1);
	put_u32(&m, NFTA_CHAIN_FLAGS, 1);
	is_int(take(r, &m), 0, "chain: taken");
	is_str(kept_types(r, types, sizeof(types)), "1 3 4 5 7 10",
	       "  table, name, hook, policy, type, flags; no handle or use");
	is_int(last(r)->nlmsg_flags, NLM_F_REQUEST | NLM_F_CREATE, "  created");

	msg_init(&m, NFT_MSG_NEWRULE, NFPROTO_INET);
	put_str(&m, NFTA_RULE_TABLE, TABLE);
	put_str(&m, NFTA_RULE_CHAIN, "link_in");
	put(&m, NFTA_RULE_HANDLE, "\0\0\0\0\0\0\0\3", 8);
	nest(&m, NFTA_RULE_EXPRESSIONS);
	put_expr(&m, "payload");
	put_expr(&m, "lookup");
	put_expr(&m, "immediate");
	end(&m);
	put(&m, NFTA_RULE_USERDATA, "\0\4ssh", 5);
	is_int(take(r, &m), 0, "rule: taken");
	is_str(kept_types(r, types, sizeof(types)), "1 2 4 7",
	       "  table, chain, expressions, comment; no handle");
	is_int(last(r)->nlmsg_flags,
	       NLM_F_REQUEST | NLM_F_CREATE | NLM_F_APPEND, "  appended");

	len = r->len;
	msg_init(&m, NFT_MSG_NEWRULE, NFPROTO_INET);
	put_str(&m, NFTA_RULE_TABLE, TABLE);
	put_str(&m, NFTA_RULE_CHAIN, "link_in");
	nest(&m, NFTA_RULE_EXPRESSIONS);
	put_expr(&m, "counter");
	end(&m);
	is_int(take(r, &m), -EOPNOTSUPP,
	       "a rule with a counter (counts of its own): refused");
	is_int((long long)r->len, (long long)len, "  nothing of it kept");

	msg_init(&m, NFT_MSG_NEWRULE, NFPROTO_INET);
	put_str(&m, NFTA_RULE_TABLE, TABLE);
	nest(&m, NFTA_RULE_EXPRESSIONS);
	nest(&m, NFTA_LIST_ELEM);
	end(&m);
	end(&m);
	is_int(take(r, &m), -EPROTO, "an expression without a name: -EPROTO");

	msg_init(&m, NFT_MSG_NEWCHAIN, NFPROTO_INET);
	put_str(&m, NFTA_CHAIN_TABLE, TABLE);
	put_u32(&m, 40, 1);
	is_int(take(r, &m), -EOPNOTSUPP, "an attribute unknown here: refused");
	is_int((long long)nft_replay_count(r), 2, "  two requests kept in all");
	nft_replay_free(r);
}

static void test_set_and_elements(void)
{
	struct nft_replay *r = nft_replay_new(TABLE);
	struct msg m;
	char types[128];

	msg_init(&m, NFT_MSG_NEWSET, NFPROTO_INET);
	put_str(&m, NFTA_SET_TABLE, TABLE);
	put_str(&m, NFTA_SET_NAME, "allow_tcp");
	put(&m, NFTA_SET_HANDLE, "\0\0\0\0\0\0\0\5", 8);
	put_u32(&m, NFTA_SET_FLAGS, NFT_SET_INTERVAL);
	put_u32(&m, NFTA_SET_KEY_TYPE, 13);
	put_u32(&m, NFTA_SET_KEY_LEN, 2);
	put_str(&m, NFTA_SET_EXPRESSIONS + 1, "rbtree"); /* NFTA_SET_TYPE */
	put_u32(&m, NFTA_SET_EXPRESSIONS + 2, 3);	 /* NFTA_SET_COUNT */
	is_int(take(r, &m), 0, "set: taken");
	is_str(kept_types(r, types, sizeof(types)), "1 2 3 4 5 10",
	       "  no handle, backend or count; an id the kernel wants");
	is_int((long long)r->n_sets, 1, "  its elements are to be read");
	is_str(r->sets[0], "allow_tcp", "  by its name");

	msg_init(&m, NFT_MSG_NEWSETELEM, NFPROTO_INET);
	put_str(&m, NFTA_SET_ELEM_LIST_TABLE, TABLE);
	put_str(&m, NFTA_SET_ELEM_LIST_SET, "allow_tcp");
	nest(&m, NFTA_SET_ELEM_LIST_ELEMENTS);
	nest(&m, NFTA_LIST_ELEM);
	nest(&m, NFTA_SET_ELEM_KEY);
	put(&m, NFTA_DATA_VALUE, "\x00\x16", 2);
	end(&m);
	put(&m, NFTA_SET_ELEM_EXPIRATION, "\0\0\0\0\0\0\0\1", 8);
	put(&m, NFTA_SET_ELEM_USERDATA, "\0\5ssh:6", 7);
	end(&m);
	end(&m);
	is_int(take(r, &m), 0, "elements: taken");
	is_int(last(r)->nlmsg_len, m.u.h.nlmsg_len - 12,
	       "  the expiration is dropped, the rest kept");

	msg_init(&m, NFT_MSG_NEWSETELEM, NFPROTO_INET);
	put_str(&m, NFTA_SET_ELEM_LIST_TABLE, TABLE);
	put_str(&m, NFTA_SET_ELEM_LIST_SET, "allow_tcp");
	nest(&m, NFTA_SET_ELEM_LIST_ELEMENTS);
	nest(&m, NFTA_LIST_ELEM);
	nest(&m, NFTA_SET_ELEM_EXPRESSIONS);
	end(&m);
	end(&m);
	end(&m);
	is_int(take(r, &m), -EOPNOTSUPP,
	       "an element with expressions (state): refused");

	msg_init(&m, NFT_MSG_NEWSETELEM, NFPROTO_INET);
	put_str(&m, NFTA_SET_ELEM_LIST_TABLE, TABLE);
	put_str(&m, NFTA_SET_ELEM_LIST_SET, "empty");
	nest(&m, NFTA_SET_ELEM_LIST_ELEMENTS);
	end(&m);
	is_int(take(r, &m), 0, "an empty element list: nothing to create");
	is_int((long long)nft_replay_count(r), 2, "  not kept");

	msg_init(&m, NFT_MSG_NEWSET, NFPROTO_INET);
	put_str(&m, NFTA_SET_TABLE, TABLE);
	put_u32(&m, NFTA_SET_KEY_LEN, 2);
	is_int(take(r, &m), -EPROTO, "a set without a name: -EPROTO");
	nft_replay_free(r);
}

static void test_objects(void)
{
	struct nft_replay *r = nft_replay_new(TABLE);
	struct msg m;
	char types[128];

	msg_init(&m, NFT_MSG_NEWOBJ, NFPROTO_INET);
	put_str(&m, NFTA_OBJ_TABLE, TABLE);
	put_str(&m, NFTA_OBJ_NAME, "refused");
	put_u32(&m, NFTA_OBJ_TYPE, NFT_OBJECT_COUNTER);
	nest(&m, NFTA_OBJ_DATA);
	put(&m, NFTA_COUNTER_PACKETS, "\0\0\0\0\0\0\0\x09", 8);
	put(&m, NFTA_COUNTER_BYTES, "\0\0\0\0\0\0\x02\x00", 8);
	end(&m);
	put_u32(&m, NFTA_OBJ_USE, 2);
	is_int(take(r, &m), 0, "counter: taken");
	is_str(kept_types(r, types, sizeof(types)), "1 2 3 4",
	       "  table, name, type, data; no use");
	/* headers 16 + 4, table 20, name 12, type 8, an empty data nest 4 */
	is_int(last(r)->nlmsg_len, 64,
	       "  the data is empty: a new counter starts at zero");

	msg_init(&m, NFT_MSG_NEWOBJ, NFPROTO_INET);
	put_str(&m, NFTA_OBJ_TABLE, TABLE);
	put_str(&m, NFTA_OBJ_NAME, "q");
	put_u32(&m, NFTA_OBJ_TYPE, NFT_OBJECT_QUOTA);
	nest(&m, NFTA_OBJ_DATA);
	end(&m);
	is_int(take(r, &m), -EOPNOTSUPP, "a quota (what it used): refused");
	nft_replay_free(r);
}

static void test_malformed(void)
{
	struct nft_replay *r = nft_replay_new(TABLE);
	struct msg m;

	msg_init(&m, NFT_MSG_NEWTABLE, NFPROTO_INET);
	put_str(&m, NFTA_TABLE_NAME, TABLE);
	is_int(nft_replay_take(r, &m.u.h, m.u.h.nlmsg_len - 1), -EPROTO,
	       "a message longer than the buffer: -EPROTO");
	m.u.b[NLMSG_HDRLEN + 4] = 200; /* the name's length: past the end */
	is_int(take(r, &m), -EPROTO, "an attribute past the end: -EPROTO");
	msg_init(&m, NFT_MSG_GETTABLE, NFPROTO_INET);
	put_str(&m, NFTA_TABLE_NAME, TABLE);
	is_int(take(r, &m), -EPROTO, "a request, not an object: -EPROTO");
	msg_init(&m, NFT_MSG_NEWTABLE, NFPROTO_INET);
	m.u.h.nlmsg_type = NFNL_SUBSYS_CTNETLINK << 8;
	is_int(take(r, &m), -EPROTO, "another subsystem: -EPROTO");
	msg_init(&m, NFT_MSG_NEWTABLE, NFPROTO_INET);
	put(&m, NFTA_TABLE_NAME, "ltepi", 5);
	is_int(take(r, &m), -EPROTO, "a name without its NUL: -EPROTO");
	is_int((long long)nft_replay_count(r), 0, "  nothing kept");
	is_int((long long)r->len, 0, "  not a byte");
	ok(nft_replay_new(NULL) == NULL, "no table name: no replay");
	nft_replay_free(r);
	nft_replay_free(NULL);
}

/* An answer to request seq: error 0 is an acknowledgement. */
static size_t answer(unsigned char *at, uint32_t seq, int error,
		     uint32_t echoed)
{
	struct nlmsghdr h = { (uint32_t)NLMSG_LENGTH(sizeof(int)) + echoed,
			      NLMSG_ERROR, 0, seq, 0 };

	memcpy(at, &h, sizeof(h));
	memcpy(at + NLMSG_HDRLEN, &error, sizeof(error));
	return NLMSG_LENGTH(sizeof(int));
}

static void test_refusals(void)
{
	unsigned char buf[256] __attribute__((aligned(4))) = { 0 };
	size_t n;

	n = answer(buf, 7, 0, 0);
	is_int(nft_replay_refusal(buf, n, 5, 9), 0, "answers: an ack is 0");
	n = answer(buf, 7, -ENOENT, 0);
	is_int(nft_replay_refusal(buf, n, 5, 9), -ENOENT,
	       "  a refusal of request 7 of 5..9: its code");
	is_int(nft_replay_refusal(buf, n, 8, 9), 0,
	       "  of a request not in the range: someone else's");
	/* libnftables' socket echoes the request: 10000 bytes, cut short */
	n = answer(buf, 7, -EINVAL, 10000);
	is_int(nft_replay_refusal(buf, n, 5, 9), -EINVAL,
	       "  a refusal cut short by the buffer: still its code");
	n = answer(buf, 6, 0, 0);
	n += answer(buf + n, 8, -EEXIST, 0);
	is_int(nft_replay_refusal(buf, n, 5, 9), -EEXIST,
	       "  after an ack in the same datagram: found");
	n = answer(buf, 6, 0, UINT32_MAX - (uint32_t)NLMSG_LENGTH(sizeof(int)));
	is_int(nft_replay_refusal(buf, sizeof(buf), 5, 9), 0,
	       "  an ack claiming 4 GiB: 0, and no endless loop");
	memset(buf, 0, sizeof(buf));
	is_int(nft_replay_refusal(buf, sizeof(buf), 0, 9), 0,
	       "  zero-length headers: 0, and no endless loop");
	is_int(nft_replay_refusal(buf, 10, 0, 9), 0,
	       "  shorter than a header: 0");
}

int main(void)
{
	test_table();
	test_chain_and_rule();
	test_set_and_elements();
	test_objects();
	test_malformed();
	test_refusals();
	return tap_done();
}
