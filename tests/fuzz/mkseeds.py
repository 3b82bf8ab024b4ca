#!/usr/bin/env python3
"""mkseeds.py - raw seed inputs for the fuzz targets, cut from captures.

Reads captures/*.pcap* and /work/shared/corpus/**/*.pcap* (or the paths
given with -i), splits their frames into each target's input framing
(tests/fuzz/fuzz.h: [config byte] then records [u16 len][u8 flags][bytes])
and writes them under OUT/<target>/.  tests/fuzz/seeds.sh then keeps the
coverage-minimal subset with libFuzzer's -merge=1.

usage: mkseeds.py OUT [capture ...]
"""
import glob
import hashlib
import math
import os
import struct
import sys

MAX_REC = 16


def read_pcap(data):
    """Frames (linktype, ts_ns, bytes) of a classic pcap or a pcapng."""
    if len(data) < 24:
        return
    magic = data[:4]
    if magic in (b"\xd4\xc3\xb2\xa1", b"\x4d\x3c\xb2\xa1",
                 b"\xa1\xb2\xc3\xd4", b"\xa1\xb2\x3c\x4d"):
        le = magic[0] in (0xd4, 0x4d)
        e = "<" if le else ">"
        nsec = magic in (b"\x4d\x3c\xb2\xa1", b"\xa1\xb2\x3c\x4d")
        lt = struct.unpack(e + "I", data[20:24])[0] & 0xffff
        off = 24
        while off + 16 <= len(data):
            sec, frac, cap, _ = struct.unpack(e + "IIII", data[off:off + 16])
            off += 16
            if off + cap > len(data):
                return
            ts = sec * 10**9 + (frac if nsec else frac * 1000)
            yield lt, ts, data[off:off + cap]
            off += cap
        return
    if magic != b"\x0a\x0d\x0d\x0a":
        return
    off, e, ifs = 0, "<", []
    while off + 12 <= len(data):
        bt = struct.unpack(e + "I", data[off:off + 4])[0]
        if bt == 0x0A0D0D0A:
            e = "<" if data[off + 8:off + 12] == b"\x4d\x3c\x2b\x1a" else ">"
            ifs = []
        blen = struct.unpack(e + "I", data[off + 4:off + 8])[0]
        if blen < 12 or off + blen > len(data):
            return
        body = data[off + 8:off + blen - 4]
        if bt == 1 and len(body) >= 8:
            ifs.append(struct.unpack(e + "H", body[:2])[0])
        elif bt == 6 and len(body) >= 20:
            ifi, hi, lo, cap = struct.unpack(e + "IIII", body[:16])
            if ifi < len(ifs):
                yield ifs[ifi], ((hi << 32) | lo) * 1000, body[20:20 + cap]
        off += blen


def ip_of(lt, f):
    """(ip bytes) of a frame, through Ethernet/VLAN/SLL/SLL2/raw."""
    if lt == 1:
        if len(f) < 14:
            return None
        et, off = struct.unpack(">H", f[12:14])[0], 14
        while et in (0x8100, 0x88a8) and len(f) >= off + 4:
            et, off = struct.unpack(">H", f[off + 2:off + 4])[0], off + 4
        return f[off:] if et in (0x0800, 0x86dd) else None
    if lt == 113:
        return f[16:] if len(f) > 16 and f[14:16] in (b"\x08\x00", b"\x86\xdd") else None
    if lt == 276:
        return f[20:] if len(f) > 20 and f[0:2] in (b"\x08\x00", b"\x86\xdd") else None
    if lt in (101, 228, 229, 12, 14):
        return f
    return None


def l4_of(ip):
    """(af, proto, src, dst, payload) of an unfragmented IP packet."""
    if len(ip) < 20:
        return None
    v = ip[0] >> 4
    if v == 4:
        ihl = (ip[0] & 15) * 4
        tot = struct.unpack(">H", ip[2:4])[0]
        if struct.unpack(">H", ip[6:8])[0] & 0x3fff:
            return None
        return 4, ip[9], ip[12:16], ip[16:20], ip[ihl:max(tot, ihl)]
    if v == 6 and len(ip) >= 40:
        plen = struct.unpack(">H", ip[4:6])[0]
        return 6, ip[6], ip[8:24], ip[24:40], ip[40:40 + plen]
    return None


def recs(items):
    """items: (flags, bytes) -> record framing."""
    out = b""
    for fl, b in items[:MAX_REC]:
        b = b[:9000]
        out += struct.pack(">HB", len(b), fl) + b
    return out


class Seeds:
    def __init__(self, out):
        self.out = out
        self.n = {}
        self.per = {}

    def put(self, target, data):
        # a few per capture and target: merging keeps the useful ones
        if not data or self.per.get(target, 0) >= 60:
            return
        self.per[target] = self.per.get(target, 0) + 1
        d = os.path.join(self.out, target)
        os.makedirs(d, exist_ok=True)
        h = hashlib.sha1(data).hexdigest()[:16]
        with open(os.path.join(d, h), "wb") as fp:
            fp.write(data)
        self.n[target] = self.n.get(target, 0) + 1


def chunks(seq, n):
    for i in range(0, len(seq), n):
        yield seq[i:i + n]


