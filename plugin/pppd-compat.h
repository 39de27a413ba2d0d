/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The only file that knows pppd 2.4.x and 2.5.x differ.
 *
 * pppd 2.5.0 renamed most of the plugin API (ppp_add_notify, ppp_ifname,
 * ppp_set_status, ...), moved option_t to <pppd/options.h> and dropped the
 * extern globals from its headers. configure reads the version from the
 * headers and defines LTEPI_PPPD_API as 24 or 25.
 *
 * Include this first in a file that needs pppd: 2.4.9's pppd.h typedefs
 * bool and breaks if <stdbool.h> came before it.
 */
#ifndef LTEPI_PPPD_COMPAT_H
#define LTEPI_PPPD_COMPAT_H

#if LTEPI_PPPD_API == 24
/* config.h defines VERSION for ltepi; patchlevel.h defines pppd's. */
#undef VERSION
#define INET6 1 /* lets 2.4.9's pppd.h declare the IPv6 types */
#include <pppd/pppd.h>
#include <pppd/fsm.h>
#include <pppd/lcp.h>
#include <pppd/ipcp.h>
#include <pppd/ipv6cp.h>
#define LTEPI_PPPD_VERSION VERSION /* from patchlevel.h */
#elif LTEPI_PPPD_API == 25
#include <pppd/pppd.h>
#include <pppd/options.h>
#include <pppd/fsm.h>
#include <pppd/lcp.h>
#include <pppd/ipcp.h>
#include <pppd/eui64.h>
#include <pppd/ipv6cp.h>
#define LTEPI_PPPD_VERSION PPPD_VERSION
#else
#error "LTEPI_PPPD_API must be 24 or 25 (set by configure)"
#endif

#include <stdint.h>

enum compat_event {
	COMPAT_PHASE_CHANGE,
	COMPAT_IP_UP,
	COMPAT_IP_DOWN,
	COMPAT_IPV6_UP,
	COMPAT_IPV6_DOWN,
	COMPAT_EXIT,
};

typedef void compat_notify_fn(void *ctx, int arg);

#if LTEPI_PPPD_API == 24

static inline void compat_add_notify(enum compat_event ev, compat_notify_fn *fn,
				     void *ctx)
{
	struct notifier **lists[] = {
		[COMPAT_PHASE_CHANGE] = &phasechange,
		[COMPAT_IP_UP] = &ip_up_notifier,
		[COMPAT_IP_DOWN] = &ip_down_notifier,
		[COMPAT_IPV6_UP] = &ipv6_up_notifier,
		[COMPAT_IPV6_DOWN] = &ipv6_down_notifier,
		[COMPAT_EXIT] = &exitnotify,
	};
	add_notifier(lists[ev], fn, ctx);
}

static inline void compat_add_options(option_t *opts)
{
	add_options(opts);
}

static inline const char *compat_ifname(void)
{
	return ifname;
}

static inline void compat_set_status(int code)
{
	status = code;
}

static inline void compat_setenv(const char *name, const char *value)
{
	script_setenv((char *)name, (char *)value, 0);
}

/* Runs fn(arg) from pppd's main loop after secs seconds (0: next turn). */
static inline void compat_timeout(void (*fn)(void *), void *arg, int secs)
{
	timeout(fn, arg, secs, 0);
}

/* The same in milliseconds, for the guard's sub-second polling. */
static inline void compat_timeout_ms(void (*fn)(void *), void *arg, int ms)
{
	timeout(fn, arg, ms / 1000, (ms % 1000) * 1000);
}

static inline void compat_untimeout(void (*fn)(void *), void *arg)
{
	untimeout(fn, arg);
}

static inline void compat_no_persist(void)
{
	persist = 0;
}

static inline void compat_die(int code)
{
	die(code);
}

static inline const char *compat_linkname(void)
{
	return linkname;
}

static inline const char *compat_devnam(void)
{
	return devnam;
}

static inline bool compat_demand(void)
{
	return demand;
}

/* pppd's "idle" option: seconds, 0 when not set */
static inline int compat_idle_limit(void)
{
	return idle_time_limit;
}

