/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The link-health state ltepi.so and ltepi-modem share across redials:
 * how many times in a row the link check restarted the link, and which of
 * those restarts the modem helper has already answered with a radio reset
 * or a power cycle. Documented in ltepi(8), FILES.
 *
 * The file, /run/ltepi/LINK.health (LINK: pppd's linkname, else the
 * device's base name), is text, one "key value" per line:
 *
 *   restarts N       consecutive restarts by the link check (plugin)
 *   last-restart T   when the last one happened, Unix seconds (plugin)
 *   escalated N      the restarts count ltepi-modem last acted on (helper)
 *
 * Unknown keys are ignored (a newer writer), a malformed line makes the
 * whole file invalid. Writers replace it atomically (a temporary file
 * renamed over it), so a reader never sees half a file. Both sides
 * read-modify-write, and never at the same time: the plugin writes while
 * the link is up or being closed, the helper while pppd waits for it to
 * dial. The plugin tells the helper the path in LTEPI_HEALTH_FILE, set in
 * pppd's environment, which pppd's connect program inherits.
 */
#ifndef LTEPI_LIB_HEALTH_H
#define LTEPI_LIB_HEALTH_H

#include <stddef.h>
#include <stdint.h>

#define HEALTH_DIR	"/run/ltepi"
#define HEALTH_ENV	"LTEPI_HEALTH_FILE"
#define HEALTH_MAX_SIZE 4096

struct health_state {
	unsigned int restarts;
	int64_t last_restart; /* Unix seconds, 0: never */
	unsigned int escalated;
};

/* What the next dial does to the modem before it dials. */
enum health_action {
	HEALTH_NONE,
	HEALTH_RADIO_RESET, /* AT+CFUN=0, then AT+CFUN=1 */
	HEALTH_POWER_CYCLE, /* the power backend: off, then on */
};

/*
 * Parses text (len bytes, need not end in NUL). Returns 0, or -EINVAL for a
 * malformed line, with st zeroed.
 */
int health_parse(const char *text, size_t len, struct health_state *st);

/* Writes the file's text into buf; returns its length or -ENOSPC. */
int health_format(const struct health_state *st, char *buf, size_t len);

/*
 * The escalation for a dial: none until restarts reaches reset_after, a
 * radio reset from there, a power cycle from power_after on (0 disables
 * either step); and nothing for a restarts count already acted on, so a
 * dial that fails for another reason does not repeat the reset.
 */
enum health_action health_decide(const struct health_state *st,
				 unsigned int reset_after,
				 unsigned int power_after);

const char *health_action_name(enum health_action a);

/*
 * The file's path for a link: dir/NAME.health, NAME being linkname if set,
 * else the base name of device, else "ppp"; characters other than
 * [A-Za-z0-9._-] become '_'. Returns 0 or -ENAMETOOLONG.
 */
int health_path(const char *dir, const char *linkname, const char *device,
		char *buf, size_t len);

/*
 * Reads path: 0, -ENOENT (no state yet: st zeroed), -EINVAL (not a regular
 * file, too big, or malformed), or another -errno.
 */
int health_read(const char *path, struct health_state *st);

/*
 * Replaces path atomically (mode 0644, its directory created 0755 if
 * missing). Returns 0 or -errno.
 */
int health_write(const char *path, const struct health_state *st);

#endif
