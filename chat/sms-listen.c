/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The SMS listener (see sms-listen.h): the modem dialogue and the actions.
 * The decisions are in the pure modules (sms-pdu, sms-concat, sms-auth,
 * sms-status); this file is the I/O around them. The command forms and
 * fallbacks follow 3GPP TS 27.005; which CNMI forms real modems refuse is
 * in ModemManager's src/mm-broadband-modem.c (it tries "2,1,2,1,0" and
 * falls back) and oFono's drivers/atmodem/sms.c (it builds CNMI from the
 * modes AT+CNMI=? lists).
 */
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "clock.h"
#include "atcmd.h"
#include "linkstate.h"
#include "exitcode.h"
#include "log.h"
#include "portsel.h"
#include "resp.h"
#include "serial.h"
#include "sms-auth.h"
#include "sms-concat.h"
#include "sms-key.h"
#include "sms-listen.h"
#include "sms-pdu.h"
#include "sms-state.h"
#include "sms-status.h"

#define SMS_CMD_MS	 5000
#define SMS_SEND_MS	 60000	/* AT+CMGS waits for the network */
#define SMS_SWEEP_ROUNDS 64	/* AT+CMGL rounds at most per sweep */
#define SMS_POLL_MS	 30000	/* without +CMTI: how often AT+CMGL */
#define SMS_RESWEEP_MS	 300000 /* with +CMTI: sweep now and then */
#define SMS_MAX_CMTI	 16
#define SMS_ERRLEN	 (PATH_MAX + 256)

struct sms_listener {
	const struct modem_conf *conf;
	struct sms_allow allow;
	struct sms_key key;
	struct sms_auth auth;
	char state_path[PATH_MAX];
	struct sms_concat concat;
	struct at_chan *ch;
	int fd;
	bool indications; /* AT+CNMI accepted: +CMTI will come */
	int cmti[SMS_MAX_CMTI];
	int n_cmti;
};

/* ---- setup ---- */

static int listen_configure(struct sms_listener *l)
{
	const struct modem_conf *c = l->conf;
	char err[SMS_ERRLEN];

	if (!c->sms_allow[0]) {
		log_warnx("sms listen needs sms-allow: the phone numbers "
			  "(international form) that may send commands");
		return MODEM_EXIT_USAGE;
	}
	if (sms_allow_parse(c->sms_allow, &l->allow, err, sizeof(err)) < 0 ||
	    sms_key_load(c->sms_key_file, &l->key, err, sizeof(err)) < 0 ||
	    sms_state_path(c->sms_state_dir, l->state_path,
			   sizeof(l->state_path), err, sizeof(err)) < 0 ||
	    sms_counter_load(l->state_path, &l->auth.last_counter, err,
			     sizeof(err)) < 0) {
		log_warnx("%s; no message is read", err);
		return MODEM_EXIT_USAGE;
	}
	l->auth.allow = &l->allow;
	l->auth.key = l->key.bytes;
	l->auth.keylen = l->key.len;
	sms_concat_init(&l->concat);
	return 0;
}

static void listen_urc(const char *line, void *arg)
{
	struct sms_listener *l = arg;
	const char *comma;
	int idx;

	/* +CMTI: "ME",3 (27.005 §3.4.1) */
	if (strncmp(line, "+CMTI:", 6) != 0 || !(comma = strrchr(line, ',')))
		return;
	idx = atoi(comma + 1);
	if (idx >= 0 && l->n_cmti < SMS_MAX_CMTI)
		l->cmti[l->n_cmti++] = idx;
}

static int listen_at(struct sms_listener *l, const char *text,
		     const char *prefix, struct at_response *resp)
{
	const struct at_cmd cmd = { .text = text,
				    .prefix = prefix,
				    .timeout_ms = SMS_CMD_MS };
	int r = at_chan_run(l->ch, &cmd, resp);

	if (r < 0)
		return r;
	return resp->final == AT_FINAL_OK ? 0 : -EPROTO;
}

/* The first of the command forms the modem accepts, or -1. */
static int listen_first_ok(struct sms_listener *l, const char *const *forms,
			   size_t n, const char *prefix)
{
	struct at_response resp;
	size_t i;
	int r;

	for (i = 0; i < n; i++) {
		r = listen_at(l, forms[i], prefix, &resp);
		if (r == 0)
			return (int)i;
		if (r != -EPROTO)
			return r;
	}
	return -1;
}

