// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * APN presets and IMSI lookup in mobile-broadband-provider-info (see
 * apn.h for the contract).
 *
 * The lookup streams serviceproviders.xml through expat once and keeps,
 * per MNC length, the best provider seen so far: one with a usable GSM
 * APN, preferring the provider whose name matches the SIM's service
 * provider name (an MVNO's SIM carries its brand, e.g. "Lebara", where the
 * database lists it beside the operator under the same MCC/MNC), then the
 * database's primary="true" provider (the network operator), else the
 * first in file order. Inside a provider, the first APN whose <usage type=...>
 * includes "internet" (also "mms-internet-hipri") wins, then the first without
 * any usage; MMS/WAP/IA-only APNs never do. The counts behind each choice go
 * into the "source" text so a wrong guess can be recognised in the log.
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <expat.h>

#include "apn.h"

#define PROVIDER_NAME_LEN APN_PROVIDER_LEN
#define TEXT_LEN	  128

static const struct apn_preset {
	const char *name;
	struct apn_settings settings;
} presets[] = {
	/* ltepi2-service systemd/boot-apn.<name>.json; auth 3 as it sent */
	{ "umobile.jp",
	  { .apn = "umobile.jp",
	    .user = "umobile@umobile.jp",
	    .password = "umobile",
	    .auth = APN_AUTH_PAP_OR_CHAP } },
	{ "iijmio.jp",
	  { .apn = "iijmio.jp",
	    .user = "mio@iij",
	    .password = "iij",
	    .auth = APN_AUTH_PAP_OR_CHAP } },
	{ "soracom.io",
	  { .apn = "soracom.io",
	    .user = "sora",
	    .password = "sora",
	    .auth = APN_AUTH_PAP_OR_CHAP } },
	{ "lte-d.ocn.ne.jp",
	  { .apn = "lte-d.ocn.ne.jp",
	    .user = "mobileid@ocn",
	    .password = "mobile",
	    .auth = APN_AUTH_PAP_OR_CHAP } },
};

#define N_PRESETS (sizeof(presets) / sizeof(presets[0]))

int apn_preset_lookup(const char *name, struct apn_settings *out)
{
	size_t i;

	for (i = 0; i < N_PRESETS; i++) {
		if (strcmp(presets[i].name, name) == 0) {
			*out = presets[i].settings;
			snprintf(out->source, sizeof(out->source), "preset %s",
				 name);
			return 0;
		}
	}
	return -ENOENT;
}

const char *const *apn_preset_names(void)
{
	static const char *names[N_PRESETS + 1];
	size_t i;

	for (i = 0; i < N_PRESETS; i++)
		names[i] = presets[i].name;
	return names;
}

/* ---- provider database ---- */

/* The best APN of one provider, and how many were as good. */
struct provider_pick {
	bool valid;
	char name[PROVIDER_NAME_LEN];
	bool primary;
	bool spn_match; /* its name matches the SIM's service provider name */
	struct apn_settings apn;
	bool internet;
	int n_same_kind; /* internet APNs, or untyped ones if none */
};

/* The best provider for one MNC length. */
struct level_pick {
	struct provider_pick pick;
	int n_providers;
};

struct parse_state {
	XML_Parser parser;
	char mcc[4], mnc3[4], mnc2[3];
	const char *spn; /* NULL: unknown */

	/* the provider being read */
	bool in_provider, in_gsm, in_apn;
	int level; /* 3 or 2: matched with that MNC length; 0: no match */
	struct provider_pick cur;

	/* the APN being read */
	struct apn_settings apn;
	bool apn_typed, apn_internet, apn_auth_given;

	char text[TEXT_LEN];
	size_t text_len;
	bool text_cut; /* the element's text did not fit */
	bool capture;

	struct level_pick by_level[2]; /* [0]: 3-digit MNC, [1]: 2-digit */
};

static const char *attr(const XML_Char **attrs, const char *name)
{
	for (; attrs[0]; attrs += 2) {
		if (strcmp(attrs[0], name) == 0)
			return attrs[1];
	}
	return NULL;
}

/* Returns whether src was cut to fit. */
static bool copy_text(char *dst, size_t size, const char *src)
{
	size_t n = strnlen(src, size - 1);

	memcpy(dst, src, n);
	dst[n] = '\0';
	return src[n] != '\0';
}

static void on_network_id(struct parse_state *st, const XML_Char **attrs)
{
	const char *mcc = attr(attrs, "mcc"), *mnc = attr(attrs, "mnc");

	if (!mcc || !mnc || strcmp(mcc, st->mcc))
		return;
	if (strcmp(mnc, st->mnc3) == 0)
		st->level = 3;
	else if (strcmp(mnc, st->mnc2) == 0 && st->level != 3)
		st->level = 2;
}

