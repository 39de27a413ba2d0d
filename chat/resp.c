/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * 27.007 information response parsers (see resp.h).
 *
 * Responses are split into comma-separated fields once (resp_fields), with
 * quotes and blanks stripped, so every parser below is a few comparisons.
 * Leading zeros ("+CREG:002,001") and blanks ("+CREG: 2,1,  0 5") occur on
 * real modems and are accepted.
 */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "at.h"
#include "number.h"
#include "resp.h"

#define RESP_MAX_FIELDS 8
#define RESP_FIELD_LEN	64

struct resp_fields {
	char f[RESP_MAX_FIELDS][RESP_FIELD_LEN];
	int n;
};

/* Splits the text after prefix; -EINVAL if line lacks the prefix. */
static int resp_fields(const char *line, const char *prefix,
		       struct resp_fields *out)
{
	size_t plen = strlen(prefix);
	const char *p;
	bool quoted = false;
	size_t len = 0;

	if (strncasecmp(line, prefix, plen) != 0)
		return -EINVAL;
	out->n = 1;
	out->f[0][0] = '\0';
	for (p = line + plen; *p; p++) {
		if (*p == '"') {
			quoted = !quoted;
		} else if (*p == ',' && !quoted) {
			if (out->n == RESP_MAX_FIELDS)
				break;
			out->f[out->n - 1][len] = '\0';
			out->f[out->n++][0] = '\0';
			len = 0;
		} else if ((*p != ' ' || quoted) && len + 1 < RESP_FIELD_LEN) {
			out->f[out->n - 1][len++] = *p;
		}
	}
	out->f[out->n - 1][len] = '\0';
	return 0;
}

/* A field that is a decimal count or code: no sign, no blank, all digits. */
static int resp_int(const char *s, int *v)
{
	uint64_t n;

	if (number_parse_decimal(s, strlen(s), INT_MAX, &n) < 0)
		return -EINVAL;
	*v = (int)n;
	return 0;
}

/* Compares ignoring case and blanks: "SIM PIN", "\"SIM PIN\"", "SIMPIN". */
static bool resp_code_is(const char *field, const char *code)
{
	for (;;) {
		while (*field == ' ')
			field++;
		while (*code == ' ')
			code++;
		if (!*field || !*code)
			return !*field && !*code;
		if (tolower((unsigned char)*field++) !=
		    tolower((unsigned char)*code++))
			return false;
	}
}

int resp_cpin(const char *line, enum resp_sim *sim)
{
	static const struct {
		const char *code;
		enum resp_sim sim;
	} codes[] = {
		{ "READY", RESP_SIM_READY },
		{ "SIM PIN", RESP_SIM_PIN },
		{ "SIM PUK", RESP_SIM_PUK },
		{ "NOT INSERTED", RESP_SIM_NOT_INSERTED },
		{ "NOT READY", RESP_SIM_NOT_READY },
	};
	struct resp_fields f;
	size_t i;

	if (resp_fields(line, "+CPIN:", &f) < 0 || f.f[0][0] == '\0')
		return -EINVAL;
	for (i = 0; i < sizeof(codes) / sizeof(codes[0]); i++) {
		if (resp_code_is(f.f[0], codes[i].code)) {
			*sim = codes[i].sim;
			return 0;
		}
	}
	*sim = RESP_SIM_OTHER_LOCK;
	return 0;
}

const char *resp_sim_name(enum resp_sim sim)
{
	switch (sim) {
	case RESP_SIM_READY:
		return "ready";
	case RESP_SIM_PIN:
		return "PIN required";
	case RESP_SIM_PUK:
		return "PUK required";
	case RESP_SIM_OTHER_LOCK:
		return "locked";
	case RESP_SIM_NOT_INSERTED:
		return "not inserted";
	case RESP_SIM_NOT_READY:
		return "not ready";
	}
	return "?";
}

/*
 * Vendor forms: prefix, first field that must match (NULL: none), and the
 * fields holding the PIN and PUK counters (-1: not in this form).
 */
