/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The signed SMS command (see sms-auth.h). HMAC-SHA256 comes from nettle
 * (Debian libnettle8, already on every Raspberry Pi OS image as a
 * dependency of GnuTLS and so of apt): a small, maintained library with a
 * stable HMAC API, linked by ltepi-modem alone, never hand-rolled here.
 */
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <nettle/hmac.h>

#include "sms-auth.h"

#define SMS_MAX_WORDS	6
#define SMS_WORD_MAX	40
#define SMS_COUNTER_MAX 999999999999999ULL /* 15 digits */
#define TAG_BYTES	10

static const char base32[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

const char *sms_verb_name(enum sms_verb verb)
{
	static const char *const names[] = { "up", "down", "status" };

	return names[verb];
}

static int cmd_fail(char *err, size_t errlen, const char *why)
{
	snprintf(err, errlen, "%s", why);
	return -EINVAL;
}

/* A blank: ASCII white space or control, or U+00A0 (C2 A0). */
static size_t blank_len(const unsigned char *p, size_t left)
{
	if (left >= 1 && (p[0] <= 0x20 || p[0] == 0x7f))
		return 1;
	if (left >= 2 && p[0] == 0xc2 && p[1] == 0xa0)
		return 2;
	return 0;
}

/* Splits text into at most SMS_MAX_WORDS upper-cased ASCII words. */
static int cmd_words(const char *text, size_t len,
		     char words[SMS_MAX_WORDS][SMS_WORD_MAX + 1], int *n,
		     char *err, size_t errlen)
{
	const unsigned char *p = (const unsigned char *)text;
	size_t i = 0, b;

	*n = 0;
	while (i < len) {
		size_t w = 0;

		if ((b = blank_len(p + i, len - i))) {
			i += b;
			continue;
		}
		if (*n == SMS_MAX_WORDS)
			return cmd_fail(err, errlen,
					"the text has too many "
					"words for a command");
		while (i < len && !blank_len(p + i, len - i)) {
			if (p[i] >= 0x80)
				return cmd_fail(err, errlen,
						"the text has a character "
						"that is not ASCII");
			if (w == SMS_WORD_MAX)
				return cmd_fail(err, errlen,
						"the text has an overlong "
						"word");
			words[*n][w++] = (char)toupper(p[i++]);
		}
		words[(*n)++][w] = '\0';
	}
	return 0;
}

static int cmd_verb(const char *word, enum sms_verb *verb)
{
	static const char *const names[] = { "UP", "DOWN", "STATUS" };
	size_t i;

	for (i = 0; i < 3; i++) {
		if (strcmp(word, names[i]) == 0) {
			*verb = (enum sms_verb)i;
			return 0;
		}
	}
	return -EINVAL;
}

static int cmd_number(const char *word, uint64_t max, uint64_t *out)
{
	uint64_t v = 0;
	size_t i, n = strlen(word);

	if (n == 0 || n > 15 || strspn(word, "0123456789") != n)
		return -EINVAL;
	for (i = 0; i < n; i++)
		v = v * 10 + (uint64_t)(word[i] - '0');
	if (v == 0 || v > max)
		return -EINVAL;
	*out = v;
	return 0;
}

static int cmd_duration(const char *word, unsigned int *seconds)
{
	static const struct {
		char unit;
		unsigned int mult;
	} units[] = { { 'S', 1 }, { 'M', 60 }, { 'H', 3600 }, { 'D', 86400 } };
	char digits[SMS_WORD_MAX + 1];
	size_t n = strlen(word), i;
	uint64_t v;

	if (n < 2 || n > 8)
		return -EINVAL;
	memcpy(digits, word, n - 1);
	digits[n - 1] = '\0';
	if (cmd_number(digits, SMS_DURATION_MAX, &v) < 0)
		return -EINVAL;
	for (i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
		if (word[n - 1] == units[i].unit &&
		    v * units[i].mult <= SMS_DURATION_MAX) {
			*seconds = (unsigned int)(v * units[i].mult);
			return 0;
		}
	}
	return -EINVAL;
}

/* The tag as typed: dashes dropped, 0/1/8 read as O/I/B. */
static int cmd_tag(const char *word, char tag[SMS_TAG_CHARS + 1])
{
	size_t n = 0;

	for (; *word; word++) {
		char c = *word == '0'	? 'O'
			 : *word == '1' ? 'I'
			 : *word == '8' ? 'B'
					: *word;

		if (c == '-')
			continue;
		if (!strchr(base32, c) || n == SMS_TAG_CHARS)
			return -EINVAL;
		tag[n++] = c;
	}
	tag[n] = '\0';
	return n == SMS_TAG_CHARS ? 0 : -EINVAL;
}

void sms_cmd_canonicalise(struct sms_cmd *cmd)
{
	snprintf(cmd->canonical, sizeof(cmd->canonical),
		 "ltepi1 %s %u %" PRIu64, sms_verb_name(cmd->verb),
		 cmd->duration_s, cmd->counter);
}

int sms_cmd_parse(const char *text, size_t len, struct sms_cmd *cmd, char *err,
		  size_t errlen)
{
	char w[SMS_MAX_WORDS][SMS_WORD_MAX + 1];
	int n, i = 2, r;

	memset(cmd, 0, sizeof(*cmd));
	r = cmd_words(text, len, w, &n, err, errlen);
	if (r < 0)
		return r;
	if (n < 4 || strcmp(w[0], "LTEPI") != 0)
		return cmd_fail(err, errlen,
				"the text is not an ltepi "
				"command");
	if (cmd_verb(w[1], &cmd->verb) < 0)
		return cmd_fail(err, errlen,
				"the command is not up, down or "
				"status");
	if (n == 5 && cmd->verb == SMS_VERB_UP &&
	    cmd_duration(w[i++], &cmd->duration_s) < 0)
		return cmd_fail(err, errlen,
				"the duration is not a number "
				"with s, m, h or d up to 7 days");
	if (n != i + 2)
		return cmd_fail(err, errlen,
				"the command has the wrong "
				"number of words");
	if (cmd_number(w[i], SMS_COUNTER_MAX, &cmd->counter) < 0)
		return cmd_fail(err, errlen,
				"the counter is not a number "
				"from 1 to 15 digits");
	if (cmd_tag(w[i + 1], cmd->tag) < 0)
		return cmd_fail(err, errlen,
				"the tag is not 16 base32 "
				"characters");
	sms_cmd_canonicalise(cmd);
	return 0;
}

int sms_cmd_parse_request(const char *verb, const char *duration,
			  struct sms_cmd *cmd, char *err, size_t errlen)
{
	char word[SMS_WORD_MAX + 1];
	size_t i;

	memset(cmd, 0, sizeof(*cmd));
	for (i = 0; i < SMS_WORD_MAX && verb[i]; i++)
		word[i] = (char)toupper((unsigned char)verb[i]);
	word[i] = '\0';
	if (verb[i] || cmd_verb(word, &cmd->verb) < 0)
		return cmd_fail(err, errlen,
				"the command must be up, down or "
				"status");
	if (!duration)
		return 0;
	for (i = 0; i < SMS_WORD_MAX && duration[i]; i++)
		word[i] = (char)toupper((unsigned char)duration[i]);
	word[i] = '\0';
	if (cmd->verb != SMS_VERB_UP || duration[i] ||
	    cmd_duration(word, &cmd->duration_s) < 0)
		return cmd_fail(err, errlen,
				"only up takes a duration: a "
				"number with s, m, h or d up to "
				"7 days");
	return 0;
}

void sms_cmd_tag(const struct sms_cmd *cmd, const uint8_t *key, size_t keylen,
		 char tag[SMS_TAG_CHARS + 1])
{
	struct hmac_sha256_ctx ctx;
	uint8_t mac[SHA256_DIGEST_SIZE];
	unsigned int acc = 0, bits = 0;
	size_t i, n = 0;

	hmac_sha256_set_key(&ctx, keylen, key);
	hmac_sha256_update(&ctx, strlen(cmd->canonical),
			   (const uint8_t *)cmd->canonical);
	hmac_sha256_digest(&ctx, sizeof(mac), mac);
	for (i = 0; i < TAG_BYTES; i++) {
		acc = acc << 8 | mac[i];
		bits += 8;
		while (bits >= 5) {
			tag[n++] = base32[(acc >> (bits - 5)) & 31];
			bits -= 5;
		}
	}
	tag[n] = '\0';
	explicit_bzero(&ctx, sizeof(ctx));
	explicit_bzero(mac, sizeof(mac));
}

static void duration_text(unsigned int s, char *out, size_t len)
{
	if (s % 86400 == 0)
		snprintf(out, len, " %uD", s / 86400);
	else if (s % 3600 == 0)
		snprintf(out, len, " %uH", s / 3600);
	else if (s % 60 == 0)
		snprintf(out, len, " %uM", s / 60);
	else
		snprintf(out, len, " %uS", s);
}

int sms_cmd_format(const struct sms_cmd *cmd, const uint8_t *key, size_t keylen,
		   char *out, size_t outlen)
{
	struct sms_cmd c = *cmd;
	char tag[SMS_TAG_CHARS + 1], dur[16] = "", verb[8];
	size_t i;
	int n;

	sms_cmd_canonicalise(&c);
	sms_cmd_tag(&c, key, keylen, tag);
	if (c.duration_s)
		duration_text(c.duration_s, dur, sizeof(dur));
	for (i = 0; i + 1 < sizeof(verb) && sms_verb_name(c.verb)[i]; i++)
		verb[i] =
		    (char)toupper((unsigned char)sms_verb_name(c.verb)[i]);
	verb[i] = '\0';
	n = snprintf(out, outlen, "LTEPI %s%s %" PRIu64 " %s", verb, dur,
		     c.counter, tag);
	return n < 0 || (size_t)n >= outlen ? -EMSGSIZE : 0;
}

bool sms_cmd_tag_ok(const struct sms_cmd *cmd, const uint8_t *key,
		    size_t keylen)
{
	char want[SMS_TAG_CHARS + 1];
	unsigned char diff = 0;
	size_t i;

	sms_cmd_tag(cmd, key, keylen, want);
	for (i = 0; i < SMS_TAG_CHARS; i++)
		diff |= (unsigned char)(want[i] ^ cmd->tag[i]);
	return diff == 0;
}

/* ---- who may send ---- */

int sms_number_international(const char *in, char *out, size_t outlen)
{
	size_t n = 0, digits;

	if (outlen < 2)
		return -EINVAL;
	for (; *in; in++) {
		if (strchr(" \t-./()", *in))
			continue;
		if (n + 1 >= outlen)
			return -EINVAL;
		out[n++] = *in;
	}
	out[n] = '\0';
	if (n >= 2 && out[0] == '0' && out[1] == '0') {
		memmove(out + 1, out + 2, n - 1);
		out[0] = '+';
		n--;
	}
	digits = n ? strspn(out + 1, "0123456789") : 0;
	if (n < 4 || out[0] != '+' || digits != n - 1 || digits > 15)
		return -EINVAL;
	return 0;
}

int sms_allow_parse(const char *list, struct sms_allow *allow, char *err,
		    size_t errlen)
{
	char item[SMS_ADDR_MAX * 2];

	memset(allow, 0, sizeof(*allow));
	while (*list) {
		size_t n = strcspn(list, ",");

		if (n >= sizeof(item) || allow->n == SMS_ALLOW_MAX) {
			snprintf(err, errlen,
				 "sms-allow takes at most %d "
				 "numbers of 15 digits",
				 SMS_ALLOW_MAX);
			return -EINVAL;
		}
		memcpy(item, list, n);
		item[n] = '\0';
		if (sms_number_international(item, allow->number[allow->n],
					     sizeof(allow->number[0])) < 0) {
			snprintf(err, errlen,
				 "sms-allow: '%s' is not a phone "
				 "number in international form "
				 "(+ or 00, country code, number)",
				 item);
			return -EINVAL;
		}
		allow->n++;
		list += n + (list[n] == ',');
	}
	if (allow->n == 0) {
		snprintf(err, errlen, "sms-allow names no number");
		return -EINVAL;
	}
	return 0;
}

bool sms_allow_has(const struct sms_allow *allow, const char *sender)
{
	char intl[SMS_ADDR_MAX + 1];
	int i;

	if (sms_number_international(sender, intl, sizeof(intl)) < 0)
		return false;
	for (i = 0; i < allow->n; i++) {
		if (strcmp(allow->number[i], intl) == 0)
			return true;
	}
	return false;
}

/* ---- how often ---- */

bool sms_rate_take(struct sms_rate *rate, int64_t now_s)
{
	size_t i, oldest = 0;

	for (i = 0; i < SMS_RATE_PER_MIN; i++) {
		if (rate->when[i] < rate->when[oldest])
			oldest = i;
	}
	if (rate->when[oldest] != 0 && now_s - rate->when[oldest] < 60)
		return false;
	rate->when[oldest] = now_s;
	return true;
}

/* ---- the whole decision ---- */

enum sms_verdict sms_auth_check(struct sms_auth *auth, const char *sender,
				const char *text, size_t len, int64_t now_s,
				struct sms_cmd *cmd, char *why, size_t whylen)
{
	char err[96];

	if (!sms_allow_has(auth->allow, sender)) {
		snprintf(why, whylen, "the sender is not on sms-allow");
		return SMS_REFUSE_SENDER;
	}
	if (sms_cmd_parse(text, len, cmd, err, sizeof(err)) < 0) {
		snprintf(why, whylen, "%s", err);
		return SMS_REFUSE_MALFORMED;
	}
	if (!sms_cmd_tag_ok(cmd, auth->key, auth->keylen)) {
		snprintf(why, whylen,
			 "the tag does not verify (another key, "
			 "or the text was altered)");
		return SMS_REFUSE_TAG;
	}
	if (cmd->counter <= auth->last_counter) {
		snprintf(why, whylen,
			 "counter %" PRIu64 " is not above the last accepted "
			 "%" PRIu64 " (a replay, or an older message)",
			 cmd->counter, auth->last_counter);
		return SMS_REFUSE_REPLAY;
	}
	if (!sms_rate_take(&auth->rate, now_s)) {
		snprintf(why, whylen, "more than %d commands in a minute",
			 SMS_RATE_PER_MIN);
		return SMS_REFUSE_RATE;
	}
	auth->last_counter = cmd->counter;
	return SMS_ACCEPT;
}
