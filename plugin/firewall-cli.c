/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * ltepi-firewall: the firewall module from a shell, for humans checking a
 * profile before they use it and for bench/firewall-apply.sh.
 *
 *	ltepi-firewall [-d DIR] check PROFILE
 *	ltepi-firewall [-d DIR] render PROFILE IFNAME
 *	ltepi-firewall [-d DIR] apply PROFILE IFNAME
 *	ltepi-firewall remove IFNAME
 *	ltepi-firewall [-d DIR] [-c] bench PROFILE IFNAME RUNS
 *
 * bench applies the profile RUNS times in this process, as the plugin does
 * in one pppd (the table owned by the process, so it goes when the command
 * exits; every apply after the first replaces it, and replays what the
 * first compiled: nft.h, nft_load_owned()), and prints each run's wall
 * time in microseconds, one per line. -c compiles every apply with
 * libnftables instead. Exit status: 0 success, 1 failure (the reason on
 * stderr), 2 usage.
 */
#include <errno.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "firewall.h"
#include "options.h"
#include "profile.h"

static int usage(void)
{
	fputs("usage: ltepi-firewall [-d DIR] check PROFILE\n"
	      "       ltepi-firewall [-d DIR] render PROFILE IFNAME\n"
	      "       ltepi-firewall [-d DIR] apply PROFILE IFNAME\n"
	      "       ltepi-firewall remove IFNAME\n"
	      "       ltepi-firewall [-d DIR] [-c] bench PROFILE IFNAME RUNS\n",
	      stderr);
	return 2;
}

static int failed(const char *err)
{
	fprintf(stderr, "ltepi-firewall: %s\n", err);
	return 1;
}

static int cmd_check(const struct profile *p)
{
	printf("%s: %zu rules, policy %s%s\n", p->name, p->n_rules,
	       p->policy == PROFILE_POLICY_DROP ? "drop" : "reject",
	       p->log ? ", log" : "");
	return 0;
}

static int cmd_render(const struct profile *p, const char *ifname)
{
	char *script = NULL;
	int r = firewall_render(p, ifname, 0, &script);

	if (r < 0) {
		fprintf(stderr, "ltepi-firewall: rendering for %s: %s\n",
			ifname, strerror(-r));
		return 1;
	}
	fputs(script, stdout);
	free(script);
	return 0;
}

static bool compile_always;

/*
 * runs 0 means apply once, unowned (the table stays after the command),
 * and print nothing.
 */
static int cmd_apply(const struct profile *p, const char *ifname, long runs)
{
	char err[LTEPI_ERRLEN];
	struct nft *nft = nft_new();
	int ret = 1;

	if (!nft)
		return failed(strerror(errno));
	nft_set_replay(nft, !compile_always);
	for (long i = 0; i < (runs ? runs : 1); i++) {
		unsigned int flags =
		    !runs ? 0 : (i ? NFT_OWNED | NFT_REPLACE_OWN : NFT_OWNED);
		long long t0 = clock_now_us();

		if (firewall_apply(nft, ifname, p, flags, err, sizeof(err)) <
		    0) {
			failed(err);
			goto out_free;
		}
		if (runs)
			printf("%lld\n", clock_now_us() - t0);
	}
	ret = 0;
out_free:
	nft_free(nft);
	return ret;
}

static int cmd_remove(const char *ifname)
{
	char err[LTEPI_ERRLEN];
	struct nft *nft = nft_new();
	int r;

	if (!nft)
		return failed(strerror(errno));
	r = firewall_remove(nft, ifname, 0, err, sizeof(err));
	nft_free(nft);
	return r < 0 ? failed(err) : 0;
}

static int run(const char *cmd, struct profile *p, char **args, int nargs)
{
	char err[LTEPI_ERRLEN];
	char *end;
	long runs;

	/* firewall_render() only says -EINVAL: give the reason instead. */
	if (nargs >= 1 && firewall_check_ifname(args[0], err, sizeof(err)) < 0)
		return failed(err);
	if (strcmp(cmd, "check") == 0 && nargs == 0)
		return cmd_check(p);
	if (strcmp(cmd, "render") == 0 && nargs == 1)
		return cmd_render(p, args[0]);
	if (strcmp(cmd, "apply") == 0 && nargs == 1)
		return cmd_apply(p, args[0], 0);
	if (strcmp(cmd, "bench") == 0 && nargs == 2) {
		runs = strtol(args[1], &end, 10);
		if (*end || runs < 1 || runs > 100000)
			return usage();
		return cmd_apply(p, args[0], runs);
	}
	return usage();
}

int main(int argc, char **argv)
{
	char err[LTEPI_ERRLEN];
	const char *dir = NULL;
	struct profile *p;
	int opt, ret;

	while ((opt = getopt(argc, argv, "cd:")) != -1) {
		if (opt == 'c')
			compile_always = true;
		else if (opt == 'd')
			dir = optarg;
		else
			return usage();
	}
	argv += optind;
	argc -= optind;
	if (argc == 2 && strcmp(argv[0], "remove") == 0)
		return cmd_remove(argv[1]);
	if (argc < 2)
		return usage();
	if (profile_load(argv[1], dir, &p, err, sizeof(err)) < 0)
		return failed(err);
	ret = run(argv[0], p, argv + 2, argc - 2);
	profile_free(p);
	return ret;
}
