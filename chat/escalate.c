/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Link-health escalation before a dial (contract in escalate.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "escalate.h"
#include "log.h"

void escalate_load(struct escalation *e, const struct modem_conf *conf,
		   bool can_power_cycle)
{
	const char *path = getenv(HEALTH_ENV);
	int r;

	*e = (struct escalation){ .action = HEALTH_NONE };
	if (!path || !path[0])
		return;
	if (snprintf(e->path, sizeof(e->path), "%s", path) >=
	    (int)sizeof(e->path)) {
		log_warnx("%s is too long a path; no link-health escalation",
			  HEALTH_ENV);
		e->path[0] = '\0';
		return;
	}
	r = health_read(e->path, &e->st);
	if (r == -ENOENT)
		return;
	if (r < 0) {
		log_warnx("cannot read the link-health file %s: %s; no modem "
			  "reset on this dial",
			  e->path,
			  r == -EINVAL ? "not a regular file or malformed"
				       : strerror(-r));
		return;
	}
	e->action = health_decide(&e->st, conf->radio_reset_after,
				  conf->power_cycle_after);
	if (e->action == HEALTH_POWER_CYCLE && !can_power_cycle) {
		log_warnx("the link check restarted the link %u times in a "
			  "row; a power cycle needs a power backend "
			  "(power-backend or board in modem.conf), resetting "
			  "the radio instead",
			  e->st.restarts);
		e->action = HEALTH_RADIO_RESET;
	}
}

int escalate_record(struct escalation *e)
{
	int r;

	e->st.escalated = e->st.restarts;
	r = health_write(e->path, &e->st);
	if (r < 0)
		log_warnx("cannot update the link-health file %s: %s; the "
			  "next dial may repeat the %s",
			  e->path, strerror(-r), health_action_name(e->action));
	return r;
}
