/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The connection state machine (see modem.h): the steps and their AT
 * exchanges. What is safe to do is decided elsewhere, from the facts the
 * steps gather: the SIM (send the PIN, refuse) by sim-policy.c, the APN by
 * apn-policy.c. Every step returns 0 or an exit code (exitcode.h); the AT
 * layer's -errno becomes one in modem_io_exit().
 *
 * Safety rules that shape the SIM step (sim-policy.h): the PIN is sent at
 * most once per run and only while at least two tries remain, so neither a
 * typo in the PIN file nor pppd's "persist" re-running us can push the SIM
 * into PUK; a PUK is never sent. Registration is followed both by URCs
 * (when the modem sends them) and by polling, because many modems only
 * report on request.
 *
 * The dialogue is kept short where that costs no diagnostics, since every
 * command costs a modem's answer latency before pppd gets the line: the
 * registration domains are asked in the order data uses them and no
 * further once one is registered, reports are enabled only when there is
 * something to wait for, and a report that says registered ends the wait
 * without another poll.
 */
#define _GNU_SOURCE /* strcasestr */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "apn.h"
#include "apn-policy.h"
#include "clock.h"
#include "log.h"
#include "modem.h"
#include "modemreport.h"
#include "serial.h"
#include "sim-policy.h"

#define MODEM_CMD_TIMEOUT_MS  5000
#define MODEM_WAKE_TRY_MS     1000
#define MODEM_WAKE_TRIES      10
#define MODEM_SIM_POLL_MS     1000
#define MODEM_REG_POLL_MS     1000
#define MODEM_PIN_LEN	      16
#define MODEM_PROBE_MS	      2000
#define MODEM_CFUN_TIMEOUT_MS 15000 /* Quectel: up to 15 s for AT+CFUN */
#define MODEM_LATE_MS	      300
/* How long a lone information line waits for its OK (see at_cmd). */
#define MODEM_INFO_ENDS_MS 500

struct modem {
	struct at_chan *ch;
	const struct modem_conf *conf;
	struct modem_status st;
	bool amtelecom;	       /* AM Telecom module: $QCPDPP dialect */
	struct apn_choice apn; /* apn-policy.h */
	int64_t started_ms;
	int64_t sim_busy_until;	 /* 0 until the SIM first says it is busy */
	bool answered;		 /* identified: a restart now is news */
	bool restarted;		 /* it sent RDY, START ... after that */
	bool reg_unsupported[3]; /* by enum resp_reg_domain */
	unsigned int radio_reset_restarts; /* 0: no radio reset (escalate.h) */
};

static void modem_on_urc(const char *line, void *arg);

struct modem *modem_new(struct at_chan *ch, const struct modem_conf *conf)
{
	struct modem *m = calloc(1, sizeof(*m));

	if (!m)
		return NULL;
	m->ch = ch;
	m->conf = conf;
	m->st.pin_tries = m->st.puk_tries = -1;
	m->st.act = -1;
	m->st.cfun = -1;
	at_chan_set_urc_handler(ch, modem_on_urc, m);
	return m;
}

void modem_free(struct modem *m)
{
	if (m)
		explicit_bzero(&m->apn, sizeof(m->apn));
	free(m);
}

const struct modem_status *modem_status(const struct modem *m)
{
	return &m->st;
}

/* Registration URCs update the state; the rest is only worth a debug line. */
static void modem_on_urc(const char *line, void *arg)
{
	struct modem *m = arg;
	struct resp_reg reg;

	if (m->answered && at_line_is_restart(line)) {
		m->restarted = true;
		return;
	}
	/* Some firmwares report in the solicited form, <n> first. */
	if (resp_reg(line, resp_reg_solicited(line), &reg) == 0) {
		m->st.reg[reg.domain] = reg;
		m->st.reg_known[reg.domain] = true;
	}
}

/*
 * Commands whose information line may be the whole answer: AT+CPIN? on
 * Sierra SL808x and Wavecom (oFono drivers/atmodem/sim.c adds "+CPIN:" as
 * a terminator for them).
 */
static int modem_info_ends_ms(const char *text)
{
	return strcasecmp(text, "AT+CPIN?") == 0 ? MODEM_INFO_ENDS_MS : 0;
}

/* Runs a command; 0 or the negative error of at_chan_run(). */
static int modem_cmd(struct modem *m, const char *text, const char *prefix,
		     int timeout_ms, struct at_response *resp)
{
	const struct at_cmd cmd = { .text = text,
				    .prefix = prefix,
				    .timeout_ms = timeout_ms,
				    .info_ends_ms = modem_info_ends_ms(text) };

	return at_chan_run(m->ch, &cmd, resp);
}

/*
 * Runs cmd; a timeout only means the modem is gone when a plain AT then
 * gets no answer either. Otherwise the command just did not answer (slow
 * or unknown to this firmware): 0 with resp->final AT_FINAL_NONE and
 * final_line saying so, for the caller to decide whether it needed it.
 */
static int modem_run(struct modem *m, const struct at_cmd *cmd,
		     struct at_response *resp)
{
	int r = at_chan_run(m->ch, cmd, resp);

	if (r != -ETIMEDOUT)
		return r;
	r = at_chan_probe(m->ch, MODEM_PROBE_MS, MODEM_LATE_MS);
	if (r < 0)
		return r;
	log_debug("%.*s got no answer in %d ms, but the modem answers AT",
		  cmd->secret ? (int)strcspn(cmd->text, "=") : AT_LINE_MAX,
		  cmd->text, cmd->timeout_ms);
	*resp = (struct at_response){ .final = AT_FINAL_NONE,
				      .cme = AT_CME_UNKNOWN };
	snprintf(resp->final_line, sizeof(resp->final_line),
		 "no answer within %d s", cmd->timeout_ms / 1000);
	return 0;
}

/* Logs why the line failed while doing what; returns the exit code. */
static int modem_io_exit(struct modem *m, int r, const char *what)
{
	switch (r) {
	case -ETIME:
		log_warnx("gave up %s: the overall timeout of %u s ran out; "
			  "raise 'timeout' if the modem is just slow",
			  what, m->conf->timeout_s);
		return MODEM_EXIT_TIMEOUT;
	case -ETIMEDOUT:
		log_warnx("the modem stopped answering %s (not even a plain "
			  "AT); check its power and USB connection",
			  what);
		return MODEM_EXIT_NO_MODEM;
	case -ENODEV:
		log_warnx("lost the modem %s (the serial line closed); check "
			  "its power and USB connection",
			  what);
		return MODEM_EXIT_IO;
	default:
		log_warnx("serial line error %s: %s", what, strerror(-r));
		return MODEM_EXIT_IO;
	}
}

/*
 * A query whose failure is not fatal: 0 with resp filled (final NONE when
 * it timed out but the modem still answers AT), or an exit code.
 */