static int listen_setup_modem(struct sms_listener *l)
{
	/* storage: the modem's own (bigger) first, then the SIM's */
	static const char *const cpms[] = {
		"AT+CPMS=\"ME\",\"ME\",\"ME\"",
		"AT+CPMS=\"SM\",\"SM\",\"SM\"",
		"AT+CPMS=\"MT\",\"MT\",\"MT\"",
	};
	/* mt=1: store and indicate with +CMTI; mode 2 buffers URCs while
	 * the port is busy, 1 discards them; the short forms for modems
	 * that refuse the bm/ds/bfr fields (ModemManager's fallbacks) */
	static const char *const cnmi[] = {
		"AT+CNMI=2,1,0,0,0",
		"AT+CNMI=1,1,0,0,0",
		"AT+CNMI=2,1",
		"AT+CNMI=1,1",
	};
	struct at_response resp;
	int r;

	if (at_chan_probe(l->ch, 2000, 200) < 0) {
		log_warnx("the modem does not answer AT");
		return MODEM_EXIT_NO_MODEM;
	}
	(void)listen_at(l, "ATE0", AT_PREFIX_NONE, &resp);
	(void)listen_at(l, "AT+CMEE=1", AT_PREFIX_NONE, &resp);
	if (listen_at(l, "AT+CMGF=0", AT_PREFIX_NONE, &resp) < 0) {
		log_warnx("the modem refuses SMS PDU mode (AT+CMGF=0: %s)",
			  resp.final_line[0] ? resp.final_line : "no answer");
		return MODEM_EXIT_SMS;
	}
	r = listen_first_ok(l, cpms, sizeof(cpms) / sizeof(cpms[0]), "+CPMS:");
	if (r < -1)
		return MODEM_EXIT_IO;
	if (r < 0)
		log_info("the modem refuses every AT+CPMS storage; using its "
			 "default");
	r = listen_first_ok(l, cnmi, sizeof(cnmi) / sizeof(cnmi[0]),
			    AT_PREFIX_NONE);
	if (r < -1)
		return MODEM_EXIT_IO;
	l->indications = r >= 0;
	if (!l->indications)
		log_info("the modem refuses AT+CNMI; polling its storage every "
			 "%d s",
			 SMS_POLL_MS / 1000);
	return 0;
}

/* ---- actions ---- */

static void listen_run(const char *what, const char *command,
		       unsigned int duration_s)
{
	char dur[16];
	pid_t pid;
	int status;

	pid = fork();
	if (pid == 0) {
		if (duration_s) {
			snprintf(dur, sizeof(dur), "%u", duration_s);
			setenv("LTEPI_SMS_DURATION", dur, 1);
		}
		execl("/bin/sh", "sh", "-c", command, (char *)NULL);
		_exit(127);
	}
	if (pid < 0 || waitpid(pid, &status, 0) < 0) {
		log_warn("cannot run sms-%s-command", what);
		return;
	}
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		log_info("sms-%s-command '%s' done", what, command);
	else
		log_warnx("sms-%s-command '%s' failed (status %d)", what,
			  command,
			  WIFEXITED(status) ? WEXITSTATUS(status)
					    : 128 + WTERMSIG(status));
}

/* Copies what fits: the reply has room for less than the state file. */
static void listen_copy(char *dst, size_t size, const char *src,
			size_t src_size)
{
	size_t n = strnlen(src, (size < src_size ? size : src_size) - 1);

	memcpy(dst, src, n);
	dst[n] = '\0';
}

/*
 * The link state ltepi.so writes (lib/linkstate.h); a file whose pppd is
 * gone without saying "exited" is stale: the link is down.
 */
static void listen_link_state(struct sms_link_status *ls)
{
	const char *path = getenv(SMS_LINK_STATE_ENV);
	static struct link_state st;

	memset(ls, 0, sizeof(*ls));
	if (link_state_load(path && *path ? path : SMS_LINK_STATE_DEFAULT,
			    &st) < 0)
		return;
	ls->known = true;
	ls->up = st.state == LINK_UP &&
		 !(st.pid > 0 && kill((pid_t)st.pid, 0) < 0 && errno == ESRCH);
	listen_copy(ls->ifname, sizeof(ls->ifname), st.ifname,
		    sizeof(st.ifname));
	ls->up_since = st.up_since;
	listen_copy(ls->local, sizeof(ls->local), st.local, sizeof(st.local));
	listen_copy(ls->addr_class, sizeof(ls->addr_class), st.addr_class,
		    sizeof(st.addr_class));
}

