/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The per-box SMS key: the first line of a file that only its owner may
 * read, opened by the same safe opener as the PIN file (conf_read_secret:
 * no symlink, a regular file, no group or other access), at least
 * SMS_KEY_MIN bytes. "head -c 24 /dev/urandom | base64" makes one.
 */
#ifndef LTEPI_CHAT_SMS_KEY_H
#define LTEPI_CHAT_SMS_KEY_H

#include <stddef.h>
#include <stdint.h>

#include "sms-auth.h"

struct sms_key {
	uint8_t bytes[SMS_KEY_MAX + 1];
	size_t len;
};

/* 0, or -errno with one sentence in err. */
int sms_key_load(const char *path, struct sms_key *key, char *err,
		 size_t errlen);

void sms_key_wipe(struct sms_key *key);

#endif
