/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Unit tests of the AT line parser and classifier (chat/at.c): transcripts
 * of real modem dialogues fed whole, byte by byte and in odd chunks must all
 * give the same lines; overlong and binary lines are reported and skipped;
 * the parser stops exactly after the CONNECT line.
 */
#include <string.h>

#include "../tap.h"
#include "chat/at.h"

/* Feeds s in chunks of chunk bytes; returns the events as "L:line|O|G|". */
static const char *feed(const char *s, size_t len, size_t chunk)
{
	static char out[8192];
	struct at_parser p;
	size_t off = 0, used, n;
	enum at_feed ev;

	at_parser_init(&p);
	out[0] = '\0';
	while (off < len) {
		n = len - off < chunk ? len - off : chunk;
		ev = at_parser_feed(&p, s + off, n, &used);
		off += used;
		if (ev == AT_FEED_LINE) {
			strcat(out, "L:");
			strcat(out, at_parser_line(&p));
			strcat(out, "|");
		} else if (ev == AT_FEED_OVERLONG) {
			strcat(out, "O|");
		} else if (ev == AT_FEED_GARBAGE) {
			strcat(out, "G|");
		}
	}
	return out;
}

static void check_transcript(const char *name, const char *s, size_t len,
			     const char *want)
{
	static const size_t chunks[] = { 1, 2, 3, 7, 64, 100000 };
	size_t i;
	char msg[128];

	for (i = 0; i < sizeof(chunks) / sizeof(chunks[0]); i++) {
		snprintf(msg, sizeof(msg), "%s, chunks of %zu", name,
			 chunks[i]);
		is_str(feed(s, len, chunks[i]), want, msg);
	}
}

#define T(name, s, want) check_transcript(name, s, sizeof(s) - 1, want)

static void test_framing(void)
{
	T("echo on", "AT+CPIN?\r\r\n+CPIN: READY\r\n\r\nOK\r\n",
	  "L:AT+CPIN?|L:+CPIN: READY|L:OK|");
	T("echo off", "\r\n+CSQ: 20,99\r\n\r\nOK\r\n", "L:+CSQ: 20,99|L:OK|");
	T("V0-ish bare CR", "OK\r+CREG: 1\r", "L:OK|L:+CREG: 1|");
	T("LF only", "\nRDY\n\n+CFUN: 1\n", "L:RDY|L:+CFUN: 1|");
	T("blank lines only", "\r\n\r\n\r\r\n\n", "");
	T("two URCs in one buffer", "\r\n+CREG: 5\r\n\r\n+CGREG: 0\r\n",
	  "L:+CREG: 5|L:+CGREG: 0|");
	T("binary line skipped", "\r\nAB\x01\x02\r\nOK\r\n", "G|L:OK|");
	T("NUL skipped", "X\0Y\r\nOK\r\n", "G|L:OK|");
	T("DEL skipped", "\x7f\r\nOK\r\n", "G|L:OK|");
	T("high bytes are text", "+COPS: 0,0,\"\xe3\x83\x89\"\r\n",
	  "L:+COPS: 0,0,\"\xe3\x83\x89\"|");
}

static void test_overlong(void)
{
	char buf[2 * AT_LINE_MAX], want[AT_LINE_MAX + 16];
	size_t n;

	memset(buf, 'A', AT_LINE_MAX + 1);
	memcpy(buf + AT_LINE_MAX + 1, "\r\nOK\r\n", 6);
	n = AT_LINE_MAX + 7;
	check_transcript("one byte too long", buf, n, "O|L:OK|");

	memset(buf, 'B', AT_LINE_MAX);
	memcpy(buf + AT_LINE_MAX, "\r\n", 2);
	snprintf(want, sizeof(want), "L:%.*s|", AT_LINE_MAX, buf);
	check_transcript("exactly AT_LINE_MAX", buf, AT_LINE_MAX + 2, want);

	memset(buf, 'C', sizeof(buf));
	check_transcript("unterminated flood", buf, sizeof(buf), "");
}

static void test_stop_after_connect(void)
{
	static const char s[] = "\r\nCONNECT 150000000\r\n~\xff\x7d\x23";
	struct at_parser p;
	size_t used;

	at_parser_init(&p);
	is_int(at_parser_feed(&p, s, sizeof(s) - 1, &used), AT_FEED_LINE,
	       "CONNECT yields a line");
	is_str(at_parser_line(&p), "CONNECT 150000000", "the CONNECT line");
	is_int(used, 20, "parser stopped at the CONNECT line's CR");
	is_int(at_final_classify(at_parser_line(&p)), AT_FINAL_CONNECT,
	       "CONNECT with rate is final");
}

