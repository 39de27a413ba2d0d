/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * `ltepi status`: what each link's state file (lib/linkstate.h) says,
 * checked against the process that wrote it, in words for people or as
 * JSON for programs. ltepi(8) documents both formats and the exit status.
 */
#ifndef LTEPI_CLI_STATUS_H
#define LTEPI_CLI_STATUS_H

#include <stdbool.h>
#include <stdio.h>

#include "linkstate.h"
#include "modemreport.h"

#define STATUS_DIR_ENV "LTEPI_RUN_DIR"

/* Exit statuses of `ltepi status`. */
enum status_exit {
	STATUS_EXIT_UP = 0,	 /* every link shown is up */
	STATUS_EXIT_NOT_UP = 1,	 /* one is connecting, down, exited or stale */
	STATUS_EXIT_USAGE = 2,	 /* bad command line */
	STATUS_EXIT_UNKNOWN = 3, /* a named link has no state; no link at all */
	STATUS_EXIT_UNREADABLE = 4, /* a state file could not be read */
};

/* One link as `ltepi status` shows it. */
struct status_link {
	struct link_state st;
	bool pppd_running; /* the pid in the file is a running pppd */
	bool have_modem;
	struct modem_report modem;
	/* The hooks' last run (LINK.hooks): its event, time and one line
	 * per hook; n_hooks 0 when none ran. */
	char hooks_event[32];
	long long hooks_time;
	char hooks[8][96];
	size_t n_hooks;
};

/* Reads the hooks' report text into l (what does not parse is left out). */
void status_take_hooks(struct status_link *l, const char *text, size_t len);

/*
 * The state to show: the file's, except "stale" when it says the link is
 * not "exited" but its pppd is gone (killed, or the box crashed).
 */
const char *status_state_name(const struct status_link *l);
bool status_is_up(const struct status_link *l);

/* The human format, at most 80 columns; now: Unix seconds. */
void status_print_text(FILE *out, const struct status_link *l, long long now);

/* The JSON format: {"links":[...]}, one object per link. */
void status_print_json(FILE *out, const struct status_link *links, size_t n);

#endif
