/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * ltepi-modem's configuration: one table of keys shared by the command line
 * (--KEY VALUE) and the configuration file (KEY = VALUE), so both accept the
 * same names and values and report the same errors.
 *
 * File format (documented in ltepi-modem(8)): one "key = value" per line,
 * blank lines and lines starting with '#' ignored, "[preset NAME]" opens a
 * section defining an APN preset (keys apn, user, password-file, auth,
 * pdp-type) that "apn-preset = NAME" or --apn-preset selects; presets from the
 * file shadow the built-in ones (apn.h). Secrets are never values: PIN and
 * password come from files that must not be readable by group or others.
 *
 * Errors: functions return 0 or -errno and write one complete sentence into
 * err (for the file: "FILE:LINE: ..."); the configuration is then partly
 * updated, which is fine as the caller stops. Nothing is logged.
 */
#ifndef LTEPI_CHAT_CONF_H
#define LTEPI_CHAT_CONF_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "apn.h"

#define CONF_DEFAULT_PATH  SYSCONFDIR "/ppp/ltepi/modem.conf"
#define CONF_ERRLEN	   (PATH_MAX + 256)
#define CONF_MAX_PRESETS   16
#define CONF_NAME_LEN	   64
#define CONF_CMD_LEN	   256
#define CONF_AUTH_UNSET	   (-1)
#define CONF_MAX_HOLD	   4 /* POWER_MAX_HOLD_LINES */
#define CONF_SMS_ALLOW_LEN 512
/*
 * The link's unit: LTEPI_PEER names it (ltepi-sms@.service sets it to its
 * instance), else the shipped peer ltepi2. "up DURATION" stops the link
 * again with a systemd timer (LTEPI_SMS_DURATION, in seconds), set up
 * before the start: on a single-port modem the start stops the listener
 * (Conflicts=), and systemd kills its whole control group, the shell
 * running this command included, so nothing after the start is sure to
 * run (tests/vm/product-sms-systemd.sh saw the listener killed while its
 * command still ran).
 */
#define CONF_SMS_UNIT "ltepi@${LTEPI_PEER:-ltepi2}.service"
#define CONF_SMS_UP_DEFAULT                                                    \
	"[ -z \"$LTEPI_SMS_DURATION\" ] || systemd-run --quiet "               \
	"--on-active=\"${LTEPI_SMS_DURATION}s\" systemctl --no-block "         \
	"stop " CONF_SMS_UNIT "; systemctl --no-block start " CONF_SMS_UNIT
#define CONF_SMS_DOWN_DEFAULT  "systemctl --no-block stop " CONF_SMS_UNIT
#define CONF_SMS_STATE_DEFAULT "/var/lib/ltepi"

/* How the APN user/password reach the modem (see ltepi-modem(8)). */
enum conf_dialect {
	CONF_DIALECT_AUTO,   /* $QCPDPP on AM Telecom modules, else +CGAUTH */
	CONF_DIALECT_CGAUTH, /* 27.007 AT+CGAUTH */
	CONF_DIALECT_QCPDPP, /* Qualcomm AT$QCPDPP, password first */
	CONF_DIALECT_NONE,   /* none: pppd's PAP/CHAP carries them */
};

enum conf_power_backend {
	CONF_POWER_UNSET, /* the board's, or none */
	CONF_POWER_NONE,
	CONF_POWER_GPIO,
	CONF_POWER_COMMAND,
};

struct conf_preset {
	char name[CONF_NAME_LEN];
	char apn[APN_MAX_LEN + 1];
	char user[APN_MAX_CRED_LEN + 1];
	char password_file[PATH_MAX];
	int auth; /* enum apn_auth or CONF_AUTH_UNSET */
	char pdp_type[8];
};