static void test_finals(void)
{
	static const struct {
		const char *line;
		enum at_final want;
	} cases[] = {
		{ "OK", AT_FINAL_OK },
		{ "ok", AT_FINAL_OK },
		{ "OK  ", AT_FINAL_OK },
		{ "OKAY", AT_FINAL_NONE },
		{ "ERROR", AT_FINAL_ERROR },
		{ "+CME ERROR: 10", AT_FINAL_CME_ERROR },
		{ "+CME ERROR: SIM not inserted", AT_FINAL_CME_ERROR },
		{ "+CMS ERROR: 500", AT_FINAL_CMS_ERROR },
		{ "+CME ERROR", AT_FINAL_NONE },
		{ "NO CARRIER", AT_FINAL_NO_CARRIER },
		{ "BUSY", AT_FINAL_BUSY },
		{ "NO ANSWER", AT_FINAL_NO_ANSWER },
		{ "NO DIALTONE", AT_FINAL_NO_DIALTONE },
		{ "NO DIAL TONE", AT_FINAL_NO_DIALTONE },
		{ "CONNECT", AT_FINAL_CONNECT },
		{ "CONNECT 115200", AT_FINAL_CONNECT },
		{ "CONNECTED", AT_FINAL_NONE },
		{ "RING", AT_FINAL_NONE },
		{ "+CPIN: READY", AT_FINAL_NONE },
		{ "", AT_FINAL_NONE },
	};
	size_t i;
	char msg[96];

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		snprintf(msg, sizeof(msg), "'%s' is final code %d",
			 cases[i].line, (int)cases[i].want);
		is_int(at_final_classify(cases[i].line), cases[i].want, msg);
	}
}

static void test_cme(void)
{
	is_int(at_cme_code("+CME ERROR: 10"), 10, "numeric CME");
	is_int(at_cme_code("+CME ERROR: \"16\""), 16, "quoted numeric CME");
	is_int(at_cme_code("+CME ERROR: SIM not inserted"), 10,
	       "verbose SIM not inserted");
	is_int(at_cme_code("+CME ERROR: incorrect password"), 16,
	       "verbose incorrect password");
	is_int(at_cme_code("+CME ERROR: SIM busy"), 14, "verbose SIM busy");
	is_int(at_cme_code("+CME ERROR: missing or unknown APN"), 127,
	       "verbose missing APN");
	is_int(at_cme_code("+CME ERROR: flux capacitor"), AT_CME_UNKNOWN,
	       "unknown text");
	is_int(at_cme_code("+CME ERROR: 12abc"), AT_CME_UNKNOWN,
	       "number with junk");
	is_int(at_cme_code("+CME ERROR: 99999999999"), AT_CME_UNKNOWN,
	       "number out of range");
	is_int(at_cme_code("ERROR"), AT_CME_UNKNOWN, "plain ERROR");
}

static void test_line_kind(void)
{
	is_int(at_line_kind("+CREG: 0,1", "AT+CREG?", "+CREG:"), AT_LINE_INFO,
	       "+CREG: answers AT+CREG?");
	is_int(at_line_kind("+CREG: 1", NULL, "+CREG:"), AT_LINE_URC,
	       "+CREG: with nothing pending is a URC");
	is_int(at_line_kind("+CREG: 1", "AT+CPIN?", "+CPIN:"), AT_LINE_URC,
	       "+CREG: during AT+CPIN? is a URC");
	is_int(at_line_kind("+CEREG: 5", "AT+CREG?", "+CREG:"), AT_LINE_URC,
	       "+CEREG: does not match prefix +CREG:");
	is_int(at_line_kind("AT+CREG?", "AT+CREG?", "+CREG:"), AT_LINE_ECHO,
	       "echo");
	is_int(at_line_kind("at+creg?", "AT+CREG?", "+CREG:"), AT_LINE_ECHO,
	       "lower-case echo");
	is_int(at_line_kind("AT+CGMR ", "AT+CGMR", ""), AT_LINE_ECHO,
	       "echo with a trailing blank");
	/* a bare answer that starts with "at" is an answer, not an echo */
	is_int(at_line_kind("ATT1234", "AT+CGMR", ""), AT_LINE_INFO,
	       "bare answer starting with AT (firmware ATT1234) is info");
	is_int(at_line_kind("AT+CREG?", "AT+CGMR", ""), AT_LINE_INFO,
	       "another command's text is not this command's echo");
	is_int(at_line_kind("OK", "AT", AT_PREFIX_NONE), AT_LINE_FINAL,
	       "OK is final");
	is_int(at_line_kind("RDY", "AT", AT_PREFIX_NONE), AT_LINE_URC,
	       "RDY during AT is a URC");
	is_int(at_line_kind("440101234567890", "AT+CIMI", AT_PREFIX_BARE),
	       AT_LINE_INFO, "bare IMSI line");
	is_int(at_line_kind("+CPIN: READY", "AT+CIMI", AT_PREFIX_BARE),
	       AT_LINE_URC, "+CPIN: during a bare command is a URC");
	is_int(at_line_kind("RING", "AT+CGMI", AT_PREFIX_BARE), AT_LINE_URC,
	       "RING during a bare command is a URC");
	is_int(at_line_kind("^SYSSTART", "AT+CGMI", AT_PREFIX_BARE),
	       AT_LINE_URC, "^SYSSTART is a URC");
	is_int(at_line_kind("Quectel", "AT+CGMI", AT_PREFIX_BARE), AT_LINE_INFO,
	       "manufacturer line");
	is_int(at_line_kind("+QIND: SMS DONE", "AT+CPIN?", "+CPIN:"),
	       AT_LINE_URC, "+QIND during AT+CPIN?");
}

