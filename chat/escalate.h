/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * ltepi-modem's half of the link-health escalation (ltepi(8), "Link
 * check"): before a dial, the health file ltepi.so keeps (lib/health.h,
 * path in LTEPI_HEALTH_FILE) says how many times in a row the link check
 * restarted the link; from radio-reset-after restarts on, the dial first
 * resets the radio (AT+CFUN=0, then 1, before the SIM step, since some
 * SIMs want their PIN again); from power-cycle-after on, the modem is
 * switched off and on through the power backend and the run ends with
 * MODEM_EXIT_POWER_CYCLED, so that pppd reopens the device that came back
 * and redials (persist). Each step is recorded in the file before it is
 * taken, so it runs once per restart, even if it fails.
 *
 * Without LTEPI_HEALTH_FILE (ltepi-modem run by hand, no link-check) there
 * is nothing to do.
 */
#ifndef LTEPI_CHAT_ESCALATE_H
#define LTEPI_CHAT_ESCALATE_H

#include <limits.h>

#include "conf.h"
#include "health.h"

struct escalation {
	char path[PATH_MAX]; /* "" without LTEPI_HEALTH_FILE */
	struct health_state st;
	enum health_action action;
};

/*
 * Reads the health file named in the environment and decides this dial's
 * step; a power cycle without a power backend becomes a radio reset
 * (can_power_cycle false). An unreadable file is logged once and means
 * no step.
 */
void escalate_load(struct escalation *e, const struct modem_conf *conf,
		   bool can_power_cycle);

/* Marks the current restarts count as acted on. 0 or -errno (logged). */
int escalate_record(struct escalation *e);

#endif
