/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The text of the reply to "status": link state, address and its class,
 * and signal, in at most one GSM 7-bit SMS (160 characters; characters
 * without a GSM code become '?'). Pure: the caller reads the link state
 * file and asks the modem for AT+CSQ.
 */
#ifndef LTEPI_CHAT_SMS_STATUS_H
#define LTEPI_CHAT_SMS_STATUS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SMS_STATUS_MAX 160

struct sms_link_status {
	bool known; /* a link state file was read */
	bool up;
	char ifname[16];
	int64_t up_since;    /* Unix seconds, 0 unknown */
	char local[64];	     /* the local address, "" unknown */
	char addr_class[64]; /* addrclass name, "" unknown */
};

/*
 * Writes the reply into out (at least SMS_STATUS_MAX + 1 bytes); dbm is
 * the signal from AT+CSQ, or a positive number when unknown. now_s is the
 * time the uptime is counted to.
 */
void sms_status_compose(const struct sms_link_status *link, int dbm,
			int64_t now_s, char *out, size_t len);

#endif
