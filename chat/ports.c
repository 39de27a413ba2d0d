/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Modem port discovery (see ports.h).
 *
 * sysfs: /sys/class/tty/NAME/device resolves to the USB interface (cdc-acm,
 * hso) or to the usb-serial port below it (option, qcserial); the
 * interface directory holds bInterfaceNumber and its parent the device's
 * idVendor and idProduct. hso ports carry "hsotype" on the tty itself.
 */
#define _GNU_SOURCE /* strcasestr */
#include <ctype.h>
#include <dirent.h>
#include <stdarg.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "number.h"
#include "ports.h"

#define PORTS_ANY_IF -1

static const struct {
	unsigned int vid, pid;
	int ifnum;
	enum port_role role;
	const char *model;
	const char *source;
} ports_table[] = {
#define PORTS_QUECTEL(pid, model)                                              \
	{ 0x2c7c, pid,                                                         \
	  0,	  PORT_ROLE_OTHER,                                             \
	  model,  "ModemManager quectel port-types rules: QCDM/DIAG" },        \
	    { 0x2c7c, pid,                                                     \
	      1,      PORT_ROLE_OTHER,                                         \
	      model,  "ModemManager quectel port-types rules: GPS" },          \
	    { 0x2c7c, pid,                                                     \
	      2,      PORT_ROLE_AT,                                            \
	      model,  "ModemManager quectel port-types rules: AT primary" },   \
	{                                                                      \
		0x2c7c, pid, 3, PORT_ROLE_PPP, model,                          \
		    "ModemManager quectel port-types rules: AT secondary, "    \
		    "the modem (PPP) port of Quectel's Linux USB guide"        \
	}
	PORTS_QUECTEL(0x0125, "Quectel EC25/EG25"),
	PORTS_QUECTEL(0x0121, "Quectel EC21"), /* CANDY Pi Lite udev rules */
	PORTS_QUECTEL(0x0296, "Quectel BG96"),
	PORTS_QUECTEL(0x0191, "Quectel EG91"),
	PORTS_QUECTEL(0x0195, "Quectel EG95"),
	PORTS_QUECTEL(0x0306, "Quectel EG06"),
#undef PORTS_QUECTEL
	{ 0x1e0e, 0x9001, 0, PORT_ROLE_OTHER, "SIMCom SIM7600",
	  "ModemManager simtech port-types rules: QCDM" },
	{ 0x1e0e, 0x9001, 1, PORT_ROLE_OTHER, "SIMCom SIM7600",
	  "ModemManager simtech port-types rules: GPS" },
	{ 0x1e0e, 0x9001, 2, PORT_ROLE_AT, "SIMCom SIM7600",
	  "ModemManager simtech port-types rules: AT primary" },
	{ 0x1e0e, 0x9001, 3, PORT_ROLE_PPP, "SIMCom SIM7600",
	  "ModemManager simtech port-types rules: AT secondary (modem port)" },
	{ 0x1e0e, 0x9001, 4, PORT_ROLE_OTHER, "SIMCom SIM7600",
	  "ModemManager simtech port-types rules: audio" },
	{ 0x1e0e, 0x9205, 2, PORT_ROLE_AT, "SIMCom SIM7080",
	  "ModemManager simtech port-types rules: AT primary" },
	{ 0x1e0e, 0x9205, 3, PORT_ROLE_PPP, "SIMCom SIM7080",
	  "ModemManager simtech port-types rules: AT PPP" },
	{ 0x1199, 0x9071, 0, PORT_ROLE_OTHER, "Sierra MC7455",
	  "Linux qcserial (Sierra layout): DM" },
	{ 0x1199, 0x9071, 2, PORT_ROLE_PPP, "Sierra MC7455",
	  "Linux qcserial (Sierra layout): AT/modem" },
	{ 0x1199, 0x9071, 3, PORT_ROLE_OTHER, "Sierra MC7455",
	  "Linux qcserial (Sierra layout): NMEA" },
	{ 0x1199, 0x9079, 0, PORT_ROLE_OTHER, "Sierra EM7455",
	  "Linux qcserial (Sierra layout): DM" },
	{ 0x1199, 0x9079, 2, PORT_ROLE_PPP, "Sierra EM7455",
	  "Linux qcserial (Sierra layout): AT/modem" },
	{ 0x1199, 0x9079, 3, PORT_ROLE_OTHER, "Sierra EM7455",
	  "Linux qcserial (Sierra layout): NMEA" },
	{ 0x1546, 0x1107, 0, PORT_ROLE_AT, "u-blox TOBY-R2",
	  "ModemManager ublox port-types rules: primary" },
	{ 0x1546, 0x110a, 0, PORT_ROLE_AT, "u-blox LARA-R2",
	  "ModemManager ublox port-types rules: primary" },
	{ 0x1546, 0x1010, 6, PORT_ROLE_AT, "u-blox TOBY-L4",
	  "ModemManager ublox port-types rules: primary" },
	{ 0x1ecb, 0x0202, 0, PORT_ROLE_PPP, "AM Telecom AMP520 (LTEPi)",
	  "CANDY LINE ltepi2-service: pppd on its ACM port" },
};

