/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * ltepi-modem: pppd's "connect" program for LTE modems, plus "info" and
 * "power" modes for people and boot scripts.
 *
 * This file is wiring only: the command line (whose long options are the
 * configuration keys, so the two cannot disagree), the configuration file,
 * the choice of mode and the exit code. Under pppd, stdin and stdout are the
 * modem; nothing here prints to stdout in connect mode.
 */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "atcmd.h"
#include "clock.h"
#include "conf.h"
#include "escalate.h"
#include "exitcode.h"
#include "info.h"
#include "log.h"
#include "modem.h"
#include "portsel.h"
#include "power.h"
#include "serial.h"
#include "sms-listen.h"

#define MAIN_MAX_OPTIONS   64
#define MAIN_MAX_OVERRIDES 64
#define MAIN_MAX_ARGV	   16
#define MAIN_PROBE_MS	   1000

enum main_opt {
	MAIN_OPT_CONFIG = 1000,
	MAIN_OPT_JSON,
	MAIN_OPT_WAIT,
	MAIN_OPT_HELP,
	MAIN_OPT_VERSION,
	MAIN_OPT_ONCE,
	MAIN_OPT_COUNTER,
	MAIN_OPT_KEY_FILE,
	MAIN_OPT_KEY, /* + index of the configuration key */
};

struct main_args {
	const char *conf_path;
	bool conf_given;
	bool json;
	bool wait;
	const char *mode;
	const char *power_action; /* also sms's listen|sign */
	bool once;		  /* sms listen --once */
	const char *counter;	  /* sms sign --counter N */
	const char *key_file;	  /* sms sign --key-file F */
	const char *sms_args[2];  /* sms sign COMMAND [DURATION] */
	/* command-line keys, applied after the file so they win */
	const char *keys[MAIN_MAX_OVERRIDES];
	const char *values[MAIN_MAX_OVERRIDES];
	int n;
};

static void main_usage(FILE *out)
{
	fprintf(
	    out,
	    "usage: ltepi-modem connect [OPTIONS]   (as pppd's connect "
	    "program)\n"
	    "       ltepi-modem info --device PATH|auto [--json] [OPTIONS]\n"
	    "       ltepi-modem ports\n"
	    "       ltepi-modem power on|off|cycle [--wait] [OPTIONS]\n"
	    "       ltepi-modem sms listen [--once] [--device PATH] "
	    "[OPTIONS]\n"
	    "       ltepi-modem sms sign --key-file F [--counter N] "
	    "up [DURATION]|down|status\n"
	    "options: --config FILE, --apn APN, --apn-preset NAME, "
	    "--pdp-type IP|IPV6|IPV4V6,\n"
	    "  --user U, --password-file F, --auth none|pap|chap|"
	    "pap-or-chap, --pin-file F,\n"
	    "  --timeout SEC, --register-timeout SEC, --device PATH, "
	    "--verbose, and every\n"
	    "  other modem.conf key as --KEY VALUE; see ltepi-modem(8).\n");
}

static void main_build_options(struct option *opts)
{
	static const struct option fixed[] = {
		{ "config", required_argument, NULL, MAIN_OPT_CONFIG },
		{ "json", no_argument, NULL, MAIN_OPT_JSON },
		{ "wait", no_argument, NULL, MAIN_OPT_WAIT },
		{ "help", no_argument, NULL, MAIN_OPT_HELP },
		{ "version", no_argument, NULL, MAIN_OPT_VERSION },
		{ "once", no_argument, NULL, MAIN_OPT_ONCE },
		{ "counter", required_argument, NULL, MAIN_OPT_COUNTER },
		{ "key-file", required_argument, NULL, MAIN_OPT_KEY_FILE },
	};
	const char *key;
	size_t i, n = sizeof(fixed) / sizeof(fixed[0]);

	memcpy(opts, fixed, sizeof(fixed));
	for (i = 0; (key = conf_key_name(i)) && n + 1 < MAIN_MAX_OPTIONS;
	     i++, n++)
		opts[n] =
		    (struct option){ key,
				     conf_key_is_flag(key) ? no_argument
							   : required_argument,
				     NULL, MAIN_OPT_KEY + (int)i };
	opts[n] = (struct option){ 0 };
}