static int modem_query_cmd(struct modem *m, const char *text,
			   const char *prefix, struct at_response *resp)
{
	const struct at_cmd cmd = { .text = text,
				    .prefix = prefix,
				    .timeout_ms = MODEM_CMD_TIMEOUT_MS,
				    .info_ends_ms = modem_info_ends_ms(text) };
	int r = modem_run(m, &cmd, resp);
	char what[AT_LINE_MAX + 8];

	if (r == 0)
		return 0;
	snprintf(what, sizeof(what), "at %s", text);
	return modem_io_exit(m, r, what);
}

/* Copies src into dst, cut to fit: modem strings have no length limit. */
static void modem_copy(char *dst, size_t len, const char *src)
{
	size_t n = strnlen(src, len - 1);

	memcpy(dst, src, n);
	dst[n] = '\0';
}

/* Copies the first information line of a successful answer into buf. */
static int modem_query_string(struct modem *m, const char *text,
			      const char *prefix, char *buf, size_t len)
{
	struct at_response resp;
	int r = modem_query_cmd(m, text, prefix, &resp);

	if (r == 0 && resp.final == AT_FINAL_OK && resp.n_lines > 0)
		modem_copy(buf, len, resp.lines[0]);
	return r;
}

/*
 * Verbose errors are a wish (old firmwares refuse). The radio state rides
 * along on the same line (V.250 ';'), saving a round trip on every modem
 * that takes both; when the line fails, modem_radio_on() asks again.
 */
static int modem_settings(struct modem *m)
{
	struct at_response resp;
	const char *line;
	int r = modem_query_cmd(m, "AT+CMEE=2;+CFUN?", "+CFUN:", &resp);

	line = at_response_line(&resp, "+CFUN:");
	if (r == 0 && resp.final == AT_FINAL_OK && line &&
	    resp_cfun(line, &m->st.cfun) < 0)
		m->st.cfun = -1;
	return r;
}

static int modem_wake(struct modem *m)
{
	/*
	 * ATV1 rather than a bare AT: a modem left in numeric mode (ATV0)
	 * by an earlier program answers AT with "0", which is no result
	 * code in verbose mode; ATV1 switches it back and answers OK. Any
	 * final result code, even ERROR, proves the modem is listening.
	 * E0 rides along (basic commands chain in every V.250 modem): echo
	 * off costs no extra round trip, and an echo left on is handled.
	 */
	const struct at_cmd at = { .text = "ATE0V1",
				   .prefix = AT_PREFIX_NONE,
				   .timeout_ms = MODEM_WAKE_TRY_MS };
	struct at_response resp;
	int i, r = -ETIMEDOUT;

	for (i = 0; i < MODEM_WAKE_TRIES; i++) {
		r = at_chan_run(m->ch, &at, &resp);
		if (r == 0)
			break;
		if (r != -ETIMEDOUT)
			return modem_io_exit(m, r, "while waking it up");
	}
	/* Tries that timed out may be answered late: skip those answers. */
	if (r == 0 && i > 0)
		r = at_chan_drain(m->ch, i, MODEM_WAKE_TRY_MS);
	if (r < 0 && r != -ETIMEDOUT)
		return modem_io_exit(m, r, "while waking it up");
	if (r < 0) {
		log_warnx("the modem does not answer AT commands (%d tries "
			  "in %d s); check that it is powered on and that "
			  "this is its AT/modem port",
			  MODEM_WAKE_TRIES,
			  MODEM_WAKE_TRIES * MODEM_WAKE_TRY_MS / 1000);
		return MODEM_EXIT_NO_MODEM;
	}
	return modem_settings(m);
}

/*
 * The three identity queries on one line (V.250 ';'): one round trip
 * instead of three. Only an answer of exactly three lines is taken, one
 * per query in order; anything else (a refused query fails the whole
 * line, a firmware answering in two lines) asks them one by one.
 */
static int modem_identify_chained(struct modem *m, bool *done)
{
	struct at_response resp;
	int r =
	    modem_query_cmd(m, "AT+CGMI;+CGMM;+CGMR", AT_PREFIX_BARE, &resp);

	*done = r == 0 && resp.final == AT_FINAL_OK && resp.n_lines == 3;
	if (!*done)
		return r;
	modem_copy(m->st.manufacturer, sizeof(m->st.manufacturer),
		   resp.lines[0]);
	modem_copy(m->st.model, sizeof(m->st.model), resp.lines[1]);
	modem_copy(m->st.revision, sizeof(m->st.revision), resp.lines[2]);
	return 0;
}

static int modem_identify(struct modem *m)
{
	bool done;
	int r = modem_identify_chained(m, &done);

	if (r == 0 && !done)
		r = modem_query_string(m, "AT+CGMI", AT_PREFIX_BARE,
				       m->st.manufacturer,
				       sizeof(m->st.manufacturer));
	if (r == 0 && !done)
		r = modem_query_string(m, "AT+CGMM", AT_PREFIX_BARE,
				       m->st.model, sizeof(m->st.model));
	if (r == 0 && !done)
		r = modem_query_string(m, "AT+CGMR", AT_PREFIX_BARE,
				       m->st.revision, sizeof(m->st.revision));
	if (r)
		return r;
	m->answered = true;
	m->amtelecom = strcasestr(m->st.manufacturer, "AM Telecom") != NULL;
	log_info("modem: %s %s, firmware %s",
		 m->st.manufacturer[0] ? m->st.manufacturer : "(unknown)",
		 m->st.model, m->st.revision);
	return 0;
}

/*
 * Whether resp says the SIM is still starting: +CME ERROR: 14 (SIM busy)
 * to any SIM command; to AT+CPIN? also "+CPIN: NOT READY", which modems
 * report for seconds after a cold boot, and the plain ERROR some give
 * while the SIM initialises.
 */
static bool modem_sim_busy(const struct at_response *resp, bool cpin)
{
	const char *line = at_response_line(resp, "+CPIN:");
	enum resp_sim sim;

	if (resp->cme == AT_CME_SIM_BUSY)
		return true;
	if (!cpin)
		return false;
	if (resp->final == AT_FINAL_ERROR)
		return true;
	return resp->final == AT_FINAL_OK && line &&
	       resp_cpin(line, &sim) == 0 && sim == RESP_SIM_NOT_READY;
}

/*
 * Runs a SIM command (cpin: it is AT+CPIN?) again while the SIM is busy.
 * All SIM commands of a run share one budget, 'sim-busy-timeout' seconds
 * from the first busy answer, so a SIM that never gets ready costs that
 * time once per run and not once per command. Returns 0 with the last
 * answer in resp (still busy once the budget is spent), or an exit code.
 */
