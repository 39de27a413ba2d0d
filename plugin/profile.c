/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Firewall profile parser (see profile.h and ltepi-firewall(5)).
 *
 * The file is read whole (it is small and bounded), checked like pppd
 * checks its secrets files, and parsed line by line into a flat struct with
 * fixed per-line bounds, so that a bad file is always a precise message and
 * never a partial profile. Every check that can be made without the kernel
 * is made here (port bounds, overlapping ports and sources, address
 * families, host bits), which leaves the kernel little to reject at link-up
 * time.
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <dirent.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "log.h"
#include "profile.h"
#include "trusted.h"

/* Comments can make a file long, but not unboundedly so. */
#define PROFILE_MAX_FILE (256 * 1024)
#define MAX_TOKENS	 (PROFILE_MAX_LINE / 2)

struct parser {
	const char *file;
	unsigned int line;
	char *err;
	size_t errlen;
	struct profile *profile;
	size_t rules_cap; /* allocated length of profile->rules */
	char **tok;	  /* the current line's tokens, NULL-terminated */
};

__attribute__((format(printf, 3, 4))) static int fail(char *err, size_t errlen,
						      const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	log_debug("profile: %s", err);
	return -EINVAL;
}

/* "FILE:LINE: MESSAGE near 'TOKEN'", or "... at end of line" without one. */
__attribute__((format(printf, 3, 4))) static int
syntax_error(struct parser *ps, const char *token, const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (token)
		return fail(ps->err, ps->errlen, "%s:%u: %s near '%s'",
			    ps->file, ps->line, msg, token);
	return fail(ps->err, ps->errlen, "%s:%u: %s at end of line", ps->file,
		    ps->line, msg);
}

/* Ports: "22", "8000-8100"; strict decimal, no signs, no leading zeros. */
static int parse_port(const char *s, const char **end, uint16_t *port)
{
	unsigned long v = 0;
	const char *p = s;

	if (*p < '1' || *p > '9')
		return -EINVAL;
	while (isdigit((unsigned char)*p) && p - s < 6)
		v = v * 10 + (unsigned long)(*p++ - '0');
	if (isdigit((unsigned char)*p) || v > 65535)
		return -EINVAL;
	*port = (uint16_t)v;
	*end = p;
	return 0;
}

static bool ranges_overlap(const struct profile_port_range *a,
			   const struct profile_port_range *b)
{
	return a->low <= b->high && b->low <= a->high;
}

static int add_port_item(struct parser *ps, struct profile_rule *rule,
			 char *item)
{
	struct profile_port_range r;
	const char *end;

	if (parse_port(item, &end, &r.low) < 0)
		return syntax_error(ps, item, "bad port (1-65535)");
	r.high = r.low;
	if (*end == '-' && parse_port(end + 1, &end, &r.high) < 0)
		return syntax_error(ps, item, "bad port (1-65535)");
	if (*end)
		return syntax_error(ps, item, "bad port (1-65535)");
	if (r.low > r.high)
		return syntax_error(ps, item, "bad port range (low > high)");
	for (size_t i = 0; i < rule->n_ports; i++)
		if (ranges_overlap(&rule->ports[i], &r))
			return syntax_error(ps, item,
					    "duplicate or overlapping port");
	if (rule->n_ports == PROFILE_MAX_PORTS) {
		syntax_error(ps, item,
			     "too many ports on one line (at most %d)",
			     PROFILE_MAX_PORTS);
		return -E2BIG;
	}
	rule->ports[rule->n_ports++] = r;
	return 0;
}

/*
 * With a range on the line nft makes the ports an interval set and merges
 * items that touch ("2,3-10" lists back as "2-10"), so they are refused
 * like overlapping ones; without one the set keeps each port as it is.
 */