static const struct {
	const char *prefix;
	const char *tag;
	int pin, puk;
} resp_pin_forms[] = {
	/* Quectel EC2x/EG9x manuals: +QPINC: "SC",<pin>,<puk> */
	{ "+QPINC:", "SC", 1, 2 },
	/* Sierra (MC77xx, SL80xx): +CPINC: <pin1>,<pin2>,<puk1>,<puk2> */
	{ "+CPINC:", NULL, 0, 2 },
	/* u-blox manuals: +UPINCNT: <pin1>,<pin2>,<puk1>,<puk2> */
	{ "+UPINCNT:", NULL, 0, 2 },
	/* SIMCom SIM800/SIM7600 manuals: +SPIC: <pin1>,<pin2>,<puk1>,<puk2>
	 * (oFono's at_spic_cb reads the second field as the PUK: only the
	 * PIN, the one both agree on, decides anything here) */
	{ "+SPIC:", NULL, 0, 2 },
	/* Huawei, oFono huawei_cpin_cb and ModemManager's huawei plugin:
	 * ^CPIN: <code>,[<times>],<puk>,<pin>,<puk2>,<pin2> */
	{ "^CPIN:", "", 3, 2 },
	/* Option hso, oFono oercn_cb: _OERCN: <pin>, <puk> */
	{ "_OERCN:", NULL, 0, 1 },
	/* Cinterion/Siemens AT^SPIC="SC" (MC55 manual): ^SPIC: <counter> */
	{ "^SPIC:", NULL, 0, -1 },
	/* Telit AT#PCT: the count of the code AT+CPIN? asks for (oFono
	 * at_pct_cb), so the caller asks only while the SIM wants its PIN */
	{ "#PCT:", NULL, 0, -1 },
};

static int resp_cpinr(const struct resp_fields *f, int *pin, int *puk)
{
	int v;

	if (f->n < 2 || resp_int(f->f[1], &v) < 0)
		return -EINVAL;
	if (resp_code_is(f->f[0], "SIM PIN"))
		*pin = v;
	else if (resp_code_is(f->f[0], "SIM PUK"))
		*puk = v;
	return 0;
}

int resp_pin_tries(const char *line, int *pin, int *puk)
{
	struct resp_fields f;
	int a, b;
	size_t i;

	if (resp_fields(line, "+CPINR:", &f) == 0)
		return resp_cpinr(&f, pin, puk);
	for (i = 0; i < sizeof(resp_pin_forms) / sizeof(resp_pin_forms[0]);
	     i++) {
		if (resp_fields(line, resp_pin_forms[i].prefix, &f) < 0)
			continue;
		if (resp_pin_forms[i].tag && resp_pin_forms[i].tag[0] &&
		    strcasecmp(f.f[0], resp_pin_forms[i].tag) != 0)
			return -EINVAL;
		b = -1;
		if (f.n <= resp_pin_forms[i].pin ||
		    f.n <= resp_pin_forms[i].puk ||
		    resp_int(f.f[resp_pin_forms[i].pin], &a) < 0 || a < 0 ||
		    (resp_pin_forms[i].puk >= 0 &&
		     (resp_int(f.f[resp_pin_forms[i].puk], &b) < 0 || b < 0)))
			return -EINVAL;
		*pin = a;
		if (b >= 0)
			*puk = b;
		return 0;
	}
	return -EINVAL;
}

static int resp_hex_nibble(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = (char)(c | 0x20);
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

int resp_csim_tries(const char *line, int *tries)
{
	struct resp_fields f;
	const char *sw;
	int len;

	/* +CSIM: <length>,"<response>": the response is the status word
	 * alone, 4 hex digits, as VERIFY without data returns no data */
	if (resp_fields(line, "+CSIM:", &f) < 0 || f.n != 2 ||
	    resp_int(f.f[0], &len) < 0 || len != 4 || strlen(f.f[1]) != 4)
		return -EINVAL;
	sw = f.f[1];
	/* ISO 7816-4: 63Cx = x tries left; 6983 = blocked (no tries) */
	if (strncasecmp(sw, "63C", 3) == 0 && resp_hex_nibble(sw[3]) >= 0) {
		*tries = resp_hex_nibble(sw[3]);
		return 0;
	}
	if (strcasecmp(sw, "6983") == 0) {
		*tries = 0;
		return 0;
	}
	return -EINVAL;
}

int resp_reg(const char *line, bool solicited, struct resp_reg *reg)
{
	static const struct {
		const char *prefix;
		enum resp_reg_domain domain;
	} kinds[] = {
		{ "+CREG:", RESP_REG_CS },
		{ "+CGREG:", RESP_REG_PS },
		{ "+CEREG:", RESP_REG_EPS },
	};
	struct resp_fields f;
	int first = solicited ? 1 : 0;
	int stat, act = -1;
	size_t i;

	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
		if (resp_fields(line, kinds[i].prefix, &f) == 0)
			break;
	}
	if (i == sizeof(kinds) / sizeof(kinds[0]) || f.n <= first ||
	    resp_int(f.f[first], &stat) < 0)
		return -EINVAL;
	/* <stat>,<lac/tac>,<ci>,<AcT>: +CEREG adds nothing before AcT. */
	if (f.n > first + 3 && resp_int(f.f[first + 3], &act) < 0)
		act = -1;
	*reg = (struct resp_reg){ .domain = kinds[i].domain,
				  .stat = stat,
				  .act = act };
	return 0;
}

