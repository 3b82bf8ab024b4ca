/* bgp.h - BGP-4 message record (RFC 4271).  Owned by dissectors/bgp.c. */
#ifndef TS_BGP_H
#define TS_BGP_H

#include <stdint.h>

struct bgp_info {
	uint8_t		type;		/* 1 OPEN ... 5 ROUTE-REFRESH */
	uint16_t	length;
};

#endif /* TS_BGP_H */
