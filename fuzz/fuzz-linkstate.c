/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * libFuzzer target for the state files under /run/ltepi that another
 * process wrote (lib/linkstate.c, modemreport.c): any text parses or is
 * refused zeroed; what parses formats and parses back the same; the
 * metrics rendered from it always fit or say -ENOSPC.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lib/linkstate.h"
#include "lib/metrics.h"
#include "lib/modemreport.h"
#include "lib/statefile.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_link_state(const char *text, size_t size)
{
	static const struct link_state zero;
	struct link_state st, back;
	char buf[STATEFILE_MAX_SIZE], prom[16384];
	int n;

	if (link_state_parse(text, size, &st) < 0) {
		if (memcmp(&st, &zero, sizeof(st)) != 0)
			abort();
		return;
	}
	n = link_state_format(&st, buf, sizeof(buf));
	if (n < 0 || link_state_parse(buf, (size_t)n, &back) < 0 ||
	    memcmp(&st, &back, sizeof(st)) != 0)
		abort();
	n = metrics_format(&st, NULL, prom, sizeof(prom));
	if (n < 0 || (size_t)n >= sizeof(prom) || strlen(prom) != (size_t)n)
		abort();
}

static void check_modem_report(const char *text, size_t size)
{
	struct modem_report r, back;
	char buf[1024];
	int n;

	if (modem_report_parse(text, size, &r) < 0)
		return;
	n = modem_report_format(&r, buf, sizeof(buf));
	if (n < 0 || modem_report_parse(buf, (size_t)n, &back) < 0 ||
	    memcmp(&r, &back, sizeof(r)) != 0)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	check_link_state((const char *)data, size);
	check_modem_report((const char *)data, size);
	return 0;
}
