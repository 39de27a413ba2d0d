// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * modem-sim: a scriptable AT modem on a pseudo-terminal, so ltepi-modem
 * (and pppd's connect path) can be tested without hardware.
 *
 * USAGE
 *   modem-sim --link PATH [--link2 PATH] [--log FILE] [--state FILE]
 *             [--scenario FILE] [-s KEY=VALUE]... [--once]
 *             [-- COMMAND [ARG]...]
 *
 *   --link PATH      symlink PATH -> the pty slave (/dev/pts/N), made
 *                    atomically once the modem is ready to answer; wait
 *                    for it to exist before opening it. Removed on exit.
 *   --link2 PATH     a second AT port of the same modem, on its own pty,
 *                    linked at PATH before --link appears. Many modems
 *                    have two: Quectel EC25/EG25 "if 02: AT primary
 *                    port, if 03: AT secondary port" (ModemManager
 *                    src/plugins/quectel/77-mm-quectel-port-types.rules),
 *                    ttyUSB2 and ttyUSB3, pppd on one, AT on the other.
 *                    The ports share the SIM (PIN, retries), the
 *                    registration, the PDP contexts and the SMS storage;
 *                    each has its own echo, CMEE, CxREG reports, CMGF,
 *                    CNMI (a +CMTI goes to the ports that enabled it)
 *                    and data mode: while one port is in data mode the
 *                    other answers AT; one data session at a time (a
 *                    dial on the other port answers NO CARRIER).
 *   --log FILE       the AT dialogue, one line per event (see LOG).
 *   --state FILE     SIM PIN/PUK retry counters and the PIN, persisted
 *                    across runs (see SIM). Created when missing.
 *   --scenario FILE  KEY=VALUE lines, '#' comments; -s options given
 *                    after it on the command line override it.
 *   -s KEY=VALUE     one scenario setting (see KEYS); repeatable.
 *   --list-dialects  print the dialect names (see dialect=) and exit.
 *   --once           exit (status 0) when the client closes the pty after
 *                    having opened it; same as -s once=1. Without it the
 *                    modem keeps running for the next client, as a real
 *                    modem outlives pppd's connect script.
 *   -- COMMAND...    run COMMAND (no shell, PATH searched) in data mode
 *                    with stdin and stdout on the pty master (implies
 *                    data=exec). Meant for a real peer, e.g.
 *                      -- ip netns exec isp pppd notty nodetach ...
 *                    so the helper's pppd negotiates with it after
 *                    CONNECT. When COMMAND exits the modem logs its
 *                    status, sends NO CARRIER and returns to command
 *                    mode. SIGTERM to modem-sim is passed on to it.
 *
 *   The slave path is also printed on stdout as "PTY /dev/pts/N" (the
 *   second port's as "PTY2 /dev/pts/M").
 *   SIGTERM/SIGINT: clean exit, status 0. Usage or scenario errors:
 *   status 2 with a message on stderr. Runtime failure: status 1.
 *
 * PTY FACTS this relies on: while no process has the slave open, poll()
 * on the master reports POLLHUP and read() fails with EIO, so the modem
 * polls (every 50 ms) until a client opens the slave; the master is put
 * in raw mode so the line discipline neither echoes nor translates. Data
 * written while no client has the slave open is dropped.
 *
 * KEYS (defaults in brackets)
 *   identity=generic|amtelecom|quectel   [generic] sets manufacturer,
 *       model, revision and the dialect: amtelecom = "AM Telecom" AMP520
 *       with AT$QCPDPP, AT@USBCHG, AT@AUTOCONN; quectel = EC25 with
 *       AT+QPINC? and AT+QCCID.
 *   spn=NAME [none]     the SIM's service provider name (AT+CRSM read of
 *       EF_SPN); spn_ucs2=1 encodes it as UCS-2
 *   manufacturer= model= revision= imei= imsi= iccid=  (ATI, AT+CGMI,
 *       AT+CGMM, AT+CGMR, AT+CGSN, AT+CIMI, AT+CCID; iccid [none] ->
 *       AT+CCID answers ERROR)   [imsi 440101234567890]
 *   echo=0|1 [1]        initial echo (ATE0/ATE1 change it, ATZ resets it)
 *   cmee=0|1|2 [0]      initial AT+CMEE: errors as ERROR, +CME ERROR: <n>
 *                       or +CME ERROR: <text>
 *   delay=MS [0]        processing time: sleep once before the answer to
 *                       each command line, whose lines then follow at
 *                       once, as a real modem answers (the echo is not
 *                       delayed, nor are reports sent on their own)
 *   line_delay=MS [0]   sleep before every line sent, on top of delay
 *                       (the older model: answers cost per line)
 *   urcs=L1|L2|...      unsolicited lines for the URC storm, e.g.
 *                       urcs=RDY|+CPIN: READY|+QIND: SMS DONE|^SYSSTART
 *   urc_commands=N [0]  for the first N commands, one URC (cycling through
 *                       urcs) follows the echo and each information line,
 *                       i.e. arrives between echo and response lines and
 *                       between responses.
 *   sim=ready|pin|puk|absent [ready]   absent: +CME ERROR: 10
 *   pin= [1234]  puk= [12345678]  pin_retries= [3]  puk_retries= [10]
 *   sim_busy=N [0]      the first N SIM queries (CPIN?, CIMI, CPINR, ...)
 *                       answer +CME ERROR: 14 (SIM busy)
 *   sim_busy_at=LIST [all]  the queries sim_busy counts, comma separated
 *                       from cpin, cpinr, qpinc, cpinc, upincnt, cimi,
 *                       ccid; the others answer normally meanwhile
 *   sim_not_ready=N [0] after the busy ones, the next N AT+CPIN? answer
 *                       "+CPIN: NOT READY" and OK, as after a cold boot
 *   pincnt=LIST [cpinr] retry-count commands supported, comma separated
 *                       from cpinr (AT+CPINR), qpinc (AT+QPINC?), cpinc
 *                       (Sierra AT+CPINC?), upincnt (u-blox AT+UPINCNT),
 *                       spic (SIMCom AT+SPIC), huawei (AT^CPIN?), oercn
 *                       (Option AT_OERCN?), cinterion (AT^SPIC="SC"), pct
 *                       (Telit AT#PCT), csim (AT+CSIM VERIFY/UNBLOCK
 *                       without data: 63Cx), or none; the others answer
 *                       ERROR. sim_busy_at=vendor covers the last six.
 *   reg=STAT[:MS],...   [1] registration steps shared by CREG/CGREG/CEREG,
 *                       starting when the SIM becomes ready and the radio
 *                       is on; 27.007 stat 0..11: 0 not registered, 1
 *                       home, 2 searching, 3 denied, 4 unknown, 5 roaming,
 *                       6/7 SMS only, 8 emergency only, 9/10 CSFB not
 *                       preferred, 11 RLOS; the last step lasts forever.
 *                       "reg=2:2000,1" searches 2 s then is home; "reg=2"
 *                       never registers. AT+CEREG=1|2 etc. enable URCs on
 *                       each change.
 *   query_urc=0|1 [0]   AT+CxREG? answers "+CxREG: <stat>" (the report
 *                       form) before its own line, as when the state
 *                       changes while the query runs
 *   operator= [NTT DOCOMO]  act= [7]   AT+COPS? when registered
 *   cgauth=0|1 [1]      0: AT+CGAUTH answers ERROR (27.007 makes it
 *                       optional; such modems leave auth to PPP)
 *   csq= [20,99]  cesq= [99,99,255,255,20,50]
 *   dial=connect|nocarrier|busy|noanswer|nodialtone|error|silent|hangup
 *       [connect]   ATD...
 *       (unregistered: NO CARRIER). hangup closes the pty in the middle
 *       of the dial and exits (the device vanishes, like a USB unplug).
 *   connect=TEXT [CONNECT 150000000]
 *   data=sink|echo|exec [sink]   after CONNECT: drop or echo bytes until
 *       the client hangs up; exec see "-- COMMAND".
 *   noise=none|garbage|longline [none]   before the response to command
 *       number noise_at= [1]: noise_len= [4096] bytes of binary garbage,
 *       or that many 'X' without any line end.
 *   silent=0|1 [0]      never answer anything (commands are still logged)
 *   cfun=0|1|4 [1]      AT+CFUN? at start: 1 full, 4 radio off (never
 *                       registers: stat 0), 0 minimum (SIM off too: SIM
 *                       commands answer +CME ERROR: 13)
 *   cfun_lock=0|1 [0]   AT+CFUN=1 answers +CME ERROR: 3, as a modem that
 *                       waits for its vendor's FCC unlock
 *   creg=STAT [as reg]  AT+CREG? answers STAT whatever reg= says: the CS
 *                       domain contradicting EPS/PS
 *   dialect=NAME        a modem family's quirks, a row of these keys (see
 *                       sim-dialect.c for each quirk's source): textbook,
 *                       quectel, simcom, huawei, sierra, ublox, option,
 *                       telit, cinterion, csim-only; keys after it win
 *   error_text=TEXT [ERROR]  the line of a plain error (Huawei: COMMAND
 *                       NOT SUPPORT)
 *   unsupported=LIST    extended commands (+CEREG,+CESQ) the modem does
 *                       not know: they answer error_text
 *   mute=LIST           extended commands never answered at all
 *   cpin_no_ok=0|1 [0]  AT+CPIN? answers its +CPIN: line alone, no OK
 *   lf_only=0|1 [0]     frame every line with a lone LF
 *   once=0|1 [0]        see --once
 *   sms_file=PATH       SMS in PDU form (hex, with the SMSC field), one a
 *                       line: "HEX" is stored at start (AT+CMGL/CMGR list
 *                       it byte for byte, malformed or not), "new HEX"
 *                       arrives after AT+CNMI, stored and announced with
 *                       +CMTI: "ME",<index>, one every sms_new_ms [300]
 *   sms_on_signal=0|1 [0]  1: each "new" message arrives when modem-sim
 *                       gets a SIGUSR1 (after AT+CNMI), not on a timer,
 *                       so that a test can send it at the moment it wants
 *   sms_storage=N [10]  capacity (AT+CPMS); a message arriving at a full
 *                       storage is dropped and sends no +CMTI
 *   cnmi=full|short|none [full]  AT+CNMI forms accepted: any, only
 *                       "<mode>,<mt>", or none
 *   cmgs_error=0|1 [0]  AT+CMGS answers +CMS ERROR: 500 after the PDU
 *   SMS commands (27.005, PDU mode): AT+CMGF, AT+CPMS ("ME"/"SM"), AT+CNMI,
 *   AT+CMGL=<stat>, AT+CMGR=<i> (ERROR when empty), AT+CMGD=<i>[,4],
 *   AT+CMGS=<n>: "> " prompt, then the PDU up to Ctrl-Z (ESC cancels);
 *   logged "# sms submit <HEX>", answered +CMGS: <mr> when its length is n
 *
 * SIM: AT+CPIN="<pin>" with a wrong PIN answers +CME ERROR: 16 and uses
 * a try; the third wrong try locks the SIM to PUK (AT+CPIN? then says
 * SIM PUK); AT+CPIN="<puk>","<newpin>" unlocks. The counters go to the
 * state file after every try, so a second run sees what the first left.
 *
 * LOG: "<seconds.millis> <tag> <text>", seconds since start, tags:
 *   "<" a command line received (without CR), e.g. < AT+CPIN="1234"
 *   ">" a line sent (response, result code or URC), e.g. > OK
 *   "#" an event: open, hangup, noise, dial, data mode, exit
 * so tests can grep -c '< AT+CPIN=' or '< AT+CGDCONT=1,"IPV4V6","x"'.
 * The second port's lines carry "[2] " after the tag: "< [2] AT+CNMI=2,1".
 *
 * COMMANDS: lines end at CR or LF; basic commands chain (ATE0V1&C1),
 * extended ones follow ';' (AT+CMEE=2;+CPIN?), one final result per
 * line; unknown commands answer ERROR; lines longer than 512 bytes
 * answer ERROR; lines not starting with AT are ignored. Stored PDP
 * settings (AT+CGDCONT, AT+CGAUTH, AT$QCPDPP) read back with the "?"
 * form, e.g. +CGDCONT: 1,"IPV4V6","soracom.io","0.0.0.0",0,0.
 */
