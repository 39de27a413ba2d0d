/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The replay counter of the SMS listener, kept in DIR/sms.state (DIR is
 * sms-state-dir, created 0700 when missing), and the sender's counter of
 * "ltepi-modem sms sign" in KEYFILE.counter. Both are one line
 * "counter N", replaced atomically (a temporary file in the same
 * directory, fsync, rename, fsync of the directory), so a power cut leaves
 * the old or the new value, never a torn one, and the listener saves a
 * counter before it acts on the command that carried it.
 *
 * Functions return 0 or -errno with one sentence in err; a missing file is
 * counter 0 (nothing accepted yet); a malformed one is -EINVAL, because
 * silently restarting at 0 would re-open every old message to replay.
 */
#ifndef LTEPI_CHAT_SMS_STATE_H
#define LTEPI_CHAT_SMS_STATE_H

#include <stddef.h>
#include <stdint.h>

#define SMS_STATE_FILE "sms.state"

/* Parses "counter N\n" (pure). 0 or -EINVAL. */
int sms_counter_parse(const char *text, size_t len, uint64_t *counter);

int sms_counter_load(const char *path, uint64_t *counter, char *err,
		     size_t errlen);
int sms_counter_save(const char *path, uint64_t counter, char *err,
		     size_t errlen);

/* DIR/sms.state into path (created dir 0700 if missing). 0 or -errno. */
int sms_state_path(const char *dir, char *path, size_t len, char *err,
		   size_t errlen);

#endif
