/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The AT command/response layer: sends one command at a time on a serial
 * line, collects its information lines until the final result code, hands
 * every unsolicited result code to a callback, and enforces two deadlines:
 * the command's own timeout and an overall one for the whole run.
 *
 * Responses live in a caller-provided struct at_response of fixed size; an
 * information line beyond AT_RESP_MAX_LINES is dropped, overlong or binary
 * lines are dropped (at.h) and the exchange goes on. After a CONNECT final
 * result nothing more is read: the next byte on the line is pppd's.
 *
 * The AT dialogue is logged at debug level; a command marked secret (PIN)
 * is logged with its argument masked. No other logging.
 */
#ifndef LTEPI_CHAT_ATCMD_H
#define LTEPI_CHAT_ATCMD_H

#include <stdbool.h>
#include <stdint.h>

#include "at.h"

#define AT_RESP_MAX_LINES 8

struct at_chan;

typedef void (*at_urc_fn)(const char *line, void *arg);

struct at_cmd {
	const char *text;   /* without the trailing CR */
	const char *prefix; /* AT_PREFIX_NONE, AT_PREFIX_BARE or "+XYZ:" */
	int timeout_ms;
	bool secret; /* mask what follows '=' in the debug log */
	/*
	 * > 0: an information line ends the answer when no final result
	 * code follows within this many ms. Sierra SL808x and Wavecom answer
	 * AT+CPIN? with "+CPIN: READY" alone; oFono (gatchat terminators)
	 * and gammu take that line as the end of the answer.
	 */
	int info_ends_ms;
};

struct at_response {
	enum at_final final;
	int cme; /* at_cme_code() of a +CME ERROR, else AT_CME_UNKNOWN */
	char final_line[AT_LINE_MAX + 1];
	char lines[AT_RESP_MAX_LINES][AT_LINE_MAX + 1];
	int n_lines;
};

/*
 * A channel on rfd/wfd (both stdin/stdout under pppd, or one tty fd). The
 * descriptors stay the caller's. Returns NULL with errno set on ENOMEM.
 * Must be freed with at_chan_free(), which accepts NULL.
 */
struct at_chan *at_chan_new(int rfd, int wfd);
void at_chan_free(struct at_chan *ch);

void at_chan_set_urc_handler(struct at_chan *ch, at_urc_fn fn, void *arg);

/* Absolute clock_now_ms() time no exchange may pass; 0 means none. */
void at_chan_set_deadline(struct at_chan *ch, int64_t deadline_ms);

/*
 * Runs one command. Returns 0 when a final result code arrived (resp->final
 * says which), -ETIMEDOUT when the command timed out, -ETIME when the
 * overall deadline passed, -ENODEV when the line reached end of file or
 * -EIO (the modem went away), other -errno from the line.
 */
int at_chan_run(struct at_chan *ch, const struct at_cmd *cmd,
		struct at_response *resp);

/*
 * Runs a command that asks for more input with the "> " prompt (AT+CMGS
 * in PDU mode, 27.005 §3.5.1): sends cmd, waits for the prompt, sends
 * payload and Ctrl-Z, and collects the answer as at_chan_run() does. A
 * final result code instead of the prompt (ERROR) is the answer; when the
 * prompt does not come in time, ESC leaves the input mode and nothing is
 * sent. Returns as at_chan_run().
 */
int at_chan_run_prompt(struct at_chan *ch, const struct at_cmd *cmd,
		       const char *payload, struct at_response *resp);

/*
 * Whether the modem still answers: a plain "AT", which every V.250 modem
 * answers at once. Returns 0 when any final result code came back, else
 * the error of at_chan_run(). Late answers of an earlier command that
 * timed out are read and discarded within quiet_ms.
 */
int at_chan_probe(struct at_chan *ch, int timeout_ms, int quiet_ms);

/*
 * Reads unsolicited lines for at most timeout_ms and returns 0 right after
 * one was handed to the URC callback; -ETIMEDOUT, -ETIME and the I/O errors
 * as at_chan_run().
 */
int at_chan_wait_urc(struct at_chan *ch, int timeout_ms);

/*
 * After commands timed out, their answers may still come and would be taken
 * for the answers of the next commands. This reads and discards up to
 * finals final result codes (their information lines too), waiting at most
 * quiet_ms for each; URCs still go to the callback. Returns 0 (also when
 * fewer arrived), -ETIME and the I/O errors as at_chan_run().
 */
int at_chan_drain(struct at_chan *ch, int finals, int quiet_ms);

/* The first information line of resp starting with prefix, or NULL. */
const char *at_response_line(const struct at_response *resp,
			     const char *prefix);

#endif