#define _GNU_SOURCE /* posix_openpt, ptsname, cfmakeraw */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "sim-dialect.h"
#include "sim-scenario.h"
#include "sim-sms.h"

#define LINE_MAX_LEN 512
#define MAX_ARGS     8
#define HUP_POLL_MS  50

enum { RES_OK = 0, RES_ERROR = -1, RES_NONE = -2 };
enum op { OP_EXEC, OP_READ, OP_TEST, OP_SET };
enum reg_kind { REG_CREG, REG_CGREG, REG_CEREG, REG_KINDS };

static const char *const reg_names[REG_KINDS] = { "+CREG", "+CGREG", "+CEREG" };

struct pdp {
	bool used;
	char type[16], apn[SIM_STR];
	int auth;
	char user[SIM_STR], password[SIM_STR];
	bool auth_set, qcpdpp_set;
};

/*
 * One AT port of the modem: what a real modem keeps per channel (V.250
 * echo and result settings, 27.007 report settings, 27.005 CNMI, the line
 * being typed) and whether it is in data mode. The SIM, the registration,
 * the PDP contexts and the SMS storage belong to the modem and are shared
 * by its ports (struct sim).
 */
enum port_mode { PORT_COMMAND, PORT_DATA_STREAM, PORT_DATA_EXEC };

struct sim_port {
	int index; /* 0: the first port, 1: the second (--link2) */
	const char *link_path;
	int master;
	char slave[64];
	bool connected;
	long long hup_check_ms; /* no client: look again from then on */
	bool echo;
	int cmee;
	int reg_n[REG_KINDS];
	bool cmgf_text;
	bool cnmi_on;
	bool answer_pending; /* a command line waits for its answer */
	enum port_mode mode;
	pid_t data_pid;		       /* PORT_DATA_EXEC */
	unsigned long long data_bytes; /* PORT_DATA_STREAM */
	bool prompt; /* after AT+CMGS=<n>: collecting the PDU */
	int prompt_len;
	char prompt_buf[SIM_SMS_PDU + 1];
	size_t prompt_n;
	char line[LINE_MAX_LEN + 1];
	size_t line_len;
	bool line_overflow;
};

#define SIM_PORTS 2

struct sim {
	struct sim_scenario sc;
	char *const *data_argv;
	const char *state_path;
	FILE *log;
	long long t_start;
	struct sim_port ports[SIM_PORTS];
	int n_ports;
	struct sim_port *port; /* the port being served */
	int wake_pipe[2];

	enum sim_card card;
	int pin_retries, puk_retries, busy_left;
	long long reg_t0; /* -1 until the SIM is ready */
	int last_stat;
	struct pdp pdp[SIM_MAX_CID + 1];
	int cmd_count, urc_index;
	int not_ready_left;
	int cfun;

	/* SMS (27.005): one storage for all ports */
	struct sim_sms sms;
	long long next_later_ms;
	int mr;
};

static volatile sig_atomic_t stop_requested;
static volatile sig_atomic_t sms_signals; /* SIGUSR1s not yet used */
static struct sim *the_sim; /* for the signal handlers' wake-up pipe */

static void on_stop_signal(int sig)
{
	stop_requested = 1;
}

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void sleep_ms(unsigned int ms)
{
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000 };

	while (nanosleep(&ts, &ts) && errno == EINTR && !stop_requested)
		;
}

__attribute__((format(printf, 3, 4))) static void
log_line(struct sim *s, char tag, const char *fmt, ...)
{
	long long t = now_ms() - s->t_start;
	va_list ap;

	if (!s->log)
		return;
	fprintf(s->log, "%lld.%03lld %c ", t / 1000, t % 1000, tag);
	/* the second port's lines are told apart; the first port's keep
	 * the form the other tests grep for */
	if (s->port->index > 0)
		fprintf(s->log, "[%d] ", s->port->index + 1);
	va_start(ap, fmt);
	vfprintf(s->log, fmt, ap);
	va_end(ap);
	fputc('\n', s->log);
	fflush(s->log);
}

