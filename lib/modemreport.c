/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The modem's last report (modemreport.h). */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "modemreport.h"
#include "number.h"
#include "statefile.h"

/* A dBm value: "-" and at most three digits. */
static int parse_dbm(const struct statefile_line *l, int *out)
{
	uint64_t v;
	bool neg = l->value_len > 0 && l->value[0] == '-';

	if (number_parse_decimal(l->value + neg, l->value_len - neg, 999, &v))
		return -EINVAL;
	*out = neg ? -(int)v : (int)v;
	return 0;
}

static int parse_line(const struct statefile_line *l, struct modem_report *r)
{
	uint64_t v;

	if (statefile_key_is(l, "updated")) {
		if (number_parse_decimal(l->value, l->value_len, INT64_MAX, &v))
			return -EINVAL;
		r->updated = (int64_t)v;
	} else if (statefile_key_is(l, "operator")) {
		return statefile_copy_text(l->value, l->value_len, r->oper,
					   sizeof(r->oper)) < 0
			   ? -EINVAL
			   : 0;
	} else if (statefile_key_is(l, "technology")) {
		return statefile_copy_text(l->value, l->value_len,
					   r->technology,
					   sizeof(r->technology)) < 0
			   ? -EINVAL
			   : 0;
	} else if (statefile_key_is(l, "signal-dbm")) {
		r->signal_known = true;
		return parse_dbm(l, &r->signal_dbm);
	} else if (statefile_key_is(l, "rsrp-dbm")) {
		r->rsrp_known = true;
		return parse_dbm(l, &r->rsrp_dbm);
	}
	return 0;
}

int modem_report_parse(const char *text, size_t len, struct modem_report *r)
{
	struct statefile_line line;
	size_t pos = 0;
	int rc;

	*r = (struct modem_report){ 0 };
	while ((rc = statefile_next_line(text, len, &pos, &line)) > 0)
		if (parse_line(&line, r) < 0) {
			rc = -EINVAL;
			break;
		}
	if (rc != 0) {
		*r = (struct modem_report){ 0 };
		return -EINVAL;
	}
	return 0;
}

int modem_report_format(const struct modem_report *r, char *buf, size_t len)
{
	char oper[sizeof(r->oper)], tech[sizeof(r->technology)];
	char sig[32] = "", rsrp[32] = "";
	int n;

	/* A name from the modem could carry a newline: no new key. */
	statefile_clean_text(r->oper, oper, sizeof(oper));
	statefile_clean_text(r->technology, tech, sizeof(tech));
	if (r->signal_known)
		snprintf(sig, sizeof(sig), "signal-dbm %d\n", r->signal_dbm);
	if (r->rsrp_known)
		snprintf(rsrp, sizeof(rsrp), "rsrp-dbm %d\n", r->rsrp_dbm);
	n = snprintf(buf, len,
		     "# ltepi modem report, see ltepi(8) FILES\n"
		     "updated %" PRId64 "\n%s%s%s%s%s%s%s",
		     r->updated, oper[0] ? "operator " : "", oper,
		     oper[0] ? "\n" : "", tech[0] ? "technology " : "", tech,
		     tech[0] ? "\n" : "", sig);
	if (n < 0 || (size_t)n >= len)
		return -ENOSPC;
	if ((size_t)n + strlen(rsrp) >= len)
		return -ENOSPC;
	strcpy(buf + n, rsrp);
	return n + (int)strlen(rsrp);
}

int modem_report_load(const char *path, struct modem_report *r)
{
	char text[STATEFILE_MAX_SIZE];
	int n = statefile_read(path, text, sizeof(text));

	*r = (struct modem_report){ 0 };
	if (n < 0)
		return n;
	return modem_report_parse(text, (size_t)n, r);
}

int modem_report_store(const char *path, const struct modem_report *r)
{
	char text[1024];
	int n = modem_report_format(r, text, sizeof(text));

	if (n < 0)
		return n;
	return statefile_replace(path, text, (size_t)n);
}
