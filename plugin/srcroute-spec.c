/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Rule keys, prefixes and their names (see srcroute-spec.h). */
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "srcroute-spec.h"

bool spec_equal(const struct rule_spec *a, const struct rule_spec *b)
{
	if (a->fwmark || b->fwmark)
		return a->fwmark == b->fwmark;
	return a->src.len == b->src.len &&
	       !memcmp(&a->src.addr, &b->src.addr,
		       prefix_addr_size(a->src.family));
}

bool specs_contain(const struct rule_spec *specs, size_t n,
		   const struct rule_spec *spec)
{
	for (size_t i = 0; i < n; i++)
		if (spec_equal(&specs[i], spec))
			return true;
	return false;
}

const char *rule_str(const struct rule_names *names,
		     const struct rule_spec *spec, char *buf, size_t len)
{
	char src[64];

	if (spec->fwmark)
		snprintf(buf, len, "%s rule fwmark 0x%x/0x%x lookup %u prio %u",
			 family_str(spec->src.family), names->mark, names->mask,
			 names->table, names->priority);
	else
		snprintf(buf, len, "rule from %s lookup %u prio %u",
			 prefix_format(&spec->src, src, sizeof(src)),
			 names->table, names->priority);
	return buf;
}

const char *family_str(int family)
{
	return family == AF_INET ? "IPv4" : "IPv6";
}

void report_add(char *buf, size_t len, const char *what)
{
	size_t pos = strnlen(buf, len);
	int w;

	if (!len || pos + 1 >= len)
		return;
	w = snprintf(buf + pos, len - pos, "%s%s", pos ? ", " : "", what);
	if (w < 0 || (size_t)w >= len - pos)
		buf[pos] = '\0';
}
