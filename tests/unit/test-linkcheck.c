/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The link check without pppd: option values (options-linkcheck.c), the
 * engine's decisions (linkcheck.h) and the shared health file (health.h),
 * including every way its text can be wrong.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../tap.h"
#include "health.h"
#include "linkcheck.h"
#include "options.h"

#define S  1000000LL
#define NO LINKCHECK_NO_ANSWER

static int add(struct ltepi_conf *c, const char *arg, char *err)
{
	return options_add_link_check(c, arg, err, LTEPI_ERRLEN);
}

static void test_targets(void)
{
	static const char *const good[][2] = {
		{ "192.0.2.1", "192.0.2.1" },
		{ "2001:db8::1", "2001:db8::1" },
		{ "tcp:192.0.2.1:443", "tcp:192.0.2.1:443" },
		{ "tcp:[2001:db8::1]:80", "tcp:[2001:db8::1]:80" },
		{ "tcp:[2001:DB8:0::1]:65535", "tcp:[2001:db8::1]:65535" },
	};
	static const char *const bad[] = {
		"",
		"example.com",
		"tcp:example.com:80",
		"192.0.2.1/32",
		"192.0.2.256",
		"tcp:192.0.2.1",
		"tcp:192.0.2.1:",
		"tcp:192.0.2.1:0",
		"tcp:192.0.2.1:65536",
		"tcp:192.0.2.1:80x",
		"tcp:192.0.2.1:-1",
		"tcp:2001:db8::1:443",
		"tcp:[192.0.2.1]:80",
		"tcp:[2001:db8::1]80",
		"tcp:[2001:db8::1",
		"udp:192.0.2.1:53",
		" 192.0.2.1",
		"0.0.0.0",
		"::",
	};
	char err[LTEPI_ERRLEN], shown[80];
	struct ltepi_conf c;

	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		options_init(&c);
		is_int(add(&c, good[i][0], err), 0, good[i][0]);
		options_format_check_target(&c.link_checks[0], shown,
					    sizeof(shown));
		is_str(shown, good[i][1], "  printed back as pppd reads it");
	}
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		options_init(&c);
		err[0] = '\0';
		ok(add(&c, bad[i], err) == -EINVAL && c.n_link_checks == 0 &&
		       strncmp(err, "link-check: ", 12) == 0,
		   "refused with a sentence naming the option: '%s' (%s)",
		   bad[i], err);
	}
	options_init(&c);
	add(&c, "192.0.2.1", err);
	ok(add(&c, "192.0.2.1", err) < 0 && strstr(err, "twice"),
	   "the same target twice is refused");
	ok(add(&c, "tcp:192.0.2.1:80", err) == 0,
	   "ICMP and TCP to one address are two targets");
	for (int i = 2; i < LTEPI_MAX_LINK_CHECKS; i++) {
		char t[32];

		snprintf(t, sizeof(t), "192.0.2.%d", 10 + i);
		add(&c, t, err);
	}
	ok(add(&c, "198.51.100.1", err) < 0 &&
	       c.n_link_checks == LTEPI_MAX_LINK_CHECKS,
	   "more than %d targets refused", LTEPI_MAX_LINK_CHECKS);
}

static void test_counts(void)
{
	char err[LTEPI_ERRLEN];
	struct ltepi_conf c;

	options_init(&c);
	is_int(c.check_interval, 30, "interval defaults to 30 s");
	is_int(c.check_failures, 3, "failures default to 3");
	ok(options_set_check_interval(&c, "0", err, sizeof(err)) < 0 &&
	       strstr(err, "link-check-interval: 0 is out of range"),
	   "interval 0 refused: %s", err);
	ok(options_set_check_interval(&c, "86401", err, sizeof(err)) < 0,
	   "interval above a day refused");
	ok(options_set_check_interval(&c, "10s", err, sizeof(err)) < 0 &&
	       strstr(err, "not a number"),
	   "interval with a unit refused: %s", err);
	ok(options_set_check_interval(&c, "-5", err, sizeof(err)) < 0,
	   "negative interval refused");
	ok(options_set_check_failures(&c, "0", err, sizeof(err)) < 0 &&
	       strstr(err, "link-check-failures"),
	   "failures 0 refused: %s", err);
	ok(options_set_check_failures(&c, "101", err, sizeof(err)) < 0,
	   "failures above 100 refused");
	is_int(c.check_interval, 30, "refused values left the default");
	is_int(options_set_check_interval(&c, "10", err, sizeof(err)), 0,
	       "interval 10");
	ok(options_set_check_interval(&c, "20", err, sizeof(err)) < 0 &&
	       strstr(err, "twice"),
	   "a different interval given twice is refused: %s", err);
	is_int(options_set_check_interval(&c, "10", err, sizeof(err)), 0,
	       "the same interval twice is fine");
	ok(options_finish(&c, err, sizeof(err)) < 0 &&
	       strstr(err, "link-check-interval has no effect"),
	   "an interval without a target is an error: %s", err);
	add(&c, "192.0.2.1", err);
	is_int(options_finish(&c, err, sizeof(err)), 0,
	       "with a target it is accepted");
}

