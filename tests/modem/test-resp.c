/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Unit tests of the 27.007 response parsers (chat/resp.c) with lines in the
 * forms real modems send, including leading zeros, blanks, vendor counters
 * and the "not known" values.
 */
#include <errno.h>

#include "../tap.h"
#include "chat/resp.h"

static void test_cpin(void)
{
	enum resp_sim sim = RESP_SIM_OTHER_LOCK;

	ok(resp_cpin("+CPIN: READY", &sim) == 0 && sim == RESP_SIM_READY,
	   "+CPIN: READY");
	ok(resp_cpin("+CPIN: SIM PIN", &sim) == 0 && sim == RESP_SIM_PIN,
	   "+CPIN: SIM PIN");
	ok(resp_cpin("+CPIN: \"SIM PUK\"", &sim) == 0 && sim == RESP_SIM_PUK,
	   "quoted SIM PUK");
	ok(resp_cpin("+CPIN: SIM PIN2", &sim) == 0 &&
	       sim == RESP_SIM_OTHER_LOCK,
	   "SIM PIN2 is not ours");
	ok(resp_cpin("+CPIN: NOT INSERTED", &sim) == 0 &&
	       sim == RESP_SIM_NOT_INSERTED,
	   "NOT INSERTED");
	ok(resp_cpin("+CPIN: NOT READY", &sim) == 0 &&
	       sim == RESP_SIM_NOT_READY,
	   "NOT READY is a SIM starting up, not a missing one");
	is_str(resp_sim_name(RESP_SIM_NOT_READY), "not ready",
	       "NOT READY named");
	sim = RESP_SIM_READY;
	ok(resp_cpin("+CPIN:", &sim) == -EINVAL && sim == RESP_SIM_READY,
	   "empty +CPIN: rejected, output untouched");
	ok(resp_cpin("+CREG: 1", &sim) == -EINVAL, "wrong prefix");
}

static void test_pin_tries(void)
{
	int pin = -1, puk = -1;

	ok(resp_pin_tries("+CPINR: SIM PIN,2,3", &pin, &puk) == 0 && pin == 2 &&
	       puk == -1,
	   "+CPINR: SIM PIN");
	ok(resp_pin_tries("+CPINR: \"SIM PUK\",10,10", &pin, &puk) == 0 &&
	       pin == 2 && puk == 10,
	   "+CPINR: SIM PUK keeps the PIN count");
	pin = puk = -1;
	ok(resp_pin_tries("+QPINC: \"SC\",1,10", &pin, &puk) == 0 && pin == 1 &&
	       puk == 10,
	   "Quectel +QPINC: SC");
	pin = puk = -1;
	ok(resp_pin_tries("+QPINC: \"P2\",3,10", &pin, &puk) == -EINVAL &&
	       pin == -1,
	   "Quectel +QPINC: P2 ignored");
	ok(resp_pin_tries("+CPINC: 3,3,10,10", &pin, &puk) == 0 && pin == 3 &&
	       puk == 10,
	   "Sierra +CPINC:");
	ok(resp_pin_tries("+UPINCNT: 0,3,8,10", &pin, &puk) == 0 && pin == 0 &&
	       puk == 8,
	   "u-blox +UPINCNT:");
	pin = 7;
	ok(resp_pin_tries("+CPINC: x,3,10,10", &pin, &puk) == -EINVAL &&
	       pin == 7,
	   "junk counter rejected");
}

