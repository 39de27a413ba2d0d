/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The hooks (plugin/hooks.c) for real, in a temporary directory: which
 * files run and which are refused, the environment and arguments a hook
 * gets, the order, and that a hanging hook is killed at its limit while
 * the caller never waits.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "clock.h"
#include "hooks.h"
#include "tests/tap.h"

static char dir[] = "/tmp/test-hooks.XXXXXX";
static char hooks_dir[256], out[256];

static void write_hook(const char *name, const char *body, mode_t mode)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", hooks_dir, name);
	f = fopen(path, "w");
	if (!f)
		return;
	fprintf(f, "#!/bin/sh\n%s\n", body);
	fclose(f);
	chmod(path, mode);
}

static char *slurp(const char *path, char *buf, size_t len)
{
	FILE *f = fopen(path, "r");
	size_t n = 0;

	buf[0] = '\0';
	if (f) {
		n = fread(buf, 1, len - 1, f);
		fclose(f);
	}
	buf[n] = '\0';
	return buf;
}

/* Waits up to s seconds for path to contain needle. */
static int wait_for(const char *path, const char *needle, int s)
{
	char buf[4096];
	int i;

	for (i = 0; i < s * 20; i++) {
		if (strstr(slurp(path, buf, sizeof(buf)), needle))
			return 1;
		usleep(50000);
	}
	return 0;
}

static void test_names(void)
{
	ok(hooks_name_runs("10-ddns"), "10-ddns runs");
	ok(hooks_name_runs("ddns_update"), "ddns_update runs");
	ok(!hooks_name_runs("ddns.dpkg-old"), "a dpkg leftover does not");
	ok(!hooks_name_runs("ddns~"), "an editor backup does not");
	ok(!hooks_name_runs(".hidden"), "a hidden file does not");
	ok(!hooks_name_runs(""), "nor an empty name");
}

static void test_collect_and_run(void)
{
	char report[512], lock[512], path[512], buf[4096], target[512];
	char *env[] = { (char *)"LTEPI_LINK=ltepi2",
			(char *)"LTEPI_LOCAL=100.64.0.2", NULL };
	struct hooks_run run = { .events = { "up", "address-change" },
				 .n_events = 2,
				 .env = env,
				 .timeout_s = 1 };
	struct hook_list list;
	long long t0;
	int n;

	snprintf(hooks_dir, sizeof(hooks_dir), "%s/hooks.d", dir);
	mkdir(hooks_dir, 0755);
	snprintf(out, sizeof(out), "%s/out", dir);
	snprintf(buf, sizeof(buf),
		 "echo \"$LTEPI_HOOK $1 $LTEPI_EVENT $LTEPI_LINK $LTEPI_LOCAL "
		 "path=$PATH home=${HOME:-unset}\" >>%s",
		 out);
	write_hook("10-first", buf, 0755);
	write_hook("20-hang", "trap '' TERM; sleep 60", 0755);
	snprintf(buf, sizeof(buf), "echo \"last $1\" >>%s", out);
	write_hook("30-last", buf, 0700);
	write_hook("40-open", "echo open", 0757);
	write_hook("50-noexec", "echo noexec", 0644);
	write_hook("60.dpkg-old", "echo old", 0755);
	snprintf(target, sizeof(target), "%s/10-first", hooks_dir);
	snprintf(path, sizeof(path), "%s/70-link", hooks_dir);
	symlink(target, path);

	n = hooks_collect(hooks_dir, &list);
	is_int(n, 3, "three hooks run: the refused and skipped ones do not");
	ok(n == 3 && strcmp(list.hooks[0].name, "10-first") == 0 &&
	       strcmp(list.hooks[2].name, "30-last") == 0,
	   "in name order");
	snprintf(report, sizeof(report), "%s/ltepi2.hooks", dir);
	snprintf(lock, sizeof(lock), "%s/ltepi2.hooks.lock", dir);
	run.report_path = report;
	run.lock_path = lock;
	t0 = clock_now_us();
	is_int(hooks_spawn(&list, &run), 0, "spawned");
	ok(clock_now_us() - t0 < 500000,
	   "the caller does not wait for a hanging hook (%lld ms)",
	   (clock_now_us() - t0) / 1000);
	is_int((int)list.n, 0, "the list's descriptors are closed");
	ok(wait_for(out, "last address-change", 15),
	   "both events ran to the last hook");
	slurp(out, buf, sizeof(buf));
	ok(strstr(buf,
		  "10-first up up ltepi2 100.64.0.2 path=/usr/local/sbin:") !=
	       NULL,
	   "argv[1], LTEPI_EVENT, the given variables and PATH");
	ok(strstr(buf, "home=unset") != NULL,
	   "and nothing of the caller's environment");
	ok(strstr(buf, "last up") < strstr(buf, "10-first address-change"),
	   "events in order: up's hooks all run before address-change's");
	/* written once an event's hooks are all done: the second one's */
	ok(wait_for(report, "event address-change", 10),
	   "the report of the last event");
	slurp(report, buf, sizeof(buf));
	ok(strstr(buf, "event address-change\n") &&
	       strstr(buf, "hook 20-hang killed at its 1 s limit\n"),
	   "the hanging hook was killed at its limit, even ignoring SIGTERM");
}

int main(void)
{
	char cmd[300];

	if (!mkdtemp(dir)) {
		printf("1..0 # SKIP mkdtemp: %s\n", strerror(errno));
		return 0;
	}
	chmod(dir, 0755);
	test_names();
	test_collect_and_run();
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		ok(0, "clean up");
	return tap_done();
}
