/* SPDX-License-Identifier: GPL-2.0-or-later */
/* `ltepi status`'s two formats (status.h): pure, given the links. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "number.h"
#include "statefile.h"
#include "status.h"

bool status_is_up(const struct status_link *l)
{
	return l->pppd_running && l->st.state == LINK_UP;
}

const char *status_state_name(const struct status_link *l)
{
	if (!l->pppd_running && l->st.state != LINK_EXITED)
		return "stale";
	return link_phase_name(l->st.state);
}

static const char *when(long long t, char *buf, size_t len)
{
	time_t tt = (time_t)t;
	struct tm tm;

	if (t <= 0 || !gmtime_r(&tt, &tm) ||
	    !strftime(buf, len, "%Y-%m-%d %H:%M:%S UTC", &tm))
		snprintf(buf, len, "never");
	return buf;
}

static const char *duration(long long s, char *buf, size_t len)
{
	if (s < 0)
		s = 0;
	if (s >= 86400)
		snprintf(buf, len, "%lldd %02lldh", s / 86400,
			 s % 86400 / 3600);
	else if (s >= 3600)
		snprintf(buf, len, "%lldh %02lldm", s / 3600, s % 3600 / 60);
	else
		snprintf(buf, len, "%lldm %02llds", s / 60, s % 60);
	return buf;
}

/* A value that may be long, wrapped at spaces to fit 80 columns. */
static void print_wrapped(FILE *out, const char *label, const char *text)
{
	const int indent = 13, width = 80 - indent;
	const char *p = text;

	fprintf(out, "  %-10s ", label);
	while (strlen(p) > (size_t)width) {
		const char *cut = p + width;

		while (cut > p && *cut != ' ')
			cut--;
		if (cut == p)
			cut = p + width;
		fprintf(out, "%.*s\n%*s", (int)(cut - p), p, indent, "");
		p = *cut == ' ' ? cut + 1 : cut;
	}
	fprintf(out, "%s\n", p);
}

static void print_header(FILE *out, const struct status_link *l, long long now)
{
	const struct link_state *st = &l->st;
	char t[40], d[32];
	const char *state = status_state_name(l);

	if (status_is_up(l))
		fprintf(out, "%s: up since %s (%s), pppd %" PRId64 "\n",
			st->link, when(st->up_since, t, sizeof(t)),
			duration(now - st->up_since, d, sizeof(d)), st->pid);
	else if (strcmp(state, "stale") == 0)
		fprintf(out,
			"%s: stale: pppd %" PRId64 " is gone without a word "
			"(killed?); last state %s at %s\n",
			st->link, st->pid, link_phase_name(st->state),
			when(st->updated, t, sizeof(t)));
	else if (st->state == LINK_EXITED)
		fprintf(out, "%s: exited (pppd %" PRId64 " has ended)\n",
			st->link, st->pid);
	else
		fprintf(out, "%s: %s, pppd %" PRId64 "\n", st->link, state,
			st->pid);
}

static void print_link_lines(FILE *out, const struct link_state *st)
{
	char line[512];
	unsigned int i;

	if (st->ifname[0] || st->device[0]) {
		snprintf(line, sizeof(line), "%s%s%s",
			 st->ifname[0] ? st->ifname : "-",
			 st->device[0] ? " on " : "", st->device);
		print_wrapped(out, "interface", line);
	}
	if (st->state == LINK_UP && st->local[0]) {
		snprintf(line, sizeof(line), "%s, peer %s", st->local,
			 st->peer);
		print_wrapped(out, "address", line);
		snprintf(line, sizeof(line), "%s%s", st->addr_class,
			 st->global ? "" : ": the internet cannot reach it");
		print_wrapped(out, "class", line);
	}
	if (st->reach[0]) {
		snprintf(
		    line, sizeof(line), "%s%s%s",
		    strcmp(st->reach, "public") == 0
			? "the internet sees the link's own address: no NAT"
		    : strcmp(st->reach, "nat") == 0
			? "NAT between the link and the internet"
		    : strcmp(st->reach, "no-answer") == 0
			? "the STUN server did not answer"
			: "asking the STUN server",
		    st->reach_mapped[0] ? ", seen as " : "", st->reach_mapped);
		print_wrapped(out, "stun", line);
	}
	for (i = 0; i < st->n_prefixes; i++)
		print_wrapped(out, i ? "" : "ipv6", st->prefix[i]);
	if (st->table) {
		snprintf(line, sizeof(line), "table %u, rule priority %u",
			 st->table, st->priority);
		print_wrapped(out, "routing", line);
	}
	if (st->firewall[0]) {
		snprintf(line, sizeof(line), "%s, %" PRIu64 " packets refused",
			 st->firewall, st->refused);
		print_wrapped(out, "firewall", line);
	}
}