static int modem_sim_cmd(struct modem *m, const char *text, const char *prefix,
			 bool cpin, struct at_response *resp)
{
	int64_t left;
	int r;

	for (;;) {
		r = modem_query_cmd(m, text, prefix, resp);
		if (r || !modem_sim_busy(resp, cpin))
			return r;
		if (!m->sim_busy_until)
			m->sim_busy_until =
			    clock_now_ms() +
			    (int64_t)m->conf->sim_busy_timeout_s * 1000;
		left = m->sim_busy_until - clock_now_ms();
		if (left <= 0)
			return 0;
		log_debug("the SIM is not ready yet; %s again in a moment",
			  text);
		/* A URC (+CPIN: READY, SMS DONE ...) is a hint to ask now. */
		r = at_chan_wait_urc(m->ch, left < MODEM_SIM_POLL_MS
						? (int)left
						: MODEM_SIM_POLL_MS);
		if (r < 0 && r != -ETIMEDOUT)
			return modem_io_exit(m, r, "while the SIM was busy");
	}
}

/*
 * AT+CPIN?, retried while the SIM is busy. Returns 0 with m->st.sim set
 * (RESP_SIM_NOT_READY if the busy budget ran out), or an exit code.
 */
static int modem_read_sim(struct modem *m)
{
	struct at_response resp;
	const char *line;
	int r = modem_sim_cmd(m, "AT+CPIN?", "+CPIN:", true, &resp);

	if (r)
		return r;
	line = at_response_line(&resp, "+CPIN:");
	if (resp.final == AT_FINAL_OK && line &&
	    resp_cpin(line, &m->st.sim) == 0) {
		m->st.sim_known = true;
		return 0;
	}
	if (resp.cme == AT_CME_SIM_NOT_INSERTED ||
	    resp.cme == AT_CME_SIM_BUSY) {
		m->st.sim = resp.cme == AT_CME_SIM_BUSY ? RESP_SIM_NOT_READY
							: RESP_SIM_NOT_INSERTED;
		m->st.sim_known = true;
		return 0;
	}
	log_warnx("cannot read the SIM state (AT+CPIN? answered '%s'); check "
		  "that the SIM card is inserted properly",
		  resp.final_line);
	return MODEM_EXIT_SIM;
}

/*
 * The PIN counter commands, 27.007's first. A vendor row is asked when
 * the manufacturer (AT+CGMI) names that vendor, or when it names none of
 * them; sources of each answer form in resp.c.
 */
static const struct {
	const char *vendor; /* NULL: every modem */
	const char *cmd, *prefix;
	bool while_pin; /* counts the code the SIM asks for: only then */
} modem_pin_counters[] = {
	{ NULL, "AT+CPINR=\"SIM PIN\"", "+CPINR:", false },
	{ "quectel", "AT+QPINC?", "+QPINC:", false },
	{ "simcom", "AT+SPIC", "+SPIC:", false },
	{ "huawei", "AT^CPIN?", "^CPIN:", false },
	{ "sierra", "AT+CPINC?", "+CPINC:", false },
	{ "u-blox", "AT+UPINCNT", "+UPINCNT:", false },
	{ "telit", "AT#PCT", "#PCT:", true },
	{ "option", "AT_OERCN?", "_OERCN:", false },
	{ "cinterion", "AT^SPIC=\"SC\"", "^SPIC:", false },
};

#define MODEM_PIN_COUNTERS                                                     \
	(sizeof(modem_pin_counters) / sizeof(modem_pin_counters[0]))

/* Whether the manufacturer is one of the vendors of the table. */
static bool modem_known_vendor(const struct modem *m)
{
	size_t i;

	for (i = 1; i < MODEM_PIN_COUNTERS; i++) {
		if (strcasestr(m->st.manufacturer,
			       modem_pin_counters[i].vendor))
			return true;
	}
	return false;
}

/* Runs row i of modem_pin_counters; 0 (tries maybe set) or exit code. */
static int modem_ask_pin_counter(struct modem *m, size_t i)
{
	struct at_response resp;
	int j, r;

	r = modem_sim_cmd(m, modem_pin_counters[i].cmd,
			  modem_pin_counters[i].prefix, false, &resp);
	for (j = 0; r == 0 && resp.final == AT_FINAL_OK && j < resp.n_lines;
	     j++)
		(void)resp_pin_tries(resp.lines[j], &m->st.pin_tries,
				     &m->st.puk_tries);
	return r;
}

/*
 * The fallback every SIM offers: VERIFY (PIN) and UNBLOCK (PUK) without
 * data through AT+CSIM answer 63Cx, x tries left, and use up no try.
 */
static int modem_ask_csim(struct modem *m)
{
	static const char *const cmds[] = { "AT+CSIM=10,\"0020000100\"",
					    "AT+CSIM=10,\"002C000100\"" };
	int *const out[] = { &m->st.pin_tries, &m->st.puk_tries };
	struct at_response resp;
	const char *line;
	int i, r = 0;

	for (i = 0; i < 2 && r == 0; i++) {
		r = modem_sim_cmd(m, cmds[i], "+CSIM:", false, &resp);
		line = at_response_line(&resp, "+CSIM:");
		if (r == 0 && resp.final == AT_FINAL_OK && line)
			(void)resp_csim_tries(line, out[i]);
		if (*out[0] < 0)
			break; /* no CSIM: no use asking for the PUK */
	}
	return r;
}

/* Remaining PIN/PUK tries: 27.007, the vendor's command, then AT+CSIM. */
static int modem_read_pin_tries(struct modem *m)
{
	bool known = modem_known_vendor(m);
	size_t i;
	int r = 0;

	for (i = 0; i < MODEM_PIN_COUNTERS && r == 0; i++) {
		if (m->st.pin_tries >= 0)
			return 0;
		if (modem_pin_counters[i].vendor && known &&
		    !strcasestr(m->st.manufacturer,
				modem_pin_counters[i].vendor))
			continue;
		if (modem_pin_counters[i].while_pin &&
		    m->st.sim != RESP_SIM_PIN)
			continue;
		r = modem_ask_pin_counter(m, i);
	}
	if (r == 0 && m->st.pin_tries < 0)
		r = modem_ask_csim(m);
	return r;
}

static int modem_read_pin_file(struct modem *m, char *pin, size_t len)
{
	char err[CONF_ERRLEN];

	if (conf_read_secret(m->conf->pin_file, "PIN file", pin, len, err,
			     sizeof(err)) < 0) {
		log_warnx("%s", err);
		return MODEM_EXIT_USAGE;
	}
	if (!sim_pin_well_formed(pin)) {
		explicit_bzero(pin, len);
		log_warnx("PIN file %s must hold the PIN only (4 to 8 digits)",
			  m->conf->pin_file);
		return MODEM_EXIT_USAGE;
	}
	return 0;
}

/* After a PIN: wait until the SIM says READY (some report it late). */
static int modem_wait_sim_ready(struct modem *m)
{
	int r = modem_read_sim(m);

	if (r == 0 && m->st.sim != RESP_SIM_READY) {
		r = at_chan_wait_urc(m->ch, MODEM_SIM_POLL_MS);
		if (r < 0 && r != -ETIMEDOUT)
			return modem_io_exit(m, r, "after the PIN");
		r = modem_read_sim(m);
	}
	if (r == 0 && m->st.sim != RESP_SIM_READY) {
		log_warnx("the SIM accepted the PIN but reports '%s'; check "
			  "the SIM in a phone",
			  resp_sim_name(m->st.sim));
		return MODEM_EXIT_SIM_LOCKED;
	}
	return r;
}

