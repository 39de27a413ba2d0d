/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The signed SMS command and its check (ltepi-modem(8), "SMS WAKE-UP"):
 * pure functions, no I/O; the key and the last accepted counter come from
 * the caller (sms-state.h reads and writes them).
 *
 * A command as sent, case-insensitive, words separated by blanks:
 *
 *	LTEPI UP [DURATION] COUNTER TAG
 *	LTEPI DOWN COUNTER TAG
 *	LTEPI STATUS COUNTER TAG
 *
 * DURATION is a number with s, m, h or d (at most 7 days); COUNTER a
 * decimal number from 1; TAG the first 80 bits of HMAC-SHA256(key,
 * canonical form) in RFC 4648 base32 (16 characters A-Z, 2-7; a typed 0, 1
 * or 8 reads as O, I or B; dashes are ignored). The canonical form is
 * "ltepi1 VERB SECONDS COUNTER" in lower case with single spaces (SECONDS
 * 0 for no duration), so "2h" and "120m" sign alike and no spacing, case
 * or GSM/UCS-2 coding a phone picks changes what is signed.
 *
 * Why this is enough (see the man page): without the key nobody can make a
 * tag for a counter not yet used (HMAC-SHA256 is a PRF; 80 bits make a
 * guess succeed with 2^-80, and a few messages a minute are acted on); a
 * message seen on the way can be replayed only to be refused (its counter
 * is not above the last accepted one); a forged sender number alone gets
 * nothing; a message made for one box fails on another (each box its key).
 */
#ifndef LTEPI_CHAT_SMS_AUTH_H
#define LTEPI_CHAT_SMS_AUTH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sms-pdu.h"

#define SMS_TAG_CHARS	  16 /* 80 bits, base32 */
#define SMS_KEY_MIN	  16 /* bytes of the key file's line */
#define SMS_KEY_MAX	  256
#define SMS_DURATION_MAX  (7u * 24 * 3600)
#define SMS_ALLOW_MAX	  16
#define SMS_RATE_PER_MIN  3 /* commands acted on in any 60 seconds */
#define SMS_CANONICAL_MAX 64
#define SMS_CMD_TEXT_MAX  80 /* what sms_cmd_format() writes, NUL included */

enum sms_verb { SMS_VERB_UP, SMS_VERB_DOWN, SMS_VERB_STATUS };

struct sms_cmd {
	enum sms_verb verb;
	unsigned int duration_s; /* up only; 0: until "down" */
	uint64_t counter;
	char tag[SMS_TAG_CHARS + 1]; /* as received, normalised */
	char canonical[SMS_CANONICAL_MAX];
};

/* "up", "down", "status" */
const char *sms_verb_name(enum sms_verb verb);

/*
 * Parses a received text (len bytes, UTF-8). Returns 0, or -EINVAL with
 * the reason in err ("the counter is not a number", ...).
 */
int sms_cmd_parse(const char *text, size_t len, struct sms_cmd *cmd, char *err,
		  size_t errlen);

/*
 * Parses the COMMAND of "ltepi-modem sms sign" ("up", "up 2h", "down",
 * "status") into cmd, counter left 0. Returns 0 or -EINVAL with err.
 */
int sms_cmd_parse_request(const char *verb, const char *duration,
			  struct sms_cmd *cmd, char *err, size_t errlen);

/* Fills cmd->canonical from verb, duration and counter. */
void sms_cmd_canonicalise(struct sms_cmd *cmd);

/* The tag of cmd->canonical under key (SMS_TAG_CHARS and a NUL). */
void sms_cmd_tag(const struct sms_cmd *cmd, const uint8_t *key, size_t keylen,
		 char tag[SMS_TAG_CHARS + 1]);

/* The text to send for cmd (counter set) under key; 0 or -EMSGSIZE. */
int sms_cmd_format(const struct sms_cmd *cmd, const uint8_t *key, size_t keylen,
		   char *out, size_t outlen);

/* Whether cmd->tag is the tag of cmd under key, in constant time. */
bool sms_cmd_tag_ok(const struct sms_cmd *cmd, const uint8_t *key,
		    size_t keylen);

/* ---- who may send ---- */

struct sms_allow {
	char number[SMS_ALLOW_MAX][SMS_ADDR_MAX + 1]; /* "+E164" */
	int n;
};

/*
 * A phone number in international form: blanks, dashes, dots, slashes
 * and parentheses dropped, a leading "00" read as "+"; then it must be
 * "+" and 3 to 15 digits (E.164). Returns 0 or -EINVAL.
 */
int sms_number_international(const char *in, char *out, size_t outlen);

/* "+49 170 1234567, 0044..." into allow; 0 or -EINVAL with err. */
int sms_allow_parse(const char *list, struct sms_allow *allow, char *err,
		    size_t errlen);

/* Whether sender, in international form, is on the list. */
bool sms_allow_has(const struct sms_allow *allow, const char *sender);

/* ---- how often ---- */

struct sms_rate {
	int64_t when[SMS_RATE_PER_MIN]; /* seconds of the last commands */
};

/* Whether a command may act at now_s; if so, counts it. */
bool sms_rate_take(struct sms_rate *rate, int64_t now_s);

/* ---- the whole decision ---- */

enum sms_verdict {
	SMS_ACCEPT = 0,
	SMS_REFUSE_SENDER,    /* not on sms-allow */
	SMS_REFUSE_MALFORMED, /* not a command */
	SMS_REFUSE_TAG,	      /* wrong key or altered */
	SMS_REFUSE_REPLAY,    /* counter not above the last accepted */
	SMS_REFUSE_RATE,      /* too many commands this minute */
};

struct sms_auth {
	const struct sms_allow *allow;
	const uint8_t *key;
	size_t keylen;
	uint64_t last_counter; /* the last accepted, 0 for none */
	struct sms_rate rate;
};

/*
 * Checks a reassembled message from sender: on SMS_ACCEPT cmd holds the
 * command and auth->last_counter its counter (the caller persists it
 * before acting). Otherwise why says, in one sentence, what failed.
 */
enum sms_verdict sms_auth_check(struct sms_auth *auth, const char *sender,
				const char *text, size_t len, int64_t now_s,
				struct sms_cmd *cmd, char *why, size_t whylen);

#endif