static int main_positional(struct main_args *a, int argc, char **argv)
{
	if (optind >= argc) {
		log_warnx("no mode given (connect, info, power, ports or sms)");
		main_usage(stderr);
		return MODEM_EXIT_USAGE;
	}
	a->mode = argv[optind++];
	if ((strcmp(a->mode, "power") == 0 || strcmp(a->mode, "sms") == 0) &&
	    optind < argc)
		a->power_action = argv[optind++];
	if (a->power_action && strcmp(a->power_action, "sign") == 0) {
		if (optind < argc)
			a->sms_args[0] = argv[optind++];
		if (optind < argc)
			a->sms_args[1] = argv[optind++];
	}
	if (optind < argc) {
		log_warnx("unexpected argument '%s'; see ltepi-modem --help",
			  argv[optind]);
		return MODEM_EXIT_USAGE;
	}
	return 0;
}

/*
 * getopt_long() takes any unambiguous abbreviation, so "--pin 1234" would
 * be read as "--pin-file 1234" and the PIN would end up in the error about
 * a file of that name, on stderr and in syslog. Options must therefore be
 * spelled out in full, and nothing but the option's own name is ever
 * echoed: what follows it may be a secret typed in the wrong place.
 */
static bool main_is_secret_option(const char *name, size_t len)
{
	static const char *const words[] = { "pin", "puk", "pass", "pw",
					     "secret" };
	size_t i, j;

	if (len >= 2 && (strncmp(name, "pin-file", len) == 0 ||
			 strncmp(name, "password-file", len) == 0))
		return true;
	for (i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
		for (j = 0; j + strlen(words[i]) <= len; j++) {
			if (strncasecmp(name + j, words[i], strlen(words[i])) ==
			    0)
				return true;
		}
	}
	return false;
}

/* Logs why the option in arg ("--name[=value]") is refused. */
static int main_bad_option(const char *arg, const char *why)
{
	const char *name = arg + 2;
	size_t len = strcspn(name, "=");
	bool pin =
	    strncasecmp(name, "pi", 2) == 0 || strncasecmp(name, "pu", 2) == 0;

	if (main_is_secret_option(name, len))
		log_warnx("option '--%.*s' refused: secrets are never given on "
			  "the command line; write the %s to a file only root "
			  "can read (chmod 600) and give --%s FILE",
			  (int)len, name, pin ? "PIN" : "password",
			  pin ? "pin-file" : "password-file");
	else
		log_warnx("option '--%.*s' %s; see ltepi-modem --help",
			  (int)len, name, why);
	return MODEM_EXIT_USAGE;
}

/*
 * The argv element getopt_long() just took an option from: the one before
 * its separate argument, if it had one.
 */
static const char *main_option_arg(char **argv)
{
	if (optarg && optarg == argv[optind - 1])
		return argv[optind - 2];
	return argv[optind - 1];
}

/* 0, or the usage exit code if the option was abbreviated. */
static int main_check_spelling(char **argv, const struct option *opt)
{
	const char *arg = main_option_arg(argv);
	size_t len = strcspn(arg + 2, "=");

	if (strlen(opt->name) == len && strncmp(arg + 2, opt->name, len) == 0)
		return 0;
	if (main_is_secret_option(arg + 2, len))
		return main_bad_option(arg, "");
	log_warnx("option '--%.*s' must be spelled out in full (--%s?); see "
		  "ltepi-modem --help",
		  (int)len, arg + 2, opt->name);
	return MODEM_EXIT_USAGE;
}

/*
 * Explains the error getopt_long() returned c for (opterr is off). Long
 * options always advance optind, and their optopt is 0 (unknown) or their
 * value (an argument where none belongs); a short option's is its letter.
 */
static int main_getopt_error(int c, char **argv)
{
	const char *arg = argv[optind - 1];

	if (c == '?' && optopt > 0 && optopt < MAIN_OPT_CONFIG) {
		log_warnx("unknown option '-%c'; see ltepi-modem --help",
			  optopt);
		return MODEM_EXIT_USAGE;
	}
	if (c == ':')
		return main_bad_option(arg, "needs a value");
	if (optopt)
		return main_bad_option(arg, "takes no value");
	return main_bad_option(arg, "is unknown");
}