static void test_traffic_trust(void);

static void test_engine(void)
{
	struct linkcheck lc;

	linkcheck_start(&lc, 3, 0);
	is_int(linkcheck_record(&lc, NO, 30 * S), LINKCHECK_FAILED,
	       "first failure");
	is_int(linkcheck_record(&lc, NO, 60 * S), LINKCHECK_FAILED,
	       "second failure");
	is_int(linkcheck_record(&lc, LINKCHECK_ANSWER, 90 * S), LINKCHECK_OK,
	       "an answer clears the streak");
	ok(lc.failures == 0 && lc.healthy, "  and one answer is healthy");
	linkcheck_record(&lc, NO, 120 * S);
	linkcheck_record(&lc, NO, 150 * S);
	is_int(linkcheck_record(&lc, NO, 180 * S), LINKCHECK_DEAD,
	       "the third failure in a row: dead");
	is_int(linkcheck_record(&lc, NO, 210 * S), LINKCHECK_DEAD,
	       "  and stays dead");

	linkcheck_start(&lc, 3, 0);
	linkcheck_record(&lc, LINKCHECK_TRAFFIC, 30 * S);
	linkcheck_record(&lc, LINKCHECK_TRAFFIC, 60 * S);
	is_int(linkcheck_record(&lc, LINKCHECK_TRAFFIC, 90 * S), LINKCHECK_OK,
	       "traffic passes a check");
	ok(!lc.healthy, "  but traffic alone is never healthy (the way out "
			"may be dead)");
	linkcheck_record(&lc, LINKCHECK_ANSWER, 120 * S);
	ok(lc.healthy, "  an answer is");

	test_traffic_trust();
}

