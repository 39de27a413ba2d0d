/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * ltepi-modem configuration (see conf.h). Keys are a declarative table:
 * each names a parser and where the value goes, either in struct modem_conf
 * or, inside a "[preset NAME]" section, in struct conf_preset.
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "conf.h"
#include "number.h"
#include "trusted.h"

enum conf_kind {
	CONF_STRING,  /* into a char array of .size */
	CONF_SECONDS, /* unsigned int, 1 .. .max */
	CONF_CHOICE,  /* int index into .choices */
	CONF_FLAG,    /* bool, "yes"/"no" in the file, no value on the CLI */
	CONF_USB_ID,  /* "vvvv:pppp" into usb_vendor, usb_product */
	CONF_MILLIS,  /* unsigned int ms, 1 .. .max: "N", "Nms" or "Ns" */
	CONF_HOLD,    /* "LINE=LEVEL,..." or "none" into the hold_* fields */
	CONF_COUNT,   /* unsigned int, 0 (off) .. .max */
};

struct conf_key {
	const char *name;
	enum conf_kind kind;
	size_t offset;	      /* in struct modem_conf */
	size_t preset_offset; /* in struct conf_preset; 0: not in presets */
	size_t size;
	unsigned int max;
	const char *const *choices; /* NULL-terminated, value = index */
	const int *values;	    /* choice values, NULL: the index */
};

static const char *const conf_pdp_types[] = { "IP", "IPV6", "IPV4V6", NULL };
static const char *const conf_auths[] = { "none", "pap", "chap", "pap-or-chap",
					  NULL };
static const char *const conf_dialects[] = { "auto", "cgauth", "qcpdpp", "none",
					     NULL };
static const char *const conf_backends[] = { "none", "gpio", "command", NULL };
static const int conf_backend_values[] = { CONF_POWER_NONE, CONF_POWER_GPIO,
					   CONF_POWER_COMMAND };
static const char *const conf_boards[] = { "ltepi2", NULL };
static const char *const conf_levels[] = { "high", "low", NULL };
static const int conf_level_values[] = { 1, 0 };

#define MC(f) offsetof(struct modem_conf, f)
#define PR(f) offsetof(struct conf_preset, f)
#define SZ(f) sizeof(((struct modem_conf *)0)->f)

