/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * libnftables wrapper (see nft.h). libnftables parses, validates and then
 * sends a whole buffer in one netlink batch, which is what makes a profile
 * change atomic.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/netlink.h>
#include <sys/socket.h>
#include <unistd.h>

#include <nftables/libnftables.h>

#include "log.h"
#include "nft.h"

struct nft {
	struct nft_ctx *ctx;
};

/*
 * libnftables (1.0.6, bookworm) calls exit() when it cannot open its netlink
 * socket, which inside pppd would end the daemon from a library call. Open
 * one first ourselves: if the kernel has no nf_tables (module missing, not
 * loadable), report it as an error instead.
 */
static int nfnetlink_available(void)
{
	int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_NETFILTER);

	if (fd < 0)
		return -errno;
	close(fd);
	return 0;
}

struct nft *nft_new(void)
{
	struct nft *nft;
	int r = nfnetlink_available();

	if (r < 0) {
		log_debug("nft: no nfnetlink socket: %s", strerror(-r));
		errno = -r;
		return NULL;
	}
	nft = calloc(1, sizeof(*nft));
	if (!nft)
		return NULL;
	nft->ctx = nft_ctx_new(NFT_CTX_DEFAULT);
	if (!nft->ctx)
		goto err_free;
	if (nft_ctx_buffer_output(nft->ctx) || nft_ctx_buffer_error(nft->ctx))
		goto err_ctx;
	return nft;
err_ctx:
	nft_ctx_free(nft->ctx);
err_free:
	free(nft);
	errno = ENOMEM;
	return NULL;
}

void nft_free(struct nft *nft)
{
	if (!nft)
		return;
	nft_ctx_free(nft->ctx);
	free(nft);
}

/*
 * libnftables' messages read "Error: <what>" followed by the offending
 * source line and a caret line; the caller's log line already says it is an
 * error and which table, so keep only <what>.
 */
static void copy_error(struct nft *nft, char *err, size_t errlen)
{
	static const char prefix[] = "Error: ";
	const char *msg = nft_ctx_get_error_buffer(nft->ctx);
	size_t n;

	if (!err || !errlen)
		return;
	if (!msg || !msg[0])
		msg = "libnftables failed without a message";
	if (strncmp(msg, prefix, sizeof(prefix) - 1) == 0)
		msg += sizeof(prefix) - 1;
	n = strcspn(msg, "\n");
	while (n && msg[n - 1] == ' ')
		n--;
	snprintf(err, errlen, "%.*s", (int)n, msg);
}

int nft_query(struct nft *nft, const char *cmd, const char **out, char *err,
	      size_t errlen)
{
	/*
	 * libnftables rewinds a buffer only when it is fetched: drop what an
	 * earlier run left (output nft_run() never read, warnings of a run
	 * that succeeded) so that it does not prefix this run's text.
	 */
	(void)nft_ctx_get_output_buffer(nft->ctx);
	(void)nft_ctx_get_error_buffer(nft->ctx);
	if (nft_run_cmd_from_buffer(nft->ctx, cmd) != 0) {
		copy_error(nft, err, errlen);
		log_debug("nft: failed: %s", cmd);
		return -EIO;
	}
	if (out)
		*out = nft_ctx_get_output_buffer(nft->ctx);
	return 0;
}

int nft_run(struct nft *nft, const char *script, char *err, size_t errlen)
{
	return nft_query(nft, script, NULL, err, errlen);
}
