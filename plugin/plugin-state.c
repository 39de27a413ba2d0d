/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * pppd side of the link's state: /run/ltepi/LINK.state (lib/linkstate.h)
 * and /run/ltepi/metrics/LINK.prom (lib/metrics.h), rewritten at every
 * event of the link and every LINKSTATE_REFRESH_S seconds from pppd's
 * first phase change to its exit. `ltepi status` and node_exporter's
 * textfile collector read them; ltepi-modem writes the modem's report
 * beside them (LTEPI_MODEM_REPORT), which the metrics include.
 *
 * A file that cannot be written is worth one warning, never the link.
 */
#include "pppd-compat.h"

#include <arpa/inet.h>
#include <errno.h>
#include <ifaddrs.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <syslog.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "addrclass.h"
#include "journal.h"
#include "linkstate.h"
#include "log.h"
#include "metrics.h"
#include "modemreport.h"
#include "plugin.h"
#include "reach.h"
#include "statefile.h"

static struct link_state st;
/* The IPv4 address of the latest up, and of the up before it. */
static char latest_local[46], previous_local[46];
static char state_path[256], metrics_path[256], modem_path[256];
static bool started, ever_up, warned;

static void refresh(void *arg);

/* A path longer than the state's field is shown cut, not refused. */
static void set_text(char *dst, size_t len, const char *src)
{
	size_t n = strnlen(src ? src : "", len - 1);

	memcpy(dst, src ? src : "", n);
	dst[n] = '\0';
}

static void describe_class(uint32_t addr)
{
	const struct addrclass *c = addrclass_lookup(AF_INET, &addr);

	st.global = addrclass_global(AF_INET, &addr);
	if (!c || c->global)
		snprintf(st.addr_class, sizeof(st.addr_class), "global");
	else
		snprintf(st.addr_class, sizeof(st.addr_class), "%s, %s (%s)",
			 c->prefix, c->name, c->rfc);
}

/* The global IPv6 prefixes on the link, as SLAAC or DHCPv6 put them. */
static void read_ipv6_prefixes(void)
{
	struct ifaddrs *ifa, *i;

	st.n_prefixes = 0;
	if (!st.ifname[0] || getifaddrs(&ifa) < 0)
		return;
	for (i = ifa; i && st.n_prefixes < LINKSTATE_MAX_PREFIXES;
	     i = i->ifa_next) {
		struct in6_addr a, m;
		unsigned int len = 0;
		char text[INET6_ADDRSTRLEN];

		if (!i->ifa_addr || i->ifa_addr->sa_family != AF_INET6 ||
		    !i->ifa_netmask || strcmp(i->ifa_name, st.ifname) != 0)
			continue;
		a = ((struct sockaddr_in6 *)i->ifa_addr)->sin6_addr;
		m = ((struct sockaddr_in6 *)i->ifa_netmask)->sin6_addr;
		if (IN6_IS_ADDR_LINKLOCAL(&a))
			continue;
		plugin_reach_ipv6_address(&a);
		for (int b = 0; b < 16; b++) {
			a.s6_addr[b] &= m.s6_addr[b];
			len += (unsigned int)__builtin_popcount(m.s6_addr[b]);
		}
		inet_ntop(AF_INET6, &a, text, sizeof(text));
		snprintf(st.prefix[st.n_prefixes++], sizeof(st.prefix[0]),
			 "%s/%u", text, len);
	}
	freeifaddrs(ifa);
}

static void gather_reach(void)
{
	struct reach_verdict v = plugin_reach_verdict();

	st.reach[0] = st.reach_mapped[0] = '\0';
	if (v.state == REACH_NONE)
		return;
	snprintf(st.reach, sizeof(st.reach), "%s", reach_state_name(v.state));
	if (v.state == REACH_PUBLIC || v.state == REACH_NAT)
		stun_format_address(&v.mapped, st.reach_mapped,
				    sizeof(st.reach_mapped));
}

static void gather(void)
{
	struct plugin_linkcheck_status lc;

	plugin_linkcheck_status(&lc);
	snprintf(st.link_check, sizeof(st.link_check), "%s",
		 !lc.enabled   ? "off"
		 : lc.failures ? "failing"
			       : "ok");
	st.check_failures = lc.failures;
	st.restarts = lc.restarts;
	gather_reach();
	/* The table (and its count) is per connection: keep the last one. */
	if (st.firewall[0])
		(void)plugin_firewall_refused(&st.refused);
	if (st.state == LINK_UP)
		read_ipv6_prefixes();
	else
		st.n_prefixes = 0;
	st.updated = (int64_t)time(NULL);
}

static void write_files(void)
{
	struct modem_report modem;
	char text[16384];
	int r, n;

	gather();
	r = link_state_store(state_path, &st);
	if (r == 0) {
		bool have_modem = modem_report_load(modem_path, &modem) == 0;

		n = metrics_format(&st, have_modem ? &modem : NULL, text,
				   sizeof(text));
		r = n < 0 ? n
			  : statefile_replace(metrics_path, text, (size_t)n);
	}
	if (r < 0 && !warned) {
		warned = true;
		log_warn("cannot write the link's state (%s, %s): %s; ltepi "
			 "status and the metrics will not show this link",
			 state_path, metrics_path, strerror(-r));
	}
	if (r == 0)
		warned = false;
}

static void schedule_refresh(void)
{
	compat_untimeout(refresh, NULL);
	compat_timeout(refresh, NULL, LINKSTATE_REFRESH_S);
}

