// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * modem-sim scenario parsing: one table maps each key to a setter, so the
 * scenario file and the -s command-line options accept the same keys with
 * the same checks, and an unknown key or a bad value is an error naming
 * it (a typo in a test must not silently test the defaults).
 */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim-dialect.h"
#include "sim-scenario.h"

struct name_value {
	const char *name;
	int value;
};

static const struct name_value card_names[] = {
	{ "ready", SIM_CARD_READY },
	{ "pin", SIM_CARD_PIN },
	{ "puk", SIM_CARD_PUK },
	{ "absent", SIM_CARD_ABSENT },
	{ NULL, 0 },
};

static const struct name_value dial_names[] = {
	{ "connect", SIM_DIAL_CONNECT },
	{ "nocarrier", SIM_DIAL_NOCARRIER },
	{ "busy", SIM_DIAL_BUSY },
	{ "error", SIM_DIAL_ERROR },
	{ "silent", SIM_DIAL_SILENT },
	{ "hangup", SIM_DIAL_HANGUP },
	{ "noanswer", SIM_DIAL_NOANSWER },
	{ "nodialtone", SIM_DIAL_NODIALTONE },
	{ NULL, 0 },
};

static const struct name_value data_names[] = {
	{ "echo", SIM_DATA_ECHO },
	{ "sink", SIM_DATA_SINK },
	{ "exec", SIM_DATA_EXEC },
	{ NULL, 0 },
};

static const struct name_value noise_names[] = {
	{ "none", SIM_NOISE_NONE },
	{ "garbage", SIM_NOISE_GARBAGE },
	{ "longline", SIM_NOISE_LONGLINE },
	{ NULL, 0 },
};

static const struct name_value cnmi_names[] = {
	{ "full", SIM_CNMI_FULL },
	{ "short", SIM_CNMI_SHORT },
	{ "none", SIM_CNMI_NONE },
	{ NULL, 0 },
};

static const struct name_value pincnt_names[] = {
	{ "cpinr", SIM_PINCNT_CPINR },
	{ "qpinc", SIM_PINCNT_QPINC },
	{ "cpinc", SIM_PINCNT_CPINC },
	{ "upincnt", SIM_PINCNT_UPINCNT },
	{ "spic", SIM_PINCNT_SPIC },
	{ "huawei", SIM_PINCNT_HCPIN },
	{ "oercn", SIM_PINCNT_OERCN },
	{ "cinterion", SIM_PINCNT_SSPIC },
	{ "pct", SIM_PINCNT_PCT },
	{ "csim", SIM_PINCNT_CSIM },
	{ "none", 0 },
	{ NULL, 0 },
};

static const struct name_value sim_cmd_names[] = {
	{ "cpin", SIM_CMD_CPIN },	{ "cpinr", SIM_CMD_CPINR },
	{ "qpinc", SIM_CMD_QPINC },	{ "cpinc", SIM_CMD_CPINC },
	{ "upincnt", SIM_CMD_UPINCNT }, { "cimi", SIM_CMD_CIMI },
	{ "ccid", SIM_CMD_CCID },	{ "vendor", SIM_CMD_VENDOR },
	{ "all", SIM_CMD_ALL },		{ NULL, 0 },
};

static int lookup_name(const struct name_value *t, const char *s, int *out)
{
	for (; t->name; t++) {
		if (strcmp(t->name, s) == 0) {
			*out = t->value;
			return 0;
		}
	}
	return -EINVAL;
}

static int parse_uint(const char *s, unsigned long max, unsigned long *out)
{
	char *end;
	unsigned long v;

	if (*s < '0' || *s > '9')
		return -EINVAL;
	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno || *end || v > max)
		return -EINVAL;
	*out = v;
	return 0;
}

static int copy_str(char *dst, const char *s)
{
	if (strlen(s) >= SIM_STR)
		return -EINVAL;
	strcpy(dst, s);
	return 0;
}

static int set_identity(struct sim_scenario *sc, const char *v)
{
	if (strcmp(v, "amtelecom") == 0) {
		strcpy(sc->manufacturer, "AM Telecom");
		strcpy(sc->model, "AMP520");
		strcpy(sc->revision, "14-01");
		sc->amt_dialect = true;
		sc->quectel_dialect = false;
		return 0;
	}
	if (strcmp(v, "quectel") == 0) {
		strcpy(sc->manufacturer, "Quectel");
		strcpy(sc->model, "EC25");
		strcpy(sc->revision, "EC25JFAR06A07M4G");
		sc->amt_dialect = false;
		sc->quectel_dialect = true;
		sc->pincnt |= SIM_PINCNT_QPINC;
		return 0;
	}
	if (strcmp(v, "generic") == 0) {
		strcpy(sc->manufacturer, "Generic");
		strcpy(sc->model, "Modem");
		strcpy(sc->revision, "1.0");
		sc->amt_dialect = false;
		sc->quectel_dialect = false;
		return 0;
	}
	return -EINVAL;
}