static int modem_send_pin(struct modem *m)
{
	char pin[MODEM_PIN_LEN], text[MODEM_PIN_LEN + 16];
	struct at_cmd cmd = { .text = text,
			      .prefix = AT_PREFIX_NONE,
			      .timeout_ms = MODEM_CMD_TIMEOUT_MS,
			      .secret = true };
	struct at_response resp;
	int r;

	r = modem_read_pin_file(m, pin, sizeof(pin));
	if (r)
		return r;
	snprintf(text, sizeof(text), "AT+CPIN=\"%s\"", pin);
	explicit_bzero(pin, sizeof(pin));
	r = at_chan_run(m->ch, &cmd, &resp);
	explicit_bzero(text, sizeof(text));
	if (r < 0)
		return modem_io_exit(m, r, "while sending the PIN");
	if (resp.final != AT_FINAL_OK) {
		m->st.pin_tries = -1;
		(void)modem_read_pin_tries(m);
		log_warnx("the SIM rejected the PIN from %s ('%s', %d tries "
			  "left); correct the file; ltepi-modem sends a PIN "
			  "only once per run and never below 2 tries left",
			  m->conf->pin_file, resp.final_line, m->st.pin_tries);
		return MODEM_EXIT_PIN_REJECTED;
	}
	log_info("PIN accepted");
	return modem_wait_sim_ready(m);
}

/* Gathers what sim_decide() asks for and does what it decides. */
static int modem_unlock_sim(struct modem *m)
{
	struct sim_facts f = { .have_pin_file = m->conf->pin_file[0] != '\0',
			       .pin_tries = -1,
			       .busy_timeout_s = m->conf->sim_busy_timeout_s };
	struct sim_decision d;
	int r = modem_read_sim(m);

	f.sim = m->st.sim;
	while (r == 0) {
		sim_decide(&f, &d);
		switch (d.action) {
		case SIM_PROCEED:
			return 0;
		case SIM_READ_TRIES:
			r = modem_read_pin_tries(m);
			f.tries_read = true;
			f.pin_tries = m->st.pin_tries;
			break;
		case SIM_SEND_PIN:
			return modem_send_pin(m);
		case SIM_REFUSE:
			log_warnx("%s", d.message);
			return d.exit_code;
		}
	}
	return r;
}

static int modem_read_imsi(struct modem *m)
{
	struct at_response resp;
	int r = modem_sim_cmd(m, "AT+CIMI", AT_PREFIX_DIGITS, false, &resp);
	size_t n;

	if (r)
		return r;
	if (resp.final != AT_FINAL_OK || resp.n_lines == 0)
		return 0;
	n = strspn(resp.lines[0], "0123456789");
	if (n >= 6 && n <= 15 && resp.lines[0][n] == '\0')
		modem_copy(m->st.imsi, sizeof(m->st.imsi), resp.lines[0]);
	return 0;
}

/* A preset: the configuration file's, else a built-in one (apn.h). */
static int modem_apn_from_preset(struct modem *m, const char *name)
{
	const struct conf_preset *p = conf_find_preset(m->conf, name);

	if (p) {
		apn_policy_conf_preset(p, &m->apn);
		return 0;
	}
	if (apn_preset_lookup(name, &m->apn.apn) == 0)
		return 0;
	log_warnx("unknown APN preset '%s'; define it in a [preset %s] "
		  "section of the configuration file",
		  name, name);
	return MODEM_EXIT_USAGE;
}

/*
 * The SIM's service provider name (EF_SPN through restricted SIM access),
 * read only when the database has several providers for the SIM's network:
 * an optional command, "" when the modem or the SIM does not tell.
 */
static int modem_read_spn(struct modem *m)
{
	struct at_response resp;
	int r = modem_query_cmd(m, "AT+CRSM=176,28486,0,0,17", "+CRSM:", &resp);

	if (r)
		return r;
	if (resp.final == AT_FINAL_OK && resp.n_lines > 0 &&
	    resp_crsm_spn(resp.lines[0], m->st.spn, sizeof(m->st.spn)) < 0)
		m->st.spn[0] = '\0';
	return 0;
}

/*
 * The database's choice, asking the SIM for its SPN when that decides.
 * Returns 0 or an exit code; *db_err is the database's 0 or -errno.
 */
static int modem_lookup_apn(struct modem *m, struct apn_settings *out,
			    int *db_err)
{
	int r;

	*db_err = apn_lookup_imsi(m->conf->apn_database, m->st.imsi, out);
	if (*db_err < 0 || out->n_providers < 2)
		return 0;
	r = modem_read_spn(m);
	if (r == 0 && m->st.spn[0])
		*db_err = apn_lookup_sim(m->conf->apn_database, m->st.imsi,
					 m->st.spn, out);
	return r;
}

static int modem_apn_from_imsi(struct modem *m)
{
	int db_err, r = modem_read_imsi(m);

	if (r)
		return r;
	if (!m->st.imsi[0]) {
		log_warnx("no APN configured and the modem does not report "
			  "the SIM's IMSI; set 'apn' or 'apn-preset'");
		return MODEM_EXIT_APN;
	}
	r = modem_lookup_apn(m, &m->apn.apn, &db_err);
	if (r || db_err == 0)
		return r;
	if (db_err == -ENODATA)
		log_warnx("no APN configured and %s has none for this SIM "
			  "(MCC %.3s, MNC %.2s or %.3s); set 'apn' or "
			  "'apn-preset'",
			  m->conf->apn_database, m->st.imsi, m->st.imsi + 3,
			  m->st.imsi + 3);
	else
		log_warnx("no APN configured and the provider database %s "
			  "cannot be read (%s); install "
			  "mobile-broadband-provider-info or set 'apn'",
			  m->conf->apn_database, strerror(-db_err));
	return MODEM_EXIT_APN;
}

static enum conf_dialect modem_dialect(const struct modem *m)
{
	if (m->conf->dialect != CONF_DIALECT_AUTO)
		return m->conf->dialect;
	return m->amtelecom ? CONF_DIALECT_QCPDPP : CONF_DIALECT_CGAUTH;
}

/* The password file apn_policy_overrides() chose, if any. */
static int modem_read_password(struct modem *m)
{
	char err[CONF_ERRLEN];

	if (!m->apn.password_file ||
	    conf_read_secret(m->apn.password_file, "password file",
			     m->apn.apn.password, sizeof(m->apn.apn.password),
			     err, sizeof(err)) == 0)
		return 0;
	log_warnx("%s", err);
	return MODEM_EXIT_USAGE;
}

