/* pcapng.h - a small, bounds-checked pcapng block reader (draft-ietf-opsawg-pcapng).
 *
 * libpcap neither says which interface a pcapng packet came from nor
 * accepts interfaces with different link types, so tunnelscope reads
 * pcapng itself.  The reader streams blocks from a FILE (stdin works: it
 * never seeks), keeps one reusable buffer bounded by PCAPNG_MAX_BLOCK, and
 * reports interfaces as they appear and packets with a file-wide interface
 * index (Wireshark's interface id: IDBs counted across sections).
 */
#ifndef TS_PCAPNG_H
#define TS_PCAPNG_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define PCAPNG_MAX_BLOCK	(256u << 20)	/* larger blocks are refused */
#define PCAPNG_MAX_IFS		64		/* interfaces per file */
#define PCAPNG_NAME_MAX		64

/* Block types (pcapng spec, section 11.1). */
#define PCAPNG_BT_SHB		0x0A0D0D0Au
#define PCAPNG_BT_IDB		0x00000001u
#define PCAPNG_BT_PB		0x00000002u	/* obsolete Packet Block */
#define PCAPNG_BT_SPB		0x00000003u
#define PCAPNG_BT_EPB		0x00000006u
#define PCAPNG_BT_JOURNAL	0x00000009u	/* systemd Journal Export */
#define PCAPNG_BT_CUSTOM	0x00000BADu
#define PCAPNG_BT_CUSTOM_NC	0x40000BADu	/* custom, do not copy */

struct pcapng_if {
	int		linktype;	/* LINKTYPE_* */
	uint32_t	snaplen;	/* 0: no limit */
	char		name[PCAPNG_NAME_MAX];	/* if_name, "" when absent */
	char		desc[PCAPNG_NAME_MAX];	/* if_description */
	uint8_t		tsresol;	/* raw if_tsresol (default 6: 10^-6) */
	int64_t		tsoffset;	/* if_tsoffset, seconds */
	unsigned	section;	/* 0-based section it belongs to */
};

/*
 * Wireshark numbers custom blocks and systemd Journal Export blocks as
 * frames too; the reader counts them (PCAPNG_OTHER) so that frame numbers
 * match what the user sees there.
 */
struct pcapng_pkt {
	uint32_t	 ifidx;		/* file-wide interface index */
	uint64_t	 number;	/* 1-based record count */
	int64_t		 ts_ns;		/* 0 for a Simple Packet Block */
	int		 has_ts;	/* 0 for a Simple Packet Block */
	uint32_t	 caplen;
	uint32_t	 len;
	const uint8_t	*data;		/* valid until the next pcapng_next */
};

struct pcapng_reader {
	FILE		*fp;
	uint8_t		*buf;		/* one block body, reused */
	size_t		 bufsize;
	uint64_t	 off;		/* file offset of the next block */
	uint64_t	 packets;	/* numbered records read */
	int		 be;		/* current section is big-endian */
	int		 started;	/* a Section Header Block was read */
	unsigned	 section;	/* sections seen - 1 */
	uint32_t	 sec_base;	/* index of the section's first interface */
	uint32_t	 nifs;		/* interfaces in the file so far */
	struct pcapng_if ifs[PCAPNG_MAX_IFS];
};

enum pcapng_ev {
	PCAPNG_ERROR = -1,	/* broken: text in err, stop reading */
	PCAPNG_EOF = 0,
	PCAPNG_PACKET = 1,	/* *pkt filled */
	PCAPNG_INTERFACE = 2,	/* ifs[nifs - 1] is new */
	PCAPNG_OTHER = 3,	/* a numbered non-packet record: only
				 * pkt->number is set */
};

/* The reader does not own fp. */
void	pcapng_init(struct pcapng_reader *, FILE *);
void	pcapng_free(struct pcapng_reader *);
int	pcapng_next(struct pcapng_reader *, struct pcapng_pkt *,
	    char *err, size_t errlen);
/* Timestamp units of an interface to nanoseconds, saturating. */
int64_t	pcapng_ts_ns(const struct pcapng_if *, uint64_t units);
/* 1 when the interface's resolution is finer than a microsecond. */
int	pcapng_if_nsec(const struct pcapng_if *);

#endif /* TS_PCAPNG_H */
