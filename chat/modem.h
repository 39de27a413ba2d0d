/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The connection state machine of ltepi-modem and the modem queries its
 * "info" mode shares with it.
 *
 * modem_connect() walks the steps wake, identify, SIM, APN, PDP context,
 * authentication, registration, network report, dial; each step is one small
 * function that either continues or ends the run with an enum modem_exit
 * after logging ONE sentence naming the cause and the next step for the
 * user. This module is the one with the context, so it logs at info/warning
 * level; the layers below it only log the AT dialogue at debug level.
 */
#ifndef LTEPI_CHAT_MODEM_H
#define LTEPI_CHAT_MODEM_H

#include <stdbool.h>

#include "apn.h"
#include "atcmd.h"
#include "conf.h"
#include "exitcode.h"
#include "resp.h"

#define MODEM_ID_LEN 64

struct modem_status {
	char manufacturer[MODEM_ID_LEN];
	char model[MODEM_ID_LEN];
	char revision[MODEM_ID_LEN];
	char imei[MODEM_ID_LEN];
	int cfun; /* last AT+CFUN? answer; -1: unknown */
	bool sim_known;
	enum resp_sim sim;
	int pin_tries, puk_tries; /* -1: unknown */
	char imsi[16];
	char spn[APN_PROVIDER_LEN];	 /* the SIM's service provider name */
	char apn_guess[APN_MAX_LEN + 1]; /* from the provider database */
	char apn_guess_source[APN_SOURCE_LEN];
	char sim_provider[APN_PROVIDER_LEN]; /* the database's, by IMSI */
	bool reg_known[3];		     /* by enum resp_reg_domain */
	struct resp_reg reg[3];
	char oper[MODEM_ID_LEN];
	int act; /* -1: unknown */
	bool rssi_known, rsrp_known;
	int rssi_dbm, rsrp_dbm;
};

struct modem;

/*
 * A modem on channel ch with configuration conf; both stay the caller's and
 * must outlive the modem. NULL with errno set on ENOMEM. Free with
 * modem_free() (NULL is fine).
 */
struct modem *modem_new(struct at_chan *ch, const struct modem_conf *conf);
void modem_free(struct modem *m);

/*
 * Before the SIM step of the next modem_connect(), reset the radio
 * (AT+CFUN=0, then 1) because the link check restarted the link restarts
 * times in a row (escalate.h); 0: no reset.
 */
void modem_set_radio_reset(struct modem *m, unsigned int restarts);

/* Brings the modem from power-on to CONNECT. Returns an enum modem_exit. */
int modem_connect(struct modem *m);

/*
 * Reads everything "info" reports into the status; only a modem that does
 * not answer at all (or I/O errors) fail it. Returns an enum modem_exit.
 */
int modem_query(struct modem *m);

const struct modem_status *modem_status(const struct modem *m);

#endif
