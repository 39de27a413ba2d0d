/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What ltepi.so tells the world about its link: /run/ltepi/LINK.state,
 * written by the plugin in pppd at every event and every
 * LINKSTATE_REFRESH_S seconds while the link is up, read by `ltepi status`,
 * ltepi-modem's SMS `status` reply and anyone else (ltepi(8), FILES).
 *
 * The text is statefile.h's key-value format, one key per line:
 *
 *   version 1
 *   link NAME              pppd's linkname, else the device's base name
 *   pid N                  the pppd writing it
 *   state S                connecting | up | down | exited
 *   ifname IF              the PPP interface (while it exists)
 *   device PATH            pppd's device
 *   started T              when pppd started (Unix seconds)
 *   updated T              when this file was written
 *   up-since T             when the link came up (0: not up)
 *   local ADDR, peer ADDR  IPv4 addresses from IPCP (absent: none)
 *   class TEXT             the local address's class (addrclass.h):
 *                          "global" or the registry's name and range
 *   global 0|1             whether the internet can reach it
 *   ipv6-prefix P/L        a global IPv6 prefix on the link (repeated)
 *   table N, priority N    the source-routing table and rule priority
 *   firewall PROFILE       the firewall profile on the link
 *   refused N              packets the firewall refused since it loaded
 *   link-check S           off | ok | failing
 *   check-failures N       consecutive failed checks
 *   restarts N             link-check restarts since pppd started
 *   reconnects N           times the link came up again after the first
 *   last-down T            when the link last went down (0: never)
 *   last-down-reason TEXT  why, in words (pppd's exit status)
 *
 * Unknown keys are ignored (a newer writer); a malformed line or a value
 * that does not fit makes the whole file invalid. A file whose pppd is
 * gone while its state is not "exited" is stale: pppd was killed.
 */
#ifndef LTEPI_LIB_LINKSTATE_H
#define LTEPI_LIB_LINKSTATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define LINKSTATE_VERSION      1
#define LINKSTATE_REFRESH_S    30
#define LINKSTATE_MAX_PREFIXES 8

enum link_phase {
	LINK_CONNECTING,
	LINK_UP,
	LINK_DOWN,
	LINK_EXITED,
};

struct link_state {
	char link[128];
	int64_t pid;
	enum link_phase state;
	char ifname[16];
	char device[128];
	int64_t started, updated, up_since;
	char local[46], peer[46]; /* "" when there is none */
	char addr_class[160];
	bool global;
	char prefix[LINKSTATE_MAX_PREFIXES][50];
	unsigned int n_prefixes;
	unsigned int table, priority; /* 0: no source routing */
	char firewall[256];	      /* "" when there is none */
	uint64_t refused;
	char link_check[16]; /* "off", "ok" or "failing" */
	unsigned int check_failures;
	unsigned int restarts, reconnects;
	int64_t last_down;
	char last_down_reason[160];
};

const char *link_phase_name(enum link_phase p);

/* Parses text (len bytes). 0, or -EINVAL with st zeroed. */
int link_state_parse(const char *text, size_t len, struct link_state *st);

/* The file's text into buf: its length, or -ENOSPC. */
int link_state_format(const struct link_state *st, char *buf, size_t len);

/* Reads a state file: 0, -ENOENT, -EINVAL, or another -errno. */
int link_state_load(const char *path, struct link_state *st);

/* Replaces a state file atomically: 0 or -errno. */
int link_state_store(const char *path, const struct link_state *st);

/*
 * Words for pppd's exit status (pppd(8), EXIT STATUS) as the reason a
 * link went down: "the modem hung up", "the link check or LCP found the
 * peer dead", ...; "status N" for one it does not know.
 */
const char *link_down_reason(int pppd_status, char *buf, size_t len);

#endif
