/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Unit tests of modem port discovery (chat/ports.c) on a fake root: a
 * Quectel EC25 (option driver, four ttyUSB behind interfaces 0-3), the
 * LTEPi's AM Telecom module (cdc-acm), an Option modem on the hso driver
 * (hsotype), a stranger's serial adapter, /dev/serial/by-id links and a
 * ModemManager process holding the EC25's modem port.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../tap.h"
#include "chat/ports.h"

static char root[256];

/* mkdir -p root/rel */
static void mkdirs(const char *rel)
{
	char path[PATH_MAX], *p;

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	for (p = path + strlen(root) + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		(void)mkdir(path, 0755);
		*p = '/';
	}
	(void)mkdir(path, 0755);
}

static void put(const char *rel, const char *text)
{
	char path[PATH_MAX];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	f = fopen(path, "w");
	if (!f)
		skip_all("cannot write %s: %s", path, strerror(errno));
	fputs(text, f);
	fclose(f);
}

static void link_to(const char *target, const char *rel)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	if (symlink(target, path) < 0)
		skip_all("symlink %s: %s", path, strerror(errno));
}

/* A USB device dev with vid:pid and one tty behind interface ifnum. */
static void usb_tty(const char *dev, const char *vid, const char *pid,
		    int ifnum, const char *tty, bool usb_serial)
{
	char rel[PATH_MAX], text[16], target[PATH_MAX];

	snprintf(rel, sizeof(rel), "sys/devices/usb1/%s", dev);
	mkdirs(rel);
	snprintf(rel, sizeof(rel), "sys/devices/usb1/%s/idVendor", dev);
	put(rel, vid);
	snprintf(rel, sizeof(rel), "sys/devices/usb1/%s/idProduct", dev);
	put(rel, pid);
	snprintf(rel, sizeof(rel), "sys/devices/usb1/%s/%s:1.%d", dev, dev,
		 ifnum);
	mkdirs(rel);
	snprintf(rel, sizeof(rel),
		 "sys/devices/usb1/%s/%s:1.%d/bInterfaceNumber", dev, dev,
		 ifnum);
	snprintf(text, sizeof(text), "%02x\n", ifnum);
	put(rel, text);
	snprintf(rel, sizeof(rel), "sys/devices/usb1/%s/%s:1.%d/%s", dev, dev,
		 ifnum, tty);
	if (usb_serial)
		mkdirs(rel);
	snprintf(rel, sizeof(rel), "sys/class/tty/%s", tty);
	mkdirs(rel);
	snprintf(target, sizeof(target), "../../../devices/usb1/%s/%s:1.%d%s%s",
		 dev, dev, ifnum, usb_serial ? "/" : "", usb_serial ? tty : "");
	snprintf(rel, sizeof(rel), "sys/class/tty/%s/device", tty);
	link_to(target, rel);
}

