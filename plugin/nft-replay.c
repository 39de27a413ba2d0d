/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Keeps a loaded table as the requests that create it (see nft-replay.h).
 * Requests are stored back to back in one buffer, as they go on the wire;
 * nested attributes are written by offset since the buffer moves as it
 * grows.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <arpa/inet.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nf_tables.h>
#include <linux/netfilter/nfnetlink.h>
#include <linux/netlink.h>

#include "nft-msg.h"
#include "nft-replay-int.h"
#include "nft-replay.h"

/* What happens to one attribute of a dumped object. */
enum action {
	REFUSE = 0, /* unknown here: the table is not replayed */
	KEEP,	    /* what the object is: copied */
	DROP,	    /* assigned or counted by the kernel */
	ELEMENTS,   /* a set's element list: each element filtered */
	EXPRS,	    /* a rule's expressions: each checked, then copied */
	OBJ_DATA,   /* a named object's state: an empty one instead */
};

struct policy {
	const unsigned char *actions;
	size_t n;
	uint16_t flags; /* of the request that creates it */
};

static const unsigned char table_actions[] = {
	[NFTA_TABLE_NAME] = KEEP,  [NFTA_TABLE_FLAGS] = KEEP,
	[NFTA_TABLE_USE] = DROP,   [NFTA_TABLE_HANDLE] = DROP,
	[NFTA_TABLE_PAD] = DROP,   [NFTA_TABLE_USERDATA] = KEEP,
	[NFTA_TABLE_OWNER] = DROP,
};

static const unsigned char chain_actions[] = {
	[NFTA_CHAIN_TABLE] = KEEP,  [NFTA_CHAIN_HANDLE] = DROP,
	[NFTA_CHAIN_NAME] = KEEP,   [NFTA_CHAIN_HOOK] = KEEP,
	[NFTA_CHAIN_POLICY] = KEEP, [NFTA_CHAIN_USE] = DROP,
	[NFTA_CHAIN_TYPE] = KEEP,   [NFTA_CHAIN_COUNTERS] = DROP,
	[NFTA_CHAIN_PAD] = DROP,    [NFTA_CHAIN_FLAGS] = KEEP,
	[NFTA_CHAIN_ID] = DROP,	    [NFTA_CHAIN_USERDATA] = KEEP,
};

static const unsigned char rule_actions[] = {
	[NFTA_RULE_TABLE] = KEEP,	[NFTA_RULE_CHAIN] = KEEP,
	[NFTA_RULE_HANDLE] = DROP,	[NFTA_RULE_EXPRESSIONS] = EXPRS,
	[NFTA_RULE_POSITION] = DROP,	[NFTA_RULE_USERDATA] = KEEP,
	[NFTA_RULE_PAD] = DROP,		[NFTA_RULE_ID] = DROP,
	[NFTA_RULE_POSITION_ID] = DROP, [NFTA_RULE_CHAIN_ID] = DROP,
};

/*
 * Newer kernels also report the backend chosen and the element count
 * (NFTA_SET_TYPE and NFTA_SET_COUNT, after NFTA_SET_EXPRESSIONS);
 * this build's headers may predate them. Both are the kernel's to decide.
 */
#define SET_TYPE  (NFTA_SET_EXPRESSIONS + 1)
#define SET_COUNT (NFTA_SET_EXPRESSIONS + 2)

static const unsigned char set_actions[] = {
	[NFTA_SET_TABLE] = KEEP,    [NFTA_SET_NAME] = KEEP,
	[NFTA_SET_FLAGS] = KEEP,    [NFTA_SET_KEY_TYPE] = KEEP,
	[NFTA_SET_KEY_LEN] = KEEP,  [NFTA_SET_DATA_TYPE] = KEEP,
	[NFTA_SET_DATA_LEN] = KEEP, [NFTA_SET_POLICY] = KEEP,
	[NFTA_SET_DESC] = KEEP,	    [NFTA_SET_ID] = DROP,
	[NFTA_SET_TIMEOUT] = KEEP,  [NFTA_SET_GC_INTERVAL] = KEEP,
	[NFTA_SET_USERDATA] = KEEP, [NFTA_SET_PAD] = DROP,
	[NFTA_SET_OBJ_TYPE] = KEEP, [NFTA_SET_HANDLE] = DROP,
	[SET_TYPE] = DROP,	    [SET_COUNT] = DROP,
};