static const struct conf_key conf_keys[] = {
	{ .name = "apn",
	  .kind = CONF_STRING,
	  .offset = MC(apn),
	  .preset_offset = PR(apn),
	  .size = SZ(apn) },
	{ .name = "user",
	  .kind = CONF_STRING,
	  .offset = MC(user),
	  .preset_offset = PR(user),
	  .size = SZ(user) },
	{ .name = "password-file",
	  .kind = CONF_STRING,
	  .offset = MC(password_file),
	  .preset_offset = PR(password_file),
	  .size = SZ(password_file) },
	{ .name = "pdp-type",
	  .kind = CONF_STRING,
	  .offset = MC(pdp_type),
	  .preset_offset = PR(pdp_type),
	  .size = SZ(pdp_type),
	  .choices = conf_pdp_types },
	{ .name = "auth",
	  .kind = CONF_CHOICE,
	  .offset = MC(auth),
	  .preset_offset = PR(auth),
	  .choices = conf_auths },
	{ .name = "pin-file",
	  .kind = CONF_STRING,
	  .offset = MC(pin_file),
	  .size = SZ(pin_file) },
	{ .name = "apn-preset",
	  .kind = CONF_STRING,
	  .offset = MC(apn_preset),
	  .size = SZ(apn_preset) },
	{ .name = "apn-database",
	  .kind = CONF_STRING,
	  .offset = MC(apn_database),
	  .size = SZ(apn_database) },
	{ .name = "device",
	  .kind = CONF_STRING,
	  .offset = MC(device),
	  .size = SZ(device) },
	{ .name = "cid", .kind = CONF_SECONDS, .offset = MC(cid), .max = 16 },
	{ .name = "timeout",
	  .kind = CONF_SECONDS,
	  .offset = MC(timeout_s),
	  .max = 3600 },
	{ .name = "register-timeout",
	  .kind = CONF_SECONDS,
	  .offset = MC(register_timeout_s),
	  .max = 3600 },
	{ .name = "dial-timeout",
	  .kind = CONF_SECONDS,
	  .offset = MC(dial_timeout_s),
	  .max = 600 },
	{ .name = "sim-busy-timeout",
	  .kind = CONF_SECONDS,
	  .offset = MC(sim_busy_timeout_s),
	  .max = 600 },
	{ .name = "dialect",
	  .kind = CONF_CHOICE,
	  .offset = MC(dialect),
	  .choices = conf_dialects },
	{ .name = "verbose", .kind = CONF_FLAG, .offset = MC(verbose) },
	{ .name = "board",
	  .kind = CONF_STRING,
	  .offset = MC(board),
	  .size = SZ(board),
	  .choices = conf_boards },
	{ .name = "power-backend",
	  .kind = CONF_CHOICE,
	  .offset = MC(power_backend),
	  .choices = conf_backends,
	  .values = conf_backend_values },
	{ .name = "gpio-chip",
	  .kind = CONF_STRING,
	  .offset = MC(gpio_chip),
	  .size = SZ(gpio_chip) },
	{ .name = "power-key",
	  .kind = CONF_STRING,
	  .offset = MC(power_key),
	  .size = SZ(power_key) },
	{ .name = "power-key-active",
	  .kind = CONF_CHOICE,
	  .offset = MC(power_key_active),
	  .choices = conf_levels,
	  .values = conf_level_values },
	{ .name = "power-on-pulse",
	  .kind = CONF_MILLIS,
	  .offset = MC(power_on_pulse_ms),
	  .max = 60000 },
	{ .name = "power-off-pulse",
	  .kind = CONF_MILLIS,
	  .offset = MC(power_off_pulse_ms),
	  .max = 60000 },
	{ .name = "hold-lines", .kind = CONF_HOLD },
	{ .name = "power-on-command",
	  .kind = CONF_STRING,
	  .offset = MC(power_on_command),
	  .size = SZ(power_on_command) },
	{ .name = "power-off-command",
	  .kind = CONF_STRING,
	  .offset = MC(power_off_command),
	  .size = SZ(power_off_command) },
	{ .name = "power-wait",
	  .kind = CONF_SECONDS,
	  .offset = MC(power_wait_s),
	  .max = 600 },
	{ .name = "usb-id", .kind = CONF_USB_ID },
	{ .name = "radio-reset-after",
	  .kind = CONF_COUNT,
	  .offset = MC(radio_reset_after),
	  .max = 100 },
	{ .name = "power-cycle-after",
	  .kind = CONF_COUNT,
	  .offset = MC(power_cycle_after),
	  .max = 100 },
	{ .name = "sms-allow",
	  .kind = CONF_STRING,
	  .offset = MC(sms_allow),
	  .size = SZ(sms_allow) },
	{ .name = "sms-key-file",
	  .kind = CONF_STRING,
	  .offset = MC(sms_key_file),
	  .size = SZ(sms_key_file) },
	{ .name = "sms-up-command",
	  .kind = CONF_STRING,
	  .offset = MC(sms_up_command),
	  .size = SZ(sms_up_command) },
	{ .name = "sms-down-command",
	  .kind = CONF_STRING,
	  .offset = MC(sms_down_command),
	  .size = SZ(sms_down_command) },
	{ .name = "sms-state-dir",
	  .kind = CONF_STRING,
	  .offset = MC(sms_state_dir),
	  .size = SZ(sms_state_dir) },
	{ .name = "sms-device",
	  .kind = CONF_STRING,
	  .offset = MC(sms_device),
	  .size = SZ(sms_device) },
};

#define CONF_N_KEYS (sizeof(conf_keys) / sizeof(conf_keys[0]))

void conf_init(struct modem_conf *conf)
{
	*conf = (struct modem_conf){
		.auth = CONF_AUTH_UNSET,
		.apn_database = APN_DB_DEFAULT,
		.cid = 1,
		.timeout_s = 120,
		.register_timeout_s = 60,
		.dial_timeout_s = 60,
		.sim_busy_timeout_s = 20,
		.power_key_active = -1,
		.radio_reset_after = 2,
		.power_cycle_after = 4,
		.sms_up_command = CONF_SMS_UP_DEFAULT,
		.sms_down_command = CONF_SMS_DOWN_DEFAULT,
		.sms_state_dir = CONF_SMS_STATE_DEFAULT,
	};
}

