/* ipproto.c - IANA Assigned Internet Protocol Numbers that tunnelscope
 * names; others are shown by number. */
#include <stddef.h>

#include "ipproto.h"

const struct tok ip_proto_names[] = {
	{ 0, "Hop-by-Hop" },
	{ 1, "ICMP" },
	{ 2, "IGMP" },
	{ 4, "IPv4" },
	{ 6, "TCP" },
	{ 17, "UDP" },
	{ 41, "IPv6" },
	{ 43, "Routing" },
	{ 44, "Fragment" },
	{ 47, "GRE" },
	{ 50, "ESP" },
	{ 51, "AH" },
	{ 58, "ICMPv6" },
	{ 59, "No Next Header" },
	{ 60, "Destination Options" },
	{ 89, "OSPF" },
	{ 103, "PIM" },
	{ 112, "VRRP" },
	{ 115, "L2TP" },
	{ 132, "SCTP" },
	{ 135, "Mobility" },
	{ 139, "HIP" },
	{ 140, "Shim6" },
	{ 253, "Experimental" },
	{ 254, "Experimental" },
	{ 0, NULL }
};
