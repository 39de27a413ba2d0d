/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The link state file (linkstate.h): one table of keys drives both the
 * parser and the formatter, so that they cannot disagree.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "linkstate.h"
#include "number.h"
#include "statefile.h"
#include "textbuf.h"

enum field_kind { F_TEXT, F_TIME, F_U32, F_U64, F_BOOL, F_PHASE, F_PREFIX };

struct field {
	const char *key;
	enum field_kind kind;
	size_t offset, size;
	bool always; /* written even when empty or zero */
};

#define FIELD(k, kind, member, always)                                         \
	{                                                                      \
		k, kind, offsetof(struct link_state, member),                  \
		    sizeof(((struct link_state *)0)->member), always           \
	}

static const struct field fields[] = {
	FIELD("link", F_TEXT, link, true),
	FIELD("pid", F_TIME, pid, true),
	FIELD("state", F_PHASE, state, true),
	FIELD("ifname", F_TEXT, ifname, false),
	FIELD("device", F_TEXT, device, false),
	FIELD("started", F_TIME, started, true),
	FIELD("updated", F_TIME, updated, true),
	FIELD("up-since", F_TIME, up_since, true),
	FIELD("local", F_TEXT, local, false),
	FIELD("peer", F_TEXT, peer, false),
	FIELD("class", F_TEXT, addr_class, false),
	FIELD("global", F_BOOL, global, false),
	FIELD("reach-check", F_TEXT, reach, false),
	FIELD("reach-mapped", F_TEXT, reach_mapped, false),
	FIELD("ipv6-prefix", F_PREFIX, prefix, false),
	FIELD("table", F_U32, table, false),
	FIELD("priority", F_U32, priority, false),
	FIELD("firewall", F_TEXT, firewall, false),
	FIELD("refused", F_U64, refused, false),
	FIELD("link-check", F_TEXT, link_check, true),
	FIELD("check-failures", F_U32, check_failures, true),
	FIELD("restarts", F_U32, restarts, true),
	FIELD("reconnects", F_U32, reconnects, true),
	FIELD("last-down", F_TIME, last_down, true),
	FIELD("last-down-reason", F_TEXT, last_down_reason, false),
};

static const char *const phase_names[] = {
	[LINK_CONNECTING] = "connecting",
	[LINK_UP] = "up",
	[LINK_DOWN] = "down",
	[LINK_EXITED] = "exited",
};

const char *link_phase_name(enum link_phase p)
{
	if ((unsigned int)p < sizeof(phase_names) / sizeof(phase_names[0]))
		return phase_names[p];
	return "unknown";
}

static int parse_phase(const char *s, size_t n, enum link_phase *out)
{
	unsigned int i;

	for (i = 0; i < sizeof(phase_names) / sizeof(phase_names[0]); i++) {
		if (strlen(phase_names[i]) == n &&
		    !memcmp(s, phase_names[i], n)) {
			*out = (enum link_phase)i;
			return 0;
		}
	}
	return -EINVAL;
}

static int parse_value(const struct field *f, const struct statefile_line *l,
		       struct link_state *st)
{
	char *p = (char *)st + f->offset;
	uint64_t v;

	switch (f->kind) {
	case F_TEXT:
		return statefile_copy_text(l->value, l->value_len, p, f->size) <
			       0
			   ? -EINVAL
			   : 0;
	case F_PREFIX:
		if (st->n_prefixes >= LINKSTATE_MAX_PREFIXES)
			return -EINVAL;
		p = st->prefix[st->n_prefixes];
		if (statefile_copy_text(l->value, l->value_len, p,
					sizeof(st->prefix[0])) < 0)
			return -EINVAL;
		st->n_prefixes++;
		return 0;
	case F_PHASE:
		return parse_phase(l->value, l->value_len,
				   (enum link_phase *)p);
	case F_BOOL:
		if (l->value_len != 1 ||
		    (l->value[0] != '0' && l->value[0] != '1'))
			return -EINVAL;
		*(bool *)p = l->value[0] == '1';
		return 0;
	case F_TIME:
		if (number_parse_decimal(l->value, l->value_len, INT64_MAX, &v))
			return -EINVAL;
		*(int64_t *)p = (int64_t)v;
		return 0;
	case F_U32:
		if (number_parse_decimal(l->value, l->value_len, UINT32_MAX,
					 &v))
			return -EINVAL;
		*(unsigned int *)p = (unsigned int)v;
		return 0;
	case F_U64:
		if (number_parse_decimal(l->value, l->value_len, UINT64_MAX,
					 &v))
			return -EINVAL;
		*(uint64_t *)p = v;
		return 0;
	}
	return -EINVAL;
}

