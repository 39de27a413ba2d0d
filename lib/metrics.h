/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Prometheus metrics for a link, in the text exposition format that
 * node_exporter's textfile collector reads: /run/ltepi/metrics/LINK.prom,
 * written by ltepi.so with the state file (linkstate.h), so at every event
 * and every LINKSTATE_REFRESH_S seconds while pppd runs. ltepi(8), METRICS
 * lists the metrics; names follow Prometheus's conventions (ltepi_ prefix,
 * base units, _total for counters, _info for labels-only metrics).
 *
 * Pure: no I/O.
 */
#ifndef LTEPI_LIB_METRICS_H
#define LTEPI_LIB_METRICS_H

#include <stddef.h>

#include "linkstate.h"
#include "modemreport.h"

#define METRICS_SUBDIR "metrics"

/*
 * The file's text for st and, when it is not NULL, the modem's report.
 * Returns its length, or -ENOSPC.
 */
int metrics_format(const struct link_state *st,
		   const struct modem_report *modem, char *buf, size_t len);

#endif
