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
	test_signal();
	return tap_done();
}
