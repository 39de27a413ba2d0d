/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The signed SMS command (chat/sms-auth.h): parsing what phones send,
 * the tag (checked against openssl's HMAC-SHA256 in the first case), the
 * allow-list in international form, the counter and the rate limit.
 */
#include <errno.h>
#include <string.h>

#include "../tap.h"
#include "chat/sms-auth.h"

#define KEY    "0123456789abcdef0123456789abcdef"
#define KEYLEN (sizeof(KEY) - 1)
#define SENDER "+491701234567"

static const uint8_t *key = (const uint8_t *)KEY;

static void parse_fails(const char *text, const char *why)
{
	struct sms_cmd c;
	char err[128] = "";

	is_int(sms_cmd_parse(text, strlen(text), &c, err, sizeof(err)), -EINVAL,
	       text);
	is_str(err, why, "  reason");
}

static void test_parse(void)
{
	struct sms_cmd c;
	char err[128] = "";
	const char *t = "  ltepi\xc2\xa0Up 2h\n17 abcd-efgh-ijkl-mn02 ";

	is_int(sms_cmd_parse(t, strlen(t), &c, err, sizeof(err)), 0,
	       "lower case, NBSP, newline, dashes, typed 0");
	is_int(c.verb, SMS_VERB_UP, "  up");
	is_int(c.duration_s, 7200, "  2h");
	is_int((long long)c.counter, 17, "  counter");
	is_str(c.tag, "ABCDEFGHIJKLMNO2", "  tag normalised");
	is_str(c.canonical, "ltepi1 up 7200 17", "  canonical form");
	t = "LTEPI STATUS 5 AAAAAAAAAAAAAAAA";
	is_int(sms_cmd_parse(t, strlen(t), &c, err, sizeof(err)), 0, "status");
	is_str(c.canonical, "ltepi1 status 0 5", "  canonical form");
	parse_fails("hello", "the text is not an ltepi command");
	parse_fails("LTEPI REBOOT 5 AAAAAAAAAAAAAAAA",
		    "the command is not up, down or status");
	parse_fails("LTEPI UP 8D 5 AAAAAAAAAAAAAAAA",
		    "the duration is not a number with s, m, h or d up to 7 "
		    "days");
	parse_fails("LTEPI DOWN 2H 5 AAAAAAAAAAAAAAAA",
		    "the command has the wrong number of words");
	parse_fails("LTEPI DOWN 0 AAAAAAAAAAAAAAAA",
		    "the counter is not a number from 1 to 15 digits");
	parse_fails("LTEPI DOWN 1234567890123456 AAAAAAAAAAAAAAAA",
		    "the counter is not a number from 1 to 15 digits");
	parse_fails("LTEPI DOWN 5 AAAAAAAAAAAAAAA",
		    "the tag is not 16 base32 characters");
	parse_fails("LTEPI DOWN 5 AAAAAAAAAAAAAAA9",
		    "the tag is not 16 base32 characters");
	parse_fails("LTEPI D\xc3\xb6WN 5 AAAAAAAAAAAAAAAA",
		    "the text has a character that is not ASCII");
	parse_fails("a b c d e f g", "the text has too many words for a "
				     "command");
}

static void test_tag(void)
{
	struct sms_cmd c, back;
	char text[SMS_CMD_TEXT_MAX], err[128], tag[SMS_TAG_CHARS + 1];

	memset(&c, 0, sizeof(c));
	strcpy(c.canonical, "test");
	sms_cmd_tag(&c, (const uint8_t *)"0123456789abcdef", 16, tag);
	/* printf test | openssl dgst -sha256 -hmac 0123456789abcdef gives
	 * dc2de07738532fc3ae58...; its first 80 bits in base32: */
	is_str(tag, "3QW6A5ZYKMX4HLSY", "HMAC-SHA256, truncated, base32");
	is_int(sms_cmd_parse_request("up", "90m", &c, err, sizeof(err)), 0,
	       "sign request: up 90m");
	c.counter = 42;
	is_int(sms_cmd_format(&c, key, KEYLEN, text, sizeof(text)), 0,
	       "formatted");
	is_int(strncmp(text, "LTEPI UP 90M 42 ", 16), 0, "  text to send");
	is_int(sms_cmd_parse(text, strlen(text), &back, err, sizeof(err)), 0,
	       "  parses back");
	ok(sms_cmd_tag_ok(&back, key, KEYLEN), "  and verifies");
	ok(!sms_cmd_tag_ok(&back, (const uint8_t *)"another key of a box", 20),
	   "  not with another box's key");
	back.counter = 43;
	sms_cmd_canonicalise(&back);
	ok(!sms_cmd_tag_ok(&back, key, KEYLEN), "  not with another counter");
	is_int(sms_cmd_parse_request("down", "1h", &c, err, sizeof(err)),
	       -EINVAL, "down takes no duration");
	is_int(sms_cmd_parse_request("reboot", NULL, &c, err, sizeof(err)),
	       -EINVAL, "an unknown command");
}

static void test_allow(void)
{
	struct sms_allow a;
	char err[128] = "", n[SMS_ADDR_MAX + 1];

	is_int(sms_allow_parse("+49 170 1234567, 0044-20-7946-0000", &a, err,
			       sizeof(err)),
	       0, "an allow-list with spaces, dashes and 00");
	is_str(a.number[1], "+442079460000", "  00 read as +");
	ok(sms_allow_has(&a, SENDER), "  the sender matches");
	ok(sms_allow_has(&a, "00442079460000"), "  so does 00 form");
	ok(!sms_allow_has(&a, "01701234567"), "  a national number does not");
	ok(!sms_allow_has(&a, "+4917012345678"), "  nor a longer number");
	ok(!sms_allow_has(&a, "ltepi"), "  nor a name");
	is_int(sms_allow_parse("01701234567", &a, err, sizeof(err)), -EINVAL,
	       "a national number in sms-allow");
	is_str(err,
	       "sms-allow: '01701234567' is not a phone number in "
	       "international form (+ or 00, country code, number)",
	       "  reason");
	is_int(sms_allow_parse("", &a, err, sizeof(err)), -EINVAL, "empty");
	is_int(sms_number_international("+1234567890123456", n, sizeof(n)),
	       -EINVAL, "16 digits are not E.164");
}

static enum sms_verdict check(struct sms_auth *au, const char *sender,
			      const char *text, int64_t now)
{
	struct sms_cmd c;
	char why[160];

	return sms_auth_check(au, sender, text, strlen(text), now, &c, why,
			      sizeof(why));
}

static void signed_text(const char *verb, uint64_t counter, char *out)
{
	struct sms_cmd c;
	char err[64];

	(void)sms_cmd_parse_request(verb, NULL, &c, err, sizeof(err));
	c.counter = counter;
	(void)sms_cmd_format(&c, key, KEYLEN, out, SMS_CMD_TEXT_MAX);
}

static void test_decision(void)
{
	struct sms_allow a;
	struct sms_auth au = { .allow = &a, .key = key, .keylen = KEYLEN };
	char t[6][SMS_CMD_TEXT_MAX], err[64], tampered[SMS_CMD_TEXT_MAX];
	int i;

	(void)sms_allow_parse(SENDER, &a, err, sizeof(err));
	for (i = 0; i < 6; i++)
		signed_text("status", (uint64_t)i + 10, t[i]);
	is_int(check(&au, "+4930999", t[0], 1000), SMS_REFUSE_SENDER,
	       "unknown sender");
	is_int(check(&au, SENDER, "hello", 1000), SMS_REFUSE_MALFORMED,
	       "not a command");
	strcpy(tampered, t[0]);
	tampered[strlen(tampered) - 1] ^= 1;
	is_int(check(&au, SENDER, tampered, 1000), SMS_REFUSE_TAG,
	       "tampered tag");
	memcpy(tampered, "LTEPI UP    ", 12);
	is_int(check(&au, SENDER, tampered, 1000), SMS_REFUSE_TAG,
	       "status tag on an up");
	is_int((long long)au.last_counter, 0, "  nothing accepted yet");
	is_int(check(&au, SENDER, t[1], 1000), SMS_ACCEPT, "counter 11");
	is_int((long long)au.last_counter, 11, "  remembered");
	is_int(check(&au, SENDER, t[1], 1001), SMS_REFUSE_REPLAY, "replay");
	is_int(check(&au, SENDER, t[0], 1001), SMS_REFUSE_REPLAY,
	       "an older counter");
	is_int(check(&au, SENDER, t[2], 1002), SMS_ACCEPT, "counter 12");
	is_int(check(&au, SENDER, t[3], 1003), SMS_ACCEPT, "counter 13");
	is_int(check(&au, SENDER, t[4], 1004), SMS_REFUSE_RATE,
	       "a fourth within a minute");
	is_int((long long)au.last_counter, 13, "  not counted as accepted");
	is_int(check(&au, SENDER, t[4], 1060), SMS_ACCEPT,
	       "  accepted a minute after the first");
}

int main(void)
{
	test_parse();
	test_tag();
	test_allow();
	test_decision();
	return tap_done();
}
