/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Reassembly of concatenated SMS (3GPP TS 23.040 §9.2.3.24.1): parts of one
 * message share the sender, the reference and the part count, and may
 * arrive in any order, twice, or never. Pure and bounded: at most
 * SMS_CONCAT_SETS incomplete messages of at most SMS_CONCAT_PARTS parts
 * each are held; a new message when all slots are taken evicts the one
 * that started longest ago (its parts are dropped, as a sender would have
 * to send again anyway). No heap: the whole state is struct sms_concat.
 */
#ifndef LTEPI_CHAT_SMS_CONCAT_H
#define LTEPI_CHAT_SMS_CONCAT_H

#include <stdbool.h>
#include <stddef.h>

#include "sms-pdu.h"

#define SMS_CONCAT_SETS	 8
#define SMS_CONCAT_PARTS 4
#define SMS_CONCAT_TEXT	 (SMS_CONCAT_PARTS * SMS_TEXT_MAX)

struct sms_concat_set {
	bool used;
	unsigned long age; /* insertion order: smaller is older */
	char sender[SMS_ADDR_MAX + 1];
	unsigned int ref, total;
	unsigned int have; /* bit i: part i + 1 arrived */
	char text[SMS_CONCAT_PARTS][SMS_TEXT_MAX + 1];
	size_t len[SMS_CONCAT_PARTS];
};

struct sms_concat {
	struct sms_concat_set set[SMS_CONCAT_SETS];
	unsigned long clock;
	unsigned int evicted; /* incomplete messages dropped so far */
};

void sms_concat_init(struct sms_concat *c);

enum sms_concat_result {
	SMS_CONCAT_PENDING = 0, /* stored (or a duplicate): wait for more */
	SMS_CONCAT_COMPLETE,	/* out holds the whole text */
	SMS_CONCAT_TOO_MANY,	/* more parts than SMS_CONCAT_PARTS */
};

/*
 * Adds part (a decoded PDU with concat_total > 0; a part-less message is
 * COMPLETE at once). On COMPLETE out holds the parts' texts joined in
 * sequence order (outlen at least SMS_CONCAT_TEXT + 1), NUL-terminated,
 * *out_len its length, and the set is freed.
 */
enum sms_concat_result sms_concat_add(struct sms_concat *c,
				      const struct sms_deliver *part, char *out,
				      size_t outlen, size_t *out_len);

#endif