static void build_tree(void)
{
	static const char *const hso[] = { "Control", "Application",
					   "Diagnostic", "Modem" };
	char rel[64];
	int i;

	snprintf(root, sizeof(root), "%s/ltepi-ports.XXXXXX",
		 getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	if (!mkdtemp(root))
		skip_all("mkdtemp: %s", strerror(errno));
	for (i = 0; i < 4; i++) {
		char tty[16];

		snprintf(tty, sizeof(tty), "ttyUSB%d", i);
		usb_tty("1-1", "2c7c\n", "0125\n", i, tty, true);
	}
	usb_tty("1-2", "1ecb\n", "0202\n", 0, "ttyACM0", false);
	for (i = 0; i < 4; i++) {
		char tty[16];

		snprintf(tty, sizeof(tty), "ttyHS%d", i);
		usb_tty("1-3", "0af0\n", "6971\n", i, tty, false);
		snprintf(rel, sizeof(rel), "sys/class/tty/%s/hsotype", tty);
		put(rel, hso[i]);
	}
	usb_tty("1-4", "0403\n", "6001\n", 0, "ttyUSB10", true); /* FTDI */
	mkdirs("sys/class/tty/ttyS0");				 /* no device */
	mkdirs("dev/serial/by-id");
	link_to("../../ttyUSB3", "dev/serial/by-id/"
				 "usb-Quectel_EC25_0123-if03-port0");
	link_to("../../ttyACM0", "dev/serial/by-id/"
				 "usb-AM_Telecom_AMP520-if00");
	mkdirs("proc/4242/fd");
	put("proc/4242/comm", "ModemManager\n");
	link_to("/dev/ttyUSB3", "proc/4242/fd/7");
	link_to("/dev/null", "proc/4242/fd/0");
	mkdirs("proc/self");
}

static const struct port *find(const struct port *p, int n, const char *name)
{
	int i;

	for (i = 0; i < n; i++) {
		if (strcmp(p[i].name, name) == 0)
			return &p[i];
	}
	return NULL;
}

static void test_scan(void)
{
	struct port p[PORTS_MAX];
	const struct port *q;
	int n = ports_scan(root, p, PORTS_MAX), i;

	is_int(n, 10, "ten serial ports (ttyS0 is no modem tty)");
	for (i = 0; i < 4; i++) {
		char name[16];

		snprintf(name, sizeof(name), "ttyUSB%d", i);
		q = find(p, n, name);
		ok(q && q->vid == 0x2c7c && q->pid == 0x0125 && q->ifnum == i,
		   "%s: EC25 interface %d read through the usb-serial port",
		   name, i);
	}
	q = find(p, n, "ttyUSB3");
	ok(q && q->role == PORT_ROLE_PPP && q->source &&
	       strstr(q->source, "ModemManager quectel"),
	   "EC25 interface 3 is the modem port, source named");
	ok(q && strcmp(q->by_id, "usb-Quectel_EC25_0123-if03-port0") == 0,
	   "its /dev/serial/by-id name");
	ok(q && q->holder_pid == 4242 && strcmp(q->holder, "ModemManager") == 0,
	   "ModemManager found holding it");
	q = find(p, n, "ttyUSB2");
	ok(q && q->role == PORT_ROLE_AT && q->holder_pid == 0,
	   "EC25 interface 2 is the AT port, not held");
	q = find(p, n, "ttyUSB0");
	ok(q && q->role == PORT_ROLE_OTHER, "EC25 interface 0 is DIAG");
	q = find(p, n, "ttyACM0");
	ok(q && q->vid == 0x1ecb && q->ifnum == 0 && q->role == PORT_ROLE_PPP,
	   "AM Telecom ACM port, read through the interface itself");
	q = find(p, n, "ttyHS3");
	ok(q && strcmp(q->hsotype, "Modem") == 0 && q->role == PORT_ROLE_PPP,
	   "hso 'Modem' port");
	q = find(p, n, "ttyHS1");
	ok(q && q->role == PORT_ROLE_AT, "hso 'Application' port is AT");
	q = find(p, n, "ttyHS0");
	ok(q && q->role == PORT_ROLE_OTHER, "hso 'Control' port is not AT");
	q = find(p, n, "ttyUSB10");
	ok(q && q->vid == 0x0403 && q->role == PORT_ROLE_UNKNOWN && !q->model,
	   "an FTDI adapter stays unknown");
	ok(find(p, n, "ttyUSB10") > find(p, n, "ttyUSB3"),
	   "ttyUSB10 sorts after ttyUSB3");
	i = ports_choose(p, n);
	ok(i >= 0 && strcmp(p[i].name, "ttyACM0") == 0,
	   "auto: the first modem port in name order (ttyACM0 before "
	   "ttyHS3 and ttyUSB3)");
}

static void test_choose(void)
{
	struct port p[3] = {
		{ .name = "ttyUSB0", .vid = 0x2c7c, .pid = 0x0125, .ifnum = 0 },
		{ .name = "ttyUSB2", .vid = 0x2c7c, .pid = 0x0125, .ifnum = 2 },
		{ .name = "ttyUSB9", .vid = 0x0403, .pid = 0x6001, .ifnum = 0 },
	};
	int i;

	for (i = 0; i < 3; i++)
		ports_classify(&p[i]);
	is_int(ports_choose(p, 3), 1, "no modem port: the AT port");
	is_int(ports_choose(&p[2], 1), -ENOENT,
	       "only an unknown port: no guess");
	is_int(ports_choose(p, 0), -ENOENT, "no ports: none");
	p[0].vid = 0x1199;
	p[0].pid = 0x9071;
	p[0].ifnum = 2;
	ports_classify(&p[0]);
	is_int(ports_choose(p, 3), 0, "a modem port wins over an AT port");
	ok(strstr(p[0].source, "qcserial") != NULL,
	   "Sierra row names the kernel driver as source");
}

static void test_missing_root(void)
{
	struct port p[2];

	is_int(ports_scan("/nonexistent/ltepi", p, 2), -ENOENT,
	       "no sysfs under the root: -ENOENT");
}

int main(void)
{
	build_tree();
	test_scan();
	test_choose();
	test_missing_root();
	{
		char cmd[PATH_MAX + 16];

		snprintf(cmd, sizeof(cmd), "rm -rf '%s'", root);
		if (system(cmd) != 0)
			printf("# could not remove %s\n", root);
	}
	return tap_done();
}
