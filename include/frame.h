/* frame.h - one captured frame as every stage of the pipeline sees it. */
#ifndef TS_FRAME_H
#define TS_FRAME_H

#include <stdint.h>

/* Link types we dissect (values of DLT_* / LINKTYPE_*, see pcap-linktype(7)). */
#define TS_LINKTYPE_NULL	0	/* BSD loopback, host-order AF_ */
#define TS_LINKTYPE_ETHERNET	1
#define TS_LINKTYPE_RAW		101	/* raw IPv4/IPv6 (LINKTYPE_RAW) */
#define TS_LINKTYPE_LOOP	108	/* OpenBSD loopback, network-order AF_ */
#define TS_LINKTYPE_LINUX_SLL	113
#define TS_LINKTYPE_IPV4	228
#define TS_LINKTYPE_IPV6	229
#define TS_LINKTYPE_LINUX_SLL2	276
#define TS_DLT_RAW_BSD		12	/* DLT_RAW on most BSDs and libpcap */
#define TS_DLT_RAW_OPENBSD	14

struct frame {
	uint32_t	 vantage;	/* index in the vantage table */
	uint64_t	 number;	/* 1-based position in its own file */
	int64_t		 ts_ns;		/* UTC, nanoseconds since the epoch */
	uint32_t	 caplen;	/* bytes captured */
	uint32_t	 len;		/* bytes on the wire */
	int		 linktype;	/* LINKTYPE_* value */
	const uint8_t	*data;		/* caplen bytes, valid until next frame */
};

#endif /* TS_FRAME_H */