static int check_ports_touch(struct parser *ps, const struct profile_rule *rule,
			     const char *token)
{
	bool ranges = false;

	for (size_t i = 0; i < rule->n_ports; i++)
		ranges |= rule->ports[i].low < rule->ports[i].high;
	for (size_t i = 0; ranges && i < rule->n_ports; i++)
		for (size_t j = 0; j < rule->n_ports; j++) {
			const struct profile_port_range *a = &rule->ports[i];
			const struct profile_port_range *b = &rule->ports[j];

			if (a->high + 1 == b->low)
				return syntax_error(
				    ps, token,
				    "ports %u and %u touch: write %u-%u "
				    "(nftables would merge them)",
				    a->high, b->low, a->low, b->high);
		}
	return 0;
}

/* Comma-separated items, each handed to add(); empty items are errors. */
static int parse_list(struct parser *ps, struct profile_rule *rule,
		      const char *token, const char *what,
		      int (*add)(struct parser *, struct profile_rule *,
				 char *))
{
	char copy[PROFILE_MAX_LINE];
	char *item, *next;
	int r;

	snprintf(copy, sizeof(copy), "%s", token);
	for (item = copy; item; item = next) {
		next = strchr(item, ',');
		if (next)
			*next++ = '\0';
		if (!item[0])
			return syntax_error(ps, token, "empty item in %s list",
					    what);
		r = add(ps, rule, item);
		if (r < 0)
			return r;
	}
	return 0;
}

static int parse_prefix(struct parser *ps, const char *item,
			struct ltepi_prefix *p)
{
	if (prefix_parse(item, p) < 0)
		return syntax_error(
		    ps, item,
		    "bad address or prefix (e.g. 203.0.113.0/24 "
		    "or 2001:db8::/32)");
	if (prefix_has_host_bits(p))
		return syntax_error(ps, item, "prefix has host bits set");
	return 0;
}

static int add_source_item(struct parser *ps, struct profile_rule *rule,
			   char *item)
{
	struct ltepi_prefix p;
	int r = parse_prefix(ps, item, &p);

	if (r < 0)
		return r;
	/*
	 * nft would silently merge them into one set element, and the rule
	 * read back from the kernel would no longer say what the line says.
	 */
	for (size_t i = 0; i < rule->n_sources; i++) {
		if (prefix_overlap(&rule->sources[i], &p))
			return syntax_error(ps, item,
					    "duplicate or overlapping source");
		if (prefix_followed_by(&rule->sources[i], &p) ||
		    prefix_followed_by(&p, &rule->sources[i]))
			return syntax_error(
			    ps, item,
			    "source touches another one on the "
			    "line (nftables would merge them "
			    "into one range): write them as one "
			    "prefix");
	}
	if (rule->n_sources == PROFILE_MAX_SOURCES) {
		syntax_error(ps, item, "too many sources (at most %d)",
			     PROFILE_MAX_SOURCES);
		return -E2BIG;
	}
	rule->sources[rule->n_sources++] = p;
	return 0;
}

static int parse_proto(struct parser *ps, const char *token,
		       struct profile_rule *rule)
{
	static const char *const names[] = {
		[PROFILE_TCP] = "tcp",
		[PROFILE_UDP] = "udp",
		[PROFILE_ICMP] = "icmp",
		[PROFILE_GRE] = "gre",
	};

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (token && strcmp(token, names[i]) == 0) {
			rule->proto = (enum profile_proto)i;
			return 0;
		}
	}
	return syntax_error(ps, token, "expected tcp, udp, icmp or gre");
}

/* "from LIST" and "to PREFIX", each at most once, in either order. */
static int parse_clauses(struct parser *ps, char **tok,
			 struct profile_rule *rule)
{
	bool seen_from = false;
	int r;

