/*
 * addr — the SSRF address policy: which resolved addresses newsfold may connect to.
 *
 * A feed URL is chosen by whoever subscribes, and in a multi-user server that is not the
 * operator; without this policy any user could make the server fetch its own admin pages,
 * the LAN, or a cloud metadata service. fetch checks the address at connect time (after DNS,
 * on every connection including redirects), so rebinding a name does not get around it.
 *
 * Refused unless allow_private: IPv4 0/8, 10/8, 100.64/10 (CGNAT), 127/8, 169.254/16
 * (link-local, incl. the 169.254.169.254 metadata service), 172.16/12, 192.0.0/24,
 * 192.168/16, 198.18/15, 224/4 (multicast), 240/4 and broadcast; IPv6 ::, ::1, fc00::/7,
 * fe80::/10, fec0::/10, ff00::/8, and any IPv6 form that embeds an IPv4 address
 * (::ffff:a.b.c.d mapped, ::a.b.c.d compatible, 64:ff9b::/96 NAT64, 2002::/16 6to4) is
 * judged by the embedded IPv4 address.
 *
 * Returns NULL when the address is allowed, else a static phrase naming the class
 * ("a loopback address", ...). Thread-safety: pure functions.
 */
#ifndef FETCH_ADDR_H
#define FETCH_ADDR_H
#include <stdint.h>
#include <sys/socket.h>

const char *fetch_addr_v4_class(uint32_t host_order);
const char *fetch_addr_v6_class(const unsigned char a[16]);
/* For a sockaddr from the resolver (AF_INET / AF_INET6; other families are refused). */
const char *fetch_addr_class(const struct sockaddr *sa, socklen_t len);
/* For a numeric address as text ("10.0.0.1", "::ffff:127.0.0.1"); unparsable text is refused. */
const char *fetch_addr_text_class(const char *ip);
#endif
