/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Exit codes of ltepi-modem, one per failure class, so a pppd log or a
 * supervising script can tell "fix the configuration" from "fix the SIM"
 * from "try again later" (like chat(8)'s TERMINATION CODES). Documented in
 * ltepi-modem(8); keep the two in step.
 */
#ifndef LTEPI_CHAT_EXITCODE_H
#define LTEPI_CHAT_EXITCODE_H

enum modem_exit {
	MODEM_EXIT_OK = 0,
	MODEM_EXIT_USAGE = 1,	      /* bad command line or configuration */
	MODEM_EXIT_NO_MODEM = 2,      /* the modem does not answer */
	MODEM_EXIT_SIM = 3,	      /* SIM missing or failed */
	MODEM_EXIT_SIM_LOCKED = 4,    /* PIN needed but not safe to send, PUK */
	MODEM_EXIT_PIN_REJECTED = 5,  /* the SIM rejected our PIN */
	MODEM_EXIT_REGISTRATION = 6,  /* not registered, or denied */
	MODEM_EXIT_APN = 7,	      /* no APN, or APN/context/auth rejected */
	MODEM_EXIT_DIAL = 8,	      /* ATD answered ERROR, or nothing */
	MODEM_EXIT_POWER = 9,	      /* power on/off failed, no device */
	MODEM_EXIT_TIMEOUT = 10,      /* the overall --timeout ran out */
	MODEM_EXIT_IO = 11,	      /* the line failed: modem went away */
	MODEM_EXIT_NO_CARRIER = 12,   /* ATD answered NO CARRIER */
	MODEM_EXIT_BUSY = 13,	      /* ATD answered BUSY */
	MODEM_EXIT_NO_ANSWER = 14,    /* ATD answered NO ANSWER */
	MODEM_EXIT_NO_DIALTONE = 15,  /* ATD answered NO DIALTONE */
	MODEM_EXIT_POWER_CYCLED = 16, /* power-cycled for link health: redial */
	MODEM_EXIT_SMS = 17,	      /* sms listen: no PDU mode (AT+CMGF=0) */
};

#endif
