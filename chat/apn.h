/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * APN settings for ltepi-modem: built-in presets and lookup by IMSI.
 *
 * Presets are the four networks the vendor's LTEPi software shipped
 * (ltepi2-service boot-apn.<name>.json, all sent to the modem with auth
 * type 3 = "PAP or CHAP"); they are exact and preferred.
 *
 * The IMSI lookup reads Debian's mobile-broadband-provider-info database
 * (serviceproviders.xml) with expat. It is a best-effort guess: the
 * database lacks most Japanese MVNOs and, for docomo's 440/10, its first
 * match is another MVNO's APN. So every result carries a human-readable
 * "source" saying which entry was picked and why, and callers should
 * prefer an explicit APN or a preset and log the source when they do not.
 *
 * MCC/MNC split: the MCC is the first 3 digits. The MNC is 2 or 3 digits
 * and the IMSI alone does not say which, so the lookup first tries the
 * 3-digit MNC against the database's <network-id mcc= mnc=> entries and
 * only then the 2-digit one (a 3-digit match is the more specific one;
 * e.g. 310/410 must not fall back to 310/41).
 *
 * Among the matching providers the database's primary="true" one (the
 * network operator) wins over MVNOs sharing its MCC/MNC, else the first
 * in file order. Among its GSM APNs, one whose usage includes "internet"
 * is preferred over untyped ones; "mms", "wap", "ia" are never chosen.
 *
 * No I/O besides reading the database file; no logging above debug.
 */
#ifndef LTEPI_CHAT_APN_H
#define LTEPI_CHAT_APN_H

#include <stdbool.h>

#include <stddef.h>

/* Where Debian installs the provider database. */
#define APN_DB_DEFAULT                                                         \
	"/usr/share/mobile-broadband-provider-info/serviceproviders.xml"

/* 3GPP TS 23.003: an APN is at most 100 octets. */
#define APN_MAX_LEN	 100
#define APN_MAX_CRED_LEN 64
#define APN_SOURCE_LEN	 192
#define APN_PROVIDER_LEN 64

/*
 * Authentication, numbered as AT$QCPDPP and AT+CGAUTH (27.007 <auth_prot>)
 * take it: 0 none, 1 PAP, 2 CHAP, 3 PAP or CHAP (Qualcomm $QCPDPP only;
 * +CGAUTH has no "either", callers map it to what the dialect supports).
 */
enum apn_auth {
	APN_AUTH_NONE = 0,
	APN_AUTH_PAP = 1,
	APN_AUTH_CHAP = 2,
	APN_AUTH_PAP_OR_CHAP = 3,
};

struct apn_settings {
	char apn[APN_MAX_LEN + 1];
	char user[APN_MAX_CRED_LEN + 1];     /* "" when none */
	char password[APN_MAX_CRED_LEN + 1]; /* "" when none */
	enum apn_auth auth;
	/*
	 * Where this came from, for the log, e.g.
	 *   "preset soracom.io"
	 *   "mobile-broadband-provider-info: provider \"NTTdocomo\" (440/10,
	 *    primary of 5 matching), first of 2 internet APNs"
	 */
	char source[APN_SOURCE_LEN];
	/* The provider database's name for the SIM's network ("" for a
	 * preset), which "info" shows as the IMSI-derived operator. */
	char provider[APN_PROVIDER_LEN];
	/* How many providers share the SIM's MCC/MNC in the database (0 for
	 * a preset): more than one, and the SIM's SPN may tell them apart. */
	int n_providers;
	/* A value was longer than its field and was cut: the caller refuses
	 * it (atarg.h) rather than send wrong credentials. */
	bool cut;
};

/*
 * Fill *out with the preset called name ("umobile.jp", "iijmio.jp",
 * "soracom.io", "lte-d.ocn.ne.jp"; case-sensitive).
 * Returns 0, or -ENOENT for an unknown name (*out untouched).
 */
int apn_preset_lookup(const char *name, struct apn_settings *out);

/*
 * The preset names, in a stable order, for help texts and error messages
 * ("unknown preset X; known: ..."). NULL-terminated, static storage.
 */
const char *const *apn_preset_names(void);

/*
 * Look the IMSI up in the provider database at db_path (NULL means
 * APN_DB_DEFAULT) and fill *out (auth is APN_AUTH_PAP_OR_CHAP when the
 * entry has a user name, APN_AUTH_NONE otherwise, unless the entry names
 * <authentication method="pap|chap"/>).
 *
 * Returns 0 on success, or (with *out untouched):
 *   -EINVAL   imsi is not 6..15 decimal digits
 *   -ENODATA  no provider for its MCC/MNC, or the provider has no
 *             usable GSM APN
 *   -EBADMSG  the database is not well-formed XML
 *   -errno    from open()/read(), e.g. -ENOENT when the database is not
 *             installed
 */
int apn_lookup_imsi(const char *db_path, const char *imsi,
		    struct apn_settings *out);

/*
 * The same, with the SIM's service provider name (EF_SPN; NULL or "" when
 * unknown): of the providers sharing the IMSI's MCC/MNC, one whose name
 * matches it (apn_names_match) wins over the database's primary one.
 */
int apn_lookup_sim(const char *db_path, const char *imsi, const char *spn,
		   struct apn_settings *out);

/*
 * Whether a provider's name in the database and a SIM's service provider
 * name mean the same brand: equal ignoring case, or sharing a word of
 * three or more letters and digits that is not a generic one such as
 * "mobile" ("Vodafone" and "vodafone UK", "Lebara UK" and "Lebara"; not
 * "Asda Mobile" and "T-Mobile", not "EE" and "Free").
 */
bool apn_names_match(const char *provider, const char *spn);

#endif
