/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Unit tests of the firewall profile parser: every error class with its
 * exact message, line limits and line ends, the file checks (modes, owners,
 * file types, names, every directory up to / where the file really is),
 * and the structure valid profiles parse to. No privileges needed; as root
 * the ownership cases run too, and the unreadable-file case runs in a
 * child that has dropped to uid 65534.
 */
#define _GNU_SOURCE /* setresuid() */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <grp.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "profile.h"
#include "../tap.h"

static char tmpdir[256];

/* A sentinel that must survive a failed load: nothing half-done. */
static struct profile sentinel;

struct syntax_case {
	const char *text;
	int rc;
	const char *err; /* after "test:" */
};

static const struct syntax_case syntax_cases[] = {
	{ "alow tcp 22\n", -EINVAL,
	  "1: unknown keyword (expected allow, forward, policy or log) near "
	  "'alow'" },
	{ "# c\n\nallow tcpp 22\n", -EINVAL,
	  "3: expected tcp, udp, icmp or gre near 'tcpp'" },
	{ "allow\n", -EINVAL,
	  "1: expected tcp, udp, icmp or gre at end of line" },
	{ "allow tcp\n", -EINVAL,
	  "1: expected a port list (e.g. 22, 80,443 or 8000-8100) at end of "
	  "line" },
	{ "allow tcp 0\n", -EINVAL, "1: bad port (1-65535) near '0'" },
	{ "allow udp 65536\n", -EINVAL, "1: bad port (1-65535) near '65536'" },
	{ "allow tcp 022\n", -EINVAL, "1: bad port (1-65535) near '022'" },
	{ "allow tcp ssh\n", -EINVAL, "1: bad port (1-65535) near 'ssh'" },
	{ "allow tcp 80-\n", -EINVAL, "1: bad port (1-65535) near '80-'" },
	{ "allow tcp 1-2-3\n", -EINVAL, "1: bad port (1-65535) near '1-2-3'" },
	{ "allow tcp 9000-8000\n", -EINVAL,
	  "1: bad port range (low > high) near '9000-8000'" },
	{ "allow tcp 80,70-90\n", -EINVAL,
	  "1: duplicate or overlapping port near '70-90'" },
	/* with a range on the line nft merges touching items: 2,3-10 */
	{ "allow tcp 2,3-10\n", -EINVAL,
	  "1: ports 2 and 3 touch: write 2-10 (nftables would merge them) "
	  "near '2,3-10'" },
	{ "allow tcp 3-10,11\n", -EINVAL,
	  "1: ports 10 and 11 touch: write 3-11 (nftables would merge them) "
	  "near '3-10,11'" },
	{ "allow udp 80,81,1000-2000\n", -EINVAL,
	  "1: ports 80 and 81 touch: write 80-81 (nftables would merge them) "
	  "near '80,81,1000-2000'" },
	{ "allow tcp 22 from 10.0.0.0/25,10.0.0.128/25\n", -EINVAL,
	  "1: source touches another one on the line (nftables would merge "
	  "them into one range): write them as one prefix near "
	  "'10.0.0.128/25'" },
	{ "allow tcp 22 from 10.0.0.128/26,10.0.0.0/25\n", -EINVAL,
	  "1: source touches another one on the line (nftables would merge "
	  "them into one range): write them as one prefix near "
	  "'10.0.0.0/25'" },
	{ "allow tcp 22 from 2001:db8::/33,2001:db8:8000::/33\n", -EINVAL,
	  "1: source touches another one on the line (nftables would merge "
	  "them into one range): write them as one prefix near "
	  "'2001:db8:8000::/33'" },
	{ "allow tcp 80,,443\n", -EINVAL,
	  "1: empty item in port list near '80,,443'" },
	{ "allow tcp 22 from 1.2.3.0/33\n", -EINVAL,
	  "1: bad address or prefix (e.g. 203.0.113.0/24 or 2001:db8::/32) "
	  "near '1.2.3.0/33'" },
	{ "allow tcp 22 from example.com\n", -EINVAL,
	  "1: bad address or prefix (e.g. 203.0.113.0/24 or 2001:db8::/32) "
	  "near 'example.com'" },
	{ "allow tcp 22 from 203.0.113.1/24\n", -EINVAL,
	  "1: prefix has host bits set near '203.0.113.1/24'" },
	{ "allow tcp 22 from 2001:db8::1/32\n", -EINVAL,
	  "1: prefix has host bits set near '2001:db8::1/32'" },
	{ "allow tcp 22 from\n", -EINVAL,
	  "1: expected addresses or prefixes after 'from' at end of line" },
	{ "allow tcp 22 from 10.0.0.0/8 from 10.0.0.0/8\n", -EINVAL,
	  "1: duplicate 'from' near 'from'" },
	{ "allow tcp 22 from 192.0.2.7,192.0.2.7\n", -EINVAL,
	  "1: duplicate or overlapping source near '192.0.2.7'" },
	{ "allow tcp 22 from 10.0.0.0/8,2001:db8::/32,10.1.0.0/16\n", -EINVAL,
	  "1: duplicate or overlapping source near '10.1.0.0/16'" },
	{ "allow udp 53 from 2001:db8:1::/48,2001:db8::/32\n", -EINVAL,
	  "1: duplicate or overlapping source near '2001:db8::/32'" },
	{ "allow icmp from 198.51.100.0/24,0.0.0.0/0\n", -EINVAL,
	  "1: duplicate or overlapping source near '0.0.0.0/0'" },
	{ "allow tcp 22 now\n", -EINVAL, "1: trailing garbage near 'now'" },
	{ "allow icmp 22\n", -EINVAL, "1: trailing garbage near '22'" },
	{ "allow gre 1723\n", -EINVAL, "1: trailing garbage near '1723'" },
	{ "allow gre from 192.0.2.1,192.0.2.1\n", -EINVAL,
	  "1: duplicate or overlapping source near '192.0.2.1'" },
	{ "allow tcp 80 to 192.168.1.10\n", -EINVAL,
	  "1: 'to' is only valid in a forward rule near 'to'" },
	{ "forward tcp 80\n", -EINVAL,
	  "1: a forward rule needs 'to ADDRESS[/LENGTH]' at end of line" },
	{ "forward tcp 80 to\n", -EINVAL,
	  "1: expected an address or prefix after 'to' at end of line" },
	{ "forward tcp 80 to 10.0.0.1 to 10.0.0.2\n", -EINVAL,
	  "1: duplicate 'to' near 'to'" },
	{ "forward tcp 80 to 192.168.1.10 from 2001:db8::/32\n", -EINVAL,
	  "1: source is not of the 'to' address's family near '2001:db8::'" },
	{ "policy drop\npolicy reject\n", -EINVAL,
	  "2: duplicate policy (first on line 1) near 'policy'" },
	{ "policy accept\n", -EINVAL,
	  "1: expected drop or reject near 'accept'" },
	{ "policy\n", -EINVAL, "1: expected drop or reject at end of line" },
	{ "policy drop now\n", -EINVAL, "1: trailing garbage near 'now'" },
	{ "log\nlog\n", -EINVAL,
	  "2: duplicate log (first on line 1) near 'log'" },
	{ "log all\n", -EINVAL, "1: trailing garbage near 'all'" },
};

