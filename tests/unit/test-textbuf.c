/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * lib/textbuf.c: appends until the buffer is full, then nothing more, and
 * the text is always terminated where the last whole append ended.
 */
#include <errno.h>
#include <string.h>

#include "lib/textbuf.h"
#include "tests/tap.h"

int main(void)
{
	struct textbuf t;
	char buf[8];

	textbuf_init(&t, buf, sizeof(buf));
	textbuf_printf(&t, "ab%d", 1);
	textbuf_printf(&t, "cd");
	is_int(textbuf_result(&t), 5, "two appends that fit");
	is_str(buf, "ab1cd", "  in order");
	textbuf_printf(&t, "xyz");
	is_int(textbuf_result(&t), -ENOSPC, "an append that does not fit");
	is_str(buf, "ab1cd", "  leaves no half of it");
	textbuf_printf(&t, "x");
	is_int(textbuf_result(&t), -ENOSPC, "  and later ones are skipped");
	is_str(buf, "ab1cd", "  even if they would fit");
	textbuf_init(&t, buf, 0);
	is_int(textbuf_result(&t), -ENOSPC, "no room at all is full");
	textbuf_init(&t, buf, sizeof(buf));
	textbuf_printf(&t, "1234567");
	is_int(textbuf_result(&t), 7, "exactly len - 1 characters fit");
	return tap_done();
}
