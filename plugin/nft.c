/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * libnftables wrapper (see nft.h). libnftables parses, validates and then
 * sends a whole buffer in one netlink batch, which is what makes a profile
 * change atomic.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <dirent.h>
#include <fcntl.h>
#include <linux/netlink.h>
#include <sys/socket.h>
#include <unistd.h>

#include <nftables/libnftables.h>

#include "log.h"
#include "nft.h"

struct nft {
	struct nft_ctx *ctx;
	bool cloexec_done;
};

/*
 * libnftables opens its socket without SOCK_CLOEXEC. Inside pppd that
 * socket owns the link's nftables tables (NFT_OWNED): a copy inherited by
 * a program pppd runs (its pty child lives as long as the link) would keep
 * them alive after pppd died. libnftables
 * does not expose the descriptor, so mark every netfilter netlink socket of
 * the process close-on-exec; nothing in pppd wants one inherited.
 */
static void netfilter_sockets_cloexec(void)
{
	DIR *d = opendir("/proc/self/fd");
	struct dirent *e;

	if (!d)
		return;
	while ((e = readdir(d))) {
		int fd = atoi(e->d_name), v;
		socklen_t len = sizeof(v);

		if (fd <= 2 || fd == dirfd(d))
			continue;
		if (getsockopt(fd, SOL_SOCKET, SO_DOMAIN, &v, &len) < 0 ||
		    v != AF_NETLINK)
			continue;
		len = sizeof(v);
		if (getsockopt(fd, SOL_SOCKET, SO_PROTOCOL, &v, &len) == 0 &&
		    v == NETLINK_NETFILTER)
			(void)fcntl(fd, F_SETFD,
				    fcntl(fd, F_GETFD) | FD_CLOEXEC);
	}
	closedir(d);
}

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
	/* before pppd forks its connect script and pty child */
	netfilter_sockets_cloexec();
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
static void copy_error(const char *msg, char *err, size_t errlen)
{
	static const char prefix[] = "Error: ";
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

/*
 * libnftables reports the kernel's refusal only as text ("Could not process
 * rule: Operation not supported"), in the same locale as strerror(). The
 * two the callers act on get their own code; everything else is -EIO.
 */
static int error_code(const char *msg)
{
	static const int known[] = { EOPNOTSUPP, EPERM };

	for (size_t i = 0; msg && i < sizeof(known) / sizeof(known[0]); i++)
		if (strstr(msg, strerror(known[i])))
			return -known[i];
	return -EIO;
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
		/* fetching the buffer rewinds it: read it once */
		const char *msg = nft_ctx_get_error_buffer(nft->ctx);

		copy_error(msg, err, errlen);
		log_debug("nft: failed: %s", cmd);
		return error_code(msg);
	}
	/* a libnftables that opens its socket on first use */
	if (!nft->cloexec_done) {
		netfilter_sockets_cloexec();
		nft->cloexec_done = true;
	}
	if (out)
		*out = nft_ctx_get_output_buffer(nft->ctx);
	return 0;
}

int nft_run(struct nft *nft, const char *script, char *err, size_t errlen)
{
	return nft_query(nft, script, NULL, err, errlen);
}