static void test_syntax_errors(void)
{
	for (size_t i = 0; i < sizeof(syntax_cases) / sizeof(*syntax_cases);
	     i++) {
		const struct syntax_case *c = &syntax_cases[i];
		struct profile *p = &sentinel;
		char err[512] = "", want[512];
		int r = profile_parse(c->text, "test", &p, err, sizeof(err));

		snprintf(want, sizeof(want), "test:%s", c->err);
		is_int(r, c->rc, c->err);
		is_str(err, want, "  exact message");
		ok(p == &sentinel, "  output untouched");
	}
}

/* Parses head + n items "ITEM<i>" (i from 1) joined by sep; returns rc. */
static int parse_generated(size_t n, const char *head, const char *item,
			   const char *sep, char *err, size_t errlen)
{
	size_t len = strlen(head) + n * (strlen(item) + 16) + 2;
	char *text = malloc(len), *s = text;
	struct profile *p = &sentinel;
	int r;

	s += sprintf(s, "%s", head);
	for (size_t i = 0; i < n; i++)
		s += sprintf(s, "%s%s%u", i ? sep : "", item,
			     (unsigned int)(i + 1));
	sprintf(s, "\n");
	r = profile_parse(text, "test", &p, err, errlen);
	if (r == 0)
		profile_free(p);
	free(text);
	return r;
}