static const unsigned char setelem_list_actions[] = {
	[NFTA_SET_ELEM_LIST_TABLE] = KEEP,
	[NFTA_SET_ELEM_LIST_SET] = KEEP,
	[NFTA_SET_ELEM_LIST_ELEMENTS] = ELEMENTS,
};

static const unsigned char setelem_actions[] = {
	[NFTA_SET_ELEM_KEY] = KEEP,	   [NFTA_SET_ELEM_DATA] = KEEP,
	[NFTA_SET_ELEM_FLAGS] = KEEP,	   [NFTA_SET_ELEM_TIMEOUT] = KEEP,
	[NFTA_SET_ELEM_EXPIRATION] = DROP, [NFTA_SET_ELEM_USERDATA] = KEEP,
	[NFTA_SET_ELEM_PAD] = DROP,	   [NFTA_SET_ELEM_OBJREF] = KEEP,
	[NFTA_SET_ELEM_KEY_END] = KEEP,
};

static const unsigned char obj_actions[] = {
	[NFTA_OBJ_TABLE] = KEEP, [NFTA_OBJ_NAME] = KEEP,
	[NFTA_OBJ_TYPE] = KEEP,	 [NFTA_OBJ_DATA] = OBJ_DATA,
	[NFTA_OBJ_USE] = DROP,	 [NFTA_OBJ_HANDLE] = DROP,
	[NFTA_OBJ_PAD] = DROP,	 [NFTA_OBJ_USERDATA] = KEEP,
};

/* The request flags are libnftables' own for the same objects. */
#define POLICY(a, f)                                                           \
	{                                                                      \
		a, sizeof(a), NLM_F_REQUEST | (f)                              \
	}
#define CREATE NLM_F_CREATE

static const struct policy *policy_of(int type)
{
	static const struct policy table = POLICY(table_actions, 0),
				   chain = POLICY(chain_actions, CREATE),
				   rule = POLICY(rule_actions,
						 CREATE | NLM_F_APPEND),
				   set = POLICY(set_actions, CREATE),
				   elems = POLICY(setelem_list_actions, CREATE),
				   obj = POLICY(obj_actions, CREATE);

	switch (type) {
	case NFT_MSG_NEWTABLE:
		return &table;
	case NFT_MSG_NEWCHAIN:
		return &chain;
	case NFT_MSG_NEWRULE:
		return &rule;
	case NFT_MSG_NEWSET:
		return &set;
	case NFT_MSG_NEWSETELEM:
		return &elems;
	case NFT_MSG_NEWOBJ:
		return &obj;
	default:
		return NULL;
	}
}

/*
 * Expressions without state of their own, whose dump is exactly what
 * creates them (a counter's or a quota's would carry its counts over).
 */
static bool expr_replayable(const char *name)
{
	static const char *const names[] = {
		"payload",   "meta",   "ct",	 "cmp",	      "bitwise",
		"byteorder", "lookup", "range",	 "immediate", "objref",
		"limit",     "log",    "reject", "exthdr",    "fib",
	};

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(name, names[i]) == 0)
			return true;
	return false;
}

/* ---- attribute walking (everything the kernel sent is checked) ---- */

struct attrs {
	const unsigned char *p;
	size_t left;
};

/* The next attribute, or NULL at the end; *bad when it does not fit. */
static const struct nlattr *next_attr(struct attrs *it, bool *bad)
{
	const struct nlattr *a = (const struct nlattr *)it->p;
	size_t step;

	if (it->left < NLA_HDRLEN) {
		*bad |= it->left != 0;
		return NULL;
	}
	if (a->nla_len < NLA_HDRLEN || a->nla_len > it->left) {
		*bad = true;
		return NULL;
	}
	step = NLA_ALIGN(a->nla_len);
	it->p += step > it->left ? it->left : step;
	it->left -= step > it->left ? it->left : step;
	return a;
}

