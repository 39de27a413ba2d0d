/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * pppd's option table for ltepi. Each entry hands its argument to the plain
 * options module, which validates it; pppd prints the module's sentence and
 * exits with status 2 when a value is wrong.
 *
 * Every option is OPT_PRIV: they change the root network configuration, so
 * a dip-group user's command line (pppd is setuid root on Debian) must not
 * set them; peer files and /etc/ppp/options are privileged sources. They are
 * also OPT_INITONLY, so a secrets file or an auth plugin cannot change them
 * once the link is being set up.
 */
#include "pppd-compat.h"

#include <arpa/inet.h>

#include "plugin.h"

struct ltepi_conf ltepi_conf;

#define REPORT(call)                                                           \
	do {                                                                   \
		char err_[LTEPI_ERRLEN];                                       \
		if ((call) < 0) {                                              \
			compat_option_error("%s", err_);                       \
			return 0;                                              \
		}                                                              \
		return 1;                                                      \
	} while (0)
#define ERRBUF err_, sizeof(err_)

static int opt_table(char **argv)
{
	REPORT(options_set_table(&ltepi_conf, &options_default_env, argv[0],
				 ERRBUF));
}

static int opt_priority(char **argv)
{
	REPORT(options_set_priority(&ltepi_conf, argv[0], ERRBUF));
}

static int opt_mode(char **argv)
{
	REPORT(options_set_mode(&ltepi_conf, argv[0], ERRBUF));
}

static int opt_mark(char **argv)
{
	REPORT(options_set_mark(&ltepi_conf, argv[0], ERRBUF));
}

static int opt_nosrcroute(char **argv)
{
	REPORT(options_set_nosrcroute(&ltepi_conf, ERRBUF));
}

static int opt_link_route(char **argv)
{
	REPORT(options_add_link_route(&ltepi_conf, argv[0], ERRBUF));
}

static int opt_firewall(char **argv)
{
	REPORT(options_set_firewall_profile(&ltepi_conf, argv[0], ERRBUF));
}

static int opt_nofirewall(char **argv)
{
	REPORT(options_set_nofirewall(&ltepi_conf, ERRBUF));
}

static int opt_link_check(char **argv)
{
	REPORT(options_add_link_check(&ltepi_conf, argv[0], ERRBUF));
}

static int opt_check_interval(char **argv)
{
	REPORT(options_set_check_interval(&ltepi_conf, argv[0], ERRBUF));
}

static int opt_check_failures(char **argv)
{
	REPORT(options_set_check_failures(&ltepi_conf, argv[0], ERRBUF));
}

/*
 * pppd's "dump" and "dryrun" print every option set, in a form pppd reads
 * back; without these an option prints as "xxx # [don't know how ...]".
 */
static void print_table(option_t *opt, printer_func printer, void *arg)
{
	(void)opt;
	printer(arg, "%u", ltepi_conf.srcroute_table);
}

static void print_priority(option_t *opt, printer_func printer, void *arg)
{
	(void)opt;
	printer(arg, "%u", ltepi_conf.srcroute_priority);
}

static void print_mode(option_t *opt, printer_func printer, void *arg)
{
	(void)opt;
	printer(arg, "%s",
		ltepi_conf.srcroute_mode == SRCROUTE_MODE_CONNMARK ? "connmark"
								   : "address");
}

static void print_mark(option_t *opt, printer_func printer, void *arg)
{
	(void)opt;
	printer(arg, "0x%x/0x%x", ltepi_conf.srcroute_mark,
		ltepi_conf.srcroute_mark_mask);
}

/* Repeatable: one "link-route PREFIX" line per prefix. */
static void print_link_routes(option_t *opt, printer_func printer, void *arg)
{
	char text[INET6_ADDRSTRLEN];
	size_t i;

	for (i = 0; i < ltepi_conf.n_link_routes; i++) {
		const struct ltepi_prefix *p = &ltepi_conf.link_routes[i];

		inet_ntop(p->family, &p->addr, text, sizeof(text));
		if (i > 0)
			printer(arg, "\n%s ", opt->name);
		printer(arg, "%s/%u", text, p->len);
	}
}

static void print_profile(option_t *opt, printer_func printer, void *arg)
{
	(void)opt;
	printer(arg, "%q", ltepi_conf.firewall_profile);
}

