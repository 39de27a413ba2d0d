/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The APN policy (chat/apn-policy.c), table-driven: which source names the
 * APN, which explicit settings win, and which values are refused before
 * they reach an AT command.
 */
#include <string.h>

#include "../tap.h"
#include "chat/apn-policy.h"
#include "chat/exitcode.h"

static void test_origin(void)
{
	static const struct {
		const char *apn, *preset;
		enum apn_origin want;
	} t[] = {
		{ "internet", "", APN_ORIGIN_EXPLICIT },
		{ "internet", "soracom", APN_ORIGIN_EXPLICIT },
		{ "", "soracom", APN_ORIGIN_PRESET },
		{ "", "", APN_ORIGIN_DATABASE },
	};
	struct modem_conf c;

	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		conf_init(&c);
		snprintf(c.apn, sizeof(c.apn), "%s", t[i].apn);
		snprintf(c.apn_preset, sizeof(c.apn_preset), "%s", t[i].preset);
		is_int(apn_policy_origin(&c), t[i].want, "origin");
	}
}

static void test_overrides(void)
{
	static const struct {
		const char *name, *user, *pdp;
		int conf_auth;
		enum apn_auth chosen_auth, want_auth;
		const char *want_user, *want_pdp;
	} t[] = {
		{ "nothing explicit", "", "", CONF_AUTH_UNSET, APN_AUTH_CHAP,
		  APN_AUTH_CHAP, "preset-user", "IPV4V6" },
		{ "a user means PAP or CHAP", "me", "", CONF_AUTH_UNSET,
		  APN_AUTH_NONE, APN_AUTH_PAP_OR_CHAP, "me", "IPV4V6" },
		{ "a user keeps the chosen method", "me", "", CONF_AUTH_UNSET,
		  APN_AUTH_PAP, APN_AUTH_PAP, "me", "IPV4V6" },
		{ "auth wins", "me", "IP", APN_AUTH_CHAP, APN_AUTH_PAP,
		  APN_AUTH_CHAP, "me", "IP" },
	};

	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		struct apn_choice ch = { 0 };
		struct modem_conf c;

		conf_init(&c);
		snprintf(c.user, sizeof(c.user), "%s", t[i].user);
		snprintf(c.pdp_type, sizeof(c.pdp_type), "%s", t[i].pdp);
		c.auth = t[i].conf_auth;
		snprintf(ch.apn.user, sizeof(ch.apn.user), "preset-user");
		snprintf(ch.pdp_type, sizeof(ch.pdp_type), "IPV4V6");
		ch.apn.auth = t[i].chosen_auth;
		apn_policy_overrides(&c, &ch);
		ok(ch.apn.auth == t[i].want_auth &&
		       strcmp(ch.apn.user, t[i].want_user) == 0 &&
		       strcmp(ch.pdp_type, t[i].want_pdp) == 0,
		   "%s", t[i].name);
	}
}

static void test_files_and_presets(void)
{
	struct conf_preset p = { .name = "office",
				 .apn = "corp.example",
				 .user = "u",
				 .password_file = "/etc/ppp/office.pw",
				 .auth = CONF_AUTH_UNSET,
				 .pdp_type = "" };
	struct apn_choice ch = { 0 };
	struct modem_conf c;

	conf_init(&c);
	apn_policy_conf_preset(&p, &ch);
	is_str(ch.apn.apn, "corp.example", "a file preset names the APN");
	is_str(ch.apn.source, "preset office from the configuration file",
	       "  and says where it came from");
	ok(ch.apn.auth == APN_AUTH_NONE, "  no auth unless it says so");
	is_str(ch.password_file, "/etc/ppp/office.pw", "  its password file");
	apn_policy_overrides(&c, &ch);
	is_str(ch.pdp_type, "IP", "no PDP type anywhere means IP");
	snprintf(c.password_file, sizeof(c.password_file), "/etc/ppp/pw");
	apn_policy_overrides(&c, &ch);
	is_str(ch.password_file, "/etc/ppp/pw",
	       "an explicit password-file wins over the preset's");
	conf_init(&c);
	snprintf(c.apn, sizeof(c.apn), "internet");
	memset(&ch, 0, sizeof(ch));
	apn_policy_explicit(&c, &ch);
	ok(strcmp(ch.apn.apn, "internet") == 0 &&
	       strcmp(ch.apn.source, "set explicitly") == 0,
	   "an explicit APN says so");
}

static void test_check(void)
{
	static const struct {
		const char *name, *apn, *user;
		bool cut, creds;
		int want;
		const char *says;
	} t[] = {
		{ "plain values", "internet", "me", false, true, 0, NULL },
		{ "a quote in the APN", "inet\",\"x", "", false, true,
		  MODEM_EXIT_APN, "the APN (test)" },
		{ "a quote in the user", "internet", "m\"e", false, true,
		  MODEM_EXIT_USAGE, "'dialect = none'" },
		{ "credentials not sent", "internet", "m\"e", false, false, 0,
		  NULL },
		{ "a value was cut", "internet", "", true, true, MODEM_EXIT_APN,
		  "longer than an AT command takes" },
	};
	char msg[512];

	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		struct apn_choice ch = { 0 };
		int r;

		snprintf(ch.apn.apn, sizeof(ch.apn.apn), "%s", t[i].apn);
		snprintf(ch.apn.user, sizeof(ch.apn.user), "%s", t[i].user);
		snprintf(ch.apn.source, sizeof(ch.apn.source), "test");
		snprintf(ch.pdp_type, sizeof(ch.pdp_type), "IP");
		ch.apn.cut = t[i].cut;
		msg[0] = '\0';
		r = apn_policy_check(&ch, t[i].creds, msg, sizeof(msg));
		is_int(r, t[i].want, t[i].name);
		if (t[i].says)
			ok(strstr(msg, t[i].says) != NULL, "  says '%s'",
			   t[i].says);
	}
}

int main(void)
{
	test_origin();
	test_overrides();
	test_files_and_presets();
	test_check();
	return tap_done();
}
