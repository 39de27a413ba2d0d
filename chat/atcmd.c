/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * AT command/response layer (see atcmd.h): the only place that joins the
 * pure parser (at.c) to the line (serial.c).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "atcmd.h"
#include "clock.h"
#include "log.h"
#include "serial.h"

struct at_chan {
	int rfd;
	int wfd;
	int64_t deadline_ms;
	at_urc_fn urc_fn;
	void *urc_arg;
	struct at_parser parser;
};

struct at_chan *at_chan_new(int rfd, int wfd)
{
	struct at_chan *ch = calloc(1, sizeof(*ch));

	if (!ch)
		return NULL;
	ch->rfd = rfd;
	ch->wfd = wfd;
	at_parser_init(&ch->parser);
	return ch;
}

void at_chan_free(struct at_chan *ch)
{
	free(ch);
}

void at_chan_set_urc_handler(struct at_chan *ch, at_urc_fn fn, void *arg)
{
	ch->urc_fn = fn;
	ch->urc_arg = arg;
}

void at_chan_set_deadline(struct at_chan *ch, int64_t deadline_ms)
{
	ch->deadline_ms = deadline_ms;
}

/* The earlier of now + timeout_ms and the overall deadline. */
static int64_t at_chan_deadline(const struct at_chan *ch, int timeout_ms)
{
	int64_t d = clock_now_ms() + timeout_ms;

	if (ch->deadline_ms && ch->deadline_ms < d)
		return ch->deadline_ms;
	return d;
}

/* Maps a read/write failure; -ETIME when the overall budget is spent. */
static int at_chan_error(const struct at_chan *ch, int r)
{
	if (r == -ETIMEDOUT && ch->deadline_ms &&
	    clock_now_ms() >= ch->deadline_ms)
		return -ETIME;
	if (r == 0 || r == -EIO)
		return -ENODEV;
	return r;
}

/*
 * Reads until the parser yields a line (0) or, when prompt is set, until
 * the pending input is the "> " prompt (1), which has no line end; else a
 * negative at_chan_error().
 */
static int at_chan_read_until(struct at_chan *ch, int64_t deadline_ms,
			      bool prompt)
{
	enum at_feed ev;
	size_t used;
	char c;
	int r;

	for (;;) {
		r = serial_read_byte(ch->rfd, &c, deadline_ms);
		if (r <= 0)
			return at_chan_error(ch, r);
		ev = at_parser_feed(&ch->parser, &c, 1, &used);
		if (ev == AT_FEED_LINE)
			return 0;
		if (prompt && ev == AT_FEED_MORE && ch->parser.len == 1 &&
		    ch->parser.line[0] == '>')
			return 1;
		if (ev == AT_FEED_OVERLONG)
			log_debug("modem sent a line longer than %d bytes, "
				  "ignoring it",
				  AT_LINE_MAX);
		else if (ev == AT_FEED_GARBAGE)
			log_debug("modem sent a line with binary bytes, "
				  "ignoring it");
	}
}

/* Reads until the parser yields a line; 0 or a negative at_chan_error(). */
static int at_chan_read_line(struct at_chan *ch, int64_t deadline_ms)
{
	return at_chan_read_until(ch, deadline_ms, false);
}

static void at_chan_urc(struct at_chan *ch, const char *line)
{
	log_debug("AT< %s (unsolicited)", line);
	if (ch->urc_fn)
		ch->urc_fn(line, ch->urc_arg);
}

static int at_chan_send(struct at_chan *ch, const struct at_cmd *cmd,
			int64_t deadline_ms)
{
	char buf[AT_LINE_MAX + 2];
	int n, r;

	n = snprintf(buf, sizeof(buf), "%s\r", cmd->text);
	if (n < 0 || (size_t)n >= sizeof(buf))
		return -EMSGSIZE;
	if (cmd->secret)
		log_debug("AT> %.*s=****", (int)strcspn(cmd->text, "="),
			  cmd->text);
	else
		log_debug("AT> %s", cmd->text);
	r = serial_write_all(ch->wfd, buf, (size_t)n, deadline_ms);
	/* may hold the PIN: a plain memset() could be optimised away */
	explicit_bzero(buf, sizeof(buf));
	return r < 0 ? at_chan_error(ch, r) : 0;
}

static void at_response_add(struct at_response *resp, const char *line)
{
	if (resp->n_lines == AT_RESP_MAX_LINES) {
		log_debug("AT< %s (response too long, dropped)", line);
		return;
	}
	log_debug("AT< %s", line);
	snprintf(resp->lines[resp->n_lines++], sizeof(resp->lines[0]), "%s",
		 line);
}

static void at_response_finish(struct at_response *resp, const char *line)
{
	log_debug("AT< %s", line);
	resp->final = at_final_classify(line);
	resp->cme = at_cme_code(line);
	snprintf(resp->final_line, sizeof(resp->final_line), "%s", line);
}

/* The information line was the whole answer: as if OK had followed. */
static int at_response_info_ends(struct at_response *resp)
{
	log_debug("AT: no final result code after the answer; taking the "
		  "information line as its end");
	resp->final = AT_FINAL_OK;
	snprintf(resp->final_line, sizeof(resp->final_line), "%s",
		 resp->lines[resp->n_lines - 1]);
	return 0;
}

/* Reads the answer to cmd, already sent, until its final result code. */
static int at_chan_collect(struct at_chan *ch, const struct at_cmd *cmd,
			   struct at_response *resp, int64_t deadline_ms)
{
	const char *line;
	int r;

