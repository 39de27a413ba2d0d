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
#include "nft-replay.h"
#include "nft.h"

/* Tables kept for replay: a link's firewall, with room for redials. */
#define KEPT_MAX 4
/* Netfilter sockets the process had before libnftables opened its own. */
#define BEFORE_MAX 16

struct kept {
	char *key;		   /* the script it was loaded from */
	struct nft_replay *replay; /* NULL: a free slot */
};

struct nft {
	struct nft_ctx *ctx;
	bool cloexec_done;
	int fd; /* libnftables' socket; -1: not known (no replay) */
	int before[BEFORE_MAX];
	size_t n_before;
	struct kept kept[KEPT_MAX];
	unsigned long replays;
	bool no_replay;
};

/*
 * libnftables opens its socket without SOCK_CLOEXEC. Inside pppd that
 * socket owns the link's nftables tables (NFT_OWNED): a copy inherited by
 * a program pppd runs (its pty child lives as long as the link) would keep
 * them alive after pppd died. libnftables
 * does not expose the descriptor, so mark every netfilter netlink socket of
 * the process close-on-exec; nothing in pppd wants one inherited.
 */
static size_t netfilter_sockets(int *fds, size_t max)
{
	DIR *d = opendir("/proc/self/fd");
	struct dirent *e;
	size_t n = 0;

	if (!d)
		return 0;
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
		    v == NETLINK_NETFILTER && n < max)
			fds[n++] = fd;
	}
	closedir(d);
	return n;
}

static void netfilter_sockets_cloexec(void)
{
	int fds[BEFORE_MAX * 2];
	size_t n = netfilter_sockets(fds, sizeof(fds) / sizeof(fds[0]));

	for (size_t i = 0; i < n; i++)
		(void)fcntl(fds[i], F_SETFD,
			    fcntl(fds[i], F_GETFD) | FD_CLOEXEC);
}

/*
 * libnftables does not expose its socket, and a replay must use it: only
 * the owner may delete an owned table. It is the one netfilter socket that
 * appeared with the context; if that is not exactly one, no replay.
 */
static void find_library_socket(struct nft *nft)
{
	int now[BEFORE_MAX * 2];
	size_t n = netfilter_sockets(now, sizeof(now) / sizeof(now[0]));
	int found = -1;

	for (size_t i = 0; i < n; i++) {
		bool old = false;

		for (size_t j = 0; j < nft->n_before; j++)
			old |= now[i] == nft->before[j];
		if (old)
			continue;
		if (found >= 0) {
			found = -1;
			break;
		}
		found = now[i];
	}
	nft->fd = found;
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
	nft->n_before = netfilter_sockets(nft->before, BEFORE_MAX);
	nft->ctx = nft_ctx_new(NFT_CTX_DEFAULT);
	if (!nft->ctx)
		goto err_free;
	if (nft_ctx_buffer_output(nft->ctx) || nft_ctx_buffer_error(nft->ctx))
		goto err_ctx;
	/* before pppd forks its connect script and pty child */
	netfilter_sockets_cloexec();
	find_library_socket(nft);
	return nft;
err_ctx:
	nft_ctx_free(nft->ctx);
err_free:
	free(nft);
	errno = ENOMEM;
	return NULL;
}

static void drop_kept(struct kept *k)
{
	nft_replay_free(k->replay);
	free(k->key);
	*k = (struct kept){ NULL, NULL };
}

static void forget_all(struct nft *nft)
{
	for (size_t i = 0; i < KEPT_MAX; i++)
		drop_kept(&nft->kept[i]);
}

void nft_free(struct nft *nft)
{
	if (!nft)
		return;
	forget_all(nft);
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
		if (nft->fd < 0)
			find_library_socket(nft);
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

void nft_set_replay(struct nft *nft, bool on)
{
	nft->no_replay = !on;
	if (!on)
		forget_all(nft);
}

unsigned long nft_replays(const struct nft *nft)
{
	return nft->replays;
}

/* The slot of table's kept load, or NULL. */
static struct kept *kept_table(struct nft *nft, const char *table)
{
	for (size_t i = 0; i < KEPT_MAX; i++)
		if (nft->kept[i].replay &&
		    strcmp(nft_replay_table(nft->kept[i].replay), table) == 0)
			return &nft->kept[i];
	return NULL;
}

/* Where to keep table: its own slot, a free one, or the first. */
static size_t slot_for(const struct nft *nft, const char *table)
{
	size_t free_slot = KEPT_MAX;

	for (size_t i = 0; i < KEPT_MAX; i++) {
		const struct nft_replay *r = nft->kept[i].replay;

		if (r && strcmp(nft_replay_table(r), table) == 0)
			return i;
		if (!r && free_slot == KEPT_MAX)
			free_slot = i;
	}
	return free_slot < KEPT_MAX ? free_slot : 0;
}

/*
 * Reads the table back right after libnftables loaded it. The table is
 * owned by this context's socket: nothing else can have changed it since.
 */
static void keep(struct nft *nft, const char *table, const char *key)
{
	size_t i = slot_for(nft, table);
	struct nft_replay *r = nft_replay_new(table);
	char *copy = strdup(key);
	int ret = r && copy ? nft_replay_capture(r, nft->fd) : -ENOMEM;

	drop_kept(&nft->kept[i]);
	if (ret < 0) {
		log_debug("nft: table %s not kept for replay: %s", table,
			  strerror(-ret));
		nft_replay_free(r);
		free(copy);
		return;
	}
	nft->kept[i].key = copy;
	nft->kept[i].replay = r;
}

int nft_load_owned(struct nft *nft, const char *table, const char *key,
		   const char *script, unsigned int flags, char *err,
		   size_t errlen)
{
	struct kept *k = kept_table(nft, table);
	int r;

	if (!(flags & NFT_OWNED) || nft->no_replay)
		return nft_run(nft, script, err, errlen);
	if (k && nft->fd >= 0 && strcmp(k->key, key) == 0) {
		r = nft_replay_send(k->replay, nft->fd,
				    flags & NFT_REPLACE_OWN);
		if (r == 0) {
			nft->replays++;
			return 0;
		}
		log_debug("nft: replaying table %s refused (%s): compiling "
			  "it again",
			  table, strerror(-r));
		drop_kept(k);
		/* not the owner: the socket found was not libnftables' */
		if (r == -EPERM)
			nft_set_replay(nft, false);
	}
	/* the socket is known after the first run if libnftables opens it
	 * on first use (1.1) */
	r = nft_run(nft, script, err, errlen);
	if (r == 0 && nft->fd >= 0 && !nft->no_replay)
		keep(nft, table, key);
	return r;
}
