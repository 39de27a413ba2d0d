/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Rendering and applying the connmark table (see srcroute-nft.h).
 *
 * Every script starts with "table X {}; delete table X": creating an empty
 * table is a no-op if it exists, so the delete always succeeds and the new
 * definition replaces the old one within a single transaction: no window
 * without rules on a renegotiation, and no stale rules after a SIGKILL.
 * Everything is rendered numeric (hex marks, numeric priority) so that
 * libnftables never resolves a name.
 */
#include <errno.h>
#include <stdarg.h>
#include <net/if.h>
#include <stdio.h>
#include <string.h>

#include "log.h"
#include "nft.h"
#include "srcroute-nft.h"

/*
 * Stricter than the kernel (which takes anything but '/', ':' and spaces):
 * the name ends up in an nft identifier and a quoted nft string.
 */
static int check_ifname(const char *ifname)
{
	size_t n = ifname ? strlen(ifname) : 0;

	if (n == 0 || n >= IFNAMSIZ)
		return -EINVAL;
	if (strspn(ifname, "abcdefghijklmnopqrstuvwxyz"
			   "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-") != n)
		return -EINVAL;
	return 0;
}

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

int srcroute_nft_table_name(char *buf, size_t len, const char *ifname)
{
	int n;

	if (check_ifname(ifname))
		return -EINVAL;
	n = snprintf(buf, len, "ltepi-sr-%s", ifname);
	if (n < 0 || (size_t)n >= len)
		return -ENOSPC;
	return n;
}

static void append_replace_prologue(char *buf, size_t len, size_t *pos,
				    const char *table)
{
	append(buf, len, pos, "table inet %s {}\ndelete table inet %s\n", table,
	       table);
}

int srcroute_nft_render(char *buf, size_t len, const char *ifname,
			uint32_t mark, uint32_t mask)
{
	char table[IFNAMSIZ + 16];
	size_t pos = 0;
	int ret;

	ret = srcroute_nft_table_name(table, sizeof(table), ifname);
	if (ret < 0)
		return ret;
	if (!mask || !mark || (mark & ~mask))
		return -EINVAL;

	append_replace_prologue(buf, len, &pos, table);
	append(buf, len, &pos, "table inet %s {\n", table);
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

int srcroute_nft_up(struct nft *nft, const char *ifname, uint32_t mark,
		    uint32_t mask, char *err, size_t errlen)
{
	char script[2048];
	int ret;

	ret = srcroute_nft_render(script, sizeof(script), ifname, mark, mask);
	if (ret < 0)
		return ret;
	log_debug("srcroute: nft table for %s, mark 0x%08x/0x%08x", ifname,
		  mark, mask);
	return nft_run(nft, script, err, errlen);
}

int srcroute_nft_down(struct nft *nft, const char *ifname, char *err,
		      size_t errlen)
{
	char table[IFNAMSIZ + 16], script[128];
	size_t pos = 0;
	int ret;

	ret = srcroute_nft_table_name(table, sizeof(table), ifname);
	if (ret < 0)
		return ret;
	append_replace_prologue(script, sizeof(script), &pos, table);
	if (pos >= sizeof(script))
		return -ENOSPC;
	log_debug("srcroute: delete nft table %s", table);
	return nft_run(nft, script, err, errlen);
}
