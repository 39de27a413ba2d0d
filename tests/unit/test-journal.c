/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The journal entries (lib/journal.c): the native protocol's KEY=value
 * lines, the fixed MESSAGE_IDs, no newline smuggling a field in, and a
 * datagram that really arrives on a socket (and none without journald).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "lib/journal.h"
#include "tests/tap.h"

static void test_format(void)
{
	struct journal_field f[] = {
		{ "LTEPI_LINK", "ltepi2" },
		{ "LTEPI_LOCAL", "" },
		{ "LTEPI_REASON", "the modem\nPRIORITY=0" },
	};
	char buf[1024];
	int n = journal_format(JOURNAL_EVENT_DOWN, 5, "ppp0: the link is down",
			       f, 3, buf, sizeof(buf));

	ok(n > 0, "formats");
	is_str(buf,
	       "MESSAGE=ppp0: the link is down\nPRIORITY=5\n"
	       "SYSLOG_IDENTIFIER=ltepi\n"
	       "MESSAGE_ID=0bdb2f50b32f4aea8fec966bee0b4fa5\n"
	       "LTEPI_EVENT=down\nLTEPI_LINK=ltepi2\n"
	       "LTEPI_REASON=the modem PRIORITY=0\n",
	       "the fields, an empty one left out, a newline made a space");
	is_int(journal_format(JOURNAL_EVENT_UP, 5, "x", f, 3, buf, 40), -ENOSPC,
	       "a short buffer is -ENOSPC");
	is_str(journal_message_id(JOURNAL_EVENT_UP),
	       "a45bcffc87754fc3b2ab6127ceaf5cb6", "up's MESSAGE_ID is fixed");
	is_str(journal_event_name(JOURNAL_EVENT_CHECK_RESTART),
	       "link-check-restart", "the event names");
}

static void test_send(void)
{
	char dir[] = "/tmp/test-journal.XXXXXX", path[64], got[256];
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int fd;
	ssize_t n;

	if (!mkdtemp(dir)) {
		ok(0, "mkdtemp");
		return;
	}
	snprintf(path, sizeof(path), "%s/socket", dir);
	is_int(journal_send(path, "MESSAGE=x\n", 10), -ENOENT,
	       "no journald: -ENOENT, nothing else happens");
	fd = socket(AF_UNIX, SOCK_DGRAM, 0);
	memcpy(sa.sun_path, path, strlen(path) + 1);
	ok(bind(fd, (struct sockaddr *)&sa, sizeof(sa)) == 0, "a socket");
	is_int(journal_send(path, "MESSAGE=x\n", 10), 0, "sent");
	n = recv(fd, got, sizeof(got) - 1, MSG_DONTWAIT);
	got[n > 0 ? n : 0] = '\0';
	is_str(got, "MESSAGE=x\n", "one datagram, as formatted");
	close(fd);
	unlink(path);
	rmdir(dir);
}

int main(void)
{
	test_format();
	test_send();
	return tap_done();
}
