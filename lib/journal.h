/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Structured journal entries for the link's key events, sent to journald
 * with its native protocol (a datagram of KEY=value lines on
 * /run/systemd/journal/socket, systemd's "Native Journal Protocol"), so
 * that `journalctl MESSAGE_ID=...` or `journalctl LTEPI_LINK=ltepi2` find
 * them. They come in addition to pppd's syslog lines, which stay as they
 * are; without journald nothing is sent. ltepi(8), JOURNAL lists the
 * events and their MESSAGE_IDs, which never change.
 */
#ifndef LTEPI_LIB_JOURNAL_H
#define LTEPI_LIB_JOURNAL_H

#include <stddef.h>

#define JOURNAL_SOCKET "/run/systemd/journal/socket"

enum journal_event {
	JOURNAL_EVENT_UP,
	JOURNAL_EVENT_DOWN,
	JOURNAL_EVENT_ADDRESS_CHANGE,
	JOURNAL_EVENT_UNREACHABLE,   /* the address class notice */
	JOURNAL_EVENT_CHECK_RESTART, /* the link check restarted the link */
	JOURNAL_EVENT_EXIT,	     /* pppd ended */
};

/* "up", "down", ...: LTEPI_EVENT's value. */
const char *journal_event_name(enum journal_event e);

/* The event's MESSAGE_ID, 32 hex digits. */
const char *journal_message_id(enum journal_event e);

struct journal_field {
	const char *key;   /* LTEPI_LINK, ... */
	const char *value; /* NULL or "": the field is left out */
};

/*
 * The datagram for one entry: MESSAGE, PRIORITY (syslog's 0-7),
 * SYSLOG_IDENTIFIER=ltepi, MESSAGE_ID, LTEPI_EVENT and fields; newlines in
 * values become spaces. Returns its length or -ENOSPC. Pure.
 */
int journal_format(enum journal_event e, int priority, const char *message,
		   const struct journal_field *fields, size_t n, char *buf,
		   size_t len);

/*
 * Sends text to journald's socket at path: 0, -ENOENT/-ECONNREFUSED when
 * there is no journald, or another -errno. Never blocks.
 */
int journal_send(const char *path, const char *text, size_t len);

#endif
