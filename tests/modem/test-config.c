/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Unit tests of ltepi-modem's configuration (chat/config.c): values, the
 * file format with presets, the exact "file:line: message" errors, and the
 * permission checks on secret files.
 */
#include <errno.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../tap.h"
#include "chat/conf.h"

static char dir[] = "/tmp/ltepi-test-config.XXXXXX";

static const char *write_file(const char *name, const char *text, int mode)
{
	static char path[256];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	if (!f)
		return NULL;
	fputs(text, f);
	fclose(f);
	chmod(path, (mode_t)mode);
	return path;
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
	       -EPERM, "group-readable PIN file refused");
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
}

int main(void)
{
	if (!mkdtemp(dir))
		skip_all("cannot create a temporary directory");
	test_values();
	test_file();
	test_secret();
	unlink(write_file("pin", "", 0600));
	unlink(write_file("modem.conf", "", 0600));
	rmdir(dir);
	return tap_done();
}
