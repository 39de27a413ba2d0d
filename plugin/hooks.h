/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Hooks: the executables in /etc/ppp/ltepi/hooks.d/ that run on the
 * link's events (ltepi(8), HOOKS), e.g. to update a dynamic DNS name when
 * the address changes. No pppd here: plugin-hooks.c decides when.
 *
 * Which files run: names made of letters, digits, '_' and '-' only (as
 * run-parts(8) has it, so NAME.dpkg-old and editor backups never run), in
 * the C locale's order. Each is opened with lib/trusted.h: a regular file,
 * not a symbolic link, executable, owned by root (or pppd's user), not
 * writable by group or others, in directories only root can change, and
 * run from that descriptor (no swap between check and exec). One
 * that is not is refused with a message and the others still run.
 *
 * How they run: in a process of their own, detached from pppd, so that the
 * link never waits for them; one after the other, events in the order they
 * happened (a lock per link); each with a clean environment (PATH and the
 * LTEPI_* variables given), stdin/stdout/stderr on /dev/null, none of
 * pppd's descriptors (the modem's tty must close when pppd closes it), and
 * a time limit, after which it gets SIGTERM and 2 s later SIGKILL (its
 * process group, so a shell script's children go too). What each did is
 * written to a report file (hooks_format_report) and to syslog.
 */
#ifndef LTEPI_HOOKS_H
#define LTEPI_HOOKS_H

#include <stdbool.h>
#include <stddef.h>

#define HOOKS_MAX	   32
#define HOOKS_MAX_EVENTS   3
#define HOOKS_KILL_GRACE_S 2

struct hook {
	char name[64];
	int fd; /* the checked file, executed through /proc/self/fd */
};

struct hook_list {
	struct hook hooks[HOOKS_MAX];
	size_t n;
};

/* Whether name is one that runs (see above). */
bool hooks_name_runs(const char *name);

/*
 * Opens and checks dir's hooks into list, logging (warn) each refused one.
 * A missing directory is no hooks. Returns the number that will run, or
 * -errno when dir cannot be used at all (also logged).
 */
int hooks_collect(const char *dir, struct hook_list *list);

/* Closes the list's descriptors. */
void hooks_release(struct hook_list *list);

/* What one hook did, for the report. */
struct hook_result {
	char name[64];
	bool killed;	 /* at the time limit */
	int exit_status; /* when not killed: its exit status, or 128 + the
			  * signal that ended it, -1 if it did not start */
	long long ms;	 /* how long it ran */
};

/*
 * The report's text (statefile.h key-value format): "event E", "time T",
 * then a "hook" line per hook: "NAME exited N after S s", "NAME killed at
 * its S s limit". Returns the length or -ENOSPC.
 */
int hooks_format_report(const char *event, long long when,
			const struct hook_result *r, size_t n,
			unsigned int limit_s, char *buf, size_t len);

struct hooks_run {
	const char *events[HOOKS_MAX_EVENTS]; /* run in turn: "up", ... */
	size_t n_events;
	char *const *env;	/* NAME=VALUE..., NULL-terminated; LTEPI_EVENT
				 * is added per event */
	unsigned int timeout_s; /* per hook */
	const char *lock_path;	/* serialises a link's runs */
	const char *report_path;
};

/*
 * Starts the hooks in list for each event in a detached process and
 * returns at once (0 or -errno); list's descriptors are closed in the
 * caller either way.
 */
int hooks_spawn(struct hook_list *list, const struct hooks_run *run);

#endif