static void on_apn_start(struct parse_state *st, const XML_Char **attrs)
{
	const char *value = attr(attrs, "value");

	memset(&st->apn, 0, sizeof(st->apn));
	st->apn_typed = st->apn_internet = st->apn_auth_given = false;
	st->in_apn = true;
	st->apn.cut =
	    copy_text(st->apn.apn, sizeof(st->apn.apn), value ? value : "");
}

/* "internet", or a combined type such as "mms-internet-hipri" (AT&T). */
static bool usage_is_internet(const char *type)
{
	size_t len;

	while (type && *type) {
		len = strcspn(type, "-");
		if (len == 8 && strncmp(type, "internet", 8) == 0)
			return true;
		type += len + (type[len] == '-');
	}
	return false;
}

static void on_usage(struct parse_state *st, const XML_Char **attrs)
{
	st->apn_typed = true;
	st->apn_internet |= usage_is_internet(attr(attrs, "type"));
}

static void on_authentication(struct parse_state *st, const XML_Char **attrs)
{
	const char *method = attr(attrs, "method");

	if (!method)
		return;
	st->apn_auth_given = true;
	st->apn.auth = strcmp(method, "pap") == 0    ? APN_AUTH_PAP
		       : strcmp(method, "chap") == 0 ? APN_AUTH_CHAP
						     : APN_AUTH_PAP_OR_CHAP;
}

static void XMLCALL on_start(void *data, const XML_Char *el,
			     const XML_Char **attrs)
{
	struct parse_state *st = data;

	st->text_len = 0;
	st->text_cut = false;
	st->capture = false;
	if (strcmp(el, "provider") == 0) {
		const char *primary = attr(attrs, "primary");

		memset(&st->cur, 0, sizeof(st->cur));
		st->cur.primary = primary && strcmp(primary, "true") == 0;
		st->in_provider = true;
		st->level = 0;
	} else if (!st->in_provider) {
		return;
	} else if (strcmp(el, "gsm") == 0) {
		st->in_gsm = true;
	} else if (strcmp(el, "name") == 0 ||
		   (st->in_apn && (strcmp(el, "username") == 0 ||
				   strcmp(el, "password") == 0))) {
		st->capture = true;
	} else if (!st->in_gsm) {
		return;
	} else if (strcmp(el, "network-id") == 0) {
		on_network_id(st, attrs);
	} else if (strcmp(el, "apn") == 0) {
		on_apn_start(st, attrs);
	} else if (st->in_apn && strcmp(el, "usage") == 0) {
		on_usage(st, attrs);
	} else if (st->in_apn && strcmp(el, "authentication") == 0) {
		on_authentication(st, attrs);
	}
}

static void XMLCALL on_text(void *data, const XML_Char *s, int len)
{
	struct parse_state *st = data;
	size_t n = (size_t)len;

	if (!st->capture)
		return;
	if (n > sizeof(st->text) - 1 - st->text_len) {
		n = sizeof(st->text) - 1 - st->text_len;
		st->text_cut = true;
	}
	memcpy(st->text + st->text_len, s, n);
	st->text_len += n;
}

/* Keep the APN just read if it beats the provider's current pick. */
static void on_apn_end(struct parse_state *st)
{
	struct provider_pick *p = &st->cur;
	bool usable = st->apn.apn[0] && (st->apn_internet || !st->apn_typed);

	st->in_apn = false;
	if (!usable)
		return;
	if (!st->apn_auth_given)
		st->apn.auth =
		    st->apn.user[0] ? APN_AUTH_PAP_OR_CHAP : APN_AUTH_NONE;
	if (p->valid && p->internet == st->apn_internet) {
		p->n_same_kind++;
		return;
	}
	if (p->valid && p->internet)
		return;
	p->valid = true;
	p->internet = st->apn_internet;
	p->n_same_kind = 1;
	p->apn = st->apn;
}

/* Letters and digits of a's next word, lowercased; returns its end. */
static const char *next_word(const char *a, char *word, size_t len)
{
	size_t n = 0;

	while (*a && !isalnum((unsigned char)*a))
		a++;
	for (; isalnum((unsigned char)*a); a++)
		if (n + 1 < len)
			word[n++] = (char)tolower((unsigned char)*a);
	word[n] = '\0';
	return a;
}

static bool has_word(const char *text, const char *word)
{
	char w[PROVIDER_NAME_LEN];

	for (text = next_word(text, w, sizeof(w)); w[0];
	     text = next_word(text, w, sizeof(w)))
		if (strcmp(w, word) == 0)
			return true;
	return false;
}

/* Words in many operators' names, which say nothing about the brand. */
static bool generic_word(const char *w)
{
	static const char *const words[] = {
		"mobile",   "mobil",	"mobiles",  "telecom",
		"wireless", "network",	"networks", "communications",
		"cellular", "sim",	"gsm",	    "lte",
		"data",	    "internet", "the",	    "and",
		"net",	    "tel",
	};

	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (strcmp(w, words[i]) == 0)
			return true;
	return false;
}

