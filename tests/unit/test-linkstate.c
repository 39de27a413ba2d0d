/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The state files under /run/ltepi (lib/statefile.c, linkstate.c,
 * modemreport.c) and the metrics text (lib/metrics.c): what is written
 * reads back the same, what is malformed is refused whole, and the files
 * themselves are replaced atomically and never read through a link or a
 * FIFO.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/linkstate.h"
#include "lib/metrics.h"
#include "lib/modemreport.h"
#include "lib/statefile.h"
#include "tests/tap.h"

static struct link_state sample(void)
{
	struct link_state st = {
		.link = "ltepi2",
		.pid = 4242,
		.state = LINK_UP,
		.ifname = "ppp0",
		.device = "/dev/ttyUSB2",
		.started = 1765000000,
		.updated = 1765000100,
		.up_since = 1765000010,
		.local = "100.64.0.2",
		.peer = "10.64.0.1",
		.addr_class = "100.64.0.0/10, shared address space (RFC 6598)",
		.global = false,
		.n_prefixes = 2,
		.table = 100,
		.priority = 1000,
		.firewall = "web",
		.refused = 17,
		.link_check = "ok",
		.check_failures = 1,
		.restarts = 2,
		.reconnects = 3,
		.last_down = 1765000005,
		.last_down_reason = "the modem hung up",
	};

	strcpy(st.prefix[0], "2001:db8:1::/64");
	strcpy(st.prefix[1], "2001:db8:2::/64");
	return st;
}

static void test_roundtrip(void)
{
	struct link_state st = sample(), back;
	char buf[STATEFILE_MAX_SIZE];
	int n = link_state_format(&st, buf, sizeof(buf));

	ok(n > 0, "a full state formats (%d bytes)", n);
	is_int(link_state_parse(buf, (size_t)n, &back), 0, "and parses");
	ok(memcmp(&st, &back, sizeof(st)) == 0, "back to the same state");
	ok(strstr(buf, "\nstate up\n") != NULL, "the state is in words");
	ok(strstr(buf, "\nipv6-prefix 2001:db8:2::/64\n") != NULL,
	   "each prefix on its own line");
	is_int(link_state_format(&st, buf, 40), -ENOSPC,
	       "a short buffer is -ENOSPC, not a cut file");
}

static void test_refused(void)
{
	static const char *const bad[] = {
		"version 1\nlink a\npid 1\nstate sideways\n",
		"version 1\nlink a\npid 1\nrefused -1\n",
		"version 1\nlink a\npid 1\ntable 4294967296\n",
		"version 1\nlink a\npid 1\nglobal 2\n",
		"version 1\nlink a\npid 1\nlocal\n",
		"version 2\nlink a\npid 1\n",
		"link a\npid 1\n",     /* no version */
		"version 1\npid 1\n",  /* no link */
		"version 1\nlink a\n", /* no pid */
		"version 1\nlink a\npid 0\n",
		"version 1\nlink a\tb\npid 1\n",
		"version 1\nlink a\npid 1\nipv6-prefix 1\nipv6-prefix 2\n"
		"ipv6-prefix 3\nipv6-prefix 4\nipv6-prefix 5\nipv6-prefix 6\n"
		"ipv6-prefix 7\nipv6-prefix 8\nipv6-prefix 9\n",
	};
	struct link_state st;
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		int r = link_state_parse(bad[i], strlen(bad[i]), &st);

		ok(r == -EINVAL && st.pid == 0 && !st.link[0],
		   "refused whole: case %zu", i);
	}
	is_int(link_state_parse("version 1\nlink a\npid 1\0\n", 21, &st),
	       -EINVAL, "a NUL is refused");
	is_int(link_state_parse("version 1\nlink a\npid 1\nnew-key x y\n", 34,
				&st),
	       0, "an unknown key is a newer writer's: ignored");
}

static void test_reasons(void)
{
	char buf[160];

	is_str(link_down_reason(16, buf, sizeof(buf)), "the modem hung up",
	       "EXIT_HANGUP in words");
	ok(strstr(link_down_reason(15, buf, sizeof(buf)), "link check") != NULL,
	   "EXIT_PEER_DEAD names the link check");
	is_str(link_down_reason(99, buf, sizeof(buf)), "pppd exit status 99",
	       "an unknown status is named by number");
	is_str(link_down_reason(-1, buf, sizeof(buf)), "pppd exit status -1",
	       "so is a negative one");
}

