/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The shared link-health file (see health.h): a pure parser, formatter and
 * decision, and the two I/O edges that read and atomically replace it.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "health.h"
#include "number.h"
#include "statefile.h"

/* One "key value" line; unknown keys are a newer writer's. */
static int parse_line(const struct statefile_line *l, struct health_state *st)
{
	uint64_t v;

	if (number_parse_decimal(l->value, l->value_len, INT64_MAX, &v) < 0)
		return -EINVAL;
	if (statefile_key_is(l, "restarts")) {
		if (v > UINT32_MAX)
			return -EINVAL;
		st->restarts = (unsigned int)v;
	} else if (statefile_key_is(l, "last-restart")) {
		st->last_restart = (int64_t)v;
	} else if (statefile_key_is(l, "escalated")) {
		if (v > UINT32_MAX)
			return -EINVAL;
		st->escalated = (unsigned int)v;
	}
	return 0;
}

int health_parse(const char *text, size_t len, struct health_state *st)
{
	struct statefile_line line;
	size_t pos = 0;
	int r;

	*st = (struct health_state){ 0 };
	while ((r = statefile_next_line(text, len, &pos, &line)) > 0)
		if (parse_line(&line, st) < 0)
			break;
	if (r != 0) {
		*st = (struct health_state){ 0 };
		return -EINVAL;
	}
	return 0;
}

int health_format(const struct health_state *st, char *buf, size_t len)
{
	int n = snprintf(buf, len,
			 "# ltepi link health, see ltepi(8)\n"
			 "restarts %u\nlast-restart %" PRId64 "\n"
			 "escalated %u\n",
			 st->restarts, st->last_restart, st->escalated);

	if (n < 0 || (size_t)n >= len)
		return -ENOSPC;
	return n;
}

enum health_action health_decide(const struct health_state *st,
				 unsigned int reset_after,
				 unsigned int power_after)
{
	if (st->restarts == 0 || st->restarts <= st->escalated)
		return HEALTH_NONE;
	if (power_after && st->restarts >= power_after)
		return HEALTH_POWER_CYCLE;
	if (reset_after && st->restarts >= reset_after)
		return HEALTH_RADIO_RESET;
	return HEALTH_NONE;
}

const char *health_action_name(enum health_action a)
{
	switch (a) {
	case HEALTH_RADIO_RESET:
		return "radio reset";
	case HEALTH_POWER_CYCLE:
		return "power cycle";
	case HEALTH_NONE:
		break;
	}
	return "none";
}

int health_path(const char *dir, const char *linkname, const char *device,
		char *buf, size_t len)
{
	return statefile_path(dir, linkname, device, "health", buf, len);
}

int health_read(const char *path, struct health_state *st)
{
	char text[HEALTH_MAX_SIZE];
	int n;

	*st = (struct health_state){ 0 };
	n = statefile_read(path, text, sizeof(text));
	if (n < 0)
		return n;
	return health_parse(text, (size_t)n, st);
}

int health_write(const char *path, const struct health_state *st)
{
	char text[HEALTH_MAX_SIZE];
	int len = health_format(st, text, sizeof(text));

	if (len < 0)
		return len;
	return statefile_replace(path, text, (size_t)len);
}
