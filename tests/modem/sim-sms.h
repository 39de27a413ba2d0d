/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * modem-sim's SMS storage: the messages a modem holds (in PDU form, as a
 * network delivered them), with a capacity like a SIM's, and the ones that
 * arrive later (+CMTI). No parsing of the PDUs: the simulator stores and
 * lists bytes, as a modem does, so malformed ones are tested too.
 */
#ifndef LTEPI_SIM_SMS_H
#define LTEPI_SIM_SMS_H

#include <stdbool.h>
#include <stddef.h>

#define SIM_SMS_MAX 32
#define SIM_SMS_PDU 400

struct sim_sms_msg {
	bool used, read;
	char pdu[SIM_SMS_PDU + 1];
};

struct sim_sms {
	struct sim_sms_msg slot[SIM_SMS_MAX];
	int capacity;
	char later[SIM_SMS_MAX][SIM_SMS_PDU + 1]; /* delivered after CNMI */
	int n_later, next_later;
	int dropped; /* arrived while the storage was full */
};

/*
 * Loads path: one message per line, "HEX" stored at start, "new HEX"
 * delivered later; '#' comments. 0, or -errno / -EINVAL with err.
 */
int sim_sms_load(struct sim_sms *s, const char *path, int capacity, char *err,
		 size_t errlen);

/* Stores pdu in the lowest free index: the index, or -ENOSPC. */
int sim_sms_store(struct sim_sms *s, const char *pdu);

int sim_sms_used(const struct sim_sms *s);

/* <length> of +CMGL/+CMGR: the PDU's octets after the SMSC field. */
int sim_sms_tpdu_len(const char *pdu);

#endif