__attribute__((format(printf, 3, 4))) static int
conf_error(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	return -EINVAL;
}

static const struct conf_key *conf_key_find(const char *name)
{
	size_t i;

	for (i = 0; i < CONF_N_KEYS; i++) {
		if (strcmp(conf_keys[i].name, name) == 0)
			return &conf_keys[i];
	}
	return NULL;
}

const char *conf_key_name(size_t i)
{
	return i < CONF_N_KEYS ? conf_keys[i].name : NULL;
}

bool conf_key_is_flag(const char *key)
{
	const struct conf_key *k = conf_key_find(key);

	return k && k->kind == CONF_FLAG;
}

static void conf_list_choices(const char *const *choices, char *buf, size_t len)
{
	size_t n = 0;
	int i;

	buf[0] = '\0';
	for (i = 0; choices[i] && n < len; i++)
		n += (size_t)snprintf(buf + n, len - n, "%s%s", i ? ", " : "",
				      choices[i]);
}

/* Index of value in choices (case-insensitive), or a filled-in error. */
static int conf_choice(const struct conf_key *k, const char *value, char *err,
		       size_t errlen)
{
	char list[128];
	int i;

	for (i = 0; k->choices[i]; i++) {
		if (strcasecmp(value, k->choices[i]) == 0)
			return i;
	}
	conf_list_choices(k->choices, list, sizeof(list));
	return conf_error(err, errlen, "%s: invalid value '%s' (one of: %s)",
			  k->name, value, list);
}

static int conf_set_string(const struct conf_key *k, char *dst, size_t size,
			   const char *value, char *err, size_t errlen)
{
	int i;

	if (k->choices) {
		i = conf_choice(k, value, err, errlen);
		if (i < 0)
			return i;
		value = k->choices[i];
	}
	if (value[0] == '\0')
		return conf_error(err, errlen, "%s: empty value", k->name);
	if (strlen(value) >= size)
		return conf_error(err, errlen,
				  "%s: value too long (at most %zu bytes)",
				  k->name, size - 1);
	if (strchr(value, '"') || strchr(value, '\r') || strchr(value, '\n'))
		return conf_error(err, errlen,
				  "%s: value must not contain '\"' or line "
				  "breaks",
				  k->name);
	memcpy(dst, value, strlen(value) + 1);
	return 0;
}

static int conf_set_seconds(const struct conf_key *k, unsigned int *dst,
			    const char *value, char *err, size_t errlen)
{
	unsigned long min = k->kind == CONF_COUNT ? 0 : 1;
	uint64_t n;

	if (number_parse_decimal(value, strlen(value), k->max, &n) < 0 ||
	    n < min)
		return conf_error(err, errlen,
				  "%s: invalid value '%s' (a number from %lu "
				  "to %u%s)",
				  k->name, value, min, k->max,
				  min ? "" : "; 0 turns it off");
	*dst = (unsigned int)n;
	return 0;
}

static int conf_set_flag(const struct conf_key *k, bool *dst, const char *value,
			 char *err, size_t errlen)
{
	if (strcasecmp(value, "yes") == 0 || strcmp(value, "1") == 0 ||
	    strcasecmp(value, "true") == 0)
		*dst = true;
	else if (strcasecmp(value, "no") == 0 || strcmp(value, "0") == 0 ||
		 strcasecmp(value, "false") == 0)
		*dst = false;
	else
		return conf_error(err, errlen,
				  "%s: invalid value '%s' (yes or no)", k->name,
				  value);
	return 0;
}

/* Exactly four hex digits, a colon, four hex digits: nothing scanf
 * would also take ("-001", "0x1e", "+1ec", " 202"). */