/* Inbound traffic stands in for a probe only while an answer is recent. */
static void test_traffic_trust(void)
{
	struct linkcheck lc;
	long long t = 0;
	int probes = 0, i;

	linkcheck_start(&lc, 3, 0);
	t += 30 * S;
	is_int(linkcheck_next_step(&lc, 1, 1, false, t), LINKCHECK_STEP_PROBE,
	       "a new connection probes at its first check, traffic or not");
	linkcheck_record(&lc, LINKCHECK_ANSWER, t);
	for (i = 0; i < 12; i++) {
		t += 30 * S;
		if (linkcheck_next_step(&lc, 1, 1, false, t) ==
		    LINKCHECK_STEP_PASS) {
			linkcheck_record(&lc, LINKCHECK_TRAFFIC, t);
		} else {
			probes++;
			linkcheck_record(&lc, LINKCHECK_ANSWER, t);
		}
	}
	is_int(probes, 3,
	       "a busy link with an answering target: 12 checks, "
	       "3 probes (one every limit + 1)");

	/* the way out dies right after an answer; packets keep coming in */
	linkcheck_start(&lc, 3, 0);
	t = 30 * S;
	linkcheck_record(&lc, LINKCHECK_ANSWER, t);
	for (i = 1; i <= 10; i++) {
		enum linkcheck_verdict v;

		t += 30 * S;
		if (linkcheck_next_step(&lc, 1, 1, false, t) ==
		    LINKCHECK_STEP_PASS)
			v = linkcheck_record(&lc, LINKCHECK_TRAFFIC, t);
		else
			v = linkcheck_record(&lc, NO, t);
		if (v == LINKCHECK_DEAD)
			break;
	}
	is_int(i, 6,
	       "one way only, traffic coming in: dead at the 6th check "
	       "after the answer (2 * limit)");

	linkcheck_start(&lc, 3, 0);
	linkcheck_record(&lc, LINKCHECK_ANSWER, 30 * S);
	linkcheck_record(&lc, NO, 60 * S);
	is_int(linkcheck_next_step(&lc, 1, 1, false, 90 * S),
	       LINKCHECK_STEP_PASS,
	       "after one failure, traffic within the window still passes");
	linkcheck_record(&lc, LINKCHECK_TRAFFIC, 90 * S);
	ok(lc.failures == 0, "  and ends the streak");
	linkcheck_record(&lc, LINKCHECK_TRAFFIC, 120 * S);
	is_int(linkcheck_next_step(&lc, 1, 1, false, 150 * S),
	       LINKCHECK_STEP_PROBE,
	       "  but after 3 checks without an answer, "
	       "the 4th probes");
	is_int(linkcheck_next_step(&lc, 60, 1, true, 150 * S),
	       LINKCHECK_STEP_PROBE, "with idle: sent, no answer due: probe");
	is_int(linkcheck_next_step(&lc, 1, 60, true, 150 * S),
	       LINKCHECK_STEP_SKIP,
	       "with idle: only inbound, nothing sent: skip (no verdict)");

	linkcheck_start(&lc, 1, 0);
	linkcheck_record(&lc, LINKCHECK_ANSWER, 30 * S);
	is_int(linkcheck_next_step(&lc, 1, 1, false, 60 * S),
	       LINKCHECK_STEP_PASS, "limit 1: one check passed by traffic");
	linkcheck_record(&lc, LINKCHECK_TRAFFIC, 60 * S);
	is_int(linkcheck_next_step(&lc, 1, 1, false, 90 * S),
	       LINKCHECK_STEP_PROBE, "  then a probe");
	linkcheck_start(&lc, 3, 100 * S);
	ok(!lc.healthy, "a new connection is not healthy yet");
	ok(linkcheck_traffic_since_verdict(&lc, 10, 125 * S),
	   "a packet 10 s ago, 25 s after the verdict: traffic");
	ok(!linkcheck_traffic_since_verdict(&lc, 25, 125 * S),
	   "25 s idle may be 25.9 s: not certainly after the verdict");
	ok(linkcheck_traffic_since_verdict(&lc, 24, 125 * S),
	   "24 s idle is under 25 s: after it");
	ok(!linkcheck_traffic_since_verdict(&lc, 24, 125 * S - 1),
	   "  but not when 25 s have not fully passed");
	ok(!linkcheck_traffic_since_verdict(&lc, 30, 125 * S),
	   "idle longer than since the verdict: no traffic");
	ok(!linkcheck_traffic_since_verdict(&lc, -1, 125 * S),
	   "unknown idle time: no traffic (probe)");
	ok(!linkcheck_traffic_since_verdict(&lc, 0, 100 * S + S / 2),
	   "right after the verdict nothing counts");
	linkcheck_start(&lc, 3, 90 * S);
	linkcheck_record(&lc, LINKCHECK_ANSWER, 100 * S);
	is_int(linkcheck_next_step(&lc, 2, 2, false, 125 * S),
	       LINKCHECK_STEP_PASS,
	       "traffic in, an answer recent: pass without a probe");
	is_int(linkcheck_next_step(&lc, 60, 60, false, 125 * S),
	       LINKCHECK_STEP_PROBE, "idle both ways, no pppd idle: probe");
	is_int(linkcheck_next_step(&lc, 60, 60, true, 125 * S),
	       LINKCHECK_STEP_SKIP,
	       "idle both ways with pppd's idle: skip, let it go idle");
	is_int(linkcheck_next_step(&lc, 60, 2, true, 125 * S),
	       LINKCHECK_STEP_PROBE,
	       "with idle: sent but got nothing back: probe");
	is_int(linkcheck_next_step(&lc, -1, -1, true, 125 * S),
	       LINKCHECK_STEP_PROBE, "idle times unknown: probe");
	linkcheck_start(&lc, 0, 0);
	is_int(linkcheck_record(&lc, NO, S), LINKCHECK_DEAD,
	       "a limit of 0 is treated as 1");
}

static void test_health_text(void)
{
	static const char *const bad[] = {
		"restarts\n",	     "restarts x\n",
		"restarts -1\n",     "restarts 4294967296\n",
		"restarts  1\n",     "escalated 1 2\n",
		"restarts 1\nfoo\n", "last-restart 99999999999999999999\n",
		"restarts 1\0\n",
	};
	static const size_t bad_len[] = { 0, 0, 0, 0, 0, 0, 0, 0, 12 };
	struct health_state st, back;
	char buf[256];
	int n;

	is_int(health_parse("", 0, &st), 0, "an empty file is valid");
	ok(st.restarts == 0 && st.escalated == 0, "  and all zero");
	static const char all[] = "# c\nrestarts 3\nlast-restart 1700000000\n"
				  "escalated 2\nnewer-key 7\n";

	is_int(health_parse(all, strlen(all), &st), 0,
	       "all keys, a comment and an unknown key");
	ok(st.restarts == 3 && st.last_restart == 1700000000 &&
	       st.escalated == 2,
	   "  read: 3, 1700000000, 2");
	is_int(health_parse("restarts 5", 10, &st), 0,
	       "no final newline is fine");
	is_int(st.restarts, 5, "  restarts 5");
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		size_t len = bad_len[i] ? bad_len[i] : strlen(bad[i]);

		st.restarts = 9;
		ok(health_parse(bad[i], len, &st) == -EINVAL &&
		       st.restarts == 0,
		   "malformed refused and zeroed: '%.*s'",
		   (int)strcspn(bad[i], "\n"), bad[i]);
	}
	st = (struct health_state){ 7, 1234567890, 5 };
	n = health_format(&st, buf, sizeof(buf));
	ok(n > 0 && health_parse(buf, (size_t)n, &back) == 0 &&
	       back.restarts == 7 && back.last_restart == 1234567890 &&
	       back.escalated == 5,
	   "format and parse round trip");
	is_int(health_format(&st, buf, 20), -ENOSPC, "too small a buffer");
}

