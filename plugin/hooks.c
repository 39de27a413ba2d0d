/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The hooks (hooks.h): which files run, checked in pppd so that a refusal
 * is logged where the administrator looks, and the detached process that
 * runs them with a time limit.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/wait.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

#include "clock.h"
#include "hooks.h"
#include "log.h"
#include "statefile.h"
#include "trusted.h"

#define HOOKS_PATH                                                             \
	"/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
#define HOOKS_MAX_ENV 32

bool hooks_name_runs(const char *name)
{
	size_t i;

	if (!name[0] || strlen(name) >= sizeof(((struct hook *)0)->name))
		return false;
	for (i = 0; name[i]; i++) {
		char c = name[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9') || c == '_' || c == '-'))
			return false;
	}
	return true;
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The names that run, sorted; -errno when dir cannot be listed. */
static int list_names(const char *dir, char **names, size_t *n)
{
	struct dirent *e;
	DIR *d = opendir(dir);

	*n = 0;
	if (!d)
		return errno == ENOENT ? 0 : -errno;
	while ((e = readdir(d)) && *n < HOOKS_MAX) {
		if (hooks_name_runs(e->d_name) &&
		    (names[*n] = strdup(e->d_name)))
			(*n)++;
	}
	closedir(d);
	qsort(names, *n, sizeof(names[0]), cmp_names);
	return 0;
}

int hooks_collect(const char *dir, struct hook_list *list)
{
	const struct trusted_policy policy = {
		.what = "hook",
		.no_follow = true,
		.executable = true,
		.ancestors = true,
	};
	char *names[HOOKS_MAX], path[4096], err[512];
	size_t n, i;
	int r = list_names(dir, names, &n);

	list->n = 0;
	if (r < 0) {
		log_warn("hooks: cannot read %s: %s; no hook runs", dir,
			 strerror(-r));
		return r;
	}
	for (i = 0; i < n; i++) {
		int fd;

		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		fd = trusted_open(path, &policy, false, err, sizeof(err));
		if (fd < 0) {
			log_warn("hooks: %s; it does not run", err);
		} else {
			struct hook *h = &list->hooks[list->n++];

			snprintf(h->name, sizeof(h->name), "%s", names[i]);
			h->fd = fd;
		}
		free(names[i]);
	}
	return (int)list->n;
}

void hooks_release(struct hook_list *list)
{
	size_t i;

	for (i = 0; i < list->n; i++)
		close(list->hooks[i].fd);
	list->n = 0;
}

int hooks_format_report(const char *event, long long when,
			const struct hook_result *r, size_t n,
			unsigned int limit_s, char *buf, size_t len)
{
	size_t used = 0, i;
	int k;

	k = snprintf(buf, len,
		     "# ltepi hooks, the last run, see ltepi(8) HOOKS\n"
		     "event %s\ntime %lld\n",
		     event, when);
	if (k < 0 || (size_t)k >= len)
		return -ENOSPC;
	used = (size_t)k;
	for (i = 0; i < n; i++) {
		if (r[i].killed)
			k = snprintf(buf + used, len - used,
				     "hook %s killed at its %u s limit\n",
				     r[i].name, limit_s);
		else if (r[i].exit_status < 0)
			k = snprintf(buf + used, len - used,
				     "hook %s did not start\n", r[i].name);
		else
			k = snprintf(buf + used, len - used,
				     "hook %s exited %d after %lld.%lld s\n",
				     r[i].name, r[i].exit_status,
				     r[i].ms / 1000, r[i].ms % 1000 / 100);
		if (k < 0 || (size_t)k >= len - used)
			return -ENOSPC;
		used += (size_t)k;
	}
	return (int)used;
}

/* --- the detached process ---------------------------------------------- */

static void close_all_but(const struct hook_list *list, int keep)
{
	long max = sysconf(_SC_OPEN_MAX);
	int fd;

	if (max < 0 || max > 65536)
		max = 65536;
	for (fd = 3; fd < max; fd++) {
		bool hook = false;
		size_t i;

		for (i = 0; list && i < list->n; i++)
			hook = hook || list->hooks[i].fd == fd;
		if (!hook && fd != keep)
			close(fd);
	}
}

static void reset_signals(void)
{
	static const int sigs[] = { SIGHUP,  SIGINT,  SIGTERM, SIGCHLD,
				    SIGUSR1, SIGUSR2, SIGALRM, SIGPIPE };
	sigset_t none;
	size_t i;

	for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		signal(sigs[i], SIG_DFL);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
}

static void exec_hook(const struct hook *h, const char *event, char *const *env)
{
	char *envp[HOOKS_MAX_ENV + 4], ev[64], name[80], self[32];
	char *argv[] = { (char *)h->name, (char *)event, NULL };
	size_t n = 0;
	int null = open("/dev/null", O_RDWR);

	setpgid(0, 0);
	if (null >= 0) {
		dup2(null, 0);
		dup2(null, 1);
		dup2(null, 2);
		if (null > 2)
			close(null);
	}
	close_all_but(NULL, h->fd);
	fcntl(h->fd, F_SETFD, 0); /* a script's interpreter reads /dev/fd/N */
	envp[n++] = (char *)"PATH=" HOOKS_PATH;
	snprintf(ev, sizeof(ev), "LTEPI_EVENT=%s", event);
	envp[n++] = ev;
	/* $0 is /proc/self/fd/N for a script run from its descriptor */
	snprintf(name, sizeof(name), "LTEPI_HOOK=%s", h->name);
	envp[n++] = name;
	for (; env && *env && n < HOOKS_MAX_ENV + 3; env++)
		envp[n++] = *env;
	envp[n] = NULL;
	/*
	 * Not fexecve(): for a script the kernel hands the interpreter
	 * /dev/fd/N, which only exists where udev made the link; /proc is
	 * always there for pppd.
	 */
	snprintf(self, sizeof(self), "/proc/self/fd/%d", h->fd);
	execve(self, argv, envp);
	_exit(126);
}

static void run_hook(const struct hook *h, const char *event,
		     const struct hooks_run *run, struct hook_result *res)
{
	long long start = clock_now_us(), limit = start;
	int status = 0, killed = 0;
	pid_t pid;

	snprintf(res->name, sizeof(res->name), "%s", h->name);
	res->exit_status = -1;
	pid = fork();
	if (pid == 0)
		exec_hook(h, event, run->env);
	if (pid < 0)
		return;
	limit += (long long)run->timeout_s * 1000000;
	for (;;) {
		pid_t r = waitpid(pid, &status, WNOHANG);
		long long now = clock_now_us();

		if (r == pid || (r < 0 && errno != EINTR))
			break;
		if (killed == 0 && now >= limit) {
			kill(-pid, SIGTERM);
			kill(pid, SIGTERM);
			killed = 1;
		} else if (killed == 1 &&
			   now >= limit + HOOKS_KILL_GRACE_S * 1000000LL) {
			kill(-pid, SIGKILL);
			kill(pid, SIGKILL);
			killed = 2;
		}
		usleep(20000);
	}
	res->ms = (clock_now_us() - start) / 1000;
	res->killed = killed > 0;
	if (WIFEXITED(status))
		res->exit_status = WEXITSTATUS(status);
	else if (WIFSIGNALED(status))
		res->exit_status = 128 + WTERMSIG(status);
}

static void run_event(struct hook_list *list, const char *event,
		      const struct hooks_run *run)
{
	struct hook_result res[HOOKS_MAX] = { 0 };
	char text[4096];
	size_t i;
	int n;

	for (i = 0; i < list->n; i++) {
		run_hook(&list->hooks[i], event, run, &res[i]);
		if (res[i].killed)
			syslog(LOG_WARNING,
			       "hook %s (%s) ran longer than its %u s limit: "
			       "killed",
			       res[i].name, event, run->timeout_s);
		else if (res[i].exit_status != 0)
			syslog(LOG_WARNING, "hook %s (%s) exited %d",
			       res[i].name, event, res[i].exit_status);
	}
	n = hooks_format_report(event, (long long)time(NULL), res, list->n,
				run->timeout_s, text, sizeof(text));
	if (n > 0 && run->report_path)
		(void)statefile_replace(run->report_path, text, (size_t)n);
}

static void supervise(struct hook_list *list, const struct hooks_run *run)
{
	size_t i;
	int lock;

	closelog();
	close_all_but(list, -1);
	reset_signals();
	setsid();
	openlog("ltepi-hooks", LOG_PID, LOG_DAEMON);
	lock = run->lock_path
		   ? open(run->lock_path,
			  O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600)
		   : -1;
	if (lock >= 0)
		(void)flock(lock, LOCK_EX);
	for (i = 0; i < run->n_events; i++)
		run_event(list, run->events[i], run);
	_exit(0);
}

int hooks_spawn(struct hook_list *list, const struct hooks_run *run)
{
	pid_t pid;
	int r = 0;

	if (list->n == 0)
		return 0;
	pid = fork();
	if (pid < 0) {
		r = -errno;
	} else if (pid == 0) {
		/* The grandchild is init's: pppd never waits for it. */
		pid_t inner = fork();

		if (inner == 0)
			supervise(list, run);
		_exit(inner < 0 ? 1 : 0);
	} else {
		(void)waitpid(pid, NULL, 0);
	}
	hooks_release(list);
	return r;
}
