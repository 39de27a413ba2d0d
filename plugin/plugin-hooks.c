/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * pppd side of the hooks (hooks.h, ltepi(8) HOOKS): at ip-up the "up"
 * event, followed by "address-change" when the link came back with another
 * IPv4 address than it had before; at ip-down "down". The hooks see the
 * link's state (plugin-state.c) in LTEPI_* variables and run detached:
 * pppd and the link never wait for them.
 */
#include "pppd-compat.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "hooks.h"
#include "linkstate.h"
#include "log.h"
#include "plugin.h"
#include "statefile.h"

#define HOOKS_DIR SYSCONFDIR "/ppp/ltepi/hooks.d"

struct hook_env {
	char vars[12][256];
	char *ptrs[13];
	size_t n;
};

__attribute__((format(printf, 2, 3))) static void env_add(struct hook_env *e,
							  const char *fmt, ...)
{
	va_list ap;

	if (e->n >= sizeof(e->vars) / sizeof(e->vars[0]))
		return;
	va_start(ap, fmt);
	vsnprintf(e->vars[e->n], sizeof(e->vars[0]), fmt, ap);
	va_end(ap);
	e->ptrs[e->n] = e->vars[e->n];
	e->n++;
	e->ptrs[e->n] = NULL;
}

static void build_env(struct hook_env *e, const struct link_state *st,
		      const char *state_path)
{
	e->n = 0;
	e->ptrs[0] = NULL;
	env_add(e, "LTEPI_LINK=%s", st->link);
	env_add(e, "LTEPI_IFNAME=%s", st->ifname);
	env_add(e, "LTEPI_LOCAL=%s", st->local);
	env_add(e, "LTEPI_PEER=%s", st->peer);
	env_add(e, "LTEPI_PREVIOUS_LOCAL=%s", plugin_state_previous_local());
	env_add(e, "LTEPI_GLOBAL=%d", st->local[0] && st->global ? 1 : 0);
	env_add(e, "LTEPI_CLASS=%s", st->addr_class);
	env_add(e, "LTEPI_REASON=%s",
		st->state == LINK_UP ? "" : st->last_down_reason);
	env_add(e, "LTEPI_STATE_FILE=%s", state_path);
	env_add(e, "LTEPI_PPPD_PID=%lld", (long long)st->pid);
}

static void run(const char **events, size_t n_events)
{
	const struct link_state *st = plugin_state_current();
	char lock[256], report[256], state_path[256];
	struct hooks_run r = { .timeout_s = ltepi_conf.hook_timeout };
	struct hook_list list;
	struct hook_env env;
	int count, e;

	if (!st)
		return;
	count = hooks_collect(HOOKS_DIR, &list);
	if (count <= 0)
		return;
	statefile_path(STATEFILE_DIR, st->link, NULL, "hooks.lock", lock,
		       sizeof(lock));
	statefile_path(STATEFILE_DIR, st->link, NULL, "hooks", report,
		       sizeof(report));
	statefile_path(STATEFILE_DIR, st->link, NULL, "state", state_path,
		       sizeof(state_path));
	build_env(&env, st, state_path);
	for (size_t i = 0; i < n_events && i < HOOKS_MAX_EVENTS; i++)
		r.events[r.n_events++] = events[i];
	r.env = env.ptrs;
	r.lock_path = lock;
	r.report_path = report;
	e = hooks_spawn(&list, &r);
	if (e < 0)
		log_warn("hooks: cannot start the %s hooks: %s", events[0],
			 strerror(-e));
	else
		log_info("hooks: %d hook(s) started for %s%s%s (limit %u s "
			 "each); their outcome is in %s",
			 count, events[0], n_events > 1 ? " and " : "",
			 n_events > 1 ? events[1] : "", r.timeout_s, report);
}

void plugin_hooks_ip_up(void)
{
	const char *events[2] = { "up", "address-change" };

	run(events, plugin_state_address_changed() ? 2 : 1);
}

void plugin_hooks_ip_down(void)
{
	const char *events[1] = { "down" };

	run(events, 1);
}