/* Errors are ignored: a client that went away is seen by the next poll. */
static void write_raw(struct sim *s, const void *buf, size_t len)
{
	const char *p = buf;

	while (len > 0) {
		ssize_t n = write(s->port->master, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return;
		p += n;
		len -= (size_t)n;
	}
}

/*
 * The first line of an answer comes after the processing delay, the rest
 * of it right behind: a modem works out the answer, then sends it.
 */
static void send_line(struct sim *s, const char *text)
{
	if (s->port->answer_pending && s->sc.delay_ms)
		sleep_ms(s->sc.delay_ms);
	s->port->answer_pending = false;
	if (s->sc.line_delay_ms)
		sleep_ms(s->sc.line_delay_ms);
	if (!s->sc.lf_only)
		write_raw(s, "\r\n", 2);
	write_raw(s, text, strlen(text));
	write_raw(s, s->sc.lf_only ? "\n" : "\r\n", s->sc.lf_only ? 1 : 2);
	log_line(s, '>', "%s", text);
}

static void maybe_urc(struct sim *s)
{
	if (s->sc.n_urcs == 0 || s->cmd_count > s->sc.urc_commands)
		return;
	send_line(s, s->sc.urcs[s->urc_index++ % s->sc.n_urcs]);
}

__attribute__((format(printf, 2, 3))) static void info(struct sim *s,
						       const char *fmt, ...)
{
	char buf[LINE_MAX_LEN];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	send_line(s, buf);
	maybe_urc(s);
}

static const char *cme_text(int code)
{
	switch (code) {
	case 3:
		return "operation not allowed";
	case 4:
		return "operation not supported";
	case 10:
		return "SIM not inserted";
	case 11:
		return "SIM PIN required";
	case 12:
		return "SIM PUK required";
	case 13:
		return "SIM failure";
	case 14:
		return "SIM busy";
	case 16:
		return "incorrect password";
	case 30:
		return "no network service";
	case 50:
		return "incorrect parameters";
	default:
		return "unknown";
	}
}

static void send_result(struct sim *s, int res)
{
	char buf[80];

	if (res == RES_NONE)
		return;
	if (res == RES_OK) {
		send_line(s, "OK");
		return;
	}
	if (res == RES_ERROR || s->port->cmee == 0) {
		send_line(s, s->sc.error_text);
		return;
	}
	if (s->port->cmee == 1)
		snprintf(buf, sizeof(buf), "+CME ERROR: %d", res);
	else
		snprintf(buf, sizeof(buf), "+CME ERROR: %s", cme_text(res));
	send_line(s, buf);
}

/* Copies at most size - 1 bytes: scenario values are test input. */
static void copy_bounded(char *dst, size_t size, const char *src)
{
	size_t n = strnlen(src, size - 1);

	memcpy(dst, src, n);
	dst[n] = '\0';
}

/*
 * Split "1,\"IP\",\"a,b\"" into unquoted fields; commas inside quotes
 * stay. Returns the number of fields or -1 when malformed.
 */
static int split_args(const char *args, char out[][SIM_STR], int max)
{
	int n = 0;

	if (*args == '\0')
		return 0;
	for (;;) {
		size_t len = 0;
		bool quoted = *args == '"';

		if (n == max)
			return -1;
		if (quoted)
			args++;
		while (*args && (quoted ? *args != '"' : *args != ',')) {
			if (len + 1 >= SIM_STR)
				return -1;
			out[n][len++] = *args++;
		}
		out[n++][len] = '\0';
		if (quoted) {
			if (*args != '"')
				return -1;
			args++;
		}
		if (*args == '\0')
			return n;
		if (*args != ',')
			return -1;
		args++;
	}
}

static int parse_int_arg(const char *s, int min, int max, int *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (*s == '\0' || *end || errno || v < min || v > max)
		return -1;
	*out = (int)v;
	return 0;
}

/* ---- SIM ---- */

static void state_save(const struct sim *s)
{
	char tmp[4096];
	FILE *f;

	if (!s->state_path)
		return;
	snprintf(tmp, sizeof(tmp), "%s.tmp", s->state_path);
	f = fopen(tmp, "we");
	if (!f)
		return;
	fprintf(f, "pin_retries=%d\npuk_retries=%d\npin=%s\n", s->pin_retries,
		s->puk_retries, s->sc.pin);
	if (fclose(f) == 0)
		rename(tmp, s->state_path);
}

/* A missing state file is the fresh SIM of the scenario. */
static int state_load(struct sim *s)
{
	char line[256];
	FILE *f;

	if (!s->state_path)
		return 0;
	f = fopen(s->state_path, "re");
	if (!f)
		return errno == ENOENT ? 0 : -errno;
	while (fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\n")] = '\0';
		if (strncmp(line, "pin_retries=", 12) == 0)
			s->pin_retries = atoi(line + 12);
		else if (strncmp(line, "puk_retries=", 12) == 0)
			s->puk_retries = atoi(line + 12);
		else if (strncmp(line, "pin=", 4) == 0 &&
			 strlen(line + 4) < SIM_STR)
			strcpy(s->sc.pin, line + 4);
	}
	fclose(f);
	if (s->card == SIM_CARD_PIN && s->pin_retries <= 0)
		s->card = SIM_CARD_PUK;
	return 0;
}

static void sim_became_ready(struct sim *s)
{
	s->card = SIM_CARD_READY;
	s->reg_t0 = now_ms();
}

/* Whether command cmd (SIM_CMD_*) finds the SIM busy; counts it. */
static bool sim_busy(struct sim *s, unsigned int cmd)
{
	if (s->busy_left <= 0 || !(s->sc.sim_busy_at & cmd))
		return false;
	s->busy_left--;
	return true;
}

/* 0 when the SIM can be used by cmd, else the +CME ERROR code. */
static int sim_check(struct sim *s, unsigned int cmd)
{
	if (sim_busy(s, cmd))
		return 14;
	if (s->cfun == 0) /* Quectel: the SIM is off at CFUN=0 */
		return 13;
	switch (s->card) {
	case SIM_CARD_READY:
		return 0;
	case SIM_CARD_PIN:
		return 11;
	case SIM_CARD_PUK:
		return s->puk_retries > 0 ? 12 : 13;
	default:
		return 10;
	}
}

static int cpin_read(struct sim *s)
{
	int err = sim_check(s, SIM_CMD_CPIN);

	if (err != 14 && s->not_ready_left > 0) {
		s->not_ready_left--;
		info(s, "+CPIN: NOT READY");
	} else if (err == 0)
		info(s, "+CPIN: READY");
	else if (err == 11)
		info(s, "+CPIN: SIM PIN");
	else if (err == 12)
		info(s, "+CPIN: SIM PUK");
	else
		return err;
	return RES_OK;
}

static int cpin_enter_pin(struct sim *s, const char *pin)
{
	if (strcmp(pin, s->sc.pin) == 0) {
		s->pin_retries = s->sc.pin_retries;
		sim_became_ready(s);
		state_save(s);
		return RES_OK;
	}
	if (--s->pin_retries <= 0) {
		s->pin_retries = 0;
		s->card = SIM_CARD_PUK;
	}
	state_save(s);
	return 16;
}

static int cpin_enter_puk(struct sim *s, const char *puk, const char *pin)
{
	if (s->puk_retries <= 0)
		return 13;
	if (strcmp(puk, s->sc.puk) == 0) {
		copy_bounded(s->sc.pin, sizeof(s->sc.pin), pin);
		s->pin_retries = s->sc.pin_retries;
		s->puk_retries = s->sc.puk_retries;
		sim_became_ready(s);
		state_save(s);
		return RES_OK;
	}
	s->puk_retries--;
	state_save(s);
	return 16;
}

static int h_cpin(struct sim *s, const char *name, enum op op, const char *args)
{
	char a[MAX_ARGS][SIM_STR];
	int n, err;

	if (op == OP_READ && s->sc.cpin_no_ok) {
		int r = cpin_read(s);

		return r == RES_OK ? RES_NONE : r; /* the line alone */
	}
	if (op == OP_READ)
		return cpin_read(s);
	if (op != OP_SET)
		return op == OP_TEST ? RES_OK : RES_ERROR;
	n = split_args(args, a, MAX_ARGS);
	if (n < 1 || n > 2)
		return 50;
	err = sim_check(s, SIM_CMD_CPIN);
	switch (err) {
	case 0:
		return 3; /* nothing to unlock */
	case 11:
		return n == 1 ? cpin_enter_pin(s, a[0]) : 3;
	case 12:
		return n == 2 ? cpin_enter_puk(s, a[0], a[1]) : 12;
	default:
		return err;
	}
}

static int pincnt_guard(struct sim *s, unsigned int bit)
{
	if (!(s->sc.pincnt & bit))
		return RES_ERROR;
	return s->card == SIM_CARD_ABSENT ? 10 : 0;
}

static int h_cpinr(struct sim *s, const char *name, enum op op,
		   const char *args)
{
	int err = pincnt_guard(s, SIM_PINCNT_CPINR);

	if (err)
		return err;
	if (sim_busy(s, SIM_CMD_CPINR))
		return 14;
	if (op == OP_TEST)
		return RES_OK;
	if (!*args || strstr(args, "PIN"))
		info(s, "+CPINR: SIM PIN,%d,%d", s->pin_retries,
		     s->sc.pin_retries);
	if (!*args || strstr(args, "PUK"))
		info(s, "+CPINR: SIM PUK,%d,%d", s->puk_retries,
		     s->sc.puk_retries);
	return RES_OK;
}

/* Vendor counters: Quectel +QPINC?, Sierra +CPINC?, u-blox +UPINCNT. */
static int h_vendor_pincnt(struct sim *s, const char *name, enum op op,
			   const char *args)
{
	unsigned int bit = strcmp(name, "+QPINC") == 0	 ? SIM_PINCNT_QPINC
			   : strcmp(name, "+CPINC") == 0 ? SIM_PINCNT_CPINC
							 : SIM_PINCNT_UPINCNT;
	unsigned int cmd = bit == SIM_PINCNT_QPINC   ? SIM_CMD_QPINC
			   : bit == SIM_PINCNT_CPINC ? SIM_CMD_CPINC
						     : SIM_CMD_UPINCNT;
	int err = pincnt_guard(s, bit);

	if (err)
		return err;
	if (op != OP_TEST && sim_busy(s, cmd))
		return 14;
	if (bit == SIM_PINCNT_QPINC) {
		if (op != OP_READ)
			return op == OP_TEST ? RES_OK : RES_ERROR;
		info(s, "+QPINC: \"SC\",%d,%d", s->pin_retries, s->puk_retries);
		info(s, "+QPINC: \"P2\",3,10");
	} else if (bit == SIM_PINCNT_CPINC) {
		if (op != OP_READ)
			return op == OP_TEST ? RES_OK : RES_ERROR;
		info(s, "+CPINC: %d,3,%d,10", s->pin_retries, s->puk_retries);
	} else {
		if (op != OP_EXEC)
			return op == OP_TEST ? RES_OK : RES_ERROR;
		info(s, "+UPINCNT: %d,3,%d,10", s->pin_retries, s->puk_retries);
	}
	return RES_OK;
}

/* The tries of the code the SIM asks for now (Telit #PCT, ^CPIN). */
static int current_tries(const struct sim *s)
{
	return s->card == SIM_CARD_PUK ? s->puk_retries : s->pin_retries;
}

static const char *current_code(const struct sim *s)
{
	return s->card == SIM_CARD_PUK	 ? "SIM PUK"
	       : s->card == SIM_CARD_PIN ? "SIM PIN"
					 : "READY";
}

/*
 * The newer vendor counters, each in its documented form (sources in
 * chat/resp.c): SIMCom +SPIC, Huawei ^CPIN?, Option _OERCN?, Cinterion
 * ^SPIC="SC", Telit #PCT; and the generic AT+CSIM VERIFY/UNBLOCK.
 */
static const struct {
	const char *name;
	unsigned int bit;
	enum op op;
} vendor_counters[] = {
	{ "+SPIC", SIM_PINCNT_SPIC, OP_EXEC },
	{ "^CPIN", SIM_PINCNT_HCPIN, OP_READ },
	{ "_OERCN", SIM_PINCNT_OERCN, OP_READ },
	{ "^SPIC", SIM_PINCNT_SSPIC, OP_SET },
	{ "#PCT", SIM_PINCNT_PCT, OP_EXEC },
	{ "+CSIM", SIM_PINCNT_CSIM, OP_SET },
};

static int csim_answer(struct sim *s, const char *args)
{
	int tries;

	if (strstr(args, "\"0020000100\""))
		tries = s->pin_retries;
	else if (strstr(args, "\"002C000100\""))
		tries = s->puk_retries;
	else
		return RES_ERROR;
	if (tries <= 0)
		info(s, "+CSIM: 4,\"6983\"");
	else
		info(s, "+CSIM: 4,\"63C%X\"", tries > 15 ? 15 : tries);
	return RES_OK;
}

static int h_vendor_counter(struct sim *s, const char *name, enum op op,
			    const char *args)
{
	size_t i;
	int err;

	for (i = 0; strcmp(vendor_counters[i].name, name); i++)
		;
	err = pincnt_guard(s, vendor_counters[i].bit);
	if (err)
		return err;
	if (op == OP_TEST)
		return RES_OK;
	if (op != vendor_counters[i].op)
		return RES_ERROR;
	if (sim_busy(s, SIM_CMD_VENDOR))
		return 14;
	switch (vendor_counters[i].bit) {
	case SIM_PINCNT_SPIC:
		info(s, "+SPIC: %d,3,%d,10", s->pin_retries, s->puk_retries);
		break;
	case SIM_PINCNT_HCPIN:
		if (s->card == SIM_CARD_READY)
			info(s, "^CPIN: READY,,%d,%d,10,3", s->puk_retries,
			     s->pin_retries);
		else
			info(s, "^CPIN: %s,%d,%d,%d,10,3", current_code(s),
			     current_tries(s), s->puk_retries, s->pin_retries);
		break;
	case SIM_PINCNT_OERCN:
		info(s, "_OERCN: %d, %d", s->pin_retries, s->puk_retries);
		break;
	case SIM_PINCNT_SSPIC:
		if (strcmp(args, "\"SC\""))
			return RES_ERROR;
		info(s, "^SPIC: %d", s->pin_retries);
		break;
	case SIM_PINCNT_PCT:
		info(s, "#PCT: %d", current_tries(s));
		break;
	default:
		return csim_answer(s, args);
	}
	return RES_OK;
}

static int h_cimi(struct sim *s, const char *name, enum op op, const char *args)
{
	int err;

	if (op == OP_TEST)
		return RES_OK;
	err = sim_check(s, SIM_CMD_CIMI);
	if (err)
		return err;
	info(s, "%s", s->sc.imsi);
	return RES_OK;
}

/*
 * AT+CRSM=176,28486,0,0,17: READ BINARY of EF_SPN (31.102 §4.2.12): a
 * display byte, then the name in GSM 7-bit (ASCII letters are the same)
 * or UCS-2 (0x80, big-endian), padded with FF to 17 bytes; status 6A 82
 * (file not found) when the SIM has none. Other files: 6A 82 as well.
 */
static int h_crsm(struct sim *s, const char *name, enum op op, const char *args)
{
	char hex[2 * 17 + 1] = "01";
	size_t i, n = 2;

	if (op != OP_SET)
		return RES_ERROR;
	if (strncmp(args, "176,28486,", 10) != 0 || !s->sc.spn[0]) {
		info(s, "+CRSM: 106,130");
		return RES_OK;
	}
	if (s->sc.spn_ucs2)
		n += (size_t)snprintf(hex + n, sizeof(hex) - n, "80");
	for (i = 0; s->sc.spn[i] && n + (s->sc.spn_ucs2 ? 4 : 2) < sizeof(hex);
	     i++)
		n += (size_t)snprintf(hex + n, sizeof(hex) - n,
				      s->sc.spn_ucs2 ? "00%02X" : "%02X",
				      (unsigned char)s->sc.spn[i] & 0x7f);
	for (; n + 2 < sizeof(hex); n += 2)
		memcpy(hex + n, "FF", 3);
	info(s, "+CRSM: 144,0,\"%s\"", hex);
	return RES_OK;
}

static int h_ccid(struct sim *s, const char *name, enum op op, const char *args)
{
	int err;

	if (strcmp(name, "+QCCID") == 0 && !s->sc.quectel_dialect)
		return RES_ERROR;
	if (op == OP_TEST)
		return RES_OK;
	err = sim_check(s, SIM_CMD_CCID);
	if (err == 10 || err == 14)
		return err;
	if (!s->sc.iccid[0])
		return RES_ERROR;
	info(s, "%s: %s", name, s->sc.iccid);
	return RES_OK;
}

/* ---- identity and settings ---- */

static int h_ok(struct sim *s, const char *name, enum op op, const char *args)
{
	return RES_OK;
}

/* S-registers are accepted and read as 0: no test needs their values. */
static int h_sreg(struct sim *s, const char *name, enum op op, const char *args)
{
	if (args[0] && args[strlen(args) - 1] == '?')
		info(s, "000");
	return RES_OK;
}

static int h_echo(struct sim *s, const char *name, enum op op, const char *args)
{
	if (strcmp(args, "") && strcmp(args, "0") && strcmp(args, "1"))
		return RES_ERROR;
	s->port->echo = args[0] == '1';
	return RES_OK;
}

static int h_reset(struct sim *s, const char *name, enum op op,
		   const char *args)
{
	s->port->echo = s->sc.echo;
	s->port->cmee = s->sc.cmee;
	return RES_OK;
}

static int h_ati(struct sim *s, const char *name, enum op op, const char *args)
{
	info(s, "Manufacturer: %s", s->sc.manufacturer);
	info(s, "Model: %s", s->sc.model);
	info(s, "Revision: %s", s->sc.revision);
	info(s, "IMEI: %s", s->sc.imei);
	info(s, "+GCAP: +CGSM");
	return RES_OK;
}

static int h_ident(struct sim *s, const char *name, enum op op,
		   const char *args)
{
	const char *v = strstr(name, "MI")   ? s->sc.manufacturer
			: strstr(name, "MM") ? s->sc.model
			: strstr(name, "MR") ? s->sc.revision
					     : s->sc.imei;

	if (op == OP_TEST)
		return RES_OK;
	if (op != OP_EXEC)
		return RES_ERROR;
	info(s, "%s", v);
	return RES_OK;
}

static int h_cmee(struct sim *s, const char *name, enum op op, const char *args)
{
	if (op == OP_READ) {
		info(s, "+CMEE: %d", s->port->cmee);
	} else if (op == OP_TEST) {
		info(s, "+CMEE: (0-2)");
	} else if (op == OP_SET) {
		if (parse_int_arg(args, 0, 2, &s->port->cmee))
			return RES_ERROR;
	} else {
		s->port->cmee = 0;
	}
	return RES_OK;
}

/*
 * 0 minimum (SIM off), 1 full, 4 radio off. The network search starts
 * afresh when the radio comes on; cfun_lock refuses that, as a modem
 * waiting for its FCC unlock does.
 */
static int h_cfun(struct sim *s, const char *name, enum op op, const char *args)
{
	int fun;

	if (op == OP_READ) {
		info(s, "+CFUN: %d", s->cfun);
		return RES_OK;
	}
	if (op == OP_TEST) {
		info(s, "+CFUN: (0,1,4),(0-1)");
		return RES_OK;
	}
	if (op != OP_SET || parse_int_arg(args, 0, 4, &fun) ||
	    (fun != 0 && fun != 1 && fun != 4))
		return 50;
	if (fun == 1 && s->sc.cfun_lock)
		return 3;
	if (fun == 1 && s->cfun != 1 && s->card == SIM_CARD_READY)
		s->reg_t0 = now_ms();
	s->cfun = fun;
	return RES_OK;
}

static int h_cpas(struct sim *s, const char *name, enum op op, const char *args)
{
	info(s, "+CPAS: 0");
	return RES_OK;
}

/* ---- registration and signal ---- */

static int reg_stat(const struct sim *s)
{
	long long elapsed;
	int i;

	if (s->card != SIM_CARD_READY || s->reg_t0 < 0 || s->cfun != 1)
		return 0;
	elapsed = now_ms() - s->reg_t0;
	for (i = 0; i < s->sc.n_reg - 1; i++) {
		if (s->sc.reg[i].ms == 0 || elapsed < s->sc.reg[i].ms)
			return s->sc.reg[i].stat;
		elapsed -= s->sc.reg[i].ms;
	}
	return s->sc.reg[s->sc.n_reg - 1].stat;
}

/* Milliseconds until the registration state may change, -1 if never. */
static int reg_next_change(const struct sim *s)
{
	long long at;
	int i;

	if (s->card != SIM_CARD_READY || s->reg_t0 < 0)
		return -1;
	at = s->reg_t0;
	for (i = 0; i < s->sc.n_reg - 1 && s->sc.reg[i].ms; i++) {
		at += s->sc.reg[i].ms;
		if (at > now_ms())
			return (int)(at - now_ms());
	}
	return -1;
}

static bool registered(int stat)
{
	return stat == 1 || stat == 5;
}

static void reg_format(const struct sim *s, int stat, int n, char *buf,
		       size_t len)
{
	if (n == 2 && registered(stat))
		snprintf(buf, len, "%d,\"1A2B\",\"01A2B3C4\",%d", stat,
			 s->sc.act);
	else
		snprintf(buf, len, "%d", stat);
}

static enum reg_kind reg_kind_of(const char *name)
{
	enum reg_kind k;

	for (k = 0; k < REG_KINDS - 1; k++) {
		if (strcmp(name, reg_names[k]) == 0)
			break;
	}
	return k;
}

static int h_reg(struct sim *s, const char *name, enum op op, const char *args)
{
	enum reg_kind k = reg_kind_of(name);
	/* creg=: the CS domain says otherwise, as on modems whose +CREG
	 * lags or contradicts +CEREG */
	int stat = k == REG_CREG && s->sc.creg >= 0 ? s->sc.creg : reg_stat(s);
	char buf[SIM_STR];

	if (op == OP_SET)
		return parse_int_arg(args, 0, 2, &s->port->reg_n[k]) ? 50
								     : RES_OK;
	if (op == OP_TEST) {
		info(s, "%s: (0-2)", name);
		return RES_OK;
	}
	if (op != OP_READ)
		return RES_ERROR;
	if (s->sc.query_urc)
		info(s, "%s: %d", name, stat);
	reg_format(s, stat, s->port->reg_n[k], buf, sizeof(buf));
	info(s, "%s: %d,%s", name, s->port->reg_n[k], buf);
	return RES_OK;
}

/* Whether p's client would see a URC now: open, and not in data mode. */
static bool port_hears_urcs(const struct sim_port *p)
{
	return p->connected && p->mode == PORT_COMMAND;
}

/* Each port reports the change as its own AT+CxREG=<n> asked. */
static void reg_send_urcs(struct sim *s)
{
	int stat = reg_stat(s), i;
	char value[SIM_STR], line[SIM_STR * 2];
	enum reg_kind k;

	if (stat == s->last_stat)
		return;
	s->last_stat = stat;
	s->port = &s->ports[0];
	log_line(s, '#', "registration stat %d", stat);
	for (i = 0; i < s->n_ports; i++) {
		s->port = &s->ports[i];
		for (k = 0; k < REG_KINDS; k++) {
			if (!s->port->reg_n[k] || !port_hears_urcs(s->port))
				continue;
			reg_format(s, stat, s->port->reg_n[k], value,
				   sizeof(value));
			snprintf(line, sizeof(line), "%s: %s", reg_names[k],
				 value);
			send_line(s, line);
		}
	}
}

static int h_cops(struct sim *s, const char *name, enum op op, const char *args)
{
	if (op != OP_READ)
		return RES_OK;
	if (registered(reg_stat(s)))
		info(s, "+COPS: 0,0,\"%s\",%d", s->sc.operator_name, s->sc.act);
	else
		info(s, "+COPS: 0");
	return RES_OK;
}

static int h_csq(struct sim *s, const char *name, enum op op, const char *args)
{
	if (op == OP_TEST)
		return RES_OK;
	info(s, "%s: %s", name, strcmp(name, "+CSQ") ? s->sc.cesq : s->sc.csq);
	return RES_OK;
}

/* ---- PDP contexts ---- */

static struct pdp *pdp_arg(struct sim *s, const char *arg)
{
	int cid;

	if (parse_int_arg(arg, 1, SIM_MAX_CID, &cid))
		return NULL;
	return &s->pdp[cid];
}

static int h_cgdcont(struct sim *s, const char *name, enum op op,
		     const char *args)
{
	char a[MAX_ARGS][SIM_STR];
	struct pdp *p;
	int cid, n;

	if (op == OP_TEST) {
		info(s, "+CGDCONT: (1-%d),\"IP\",,,(0-2),(0-4)", SIM_MAX_CID);
		info(s, "+CGDCONT: (1-%d),\"IPV6\",,,(0-2),(0-4)", SIM_MAX_CID);
		info(s, "+CGDCONT: (1-%d),\"IPV4V6\",,,(0-2),(0-4)",
		     SIM_MAX_CID);
		return RES_OK;
	}
	if (op == OP_READ) {
		for (cid = 1; cid <= SIM_MAX_CID; cid++) {
			if (s->pdp[cid].used)
				info(s,
				     "+CGDCONT: %d,\"%s\",\"%s\",\"0.0.0.0\","
				     "0,0",
				     cid, s->pdp[cid].type, s->pdp[cid].apn);
		}
		return RES_OK;
	}
	n = split_args(args, a, MAX_ARGS);
	p = n >= 1 ? pdp_arg(s, a[0]) : NULL;
	if (op != OP_SET || !p)
		return 50;
	if (n == 1) {
		memset(p, 0, sizeof(*p));
		return RES_OK;
	}
	if (strcmp(a[1], "IP") && strcmp(a[1], "IPV6") &&
	    strcmp(a[1], "IPV4V6"))
		return 50;
	p->used = true;
	copy_bounded(p->type, sizeof(p->type), a[1]);
	copy_bounded(p->apn, sizeof(p->apn), n >= 3 ? a[2] : "");
	return RES_OK;
}

/*
 * AT+CGAUTH=<cid>,<auth>[,<user>,<password>] (27.007) and
 * AT$QCPDPP=<cid>,<auth>[,<password>,<user>] (Qualcomm: password first).
 */
static int h_pdp_auth(struct sim *s, const char *name, enum op op,
		      const char *args)
{
	bool qc = name[0] == '$';
	char a[MAX_ARGS][SIM_STR];
	struct pdp *p;
	int cid, n;

	if ((qc && !s->sc.amt_dialect) || (!qc && !s->sc.cgauth))
		return RES_ERROR;
	if (op == OP_TEST)
		return RES_OK;
	if (op == OP_READ) {
		for (cid = 1; cid <= SIM_MAX_CID; cid++) {
			p = &s->pdp[cid];
			if (qc ? p->qcpdpp_set : p->auth_set)
				info(s, "%s: %d,%d,\"%s\"", name, cid, p->auth,
				     p->user);
		}
		return RES_OK;
	}
	n = split_args(args, a, MAX_ARGS);
	p = n >= 2 ? pdp_arg(s, a[0]) : NULL;
	if (op != OP_SET || !p || (n != 2 && n != 4) ||
	    parse_int_arg(a[1], 0, qc ? 3 : 2, &p->auth))
		return 50;
	copy_bounded(p->user, sizeof(p->user), n == 4 ? a[qc ? 3 : 2] : "");
	copy_bounded(p->password, sizeof(p->password),
		     n == 4 ? a[qc ? 2 : 3] : "");
	if (qc)
		p->qcpdpp_set = true;
	else
		p->auth_set = true;
	return RES_OK;
}

static int h_amt(struct sim *s, const char *name, enum op op, const char *args)
{
	if (!s->sc.amt_dialect)
		return RES_ERROR;
	if (op == OP_READ && strcmp(name, "@AUTOCONN") == 0)
		info(s, "@AUTOCONN:0");
	return RES_OK;
}

/* ---- dial and data mode ---- */

/*
 * Data mode does not stop the modem: the other port keeps answering AT
 * (that is what a second port is for), so the bytes of this one are
 * handled by the main loop (stream) or by a child that owns the line
 * (exec) until the client or the child hangs up.
 */
static void data_mode_stream_end(struct sim *s)
{
	log_line(s, '#', "data mode ended, %llu bytes received",
		 s->port->data_bytes);
	s->port->mode = PORT_COMMAND;
}

static void data_mode_stream_read(struct sim *s)
{
	char buf[4096];
	ssize_t n = read(s->port->master, buf, sizeof(buf));

	if (n < 0 && errno == EINTR)
		return;
	if (n <= 0) {
		data_mode_stream_end(s);
		return;
	}
	s->port->data_bytes += (unsigned long long)n;
	if (s->sc.data == SIM_DATA_ECHO)
		write_raw(s, buf, (size_t)n);
}

static void data_mode_exec(struct sim *s)
{
	pid_t pid = fork();

	if (pid < 0) {
		log_line(s, '#', "fork: %s", strerror(errno));
		return;
	}
	if (pid == 0) {
		dup2(s->port->master, STDIN_FILENO);
		dup2(s->port->master, STDOUT_FILENO);
		if (s->port->master > STDERR_FILENO)
			close(s->port->master);
		signal(SIGTERM, SIG_DFL);
		signal(SIGINT, SIG_DFL);
		signal(SIGPIPE, SIG_DFL);
		signal(SIGCHLD, SIG_DFL);
		execvp(s->data_argv[0], s->data_argv);
		fprintf(stderr, "modem-sim: %s: %s\n", s->data_argv[0],
			strerror(errno));
		_exit(127);
	}
	log_line(s, '#', "data mode: running %s (pid %d)", s->data_argv[0],
		 (int)pid);
	s->port->mode = PORT_DATA_EXEC;
	s->port->data_pid = pid;
}

/* The data command of the current port exited with status. */
static void data_mode_exec_end(struct sim *s, int status)
{
	if (WIFEXITED(status))
		log_line(s, '#', "data command exited with status %d",
			 WEXITSTATUS(status));
	else
		log_line(s, '#', "data command killed by signal %d",
			 WTERMSIG(status));
	s->port->mode = PORT_COMMAND;
	s->port->data_pid = 0;
	send_line(s, "NO CARRIER");
}

static bool other_port_in_data_mode(const struct sim *s)
{
	int i;

	for (i = 0; i < s->n_ports; i++) {
		if (&s->ports[i] != s->port && s->ports[i].mode != PORT_COMMAND)
			return true;
	}
	return false;
}

static int h_dial(struct sim *s, const char *name, enum op op, const char *args)
{
	log_line(s, '#', "dial %s", args);
	/* one data session per modem (one PDP context is set up) */
	if (!registered(reg_stat(s)) || other_port_in_data_mode(s)) {
		send_line(s, "NO CARRIER");
		return RES_NONE;
	}
	switch (s->sc.dial) {
	case SIM_DIAL_NOCARRIER:
		send_line(s, "NO CARRIER");
		return RES_NONE;
	case SIM_DIAL_BUSY:
		send_line(s, "BUSY");
		return RES_NONE;
	case SIM_DIAL_NOANSWER:
		send_line(s, "NO ANSWER");
		return RES_NONE;
	case SIM_DIAL_NODIALTONE:
		send_line(s, "NO DIALTONE");
		return RES_NONE;
	case SIM_DIAL_ERROR:
		return RES_ERROR;
	case SIM_DIAL_SILENT:
		return RES_NONE;
	case SIM_DIAL_HANGUP:
		log_line(s, '#', "closing the pty mid-dial");
		stop_requested = 1;
		return RES_NONE;
	default:
		break;
	}
	send_line(s, s->sc.connect_text);
	if (s->sc.data == SIM_DATA_EXEC) {
		data_mode_exec(s);
	} else {
		s->port->mode = PORT_DATA_STREAM;
		s->port->data_bytes = 0;
	}
	return RES_NONE;
}

/* ---- command dispatch ---- */

/* ---- SMS (3GPP TS 27.005, PDU mode) ---- */

static int h_cmgf(struct sim *s, const char *name, enum op op, const char *args)
{
	if (op == OP_READ) {
		info(s, "+CMGF: %d", s->port->cmgf_text);
		return RES_OK;
	}
	if (op == OP_TEST) {
		info(s, "+CMGF: (0,1)");
		return RES_OK;
	}
	if (op != OP_SET || (strcmp(args, "0") && strcmp(args, "1")))
		return RES_ERROR;
	s->port->cmgf_text = args[0] == '1';
	return RES_OK;
}

static int h_cpms(struct sim *s, const char *name, enum op op, const char *args)
{
	int used = sim_sms_used(&s->sms), cap = s->sms.capacity;

	if (op == OP_READ) {
		info(s, "+CPMS: \"ME\",%d,%d,\"ME\",%d,%d,\"ME\",%d,%d", used,
		     cap, used, cap, used, cap);
		return RES_OK;
	}
	if (op != OP_SET ||
	    (!strstr(args, "\"ME\"") && !strstr(args, "\"SM\"")))
		return RES_ERROR;
	info(s, "+CPMS: %d,%d,%d,%d,%d,%d", used, cap, used, cap, used, cap);
	return RES_OK;
}

static int h_cnmi(struct sim *s, const char *name, enum op op, const char *args)
{
	int fields = 1;
	const char *p;

	if (op != OP_SET || s->sc.cnmi == SIM_CNMI_NONE)
		return RES_ERROR;
	for (p = args; *p; p++)
		fields += *p == ',';
	if (s->sc.cnmi == SIM_CNMI_SHORT && fields > 2)
		return RES_ERROR;
	s->port->cnmi_on = true;
	s->next_later_ms = now_ms() + s->sc.sms_new_ms;
	return RES_OK;
}

static void sms_list_one(struct sim *s, const char *head, int i)
{
	struct sim_sms_msg *m = &s->sms.slot[i];

	if (head[4] == 'L')
		info(s, "%s %d,%d,,%d", head, i, m->read ? 1 : 0,
		     sim_sms_tpdu_len(m->pdu));
	else
		info(s, "%s %d,,%d", head, m->read ? 1 : 0,
		     sim_sms_tpdu_len(m->pdu));
	info(s, "%s", m->pdu);
	m->read = true;
}

/* AT+CMGL=<stat>: 0 unread, 1 read, 4 all (PDU mode). */
static int h_cmgl(struct sim *s, const char *name, enum op op, const char *args)
{
	int stat = 0, i;

	if (s->port->cmgf_text || op == OP_READ ||
	    (op == OP_SET && parse_int_arg(args, 0, 4, &stat)))
		return RES_ERROR;
	if (op == OP_TEST) {
		info(s, "+CMGL: (0-4)");
		return RES_OK;
	}
	for (i = 0; i < SIM_SMS_MAX; i++) {
		const struct sim_sms_msg *m = &s->sms.slot[i];

		if (m->used && (stat == 4 || (stat == 0) == !m->read))
			sms_list_one(s, "+CMGL:", i);
	}
	return RES_OK;
}

static int h_cmgr(struct sim *s, const char *name, enum op op, const char *args)
{
	int i;

	if (s->port->cmgf_text || op != OP_SET ||
	    parse_int_arg(args, 0, SIM_SMS_MAX - 1, &i))
		return RES_ERROR;
	if (!s->sms.slot[i].used)
		return RES_ERROR; /* +CMS ERROR: 321, invalid index */
	sms_list_one(s, "+CMGR:", i);
	return RES_OK;
}

static int h_cmgd(struct sim *s, const char *name, enum op op, const char *args)
{
	char a[MAX_ARGS][SIM_STR];
	int n = split_args(args, a, MAX_ARGS), i, flag = 0;

	if (op != OP_SET || n < 1 ||
	    parse_int_arg(a[0], 0, SIM_SMS_MAX - 1, &i) ||
	    (n == 2 && parse_int_arg(a[1], 0, 4, &flag)))
		return RES_ERROR;
	if (flag == 4)
		memset(s->sms.slot, 0, sizeof(s->sms.slot));
	else
		s->sms.slot[i].used = false;
	log_line(s, '#', "sms deleted %d, %d left", i, sim_sms_used(&s->sms));
	return RES_OK;
}

static int h_cmgs(struct sim *s, const char *name, enum op op, const char *args)
{
	int len;

	if (s->port->cmgf_text || op != OP_SET ||
	    parse_int_arg(args, 1, 200, &len))
		return RES_ERROR;
	s->port->prompt = true;
	s->port->prompt_len = len;
	s->port->prompt_n = 0;
	write_raw(s, "\r\n> ", 4);
	log_line(s, '>', "> (prompt)");
	return RES_NONE;
}

/* The PDU after the prompt ends with Ctrl-Z (send) or ESC (cancel). */
static void sms_prompt_byte(struct sim *s, char c)
{
	if (c == 0x1b) {
		s->port->prompt = false;
		log_line(s, '#', "sms submit cancelled");
		send_line(s, "OK");
		return;
	}
	if (c != 0x1a) {
		if (s->port->prompt_n < SIM_SMS_PDU)
			s->port->prompt_buf[s->port->prompt_n++] = c;
		return;
	}
	s->port->prompt = false;
	s->port->prompt_buf[s->port->prompt_n] = '\0';
	log_line(s, '#', "sms submit %s", s->port->prompt_buf);
	if (s->sc.cmgs_error ||
	    sim_sms_tpdu_len(s->port->prompt_buf) != s->port->prompt_len) {
		send_line(s, "+CMS ERROR: 500");
		return;
	}
	info(s, "+CMGS: %d", ++s->mr);
	send_line(s, "OK");
}

/*
 * Whether some port asked for new-message indications. Each port keeps
 * its own AT+CNMI (as each channel of a 27.010 multiplexer does), so the
 * +CMTI goes to the port that enabled it: with the listener on the
 * second port, there. Quectel routes all URCs to one port instead,
 * chosen with AT+QURCCFG="urcport" (default "usbat", the AT port, if 02;
 * Quectel EC2x AT manual); pointed at the listener's port, that is the
 * same.
 */
static bool sms_indications_on(const struct sim *s)
{
	int i;

	for (i = 0; i < s->n_ports; i++) {
		if (s->ports[i].cnmi_on)
			return true;
	}
	return false;
}

/*
 * Messages that arrive while a client listens: stored (one storage for
 * all ports), then +CMTI on each port with CNMI on that is in command
 * mode (a port in data mode misses it, as with <mode>=1 of 27.005).
 */
static void sms_deliver_later(struct sim *s)
{
	char buf[32];
	int idx, i;

	if (!sms_indications_on(s) || s->sms.next_later >= s->sms.n_later)
		return;
	if (s->sc.sms_on_signal ? sms_signals == 0
				: now_ms() < s->next_later_ms)
		return;
	if (s->sc.sms_on_signal)
		sms_signals--;
	idx = sim_sms_store(&s->sms, s->sms.later[s->sms.next_later++]);
	s->next_later_ms = now_ms() + s->sc.sms_new_ms;
	s->port = &s->ports[0];
	if (idx < 0) {
		log_line(s, '#', "sms storage full, message dropped");
		return;
	}
	log_line(s, '#', "sms arrived at %d", idx);
	snprintf(buf, sizeof(buf), "+CMTI: \"ME\",%d", idx);
	for (i = 0; i < s->n_ports; i++) {
		s->port = &s->ports[i];
		if (s->port->cnmi_on && port_hears_urcs(s->port))
			send_line(s, buf);
	}
}

/* ms until the next later message is due, -1 for none. */
static int sms_next_later(const struct sim *s)
{
	long long left;

	if (!sms_indications_on(s) || s->sms.next_later >= s->sms.n_later ||
	    s->sc.sms_on_signal)
		return -1; /* sms_on_signal: the signal wakes poll() */
	left = s->next_later_ms - now_ms();
	return left > 0 ? (int)left : 0;
}

struct at_handler {
	const char *name;
	int (*fn)(struct sim *s, const char *name, enum op op,
		  const char *args);
};

static const struct at_handler handlers[] = {
	{ "S", h_sreg },
	{ "E", h_echo },
	{ "Z", h_reset },
	{ "&F", h_reset },
	{ "V", h_ok },
	{ "Q", h_ok },
	{ "&C", h_ok },
	{ "&D", h_ok },
	{ "&K", h_ok },
	{ "X", h_ok },
	{ "L", h_ok },
	{ "M", h_ok },
	{ "H", h_ok },
	{ "I", h_ati },
	{ "D", h_dial },
	{ "+CGMI", h_ident },
	{ "+GMI", h_ident },
	{ "+CGMM", h_ident },
	{ "+GMM", h_ident },
	{ "+CGMR", h_ident },
	{ "+GMR", h_ident },
	{ "+CGSN", h_ident },
	{ "+GSN", h_ident },
	{ "+CIMI", h_cimi },
	{ "+CRSM", h_crsm },
	{ "+CCID", h_ccid },
	{ "+ICCID", h_ccid },
	{ "+QCCID", h_ccid },
	{ "+CMEE", h_cmee },
	{ "+CPIN", h_cpin },
	{ "+CPINR", h_cpinr },
	{ "+QPINC", h_vendor_pincnt },
	{ "+CPINC", h_vendor_pincnt },
	{ "+UPINCNT", h_vendor_pincnt },
	{ "+SPIC", h_vendor_counter },
	{ "^CPIN", h_vendor_counter },
	{ "_OERCN", h_vendor_counter },
	{ "^SPIC", h_vendor_counter },
	{ "#PCT", h_vendor_counter },
	{ "+CSIM", h_vendor_counter },
	{ "+CFUN", h_cfun },
	{ "+CPAS", h_cpas },
	{ "+CREG", h_reg },
	{ "+CGREG", h_reg },
	{ "+CEREG", h_reg },
	{ "+COPS", h_cops },
	{ "+CSQ", h_csq },
	{ "+CESQ", h_csq },
	{ "+CGDCONT", h_cgdcont },
	{ "+CGAUTH", h_pdp_auth },
	{ "$QCPDPP", h_pdp_auth },
	{ "@USBCHG", h_amt },
	{ "@AUTOCONN", h_amt },
	{ "+CMGF", h_cmgf },
	{ "+CPMS", h_cpms },
	{ "+CNMI", h_cnmi },
	{ "+CMGL", h_cmgl },
	{ "+CMGR", h_cmgr },
	{ "+CMGD", h_cmgd },
	{ "+CMGS", h_cmgs },
};

static const struct at_handler *find_handler(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(handlers) / sizeof(handlers[0]); i++) {
		if (strcmp(handlers[i].name, name) == 0)
			return &handlers[i];
	}
	return NULL;
}

