/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The metrics file's text (metrics.h). */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "metrics.h"
#include "textbuf.h"

/* A label value as the exposition format escapes it: \\, \" and \n. */
static const char *label(const char *s, char *buf, size_t len)
{
	size_t i = 0;

	for (; *s && i + 2 < len; s++) {
		if (*s == '\\' || *s == '"' || *s == '\n') {
			buf[i++] = '\\';
			buf[i++] = *s == '\n' ? 'n' : *s;
		} else {
			buf[i++] = *s;
		}
	}
	buf[i] = '\0';
	return buf;
}

static void header(struct textbuf *o, const char *name, const char *type,
		   const char *help)
{
	textbuf_printf(o, "# HELP %s %s\n# TYPE %s %s\n", name, help, name,
		       type);
}

static void link_metrics(struct textbuf *o, const struct link_state *st,
			 const char *link)
{
	char a[64], b[256], c[256];

	header(o, "ltepi_link_up", "gauge",
	       "1 while the PPP link is up (IPCP or IPv6CP open), else 0.");
	textbuf_printf(o, "ltepi_link_up{link=\"%s\"} %d\n", link,
		       st->state == LINK_UP);
	header(o, "ltepi_link_info", "gauge",
	       "The link's interface, device, firewall profile and routing "
	       "table, as labels; always 1.");
	textbuf_printf(
	    o,
	    "ltepi_link_info{link=\"%s\",interface=\"%s\",device=\"%s\","
	    "firewall=\"%s\",state=\"%s\"} 1\n",
	    link, label(st->ifname, a, sizeof(a)),
	    label(st->device, b, sizeof(b)), label(st->firewall, c, sizeof(c)),
	    link_phase_name(st->state));
	header(o, "ltepi_pppd_start_time_seconds", "gauge",
	       "When the pppd running the link started, Unix time.");
	textbuf_printf(
	    o, "ltepi_pppd_start_time_seconds{link=\"%s\"} %" PRId64 "\n", link,
	    st->started);
	header(o, "ltepi_link_up_since_seconds", "gauge",
	       "When the link last came up, Unix time; 0 while it is not up.");
	textbuf_printf(o,
		       "ltepi_link_up_since_seconds{link=\"%s\"} %" PRId64 "\n",
		       link, st->state == LINK_UP ? st->up_since : 0);
	header(o, "ltepi_link_reconnects_total", "counter",
	       "Times the link came up again after its first time, since pppd "
	       "started.");
	textbuf_printf(o, "ltepi_link_reconnects_total{link=\"%s\"} %u\n", link,
		       st->reconnects);
	header(o, "ltepi_link_check_restarts_total", "counter",
	       "Times the link check restarted the link, since pppd started.");
	textbuf_printf(o, "ltepi_link_check_restarts_total{link=\"%s\"} %u\n",
		       link, st->restarts);
	header(o, "ltepi_link_check_failures", "gauge",
	       "Link checks failed in a row now.");
	textbuf_printf(o, "ltepi_link_check_failures{link=\"%s\"} %u\n", link,
		       st->check_failures);
}

static void address_metrics(struct textbuf *o, const struct link_state *st,
			    const char *link)
{
	char a[128], c[400];

	if (!st->local[0] || st->state != LINK_UP)
		return;
	header(o, "ltepi_link_address_info", "gauge",
	       "The link's IPv4 address and its class (IANA special-purpose "
	       "registry), global=1 when the internet can reach it; always "
	       "1.");
	textbuf_printf(o,
		       "ltepi_link_address_info{link=\"%s\",family=\"ipv4\","
		       "address=\"%s\",class=\"%s\",global=\"%d\"} 1\n",
		       link, label(st->local, a, sizeof(a)),
		       label(st->addr_class, c, sizeof(c)), st->global ? 1 : 0);
	if (!st->reach[0] || strcmp(st->reach, "pending") == 0)
		return;
	header(o, "ltepi_link_reach_check_info", "gauge",
	       "The STUN self-check's verdict (public: no NAT, nat, "
	       "no-answer) and the address the server saw; always 1.");
	textbuf_printf(o,
		       "ltepi_link_reach_check_info{link=\"%s\",verdict=\"%s\","
		       "mapped=\"%s\"} 1\n",
		       link, label(st->reach, a, sizeof(a)),
		       label(st->reach_mapped, c, sizeof(c)));
}

static void firewall_metrics(struct textbuf *o, const struct link_state *st,
			     const char *link)
{
	char p[128];

	if (!st->firewall[0])
		return;
	header(o, "ltepi_firewall_refused_packets_total", "counter",
	       "Packets from the link the firewall profile refused since it "
	       "was loaded.");
	textbuf_printf(o,
		       "ltepi_firewall_refused_packets_total{link=\"%s\","
		       "profile=\"%s\"} %" PRIu64 "\n",
		       link, label(st->firewall, p, sizeof(p)), st->refused);
}

static void modem_metrics(struct textbuf *o, const struct modem_report *m,
			  const char *link)
{
	char a[128], b[64];

	if (!m)
		return;
	header(o, "ltepi_modem_info", "gauge",
	       "The network the modem last reported; always 1.");
	textbuf_printf(o,
		       "ltepi_modem_info{link=\"%s\",operator=\"%s\","
		       "technology=\"%s\"} 1\n",
		       link, label(m->oper, a, sizeof(a)),
		       label(m->technology, b, sizeof(b)));
	if (m->signal_known) {
		header(o, "ltepi_modem_signal_dbm", "gauge",
		       "Received signal strength (AT+CSQ) at the modem's last "
		       "report, dBm.");
		textbuf_printf(o, "ltepi_modem_signal_dbm{link=\"%s\"} %d\n",
			       link, m->signal_dbm);
	}
	if (m->rsrp_known) {
		header(o, "ltepi_modem_rsrp_dbm", "gauge",
		       "LTE reference signal received power (AT+CESQ) at the "
		       "modem's last report, dBm.");
		textbuf_printf(o, "ltepi_modem_rsrp_dbm{link=\"%s\"} %d\n",
			       link, m->rsrp_dbm);
	}
	header(o, "ltepi_modem_report_time_seconds", "gauge",
	       "When the modem's last report was written, Unix time.");
	textbuf_printf(
	    o, "ltepi_modem_report_time_seconds{link=\"%s\"} %" PRId64 "\n",
	    link, m->updated);
}

int metrics_format(const struct link_state *st,
		   const struct modem_report *modem, char *buf, size_t len)
{
	struct textbuf o;
	char link[256];

	textbuf_init(&o, buf, len);
	label(st->link, link, sizeof(link));
	link_metrics(&o, st, link);
	address_metrics(&o, st, link);
	firewall_metrics(&o, st, link);
	modem_metrics(&o, modem, link);
	return textbuf_result(&o);
}
