/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A replayed load (nft.h, nft_load_owned(); nft-replay.h) against the real
 * kernel, in a network namespace of its own: for every profile of a corpus
 * that uses every kind of rule the renderer writes (port sets with and
 * without ranges, source and destination prefixes of both families, icmp,
 * gre, forward rules, log, reject), the table the kernel holds after a
 * replay lists exactly as after libnftables compiled the script; the
 * refused counter starts again at zero as a compiled one does; a replay
 * the kernel refuses changes nothing and the script's own error is what the
 * caller sees; an unowned table is never replayed. Root only.
 */
#define _GNU_SOURCE /* unshare() */
#include <errno.h>
#include <netinet/in.h>
#include <netinet/ip.h>
#include <netinet/ip_icmp.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../tap.h"
#include "firewall.h"
#include "ns.h"
#include "profile.h"

static struct nft *nft; /* another context: reads, like nft(8) would */

static struct profile *parse(const char *name, const char *text)
{
	struct profile *p = NULL;
	char err[512];

	if (profile_parse(text, name, &p, err, sizeof(err)) < 0) {
		printf("Bail out! profile %s: %s\n", name, err);
		exit(99);
	}
	return p;
}

static struct profile *load(const char *dir, const char *name)
{
	static char text[1 << 16];
	char path[512];
	size_t n;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "r");
	if (!f) {
		printf("Bail out! cannot open %s\n", path);
		exit(99);
	}
	n = fread(text, 1, sizeof(text) - 1, f);
	fclose(f);
	text[n] = '\0';
	return parse(name, text);
}

static char *listing(void)
{
	const char *out = "";
	char err[512];

	if (nft_query(nft, "list table inet ltepi-fw-ppp0", &out, err,
		      sizeof(err)) < 0)
		out = "";
	return strdup(out);
}

/* One profile: compiled, then replaced twice by replays. */
static void check_profile(const struct profile *p)
{
	struct nft *own = nft_new();
	char err[512] = "";
	char *compiled, *replayed;

	if (!own)
		bail("nft_new");
	ok(firewall_apply(own, "ppp0", p, NFT_OWNED, err, sizeof(err)) == 0,
	   "%s: first load, compiled %s", p->name, err);
	is_int((int)nft_replays(own), 0, "  nothing replayed yet");
	compiled = listing();
	ok(strstr(compiled, "flags owner") != NULL, "  owned");
	for (int i = 1; i <= 2; i++) {
		ok(firewall_apply(own, "ppp0", p, NFT_OWNED | NFT_REPLACE_OWN,
				  err, sizeof(err)) == 0,
		   "  load %d over its own table %s", i + 1, err);
		ok((int)nft_replays(own) == i, "  replayed");
		replayed = listing();
		ok(replayed[0] && strcmp(compiled, replayed) == 0,
		   "  the kernel lists the same table");
		if (strcmp(compiled, replayed) != 0)
			diag("compiled:\n%s\nreplayed:\n%s", compiled,
			     replayed);
		free(replayed);
	}
	free(compiled);
	nft_free(own);
}

static unsigned short csum(const void *data, size_t len)
{
	const unsigned char *b = data;
	unsigned long sum = 0;

	for (size_t i = 0; i + 1 < len; i += 2)
		sum += (unsigned long)(b[i] << 8 | b[i + 1]);
	if (len & 1)
		sum += (unsigned long)b[len - 1] << 8;
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return htons((unsigned short)~sum);
}

/* An echo request from 192.0.2.2 arriving on ppp0 (a tun device). */
static void ping_in(int tun, int id)
{
	struct {
		struct iphdr ip;
		struct icmphdr icmp;
	} pkt = { 0 };

	pkt.ip.version = 4;
	pkt.ip.ihl = 5;
	pkt.ip.ttl = 64;
	pkt.ip.protocol = IPPROTO_ICMP;
	pkt.ip.tot_len = htons(sizeof(pkt));
	pkt.ip.saddr = htonl(0xc0000202);
	pkt.ip.daddr = htonl(0xc0000201);
	pkt.ip.check = csum(&pkt.ip, sizeof(pkt.ip));
	pkt.icmp.type = ICMP_ECHO;
	pkt.icmp.un.echo.id = htons((unsigned short)id);
	pkt.icmp.checksum = csum(&pkt.icmp, sizeof(pkt.icmp));
	if (write(tun, &pkt, sizeof(pkt)) != (ssize_t)sizeof(pkt))
		bail("write to tun");
}

static uint64_t refused(void)
{
	uint64_t n = 0;
	char err[512];

	if (firewall_refused(nft, "ppp0", &n, err, sizeof(err)) < 0)
		diag("refused: %s", err);
	return n;
}

/* The refused counter is the kernel's: a replay starts it at zero. */
static void check_counter(const struct profile *deny)
{
	struct nft *own = nft_new();
	int tun = tun_open("ppp0");
	char err[512];

	if (!own)
		bail("nft_new");
	sh("ip addr add 192.0.2.1/24 dev ppp0");
	is_int(firewall_apply(own, "ppp0", deny, NFT_OWNED, err, sizeof(err)),
	       0, "counter: deny-all loaded");
	ping_in(tun, 1);
	ping_in(tun, 2);
	is_int((int)refused(), 2, "  two pings refused and counted");
	is_int(firewall_apply(own, "ppp0", deny, NFT_OWNED | NFT_REPLACE_OWN,
			      err, sizeof(err)),
	       0, "  replayed");
	is_int((int)nft_replays(own), 1, "  (a replay)");
	is_int((int)refused(), 0, "  the new table's counter is at zero");
	ping_in(tun, 3);
	is_int((int)refused(), 1, "  and counts the next ping");
	nft_free(own);
	close(tun);
}

