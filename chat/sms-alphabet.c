/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * GSM 7-bit default alphabet and extension table (3GPP TS 23.038 §6.2.1,
 * tables 6.2.1-1 and 6.2.1.1-1), and UTF-8 (RFC 3629).
 */
#include <errno.h>

#include "sms-alphabet.h"

static const uint16_t gsm7_default[128] = {
	0x0040, 0x00a3, 0x0024, 0x00a5, 0x00e8, 0x00e9, 0x00f9, 0x00ec, 0x00f2,
	0x00c7, 0x000a, 0x00d8, 0x00f8, 0x000d, 0x00c5, 0x00e5, 0x0394, 0x005f,
	0x03a6, 0x0393, 0x039b, 0x03a9, 0x03a0, 0x03a8, 0x03a3, 0x0398, 0x039e,
	0x00a0, 0x00c6, 0x00e6, 0x00df, 0x00c9, 0x0020, 0x0021, 0x0022, 0x0023,
	0x00a4, 0x0025, 0x0026, 0x0027, 0x0028, 0x0029, 0x002a, 0x002b, 0x002c,
	0x002d, 0x002e, 0x002f, 0x0030, 0x0031, 0x0032, 0x0033, 0x0034, 0x0035,
	0x0036, 0x0037, 0x0038, 0x0039, 0x003a, 0x003b, 0x003c, 0x003d, 0x003e,
	0x003f, 0x00a1, 0x0041, 0x0042, 0x0043, 0x0044, 0x0045, 0x0046, 0x0047,
	0x0048, 0x0049, 0x004a, 0x004b, 0x004c, 0x004d, 0x004e, 0x004f, 0x0050,
	0x0051, 0x0052, 0x0053, 0x0054, 0x0055, 0x0056, 0x0057, 0x0058, 0x0059,
	0x005a, 0x00c4, 0x00d6, 0x00d1, 0x00dc, 0x00a7, 0x00bf, 0x0061, 0x0062,
	0x0063, 0x0064, 0x0065, 0x0066, 0x0067, 0x0068, 0x0069, 0x006a, 0x006b,
	0x006c, 0x006d, 0x006e, 0x006f, 0x0070, 0x0071, 0x0072, 0x0073, 0x0074,
	0x0075, 0x0076, 0x0077, 0x0078, 0x0079, 0x007a, 0x00e4, 0x00f6, 0x00f1,
	0x00fc, 0x00e0,
};

static const struct {
	uint8_t code;
	uint16_t cp;
} gsm7_extension[] = {
	{ 0x0a, 0x000c }, { 0x14, 0x005e }, { 0x28, 0x007b }, { 0x29, 0x007d },
	{ 0x2f, 0x005c }, { 0x3c, 0x005b }, { 0x3d, 0x007e }, { 0x3e, 0x005d },
	{ 0x40, 0x007c }, { 0x65, 0x20ac },
};

#define N_EXT (sizeof(gsm7_extension) / sizeof(gsm7_extension[0]))

uint32_t gsm7_to_unicode(uint8_t code, bool extended)
{
	size_t i;

	code &= 0x7f;
	for (i = 0; extended && i < N_EXT; i++) {
		if (gsm7_extension[i].code == code)
			return gsm7_extension[i].cp;
	}
	/* 0x1B alone is the escape; shown as a non-breaking space */
	return gsm7_default[code];
}

int gsm7_from_unicode(uint32_t cp, uint8_t out[2])
{
	size_t i;

	for (i = 0; i < 128; i++) {
		if (gsm7_default[i] == cp && i != GSM7_ESCAPE) {
			out[0] = (uint8_t)i;
			return 1;
		}
	}
	for (i = 0; i < N_EXT; i++) {
		if (gsm7_extension[i].cp == cp) {
			out[0] = GSM7_ESCAPE;
			out[1] = gsm7_extension[i].code;
			return 2;
		}
	}
	return 0;
}

int utf8_put(char *buf, size_t len, size_t *pos, uint32_t cp)
{
	unsigned char tmp[4];
	size_t n, i;

	if (cp < 0x80) {
		tmp[0] = (unsigned char)cp;
		n = 1;
	} else if (cp < 0x800) {
		tmp[0] = (unsigned char)(0xc0 | cp >> 6);
		tmp[1] = (unsigned char)(0x80 | (cp & 0x3f));
		n = 2;
	} else if (cp < 0x10000) {
		tmp[0] = (unsigned char)(0xe0 | cp >> 12);
		tmp[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3f));
		tmp[2] = (unsigned char)(0x80 | (cp & 0x3f));
		n = 3;
	} else {
		tmp[0] = (unsigned char)(0xf0 | cp >> 18);
		tmp[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3f));
		tmp[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3f));
		tmp[3] = (unsigned char)(0x80 | (cp & 0x3f));
		n = 4;
	}
	if (*pos + n + 1 > len)
		return -EMSGSIZE;
	for (i = 0; i < n; i++)
		buf[(*pos)++] = (char)tmp[i];
	buf[*pos] = '\0';
	return 0;
}

int32_t utf8_get(const char *s, size_t *pos)
{
	static const uint32_t min[] = { 0, 0x80, 0x800, 0x10000 };
	const unsigned char *p = (const unsigned char *)s + *pos;
	uint32_t cp;
	int n, i;

	if (p[0] < 0x80) {
		(*pos)++;
		return p[0];
	}
	if ((p[0] & 0xe0) == 0xc0) {
		n = 1;
		cp = p[0] & 0x1f;
	} else if ((p[0] & 0xf0) == 0xe0) {
		n = 2;
		cp = p[0] & 0x0f;
	} else if ((p[0] & 0xf8) == 0xf0) {
		n = 3;
		cp = p[0] & 0x07;
	} else {
		return -1;
	}
	for (i = 1; i <= n; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return -1;
		cp = cp << 6 | (p[i] & 0x3f);
	}
	if (cp < min[n] || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return -1;
	*pos += (size_t)n + 1;
	return (int32_t)cp;
}
