#!/usr/bin/env python3
"""tshark-check.py - check a `tunnelscope -T decode [-v]` output against tshark.

usage: tshark-check.py CAPTURE DECODE-OUTPUT

Every value the decode view prints that tshark also has (frame number and
time, addresses, ports, lengths, ids, flags, checksums, TCP options, ICMP
fields, VLAN tags, ARP fields) is compared with
`tshark -n -r CAPTURE -T fields -E occurrence=a` for the same frame.  The
tool's occurrences must equal tshark's first occurrences in order (tshark
also lists headers quoted inside ICMP errors, which the tool prints on
their own lines).  Prints each mismatch and "checked N values, M
mismatches"; exit 1 on a mismatch.  Lines and words it does not know are
ignored, so a clean run says only that nothing it checked is wrong: read
the rest by hand (tests/golden/README.md).

This is how expected golden files for the decode view were verified
before being committed; it is not run by `make golden`.
"""
import datetime
import re
import subprocess
import sys

FIELDS = """frame.number frame.time_epoch eth.dst eth.src eth.type vlan.id
vlan.priority vlan.dei vlan.etype ieee8021ad.id ieee8021ad.priority
ieee8021ad.dei ip.hdr_len ip.dsfield ip.len ip.id ip.flags.df ip.flags.mf
ip.frag_offset ip.ttl ip.proto ip.checksum ip.src ip.dst ipv6.tclass
ipv6.flow ipv6.plen ipv6.nxt ipv6.hlim ipv6.src ipv6.dst udp.srcport
udp.dstport udp.length udp.checksum tcp.srcport tcp.dstport tcp.seq_raw
tcp.ack_raw tcp.hdr_len tcp.flags tcp.window_size_value tcp.urgent_pointer
tcp.checksum tcp.len tcp.options.mss_val tcp.options.wscale.shift
tcp.options.timestamp.tsval tcp.options.timestamp.tsecr icmp.type
icmp.code icmp.checksum icmp.ident icmp.seq icmpv6.type icmpv6.code
icmpv6.checksum icmpv6.echo.identifier icmpv6.echo.sequence_number
arp.hw.type arp.proto.type arp.hw.size arp.proto.size arp.opcode
arp.src.hw_mac arp.src.proto_ipv4 arp.dst.hw_mac arp.dst.proto_ipv4
icmp.mtu icmpv6.mtu""".split()


def tshark(cap):
    out = subprocess.run(
        ["tshark", "-n", "-r", cap, "-T", "fields", "-E", "occurrence=a",
         "-E", "aggregator=|"] + sum([["-e", f] for f in FIELDS], []),
        capture_output=True, text=True).stdout
    frames = {}
    for line in out.splitlines():
        vals = line.split("\t")
        d = {f: (v.split("|") if v else []) for f, v in zip(FIELDS, vals)}
        frames[int(d["frame.number"][0])] = d
    return frames


def num(v):
    v = v.strip()
    return int(v, 16) if v.lower().startswith("0x") else int(v)


def same(a, b):
    """tshark and tool spell numbers differently (0x0010 vs 16)."""
    if a == b:
        return True
    try:
        return num(a) == num(b)
    except ValueError:
        return a.lower() == b.lower()


