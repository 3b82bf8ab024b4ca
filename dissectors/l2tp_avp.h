/* l2tp_avp.h - L2TP AVP walking, names, validation tables, un-hiding.
 * Private to dissectors/l2tp.c and dissectors/l2tp_avp.c. */
#ifndef TS_L2TP_AVP_H
#define TS_L2TP_AVP_H

#include <stddef.h>
#include <stdint.h>

#include "cursor.h"
#include "l2tp.h"
#include "textbuf.h"

struct textbuf;
struct tok;

#define AVP_M		0x8000
#define AVP_H		0x4000
#define AVP_LEN_MASK	0x03ff
#define AVP_HDR		6

#define VENDOR_IETF	0
#define VENDOR_CISCO	9

/* IETF AVP types (RFC 2661 §4.4, RFC 3931 §5.4) */
enum {
	AVP_MSG_TYPE = 0, AVP_RESULT = 1, AVP_PROTO_VER = 2,
	AVP_TIE_BREAKER = 5, AVP_HOST_NAME = 7, AVP_VENDOR_NAME = 8,
	AVP_TUNNEL_ID = 9, AVP_RWS = 10, AVP_ASSIGNED_SID_V2 = 14,
	AVP_SERIAL = 15, AVP_PHYS_CHAN = 25, AVP_CIRCUIT_ERRORS = 34,
	AVP_RANDOM_VECTOR = 36, AVP_EXT_VENDOR = 58, AVP_DIGEST = 59,
	AVP_ROUTER_ID = 60, AVP_ASSIGNED_CCID = 61, AVP_PW_CAPS = 62,
	AVP_LSID = 63, AVP_RSID = 64, AVP_COOKIE = 65, AVP_REMOTE_END = 66,
	AVP_PW_TYPE = 68, AVP_L2SS = 69, AVP_DATA_SEQ = 70,
	AVP_CIRCUIT_STATUS = 71, AVP_PREF_LANG = 72, AVP_NONCE = 73,
	AVP_TX_SPEED = 74, AVP_RX_SPEED = 75,
	AVP_V3_MAX = 75,
};

/* Message types (RFC 3931 §3.1) */
enum {
	MT_SCCRQ = 1, MT_SCCRP, MT_SCCCN, MT_STOPCCN, MT_HELLO = 6, MT_OCRQ,
	MT_OCRP, MT_OCCN, MT_ICRQ, MT_ICRP, MT_ICCN, MT_CDN = 14, MT_WEN,
	MT_SLI, MT_ACK = 20,
};

/* One AVP as found in a message. */
struct l2tp_avp {
	uint16_t	flags;		/* M, H bits as sent */
	uint16_t	len;		/* Length field */
	uint16_t	vendor, type;	/* Cisco vendor-9 types mapped? see ietf */
	uint16_t	ietf;		/* equivalent IETF type, 0xffff none */
	uint32_t	off;		/* AVP start, from the message start */
	const uint8_t	*val;		/* captured value bytes (cipher if H) */
	size_t		 vlen;		/* value length per Length field */
	size_t		 vcap;		/* of which captured */
};

/* Walk state: AVPs of one message.  The cursor bounds everything. */
struct l2tp_walk {
	struct cursor	c;		/* over the AVP area */
	uint32_t	base_off;	/* offset of c's first byte in message */
	int		err;		/* l2tp_walk_err */
};

enum l2tp_walk_err {
	WALK_OK = 0,
	WALK_SHORT_HDR,		/* fewer than 6 bytes left */
	WALK_BAD_LEN,		/* Length < 6 */
	WALK_PAST_END,		/* Length runs past the message */
	WALK_TRUNC,		/* capture ends inside the AVP header */
};

/* Next AVP: 1 found, 0 end or error (walk->err). */
int	l2tp_avp_next(struct l2tp_walk *, struct l2tp_avp *);

/* Names. */
const char *l2tp_msg_short(unsigned);		/* "SCCRQ", NULL if unknown */
const char *l2tp_msg_name(unsigned);		/* long name */
const char *l2tp_avp_name(unsigned vendor, unsigned type);	/* NULL unknown */
const char *l2tp_pw_name(unsigned);
const char *l2tp_vendor_name(unsigned);
extern const struct tok l2tp_pw_types[];

/* Is this AVP known (decodable) for this version? */
int	l2tp_avp_known(unsigned version, unsigned vendor, unsigned type);

/* v3 message rules (RFC 3931 §6): bit sets over IETF AVP types 0..75. */
struct l2tp_avpset {
	uint32_t	w[3];
};
static inline void
l2tp_set_add(struct l2tp_avpset *s, unsigned t)
{
	if (t < 96)
		s->w[t / 32] |= 1u << (t % 32);
}
static inline int
l2tp_set_has(const struct l2tp_avpset *s, unsigned t)
{
	return t < 96 && (s->w[t / 32] >> (t % 32)) & 1;
}
/* 1 when the table knows mt; *mand and *allowed filled. */
int	l2tp_msg_rules(unsigned mt, struct l2tp_avpset *mand,
	    struct l2tp_avpset *allowed);

/* Format an AVP value (cleartext) for -v.  mt selects Result Code tables. */
void	l2tp_avp_format(struct textbuf *, unsigned version, unsigned mt,
	    unsigned vendor, unsigned ietf_type, const uint8_t *v, size_t n,
	    size_t wire_len);

/*
 * Un-hide (RFC 3931 §5.3; RFC 2661 §4.3 for v2, where the key is the
 * secret itself): out gets the original value, *outlen its length.
 * Returns 1 on success, 0 when the embedded length does not fit (wrong
 * secret or corrupt AVP).  key/klen: v3 shared key HMAC-MD5(secret, 1);
 * v2 the secret.  out must hold n bytes.
 */
int	l2tp_unhide(const uint8_t *key, size_t klen, uint16_t type,
	    const uint8_t *rv, size_t rvlen, const uint8_t *c, size_t n,
	    uint8_t *out, size_t *outlen);

#endif /* TS_L2TP_AVP_H */
