/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Validation of ltepi's option values (see options.h for the contract).
 *
 * Policy, documented in ltepi(8):
 *  - a value is checked when it is parsed, so pppd reports it with the file
 *    and option that carried it;
 *  - giving a scalar option twice with different values is an error, not
 *    "last one wins": the peer file, /etc/ppp/options and the command line
 *    are easy to mix up, and a silently different routing table is worse
 *    than a refusal;
 *  - nosrcroute and nofirewall win over the options they disable, whatever
 *    the order, so "pon ltepi2 nofirewall" works on a shipped peer file.
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "names.h"
#include "options.h"

#define TABLE_MAX                                                              \
	2147483647u /* the kernel takes u32; iproute2 names stop               \
		     * at INT_MAX, and so do we */

static const char *const default_rt_tables[] = {
	"/etc/iproute2/rt_tables",	   "/etc/iproute2/rt_tables.d",
	"/usr/share/iproute2/rt_tables", /* iproute2 >= 6.5 (trixie) */
	"/usr/share/iproute2/rt_tables.d", NULL,
};

const struct options_env options_default_env = {
	.rt_tables_paths = default_rt_tables,
};

int options_fail(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	return -EINVAL;
}

void options_init(struct ltepi_conf *conf)
{
	*conf = (struct ltepi_conf){
		.srcroute_priority = LTEPI_DEFAULT_PRIORITY,
		.srcroute_mode = SRCROUTE_MODE_ADDRESS,
		.srcroute_mark_mask = LTEPI_DEFAULT_MARK_MASK,
		.check_interval = LTEPI_DEFAULT_CHECK_INTERVAL,
		.check_failures = LTEPI_DEFAULT_CHECK_FAILURES,
		.hook_timeout = LTEPI_DEFAULT_HOOK_TIMEOUT,
	};
}

int options_set_count(const char *name, const char *arg, unsigned int max,
		      bool *set, unsigned int *value, char *err, size_t errlen)
{
	uint32_t v;
	int r;

	if (!arg[0])
		return options_fail(err, errlen, "%s: empty value", name);
	r = options_parse_u32(arg, false, &v);
	if (r == -EINVAL)
		return options_fail(err, errlen, "%s: '%s' is not a number",
				    name, arg);
	if (r < 0 || v < 1 || v > max)
		return options_fail(err, errlen,
				    "%s: %s is out of range (1-%u)", name, arg,
				    max);
	if (*set && *value != v)
		return options_fail(
		    err, errlen, "%s given twice (%u, then %s); give it once",
		    name, *value, arg);
	*value = (unsigned int)v;
	*set = true;
	return 0;
}

int options_set_hook_timeout(struct ltepi_conf *conf, const char *arg,
			     char *err, size_t errlen)
{
	return options_set_count("hook-timeout", arg, LTEPI_MAX_HOOK_TIMEOUT,
				 &conf->hook_timeout_set, &conf->hook_timeout,
				 err, errlen);
}