/* pppd's exit status so far: why the link is going down. */
static inline int compat_status(void)
{
	return status;
}

#define compat_option_error option_error

#else /* LTEPI_PPPD_API == 25 */

/*
 * 2.5 has no setter for persist and no public die(); both are still
 * exported (pppd is linked with -Wl,-E), only no longer declared. They are
 * declared here, in one place, with the signatures of 2.5.0-2.5.3.
 */
extern bool persist;
void die(int status);
/* Likewise exported, no longer declared: the link check's proof of life
 * (sys-linux.c) and pppd's linkname option. */
struct ppp_idle;
int get_idle_time(int unit, struct ppp_idle *ip);
extern char linkname[];
extern bool demand;

static inline void compat_add_notify(enum compat_event ev, compat_notify_fn *fn,
				     void *ctx)
{
	static const ppp_notify_t types[] = {
		[COMPAT_PHASE_CHANGE] = NF_PHASE_CHANGE,
		[COMPAT_IP_UP] = NF_IP_UP,
		[COMPAT_IP_DOWN] = NF_IP_DOWN,
		[COMPAT_IPV6_UP] = NF_IPV6_UP,
		[COMPAT_IPV6_DOWN] = NF_IPV6_DOWN,
		[COMPAT_EXIT] = NF_EXIT,
	};
	ppp_add_notify(types[ev], fn, ctx);
}

static inline void compat_add_options(option_t *opts)
{
	ppp_add_options(opts);
}

static inline const char *compat_ifname(void)
{
	return ppp_ifname();
}

static inline void compat_set_status(int code)
{
	ppp_set_status(code);
}

static inline void compat_setenv(const char *name, const char *value)
{
	ppp_script_setenv((char *)name, (char *)value, 0);
}

static inline void compat_timeout(void (*fn)(void *), void *arg, int secs)
{
	ppp_timeout(fn, arg, secs, 0);
}

static inline void compat_timeout_ms(void (*fn)(void *), void *arg, int ms)
{
	ppp_timeout(fn, arg, ms / 1000, (ms % 1000) * 1000);
}

static inline void compat_untimeout(void (*fn)(void *), void *arg)
{
	ppp_untimeout(fn, arg);
}

static inline void compat_no_persist(void)
{
	persist = 0;
}

static inline void compat_die(int code)
{
	die(code);
}

static inline const char *compat_linkname(void)
{
	return linkname;
}

static inline const char *compat_devnam(void)
{
	return ppp_devnam();
}

static inline bool compat_demand(void)
{
	return demand;
}

static inline int compat_idle_limit(void)
{
	return ppp_get_max_idle_time();
}

static inline int compat_status(void)
{
	return (int)ppp_status();
}

#define compat_option_error ppp_option_error

#endif

#include <linux/ppp_defs.h>

/*
 * Seconds since the link last received and sent an IP packet (the
 * kernel's PPPIOCGIDLE, which LCP does not reset); 0 when unknown.
 */
static inline int compat_idle_seconds(long long *recv_s, long long *xmit_s)
{
	struct ppp_idle idle;

	if (!get_idle_time(0, &idle))
		return 0;
	*recv_s = (long long)idle.recv_idle;
	*xmit_s = (long long)idle.xmit_idle;
	return 1;
}

/* Ends the link as pppd does for a dead LCP peer (lcp.c LcpLinkFailure):
 * persist redials, maxfail counts it. Call it from a timer, not from a
 * notifier. */
static inline void compat_close_dead_link(const char *reason)
{
	compat_set_status(EXIT_PEER_DEAD);
	lcp_close(0, (char *)reason);
}

/* Addresses negotiated by IPCP, network byte order. */
static inline uint32_t compat_ip_local(void)
{
	return ipcp_gotoptions[0].ouraddr;
}

/* With demand, the address the dormant interface has (pppd's placeholder
 * 10.64.64.64+unit, or the one asked for). */
static inline uint32_t compat_ip_demand_local(void)
{
	return ipcp_wantoptions[0].ouraddr;
}

static inline uint32_t compat_ip_remote(void)
{
	return ipcp_hisoptions[0].hisaddr;
}

#endif