/* What nft keeps as written is accepted. */
static void test_not_touching(void)
{
	static const char *const good[] = {
		"allow tcp 80,81\n",  /* no range: no merging */
		"allow tcp 2,4-10\n", /* a gap */
		"allow tcp 22 from 10.0.0.0/25,10.0.1.0/25\n",
		"allow tcp 22 from 10.0.0.0/24,2001:db8::/32\n",
		"allow tcp 22 from 255.255.255.255,0.0.0.0\n", /* both ends */
	};
	char err[512];

	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		struct profile *p = &sentinel;

		is_int(profile_parse(good[i], "test", &p, err, sizeof(err)), 0,
		       good[i]);
		if (p != &sentinel)
			profile_free(p);
	}
}

static void test_limits(void)
{
	char err[512], line[PROFILE_MAX_LINE + 8];
	struct profile *p = &sentinel;

	is_int(parse_generated(PROFILE_MAX_RULES, "", "allow tcp ", "\n", err,
			       sizeof(err)),
	       0, "256 rules are fine");
	is_int(parse_generated(PROFILE_MAX_RULES + 1, "", "allow tcp ", "\n",
			       err, sizeof(err)),
	       -E2BIG, "257 rules are too many");
	is_str(err, "test:257: too many rules (at most 256) near 'allow'",
	       "  exact message");
	is_int(parse_generated(PROFILE_MAX_PORTS, "allow tcp ", "", ",", err,
			       sizeof(err)),
	       0, "64 ports on a line are fine");
	is_int(parse_generated(PROFILE_MAX_PORTS + 1, "allow tcp ", "", ",",
			       err, sizeof(err)),
	       -E2BIG, "65 ports on a line are too many");
	is_str(err, "test:1: too many ports on one line (at most 64) near '65'",
	       "  exact message");
	{
		/* 10.0.0.1,10.0.0.3,...: touching ones are refused (merged) */
		char text[512];
		size_t n =
		    (size_t)snprintf(text, sizeof(text), "allow tcp 1 from ");

		for (int i = 0; i <= PROFILE_MAX_SOURCES; i++)
			n += (size_t)snprintf(text + n, sizeof(text) - n,
					      "%s10.0.0.%d", i ? "," : "",
					      2 * i + 1);
		snprintf(text + n, sizeof(text) - n, "\n");
		p = &sentinel;
		is_int(profile_parse(text, "test", &p, err, sizeof(err)),
		       -E2BIG, "17 sources are too many");
		is_str(err,
		       "test:1: too many sources (at most 16) near '10.0.0.33'",
		       "  exact message");
	}

	memset(line, 'a', sizeof(line));
	line[PROFILE_MAX_LINE] = '\0';
	is_int(profile_parse(line, "test", &p, err, sizeof(err)), -EINVAL,
	       "a 1024-byte line is too long");
	is_str(err, "test:1: line too long (at most 1023 bytes)",
	       "  exact message");
	ok(p == &sentinel, "  output untouched");
}

/*
 * "allow tcp 22 #aaa..." of exactly len bytes before end (the line feed,
 * CR LF, or nothing), after a first line, so the line number shows too.
 */
