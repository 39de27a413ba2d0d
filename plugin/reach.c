/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The reach-check verdict and its notice (contract in reach.h). */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "reach.h"

const char *reach_state_name(enum reach_state state)
{
	switch (state) {
	case REACH_PENDING:
		return "pending";
	case REACH_PUBLIC:
		return "public";
	case REACH_NAT:
		return "nat";
	case REACH_NO_ANSWER:
		return "no-answer";
	case REACH_NONE:
		break;
	}
	return "none";
}

static bool same_host(const struct stun_address *a,
		      const struct stun_address *b)
{
	size_t n =
	    a->family == AF_INET ? sizeof(a->addr.v4) : sizeof(a->addr.v6);

	return a->family == b->family && memcmp(&a->addr, &b->addr, n) == 0;
}

void reach_decide(struct reach_verdict *v, const struct stun_address *mapped)
{
	v->mapped = *mapped;
	/* the address decides: a firewall that only rewrites ports still
	 * lets the address be reached */
	v->state = same_host(mapped, &v->local) ? REACH_PUBLIC : REACH_NAT;
}

/* "192.0.2.1" or "2001:db8::1": an address without its port. */
static const char *host_text(const struct stun_address *a, char *buf,
			     size_t len)
{
	if (!inet_ntop(a->family, &a->addr, buf, (socklen_t)len))
		snprintf(buf, len, "?");
	return buf;
}

/* Why no answer counted: the last socket error or unusable answer. */
static void no_answer_cause(const struct reach_verdict *v, char *buf,
			    size_t len)
{
	if (v->problem[0])
		snprintf(buf, len, "; its last answer was unusable: %s",
			 v->problem);
	else if (v->last_error == -ECONNREFUSED)
		snprintf(buf, len,
			 "; its host refused (ICMP port unreachable): "
			 "no STUN server listens there");
	else if (v->last_error == -EADDRNOTAVAIL &&
		 v->server.family == AF_INET6)
		snprintf(buf, len,
			 "; the link had no global IPv6 address to "
			 "ask from");
	else if (v->last_error)
		snprintf(buf, len, "; %s", strerror(-v->last_error));
	else
		buf[0] = '\0';
}

const char *reach_notice(const struct reach_verdict *v, char *buf, size_t len)
{
	char mapped[INET6_ADDRSTRLEN + 8], local[INET6_ADDRSTRLEN];
	char server[INET6_ADDRSTRLEN + 8], cause[STUN_REASON_LEN + 64];

	stun_format_address(&v->mapped, mapped, sizeof(mapped));
	host_text(&v->local, local, sizeof(local));
	switch (v->state) {
	case REACH_PUBLIC:
		snprintf(buf, len,
			 "reach-check: the internet sees this link as %s, the "
			 "link's own address: no NAT between the link and the "
			 "internet",
			 mapped);
		break;
	case REACH_NAT:
		snprintf(buf, len,
			 "reach-check: the internet sees this link as %s, not "
			 "the link's address %s: there is NAT between the link "
			 "and the internet, so connections from the internet "
			 "cannot reach this box; ask the provider for a public "
			 "(fixed) address, or reach it through a VPN (see "
			 "examples/), or over IPv6 if the link has a global "
			 "IPv6 address",
			 mapped, local);
		break;
	case REACH_NO_ANSWER:
		stun_format_address(&v->server, server, sizeof(server));
		if (v->rejected) {
			snprintf(
			    buf, len,
			    "reach-check: the STUN server %s answered with "
			    "%s; whether the internet can reach this link "
			    "is unknown (the link stays up)",
			    server, v->problem);
			break;
		}
		no_answer_cause(v, cause, sizeof(cause));
		snprintf(buf, len,
			 "reach-check: no answer from the STUN server %s after "
			 "%u tries in %.1f s%s; whether the internet can reach "
			 "this link is unknown (the link stays up)",
			 server, v->tries, stun_total_wait_ms() / 1000.0,
			 cause);
		break;
	default:
		buf[0] = '\0';
	}
	return buf;
}
