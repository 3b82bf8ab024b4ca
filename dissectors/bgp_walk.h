/* bgp_walk.h - one walker over a BGP message for dissection, info and -v.
 *
 * Every message is decoded by one function per part, run in three modes:
 * dissect (ctx set: anomalies, counters, negotiated facts), info (tb set,
 * detail 0: the one-line summary) and detail (tb set, detail 1: every
 * field).  Writing each decoder once keeps the three views consistent.
 * Internal to dissectors/bgp*.c.
 */
#ifndef TS_BGP_WALK_H
#define TS_BGP_WALK_H

#include <stdint.h>

#include "bgp.h"
#include "cursor.h"
#include "dissect.h"
#include "textbuf.h"

#define BGP_INFO_MAX_PFX	8	/* prefixes listed on the info line */

struct bw {
	struct dctx		*ctx;	/* dissect mode; NULL otherwise */
	struct bgp_info		*bi;	/* dissect mode: record to fill */
	const struct bgp_info	*rbi;	/* every mode: decode parameters */
	struct textbuf		*tb;	/* info/detail modes */
	int			 detail;
	/* info line of an UPDATE, written in one walk: the prefixes go to
	 * tb, the next hops and the path (which the message has before its
	 * NLRI) to these, and are appended after them */
	struct textbuf		*nh, *path;
	unsigned		 nshown, nhidden;
	struct bgp_open_facts	*of;	/* dissect OPEN: facts to fill */
	int			 infosep;	/* info: a list item was written */
};

#define BW_TEXT(w)	((w)->tb != NULL)
#define BW_DETAIL(w)	((w)->tb != NULL && (w)->detail)
#define BW_INFO(w)	((w)->tb != NULL && !(w)->detail)

void	bw_anom(struct bw *, const char *name, enum anom_kind,
	    const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* -v line: indent levels of two spaces, then the text, then "\n". */
void	bw_line(struct bw *, int indent, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));
/* -v: start a line (caller appends with tb_* and ends with bw_eol). */
void	bw_bol(struct bw *, int indent);
void	bw_eol(struct bw *);
/* Cursor error -> "bgp.truncated"/"bgp.malformed" naming the part; -1. */
int	bw_cur(struct bw *, const struct cursor *, const char *what);
void	bw_hex(struct textbuf *, const uint8_t *, size_t, size_t max);

const char *bgp_afi_name(uint16_t);
const char *bgp_safi_name(uint8_t);
void	bgp_fam_text(struct textbuf *, uint16_t afi, uint8_t safi);

/* bgp_attr.c: UPDATE.  Dissection: decode parameters (negotiated, or
 * guessed from the message) then the walk; text views: the walk. */
void	bgp_update_dissect(struct bw *, struct cursor *body,
	    const struct bgp_neg *, int dir);
void	bgp_update_walk(struct bw *, struct cursor *body);

#endif /* TS_BGP_WALK_H */