/* Whether name is in a ",A,B," list of the scenario. */
static bool in_list(const char *list, const char *name)
{
	char key[40];

	snprintf(key, sizeof(key), ",%s,", name);
	return strstr(list, key) != NULL;
}

/* "+CPIN=..." -> handler "+CPIN", OP_SET, args "..." */
static int run_extended(struct sim *s, const char *cmd)
{
	const struct at_handler *h;
	char name[32];
	size_t n = 0;
	enum op op = OP_EXEC;

	name[n++] = *cmd++;
	while (isalnum((unsigned char)*cmd) && n + 1 < sizeof(name))
		name[n++] = (char)toupper((unsigned char)*cmd++);
	name[n] = '\0';
	if (strncmp(cmd, "=?", 2) == 0) {
		op = OP_TEST;
		cmd += 2;
	} else if (*cmd == '?') {
		op = OP_READ;
		cmd++;
	} else if (*cmd == '=') {
		op = OP_SET;
		cmd++;
	}
	if (in_list(s->sc.mute, name))
		return RES_NONE;
	if (in_list(s->sc.unsupported, name))
		return RES_ERROR;
	h = find_handler(name);
	return h ? h->fn(s, name, op, cmd) : RES_ERROR;
}

/*
 * Basic commands chain without separators ("ATE0V1&C1S0=0"): a letter or
 * '&' and a letter, then a number (S: "7=60" or "7?"); D takes the rest.
 */
