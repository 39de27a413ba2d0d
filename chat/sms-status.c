/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The reply to "status" (see sms-status.h). */
#include <stdio.h>
#include <string.h>

#include "sms-alphabet.h"
#include "sms-status.h"

static void uptime_text(int64_t s, char *out, size_t len)
{
	if (s < 0)
		s = 0;
	if (s >= 86400)
		snprintf(out, len, "%lldd%lldh", (long long)(s / 86400),
			 (long long)(s % 86400 / 3600));
	else if (s >= 3600)
		snprintf(out, len, "%lldh%02lldm", (long long)(s / 3600),
			 (long long)(s % 3600 / 60));
	else
		snprintf(out, len, "%lldm%02llds", (long long)(s / 60),
			 (long long)(s % 60));
}

/* Keeps out to one SMS of single-septet GSM characters. */
static void gsm_safe(char *out)
{
	size_t i;

	for (i = 0; out[i]; i++) {
		uint8_t code[2];
		unsigned char c = (unsigned char)out[i];

		if (c >= 0x80 || gsm7_from_unicode(c, code) != 1)
			out[i] = '?';
		if (i == SMS_STATUS_MAX) {
			out[i] = '\0';
			break;
		}
	}
}

void sms_status_compose(const struct sms_link_status *link, int dbm,
			int64_t now_s, char *out, size_t len)
{
	char up[24] = "", sig[32] = "signal unknown";
	int n;

	if (dbm <= 0)
		snprintf(sig, sizeof(sig), "signal %d dBm", dbm);
	if (!link->known)
		n = snprintf(out, len, "ltepi: link state unknown, %s", sig);
	else if (!link->up)
		n = snprintf(out, len, "ltepi: link down, %s", sig);
	else {
		if (link->up_since > 0)
			uptime_text(now_s - link->up_since, up, sizeof(up));
		n = snprintf(out, len, "ltepi: link up%s%s on %s, %s%s%s%s, %s",
			     up[0] ? " " : "", up,
			     link->ifname[0] ? link->ifname : "?",
			     link->local[0] ? link->local : "no address",
			     link->addr_class[0] ? " (" : "", link->addr_class,
			     link->addr_class[0] ? ")" : "", sig);
	}
	(void)n;
	gsm_safe(out);
}
