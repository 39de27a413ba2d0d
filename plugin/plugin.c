/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * ltepi.so: pppd's entry points and the dispatch of pppd's events to the
 * plain modules. Nothing here decides policy; it reads pppd's state, calls
 * a module, and logs the outcome once, with the context pppd gives.
 */
#include "pppd-compat.h"

#include <stdio.h>
#include <string.h>

#include "log.h"
#include "plugin.h"

LTEPI_EXPORT char pppd_version[] = LTEPI_PPPD_VERSION;

static bool conf_checked;

/*
 * Option values are final only after pppd has parsed every source, which
 * is after plugin_init(); the first phase change comes after that. A bad
 * combination stops pppd before it touches the modem.
 */
static void check_conf_once(void)
{
	char err[LTEPI_ERRLEN];

	if (conf_checked)
		return;
	conf_checked = true;
	if (options_finish(&ltepi_conf, err, sizeof(err)) < 0) {
		log_err("%s", err);
		compat_die(EXIT_OPTION_ERROR);	/* as for a bad option value */
	}
}

static void on_phase_change(void *ctx, int phase)
{
	check_conf_once();
}

void plugin_init(void)
{
	plugin_options_register();
	compat_add_notify(COMPAT_PHASE_CHANGE, on_phase_change, NULL);
	log_notice("version %s loaded, built for pppd %s", LTEPI_VERSION,
		   LTEPI_PPPD_VERSION);
}