static int run_basic(struct sim *s, const char *cmd)
{
	int r = RES_OK;

	while (*cmd && r == RES_OK) {
		const struct at_handler *h;
		char name[3], arg[16];
		size_t n = 0, a = 0;

		if (*cmd == '&')
			name[n++] = *cmd++;
		if (!isalpha((unsigned char)*cmd))
			return RES_ERROR;
		name[n++] = (char)toupper((unsigned char)*cmd++);
		name[n] = '\0';
		h = find_handler(name);
		if (!h)
			return RES_ERROR;
		if (strcmp(name, "D") == 0)
			return h->fn(s, name, OP_EXEC, cmd);
		while (a + 1 < sizeof(arg) &&
		       (isdigit((unsigned char)*cmd) ||
			(name[0] == 'S' && *cmd && strchr("=?", *cmd))))
			arg[a++] = *cmd++;
		arg[a] = '\0';
		r = h->fn(s, name, OP_EXEC, arg);
	}
	return r;
}

/*
 * "AT" already stripped. Commands after the first may follow a ';'
 * (V.250 "AT+CMEE=2;+CPIN?"); the first failure ends the line.
 */
static int dispatch(struct sim *s, char *body)
{
	int r = RES_OK;

	while (r == RES_OK) {
		char *end = body;
		bool quoted = false, last;

		while (*end && (quoted || *end != ';')) {
			quoted ^= *end == '"';
			end++;
		}
		last = *end == '\0';
		*end = '\0';
		if (*body && strchr("+$@^%#_", *body))
			r = run_extended(s, body);
		else
			r = run_basic(s, body);
		if (last)
			break;
		body = end + 1;
	}
	return r;
}

