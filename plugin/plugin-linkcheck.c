/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * pppd side of the link check (link-check, ltepi(8)): while IPCP is up,
 * every link-check-interval seconds either inbound traffic since the last
 * check or an answer to a probe proves the link passes data; after
 * link-check-failures checks in a row without either, the link is closed
 * as pppd closes it for a dead LCP peer, so persist redials it.
 *
 * Timers only (pppd 2.4 has no fd hook): a check sends its probes and
 * reads the answers PROBE_WAIT_MS later, never blocking pppd. Nothing runs
 * outside ip-up .. ip-down, so a demand link that is dormant is never
 * probed, and no probe leaves unless link-check names a target. With
 * pppd's "idle", a link nobody uses is not probed either (linkcheck.h):
 * the probes would keep it from ever going idle.
 *
 * Escalation: each restart by the check increments "restarts" in the
 * link's health file (lib/health.h), and the first passed check of a
 * connection sets it back to 0. ltepi-modem, pppd's connect program, reads
 * it before the next dial (the path is in LTEPI_HEALTH_FILE) and resets the
 * radio or power-cycles the modem.
 */
#include "pppd-compat.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

#include "clock.h"
#include "health.h"
#include "journal.h"
#include "linkcheck.h"
#include "log.h"
#include "plugin.h"
#include "probe.h"

/*
 * How long a probe may take to be answered: at most half the interval, so
 * that the other half is a window in which inbound traffic can vouch for
 * the next check.
 */
#define PROBE_WAIT_MS 5000

static struct linkcheck lc;
static struct probe probe;
static bool running, probing;
static uint16_t seq;
static char health_file[256];
static unsigned int restarts; /* since pppd started */

static bool enabled(void)
{
	return ltepi_conf.n_link_checks > 0;
}

static unsigned int wait_ms(void)
{
	unsigned int half_ms = ltepi_conf.check_interval * 500;

	return half_ms < PROBE_WAIT_MS ? half_ms : PROBE_WAIT_MS;
}

static void targets_text(char *buf, size_t len)
{
	size_t used = 0;
	int n;

	buf[0] = '\0';
	for (size_t i = 0; i < ltepi_conf.n_link_checks; i++) {
		char t[INET6_ADDRSTRLEN + 16];

		options_format_check_target(&ltepi_conf.link_checks[i], t,
					    sizeof(t));
		n = snprintf(buf + used, len - used, "%s%s", i ? ", " : "", t);
		if (n < 0 || (size_t)n >= len - used)
			break; /* cut: the log line stays readable */
		used += (size_t)n;
	}
}

int plugin_linkcheck_start(void)
{
	char targets[512];
	unsigned long long per_day = 0;
	int r;

	if (!enabled())
		return 0;
	r = health_path(HEALTH_DIR, compat_linkname(), compat_devnam(),
			health_file, sizeof(health_file));
	if (r < 0) {
		log_err("link-check: the health file name is too long: %s",
			strerror(-r));
		return r;
	}
	/* pppd's connect program inherits pppd's environment */
	if (setenv(HEALTH_ENV, health_file, 1) < 0) {
		r = -errno;
		log_err("link-check: cannot set %s: %s", HEALTH_ENV,
			strerror(-r));
		return r;
	}
	for (size_t i = 0; i < ltepi_conf.n_link_checks; i++)
		per_day += probe_wire_bytes(&ltepi_conf.link_checks[i]);
	per_day *= 86400 / ltepi_conf.check_interval;
	targets_text(targets, sizeof(targets));
	log_notice(
	    "link-check: %s every %u s unless traffic came in (but at "
	    "least every %u s), restart after %u failed checks (about %llu "
	    "kB of probes a day on an idle link); health in %s",
	    targets, ltepi_conf.check_interval,
	    ltepi_conf.check_interval * (ltepi_conf.check_failures + 1),
	    ltepi_conf.check_failures, (per_day + 999) / 1000, health_file);
	return 0;
}

/* Returns the restarts count before the update. */
static unsigned int update_health(bool restarted)
{
	struct health_state st;
	int r = health_read(health_file, &st);
	unsigned int before = st.restarts;

	if (r < 0 && r != -ENOENT)
		log_warn("link-check: %s is unreadable (%s); starting it "
			 "afresh",
			 health_file, strerror(-r));
	if (restarted) {
		st.restarts++;
		st.last_restart = (int64_t)time(NULL);
	} else {
		if (st.restarts == 0 && r == 0)
			return 0;
		st = (struct health_state){ 0 };
	}
	r = health_write(health_file, &st);
	if (r < 0)
		log_warn("link-check: cannot write %s: %s; the modem will not "
			 "be reset on the next dial",
			 health_file, strerror(-r));
	return before;
}

static void check(void *arg);

