/* l2tp.h - L2TPv3 layer record (RFC 3931).  Owned by dissectors/l2tp.c.
 *
 * Kept small: it lives in every layer's union.  AVPs are not stored; the
 * text functions walk the AVP bytes again from layer->base + layer->off
 * (only printed frames pay for that).  What the one-line info, the events
 * and the conversation record need is summarised here.  Offsets (host
 * name, nonce) are from the start of the L2TP layer (layer->off).
 */
#ifndef TS_L2TP_H
#define TS_L2TP_H

#include <stdint.h>

#define L2TP_NONE16	0xffff		/* u16 summary field: absent */
#define L2TP_NONE8	0xff		/* u8 summary field: absent */

/* How a data message's cookie/L2SS layout was decided. */
enum l2tp_layout_src {
	L2TP_LAYOUT_UNKNOWN = 0,	/* nothing known, no payload handoff */
	L2TP_LAYOUT_NEGOTIATED,		/* from the captured control plane */
	L2TP_LAYOUT_PREF,		/* -o l2tp.cookie_size / l2tp.l2ss */
	L2TP_LAYOUT_INFERRED,		/* scored from inner-frame plausibility */
};

/* Message Digest verification (needs -o l2tp.secret). */
enum l2tp_digest {
	L2TP_DIGEST_NONE = 0,		/* no digest AVP */
	L2TP_DIGEST_UNCHECKED,		/* no secret or no nonces */
	L2TP_DIGEST_OK,
	L2TP_DIGEST_BAD,
};

struct l2tp_info {
	uint8_t		version;	/* 2 or 3 */
	uint8_t		control;	/* T bit */
	uint8_t		over_ip;	/* IP protocol 115, not UDP */
	uint8_t		zlb;		/* control message without AVPs */
	uint16_t	flags;		/* first 16 header bits as sent */
	uint16_t	length;		/* control: Length field */
	uint16_t	msg_type;	/* Message Type AVP; 0 for ZLB */
	uint16_t	ns, nr;
	uint32_t	ccid;		/* control: header CCID (recipient's);
					   v2: tunnel<<16 | session */
	/* control summary (AVP values; L2TP_NONE* when absent) */
	uint32_t	assigned_ccid;	/* 0 when absent */
	uint32_t	router_id;
	uint32_t	lsid, rsid;	/* Local/Remote Session ID AVPs */
	uint16_t	result, error;	/* Result Code AVP */
	uint16_t	pw_type;	/* PW Type AVP; data: PW type used */
	uint16_t	host_off;	/* Host Name value, from layer off */
	uint8_t		host_len;	/* clipped to 255 */
	uint8_t		nonce_len;	/* Nonce AVP value (clipped to 255) */
	uint16_t	nonce_off;
	uint8_t		cookie_len;	/* Assigned Cookie / data cookie */
	uint8_t		l2ss;		/* L2SS AVP value / data: 0 none 1 default */
	uint8_t		cookie[8];	/* Assigned Cookie value (un-hidden) */
	uint8_t		digest;		/* enum l2tp_digest */
	uint8_t		hidden;		/* AVPs with H set; un-hidden ones below */
	uint8_t		unhidden;
	/* data summary */
	uint8_t		layout;		/* enum l2tp_layout_src */
	uint8_t		confidence;	/* percent, for an inferred layout */
	uint8_t		l2ss_flags;	/* default L2SS first octet */
	uint8_t		pw_assumed;	/* PW type assumed (no control plane) */
	uint8_t		payload_off;	/* payload start, from layer off */
	uint32_t	session_id;	/* data */
	uint32_t	l2ss_seq;	/* default L2SS 24-bit sequence */
	/* un-hidden AVP values for the text functions: bytes owned by the
	 * conversation db, valid while this frame is handled (NULL if none) */
	const uint8_t	*unhid;
	uint16_t	unhid_len;
};

#endif /* TS_L2TP_H */
