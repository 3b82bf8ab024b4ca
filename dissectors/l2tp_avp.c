/* l2tp_avp.c - L2TP AVPs: walking, names, RFC 3931 §6 rules, values, §5.3 un-hiding.
 *
 * Names and numbers: RFC 3931 §3.1, §5.4, §10; RFC 2661 §4.4 for the
 * L2TPv2 AVPs; IANA L2TP registry for 17-29 and 76-101; Cisco's pre-IANA
 * L2TPv3 AVPs under vendor 9 map onto their IETF equivalents.
 */
#include <stdio.h>
#include <string.h>

#include "crypto.h"
#include "l2tp_avp.h"
#include "textbuf.h"

int
l2tp_avp_next(struct l2tp_walk *w, struct l2tp_avp *a)
{
	struct cursor *c = &w->c;
	size_t start, left;
	uint16_t fl;

	if (w->err != WALK_OK || cur_left(c) == 0)
		return 0;
	start = cur_pos(c);
	left = cur_left(c);
	if (left < AVP_HDR) {
		w->err = WALK_SHORT_HDR;
		return 0;
	}
	fl = cur_u16(c);
	a->vendor = cur_u16(c);
	a->type = cur_u16(c);
	if (!cur_ok(c)) {
		w->err = WALK_TRUNC;
		return 0;
	}
	a->flags = fl & (AVP_M | AVP_H);
	a->len = fl & AVP_LEN_MASK;
	a->off = w->base_off + (uint32_t)start;
	if (a->len < AVP_HDR) {
		w->err = WALK_BAD_LEN;
		return 0;
	}
	if (a->len > left) {
		w->err = WALK_PAST_END;
		return 0;
	}
	a->vlen = a->len - AVP_HDR;
	a->vcap = cur_avail(c) < a->vlen ? cur_avail(c) : a->vlen;
	a->val = c->base + cur_pos(c);
	cur_skip_uncaptured(c, a->vlen);	/* inside left: cannot fail */
	a->ietf = 0xffff;
	if (a->vendor == VENDOR_IETF) {
		a->ietf = a->type;
	} else if (a->vendor == VENDOR_CISCO) {
		/* pre-IANA L2TPv3 (Cisco vendor 9, types 1-14; 11 is
		 * unassigned: digest is 12, nonce 13, as tshark numbers them) */
		static const uint16_t map[] = { 0xffff, AVP_ASSIGNED_CCID,
		    AVP_PW_CAPS, AVP_LSID, AVP_RSID, AVP_COOKIE,
		    AVP_REMOTE_END, AVP_PW_TYPE, AVP_CIRCUIT_STATUS,
		    AVP_TIE_BREAKER, 0xffff, 0xffff, AVP_DIGEST, AVP_NONCE,
		    0xffff };

		if (a->type < sizeof(map) / sizeof(map[0]))
			a->ietf = map[a->type];
	}
	return 1;
}

/* ---- names ---- */

static const char *const msg_short[] = {
	NULL, "SCCRQ", "SCCRP", "SCCCN", "STOPCCN", NULL, "HELLO", "OCRQ",
	"OCRP", "OCCN", "ICRQ", "ICRP", "ICCN", NULL, "CDN", "WEN", "SLI",
	"MDMST", "SRRQ", "SRRP", "ACK", "FSQ", "FSR", "MSRQ", "MSRP", "MSE",
	"MSI", "MSEN", "CSUN", "CSURQ",
};

