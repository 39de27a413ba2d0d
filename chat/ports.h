/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Which tty is the modem's AT/PPP port: "device = auto", "info --device
 * auto" and "ltepi-modem ports". A modem shows several ttys (diagnostics,
 * GPS, AT, modem); which is which is a property of the model, so a shipped
 * table keyed by USB vendor:product and interface number says it, each row
 * naming its source; the hso driver names its ports itself (hsotype).
 *
 * Policy (ports_classify, ports_choose) is pure; ports_scan reads sysfs,
 * /dev/serial/by-id and /proc under a root directory, "" for the real
 * system and a fake tree in the tests.
 */
#ifndef LTEPI_CHAT_PORTS_H
#define LTEPI_CHAT_PORTS_H

#include <stdbool.h>
#include <stddef.h>

#define PORTS_MAX 32

enum port_role {
	PORT_ROLE_UNKNOWN, /* not in the table: maybe, maybe not */
	PORT_ROLE_OTHER,   /* diagnostics, GPS ...: never an AT port */
	PORT_ROLE_AT,	   /* answers AT, but PPP belongs elsewhere */
	PORT_ROLE_PPP,	   /* answers AT and carries PPP after ATD */
};

struct port {
	char name[32];	  /* "ttyUSB3" */
	unsigned int vid; /* USB ids, 0 when not a USB device */
	unsigned int pid;
	int ifnum;	  /* USB interface number, -1 unknown */
	char hsotype[32]; /* hso driver's port type, "" if none */
	char by_id[128];  /* its /dev/serial/by-id name, "" if none */
	char holder[32];  /* a process that has it open, "" if none */
	int holder_pid;	  /* its pid, 0 if none */
	enum port_role role;
	const char *model;  /* the table's model, NULL if unknown */
	const char *source; /* where the role comes from, NULL if unknown */
};

/*
 * Reads the serial ports (ttyUSB*, ttyACM*, ttyHS*) under root (""
 * for /): USB ids and interface from sysfs, hsotype, by-id name, the
 * process holding each open; sorted by name, classified. Returns the
 * count, or -errno when root/sys/class/tty cannot be read.
 */
int ports_scan(const char *root, struct port *out, int max);

/* Sets p->role, model and source from the table or the hso type. */
void ports_classify(struct port *p);

/*
 * The port "device = auto" takes: the PPP port of a known modem, else
 * its AT port (a modem without a separate modem port dials on it). Index
 * into p, or -ENOENT when no port is known (unknown ports are not
 * guessed: sending AT to a GPS or a stranger's serial port is no probe).
 */
int ports_choose(const struct port *p, int n);

const char *ports_role_name(enum port_role role);

#endif