	for (; *tok; tok += 2) {
		bool from = strcmp(tok[0], "from") == 0;

		if (!from && strcmp(tok[0], "to") != 0)
			return syntax_error(ps, tok[0], "trailing garbage");
		if (!from && rule->kind != PROFILE_FORWARD)
			return syntax_error(ps, tok[0],
					    "'to' is only valid in a forward "
					    "rule");
		if (from ? seen_from : rule->has_dest)
			return syntax_error(ps, tok[0], "duplicate '%s'",
					    tok[0]);
		if (!tok[1])
			return syntax_error(ps, NULL, "expected %s after '%s'",
					    from ? "addresses or prefixes"
						 : "an address or prefix",
					    tok[0]);
		if (from) {
			seen_from = true;
			r = parse_list(ps, rule, tok[1], "source",
				       add_source_item);
		} else {
			rule->has_dest = true;
			r = parse_prefix(ps, tok[1], &rule->dest);
		}
		if (r < 0)
			return r;
	}
	return 0;
}

/* A forward rule's sources must be of the family of its destination. */
static int check_families(struct parser *ps, const struct profile_rule *rule)
{
	char addr[INET6_ADDRSTRLEN];

	if (rule->kind == PROFILE_FORWARD && !rule->has_dest)
		return syntax_error(
		    ps, NULL, "a forward rule needs 'to ADDRESS[/LENGTH]'");
	for (size_t i = 0; rule->has_dest && i < rule->n_sources; i++) {
		if (rule->sources[i].family == rule->dest.family)
			continue;
		inet_ntop(rule->sources[i].family, &rule->sources[i].addr, addr,
			  sizeof(addr));
		return syntax_error(ps, addr,
				    "source is not of the 'to' address's "
				    "family");
	}
	return 0;
}

static void join_tokens(char *const *tok, char *buf, size_t len)
{
	size_t used = 0;

	buf[0] = '\0';
	for (; *tok && used < len; tok++)
		used += (size_t)snprintf(buf + used, len - used, "%s%s",
					 used ? " " : "", *tok);
}

/* allow|forward PROTO [PORTS] [from LIST] [to PREFIX] */
static int parse_rule(struct parser *ps, enum profile_rule_kind kind)
{
	struct profile *p = ps->profile;
	struct profile_rule *rule, *rules;
	char **tok = ps->tok + 1;
	int r;

	if (p->n_rules == PROFILE_MAX_RULES) {
		syntax_error(ps, ps->tok[0], "too many rules (at most %d)",
			     PROFILE_MAX_RULES);
		return -E2BIG;
	}
	if (p->n_rules == ps->rules_cap) {
		size_t cap = ps->rules_cap ? 2 * ps->rules_cap : 8;

		rules = realloc(p->rules, cap * sizeof(*rules));
		if (!rules)
			return -ENOMEM;
		p->rules = rules;
		ps->rules_cap = cap;
	}
	rule = &p->rules[p->n_rules];
	*rule = (struct profile_rule){ .line = ps->line, .kind = kind };

	r = parse_proto(ps, *tok, rule);
	if (r < 0)
		return r;
	tok++;
	if (rule->proto == PROFILE_TCP || rule->proto == PROFILE_UDP) {
		if (!*tok)
			return syntax_error(ps, NULL,
					    "expected a port list (e.g. 22, "
					    "80,443 or 8000-8100)");
		r = parse_list(ps, rule, *tok, "port", add_port_item);
		if (r == 0)
			r = check_ports_touch(ps, rule, *tok);
		tok++;
		if (r < 0)
			return r;
	}
	r = parse_clauses(ps, tok, rule);
	if (r < 0)
		return r;
	r = check_families(ps, rule);
	if (r < 0)
		return r;
	join_tokens(ps->tok, rule->text, sizeof(rule->text));
	p->n_rules++;
	return 0;
}

static int parse_policy(struct parser *ps)
{
	struct profile *p = ps->profile;
	const char *arg = ps->tok[1];

	if (p->policy_line)
		return syntax_error(ps, ps->tok[0],
				    "duplicate policy (first on line %u)",
				    p->policy_line);
	if (arg && strcmp(arg, "drop") == 0)
		p->policy = PROFILE_POLICY_DROP;
	else if (arg && strcmp(arg, "reject") == 0)
		p->policy = PROFILE_POLICY_REJECT;
	else
		return syntax_error(ps, arg, "expected drop or reject");
	if (ps->tok[2])
		return syntax_error(ps, ps->tok[2], "trailing garbage");
	p->policy_line = ps->line;
	return 0;
}

