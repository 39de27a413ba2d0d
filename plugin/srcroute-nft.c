/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Rendering and applying the connmark table (see srcroute-nft.h).
 *
 * A first load starts with "table X {}; delete table X": creating an empty
 * table is a no-op if it exists, so the delete always succeeds and the new
 * definition replaces an unowned leftover within a single transaction. The
 * table is owned by the loading context (nft.h), and the kernel refuses a
 * declaration that would drop the owner flag, so a reload of our own table
 * starts with the delete alone: no window without rules on a renegotiation
 * either way.
 * Everything is rendered numeric (hex marks, numeric priorities) so that
 * libnftables never resolves a name.
 */
#include <errno.h>
#include <stdarg.h>
#include <net/if.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "log.h"
#include "names.h"
#include "nft.h"
#include "srcroute-nft.h"

/* snprintf() into buf at *pos, tracking truncation once at the end. */
__attribute__((format(printf, 4, 5))) static void
append(char *buf, size_t len, size_t *pos, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf + (*pos < len ? *pos : len),
		      *pos < len ? len - *pos : 0, fmt, ap);
	va_end(ap);
	if (n > 0)
		*pos += (size_t)n;
}

int srcroute_nft_table_name(char *buf, size_t len, uint32_t table)
{
	int n = snprintf(buf, len, "ltepi-sr-%u", (unsigned int)table);

	if (n < 0 || (size_t)n >= len)
		return -ENOSPC;
	return n;
}

/* What makes the script replace any table of that name (nft.h's flags). */
static void append_replace_prologue(char *buf, size_t len, size_t *pos,
				    const char *table, unsigned int flags)
{
	if (!(flags & NFT_REPLACE_OWN))
		append(buf, len, pos, "table inet %s {}\n", table);
	append(buf, len, pos, "delete table inet %s\n", table);
}

/*
 * client . client port . local port -> local address. IPv4 only: nft 1.0.6
 * (bookworm) aborts on a dynamic map whose IPv6 key and data need more
 * registers, and IPv6 UDP servers mostly pick their source per datagram
 * (IPV6_RECVPKTINFO) anyway, because IPv6 hosts have several addresses.
 */
static void append_udp_map(char *buf, size_t len, size_t *pos)
{
	append(buf, len, pos,
	       "\tmap udp4 {\n"
	       "\t\ttype ipv4_addr . inet_service . inet_service : "
	       "ipv4_addr\n"
	       "\t\tflags dynamic,timeout\n"
	       "\t\ttimeout %ds\n"
	       "\t\tsize %d\n"
	       "\t}\n",
	       SRCROUTE_NFT_UDP_TIMEOUT, SRCROUTE_NFT_UDP_SIZE);
}

int srcroute_nft_render(char *buf, size_t len, uint32_t table,
			const char *ifname, uint32_t mark, uint32_t mask,
			unsigned int flags)
{
	char name[32];
	size_t pos = 0;

	if (!table || !names_ifname_valid(ifname) || !mask || !mark ||
	    (mark & ~mask) || (flags & ~(NFT_OWNED | NFT_REPLACE_OWN)))
		return -EINVAL;
	srcroute_nft_table_name(name, sizeof(name), table);

	append_replace_prologue(buf, len, &pos, name, flags);
	append(buf, len, &pos, "table inet %s {\n", name);
	if (flags & NFT_OWNED)
		append(buf, len, &pos, "\tflags owner\n");
	append(buf, len, &pos,
	       "\tcomment \"ltepi: replies to connections from %s leave by "
	       "it (routing table %u)\"\n",
	       ifname, (unsigned int)table);
	append_udp_map(buf, len, &pos);
	/* mangle (-150): after conntrack (-200), before the routing decision */
	append(buf, len, &pos,
	       "\tchain prerouting {\n"
	       "\t\ttype filter hook prerouting priority -150; policy accept;\n"
	       "\t\tiifname \"%s\" ct state new ct mark set ct mark and 0x%08x "
	       "or 0x%08x\n"
	       "\t\tiifname != \"%s\" ct mark and 0x%08x == 0x%08x meta mark "
	       "set meta mark and 0x%08x or 0x%08x\n"
	       "\t}\n",
	       ifname, ~mask, mark, ifname, mask, mark, ~mask, mark);
	/* only the client's direction: not replies to the Pi's own queries */
	append(buf, len, &pos,
	       "\tchain input {\n"
	       "\t\ttype filter hook input priority -150; policy accept;\n"
	       "\t\tiifname \"%s\" ct direction original update @udp4 "
	       "{ ip saddr . udp sport . udp dport : ip daddr }\n"
	       "\t}\n",
	       ifname);
	/* raw (-300): before conntrack, so the reply joins the request's entry;
	 * a route chain re-runs the routing decision for the new source */
	append(buf, len, &pos,
	       "\tchain output_source {\n"
	       "\t\ttype route hook output priority -300; policy accept;\n"
	       "\t\tip saddr set ip daddr . udp dport . udp sport map @udp4\n"
	       "\t}\n");
	/* a route chain re-runs the routing decision when the mark changes */
	append(buf, len, &pos,
	       "\tchain output {\n"
	       "\t\ttype route hook output priority -150; policy accept;\n"
	       "\t\tct mark and 0x%08x == 0x%08x meta mark set meta mark and "
	       "0x%08x or 0x%08x\n"
	       "\t}\n"
	       "}\n",
	       mask, mark, ~mask, mark);
	if (pos >= len)
		return -ENOSPC;
	return (int)pos;
}

int srcroute_nft_up(struct nft *nft, uint32_t table, const char *ifname,
		    uint32_t mark, uint32_t mask, unsigned int flags, char *err,
		    size_t errlen)
{
	char script[4096];
	int ret;

	ret = srcroute_nft_render(script, sizeof(script), table, ifname, mark,
				  mask, flags);
	if (ret < 0) {
		snprintf(err, errlen, "rendering the table: %s",
			 strerror(-ret));
		return ret;
	}
	log_debug("srcroute: nft table for %s, mark 0x%08x/0x%08x", ifname,
		  mark, mask);
	return nft_run(nft, script, err, errlen);
}

int srcroute_nft_down(struct nft *nft, uint32_t table, char *err, size_t errlen)
{
	char name[32], cmd[64], script[128];
	size_t pos = 0;
	bool existed;
	int ret;

	srcroute_nft_table_name(name, sizeof(name), table);
	snprintf(cmd, sizeof(cmd), "list table inet %s", name);
	existed = nft_query(nft, cmd, NULL, err, errlen) == 0;
	/* a plain delete: it works on an owned table, a declaration not */
	append_replace_prologue(script, sizeof(script), &pos, name,
				existed ? NFT_REPLACE_OWN : 0);
	log_debug("srcroute: delete nft table %s", name);
	ret = nft_run(nft, script, err, errlen);
	return ret < 0 ? ret : existed;
}