/* hso driver port types (Linux drivers/net/usb/hso.c, sysfs hsotype). */
static const struct {
	const char *type;
	enum port_role role;
} ports_hso[] = {
	{ "Modem", PORT_ROLE_PPP },	   { "Application", PORT_ROLE_AT },
	{ "Application2", PORT_ROLE_AT },  { "Control", PORT_ROLE_OTHER },
	{ "Diagnostic", PORT_ROLE_OTHER }, { "Diagnostic2", PORT_ROLE_OTHER },
	{ "GPS", PORT_ROLE_OTHER },	   { "GPS control", PORT_ROLE_OTHER },
	{ "PC/SC", PORT_ROLE_OTHER },
};

void ports_classify(struct port *p)
{
	size_t i;

	p->role = PORT_ROLE_UNKNOWN;
	p->model = p->source = NULL;
	for (i = 0; i < sizeof(ports_table) / sizeof(ports_table[0]); i++) {
		if (ports_table[i].vid != p->vid ||
		    ports_table[i].pid != p->pid ||
		    (ports_table[i].ifnum != PORTS_ANY_IF &&
		     ports_table[i].ifnum != p->ifnum))
			continue;
		p->role = ports_table[i].role;
		p->model = ports_table[i].model;
		p->source = ports_table[i].source;
		return;
	}
	for (i = 0;
	     p->hsotype[0] && i < sizeof(ports_hso) / sizeof(ports_hso[0]);
	     i++) {
		if (strcasecmp(p->hsotype, ports_hso[i].type) == 0) {
			p->role = ports_hso[i].role;
			p->model = "Option (hso driver)";
			p->source = "the hso driver's hsotype";
			return;
		}
	}
}

int ports_choose(const struct port *p, int n)
{
	static const enum port_role order[] = { PORT_ROLE_PPP, PORT_ROLE_AT };
	size_t k;
	int i;

	for (k = 0; k < sizeof(order) / sizeof(order[0]); k++) {
		for (i = 0; i < n; i++) {
			if (p[i].role == order[k])
				return i;
		}
	}
	return -ENOENT;
}

const char *ports_role_name(enum port_role role)
{
	switch (role) {
	case PORT_ROLE_PPP:
		return "modem (AT and PPP)";
	case PORT_ROLE_AT:
		return "AT";
	case PORT_ROLE_OTHER:
		return "not AT (diagnostics, GPS ...)";
	case PORT_ROLE_UNKNOWN:
		break;
	}
	return "unknown";
}

/* Formats a path; false when it does not fit (the entry is skipped). */
__attribute__((format(printf, 3, 4))) static bool
ports_path(char *buf, size_t len, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, len, fmt, ap);
	va_end(ap);
	return n >= 0 && (size_t)n < len;
}

/* The first line of file dir/name, blanks trimmed; -errno if unreadable. */
static int ports_read_attr(const char *dir, const char *name, char *buf,
			   size_t len)
{
	char path[PATH_MAX];
	size_t n;
	FILE *f;

	if (!ports_path(path, sizeof(path), "%s/%s", dir, name))
		return -ENAMETOOLONG;
	f = fopen(path, "re");
	if (!f)
		return -errno;
	if (!fgets(buf, (int)len, f))
		buf[0] = '\0';
	fclose(f);
	n = strcspn(buf, "\r\n");
	while (n > 0 && isspace((unsigned char)buf[n - 1]))
		n--;
	buf[n] = '\0';
	return 0;
}

static int ports_read_hex(const char *dir, const char *name, unsigned int *v)
{
	char buf[16];
	uint64_t n;

	if (ports_read_attr(dir, name, buf, sizeof(buf)) < 0 ||
	    number_parse_hex(buf, strlen(buf), 0xffff, &n) < 0)
		return -EINVAL;
	*v = (unsigned int)n;
	return 0;
}

/* USB interface and ids above the tty's device directory. */
static void ports_read_usb(const char *root, struct port *p)
{
	char link[PATH_MAX], dir[PATH_MAX];
	unsigned int ifnum;
	char *slash;
	int up;

	if (!ports_path(link, sizeof(link), "%s/sys/class/tty/%s/device", root,
			p->name) ||
	    !realpath(link, dir))
		return;
	for (up = 0; up < 3; up++) {
		if (ports_read_hex(dir, "bInterfaceNumber", &ifnum) == 0)
			break;
		slash = strrchr(dir, '/');
		if (!slash || slash == dir)
			return;
		*slash = '\0';
	}
	if (up == 3)
		return;
	slash = strrchr(dir, '/');
	if (!slash || slash == dir)
		return;
	*slash = '\0';
	if (ports_read_hex(dir, "idVendor", &p->vid) < 0 ||
	    ports_read_hex(dir, "idProduct", &p->pid) < 0) {
		p->vid = p->pid = 0;
		return;
	}
	p->ifnum = (int)ifnum;
}