/* Every value that goes into an AT command passes apn_policy_check(). */
static int modem_check_at_values(struct modem *m)
{
	char msg[512];
	int r = apn_policy_check(&m->apn, modem_dialect(m) != CONF_DIALECT_NONE,
				 msg, sizeof(msg));

	if (r)
		log_warnx("%s", msg);
	return r;
}

/* The APN as apn_policy_origin() says, the overrides, the checks. */
static int modem_choose_apn(struct modem *m)
{
	const struct modem_conf *c = m->conf;
	int r = 0;

	switch (apn_policy_origin(c)) {
	case APN_ORIGIN_EXPLICIT:
		apn_policy_explicit(c, &m->apn);
		break;
	case APN_ORIGIN_PRESET:
		r = modem_apn_from_preset(m, c->apn_preset);
		break;
	case APN_ORIGIN_DATABASE:
		r = modem_apn_from_imsi(m);
		break;
	}
	if (r == 0) {
		apn_policy_overrides(c, &m->apn);
		r = modem_read_password(m);
	}
	if (r == 0)
		r = modem_check_at_values(m);
	if (r == 0)
		log_info("APN %s (%s), %s, auth %s", m->apn.apn.apn,
			 m->apn.apn.source, m->apn.pdp_type,
			 conf_auth_name((int)m->apn.apn.auth));
	return r;
}

static bool modem_apn_rejection(int cme)
{
	return cme == AT_CME_MISSING_APN || cme == AT_CME_USER_AUTH_FAILED ||
	       cme == AT_CME_SERVICE_NOT_SUBSCRIBED ||
	       cme == AT_CME_PDP_AUTH_FAILED;
}

static int modem_set_context(struct modem *m)
{
	char text[AT_LINE_MAX];
	struct at_response resp;
	int r;

	snprintf(text, sizeof(text), "AT+CGDCONT=%u,\"%s\",\"%s\"",
		 m->conf->cid, m->apn.pdp_type, m->apn.apn.apn);
	r = modem_query_cmd(m, text, AT_PREFIX_NONE, &resp);
	if (r)
		return r;
	if (resp.final != AT_FINAL_OK) {
		log_warnx("the modem rejected the PDP context %s ('%s'); check "
			  "the APN and 'pdp-type'",
			  text + 3, resp.final_line);
		return MODEM_EXIT_APN;
	}
	return 0;
}

/*
 * Formats the auth command of dialect into text and the auth value it
 * carries into *sent; false if the dialect sends none. 27.007 +CGAUTH has
 * no "PAP or CHAP", so PAP, which carriers accept most widely, goes then.
 * XXX make that a per-modem choice once a network insists on CHAP.
 */
static bool modem_auth_command(const struct modem *m, enum conf_dialect d,
			       char *text, size_t len, int *sent)
{
	const struct apn_settings *a = &m->apn.apn;

	*sent = (int)a->auth;
	if (d == CONF_DIALECT_CGAUTH && a->auth == APN_AUTH_PAP_OR_CHAP)
		*sent = APN_AUTH_PAP;
	if (d == CONF_DIALECT_QCPDPP && a->auth == APN_AUTH_NONE)
		snprintf(text, len, "AT$QCPDPP=%u,0", m->conf->cid);
	else if (d == CONF_DIALECT_QCPDPP)
		snprintf(text, len, "AT$QCPDPP=%u,%d,\"%s\",\"%s\"",
			 m->conf->cid, *sent, a->password, a->user);
	else if (d == CONF_DIALECT_CGAUTH && a->auth == APN_AUTH_NONE)
		snprintf(text, len, "AT+CGAUTH=%u,0", m->conf->cid);
	else if (d == CONF_DIALECT_CGAUTH)
		snprintf(text, len, "AT+CGAUTH=%u,%d,\"%s\",\"%s\"",
			 m->conf->cid, *sent, a->user, a->password);
	else
		return false;
	return true;
}

/* Where pppd looks for the password of the auth it will do. */
static const char *modem_pppd_secrets(enum apn_auth auth)
{
	if (auth == APN_AUTH_CHAP)
		return "/etc/ppp/chap-secrets";
	if (auth == APN_AUTH_PAP)
		return "/etc/ppp/pap-secrets";
	return "/etc/ppp/pap-secrets and chap-secrets";
}

static int modem_set_auth(struct modem *m)
{
	enum conf_dialect d = modem_dialect(m);
	const char *name = d == CONF_DIALECT_QCPDPP ? "AT$QCPDPP" : "AT+CGAUTH";
	char text[AT_LINE_MAX];
	struct at_cmd cmd = { .text = text,
			      .prefix = AT_PREFIX_NONE,
			      .timeout_ms = MODEM_CMD_TIMEOUT_MS,
			      .secret = true };
	struct at_response resp;
	int r, sent;

	if (!modem_auth_command(m, d, text, sizeof(text), &sent)) {
		log_info("APN credentials not sent to the modem (dialect "
			 "none); give them to pppd (user, password) so PAP/"
			 "CHAP inside PPP carries them");
		return 0;
	}
	r = modem_run(m, &cmd, &resp);
	explicit_bzero(text, sizeof(text));
	if (r < 0)
		return modem_io_exit(m, r, "while setting the APN credentials");
	if (resp.final == AT_FINAL_OK) {
		log_info("APN authentication %s set with %s",
			 conf_auth_name(sent), name);
		return 0;
	}
	if (m->apn.apn.auth == APN_AUTH_NONE) {
		log_debug("%s refused (%s); nothing to clear", name,
			  resp.final_line);
		return 0;
	}
	/* 27.007 makes +CGAUTH optional; PPP can carry them itself. */
	log_info("the modem refused %s ('%s'), so the APN credentials stay "
		 "with pppd: they must be in pppd's configuration ('user %s' "
		 "in the peer file, the password in %s) for PAP/CHAP inside "
		 "PPP; set 'dialect = none' to skip %s",
		 name, resp.final_line, m->apn.apn.user,
		 modem_pppd_secrets(m->apn.apn.auth), name);
	return 0;
}

/*
 * Asks for the registration in domain d. The answer is the line in the
 * solicited form "<n>,<stat>"; a report ("+CEREG: <stat>") that the modem
 * sent while the query ran carries the same prefix, and goes to the URC
 * handler in the order it came. A domain the modem does not know stays
 * unknown.
 */
static int modem_poll_domain(struct modem *m, int d)
{
	static const char *const cmds[] = { "AT+CREG?", "AT+CGREG?",
					    "AT+CEREG?" };
	static const char *const prefixes[] = { "+CREG:", "+CGREG:",
						"+CEREG:" };
	struct at_response resp;
	struct resp_reg reg;
	int i, r;

	r = modem_query_cmd(m, cmds[d], prefixes[d], &resp);
	/* A 3G-only modem refuses +CEREG, a 2G one +CGREG: ask once. */
	if (r == 0 && resp.final != AT_FINAL_OK && resp.cme == AT_CME_UNKNOWN)
		m->reg_unsupported[d] = true;
	for (i = 0; r == 0 && i < resp.n_lines; i++) {
		if (resp.final == AT_FINAL_OK &&
		    resp_reg_solicited(resp.lines[i]) &&
		    resp_reg(resp.lines[i], true, &reg) == 0) {
			m->st.reg[d] = reg;
			m->st.reg_known[d] = true;
		} else {
			log_debug("%s: '%s' is a report, not the answer",
				  cmds[d], resp.lines[i]);
			modem_on_urc(resp.lines[i], m);
		}
	}
	return r;
}

