// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Unit tests of chat/apn.c: the vendor presets, the selection rules on a
 * small fixture (tests/unit/test-apn-fixture.xml: primary provider over
 * MVNO, internet over untyped over MMS, 3-digit MNC over 2-digit), bad
 * input, malformed XML, and a few real networks in the installed
 * mobile-broadband-provider-info database (skipped when it is absent).
 */
#include <errno.h>
#include <stdbool.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../tap.h"
#include "apn.h"

static char fixture[4096];

static void test_presets(void)
{
	static const struct {
		const char *name, *user, *password;
	} want[] = {
		{ "umobile.jp", "umobile@umobile.jp", "umobile" },
		{ "iijmio.jp", "mio@iij", "iij" },
		{ "soracom.io", "sora", "sora" },
		{ "lte-d.ocn.ne.jp", "mobileid@ocn", "mobile" },
	};
	const char *const *names = apn_preset_names();
	struct apn_settings s;
	size_t i;

	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		memset(&s, 0, sizeof(s));
		is_int(apn_preset_lookup(want[i].name, &s), 0, want[i].name);
		is_str(s.apn, want[i].name, "  apn");
		is_str(s.user, want[i].user, "  user");
		is_str(s.password, want[i].password, "  password");
		is_int(s.auth, APN_AUTH_PAP_OR_CHAP,
		       "  auth 3, as the vendor sent");
		ok(strcmp(s.source, "preset ") > 0 &&
		       strcmp(s.source + 7, want[i].name) == 0,
		   "  source: %s", s.source);
		is_str(names[i], want[i].name, "  listed in order");
	}
	ok(names[i] == NULL, "name list NULL-terminated after 4");
	strcpy(s.apn, "untouched");
	is_int(apn_preset_lookup("SORACOM.IO", &s), -ENOENT,
	       "unknown (case-sensitive) name: -ENOENT");
	is_str(s.apn, "untouched", "  output untouched");
}

static void check_lookup(const char *imsi, int want_r, const char *want_apn,
			 const char *want_source)
{
	struct apn_settings s;
	char msg[128];
	int r;

	memset(&s, 0, sizeof(s));
	strcpy(s.apn, "untouched");
	r = apn_lookup_imsi(fixture, imsi, &s);
	snprintf(msg, sizeof(msg), "IMSI %s: result", imsi);
	is_int(r, want_r, msg);
	snprintf(msg, sizeof(msg), "IMSI %s: apn", imsi);
	is_str(s.apn, want_apn, msg);
	if (want_source) {
		snprintf(msg, sizeof(msg), "IMSI %s: source", imsi);
		is_str(s.source, want_source, msg);
	}
}

static void test_fixture(void)
{
	struct apn_settings s;

	check_lookup(
	    "001011234567890", 0, "op.internet",
	    "mobile-broadband-provider-info: provider \"Operator\" "
	    "(001/01, primary of 2 matching), first of 2 internet APNs");
	apn_lookup_imsi(fixture, "001011234567890", &s);
	is_str(s.user, "user", "credentials of the chosen APN");
	is_str(s.password, "pass", "password of the chosen APN");
	is_int(s.auth, APN_AUTH_PAP_OR_CHAP, "user given, no method: auth 3");

	check_lookup(
	    "310410123456789", 0, "three.digit",
	    "mobile-broadband-provider-info: provider \"Three digit\" "
	    "(310/410, first of 1 matching), first of 1 internet APNs");
	check_lookup("310419999999999", 0, "two.digit", NULL);
	check_lookup(
	    "001041234567890", 0, "chap.first",
	    "mobile-broadband-provider-info: provider \"CHAP untyped\" "
	    "(001/04, first of 1 matching), first of 2 untyped APNs");
	apn_lookup_imsi(fixture, "001041234567890", &s);
	is_int(s.auth, APN_AUTH_CHAP, "<authentication method=chap/>");
	is_str(s.user, "", "no user");

	check_lookup("001021234567890", -ENODATA, "untouched", NULL);
	check_lookup("999991234567890", -ENODATA, "untouched", NULL);
	check_lookup("00101", -EINVAL, "untouched", NULL);
	check_lookup("0010112345678901", -EINVAL, "untouched", NULL);
	check_lookup("00101x234567890", -EINVAL, "untouched", NULL);
	check_lookup("", -EINVAL, "untouched", NULL);
}

static void test_bad_files(void)
{
	char path[] = "/tmp/test-apn.XXXXXX";
	struct apn_settings s;
	int fd = mkstemp(path);
	static const char broken[] =
	    "<serviceproviders><provider><name>X</name><gsm>"
	    "<network-id mcc=\"001\" mnc=\"01\"/><apn value=\"x\">"
	    "</gsm></provider></serviceproviders>";

	strcpy(s.apn, "untouched");
	is_int(apn_lookup_imsi("/nonexistent/serviceproviders.xml",
			       "001011234567890", &s),
	       -ENOENT, "missing database: -ENOENT");
	if (fd < 0 || write(fd, broken, sizeof(broken) - 1) < 0) {
		ok(0, "cannot write the malformed fixture");
		return;
	}
	close(fd);
	is_int(apn_lookup_imsi(path, "001011234567890", &s), -EBADMSG,
	       "mismatched tags: -EBADMSG");
	is_str(s.apn, "untouched", "output untouched");
	fd = open(path, O_WRONLY | O_TRUNC);
	close(fd);
	is_int(apn_lookup_imsi(path, "001011234567890", &s), -EBADMSG,
	       "empty file: -EBADMSG");
	unlink(path);
}

