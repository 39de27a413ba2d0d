/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Port lines into one set, when equivalent (see firewall-portset.h). */
#include <stdlib.h>

#include "firewall-portset.h"

bool portset_line(const struct profile_rule *rule, enum profile_proto proto)
{
	return rule->kind == PROFILE_ALLOW && rule->proto == proto &&
	       proto != PROFILE_ICMP && !rule->n_sources && !rule->has_dest;
}

static int by_low(const void *a, const void *b)
{
	const struct profile_port_range *x = a, *y = b;

	return (x->low > y->low) - (x->low < y->low);
}

/* Every range of the lines, sorted; NULL if there are too few lines. */
static struct profile_port_range *collect(const struct profile *profile,
					  enum profile_proto proto, size_t *n)
{
	struct profile_port_range *all;
	size_t lines = 0, k = 0;

	*n = 0;
	for (size_t i = 0; i < profile->n_rules; i++)
		if (portset_line(&profile->rules[i], proto)) {
			lines++;
			*n += profile->rules[i].n_ports;
		}
	if (lines < PORTSET_MIN_LINES)
		return NULL;
	all = calloc(*n, sizeof(*all));
	if (!all)
		return NULL;
	for (size_t i = 0; i < profile->n_rules; i++) {
		const struct profile_rule *r = &profile->rules[i];

		for (size_t j = 0; portset_line(r, proto) && j < r->n_ports;
		     j++)
			all[k++] = r->ports[j];
	}
	qsort(all, *n, sizeof(*all), by_low);
	return all;
}

bool portset_wanted(const struct profile *profile, enum profile_proto proto)
{
	size_t n;
	struct profile_port_range *all = collect(profile, proto, &n);
	bool apart = all != NULL;

	/* not touching: the next one starts at least two past the end */
	for (size_t i = 1; apart && i < n; i++)
		apart = (unsigned int)all[i].low > all[i - 1].high + 1u;
	free(all);
	return apart;
}

bool portset_has_range(const struct profile *profile, enum profile_proto proto)
{
	for (size_t i = 0; i < profile->n_rules; i++) {
		const struct profile_rule *r = &profile->rules[i];

		for (size_t j = 0; portset_line(r, proto) && j < r->n_ports;
		     j++)
			if (r->ports[j].low != r->ports[j].high)
				return true;
	}
	return false;
}