static void schedule_check(unsigned int ms)
{
	compat_timeout_ms(check, NULL, (int)ms);
}

static void restart_link(const char *ifname)
{
	char targets[512];
	long long quiet_s = (clock_now_us() - lc.last_ok_us) / 1000000;
	long long recv_s = -1, xmit_s = -1;

	targets_text(targets, sizeof(targets));
	(void)compat_idle_seconds(&recv_s, &xmit_s);
	/* whole seconds both, from two clocks: a margin of one */
	if (recv_s >= 0 && recv_s + 1 < quiet_s)
		log_err("%s: the link passes no traffic out: %u checks %u s "
			"apart got no answer from %s while packets still came "
			"in (the last %lld s ago); restarting the link",
			ifname, lc.failures, ltepi_conf.check_interval, targets,
			recv_s);
	else
		log_err("%s: the link passes no traffic: %u checks %u s apart "
			"got no answer from %s and nothing came in for %lld s; "
			"restarting the link",
			ifname, lc.failures, ltepi_conf.check_interval, targets,
			quiet_s);
	plugin_journal(
	    JOURNAL_EVENT_CHECK_RESTART, LOG_ERR,
	    "%s: the link passes no traffic: %u checks got no answer "
	    "from %s; restarting the link",
	    ifname, lc.failures, targets);
	update_health(true);
	restarts++;
	running = false;
	compat_close_dead_link("Link passes no traffic");
}

/* The outcome of the check that began spent_ms ago (the probes' wait, or
 * 0 when traffic passed it); the next one begins an interval after it. */
static void verdict(enum linkcheck_outcome outcome, unsigned int spent_ms)
{
	const char *ifname = compat_ifname();
	const char *how = outcome == LINKCHECK_ANSWER ? "a target answered"
						      : "inbound traffic";
	bool was_healthy = lc.healthy;
	unsigned int failed = lc.failures, was;

	switch (linkcheck_record(&lc, outcome, clock_now_us())) {
	case LINKCHECK_OK:
		if (failed)
			log_notice("%s: link-check: passed again (%s) after %u "
				   "failed check(s)",
				   ifname, how, failed);
		if (!was_healthy && lc.healthy &&
		    (was = update_health(false)) > 0)
			log_notice("%s: link-check: the link passes traffic "
				   "(%s); %u restart(s) in a row end here",
				   ifname, how, was);
		break;
	case LINKCHECK_FAILED:
		log_notice("%s: link-check: no answer (%u of %u)", ifname,
			   lc.failures, lc.limit);
		break;
	case LINKCHECK_DEAD:
		restart_link(ifname);
		return;
	}
	schedule_check(ltepi_conf.check_interval * 1000 - spent_ms);
}

static void collect(void *arg)
{
	(void)arg;
	probing = false;
	if (running)
		verdict(probe_collect(&probe) ? LINKCHECK_ANSWER
					      : LINKCHECK_NO_ANSWER,
			wait_ms());
}

static void check(void *arg)
{
	struct in_addr local = { .s_addr = compat_ip_local() };
	char err[LTEPI_ERRLEN];
	int r;

	long long recv_s = -1, xmit_s = -1;

	(void)arg;
	if (!running)
		return;
	(void)compat_idle_seconds(&recv_s, &xmit_s);
	switch (linkcheck_next_step(&lc, recv_s, xmit_s,
				    compat_idle_limit() > 0, clock_now_us())) {
	case LINKCHECK_STEP_PASS:
		verdict(LINKCHECK_TRAFFIC, 0);
		return;
	case LINKCHECK_STEP_SKIP:
		schedule_check(ltepi_conf.check_interval * 1000);
		return;
	case LINKCHECK_STEP_PROBE:
		break;
	}
	r = probe_send(&probe, ltepi_conf.link_checks, ltepi_conf.n_link_checks,
		       compat_ifname(), local, (uint16_t)getpid(), ++seq, err,
		       sizeof(err));
	if (r < 0)
		/* counts as a failed check: a link that cannot send is dead */
		log_warn("%s: link-check: %s", compat_ifname(), err);
	probing = r > 0;
	compat_timeout_ms(collect, NULL, (int)wait_ms());
}

void plugin_linkcheck_up(void)
{
	if (!enabled() || running)
		return;
	linkcheck_start(&lc, ltepi_conf.check_failures, clock_now_us());
	running = true;
	schedule_check(ltepi_conf.check_interval * 1000);
}

void plugin_linkcheck_down(void)
{
	if (!running && !probing)
		return;
	running = false;
	compat_untimeout(check, NULL);
	compat_untimeout(collect, NULL);
	if (probing)
		probe_close(&probe);
	probing = false;
}

void plugin_linkcheck_status(struct plugin_linkcheck_status *out)
{
	out->enabled = enabled();
	out->failures = running ? lc.failures : 0;
	out->restarts = restarts;
}