/* A refused replay: the script's error, nothing changed, no kept table. */
static void check_refused(const struct profile *ssh, const struct profile *web)
{
	struct nft *own = nft_new();
	char err[512] = "", *before, *after;

	if (!own)
		bail("nft_new");
	is_int(firewall_apply(own, "ppp0", ssh, NFT_OWNED, err, sizeof(err)), 0,
	       "refused: ssh loaded");
	before = listing();
	is_int(firewall_apply(own, "ppp0", ssh, NFT_OWNED, err, sizeof(err)),
	       -EOPNOTSUPP,
	       "  the declare-first prologue cannot touch the owned table, "
	       "replayed or compiled");
	is_int((int)nft_replays(own), 0, "  no replay counted");
	ok(strstr(err, "loading the firewall failed") != NULL,
	   "  the error is the script's: %s", err);
	after = listing();
	ok(strcmp(before, after) == 0, "  the table is as it was");
	free(after);
	is_int(firewall_apply(own, "ppp0", ssh, NFT_OWNED | NFT_REPLACE_OWN,
			      err, sizeof(err)),
	       0, "  loading it as its owner works");
	is_int((int)nft_replays(own), 0,
	       "  compiled: the refused replay was forgotten");
	is_int(firewall_apply(own, "ppp0", ssh, NFT_OWNED | NFT_REPLACE_OWN,
			      err, sizeof(err)),
	       0, "  and again");
	is_int((int)nft_replays(own), 1, "  replayed");
	is_int(firewall_apply(own, "ppp0", web, NFT_OWNED | NFT_REPLACE_OWN,
			      err, sizeof(err)),
	       0, "  another profile");
	is_int((int)nft_replays(own), 1, "  is compiled");
	after = listing();
	ok(strstr(after, "web:") && !strstr(after, "ssh:"), "  and loaded");
	free(after);
	is_int(firewall_remove(own, "ppp0", NFT_REPLACE_OWN, err, sizeof(err)),
	       0, "  removed");
	is_int(firewall_apply(own, "ppp0", web, NFT_OWNED | NFT_REPLACE_OWN,
			      err, sizeof(err)),
	       -EIO, "  a replace of a table that is gone fails");
	is_int(firewall_exists(nft, "ppp0", err, sizeof(err)), 0,
	       "  and creates nothing");
	is_int(firewall_apply(own, "ppp0", web, NFT_OWNED, err, sizeof(err)), 0,
	       "  declared first, it loads again");
	free(before);
	nft_free(own);
	is_int(firewall_exists(nft, "ppp0", err, sizeof(err)), 0,
	       "  and goes with its owner");
}

static void check_unowned(const struct profile *ssh)
{
	char err[512];

	is_int(firewall_apply(nft, "ppp0", ssh, 0, err, sizeof(err)), 0,
	       "unowned: loaded");
	is_int(firewall_apply(nft, "ppp0", ssh, 0, err, sizeof(err)), 0,
	       "  loaded again");
	is_int((int)nft_replays(nft), 0, "  never replayed");
	is_int(firewall_remove(nft, "ppp0", 0, err, sizeof(err)), 0,
	       "  removed");
}

static const char port200_head[] = "# 200 ports, as bench/firewall-apply.sh\n";

static struct profile *port200(void)
{
	static char text[8192];
	size_t n = 0;

	n += (size_t)snprintf(text, sizeof(text), "%s", port200_head);
	for (int i = 0; i < 200; i++)
		n += (size_t)snprintf(text + n, sizeof(text) - n,
				      "allow tcp %d\n", 10000 + 3 * i);
	return parse("port200", text);
}

int main(void)
{
	static const char *const shipped[] = { "deny-all", "ssh", "web" };
	static const char *const golden[] = { "edge", "ports" };
	struct profile *p, *ssh, *web;

	if (geteuid() != 0)
		skip_all("needs root to create a network namespace");
	if (unshare(CLONE_NEWNET) < 0)
		skip_all("unshare(CLONE_NEWNET): %s", strerror(errno));
	sh("ip link set lo up");
	nft = nft_new();
	if (!nft)
		bail("nft_new");
	for (size_t i = 0; i < 3; i++) {
		p = load(EXAMPLES_DIR, shipped[i]);
		check_profile(p);
		profile_free(p);
	}
	for (size_t i = 0; i < 2; i++) {
		p = load(GOLDEN_DIR, golden[i]);
		check_profile(p);
		profile_free(p);
	}
	p = port200();
	check_profile(p);
	profile_free(p);
	p = parse(
	    "mixed",
	    "allow udp 500,4500\nallow udp 1194\n"
	    "allow udp 5060-5061\nallow udp 10000-20000\n"
	    "allow udp 53\nallow udp 123\nallow udp 161\n"
	    "allow udp 3478\nallow gre from 198.51.100.0/24\n"
	    "forward gre to 192.168.1.20\nforward tcp 8080 to 2001:db8::10 "
	    "from 2001:db8:1::/48,2001:db8:2::9\n"
	    "log\npolicy drop\n");
	check_profile(p);
	profile_free(p);
	p = parse("none", "policy drop\n");
	check_counter(p);
	profile_free(p);
	ssh = load(EXAMPLES_DIR, "ssh");
	web = load(EXAMPLES_DIR, "web");
	check_refused(ssh, web);
	check_unowned(ssh);
	profile_free(ssh);
	profile_free(web);
	nft_free(nft);
	return tap_done();
}