/*
 * Packet data needs EPS (LTE) or PS (2G/3G) registration; CS counts only
 * when the modem reports neither, as on old 2G-only modules.
 */
static int modem_reg_domain(const struct modem *m, bool (*test)(int))
{
	int d;

	for (d = RESP_REG_EPS; d >= RESP_REG_PS; d--) {
		if (m->st.reg_known[d] && test(m->st.reg[d].stat))
			return d;
	}
	if (!m->st.reg_known[RESP_REG_EPS] && !m->st.reg_known[RESP_REG_PS] &&
	    m->st.reg_known[RESP_REG_CS] && test(m->st.reg[RESP_REG_CS].stat))
		return RESP_REG_CS;
	return -1;
}

/*
 * all: every domain, for "info". Otherwise the domains in the order data
 * uses them, EPS (LTE), PS, then CS only for a modem that reports neither,
 * stopping at the first that is registered: what the others say cannot
 * change the verdict (see modem_reg_domain).
 */
static int modem_poll_registration(struct modem *m, bool all)
{
	int d, r = 0;

	for (d = RESP_REG_EPS; d >= RESP_REG_CS && r == 0; d--) {
		if (m->reg_unsupported[d])
			continue;
		if (!all && d == RESP_REG_CS &&
		    (m->st.reg_known[RESP_REG_EPS] ||
		     m->st.reg_known[RESP_REG_PS]))
			break;
		r = modem_poll_domain(m, d);
		if (!all && modem_reg_domain(m, resp_reg_is_registered) >= 0)
			break;
	}
	return r;
}

static int modem_reg_last_stat(const struct modem *m)
{
	int d;

	for (d = RESP_REG_EPS; d >= RESP_REG_CS; d--) {
		if (m->st.reg_known[d])
			return m->st.reg[d].stat;
	}
	return -1;
}

/*
 * Registration URCs (stat only, n=1) let a change end the wait at once;
 * modems that refuse them are simply polled.
 */
static int modem_enable_reg_urcs(struct modem *m)
{
	static const char *const cmds[] = { "AT+CREG=1", "AT+CGREG=1",
					    "AT+CEREG=1" };
	struct at_response resp;
	size_t i;
	int r = 0;

	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]) && r == 0; i++) {
		if (!m->reg_unsupported[i])
			r = modem_query_cmd(m, cmds[i], AT_PREFIX_NONE, &resp);
	}
	return r;
}

/*
 * What to do about a modem that never registered, by the last state the
 * data domain reported: each state has another cause, and the antenna is
 * only the suspect of "searching" and "unknown".
 */
static const char *modem_reg_advice(int stat)
{
	if (stat == 0)
		return "the modem is not even searching although its radio is "
		       "on: check that operator selection is automatic "
		       "(AT+COPS=0) and that the SIM's subscription is active";
	if (resp_reg_is_sms_only(stat))
		return "the network admits the SIM for SMS only: ask the "
		       "provider to enable data on the subscription";
	if (resp_reg_is_emergency_only(stat))
		return "the network admits the modem for emergency services "
		       "only, so it refuses the SIM: check that the SIM is "
		       "activated and may roam here (ask the provider)";
	return "check the antenna and coverage, or raise 'register-timeout'";
}

/* Ends a registration check: 0 registered, 1 undecided, or exit code. */
static int modem_reg_verdict(const struct modem *m)
{
	if (modem_reg_domain(m, resp_reg_is_registered) >= 0)
		return 0;
	if (modem_reg_domain(m, resp_reg_is_denied) < 0)
		return 1;
	log_warnx("the network denied registration; check that the SIM's "
		  "subscription is active and allows data (ask the provider)");
	return MODEM_EXIT_REGISTRATION;
}

/*
 * Polls, and only when the modem is not registered yet enables reports
 * and waits: a report that decides ends the wait at once, other reports
 * do not delay the next poll, which comes every MODEM_REG_POLL_MS.
 */
static int modem_wait_registration(struct modem *m)
{
	int64_t give_up =
	    clock_now_ms() + (int64_t)m->conf->register_timeout_s * 1000;
	int64_t next_poll = 0, now, wait;
	bool reports = false;
	int r = modem_poll_registration(m, false);

	while (r == 0 && (r = modem_reg_verdict(m)) == 1) {
		now = clock_now_ms();
		if (now >= give_up)
			break;
		if (!reports) {
			/* It may change before they are on: ask once more. */
			reports = true;
			r = modem_enable_reg_urcs(m);
			if (r == 0)
				r = modem_poll_registration(m, false);
			next_poll = clock_now_ms() + MODEM_REG_POLL_MS;
			continue;
		}
		wait = (next_poll < give_up ? next_poll : give_up) - now;
		r = wait > 0 ? at_chan_wait_urc(m->ch, (int)wait) : -ETIMEDOUT;
		if (r == -ETIMEDOUT && clock_now_ms() < give_up) {
			r = modem_poll_registration(m, false);
			next_poll = clock_now_ms() + MODEM_REG_POLL_MS;
		} else if (r == -ETIMEDOUT) {
			r = 0;
		} else if (r < 0) {
			return modem_io_exit(m, r,
					     "while waiting for the "
					     "network");
		}
	}
	if (r != 1)
		return r;
	log_warnx("not registered with a network after %u s (last state: "
		  "%s); %s",
		  m->conf->register_timeout_s,
		  resp_reg_stat_name(modem_reg_last_stat(m)),
		  modem_reg_advice(modem_reg_last_stat(m)));
	return MODEM_EXIT_REGISTRATION;
}

/* Takes the +COPS: and +CSQ: lines of a successful answer. */
static void modem_take_signal(struct modem *m, const struct at_response *resp)
{
	const char *line = at_response_line(resp, "+COPS:");

	if (resp->final != AT_FINAL_OK)
		return;
	if (line)
		(void)resp_cops(line, m->st.oper, sizeof(m->st.oper),
				&m->st.act);
	line = at_response_line(resp, "+CSQ:");
	if (line)
		m->st.rssi_known = resp_csq_dbm(line, &m->st.rssi_dbm) == 0;
}

/* LTE and its variants (27.007 <AcT> 7, 9, 10, 13), or not known. */
static bool modem_maybe_lte(int act)
{
	return act < 0 || act == 7 || act == 9 || act == 10 || act == 13;
}

