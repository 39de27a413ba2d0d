/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Renders a profile into one nftables table per link and loads or deletes
 * it through libnftables (see firewall.h).
 *
 * Everything is text: the rendered script is what a human can read with
 * "ltepi-firewall render", what the kernel receives, and what the unit
 * tests compare, so there is one representation to trust. The first apply
 * transaction starts with "table X; delete table X;" which makes it both
 * work on a fresh system and atomically replace an unowned table left
 * behind (by an older ltepi, or on a kernel without the owner flag);
 * replacing a table the context owns starts with the delete alone (nft.h,
 * NFT_REPLACE_OWN). libnftables sends the whole script as one netlink batch
 * and the kernel commits all of it or nothing. An owned table loaded again
 * from the same script (a redial) is replayed from what the kernel made of
 * the first load instead of compiled again (nft.h, nft_load_owned()).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "firewall-portset.h"
#include "firewall.h"
#include "log.h"
#include "names.h"

#define TABLE_NAME_MAX (sizeof(FIREWALL_TABLE_PREFIX) + 16)
/* libnftnl refuses longer comments (NFTNL_UDATA_COMMENT_MAXLEN 128). */
#define COMMENT_MAX 127

/*
 * Traffic no profile can refuse; see ltepi-firewall(5) for the reasons.
 *
 * "invalid" comes first: conntrack gives an ICMP error that matches no
 * connection no state (invalid), and one that does the state "related", so
 * the second rule accepts exactly the errors about real connections (path
 * MTU discovery among them) and the first drops spoofed ones. Router and
 * neighbour advertisements and solicitations are "untracked", not invalid
 * (noct_valid_new in the kernel's nf_conntrack_proto_icmpv6.c), so IPv6
 * autoconfiguration passes the first rule and is accepted by the third.
 */
static const char *const always_in[] = {
	"ct state invalid drop comment \"always: invalid, and ICMP errors "
	"about no connection\"",
	"ct state established,related accept comment \"always: replies, and "
	"ICMP errors about them (PMTU)\"",
	"icmpv6 type { nd-router-advert, nd-neighbor-solicit, "
	"nd-neighbor-advert } ip6 hoplimit 255 accept "
	"comment \"always: IPv6 autoconfiguration\"",
	"ip6 saddr fe80::/10 udp sport 547 udp dport 546 accept "
	"comment \"always: DHCPv6 replies\"",
	NULL,
};

static const char *const always_forward[] = {
	"ct state invalid drop comment \"always: invalid, and ICMP errors "
	"about no connection\"",
	"ct state established,related accept comment \"always: replies, and "
	"ICMP errors about them (PMTU)\"",
	NULL,
};

static int table_name(const char *ifname, char *buf, size_t len)
{
	if (!names_ifname_valid(ifname))
		return -EINVAL;
	snprintf(buf, len, FIREWALL_TABLE_PREFIX "%s", ifname);
	return 0;
}

static void put_prefix(FILE *f, const struct ltepi_prefix *p)
{
	char text[PREFIX_STRLEN];

	fputs(prefix_format_short(p, text, sizeof(text)), f);
}

static const char *family_keyword(int family)
{
	return family == AF_INET ? "ip" : "ip6";
}

/* "ip saddr 192.0.2.0/24 " or "ip6 saddr { a, b } ": family's only. */
static void put_sources(FILE *f, const struct profile_rule *rule, int family)
{
	size_t n = 0, i;
	bool set;

	for (i = 0; i < rule->n_sources; i++)
		n += rule->sources[i].family == family;
	if (!n)
		return;
	set = n > 1;
	fprintf(f, "%s saddr %s", family_keyword(family), set ? "{ " : "");
	for (i = 0; i < rule->n_sources; i++) {
		if (rule->sources[i].family != family)
			continue;
		put_prefix(f, &rule->sources[i]);
		if (--n)
			fputs(", ", f);
	}
	fputs(set ? " } " : " ", f);
}

