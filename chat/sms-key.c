/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The per-box SMS key file (see sms-key.h). */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "conf.h"
#include "sms-key.h"

int sms_key_load(const char *path, struct sms_key *key, char *err,
		 size_t errlen)
{
	int r;

	memset(key, 0, sizeof(*key));
	if (!path || !path[0]) {
		snprintf(err, errlen, "no SMS key file: set sms-key-file");
		return -EINVAL;
	}
	r = conf_read_secret(path, "SMS key file", (char *)key->bytes,
			     sizeof(key->bytes), err, errlen);
	if (r < 0)
		return r;
	key->len = strlen((char *)key->bytes);
	if (key->len < SMS_KEY_MIN) {
		snprintf(err, errlen,
			 "SMS key file %s holds %zu bytes, fewer than %d; "
			 "make one with 'head -c 24 /dev/urandom | base64'",
			 path, key->len, SMS_KEY_MIN);
		sms_key_wipe(key);
		return -EINVAL;
	}
	return 0;
}

void sms_key_wipe(struct sms_key *key)
{
	explicit_bzero(key, sizeof(*key));
}