/* "LINE|LINE|..." */
static int set_urcs(struct sim_scenario *sc, const char *v)
{
	const char *p = v;

	sc->n_urcs = 0;
	while (*p) {
		size_t len = strcspn(p, "|");

		if (sc->n_urcs == SIM_MAX_URCS || len == 0 || len >= SIM_STR)
			return -EINVAL;
		memcpy(sc->urcs[sc->n_urcs], p, len);
		sc->urcs[sc->n_urcs][len] = '\0';
		sc->n_urcs++;
		p += len;
		if (*p == '|')
			p++;
	}
	return 0;
}

/* "STAT[:MS],STAT[:MS],...", the last step lasting forever */
static int set_reg(struct sim_scenario *sc, const char *v)
{
	char buf[SIM_STR * 2], *save = NULL, *tok;
	int n = 0;

	if (strlen(v) >= sizeof(buf))
		return -EINVAL;
	strcpy(buf, v);
	for (tok = strtok_r(buf, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save)) {
		char *colon = strchr(tok, ':');
		unsigned long stat, ms = 0;

		if (n == SIM_MAX_REG)
			return -EINVAL;
		if (colon)
			*colon = '\0';
		if (parse_uint(tok, 11, &stat) ||
		    (colon && parse_uint(colon + 1, 3600000, &ms)))
			return -EINVAL;
		sc->reg[n].stat = (int)stat;
		sc->reg[n].ms = (unsigned int)ms;
		n++;
	}
	if (n == 0)
		return -EINVAL;
	sc->n_reg = n;
	return 0;
}

/* "a,b,c" of names in t, OR-ed into *mask */
static int set_mask(const struct name_value *t, unsigned int *mask,
		    const char *v)
{
	char buf[SIM_STR], *save = NULL, *tok;
	unsigned int m = 0;

	if (copy_str(buf, v))
		return -EINVAL;
	for (tok = strtok_r(buf, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save)) {
		int bit;

		if (lookup_name(t, tok, &bit))
			return -EINVAL;
		m |= (unsigned int)bit;
	}
	*mask = m;
	return 0;
}

/* "cpinr,qpinc" or "none" */
static int set_pincnt(struct sim_scenario *sc, const char *v)
{
	return set_mask(pincnt_names, &sc->pincnt, v);
}

/* "cpinr,cimi" or "all" */
static int set_sim_busy_at(struct sim_scenario *sc, const char *v)
{
	return set_mask(sim_cmd_names, &sc->sim_busy_at, v);
}

static int set_dialect(struct sim_scenario *sc, const char *v)
{
	return sim_dialect_apply(sc, v);
}

/* "+CEREG,+CESQ": kept as ",+CEREG,+CESQ," for whole-name matches */
static int set_list(char *dst, const char *v)
{
	if (strlen(v) + 3 > SIM_LIST)
		return -EINVAL;
	snprintf(dst, SIM_LIST, ",%s,", v);
	return 0;
}

static int set_unsupported(struct sim_scenario *sc, const char *v)
{
	return set_list(sc->unsupported, v);
}

static int set_mute(struct sim_scenario *sc, const char *v)
{
	return set_list(sc->mute, v);
}

enum key_kind {
	KEY_STR,
	KEY_BOOL,
	KEY_INT,
	KEY_UINT,
	KEY_SIZE,
	KEY_ENUM,
	KEY_FN
};

struct key {
	const char *name;
	enum key_kind kind;
	size_t offset;
	unsigned long max;		/* KEY_INT, KEY_UINT, KEY_SIZE */
	const struct name_value *names; /* KEY_ENUM */
	int (*fn)(struct sim_scenario *sc, const char *v); /* KEY_FN */
};

#define OFF(field) offsetof(struct sim_scenario, field)

