/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Unit tests of ltepi-modem's configuration (chat/config.c): values, the
 * file format with presets, the exact "file:line: message" errors, and the
 * permission checks on secret files.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../tap.h"
#include "chat/conf.h"

static char dir[] = "/tmp/ltepi-test-config.XXXXXX";

/* n bytes of text, NULs included. */
static const char *write_file_n(const char *name, const char *text, size_t n,
				int mode)
{
	static char path[256];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	if (!f)
		return NULL;
	fwrite(text, 1, n, f);
	fclose(f);
	chmod(path, (mode_t)mode);
	return path;
}

static const char *write_file(const char *name, const char *text, int mode)
{
	return write_file_n(name, text, strlen(text), mode);
}

/* Loads text as a config file; returns the error text ("" on success). */
static const char *load(struct modem_conf *c, const char *text)
{
	static char err[CONF_ERRLEN], shown[CONF_ERRLEN];
	const char *path = write_file("modem.conf", text, 0644);
	size_t n = strlen(dir) + 1;

	conf_init(c);
	err[0] = '\0';
	if (conf_load(c, path, err, sizeof(err)) == 0)
		return "";
	/* Show the error without the temporary directory. */
	snprintf(shown, sizeof(shown), "%s",
		 strncmp(err, dir, n - 1) == 0 ? err + n : err);
	return shown;
}

static void test_values(void)
{
	char err[CONF_ERRLEN];
	struct modem_conf c;

	conf_init(&c);
	is_int(c.cid, 1, "default cid");
	is_int(c.timeout_s, 120, "default timeout");
	is_str(c.apn_database, APN_DB_DEFAULT, "default database");
	ok(conf_set(&c, "apn", "soracom.io", err, sizeof(err)) == 0 &&
	       strcmp(c.apn, "soracom.io") == 0,
	   "apn set");
	ok(conf_set(&c, "pdp-type", "ipv4v6", err, sizeof(err)) == 0 &&
	       strcmp(c.pdp_type, "IPV4V6") == 0,
	   "pdp-type canonicalised");
	ok(conf_set(&c, "auth", "CHAP", err, sizeof(err)) == 0 &&
	       c.auth == APN_AUTH_CHAP,
	   "auth chap");
	ok(conf_set(&c, "power-backend", "command", err, sizeof(err)) == 0 &&
	       c.power_backend == CONF_POWER_COMMAND,
	   "power-backend");
	ok(conf_set(&c, "usb-id", "1ecb:0202", err, sizeof(err)) == 0 &&
	       c.usb_vendor == 0x1ecb && c.usb_product == 0x0202,
	   "usb-id");
	is_int(conf_set(&c, "usb-id", "1ecb:02020", err, sizeof(err)), -EINVAL,
	       "usb-id too long");
	{
		/* what sscanf("%4x") took: -001 became ffff */
		static const char *const bad[] = {
			"-001:0202", "0x1e:0x02", "+1ec:+202", "1ecb: 202",
			"1ecb:020g", "1ecb-0202", " 1ecb:020", "1ECB:0202 ",
		};

		for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
			is_int(conf_set(&c, "usb-id", bad[i], err, sizeof(err)),
			       -EINVAL, bad[i]);
		ok(conf_set(&c, "usb-id", "1ECB:0a0B", err, sizeof(err)) == 0 &&
		       c.usb_vendor == 0x1ecb && c.usb_product == 0x0a0b,
		   "usb-id: upper and lower case hex");
	}
	is_int(conf_set(&c, "apn", "a\"b", err, sizeof(err)), -EINVAL,
	       "quote in apn refused");
	is_str(err, "apn: value must not contain '\"' or line breaks",
	       "quote error text");
	is_int(conf_set(&c, "pdp-type", "PPP", err, sizeof(err)), -EINVAL,
	       "pdp-type PPP refused");
	is_str(err, "pdp-type: invalid value 'PPP' (one of: IP, IPV6, IPV4V6)",
	       "pdp-type error text");
	is_int(conf_set(&c, "timeout", "0", err, sizeof(err)), -EINVAL,
	       "timeout 0 refused");
	is_str(err, "timeout: invalid value '0' (a number from 1 to 3600)",
	       "timeout error text");
	is_int(conf_set(&c, "timeout", "-5", err, sizeof(err)), -EINVAL,
	       "negative timeout refused");
	is_int(conf_set(&c, "pin", "1234", err, sizeof(err)), -ENOENT,
	       "no 'pin' key: secrets only in files");
	is_str(err, "unknown key 'pin'", "unknown key text");
	ok(conf_key_is_flag("verbose") && !conf_key_is_flag("apn"),
	   "verbose is a flag");
}

