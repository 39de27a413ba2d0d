/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What the C namespace tests share for setting up the kernel side: a shell
 * command that must succeed, and a tun device with carrier standing in for
 * a PPP interface. Setup failures are hard errors (TAP "Bail out!", 99).
 */
#ifndef LTEPI_TESTS_NS_H
#define LTEPI_TESTS_NS_H

#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <linux/if_tun.h>

__attribute__((noreturn, unused)) static void bail(const char *what)
{
	printf("Bail out! %s: %s\n", what, strerror(errno));
	exit(99);
}

/* Runs a shell command; setup failures are hard errors. */
__attribute__((format(printf, 1, 2), unused)) static void sh(const char *fmt,
							     ...)
{
	char cmd[4096];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	if (system(cmd) != 0) {
		printf("Bail out! command failed: %s\n", cmd);
		exit(99);
	}
}

/*
 * A tun device with carrier (while fd stays open; closing it removes the
 * interface, as a PPP unit goes with its pppd), up.
 */
__attribute__((unused)) static int tun_open(const char *name)
{
	struct ifreq ifr = { .ifr_flags = IFF_TUN | IFF_NO_PI };
	int fd = open("/dev/net/tun", O_RDWR | O_CLOEXEC);

	if (fd < 0)
		bail("open /dev/net/tun");
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", name);
	if (ioctl(fd, TUNSETIFF, &ifr) != 0)
		bail("TUNSETIFF");
	sh("ip link set %s up", name);
	return fd;
}

#endif
