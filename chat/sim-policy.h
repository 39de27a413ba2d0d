/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The SIM safety policy of ltepi-modem, apart from the AT exchanges that
 * gather its facts (modem.c), as OpenBSD slaacd's engine decides what its
 * frontend does: given what the SIM says and how many PIN tries remain,
 * proceed, find out the tries, send the PIN once, or refuse with an exit
 * code and the sentence that tells the user what to do. Pure.
 *
 * The rules (ltepi-modem(8), SIM): a PIN is sent only from a pin-file, only
 * when the modem says how many tries remain and at least 2 do, at most once
 * per run; a PUK is never sent.
 */
#ifndef LTEPI_CHAT_SIM_POLICY_H
#define LTEPI_CHAT_SIM_POLICY_H

#include <stdbool.h>
#include <stddef.h>

#include "resp.h"

/* The fewest remaining PIN tries at which a PIN is sent. */
#define SIM_POLICY_MIN_TRIES 2

struct sim_facts {
	enum resp_sim sim;	     /* AT+CPIN?'s answer */
	bool have_pin_file;	     /* 'pin-file' is set */
	bool tries_read;	     /* the PIN counters were asked */
	int pin_tries;		     /* what they said; -1 unknown */
	unsigned int busy_timeout_s; /* 'sim-busy-timeout', for the message */
};

enum sim_action {
	SIM_PROCEED,	/* the SIM is ready */
	SIM_READ_TRIES, /* ask the PIN counters, then decide again */
	SIM_SEND_PIN,	/* send the pin-file's PIN, once */
	SIM_REFUSE,	/* stop: exit_code, message */
};

struct sim_decision {
	enum sim_action action;
	int exit_code;	   /* SIM_REFUSE: an enum modem_exit */
	char message[256]; /* SIM_REFUSE: one sentence for the log */
};

void sim_decide(const struct sim_facts *f, struct sim_decision *d);

/* Whether a pin-file's content is a PIN: 4 to 8 digits (TS 31.102). */
bool sim_pin_well_formed(const char *pin);

#endif