static void print_history(FILE *out, const struct link_state *st)
{
	char line[512], t[40];

	if (strcmp(st->link_check, "off") != 0) {
		snprintf(line, sizeof(line),
			 "%s, %u failed in a row, %u "
			 "restart(s)",
			 st->link_check, st->check_failures, st->restarts);
		print_wrapped(out, "link check", line);
	}
	snprintf(line, sizeof(line), "%u", st->reconnects);
	print_wrapped(out, "reconnects", line);
	if (st->last_down) {
		snprintf(line, sizeof(line), "%s: %s",
			 when(st->last_down, t, sizeof(t)),
			 st->last_down_reason);
		print_wrapped(out, "last down", line);
	}
}

static void print_modem(FILE *out, const struct status_link *l)
{
	char line[512], sig[32] = "", rsrp[32] = "", t[40];

	if (!l->have_modem)
		return;
	if (l->modem.signal_known)
		snprintf(sig, sizeof(sig), ", signal %d dBm",
			 l->modem.signal_dbm);
	if (l->modem.rsrp_known)
		snprintf(rsrp, sizeof(rsrp), ", RSRP %d dBm",
			 l->modem.rsrp_dbm);
	snprintf(line, sizeof(line), "%s, %s%s%s (at %s)",
		 l->modem.oper[0] ? l->modem.oper : "unknown operator",
		 l->modem.technology[0] ? l->modem.technology : "unknown", sig,
		 rsrp, when(l->modem.updated, t, sizeof(t)));
	print_wrapped(out, "modem", line);
}

void status_take_hooks(struct status_link *l, const char *text, size_t len)
{
	struct statefile_line line;
	size_t pos = 0;
	uint64_t t;

	while (statefile_next_line(text, len, &pos, &line) > 0) {
		if (statefile_key_is(&line, "event"))
			statefile_copy_text(line.value, line.value_len,
					    l->hooks_event,
					    sizeof(l->hooks_event));
		else if (statefile_key_is(&line, "time") &&
			 number_parse_decimal(line.value, line.value_len,
					      INT64_MAX, &t) == 0)
			l->hooks_time = (long long)t;
		else if (statefile_key_is(&line, "hook") &&
			 l->n_hooks < sizeof(l->hooks) / sizeof(l->hooks[0]) &&
			 statefile_copy_text(line.value, line.value_len,
					     l->hooks[l->n_hooks],
					     sizeof(l->hooks[0])) == 0)
			l->n_hooks++;
	}
}

static void print_hooks(FILE *out, const struct status_link *l)
{
	char line[160], t[40];
	size_t i;

	if (!l->n_hooks)
		return;
	snprintf(line, sizeof(line), "%s at %s:", l->hooks_event,
		 when(l->hooks_time, t, sizeof(t)));
	print_wrapped(out, "hooks", line);
	for (i = 0; i < l->n_hooks; i++)
		print_wrapped(out, "", l->hooks[i]);
}

void status_print_text(FILE *out, const struct status_link *l, long long now)
{
	print_header(out, l, now);
	print_link_lines(out, &l->st);
	print_history(out, &l->st);
	print_modem(out, l);
	print_hooks(out, l);
}

/* A JSON string: quotes, backslashes and control characters escaped. */
static void json_str(FILE *out, const char *s)
{
	fputc('"', out);
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			fprintf(out, "\\%c", c);
		else if (c < 0x20 || c == 0x7f)
			fprintf(out, "\\u%04x", c);
		else
			fputc(c, out);
	}
	fputc('"', out);
}

static void json_key_str(FILE *out, const char *key, const char *s, bool comma)
{
	fprintf(out, "%s\"%s\":", comma ? "," : "", key);
	if (s && s[0])
		json_str(out, s);
	else
		fputs("null", out);
}