static void put_ports(FILE *f, const struct profile_rule *rule)
{
	bool set = rule->n_ports > 1;

	fprintf(f, "%s dport %s", rule->proto == PROFILE_TCP ? "tcp" : "udp",
		set ? "{ " : "");
	for (size_t i = 0; i < rule->n_ports; i++) {
		const struct profile_port_range *r = &rule->ports[i];

		fprintf(f, "%s%u", i ? ", " : "", r->low);
		if (r->high != r->low)
			fprintf(f, "-%u", r->high);
	}
	fputs(set ? " } " : " ", f);
}

/*
 * "PROFILE:LINE TEXT" (line 0: a default, "PROFILE: TEXT (default)"), cut
 * to what libnftnl accepts.
 */
static const char *format_comment(char buf[COMMENT_MAX + 1],
				  const char *profile, unsigned int line,
				  const char *text)
{
	int n = line ? snprintf(buf, COMMENT_MAX + 1, "%s:%u %s", profile, line,
				text)
		     : snprintf(buf, COMMENT_MAX + 1, "%s: %s (default)",
				profile, text);

	if (n > COMMENT_MAX)
		memcpy(buf + COMMENT_MAX - 3, "...", 3);
	return buf;
}

static void put_comment(FILE *f, const char *profile, unsigned int line,
			const char *text)
{
	char buf[COMMENT_MAX + 1];

	fprintf(f, " comment \"%s\"\n",
		format_comment(buf, profile, line, text));
}

static const char *proto_keyword(enum profile_proto proto)
{
	return proto == PROFILE_TCP ? "tcp" : "udp";
}

/*
 * The set of a protocol's port lines (firewall-portset.h): one element per
 * port or range, with the comment its own rule would have had.
 */
static void put_portset(FILE *f, const struct profile *profile,
			enum profile_proto proto)
{
	const char *sep = "";
	char buf[COMMENT_MAX + 1];

	fprintf(f, "\tset allow_%s {\n\t\ttype inet_service\n",
		proto_keyword(proto));
	if (portset_has_range(profile, proto))
		fputs("\t\tflags interval\n", f);
	fputs("\t\telements = {", f);
	for (size_t i = 0; i < profile->n_rules; i++) {
		const struct profile_rule *r = &profile->rules[i];

		for (size_t j = 0; portset_line(r, proto) && j < r->n_ports;
		     j++) {
			fprintf(f, "%s\n\t\t\t%u", sep, r->ports[j].low);
			if (r->ports[j].high != r->ports[j].low)
				fprintf(f, "-%u", r->ports[j].high);
			fprintf(f, " comment \"%s\"",
				format_comment(buf, profile->name, r->line,
					       r->text));
			sep = ",";
		}
	}
	fputs("\n\t\t}\n\t}\n\n", f);
}

static void put_portsets(FILE *f, const struct profile *profile)
{
	if (portset_wanted(profile, PROFILE_TCP))
		put_portset(f, profile, PROFILE_TCP);
	if (portset_wanted(profile, PROFILE_UDP))
		put_portset(f, profile, PROFILE_UDP);
}

/* The one rule matching a protocol's set, where its first line was. */
static void put_portset_rule(FILE *f, const struct profile *profile,
			     enum profile_proto proto)
{
	char text[COMMENT_MAX + 1];
	size_t n = 0;

	for (size_t i = 0; i < profile->n_rules; i++)
		n += portset_line(&profile->rules[i], proto);
	/* the profile's name is at most PROFILE_MAX_NAME: this fits */
	snprintf(text, sizeof(text), "%s: %zu 'allow %s' lines, set allow_%s",
		 profile->name, n, proto_keyword(proto), proto_keyword(proto));
	fprintf(f, "\t\t%s dport @allow_%s accept comment \"%s\"\n",
		proto_keyword(proto), proto_keyword(proto), text);
}

