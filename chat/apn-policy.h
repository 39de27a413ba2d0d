/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The APN policy of ltepi-modem, apart from the AT exchanges and files
 * behind its facts (modem.c reads the IMSI, the SPN, the database and the
 * password file): which source names the APN (explicit 'apn', then
 * 'apn-preset', then the provider database by IMSI), the explicit settings
 * that win over the chosen ones, and the check that every value an AT
 * command would carry can be carried. Pure.
 */
#ifndef LTEPI_CHAT_APN_POLICY_H
#define LTEPI_CHAT_APN_POLICY_H

#include <stdbool.h>
#include <stddef.h>

#include "apn.h"
#include "conf.h"

/* The APN settings as chosen, with what goes beside them. */
struct apn_choice {
	struct apn_settings apn;
	char pdp_type[8];	   /* "" until apn_policy_overrides() */
	const char *password_file; /* NULL: no password */
};

enum apn_origin {
	APN_ORIGIN_EXPLICIT, /* 'apn' */
	APN_ORIGIN_PRESET,   /* 'apn-preset': the file's, else built in */
	APN_ORIGIN_DATABASE, /* the provider database, by the SIM's IMSI */
};

/* Where the APN comes from: the first of explicit, preset, database. */
enum apn_origin apn_policy_origin(const struct modem_conf *c);

/* The choice for an explicit 'apn'. */
void apn_policy_explicit(const struct modem_conf *c, struct apn_choice *ch);

/* The choice for a [preset NAME] of the configuration file. */
void apn_policy_conf_preset(const struct conf_preset *p, struct apn_choice *ch);

/*
 * Explicit 'user', 'password-file', 'auth' and 'pdp-type' over the chosen
 * ones; a user without an auth method means PAP or CHAP; no PDP type
 * means "IP". The password itself is the caller's to read.
 */
void apn_policy_overrides(const struct modem_conf *c, struct apn_choice *ch);

/*
 * 0 when every value that goes into an AT command (the credentials only
 * when creds_sent) can be carried, else an exit code (enum modem_exit)
 * with the sentence naming the value and its source in msg.
 */
int apn_policy_check(const struct apn_choice *ch, bool creds_sent, char *msg,
		     size_t len);

#endif