bool apn_names_match(const char *provider, const char *spn)
{
	char w[PROVIDER_NAME_LEN];
	const char *p = provider;

	if (strcasecmp(provider, spn) == 0)
		return true;
	/* a shared word of 3 or more characters: "Vodafone"/"vodafone UK" */
	for (p = next_word(p, w, sizeof(w)); w[0];
	     p = next_word(p, w, sizeof(w)))
		if (strlen(w) >= 3 && !generic_word(w) && has_word(spn, w))
			return true;
	return false;
}

/* SIM's SPN first, then the network operator, then file order. */
static int rank(const struct provider_pick *p)
{
	return (p->spn_match ? 2 : 0) + (p->primary ? 1 : 0);
}

static void on_provider_end(struct parse_state *st)
{
	struct level_pick *lp;

	st->in_provider = false;
	if (!st->level || !st->cur.valid)
		return;
	lp = &st->by_level[st->level == 3 ? 0 : 1];
	lp->n_providers++;
	st->cur.spn_match = st->spn && apn_names_match(st->cur.name, st->spn);
	if (!lp->pick.valid || rank(&st->cur) > rank(&lp->pick))
		lp->pick = st->cur;
}

static void XMLCALL on_end(void *data, const XML_Char *el)
{
	struct parse_state *st = data;

	st->text[st->text_len] = '\0';
	if (st->capture && strcmp(el, "name") == 0 && !st->in_apn)
		copy_text(st->cur.name, sizeof(st->cur.name), st->text);
	else if (st->capture && strcmp(el, "username") == 0)
		st->apn.cut |=
		    copy_text(st->apn.user, sizeof(st->apn.user), st->text) ||
		    st->text_cut;
	else if (st->capture && strcmp(el, "password") == 0)
		st->apn.cut |= copy_text(st->apn.password,
					 sizeof(st->apn.password), st->text) ||
			       st->text_cut;
	else if (strcmp(el, "apn") == 0 && st->in_apn)
		on_apn_end(st);
	else if (strcmp(el, "gsm") == 0)
		st->in_gsm = false;
	else if (strcmp(el, "provider") == 0)
		on_provider_end(st);
	st->capture = false;
	st->text_len = 0;
	st->text_cut = false;
}

static int parse_imsi(struct parse_state *st, const char *imsi)
{
	size_t len = strspn(imsi, "0123456789");

	if (len < 6 || len > 15 || imsi[len])
		return -EINVAL;
	memcpy(st->mcc, imsi, 3);
	memcpy(st->mnc3, imsi + 3, 3);
	memcpy(st->mnc2, imsi + 3, 2);
	return 0;
}

static int parse_file(struct parse_state *st, int fd)
{
	char buf[16384];
	ssize_t n;

	do {
		n = read(fd, buf, sizeof(buf));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		if (XML_Parse(st->parser, buf, (int)n, n == 0) != XML_STATUS_OK)
			return -EBADMSG;
	} while (n > 0);
	return 0;
}

static void describe(const struct parse_state *st, const struct level_pick *lp,
		     int mnc_len, struct apn_settings *out)
{
	const struct provider_pick *p = &lp->pick;

	*out = p->apn;
	snprintf(out->provider, sizeof(out->provider), "%s", p->name);
	out->n_providers = lp->n_providers;
	snprintf(out->source, sizeof(out->source),
		 "mobile-broadband-provider-info: provider \"%s\" (%s/%s, %s "
		 "of %d matching), first of %d %s APNs",
		 p->name, st->mcc, mnc_len == 3 ? st->mnc3 : st->mnc2,
		 p->spn_match ? "the SIM's SPN"
		 : p->primary ? "primary"
			      : "first",
		 lp->n_providers, p->n_same_kind,
		 p->internet ? "internet" : "untyped");
}

int apn_lookup_imsi(const char *db_path, const char *imsi,
		    struct apn_settings *out)
{
	return apn_lookup_sim(db_path, imsi, NULL, out);
}

int apn_lookup_sim(const char *db_path, const char *imsi, const char *spn,
		   struct apn_settings *out)
{
	struct parse_state st;
	int fd, r;

	memset(&st, 0, sizeof(st));
	st.spn = spn && spn[0] ? spn : NULL;
	r = parse_imsi(&st, imsi);
	if (r)
		return r;
	fd = open(db_path ? db_path : APN_DB_DEFAULT, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	st.parser = XML_ParserCreate(NULL);
	if (!st.parser) {
		r = -ENOMEM;
		goto out_close;
	}
	XML_SetUserData(st.parser, &st);
	XML_SetElementHandler(st.parser, on_start, on_end);
	XML_SetCharacterDataHandler(st.parser, on_text);
	r = parse_file(&st, fd);
	XML_ParserFree(st.parser);
	if (r)
		goto out_close;
	if (st.by_level[0].pick.valid)
		describe(&st, &st.by_level[0], 3, out);
	else if (st.by_level[1].pick.valid)
		describe(&st, &st.by_level[1], 2, out);
	else
		r = -ENODATA;
out_close:
	close(fd);
	return r;
}
