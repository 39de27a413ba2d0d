/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Text appended into a caller's fixed buffer, for the formatters of the
 * state file (linkstate.c) and the metrics (metrics.c): a write that does
 * not fit marks the buffer full and every later one is skipped, so the
 * formatter checks once at the end instead of after every line.
 */
#ifndef LTEPI_LIB_TEXTBUF_H
#define LTEPI_LIB_TEXTBUF_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

struct textbuf {
	char *buf;
	size_t len, used;
	bool full;
};

/* An empty text in buf (len bytes; full at once when len is 0). */
void textbuf_init(struct textbuf *t, char *buf, size_t len);

/* Appends; on overflow marks t full (what was there before stays). */
void textbuf_printf(struct textbuf *t, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void textbuf_vprintf(struct textbuf *t, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));

/* The text's length, or -ENOSPC if anything did not fit. */
int textbuf_result(const struct textbuf *t);

#endif
