/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The scripts' environment (see srcroute-env.h). */
#include <stdbool.h>
#include <stdio.h>

#include "srcroute-env.h"
#include "srcroute.h"

size_t srcroute_script_env(const struct ltepi_conf *conf,
			   struct srcroute_envvar vars[SRCROUTE_ENV_MAX])
{
	bool connmark = conf->srcroute_mode == SRCROUTE_MODE_CONNMARK;
	size_t n = 0;

	vars[n].name = "LTEPI_SRCROUTE_TABLE";
	snprintf(vars[n++].value, sizeof(vars[0].value), "%u",
		 conf->srcroute_table);
	vars[n].name = "LTEPI_SRCROUTE_PRIORITY";
	snprintf(vars[n++].value, sizeof(vars[0].value), "%u",
		 conf->srcroute_priority);
	vars[n].name = "LTEPI_SRCROUTE_MODE";
	snprintf(vars[n++].value, sizeof(vars[0].value), "%s",
		 connmark ? "connmark" : "address");
	vars[n].name = "LTEPI_SRCROUTE_PROTO";
	snprintf(vars[n++].value, sizeof(vars[0].value), "%d", SRCROUTE_RTPROT);
	if (connmark) {
		vars[n].name = "LTEPI_SRCROUTE_MARK";
		snprintf(vars[n++].value, sizeof(vars[0].value), "0x%08x",
			 conf->srcroute_mark);
		vars[n].name = "LTEPI_SRCROUTE_MARK_MASK";
		snprintf(vars[n++].value, sizeof(vars[0].value), "0x%08x",
			 conf->srcroute_mark_mask);
	}
	return n;
}
