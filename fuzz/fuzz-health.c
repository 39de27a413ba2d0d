/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * libFuzzer target for the link-health file parser (lib/health.c), which
 * ltepi-modem reads from a file the plugin writes: any text parses or is
 * refused with st zeroed, and what parses formats and parses back the
 * same; the escalation decision is total.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lib/health.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct health_state st, back;
	char buf[HEALTH_MAX_SIZE];
	int r, n;

	r = health_parse((const char *)data, size, &st);
	if (r < 0) {
		if (st.restarts || st.escalated || st.last_restart)
			abort();
		return 0;
	}
	n = health_format(&st, buf, sizeof(buf));
	if (n < 0 || health_parse(buf, (size_t)n, &back) < 0 ||
	    memcmp(&st, &back, sizeof(st)) != 0)
		abort();
	if (health_decide(&st, size & 7, (size >> 3) & 7) > HEALTH_POWER_CYCLE)
		abort();
	return 0;
}