static int parse_log(struct parser *ps)
{
	struct profile *p = ps->profile;

	if (p->log_line)
		return syntax_error(ps, ps->tok[0],
				    "duplicate log (first on line %u)",
				    p->log_line);
	if (ps->tok[1])
		return syntax_error(ps, ps->tok[1], "trailing garbage");
	p->log = true;
	p->log_line = ps->line;
	return 0;
}

/* Splits line in place at blanks; '#' starts a comment anywhere. */
static void tokenize(char *line, char **tok)
{
	size_t n = 0;
	char *s;

	line[strcspn(line, "#")] = '\0';
	for (s = strtok(line, " \t\r\v\f"); s && n < MAX_TOKENS;
	     s = strtok(NULL, " \t\r\v\f"))
		tok[n++] = s;
	tok[n] = NULL;
}

static int parse_line(struct parser *ps, char *line)
{
	char *tok[MAX_TOKENS + 1];

	int r;

	tokenize(line, tok);
	ps->tok = tok;
	if (!tok[0])
		r = 0;
	else if (strcmp(tok[0], "allow") == 0)
		r = parse_rule(ps, PROFILE_ALLOW);
	else if (strcmp(tok[0], "forward") == 0)
		r = parse_rule(ps, PROFILE_FORWARD);
	else if (strcmp(tok[0], "policy") == 0)
		r = parse_policy(ps);
	else if (strcmp(tok[0], "log") == 0)
		r = parse_log(ps);
	else
		r = syntax_error(ps, tok[0],
				 "unknown keyword (expected allow, forward, "
				 "policy or log)");
	ps->tok = NULL; /* tok lives on this stack frame */
	return r;
}

static void set_name(struct profile *p, const char *file)
{
	const char *base = strrchr(file, '/');

	snprintf(p->name, sizeof(p->name), "%s", base ? base + 1 : file);
	/* It ends up inside nft comments: keep it to harmless characters. */
	for (char *c = p->name; *c; c++)
		if (!names_safe_char(*c))
			*c = '_';
}

int profile_parse(const char *text, const char *file, struct profile **out,
		  char *err, size_t errlen)
{
	struct parser ps = { .file = file, .err = err, .errlen = errlen };
	char line[PROFILE_MAX_LINE];
	const char *s = text;
	int r = -ENOMEM;

	ps.profile = calloc(1, sizeof(*ps.profile));
	if (!ps.profile)
		goto out_fail;
	set_name(ps.profile, file);
	while (*s) {
		size_t n = strcspn(s, "\n");

		ps.line++;
		if (n >= sizeof(line)) {
			r = fail(err, errlen,
				 "%s:%u: line too long (at most %zu bytes)",
				 file, ps.line, sizeof(line) - 1);
			goto out_free;
		}
		memcpy(line, s, n);
		line[n] = '\0';
		r = parse_line(&ps, line);
		if (r < 0)
			goto out_free;
		s += n + (s[n] == '\n');
	}
	*out = ps.profile;
	return 0;
out_free:
	profile_free(ps.profile);
out_fail:
	if (r == -ENOMEM)
		snprintf(err, errlen, "%s: out of memory", file);
	return r;
}

