/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * LD_PRELOAD shim for tests/vm/guard-firewall-watch.sh: makes libnftables
 * behave as on a kernel older than 5.12, which refuses nftables' owner
 * flag, so that the plugin's fallback (watching nftables events and loading
 * the profile again) runs in real pppd against a real kernel.
 *
 * A script carrying "flags owner" is not sent; instead a transaction the
 * kernel refuses with EOPNOTSUPP is (a nat chain on the ingress hook), so
 * libnftables reports the refusal exactly as an old kernel's: "Could not
 * process rule: Operation not supported", nothing committed.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <string.h>

struct nft_ctx;

int nft_run_cmd_from_buffer(struct nft_ctx *ctx, const char *buf);

int nft_run_cmd_from_buffer(struct nft_ctx *ctx, const char *buf)
{
	static int (*real)(struct nft_ctx *, const char *);
	static const char refused[] =
	    "table inet ltepi-test-no-owner {\n"
	    "\tchain c { type nat hook ingress device lo priority 0; }\n"
	    "}\n";

	if (!real)
		real = (int (*)(struct nft_ctx *, const char *))dlsym(
		    RTLD_NEXT, "nft_run_cmd_from_buffer");
	return real(ctx, strstr(buf, "flags owner") ? refused : buf);
}
