/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * "ltepi-modem sms sign": the text to send for a command (see
 * sms-listen.h). It runs where the operator sends from, so the only
 * output is that text on stdout; the counter file sits beside the key.
 */
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "exitcode.h"
#include "log.h"
#include "sms-auth.h"
#include "sms-key.h"
#include "sms-listen.h"
#include "sms-state.h"

static int sign_counter(const char *key_file, const char *given,
			uint64_t *counter)
{
	char path[PATH_MAX], err[PATH_MAX + 128], *end;
	int r;

	if (given) {
		errno = 0;
		*counter = strtoull(given, &end, 10);
		if (errno || *end || !*given || given[0] == '-' ||
		    *counter == 0 || *counter > 999999999999999ULL) {
			log_warnx("--counter must be a number from 1 to 15 "
				  "digits");
			return MODEM_EXIT_USAGE;
		}
		return 0;
	}
	r = snprintf(path, sizeof(path), "%s.counter", key_file);
	if (r < 0 || (size_t)r >= sizeof(path)) {
		log_warnx("%s: path too long", key_file);
		return MODEM_EXIT_USAGE;
	}
	r = sms_counter_load(path, counter, err, sizeof(err));
	if (r == 0) {
		++*counter;
		r = sms_counter_save(path, *counter, err, sizeof(err));
	}
	if (r < 0) {
		log_warnx("%s", err);
		return MODEM_EXIT_USAGE;
	}
	return 0;
}

int sms_sign(const struct modem_conf *conf, const char *key_file,
	     const char *counter, const char *verb, const char *duration)
{
	char err[PATH_MAX + 128], text[SMS_CMD_TEXT_MAX];
	struct sms_key key;
	struct sms_cmd cmd;
	int r;

	if (!key_file)
		key_file = conf->sms_key_file;
	if (!verb) {
		log_warnx("sms sign needs a command: up [DURATION], down or "
			  "status");
		return MODEM_EXIT_USAGE;
	}
	if (sms_cmd_parse_request(verb, duration, &cmd, err, sizeof(err)) < 0) {
		log_warnx("sms sign: %s", err);
		return MODEM_EXIT_USAGE;
	}
	if (sms_key_load(key_file, &key, err, sizeof(err)) < 0) {
		log_warnx("%s", err);
		return MODEM_EXIT_USAGE;
	}
	r = sign_counter(key_file, counter, &cmd.counter);
	if (r == 0 &&
	    sms_cmd_format(&cmd, key.bytes, key.len, text, sizeof(text)) == 0)
		printf("%s\n", text);
	sms_key_wipe(&key);
	return r;
}