static int main_parse_args(struct main_args *a, int argc, char **argv)
{
	struct option opts[MAIN_MAX_OPTIONS];
	int c, li, r = 0;

	main_build_options(opts);
	opterr = 0;
	while (r == 0 &&
	       (li = -1, c = getopt_long(argc, argv, ":hv", opts, &li)) != -1) {
		if (c == '?' || c == ':') {
			r = main_getopt_error(c, argv);
			break;
		}
		if (li >= 0)
			r = main_check_spelling(argv, &opts[li]);
		if (r)
			break;
		if (c == MAIN_OPT_CONFIG) {
			a->conf_path = optarg;
			a->conf_given = true;
		} else if (c == MAIN_OPT_JSON) {
			a->json = true;
		} else if (c == MAIN_OPT_WAIT) {
			a->wait = true;
		} else if (c == MAIN_OPT_ONCE) {
			a->once = true;
		} else if (c == MAIN_OPT_COUNTER) {
			a->counter = optarg;
		} else if (c == MAIN_OPT_KEY_FILE) {
			a->key_file = optarg;
		} else if (c == 'h' || c == MAIN_OPT_HELP) {
			main_usage(stdout);
			exit(MODEM_EXIT_OK);
		} else if (c == MAIN_OPT_VERSION) {
			printf("ltepi-modem %s\n", LTEPI_VERSION);
			exit(MODEM_EXIT_OK);
		} else if (a->n < MAIN_MAX_OVERRIDES) {
			a->keys[a->n] =
			    c == 'v'
				? "verbose"
				: conf_key_name((size_t)(c - MAIN_OPT_KEY));
			a->values[a->n++] = optarg ? optarg : "yes";
		} else {
			log_warnx("too many options");
			r = MODEM_EXIT_USAGE;
		}
	}
	return r ? r : main_positional(a, argc, argv);
}

static bool main_args_set(const struct main_args *a, const char *key)
{
	int i;

	for (i = 0; i < a->n; i++) {
		if (strcmp(a->keys[i], key) == 0)
			return true;
	}
	return false;
}

static int main_configure(struct modem_conf *conf, const struct main_args *a)
{
	char err[CONF_ERRLEN];
	int i, r;

	conf_init(conf);
	r = conf_load(conf, a->conf_path, err, sizeof(err));
	if (r < 0 && !(r == -ENOENT && !a->conf_given)) {
		log_warnx("%s", err);
		return MODEM_EXIT_USAGE;
	}
	conf_override_apn(conf, main_args_set(a, "apn"),
			  main_args_set(a, "apn-preset"));
	for (i = 0; i < a->n; i++) {
		if (conf_set(conf, a->keys[i], a->values[i], err, sizeof(err)) <
		    0) {
			log_warnx("--%s", err);
			return MODEM_EXIT_USAGE;
		}
	}
	return 0;
}

static int main_escalate(const struct modem_conf *conf, struct escalation *esc);

static int main_connect(const struct modem_conf *conf)
{
	struct escalation esc;
	struct at_chan *ch;
	struct modem *m = NULL;
	int r = MODEM_EXIT_IO;

	r = main_escalate(conf, &esc);
	if (r)
		return r;
	r = MODEM_EXIT_IO;
	if (isatty(STDOUT_FILENO) != isatty(STDIN_FILENO))
		log_debug("stdin and stdout are not the same kind of file; "
			  "pppd connects both to the modem");
	(void)serial_discard_input(STDIN_FILENO);
	ch = at_chan_new(STDIN_FILENO, STDOUT_FILENO);
	if (ch)
		m = modem_new(ch, conf);
	if (!m) {
		log_warn("cannot start");
		goto out_free;
	}
	if (esc.action == HEALTH_RADIO_RESET) {
		(void)escalate_record(&esc);
		modem_set_radio_reset(m, esc.st.restarts);
	}
	r = modem_connect(m);
out_free:
	modem_free(m);
	at_chan_free(ch);
	return r;
}

static int main_info(const struct modem_conf *conf, bool json)
{
	struct at_chan *ch = NULL;
	struct modem *m = NULL;
	char device[sizeof(conf->device)];
	int fd, r;

	if (!conf->device[0]) {
		log_warnx("info needs the modem's AT port: --device PATH (or "
			  "auto)");
		return MODEM_EXIT_USAGE;
	}
	snprintf(device, sizeof(device), "%s", conf->device);
	r = portsel_resolve(device, sizeof(device));
	if (r)
		return r;
	r = serial_open(device, &fd);
	if (r < 0) {
		log_warnx("cannot open %s: %s", device, strerror(-r));
		return MODEM_EXIT_NO_MODEM;
	}
	r = MODEM_EXIT_IO;
	ch = at_chan_new(fd, fd);
	if (ch)
		m = modem_new(ch, conf);
	if (!m) {
		log_warn("cannot start");
		goto out_close;
	}
	r = modem_query(m);
	if (r == 0 && json)
		info_print_json(stdout, modem_status(m));
	else if (r == 0)
		info_print_text(stdout, modem_status(m));
out_close:
	modem_free(m);
	at_chan_free(ch);
	close(fd);
	return r;
}