static struct attrs payload_of(const struct nlattr *a)
{
	return (struct attrs){ (const unsigned char *)a + NLA_HDRLEN,
			       a->nla_len - NLA_HDRLEN };
}

static int attr_type(const struct nlattr *a)
{
	return a->nla_type & NLA_TYPE_MASK;
}

/* ---- building requests in r->buf ---- */

static int reserve(struct nft_replay *r, size_t more)
{
	size_t cap = r->cap ? r->cap : 4096;
	unsigned char *p;

	if (r->len + more <= r->cap)
		return 0;
	while (cap < r->len + more)
		cap *= 2;
	p = realloc(r->buf, cap);
	if (!p)
		return -ENOMEM;
	r->buf = p;
	r->cap = cap;
	return 0;
}

/* Appends an attribute header and len bytes; returns its offset or -1. */
static long put_attr(struct nft_replay *r, uint16_t type, const void *data,
		     size_t len)
{
	size_t size = NLA_ALIGN(NLA_HDRLEN + len);
	struct nlattr a = { (uint16_t)(NLA_HDRLEN + len), type };
	long at = (long)r->len;

	if (NLA_HDRLEN + len > UINT16_MAX || reserve(r, size) < 0)
		return -1;
	memcpy(r->buf + r->len, &a, sizeof(a));
	if (len)
		memcpy(r->buf + r->len + NLA_HDRLEN, data, len);
	memset(r->buf + r->len + NLA_HDRLEN + len, 0, size - NLA_HDRLEN - len);
	r->len += size;
	return at;
}

static int copy_attr(struct nft_replay *r, const struct nlattr *a)
{
	return put_attr(r, a->nla_type, (const unsigned char *)a + NLA_HDRLEN,
			a->nla_len - NLA_HDRLEN) < 0
		   ? -ENOMEM
		   : 0;
}

/* Closes a nest opened by put_attr(r, type, NULL, 0) at offset at. */
static int end_nest(struct nft_replay *r, long at)
{
	size_t len = r->len - (size_t)at;
	uint16_t n = (uint16_t)len;

	if (len > UINT16_MAX)
		return -EMSGSIZE;
	memcpy(r->buf + at, &n, sizeof(n));
	return 0;
}

/* One element of a set: the attributes that make it, filtered. */
static int take_element(struct nft_replay *r, const struct nlattr *elem)
{
	struct attrs it = payload_of(elem);
	const struct nlattr *a;
	bool bad = false;
	long nest = put_attr(r, elem->nla_type, NULL, 0);
	int ret = nest < 0 ? -ENOMEM : 0;

	while (ret == 0 && (a = next_attr(&it, &bad))) {
		int t = attr_type(a);
		int act = (size_t)t < sizeof(setelem_actions)
			      ? setelem_actions[t]
			      : REFUSE;

		if (act == REFUSE)
			ret = -EOPNOTSUPP;
		else if (act == KEEP)
			ret = copy_attr(r, a);
	}
	if (ret == 0 && bad)
		ret = -EPROTO;
	return ret < 0 ? ret : end_nest(r, nest);
}

static int take_elements(struct nft_replay *r, const struct nlattr *list)
{
	struct attrs it = payload_of(list);
	const struct nlattr *a;
	bool bad = false;
	long nest = put_attr(r, list->nla_type, NULL, 0);
	int ret = nest < 0 ? -ENOMEM : 0;

	while (ret == 0 && (a = next_attr(&it, &bad)))
		ret = attr_type(a) == NFTA_LIST_ELEM ? take_element(r, a)
						     : -EPROTO;
	if (ret == 0 && bad)
		ret = -EPROTO;
	return ret < 0 ? ret : end_nest(r, nest);
}