static int conf_set_usb_id(struct modem_conf *conf, const char *value,
			   char *err, size_t errlen)
{
	uint64_t vendor, product;

	if (strlen(value) != 9 || value[4] != ':' ||
	    number_parse_hex(value, 4, 0xffff, &vendor) < 0 ||
	    number_parse_hex(value + 5, 4, 0xffff, &product) < 0)
		return conf_error(err, errlen,
				  "usb-id: invalid value '%s' (VVVV:PPPP in "
				  "hex, e.g. 1ecb:0202)",
				  value);
	conf->usb_vendor = (uint16_t)vendor;
	conf->usb_product = (uint16_t)product;
	return 0;
}

static char *conf_trim(char *s)
{
	char *end;

	while (isspace((unsigned char)*s))
		s++;
	end = s + strlen(s);
	while (end > s && isspace((unsigned char)end[-1]))
		*--end = '\0';
	return s;
}

/* Pulse lengths: a bare number is milliseconds; "ms" and "s" say so. */
static int conf_set_millis(const struct conf_key *k, unsigned int *dst,
			   const char *value, char *err, size_t errlen)
{
	unsigned long n;
	char *end;

	errno = 0;
	n = strtoul(value, &end, 10);
	if (isdigit((unsigned char)value[0]) && !errno && *end == 's' &&
	    end[1] == '\0' && n <= k->max / 1000) {
		n *= 1000;
		end++;
	} else if (strcmp(end, "ms") == 0) {
		end += 2;
	}
	if (!isdigit((unsigned char)value[0]) || *end || errno || n < 1 ||
	    n > k->max)
		return conf_error(err, errlen,
				  "%s: invalid value '%s' (milliseconds from 1 "
				  "to %u, or seconds with 's', e.g. 2s)",
				  k->name, value, k->max);
	*dst = (unsigned int)n;
	return 0;
}

static int conf_hold_level(const char *s)
{
	if (strcmp(s, "1") == 0 || strcasecmp(s, "high") == 0)
		return 1;
	if (strcmp(s, "0") == 0 || strcasecmp(s, "low") == 0)
		return 0;
	return -1;
}

/*
 * "GPIO21=1,GPIO6=high": the lines held at a level while the power key is
 * pulsed; "none" holds none. Replaces the board's list as a whole.
 */
static int conf_set_hold(struct modem_conf *conf, const char *value, char *err,
			 size_t errlen)
{
	char buf[CONF_CMD_LEN], *tok, *save = NULL, *eq;
	int n = 0, level;

	if (strlen(value) >= sizeof(buf))
		return conf_error(err, errlen, "hold-lines: value too long");
	memcpy(buf, value, strlen(value) + 1);
	if (strcasecmp(value, "none") == 0) {
		conf->n_hold = 0;
		conf->hold_set = true;
		return 0;
	}
	for (tok = strtok_r(buf, ", \t", &save); tok;
	     tok = strtok_r(NULL, ", \t", &save)) {
		eq = strchr(tok, '=');
		level = eq ? conf_hold_level(eq + 1) : -1;
		if (eq)
			*eq = '\0';
		if (level < 0 || tok[0] == '\0' ||
		    strlen(tok) >= CONF_NAME_LEN || n == CONF_MAX_HOLD)
			return conf_error(err, errlen,
					  "hold-lines: invalid value '%s' (up "
					  "to %d LINE=LEVEL, level 0, 1, low "
					  "or high, e.g. GPIO21=1,GPIO6=1; or "
					  "none)",
					  value, CONF_MAX_HOLD);
		memcpy(conf->hold_names[n], tok, strlen(tok) + 1);
		conf->hold_values[n++] = level;
	}
	if (n == 0)
		return conf_error(err, errlen, "hold-lines: empty value");
	conf->n_hold = n;
	conf->hold_set = true;
	return 0;
}

