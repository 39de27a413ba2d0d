/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The AT line parser and result classifier (see at.h for the contract).
 *
 * Kept free of I/O and allocation so the same code runs in ltepi-modem, the
 * unit tests and the fuzzer. Quoted strings are deliberately not tracked when
 * splitting lines: a modem that sends an unbalanced quote would otherwise
 * hide every following final result code, and no response the helper reads
 * carries a CR or LF inside quotes.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "at.h"
#include "number.h"

void at_parser_init(struct at_parser *p)
{
	*p = (struct at_parser){ 0 };
}

const char *at_parser_line(const struct at_parser *p)
{
	return p->line;
}

/* Ends the current line; returns the event it produces (MORE if empty). */
static enum at_feed at_parser_end_line(struct at_parser *p)
{
	enum at_feed ev = AT_FEED_LINE;

	if (p->overlong)
		ev = AT_FEED_OVERLONG;
	else if (p->garbage)
		ev = AT_FEED_GARBAGE;
	else if (p->len == 0)
		ev = AT_FEED_MORE;
	p->line[p->len] = '\0';
	if (ev != AT_FEED_LINE)
		p->line[0] = '\0';
	p->len = 0;
	p->overlong = false;
	p->garbage = false;
	return ev;
}

static bool at_byte_is_garbage(unsigned char c)
{
	/* TAB and Ctrl-Z (end of an SMS PDU) are legal inside lines. */
	return (c < 0x20 && c != '\t' && c != 0x1a) || c == 0x7f;
}

static void at_parser_add(struct at_parser *p, unsigned char c)
{
	if (at_byte_is_garbage(c))
		p->garbage = true;
	if (p->len == AT_LINE_MAX) {
		p->overlong = true;
		return;
	}
	p->line[p->len++] = (char)c;
}

enum at_feed at_parser_feed(struct at_parser *p, const char *buf, size_t len,
			    size_t *used)
{
	size_t i;

	p->line[p->len] = '\0';
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)buf[i];
		enum at_feed ev;

		if (c != '\r' && c != '\n') {
			at_parser_add(p, c);
			continue;
		}
		ev = at_parser_end_line(p);
		if (ev != AT_FEED_MORE) {
			*used = i + 1;
			return ev;
		}
	}
	*used = len;
	p->line[p->len] = '\0';
	return AT_FEED_MORE;
}

static bool at_has_prefix(const char *line, const char *prefix)
{
	return strncasecmp(line, prefix, strlen(prefix)) == 0;
}

static const struct {
	const char *text;
	enum at_final final;
	bool prefix; /* matches "TEXT..." rather than "TEXT" exactly */
} at_finals[] = {
	{ "OK", AT_FINAL_OK, false },
	{ "CONNECT", AT_FINAL_CONNECT, true },
	{ "ERROR", AT_FINAL_ERROR, false },
	{ "+CME ERROR:", AT_FINAL_CME_ERROR, true },
	{ "+CMS ERROR:", AT_FINAL_CMS_ERROR, true },
	{ "NO CARRIER", AT_FINAL_NO_CARRIER, false },
	{ "BUSY", AT_FINAL_BUSY, false },
	{ "NO ANSWER", AT_FINAL_NO_ANSWER, false },
	{ "NO DIALTONE", AT_FINAL_NO_DIALTONE, false },
	{ "NO DIAL TONE", AT_FINAL_NO_DIALTONE, false },
	/* Huawei E1550/E173/E3131 firmwares (gammu and python-gsmmodem
	 * reports; ModemManager's huawei plugin treats both as errors). */
	{ "COMMAND NOT SUPPORT", AT_FINAL_NOT_SUPPORTED, false },
	{ "TOO MANY PARAMETERS", AT_FINAL_NOT_SUPPORTED, false },
};

/* Trailing blanks are ignored: some firmwares pad result codes. */
static size_t at_trimmed_len(const char *line)
{
	size_t n = strlen(line);

	while (n > 0 && (line[n - 1] == ' ' || line[n - 1] == '\t'))
		n--;
	return n;
}

enum at_final at_final_classify(const char *line)
{
	size_t n = at_trimmed_len(line);
	size_t i;

	for (i = 0; i < sizeof(at_finals) / sizeof(at_finals[0]); i++) {
		size_t tlen = strlen(at_finals[i].text);

		if (at_finals[i].prefix ? n < tlen : n != tlen)
			continue;
		if (strncasecmp(line, at_finals[i].text, tlen) != 0)
			continue;
		/* "CONNECTED" is no CONNECT; "CONNECT 150000000" is. */
		if (at_finals[i].final == AT_FINAL_CONNECT && n > tlen &&
		    line[tlen] != ' ')
			continue;
		return at_finals[i].final;
	}
	return AT_FINAL_NONE;
}

/* Verbose (AT+CMEE=2) texts, compared ignoring case, blanks and dashes. */
static const struct {
	const char *text;
	int code;
} at_cme_texts[] = {
	{ "operationnotallowed", AT_CME_NOT_ALLOWED },
	{ "operationnotsupported", AT_CME_NOT_SUPPORTED },
	{ "simnotinserted", AT_CME_SIM_NOT_INSERTED },
	{ "simpinrequired", AT_CME_SIM_PIN_REQUIRED },
	{ "simpukrequired", AT_CME_SIM_PUK_REQUIRED },
	{ "simfailure", AT_CME_SIM_FAILURE },
	{ "simbusy", AT_CME_SIM_BUSY },
	{ "simwrong", AT_CME_SIM_WRONG },
	{ "incorrectpassword", AT_CME_INCORRECT_PASSWORD },
	{ "nonetworkservice", AT_CME_NO_NETWORK },
	{ "missingorunknownapn", AT_CME_MISSING_APN },
	{ "userauthenticationfailed", AT_CME_USER_AUTH_FAILED },
	{ "requestedserviceoptionnotsubscribed",
	  AT_CME_SERVICE_NOT_SUBSCRIBED },
	{ "pdpauthenticationfailure", AT_CME_PDP_AUTH_FAILED },
};

