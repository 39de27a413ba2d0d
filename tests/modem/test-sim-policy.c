/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The SIM safety policy (chat/sim-policy.c), table-driven: for each SIM
 * state, pin-file and counter answer, what ltepi-modem does and, when it
 * refuses, with which exit code and advice.
 */
#include <string.h>

#include "../tap.h"
#include "chat/exitcode.h"
#include "chat/sim-policy.h"

static const struct {
	const char *name;
	struct sim_facts facts;
	enum sim_action action;
	int exit_code;
	const char *says; /* a part of the message */
} t[] = {
	{ "ready",
	  { RESP_SIM_READY, false, false, -1, 30 },
	  SIM_PROCEED,
	  0,
	  NULL },
	{ "ready, whatever the tries",
	  { RESP_SIM_READY, true, true, 0, 30 },
	  SIM_PROCEED,
	  0,
	  NULL },
	{ "PIN without pin-file",
	  { RESP_SIM_PIN, false, false, -1, 30 },
	  SIM_REFUSE,
	  MODEM_EXIT_SIM_LOCKED,
	  "set 'pin-file'" },
	{ "PIN, tries not asked yet",
	  { RESP_SIM_PIN, true, false, -1, 30 },
	  SIM_READ_TRIES,
	  0,
	  NULL },
	{ "PIN, tries unknown",
	  { RESP_SIM_PIN, true, true, -1, 30 },
	  SIM_REFUSE,
	  MODEM_EXIT_SIM_LOCKED,
	  "does not say how many tries" },
	{ "PIN, 0 tries",
	  { RESP_SIM_PIN, true, true, 0, 30 },
	  SIM_REFUSE,
	  MODEM_EXIT_SIM_LOCKED,
	  "only 0 try remains" },
	{ "PIN, 1 try",
	  { RESP_SIM_PIN, true, true, 1, 30 },
	  SIM_REFUSE,
	  MODEM_EXIT_SIM_LOCKED,
	  "only 1 try remains" },
	{ "PIN, 2 tries",
	  { RESP_SIM_PIN, true, true, 2, 30 },
	  SIM_SEND_PIN,
	  0,
	  NULL },
	{ "PIN, 3 tries",
	  { RESP_SIM_PIN, true, true, 3, 30 },
	  SIM_SEND_PIN,
	  0,
	  NULL },
	{ "PUK, even with 3 tries",
	  { RESP_SIM_PUK, true, true, 3, 30 },
	  SIM_REFUSE,
	  MODEM_EXIT_SIM_LOCKED,
	  "never sends a PUK" },
	{ "another lock",
	  { RESP_SIM_OTHER_LOCK, true, true, 3, 30 },
	  SIM_REFUSE,
	  MODEM_EXIT_SIM_LOCKED,
	  "other than the SIM PIN" },
	{ "not ready",
	  { RESP_SIM_NOT_READY, true, false, -1, 45 },
	  SIM_REFUSE,
	  MODEM_EXIT_SIM,
	  "not ready after 45 s" },
	{ "no SIM",
	  { RESP_SIM_NOT_INSERTED, true, false, -1, 30 },
	  SIM_REFUSE,
	  MODEM_EXIT_SIM,
	  "no SIM card" },
};

int main(void)
{
	struct sim_decision d;

	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		sim_decide(&t[i].facts, &d);
		ok(d.action == t[i].action, "%s: action %d", t[i].name,
		   t[i].action);
		if (t[i].action != SIM_REFUSE)
			continue;
		is_int(d.exit_code, t[i].exit_code, "  exit code");
		ok(strstr(d.message, t[i].says) != NULL, "  says '%s'",
		   t[i].says);
	}
	ok(sim_pin_well_formed("1234") && sim_pin_well_formed("12345678"),
	   "4 and 8 digits are a PIN");
	ok(!sim_pin_well_formed("123") && !sim_pin_well_formed("123456789") &&
	       !sim_pin_well_formed("12a4") && !sim_pin_well_formed("") &&
	       !sim_pin_well_formed("1234 "),
	   "3 or 9 digits, a letter, nothing or a blank are not");
	return tap_done();
}