/*
 * Operator and signal: AT+COPS? and AT+CSQ on one line (both are as old
 * as GSM, so every modem knows them; a refused line asks them one by
 * one), and AT+CESQ, the LTE RSRP, only when the access may be LTE.
 */
static int modem_read_signal(struct modem *m)
{
	struct at_response resp;
	const char *line;
	int r;

	r = modem_query_cmd(m, "AT+COPS?;+CSQ", "+COPS:|+CSQ:", &resp);
	if (r == 0 && resp.final == AT_FINAL_OK) {
		modem_take_signal(m, &resp);
	} else {
		if (r == 0)
			r = modem_query_cmd(m, "AT+COPS?", "+COPS:", &resp);
		if (r == 0)
			modem_take_signal(m, &resp);
		if (r == 0)
			r = modem_query_cmd(m, "AT+CSQ", "+CSQ:", &resp);
		if (r == 0)
			modem_take_signal(m, &resp);
	}
	if (r || !modem_maybe_lte(m->st.act))
		return r;
	r = modem_query_cmd(m, "AT+CESQ", "+CESQ:", &resp);
	line = at_response_line(&resp, "+CESQ:");
	if (r == 0 && resp.final == AT_FINAL_OK && line)
		m->st.rsrp_known =
		    resp_cesq_rsrp_dbm(line, &m->st.rsrp_dbm) == 0;
	return r;
}

/*
 * What ltepi status and the metrics show of the modem: written where
 * ltepi.so asked (LTEPI_MODEM_REPORT), nowhere when run by hand.
 */
static void modem_store_report(const struct modem *m)
{
	const char *path = getenv(MODEMREPORT_ENV);
	struct modem_report r = { .updated = (int64_t)time(NULL) };
	int e;

	if (!path || !path[0])
		return;
	snprintf(r.oper, sizeof(r.oper), "%s", m->st.oper);
	snprintf(r.technology, sizeof(r.technology), "%s",
		 resp_act_name(m->st.act));
	r.signal_known = m->st.rssi_known;
	r.signal_dbm = m->st.rssi_dbm;
	r.rsrp_known = m->st.rsrp_known;
	r.rsrp_dbm = m->st.rsrp_dbm;
	e = modem_report_store(path, &r);
	if (e < 0)
		log_warnx("cannot write the modem's report to %s: %s", path,
			  strerror(-e));
}

static int modem_report_network(struct modem *m)
{
	int d = modem_reg_domain(m, resp_reg_is_registered);
	int r = modem_read_signal(m);
	char signal[64] = "unknown", rsrp[32] = "";

	if (r)
		return r;
	if (m->st.rssi_known)
		snprintf(signal, sizeof(signal), "%d dBm (%d/5)",
			 m->st.rssi_dbm, resp_signal_bars(m->st.rssi_dbm));
	if (m->st.rsrp_known)
		snprintf(rsrp, sizeof(rsrp), ", RSRP %d dBm", m->st.rsrp_dbm);
	log_info("%s on '%s' (%s), signal %s%s",
		 resp_reg_stat_name(m->st.reg[d].stat), m->st.oper,
		 resp_act_name(m->st.act), signal, rsrp);
	modem_store_report(m);
	return 0;
}

/*
 * The V.250 call results each have their own cause in a data call, so each
 * gets its own exit status and advice; everything else (ERROR, +CME ERROR
 * not about the APN) is the network refusing the call.
 */
static int modem_dial_failed(const char *text, const struct at_response *resp)
{
	static const struct {
		enum at_final final;
		int exit;
		const char *advice;
	} results[] = {
		{ AT_FINAL_NO_CARRIER, MODEM_EXIT_NO_CARRIER,
		  "the network ended the data call as it was set up: check the "
		  "APN, the credentials and that the subscription includes "
		  "data" },
		{ AT_FINAL_BUSY, MODEM_EXIT_BUSY,
		  "the modem has no free data bearer: another program may hold "
		  "a data session on it (ModemManager, a QMI or MBIM client); "
		  "stop it and try again" },
		{ AT_FINAL_NO_ANSWER, MODEM_EXIT_NO_ANSWER,
		  "the network did not answer the call set-up in time: check "
		  "the signal and try again" },
		{ AT_FINAL_NO_DIALTONE, MODEM_EXIT_NO_DIALTONE,
		  "the modem has no network service for the call: check the "
		  "registration and the signal" },
	};
	size_t i;

	for (i = 0; i < sizeof(results) / sizeof(results[0]); i++) {
		if (resp->final != results[i].final)
			continue;
		log_warnx("dialling %s failed ('%s'); %s", text,
			  resp->final_line, results[i].advice);
		return results[i].exit;
	}
	log_warnx("dialling %s failed ('%s'); the network refused the data "
		  "call: check the APN, the credentials and that the "
		  "subscription includes data",
		  text, resp->final_line);
	return MODEM_EXIT_DIAL;
}

static int modem_dial(struct modem *m)
{
	char text[32];
	struct at_response resp;
	int r;

	snprintf(text, sizeof(text), "ATD*99***%u#", m->conf->cid);
	r = modem_cmd(m, text, AT_PREFIX_NONE,
		      (int)m->conf->dial_timeout_s * 1000, &resp);
	if (r == -ETIMEDOUT) {
		/* The modem answered all else: the network is what is slow. */
		log_warnx("no answer to %s within %u s; the network did not "
			  "set up the data call: check the APN and the signal, "
			  "or raise 'dial-timeout'",
			  text, m->conf->dial_timeout_s);
		return MODEM_EXIT_DIAL;
	}
	if (r < 0)
		return modem_io_exit(m, r, "while dialling");
	if (resp.final == AT_FINAL_CONNECT) {
		log_info("%s after %.1f s; handing the line to pppd",
			 resp.final_line,
			 (double)(clock_now_ms() - m->started_ms) / 1000);
		return 0;
	}
	if (modem_apn_rejection(resp.cme)) {
		log_warnx("the network refused the data call ('%s'); check "
			  "the APN and its user name and password",
			  resp.final_line);
		return MODEM_EXIT_APN;
	}
	return modem_dial_failed(text, &resp);
}

/*
 * Secret files are checked before the modem is touched, so a file anyone
 * can read is reported on the first run, not when the SIM first asks.
 */
static int modem_check_secrets(struct modem *m)
{
	const struct modem_conf *c = m->conf;
	const struct conf_preset *p = conf_find_preset(c, c->apn_preset);
	const char *password_file = c->password_file;
	char scratch[APN_MAX_CRED_LEN + 1], err[CONF_ERRLEN];
	int r = 0;

	/* A file preset's password file, if that preset is what is used. */
	if (!password_file[0] && !c->apn[0] && p)
		password_file = p->password_file;
	if (c->pin_file[0])
		r = conf_read_secret(c->pin_file, "PIN file", scratch,
				     sizeof(scratch), err, sizeof(err));
	if (r == 0 && password_file[0])
		r = conf_read_secret(password_file, "password file", scratch,
				     sizeof(scratch), err, sizeof(err));
	explicit_bzero(scratch, sizeof(scratch));
	if (r < 0) {
		log_warnx("%s", err);
		return MODEM_EXIT_USAGE;
	}
	return 0;
}

