/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A tiny TAP producer for the C unit tests (run by automake's tap-driver).
 *
 *	ok(cond, "what must hold %d", x);
 *	is_str(got, "expected", "message");
 *	skip_all("reason");	 -- prints "1..0 # SKIP reason", exits 0
 *	return tap_done();	 -- prints the plan, 1 if anything failed
 */
#ifndef LTEPI_TESTS_TAP_H
#define LTEPI_TESTS_TAP_H

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int tap_count, tap_failed;

__attribute__((format(printf, 4, 5), unused)) static int
tap_ok(int pass, const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	tap_count++;
	printf("%sok %d - ", pass ? "" : "not ", tap_count);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	if (!pass) {
		tap_failed++;
		printf("#   failed at %s:%d\n", file, line);
	}
	fflush(stdout);
	return pass;
}

__attribute__((unused)) static int tap_is_str(const char *got, const char *want,
					      const char *file, int line,
					      const char *msg)
{
	int pass = (got && want && strcmp(got, want) == 0) || (!got && !want);

	tap_ok(pass, file, line, "%s", msg);
	if (!pass) {
		printf("#   got:  '%s'\n", got ? got : "(null)");
		printf("#   want: '%s'\n", want ? want : "(null)");
	}
	return pass;
}

__attribute__((unused)) static int tap_is_int(long long got, long long want,
					      const char *file, int line,
					      const char *msg)
{
	int pass = got == want;

	tap_ok(pass, file, line, "%s", msg);
	if (!pass)
		printf("#   got: %lld, want: %lld\n", got, want);
	return pass;
}

__attribute__((format(printf, 1, 2), noreturn, unused)) static void
skip_all(const char *fmt, ...)
{
	va_list ap;

	printf("1..0 # SKIP ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	exit(0);
}

__attribute__((format(printf, 1, 2), unused)) static void diag(const char *fmt,
							       ...)
{
	va_list ap;

	printf("# ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
}

__attribute__((unused)) static int tap_done(void)
{
	printf("1..%d\n", tap_count);
	return tap_failed ? 1 : 0;
}

#define ok(cond, ...) tap_ok(!!(cond), __FILE__, __LINE__, __VA_ARGS__)
#define is_str(got, want, msg)                                                 \
	tap_is_str((got), (want), __FILE__, __LINE__, (msg))
#define is_int(got, want, msg)                                                 \
	tap_is_int((got), (want), __FILE__, __LINE__, (msg))

#endif
