/* stats.h - what the capture contained: protocol and anomaly counts. */
#ifndef TS_STATS_H
#define TS_STATS_H

#include <stdint.h>

#include "proto.h"

struct packet;

#define STATS_MAX_ANOM_NAMES	256

struct anom_count {
	const char	*name;		/* static string from a dissector */
	uint8_t		 kind;		/* enum anom_kind of the first one */
	uint64_t	 count;
	uint32_t	 first_vantage;	/* evidence: first frame it was seen in */
	uint64_t	 first_frame;
	int64_t		 first_ts;	/* its time stamp (report's ts) */
	char		 first_detail[96];
};

struct stats {
	uint64_t	 frames;
	uint64_t	 bytes;		/* on the wire */
	uint64_t	 snapped_frames;	/* caplen < len */
	uint64_t	 truncated_frames;	/* ... and a decoded header was cut */
	uint64_t	 malformed_frames;
	uint64_t	 proto_frames[PROTO_COUNT];	/* frames containing it */
	uint64_t	 proto_inner[PROTO_COUNT];	/* ... inside a pseudowire */
	unsigned	 nanom;
	uint64_t	 anom_total;
	uint64_t	 anom_other;	/* names past STATS_MAX_ANOM_NAMES */
	struct anom_count anom[STATS_MAX_ANOM_NAMES];
};

void	stats_init(struct stats *);
void	stats_frame(struct stats *, const struct packet *);

#endif /* TS_STATS_H */
