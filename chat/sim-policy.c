/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The SIM safety policy (see sim-policy.h). */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "exitcode.h"
#include "sim-policy.h"

__attribute__((format(printf, 3, 4))) static void
refuse(struct sim_decision *d, int exit_code, const char *fmt, ...)
{
	va_list ap;

	d->action = SIM_REFUSE;
	d->exit_code = exit_code;
	va_start(ap, fmt);
	vsnprintf(d->message, sizeof(d->message), fmt, ap);
	va_end(ap);
}

/* The SIM wants its PIN. */
static void decide_pin(const struct sim_facts *f, struct sim_decision *d)
{
	if (!f->have_pin_file)
		refuse(d, MODEM_EXIT_SIM_LOCKED,
		       "the SIM needs a PIN; write it to a file only root can "
		       "read (chmod 600) and set 'pin-file'");
	else if (!f->tries_read)
		d->action = SIM_READ_TRIES;
	else if (f->pin_tries < 0)
		refuse(d, MODEM_EXIT_SIM_LOCKED,
		       "the SIM needs a PIN but the modem does not say how "
		       "many tries remain, so ltepi-modem will not risk it; "
		       "unlock the SIM once in a phone or disable its PIN");
	else if (f->pin_tries < SIM_POLICY_MIN_TRIES)
		refuse(d, MODEM_EXIT_SIM_LOCKED,
		       "the SIM needs a PIN but only %d try remains; "
		       "ltepi-modem will not risk it: check the PIN and enter "
		       "it once by hand (AT+CPIN) or in a phone",
		       f->pin_tries);
	else
		d->action = SIM_SEND_PIN;
}

void sim_decide(const struct sim_facts *f, struct sim_decision *d)
{
	memset(d, 0, sizeof(*d));
	switch (f->sim) {
	case RESP_SIM_READY:
		d->action = SIM_PROCEED;
		return;
	case RESP_SIM_PIN:
		decide_pin(f, d);
		return;
	case RESP_SIM_PUK:
		refuse(d, MODEM_EXIT_SIM_LOCKED,
		       "the SIM is blocked and needs its PUK; unblock it in a "
		       "phone (ltepi-modem never sends a PUK)");
		return;
	case RESP_SIM_OTHER_LOCK:
		refuse(d, MODEM_EXIT_SIM_LOCKED,
		       "the SIM or modem is locked by a code other than the "
		       "SIM PIN; unlock it in a phone or ask the provider");
		return;
	case RESP_SIM_NOT_READY:
		refuse(d, MODEM_EXIT_SIM,
		       "the SIM was still not ready after %u s (busy or NOT "
		       "READY); check that the card sits properly, or raise "
		       "'sim-busy-timeout' if it is just slow",
		       f->busy_timeout_s);
		return;
	case RESP_SIM_NOT_INSERTED:
		break;
	}
	refuse(d, MODEM_EXIT_SIM,
	       "no SIM card: insert one (with the modem powered off) and try "
	       "again");
}

bool sim_pin_well_formed(const char *pin)
{
	size_t n = strlen(pin);

	return n >= 4 && n <= 8 && strspn(pin, "0123456789") == n;
}