static const struct key keys[] = {
	{ "identity", KEY_FN, .fn = set_identity },
	{ "manufacturer", KEY_STR, .offset = OFF(manufacturer) },
	{ "model", KEY_STR, .offset = OFF(model) },
	{ "revision", KEY_STR, .offset = OFF(revision) },
	{ "imei", KEY_STR, .offset = OFF(imei) },
	{ "imsi", KEY_STR, .offset = OFF(imsi) },
	{ "iccid", KEY_STR, .offset = OFF(iccid) },
	{ "spn", KEY_STR, .offset = OFF(spn) },
	{ "spn_ucs2", KEY_BOOL, .offset = OFF(spn_ucs2) },
	{ "echo", KEY_BOOL, .offset = OFF(echo) },
	{ "cmee", KEY_INT, .offset = OFF(cmee), .max = 2 },
	{ "delay", KEY_UINT, .offset = OFF(delay_ms), .max = 60000 },
	{ "line_delay", KEY_UINT, .offset = OFF(line_delay_ms), .max = 60000 },
	{ "urcs", KEY_FN, .fn = set_urcs },
	{ "urc_commands", KEY_INT, .offset = OFF(urc_commands), .max = 1000 },
	{ "sim", KEY_ENUM, .offset = OFF(card), .names = card_names },
	{ "pin", KEY_STR, .offset = OFF(pin) },
	{ "puk", KEY_STR, .offset = OFF(puk) },
	{ "pin_retries", KEY_INT, .offset = OFF(pin_retries), .max = 10 },
	{ "puk_retries", KEY_INT, .offset = OFF(puk_retries), .max = 10 },
	{ "sim_busy", KEY_INT, .offset = OFF(sim_busy), .max = 1000 },
	{ "sim_busy_at", KEY_FN, .fn = set_sim_busy_at },
	{ "sim_not_ready", KEY_INT, .offset = OFF(sim_not_ready), .max = 1000 },
	{ "cgauth", KEY_BOOL, .offset = OFF(cgauth) },
	{ "query_urc", KEY_BOOL, .offset = OFF(query_urc) },
	{ "pincnt", KEY_FN, .fn = set_pincnt },
	{ "reg", KEY_FN, .fn = set_reg },
	{ "operator", KEY_STR, .offset = OFF(operator_name) },
	{ "act", KEY_INT, .offset = OFF(act), .max = 13 },
	{ "csq", KEY_STR, .offset = OFF(csq) },
	{ "cesq", KEY_STR, .offset = OFF(cesq) },
	{ "dial", KEY_ENUM, .offset = OFF(dial), .names = dial_names },
	{ "connect", KEY_STR, .offset = OFF(connect_text) },
	{ "data", KEY_ENUM, .offset = OFF(data), .names = data_names },
	{ "noise", KEY_ENUM, .offset = OFF(noise), .names = noise_names },
	{ "noise_at", KEY_INT, .offset = OFF(noise_at), .max = 1000 },
	{ "noise_len", KEY_SIZE, .offset = OFF(noise_len), .max = 65536 },
	{ "silent", KEY_BOOL, .offset = OFF(silent) },
	{ "once", KEY_BOOL, .offset = OFF(once) },
	{ "dialect", KEY_FN, .fn = set_dialect },
	{ "error_text", KEY_STR, .offset = OFF(error_text) },
	{ "unsupported", KEY_FN, .fn = set_unsupported },
	{ "mute", KEY_FN, .fn = set_mute },
	{ "cpin_no_ok", KEY_BOOL, .offset = OFF(cpin_no_ok) },
	{ "lf_only", KEY_BOOL, .offset = OFF(lf_only) },
	{ "cfun", KEY_INT, .offset = OFF(cfun), .max = 4 },
	{ "cfun_lock", KEY_BOOL, .offset = OFF(cfun_lock) },
	{ "creg", KEY_INT, .offset = OFF(creg), .max = 11 },
	{ "sms_file", KEY_STR, .offset = OFF(sms_file) },
	{ "sms_storage", KEY_INT, .offset = OFF(sms_storage), .max = 32 },
	{ "cnmi", KEY_ENUM, .offset = OFF(cnmi), .names = cnmi_names },
	{ "sms_new_ms", KEY_UINT, .offset = OFF(sms_new_ms), .max = 60000 },
	{ "sms_on_signal", KEY_BOOL, .offset = OFF(sms_on_signal) },
	{ "cmgs_error", KEY_BOOL, .offset = OFF(cmgs_error) },
};

_Static_assert(sizeof(enum sim_card) == sizeof(int) &&
		   sizeof(enum sim_dial) == sizeof(int) &&
		   sizeof(enum sim_data) == sizeof(int) &&
		   sizeof(enum sim_noise) == sizeof(int) &&
		   sizeof(enum sim_cnmi) == sizeof(int),
	       "KEY_ENUM stores the scenario enums as int");

