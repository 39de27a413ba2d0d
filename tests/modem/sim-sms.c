// SPDX-License-Identifier: GPL-2.0-or-later
/* modem-sim's SMS storage (see sim-sms.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim-sms.h"

/* Copies what fits: a test's line may be longer than any PDU. */
static void copy_pdu(char *dst, const char *src)
{
	size_t n = strnlen(src, SIM_SMS_PDU);

	memcpy(dst, src, n);
	dst[n] = '\0';
}

int sim_sms_store(struct sim_sms *s, const char *pdu)
{
	int i;

	for (i = 0; i < s->capacity && i < SIM_SMS_MAX; i++) {
		if (!s->slot[i].used) {
			s->slot[i].used = true;
			s->slot[i].read = false;
			copy_pdu(s->slot[i].pdu, pdu);
			return i;
		}
	}
	s->dropped++;
	return -ENOSPC;
}

int sim_sms_used(const struct sim_sms *s)
{
	int i, n = 0;

	for (i = 0; i < SIM_SMS_MAX; i++)
		n += s->slot[i].used;
	return n;
}

int sim_sms_tpdu_len(const char *pdu)
{
	int len = (int)strlen(pdu) / 2;
	unsigned int smsc = 0;

	if (sscanf(pdu, "%2x", &smsc) != 1)
		return len;
	return len - 1 - (int)smsc > 0 ? len - 1 - (int)smsc : len;
}

int sim_sms_load(struct sim_sms *s, const char *path, int capacity, char *err,
		 size_t errlen)
{
	char line[SIM_SMS_PDU + 16];
	int lineno = 0, r = 0;
	FILE *f;

	memset(s, 0, sizeof(*s));
	s->capacity = capacity;
	if (!path || !path[0])
		return 0;
	f = fopen(path, "re");
	if (!f) {
		snprintf(err, errlen, "sms_file %s: %s", path, strerror(errno));
		return -errno;
	}
	while (fgets(line, sizeof(line), f)) {
		char *p = line;

		lineno++;
		p[strcspn(p, "\r\n")] = '\0';
		if (!*p || *p == '#')
			continue;
		if (strncmp(p, "new ", 4) == 0) {
			if (s->n_later == SIM_SMS_MAX) {
				r = -EINVAL;
				break;
			}
			copy_pdu(s->later[s->n_later++], p + 4);
		} else {
			(void)sim_sms_store(s, p);
		}
	}
	fclose(f);
	if (r)
		snprintf(err, errlen, "sms_file %s:%d: too many messages", path,
			 lineno);
	return r;
}
