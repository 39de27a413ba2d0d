/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * SMS PDU codec (see sms-pdu.h). Field layout from 3GPP TS 23.040 §9.2.2.1
 * (SMS-DELIVER) and §9.2.2.2 (SMS-SUBMIT), addresses §9.1.2.5, user data
 * header §9.2.3.24, data coding scheme TS 23.038 §4. The same layout is
 * what gammu's libgammu/service/sms/gsmsms.c and ModemManager's
 * src/mm-sms-part-3gpp.c read; nothing here is taken from them.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "sms-alphabet.h"
#include "sms-pdu.h"

#define TP_MTI_MASK    0x03
#define TP_MTI_DELIVER 0x00
#define TP_UDHI	       0x40
#define TON_MASK       0x70
#define TON_INTL       0x10
#define TON_ALNUM      0x50
#define SCTS_OCTETS    7
#define IEI_CONCAT8    0x00
#define IEI_CONCAT16   0x08

struct pdu_reader {
	uint8_t b[SMS_PDU_OCTETS];
	size_t n, pos;
	char *err;
	size_t errlen;
};

static int pdu_fail(struct pdu_reader *r, int code, const char *why)
{
	snprintf(r->err, r->errlen, "%s", why);
	return code;
}

static int hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

static int pdu_unhex(struct pdu_reader *r, const char *hex)
{
	size_t len = strnlen(hex, SMS_PDU_HEX_MAX + 1);
	size_t i;

	if (len == 0 || len % 2 || len > SMS_PDU_HEX_MAX)
		return pdu_fail(r, -EINVAL,
				"the PDU is empty, odd-length or too long");
	for (i = 0; i < len / 2; i++) {
		int hi = hex_value(hex[2 * i]), lo = hex_value(hex[2 * i + 1]);

		if (hi < 0 || lo < 0)
			return pdu_fail(r, -EINVAL,
					"the PDU has a non-hex character");
		r->b[i] = (uint8_t)(hi << 4 | lo);
	}
	r->n = len / 2;
	return 0;
}

/* Takes n octets; NULL (and err set) when the PDU is shorter. */
static const uint8_t *pdu_take(struct pdu_reader *r, size_t n)
{
	const uint8_t *p = r->b + r->pos;

	if (n > r->n - r->pos) {
		pdu_fail(r, -EINVAL, "the PDU ends in the middle of a field");
		return NULL;
	}
	r->pos += n;
	return p;
}

/* Septet i of packed GSM 7-bit data (TS 23.038 §6.1.2.1.1). */
static uint8_t septet_at(const uint8_t *data, size_t i)
{
	size_t bit = i * 7, byte = bit / 8, shift = bit % 8;
	unsigned int v = data[byte] >> shift;

	if (shift > 1)
		v |= (unsigned int)data[byte + 1] << (8 - shift);
	return (uint8_t)(v & 0x7f);
}

/* Septets first..count-1 of data as UTF-8 into text. */
static int gsm7_decode(const uint8_t *data, size_t first, size_t count,
		       char *text, size_t len, size_t *pos)
{
	bool escaped = false;
	size_t i;
	int r;

	for (i = first; i < count; i++) {
		uint8_t c = septet_at(data, i);

		if (c == GSM7_ESCAPE && !escaped && i + 1 < count) {
			escaped = true;
			continue;
		}
		r = utf8_put(text, len, pos, gsm7_to_unicode(c, escaped));
		if (r < 0)
			return r;
		escaped = false;
	}
	return 0;
}

static int ucs2_decode(struct pdu_reader *r, const uint8_t *data, size_t n,
		       struct sms_deliver *out)
{
	size_t i;

	if (n % 2)
		return pdu_fail(r, -EINVAL, "the UCS-2 text has an odd length");
	for (i = 0; i < n; i += 2) {
		uint32_t u = (uint32_t)data[i] << 8 | data[i + 1];

		if (u >= 0xd800 && u <= 0xdbff && i + 3 < n) {
			uint32_t lo = (uint32_t)data[i + 2] << 8 | data[i + 3];

			if (lo >= 0xdc00 && lo <= 0xdfff) {
				u = 0x10000 + ((u - 0xd800) << 10) +
				    (lo - 0xdc00);
				i += 2;
			}
		}
		if (u >= 0xd800 && u <= 0xdfff)
			return pdu_fail(r, -EINVAL,
					"the UCS-2 text has a lone surrogate");
		if (utf8_put(out->text, sizeof(out->text), &out->text_len, u))
			return pdu_fail(r, -EINVAL, "the text is too long");
	}
	return 0;
}