static void test_file(void)
{
	const struct conf_preset *p;
	struct modem_conf c;

	is_str(load(&c, "# comment\n\n  apn = internet.example  \n"
			"register-timeout=30\nverbose = yes\n"
			"[preset work]\napn = corp.example\nuser = me\n"
			"auth = pap\n"),
	       "", "valid file loads");
	is_str(c.apn, "internet.example", "apn trimmed");
	is_int(c.register_timeout_s, 30, "register-timeout");
	ok(c.verbose, "verbose = yes");
	p = conf_find_preset(&c, "work");
	ok(p && strcmp(p->apn, "corp.example") == 0 &&
	       strcmp(p->user, "me") == 0 && p->auth == APN_AUTH_PAP,
	   "preset work parsed");
	ok(!conf_find_preset(&c, "home"), "no preset home");

	is_str(load(&c, "apn = x\nbogus = 1\n"),
	       "modem.conf:2: unknown key 'bogus'", "unknown key with line");
	is_str(load(&c, "apn\n"), "modem.conf:1: expected 'key = value'",
	       "missing =");
	is_str(load(&c, "timeout = soon\n"),
	       "modem.conf:1: timeout: invalid value 'soon' (a number from 1 "
	       "to 3600)",
	       "bad number");
	is_str(load(&c, "[preset]\n"),
	       "modem.conf:1: bad section header (expected [preset NAME])",
	       "preset without name");
	is_str(load(&c, "[profile x]\n"),
	       "modem.conf:1: bad section header (expected [preset NAME])",
	       "unknown section");
	is_str(load(&c, "[preset a]\napn = x\n[preset a]\n"),
	       "modem.conf:3: preset 'a' defined twice", "duplicate preset");
	is_str(load(&c, "[preset a]\ntimeout = 5\n"),
	       "modem.conf:2: 'timeout' is not a preset key (apn, user, "
	       "password-file, auth, pdp-type)",
	       "non-preset key in preset");
	is_str(load(&c, "[preset a]\nuser = x\n"),
	       "modem.conf: preset 'a' has no apn", "preset without apn");
	is_str(load(&c, "apn =\n"), "modem.conf:1: apn: empty value",
	       "empty value");
}

