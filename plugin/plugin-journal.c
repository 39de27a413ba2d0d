/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * pppd side of the structured journal entries (lib/journal.h): the
 * link's key events with MESSAGE_ID, LTEPI_EVENT and the link's state as
 * fields. pppd's own log line for each stays as it is; this is sent
 * beside it, and only where journald runs.
 */
#include "pppd-compat.h"

#include <stdarg.h>
#include <stdio.h>

#include "journal.h"
#include "linkstate.h"
#include "plugin.h"

void plugin_journal(enum journal_event e, int priority, const char *fmt, ...)
{
	const struct link_state *st = plugin_state_current();
	char message[512], text[2048];
	va_list ap;
	int n;

	va_start(ap, fmt);
	vsnprintf(message, sizeof(message), fmt, ap);
	va_end(ap);
	struct journal_field fields[] = {
		{ "LTEPI_LINK", st ? st->link : NULL },
		{ "LTEPI_IFNAME", st ? st->ifname : NULL },
		{ "LTEPI_LOCAL", st ? st->local : NULL },
		{ "LTEPI_PEER", st ? st->peer : NULL },
		{ "LTEPI_CLASS", st ? st->addr_class : NULL },
		{ "LTEPI_REASON",
		  st && st->state != LINK_UP ? st->last_down_reason : NULL },
	};
	n = journal_format(e, priority, message, fields,
			   sizeof(fields) / sizeof(fields[0]), text,
			   sizeof(text));
	if (n > 0)
		(void)journal_send(JOURNAL_SOCKET, text, (size_t)n);
}