struct modem_conf {
	char apn[APN_MAX_LEN + 1];
	char pdp_type[8]; /* "" = "IP" unless a preset says otherwise */
	char user[APN_MAX_CRED_LEN + 1];
	char password_file[PATH_MAX];
	int auth; /* enum apn_auth or CONF_AUTH_UNSET */
	char pin_file[PATH_MAX];
	char apn_preset[CONF_NAME_LEN];
	char apn_database[PATH_MAX];
	unsigned int cid;
	unsigned int timeout_s;
	unsigned int register_timeout_s;
	unsigned int dial_timeout_s;
	unsigned int sim_busy_timeout_s;
	enum conf_dialect dialect;
	char device[PATH_MAX];
	bool verbose;

	/* power (see power.h) */
	char board[CONF_NAME_LEN]; /* "" or "ltepi2" */
	enum conf_power_backend power_backend;
	char gpio_chip[CONF_NAME_LEN];
	char power_key[CONF_NAME_LEN];
	int power_key_active;		/* 1 high, 0 low, -1 the board's */
	unsigned int power_on_pulse_ms; /* 0 = the board's */
	unsigned int power_off_pulse_ms;
	bool hold_set; /* hold-lines given: replaces the board's */
	int n_hold;
	char hold_names[CONF_MAX_HOLD][CONF_NAME_LEN];
	int hold_values[CONF_MAX_HOLD];
	char power_on_command[CONF_CMD_LEN];
	char power_off_command[CONF_CMD_LEN];
	unsigned int power_wait_s; /* 0 = the backend's default */
	uint16_t usb_vendor, usb_product;

	/* SMS wake-up (ltepi-modem sms; sms-auth.h) */
	char sms_allow[CONF_SMS_ALLOW_LEN];
	char sms_key_file[PATH_MAX];
	char sms_up_command[CONF_CMD_LEN];
	char sms_down_command[CONF_CMD_LEN];
	char sms_state_dir[PATH_MAX];
	char sms_device[PATH_MAX];

	/* link-health escalation (escalate.h); 0 disables a step */
	unsigned int radio_reset_after;
	unsigned int power_cycle_after;

	struct conf_preset presets[CONF_MAX_PRESETS];
	int n_presets;
};

void conf_init(struct modem_conf *conf);

/*
 * Sets key to value (both as on the command line, without "--").
 * Returns 0, -ENOENT for an unknown key, -EINVAL for a bad value.
 */
int conf_set(struct modem_conf *conf, const char *key, const char *value,
	     char *err, size_t errlen);

/*
 * Called between conf_load() and the command line's conf_set() calls with
 * the APN keys the command line sets, so that the command line wins over
 * the file however each names the APN: a command-line apn-preset replaces
 * the file's apn and the credentials that went with it (user,
 * password-file, auth); a command-line apn replaces the file's apn-preset.
 */
void conf_override_apn(struct modem_conf *conf, bool cli_apn, bool cli_preset);

/* The i-th key name (for building the command line), NULL past the end. */
const char *conf_key_name(size_t i);

/* Whether key is a flag ("verbose"): no value on the command line. */
bool conf_key_is_flag(const char *key);

/*
 * Reads the file at path. Returns 0, -ENOENT when it does not exist (err
 * says so; a caller using the default path ignores this), -EINVAL for a
 * syntax or value error, other -errno.
 */
int conf_load(struct modem_conf *conf, const char *path, char *err,
	      size_t errlen);

const struct conf_preset *conf_find_preset(const struct modem_conf *conf,
					   const char *name);

/*
 * Reads the first line of a secret file (what: "PIN file") into buf,
 * opened with lib/trusted.h: a regular file, not a symbolic link, owned
 * by root or by us, with no access for group and others (-EACCES, as for
 * a writable directory above it), and (-EINVAL) not empty, not longer
 * than len - 1, no NUL byte.
 */
int conf_read_secret(const char *path, const char *what, char *buf, size_t len,
		     char *err, size_t errlen);

const char *conf_auth_name(int auth);

#endif
