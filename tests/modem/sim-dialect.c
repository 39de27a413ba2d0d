// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The dialect table (see sim-dialect.h). A row only sets scenario keys,
 * so every quirk is also reachable alone with -s, and a test of one
 * dialect is the same test as of the textbook modem with other data.
 */
#include <errno.h>
#include <stddef.h>
#include <string.h>

#include "sim-dialect.h"

#define SIM_DIALECT_MAX_SETTINGS 12

struct sim_dialect {
	const char *name;
	const char *settings[SIM_DIALECT_MAX_SETTINGS]; /* NULL-ended */
};

static const struct sim_dialect dialects[] = {
	/* 3GPP TS 27.007 and ITU-T V.250 as written: the defaults. */
	{ "textbook", { NULL } },
	{ "quectel",
	  {
	      /* EC25 (CANDY Pi Lite): AT+QPINC?, AT+QCCID, no +CPINR
	       * (Quectel EC2x AT manual) */
	      "identity=quectel",
	      "pincnt=qpinc",
	      /* numeric +CME ERROR by default (Quectel manual, AT+CMEE) */
	      "cmee=1",
	      /* boot reports that trail into the first commands: Quectel
	       * EG91xQ AT manual §2.21 example, oFono plugins/quectel.c */
	      "urcs=+CPIN: READY|+QUSIM: 1|+QIND: PB DONE|+QIND: SMS DONE|"
	      "+CFUN: 1",
	      "urc_commands=12",
	      NULL,
	  } },
	{ "simcom",
	  {
	      "manufacturer=SIMCOM INCORPORATED",
	      "model=SIMCOM_SIM7600E-H",
	      "revision=SIM7600M22_V2.0",
	      /* AT+SPIC (SIMCom SIM800/SIM7600 AT manuals; oFono sim.c) */
	      "pincnt=spic",
	      /* bare-word boot reports: "SMS DONE", "PB DONE" (SIM7600 AT
	       * manual; python-gsmmodem reports) */
	      "urcs=SMS DONE|PB DONE|+CPIN: READY",
	      "urc_commands=12",
	      NULL,
	  } },
	{ "huawei",
	  {
	      /* E173, a 3G stick: no LTE commands, no 27.007 counters */
	      "manufacturer=huawei",
	      "model=E173",
	      "revision=11.126.85.00.209",
	      "act=2",
	      /* unknown commands: "COMMAND NOT SUPPORT" (gammu and
	       * python-gsmmodem reports) */
	      "error_text=COMMAND NOT SUPPORT",
	      "unsupported=+CEREG,+CESQ,+CPINR,+CGAUTH",
	      /* AT^CPIN? (oFono huawei_cpin_cb, ModemManager huawei) */
	      "pincnt=huawei",
	      /* periodic reports: ModemManager plugins/huawei handles
	       * ^RSSI ^MODE ^SRVST ^SIMST ^BOOT ^DSFLOWRPT */
	      "urcs=^RSSI: 18|^MODE: 5,4|^SRVST: 2|^SIMST: 1|"
	      "^BOOT: 20952548,0,0,0,72|"
	      "^DSFLOWRPT: 0000000A,00000000,00000000,00000000,"
	      "00000000,00000000,00000000",
	      "urc_commands=100",
	      NULL,
	  } },
	{ "sierra",
	  {
	      "manufacturer=Sierra Wireless, Incorporated",
	      "model=MC7455",
	      "revision=SWI9X30C_02.24.05.06",
	      /* AT+CPINC? (Sierra's note for MC77xx and SL80xx) */
	      "pincnt=cpinc",
	      /* SL808x answers AT+CPIN? with the +CPIN line alone (oFono
	       * takes that line as the end for Wavecom: drivers/atmodem/
	       * sim.c needs_wavecom_sim_quirk) */
	      "cpin_no_ok=1",
	      NULL,
	  } },
	{ "ublox",
	  {
	      "manufacturer=u-blox",
	      "model=TOBY-L210",
	      "revision=17.00",
	      /* AT+UPINCNT (u-blox AT manual; ModemManager ublox) */
	      "pincnt=upincnt",
	      /* verbose errors by default */
	      "cmee=2",
	      NULL,
	  } },
	{ "option",
	  {
	      /* the 3G seed's Option iCON 225 (hso driver) */
	      "manufacturer=Option N.V.",
	      "model=GlobeSurfer iCON 7.2",
	      "revision=2.5.23Hd",
	      "act=2",
	      /* HSDPA era: no LTE commands, no +CGAUTH (27.007 Rel-11) */
	      "unsupported=+CEREG,+CESQ,+CPINR,+CGAUTH",
	      /* AT_OERCN? (oFono drivers/atmodem/sim.c, OPTION_HSO) */
	      "pincnt=oercn",
	      /* signal reports of the hso firmware */
	      "urcs=_OSIGQ: 20,0",
	      "urc_commands=100",
	      NULL,
	  } },
	{ "telit",
	  {
	      "manufacturer=Telit",
	      "model=LE910C1-EU",
	      "revision=25.21.660",
	      /* AT#PCT: tries of the code asked for now (oFono at_pct_cb) */
	      "pincnt=pct",
	      NULL,
	  } },
	{ "cinterion",
	  {
	      "manufacturer=Cinterion",
	      "model=PLS8-E",
	      "revision=REVISION 03.017",
	      /* AT^SPIC="SC" (Siemens/Cinterion AT manuals) */
	      "pincnt=cinterion",
	      NULL,
	  } },
	{ "csim-only",
	  {
	      /* no counter command at all but AT+CSIM, which every SIM
	       * answers (ISO 7816-4 VERIFY without data: 63Cx) */
	      "pincnt=csim",
	      NULL,
	  } },
};

#define N_DIALECTS (sizeof(dialects) / sizeof(dialects[0]))

int sim_dialect_apply(struct sim_scenario *sc, const char *name)
{
	char err[256];
	size_t i, j;

	for (i = 0; i < N_DIALECTS && strcmp(dialects[i].name, name); i++)
		;
	if (i == N_DIALECTS)
		return -EINVAL;
	for (j = 0; dialects[i].settings[j]; j++) {
		if (sim_scenario_set(sc, dialects[i].settings[j], err,
				     sizeof(err)) < 0)
			return -EINVAL;
	}
	strcpy(sc->dialect, dialects[i].name);
	return 0;
}

const char *sim_dialect_name(int i)
{
	return i >= 0 && (size_t)i < N_DIALECTS ? dialects[i].name : NULL;
}