static void test_reg(void)
{
	struct resp_reg r;

	ok(resp_reg("+CEREG: 0,1", true, &r) == 0 && r.domain == RESP_REG_EPS &&
	       r.stat == 1 && r.act == -1,
	   "solicited +CEREG: 0,1");
	ok(resp_reg("+CREG: 2,5,\"D509\",\"80D413D\",7", true, &r) == 0 &&
	       r.domain == RESP_REG_CS && r.stat == 5 && r.act == 7,
	   "solicited +CREG with location and AcT");
	ok(resp_reg("+CGREG: 1,\"D504\",\"80428B5\",7", false, &r) == 0 &&
	       r.domain == RESP_REG_PS && r.stat == 1 && r.act == 7,
	   "unsolicited +CGREG with location");
	ok(resp_reg("+CREG:002,001,\"18d8\",\"ffff\"", true, &r) == 0 &&
	       r.stat == 1,
	   "leading zeros");
	ok(resp_reg("+CEREG: 3", false, &r) == 0 && r.stat == 3 &&
	       resp_reg_is_denied(r.stat),
	   "denied URC");
	ok(resp_reg("+CEREG: 1", true, &r) == -EINVAL,
	   "solicited form needs <n>,<stat>");
	ok(resp_reg_solicited("+CEREG: 0,1") &&
	       resp_reg_solicited("+CREG: 2,5,\"D509\",\"80D413D\",7") &&
	       resp_reg_solicited("+CREG:002,001,\"18d8\",\"ffff\"") &&
	       resp_reg_solicited("+CEREG: 1, 1"),
	   "solicited forms: <n>,<stat>...");
	ok(!resp_reg_solicited("+CEREG: 1") &&
	       !resp_reg_solicited("+CEREG: 2") &&
	       !resp_reg_solicited("+CGREG: 1,\"D504\",\"80428B5\",7") &&
	       !resp_reg_solicited("+CEREG: 2,,,") &&
	       !resp_reg_solicited("+CEREG:") && !resp_reg_solicited(""),
	   "report forms: <stat> alone or with a quoted location");
	ok(resp_reg_is_registered(1) && resp_reg_is_registered(5) &&
	       !resp_reg_is_registered(2) && !resp_reg_is_registered(3),
	   "registered states");
	is_str(resp_reg_stat_name(2), "searching", "stat name");
	is_str(resp_reg_stat_name(90), "unknown state", "vendor stat name");
}

/* Registration answers as found in the wild (issue 13). */
static void test_reg_wild(void)
{
	struct resp_reg r;

	ok(resp_reg("+CREG: 2,,", resp_reg_solicited("+CREG: 2,,"), &r) == 0 &&
	       r.stat == 2 && r.act == -1,
	   "empty fields: +CREG: 2,, is a report of stat 2");
	ok(resp_reg("+CEREG: 2,11", true, &r) == 0 && r.stat == 11 &&
	       !resp_reg_is_registered(r.stat) &&
	       resp_reg_is_emergency_only(r.stat),
	   "two-digit state 11 (RLOS): not registered for data");
	is_str(resp_reg_stat_name(11),
	       "attached for restricted local operator services only",
	       "state 11 named");
	ok(resp_reg("+CEREG: 1,5,\"1A2B\",\"01A2B3C4\",7,,,\"00000000\","
		    "\"00000000\"",
		    true, &r) == 0 &&
	       r.stat == 5 && r.act == 7,
	   "extra fields (PSM timers) after AcT");
	ok(resp_reg("+CGREG:  0 ,  1 ", true, &r) == 0 && r.stat == 1,
	   "blanks around the fields");
	ok(resp_reg("+CREG: 0,006", true, &r) == 0 && r.stat == 6 &&
	       !resp_reg_is_registered(6) && resp_reg_is_sms_only(6) &&
	       resp_reg_is_sms_only(7),
	   "SMS only (6, 7) is no data registration");
	ok(!resp_reg_is_registered(8) && resp_reg_is_emergency_only(8),
	   "emergency only (8) is no data registration");
	ok(resp_reg_is_registered(9) && resp_reg_is_registered(10),
	   "CSFB not preferred (9, 10) carries data");
	ok(resp_reg("+CEREG: 0,x", true, &r) == -EINVAL,
	   "a word for the state is refused");
	ok(resp_reg("+CEREG", false, &r) == -EINVAL, "no colon refused");
}