static void listen_status_reply(struct sms_listener *l, const char *to)
{
	const struct at_cmd csq = {
		.text = "AT+CSQ", .prefix = "+CSQ:", .timeout_ms = SMS_CMD_MS
	};
	struct sms_link_status ls;
	struct at_response resp;
	char text[SMS_STATUS_MAX + 1], hex[SMS_PDU_HEX_MAX + 1], cmd[32];
	const char *line;
	unsigned int len;
	int dbm = 1;

	if (at_chan_run(l->ch, &csq, &resp) == 0 &&
	    (line = at_response_line(&resp, "+CSQ:")) &&
	    resp_csq_dbm(line, &dbm) < 0)
		dbm = 1;
	listen_link_state(&ls);
	sms_status_compose(&ls, dbm, (int64_t)time(NULL), text, sizeof(text));
	if (sms_pdu_encode_submit(to, text, hex, sizeof(hex), &len) < 0) {
		log_warnx("cannot reply to %s: not a number to send to", to);
		return;
	}
	snprintf(cmd, sizeof(cmd), "AT+CMGS=%u", len);
	{
		const struct at_cmd send = { .text = cmd,
					     .prefix = "+CMGS:",
					     .timeout_ms = SMS_SEND_MS };

		if (at_chan_run_prompt(l->ch, &send, hex, &resp) == 0 &&
		    resp.final == AT_FINAL_OK)
			log_info("status sent to %s: %s", to, text);
		else
			log_warnx("the modem did not send the status reply to "
				  "%s (%s)",
				  to,
				  resp.final_line[0] ? resp.final_line
						     : "no answer");
	}
}

static void listen_act(struct sms_listener *l, const char *sender,
		       const char *text, size_t len)
{
	char why[256], err[SMS_ERRLEN];
	uint64_t before = l->auth.last_counter;
	struct sms_cmd cmd;
	enum sms_verdict v;

	v = sms_auth_check(&l->auth, sender, text, len, (int64_t)time(NULL),
			   &cmd, why, sizeof(why));
	if (v != SMS_ACCEPT) {
		log_warnx("SMS from %s refused: %s; nothing run", sender, why);
		return;
	}
	/* recorded before acting: a crash after this cannot replay it */
	if (sms_counter_save(l->state_path, cmd.counter, err, sizeof(err)) <
	    0) {
		l->auth.last_counter = before;
		log_warnx("SMS from %s not acted on: %s", sender, err);
		return;
	}
	log_info("SMS from %s accepted: %s%s (counter %" PRIu64 ")", sender,
		 sms_verb_name(cmd.verb),
		 cmd.duration_s ? " with a duration" : "", cmd.counter);
	if (cmd.verb == SMS_VERB_UP)
		listen_run("up", l->conf->sms_up_command, cmd.duration_s);
	else if (cmd.verb == SMS_VERB_DOWN)
		listen_run("down", l->conf->sms_down_command, 0);
	else
		listen_status_reply(l, sender);
}

/* ---- messages ---- */

static void listen_delete(struct sms_listener *l, int idx)
{
	struct at_response resp;
	char cmd[32];

	snprintf(cmd, sizeof(cmd), "AT+CMGD=%d", idx);
	if (listen_at(l, cmd, AT_PREFIX_NONE, &resp) < 0)
		log_warnx("cannot delete SMS %d from the modem (%s)", idx,
			  resp.final_line[0] ? resp.final_line : "no answer");
}

/* One stored message: decoded, deleted, then reassembled and acted on. */
static void listen_message(struct sms_listener *l, int idx, const char *hex)
{
	static char joined[SMS_CONCAT_TEXT + 1];
	struct sms_deliver d;
	char err[128];
	size_t len;
	int r;

	r = sms_pdu_decode(hex, &d, err, sizeof(err));
	listen_delete(l, idx);
	if (r < 0) {
		log_warnx("SMS %d refused: %s; deleted, nothing run", idx, err);
		return;
	}
	switch (sms_concat_add(&l->concat, &d, joined, sizeof(joined), &len)) {
	case SMS_CONCAT_PENDING:
		log_debug("SMS %d from %s: part %u of %u", idx, d.sender,
			  d.concat_seq, d.concat_total);
		return;
	case SMS_CONCAT_TOO_MANY:
		log_warnx("SMS from %s refused: more than %d parts; nothing "
			  "run",
			  d.sender, SMS_CONCAT_PARTS);
		return;
	case SMS_CONCAT_COMPLETE:
		listen_act(l, d.sender, joined, len);
	}
}

static bool listen_is_head(const char *line)
{
	return strncmp(line, "+CMGL:", 6) == 0 ||
	       strncmp(line, "+CMGR:", 6) == 0;
}

/*
 * The "+CMGL: <index>,..." or "+CMGR: ..." lines, each followed by its
 * PDU. A head whose PDU line is missing (it was not hex, so the parser
 * did not count it as part of the answer) is a malformed message: deleted
 * all the same, so that it cannot block the storage.
 */
static int listen_list_pairs(struct sms_listener *l,
			     const struct at_response *resp, int fixed_idx)
{
	int i, handled = 0;

	for (i = 0; i < resp->n_lines; i++) {
		const char *head = resp->lines[i];
		int idx = fixed_idx < 0 ? atoi(head + 6) : fixed_idx;

		if (!listen_is_head(head))
			continue;
		if (i + 1 < resp->n_lines &&
		    !listen_is_head(resp->lines[i + 1])) {
			listen_message(l, idx, resp->lines[++i]);
		} else if (i + 1 < resp->n_lines ||
			   resp->n_lines < AT_RESP_MAX_LINES) {
			listen_delete(l, idx);
			log_warnx("SMS %d refused: its PDU is not hex; "
				  "deleted, nothing run",
				  idx);
		} else {
			break; /* cut off by the response size: next round */
		}
		handled++;
	}
	return handled;
}