static int parse_line(const struct statefile_line *l, struct link_state *st,
		      bool *versioned)
{
	size_t i;
	uint64_t v;

	if (statefile_key_is(l, "version")) {
		/* A future format that changes a key's meaning says so. */
		if (number_parse_decimal(l->value, l->value_len, UINT32_MAX,
					 &v) ||
		    v != LINKSTATE_VERSION)
			return -EINVAL;
		*versioned = true;
		return 0;
	}
	for (i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
		if (statefile_key_is(l, fields[i].key))
			return parse_value(&fields[i], l, st);
	return 0;
}

int link_state_parse(const char *text, size_t len, struct link_state *st)
{
	struct statefile_line line;
	bool versioned = false;
	size_t pos = 0;
	int r;

	*st = (struct link_state){ 0 };
	while ((r = statefile_next_line(text, len, &pos, &line)) > 0)
		if (parse_line(&line, st, &versioned) < 0) {
			r = -EINVAL;
			break;
		}
	if (r != 0 || !versioned || !st->link[0] || st->pid <= 0) {
		*st = (struct link_state){ 0 };
		return -EINVAL;
	}
	return 0;
}

/* One "key value" line. */
static void put(struct textbuf *o, const char *key, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void put(struct textbuf *o, const char *key, const char *fmt, ...)
{
	va_list ap;

	textbuf_printf(o, "%s ", key);
	va_start(ap, fmt);
	textbuf_vprintf(o, fmt, ap);
	va_end(ap);
	textbuf_printf(o, "\n");
}

/* Control characters would end the line early: they become '?'. */
static void put_text(struct textbuf *o, const char *key, const char *s)
{
	char clean[256];

	put(o, key, "%s", statefile_clean_text(s, clean, sizeof(clean)));
}

static void put_field(struct textbuf *o, const struct field *f,
		      const struct link_state *st)
{
	const char *p = (const char *)st + f->offset;
	unsigned int i;

	switch (f->kind) {
	case F_TEXT:
		if (f->always || p[0])
			put_text(o, f->key, p);
		return;
	case F_PREFIX:
		for (i = 0; i < st->n_prefixes && i < LINKSTATE_MAX_PREFIXES;
		     i++)
			put_text(o, f->key, st->prefix[i]);
		return;
	case F_PHASE:
		put(o, f->key, "%s",
		    link_phase_name(*(const enum link_phase *)p));
		return;
	case F_BOOL:
		if (f->always || st->local[0] || *(const bool *)p)
			put(o, f->key, "%d", *(const bool *)p ? 1 : 0);
		return;
	case F_TIME:
		put(o, f->key, "%" PRId64, *(const int64_t *)p);
		return;
	case F_U32:
		if (f->always || *(const unsigned int *)p)
			put(o, f->key, "%u", *(const unsigned int *)p);
		return;
	case F_U64:
		if (f->always || st->firewall[0] || *(const uint64_t *)p)
			put(o, f->key, "%" PRIu64, *(const uint64_t *)p);
		return;
	}
}

int link_state_format(const struct link_state *st, char *buf, size_t len)
{
	struct textbuf o;
	size_t i;

	textbuf_init(&o, buf, len);
	put(&o, "#", "ltepi link state, see ltepi(8) FILES");
	put(&o, "version", "%d", LINKSTATE_VERSION);
	for (i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
		put_field(&o, &fields[i], st);
	return textbuf_result(&o);
}

int link_state_load(const char *path, struct link_state *st)
{
	char text[STATEFILE_MAX_SIZE];
	int n = statefile_read(path, text, sizeof(text));

	*st = (struct link_state){ 0 };
	if (n < 0)
		return n;
	return link_state_parse(text, (size_t)n, st);
}

int link_state_store(const char *path, const struct link_state *st)
{
	char text[STATEFILE_MAX_SIZE];
	int n = link_state_format(st, text, sizeof(text));

	if (n < 0)
		return n;
	return statefile_replace(path, text, (size_t)n);
}

/* pppd(8), EXIT STATUS; the numbers are the same in 2.4.9 and 2.5. */
static const char *const down_reasons[] = {
	[0] = "the link was closed (by the peer, or by pppd without an error)",
	[1] = "pppd hit a fatal error",
	[5] = "it was stopped (a signal to pppd: poff, systemctl stop)",
	[6] = "the device's lock is held by another process",
	[7] = "the device could not be opened",
	[8] = "the connect script failed (the modem did not dial)",
	[9] = "the pty command failed",
	[10] = "PPP negotiation failed",
	[11] = "the peer failed to authenticate itself",
	[12] = "it was idle longer than the idle limit",
	[13] = "it reached the connect-time limit (maxconnect)",
	[14] = "callback was negotiated",
	[15] = "the peer stopped answering (link check or LCP echo)",
	[16] = "the modem hung up",
	[17] = "a loopback was detected",
	[18] = "the init script failed",
	[19] = "authentication to the peer failed",
	[20] = "the traffic limit was reached",
	[21] = "CNID authentication failed",
};

const char *link_down_reason(int pppd_status, char *buf, size_t len)
{
	if (pppd_status >= 0 &&
	    (size_t)pppd_status <
		sizeof(down_reasons) / sizeof(down_reasons[0]) &&
	    down_reasons[pppd_status])
		snprintf(buf, len, "%s", down_reasons[pppd_status]);
	else
		snprintf(buf, len, "pppd exit status %d", pppd_status);
	return buf;
}