/* One nft rule of a profile rule, limited to family (AF_UNSPEC: both). */
static void put_rule_family(FILE *f, const struct profile *profile,
			    const struct profile_rule *rule, int family)
{
	fputs("\t\t", f);
	if (family != AF_UNSPEC)
		put_sources(f, rule, family);
	if (rule->has_dest) {
		fprintf(f, "%s daddr ", family_keyword(family));
		put_prefix(f, &rule->dest);
		fputc(' ', f);
	}
	if (rule->proto == PROFILE_ICMP)
		fprintf(f, "%s type echo-request ",
			family == AF_INET ? "icmp" : "icmpv6");
	else if (rule->proto == PROFILE_GRE)
		fputs("meta l4proto gre ", f);
	else
		put_ports(f, rule);
	fputs("accept", f);
	put_comment(f, profile->name, rule->line, rule->text);
}

static bool has_source_family(const struct profile_rule *rule, int family)
{
	for (size_t i = 0; i < rule->n_sources; i++)
		if (rule->sources[i].family == family)
			return true;
	return false;
}

/*
 * nft matches one family per expression: a rule with sources of both
 * families, or an icmp rule for both, becomes one nft rule per family.
 */
static void put_rule(FILE *f, const struct profile *profile,
		     const struct profile_rule *rule)
{
	static const int families[] = { AF_INET, AF_INET6 };

	if (!rule->n_sources && !rule->has_dest &&
	    rule->proto != PROFILE_ICMP) {
		put_rule_family(f, profile, rule, AF_UNSPEC);
		return;
	}
	for (size_t i = 0; i < 2; i++) {
		int family = families[i];
		bool wanted = rule->n_sources ? has_source_family(rule, family)
					      : !rule->has_dest ||
						    rule->dest.family == family;

		if (wanted)
			put_rule_family(f, profile, rule, family);
	}
}

static void put_verdict(FILE *f, const struct profile *profile,
			const char *ifname, const char *dir)
{
	bool drop = profile->policy == PROFILE_POLICY_DROP;
	char text[32];

	snprintf(text, sizeof(text), "policy %s", drop ? "drop" : "reject");
	/* The prefix says what the next rules do to the logged packet. */
	if (profile->log) {
		fprintf(f,
			"\t\tlimit rate 3/minute burst 10 packets log prefix "
			"\"ltepi-fw %s %s %s: \"",
			ifname, dir, drop ? "drop" : "reject");
		put_comment(f, profile->name, profile->log_line, "log");
	}
	/* The named counter is what ltepi status and the metrics read. */
	if (drop) {
		fputs("\t\tcounter name \"" FIREWALL_REFUSED_COUNTER "\" drop",
		      f);
	} else {
		fputs("\t\tmeta l4proto tcp counter name "
		      "\"" FIREWALL_REFUSED_COUNTER "\" reject with tcp reset",
		      f);
		put_comment(f, profile->name, profile->policy_line, text);
		fputs("\t\tcounter name \"" FIREWALL_REFUSED_COUNTER
		      "\" reject with icmpx type admin-prohibited",
		      f);
	}
	put_comment(f, profile->name, profile->policy_line, text);
}

static void put_link_chain(FILE *f, const struct profile *profile,
			   const char *ifname, enum profile_rule_kind kind)
{
	const char *const *always =
	    kind == PROFILE_ALLOW ? always_in : always_forward;
	bool set[2] = { portset_wanted(profile, PROFILE_TCP),
			portset_wanted(profile, PROFILE_UDP) };
	bool done[2] = { false, false };

	fprintf(f, "\tchain %s {\n",
		kind == PROFILE_ALLOW ? "link_in" : "link_forward");
	for (; *always; always++)
		fprintf(f, "\t\t%s\n", *always);
	for (size_t i = 0; i < profile->n_rules; i++) {
		const struct profile_rule *r = &profile->rules[i];
		int p = r->proto == PROFILE_UDP;

		if (r->kind != kind)
			continue;
		if (r->proto == PROFILE_ICMP || !set[p] ||
		    !portset_line(r, r->proto))
			put_rule(f, profile, r);
		else if (!done[p]) {
			put_portset_rule(f, profile, r->proto);
			done[p] = true;
		}
	}
	put_verdict(f, profile, ifname, kind == PROFILE_ALLOW ? "in" : "fwd");
	fputs("\t}\n", f);
}