static const char *const msg_long[] = {
	NULL, "Start-Control-Connection-Request",
	"Start-Control-Connection-Reply",
	"Start-Control-Connection-Connected",
	"Stop-Control-Connection-Notification", NULL, "Hello",
	"Outgoing-Call-Request", "Outgoing-Call-Reply",
	"Outgoing-Call-Connected", "Incoming-Call-Request",
	"Incoming-Call-Reply", "Incoming-Call-Connected", NULL,
	"Call-Disconnect-Notify", "WAN-Error-Notify", "Set-Link-Info",
	"Modem-Status", "Service Relay Request", "Service Relay Reply",
	"Explicit Acknowledgement", "Failover Session Query",
	"Failover Session Response", "Multicast-Session-Request",
	"Multicast-Session-Response", "Multicast-Session-Establishment",
	"Multicast-Session-Information", "Multicast-Session-End-Notify",
	"Connect-Speed-Update-Notification", "Connect-Speed-Update-Request",
};

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

const char *
l2tp_msg_short(unsigned mt)
{
	return mt < NELEM(msg_short) ? msg_short[mt] : NULL;
}

const char *
l2tp_msg_name(unsigned mt)
{
	return mt < NELEM(msg_long) ? msg_long[mt] : NULL;
}

static const char *const avp_names[] = {
	[0] = "Message Type", [1] = "Result Code",
	[2] = "Protocol Version", [3] = "Framing Capabilities",
	[4] = "Bearer Capabilities", [5] = "Tie Breaker",
	[6] = "Firmware Revision", [7] = "Host Name", [8] = "Vendor Name",
	[9] = "Assigned Tunnel ID", [10] = "Receive Window Size",
	[11] = "Challenge", [12] = "Q.931 Cause Code",
	[13] = "Challenge Response", [14] = "Assigned Session ID",
	[15] = "Serial Number", [16] = "Minimum BPS", [17] = "Maximum BPS",
	[18] = "Bearer Type", [19] = "Framing Type",
	[20] = "Packet Processing Delay (obsolete)", [21] = "Called Number",
	[22] = "Calling Number", [23] = "Sub-Address",
	[24] = "Connect Speed (v2)", [25] = "Physical Channel ID",
	[26] = "Initial Received LCP CONFREQ",
	[27] = "Last Sent LCP CONFREQ", [28] = "Last Received LCP CONFREQ",
	[29] = "Proxy Authen Type", [30] = "Proxy Authen Name",
	[31] = "Proxy Authen Challenge", [32] = "Proxy Authen ID",
	[33] = "Proxy Authen Response", [34] = "Circuit Errors",
	[35] = "ACCM", [36] = "Random Vector", [37] = "Private Group ID",
	[38] = "Rx Connect Speed (v2)", [39] = "Sequencing Required",
	[46] = "PPP Disconnect Cause Code", [58] = "Extended Vendor ID",
	[59] = "Message Digest", [60] = "Router ID",
	[61] = "Assigned Control Connection ID",
	[62] = "Pseudowire Capabilities List", [63] = "Local Session ID",
	[64] = "Remote Session ID", [65] = "Assigned Cookie",
	[66] = "Remote End ID", [68] = "Pseudowire Type",
	[69] = "L2-Specific Sublayer", [70] = "Data Sequencing",
	[71] = "Circuit Status", [72] = "Preferred Language",
	[73] = "Control Message Authentication Nonce",
	[74] = "Tx Connect Speed", [75] = "Rx Connect Speed",
	[76] = "Failover Capability", [77] = "Tunnel Recovery",
	[78] = "Suggested Control Sequence", [79] = "Failover Session State",
	[80] = "Multicast Capability", [81] = "New Outgoing Sessions",
	[82] = "New Outgoing Sessions Acknowledgement",
	[83] = "Withdraw Outgoing Sessions",
	[84] = "Multicast Packets Priority",
	[85] = "Frame-Relay Header Length",
	[86] = "ATM Maximum Concatenated Cells",
	[87] = "OAM Emulation Required", [88] = "ATM Alarm Status",
	[89] = "Attachment Group Identifier", [90] = "Local End Identifier",
	[91] = "Interface Maximum Transmission Unit",
	[92] = "FCS Retention", [93] = "Tunnel Switching Aggregator ID",
	[94] = "Maximum Receive Unit", [95] = "Maximum Reassembled Receive Unit",
	[96] = "VCCV Capability", [97] = "Connect Speed Update",
	[98] = "Connect Speed Update Enable", [99] = "TDM Pseudowire",
	[100] = "RTP AVP", [101] = "PW Switching Point",
};