void profile_free(struct profile *profile)
{
	if (!profile)
		return;
	free(profile->rules);
	free(profile);
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* "a, b, c": the valid profile names among dir's regular files, sorted. */
static void list_names(const char *dir, char *buf, size_t len)
{
	char *names[64];
	size_t n = 0, used = 0;
	struct dirent *de;
	struct stat st;
	DIR *d = opendir(dir);

	snprintf(buf, len, "cannot read the directory: %s", strerror(errno));
	if (!d)
		return;
	while ((de = readdir(d)) && n < sizeof(names) / sizeof(names[0])) {
		/* Package managers leave NAME.dpkg-old and friends behind. */
		if (!names_profile_valid(de->d_name) ||
		    strstr(de->d_name, ".dpkg-") ||
		    fstatat(dirfd(d), de->d_name, &st, 0) < 0 ||
		    !S_ISREG(st.st_mode))
			continue;
		names[n] = strdup(de->d_name);
		if (names[n])
			n++;
	}
	closedir(d);
	qsort(names, n, sizeof(names[0]), cmp_names);
	snprintf(buf, len, "%s", n ? "available: " : "no profiles installed");
	for (size_t i = 0; i < n; i++) {
		used = strlen(buf);
		snprintf(buf + used, len - used, "%s%s", i ? ", " : "",
			 names[i]);
		free(names[i]);
	}
}

static int not_found(const char *arg, const char *dir, const char *path,
		     char *err, size_t errlen)
{
	char names[512];

	if (arg[0] == '/') {
		fail(err, errlen, "%s: %s", path, strerror(ENOENT));
		return -ENOENT;
	}
	list_names(dir, names, sizeof(names));
	fail(err, errlen, "firewall profile '%s' not found in %s (%s)", arg,
	     dir, names);
	return -ENOENT;
}

/* Reads at most PROFILE_MAX_FILE bytes into a NUL-terminated buffer. */
static int read_text(int fd, const char *path, char **text, char *err,
		     size_t errlen)
{
	char *buf = malloc(PROFILE_MAX_FILE + 1);
	size_t len = 0;
	ssize_t n;
	int r;

	if (!buf)
		return -ENOMEM;
	while ((n = read(fd, buf + len, PROFILE_MAX_FILE + 1 - len)) > 0) {
		len += (size_t)n;
		if (len > PROFILE_MAX_FILE)
			break;
	}
	if (n < 0) {
		r = -errno;
		fail(err, errlen, "%s: %s", path, strerror(-r));
		goto out_free;
	}
	r = -E2BIG;
	if (len > PROFILE_MAX_FILE) {
		fail(err, errlen, "%s: larger than %d bytes", path,
		     PROFILE_MAX_FILE);
		goto out_free;
	}
	r = -EINVAL;
	if (memchr(buf, '\0', len)) {
		fail(err, errlen, "%s: contains a NUL byte (not a text file)",
		     path);
		goto out_free;
	}
	buf[len] = '\0';
	*text = buf;
	return 0;
out_free:
	free(buf);
	return r;
}

static int resolve(const char *arg, const char *dir, char *path, size_t len,
		   char *err, size_t errlen)
{
	if (arg[0] != '/' && !names_profile_valid(arg))
		return fail(err, errlen,
			    "firewall profile '%s' is neither a name (letters, "
			    "digits, '.', '_', '-') nor an absolute path",
			    arg);
	if ((size_t)snprintf(path, len, "%s%s%s", arg[0] == '/' ? "" : dir,
			     arg[0] == '/' ? "" : "/", arg) >= len) {
		fail(err, errlen, "firewall profile '%s': path too long", arg);
		return -ENAMETOOLONG;
	}
	return 0;
}

int profile_load(const char *arg, const char *dir, struct profile **out,
		 char *err, size_t errlen)
{
	char path[PATH_MAX];
	char *text = NULL;
	int fd, r;

	if (!dir)
		dir = PROFILE_DEFAULT_DIR;
	r = resolve(arg, dir, path, sizeof(path), err, errlen);
	if (r < 0)
		return r;
	/* Only root (or we) may be able to change what the link loads. */
	fd = trusted_open(path, &(struct trusted_policy){ .ancestors = true },
			  false, err, errlen);
	if (fd == -ENOENT)
		return not_found(arg, dir, path, err, errlen);
	if (fd < 0)
		return fd;
	r = read_text(fd, path, &text, err, errlen);
	if (r < 0)
		goto out_close;
	r = profile_parse(text, path, out, err, errlen);
	free(text);
out_close:
	close(fd);
	if (r == -ENOMEM)
		snprintf(err, errlen, "%s: out of memory", path);
	return r;
}
