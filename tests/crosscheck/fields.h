/* fields.h - tshark-style field extraction for the cross-check (tsfields).
 *
 * tsfields prints, for each frame, the values of the named fields exactly
 * as `tshark -T fields -E occurrence=a -E aggregator=,` prints them, from
 * tunnelscope's own dissection (struct packet).  A field is a tshark name
 * and a function that appends one value per occurrence, in tshark's order
 * (outer layers first, inner frames of tunnels after, then quoted headers
 * of ICMP errors where tshark shows them).
 *
 * To add fields for a protocol: in tests/crosscheck/fields_<proto>.c
 * define `const struct tsf_table tsf_table_<proto>` (l2tp and bgp are
 * declared below as weak symbols, so the file is picked up by just
 * existing: the Makefile links every .c file in tests/crosscheck into tsfields).
 */
#ifndef TS_CROSSCHECK_FIELDS_H
#define TS_CROSSCHECK_FIELDS_H

#include <stddef.h>
#include <stdint.h>

#include "dissect.h"

#define TSF_MAX_OCC	1024	/* a BGP UPDATE can carry hundreds of prefixes */
#define TSF_BUF		32768

/* The values of one field in one frame. */
struct tsf_out {
	char		buf[TSF_BUF];
	size_t		len;
	unsigned	n;
	size_t		start[TSF_MAX_OCC];
};

/* Append one occurrence (printf format). */
void	tsf_val(struct tsf_out *, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
/* Occurrences in tshark's own formats. */
void	tsf_mac(struct tsf_out *, const uint8_t mac[6]);
void	tsf_ip4(struct tsf_out *, uint32_t host_order);
void	tsf_ip6(struct tsf_out *, const uint8_t a[16]);
void	tsf_addr(struct tsf_out *, const struct ts_addr *);

struct tsf_field {
	const char	*name;		/* tshark's field name */
	void		(*fn)(const struct packet *, struct tsf_out *);
};

struct tsf_table {
	const struct tsf_field *fields;
	size_t		n;
};

extern const struct tsf_table tsf_table_base;			/* fields.c */
extern const struct tsf_table tsf_table_l2tp __attribute__((weak));
extern const struct tsf_table tsf_table_bgp __attribute__((weak));

#endif /* TS_CROSSCHECK_FIELDS_H */