static const char *const cisco_names[] = {
	[0] = "Cisco Message Type", [1] = "Cisco Assigned Connection ID",
	[2] = "Cisco Pseudowire Capabilities List",
	[3] = "Cisco Local Session ID", [4] = "Cisco Remote Session ID",
	[5] = "Cisco Assigned Cookie", [6] = "Cisco Remote End ID",
	[7] = "Cisco Pseudowire Type", [8] = "Cisco Circuit Status",
	[9] = "Cisco Session Tie Breaker", [10] = "Cisco Draft AVP Version",
	[12] = "Cisco Message Digest", [13] = "Cisco Authentication Nonce",
	[14] = "Cisco Interface MTU",
};

const char *
l2tp_avp_name(unsigned vendor, unsigned type)
{
	if (vendor == VENDOR_IETF && type < NELEM(avp_names))
		return avp_names[type];
	if (vendor == VENDOR_CISCO && type < NELEM(cisco_names))
		return cisco_names[type];
	return NULL;
}

int
l2tp_avp_known(unsigned version, unsigned vendor, unsigned type)
{
	/* RFC 2661 AVPs count as known in v3 too: LCCEs that speak both
	 * (freeRtr, RFC 3931 §4.7.3 fallback) send them with M set and their
	 * peers accept them; only AVPs in no registry we know are unknown */
	(void)version;
	if (vendor == VENDOR_CISCO)
		return l2tp_avp_name(vendor, type) != NULL;
	return vendor == VENDOR_IETF && l2tp_avp_name(vendor, type) != NULL;
}

const struct tok l2tp_pw_types[] = {
	{ 0x0001, "Frame Relay DLCI" }, { 0x0002, "ATM AAL5 SDU VCC" },
	{ 0x0003, "ATM Cell Transparent Port" }, { 0x0004, "Ethernet VLAN" },
	{ 0x0005, "Ethernet" }, { 0x0006, "HDLC" }, { 0x0007, "PPP" },
	{ 0x0009, "ATM Cell VCC" }, { 0x000a, "ATM Cell VPC" },
	{ 0x000b, "IP" }, { 0x000c, "MPEG-TS" }, { 0x000d, "PSP" },
	{ 0x0011, "SAToP E1" }, { 0x0012, "SAToP T1" },
	{ 0x0013, "SAToP E3" }, { 0x0014, "SAToP T3" },
	{ 0x0015, "CESoPSN basic" }, { 0x0017, "CESoPSN with CAS" },
	{ 0, NULL },
};

const char *
l2tp_pw_name(unsigned t)
{
	return tok_name(l2tp_pw_types, t, NULL);
}

static const struct tok vendors[] = {
	{ 9, "Cisco" }, { 193, "Ericsson" }, { 3561, "Broadband Forum" },
	{ 4491, "CableLabs" }, { 0, NULL },
};

const char *
l2tp_vendor_name(unsigned v)
{
	return tok_name(vendors, v, NULL);
}

static const struct tok stopccn_results[] = {
	{ 0, "Reserved" },
	{ 1, "General request to clear control connection" },
	{ 2, "General error, Error Code indicates the problem" },
	{ 3, "Control connection already exists" },
	{ 4, "Requester is not authorized to establish a control connection" },
	{ 5, "Protocol version of the requester is not supported" },
	{ 6, "Requester is being shut down" },
	{ 7, "Finite state machine error or timeout" },
	{ 8, "Control connection due to mismatching CCDS value" },
	{ 0, NULL },
};

