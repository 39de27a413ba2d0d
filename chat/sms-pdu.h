/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * SMS PDUs (3GPP TS 23.040 §9.2, alphabets from TS 23.038): a decoder for
 * the SMS-DELIVER messages a modem lists in PDU mode (AT+CMGF=0) and an
 * encoder for the SMS-SUBMIT of a reply. Pure: no I/O, no heap, no
 * logging; fuzzed (fuzz/fuzz-sms.c) and cross-checked against python3-gammu
 * (tests/modem/sms-gammu.sh).
 *
 * Decoding turns the text into UTF-8 whatever the alphabet: GSM 7-bit
 * (default table and its extension table), UCS-2 (surrogate pairs joined,
 * so it is really UTF-16 as phones send it) or 8-bit (bytes kept as they
 * are). The sender comes out in international form ("+4912345") when the
 * PDU says so; an alphanumeric sender is decoded to its text (it can never
 * be on an allow-list of numbers). A concatenation header (IEI 0x00 with an
 * 8-bit reference, 0x08 with a 16-bit one) is reported for sms-concat.h.
 *
 * Errors: -EINVAL for a malformed PDU (truncated, bad hex, lengths that do
 * not add up, a lone surrogate), -ENOTSUP for what is well-formed but not a
 * text SMS-DELIVER (status report, compressed text); err says which in one
 * sentence.
 */
#ifndef LTEPI_CHAT_SMS_PDU_H
#define LTEPI_CHAT_SMS_PDU_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SMS_ADDR_MAX	40  /* "+" and 20 digits, or 11 GSM letters as UTF-8 */
#define SMS_TEXT_MAX	512 /* 160 GSM characters of up to 3 UTF-8 bytes */
#define SMS_PDU_OCTETS	176 /* SMSC address (12) + TPDU (164) */
#define SMS_PDU_HEX_MAX (2 * SMS_PDU_OCTETS)
#define SMS_GSM7_MAX	160 /* septets in one message */
#define SMS_UCS2_MAX	70  /* UTF-16 units in one message */

enum sms_alphabet { SMS_GSM7, SMS_8BIT, SMS_UCS2 };

struct sms_deliver {
	char sender[SMS_ADDR_MAX + 1];
	bool sender_international; /* type of number international */
	enum sms_alphabet alphabet;
	char text[SMS_TEXT_MAX + 1]; /* UTF-8 (8-bit: the bytes), NUL added */
	size_t text_len;
	/* concatenation (UDH IEI 0x00 or 0x08); total 0 when not a part */
	unsigned int concat_ref, concat_total, concat_seq;
};

/*
 * Decodes hex, an SMS-DELIVER PDU with its leading SMSC address as AT+CMGL
 * and AT+CMGR print it in PDU mode. Returns 0, -EINVAL or -ENOTSUP.
 */
int sms_pdu_decode(const char *hex, struct sms_deliver *out, char *err,
		   size_t errlen);

/*
 * Encodes an SMS-SUBMIT to dest ("+E164" or national digits) carrying the
 * UTF-8 text, in GSM 7-bit when every character has a GSM code, else in
 * UCS-2, as upper-case hex with an empty SMSC field ("00": the SIM's
 * service centre). *tpdu_len is the length AT+CMGS=<n> wants: the octets
 * after the SMSC field. Returns 0, -EINVAL (bad number or UTF-8) or
 * -EMSGSIZE when the text does not fit one message.
 */
int sms_pdu_encode_submit(const char *dest, const char *text, char *hex,
			  size_t hexlen, unsigned int *tpdu_len);

#endif
