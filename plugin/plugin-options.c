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

#define LTEPI_OPT_FLAGS (OPT_PRIV | OPT_INITONLY)

static option_t ltepi_options[] = {
	{ .name = "srcroute-table",
	  .type = o_special,
	  .addr = (void *)opt_table,
	  .description = "Source-route replies via the link using this table",
	  .flags = LTEPI_OPT_FLAGS },
	{ .name = "srcroute-priority",
	  .type = o_special,
	  .addr = (void *)opt_priority,
	  .description = "Priority of ltepi's policy routing rules",
	  .flags = LTEPI_OPT_FLAGS },
	{ .name = "srcroute-mode",
	  .type = o_special,
	  .addr = (void *)opt_mode,
	  .description = "Source routing by address or connmark",
	  .flags = LTEPI_OPT_FLAGS },
	{ .name = "srcroute-mark",
	  .type = o_special,
	  .addr = (void *)opt_mark,
	  .description = "Connection mark VALUE[/MASK] for connmark mode",
	  .flags = LTEPI_OPT_FLAGS },
	{ .name = "nosrcroute",
	  .type = o_special_noarg,
	  .addr = (void *)opt_nosrcroute,
	  .description = "Disable ltepi's source routing",
	  .flags = LTEPI_OPT_FLAGS },
	{ .name = "link-route",
	  .type = o_special,
	  .addr = (void *)opt_link_route,
	  .description = "Route this prefix via the link while it is up",
	  .flags = LTEPI_OPT_FLAGS },
	{ .name = "firewall-profile",
	  .type = o_special,
	  .addr = (void *)opt_firewall,
	  .description = "Inbound firewall profile (name or absolute path)",
	  .flags = LTEPI_OPT_FLAGS },
	{ .name = "nofirewall",
	  .type = o_special_noarg,
	  .addr = (void *)opt_nofirewall,
	  .description = "Disable ltepi's inbound firewall",
	  .flags = LTEPI_OPT_FLAGS },
	{ .name = NULL },
};

void plugin_options_register(void)
{
	options_init(&ltepi_conf);
	compat_add_options(ltepi_options);
}
