/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * "ltepi-modem ports" and "device = auto" (see portsel.h).
 */
#include <stdlib.h>
#include <string.h>

#include "exitcode.h"
#include "log.h"
#include "ports.h"
#include "portsel.h"

static const char *portsel_root(void)
{
	const char *root = getenv("LTEPI_ROOT");

	return root ? root : "";
}

/* Scans; logs and returns -1 when even sysfs cannot be read. */
static int portsel_scan(struct port *p)
{
	int n = ports_scan(portsel_root(), p, PORTS_MAX);

	if (n < 0)
		log_warnx(
		    "cannot list the serial ports under %s/sys/class/tty: "
		    "%s",
		    portsel_root(), strerror(-n));
	return n;
}

/* One line: "/dev/ttyUSB3 2c7c:0125 if 3 modem (AT and PPP) ...". */
static void portsel_print(FILE *out, const struct port *p, bool chosen)
{
	fprintf(out, "/dev/%s", p->name);
	if (p->vid)
		fprintf(out, " %04x:%04x if %d", p->vid, p->pid, p->ifnum);
	if (p->hsotype[0])
		fprintf(out, " hsotype \"%s\"", p->hsotype);
	fprintf(out, ": %s", ports_role_name(p->role));
	if (p->model)
		fprintf(out, ", %s (%s)", p->model, p->source);
	if (p->by_id[0])
		fprintf(out, ", /dev/serial/by-id/%s", p->by_id);
	if (p->holder_pid)
		fprintf(out, ", open in %s (pid %d)", p->holder, p->holder_pid);
	fprintf(out, "%s\n", chosen ? "  <- device = auto" : "");
}

int portsel_list(FILE *out)
{
	struct port p[PORTS_MAX];
	int i, chosen, n = portsel_scan(p);

	if (n < 0)
		return MODEM_EXIT_NO_MODEM;
	chosen = ports_choose(p, n);
	for (i = 0; i < n; i++)
		portsel_print(out, &p[i], i == chosen);
	if (n == 0)
		fprintf(out, "no serial ports (ttyUSB, ttyACM, ttyHS)\n");
	else if (chosen < 0)
		fprintf(out, "no port of a known modem: give 'device' "
			     "explicitly\n");
	return MODEM_EXIT_OK;
}

/*
 * ModemManager probes and holds the ports of every modem it knows; the
 * udev property ID_MM_DEVICE_IGNORE is how a device is kept from it.
 */
static void portsel_warn_holder(const struct port *p)
{
	if (!p->holder_pid)
		return;
	if (strcmp(p->holder, "ModemManager") == 0)
		log_warnx("ModemManager (pid %d) has /dev/%s open and will "
			  "talk to the modem too; make it ignore the modem "
			  "with a udev rule setting ID_MM_DEVICE_IGNORE (see "
			  "71-ltepi-mm-ignore.rules in ltepi-modem's "
			  "examples) or stop it",
			  p->holder_pid, p->name);
	else
		log_warnx("/dev/%s is already open in %s (pid %d); two "
			  "programs on one AT port disturb each other",
			  p->name, p->holder, p->holder_pid);
}

int portsel_resolve(char *device, size_t len)
{
	struct port p[PORTS_MAX];
	int i, n;

	if (strcmp(device, "auto") != 0)
		return 0;
	n = portsel_scan(p);
	if (n < 0)
		return MODEM_EXIT_NO_MODEM;
	i = ports_choose(p, n);
	if (i < 0) {
		log_warnx("device = auto: none of the %d serial ports belongs "
			  "to a modem ltepi-modem knows; list them with "
			  "'ltepi-modem ports' and set 'device'",
			  n);
		return MODEM_EXIT_NO_MODEM;
	}
	snprintf(device, len, "/dev/%s", p[i].name);
	log_info("device = auto: %s, the %s port of the %s (%s)%s%s", device,
		 ports_role_name(p[i].role), p[i].model, p[i].source,
		 p[i].by_id[0] ? ", /dev/serial/by-id/" : "", p[i].by_id);
	portsel_warn_holder(&p[i]);
	return 0;
}