/* Bare-number answers: only digits answer, every word is a URC. */
static void test_digits_answers(void)
{
	static const char *const urcs[] = {
		"SMS DONE",	"PB DONE",   "SMS Ready",
		"Call Ready",	"RDY",	     "+QUSIM: 1",
		"+CFUN: 1",	"^RSSI: 18", "^MODE: 5,4",
		"^SRVST: 2",	"^SIMST: 1", "^BOOT: 20952548,0,0,0,72",
		"_OSIGQ: 20,0", "NEW WORD",  "1234X",
	};
	size_t i;

	for (i = 0; i < sizeof(urcs) / sizeof(urcs[0]); i++)
		ok(at_line_kind(urcs[i], "AT+CIMI", AT_PREFIX_DIGITS) ==
		       AT_LINE_URC,
		   "'%s' during AT+CIMI is a URC", urcs[i]);
	is_int(at_line_kind("440101234567890", "AT+CIMI", AT_PREFIX_DIGITS),
	       AT_LINE_INFO, "the IMSI answers AT+CIMI");
	is_int(at_line_kind(" 356938035643809 ", "AT+CGSN", AT_PREFIX_DIGITS),
	       AT_LINE_INFO, "an IMEI with blanks answers AT+CGSN");
	is_int(at_line_kind("OK", "AT+CIMI", AT_PREFIX_DIGITS), AT_LINE_FINAL,
	       "OK ends AT+CIMI");
	is_int(at_line_kind("AT+CIMI", "AT+CIMI", AT_PREFIX_DIGITS),
	       AT_LINE_ECHO, "echo of AT+CIMI");
	is_int(at_line_kind("SMS DONE", "AT+CGMI", AT_PREFIX_BARE), AT_LINE_URC,
	       "SIMCom SMS DONE during a bare text answer");
}

static void test_vendor_finals(void)
{
	is_int(at_final_classify("COMMAND NOT SUPPORT"), AT_FINAL_NOT_SUPPORTED,
	       "Huawei COMMAND NOT SUPPORT is final");
	is_int(at_final_classify("TOO MANY PARAMETERS"), AT_FINAL_NOT_SUPPORTED,
	       "Huawei TOO MANY PARAMETERS is final");
	is_int(at_final_classify("COMMAND NOT SUPPORTED BY ME"), AT_FINAL_NONE,
	       "a longer line is no final code");
	is_int(at_line_kind("COMMAND NOT SUPPORT", "AT+CEREG?", "+CEREG:"),
	       AT_LINE_FINAL, "ends AT+CEREG? on a 3G Huawei");
	T("NO CARRIER with lone LFs", "\nNO CARRIER\n", "L:NO CARRIER|");
}

/* Chained command lines answer with several prefixes. */
static void test_prefix_list(void)
{
	is_int(at_line_kind("+CSQ: 20,99", "AT+COPS?;+CSQ", "+COPS:|+CSQ:"),
	       AT_LINE_INFO, "+CSQ: answers AT+COPS?;+CSQ");
	is_int(
	    at_line_kind("+COPS: 0,0,\"X\",7", "AT+COPS?;+CSQ", "+COPS:|+CSQ:"),
	    AT_LINE_INFO, "+COPS: answers it too");
	is_int(at_line_kind("+CREG: 1", "AT+COPS?;+CSQ", "+COPS:|+CSQ:"),
	       AT_LINE_URC, "+CREG: does not");
	is_int(at_line_kind("+CSQ: 20,99", "AT+COPS?;+CSQ", "+COPS:|"),
	       AT_LINE_URC, "an empty alternative matches nothing");
}

static void test_restart(void)
{
	ok(at_line_is_restart("RDY") && at_line_is_restart("rdy ") &&
	       at_line_is_restart("START") && at_line_is_restart("^SYSSTART"),
	   "RDY, START, ^SYSSTART announce a restart");
	ok(!at_line_is_restart("^BOOT: 20952548,0,0,0,72") &&
	       !at_line_is_restart("RDYX") && !at_line_is_restart("") &&
	       !at_line_is_restart("+CFUN: 1"),
	   "periodic ^BOOT and other lines do not");
}

int main(void)
{
	test_framing();
	test_overlong();
	test_stop_after_connect();
	test_finals();
	test_cme();
	test_line_kind();
	test_digits_answers();
	test_vendor_finals();
	test_restart();
	test_prefix_list();
	return tap_done();
}
