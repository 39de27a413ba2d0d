/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * pppd side of reachability.
 *
 * At ip-up, a notice when the link's IPv4 address is one the internet
 * cannot reach (addrclass.h), once per address for the life of pppd, so
 * that a persist redial to the same address does not repeat it. A global
 * address logs nothing.
 *
 * With reach-check stun:SERVER, the self-check (reach.h): at ip-up (an
 * IPv4 server) or ipv6-up (an IPv6 one), a STUN Binding request from the
 * link's address, bound to the link, retransmitted on stun_wait_ms()'s
 * schedule, and one notice with the verdict: the internet sees the link
 * as its own address (no NAT), as another (NAT), or the server did not
 * answer. Timers only, as the link check (pppd 2.4 has no fd hook): each
 * tick reads what arrived without waiting, then sends the next try. It
 * never blocks pppd and never fails the link; ip-down cancels it.
 *
 * The same address-class notice for the link's IPv6 addresses, as SLAAC
 * or DHCPv6 add them after ipv6-up (plugin-state.c reads them).
 */
#include "pppd-compat.h"

#include <errno.h>
#include <ifaddrs.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>
#include <syslog.h>
#include <sys/socket.h>
#include <unistd.h>

#include "addrclass.h"
#include "clock.h"
#include "journal.h"
#include "log.h"
#include "plugin.h"
#include "reach.h"

static uint32_t noticed; /* the last address noticed, network order */

static struct reach_verdict verdict;
static struct stun_txid txid;
static int sock = -1;
static bool running;

struct reach_verdict plugin_reach_verdict(void)
{
	return verdict;
}

static void class_notice(void)
{
	uint32_t local = compat_ip_local();
	char notice[512];

	if (local == noticed)
		return;
	addrclass_notice(AF_INET, &local, notice, sizeof(notice));
	if (!notice[0])
		return;
	noticed = local;
	log_notice("%s: %s", compat_ifname(), notice);
	plugin_journal(JOURNAL_EVENT_UNREACHABLE, LOG_NOTICE, "%s: %s",
		       compat_ifname(), notice);
}

/* The IPv6 addresses noticed, so that each is said once per pppd. */
static struct in6_addr noticed6[8];
static unsigned int n_noticed6;

void plugin_reach_ipv6_address(const struct in6_addr *addr)
{
	char notice[512];
	unsigned int i;

	for (i = 0; i < n_noticed6; i++)
		if (!memcmp(&noticed6[i], addr, sizeof(*addr)))
			return;
	addrclass_notice(AF_INET6, addr, notice, sizeof(notice));
	if (!notice[0])
		return;
	noticed6[n_noticed6++ % 8] = *addr;
	if (n_noticed6 > 8)
		n_noticed6 = 8;
	log_notice("%s: %s", compat_ifname(), notice);
	plugin_journal(JOURNAL_EVENT_UNREACHABLE, LOG_NOTICE, "%s: %s",
		       compat_ifname(), notice);
}

/* RFC 8489 wants the id random enough that an off-path host cannot guess
 * it; early at boot getrandom() may not be ready, then a clock-and-pid
 * mix still tells our transactions apart (the socket is connected, so
 * only the server's address can answer). */
static void new_txid(void)
{
	long long now = clock_now_us();

	if (getrandom(txid.b, sizeof(txid.b), GRND_NONBLOCK) ==
	    (ssize_t)sizeof(txid.b))
		return;
	for (size_t i = 0; i < sizeof(txid.b); i++)
		txid.b[i] = (uint8_t)((now >> (8 * (i % 8))) ^ (getpid() >> i));
}

static void sockaddr_of(const struct stun_address *a,
			struct sockaddr_storage *ss, socklen_t *len)
{
	memset(ss, 0, sizeof(*ss));
	if (a->family == AF_INET) {
		struct sockaddr_in *sa = (struct sockaddr_in *)ss;

		sa->sin_family = AF_INET;
		sa->sin_addr = a->addr.v4;
		sa->sin_port = htons(a->port);
		*len = sizeof(*sa);
	} else {
		struct sockaddr_in6 *sa = (struct sockaddr_in6 *)ss;

		sa->sin6_family = AF_INET6;
		sa->sin6_addr = a->addr.v6;
		sa->sin6_port = htons(a->port);
		*len = sizeof(*sa);
	}
}

static void address_of(const struct sockaddr_storage *ss,
		       struct stun_address *a)
{
	*a = (struct stun_address){ .family = ss->ss_family };
	if (ss->ss_family == AF_INET) {
		const struct sockaddr_in *sa = (const struct sockaddr_in *)ss;

		a->addr.v4 = sa->sin_addr;
		a->port = ntohs(sa->sin_port);
	} else {
		const struct sockaddr_in6 *sa = (const struct sockaddr_in6 *)ss;

		a->addr.v6 = sa->sin6_addr;
		a->port = ntohs(sa->sin6_port);
	}
}

/*
 * The link's IPv6 address to ask from: the first global one on ifname.
 * Chosen here rather than by the kernel so that the request leaves from
 * it (and ltepi's "from PREFIX" rule routes it) even while the main table
 * routes that server elsewhere; -EADDRNOTAVAIL until SLAAC (or whatever
 * numbers the link) has added one.
 */
