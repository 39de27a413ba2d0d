/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Text appended into a fixed buffer (see textbuf.h). */
#include <errno.h>
#include <stdio.h>

#include "textbuf.h"

void textbuf_init(struct textbuf *t, char *buf, size_t len)
{
	*t = (struct textbuf){ .buf = buf, .len = len, .full = len == 0 };
	if (len)
		buf[0] = '\0';
}

void textbuf_vprintf(struct textbuf *t, const char *fmt, va_list ap)
{
	int n;

	if (t->full)
		return;
	n = vsnprintf(t->buf + t->used, t->len - t->used, fmt, ap);
	if (n < 0 || (size_t)n >= t->len - t->used) {
		t->full = true;
		t->buf[t->used] = '\0'; /* no half line */
		return;
	}
	t->used += (size_t)n;
}

void textbuf_printf(struct textbuf *t, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	textbuf_vprintf(t, fmt, ap);
	va_end(ap);
}

int textbuf_result(const struct textbuf *t)
{
	return t->full ? -ENOSPC : (int)t->used;
}
