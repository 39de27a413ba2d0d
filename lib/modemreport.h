/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The modem's last report: /run/ltepi/LINK.modem, written by ltepi-modem
 * when it has registered and read the signal before a dial (and by its
 * SMS listener), read by `ltepi status` and the plugin's metrics.
 * ltepi.so tells the helper the path in LTEPI_MODEM_REPORT (pppd's
 * environment, which the connect program inherits).
 *
 * Key-value text (statefile.h):
 *
 *   updated T             when it was written (Unix seconds)
 *   operator NAME         as AT+COPS? names it
 *   technology NAME       "LTE", "UMTS", ... (resp_act_name)
 *   signal-dbm N          RSSI from AT+CSQ (absent: unknown)
 *   rsrp-dbm N            LTE RSRP from AT+CESQ (absent: unknown)
 *
 * Unknown keys are ignored; a malformed line makes the file invalid.
 */
#ifndef LTEPI_LIB_MODEMREPORT_H
#define LTEPI_LIB_MODEMREPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define MODEMREPORT_ENV "LTEPI_MODEM_REPORT"

struct modem_report {
	int64_t updated;
	char oper[64];
	char technology[32];
	bool signal_known, rsrp_known;
	int signal_dbm, rsrp_dbm;
};

int modem_report_parse(const char *text, size_t len, struct modem_report *r);
int modem_report_format(const struct modem_report *r, char *buf, size_t len);

/* 0, -ENOENT, -EINVAL or another -errno. */
int modem_report_load(const char *path, struct modem_report *r);
int modem_report_store(const char *path, const struct modem_report *r);

#endif