def one_capture(path, S):
    S.per = {}
    with open(path, "rb") as fp:
        data = fp.read()
    if data[:4] == b"\x0a\x0d\x0d\x0a":
        S.put("pcapng", data[:16384])
    frames = list(read_pcap(data))
    if not frames:
        return
    lts = {1: 0, 101: 1, 228: 1, 229: 1, 113: 2, 276: 3}
    # pipeline: 32 frames per seed, time steps k*k*100 ms
    for ch in chunks(frames, 32):
        items, prev = [], ch[0][1]
        for lt, ts, f in ch:
            if lt not in lts:
                continue
            k = min(31, int(round(math.sqrt(max(0, ts - prev) / 1e8))))
            prev = ts
            items.append((k << 3 | lts[lt], f[:4000]))
        S.put("pipeline", b"".join(struct.pack(">HB", len(b), fl) + b
                                   for fl, b in items[:32]))
    eth = [f for lt, _, f in frames if lt == 1]
    for ch in chunks(eth, 4):
        S.put("eth", recs([(0, f) for f in ch]))
    ips = [ip for ip in (ip_of(lt, f) for lt, _, f in frames) if ip]
    v4 = [ip for ip in ips if ip[0] >> 4 == 4]
    v6 = [ip for ip in ips if ip[0] >> 4 == 6]
    for ch in chunks(v4, 6):
        S.put("ipv4", recs([(0, p) for p in ch]))
    for ch in chunks(v6, 6):
        S.put("ipv6", recs([(0, p) for p in ch]))
    l4 = [x for x in (l4_of(ip) for ip in ips) if x]
    first = {}
    by = {"udp": [], "tcp": [], "icmp4": [], "icmp6": [], "l2udp": [],
          "l2ip": [], "bgp": [], "tcps": []}
    for af, proto, src, dst, pl in l4:
        if proto == 17 and len(pl) >= 8:
            by["udp"].append((af, pl))
            sp, dp = struct.unpack(">HH", pl[:4])
            if 1701 in (sp, dp):
                key = (af, 17)
                a = first.setdefault(key, src)
                by["l2udp"].append((af, int(src != a), pl[8:]))
        elif proto == 115:
            a = first.setdefault((af, 115), src)
            by["l2ip"].append((af, int(src != a), pl))
        elif proto == 6 and len(pl) >= 20:
            by["tcp"].append((af, pl))
            sp, dp = struct.unpack(">HH", pl[:4])
            doff = (pl[12] >> 4) * 4
            if 179 in (sp, dp) and doff >= 20:
                rev = int(sp == 179)
                by["bgp"].append((af, rev, pl[doff:], pl))
        elif proto == 1 and af == 4:
            by["icmp4"].append(pl)
        elif proto == 58 and af == 6:
            by["icmp6"].append(pl)
    for ch in chunks(by["udp"], 4):
        S.put("udp", recs([(0, p) for _, p in ch]))
    for ch in chunks(by["tcp"], 4):
        S.put("tcp", bytes([ch[0][0] == 6]) + recs([(0, p) for _, p in ch]))
    for ch in chunks(by["icmp4"], 4):
        S.put("icmp", b"\x00" + recs([(0, p) for p in ch]))
    for ch in chunks(by["icmp6"], 4):
        S.put("icmp", b"\x01" + recs([(0, p) for p in ch]))
    for name, key in (("l2tp_ctl_udp", "l2udp"), ("l2tp_ctl_ip", "l2ip")):
        for ch in chunks(by[key], MAX_REC):
            cfg = int(ch[0][0] == 6)
            S.put(name, bytes([cfg]) + recs([(r, p) for _, r, p in ch]))
            # the same messages for the data target, each pref setting
            for setting in range(12):
                cb = (setting % 4) << 1 | (setting // 4) << 3
                cb |= cfg | (0x20 if key == "l2ip" else 0)
                S.put("l2tp_data", bytes([cb]) +
                      recs([(r, p) for _, r, p in ch]))
    for ch in chunks(by["bgp"], MAX_REC):
        S.put("bgp", bytes([int(ch[0][0] == 6)]) +
              recs([(r, p) for _, r, p, _ in ch if p]))
    # tcp_stream: sequence offsets relative to each direction's first seq
    isn = {}
    for ch in chunks(by["bgp"], 48):
        items = []
        for _, rev, payload, seg in ch:
            seq, ack = struct.unpack(">II", seg[4:12])
            win = struct.unpack(">H", seg[14:16])[0]
            base = isn.setdefault(rev, seq)
            abase = isn.get(1 - rev, ack)
            fl = rev
            tf = seg[13]
            for bit, tb in ((1, 0x01), (2, 0x02), (3, 0x04), (4, 0x08),
                            (5, 0x10)):
                if tf & tb:
                    fl |= 1 << bit
            items.append((fl, struct.pack(">IIH", (seq - base) & 0xffffffff,
                                          (ack - abase) & 0xffffffff, win) +
                          payload))
        S.put("tcp_stream", b"".join(struct.pack(">HB", len(b), fl) + b
                                     for fl, b in items))


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    out = sys.argv[1]
    paths = sys.argv[2:]
    if not paths:
        paths = sorted(glob.glob("captures/*.pcap*"))
        paths += sorted(glob.glob("/work/shared/corpus/**/*.pcap*",
                                  recursive=True))
        paths += sorted(glob.glob("/work/shared/corpus/**/*.cap",
                                  recursive=True))
    S = Seeds(out)
    for p in paths:
        try:
            one_capture(p, S)
        except (OSError, struct.error) as ex:
            print("mkseeds: %s: %s" % (p, ex), file=sys.stderr)
    for t in sorted(S.n):
        print("mkseeds: %-14s %d raw seeds" % (t, S.n[t]))


if __name__ == "__main__":
    main()
