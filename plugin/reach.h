/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The verdict of the reachability self-check (reach-check, ltepi(8)) and
 * the one notice that states it. Pure: plugin-reach.c does the I/O and
 * fills a struct reach_verdict; ltepi's state and metrics read it through
 * plugin_reach_verdict() (plugin.h).
 *
 * The question is whether the address the internet sees this link as (the
 * STUN server's mapped address) is the link's own: if it is, there is no
 * NAT between the link and the internet, and inbound connections can
 * reach the box (subject to its firewall and the provider's); if it is
 * another, a NAT in between drops them.
 */
#ifndef LTEPI_REACH_H
#define LTEPI_REACH_H

#include <stddef.h>

#include "stun.h"

enum reach_state {
	REACH_NONE,	 /* no reach-check configured, or not run yet */
	REACH_PENDING,	 /* request sent, no verdict yet */
	REACH_PUBLIC,	 /* mapped == the link's own address */
	REACH_NAT,	 /* mapped is another address */
	REACH_NO_ANSWER, /* no usable answer after every try */
};

struct reach_verdict {
	enum reach_state state;
	struct stun_address server;    /* the configured STUN server */
	struct stun_address local;     /* where the request left from */
	struct stun_address mapped;    /* PUBLIC, NAT: what the server saw */
	unsigned int tries;	       /* requests sent */
	int last_error;		       /* -errno a send or receive gave, or 0 */
	char problem[STUN_REASON_LEN]; /* an unusable answer, or "" */
	bool rejected; /* NO_ANSWER: the server sent an error response */
};

/* "none", "pending", "public", "nat", "no-answer": for status and JSON. */
const char *reach_state_name(enum reach_state state);

/* Sets mapped and the state PUBLIC or NAT: does it equal local's address? */
void reach_decide(struct reach_verdict *v, const struct stun_address *mapped);

/*
 * The notice for a final verdict (PUBLIC, NAT, NO_ANSWER), one sentence
 * with what to do, into buf; "" for the other states. Returns buf.
 */
const char *reach_notice(const struct reach_verdict *v, char *buf, size_t len);

#endif