static void send_noise(struct sim *s)
{
	char buf[256];
	size_t left = s->sc.noise_len, i;

	log_line(s, '#', "noise %s %zu bytes",
		 s->sc.noise == SIM_NOISE_GARBAGE ? "garbage" : "longline",
		 left);
	while (left > 0) {
		size_t n = left < sizeof(buf) ? left : sizeof(buf);

		for (i = 0; i < n; i++)
			buf[i] = s->sc.noise == SIM_NOISE_GARBAGE
				     ? (char)(0x80 + ((i * 37 + left) & 0x7f))
				     : 'X';
		write_raw(s, buf, n);
		left -= n;
	}
}

static void process_line(struct sim *s)
{
	const char *line = s->port->line;

	log_line(s, '<', "%s", line);
	s->cmd_count++;
	if (s->sc.silent)
		return;
	if (s->port->echo) {
		write_raw(s, line, strlen(line));
		write_raw(s, "\r", 1);
	}
	s->port->answer_pending = true;
	if (s->sc.noise != SIM_NOISE_NONE && s->cmd_count == s->sc.noise_at)
		send_noise(s);
	maybe_urc(s);
	if (s->port->line_overflow) {
		send_result(s, RES_ERROR);
		return;
	}
	if (strncasecmp(line, "AT", 2) == 0) /* modems ignore the rest */
		send_result(s, dispatch(s, s->port->line + 2));
	s->port->answer_pending = false;
}

