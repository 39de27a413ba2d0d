/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * libFuzzer target for the AT parser and the response parsers: whatever
 * bytes a broken or hostile modem sends, feeding them in any chunking must
 * not crash, must always make progress, and every line handed out must fit
 * AT_LINE_MAX and be free of line ends. Run with fuzz/run-fuzz.sh.
 *
 * The first input byte picks the chunk size, so the fuzzer explores
 * byte-wise and bulk feeding alike.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "chat/at.h"
#include "chat/resp.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void exercise_line(const char *line)
{
	static const char *const prefixes[] = { "+CREG:", AT_PREFIX_BARE,
						AT_PREFIX_DIGITS };
	struct resp_reg reg;
	enum resp_sim sim;
	char oper[16], spn[8];
	int a = -1, b = -1;
	size_t i;

	if (strlen(line) > AT_LINE_MAX || strpbrk(line, "\r\n"))
		abort();
	(void)at_final_classify(line);
	(void)at_cme_code(line);
	for (i = 0; i < sizeof(prefixes) / sizeof(prefixes[0]); i++)
		(void)at_line_kind(line, "AT+CREG?", prefixes[i]);
	(void)resp_cpin(line, &sim);
	(void)resp_pin_tries(line, &a, &b);
	(void)resp_reg(line, true, &reg);
	(void)resp_reg(line, false, &reg);
	(void)resp_reg_solicited(line);
	(void)resp_cops(line, oper, sizeof(oper), &a);
	(void)resp_csq_dbm(line, &a);
	(void)resp_cesq_rsrp_dbm(line, &a);
	(void)resp_cfun(line, &a);
	(void)resp_csim_tries(line, &a);
	if (resp_crsm_spn(line, spn, sizeof(spn)) == 0 &&
	    (!spn[0] || strlen(spn) >= sizeof(spn)))
		abort();
	(void)at_line_is_restart(line);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct at_parser p;
	size_t chunk, off = 1, used, n;

	if (size < 1)
		return 0;
	chunk = (size_t)data[0] % 16 + 1;
	at_parser_init(&p);
	while (off < size) {
		n = size - off < chunk ? size - off : chunk;
		used = 0;
		if (at_parser_feed(&p, (const char *)data + off, n, &used) ==
		    AT_FEED_LINE)
			exercise_line(at_parser_line(&p));
		if (used == 0 || used > n)
			abort();
		off += used;
	}
	return 0;
}
