/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The status reply's text (chat/sms-status.h) and the replay counter's
 * file format and atomic replacement (chat/sms-state.h).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../tap.h"
#include "chat/sms-state.h"
#include "chat/sms-status.h"

static void test_status(void)
{
	struct sms_link_status up = {
		.known = true,
		.up = true,
		.ifname = "ppp0",
		.up_since = 1000,
		.local = "100.64.1.2",
		.addr_class = "shared (RFC 6598, carrier-grade NAT)",
	};
	struct sms_link_status down = { .known = true };
	struct sms_link_status unknown = { .known = false };
	char out[SMS_STATUS_MAX + 1];

	sms_status_compose(&up, -73, 1000 + 3725, out, sizeof(out));
	is_str(out,
	       "ltepi: link up 1h02m on ppp0, 100.64.1.2 (shared (RFC 6598, "
	       "carrier-grade NAT)), signal -73 dBm",
	       "up, with uptime, address, class and signal");
	sms_status_compose(&up, -73, 1000 + 2 * 86400 + 7200, out, sizeof(out));
	ok(strstr(out, "link up 2d2h on") != NULL, "days of uptime: %s", out);
	sms_status_compose(&down, 1, 0, out, sizeof(out));
	is_str(out, "ltepi: link down, signal unknown", "down, no signal");
	sms_status_compose(&unknown, -51, 0, out, sizeof(out));
	is_str(out, "ltepi: link state unknown, signal -51 dBm",
	       "no state file");
	memset(up.addr_class, 'x', sizeof(up.addr_class) - 1);
	up.addr_class[sizeof(up.addr_class) - 1] = '\0';
	strcpy(up.ifname, "ppp`{0}");
	sms_status_compose(&up, -73, 2000, out, sizeof(out));
	ok(strlen(out) <= SMS_STATUS_MAX, "at most one SMS: %zu characters",
	   strlen(out));
	ok(strstr(out, "ppp??0?") != NULL,
	   "characters that are not single GSM septets become '?'");
}

static void test_counter(void)
{
	char dir[] = "/tmp/ltepi-sms-state.XXXXXX", path[256], err[512];
	uint64_t c = 99;
	struct stat st;

	is_int(sms_counter_parse("counter 17\n", 11, &c), 0, "counter 17");
	is_int((long long)c, 17, "  value");
	is_int(sms_counter_parse("counter 17", 10, &c), 0,
	       "  without a newline");
	is_int(sms_counter_parse("counter -1\n", 11, &c), -EINVAL,
	       "a negative counter");
	is_int(sms_counter_parse("counter 1x\n", 11, &c), -EINVAL, "junk");
	is_int(sms_counter_parse("count 1\n", 8, &c), -EINVAL, "another key");
	is_int(sms_counter_parse("counter 99999999999999999999\n", 29, &c),
	       -EINVAL, "overflow");
	is_int(sms_counter_parse("", 0, &c), -EINVAL, "empty");
	if (!mkdtemp(dir)) {
		ok(0, "mkdtemp");
		return;
	}
	snprintf(path, sizeof(path), "%s/sub", dir);
	is_int(sms_state_path(path, path, sizeof(path), err, sizeof(err)), 0,
	       "the state directory is created");
	ok(stat(dir, &st) == 0, "  exists");
	snprintf(path, sizeof(path), "%s/sub/sms.state", dir);
	is_int(sms_counter_load(path, &c, err, sizeof(err)), 0,
	       "a missing file");
	is_int((long long)c, 0, "  is counter 0");
	is_int(sms_counter_save(path, 42, err, sizeof(err)), 0, "saved");
	is_int(sms_counter_load(path, &c, err, sizeof(err)), 0, "  read back");
	is_int((long long)c, 42, "  42");
	{
		FILE *f = fopen(path, "w");

		fputs("garbage\n", f);
		fclose(f);
	}
	is_int(sms_counter_load(path, &c, err, sizeof(err)), -EINVAL,
	       "a malformed file is an error, not 0");
	ok(strstr(err, "is not a 'counter N' line") != NULL, "  says so: %s",
	   err);
	unlink(path);
	snprintf(path, sizeof(path), "%s/sub", dir);
	rmdir(path);
	rmdir(dir);
}

int main(void)
{
	test_status();
	test_counter();
	return tap_done();
}