static void refresh(void *arg)
{
	(void)arg;
	write_files();
	schedule_refresh();
}

void plugin_state_refresh(void)
{
	if (started)
		refresh(NULL);
}

void plugin_state_start(void)
{
	const char *ln = compat_linkname(), *dev = compat_devnam();
	char name[128];

	if (started)
		return;
	started = true;
	if (statefile_link_name(ln, dev, name, sizeof(name)) < 0 ||
	    statefile_path(STATEFILE_DIR, ln, dev, "state", state_path,
			   sizeof(state_path)) < 0 ||
	    statefile_path(STATEFILE_DIR, ln, dev, "modem", modem_path,
			   sizeof(modem_path)) < 0 ||
	    statefile_path(STATEFILE_DIR "/" METRICS_SUBDIR, ln, dev, "prom",
			   metrics_path, sizeof(metrics_path)) < 0) {
		log_warn("the link's name is too long for its state file; "
			 "ltepi status will not show it");
		started = false;
		return;
	}
	/* pppd's connect program (ltepi-modem) inherits pppd's environment */
	if (setenv(MODEMREPORT_ENV, modem_path, 1) < 0)
		log_warn("cannot set %s: %s", MODEMREPORT_ENV, strerror(errno));
	snprintf(st.link, sizeof(st.link), "%s", name);
	set_text(st.device, sizeof(st.device), dev);
	if (ltepi_conf.srcroute) {
		st.table = ltepi_conf.srcroute_table;
		st.priority = ltepi_conf.srcroute_priority;
	}
	if (ltepi_conf.firewall)
		set_text(st.firewall, sizeof(st.firewall),
			 ltepi_conf.firewall_profile);
	st.pid = getpid();
	st.started = (int64_t)time(NULL);
	st.state = LINK_CONNECTING;
	write_files();
	schedule_refresh();
}

static void went_down(void)
{
	char reason[160];

	if (st.state != LINK_UP)
		return;
	st.last_down = (int64_t)time(NULL);
	snprintf(st.last_down_reason, sizeof(st.last_down_reason), "%s",
		 link_down_reason(compat_status(), reason, sizeof(reason)));
	st.up_since = 0;
}

void plugin_state_phase(int phase)
{
	if (!started)
		return;
	switch (phase) {
	case PHASE_SERIALCONN:
	case PHASE_ESTABLISH:
		if (st.state == LINK_UP)
			return;
		st.state = LINK_CONNECTING;
		break;
	case PHASE_DEAD:
	case PHASE_HOLDOFF:
	case PHASE_DORMANT:
		went_down();
		if (st.state == LINK_DOWN)
			return;
		st.state = LINK_DOWN;
		break;
	default:
		return;
	}
	write_files();
}

void plugin_state_ip_up(void)
{
	uint32_t local = compat_ip_local(), peer = compat_ip_remote();
	/* ip-up and ipv6-up both come here: the journal hears of it once */
	bool had_ipv4 = st.state == LINK_UP && st.local[0];

	if (!started)
		return;
	snprintf(st.ifname, sizeof(st.ifname), "%s", compat_ifname());
	if (st.state != LINK_UP) {
		if (ever_up)
			st.reconnects++;
		ever_up = true;
		st.up_since = (int64_t)time(NULL);
	}
	st.state = LINK_UP;
	st.local[0] = st.peer[0] = st.addr_class[0] = '\0';
	st.global = false;
	/* SLAAC adds the global addresses a few seconds after ipv6-up. */
	compat_untimeout(refresh, NULL);
	compat_timeout(refresh, NULL, 5);
	if (local) {
		inet_ntop(AF_INET, &local, st.local, sizeof(st.local));
		inet_ntop(AF_INET, &peer, st.peer, sizeof(st.peer));
		describe_class(local);
	}
	write_files();
	if (!local || had_ipv4)
		return;
	plugin_journal(JOURNAL_EVENT_UP, LOG_NOTICE,
		       "%s: the link is up: %s, peer %s (%s)", st.ifname,
		       st.local, st.peer, st.addr_class);
	snprintf(previous_local, sizeof(previous_local), "%s", latest_local);
	snprintf(latest_local, sizeof(latest_local), "%s", st.local);
	if (plugin_state_address_changed())
		plugin_journal(JOURNAL_EVENT_ADDRESS_CHANGE, LOG_NOTICE,
			       "%s: the link's address changed from %s to %s",
			       st.ifname, previous_local, st.local);
}

const char *plugin_state_previous_local(void)
{
	return previous_local;
}

bool plugin_state_address_changed(void)
{
	return previous_local[0] && strcmp(previous_local, latest_local) != 0;
}

void plugin_state_ip_down(void)
{
	if (!started || st.state != LINK_UP)
		return;
	went_down();
	st.state = LINK_DOWN;
	write_files();
	plugin_journal(JOURNAL_EVENT_DOWN, LOG_NOTICE,
		       "%s: the link is down: %s", st.ifname,
		       st.last_down_reason);
}

void plugin_state_exit(void)
{
	if (!started)
		return;
	compat_untimeout(refresh, NULL);
	went_down();
	st.state = LINK_EXITED;
	write_files();
	plugin_journal(JOURNAL_EVENT_EXIT, LOG_NOTICE, "pppd for %s has ended",
		       st.link);
}

const struct link_state *plugin_state_current(void)
{
	return started ? &st : NULL;
}