static void put_base_chain(FILE *f, const char *hook, const char *ifname,
			   const char *target)
{
	fprintf(f,
		"\tchain %s {\n"
		"\t\ttype filter hook %s priority filter - 10; policy accept;\n"
		"\t\tiifname \"%s\" jump %s\n"
		"\t}\n",
		hook, hook, ifname, target);
}

/* What makes the load replace any table of that name (see firewall.h). */
static void put_prologue(FILE *f, const char *table, unsigned int flags)
{
	if (!(flags & NFT_REPLACE_OWN))
		fprintf(f, "table inet %s\n", table);
	fprintf(f, "delete table inet %s\ntable inet %s {\n", table, table);
	if (flags & NFT_OWNED)
		fputs("\tflags owner\n\n", f);
	fputs("\tcounter " FIREWALL_REFUSED_COUNTER " {\n\t}\n\n", f);
}

int firewall_render(const struct profile *profile, const char *ifname,
		    unsigned int flags, char **script)
{
	char table[TABLE_NAME_MAX];
	char *buf = NULL;
	size_t len = 0;
	FILE *f;

	if (table_name(ifname, table, sizeof(table)) < 0 ||
	    (flags & ~(NFT_OWNED | NFT_REPLACE_OWN)))
		return -EINVAL;
	f = open_memstream(&buf, &len);
	if (!f)
		return -ENOMEM;
	fprintf(f,
		"# ltepi firewall for %s from profile %s; ltepi-firewall(5)\n",
		ifname, profile->name);
	put_prologue(f, table, flags);
	put_portsets(f, profile);
	put_base_chain(f, "input", ifname, "link_in");
	fputc('\n', f);
	put_base_chain(f, "forward", ifname, "link_forward");
	fputc('\n', f);
	put_link_chain(f, profile, ifname, PROFILE_ALLOW);
	fputc('\n', f);
	put_link_chain(f, profile, ifname, PROFILE_FORWARD);
	fputs("}\n", f);
	if (ferror(f) | fclose(f)) {
		free(buf);
		return -ENOMEM;
	}
	*script = buf;
	return 0;
}

int firewall_check_ifname(const char *ifname, char *err, size_t errlen)
{
	if (names_ifname_valid(ifname))
		return 0;
	snprintf(err, errlen,
		 "interface name '%s' cannot name a firewall table (1-15 "
		 "letters, digits, '_', '.', '-')",
		 ifname);
	return -EINVAL;
}

/* libnftables' first line; the rest is the script line and a caret. */
static void load_failed(const char *ifname, char *msg, char *err, size_t errlen)
{
	msg[strcspn(msg, "\n")] = '\0';
	snprintf(err, errlen, "%s: loading the firewall failed: %s", ifname,
		 msg);
	log_debug("firewall: %s", err);
}

int firewall_apply_script(struct nft *nft, const char *ifname,
			  const char *script, char *err, size_t errlen)
{
	char msg[512];
	int r;

	r = firewall_check_ifname(ifname, err, errlen);
	if (r < 0)
		return r;
	r = nft_run(nft, script, msg, sizeof(msg));
	if (r < 0)
		load_failed(ifname, msg, err, errlen);
	return r;
}

/*
 * An owned table is loaded through nft_load_owned(), keyed by the script
 * that replaces it (the same profile gives the same key whichever prologue
 * this load has), so that a redial replays what the first link-up compiled.
 */
static int load_owned(struct nft *nft, const char *ifname,
		      const struct profile *profile, unsigned int flags,
		      const char *script, char *err, size_t errlen)
{
	char table[TABLE_NAME_MAX], msg[512];
	char *key = NULL;
	int r = table_name(ifname, table, sizeof(table));

	if (r == 0 && !(flags & NFT_REPLACE_OWN))
		r = firewall_render(profile, ifname, flags | NFT_REPLACE_OWN,
				    &key);
	if (r < 0) {
		snprintf(err, errlen, "%s: rendering the firewall: %s", ifname,
			 strerror(-r));
		return r;
	}
	r = nft_load_owned(nft, table, key ? key : script, script, flags, msg,
			   sizeof(msg));
	free(key);
	if (r < 0)
		load_failed(ifname, msg, err, errlen);
	return r;
}