static void print_link_checks(option_t *opt, printer_func printer, void *arg)
{
	char text[INET6_ADDRSTRLEN + 16];

	for (size_t i = 0; i < ltepi_conf.n_link_checks; i++) {
		options_format_check_target(&ltepi_conf.link_checks[i], text,
					    sizeof(text));
		if (i > 0)
			printer(arg, "\n%s ", opt->name);
		printer(arg, "%s", text);
	}
}

static void print_check_interval(option_t *opt, printer_func printer, void *arg)
{
	(void)opt;
	printer(arg, "%u", ltepi_conf.check_interval);
}

static void print_check_failures(option_t *opt, printer_func printer, void *arg)
{
	(void)opt;
	printer(arg, "%u", ltepi_conf.check_failures);
}

static int opt_hook_timeout(char **argv)
{
	REPORT(options_set_hook_timeout(&ltepi_conf, argv[0], ERRBUF));
}

static void print_hook_timeout(option_t *opt, printer_func printer, void *arg)
{
	(void)opt;
	printer(arg, "%u", ltepi_conf.hook_timeout);
}

#define LTEPI_OPT_FLAGS	  (OPT_PRIV | OPT_INITONLY)
#define LTEPI_OPT_PRINTED (LTEPI_OPT_FLAGS | OPT_A2PRINTER)

static option_t ltepi_options[] = {
	{ .name = "srcroute-table",
	  .type = o_special,
	  .addr = (void *)opt_table,
	  .description = "Source-route replies via the link using this table",
	  .addr2 = (void *)print_table,
	  .flags = LTEPI_OPT_PRINTED },
	{ .name = "srcroute-priority",
	  .type = o_special,
	  .addr = (void *)opt_priority,
	  .description = "Priority of ltepi's policy routing rules",
	  .addr2 = (void *)print_priority,
	  .flags = LTEPI_OPT_PRINTED },
	{ .name = "srcroute-mode",
	  .type = o_special,
	  .addr = (void *)opt_mode,
	  .description = "Source routing by address or connmark",
	  .addr2 = (void *)print_mode,
	  .flags = LTEPI_OPT_PRINTED },
	{ .name = "srcroute-mark",
	  .type = o_special,
	  .addr = (void *)opt_mark,
	  .description = "Connection mark VALUE[/MASK] for connmark mode",
	  .addr2 = (void *)print_mark,
	  .flags = LTEPI_OPT_PRINTED },
	{ .name = "nosrcroute",
	  .type = o_special_noarg,
	  .addr = (void *)opt_nosrcroute,
	  .description = "Disable ltepi's source routing",
	  .flags = LTEPI_OPT_FLAGS },
	{ .name = "link-route",
	  .type = o_special,
	  .addr = (void *)opt_link_route,
	  .description = "Route this prefix via the link while it is up",
	  .addr2 = (void *)print_link_routes,
	  .flags = LTEPI_OPT_PRINTED },
	{ .name = "firewall-profile",
	  .type = o_special,
	  .addr = (void *)opt_firewall,
	  .description = "Inbound firewall profile (name or absolute path)",
	  .addr2 = (void *)print_profile,
	  .flags = LTEPI_OPT_PRINTED },
	{ .name = "nofirewall",
	  .type = o_special_noarg,
	  .addr = (void *)opt_nofirewall,
	  .description = "Disable ltepi's inbound firewall",
	  .flags = LTEPI_OPT_FLAGS },
	{ .name = "link-check",
	  .type = o_special,
	  .addr = (void *)opt_link_check,
	  .description = "Probe this address (or tcp:ADDRESS:PORT) to check "
			 "that the link passes traffic",
	  .addr2 = (void *)print_link_checks,
	  .flags = LTEPI_OPT_PRINTED },
	{ .name = "link-check-interval",
	  .type = o_special,
	  .addr = (void *)opt_check_interval,
	  .description = "Seconds between link checks",
	  .addr2 = (void *)print_check_interval,
	  .flags = LTEPI_OPT_PRINTED },
	{ .name = "link-check-failures",
	  .type = o_special,
	  .addr = (void *)opt_check_failures,
	  .description = "Failed link checks in a row that restart the link",
	  .addr2 = (void *)print_check_failures,
	  .flags = LTEPI_OPT_PRINTED },
	{ .name = "hook-timeout",
	  .type = o_special,
	  .addr = (void *)opt_hook_timeout,
	  .description = "Seconds each hook in hooks.d may run",
	  .addr2 = (void *)print_hook_timeout,
	  .flags = LTEPI_OPT_PRINTED },
	{ .name = NULL },
};

void plugin_options_register(void)
{
	options_init(&ltepi_conf);
	compat_add_options(ltepi_options);
}
