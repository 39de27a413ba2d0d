/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * libFuzzer target for what an SMS sender controls: the PDU decoder
 * (chat/sms-pdu.c), the reassembly of parts (sms-concat.c), the parser
 * of the signed command (sms-auth.c), and the replay counter's file
 * (sms-state.c). Whatever the bytes, nothing crashes,
 * decoded text stays in bounds, NUL-terminated and (except 8-bit data)
 * valid UTF-8, and the reassembly pool never holds more than its limit.
 *
 * The input is used twice: as the hex text a modem would print, and as
 * raw PDU octets hex-encoded here, so the fuzzer reaches the field
 * parsers without having to learn hex first.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "chat/sms-alphabet.h"
#include "chat/sms-auth.h"
#include "chat/sms-concat.h"
#include "chat/sms-pdu.h"
#include "chat/sms-state.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct sms_concat pool;

static void check_utf8(const char *s, size_t len)
{
	size_t pos = 0;

	while (pos < len) {
		if (utf8_get(s, &pos) < 0)
			abort();
	}
}

static void exercise(const char *hex)
{
	static char joined[SMS_CONCAT_TEXT + 1];
	struct sms_deliver d;
	struct sms_cmd cmd;
	char err[128];
	size_t len;

	if (sms_pdu_decode(hex, &d, err, sizeof(err)) < 0)
		return;
	if (d.text_len > SMS_TEXT_MAX || d.text[d.text_len] != '\0' ||
	    strnlen(d.sender, sizeof(d.sender)) == sizeof(d.sender))
		abort();
	if (d.alphabet != SMS_8BIT)
		check_utf8(d.text, d.text_len);
	if (sms_concat_add(&pool, &d, joined, sizeof(joined), &len) ==
	    SMS_CONCAT_COMPLETE) {
		if (len > SMS_CONCAT_TEXT || joined[len] != '\0')
			abort();
		(void)sms_cmd_parse(joined, len, &cmd, err, sizeof(err));
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char digits[] = "0123456789ABCDEF";
	char hex[SMS_PDU_HEX_MAX + 2];
	struct sms_cmd cmd;
	char err[128];
	size_t i, n = size < SMS_PDU_HEX_MAX + 1 ? size : SMS_PDU_HEX_MAX + 1;

	memcpy(hex, data, n);
	hex[n] = '\0';
	exercise(hex);
	(void)sms_cmd_parse((const char *)data, size, &cmd, err, sizeof(err));
	{
		uint64_t counter;

		(void)sms_counter_parse((const char *)data, size, &counter);
	}
	n = size < SMS_PDU_OCTETS ? size : SMS_PDU_OCTETS;
	for (i = 0; i < n; i++) {
		hex[2 * i] = digits[data[i] >> 4];
		hex[2 * i + 1] = digits[data[i] & 15];
	}
	hex[2 * n] = '\0';
	exercise(hex);
	return 0;
}