/* power.h probe: does a modem answer AT on device? */
static int main_probe(const char *device, void *arg)
{
	const struct at_cmd at = { .text = "AT",
				   .prefix = AT_PREFIX_NONE,
				   .timeout_ms = MAIN_PROBE_MS };
	struct at_response resp;
	struct at_chan *ch;
	int fd, r;

	r = serial_open(device, &fd);
	if (r < 0)
		return r;
	ch = at_chan_new(fd, fd);
	r = ch ? at_chan_run(ch, &at, &resp) : -ENOMEM;
	at_chan_free(ch);
	close(fd);
	return r;
}

/* Splits a command into argv in place, at blanks (no shell quoting). */
static int main_split(char *cmd, char **argv)
{
	int n = 0;
	char *tok, *save = NULL;

	for (tok = strtok_r(cmd, " \t", &save); tok && n + 1 < MAIN_MAX_ARGV;
	     tok = strtok_r(NULL, " \t", &save))
		argv[n++] = tok;
	argv[n] = NULL;
	return n;
}

struct main_power {
	struct power_config pc;
	char on_cmd[CONF_CMD_LEN], off_cmd[CONF_CMD_LEN];
	char *on_argv[MAIN_MAX_ARGV], *off_argv[MAIN_MAX_ARGV];
	char err[256];
};

_Static_assert(CONF_MAX_HOLD == POWER_MAX_HOLD_LINES,
	       "hold-lines holds what the power module can drive");

/* hold-lines replaces the board's list as a whole. */
static void main_power_holds(struct power_config *pc,
			     const struct modem_conf *c)
{
	int i;

	memset(pc->hold, 0, sizeof(pc->hold));
	for (i = 0; i < c->n_hold; i++)
		pc->hold[i] = (struct power_hold_line){ c->hold_names[i],
							c->hold_values[i] };
}

static void main_power_config(struct main_power *p, const struct modem_conf *c)
{
	static const enum power_backend backends[] = {
		[CONF_POWER_NONE] = POWER_BACKEND_NONE,
		[CONF_POWER_GPIO] = POWER_BACKEND_GPIO,
		[CONF_POWER_COMMAND] = POWER_BACKEND_COMMAND,
	};
	struct power_config *pc = &p->pc;

	if (strcmp(c->board, "ltepi2") == 0)
		power_config_ltepi2(pc);
	else
		power_config_default(pc);
	if (c->power_backend != CONF_POWER_UNSET)
		pc->backend = backends[c->power_backend];
	if (c->gpio_chip[0])
		pc->gpio_chip = c->gpio_chip;
	if (c->power_key[0])
		pc->power_key = c->power_key;
	if (c->power_key_active >= 0)
		pc->power_key_active = c->power_key_active;
	if (c->power_on_pulse_ms)
		pc->on_pulse_ms = c->power_on_pulse_ms;
	if (c->power_off_pulse_ms)
		pc->off_pulse_ms = c->power_off_pulse_ms;
	if (c->hold_set)
		main_power_holds(pc, c);
	snprintf(p->on_cmd, sizeof(p->on_cmd), "%s", c->power_on_command);
	snprintf(p->off_cmd, sizeof(p->off_cmd), "%s", c->power_off_command);
	if (main_split(p->on_cmd, p->on_argv) > 0)
		pc->on_argv = p->on_argv;
	if (main_split(p->off_cmd, p->off_argv) > 0)
		pc->off_argv = p->off_argv;
	/* "auto" names no node to wait for */
	if (c->device[0] && strcmp(c->device, "auto") != 0)
		pc->device = c->device;
	if (c->usb_vendor) {
		pc->usb_vendor = c->usb_vendor;
		pc->usb_products[0] = c->usb_product;
		pc->usb_products[1] = 0;
	}
	if (c->power_wait_s)
		pc->appear_timeout_ms = c->power_wait_s * 1000;
	pc->probe = main_probe;
	pc->err = p->err;
	pc->err_len = sizeof(p->err);
}

/* --wait: after power on, until the modem answers AT (not just opens). */
static int main_power_wait(const struct power_config *pc)
{
	int64_t give_up = clock_now_ms() + pc->appear_timeout_ms;
	int r;

	do {
		r = main_probe(pc->device, NULL);
		if (r == 0)
			return 0;
		usleep(pc->poll_ms * 1000);
	} while (clock_now_ms() < give_up);
	return r;
}

