/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * "info" output (see info.h). Both renderings walk the same field list so
 * they cannot drift apart; JSON strings are escaped here because modem
 * firmware strings are not trusted to be clean.
 */
#include <stdbool.h>
#include <string.h>

#include "info.h"
#include "resp.h"

enum info_type { INFO_STRING, INFO_INT };

struct info_field {
	const char *key;
	enum info_type type;
	bool known;
	const char *s;
	int i;
};

/*
 * Length of the well-formed UTF-8 sequence at s (RFC 3629: no overlong
 * forms, no surrogates, nothing above U+10FFFF), 0 if there is none.
 */
static size_t info_utf8_len(const unsigned char *s)
{
	unsigned int cp, i, n;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		n = 2;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		n = 3;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		n = 4;
	else
		return 0;
	cp = s[0] & (0x7fu >> n);
	for (i = 1; i < n; i++) {
		/* also stops at the terminating NUL */
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	if ((n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) ||
	    cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return n;
}

/*
 * JSON must be UTF-8 with control characters escaped; what the modem sent
 * is neither guaranteed, so a byte that starts no valid sequence becomes
 * U+FFFD, as decoders do.
 */
static void info_json_string(FILE *out, const char *str)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t n;

	fputc('"', out);
	for (; *s; s += n) {
		n = info_utf8_len(s);
		if (n == 0) {
			fputs("\\ufffd", out);
			n = 1;
		} else if (*s == '"' || *s == '\\') {
			fprintf(out, "\\%c", *s);
		} else if (*s < 0x20 || *s == 0x7f) {
			fprintf(out, "\\u%04x", *s);
		} else {
			fwrite(s, 1, n, out);
		}
	}
	fputc('"', out);
}

/* The MCC and the two readings of the MNC an IMSI allows (see apn.h). */
static void info_imsi_plmn(const char *imsi, char *buf, size_t len)
{
	if (strlen(imsi) < 6)
		buf[0] = '\0';
	else
		snprintf(buf, len, "%.3s/%.2s or %.3s/%.3s", imsi, imsi + 3,
			 imsi, imsi + 3);
}

#define INFO_MAX_FIELDS 24

struct info_list {
	struct info_field f[INFO_MAX_FIELDS];
	int n;
	char plmn[32];
	char radio[32];
};

/* AT+CFUN? in words: 1 is on, 4 is airplane mode, 0 minimum. */
static void info_radio(int cfun, char *buf, size_t len)
{
	if (cfun == 1)
		snprintf(buf, len, "on");
	else if (cfun == 4)
		snprintf(buf, len, "off (CFUN=4)");
	else if (cfun >= 0)
		snprintf(buf, len, "not on (CFUN=%d)", cfun);
	else
		buf[0] = '\0';
}

/* An empty string is a field the modem did not report. */
static void info_str(struct info_list *l, const char *key, const char *s)
{
	l->f[l->n++] = (struct info_field){
		.key = key, .type = INFO_STRING, .known = s[0] != '\0', .s = s
	};
}

static void info_int(struct info_list *l, const char *key, bool known, int i)
{
	l->f[l->n++] = (struct info_field){
		.key = key, .type = INFO_INT, .known = known, .i = i
	};
}

static void info_fields(const struct modem_status *st, struct info_list *l)
{
	static const char *const reg_keys[] = { "registration_cs",
						"registration_ps",
						"registration_eps" };
	int d;

	l->n = 0;
	info_imsi_plmn(st->imsi, l->plmn, sizeof(l->plmn));
	info_radio(st->cfun, l->radio, sizeof(l->radio));
	info_str(l, "manufacturer", st->manufacturer);
	info_str(l, "model", st->model);
	info_str(l, "firmware", st->revision);
	info_str(l, "imei", st->imei);
	info_str(l, "radio", l->radio);
	info_str(l, "sim", st->sim_known ? resp_sim_name(st->sim) : "");
	info_int(l, "pin_tries", st->pin_tries >= 0, st->pin_tries);
	info_int(l, "puk_tries", st->puk_tries >= 0, st->puk_tries);
	info_str(l, "imsi", st->imsi);
	info_str(l, "imsi_plmn", l->plmn);
	info_str(l, "sim_provider", st->sim_provider);
	info_str(l, "apn_guess", st->apn_guess);
	info_str(l, "apn_guess_source", st->apn_guess_source);
	for (d = RESP_REG_CS; d <= RESP_REG_EPS; d++)
		info_str(l, reg_keys[d],
			 st->reg_known[d] ? resp_reg_stat_name(st->reg[d].stat)
					  : "");
	info_str(l, "operator", st->oper);
	info_str(l, "access_technology",
		 st->act >= 0 ? resp_act_name(st->act) : "");
	info_int(l, "signal_dbm", st->rssi_known, st->rssi_dbm);
	info_int(l, "signal_bars", st->rssi_known,
		 resp_signal_bars(st->rssi_dbm));
	info_int(l, "rsrp_dbm", st->rsrp_known, st->rsrp_dbm);
}

void info_print_text(FILE *out, const struct modem_status *st)
{
	struct info_list l;
	const struct info_field *f;

	info_fields(st, &l);
	for (f = l.f; f < l.f + l.n; f++) {
		if (!f->known)
			continue;
		if (f->type == INFO_STRING)
			fprintf(out, "%s: %s\n", f->key, f->s);
		else
			fprintf(out, "%s: %d\n", f->key, f->i);
	}
}

void info_print_json(FILE *out, const struct modem_status *st)
{
	struct info_list l;
	const struct info_field *f;

	info_fields(st, &l);
	fputc('{', out);
	for (f = l.f; f < l.f + l.n; f++) {
		fprintf(out, "%s\"%s\": ", f == l.f ? "" : ", ", f->key);
		if (!f->known)
			fputs("null", out);
		else if (f->type == INFO_STRING)
			info_json_string(out, f->s);
		else
			fprintf(out, "%d", f->i);
	}
	fputs("}\n", out);
}