static int set_key(struct sim_scenario *sc, const struct key *k, const char *v)
{
	void *field = (char *)sc + k->offset;
	unsigned long n;
	int e;

	switch (k->kind) {
	case KEY_STR:
		return copy_str(field, v);
	case KEY_BOOL:
		if (strcmp(v, "1") && strcmp(v, "0"))
			return -EINVAL;
		*(bool *)field = v[0] == '1';
		return 0;
	case KEY_ENUM:
		/* the enums are small and non-negative: int-sized */
		if (lookup_name(k->names, v, &e))
			return -EINVAL;
		*(int *)field = e;
		return 0;
	case KEY_FN:
		return k->fn(sc, v);
	default:
		break;
	}
	if (parse_uint(v, k->max, &n))
		return -EINVAL;
	if (k->kind == KEY_INT)
		*(int *)field = (int)n;
	else if (k->kind == KEY_UINT)
		*(unsigned int *)field = (unsigned int)n;
	else
		*(size_t *)field = (size_t)n;
	return 0;
}

/* -ENOENT for an unknown key, -EINVAL for a bad value. */
static int apply_key(struct sim_scenario *sc, const char *k, const char *v)
{
	size_t i;

	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		if (strcmp(keys[i].name, k) == 0)
			return set_key(sc, &keys[i], v);
	}
	return -ENOENT;
}

int sim_scenario_defaults(struct sim_scenario *sc)
{
	memset(sc, 0, sizeof(*sc));
	set_identity(sc, "generic");
	strcpy(sc->imei, "356938035643809");
	strcpy(sc->imsi, "440101234567890");
	sc->echo = true;
	sc->cmee = 0;
	sc->card = SIM_CARD_READY;
	strcpy(sc->pin, "1234");
	strcpy(sc->puk, "12345678");
	sc->pin_retries = 3;
	sc->puk_retries = 10;
	sc->pincnt = SIM_PINCNT_CPINR;
	sc->sim_busy_at = SIM_CMD_ALL;
	sc->cgauth = true;
	sc->reg[0].stat = 1;
	sc->n_reg = 1;
	strcpy(sc->operator_name, "NTT DOCOMO");
	sc->act = 7;
	strcpy(sc->csq, "20,99");
	strcpy(sc->cesq, "99,99,255,255,20,50");
	sc->dial = SIM_DIAL_CONNECT;
	strcpy(sc->connect_text, "CONNECT 150000000");
	sc->data = SIM_DATA_SINK;
	sc->noise_at = 1;
	sc->noise_len = 4096;
	strcpy(sc->error_text, "ERROR");
	sc->cfun = 1;
	sc->creg = -1;
	sc->sms_storage = 10;
	sc->sms_new_ms = 300;
	return 0;
}

int sim_scenario_set(struct sim_scenario *sc, const char *kv, char *err,
		     size_t err_len)
{
	char key[64];
	const char *eq = strchr(kv, '=');
	size_t klen = eq ? (size_t)(eq - kv) : 0;
	int r;

	if (!eq || klen == 0 || klen >= sizeof(key)) {
		snprintf(err, err_len, "'%s': expected KEY=VALUE", kv);
		return -EINVAL;
	}
	memcpy(key, kv, klen);
	key[klen] = '\0';
	r = apply_key(sc, key, eq + 1);
	if (r == -ENOENT)
		snprintf(err, err_len, "unknown scenario key '%s'", key);
	else if (r)
		snprintf(err, err_len, "bad value for '%s': '%s'", key, eq + 1);
	return r ? -EINVAL : 0;
}

int sim_scenario_load(struct sim_scenario *sc, const char *path, char *err,
		      size_t err_len)
{
	char line[1024], msg[256];
	int lineno = 0, r = 0;
	FILE *f = fopen(path, "re");

	if (!f) {
		r = -errno;
		snprintf(err, err_len, "%s: %s", path, strerror(errno));
		return r;
	}
	while (fgets(line, sizeof(line), f)) {
		char *p = line;

		lineno++;
		line[strcspn(line, "\r\n")] = '\0';
		p += strspn(p, " \t");
		if (*p == '\0' || *p == '#')
			continue;
		r = sim_scenario_set(sc, p, msg, sizeof(msg));
		if (r) {
			snprintf(err, err_len, "%s:%d: %s", path, lineno, msg);
			break;
		}
	}
	fclose(f);
	return r;
}