/* The /dev/serial/by-id link that resolves to /dev/NAME. */
static void ports_read_by_id(const char *root, struct port *p)
{
	char dir[PATH_MAX], path[PATH_MAX], target[PATH_MAX];
	struct dirent *e;
	const char *base;
	DIR *d;

	if (!ports_path(dir, sizeof(dir), "%s/dev/serial/by-id", root))
		return;
	d = opendir(dir);
	if (!d)
		return;
	while ((e = readdir(d))) {
		ssize_t n;

		if (e->d_name[0] == '.')
			continue;
		if (!ports_path(path, sizeof(path), "%s/%s", dir, e->d_name))
			continue;
		n = readlink(path, target, sizeof(target) - 1);
		if (n <= 0)
			continue;
		target[n] = '\0';
		base = strrchr(target, '/');
		if (strcmp(base ? base + 1 : target, p->name) == 0 &&
		    ports_path(p->by_id, sizeof(p->by_id), "%s", e->d_name))
			break;
	}
	closedir(d);
}

/* Whether process dir pdir has /dev/NAME open. */
static bool ports_pid_holds(const char *pdir, const char *name)
{
	char fddir[PATH_MAX], path[PATH_MAX], target[PATH_MAX], want[64];
	struct dirent *e;
	bool found = false;
	DIR *d;

	if (!ports_path(fddir, sizeof(fddir), "%s/fd", pdir) ||
	    !ports_path(want, sizeof(want), "/dev/%s", name))
		return false;
	d = opendir(fddir);
	if (!d)
		return false;
	while (!found && (e = readdir(d))) {
		ssize_t n;

		if (!ports_path(path, sizeof(path), "%s/%s", fddir, e->d_name))
			continue;
		n = readlink(path, target, sizeof(target) - 1);
		if (n <= 0)
			continue;
		target[n] = '\0';
		found = strcmp(target, want) == 0;
	}
	closedir(d);
	return found;
}

/* Names the first process (ModemManager, a chat, ...) holding ports. */
static void ports_read_holders(const char *root, struct port *p, int n)
{
	char proc[PATH_MAX], pdir[PATH_MAX];
	struct dirent *e;
	pid_t self = getpid();
	DIR *d;
	int i;

	if (!ports_path(proc, sizeof(proc), "%s/proc", root))
		return;
	d = opendir(proc);
	if (!d)
		return;
	while ((e = readdir(d))) {
		uint64_t pid;

		/* only the numeric entries are processes */
		if (number_parse_decimal(e->d_name, strlen(e->d_name), INT_MAX,
					 &pid) < 0 ||
		    pid == 0 || pid == (uint64_t)self)
			continue;
		if (!ports_path(pdir, sizeof(pdir), "%s/%s", proc, e->d_name))
			continue;
		for (i = 0; i < n; i++) {
			if (p[i].holder_pid ||
			    !ports_pid_holds(pdir, p[i].name))
				continue;
			p[i].holder_pid = (int)pid;
			if (ports_read_attr(pdir, "comm", p[i].holder,
					    sizeof(p[i].holder)) < 0)
				snprintf(p[i].holder, sizeof(p[i].holder), "?");
		}
	}
	closedir(d);
}

static bool ports_is_modem_tty(const char *name)
{
	return strncmp(name, "ttyUSB", 6) == 0 ||
	       strncmp(name, "ttyACM", 6) == 0 ||
	       strncmp(name, "ttyHS", 5) == 0;
}

static int ports_cmp(const void *a, const void *b)
{
	const struct port *x = a, *y = b;
	size_t lx = strlen(x->name), ly = strlen(y->name);

	/* ttyUSB2 before ttyUSB10: shorter first within a prefix */
	if (lx != ly && strncmp(x->name, y->name, 6) == 0)
		return lx < ly ? -1 : 1;
	return strcmp(x->name, y->name);
}

int ports_scan(const char *root, struct port *out, int max)
{
	char dir[PATH_MAX], hsodir[PATH_MAX];
	struct dirent *e;
	int i, n = 0;
	DIR *d;

	if (!ports_path(dir, sizeof(dir), "%s/sys/class/tty", root))
		return -ENAMETOOLONG;
	d = opendir(dir);
	if (!d)
		return -errno;
	while ((e = readdir(d)) && n < max) {
		if (!ports_is_modem_tty(e->d_name) ||
		    strlen(e->d_name) >= sizeof(out[n].name))
			continue;
		out[n] = (struct port){ .ifnum = -1 };
		memcpy(out[n].name, e->d_name, strlen(e->d_name) + 1);
		n++;
	}
	closedir(d);
	qsort(out, (size_t)n, sizeof(out[0]), ports_cmp);
	for (i = 0; i < n; i++) {
		ports_read_usb(root, &out[i]);
		if (ports_path(hsodir, sizeof(hsodir), "%s/%s", dir,
			       out[i].name))
			(void)ports_read_attr(hsodir, "hsotype", out[i].hsotype,
					      sizeof(out[i].hsotype));
		ports_read_by_id(root, &out[i]);
		ports_classify(&out[i]);
	}
	ports_read_holders(root, out, n);
	return n;
}