/* Checks every expression of a rule by name; copies them unchanged. */
static int take_exprs(struct nft_replay *r, const struct nlattr *list)
{
	struct attrs it = payload_of(list), in;
	const struct nlattr *e, *a;
	bool bad = false;

	while ((e = next_attr(&it, &bad))) {
		const char *name = NULL;

		if (attr_type(e) != NFTA_LIST_ELEM)
			return -EPROTO;
		in = payload_of(e);
		while ((a = next_attr(&in, &bad)))
			if (attr_type(a) == NFTA_EXPR_NAME)
				name = nft_attr_name(a);
		if (bad || !name)
			return -EPROTO;
		if (!expr_replayable(name))
			return -EOPNOTSUPP;
	}
	return bad ? -EPROTO : copy_attr(r, list);
}

/* A named object's type, which decides what its empty state is. */
static int obj_type(struct attrs it)
{
	const struct nlattr *a;
	bool bad = false;

	while ((a = next_attr(&it, &bad)))
		if (attr_type(a) == NFTA_OBJ_TYPE &&
		    a->nla_len == NLA_HDRLEN + sizeof(uint32_t)) {
			uint32_t v;

			memcpy(&v, (const unsigned char *)a + NLA_HDRLEN,
			       sizeof(v));
			return (int)ntohl(v);
		}
	return -1;
}

/* A counter starts at zero, as a compiled one does: no other kind. */
static int take_obj_data(struct nft_replay *r, const struct nlattr *a, int type)
{
	if (type != NFT_OBJECT_COUNTER)
		return -EOPNOTSUPP;
	return put_attr(r, a->nla_type, NULL, 0) < 0 ? -ENOMEM : 0;
}

static int remember_set(struct nft_replay *r, const char *name)
{
	char(*sets)[NFT_MSG_NAME_MAX] =
	    realloc(r->sets, (r->n_sets + 1) * sizeof(*sets));

	if (!sets)
		return -ENOMEM;
	r->sets = sets;
	snprintf(sets[r->n_sets++], NFT_MSG_NAME_MAX, "%s", name);
	return 0;
}

/*
 * The kernel wants an id on every new set (for references within the
 * transaction), and dumps none: the set's rank is unique in a table.
 */
static int take_set(struct nft_replay *r, const char *name)
{
	uint32_t id = htonl((uint32_t)r->n_sets + 1);

	if (!name)
		return -EPROTO;
	if (put_attr(r, NFTA_SET_ID, &id, sizeof(id)) < 0)
		return -ENOMEM;
	return remember_set(r, name);
}

static int take_attr(struct nft_replay *r, const struct policy *pol,
		     const struct nlattr *a, struct attrs all)
{
	int t = attr_type(a);
	int act = (size_t)t < pol->n ? pol->actions[t] : REFUSE;

	switch (act) {
	case KEEP:
		return copy_attr(r, a);
	case DROP:
		return 0;
	case ELEMENTS:
		return take_elements(r, a);
	case EXPRS:
		return take_exprs(r, a);
	case OBJ_DATA:
		return take_obj_data(r, a, obj_type(all));
	default:
		return -EOPNOTSUPP;
	}
}

/* A set message's name, to read its elements later. */
static const char *set_name(struct attrs it)
{
	const struct nlattr *a;
	bool bad = false;

	while ((a = next_attr(&it, &bad)))
		if (attr_type(a) == NFTA_SET_NAME)
			return nft_attr_name(a);
	return NULL;
}

static bool has_elements(struct attrs it)
{
	const struct nlattr *a;
	bool bad = false;

	while ((a = next_attr(&it, &bad)))
		if (attr_type(a) == NFTA_SET_ELEM_LIST_ELEMENTS)
			return a->nla_len > NLA_HDRLEN;
	return false;
}

struct nft_replay *nft_replay_new(const char *table)
{
	struct nft_replay *r;

	if (!table || strlen(table) >= NFT_MSG_NAME_MAX)
		return NULL;
	r = calloc(1, sizeof(*r));
	if (r)
		snprintf(r->table, sizeof(r->table), "%s", table);
	return r;
}