static void feed(struct sim *s, const char *buf, size_t len)
{
	size_t i;

	for (i = 0; i < len && !stop_requested; i++) {
		if (s->port->prompt) {
			sms_prompt_byte(s, buf[i]);
			continue;
		}
		if (buf[i] == '\r' || buf[i] == '\n') {
			if (s->port->line_len > 0 || s->port->line_overflow) {
				s->port->line[s->port->line_len] = '\0';
				process_line(s);
			}
			s->port->line_len = 0;
			s->port->line_overflow = false;
		} else if (s->port->line_len < LINE_MAX_LEN) {
			s->port->line[s->port->line_len++] = buf[i];
		} else {
			s->port->line_overflow = true;
		}
	}
}

/* ---- pty and main loop ---- */

static int pty_open(struct sim_port *p)
{
	struct termios tio;
	const char *name;

	p->master = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (p->master < 0 || grantpt(p->master) || unlockpt(p->master))
		return -errno;
	name = ptsname(p->master);
	if (!name || strlen(name) >= sizeof(p->slave))
		return -ENAMETOOLONG;
	strcpy(p->slave, name);
	if (tcgetattr(p->master, &tio) == 0) {
		cfmakeraw(&tio);
		tcsetattr(p->master, TCSANOW, &tio);
	}
	return 0;
}

static int link_create(const struct sim_port *p)
{
	char tmp[4096];

	snprintf(tmp, sizeof(tmp), "%s.%d", p->link_path, (int)getpid());
	unlink(tmp);
	if (symlink(p->slave, tmp))
		return -errno;
	if (rename(tmp, p->link_path)) {
		int err = -errno;

		unlink(tmp);
		return err;
	}
	return 0;
}

static void link_remove(const struct sim_port *p)
{
	char target[sizeof(p->slave)];
	ssize_t n;

	if (!p->link_path)
		return;
	n = readlink(p->link_path, target, sizeof(target) - 1);
	if (n < 0)
		return;
	target[n] = '\0';
	if (strcmp(target, p->slave) == 0)
		unlink(p->link_path);
}

/*
 * The current port's client closed it. Returns false when the loop
 * should end (--once). The port is looked at again after HUP_POLL_MS:
 * until a client opens it, poll() reports POLLHUP at once.
 */
static bool on_hangup(struct sim *s)
{
	struct sim_port *p = s->port;

	if (p->mode == PORT_DATA_STREAM)
		data_mode_stream_end(s);
	p->hup_check_ms = now_ms() + HUP_POLL_MS;
	if (p->connected) {
		p->connected = false;
		log_line(s, '#', "hangup");
		if (s->sc.once)
			return false;
	}
	return true;
}

/* What poll() saw on the current port. False when the loop should end. */
static bool serve_port(struct sim *s, short revents)
{
	struct sim_port *p = s->port;
	char buf[1024];
	ssize_t n;

	if ((revents & (POLLHUP | POLLIN)) == POLLHUP)
		return on_hangup(s);
	if (!(revents & POLLIN))
		return true;
	if (!p->connected) {
		p->connected = true;
		log_line(s, '#', "open");
	}
	if (p->mode == PORT_DATA_STREAM) {
		data_mode_stream_read(s);
		return true;
	}
	n = read(p->master, buf, sizeof(buf));
	if (n < 0 && errno == EIO)
		return on_hangup(s);
	if (n > 0)
		feed(s, buf, (size_t)n);
	return true;
}

