/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * ltepi: the command for people and scripts on a box that runs ltepi.so.
 *
 *   ltepi status [LINK...] [--json]
 *
 * It only reads what the plugin and ltepi-modem keep under /run/ltepi
 * (LTEPI_RUN_DIR overrides it, for tests), so it needs no privileges and
 * cannot disturb a link. ltepi(8), STATUS.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "statefile.h"
#include "status.h"

#define MAX_LINKS 64

struct args {
	bool json;
	const char *names[MAX_LINKS];
	size_t n_names;
};

static void usage(FILE *out)
{
	fprintf(out, "usage: ltepi status [LINK...] [--json]\n"
		     "       ltepi --version\n");
}

static int parse_args(struct args *a, int argc, char **argv)
{
	int i;

	if (argc < 2) {
		usage(stderr);
		return STATUS_EXIT_USAGE;
	}
	if (strcmp(argv[1], "--version") == 0) {
		printf("ltepi %s\n", LTEPI_VERSION);
		exit(0);
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		usage(stdout);
		exit(0);
	}
	if (strcmp(argv[1], "status") != 0) {
		fprintf(stderr, "ltepi: unknown command '%s'\n", argv[1]);
		usage(stderr);
		return STATUS_EXIT_USAGE;
	}
	for (i = 2; i < argc; i++) {
		if (strcmp(argv[i], "--json") == 0) {
			a->json = true;
		} else if (argv[i][0] == '-') {
			fprintf(stderr, "ltepi status: unknown option '%s'\n",
				argv[i]);
			usage(stderr);
			return STATUS_EXIT_USAGE;
		} else if (a->n_names == MAX_LINKS) {
			fprintf(stderr, "ltepi status: at most %d links\n",
				MAX_LINKS);
			return STATUS_EXIT_USAGE;
		} else {
			a->names[a->n_names++] = argv[i];
		}
	}
	return 0;
}

/* Whether pid is a running pppd (not a process that reused its number). */
static bool pppd_running(long long pid)
{
	char path[64], comm[32];
	ssize_t n;
	int fd;

	if (pid <= 0 || (kill((pid_t)pid, 0) < 0 && errno != EPERM))
		return false;
	snprintf(path, sizeof(path), "/proc/%lld/comm", pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return false;
	n = read(fd, comm, sizeof(comm) - 1);
	close(fd);
	if (n <= 0)
		return false;
	comm[n] = '\0';
	comm[strcspn(comm, "\n")] = '\0';
	return strcmp(comm, "pppd") == 0;
}

/* Loads dir/name.state and its modem report; -errno as link_state_load. */
static int load_link(const char *dir, const char *name, struct status_link *l)
{
	char path[512], text[4096];
	int r, n;

	*l = (struct status_link){ 0 };
	snprintf(path, sizeof(path), "%s/%s.state", dir, name);
	r = link_state_load(path, &l->st);
	if (r < 0)
		return r;
	l->pppd_running = pppd_running(l->st.pid);
	snprintf(path, sizeof(path), "%s/%s.modem", dir, name);
	l->have_modem = modem_report_load(path, &l->modem) == 0;
	snprintf(path, sizeof(path), "%s/%s.hooks", dir, name);
	n = statefile_read(path, text, sizeof(text));
	if (n > 0)
		status_take_hooks(l, text, (size_t)n);
	return 0;
}

static int load_named(const char *dir, const struct args *a,
		      struct status_link *links, size_t *n)
{
	int worst = 0;
	size_t i;

	for (i = 0; i < a->n_names; i++) {
		char safe[128];
		int r;

		if (statefile_link_name(a->names[i], NULL, safe, sizeof(safe)) <
			0 ||
		    strcmp(safe, a->names[i]) != 0) {
			fprintf(stderr,
				"ltepi status: '%s' is not a link name "
				"(letters, digits, '.', '_', '-')\n",
				a->names[i]);
			return STATUS_EXIT_USAGE;
		}
		r = load_link(dir, a->names[i], &links[*n]);
		if (r == -ENOENT) {
			fprintf(stderr,
				"ltepi status: no link '%s': %s/%s.state "
				"does not exist (ltepi.so has not run "
				"for it since boot)\n",
				a->names[i], dir, a->names[i]);
			worst = worst ? worst : STATUS_EXIT_UNKNOWN;
		} else if (r < 0) {
			fprintf(stderr,
				"ltepi status: cannot read %s/%s.state: "
				"%s\n",
				dir, a->names[i],
				r == -EINVAL ? "not a valid state file"
					     : strerror(-r));
			worst = STATUS_EXIT_UNREADABLE;
		} else {
			(*n)++;
		}
	}
	return worst;
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int load_all(const char *dir, struct status_link *links, size_t *n)
{
	char *names[MAX_LINKS];
	size_t count = 0, i;
	struct dirent *e;
	DIR *d = opendir(dir);
	int worst = 0;

	if (!d)
		return errno == ENOENT ? 0 : STATUS_EXIT_UNREADABLE;
	while ((e = readdir(d)) && count < MAX_LINKS) {
		size_t len = strlen(e->d_name);

		if (len > 6 && e->d_name[0] != '.' &&
		    strcmp(e->d_name + len - 6, ".state") == 0)
			names[count++] = strndup(e->d_name, len - 6);
	}
	closedir(d);
	qsort(names, count, sizeof(names[0]), cmp_names);
	for (i = 0; i < count; i++) {
		if (!names[i]) {
			worst = STATUS_EXIT_UNREADABLE;
			continue;
		}
		if (load_link(dir, names[i], &links[*n]) == 0) {
			(*n)++;
		} else {
			fprintf(stderr,
				"ltepi status: cannot read %s/%s.state; "
				"skipped\n",
				dir, names[i]);
			worst = STATUS_EXIT_UNREADABLE;
		}
		free(names[i]);
	}
	return worst;
}

static int cmd_status(const struct args *a)
{
	static struct status_link links[MAX_LINKS];
	const char *dir = getenv(STATUS_DIR_ENV);
	size_t n = 0, i;
	int r, worst;

	if (!dir || !dir[0])
		dir = STATEFILE_DIR;
	r = a->n_names ? load_named(dir, a, links, &n)
		       : load_all(dir, links, &n);
	if (r == STATUS_EXIT_USAGE)
		return r;
	if (a->json) {
		status_print_json(stdout, links, n);
	} else if (n == 0 && a->n_names == 0) {
		printf("no link: ltepi.so has not run since boot (nothing in "
		       "%s)\n",
		       dir);
	}
	for (i = 0; i < n && !a->json; i++) {
		if (i)
			putchar('\n');
		status_print_text(stdout, &links[i], (long long)time(NULL));
	}
	worst = r;
	if (n == 0 && a->n_names == 0)
		worst = STATUS_EXIT_UNKNOWN;
	for (i = 0; i < n && !worst; i++)
		if (!status_is_up(&links[i]))
			worst = STATUS_EXIT_NOT_UP;
	return fflush(stdout) == 0 ? worst : STATUS_EXIT_UNREADABLE;
}

int main(int argc, char **argv)
{
	struct args a = { 0 };
	int r = parse_args(&a, argc, argv);

	if (r)
		return r;
	return cmd_status(&a);
}