static int parse_line_of(size_t len, const char *end, char *err, size_t errlen,
			 unsigned int *rule_line)
{
	static const char head[] = "policy drop\nallow tcp 22 #";
	char text[sizeof(head) + PROFILE_MAX_LINE + 8];
	size_t body = sizeof(head) - 1 - strlen("policy drop\n");
	struct profile *p = &sentinel;
	int r;

	memcpy(text, head, sizeof(head) - 1);
	memset(text + sizeof(head) - 1, 'a', len - body);
	snprintf(text + sizeof(head) - 1 + len - body, 8, "%s", end);
	r = profile_parse(text, "test", &p, err, errlen);
	*rule_line = 0;
	if (r == 0) {
		*rule_line = p->n_rules == 1 ? p->rules[0].line : 0;
		profile_free(p);
	}
	return r;
}

static void test_line_ends(void)
{
	static const char *const ends[] = { "\n", "\r\n", "" };
	static const char *const names[] = { "LF", "CR LF", "no final LF" };
	const size_t max = PROFILE_MAX_LINE - 1;
	char err[512], msg[128];
	struct profile *p = NULL;
	unsigned int line;

	for (size_t i = 0; i < 3; i++) {
		/* A CR is a byte of the line: the limit counts it. */
		size_t longest = max - (ends[i][0] == '\r');

		snprintf(msg, sizeof(msg),
			 "%s: the longest line (%zu bytes) is accepted",
			 names[i], longest);
		is_int(parse_line_of(longest, ends[i], err, sizeof(err), &line),
		       0, msg);
		is_int(line, 2, "  as line 2");
		snprintf(msg, sizeof(msg), "%s: one byte more is refused",
			 names[i]);
		is_int(parse_line_of(longest + 1, ends[i], err, sizeof(err),
				     &line),
		       -EINVAL, msg);
		is_str(err, "test:2: line too long (at most 1023 bytes)",
		       "  exact message, with the line number");
	}

	is_int(profile_parse("# crlf\r\nallow tcp 22\r\n\r\npolicy reject\r\n"
			     "log",
			     "test", &p, err, sizeof(err)),
	       0, "CR LF lines and a last line without LF parse");
	ok(p && p->n_rules == 1 && p->rules[0].line == 2 &&
	       strcmp(p->rules[0].text, "allow tcp 22") == 0,
	   "  the rule is line 2, its text without the CR");
	ok(p && p->policy == PROFILE_POLICY_REJECT && p->policy_line == 4 &&
	       p->log && p->log_line == 5,
	   "  policy from line 4, log from the unterminated line 5");
	profile_free(p);

	p = &sentinel;
	is_int(profile_parse("allow tcp 22\r\n\r\nallow tcp 0\r\n", "test", &p,
			     err, sizeof(err)),
	       -EINVAL, "CR LF: an error on line 3");
	is_str(err, "test:3: bad port (1-65535) near '0'",
	       "  names line 3 and the token without the CR");
	is_int(profile_parse("allow tcp 22\nallow tcp 99999", "test", &p, err,
			     sizeof(err)),
	       -EINVAL, "no final LF: an error on the last line");
	is_str(err, "test:2: bad port (1-65535) near '99999'",
	       "  names line 2");
	ok(p == &sentinel, "  output untouched");
}

