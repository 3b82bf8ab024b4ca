/* l2tp.h - L2TPv3 layer record (RFC 3931).  Owned by dissectors/l2tp.c. */
#ifndef TS_L2TP_H
#define TS_L2TP_H

#include <stdint.h>

struct l2tp_info {
	uint8_t		version;	/* 2 or 3 */
	uint8_t		control;	/* T bit */
	uint8_t		over_ip;	/* IP protocol 115, not UDP */
	uint16_t	msg_type;	/* control: Message Type AVP, 0 for ZLB */
	uint32_t	ccid;		/* control: header CCID (recipient's) */
	uint16_t	ns, nr;
	uint32_t	session_id;	/* data */
};

#endif /* TS_L2TP_H */