static int link_global_v6(const char *ifname, struct in6_addr *out)
{
	struct ifaddrs *all, *ifa;
	int r = -EADDRNOTAVAIL;

	if (getifaddrs(&all) < 0)
		return -errno;
	for (ifa = all; ifa; ifa = ifa->ifa_next) {
		const struct sockaddr_in6 *sa =
		    (const struct sockaddr_in6 *)ifa->ifa_addr;

		if (!sa || sa->sin6_family != AF_INET6 ||
		    strcmp(ifa->ifa_name, ifname) != 0 ||
		    IN6_IS_ADDR_LINKLOCAL(&sa->sin6_addr) ||
		    IN6_IS_ADDR_LOOPBACK(&sa->sin6_addr) ||
		    IN6_IS_ADDR_MULTICAST(&sa->sin6_addr))
			continue;
		*out = sa->sin6_addr;
		r = 0;
		break;
	}
	freeifaddrs(all);
	return r;
}

/* The link's own address for the server's family, port 0. */
static int link_address(const char *ifname, struct sockaddr_storage *ss,
			socklen_t *len)
{
	memset(ss, 0, sizeof(*ss));
	if (ltepi_conf.reach_stun.family == AF_INET) {
		struct sockaddr_in *sa = (struct sockaddr_in *)ss;

		sa->sin_family = AF_INET;
		sa->sin_addr.s_addr = compat_ip_local();
		*len = sizeof(*sa);
		return 0;
	}
	((struct sockaddr_in6 *)ss)->sin6_family = AF_INET6;
	*len = sizeof(struct sockaddr_in6);
	return link_global_v6(ifname, &((struct sockaddr_in6 *)ss)->sin6_addr);
}

/* A UDP socket on the link, from its address, connected to the server (so
 * the kernel drops datagrams from anyone else and reports ICMP errors). */
static int open_socket(void)
{
	const struct stun_address *server = &ltepi_conf.reach_stun;
	const char *ifname = compat_ifname();
	struct sockaddr_storage ss;
	socklen_t len;
	int fd, r;

	r = link_address(ifname, &ss, &len);
	if (r < 0)
		return r;
	fd = socket(server->family, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC,
		    0);
	if (fd < 0)
		return -errno;
	if (setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, ifname,
		       (socklen_t)strlen(ifname) + 1) < 0 ||
	    bind(fd, (struct sockaddr *)&ss, len) < 0)
		r = -errno;
	sockaddr_of(server, &ss, &len);
	if (r == 0 && connect(fd, (struct sockaddr *)&ss, len) < 0)
		r = -errno;
	len = sizeof(ss);
	if (r == 0 && getsockname(fd, (struct sockaddr *)&ss, &len) < 0)
		r = -errno;
	if (r < 0) {
		close(fd);
		return r;
	}
	address_of(&ss, &verdict.local);
	return fd;
}

static void tick(void *arg);

static void stop(void)
{
	running = false;
	compat_untimeout(tick, NULL);
	if (sock >= 0)
		close(sock);
	sock = -1;
}

static void conclude(void)
{
	char notice[768];

	reach_notice(&verdict, notice, sizeof(notice));
	log_notice("%s: %s", compat_ifname(), notice);
	stop();
}

/* Reads every datagram that arrived; true once the verdict is final. */
static bool read_answers(void)
{
	uint8_t buf[STUN_MAX_RESPONSE];
	struct stun_address mapped;
	char why[STUN_REASON_LEN];

	while (sock >= 0) {
		ssize_t n = recv(sock, buf, sizeof(buf), MSG_TRUNC);
		int r;

		if (n < 0) {
			if (errno != EAGAIN && errno != EINTR)
				verdict.last_error = -errno; /* once per ICMP */
			return false;
		}
		if ((size_t)n > sizeof(buf))
			continue; /* truncated: no Binding answer is that big */
		r = stun_parse_binding_response(buf, (size_t)n, &txid, &mapped,
						why);
		if (r == 0) {
			reach_decide(&verdict, &mapped);
			return true;
		}
		if (r == -ENOMSG)
			continue;
		snprintf(verdict.problem, sizeof(verdict.problem), "%s", why);
		if (r == -EPROTO) { /* the server said no: asking again will not
				       change its mind */
			verdict.state = REACH_NO_ANSWER;
			verdict.rejected = true;
			return true;
		}
	}
	return false;
}

static void send_try(void)
{
	uint8_t request[STUN_REQUEST_LEN];
	size_t len = stun_binding_request(&txid, request);

	verdict.tries++;
	if (sock < 0) {
		sock = open_socket();
		if (sock < 0) {
			verdict.last_error = sock;
			return;
		}
	}
	if (send(sock, request, len, 0) < 0)
		verdict.last_error = -errno;
}

static void tick(void *arg)
{
	(void)arg;
	if (!running)
		return;
	if (read_answers()) {
		conclude();
		return;
	}
	if (verdict.tries == STUN_TRIES) {
		verdict.state = REACH_NO_ANSWER;
		conclude();
		return;
	}
	send_try();
	compat_timeout_ms(tick, NULL, (int)stun_wait_ms(verdict.tries));
}

static void start(int family)
{
	if (ltepi_conf.reach_stun.family != family || running)
		return;
	new_txid();
	verdict = (struct reach_verdict){ .state = REACH_PENDING,
					  .server = ltepi_conf.reach_stun };
	running = true;
	tick(NULL);
}

void plugin_reach_ip_up(void)
{
	class_notice();
	start(AF_INET);
}

void plugin_reach_ipv6_up(void)
{
	start(AF_INET6);
}

/* The link went down before a verdict: there is none for it. */
static void down(int family)
{
	if (!running || ltepi_conf.reach_stun.family != family)
		return;
	stop();
	verdict.state = REACH_NONE;
}

void plugin_reach_ip_down(void)
{
	down(AF_INET);
}

void plugin_reach_ipv6_down(void)
{
	down(AF_INET6);
}