static void test_crsm_spn(void)
{
	char spn[64] = "untouched";

	ok(resp_crsm_spn("+CRSM: 144,0,\"01566F6461666F6E6520554BFFFFFFFFFF\"",
			 spn, sizeof(spn)) == 0 &&
	       strcmp(spn, "Vodafone UK") == 0,
	   "GSM 7-bit SPN: %s", spn);
	ok(resp_crsm_spn("+CRSM: 144,0,\"00800041007300640061FFFFFFFFFFFFFF\"",
			 spn, sizeof(spn)) == 0 &&
	       strcmp(spn, "Asda") == 0,
	   "UCS-2 SPN: %s", spn);
	ok(resp_crsm_spn("+CRSM: 144,0,014174265420FFFF", spn, sizeof(spn)) ==
		   0 &&
	       strcmp(spn, "At&T") == 0,
	   "unquoted hex, trailing blank dropped: %s", spn);
	ok(resp_crsm_spn("+CRSM: 144,0,\"014C65626172615B\"", spn,
			 sizeof(spn)) == 0 &&
	       strcmp(spn, "Lebara?") == 0,
	   "a GSM letter without ASCII becomes '?': %s", spn);
	ok(resp_crsm_spn("+CRSM: 145,10,\"01414243\"", spn, sizeof(spn)) == 0,
	   "91 xx (proactive command pending) is a normal ending");
	ok(resp_crsm_spn("+CRSM: 106,130", spn, sizeof(spn)) == -ENOENT,
	   "6A 82, no EF_SPN: -ENOENT");
	ok(resp_crsm_spn("+CRSM: 144,0,\"01FFFFFF\"", spn, sizeof(spn)) ==
	       -ENOENT,
	   "an empty name: -ENOENT");
	ok(resp_crsm_spn("+CRSM: 144,0,\"0181054180\"", spn, sizeof(spn)) ==
	       -EPROTO,
	   "compressed UCS-2 (0x81): -EPROTO");
	ok(resp_crsm_spn("+CRSM: 144,0,\"0141G2\"", spn, sizeof(spn)) ==
	       -EINVAL,
	   "not hex refused");
	ok(resp_crsm_spn("+CRSM: 144,0,\"01414\"", spn, sizeof(spn)) == -EINVAL,
	   "odd length refused");
	ok(resp_crsm_spn("+CRSM: 144,0", spn, sizeof(spn)) == -EINVAL,
	   "no data refused");
	ok(resp_crsm_spn("+CRSM: 144,0,\"01414243\"x", spn, sizeof(spn)) ==
	       -EINVAL,
	   "garbage after the quote refused");
	ok(resp_crsm_spn("+CRSM: x,0,\"01414243\"", spn, sizeof(spn)) ==
	       -EINVAL,
	   "status not a number refused");
	ok(resp_crsm_spn("+CPIN: READY", spn, sizeof(spn)) == -EINVAL,
	   "other prefix refused");
	ok(resp_crsm_spn("+CRSM: 144,0,\"01414243444546\"", spn, 4) == 0 &&
	       strcmp(spn, "ABC") == 0,
	   "cut to the buffer: %s", spn);
}

static void test_cfun(void)
{
	int fun = 9;

	ok(resp_cfun("+CFUN: 1", &fun) == 0 && fun == 1, "+CFUN: 1");
	ok(resp_cfun("+CFUN: 4,0", &fun) == 0 && fun == 4,
	   "+CFUN: 4,0 (extra field)");
	ok(resp_cfun("+CFUN:0", &fun) == 0 && fun == 0, "+CFUN:0");
	fun = 9;
	ok(resp_cfun("+CFUN: ", &fun) == -EINVAL && fun == 9,
	   "empty +CFUN refused, output untouched");
	ok(resp_cfun("+CFUN: -1", &fun) == -EINVAL, "negative refused");
	ok(resp_cfun("+CPIN: READY", &fun) == -EINVAL, "other prefix");
}