/*
 * Every stored message: AT+CMGL=4 ("all") answers at most what one
 * response holds (AT_RESP_MAX_LINES), so it is repeated until it lists
 * none; each listed message was deleted in between.
 */
static int listen_sweep(struct sms_listener *l)
{
	const struct at_cmd cmgl = { .text = "AT+CMGL=4",
				     .prefix = AT_PREFIX_SMS,
				     .timeout_ms = SMS_CMD_MS * 2 };
	struct at_response resp;
	int round, r;

	for (round = 0; round < SMS_SWEEP_ROUNDS; round++) {
		r = at_chan_run(l->ch, &cmgl, &resp);
		if (r < 0)
			return r;
		if (resp.final != AT_FINAL_OK ||
		    listen_list_pairs(l, &resp, -1) == 0)
			return 0;
	}
	log_warnx("the modem still lists messages after %d rounds of "
		  "AT+CMGL; leaving them for the next sweep",
		  SMS_SWEEP_ROUNDS);
	return 0;
}

static int listen_indicated(struct sms_listener *l)
{
	const struct at_cmd base = { .prefix = AT_PREFIX_SMS,
				     .timeout_ms = SMS_CMD_MS };
	struct at_response resp;
	char text[32];
	int idx, r;

	while (l->n_cmti > 0) {
		struct at_cmd cmd = base;

		idx = l->cmti[0];
		memmove(l->cmti, l->cmti + 1,
			(size_t)--l->n_cmti * sizeof(l->cmti[0]));
		snprintf(text, sizeof(text), "AT+CMGR=%d", idx);
		cmd.text = text;
		r = at_chan_run(l->ch, &cmd, &resp);
		if (r < 0)
			return r;
		if (resp.final == AT_FINAL_OK)
			(void)listen_list_pairs(l, &resp, idx);
	}
	return 0;
}

static int listen_loop(struct sms_listener *l)
{
	int wait_ms = l->indications ? SMS_RESWEEP_MS : SMS_POLL_MS;
	int64_t next_sweep = clock_now_ms() + wait_ms;
	int r;

	for (;;) {
		r = listen_indicated(l);
		if (r == 0 && clock_now_ms() >= next_sweep) {
			r = listen_sweep(l);
			next_sweep = clock_now_ms() + wait_ms;
		}
		if (r == 0)
			r = at_chan_wait_urc(
			    l->ch, (int)(next_sweep - clock_now_ms()));
		if (r == -ETIMEDOUT)
			continue;
		if (r < 0)
			return r;
	}
}

static int listen_open(struct sms_listener *l, char *device, size_t len)
{
	const struct modem_conf *c = l->conf;
	int r;

	snprintf(device, len, "%s",
		 c->sms_device[0] ? c->sms_device : c->device);
	if (!device[0]) {
		log_warnx("sms listen needs the modem's AT port: --device "
			  "PATH, or sms-device for a second port");
		return MODEM_EXIT_USAGE;
	}
	r = portsel_resolve(device, len);
	if (r)
		return r;
	r = serial_open(device, &l->fd);
	if (r < 0) {
		log_warnx("cannot open %s: %s", device, strerror(-r));
		return MODEM_EXIT_NO_MODEM;
	}
	l->ch = at_chan_new(l->fd, l->fd);
	if (!l->ch) {
		log_warn("cannot start");
		return MODEM_EXIT_IO;
	}
	at_chan_set_urc_handler(l->ch, listen_urc, l);
	return 0;
}

int sms_listen(const struct modem_conf *conf, bool once)
{
	static struct sms_listener l;
	char device[PATH_MAX];
	int r;

	memset(&l, 0, sizeof(l));
	l.conf = conf;
	l.fd = -1;
	r = listen_configure(&l);
	if (r == 0)
		r = listen_open(&l, device, sizeof(device));
	if (r == 0)
		r = listen_setup_modem(&l);
	if (r == 0) {
		log_info("listening for SMS commands on %s (last counter "
			 "%" PRIu64 ")",
			 device, l.auth.last_counter);
		r = listen_sweep(&l);
		if (r == 0 && !once)
			r = listen_loop(&l);
		if (r < 0) {
			log_warnx("the modem's line failed: %s", strerror(-r));
			r = MODEM_EXIT_IO;
		}
	}
	at_chan_free(l.ch);
	if (l.fd >= 0)
		close(l.fd);
	sms_key_wipe(&l.key);
	return r;
}