static void test_modem_report(void)
{
	struct modem_report r = { .updated = 7,
				  .oper = "Vodafone\nsignal-dbm 0",
				  .technology = "LTE",
				  .signal_known = true,
				  .signal_dbm = -83,
				  .rsrp_known = true,
				  .rsrp_dbm = -101 },
			    back;
	char buf[1024];
	int n = modem_report_format(&r, buf, sizeof(buf));

	ok(n > 0, "a modem report formats");
	is_int(modem_report_parse(buf, (size_t)n, &back), 0, "and parses");
	is_str(back.oper, "Vodafone?signal-dbm 0",
	       "a newline in the operator's name cannot add a key");
	ok(back.signal_known && back.signal_dbm == -83 && back.rsrp_dbm == -101,
	   "negative dBm values survive");
	is_int(modem_report_parse("signal-dbm -\n", 13, &back), -EINVAL,
	       "a bare minus is refused");
	is_int(modem_report_parse("signal-dbm 1000\n", 16, &back), -EINVAL,
	       "so is a four-digit dBm");
}

static void test_metrics(void)
{
	struct link_state st = sample();
	struct modem_report m = { .updated = 9,
				  .oper = "Op \"A\"",
				  .technology = "LTE",
				  .signal_known = true,
				  .signal_dbm = -71 };
	char buf[8192];
	int n = metrics_format(&st, &m, buf, sizeof(buf));

	ok(n > 0, "metrics format (%d bytes)", n);
	ok(strstr(buf, "ltepi_link_up{link=\"ltepi2\"} 1\n") != NULL,
	   "ltepi_link_up is 1 while up");
	ok(strstr(buf, "operator=\"Op \\\"A\\\"\"") != NULL,
	   "a quote in a label is escaped");
	ok(strstr(buf, "ltepi_firewall_refused_packets_total{link=\"ltepi2\","
		       "profile=\"web\"} 17\n") != NULL,
	   "the firewall's refused packets");
	ok(strstr(buf, "global=\"0\"") != NULL, "the address class is an info");
	ok(strstr(buf, "ltepi_modem_signal_dbm{link=\"ltepi2\"} -71\n") != NULL,
	   "the signal");
	st.state = LINK_DOWN;
	metrics_format(&st, NULL, buf, sizeof(buf));
	ok(strstr(buf, "ltepi_link_up{link=\"ltepi2\"} 0\n") != NULL &&
	       !strstr(buf, "ltepi_link_address_info") &&
	       !strstr(buf, "ltepi_modem_"),
	   "down: 0, no address, no modem without a report");
	is_int(metrics_format(&st, NULL, buf, 100), -ENOSPC,
	       "a short buffer is -ENOSPC");
}

static void test_names(void)
{
	char buf[64];

	statefile_path("/run/ltepi", "ltepi2", NULL, "state", buf, sizeof(buf));
	is_str(buf, "/run/ltepi/ltepi2.state", "linkname");
	statefile_path("/run/ltepi", NULL, "/dev/ttyUSB2", "modem", buf,
		       sizeof(buf));
	is_str(buf, "/run/ltepi/ttyUSB2.modem", "else the device");
	statefile_path("/d", "..", NULL, "state", buf, sizeof(buf));
	is_str(buf, "/d/_..state", "never '..'");
}

static void test_files(void)
{
	char dir[] = "/tmp/test-linkstate.XXXXXX", path[256], fifo[256];
	char link[256], buf[64];
	struct link_state st = sample(), back;
	struct stat sb;
	mode_t old;

	if (!mkdtemp(dir)) {
		ok(0, "mkdtemp: %s", strerror(errno));
		return;
	}
	snprintf(path, sizeof(path), "%s/sub/ltepi2.state", dir);
	old = umask(077);
	is_int(link_state_store(path, &st), 0, "stored, its directory created");
	umask(old);
	if (stat(path, &sb) < 0)
		sb.st_mode = 0;
	ok((sb.st_mode & 0777) == 0644, "mode 0644 whatever the umask (%o)",
	   sb.st_mode & 0777);
	is_int(link_state_load(path, &back), 0, "loads");
	ok(memcmp(&st, &back, sizeof(st)) == 0, "the same state");
	snprintf(fifo, sizeof(fifo), "%s/fifo.state", dir);
	mkfifo(fifo, 0600);
	is_int(link_state_load(fifo, &back), -EINVAL,
	       "a FIFO is refused, not waited on");
	snprintf(link, sizeof(link), "%s/link.state", dir);
	symlink(path, link);
	is_int(link_state_load(link, &back), -EINVAL,
	       "a symbolic link is not followed");
	is_int(statefile_read(path, buf, 10), -EINVAL,
	       "a file as big as the buffer is refused");
	snprintf(path, sizeof(path), "%s/none.state", dir);
	is_int(link_state_load(path, &back), -ENOENT, "a missing file");
	snprintf(path, sizeof(path), "rm -rf '%s'", dir);
	if (system(path) != 0)
		ok(0, "clean up %s", dir);
}

int main(void)
{
	test_roundtrip();
	test_refused();
	test_reasons();
	test_modem_report();
	test_metrics();
	test_names();
	test_files();
	return tap_done();
}
