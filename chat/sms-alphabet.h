/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Character sets of SMS text (3GPP TS 23.038 §6.2.1): the GSM 7-bit default
 * alphabet with its extension table (reached by the escape 0x1B), and the
 * UTF-8 conversions the PDU codec needs. Pure functions, no state.
 */
#ifndef LTEPI_CHAT_SMS_ALPHABET_H
#define LTEPI_CHAT_SMS_ALPHABET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define GSM7_ESCAPE 0x1b

/*
 * The Unicode code point of GSM septet code (0..127), from the extension
 * table when extended (after an escape). An extension code the table does
 * not define falls back to the default table's character, as TS 23.038
 * asks of a receiver.
 */
uint32_t gsm7_to_unicode(uint8_t code, bool extended);

/*
 * The GSM septet(s) for code point cp: returns 1 (out[0]), 2 (escape and
 * extension code) or 0 when the alphabet has no such character.
 */
int gsm7_from_unicode(uint32_t cp, uint8_t out[2]);

/*
 * Appends cp as UTF-8 to buf (size len, *pos advanced, NUL kept after it).
 * Returns 0 or -EMSGSIZE when it does not fit.
 */
int utf8_put(char *buf, size_t len, size_t *pos, uint32_t cp);

/*
 * Reads one UTF-8 character from s at *pos (advanced). Returns the code
 * point, or -1 for a malformed or overlong sequence or a surrogate.
 */
int32_t utf8_get(const char *s, size_t *pos);

#endif