static void test_valid_structure(void)
{
	static const char text[] =
	    "# header\n"
	    "\n"
	    "allow   tcp 22,8000-8100   from 203.0.113.0/24,2001:db8::/32 "
	    "# trailing comment\n"
	    "allow icmp\n"
	    "\tforward udp 51820 to 192.168.1.10\n"
	    "policy reject\n"
	    "log\n"
	    "allow gre from 192.0.2.1\n";
	char err[512] = "";
	struct profile *p = NULL;
	const struct profile_rule *r;
	char addr[INET6_ADDRSTRLEN];

	is_int(profile_parse(text, "/etc/x/edge", &p, err, sizeof(err)), 0,
	       "a profile using every keyword parses");
	if (!p)
		return;
	is_str(p->name, "edge", "name is the file's base name");
	is_int(p->n_rules, 4, "four rules");
	is_int(p->policy, PROFILE_POLICY_REJECT, "policy reject");
	is_int(p->policy_line, 6, "  from line 6");
	ok(p->log && p->log_line == 7, "log from line 7");

	r = &p->rules[0];
	ok(r->line == 3 && r->kind == PROFILE_ALLOW && r->proto == PROFILE_TCP,
	   "rule 1: allow tcp, line 3");
	ok(r->n_ports == 2 && r->ports[0].low == 22 && r->ports[0].high == 22 &&
	       r->ports[1].low == 8000 && r->ports[1].high == 8100,
	   "  ports 22 and 8000-8100");
	ok(r->n_sources == 2 && r->sources[0].family == AF_INET &&
	       r->sources[0].len == 24 && r->sources[1].family == AF_INET6 &&
	       r->sources[1].len == 32,
	   "  sources v4/24 and v6/32");
	inet_ntop(AF_INET, &r->sources[0].addr, addr, sizeof(addr));
	is_str(addr, "203.0.113.0", "  v4 source address");
	is_str(r->text,
	       "allow tcp 22,8000-8100 from 203.0.113.0/24,2001:db8::/32",
	       "  text is the tokens, single-spaced, without the comment");
	ok(!r->has_dest, "  no destination");

	r = &p->rules[1];
	ok(r->kind == PROFILE_ALLOW && r->proto == PROFILE_ICMP &&
	       r->n_ports == 0 && r->n_sources == 0,
	   "rule 2: allow icmp from anywhere");

	r = &p->rules[2];
	ok(r->kind == PROFILE_FORWARD && r->proto == PROFILE_UDP &&
	       r->n_ports == 1 && r->ports[0].low == 51820,
	   "rule 3: forward udp 51820");
	inet_ntop(AF_INET, &r->dest.addr, addr, sizeof(addr));
	ok(r->has_dest && r->dest.len == 32 &&
	       strcmp(addr, "192.168.1.10") == 0,
	   "  to 192.168.1.10/32");

	r = &p->rules[3];
	ok(r->line == 8 && r->kind == PROFILE_ALLOW &&
	       r->proto == PROFILE_GRE && r->n_ports == 0 &&
	       r->n_sources == 1 && r->sources[0].len == 32,
	   "rule 4: allow gre (PPTP's tunnel) from one address, no ports");
	profile_free(p);

	p = NULL;
	is_int(profile_parse("allow tcp 22 from 10.0.0.0/9,10.192.0.0/10,::/0,"
			     "192.0.2.1,192.0.2.3\n",
			     "apart", &p, err, sizeof(err)),
	       0,
	       "sources with gaps, and ::/0 beside IPv4 ones, do not overlap");
	ok(p && p->n_rules == 1 && p->rules[0].n_sources == 5,
	   "  five sources");
	profile_free(p);

	p = NULL;
	is_int(profile_parse("", "empty", &p, err, sizeof(err)), 0,
	       "an empty profile parses");
	ok(p && p->n_rules == 0 && p->policy == PROFILE_POLICY_DROP &&
	       p->policy_line == 0 && !p->log,
	   "  to deny everything, without logging");
	profile_free(p);
	profile_free(NULL);
}

static void make_path(char *buf, size_t len, const char *name)
{
	snprintf(buf, len, "%s/%s", tmpdir, name);
}

static void write_file(const char *name, const char *text, mode_t mode)
{
	char path[PATH_MAX];
	FILE *f;

	make_path(path, sizeof(path), name);
	f = fopen(path, "w");
	if (!f || fputs(text, f) < 0 || fclose(f) != 0) {
		printf("Bail out! cannot write %s\n", path);
		exit(99);
	}
	chmod(path, mode);
}

/* Loads arg from tmpdir; checks rc and message; err holds the message. */
static void check_load(const char *arg, int rc, const char *want,
		       const char *what)
{
	struct profile *p = &sentinel;
	char err[512] = "";
	int r = profile_load(arg, tmpdir, &p, err, sizeof(err));

	is_int(r, rc, what);
	if (want)
		is_str(err, want, "  exact message");
	if (r == 0)
		profile_free(p);
	else
		ok(p == &sentinel, "  output untouched");
}