static const struct tok cdn_results[] = {
	{ 0, "Reserved" },
	{ 1, "Session disconnected due to loss of carrier or circuit disconnect" },
	{ 2, "Session disconnected for the reason indicated in Error Code" },
	{ 3, "Session disconnected for administrative reasons" },
	{ 4, "Session establishment failed due to lack of appropriate "
	    "facilities being available (temporary condition)" },
	{ 5, "Session establishment failed due to lack of appropriate "
	    "facilities being available (permanent condition)" },
	{ 6, "Invalid destination" },
	{ 7, "Call failed due to no carrier detected" },
	{ 8, "Call failed due to detection of a busy signal" },
	{ 9, "Call failed due to lack of a dial tone" },
	{ 10, "Call was not established within time allotted by LAC" },
	{ 11, "Call was connected but no appropriate framing was detected" },
	{ 12, "Disconnecting call due to mismatching SDS value" },
	{ 13, "Session not established due to losing tie breaker" },
	{ 14, "Session not established due to unsupported PW type" },
	{ 15, "Session not established, sequencing required without valid "
	    "L2-Specific Sublayer" },
	{ 16, "Finite state machine error or timeout" },
	{ 17, "FR PVC was deleted permanently" },
	{ 18, "FR PVC has been INACTIVE for an extended period of time" },
	{ 19, "Mismatched FR Header Length" },
	{ 20, "HDLC Link was deleted permanently" },
	{ 21, "HDLC Link has been INACTIVE for an extended period of time" },
	{ 22, "Session not established due to other LCCE can not support "
	    "the OAM Cell Emulation" },
	{ 23, "Mismatching interface MTU" },
	{ 24, "Attempt to connect to non-existent forwarder" },
	{ 25, "Attempt to connect to unauthorized forwarder" },
	{ 26, "Loop Detected" },
	{ 27, "Attachment Circuit bound to different PE" },
	{ 28, "Attachment Circuit bound to different remote Attachment Circuit" },
	{ 30, "Refused because of TDM PW parameters" },
	{ 31, "Sequencing not supported" },
	{ 0, NULL },
};

static const struct tok error_codes[] = {
	{ 0, "No General Error" },
	{ 1, "No control connection exists yet for this pair of LCCEs" },
	{ 2, "Length is wrong" },
	{ 3, "One of the field values was out of range" },
	{ 4, "Insufficient resources to handle this operation now" },
	{ 5, "Invalid Session ID" },
	{ 6, "A generic vendor-specific error occurred" },
	{ 7, "Try another" },
	{ 8, "Receipt of an unknown AVP with the M bit set" },
	{ 9, "Try another directed" },
	{ 10, "Next hop unreachable" },
	{ 11, "Next hop busy" },
	{ 12, "TSA busy" },
	{ 0, NULL },
};

static const struct tok l2ss_types[] = {
	{ 0, "None" }, { 1, "Default L2-Specific Sublayer" },
	{ 2, "ATM-Specific Sublayer" }, { 3, "MPT-Specific Sublayer" },
	{ 4, "PSP-Specific Sublayer" }, { 0, NULL },
};

static const struct tok data_seq[] = {
	{ 0, "No incoming data packets require sequencing" },
	{ 1, "Only non-IP data packets require sequencing" },
	{ 2, "All incoming data packets require sequencing" }, { 0, NULL },
};

static const struct tok digest_types[] = {
	{ 0, "HMAC-MD5" }, { 1, "HMAC-SHA-1" }, { 0, NULL },
};

/* ---- RFC 3931 §6 rules ---- */

/* per message: mandatory and allowed IETF AVPs (only v3-defined ones are
 * checked; v2-only and extension AVPs are neither required nor refused) */
struct rule {
	uint8_t		mt;
	const uint8_t	*mand;
	const uint8_t	*allow;
};

