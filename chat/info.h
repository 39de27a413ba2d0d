/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Rendering of "ltepi-modem info": the status read by modem_query() as
 * "key: value" text for people or as one JSON object for scripts. Fields
 * the modem did not report are omitted from the text and null in JSON.
 */
#ifndef LTEPI_CHAT_INFO_H
#define LTEPI_CHAT_INFO_H

#include <stdio.h>

#include "modem.h"

void info_print_text(FILE *out, const struct modem_status *st);
void info_print_json(FILE *out, const struct modem_status *st);

#endif