static void test_files(void)
{
	char path[PATH_MAX], want[PATH_MAX + 256];

	write_file("ssh", "allow tcp 22\n", 0644);
	write_file("web", "allow tcp 80,443\n", 0600);
	write_file("web.dpkg-old", "allow tcp 80\n", 0644);
	write_file(".hidden", "\n", 0644);
	make_path(path, sizeof(path), "sub");
	mkdir(path, 0755);

	check_load("ssh", 0, NULL, "a name resolves in the directory");
	make_path(path, sizeof(path), "ssh");
	check_load(path, 0, NULL, "an absolute path works");

	snprintf(
	    want, sizeof(want),
	    "firewall profile 'nope' not found in %s (available: ssh, web)",
	    tmpdir);
	check_load("nope", -ENOENT, want,
		   "an unknown name lists the available ones");
	snprintf(want, sizeof(want), "%s/missing: No such file or directory",
		 tmpdir);
	make_path(path, sizeof(path), "missing");
	check_load(path, -ENOENT, want, "a missing path is named");
	check_load("../ssh", -EINVAL,
		   "firewall profile '../ssh' is neither a name (letters, "
		   "digits, '.', '_', '-') nor an absolute path",
		   "a relative path is not a name");

	make_path(path, sizeof(path), "sub");
	snprintf(want, sizeof(want), "%s: is not a regular file", path);
	check_load(path, -EINVAL, want, "a directory is refused");
	make_path(path, sizeof(path), "fifo");
	mkfifo(path, 0644);
	snprintf(want, sizeof(want), "%s: is not a regular file", path);
	check_load(path, -EINVAL, want, "a FIFO is refused (without hanging)");

	write_file("gw", "allow tcp 22\n", 0664);
	make_path(path, sizeof(path), "gw");
	snprintf(want, sizeof(want),
		 "%s: is writable by group or others (mode 0664); run chmod "
		 "go-w on it",
		 path);
	check_load("gw", -EACCES, want, "a group-writable file is refused");
	write_file("ow", "allow tcp 22\n", 0602);
	make_path(path, sizeof(path), "ow");
	snprintf(want, sizeof(want),
		 "%s: is writable by group or others (mode 0602); run chmod "
		 "go-w on it",
		 path);
	check_load("ow", -EACCES, want, "a world-writable file is refused");

	write_file("nul", "allow tcp 22\n", 0644);
	make_path(path, sizeof(path), "nul");
	{
		int fd = open(path, O_WRONLY | O_APPEND);

		ok(fd >= 0 && write(fd, "\0\n", 2) == 2, "(append a NUL)");
		close(fd);
	}
	snprintf(want, sizeof(want),
		 "%s: contains a NUL byte (not a text file)", path);
	check_load("nul", -EINVAL, want, "a binary file is refused");

	write_file("bad", "allow tcp 22\nallow tcp 99999\n", 0644);
	snprintf(want, sizeof(want),
		 "%s/bad:2: bad port (1-65535) near '99999'", tmpdir);
	check_load("bad", -EINVAL, want, "syntax errors name the full path");

	chmod(tmpdir, 0777);
	snprintf(want, sizeof(want),
		 "%s: directory is writable by group or others (mode 0777); "
		 "run chmod go-w on it",
		 tmpdir);
	check_load("ssh", -EACCES, want,
		   "a world-writable directory is refused");
	chmod(tmpdir, 01777);
	check_load("ssh", 0, NULL, "unless it is sticky (like /tmp)");
	chmod(tmpdir, 0700);

	if (geteuid() == 0) {
		make_path(path, sizeof(path), "ssh");
		ok(chown(path, 1000, 0) == 0, "(chown ssh to uid 1000)");
		snprintf(want, sizeof(want),
			 "%s: is owned by uid 1000, not by root", path);
		check_load("ssh", -EACCES, want,
			   "as root, a file not owned by root is refused");
		ok(chown(path, 0, 0) == 0, "(chown ssh back)");
	}
}

static void bail(const char *what)
{
	printf("Bail out! %s: %s\n", what, strerror(errno));
	exit(99);
}