static void json_link_core(FILE *out, const struct status_link *l)
{
	const struct link_state *st = &l->st;
	unsigned int i;

	json_key_str(out, "link", st->link, false);
	json_key_str(out, "state", status_state_name(l), true);
	fprintf(out, ",\"up\":%s,\"pid\":%" PRId64 ",\"pppd_running\":%s",
		status_is_up(l) ? "true" : "false", st->pid,
		l->pppd_running ? "true" : "false");
	json_key_str(out, "interface", st->ifname, true);
	json_key_str(out, "device", st->device, true);
	fprintf(out,
		",\"started\":%" PRId64 ",\"updated\":%" PRId64
		",\"up_since\":%" PRId64,
		st->started, st->updated, st->up_since);
	if (st->state == LINK_UP && st->local[0]) {
		fputs(",\"ipv4\":{", out);
		json_key_str(out, "local", st->local, false);
		json_key_str(out, "peer", st->peer, true);
		json_key_str(out, "class", st->addr_class, true);
		fprintf(out, ",\"global\":%s}", st->global ? "true" : "false");
	} else {
		fputs(",\"ipv4\":null", out);
	}
	if (st->reach[0]) {
		fputs(",\"reach_check\":{", out);
		json_key_str(out, "verdict", st->reach, false);
		json_key_str(out, "mapped", st->reach_mapped, true);
		fputc('}', out);
	} else {
		fputs(",\"reach_check\":null", out);
	}
	fputs(",\"ipv6_prefixes\":[", out);
	for (i = 0; i < st->n_prefixes; i++) {
		if (i)
			fputc(',', out);
		json_str(out, st->prefix[i]);
	}
	fputc(']', out);
}

static void json_link_rest(FILE *out, const struct status_link *l)
{
	const struct link_state *st = &l->st;

	if (st->table)
		fprintf(out, ",\"routing\":{\"table\":%u,\"priority\":%u}",
			st->table, st->priority);
	else
		fputs(",\"routing\":null", out);
	if (st->firewall[0]) {
		fputs(",\"firewall\":{", out);
		json_key_str(out, "profile", st->firewall, false);
		fprintf(out, ",\"refused_packets\":%" PRIu64 "}", st->refused);
	} else {
		fputs(",\"firewall\":null", out);
	}
	fputs(",\"link_check\":{", out);
	json_key_str(out, "state", st->link_check, false);
	fprintf(out, ",\"failures\":%u,\"restarts\":%u}", st->check_failures,
		st->restarts);
	fprintf(out, ",\"reconnects\":%u", st->reconnects);
	if (st->last_down) {
		fprintf(out, ",\"last_down\":{\"time\":%" PRId64,
			st->last_down);
		json_key_str(out, "reason", st->last_down_reason, true);
		fputc('}', out);
	} else {
		fputs(",\"last_down\":null", out);
	}
}

static void json_modem(FILE *out, const struct status_link *l)
{
	if (!l->have_modem) {
		fputs(",\"modem\":null", out);
		return;
	}
	fputs(",\"modem\":{", out);
	json_key_str(out, "operator", l->modem.oper, false);
	json_key_str(out, "technology", l->modem.technology, true);
	if (l->modem.signal_known)
		fprintf(out, ",\"signal_dbm\":%d", l->modem.signal_dbm);
	else
		fputs(",\"signal_dbm\":null", out);
	if (l->modem.rsrp_known)
		fprintf(out, ",\"rsrp_dbm\":%d", l->modem.rsrp_dbm);
	else
		fputs(",\"rsrp_dbm\":null", out);
	fprintf(out, ",\"updated\":%" PRId64 "}", l->modem.updated);
}

static void json_hooks(FILE *out, const struct status_link *l)
{
	size_t i;

	if (!l->n_hooks) {
		fputs(",\"hooks\":null", out);
		return;
	}
	fputs(",\"hooks\":{", out);
	json_key_str(out, "event", l->hooks_event, false);
	fprintf(out, ",\"time\":%lld,\"results\":[", l->hooks_time);
	for (i = 0; i < l->n_hooks; i++) {
		if (i)
			fputc(',', out);
		json_str(out, l->hooks[i]);
	}
	fputs("]}", out);
}

void status_print_json(FILE *out, const struct status_link *links, size_t n)
{
	size_t i;

	fputs("{\"version\":1,\"links\":[", out);
	for (i = 0; i < n; i++) {
		fputs(i ? ",{" : "{", out);
		json_link_core(out, &links[i]);
		json_link_rest(out, &links[i]);
		json_modem(out, &links[i]);
		json_hooks(out, &links[i]);
		fputc('}', out);
	}
	fputs("]}\n", out);
}
