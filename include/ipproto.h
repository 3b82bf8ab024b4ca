/* ipproto.h - names of IP protocol numbers (IPv4 Protocol, IPv6 Next
 * Header): one IANA registry, shared by every dissector that shows one. */
#ifndef TS_IPPROTO_H
#define TS_IPPROTO_H

#include "textbuf.h"

extern const struct tok ip_proto_names[];

#endif /* TS_IPPROTO_H */