static const uint8_t m_sccrq[] = { 0, 7, 60, 61, 62, 0xff };
static const uint8_t a_sccrq[] = { 5, 8, 10, 72, 73, 0xff };
static const uint8_t m_cc[] = { 0, 0xff };
static const uint8_t a_none[] = { 0xff };
static const uint8_t m_stop[] = { 0, 1, 0xff };
static const uint8_t a_stop[] = { 61, 0xff };
static const uint8_t m_icrq[] = { 0, 63, 64, 15, 68, 66, 71, 0xff };
static const uint8_t a_icrq[] = { 5, 25, 65, 69, 70, 74, 75, 0xff };
static const uint8_t m_icrp[] = { 0, 63, 64, 71, 0xff };
static const uint8_t a_icrp[] = { 25, 65, 69, 70, 74, 75, 0xff };
static const uint8_t a_ocrq[] = { 5, 65, 69, 70, 74, 75, 0xff };	/* no 25 */
static const uint8_t a_ocrp[] = { 25, 65, 69, 70, 74, 75, 0xff };
static const uint8_t m_iccn[] = { 0, 63, 64, 0xff };
static const uint8_t a_iccn[] = { 69, 70, 71, 74, 75, 0xff };
static const uint8_t m_cdn[] = { 0, 1, 63, 64, 0xff };
static const uint8_t m_wen[] = { 0, 63, 64, 34, 0xff };
static const uint8_t m_sli[] = { 0, 63, 64, 0xff };
static const uint8_t a_sli[] = { 71, 0xff };

static const struct rule rules[] = {
	{ MT_SCCRQ, m_sccrq, a_sccrq }, { MT_SCCRP, m_sccrq, a_sccrq },
	{ MT_SCCCN, m_cc, a_none }, { MT_STOPCCN, m_stop, a_stop },
	{ MT_HELLO, m_cc, a_none },
	{ MT_OCRQ, m_icrq, a_ocrq }, { MT_OCRP, m_icrp, a_ocrp },
	{ MT_OCCN, m_iccn, a_iccn },
	{ MT_ICRQ, m_icrq, a_icrq }, { MT_ICRP, m_icrp, a_icrp },
	{ MT_ICCN, m_iccn, a_iccn }, { MT_CDN, m_cdn, a_none },
	{ MT_WEN, m_wen, a_none }, { MT_SLI, m_sli, a_sli },
	{ MT_ACK, m_cc, a_none },
};

/* allowed in every message (§5.4.1 and §5.3) */
static const uint8_t a_all[] = { 0, 36, 58, 59, 0xff };

int
l2tp_msg_rules(unsigned mt, struct l2tp_avpset *mand,
    struct l2tp_avpset *allowed)
{
	const uint8_t *p;
	size_t i;

	memset(mand, 0, sizeof(*mand));
	memset(allowed, 0, sizeof(*allowed));
	for (i = 0; i < NELEM(rules); i++) {
		if (rules[i].mt != mt)
			continue;
		for (p = rules[i].mand; *p != 0xff; p++) {
			l2tp_set_add(mand, *p);
			l2tp_set_add(allowed, *p);
		}
		for (p = rules[i].allow; *p != 0xff; p++)
			l2tp_set_add(allowed, *p);
		for (p = a_all; *p != 0xff; p++)
			l2tp_set_add(allowed, *p);
		return 1;
	}
	return 0;
}

/* ---- values ---- */

static uint32_t
be16(const uint8_t *p)
{
	return (uint32_t)p[0] << 8 | p[1];
}

static uint32_t
be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3];
}

static void
put_text(struct textbuf *tb, const uint8_t *v, size_t n)
{
	tb_putc(tb, '"');
	tb_esc(tb, v, n);
	tb_putc(tb, '"');
}

static void
put_named(struct textbuf *tb, const struct tok *t, unsigned v)
{
	const char *s = tok_name(t, v, NULL);

	if (s != NULL)
		tb_printf(tb, "%s (%u)", s, v);
	else
		tb_printf(tb, "unknown (%u)", v);
}

