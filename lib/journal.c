/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Structured journal entries (journal.h). */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "journal.h"

static const struct {
	const char *name, *id;
} events[] = {
	[JOURNAL_EVENT_UP] = { "up", "a45bcffc87754fc3b2ab6127ceaf5cb6" },
	[JOURNAL_EVENT_DOWN] = { "down", "0bdb2f50b32f4aea8fec966bee0b4fa5" },
	[JOURNAL_EVENT_ADDRESS_CHANGE] = { "address-change",
					   "79c4b7d4f2c9495fb945d7a0c2f473b4" },
	[JOURNAL_EVENT_UNREACHABLE] = { "unreachable-address",
					"0d959a2464454f46aa431bd290996f86" },
	[JOURNAL_EVENT_CHECK_RESTART] = { "link-check-restart",
					  "4f6af23dad5c40838f021696dc1692cd" },
	[JOURNAL_EVENT_EXIT] = { "exit", "d0434393c6534566b3a7cec4753b81a0" },
};

const char *journal_event_name(enum journal_event e)
{
	return (unsigned int)e < sizeof(events) / sizeof(events[0])
		   ? events[e].name
		   : "unknown";
}

const char *journal_message_id(enum journal_event e)
{
	return (unsigned int)e < sizeof(events) / sizeof(events[0])
		   ? events[e].id
		   : "00000000000000000000000000000000";
}

/* KEY=value\n with newlines in value as spaces; false when it is full. */
static int put(char *buf, size_t len, size_t *used, const char *key,
	       const char *value)
{
	size_t k = strlen(key), v = strlen(value), i;

	if (*used + k + v + 2 >= len)
		return -ENOSPC;
	memcpy(buf + *used, key, k);
	buf[*used + k] = '=';
	for (i = 0; i < v; i++)
		buf[*used + k + 1 + i] = value[i] == '\n' ? ' ' : value[i];
	buf[*used + k + 1 + v] = '\n';
	*used += k + v + 2;
	buf[*used] = '\0';
	return 0;
}

int journal_format(enum journal_event e, int priority, const char *message,
		   const struct journal_field *fields, size_t n, char *buf,
		   size_t len)
{
	char prio[4];
	size_t used = 0, i;
	int r;

	if ((unsigned int)e >= sizeof(events) / sizeof(events[0]))
		return -EINVAL;
	snprintf(prio, sizeof(prio), "%d", priority & 7);
	r = put(buf, len, &used, "MESSAGE", message);
	if (!r)
		r = put(buf, len, &used, "PRIORITY", prio);
	if (!r)
		r = put(buf, len, &used, "SYSLOG_IDENTIFIER", "ltepi");
	if (!r)
		r = put(buf, len, &used, "MESSAGE_ID", events[e].id);
	if (!r)
		r = put(buf, len, &used, "LTEPI_EVENT", events[e].name);
	for (i = 0; !r && i < n; i++)
		if (fields[i].value && fields[i].value[0])
			r = put(buf, len, &used, fields[i].key,
				fields[i].value);
	return r < 0 ? r : (int)used;
}

int journal_send(const char *path, const char *text, size_t len)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int fd, r = 0;

	if (strlen(path) >= sizeof(sa.sun_path))
		return -ENAMETOOLONG;
	if (access(path, F_OK) < 0)
		return -ENOENT;
	strcpy(sa.sun_path, path);
	fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd < 0)
		return -errno;
	if (sendto(fd, text, len, MSG_NOSIGNAL, (struct sockaddr *)&sa,
		   sizeof(sa)) < 0)
		r = -errno;
	close(fd);
	return r;
}