/* Stores value for k at base + offset (base: a conf or a preset). */
static int conf_store(const struct conf_key *k, char *base, size_t offset,
		      const char *value, char *err, size_t errlen)
{
	int i;

	switch (k->kind) {
	case CONF_STRING:
		return conf_set_string(k, base + offset, k->size, value, err,
				       errlen);
	case CONF_SECONDS:
	case CONF_COUNT:
		return conf_set_seconds(k, (unsigned int *)(base + offset),
					value, err, errlen);
	case CONF_CHOICE:
		i = conf_choice(k, value, err, errlen);
		if (i < 0)
			return i;
		*(int *)(base + offset) = k->values ? k->values[i] : i;
		return 0;
	case CONF_FLAG:
		return conf_set_flag(k, (bool *)(base + offset), value, err,
				     errlen);
	case CONF_USB_ID:
		return conf_set_usb_id((struct modem_conf *)base, value, err,
				       errlen);
	case CONF_MILLIS:
		return conf_set_millis(k, (unsigned int *)(base + offset),
				       value, err, errlen);
	case CONF_HOLD:
		return conf_set_hold((struct modem_conf *)base, value, err,
				     errlen);
	}
	return -EINVAL;
}

int conf_set(struct modem_conf *conf, const char *key, const char *value,
	     char *err, size_t errlen)
{
	const struct conf_key *k = conf_key_find(key);

	if (!k) {
		snprintf(err, errlen, "unknown key '%s'", key);
		return -ENOENT;
	}
	return conf_store(k, (char *)conf, k->offset, value, err, errlen);
}

void conf_override_apn(struct modem_conf *conf, bool cli_apn, bool cli_preset)
{
	if (cli_preset) {
		conf->apn[0] = '\0';
		conf->user[0] = '\0';
		conf->password_file[0] = '\0';
		conf->auth = CONF_AUTH_UNSET;
	}
	if (cli_apn)
		conf->apn_preset[0] = '\0';
}

static int conf_preset_set(struct conf_preset *p, const char *key,
			   const char *value, char *err, size_t errlen)
{
	const struct conf_key *k = conf_key_find(key);

	if (!k || !k->preset_offset)
		return conf_error(err, errlen,
				  "'%s' is not a preset key (apn, user, "
				  "password-file, auth, pdp-type)",
				  key);
	return conf_store(k, (char *)p, k->preset_offset, value, err, errlen);
}

/* "[preset NAME]": starts a new preset section. */
static int conf_section(struct modem_conf *conf, char *line, char *err,
			size_t errlen)
{
	struct conf_preset *p;
	size_t n = strlen(line);
	char *name;

	if (line[n - 1] != ']' || strncmp(line, "[preset", 7) != 0 ||
	    !isspace((unsigned char)line[7]))
		return conf_error(err, errlen,
				  "bad section header (expected "
				  "[preset NAME])");
	line[n - 1] = '\0';
	name = conf_trim(line + 7);
	if (name[0] == '\0' || strlen(name) >= CONF_NAME_LEN ||
	    strpbrk(name, " \t\""))
		return conf_error(err, errlen, "bad preset name '%s'", name);
	if (conf_find_preset(conf, name))
		return conf_error(err, errlen, "preset '%s' defined twice",
				  name);
	if (conf->n_presets == CONF_MAX_PRESETS)
		return conf_error(err, errlen, "more than %d presets",
				  CONF_MAX_PRESETS);
	p = &conf->presets[conf->n_presets++];
	*p = (struct conf_preset){ .auth = CONF_AUTH_UNSET };
	snprintf(p->name, sizeof(p->name), "%s", name);
	return 0;
}

static int conf_line(struct modem_conf *conf, struct conf_preset **preset,
		     char *line, char *err, size_t errlen)
{
	char *eq, *key, *value;
	int r;

	line = conf_trim(line);
	if (line[0] == '\0' || line[0] == '#')
		return 0;
	if (line[0] == '[') {
		r = conf_section(conf, line, err, errlen);
		if (r == 0)
			*preset = &conf->presets[conf->n_presets - 1];
		return r;
	}
	eq = strchr(line, '=');
	if (!eq)
		return conf_error(err, errlen, "expected 'key = value'");
	*eq = '\0';
	key = conf_trim(line);
	value = conf_trim(eq + 1);
	if (*preset)
		return conf_preset_set(*preset, key, value, err, errlen);
	r = conf_set(conf, key, value, err, errlen);
	return r == -ENOENT ? -EINVAL : r;
}