static void at_normalise(const char *in, char *out, size_t outlen)
{
	size_t n = 0;

	for (; *in && n + 1 < outlen; in++) {
		unsigned char c = (unsigned char)*in;

		if (isalnum(c))
			out[n++] = (char)tolower(c);
	}
	out[n] = '\0';
}

int at_cme_code(const char *line)
{
	const char *arg;
	char norm[64];
	uint64_t code;
	size_t i;

	if (!at_has_prefix(line, "+CME ERROR:"))
		return AT_CME_UNKNOWN;
	arg = line + strlen("+CME ERROR:");
	arg += strspn(arg, " \t\"");
	if (isdigit((unsigned char)*arg)) {
		/* the number ends at a blank or the closing quote */
		if (number_parse_decimal(arg, strcspn(arg, " \t\""), 65535,
					 &code) < 0)
			return AT_CME_UNKNOWN;
		return (int)code;
	}
	at_normalise(arg, norm, sizeof(norm));
	for (i = 0; i < sizeof(at_cme_texts) / sizeof(at_cme_texts[0]); i++) {
		if (strcmp(norm, at_cme_texts[i].text) == 0)
			return at_cme_texts[i].code;
	}
	return AT_CME_UNKNOWN;
}

/*
 * Lines that are unsolicited whatever is pending: extended URCs start with a
 * vendor or 27.007 prefix character; the rest are the bare words modems send
 * after boot or on events (Quectel RDY, SIMCom "SMS Ready", V.250 RING).
 */
static bool at_is_urc(const char *line)
{
	/* Quectel (RDY), SIMCom (SMS Ready, Call Ready, SMS DONE, PB DONE,
	 * START), V.250 (RING); the lines are bare words, so only a list can
	 * tell them from a bare answer such as a manufacturer name. */
	static const char *const words[] = {
		"RDY",	     "RING",	   "POWERED DOWN",
		"SMS Ready", "Call Ready", "NORMAL POWER DOWN",
		"PB DONE",   "START",	   "SMS DONE",
	};
	size_t i;

	/* '_' is Option's (_OSIGQ, _OWANCALL) */
	if (strchr("+^#$*%!@_", line[0]) && line[0] != '\0')
		return true;
	for (i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
		if (strcasecmp(line, words[i]) == 0)
			return true;
	}
	return false;
}

/* prefix is one prefix or several joined by '|' ("+COPS:|+CSQ:"). */
static bool at_has_any_prefix(const char *line, const char *prefix)
{
	for (;;) {
		size_t n = strcspn(prefix, "|");

		if (n > 0 && strncasecmp(line, prefix, n) == 0)
			return true;
		if (prefix[n] == '\0')
			return false;
		prefix += n + 1;
	}
}

/* line is cmd echoed back: equal but for case and trailing blanks. */
static bool at_is_echo(const char *line, const char *cmd)
{
	size_t n = strlen(cmd);

	while (n && (cmd[n - 1] == ' ' || cmd[n - 1] == '\r'))
		n--;
	if (strncasecmp(line, cmd, n) != 0)
		return false;
	return line[n + strspn(line + n, " \t")] == '\0';
}

const char at_prefix_digits[] = "0-9";
const char at_prefix_sms[] = "+CMGL:|+CMGR:";

/* An SMS PDU line of AT+CMGL/AT+CMGR in PDU mode: hex digits only. */
static bool at_is_hex(const char *line)
{
	size_t n = strlen(line);

	return n > 0 && strspn(line, "0123456789ABCDEFabcdef") == n;
}

/* A bare number (IMSI, IMEI), blanks around it allowed. */
static bool at_is_digits(const char *line)
{
	size_t lead = strspn(line, " \t");
	size_t n = strspn(line + lead, "0123456789");

	return n > 0 && line[lead + n + strspn(line + lead + n, " \t")] == '\0';
}

enum at_line_kind at_line_kind(const char *line, const char *cmd,
			       const char *prefix)
{
	if (!cmd)
		return AT_LINE_URC;
	/* As gatchat: the echo is the command sent, nothing that merely
	 * starts with "at" (a bare answer line may) */
	if (at_is_echo(line, cmd))
		return AT_LINE_ECHO;
	if (at_final_classify(line) != AT_FINAL_NONE)
		return AT_LINE_FINAL;
	if (prefix == AT_PREFIX_NONE)
		return AT_LINE_URC;
	if (prefix == AT_PREFIX_DIGITS)
		return at_is_digits(line) ? AT_LINE_INFO : AT_LINE_URC;
	if (prefix == AT_PREFIX_SMS)
		return at_has_any_prefix(line, prefix) || at_is_hex(line)
			   ? AT_LINE_INFO
			   : AT_LINE_URC;
	if (prefix[0] == '\0')
		return at_is_urc(line) ? AT_LINE_URC : AT_LINE_INFO;
	return at_has_any_prefix(line, prefix) ? AT_LINE_INFO : AT_LINE_URC;
}

bool at_line_is_restart(const char *line)
{
	static const char *const words[] = { "RDY", "START", "^SYSSTART" };
	size_t n = at_trimmed_len(line);
	size_t i;

	for (i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
		if (n == strlen(words[i]) &&
		    strncasecmp(line, words[i], n) == 0)
			return true;
	}
	return false;
}
