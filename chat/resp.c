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

static int resp_int(const char *s, int *v)
{
	char *end;
	long n;

	if (*s == '\0')
		return -EINVAL;
	errno = 0;
	n = strtol(s, &end, 10);
	if (*end || errno || n < INT_MIN || n > INT_MAX)
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

/* Vendor forms: prefix, first field that must match, PIN and PUK index. */
static const struct {
	const char *prefix;
	const char *tag; /* NULL: no tag field */
	int pin, puk;
} resp_pin_forms[] = {
	{ "+QPINC:", "SC", 1, 2 },
	{ "+CPINC:", NULL, 0, 2 },
	{ "+UPINCNT:", NULL, 0, 2 },
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
		if (resp_pin_forms[i].tag &&
		    strcasecmp(f.f[0], resp_pin_forms[i].tag) != 0)
			return -EINVAL;
		if (f.n <= resp_pin_forms[i].puk ||
		    resp_int(f.f[resp_pin_forms[i].pin], &a) < 0 ||
		    resp_int(f.f[resp_pin_forms[i].puk], &b) < 0)
			return -EINVAL;
		*pin = a;
		*puk = b;
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
	/* home, roaming, and their "SMS only"/"CSFB not preferred" forms */
	return stat == 1 || stat == 5 || stat == 6 || stat == 7 || stat == 9 ||
	       stat == 10;
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
