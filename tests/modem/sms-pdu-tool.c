/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The SMS PDU codec on the command line, for the cross-check with an
 * independent implementation (tests/modem/sms-gammu.sh):
 *
 *   sms-pdu-tool decode HEX        prints "sender", "alphabet", "concat
 *                                  REF TOTAL SEQ" and "text" lines, the
 *                                  text hex-encoded (UTF-8 bytes)
 *   sms-pdu-tool encode DEST TEXT  prints "HEX TPDU_LENGTH"
 *
 * Exit 0, or 1 with the codec's error on stderr.
 */
#include <stdio.h>
#include <string.h>

#include "chat/sms-pdu.h"

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
	if (argc != 4 || strcmp(argv[1], "encode") != 0) {
		fprintf(stderr, "usage: sms-pdu-tool decode HEX | encode DEST "
				"TEXT\n");
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