static void test_decide(void)
{
	static const struct {
		unsigned int restarts, escalated, reset_after, power_after;
		enum health_action want;
		const char *what;
	} cases[] = {
		{ 0, 0, 2, 4, HEALTH_NONE, "no restarts: nothing" },
		{ 1, 0, 2, 4, HEALTH_NONE, "1 restart: nothing" },
		{ 2, 0, 2, 4, HEALTH_RADIO_RESET, "2 restarts: radio reset" },
		{ 2, 2, 2, 4, HEALTH_NONE, "already acted on 2: not again" },
		{ 3, 2, 2, 4, HEALTH_RADIO_RESET, "3 restarts: reset again" },
		{ 4, 3, 2, 4, HEALTH_POWER_CYCLE, "4 restarts: power cycle" },
		{ 9, 0, 2, 0, HEALTH_RADIO_RESET,
		  "power cycle off (0): reset" },
		{ 9, 0, 0, 0, HEALTH_NONE, "both off" },
		{ 5, 9, 2, 4, HEALTH_NONE,
		  "escalated beyond restarts: nothing" },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct health_state st = { .restarts = cases[i].restarts,
					   .escalated = cases[i].escalated };

		is_int(health_decide(&st, cases[i].reset_after,
				     cases[i].power_after),
		       cases[i].want, cases[i].what);
	}
	is_str(health_action_name(HEALTH_POWER_CYCLE), "power cycle", "name");
}

static void test_path(void)
{
	char buf[128];

	health_path("/run/ltepi", "ltepi2", "/dev/ttyACM0", buf, sizeof(buf));
	is_str(buf, "/run/ltepi/ltepi2.health", "linkname wins");
	health_path("/run/ltepi", "", "/dev/ttyUSB2", buf, sizeof(buf));
	is_str(buf, "/run/ltepi/ttyUSB2.health", "else the device's name");
	health_path("/run/ltepi", NULL, "", buf, sizeof(buf));
	is_str(buf, "/run/ltepi/ppp.health", "else ppp");
	health_path("/run/ltepi", "../../etc/x y", NULL, buf, sizeof(buf));
	is_str(buf, "/run/ltepi/_._.._etc_x_y.health",
	       "no path tricks in a linkname");
	is_int(health_path("/run/ltepi", "a", NULL, buf, 10), -ENAMETOOLONG,
	       "too long");
}

static void test_health_files(void)
{
	char dir[] = "/tmp/ltepi-health-XXXXXX", path[256], fifo[256];
	struct health_state st = { 3, 42, 1 }, back;

	if (!mkdtemp(dir)) {
		ok(0, "mkdtemp");
		return;
	}
	snprintf(path, sizeof(path), "%s/run/x.health", dir);
	is_int(health_read(path, &back), -ENOENT, "missing: -ENOENT");
	is_int(health_write(path, &st), 0, "written, directory created");
	ok(health_read(path, &back) == 0 && back.restarts == 3 &&
	       back.escalated == 1,
	   "read back");
	snprintf(fifo, sizeof(fifo), "%s/fifo", dir);
	mkfifo(fifo, 0600);
	is_int(health_read(fifo, &back), -EINVAL,
	       "a FIFO is refused without blocking");
	snprintf(fifo, sizeof(fifo), "%s/link", dir);
	if (symlink(path, fifo) == 0)
		is_int(health_read(fifo, &back), -EINVAL,
		       "a symbolic link is refused");
	unlink(fifo);
	snprintf(fifo, sizeof(fifo), "%s/fifo", dir);
	unlink(fifo);
	unlink(path);
	snprintf(path, sizeof(path), "%s/run", dir);
	rmdir(path);
	rmdir(dir);
}

int main(void)
{
	test_targets();
	test_counts();
	test_engine();
	test_health_text();
	test_decide();
	test_path();
	test_health_files();
	return tap_done();
}