	for (;;) {
		r = at_chan_read_line(ch, deadline_ms);
		if (r == -ETIMEDOUT && cmd->info_ends_ms > 0 &&
		    resp->n_lines > 0)
			return at_response_info_ends(resp);
		if (r < 0)
			return r;
		line = at_parser_line(&ch->parser);
		switch (at_line_kind(line, cmd->text, cmd->prefix)) {
		case AT_LINE_ECHO:
			break;
		case AT_LINE_INFO:
			at_response_add(resp, line);
			if (cmd->info_ends_ms > 0 &&
			    at_chan_deadline(ch, cmd->info_ends_ms) <
				deadline_ms)
				deadline_ms =
				    at_chan_deadline(ch, cmd->info_ends_ms);
			break;
		case AT_LINE_URC:
			at_chan_urc(ch, line);
			break;
		case AT_LINE_FINAL:
			at_response_finish(resp, line);
			return 0;
		}
	}
}

int at_chan_run(struct at_chan *ch, const struct at_cmd *cmd,
		struct at_response *resp)
{
	int64_t deadline_ms = at_chan_deadline(ch, cmd->timeout_ms);
	int r;

	*resp = (struct at_response){ .cme = AT_CME_UNKNOWN };
	r = at_chan_send(ch, cmd, deadline_ms);
	if (r < 0)
		return r;
	return at_chan_collect(ch, cmd, resp, deadline_ms);
}

/*
 * Reads until the "> " prompt (1) or a final result code (0, in resp);
 * URCs before it are handled as in at_chan_collect(), the echo skipped.
 */
static int at_chan_wait_prompt(struct at_chan *ch, const struct at_cmd *cmd,
			       struct at_response *resp, int64_t deadline_ms)
{
	const char *line;
	size_t used;
	char c;
	int r;

	while ((r = at_chan_read_until(ch, deadline_ms, true)) == 0) {
		line = at_parser_line(&ch->parser);
		switch (at_line_kind(line, cmd->text, cmd->prefix)) {
		case AT_LINE_FINAL:
			at_response_finish(resp, line);
			return 0;
		case AT_LINE_URC:
			at_chan_urc(ch, line);
			break;
		default:
			break;
		}
	}
	if (r < 0)
		return r;
	/* the blank after '>' (27.005 §3.5.1), if it comes at once */
	r = serial_read_byte(ch->rfd, &c, at_chan_deadline(ch, 200));
	at_parser_init(&ch->parser);
	if (r == 1 && c != ' ')
		(void)at_parser_feed(&ch->parser, &c, 1, &used);
	log_debug("AT< > (prompt)");
	return 1;
}

int at_chan_run_prompt(struct at_chan *ch, const struct at_cmd *cmd,
		       const char *payload, struct at_response *resp)
{
	int64_t deadline_ms = at_chan_deadline(ch, cmd->timeout_ms);
	static const char ctrl_z = 0x1a, esc = 0x1b;
	int r;

	*resp = (struct at_response){ .cme = AT_CME_UNKNOWN };
	r = at_chan_send(ch, cmd, deadline_ms);
	if (r == 0)
		r = at_chan_wait_prompt(ch, cmd, resp, deadline_ms);
	if (r == -ETIMEDOUT)
		/* leave the input mode without sending anything */
		(void)serial_write_all(ch->wfd, &esc, 1,
				       at_chan_deadline(ch, 1000));
	if (r <= 0)
		return r;
	log_debug("AT> %s<Ctrl-Z>", payload);
	r = serial_write_all(ch->wfd, payload, strlen(payload), deadline_ms);
	if (r == 0)
		r = serial_write_all(ch->wfd, &ctrl_z, 1, deadline_ms);
	if (r < 0)
		return at_chan_error(ch, r);
	return at_chan_collect(ch, cmd, resp, deadline_ms);
}

int at_chan_wait_urc(struct at_chan *ch, int timeout_ms)
{
	int64_t deadline_ms = at_chan_deadline(ch, timeout_ms);
	const char *line;
	int r;

	for (;;) {
		r = at_chan_read_line(ch, deadline_ms);
		if (r < 0)
			return r;
		line = at_parser_line(&ch->parser);
		/* A late echo or result of an earlier command: not news. */
		if (at_line_kind(line, "", AT_PREFIX_NONE) != AT_LINE_URC) {
			log_debug("AT< %s (stray, ignored)", line);
			continue;
		}
		at_chan_urc(ch, line);
		return 0;
	}
}

int at_chan_drain(struct at_chan *ch, int finals, int quiet_ms)
{
	const char *line;
	int r;

	while (finals > 0) {
		r = at_chan_read_line(ch, at_chan_deadline(ch, quiet_ms));
		if (r == -ETIMEDOUT)
			return 0;
		if (r < 0)
			return r;
		line = at_parser_line(&ch->parser);
		switch (at_line_kind(line, "", AT_PREFIX_BARE)) {
		case AT_LINE_URC:
			at_chan_urc(ch, line);
			break;
		case AT_LINE_FINAL:
			finals--;
			/* fall through */
		default:
			log_debug("AT< %s (late answer, discarded)", line);
		}
	}
	return 0;
}

int at_chan_probe(struct at_chan *ch, int timeout_ms, int quiet_ms)
{
	const struct at_cmd at = { .text = "AT",
				   .prefix = AT_PREFIX_NONE,
				   .timeout_ms = timeout_ms };
	struct at_response resp;
	int r = at_chan_run(ch, &at, &resp);

	/* The OK may have been the late answer's: then ours follows. */
	if (r == 0)
		r = at_chan_drain(ch, 1, quiet_ms);
	return r;
}

const char *at_response_line(const struct at_response *resp, const char *prefix)
{
	int i;

	for (i = 0; i < resp->n_lines; i++) {
		if (strncasecmp(resp->lines[i], prefix, strlen(prefix)) == 0)
			return resp->lines[i];
	}
	return NULL;
}