static void make_dir(const char *name, mode_t mode)
{
	char path[PATH_MAX];

	make_path(path, sizeof(path), name);
	/* chmod, not mkdir's mode: the umask must not decide. */
	if ((mkdir(path, 0700) < 0 && errno != EEXIST) ||
	    chmod(path, mode) < 0) {
		printf("Bail out! cannot make %s: %s\n", path, strerror(errno));
		exit(99);
	}
}

/* Loads tmpdir/name by its absolute path. */
static void check_load_path(const char *name, int rc, const char *want,
			    const char *what)
{
	char path[PATH_MAX];

	make_path(path, sizeof(path), name);
	check_load(path, rc, want, what);
}

/* Directories on the way to the file, where it really is (symlinks). */
static void test_directories(void)
{
	char want[3 * PATH_MAX], target[PATH_MAX], link[PATH_MAX];

	make_dir("safe", 0755);
	make_dir("open", 0777);
	write_file("open/p", "allow tcp 22\n", 0644);
	check_load_path("open/p", -EACCES, NULL,
			"a file in a world-writable directory is refused");
	make_path(target, sizeof(target), "open/p");
	make_path(link, sizeof(link), "safe/p");
	if (symlink(target, link) < 0)
		bail("symlink");
	snprintf(want, sizeof(want),
		 "%s/open: directory is writable by group or others (mode "
		 "0777); run chmod go-w on it (%s/safe/p resolves to "
		 "%s/open/p)",
		 tmpdir, tmpdir, tmpdir);
	check_load_path("safe/p", -EACCES, want,
			"a symlink from a safe directory into a world-writable "
			"one is refused, naming the real directory");
	make_path(link, sizeof(link), "via");
	if (symlink("open", link) < 0)
		bail("symlink");
	snprintf(want, sizeof(want),
		 "%s/open: directory is writable by group or others (mode "
		 "0777); run chmod go-w on it (%s/via/p resolves to "
		 "%s/open/p)",
		 tmpdir, tmpdir, tmpdir);
	check_load_path("via/p", -EACCES, want,
			"so is a path through a symlinked directory");
	make_dir("open", 0755);
	check_load_path("safe/p", 0, NULL,
			"once that directory is safe, the symlink is fine");

	make_dir("gp", 0757);
	make_dir("gp/parent", 0755);
	write_file("gp/parent/p", "allow tcp 22\n", 0644);
	snprintf(want, sizeof(want),
		 "%s/gp: directory is writable by group or others (mode "
		 "0757); run chmod go-w on it",
		 tmpdir);
	check_load_path("gp/parent/p", -EACCES, want,
			"a world-writable grandparent is refused");
	make_dir("gp", 0775);
	snprintf(want, sizeof(want),
		 "%s/gp: directory is writable by group or others (mode "
		 "0775); run chmod go-w on it",
		 tmpdir);
	check_load_path("gp/parent/p", -EACCES, want,
			"so is a group-writable one");
	make_dir("gp", 01777);
	check_load_path("gp/parent/p", 0, NULL,
			"a sticky world-writable grandparent (like /tmp) is "
			"fine");
	make_dir("sticky", 01777);
	write_file("sticky/p", "allow tcp 22\n", 0644);
	check_load_path("sticky/p", 0, NULL,
			"so is a sticky world-writable parent");

	make_dir("owned", 0755);
	write_file("owned/p", "allow tcp 22\n", 0644);
	check_load_path("owned/p", 0, NULL,
			"a directory owned by root (or us) is fine");
	if (geteuid() == 0) {
		char path[PATH_MAX];

		make_path(path, sizeof(path), "owned");
		ok(chown(path, 1000, 1000) == 0, "(chown owned to uid 1000)");
		snprintf(want, sizeof(want),
			 "%s: directory is owned by uid 1000, not by root",
			 path);
		check_load_path("owned/p", -EACCES, want,
				"a directory owned by another user is refused");
	} else {
		ok(1, "a directory owned by another user # SKIP needs root "
		      "to chown");
	}
}

/*
 * An unreadable profile: root reads everything, so as root the load runs
 * in a child that has become nobody (65534).
 */