int options_parse_u32(const char *s, bool hex_ok, uint32_t *out)
{
	unsigned long long v;
	char *end;
	int base = 10;

	if (!isdigit((unsigned char)s[0]))
		return -EINVAL;
	if (hex_ok && s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		base = 16;
	errno = 0;
	v = strtoull(s, &end, base);
	if (*end != '\0' || end == s)
		return -EINVAL;
	if (errno == ERANGE || v > UINT32_MAX)
		return -ERANGE;
	*out = (uint32_t)v;
	return 0;
}

/* One rt_tables line: "NUMBER NAME", comments after '#'. */
static bool rt_tables_line_matches(char *line, const char *name, uint32_t *id)
{
	char *num, *word, *save = NULL;

	line[strcspn(line, "#\n")] = '\0';
	num = strtok_r(line, " \t", &save);
	word = strtok_r(NULL, " \t", &save);
	if (!num || !word || strcmp(word, name) != 0)
		return false;
	return options_parse_u32(num, true, id) == 0;
}

static bool rt_tables_file_lookup(const char *path, const char *name,
				  uint32_t *id)
{
	char line[512];
	bool found = false;
	FILE *f = fopen(path, "re");

	if (!f)
		return false;
	while (!found && fgets(line, sizeof(line), f))
		found = rt_tables_line_matches(line, name, id);
	fclose(f);
	return found;
}

static bool rt_tables_dir_lookup(const char *dir, const char *name,
				 uint32_t *id)
{
	struct dirent *de;
	char path[PATH_MAX];
	bool found = false;
	DIR *d = opendir(dir);

	if (!d)
		return false;
	while (!found && (de = readdir(d))) {
		size_t n = strlen(de->d_name);

		if (n < 6 || strcmp(de->d_name + n - 5, ".conf") != 0)
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		found = rt_tables_file_lookup(path, name, id);
	}
	closedir(d);
	return found;
}

/* Looks a table name up the way iproute2 does; the first file wins. */
static bool rt_tables_lookup(const struct options_env *env, const char *name,
			     uint32_t *id)
{
	for (const char *const *p = env->rt_tables_paths; *p; p++) {
		size_t n = strlen(*p);
		bool is_dir = n > 2 && strcmp(*p + n - 2, ".d") == 0;

		if (is_dir ? rt_tables_dir_lookup(*p, name, id)
			   : rt_tables_file_lookup(*p, name, id))
			return true;
	}
	return false;
}

static const char *reserved_table_name(uint32_t id)
{
	switch (id) {
	case 253:
		return "default";
	case 254:
		return "main";
	case 255:
		return "local";
	}
	return NULL;
}

static int check_table_id(uint32_t id, const char *arg, char *err,
			  size_t errlen)
{
	const char *reserved = reserved_table_name(id);

	if (id == 0 || id > TABLE_MAX)
		return options_fail(err, errlen,
				    "srcroute-table: %s is out of range (1-%u)",
				    arg, TABLE_MAX);
	if (reserved)
		return options_fail(
		    err, errlen,
		    "srcroute-table: %s is the kernel's '%s' table, "
		    "which ltepi must not take over; use a table of "
		    "its own, e.g. 200",
		    arg, reserved);
	return 0;
}

int options_set_table(struct ltepi_conf *conf, const struct options_env *env,
		      const char *arg, char *err, size_t errlen)
{
	uint32_t id;
	int r;

	if (!arg[0])
		return options_fail(err, errlen, "srcroute-table: empty value");
	r = options_parse_u32(arg, false, &id);
	if (r == -ERANGE)
		id = 0;
	else if (r == -EINVAL && !rt_tables_lookup(env, arg, &id))
		return options_fail(
		    err, errlen,
		    "srcroute-table: '%s' is neither a table number "
		    "(1-%u) nor a name in iproute2's rt_tables files",
		    arg, TABLE_MAX);
	r = check_table_id(id, arg, err, errlen);
	if (r < 0)
		return r;
	if (conf->srcroute_table && conf->srcroute_table != id)
		return options_fail(err, errlen,
				    "srcroute-table given twice (%" PRIu32
				    ", then %s); "
				    "give it once",
				    conf->srcroute_table, arg);
	conf->srcroute_table = id;
	conf->srcroute = !conf->nosrcroute;
	return 0;
}

int options_set_priority(struct ltepi_conf *conf, const char *arg, char *err,
			 size_t errlen)
{
	uint32_t prio;
	int r;

	if (!arg[0])
		return options_fail(err, errlen,
				    "srcroute-priority: empty value");
	r = options_parse_u32(arg, false, &prio);
	if (r == -EINVAL)
		return options_fail(err, errlen,
				    "srcroute-priority: '%s' is not a number",
				    arg);
	if (r == -ERANGE || prio < 1 || prio > LTEPI_MAX_PRIORITY)
		return options_fail(
		    err, errlen,
		    "srcroute-priority: %s is out of range (1-%u; "
		    "32766 and up belong to the main and default "
		    "tables)",
		    arg, LTEPI_MAX_PRIORITY);
	if (conf->priority_set && conf->srcroute_priority != prio)
		return options_fail(err, errlen,
				    "srcroute-priority given twice (%" PRIu32
				    ", then %s); give it once",
				    conf->srcroute_priority, arg);
	conf->srcroute_priority = prio;
	conf->priority_set = true;
	return 0;
}

int options_set_mode(struct ltepi_conf *conf, const char *arg, char *err,
		     size_t errlen)
{
	enum srcroute_mode mode;

	if (strcmp(arg, "address") == 0)
		mode = SRCROUTE_MODE_ADDRESS;
	else if (strcmp(arg, "connmark") == 0)
		mode = SRCROUTE_MODE_CONNMARK;
	else
		return options_fail(
		    err, errlen,
		    "srcroute-mode: '%s' is not one of: address, "
		    "connmark",
		    arg);
	if (conf->mode_set && conf->srcroute_mode != mode)
		return options_fail(
		    err, errlen,
		    "srcroute-mode given twice (%s, then %s); give it "
		    "once",
		    conf->srcroute_mode == SRCROUTE_MODE_ADDRESS ? "address"
								 : "connmark",
		    arg);
	conf->srcroute_mode = mode;
	conf->mode_set = true;
	return 0;
}

int options_set_mark(struct ltepi_conf *conf, const char *arg, char *err,
		     size_t errlen)
{
	uint32_t value, mask = LTEPI_DEFAULT_MARK_MASK;
	char buf[32];
	char *slash;

	if (strlen(arg) >= sizeof(buf))
		goto bad;
	strcpy(buf, arg);
	slash = strchr(buf, '/');
	if (slash)
		*slash = '\0';
	if (options_parse_u32(buf, true, &value) < 0 ||
	    (slash && options_parse_u32(slash + 1, true, &mask) < 0))
		goto bad;
	if (value == 0 || mask == 0)
		return options_fail(
		    err, errlen,
		    "srcroute-mark: %s: neither the mark nor the mask "
		    "may be 0",
		    arg);
	if (value & ~mask)
		return options_fail(err, errlen,
				    "srcroute-mark: %s: mark 0x%" PRIx32
				    " has bits outside the mask 0x%" PRIx32,
				    arg, value, mask);
	if (conf->mark_set &&
	    (conf->srcroute_mark != value || conf->srcroute_mark_mask != mask))
		return options_fail(err, errlen,
				    "srcroute-mark given twice (0x%" PRIx32
				    "/0x%" PRIx32 ", then %s); give it once",
				    conf->srcroute_mark,
				    conf->srcroute_mark_mask, arg);
	conf->srcroute_mark = value;
	conf->srcroute_mark_mask = mask;
	conf->mark_set = true;
	return 0;
bad:
	return options_fail(err, errlen,
			    "srcroute-mark: '%s' is not MARK[/MASK] (numbers, "
			    "decimal or 0x hex; e.g. 0x1000000/0xf000000)",
			    arg);
}

int options_set_nosrcroute(struct ltepi_conf *conf, char *err, size_t errlen)
{
	conf->nosrcroute = true;
	conf->srcroute = false;
	return 0;
}

int options_add_link_route(struct ltepi_conf *conf, const char *arg, char *err,
			   size_t errlen)
{
	char shown[PREFIX_STRLEN];
	struct ltepi_prefix p, net;

	if (prefix_parse(arg, &p) < 0)
		return options_fail(
		    err, errlen,
		    "link-route: '%s' is not an IPv4 or IPv6 prefix "
		    "(ADDRESS[/LENGTH], e.g. 8.8.8.8/32)",
		    arg);
	net = p;
	prefix_mask(&net);
	prefix_format(&net, shown, sizeof(shown));
	if (prefix_has_host_bits(&p))
		return options_fail(
		    err, errlen,
		    "link-route: '%s' has host bits set; did you mean "
		    "%s?",
		    arg, shown);
	if (p.len == 0)
		return options_fail(
		    err, errlen,
		    "link-route: %s is a default route; use pppd's "
		    "defaultroute option for that",
		    shown);
	for (size_t i = 0; i < conf->n_link_routes; i++)
		if (prefix_equal(&conf->link_routes[i], &p))
			return options_fail(err, errlen,
					    "link-route: %s is given twice",
					    shown);
	if (conf->n_link_routes == LTEPI_MAX_LINK_ROUTES)
		return options_fail(
		    err, errlen,
		    "link-route: more than %d prefixes; use a routing "
		    "table for that many",
		    LTEPI_MAX_LINK_ROUTES);
	conf->link_routes[conf->n_link_routes++] = p;
	return 0;
}

int options_set_firewall_profile(struct ltepi_conf *conf, const char *arg,
				 char *err, size_t errlen)
{
	if (!arg[0])
		return options_fail(err, errlen,
				    "firewall-profile: empty value");
	if (arg[0] != '/' && !names_profile_valid(arg))
		return options_fail(
		    err, errlen,
		    "firewall-profile: '%s' is neither a profile name "
		    "(letters, digits, '.', '_', '-'; at most 64) nor "
		    "an absolute path",
		    arg);
	if (strlen(arg) >= sizeof(conf->firewall_profile))
		return options_fail(err, errlen,
				    "firewall-profile: path too long");
	if (conf->firewall_profile[0] &&
	    strcmp(conf->firewall_profile, arg) != 0)
		return options_fail(
		    err, errlen,
		    "firewall-profile given twice (%s, then %s); give "
		    "it once",
		    conf->firewall_profile, arg);
	strcpy(conf->firewall_profile, arg);
	conf->firewall = !conf->nofirewall;
	return 0;
}

int options_set_nofirewall(struct ltepi_conf *conf, char *err, size_t errlen)
{
	conf->nofirewall = true;
	conf->firewall = false;
	return 0;
}

/* connmark default: one of 15 values in the mask's nibble, from the table. */
static uint32_t default_mark(uint32_t table)
{
	return ((table % 15) + 1) << 24;
}

int options_finish(struct ltepi_conf *conf, char *err, size_t errlen)
{
	if (!conf->srcroute_table && !conf->nosrcroute) {
		const char *orphan = conf->priority_set ? "srcroute-priority"
				     : conf->mode_set	? "srcroute-mode"
				     : conf->mark_set	? "srcroute-mark"
							: NULL;
		if (orphan)
			return options_fail(
			    err, errlen,
			    "%s has no effect without srcroute-table", orphan);
	}
	if (conf->mark_set && conf->srcroute_mode != SRCROUTE_MODE_CONNMARK)
		return options_fail(
		    err, errlen,
		    "srcroute-mark only applies with srcroute-mode "
		    "connmark");
	if (!conf->mark_set)
		conf->srcroute_mark = default_mark(conf->srcroute_table);
	return options_finish_link_check(conf, err, errlen);
}