int firewall_apply(struct nft *nft, const char *ifname,
		   const struct profile *profile, unsigned int flags, char *err,
		   size_t errlen)
{
	char *script = NULL;
	int r = firewall_render(profile, ifname, flags, &script);

	if (r == -EINVAL && firewall_check_ifname(ifname, err, errlen) < 0)
		return r;
	if (r < 0) {
		snprintf(err, errlen, "%s: rendering the firewall: %s", ifname,
			 strerror(-r));
		return r;
	}
	if (flags & NFT_OWNED)
		r = load_owned(nft, ifname, profile, flags, script, err,
			       errlen);
	else
		r = firewall_apply_script(nft, ifname, script, err, errlen);
	free(script);
	return r;
}

int firewall_remove(struct nft *nft, const char *ifname, unsigned int flags,
		    char *err, size_t errlen)
{
	char table[TABLE_NAME_MAX], script[3 * TABLE_NAME_MAX + 64], msg[512];
	int r;

	if (table_name(ifname, table, sizeof(table)) < 0)
		return firewall_check_ifname(ifname, err, errlen);
	if (flags & NFT_REPLACE_OWN)
		snprintf(script, sizeof(script), "delete table inet %s\n",
			 table);
	else /* declaring it first makes the delete succeed when absent */
		snprintf(script, sizeof(script),
			 "table inet %s\ndelete table inet %s\n", table, table);
	r = nft_run(nft, script, msg, sizeof(msg));
	if (r < 0)
		snprintf(err, errlen, "%s: removing the firewall failed: %s",
			 ifname, msg);
	return r;
}

int firewall_exists(struct nft *nft, const char *ifname, char *err,
		    size_t errlen)
{
	char table[TABLE_NAME_MAX], line[TABLE_NAME_MAX + 16], msg[512];
	const char *out, *s;
	size_t n;
	int r;

	if (table_name(ifname, table, sizeof(table)) < 0)
		return firewall_check_ifname(ifname, err, errlen);
	r = nft_query(nft, "list tables inet", &out, msg, sizeof(msg));
	if (r < 0) {
		snprintf(err, errlen, "%s: listing nftables tables: %s", ifname,
			 msg);
		return r;
	}
	n = (size_t)snprintf(line, sizeof(line), "table inet %s", table);
	for (s = out; s && *s; s = strchr(s, '\n'), s = s ? s + 1 : NULL)
		if (strncmp(s, line, n) == 0 && (s[n] == '\n' || !s[n]))
			return 1;
	return 0;
}

int firewall_parse_counter(const char *listing, uint64_t *packets)
{
	const char *p = listing ? strstr(listing, "packets ") : NULL;
	uint64_t v = 0;

	if (!p)
		return -EINVAL;
	p += strlen("packets ");
	if (*p < '0' || *p > '9')
		return -EINVAL;
	for (; *p >= '0' && *p <= '9'; p++) {
		if (v > (UINT64_MAX - (uint64_t)(*p - '0')) / 10)
			return -ERANGE;
		v = v * 10 + (uint64_t)(*p - '0');
	}
	*packets = v;
	return 0;
}

int firewall_refused(struct nft *nft, const char *ifname, uint64_t *packets,
		     char *err, size_t errlen)
{
	char table[TABLE_NAME_MAX], cmd[128];
	const char *out = NULL;
	int r;

	if (table_name(ifname, table, sizeof(table)) < 0)
		return -EINVAL;
	snprintf(cmd, sizeof(cmd), "list counter inet %s %s", table,
		 FIREWALL_REFUSED_COUNTER);
	r = nft_query(nft, cmd, &out, err, errlen);
	if (r < 0)
		return r;
	r = firewall_parse_counter(out, packets);
	if (r < 0)
		snprintf(err, errlen, "%s: no packet count in nft's answer",
			 cmd);
	return r;
}
