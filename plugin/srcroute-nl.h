/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The rtnetlink plumbing source routing runs on (srcroute.c and its
 * helpers): raw NETLINK_ROUTE sockets, requests sent in batches with each
 * request's own errno, strict dumps, attribute parsing and the interface
 * look-ups, the way iproute2 keeps lib/libnetlink.c under ip/.
 *
 * Why raw and not libnl: an ip-up is two objects, and its floor is one
 * sendmsg() carrying both requests and one recv() to learn that none was
 * refused (rtnl_batch()).
 * libnl sends each object alone, reads every answer twice (MSG_PEEK to size
 * the buffer) and folds ENODEV, ENOENT and ESRCH into one code, which the
 * callers here must tell apart. Receiving into a 32 KiB buffer needs no
 * peek: the kernel never builds a dump part bigger than that for a reader
 * (net/netlink/af_netlink.c caps max_recvmsg_len at 32 KiB), and
 * NETLINK_CAP_ACK keeps error answers from echoing the request.
 *
 * Errors: 0 or a negative errno code; the kernel's own for a request it
 * refused. Not thread-safe.
 */
#ifndef LTEPI_SRCROUTE_NL_H
#define LTEPI_SRCROUTE_NL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>

struct rtnl {
	int fd;		 /* -1: closed */
	uint32_t portid; /* what the kernel stamps on our requests' echoes */
	uint32_t seq;	 /* the last sequence number used */
};

/*
 * Opens a request socket: strict checking of dump requests (the kernel
 * honours the table and protocol filters of a route dump, >= 4.20, and
 * refuses malformed headers), short error answers. r->fd is -1 on failure.
 */
int rtnl_open(struct rtnl *r);

/*
 * Opens a non-blocking monitor socket with no group yet (rtnl_subscribe()
 * sets them); rcvbuf, if not 0, asks for that receive buffer.
 */
int rtnl_open_monitor(struct rtnl *r, int rcvbuf);

/*
 * Makes the monitor socket's multicast groups exactly `groups` (a mask of
 * RTMGRP_* bits, 1 << (RTNLGRP_x - 1)), in one bind(); 0 leaves them all.
 */
int rtnl_subscribe(struct rtnl *r, uint32_t groups);

/* Closes r (a no-op when closed). */
void rtnl_close(struct rtnl *r);

/* One request: header, family header and attributes, built in place. */
#define RTNL_MSG_MAX 512
struct rtnl_msg {
	union {
		struct nlmsghdr nlh;
		char buf[RTNL_MSG_MAX];
	};
};

/*
 * Starts a request of type with flags (NLM_F_REQUEST is added) and the
 * family header hdr of hdrlen bytes. Returns a pointer to the family header
 * in the message.
 */
void *rtnl_msg_init(struct rtnl_msg *m, uint16_t type, uint16_t flags,
		    const void *hdr, size_t hdrlen);

/* Appends an attribute; -EMSGSIZE if it does not fit (a caller's bug). */
int rtnl_msg_put(struct rtnl_msg *m, uint16_t type, const void *data,
		 size_t len);
int rtnl_msg_put_u32(struct rtnl_msg *m, uint16_t type, uint32_t v);
int rtnl_msg_put_u8(struct rtnl_msg *m, uint16_t type, uint8_t v);

/*
 * Sends msgs[0..n) in one sendmsg() and stores each request's outcome in
 * err[i]: 0 or the kernel's -errno. The kernel handles the requests in
 * order and one failing does not stop the next. Returns 0 when the
 * outcomes are known, or -errno when the exchange itself failed (then
 * nobody knows which requests were carried out).
 */
#define RTNL_BATCH_MAX 32
int rtnl_batch(struct rtnl *r, struct rtnl_msg *const msgs[], size_t n,
	       int err[]);

/*
 * Sends the dump request m (NLM_F_DUMP is added) and hands every answer
 * message to fn, to the end of the dump. fn returns 0 or -errno; the first
 * error is kept and returned once the dump is read to its end, so that
 * nothing of it is left to be taken for the next answer. Returns 0, fn's
 * first error or the kernel's -errno (-ENOENT for a table that does not
 * exist yet, which callers may treat as empty).
 */
typedef int rtnl_dump_fn(const struct nlmsghdr *nlh, void *arg);
int rtnl_dump(struct rtnl *r, struct rtnl_msg *m, rtnl_dump_fn *fn, void *arg);

/*
 * Indexes the attributes after a family header of hdrlen bytes: tb[type]
 * is the last attribute of that type (types above max are skipped), NULL
 * if absent. -EINVAL if the message is shorter than its headers or an
 * attribute runs past its end.
 */
int rtnl_parse(const struct nlmsghdr *nlh, size_t hdrlen,
	       const struct rtattr *tb[], unsigned int max);

/* An attribute's u32, or dflt if absent or too short. */
uint32_t rtnl_attr_u32(const struct rtattr *a, uint32_t dflt);

/* The interface's index, or -ENODEV (SIOCGIFINDEX: no netlink answer). */
int rtnl_ifindex(struct rtnl *r, const char *ifname);

/*
 * Name and administrative state of the interface with index ifindex;
 * -ENODEV if there is none.
 */
int rtnl_link_state(struct rtnl *r, int ifindex, char *name, size_t len,
		    bool *up);

#endif