/* The semi-octet digits of an address (TS 23.040 §9.1.2.3). */
static void bcd_digits(const uint8_t *p, size_t ndigits, char *out)
{
	static const char digits[] = "0123456789*#abc";
	size_t i;

	for (i = 0; i < ndigits; i++) {
		unsigned int d = (i % 2) ? p[i / 2] >> 4 : p[i / 2] & 0x0f;

		*out++ = d < 15 ? digits[d] : '?';
	}
	*out = '\0';
}

static int pdu_address(struct pdu_reader *r, struct sms_deliver *out)
{
	const uint8_t *lenp, *toa, *p;
	size_t ndigits, octets, pos = 0;
	bool intl;

	if (!(lenp = pdu_take(r, 1)) || !(toa = pdu_take(r, 1)))
		return -EINVAL;
	ndigits = *lenp;
	octets = (ndigits + 1) / 2;
	if (ndigits > 20 || !(p = pdu_take(r, octets)))
		return pdu_fail(r, -EINVAL,
				"the sender address is too long or cut off");
	if ((*toa & TON_MASK) == TON_ALNUM) {
		/* the length counts semi-octets; the text is packed 7-bit */
		return gsm7_decode(p, 0, octets * 8 / 7, out->sender,
				   sizeof(out->sender), &pos) < 0
			   ? pdu_fail(r, -EINVAL, "the sender name is too long")
			   : 0;
	}
	intl = (*toa & TON_MASK) == TON_INTL;
	out->sender_international = intl;
	if (intl)
		out->sender[pos++] = '+';
	bcd_digits(p, ndigits, out->sender + pos);
	return 0;
}

static int pdu_smsc_and_header(struct pdu_reader *r, struct sms_deliver *out,
			       uint8_t *first)
{
	const uint8_t *p;

	if (!(p = pdu_take(r, 1)) || *p > 12 || !pdu_take(r, *p))
		return pdu_fail(r, -EINVAL, "the SMSC field is malformed");
	if (!(p = pdu_take(r, 1)))
		return -EINVAL;
	*first = *p;
	if ((*first & TP_MTI_MASK) != TP_MTI_DELIVER)
		return pdu_fail(r, -ENOTSUP, "the PDU is not an SMS-DELIVER");
	return pdu_address(r, out);
}

/* TS 23.038 §4: the alphabet of a data coding scheme we can read. */
static int pdu_alphabet(struct pdu_reader *r, uint8_t dcs, enum sms_alphabet *a)
{
	unsigned int group = dcs >> 4;

	if (group <= 7) { /* general data coding, maybe auto-deleted */
		if (dcs & 0x20)
			return pdu_fail(r, -ENOTSUP, "the text is compressed");
		*a = (enum sms_alphabet)((dcs >> 2) & 3);
		if ((dcs >> 2 & 3) == 3)
			return pdu_fail(r, -ENOTSUP,
					"the alphabet is reserved");
		return 0;
	}
	if (group == 0xc || group == 0xd) { /* message waiting, GSM 7 */
		*a = SMS_GSM7;
		return 0;
	}
	if (group == 0xe) {
		*a = SMS_UCS2;
		return 0;
	}
	if (group == 0xf) {
		*a = (dcs & 0x04) ? SMS_8BIT : SMS_GSM7;
		return 0;
	}
	return pdu_fail(r, -ENOTSUP, "the data coding scheme is reserved");
}

static void udh_concat(const uint8_t *ie, uint8_t iei, uint8_t len,
		       struct sms_deliver *out)
{
	if (iei == IEI_CONCAT8 && len == 3 && ie[1] && ie[2] &&
	    ie[2] <= ie[1]) {
		out->concat_ref = ie[0];
		out->concat_total = ie[1];
		out->concat_seq = ie[2];
	} else if (iei == IEI_CONCAT16 && len == 4 && ie[2] && ie[3] &&
		   ie[3] <= ie[2]) {
		out->concat_ref = (unsigned int)ie[0] << 8 | ie[1];
		out->concat_total = ie[2];
		out->concat_seq = ie[3];
	}
}