/* A preset must name its APN: an empty APN is never used silently. */
static int conf_check_presets(const struct modem_conf *conf, char *err,
			      size_t errlen)
{
	int i;

	for (i = 0; i < conf->n_presets; i++) {
		if (conf->presets[i].apn[0] == '\0')
			return conf_error(err, errlen, "preset '%s' has no apn",
					  conf->presets[i].name);
	}
	return 0;
}

/*
 * One line into buf (newline kept), bounded whatever the file is: 1 when a
 * line was read, 0 at the end, -E2BIG for a line that does not fit,
 * -EILSEQ for a NUL byte (which would silently cut the line: "apn =
 * foo\0bar" read as "foo"), -errno for a read error.
 */
static int conf_read_line(FILE *f, char *buf, size_t size)
{
	size_t n = 0;
	int c;

	while ((c = getc(f)) != EOF) {
		if (c == '\0')
			return -EILSEQ;
		if (n + 1 >= size)
			return -E2BIG;
		buf[n++] = (char)c;
		if (c == '\n')
			break;
	}
	buf[n] = '\0';
	if (ferror(f))
		return -EIO;
	return n > 0;
}

int conf_load(struct modem_conf *conf, const char *path, char *err,
	      size_t errlen)
{
	struct conf_preset *preset = NULL;
	char line[1024], msg[256];
	unsigned int lineno = 0;
	FILE *f;
	int r = 0;

	f = fopen(path, "re");
	if (!f) {
		r = -errno;
		snprintf(err, errlen, "%s: %s", path, strerror(-r));
		return r;
	}
	while ((r = conf_read_line(f, line, sizeof(line))) > 0) {
		lineno++;
		r = conf_line(conf, &preset, line, msg, sizeof(msg));
		if (r < 0) {
			snprintf(err, errlen, "%s:%u: %s", path, lineno, msg);
			goto out_close;
		}
	}
	if (r < 0) {
		snprintf(err, errlen, "%s:%u: %s", path, lineno + 1,
			 r == -EILSEQ  ? "contains a NUL byte"
			 : r == -E2BIG ? "line too long"
				       : strerror(-r));
		goto out_close;
	}
	r = conf_check_presets(conf, msg, sizeof(msg));
	if (r < 0)
		snprintf(err, errlen, "%s: %s", path, msg);
out_close:
	fclose(f);
	return r;
}

const struct conf_preset *conf_find_preset(const struct modem_conf *conf,
					   const char *name)
{
	int i;

	for (i = 0; i < conf->n_presets; i++) {
		if (strcmp(conf->presets[i].name, name) == 0)
			return &conf->presets[i];
	}
	return NULL;
}

int conf_read_secret(const char *path, const char *what, char *buf, size_t len,
		     char *err, size_t errlen)
{
	/* Only root (or we) may have written it, and only we may read it. */
	const struct trusted_policy secret = { .what = what,
					       .no_follow = true,
					       .private_mode = true,
					       .ancestors = true };
	bool too_long;
	ssize_t n;
	int fd, r = 0;

	fd = trusted_open(path, &secret, false, err, errlen);
	if (fd < 0)
		return fd;
	n = read(fd, buf, len - 1);
	if (n < 0) {
		r = -errno;
		snprintf(err, errlen, "cannot read %s %s: %s", what, path,
			 strerror(-r));
		goto out_close;
	}
	buf[n] = '\0';
	if (memchr(buf, '\0', (size_t)n)) {
		/* "12\0 34" must not be read as "12" */
		r = -EINVAL;
		snprintf(err, errlen, "%s %s contains a NUL byte", what, path);
		explicit_bzero(buf, len);
		goto out_close;
	}
	too_long = (size_t)n == len - 1 && !strpbrk(buf, "\r\n");
	buf[strcspn(buf, "\r\n")] = '\0';
	if (buf[0] == '\0' || too_long) {
		r = -EINVAL;
		snprintf(err, errlen, "%s %s is empty or too long", what, path);
		explicit_bzero(buf, len);
	}
out_close:
	close(fd);
	return r;
}

const char *conf_auth_name(int auth)
{
	if (auth < 0 || auth > APN_AUTH_PAP_OR_CHAP)
		return "unset";
	return conf_auths[auth];
}