bool resp_reg_solicited(const char *line)
{
	const char *p = strchr(line, ':');

	if (!p || line[0] != '+')
		return false;
	p = strchr(p, ',');
	if (!p)
		return false;
	p += strspn(p + 1, " ") + 1;
	return isdigit((unsigned char)*p);
}

bool resp_reg_is_registered(int stat)
{
	/* home, roaming and their "CSFB not preferred" forms; "SMS only"
	 * (6, 7) and emergency-only (8) carry no data */
	return stat == 1 || stat == 5 || stat == 9 || stat == 10;
}

bool resp_reg_is_sms_only(int stat)
{
	return stat == 6 || stat == 7;
}

bool resp_reg_is_emergency_only(int stat)
{
	/* 8: emergency bearer only; 11: RLOS, restricted local services */
	return stat == 8 || stat == 11;
}

bool resp_reg_is_denied(int stat)
{
	return stat == 3;
}

const char *resp_reg_stat_name(int stat)
{
	static const char *const names[] = {
		"not registered, not searching",
		"registered, home network",
		"searching",
		"registration denied",
		"unknown (out of coverage?)",
		"registered, roaming",
		"registered for SMS only, home network",
		"registered for SMS only, roaming",
		"attached for emergency bearer services only",
		"registered (CSFB not preferred), home network",
		"registered (CSFB not preferred), roaming",
		"attached for restricted local operator services only",
	};

	if (stat < 0 || stat >= (int)(sizeof(names) / sizeof(names[0])))
		return "unknown state";
	return names[stat];
}

int resp_cops(const char *line, char *oper, size_t len, int *act)
{
	struct resp_fields f;
	int a = -1;

	if (resp_fields(line, "+COPS:", &f) < 0 || f.f[0][0] == '\0')
		return -EINVAL;
	if (f.n > 3 && resp_int(f.f[3], &a) < 0)
		a = -1;
	if (len > 0)
		snprintf(oper, len, "%s", f.n > 2 ? f.f[2] : "");
	*act = a;
	return 0;
}

const char *resp_act_name(int act)
{
	static const char *const names[] = {
		"GSM",	  "GSM compact", "UMTS",  "EDGE",	   "HSDPA",
		"HSUPA",  "HSPA",	 "LTE",	  "EC-GSM-IoT",	   "LTE-M",
		"NB-IoT", "5G NR (LTE)", "5G NR", "NG-RAN/E-UTRA",
	};

	if (act < 0 || act >= (int)(sizeof(names) / sizeof(names[0])))
		return "unknown";
	return names[act];
}

int resp_csq_dbm(const char *line, int *dbm)
{
	struct resp_fields f;
	int rssi;

	if (resp_fields(line, "+CSQ:", &f) < 0 || resp_int(f.f[0], &rssi) < 0)
		return -EINVAL;
	/* 27.007 §8.5: 0 = -113 dBm or less ... 31 = -51 dBm or more. */
	if (rssi >= 0 && rssi <= 31) {
		*dbm = -113 + 2 * rssi;
		return 0;
	}
	/* Quectel's TD-SCDMA extension: 100 = -116 dBm ... 191 = -25 dBm. */
	if (rssi >= 100 && rssi <= 191) {
		*dbm = -216 + rssi;
		return 0;
	}
	return -EINVAL;
}

