/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * LD_PRELOAD shim for tests/vm/guard-firewall-watch.sh: makes libnftables
 * behave as on a kernel older than 5.12, which refuses nftables' owner
 * flag, so that the plugin's fallback (watching nftables events and loading
 * the profile again) runs in real pppd against a real kernel.
 *
 * A script carrying "flags owner" is not sent: the call fails, and the
 * error buffer then holds what libnftables reports for the kernel's
 * EOPNOTSUPP ("Could not process rule: Operation not supported"). Nothing
 * reaches the kernel, so nothing is committed, as with the real refusal.
 * Every other script goes to the real libnftables (bookworm's 1.0.6 or
 * trixie's 1.1).
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdbool.h>
#include <string.h>

struct nft_ctx;

int nft_run_cmd_from_buffer(struct nft_ctx *ctx, const char *buf);
const char *nft_ctx_get_error_buffer(struct nft_ctx *ctx);

static bool refused;

int nft_run_cmd_from_buffer(struct nft_ctx *ctx, const char *buf)
{
	static int (*real)(struct nft_ctx *, const char *);

	if (!real)
		real = (int (*)(struct nft_ctx *, const char *))dlsym(
		    RTLD_NEXT, "nft_run_cmd_from_buffer");
	refused = strstr(buf, "flags owner") != NULL;
	return refused ? -1 : real(ctx, buf);
}

const char *nft_ctx_get_error_buffer(struct nft_ctx *ctx)
{
	static const char *(*real)(struct nft_ctx *);

	if (!real)
		real = (const char *(*)(struct nft_ctx *))dlsym(
		    RTLD_NEXT, "nft_ctx_get_error_buffer");
	if (refused) {
		refused = false;
		return "Error: Could not process rule: Operation not "
		       "supported\ntable inet x { flags owner; }\n";
	}
	return real(ctx);
}
