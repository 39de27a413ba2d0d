/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Parsers for the 27.007 information responses ltepi-modem reads: SIM state,
 * remaining PIN tries (standard and vendor forms), registration, operator,
 * signal. Pure functions over one response line, so they are unit-tested
 * with lines captured from real modems. Each returns 0, or -EINVAL when the
 * line does not have the expected form (outputs then untouched).
 */
#ifndef LTEPI_CHAT_RESP_H
#define LTEPI_CHAT_RESP_H

#include <stdbool.h>
#include <stddef.h>

enum resp_sim {
	RESP_SIM_READY,
	RESP_SIM_PIN,
	RESP_SIM_PUK,
	RESP_SIM_OTHER_LOCK, /* PH-SIM PIN, PIN2 ...: not ours to unlock */
	RESP_SIM_NOT_INSERTED,
	RESP_SIM_NOT_READY, /* still starting up: ask again */
};

/* "+CPIN: READY", "+CPIN: SIM PIN", "+CPIN: NOT INSERTED" ... */
int resp_cpin(const char *line, enum resp_sim *sim);
const char *resp_sim_name(enum resp_sim sim);

/*
 * Remaining SIM PIN and PUK tries from any of "+CPINR: SIM PIN,2,3"
 * (27.007, one code per line: only the counter the line names is set),
 * "+QPINC: \"SC\",2,10" (Quectel), "+CPINC: 2,3,10,10" (Sierra),
 * "+UPINCNT: 2,3,10,10" (u-blox), "+SPIC: 2,3,10,10" (SIMCom),
 * "^CPIN: SIM PIN,2,10,2,10,3" (Huawei), "_OERCN: 2, 10" (Option),
 * "^SPIC: 2" (Cinterion, to AT^SPIC="SC") and "#PCT: 2" (Telit: the code
 * the SIM asks for now). Counters not in the line stay as they are.
 */
int resp_pin_tries(const char *line, int *pin, int *puk);

/*
 * Tries left from the answer to a VERIFY (PIN) or UNBLOCK (PUK) command
 * without data sent with AT+CSIM, which every SIM supports (ISO 7816-4,
 * Sierra's note for modems without +CPINC): "+CSIM: 4,\"63C2\"" is 2.
 */
int resp_csim_tries(const char *line, int *tries);

enum resp_reg_domain {
	RESP_REG_CS,  /* +CREG */
	RESP_REG_PS,  /* +CGREG */
	RESP_REG_EPS, /* +CEREG */
};

struct resp_reg {
	enum resp_reg_domain domain;
	int stat; /* 27.007 <stat> */
	int act;  /* <AcT>, -1 when not reported */
};

/*
 * "+CxREG: ..." in the solicited form "<n>,<stat>[,...]" (answer to
 * AT+CxREG?) or the URC form "<stat>[,...]".
 */
int resp_reg(const char *line, bool solicited, struct resp_reg *reg);

/*
 * Whether a "+CxREG: ..." line has the solicited form: its second field is
 * an unquoted number (<stat> after <n>). A report has <stat> alone or is
 * followed by the quoted <lac>/<tac>, so an unsolicited report that comes
 * inside the answer to AT+CxREG? can be told from the answer.
 */
bool resp_reg_solicited(const char *line);
bool resp_reg_is_registered(int stat);	   /* home, roaming: data possible */
bool resp_reg_is_sms_only(int stat);	   /* 6, 7: registered, but no data */
bool resp_reg_is_emergency_only(int stat); /* 8, 11 */
bool resp_reg_is_denied(int stat);
const char *resp_reg_stat_name(int stat);

/*
 * "+CFUN: 1" (27.007 §8.2; some firmwares add ",0"): 1 full, 4 radio off
 * (airplane mode), 0 minimum, vendor values above.
 */
int resp_cfun(const char *line, int *fun);

/*
 * The SIM's service provider name from "+CRSM: 144,0,\"<hex>\"", the answer
 * to AT+CRSM=176,28486,0,0,17 (READ BINARY of EF_SPN, 31.102 §4.2.12): GSM
 * 7-bit (one character a byte) or UCS-2 (0x80), as ASCII with '?' for the
 * rest, trailing blanks dropped. -ENOENT when the SIM has no SPN (a status
 * other than 90/91, or an empty name), -EPROTO for the compressed UCS-2
 * forms, -EINVAL for a malformed line.
 */
int resp_crsm_spn(const char *line, char *spn, size_t len);

/* "+COPS: 0,0,\"NTT DOCOMO\",7": operator name ("" if none) and AcT (-1). */
int resp_cops(const char *line, char *oper, size_t len, int *act);
const char *resp_act_name(int act);

/* "+CSQ: 20,99": signal in dBm; -EINVAL also when the modem has none (99). */
int resp_csq_dbm(const char *line, int *dbm);

/* "+CESQ: 99,99,255,255,20,80": LTE RSRP in dBm; -EINVAL if unknown (255). */
int resp_cesq_rsrp_dbm(const char *line, int *dbm);

/* 0..5 bars from an RSSI in dBm (ModemManager's 0..100 % scale, in fifths). */
int resp_signal_bars(int rssi_dbm);

#endif
