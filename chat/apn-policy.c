/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The APN policy (see apn-policy.h). */
#include <stdio.h>
#include <string.h>

#include "apn-policy.h"
#include "atarg.h"
#include "exitcode.h"

enum apn_origin apn_policy_origin(const struct modem_conf *c)
{
	if (c->apn[0])
		return APN_ORIGIN_EXPLICIT;
	if (c->apn_preset[0])
		return APN_ORIGIN_PRESET;
	return APN_ORIGIN_DATABASE;
}

void apn_policy_explicit(const struct modem_conf *c, struct apn_choice *ch)
{
	snprintf(ch->apn.apn, sizeof(ch->apn.apn), "%s", c->apn);
	snprintf(ch->apn.source, sizeof(ch->apn.source), "set explicitly");
}

void apn_policy_conf_preset(const struct conf_preset *p, struct apn_choice *ch)
{
	snprintf(ch->apn.apn, sizeof(ch->apn.apn), "%s", p->apn);
	snprintf(ch->apn.user, sizeof(ch->apn.user), "%s", p->user);
	ch->apn.auth = p->auth == CONF_AUTH_UNSET ? APN_AUTH_NONE : p->auth;
	snprintf(ch->pdp_type, sizeof(ch->pdp_type), "%s", p->pdp_type);
	if (p->password_file[0])
		ch->password_file = p->password_file;
	snprintf(ch->apn.source, sizeof(ch->apn.source),
		 "preset %s from the configuration file", p->name);
}

void apn_policy_overrides(const struct modem_conf *c, struct apn_choice *ch)
{
	if (c->user[0])
		snprintf(ch->apn.user, sizeof(ch->apn.user), "%s", c->user);
	if (c->password_file[0])
		ch->password_file = c->password_file;
	if (c->auth != CONF_AUTH_UNSET)
		ch->apn.auth = c->auth;
	else if (c->user[0] && ch->apn.auth == APN_AUTH_NONE)
		ch->apn.auth = APN_AUTH_PAP_OR_CHAP;
	if (c->pdp_type[0])
		snprintf(ch->pdp_type, sizeof(ch->pdp_type), "%s", c->pdp_type);
	if (!ch->pdp_type[0])
		snprintf(ch->pdp_type, sizeof(ch->pdp_type), "IP");
}

int apn_policy_check(const struct apn_choice *ch, bool creds_sent, char *msg,
		     size_t len)
{
	const struct {
		const char *what, *value;
		size_t max;
		bool used;
	} v[] = {
		{ "APN", ch->apn.apn, APN_MAX_LEN, true },
		{ "PDP type", ch->pdp_type, sizeof(ch->pdp_type) - 1, true },
		{ "APN user name", ch->apn.user, APN_MAX_CRED_LEN, creds_sent },
		{ "APN password", ch->apn.password, APN_MAX_CRED_LEN,
		  creds_sent },
	};
	char why[96];

	if (ch->apn.cut) {
		snprintf(msg, len,
			 "the APN settings (%s) hold a value longer than an "
			 "AT command takes (APN %d bytes, user name and "
			 "password %d); set 'apn', 'user' and 'password-file' "
			 "in the configuration file",
			 ch->apn.source, APN_MAX_LEN, APN_MAX_CRED_LEN);
		return MODEM_EXIT_APN;
	}
	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		if (!v[i].used ||
		    atarg_check(v[i].value, v[i].max, why, sizeof(why)) == 0)
			continue;
		snprintf(msg, len,
			 "the %s (%s) %s, which an AT command cannot carry%s",
			 v[i].what, ch->apn.source, why,
			 i >= 2 ? "; give the credentials to pppd and set "
				  "'dialect = none'"
				: "");
		return i == 0 ? MODEM_EXIT_APN : MODEM_EXIT_USAGE;
	}
	return 0;
}
