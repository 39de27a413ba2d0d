/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * modem-sim dialects: what the modem families Raspberry Pi users put on a
 * Pi answer where they differ from textbook 27.007, as data: one row of
 * scenario settings per family, each quirk with its source. "dialect=NAME"
 * applies a row; settings given after it override it.
 */
#ifndef LTEPI_SIM_DIALECT_H
#define LTEPI_SIM_DIALECT_H

#include "sim-scenario.h"

/* Applies dialect name to sc; 0, or -EINVAL for an unknown name. */
int sim_dialect_apply(struct sim_scenario *sc, const char *name);

/* The name of dialect i, NULL past the last (for --list-dialects). */
const char *sim_dialect_name(int i);

#endif
