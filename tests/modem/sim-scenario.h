/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * modem-sim scenario: every knob of the simulated modem, with its default,
 * parsed from key=value text (scenario file lines and -s options). The
 * keys are documented at the top of modem-sim.c.
 */
#ifndef LTEPI_SIM_SCENARIO_H
#define LTEPI_SIM_SCENARIO_H

#include <stdbool.h>
#include <stddef.h>

#define SIM_STR	     128
#define SIM_MAX_URCS 16
#define SIM_MAX_REG  8
#define SIM_MAX_CID  8
#define SIM_LIST     512

enum sim_card { SIM_CARD_READY, SIM_CARD_PIN, SIM_CARD_PUK, SIM_CARD_ABSENT };

enum sim_dial {
	SIM_DIAL_CONNECT,
	SIM_DIAL_NOCARRIER,
	SIM_DIAL_BUSY,
	SIM_DIAL_ERROR,
	SIM_DIAL_SILENT,
	SIM_DIAL_HANGUP,
	SIM_DIAL_NOANSWER,
	SIM_DIAL_NODIALTONE,
};

enum sim_data { SIM_DATA_ECHO, SIM_DATA_SINK, SIM_DATA_EXEC };

enum sim_noise { SIM_NOISE_NONE, SIM_NOISE_GARBAGE, SIM_NOISE_LONGLINE };

/* Which AT+CNMI forms the modem accepts. */
enum sim_cnmi { SIM_CNMI_FULL, SIM_CNMI_SHORT, SIM_CNMI_NONE };

/* Retry-counter commands a SIM/modem may support (bit mask). */
enum {
	SIM_PINCNT_CPINR = 1 << 0,
	SIM_PINCNT_QPINC = 1 << 1,
	SIM_PINCNT_CPINC = 1 << 2,
	SIM_PINCNT_UPINCNT = 1 << 3,
	SIM_PINCNT_SPIC = 1 << 4,  /* SIMCom AT+SPIC */
	SIM_PINCNT_HCPIN = 1 << 5, /* Huawei AT^CPIN? */
	SIM_PINCNT_OERCN = 1 << 6, /* Option AT_OERCN? */
	SIM_PINCNT_SSPIC = 1 << 7, /* Cinterion AT^SPIC="SC" */
	SIM_PINCNT_PCT = 1 << 8,   /* Telit AT#PCT */
	SIM_PINCNT_CSIM = 1 << 9,  /* AT+CSIM VERIFY/UNBLOCK, no data */
};

/* SIM commands (bit mask) that sim_busy=N applies to. */
enum {
	SIM_CMD_CPIN = 1 << 0,
	SIM_CMD_CPINR = 1 << 1,
	SIM_CMD_QPINC = 1 << 2,
	SIM_CMD_CPINC = 1 << 3,
	SIM_CMD_UPINCNT = 1 << 4,
	SIM_CMD_CIMI = 1 << 5,
	SIM_CMD_CCID = 1 << 6,
	SIM_CMD_VENDOR = 1 << 7, /* the newer vendor counters and AT+CSIM */
	SIM_CMD_ALL = (1 << 8) - 1,
};

struct sim_reg_step {
	int stat;	 /* 27.007 <stat>: 0..11 */
	unsigned int ms; /* how long; 0 = forever */
};

/* Everything a scenario can set; filled from defaults, file, -s options. */
struct sim_scenario {
	char manufacturer[SIM_STR], model[SIM_STR], revision[SIM_STR];
	char imei[SIM_STR], imsi[SIM_STR], iccid[SIM_STR];
	char spn[SIM_STR];    /* EF_SPN's name, "" for none (AT+CRSM) */
	bool spn_ucs2;	      /* encoded as UCS-2 (0x80) instead of GSM 7-bit */
	bool amt_dialect;     /* AT$QCPDPP, AT@USBCHG... */
	bool quectel_dialect; /* AT+QPINC?, AT+QCCID */
	bool echo;
	int cmee;
	unsigned int delay_ms;	    /* before each answer */
	unsigned int line_delay_ms; /* before each line sent */
	char urcs[SIM_MAX_URCS][SIM_STR];
	int n_urcs;
	int urc_commands;
	enum sim_card card;
	char pin[SIM_STR], puk[SIM_STR];
	int pin_retries, puk_retries;
	int sim_busy;
	unsigned int sim_busy_at; /* SIM_CMD_* that answer busy */
	int sim_not_ready;
	bool cgauth;
	bool query_urc;
	unsigned int pincnt;
	struct sim_reg_step reg[SIM_MAX_REG];
	int n_reg;
	char operator_name[SIM_STR];
	int act;
	char csq[SIM_STR], cesq[SIM_STR];
	enum sim_dial dial;
	char connect_text[SIM_STR];
	enum sim_data data;
	enum sim_noise noise;
	int noise_at;
	size_t noise_len;
	bool silent;
	bool once;
	/* dialect quirks (see sim-dialect.c for who does what) */
	char dialect[SIM_STR];	    /* the dialect applied last, "" none */
	char error_text[SIM_STR];   /* the line of a plain error [ERROR] */
	char unsupported[SIM_LIST]; /* "+CEREG,+CESQ": unknown commands */
	char mute[SIM_LIST];	    /* commands that are never answered */
	bool cpin_no_ok;	    /* "+CPIN: ..." without a final code */
	bool lf_only;		    /* lines framed by LF alone */
	int cfun;		    /* AT+CFUN? at start [1] */
	bool cfun_lock;		    /* AT+CFUN=1 refused (FCC lock) */
	int creg;		    /* +CREG's own stat, -1: as reg= */
	/* SMS (sim-sms.h) */
	char sms_file[SIM_STR];	 /* stored and later messages */
	int sms_storage;	 /* capacity [10] */
	enum sim_cnmi cnmi;	 /* AT+CNMI forms accepted [full] */
	unsigned int sms_new_ms; /* between later messages [300] */
	bool sms_on_signal;	 /* later messages wait for SIGUSR1 */
	bool cmgs_error;	 /* AT+CMGS answers +CMS ERROR: 500 */
};

int sim_scenario_defaults(struct sim_scenario *sc);
/* Apply "key=value"; returns 0 or -EINVAL with a message in err. */
int sim_scenario_set(struct sim_scenario *sc, const char *kv, char *err,
		     size_t err_len);
/* Apply a file of key=value lines (# comments); 0 or -errno/-EINVAL. */
int sim_scenario_load(struct sim_scenario *sc, const char *path, char *err,
		      size_t err_len);

#endif
