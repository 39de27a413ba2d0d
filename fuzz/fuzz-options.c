/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * libFuzzer target for the plugin's option value parsers (plugin/
 * options.c, options-linkcheck.c, options-reach.c): the first byte picks a
 * sequence of options, the rest are their NUL-separated arguments; every call
 * returns 0 or a negative errno with a message, and options_finish() judges the
 * combination the same way.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "options.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const no_tables[] = { NULL };
static const struct options_env env = { .rt_tables_paths = no_tables };

static int set(struct ltepi_conf *c, unsigned int which, const char *arg,
	       char *err, size_t len)
{
	struct ltepi_prefix p;

	switch (which % 14) {
	case 0:
		return options_set_table(c, &env, arg, err, len);
	case 1:
		return options_set_priority(c, arg, err, len);
	case 2:
		return options_set_mode(c, arg, err, len);
	case 3:
		return options_set_mark(c, arg, err, len);
	case 4:
		return options_add_link_route(c, arg, err, len);
	case 5:
		return options_set_firewall_profile(c, arg, err, len);
	case 6:
		return options_set_nosrcroute(c, err, len);
	case 7:
		return options_set_nofirewall(c, err, len);
	case 8:
		return options_add_link_check(c, arg, err, len);
	case 9:
		return options_set_check_interval(c, arg, err, len);
	case 10:
		return options_set_check_failures(c, arg, err, len);
	case 11:
		return options_set_reach_check(c, arg, err, len);
	case 12:
		return options_set_hook_timeout(c, arg, err, len);
	default:
		/* no message of its own: callers write theirs */
		(void)prefix_parse(arg, &p);
		return 0;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *buf = malloc(size + 1), *arg, err[512];
	struct ltepi_conf c;
	size_t off = 1;
	unsigned int op = 0;
	int r;

	if (!buf || size < 1) {
		free(buf);
		return 0;
	}
	memcpy(buf, data, size);
	buf[size] = '\0';
	options_init(&c);
	while (off < size) {
		arg = buf + off;
		off += strlen(arg) + 1;
		err[0] = '\0';
		r = set(&c, (unsigned int)data[0] + op++, arg, err,
			sizeof(err));
		if (r > 0 || (r < 0 && !err[0]))
			abort();
	}
	err[0] = '\0';
	r = options_finish(&c, err, sizeof(err));
	if (r > 0 || (r < 0 && !err[0]))
		abort();
	free(buf);
	return 0;
}