/* apns: the acceptable answers, "|"-separated, as database versions vary */
/* spn: the SIM's service provider name, NULL for none */
static void check_real(const char *imsi, const char *spn, const char *provider,
		       const char *apns)
{
	struct apn_settings s;
	char msg[160], want[96], got[APN_MAX_LEN + 3];

	memset(&s, 0, sizeof(s));
	snprintf(msg, sizeof(msg), "%s (SPN %s): found", imsi,
		 spn ? spn : "none");
	is_int(apn_lookup_sim(NULL, imsi, spn, &s), 0, msg);
	snprintf(want, sizeof(want), "provider \"%s\"", provider);
	ok(strstr(s.source, want) != NULL, "%s: %s", imsi, s.source);
	snprintf(got, sizeof(got), "|%s|", s.apn);
	snprintf(want, sizeof(want), "|%s|", apns);
	ok(s.apn[0] && strstr(want, got) != NULL, "%s: apn %s in %s", imsi,
	   s.apn, apns);
}

static void test_real_database(void)
{
	struct apn_settings s;

	if (access(APN_DB_DEFAULT, R_OK)) {
		diag("%s absent: real-database checks skipped", APN_DB_DEFAULT);
		return;
	}
	check_real("262011234567890", "Telekom.de", "T-Mobile(Telekom)",
		   "internet.t-d1.de|internet.telekom");
	/*
	 * 234/15: several providers, none primary, and trixie's database
	 * (20250613) lists the MVNO Lebara first: the SIM's SPN decides.
	 */
	check_real("234151234567890", "vodafone UK", "Vodafone",
		   "internet|pp.vodafone.co.uk");
	/* AT&T's APNs are typed "mms-internet-hipri": still internet */
	check_real("310410123456789", "AT&T", "AT&T", "NXTGENPHONE|broadband");
	/* the primary operator, not the MVNO listed first for 440/10 */
	check_real("440101234567890", NULL, "NTTdocomo",
		   "mopera.ne.jp|mopera.net");
	check_real("440101234567890", "docomo", "NTTdocomo",
		   "mopera.ne.jp|mopera.net");
	is_int(apn_lookup_imsi(NULL, "999991234567890", &s), -ENODATA,
	       "unknown network: -ENODATA");
}

static void test_spn(void)
{
	static const struct {
		const char *provider, *spn;
		bool match;
	} names[] = {
		{ "Vodafone", "vodafone UK", true },
		{ "Lebara UK", "Lebara", true },
		{ "T-Mobile(Telekom)", "Telekom.de", true },
		{ "AT&T", "AT&T", true },
		{ "Asda Mobile", "T-Mobile", false },
		{ "Lebara UK", "vodafone UK", false },
		{ "EE", "Free", false },
		{ "O2", "o2 - uk", false }, /* two letters: not a brand word */
		{ "Orange", "", false },
	};
	struct apn_settings s;

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		is_int(apn_names_match(names[i].provider, names[i].spn),
		       names[i].match, names[i].provider);
	/* 001/01: "MVNO First" (primary="false"), then "Operator" (primary) */
	memset(&s, 0, sizeof(s));
	is_int(apn_lookup_sim(fixture, "001011234567890", "MVNO", &s), 0,
	       "SPN MVNO: found");
	is_str(s.apn, "mvno.internet", "  the SIM's SPN wins over primary");
	ok(strstr(s.source, "the SIM's SPN of 2 matching") != NULL, "  %s",
	   s.source);
	is_int(s.n_providers, 2, "  2 providers share 001/01");
	memset(&s, 0, sizeof(s));
	apn_lookup_sim(fixture, "001011234567890", "Some Brand", &s);
	is_str(s.apn, "op.internet", "an SPN matching none: the primary");
	memset(&s, 0, sizeof(s));
	apn_lookup_sim(fixture, "001011234567890", "", &s);
	is_str(s.apn, "op.internet", "an empty SPN: the primary");
}

int main(void)
{
	const char *srcdir = getenv("top_srcdir");

	snprintf(fixture, sizeof(fixture), "%s/tests/unit/test-apn-fixture.xml",
		 srcdir ? srcdir : ".");
	if (access(fixture, R_OK))
		skip_all("fixture %s not found (set top_srcdir)", fixture);
	test_presets();
	test_fixture();
	test_bad_files();
	test_spn();
	test_real_database();
	return tap_done();
}