static int main_power_run(struct main_power *p, const char *action, bool wait)
{
	int r = -EINVAL;

	if (strcmp(action, "off") == 0 || strcmp(action, "cycle") == 0)
		r = power_off(&p->pc);
	if (strcmp(action, "on") == 0 ||
	    (strcmp(action, "cycle") == 0 && r == 0))
		r = power_on(&p->pc);
	if (r == 0 && wait && strcmp(action, "off") != 0 && p->pc.device) {
		snprintf(p->err, sizeof(p->err),
			 "%s appeared but the modem does not answer AT",
			 p->pc.device);
		r = main_power_wait(&p->pc);
	}
	return r;
}

static int main_power(const struct modem_conf *conf, const char *action,
		      bool wait)
{
	struct main_power p = { 0 };
	int r;

	if (!action ||
	    (strcmp(action, "on") != 0 && strcmp(action, "off") != 0 &&
	     strcmp(action, "cycle") != 0)) {
		log_warnx("power needs an action: on, off or cycle");
		return MODEM_EXIT_USAGE;
	}
	main_power_config(&p, conf);
	if (power_config_check(&p.pc) < 0) {
		log_warnx("%s", p.err);
		return MODEM_EXIT_USAGE;
	}
	r = main_power_run(&p, action, wait);
	if (r < 0) {
		log_warnx("power %s failed: %s; check the 'board' and power "
			  "settings in modem.conf",
			  action, p.err[0] ? p.err : strerror(-r));
		return MODEM_EXIT_POWER;
	}
	log_info("power %s: done", action);
	return MODEM_EXIT_OK;
}

/*
 * The link-health step before this dial (escalate.h): a power cycle ends
 * the run here, pppd reopens the device that came back; a radio reset is
 * left in esc for the modem's steps. 0 to go on dialling.
 */
static int main_escalate(const struct modem_conf *conf, struct escalation *esc)
{
	struct main_power p = { 0 };
	bool can_cycle;
	int r;

	main_power_config(&p, conf);
	can_cycle = p.pc.backend != POWER_BACKEND_NONE &&
		    power_config_check(&p.pc) == 0;
	escalate_load(esc, conf, can_cycle);
	if (esc->action != HEALTH_POWER_CYCLE)
		return 0;
	(void)escalate_record(esc);
	/*
	 * The modem's tty is ours (stdin) and hangs up when the modem goes
	 * away, which sends SIGHUP to this process: expected here.
	 */
	signal(SIGHUP, SIG_IGN);
	r = main_power_run(&p, "cycle", false);
	if (r < 0) {
		log_warnx("the link check restarted the link %u times in a "
			  "row; the power cycle failed: %s; check the power "
			  "settings in modem.conf",
			  esc->st.restarts, p.err[0] ? p.err : strerror(-r));
		return MODEM_EXIT_POWER;
	}
	log_info("the link check restarted the link %u times in a row: "
		 "modem power-cycled; pppd redials with the device that came "
		 "back",
		 esc->st.restarts);
	return MODEM_EXIT_POWER_CYCLED;
}

static int main_sms(const struct modem_conf *conf, const struct main_args *a)
{
	if (a->power_action && strcmp(a->power_action, "listen") == 0)
		return sms_listen(conf, a->once);
	if (a->power_action && strcmp(a->power_action, "sign") == 0)
		return sms_sign(conf, a->key_file, a->counter, a->sms_args[0],
				a->sms_args[1]);
	log_warnx("sms needs an action: listen or sign");
	return MODEM_EXIT_USAGE;
}

int main(int argc, char **argv)
{
	struct main_args args = { .conf_path = CONF_DEFAULT_PATH };
	struct modem_conf conf;
	int r;

	/* A write to a vanished socket must be an error, not death. */
	signal(SIGPIPE, SIG_IGN);
	log_init(false, true);
	r = main_parse_args(&args, argc, argv);
	if (r == 0)
		r = main_configure(&conf, &args);
	if (r)
		return r;
	log_init(conf.verbose, true);
	if (strcmp(args.mode, "connect") == 0)
		return main_connect(&conf);
	if (strcmp(args.mode, "info") == 0)
		return main_info(&conf, args.json);
	if (strcmp(args.mode, "power") == 0)
		return main_power(&conf, args.power_action, args.wait);
	if (strcmp(args.mode, "ports") == 0)
		return portsel_list(stdout);
	if (strcmp(args.mode, "sms") == 0)
		return main_sms(&conf, &args);
	log_warnx("unknown mode '%s' (connect, info, power, ports or sms)",
		  args.mode);
	return MODEM_EXIT_USAGE;
}