static void test_unreadable(void)
{
	char path[PATH_MAX], want[PATH_MAX + 64], err[512] = "";
	struct profile *p = NULL;
	int pfd[2], status, r = 0;
	ssize_t n;
	pid_t pid;

	write_file("unreadable", "\n", 0);
	make_path(path, sizeof(path), "unreadable");
	snprintf(want, sizeof(want), "%s: cannot be opened: Permission denied",
		 path);
	if (geteuid() != 0) {
		check_load("unreadable", -EACCES, want,
			   "an unreadable file is refused");
		return;
	}
	chmod(tmpdir, 0755); /* nobody must reach the file to be refused */
	if (pipe(pfd) < 0 || (pid = fork()) < 0) {
		printf("Bail out! pipe/fork: %s\n", strerror(errno));
		exit(99);
	}
	if (pid == 0) {
		close(pfd[0]);
		if (setgroups(0, NULL) < 0 ||
		    setresgid(65534, 65534, 65534) < 0 ||
		    setresuid(65534, 65534, 65534) < 0)
			_exit(3);
		r = profile_load("unreadable", tmpdir, &p, err, sizeof(err));
		if (write(pfd[1], &r, sizeof(r)) != sizeof(r) ||
		    write(pfd[1], err, sizeof(err)) != sizeof(err))
			_exit(4);
		_exit(p ? 5 : 0);
	}
	close(pfd[1]);
	n = read(pfd[0], &r, sizeof(r));
	n += read(pfd[0], err, sizeof(err));
	close(pfd[0]);
	waitpid(pid, &status, 0);
	chmod(tmpdir, 0700);
	ok(n == (ssize_t)(sizeof(r) + sizeof(err)) && WIFEXITED(status) &&
	       WEXITSTATUS(status) == 0,
	   "as uid 65534 (a child of this test), load an unreadable profile");
	is_int(r, -EACCES, "an unreadable file is refused");
	is_str(err, want, "  exact message");
}

static void test_empty_dir(void)
{
	char dir[PATH_MAX + 16], want[PATH_MAX + 128], err[512];
	struct profile *p = &sentinel;

	snprintf(dir, sizeof(dir), "%s/sub", tmpdir);
	snprintf(want, sizeof(want),
		 "firewall profile 'ssh' not found in %s (no profiles "
		 "installed)",
		 dir);
	is_int(profile_load("ssh", dir, &p, err, sizeof(err)), -ENOENT,
	       "an empty directory says so");
	is_str(err, want, "  exact message");
	snprintf(dir, sizeof(dir), "%s/none", tmpdir);
	snprintf(want, sizeof(want),
		 "firewall profile 'ssh' not found in %s (cannot read the "
		 "directory: No such file or directory)",
		 dir);
	is_int(profile_load("ssh", dir, &p, err, sizeof(err)), -ENOENT,
	       "a missing directory says so");
	is_str(err, want, "  exact message");
}

static void remove_tmpdir(void)
{
	char cmd[PATH_MAX + 16];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	if (system(cmd) != 0)
		diag("could not remove %s", tmpdir);
}

int main(void)
{
	const char *base = getenv("TMPDIR");
	char real[PATH_MAX];

	snprintf(tmpdir, sizeof(tmpdir), "%s/test-profile.XXXXXX",
		 base ? base : "/tmp");
	if (!mkdtemp(tmpdir)) {
		printf("Bail out! mkdtemp: %s\n", strerror(errno));
		return 99;
	}
	/* Messages name directories where they really are. */
	if (!realpath(tmpdir, real) || strlen(real) >= sizeof(tmpdir)) {
		printf("Bail out! realpath %s: %s\n", tmpdir, strerror(errno));
		return 99;
	}
	memcpy(tmpdir, real, strlen(real) + 1);
	test_syntax_errors();
	test_not_touching();
	test_limits();
	test_line_ends();
	test_valid_structure();
	test_files();
	test_directories();
	test_unreadable();
	test_empty_dir();
	remove_tmpdir();
	return tap_done();
}
