/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Serial line I/O for ltepi-modem: raw termios, reads with a deadline and
 * complete writes. Deadlines are absolute milliseconds of clock_now_ms()
 * (lib/clock.h) so a whole exchange shares one budget.
 *
 * Reads are one byte at a time on purpose: after "CONNECT" the next bytes on
 * the line are PPP frames that belong to pppd, and a read that returned more
 * than the CONNECT line would swallow them.
 *
 * Functions return 0 (serial_read_byte: 1 for a byte) or -errno; they do not
 * log. A descriptor that is not a tty (a socketpair in tests) is accepted.
 */
#ifndef LTEPI_CHAT_SERIAL_H
#define LTEPI_CHAT_SERIAL_H

#include <stddef.h>
#include <stdint.h>

/*
 * Opens path read/write without becoming its controlling tty, in raw mode
 * (no echo, no line editing, no CR/LF translation, 8 bits, local, receiver
 * on), keeping the speed, and discards input queued before.
 */
int serial_open(const char *path, int *fd);

/*
 * Discards input queued on a tty. Under pppd the line is already set up as
 * pppd wants it (CLOCAL, CRTSCTS), so the connect mode only does this.
 */
int serial_discard_input(int fd);

/*
 * Reads one byte into *c. Returns 1, 0 at end of file (the other side closed
 * the line), -ETIMEDOUT once deadline_ms has passed, or -errno (-EIO when a
 * pty's master went away).
 */
int serial_read_byte(int fd, char *c, int64_t deadline_ms);

/* Writes all of buf. Returns 0, -ETIMEDOUT or -errno. */
int serial_write_all(int fd, const void *buf, size_t len, int64_t deadline_ms);

#endif