/* The header's information elements (udh: its UDHL octet first). */
static int pdu_udh(struct pdu_reader *r, const uint8_t *udh, size_t avail,
		   struct sms_deliver *out)
{
	size_t udhl, i = 1;

	if (avail < 1 || (udhl = udh[0]) + 1 > avail)
		return pdu_fail(r, -EINVAL,
				"the user data header overruns the text");
	while (i < udhl + 1) {
		uint8_t iei, len;

		if (i + 2 > udhl + 1 || i + 2 + udh[i + 1] > udhl + 1)
			return pdu_fail(r, -EINVAL,
					"an information element "
					"overruns the header");
		iei = udh[i];
		len = udh[i + 1];
		udh_concat(udh + i + 2, iei, len, out);
		i += 2 + (size_t)len;
	}
	return 0;
}

static int pdu_user_data(struct pdu_reader *r, bool udhi,
			 struct sms_deliver *out)
{
	const uint8_t *udlp, *ud;
	size_t udl, octets, skip = 0;
	int rc;

	if (!(udlp = pdu_take(r, 1)))
		return -EINVAL;
	udl = *udlp;
	if ((out->alphabet == SMS_GSM7 && udl > SMS_GSM7_MAX) ||
	    (out->alphabet != SMS_GSM7 && udl > 140))
		return pdu_fail(r, -EINVAL, "the user data length is too big");
	octets = out->alphabet == SMS_GSM7 ? (udl * 7 + 7) / 8 : udl;
	if (!(ud = pdu_take(r, octets)))
		return pdu_fail(r, -EINVAL,
				"the text is shorter than its "
				"length says");
	if (udhi) {
		rc = pdu_udh(r, ud, octets, out);
		if (rc < 0)
			return rc;
		skip = (size_t)ud[0] + 1;
	}
	if (out->alphabet == SMS_GSM7) {
		/* the header is padded to a septet boundary */
		size_t first = (skip * 8 + 6) / 7;

		if (first > udl)
			return pdu_fail(r, -EINVAL,
					"the header is longer "
					"than the text");
		rc = gsm7_decode(ud, first, udl, out->text, sizeof(out->text),
				 &out->text_len);
		return rc < 0 ? pdu_fail(r, -EINVAL, "the text is too long")
			      : 0;
	}
	if (out->alphabet == SMS_UCS2)
		return ucs2_decode(r, ud + skip, octets - skip, out);
	memcpy(out->text, ud + skip, octets - skip);
	out->text_len = octets - skip;
	out->text[out->text_len] = '\0';
	return 0;
}

int sms_pdu_decode(const char *hex, struct sms_deliver *out, char *err,
		   size_t errlen)
{
	struct pdu_reader r = { .err = err, .errlen = errlen };
	const uint8_t *pid_dcs;
	uint8_t first = 0;
	int rc;

	memset(out, 0, sizeof(*out));
	rc = pdu_unhex(&r, hex);
	if (rc == 0)
		rc = pdu_smsc_and_header(&r, out, &first);
	if (rc < 0)
		return rc;
	if (!(pid_dcs = pdu_take(&r, 2)) || !pdu_take(&r, SCTS_OCTETS))
		return -EINVAL;
	rc = pdu_alphabet(&r, pid_dcs[1], &out->alphabet);
	if (rc == 0)
		rc = pdu_user_data(&r, first & TP_UDHI, out);
	return rc;
}

/* ---- SMS-SUBMIT ---- */

struct pdu_writer {
	char *hex;
	size_t len, pos;
	int err;
};

static void put_octet(struct pdu_writer *w, unsigned int v)
{
	static const char digits[] = "0123456789ABCDEF";

	if (w->pos + 3 > w->len) {
		w->err = -EMSGSIZE;
		return;
	}
	w->hex[w->pos++] = digits[(v >> 4) & 0xf];
	w->hex[w->pos++] = digits[v & 0xf];
	w->hex[w->pos] = '\0';
}