int resp_cesq_rsrp_dbm(const char *line, int *dbm)
{
	struct resp_fields f;
	int rsrp;

	if (resp_fields(line, "+CESQ:", &f) < 0 || f.n < 6 ||
	    resp_int(f.f[5], &rsrp) < 0 || rsrp < 0 || rsrp > 97)
		return -EINVAL;
	/* 27.007 §8.69: 0 = below -140 dBm, n = [-141+n, -140+n) dBm. */
	*dbm = -141 + rsrp;
	return 0;
}

int resp_signal_bars(int rssi_dbm)
{
	int pct;

	if (rssi_dbm <= -113)
		return 0;
	if (rssi_dbm >= -51)
		return 5;
	pct = (rssi_dbm + 113) * 100 / 62;
	return (pct + 19) / 20;
}

int resp_cfun(const char *line, int *fun)
{
	struct resp_fields f;
	int v;

	if (resp_fields(line, "+CFUN:", &f) < 0 || resp_int(f.f[0], &v) < 0 ||
	    v < 0)
		return -EINVAL;
	*fun = v;
	return 0;
}

/*
 * One character of the GSM 7-bit default alphabet (27.005/23.038 §6.2.1)
 * as ASCII where it has one, else '?': enough to compare provider names.
 */
static char resp_gsm7_ascii(unsigned int c)
{
	switch (c) {
	case 0x00:
		return '@';
	case 0x02:
		return '$';
	case 0x11:
		return '_';
	case 0x24: /* currency sign */
	case 0x40: /* inverted exclamation mark */
	case 0x60: /* inverted question mark */
		return '?';
	default:
		break;
	}
	if (c < 0x20 || (c >= 0x5b && c <= 0x5e) || c >= 0x7b)
		return '?'; /* Greek, accented letters, escape */
	return (char)c;
}

int resp_crsm_spn(const char *line, char *spn, size_t len)
{
	struct resp_fields f;
	unsigned char raw[RESP_FIELD_LEN / 2];
	size_t n, i, out = 0, hexlen;
	int sw1, sw2;
	const char *hex;

	if (len == 0 || resp_fields(line, "+CRSM:", &f) < 0 || f.n < 2 ||
	    resp_int(f.f[0], &sw1) < 0 || resp_int(f.f[1], &sw2) < 0 ||
	    sw2 < 0 || sw2 > 255)
		return -EINVAL;
	/* 90 00: normal ending; 91 xx: normal, with a proactive command */
	if (sw1 != 0x90 && sw1 != 0x91)
		return -ENOENT;
	if (f.n < 3)
		return -EINVAL;
	hex = f.f[2][0] == '"' ? f.f[2] + 1 : f.f[2];
	hexlen = strcspn(hex, "\"");
	if (hexlen % 2 || hexlen / 2 > sizeof(raw) ||
	    hex[hexlen + (hex[hexlen] == '"')])
		return -EINVAL;
	for (n = 0; n < hexlen / 2; n++) {
		int hi = resp_hex_nibble(hex[2 * n]);
		int lo = resp_hex_nibble(hex[2 * n + 1]);

		if (hi < 0 || lo < 0)
			return -EINVAL;
		raw[n] = (unsigned char)(hi << 4 | lo);
	}
	/* byte 0: display condition; then the name, padded with 0xFF */
	if (n >= 2 && raw[1] == 0x80) {
		/* UCS-2, big-endian (31.102 annex A): ASCII kept, rest '?' */
		for (i = 2; i + 1 < n && out + 1 < len; i += 2) {
			unsigned int u = (unsigned int)raw[i] << 8 | raw[i + 1];

			if (u == 0xffff)
				break;
			spn[out++] = u >= 0x20 && u < 0x7f ? (char)u : '?';
		}
	} else if (n >= 2 && raw[1] >= 0x81 && raw[1] <= 0x82) {
		return -EPROTO; /* compressed UCS-2: not worth a decoder */
	} else {
		for (i = 1; i < n && raw[i] != 0xff && out + 1 < len; i++)
			spn[out++] = resp_gsm7_ascii(raw[i] & 0x7f);
	}
	while (out > 0 && spn[out - 1] == ' ')
		out--;
	spn[out] = '\0';
	return out ? 0 : -ENOENT;
}