void modem_set_radio_reset(struct modem *m, unsigned int restarts)
{
	m->radio_reset_restarts = restarts;
}

/*
 * Not fatal: a modem that refuses still gets its dial, and the next
 * restart escalates further (power cycle).
 */
static int modem_radio_reset(struct modem *m)
{
	static const char *const steps[] = { "AT+CFUN=0", "AT+CFUN=1" };
	struct at_response resp;
	size_t i;
	int r = 0;

	for (i = 0; i < 2 && r == 0; i++) {
		r = modem_cmd(m, steps[i], AT_PREFIX_NONE,
			      MODEM_CFUN_TIMEOUT_MS, &resp);
		if (r == 0 && resp.final != AT_FINAL_OK)
			r = -EPROTO;
	}
	if (r == -ETIME || r == -ENODEV || r == -EIO)
		return modem_io_exit(m, r, "while resetting the radio");
	if (r < 0)
		log_warnx("the link check restarted the link %u times in a "
			  "row; resetting the radio failed at %s (%s), "
			  "dialling anyway",
			  m->radio_reset_restarts, steps[i - 1],
			  r == -EPROTO ? "refused" : "no answer");
	else
		log_info("the link check restarted the link %u times in a "
			 "row: radio reset (AT+CFUN=0, then AT+CFUN=1)",
			 m->radio_reset_restarts);
	return 0;
}

static int modem_prepare(struct modem *m)
{
	int r;

	m->started_ms = clock_now_ms();
	at_chan_set_deadline(m->ch, m->started_ms +
					(int64_t)m->conf->timeout_s * 1000);
	r = modem_wake(m);
	if (r == 0 && m->radio_reset_restarts)
		r = modem_radio_reset(m);
	if (r == 0)
		r = modem_identify(m);
	return r;
}

/* AT+CFUN? as a number; -1 when the modem does not say. */
static int modem_read_cfun(struct modem *m, int *fun)
{
	struct at_response resp;
	const char *line;
	int r = modem_query_cmd(m, "AT+CFUN?", "+CFUN:", &resp);

	*fun = -1;
	line = at_response_line(&resp, "+CFUN:");
	if (r == 0 && resp.final == AT_FINAL_OK && line)
		(void)resp_cfun(line, fun);
	return r;
}

/*
 * A modem left in airplane mode (CFUN=4, by ModemManager, an earlier
 * session or its own boot default) keeps its SIM ready and never searches;
 * it is switched on here. One that stays off after AT+CFUN=1 is, in every
 * report we know of, locked until a vendor "FCC unlock" (ModemManager's
 * fcc-unlock.d: Sierra EM7455, Fibocom L850/L860 in laptops) or held off
 * by its W_DISABLE pin.
 */
static int modem_radio_on(struct modem *m)
{
	const struct at_cmd on = { .text = "AT+CFUN=1",
				   .prefix = AT_PREFIX_NONE,
				   .timeout_ms = MODEM_CFUN_TIMEOUT_MS };
	struct at_response resp;
	int fun = m->st.cfun, r = 0;

	if (fun < 0)
		r = modem_read_cfun(m, &fun);
	m->st.cfun = fun;
	if (r || fun == 1 || fun < 0)
		return r; /* on, or a modem without +CFUN: try anyway */
	log_info("the modem's radio is off (AT+CFUN? says %d); switching it "
		 "on with AT+CFUN=1",
		 fun);
	r = modem_run(m, &on, &resp);
	if (r < 0)
		return modem_io_exit(m, r, "while switching the radio on");
	r = modem_read_cfun(m, &fun);
	if (r)
		return r;
	m->st.cfun = fun;
	if (resp.final == AT_FINAL_OK && (fun == 1 || fun < 0))
		return 0;
	log_warnx("the modem keeps its radio off (AT+CFUN=1 answered '%s', "
		  "AT+CFUN? says %d); it may need its vendor's FCC unlock "
		  "(e.g. Sierra EM7455 in laptops: ModemManager's "
		  "fcc-unlock.d) or its W_DISABLE pin holds the radio off",
		  resp.final_line, fun);
	return MODEM_EXIT_REGISTRATION;
}

/*
 * A restart forgets the PIN, the radio state and the registration, so what
 * was set up so far is void; it usually means the supply sagged when the
 * modem began to transmit.
 */
static int modem_restart_exit(void)
{
	log_warnx("the modem restarted during the setup (it announced a "
		  "fresh start, e.g. RDY); check its power supply: a USB "
		  "port may not deliver the peak current of an LTE modem");
	return MODEM_EXIT_IO;
}

int modem_connect(struct modem *m)
{
	int (*const steps[])(struct modem *) = {
		modem_check_secrets,  modem_prepare,
		modem_radio_on,	      modem_unlock_sim,
		modem_choose_apn,     modem_set_context,
		modem_set_auth,	      modem_wait_registration,
		modem_report_network, modem_dial,
	};
	size_t i;
	int r = 0;

	for (i = 0; i < sizeof(steps) / sizeof(steps[0]) && r == 0; i++) {
		r = steps[i](m);
		if (m->restarted)
			r = modem_restart_exit();
	}
	explicit_bzero(m->apn.apn.password, sizeof(m->apn.apn.password));
	return r;
}

/* What the provider database suggests for the SIM, for "info". */
static void modem_guess_apn(struct modem *m)
{
	struct apn_settings guess;
	int db_err;

	if (modem_lookup_apn(m, &guess, &db_err) != 0 || db_err != 0)
		return;
	snprintf(m->st.apn_guess, sizeof(m->st.apn_guess), "%s", guess.apn);
	snprintf(m->st.apn_guess_source, sizeof(m->st.apn_guess_source), "%s",
		 guess.source);
	snprintf(m->st.sim_provider, sizeof(m->st.sim_provider), "%s",
		 guess.provider);
	explicit_bzero(&guess, sizeof(guess));
}

/* "info" only reads: a SIM that needs a PIN is reported, not unlocked. */
int modem_query(struct modem *m)
{
	int r = modem_prepare(m);

	if (r == 0)
		r = modem_query_string(m, "AT+CGSN", AT_PREFIX_DIGITS,
				       m->st.imei, sizeof(m->st.imei));
	if (r == 0)
		r = modem_read_sim(m);
	if (r == MODEM_EXIT_SIM)
		r = 0;
	if (r == 0)
		r = modem_read_pin_tries(m);
	if (r == 0 && m->st.sim == RESP_SIM_READY)
		r = modem_read_imsi(m);
	if (r == 0 && m->st.imsi[0])
		modem_guess_apn(m);
	if (r == 0)
		r = modem_poll_registration(m, true);
	if (r == 0)
		r = modem_read_signal(m);
	return r;
}
