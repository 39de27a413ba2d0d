/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The SMS PDU codec on the command line, for the cross-check with an
 * independent implementation (tests/modem/sms-gammu.sh):
 *
 *   sms-pdu-tool decode HEX        prints "sender", "alphabet", "concat
 *                                  REF TOTAL SEQ" and "text" lines, the
 *                                  text hex-encoded (UTF-8 bytes)
 *   sms-pdu-tool encode DEST TEXT  prints "HEX TPDU_LENGTH"
 *   sms-pdu-tool deliver SENDER TEXT [ucs2|REF TOTAL SEQ]
 *                                  prints an SMS-DELIVER from SENDER as
 *                                  a network would deliver it, for the
 *                                  simulator: GSM 7-bit, or UCS-2, or a
 *                                  UCS-2 part of a concatenated message
 *                                  (UDH IEI 0x00)
 *
 * Exit 0, or 1 with the codec's error on stderr.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chat/sms-alphabet.h"
#include "chat/sms-pdu.h"

#define SMSC "07919471016700F0" /* +491710760000 */
#define SCTS "62217040000000"	/* 2026-12-07 04:00:00 +0 */

/* Our SMS-SUBMIT turned into a DELIVER: no MR, a time stamp. */
static int deliver_gsm(const char *sender, const char *text)
{
	char hex[SMS_PDU_HEX_MAX + 1];
	unsigned int len;
	size_t addr;

	if (sms_pdu_encode_submit(sender, text, hex, sizeof(hex), &len) < 0)
		return 1;
	/* 00 SMSC, 01 first octet, 00 MR, then the address */
	addr = 4 + 2 * (size_t)((strlen(sender + (sender[0] == '+')) + 1) / 2);
	printf("%s00%.*s%.4s%s%s\n", SMSC, (int)addr, hex + 6, hex + 6 + addr,
	       SCTS, hex + 6 + addr + 4);
	return 0;
}

static int deliver_ucs2(const char *sender, const char *text, int ref,
			int total, int seq)
{
	char hex[SMS_PDU_HEX_MAX + 1], ud[SMS_PDU_HEX_MAX + 1] = "";
	unsigned int len;
	size_t pos = 0, n = 0, addr;
	int32_t cp;

	if (sms_pdu_encode_submit(sender, "x", hex, sizeof(hex), &len) < 0)
		return 1;
	addr = 4 + 2 * (size_t)((strlen(sender + (sender[0] == '+')) + 1) / 2);
	if (total)
		n += (size_t)sprintf(ud, "050003%02X%02X%02X", ref, total, seq);
	while (text[pos] && (cp = utf8_get(text, &pos)) >= 0 && n + 8 < 280) {
		if (cp >= 0x10000) {
			cp -= 0x10000;
			n += (size_t)sprintf(ud + n, "%04X%04X",
					     0xd800 + (cp >> 10),
					     0xdc00 + (cp & 0x3ff));
		} else {
			n += (size_t)sprintf(ud + n, "%04X", (unsigned)cp);
		}
	}
	printf("%s%s%.*s0008%s%02X%s\n", SMSC, total ? "40" : "00", (int)addr,
	       hex + 6, SCTS, (unsigned)(n / 2), ud);
	return 0;
}

static int decode(const char *hex)
{
	static const char *const names[] = { "gsm7", "8bit", "ucs2" };
	struct sms_deliver d;
	char err[128];
	size_t i;

	if (sms_pdu_decode(hex, &d, err, sizeof(err)) < 0) {
		fprintf(stderr, "%s\n", err);
		return 1;
	}
	printf("sender %s\nalphabet %s\nconcat %u %u %u\ntext ", d.sender,
	       names[d.alphabet], d.concat_ref, d.concat_total, d.concat_seq);
	for (i = 0; i < d.text_len; i++)
		printf("%02x", (unsigned char)d.text[i]);
	printf("\n");
	return 0;
}

int main(int argc, char **argv)
{
	char hex[SMS_PDU_HEX_MAX + 1];
	unsigned int len;
	int r;

	if (argc == 3 && strcmp(argv[1], "decode") == 0)
		return decode(argv[2]);
	if (argc == 4 && strcmp(argv[1], "deliver") == 0)
		return deliver_gsm(argv[2], argv[3]);
	if (argc == 5 && strcmp(argv[1], "deliver") == 0)
		return deliver_ucs2(argv[2], argv[3], 0, 0, 0);
	if (argc == 7 && strcmp(argv[1], "deliver") == 0)
		return deliver_ucs2(argv[2], argv[3], atoi(argv[4]),
				    atoi(argv[5]), atoi(argv[6]));
	if (argc != 4 || strcmp(argv[1], "encode") != 0) {
		fprintf(stderr, "usage: sms-pdu-tool decode HEX | encode DEST "
				"TEXT | deliver SENDER TEXT [ucs2|REF TOTAL "
				"SEQ]\n");
		return 2;
	}
	r = sms_pdu_encode_submit(argv[2], argv[3], hex, sizeof(hex), &len);
	if (r < 0) {
		fprintf(stderr, "encode: %s\n", strerror(-r));
		return 1;
	}
	printf("%s %u\n", hex, len);
	return 0;
}
