/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Validation of the link-check options (contract in options.h, meaning in
 * ltepi(8)). Targets are literal addresses only: a hostname would need DNS
 * over the very link whose health is in doubt, and a probe must never go
 * to a third party nobody configured.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "options.h"

static int parse_address(const char *s, struct ltepi_check_target *t)
{
	if (inet_pton(AF_INET, s, &t->addr.v4) == 1) {
		t->family = AF_INET;
		return 0;
	}
	if (inet_pton(AF_INET6, s, &t->addr.v6) == 1) {
		t->family = AF_INET6;
		return 0;
	}
	return -EINVAL;
}

/* 1-65535, decimal, the whole string. */
static int parse_port(const char *s, uint16_t *port)
{
	uint32_t v;

	if (options_parse_u32(s, false, &v) < 0 || v < 1 || v > 65535)
		return -EINVAL;
	*port = (uint16_t)v;
	return 0;
}

/* "ADDRESS:PORT" or "[IPV6]:PORT" after "tcp:". */
static int parse_tcp(const char *s, struct ltepi_check_target *t)
{
	char host[INET6_ADDRSTRLEN + 2];
	bool bracketed = s[0] == '[';
	const char *colon;
	size_t len;

	if (bracketed) {
		const char *close = strchr(s, ']');

		if (!close || close[1] != ':')
			return -EINVAL;
		len = (size_t)(close - s - 1);
		colon = close + 1;
		s++;
	} else {
		colon = strrchr(s, ':');
		if (!colon)
			return -EINVAL;
		len = (size_t)(colon - s);
	}
	if (len == 0 || len >= sizeof(host))
		return -EINVAL;
	memcpy(host, s, len);
	host[len] = '\0';
	if (parse_address(host, t) < 0 || parse_port(colon + 1, &t->port) < 0)
		return -EINVAL;
	/* "tcp:2001:db8::1:443" is ambiguous: IPv6 needs brackets */
	if ((t->family == AF_INET6) != bracketed)
		return -EINVAL;
	t->kind = LINK_CHECK_TCP;
	return 0;
}

static bool is_unspecified(const struct ltepi_check_target *t)
{
	static const struct in6_addr any6 = IN6ADDR_ANY_INIT;

	if (t->family == AF_INET)
		return t->addr.v4.s_addr == 0;
	return memcmp(&t->addr.v6, &any6, sizeof(any6)) == 0;
}

static bool same_target(const struct ltepi_check_target *a,
			const struct ltepi_check_target *b)
{
	size_t n =
	    a->family == AF_INET ? sizeof(a->addr.v4) : sizeof(a->addr.v6);

	return a->kind == b->kind && a->family == b->family &&
	       a->port == b->port && memcmp(&a->addr, &b->addr, n) == 0;
}

int options_format_check_target(const struct ltepi_check_target *t, char *buf,
				size_t len)
{
	char addr[INET6_ADDRSTRLEN];
	int n;

	inet_ntop(t->family, &t->addr, addr, sizeof(addr));
	if (t->kind == LINK_CHECK_ICMP)
		n = snprintf(buf, len, "%s", addr);
	else if (t->family == AF_INET6)
		n = snprintf(buf, len, "tcp:[%s]:%u", addr, t->port);
	else
		n = snprintf(buf, len, "tcp:%s:%u", addr, t->port);
	return n < 0 || (size_t)n >= len ? -ENOSPC : 0;
}

int options_add_link_check(struct ltepi_conf *conf, const char *arg, char *err,
			   size_t errlen)
{
	struct ltepi_check_target t = { .kind = LINK_CHECK_ICMP };
	char shown[INET6_ADDRSTRLEN + 16];
	int r;

	if (!arg[0])
		return options_fail(err, errlen, "link-check: empty value");
	if (strncmp(arg, "tcp:", 4) == 0)
		r = parse_tcp(arg + 4, &t);
	else
		r = parse_address(arg, &t);
	if (r < 0)
		return options_fail(
		    err, errlen,
		    "link-check: '%s' is not an IPv4 or IPv6 address "
		    "or tcp:ADDRESS:PORT (tcp:[IPV6]:PORT); host names "
		    "are not accepted, the check must not depend on "
		    "DNS over the link it checks",
		    arg);
	options_format_check_target(&t, shown, sizeof(shown));
	if (is_unspecified(&t))
		return options_fail(
		    err, errlen,
		    "link-check: %s is the unspecified address; give "
		    "a host that answers",
		    shown);
	for (size_t i = 0; i < conf->n_link_checks; i++)
		if (same_target(&conf->link_checks[i], &t))
			return options_fail(err, errlen,
					    "link-check: %s is given twice",
					    shown);
	if (conf->n_link_checks == LTEPI_MAX_LINK_CHECKS)
		return options_fail(err, errlen,
				    "link-check: more than %d targets",
				    LTEPI_MAX_LINK_CHECKS);
	conf->link_checks[conf->n_link_checks++] = t;
	return 0;
}

int options_set_check_interval(struct ltepi_conf *conf, const char *arg,
			       char *err, size_t errlen)
{
	return options_set_count(
	    "link-check-interval", arg, LTEPI_MAX_CHECK_INTERVAL,
	    &conf->check_interval_set, &conf->check_interval, err, errlen);
}

int options_set_check_failures(struct ltepi_conf *conf, const char *arg,
			       char *err, size_t errlen)
{
	return options_set_count(
	    "link-check-failures", arg, LTEPI_MAX_CHECK_FAILURES,
	    &conf->check_failures_set, &conf->check_failures, err, errlen);
}

int options_finish_link_check(const struct ltepi_conf *conf, char *err,
			      size_t errlen)
{
	if (conf->n_link_checks)
		return 0;
	if (conf->check_interval_set)
		return options_fail(err, errlen,
				    "link-check-interval has no effect without "
				    "link-check");
	if (conf->check_failures_set)
		return options_fail(err, errlen,
				    "link-check-failures has no effect without "
				    "link-check");
	return 0;
}
