/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The AT line parser: a pure state machine, fed bytes, that yields lines and
 * classifies them (V.250 / 3GPP TS 27.007). No I/O, no heap, no logging, so
 * it is unit-tested with transcripts and fuzzed (fuzz/fuzz-at.c).
 *
 * Framing: lines end at CR or LF; empty lines are skipped, so echo on or off,
 * V1 "<CR><LF>text<CR><LF>" framing and modems that drop a CR all work. A
 * line longer than AT_LINE_MAX or containing control bytes (NUL, binary) is
 * discarded whole and reported once, at its terminator, as an error event:
 * the stream then resynchronises on the next line.
 *
 * at_parser_feed() stops right after each line terminator and says how many
 * bytes it consumed, so a caller that feeds byte-wise can stop reading exactly
 * after "CONNECT" and leave the PPP bytes behind it in the tty.
 *
 * Deciding whether a line answers the pending command or is an unsolicited
 * result code (URC) is at_line_kind()'s job: "+CREG: 1" answers AT+CREG? but
 * is a URC at any other time, so the answer depends on the pending command's
 * expected prefix, as in oFono's gatchat.
 */
#ifndef LTEPI_CHAT_AT_H
#define LTEPI_CHAT_AT_H

#include <stdbool.h>
#include <stddef.h>

#define AT_LINE_MAX 512

enum at_feed {
	AT_FEED_MORE = 0, /* input used up, no complete line yet */
	AT_FEED_LINE,	  /* at_parser_line() holds a line */
	AT_FEED_OVERLONG, /* a line longer than AT_LINE_MAX was dropped */
	AT_FEED_GARBAGE,  /* a line with control/binary bytes was dropped */
};

struct at_parser {
	char line[AT_LINE_MAX + 1];
	size_t len;
	bool overlong;
	bool garbage;
	bool have_line;
};

enum at_final {
	AT_FINAL_NONE = 0, /* not a final result code */
	AT_FINAL_OK,
	AT_FINAL_CONNECT,
	AT_FINAL_ERROR,
	AT_FINAL_CME_ERROR,
	AT_FINAL_CMS_ERROR,
	AT_FINAL_NO_CARRIER,
	AT_FINAL_BUSY,
	AT_FINAL_NO_ANSWER,
	AT_FINAL_NO_DIALTONE,
	/* Huawei's own words for ERROR to an unknown or malformed command
	 * ("COMMAND NOT SUPPORT", "TOO MANY PARAMETERS"): the command failed,
	 * the modem is fine. */
	AT_FINAL_NOT_SUPPORTED,
};

enum at_line_kind {
	AT_LINE_ECHO,  /* our own command echoed back (ATE1) */
	AT_LINE_FINAL, /* final result code of the pending command */
	AT_LINE_INFO,  /* information response of the pending command */
	AT_LINE_URC,   /* unsolicited: not part of any response */
};

/*
 * Prefix argument of at_line_kind(): AT_PREFIX_NONE when the command answers
 * with a final code only (every other line is a URC), AT_PREFIX_BARE when it
 * answers with unprefixed lines (AT+CIMI, ATI, AT+CGSN), else the response
 * prefix such as "+CPIN:", or the prefixes of a chained command line
 * joined by '|' ("+COPS:|+CSQ:" for AT+COPS?;+CSQ).
 */
#define AT_PREFIX_NONE NULL
#define AT_PREFIX_BARE ""

/*
 * Prefix for commands whose answer is a bare number (AT+CIMI, AT+CGSN):
 * only a line of digits answers them, so any word a modem sends meanwhile
 * ("SMS DONE", "PB DONE", "Call Ready") is a URC without a list of words.
 */
extern const char at_prefix_digits[];
#define AT_PREFIX_DIGITS at_prefix_digits

/*
 * Prefix for AT+CMGL and AT+CMGR in PDU mode (27.005 §3.4.2, §3.4.3): their
 * "+CMGL:"/"+CMGR:" lines and the bare hex PDU line after each are the
 * answer; a +CMTI arriving meanwhile stays a URC.
 */
extern const char at_prefix_sms[];
#define AT_PREFIX_SMS at_prefix_sms

/* 27.007 §9.2 +CME ERROR codes the connection logic acts on. */
enum at_cme {
	AT_CME_UNKNOWN = -1,
	AT_CME_NOT_ALLOWED = 3,
	AT_CME_NOT_SUPPORTED = 4,
	AT_CME_SIM_NOT_INSERTED = 10,
	AT_CME_SIM_PIN_REQUIRED = 11,
	AT_CME_SIM_PUK_REQUIRED = 12,
	AT_CME_SIM_FAILURE = 13,
	AT_CME_SIM_BUSY = 14,
	AT_CME_SIM_WRONG = 15,
	AT_CME_INCORRECT_PASSWORD = 16,
	AT_CME_NO_NETWORK = 30,
	AT_CME_MISSING_APN = 127,
	AT_CME_USER_AUTH_FAILED = 129,
	AT_CME_SERVICE_NOT_SUBSCRIBED = 133,
	AT_CME_PDP_AUTH_FAILED = 149,
};

void at_parser_init(struct at_parser *p);

/*
 * Consumes bytes from buf until a line ends (or buf is used up) and stores
 * the count in *used. On AT_FEED_LINE, at_parser_line() returns the line
 * (NUL-terminated, without terminator) until the next feed.
 */
enum at_feed at_parser_feed(struct at_parser *p, const char *buf, size_t len,
			    size_t *used);
const char *at_parser_line(const struct at_parser *p);

/* Which final result code line is, AT_FINAL_NONE if it is none. */
enum at_final at_final_classify(const char *line);

/*
 * The 27.007 error code of a "+CME ERROR: <n>" or "+CME ERROR: <text>" line
 * (AT+CMEE=1 or 2), AT_CME_UNKNOWN if the text is not one we know.
 */
int at_cme_code(const char *line);

/*
 * Classifies a non-empty line while cmd (the command line sent, NULL if none
 * is pending) waits for its response with the given prefix.
 */
enum at_line_kind at_line_kind(const char *line, const char *cmd,
			       const char *prefix);

/*
 * Whether line, arriving unsolicited after the modem had already answered,
 * says that it restarted: Quectel's "RDY", SIMCom's "START", Cinterion's
 * "^SYSSTART". (Huawei's "^BOOT:" is no restart: it repeats periodically.)
 */
bool at_line_is_restart(const char *line);

#endif