void
l2tp_avp_format(struct textbuf *tb, unsigned version, unsigned mt,
    unsigned vendor, unsigned t, const uint8_t *v, size_t n,
    size_t wire_len)
{
	size_t i;

	if (n < wire_len) {	/* the capture cut the value */
		tb_printf(tb, "[%zu of %zu bytes captured] ", n, wire_len);
		tb_hex(tb, v, n);
		return;
	}
	(void)vendor;
	switch (t) {
	case AVP_MSG_TYPE:
		if (n != 2)
			break;
		if (l2tp_msg_short(be16(v)) != NULL)
			tb_printf(tb, "%s (%u)", l2tp_msg_short(be16(v)), be16(v));
		else
			tb_printf(tb, "unknown (%u)", be16(v));
		return;
	case AVP_RESULT:
		if (n < 2)
			break;
		tb_puts(tb, "result ");
		put_named(tb, mt == MT_CDN ? cdn_results : stopccn_results,
		    be16(v));
		if (n >= 4) {
			tb_puts(tb, ", error ");
			put_named(tb, error_codes, be16(v + 2));
		}
		if (n > 4) {
			tb_puts(tb, ", message ");
			put_text(tb, v + 4, n - 4);
		}
		if (n == 3)
			tb_puts(tb, " [odd byte]");
		return;
	case AVP_PROTO_VER:
		if (n != 2)
			break;
		tb_printf(tb, "version %u revision %u", v[0], v[1]);
		return;
	case AVP_TIE_BREAKER:
		if (n != 8)
			break;
		tb_hex(tb, v, n);
		return;
	case AVP_HOST_NAME: case AVP_VENDOR_NAME: case AVP_REMOTE_END:
	case AVP_PREF_LANG: case 21: case 22: case 23: case 30:
		put_text(tb, v, n);
		return;
	case AVP_TUNNEL_ID: case AVP_RWS: case AVP_ASSIGNED_SID_V2: case 6:
		if (n != 2)
			break;
		tb_printf(tb, "%u", be16(v));
		return;
	case AVP_SERIAL: case AVP_PHYS_CHAN: case AVP_ASSIGNED_CCID:
	case AVP_LSID: case AVP_RSID: case 16: case 17: case 24: case 38:
		if (n != 4)
			break;
		tb_printf(tb, "%u", be32(v));
		return;
	case AVP_ROUTER_ID:
		if (n != 4)
			break;
		/* a 32-bit number, often but not necessarily an address */
		tb_printf(tb, "%u (", be32(v));
		tb_ip4(tb, be32(v));
		tb_putc(tb, ')');
		return;
	case AVP_CIRCUIT_ERRORS:
		if (version == 3 && n == 18) {
			tb_printf(tb, "hardware-overruns %u buffer-overruns %u "
			    "timeout-errors %u alignment-errors %u (RFC 3931 "
			    "figure layout)", be32(v + 2), be32(v + 6),
			    be32(v + 10), be32(v + 14));
			return;
		}
		if (n == 26) {
			tb_printf(tb, "crc-errors %u framing-errors %u "
			    "hardware-overruns %u buffer-overruns %u "
			    "timeout-errors %u alignment-errors %u (RFC 2661 "
			    "layout)", be32(v + 2), be32(v + 6), be32(v + 10),
			    be32(v + 14), be32(v + 18), be32(v + 22));
			return;
		}
		break;
	case AVP_RANDOM_VECTOR: case AVP_NONCE:
		tb_printf(tb, "%zu bytes ", n);
		tb_hex(tb, v, n);
		return;
	case AVP_DIGEST:
		if (n < 1)
			break;
		put_named(tb, digest_types, v[0]);
		tb_putc(tb, ' ');
		tb_hex(tb, v + 1, n - 1);
		if ((v[0] == 0 && n != 17) || (v[0] == 1 && n != 21))
			tb_puts(tb, " [wrong length for this type]");
		return;
	case AVP_PW_CAPS:
		if (n == 0 || n % 2)
			break;
		for (i = 0; i < n; i += 2) {
			if (i)
				tb_puts(tb, ", ");
			put_named(tb, l2tp_pw_types, be16(v + i));
		}
		return;
	case AVP_PW_TYPE:
		if (n != 2)
			break;
		put_named(tb, l2tp_pw_types, be16(v));
		return;
	case AVP_COOKIE:
		if (n == 0) {
			tb_puts(tb, "none (0 bytes)");
			return;
		}
		if (n != 4 && n != 8)
			break;
		tb_printf(tb, "%zu bytes ", n);
		tb_hex(tb, v, n);
		return;
	case AVP_L2SS:
		if (n != 2)
			break;
		put_named(tb, l2ss_types, be16(v));
		return;
	case AVP_DATA_SEQ:
		if (n != 2)
			break;
		put_named(tb, data_seq, be16(v));
		return;
	case AVP_CIRCUIT_STATUS:
		if (n != 2)
			break;
		tb_printf(tb, "0x%04x %s, %s", be16(v),
		    be16(v) & 0x0001 ? "active" : "inactive",
		    be16(v) & 0x0002 ? "new" : "existing");
		return;
	case AVP_TX_SPEED: case AVP_RX_SPEED:
		if (n != 8)
			break;
		{
			unsigned long long bps = (unsigned long long)be32(v) <<
			    32 | be32(v + 4);

			if (bps == 0)
				tb_puts(tb, "0 (indeterminable)");
			else
				tb_printf(tb, "%llu bit/s", bps);
		}
		return;
	case AVP_EXT_VENDOR:
		if (n < 6)
			break;
		tb_printf(tb, "vendor %u type %u value ", be32(v), be16(v + 4));
		tb_hex(tb, v + 6, n - 6);
		return;
	default:
		break;
	}
	/* unknown layout or a length that does not fit the type */
	tb_hex(tb, v, n);
	if (t <= AVP_V3_MAX && l2tp_avp_name(VENDOR_IETF, t) != NULL &&
	    t != 3 && t != 4 && t != 11 && t != 12 && t != 13 && t != 18 &&
	    t != 19 && !(t >= 26 && t <= 29) && !(t >= 31 && t <= 33) &&
	    t != 35 && t != 37 && t != 39 && t != 46)
		tb_puts(tb, " [unexpected length]");
}