def parse(line, put):
    """Put (tshark field, value) pairs for one -v line."""
    s = line.strip()
    kv = dict(re.findall(r"(\w+)=(\S+)", s))
    if s.startswith("Ethernet:"):
        for k, f in (("dst", "eth.dst"), ("src", "eth.src"),
                     ("type", "eth.type")):
            if k in kv:
                put(f, kv[k])
    elif s.startswith("VLAN:"):
        p = "ieee8021ad" if kv.get("tpid") == "0x88a8" else "vlan"
        put(p + ".id", kv["vid"])
        put(p + ".priority", kv["pcp"])
        put(p + ".dei", kv["dei"])
        if p == "vlan":
            put("vlan.etype", kv["type"])
    elif s.startswith("IPv4:") and "ihl" in kv:
        put("ip.hdr_len", kv["ihl"])
        put("ip.dsfield", kv["tos"])
        put("ip.len", kv["len"])
        put("ip.id", kv["id"])
        flags = kv["flags"].split(",")
        put("ip.flags.df", "1" if "DF" in flags else "0")
        put("ip.flags.mf", "1" if "MF" in flags else "0")
        put("ip.frag_offset", str(int(kv["off"]) // 8))
        put("ip.ttl", kv["ttl"])
        put("ip.proto", kv["proto"])
        put("ip.checksum", kv["cksum"])
        put("ip.src", kv["src"])
        put("ip.dst", kv["dst"])
    elif s.startswith("IPv6:") and "tclass" in kv:
        put("ipv6.tclass", kv["tclass"])
        put("ipv6.flow", kv["flow"])
        put("ipv6.plen", kv["plen"])
        put("ipv6.nxt", kv["nxt"])
        put("ipv6.hlim", kv["hlim"])
        put("ipv6.src", kv["src"])
        put("ipv6.dst", kv["dst"])
    elif s.startswith("ARP:"):
        for k, f in (("htype", "arp.hw.type"), ("ptype", "arp.proto.type"),
                     ("hlen", "arp.hw.size"), ("plen", "arp.proto.size"),
                     ("op", "arp.opcode"), ("sha", "arp.src.hw_mac"),
                     ("spa", "arp.src.proto_ipv4"), ("tha", "arp.dst.hw_mac"),
                     ("tpa", "arp.dst.proto_ipv4")):
            if k in kv:
                put(f, kv[k])
    kvmap = None
    if s.startswith("UDP:"):
        kvmap = (("sport", "udp.srcport"), ("dport", "udp.dstport"),
                 ("len", "udp.length"), ("cksum", "udp.checksum"))
    elif s.startswith("TCP:"):
        kvmap = (("sport", "tcp.srcport"), ("dport", "tcp.dstport"),
                 ("seq", "tcp.seq_raw"), ("ack", "tcp.ack_raw"),
                 ("hlen", "tcp.hdr_len"), ("flags", "tcp.flags"),
                 ("win", "tcp.window_size_value"),
                 ("urp", "tcp.urgent_pointer"), ("cksum", "tcp.checksum"),
                 ("len", "tcp.len"))
    elif s.startswith("TCP options"):
        kvmap = (("mss", "tcp.options.mss_val"),
                 ("ws", "tcp.options.wscale.shift"),
                 ("tsval", "tcp.options.timestamp.tsval"),
                 ("tsecr", "tcp.options.timestamp.tsecr"))
    elif s.startswith("ICMP:"):
        kvmap = (("type", "icmp.type"), ("code", "icmp.code"),
                 ("cksum", "icmp.checksum"), ("id", "icmp.ident"),
                 ("seq", "icmp.seq"), ("mtu", "icmp.mtu"))
    elif s.startswith("ICMPv6:"):
        kvmap = (("type", "icmpv6.type"), ("code", "icmpv6.code"),
                 ("cksum", "icmpv6.checksum"),
                 ("id", "icmpv6.echo.identifier"),
                 ("seq", "icmpv6.echo.sequence_number"),
                 ("mtu", "icmpv6.mtu"))
    if kvmap:
        for k, f in kvmap:
            if k in kv:
                put(f, kv[k])
        return
    m = re.match(r"UDP src port (\d+), dst port (\d+), length (\d+)"
                 r".*checksum (0x[0-9a-f]+)", s)
    if m:
        for f, v in zip(("udp.srcport", "udp.dstport", "udp.length",
                         "udp.checksum"), m.groups()):
            put(f, v)
    m = re.match(r"TCP src port (\d+), dst port (\d+), seq (\d+), ack (\d+),"
                 r" header (\d+) bytes", s)
    if m:
        for f, v in zip(("tcp.srcport", "tcp.dstport", "tcp.seq_raw",
                         "tcp.ack_raw", "tcp.hdr_len"), m.groups()):
            put(f, v)
    m = re.match(r"flags (0x[0-9a-f]+) \[.*\], window (\d+), urgent (\d+),"
                 r" checksum (0x[0-9a-f]+)", s)
    if m:
        for f, v in zip(("tcp.flags", "tcp.window_size_value",
                         "tcp.urgent_pointer", "tcp.checksum"), m.groups()):
            put(f, v)
    if s.startswith("options ("):
        for k, f in (("mss", "tcp.options.mss_val"),
                     ("ws", "tcp.options.wscale.shift"),
                     ("tsval", "tcp.options.timestamp.tsval"),
                     ("tsecr", "tcp.options.timestamp.tsecr")):
            if k in kv:
                put(f, kv[k].rstrip(","))
    m = re.match(r"payload (\d+) bytes", s)
    if m:
        put("tcp.len", m.group(1))
    m = re.match(r"(ICMPv6|ICMP) type .*\((\d+)\), code (\d+), checksum "
                 r"(0x[0-9a-f]+)", s)
    if m:
        p = m.group(1).lower()
        put(p + ".type", m.group(2))
        put(p + ".code", m.group(3))
        put(p + ".checksum", m.group(4))
        parse.last_icmp = p
    m = re.match(r"identifier (0x[0-9a-f]+), sequence (\d+)", s)
    if m:
        if parse.last_icmp == "icmp":
            put("icmp.ident", m.group(1))
            put("icmp.seq", m.group(2))
        else:
            put("icmpv6.echo.identifier", m.group(1))
            put("icmpv6.echo.sequence_number", m.group(2))
    m = re.search(r"\bmtu (\d+)", s)
    if m and parse.last_icmp:
        put(parse.last_icmp + ".mtu", m.group(1))


parse.last_icmp = None


def main():
    cap, dec = sys.argv[1], sys.argv[2]
    ts = tshark(cap)
    checked = bad = 0
    frame = None
    got = {}

    def flush():
        nonlocal checked, bad
        if frame is None:
            return
        t = ts.get(frame)
        if t is None:
            print(f"frame {frame}: not in tshark's output")
            bad += 1
            return
        for f, vals in got.items():
            want = t.get(f, [])
            for i, v in enumerate(vals):
                checked += 1
                if i >= len(want) or not same(want[i], v):
                    print(f"frame {frame} {f}[{i}]: tool {v!r} tshark "
                          f"{want[i] if i < len(want) else None!r}")
                    bad += 1

    for line in open(dec, encoding="utf-8", errors="replace"):
        m = re.match(r"(\d+) (\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d+) ", line)
        if m:
            flush()
            frame, got = int(m.group(1)), {}
            parse.last_icmp = None
            t = ts.get(frame)
            if t:
                e = t["frame.time_epoch"][0]
                sec, frac = e.split(".")
                when = datetime.datetime.fromtimestamp(
                    int(sec), datetime.timezone.utc)
                want = when.strftime("%Y-%m-%d %H:%M:%S") + "." + frac
                have = m.group(2)
                checked += 1
                if not want.startswith(have) or \
                        want[len(have):].strip("0"):
                    print(f"frame {frame} time: tool {have} tshark {want}")
                    bad += 1
            continue
        if frame is not None and line.startswith("  "):
            parse(line, lambda f, v: got.setdefault(f, []).append(v))
    flush()
    print(f"checked {checked} values, {bad} mismatches")
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