static void test_power_keys(void)
{
	char err[CONF_ERRLEN];
	struct modem_conf c;

	conf_init(&c);
	ok(c.power_key_active == -1 && c.power_on_pulse_ms == 0 && !c.hold_set,
	   "power keys unset by default: the board's apply");
	is_int(c.sim_busy_timeout_s, 20, "default sim-busy-timeout");
	ok(conf_set(&c, "power-on-pulse", "1500", err, sizeof(err)) == 0 &&
	       c.power_on_pulse_ms == 1500,
	   "power-on-pulse: a bare number is milliseconds");
	ok(conf_set(&c, "power-off-pulse", "3s", err, sizeof(err)) == 0 &&
	       c.power_off_pulse_ms == 3000,
	   "power-off-pulse: seconds with 's'");
	ok(conf_set(&c, "power-on-pulse", "250ms", err, sizeof(err)) == 0 &&
	       c.power_on_pulse_ms == 250,
	   "power-on-pulse: 'ms'");
	is_int(conf_set(&c, "power-on-pulse", "0", err, sizeof(err)), -EINVAL,
	       "a 0 ms pulse refused");
	is_str(err,
	       "power-on-pulse: invalid value '0' (milliseconds from 1 to "
	       "60000, or seconds with 's', e.g. 2s)",
	       "pulse error text");
	is_int(conf_set(&c, "power-on-pulse", "61s", err, sizeof(err)), -EINVAL,
	       "a pulse over 60 s refused");
	is_int(conf_set(&c, "power-on-pulse", "2 s", err, sizeof(err)), -EINVAL,
	       "no blank before the unit");
	ok(conf_set(&c, "power-key-active", "low", err, sizeof(err)) == 0 &&
	       c.power_key_active == 0,
	   "power-key-active low");
	ok(conf_set(&c, "power-key-active", "HIGH", err, sizeof(err)) == 0 &&
	       c.power_key_active == 1,
	   "power-key-active high");
	is_int(conf_set(&c, "power-key-active", "1", err, sizeof(err)), -EINVAL,
	       "power-key-active takes high or low");
	ok(conf_set(&c, "hold-lines", "RESET_N=1, W_DISABLE=low", err,
		    sizeof(err)) == 0 &&
	       c.hold_set && c.n_hold == 2 &&
	       strcmp(c.hold_names[0], "RESET_N") == 0 &&
	       c.hold_values[0] == 1 &&
	       strcmp(c.hold_names[1], "W_DISABLE") == 0 &&
	       c.hold_values[1] == 0,
	   "hold-lines: two lines, levels 1 and low");
	ok(conf_set(&c, "hold-lines", "none", err, sizeof(err)) == 0 &&
	       c.hold_set && c.n_hold == 0,
	   "hold-lines none: hold nothing");
	is_int(conf_set(&c, "hold-lines", "GPIO21", err, sizeof(err)), -EINVAL,
	       "hold line without a level refused");
	is_str(err,
	       "hold-lines: invalid value 'GPIO21' (up to 4 LINE=LEVEL, level "
	       "0, 1, low or high, e.g. GPIO21=1,GPIO6=1; or none)",
	       "hold-lines error text");
	is_int(
	    conf_set(&c, "hold-lines", "A=1,B=1,C=1,D=1,E=1", err, sizeof(err)),
	    -EINVAL, "more than 4 hold lines refused");
	is_int(conf_set(&c, "hold-lines", "A=2", err, sizeof(err)), -EINVAL,
	       "level 2 refused");
	is_str(load(&c, "board = ltepi2\npower-on-pulse = 2s\n"
			"hold-lines = GPIO21=1,GPIO6=1\n"),
	       "", "power keys in a file");
	ok(c.power_on_pulse_ms == 2000 && c.n_hold == 2, "file values read");
}

static void test_apn_override(void)
{
	struct modem_conf c;

	is_str(load(&c, "apn = file.example\nuser = u\npassword-file = /pw\n"
			"auth = chap\npdp-type = IPV6\n"),
	       "", "file with an apn and its credentials");
	conf_override_apn(&c, false, true);
	ok(c.apn[0] == '\0' && c.user[0] == '\0' &&
	       c.password_file[0] == '\0' && c.auth == CONF_AUTH_UNSET,
	   "--apn-preset clears the file's apn and its credentials");
	is_str(c.pdp_type, "IPV6", "but not the pdp-type");

	is_str(load(&c, "apn-preset = soracom.io\nuser = u\n"), "",
	       "file with a preset");
	conf_override_apn(&c, true, false);
	ok(c.apn_preset[0] == '\0' && strcmp(c.user, "u") == 0,
	   "--apn clears the file's preset only");

	is_str(load(&c, "apn = a\napn-preset = soracom.io\n"), "",
	       "file with both");
	conf_override_apn(&c, false, false);
	ok(strcmp(c.apn, "a") == 0 && strcmp(c.apn_preset, "soracom.io") == 0,
	   "no APN keys on the command line: the file stays");
}

