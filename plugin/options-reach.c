/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Validation of reach-check (contract in options.h, meaning in ltepi(8)).
 *
 * The STUN server is a literal address: a host name would be resolved at
 * ip-up, in pppd's single-threaded main loop, where getaddrinfo() blocks
 * for as long as DNS takes, and DNS may not work yet (usepeerdns writes
 * resolv.conf at that very moment) or go out over another interface. The
 * syntax follows the stun: URI (RFC 7064): IPv6 in brackets, the port
 * after a colon, 3478 by default.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "options.h"

#define SCHEME "stun:"

static int parse_port(const char *s, uint16_t *port)
{
	uint32_t v;

	if (options_parse_u32(s, false, &v) < 0 || v < 1 || v > 65535)
		return -EINVAL;
	*port = (uint16_t)v;
	return 0;
}

/* Splits "HOST[:PORT]" / "[V6][:PORT]" into host (brackets removed) and
 * the port text (NULL when absent). */
static int split_host_port(const char *s, char *host, size_t hostlen,
			   const char **port, bool *bracketed)
{
	const char *end;

	*bracketed = s[0] == '[';
	if (*bracketed) {
		s++;
		end = strchr(s, ']');
		if (!end || (end[1] != '\0' && end[1] != ':'))
			return -EINVAL;
		*port = end[1] ? end + 2 : NULL;
	} else {
		end = strchr(s, ':');
		if (end && strchr(end + 1, ':'))
			end = NULL; /* several colons: a bare IPv6 address */
		*port = end ? end + 1 : NULL;
		if (!end)
			end = s + strlen(s);
	}
	if (end == s || (size_t)(end - s) >= hostlen)
		return -EINVAL;
	memcpy(host, s, (size_t)(end - s));
	host[end - s] = '\0';
	return 0;
}

static bool is_unspecified(const struct stun_address *a)
{
	static const struct in6_addr any6 = IN6ADDR_ANY_INIT;

	if (a->family == AF_INET)
		return a->addr.v4.s_addr == 0;
	return memcmp(&a->addr.v6, &any6, sizeof(any6)) == 0;
}

static int parse_server(const char *arg, struct stun_address *a, char *err,
			size_t errlen)
{
	char host[INET6_ADDRSTRLEN + 1];
	const char *port;
	bool bracketed;

	if (split_host_port(arg + strlen(SCHEME), host, sizeof(host), &port,
			    &bracketed) < 0)
		return options_fail(
		    err, errlen,
		    "reach-check: '%s' is not stun:ADDRESS[:PORT] "
		    "(IPv6: stun:[ADDRESS][:PORT])",
		    arg);
	if (inet_pton(AF_INET6, host, &a->addr.v6) == 1 && !bracketed)
		return options_fail(
		    err, errlen,
		    "reach-check: '%s': an IPv6 address goes in "
		    "brackets, stun:[%s] or stun:[%s]:PORT",
		    arg, host, host);
	if (!bracketed && inet_pton(AF_INET, host, &a->addr.v4) == 1)
		a->family = AF_INET;
	else if (bracketed && inet_pton(AF_INET6, host, &a->addr.v6) == 1)
		a->family = AF_INET6;
	else
		return options_fail(
		    err, errlen,
		    "reach-check: '%s' is not an IPv4 or IPv6 address; give "
		    "the STUN server's address, not a name: pppd would have to "
		    "resolve it at ip-up, blocking, while DNS may not work yet",
		    host);
	a->port = STUN_DEFAULT_PORT;
	if (port && parse_port(port, &a->port) < 0)
		return options_fail(err, errlen,
				    "reach-check: port '%s' is not a number "
				    "from 1 to 65535",
				    port);
	if (is_unspecified(a))
		return options_fail(
		    err, errlen,
		    "reach-check: %s is the unspecified address; "
		    "give the STUN server's address",
		    host);
	return 0;
}

int options_format_reach_check(const struct stun_address *server, char *buf,
			       size_t len)
{
	char addr[INET6_ADDRSTRLEN + 8];
	int n;

	stun_format_address(server, addr, sizeof(addr));
	n = snprintf(buf, len, SCHEME "%s", addr);
	return n < 0 || (size_t)n >= len ? -ENOSPC : 0;
}

int options_set_reach_check(struct ltepi_conf *conf, const char *arg, char *err,
			    size_t errlen)
{
	struct stun_address a = { 0 };
	char before[INET6_ADDRSTRLEN + 16], now[INET6_ADDRSTRLEN + 16];
	int r;

	if (!arg[0])
		return options_fail(err, errlen, "reach-check: empty value");
	if (strncmp(arg, SCHEME, strlen(SCHEME)) != 0)
		return options_fail(
		    err, errlen,
		    "reach-check: '%s' does not start with stun:; "
		    "the check asks a STUN server, "
		    "stun:ADDRESS[:PORT]",
		    arg);
	r = parse_server(arg, &a, err, errlen);
	if (r < 0)
		return r;
	if (conf->reach_stun.family &&
	    !stun_same_address(&conf->reach_stun, &a)) {
		options_format_reach_check(&conf->reach_stun, before,
					   sizeof(before));
		options_format_reach_check(&a, now, sizeof(now));
		return options_fail(
		    err, errlen,
		    "reach-check given twice (%s, then %s); give "
		    "it once",
		    before, now);
	}
	conf->reach_stun = a;
	return 0;
}
