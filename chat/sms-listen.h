/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * "ltepi-modem sms listen" and "ltepi-modem sms sign" (ltepi-modem(8),
 * SMS WAKE-UP). The listener owns the modem's AT port: PDU mode
 * (AT+CMGF=0), message storage (AT+CPMS), new-message indications
 * (AT+CNMI, falling back through the forms modems accept, else polling),
 * then every stored message (AT+CMGL) and every +CMTI (AT+CMGR) is
 * decoded, deleted (AT+CMGD) whatever follows, reassembled, checked
 * (sms-auth.h) and acted on: sms-up-command, sms-down-command, or a
 * status reply (AT+CMGS).
 *
 * Both return an exit code of exitcode.h and log what they refuse.
 * The key file, sms-allow and the state directory are checked before the
 * modem is opened, so a bad configuration runs nothing.
 */
#ifndef LTEPI_CHAT_SMS_LISTEN_H
#define LTEPI_CHAT_SMS_LISTEN_H

#include <stdbool.h>

#include "conf.h"

/* The link state file of the status reply ("key value" lines). */
#define SMS_LINK_STATE_ENV     "LTEPI_LINK_STATE"
#define SMS_LINK_STATE_DEFAULT "/run/ltepi/ltepi2.state"

int sms_listen(const struct modem_conf *conf, bool once);

/*
 * Prints the text to send for verb [duration] under the key in key_file
 * (NULL: sms-key-file), with counter (NULL: the one after the last in
 * KEYFILE.counter, which is advanced).
 */
int sms_sign(const struct modem_conf *conf, const char *key_file,
	     const char *counter, const char *verb, const char *duration);

#endif