static void test_vendor_counters(void)
{
	int pin, puk, tries;

	pin = puk = -1;
	ok(resp_pin_tries("+SPIC: 2,3,9,10", &pin, &puk) == 0 && pin == 2 &&
	       puk == 9,
	   "SIMCom +SPIC:");
	pin = puk = -1;
	ok(resp_pin_tries("^CPIN: SIM PIN,2,9,2,10,3", &pin, &puk) == 0 &&
	       pin == 2 && puk == 9,
	   "Huawei ^CPIN: while the PIN is asked for");
	pin = puk = -1;
	ok(resp_pin_tries("^CPIN: READY,,10,3,10,3", &pin, &puk) == 0 &&
	       pin == 3 && puk == 10,
	   "Huawei ^CPIN: READY with an empty <times>");
	pin = puk = -1;
	ok(resp_pin_tries("_OERCN: 1, 10", &pin, &puk) == 0 && pin == 1 &&
	       puk == 10,
	   "Option _OERCN:");
	pin = puk = -1;
	ok(resp_pin_tries("^SPIC: 3", &pin, &puk) == 0 && pin == 3 && puk == -1,
	   "Cinterion ^SPIC: PIN only");
	pin = puk = -1;
	ok(resp_pin_tries("#PCT: 2", &pin, &puk) == 0 && pin == 2 && puk == -1,
	   "Telit #PCT:");
	pin = 5;
	ok(resp_pin_tries("#PCT: -1", &pin, &puk) == -EINVAL && pin == 5,
	   "negative count refused");
	ok(resp_pin_tries("^CPIN: SIM PIN,2", &pin, &puk) == -EINVAL,
	   "short ^CPIN: refused");
	ok(resp_csim_tries("+CSIM: 4,\"63C3\"", &tries) == 0 && tries == 3,
	   "CSIM 63C3: 3 tries");
	ok(resp_csim_tries("+CSIM: 4,\"63ca\"", &tries) == 0 && tries == 10,
	   "CSIM 63CA: 10 (PUK), lower case");
	ok(resp_csim_tries("+CSIM: 4,\"6983\"", &tries) == 0 && tries == 0,
	   "CSIM 6983: blocked");
	tries = 7;
	ok(resp_csim_tries("+CSIM: 4,\"9000\"", &tries) == -EINVAL &&
	       tries == 7,
	   "CSIM 9000 (verified, no count) refused, output untouched");
	ok(resp_csim_tries("+CSIM: 6,\"63C3\"", &tries) == -EINVAL,
	   "length not 4 refused");
	ok(resp_csim_tries("+CSIM: 4,\"63CG\"", &tries) == -EINVAL,
	   "non-hex count refused");
	ok(resp_csim_tries("+CSIM: 4", &tries) == -EINVAL, "no data refused");
}

static void test_signal(void)
{
	char oper[8];
	int dbm = 0, act = 0;

	ok(resp_csq_dbm("+CSQ: 20,99", &dbm) == 0 && dbm == -73,
	   "+CSQ 20 is -73 dBm");
	ok(resp_csq_dbm("+CSQ: 0,0", &dbm) == 0 && dbm == -113, "+CSQ 0");
	ok(resp_csq_dbm("+CSQ: 31,0", &dbm) == 0 && dbm == -51, "+CSQ 31");
	ok(resp_csq_dbm("+CSQ: 100,99", &dbm) == 0 && dbm == -116,
	   "Quectel +CSQ 100");
	dbm = 1;
	ok(resp_csq_dbm("+CSQ: 99,99", &dbm) == -EINVAL && dbm == 1,
	   "+CSQ 99 is unknown");
	ok(resp_cesq_rsrp_dbm("+CESQ: 99,99,255,255,20,80", &dbm) == 0 &&
	       dbm == -61,
	   "+CESQ rsrp 80");
	ok(resp_cesq_rsrp_dbm("+CESQ: 99,99,255,255,255,255", &dbm) == -EINVAL,
	   "+CESQ rsrp unknown");
	is_int(resp_signal_bars(-113), 0, "no bars");
	is_int(resp_signal_bars(-73), 4, "-73 dBm is 4 bars");
	is_int(resp_signal_bars(-51), 5, "full bars");
	ok(resp_cops("+COPS: 0,0,\"NTT DOCOMO\",7", oper, sizeof(oper), &act) ==
		   0 &&
	       strcmp(oper, "NTT DOC") == 0 && act == 7,
	   "+COPS cut to the buffer, AcT 7");
	ok(resp_cops("+COPS: 0", oper, sizeof(oper), &act) == 0 &&
	       oper[0] == '\0' && act == -1,
	   "+COPS: 0 (not registered)");
	is_str(resp_act_name(7), "LTE", "AcT 7 is LTE");
}

int main(void)
{
	test_cpin();
	test_pin_tries();
	test_reg();
	test_reg_wild();
	test_cfun();
	test_crsm_spn();
	test_vendor_counters();
	test_signal();
	return tap_done();
}