/* ---- RFC 3931 §5.3 un-hiding ---- */

int
l2tp_unhide(const uint8_t *key, size_t klen, uint16_t type,
    const uint8_t *rv, size_t rvlen, const uint8_t *c, size_t n,
    uint8_t *out, size_t *outlen)
{
	struct md5_ctx m;
	uint8_t b[MD5_LEN], tb2[2];
	size_t i, j, olen;

	*outlen = 0;
	if (n < 2)
		return 0;
	/* b1 = MD5(type + key + RV); b(i) = MD5(key + c(i-1)) */
	for (i = 0; i < n; i += MD5_LEN) {
		md5_init(&m);
		if (i == 0) {
			tb2[0] = (uint8_t)(type >> 8);
			tb2[1] = (uint8_t)type;
			md5_update(&m, tb2, 2);
			md5_update(&m, key, klen);
			md5_update(&m, rv, rvlen);
		} else {
			md5_update(&m, key, klen);
			md5_update(&m, c + i - MD5_LEN, MD5_LEN);
		}
		md5_final(&m, b);
		for (j = 0; j < MD5_LEN && i + j < n; j++)
			out[i + j] = c[i + j] ^ b[j];
	}
	olen = (size_t)out[0] << 8 | out[1];
	if (olen > n - 2)	/* random padding follows; never longer */
		return 0;
	memmove(out, out + 2, olen);
	*outlen = olen;
	return 1;
}