void nft_replay_free(struct nft_replay *r)
{
	if (!r)
		return;
	free(r->buf);
	free(r->sets);
	free(r);
}

size_t nft_replay_count(const struct nft_replay *r)
{
	return r->n_msgs;
}

const char *nft_replay_table(const struct nft_replay *r)
{
	return r->table;
}

int nft_replay_take(struct nft_replay *r, const struct nlmsghdr *nlh,
		    size_t len)
{
	const size_t hdr = NLMSG_HDRLEN + NLMSG_ALIGN(sizeof(struct nfgenmsg));
	const struct policy *pol;
	struct attrs all, it;
	const struct nlattr *a;
	const struct nfgenmsg gen = { NFPROTO_INET, NFNETLINK_V0, 0 };
	struct nlmsghdr out;
	uint8_t family;
	const char *table;
	size_t start = r->len;
	bool bad = false;
	int ret = 0;

	/* NULL also for a message that is cut short or not nf_tables' */
	table = nft_msg_table(nlh, len, &family);
	if (!table)
		return -EPROTO;
	pol = policy_of(NFNL_MSG_TYPE(nlh->nlmsg_type));
	if (!pol)
		return -EPROTO;
	all = (struct attrs){ (const unsigned char *)nlh + hdr,
			      nlh->nlmsg_len - hdr };
	if (family != NFPROTO_INET || strcmp(table, r->table) != 0)
		return 0; /* another table's: not ours to keep */
	if (NFNL_MSG_TYPE(nlh->nlmsg_type) == NFT_MSG_NEWSETELEM &&
	    !has_elements(all))
		return 0; /* an empty set's part: nothing to create */
	if (reserve(r, hdr) < 0)
		return -ENOMEM;
	out = (struct nlmsghdr){ 0, nlh->nlmsg_type, pol->flags, 0, 0 };
	memcpy(r->buf + r->len, &out, sizeof(out));
	memset(r->buf + r->len + sizeof(out), 0, hdr - sizeof(out));
	memcpy(r->buf + r->len + NLMSG_HDRLEN, &gen, sizeof(gen));
	r->len += hdr;
	it = all;
	while (ret == 0 && (a = next_attr(&it, &bad)))
		ret = take_attr(r, pol, a, all);
	if (ret == 0 && bad)
		ret = -EPROTO;
	if (ret == 0 && NFNL_MSG_TYPE(nlh->nlmsg_type) == NFT_MSG_NEWSET)
		ret = take_set(r, set_name(all));
	if (ret == 0 && r->len - start > UINT32_MAX)
		ret = -EMSGSIZE;
	if (ret < 0) {
		r->len = start; /* nothing of a refused message stays */
		return ret;
	}
	out.nlmsg_len = (uint32_t)(r->len - start);
	memcpy(r->buf + start, &out.nlmsg_len, sizeof(out.nlmsg_len));
	r->n_msgs++;
	return 0;
}

int nft_replay_refusal(const void *buf, size_t len, uint32_t first,
		       uint32_t last)
{
	const unsigned char *p = buf;

	while (len >= NLMSG_LENGTH(sizeof(int))) {
		const struct nlmsghdr *h = (const struct nlmsghdr *)p;
		const struct nlmsgerr *e = NLMSG_DATA(h);

		if (h->nlmsg_len < NLMSG_LENGTH(sizeof(int)))
			break;
		/* anything else is an answer to someone else's request */
		if (h->nlmsg_type == NLMSG_ERROR && e->error < 0 &&
		    h->nlmsg_seq - first <= last - first)
			return e->error;
		/* the last answer, maybe cut short; and no length near 4 GiB
		 * reaches NLMSG_ALIGN(), which would wrap it to 0 */
		if (h->nlmsg_len >= len || NLMSG_ALIGN(h->nlmsg_len) >= len)
			break;
		p += NLMSG_ALIGN(h->nlmsg_len);
		len -= NLMSG_ALIGN(h->nlmsg_len);
	}
	return 0;
}
