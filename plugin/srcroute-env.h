/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What pppd's scripts learn about source routing: the adapter
 * (plugin-srcroute.c) passes each pair to script_setenv(), so that an
 * ip-up.d script can add its own rules to the same table. Pure; the
 * routing module (srcroute.h) knows nothing of pppd's scripts.
 */
#ifndef LTEPI_SRCROUTE_ENV_H
#define LTEPI_SRCROUTE_ENV_H

#include <stddef.h>

#include "options.h"

/*
 * LTEPI_SRCROUTE_TABLE, _PRIORITY, _MODE (address or connmark), _MARK and
 * _MARK_MASK (hex, connmark mode only) and _PROTO (the protocol number).
 * Fills vars and returns how many were filled.
 */
#define SRCROUTE_ENV_MAX 6
struct srcroute_envvar {
	const char *name;
	char value[16];
};
size_t srcroute_script_env(const struct ltepi_conf *conf,
			   struct srcroute_envvar vars[SRCROUTE_ENV_MAX]);

#endif