static int put_address(struct pdu_writer *w, const char *dest)
{
	bool intl = dest[0] == '+';
	const char *d = dest + intl;
	size_t n = strlen(d), i;

	if (n == 0 || n > 20 || strspn(d, "0123456789") != n)
		return -EINVAL;
	put_octet(w, (unsigned int)n);
	put_octet(w, intl ? 0x91 : 0x81);
	for (i = 0; i < n; i += 2) {
		unsigned int lo = (unsigned int)(d[i] - '0');
		unsigned int hi =
		    i + 1 < n ? (unsigned int)(d[i + 1] - '0') : 0xf;

		put_octet(w, hi << 4 | lo);
	}
	return 0;
}

/* The text as septets; -ENOENT when a character has no GSM code. */
static int text_to_septets(const char *text, uint8_t *sept, size_t *n)
{
	size_t pos = 0;

	*n = 0;
	while (text[pos]) {
		int32_t cp = utf8_get(text, &pos);
		uint8_t code[2];
		int k;

		if (cp < 0)
			return -EINVAL;
		k = gsm7_from_unicode((uint32_t)cp, code);
		if (k == 0)
			return -ENOENT;
		if (*n + (size_t)k > SMS_GSM7_MAX)
			return -EMSGSIZE;
		memcpy(sept + *n, code, (size_t)k);
		*n += (size_t)k;
	}
	return 0;
}

static void put_septets(struct pdu_writer *w, const uint8_t *sept, size_t n)
{
	unsigned int acc = 0, bits = 0;
	size_t i;

	put_octet(w, (unsigned int)n);
	for (i = 0; i < n; i++) {
		acc |= (unsigned int)sept[i] << bits;
		bits += 7;
		while (bits >= 8) {
			put_octet(w, acc & 0xff);
			acc >>= 8;
			bits -= 8;
		}
	}
	if (bits)
		put_octet(w, acc & 0xff);
}

/* The text as UTF-16 units, big-endian; -EMSGSIZE past 70 units. */
static int text_to_ucs2(const char *text, uint16_t *units, size_t *n)
{
	size_t pos = 0;

	*n = 0;
	while (text[pos]) {
		int32_t cp = utf8_get(text, &pos);

		if (cp < 0)
			return -EINVAL;
		if (*n + (cp >= 0x10000 ? 2 : 1) > SMS_UCS2_MAX)
			return -EMSGSIZE;
		if (cp >= 0x10000) {
			cp -= 0x10000;
			units[(*n)++] = (uint16_t)(0xd800 + (cp >> 10));
			units[(*n)++] = (uint16_t)(0xdc00 + (cp & 0x3ff));
		} else {
			units[(*n)++] = (uint16_t)cp;
		}
	}
	return 0;
}

int sms_pdu_encode_submit(const char *dest, const char *text, char *hex,
			  size_t hexlen, unsigned int *tpdu_len)
{
	struct pdu_writer w = { .hex = hex, .len = hexlen };
	uint8_t sept[SMS_GSM7_MAX];
	uint16_t units[SMS_UCS2_MAX];
	size_t n, i;
	int gsm, r;

	gsm = text_to_septets(text, sept, &n);
	if (gsm == -EINVAL || gsm == -EMSGSIZE)
		return gsm;
	put_octet(&w, 0x00); /* SMSC: the SIM's */
	put_octet(&w, 0x01); /* SMS-SUBMIT, no validity period */
	put_octet(&w, 0x00); /* message reference: the modem sets it */
	r = put_address(&w, dest);
	if (r < 0)
		return r;
	put_octet(&w, 0x00); /* PID */
	if (gsm == 0) {
		put_octet(&w, 0x00);
		put_septets(&w, sept, n);
	} else {
		r = text_to_ucs2(text, units, &n);
		if (r < 0)
			return r;
		put_octet(&w, 0x08);
		put_octet(&w, (unsigned int)(2 * n));
		for (i = 0; i < n; i++) {
			put_octet(&w, units[i] >> 8);
			put_octet(&w, units[i] & 0xff);
		}
	}
	if (w.err)
		return w.err;
	*tpdu_len = (unsigned int)(w.pos / 2 - 1);
	return 0;
}