static void test_secret(void)
{
	char buf[16], err[CONF_ERRLEN], want[CONF_ERRLEN];
	const char *path;

	path = write_file("pin", "1234\n", 0600);
	ok(conf_read_secret(path, "PIN file", buf, sizeof(buf), err,
			    sizeof(err)) == 0 &&
	       strcmp(buf, "1234") == 0,
	   "PIN file 0600 read, newline stripped");
	path = write_file("pin", "1234\n", 0640);
	is_int(conf_read_secret(path, "PIN file", buf, sizeof(buf), err,
				sizeof(err)),
	       -EACCES, "group-readable PIN file refused");
	snprintf(want, sizeof(want),
		 "PIN file %s is accessible by group or others (mode 0640); "
		 "run 'chmod 600 %s'",
		 path, path);
	is_str(err, want, "permission error text");
	path = write_file("pin", "", 0600);
	is_int(conf_read_secret(path, "PIN file", buf, sizeof(buf), err,
				sizeof(err)),
	       -EINVAL, "empty PIN file refused");
	path = write_file("pin", "12345678901234567890", 0600);
	is_int(conf_read_secret(path, "PIN file", buf, sizeof(buf), err,
				sizeof(err)),
	       -EINVAL, "overlong secret refused");
	is_str(buf, "", "refused secret not left in the buffer");
	snprintf(want, sizeof(want), "%s/absent", dir);
	is_int(conf_read_secret(want, "PIN file", buf, sizeof(buf), err,
				sizeof(err)),
	       -ENOENT, "missing PIN file");

	/* a FIFO used to block the open until a writer came: forever */
	snprintf(want, sizeof(want), "%s/fifo", dir);
	if (mkfifo(want, 0600) != 0)
		skip_all("mkfifo: %s", strerror(errno));
	alarm(10);
	is_int(conf_read_secret(want, "PIN file", buf, sizeof(buf), err,
				sizeof(err)),
	       -EINVAL, "a FIFO as PIN file is refused at once");
	alarm(0);
	ok(strstr(err, "is not a regular file") != NULL, "  and says why");
	unlink(want);
	is_int(conf_read_secret("/dev/null", "PIN file", buf, sizeof(buf), err,
				sizeof(err)),
	       -EINVAL, "a device as PIN file is refused");

	path = write_file_n("pin", "12\0 34\n", 7, 0600);
	is_int(conf_read_secret(path, "PIN file", buf, sizeof(buf), err,
				sizeof(err)),
	       -EINVAL, "a NUL in the secret is refused (not read as '12')");
	ok(strstr(err, "contains a NUL byte") != NULL, "  and says why");
	is_str(buf, "", "  nothing left in the buffer");
}

static void test_nul_in_conf(void)
{
	struct modem_conf c;
	char err[CONF_ERRLEN];
	const char *path;

	path = write_file_n("modem.conf", "apn = foo\0bar", 13, 0644);
	conf_init(&c);
	is_int(conf_load(&c, path, err, sizeof(err)), -EILSEQ,
	       "modem.conf: a NUL in the last line, no newline: refused");
	ok(strstr(err, ":1: contains a NUL byte") != NULL, "  with its line");
	path = write_file_n("modem.conf", "device = /dev/ttyUSB2\napn = a\0b\n",
			    31, 0644);
	conf_init(&c);
	is_int(conf_load(&c, path, err, sizeof(err)), -EILSEQ,
	       "modem.conf: a NUL inside a line: refused");
	ok(strstr(err, ":2: contains a NUL byte") != NULL, "  with its line");
}

int main(void)
{
	if (!mkdtemp(dir))
		skip_all("cannot create a temporary directory");
	test_values();
	test_file();
	test_power_keys();
	test_apn_override();
	test_secret();
	test_nul_in_conf();
	unlink(write_file("pin", "", 0600));
	unlink(write_file("modem.conf", "", 0600));
	rmdir(dir);
	return tap_done();
}