/* SIGCHLD (a data command exited) and SIGUSR1 (sms_on_signal) wake the
 * main loop's poll() through a pipe. */
static void on_wake_signal(int sig)
{
	int saved = errno;
	struct sim *s = the_sim;

	if (sig == SIGUSR1)
		sms_signals++;
	if (s && write(s->wake_pipe[1], "c", 1) < 0) {
		/* full: a wake-up is pending anyway */
	}
	errno = saved;
}

/* Data commands that exited: their port is back in command mode. */
static void reap_data_commands(struct sim *s)
{
	char drain[64];
	int status, i;
	pid_t pid;

	while (read(s->wake_pipe[0], drain, sizeof(drain)) > 0)
		;
	while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
		for (i = 0; i < s->n_ports; i++) {
			if (s->ports[i].data_pid == pid) {
				s->port = &s->ports[i];
				data_mode_exec_end(s, status);
			}
		}
	}
}

/* At exit: SIGTERM to the data commands, and wait for them. */
static void stop_data_commands(struct sim *s)
{
	int status, i;

	for (i = 0; i < s->n_ports; i++) {
		s->port = &s->ports[i];
		if (s->port->data_pid <= 0)
			continue;
		kill(s->port->data_pid, SIGTERM);
		while (waitpid(s->port->data_pid, &status, 0) < 0 &&
		       errno == EINTR)
			;
		data_mode_exec_end(s, status);
	}
}

/* The poll() timeout: the next registration step, message or port check. */
static int next_timeout(const struct sim *s)
{
	int timeout = reg_next_change(s), later = sms_next_later(s), i;

	if (later >= 0 && (timeout < 0 || later < timeout))
		timeout = later;
	for (i = 0; i < s->n_ports; i++) {
		long long left = s->ports[i].hup_check_ms - now_ms();

		if (s->ports[i].hup_check_ms == 0)
			continue;
		if (left < 0)
			left = 0;
		if (timeout < 0 || left < timeout)
			timeout = (int)left;
	}
	return timeout;
}

static int run(struct sim *s)
{
	while (!stop_requested) {
		struct pollfd pfd[SIM_PORTS + 1];
		struct sim_port *polled[SIM_PORTS];
		int n = 0, i, r, timeout = next_timeout(s);
		bool go_on = true;

		for (i = 0; i < s->n_ports; i++) {
			struct sim_port *p = &s->ports[i];

			/* a data command owns its line; a port without a
			 * client waits for its next check */
			if (p->mode == PORT_DATA_EXEC ||
			    p->hup_check_ms > now_ms())
				continue;
			p->hup_check_ms = 0;
			pfd[n] = (struct pollfd){ .fd = p->master,
						  .events = POLLIN };
			polled[n++] = p;
		}
		pfd[n] =
		    (struct pollfd){ .fd = s->wake_pipe[0], .events = POLLIN };
		r = poll(pfd, (nfds_t)n + 1, timeout);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return -errno;
		if (pfd[n].revents & POLLIN)
			reap_data_commands(s);
		for (i = 0; i < n && go_on; i++) {
			s->port = polled[i];
			go_on = serve_port(s, pfd[i].revents);
		}
		if (!go_on)
			break;
		reg_send_urcs(s);
		sms_deliver_later(s);
	}
	return 0;
}

static void sim_init(struct sim *s)
{
	int i;

	memset(s, 0, sizeof(*s));
	sim_scenario_defaults(&s->sc);
	for (i = 0; i < SIM_PORTS; i++) {
		s->ports[i].index = i;
		s->ports[i].master = -1;
	}
	s->n_ports = 1;
	s->port = &s->ports[0];
	s->wake_pipe[0] = s->wake_pipe[1] = -1;
	s->t_start = now_ms();
	s->reg_t0 = -1;
	s->last_stat = -1;
}

static void sim_start(struct sim *s)
{
	int i;

	for (i = 0; i < s->n_ports; i++) {
		s->ports[i].echo = s->sc.echo;
		s->ports[i].cmee = s->sc.cmee;
	}
	s->card = s->sc.card;
	s->pin_retries = s->sc.pin_retries;
	s->puk_retries = s->sc.puk_retries;
	s->busy_left = s->sc.sim_busy;
	s->not_ready_left = s->sc.sim_not_ready;
	s->cfun = s->sc.cfun;
	if (s->card == SIM_CARD_READY)
		sim_became_ready(s);
	s->last_stat = reg_stat(s);
}

static void usage(FILE *f)
{
	fprintf(f, "usage: modem-sim --link PATH [--link2 PATH] [--log FILE] "
		   "[--state FILE] [--scenario FILE]\n"
		   "                 [-s KEY=VALUE]... [--once] "
		   "[-- COMMAND [ARG]...]\n"
		   "       modem-sim --list-dialects\n"
		   "(scenario keys: see the comment at the top of "
		   "tests/modem/modem-sim.c)\n");
}

static int parse_cmdline(struct sim *s, int argc, char **argv,
			 const char **log_path)
{
	static const struct option opts[] = {
		{ "link", required_argument, NULL, 'l' },
		{ "link2", required_argument, NULL, '2' },
		{ "log", required_argument, NULL, 'L' },
		{ "state", required_argument, NULL, 'S' },
		{ "scenario", required_argument, NULL, 'f' },
		{ "set", required_argument, NULL, 's' },
		{ "once", no_argument, NULL, 'o' },
		{ "list-dialects", no_argument, NULL, 'D' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	char err[512];
	int c;

	while ((c = getopt_long(argc, argv, "+s:h", opts, NULL)) != -1) {
		int r = 0;

		switch (c) {
		case 'l':
			s->ports[0].link_path = optarg;
			break;
		case '2':
			s->ports[1].link_path = optarg;
			s->n_ports = 2;
			break;
		case 'L':
			*log_path = optarg;
			break;
		case 'S':
			s->state_path = optarg;
			break;
		case 'f':
			r = sim_scenario_load(&s->sc, optarg, err, sizeof(err));
			break;
		case 's':
			r = sim_scenario_set(&s->sc, optarg, err, sizeof(err));
			break;
		case 'o':
			s->sc.once = true;
			break;
		case 'D':
			for (c = 0; sim_dialect_name(c); c++)
				printf("%s\n", sim_dialect_name(c));
			exit(0);
		case 'h':
			usage(stdout);
			exit(0);
		default:
			usage(stderr);
			return -EINVAL;
		}
		if (r) {
			fprintf(stderr, "modem-sim: %s\n", err);
			return r;
		}
	}
	if (!s->ports[0].link_path) {
		fprintf(stderr, "modem-sim: --link PATH is required\n");
		return -EINVAL;
	}
	if (optind < argc) {
		s->data_argv = argv + optind;
		s->sc.data = SIM_DATA_EXEC;
	} else if (s->sc.data == SIM_DATA_EXEC) {
		fprintf(stderr, "modem-sim: data=exec needs -- COMMAND\n");
		return -EINVAL;
	}
	return 0;
}

static int install_signals(struct sim *s)
{
	struct sigaction sa = { .sa_handler = on_stop_signal };
	struct sigaction wake = { .sa_handler = on_wake_signal,
				  .sa_flags = SA_NOCLDSTOP };

	if (pipe2(s->wake_pipe, O_CLOEXEC | O_NONBLOCK))
		return -errno;
	the_sim = s;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigemptyset(&wake.sa_mask);
	sigaction(SIGCHLD, &wake, NULL);
	sigaction(SIGUSR1, &wake, NULL);
	signal(SIGPIPE, SIG_IGN);
	return 0;
}

/* The ports' ptys and links, the first one last: its link is what the
 * tests wait for, and the second must exist by then. */
static int ports_open(struct sim *s)
{
	int i, r = 0;

	for (i = s->n_ports - 1; i >= 0 && r == 0; i--) {
		r = pty_open(&s->ports[i]);
		if (r == 0)
			r = link_create(&s->ports[i]);
	}
	return r;
}

static void ports_close(struct sim *s)
{
	int i;

	for (i = 0; i < s->n_ports; i++) {
		link_remove(&s->ports[i]);
		if (s->ports[i].master >= 0)
			close(s->ports[i].master);
	}
}

int main(int argc, char **argv)
{
	const char *log_path = NULL;
	char err_sms[256];
	static struct sim s;
	int r, i;

	sim_init(&s);
	if (parse_cmdline(&s, argc, argv, &log_path))
		return 2;
	if (log_path && !(s.log = fopen(log_path, "ae"))) {
		fprintf(stderr, "modem-sim: %s: %s\n", log_path,
			strerror(errno));
		return 2;
	}
	sim_start(&s);
	if (sim_sms_load(&s.sms, s.sc.sms_file, s.sc.sms_storage, err_sms,
			 sizeof(err_sms))) {
		fprintf(stderr, "modem-sim: %s\n", err_sms);
		return 2;
	}
	r = state_load(&s);
	if (r == 0)
		r = install_signals(&s);
	if (r == 0)
		r = ports_open(&s);
	if (r) {
		fprintf(stderr, "modem-sim: %s\n", strerror(-r));
		ports_close(&s);
		return 1;
	}
	for (i = 0; i < s.n_ports; i++) {
		s.port = &s.ports[i];
		if (i == 0)
			printf("PTY %s\n", s.port->slave);
		else
			printf("PTY%d %s\n", i + 1, s.port->slave);
		log_line(&s, '#', "ready on %s", s.port->slave);
	}
	fflush(stdout);
	r = run(&s);
	stop_data_commands(&s);
	s.port = &s.ports[0];
	log_line(&s, '#', "exit");
	ports_close(&s);
	if (s.log)
		fclose(s.log);
	return r ? 1 : 0;
}
