#!/usr/bin/env python3
# mkpcaps.py - writes the malformed-packet corpus: one pcap per case, each
# a connection's peer sending something broken, then (mostly) a good data
# segment that shows the TCB still at the numbers it had.
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The driver (offline.c) holds connection c1, 127.0.0.1:40000 ->
# 127.0.0.1:26001, ESTABLISHED with ISS 1000 and IRS 5000, and a listener
# on 127.0.0.1:26002.  Run this after changing it; the pcaps are kept.
import os
import struct
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
LO = bytes([127, 0, 0, 1])
IRS = 5000
ISS = 1000

DLT_EN10MB = 1
LINKTYPE_RAW = 101
DLT_LINUX_SLL = 113


def csum(b):
    if len(b) % 2:
        b += b"\0"
    s = sum(struct.unpack("!%dH" % (len(b) // 2), b))
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    return (~s) & 0xffff


def pkt(flags, seq=1, ack=1, data=b"", opts=b"", sport=26001, dport=40000,
        ver=4, ihl=None, ipopts=b"", totlen=None, frag=0x4000, proto=6,
        doff=None, win=65535, ipsum=None):
    """An IPv4 packet from the peer; seq/ack relative to IRS/ISS."""
    if doff is None:
        doff = 5 + len(opts) // 4
    th = struct.pack("!HHIIBBHHH", sport, dport, (IRS + seq) & 0xffffffff,
                     (ISS + ack) & 0xffffffff, doff << 4, flags, win, 0,
                     0) + opts + data
    ph = LO + LO + struct.pack("!BBH", 0, proto, len(th))
    th = th[:16] + struct.pack("!H", csum(ph + th)) + th[18:]
    if ihl is None:
        ihl = 5 + len(ipopts) // 4
    tl = totlen if totlen is not None else 20 + len(ipopts) + len(th)
    ip = struct.pack("!BBHHHBBH4s4s", ver << 4 | ihl, 0, tl, 0x1234, frag,
                     64, proto, 0, LO, LO) + ipopts
    ip = ip[:10] + struct.pack("!H", csum(ip[:20 + len(ipopts)]) if ipsum
                               is None else ipsum) + ip[12:]
    return ip + th


A, P, S, F, R = 0x10, 0x08, 0x02, 0x01, 0x04
GOOD = pkt(P | A, 1, 1, b"AB")			# seq 1:3 ack 1 "AB"


def eth(p):
    return b"\x02\0\0\0\0\x01" + b"\x02\0\0\0\0\x02" + b"\x08\x00" + p


def quote(seq=1, qlen=28, ihl=5, ver=4, proto=6, totlen=1500, sport=40000,
          dport=26001, frag=0x4000):
    """The first qlen bytes of a segment of ours (seq relative to ISS),
    as an ICMP error quotes it."""
    ip = struct.pack("!BBHHHBBH4s4s", ver << 4 | ihl, 0, totlen, 0x4321,
                     frag, 1, proto, 0, LO, LO) + b"\0" * (ihl * 4 - 20
                                                            if ihl > 5 else 0)
    ip = ip[:10] + struct.pack("!H", csum(ip[:20])) + ip[12:]
    th = struct.pack("!HHIIBBHHH", sport, dport, (ISS + seq) & 0xffffffff,
                     IRS + 1, 5 << 4, A, 65535, 0, 0)
    return (ip + th + b"x" * 1460)[:qlen]


def icmp(typ, code, rest, q, sum_ok=True):
    """An ICMP error from a router (127.0.0.1 here) quoting q."""
    m = struct.pack("!BBHI", typ, code, 0, rest) + q
    if sum_ok:
        m = m[:2] + struct.pack("!H", csum(m)) + m[4:]
    ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0xc0, 20 + len(m), 7, 0, 64, 1,
                     0, LO, LO)
    ip = ip[:10] + struct.pack("!H", csum(ip)) + ip[12:]
    return ip + m


LO6 = bytes(15) + b"\x01"


def pkt6(flags, seq=1, ack=1, data=b"", chain=b"", nxt=6, plen=None,
         sport=26001, dport=40000, doff=None, cksum=True):
    """An IPv6 packet from c6's peer ([::1]:26001); chain is the bytes of
    the extension headers, nxt the fixed header's next header."""
    if doff is None:
        doff = 5
    th = struct.pack("!HHIIBBHHH", sport, dport, (IRS + seq) & 0xffffffff,
                     (ISS + ack) & 0xffffffff, doff << 4, flags, 65535, 0,
                     0) + data
    ph = LO6 + LO6 + struct.pack("!IxxxB", len(th), 6)
    if cksum:
        th = th[:16] + struct.pack("!H", csum(ph + th)) + th[18:]
    pay = chain + th
    pl = len(pay) if plen is None else plen
    return struct.pack("!IHBB", 6 << 28, pl, nxt, 64) + LO6 + LO6 + pay


def ext(nxt, body=b"\x01\x04\0\0\0\0", hlen=None):
    """An options header: nxt, its length byte, body (PadN 4 by default)"""
    n = (len(body) + 2) // 8 - 1 if hlen is None else hlen
    return bytes([nxt, n]) + body


def frag6(nxt, off=0, mf=0, ident=0x1234):
    return bytes([nxt, 0]) + struct.pack("!HI", off << 3 | mf, ident)


GOOD6 = pkt6(P | A, 1, 1, b"AB")


def quote6(seq=1, qlen=60, chain=b"", nxt=6, sport=40000, dport=26001):
    """The first qlen bytes of c6's segment of ours (seq relative to ISS),
    as an ICMPv6 error quotes it."""
    th = struct.pack("!HHIIBBHHH", sport, dport, (ISS + seq) & 0xffffffff,
                     IRS + 1, 5 << 4, A, 65535, 0, 0)
    ip = struct.pack("!IHBB", 6 << 28, len(chain) + 20 + 1440, nxt,
                     1) + LO6 + LO6
    return (ip + chain + th + b"x" * 1440)[:qlen]


def icmp6(typ, code, rest, q, sum_ok=True):
    """An ICMPv6 error from a router (::1 here) quoting q."""
    m = struct.pack("!BBHI", typ, code, 0, rest) + q
    if sum_ok:
        ph = LO6 + LO6 + struct.pack("!IxxxB", len(m), 58)
        m = m[:2] + struct.pack("!H", csum(ph + m)) + m[4:]
    return struct.pack("!IHBB", 6 << 28, len(m), 58, 64) + LO6 + LO6 + m


def sll(p):
    return struct.pack("!HHH8sH", 0, 772, 0, b"\0" * 8, 0x0800) + p


# name: (linktype, [(frame, wirelen or None), ...], what it shows)
CASES = {
    "ihl-short": (LINKTYPE_RAW, [(pkt(P | A, 1, 1, b"AB", ihl=3), None),
                                 (GOOD, None)],
                  "IHL 3 (< 5): decoded as if 20 bytes, not applied"),
    "ihl-past": (LINKTYPE_RAW, [(pkt(A, 1, 1, ihl=15), None), (GOOD, None)],
                 "IHL 15 past the 40-byte packet: no TCP header, "
                 "belongs to nothing"),
    "totlen-lies": (LINKTYPE_RAW, [(pkt(P | A, 1, 1, b"AB", totlen=1500),
                                    None), (GOOD, None)],
                    "total length 1500, the whole 42-byte frame captured: "
                    "a lie, not a short capture; not applied"),
    "totlen-short": (LINKTYPE_RAW, [(pkt(P | A, 1, 1, b"AB", totlen=10),
                                     None), (GOOD, None)],
                     "total length 10 < the header: not applied"),
    "snaplen": (LINKTYPE_RAW, [(pkt(P | A, 1, 1, b"ABCDEFGH")[:44], 48),
                               (pkt(P | A, 9, 1, b"IJ"), None)],
                "a capture cut by the snapshot length: the sender did "
                "nothing wrong; applied by what the header says"),
    "doff-short": (LINKTYPE_RAW, [(pkt(P | A, 1, 1, b"AB", doff=3), None),
                                  (GOOD, None)],
                   "data offset 3 (< 5): not applied"),
    "doff-past": (LINKTYPE_RAW, [(pkt(P | A, 1, 1, b"AB", doff=15), None),
                                 (GOOD, None)],
                  "data offset 15 past the 22-byte segment: not applied"),
    "opt-len0": (LINKTYPE_RAW, [(pkt(P | A, 1, 1, b"AB",
                                     opts=b"\x08\x00\x00\x00"), None),
                                (pkt(P | A, 3, 1, b"CD"), None)],
                 "TS option with length 0: the option is ignored, the "
                 "segment applied (as Linux does)"),
    "opt-len1": (LINKTYPE_RAW, [(pkt(P | A, 1, 1, b"AB",
                                     opts=b"\x01\x01\x02\x01"), None),
                                (pkt(P | A, 3, 1, b"CD"), None)],
                 "MSS option with length 1: ignored, segment applied"),
    "opt-past-end": (LINKTYPE_RAW, [(pkt(A, 1, 1, opts=b"\x01\x05\x12\x00"),
                                     None), (GOOD, None)],
                     "SACK option whose length runs past the options: "
                     "ignored, segment applied"),
    "opt-trunc": (LINKTYPE_RAW, [(pkt(A, 1, 1, opts=b"\x01\x01\x01\x08"),
                                  None), (GOOD, None)],
                  "an option kind with no length byte: ignored, applied"),
    "frag-first": (LINKTYPE_RAW, [(pkt(P | A, 1, 1, b"AB", frag=0x2000),
                                   None), (GOOD, None)],
                   "the first fragment (MF): not applied (no reassembly)"),
    "frag-later": (LINKTYPE_RAW, [(pkt(P | A, 1, 1, b"AB", frag=0x0003),
                                   None), (GOOD, None)],
                   "a later fragment: no TCP header, belongs to nothing"),
    "not-tcp": (LINKTYPE_RAW, [(pkt(P | A, 1, 1, b"AB", proto=17), None),
                               (GOOD, None)],
                "UDP: not TCP, belongs to nothing"),
    "trunc-tcp": (LINKTYPE_RAW, [(GOOD[:30], 42), (GOOD, None)],
                  "a capture of 10 bytes of TCP header: belongs to nothing"),
    "trunc-ip": (LINKTYPE_RAW, [(GOOD[:12], 42), (GOOD, None)],
                 "12 bytes of IP header: belongs to nothing"),
    "bad-version": (DLT_EN10MB, [(eth(pkt(P | A, 1, 1, b"AB", ver=6)), None),
                                 (eth(GOOD), None)],
                    "IPv6 version in an IPv4 ethertype: belongs to nothing"),
    "eth-short": (DLT_EN10MB, [(b"\x02\0\0\0\0\x01\x02\0\0", None),
                               (eth(GOOD), None)],
                  "9 bytes of Ethernet header: bad link"),
    "sll-doff": (DLT_LINUX_SLL, [(sll(pkt(F | A, 1, 1, doff=4)), None),
                                 (sll(GOOD), None)],
                 "Linux cooked capture, FIN with data offset 4: not applied"),
    "ip-cksum": (LINKTYPE_RAW, [(pkt(P | A, 1, 1, b"AB", ipsum=0x1111),
                                 None), (pkt(P | A, 3, 1, b"CD"), None)],
                 "a wrong IP header checksum: noted; the TCB module "
                 "applies checksum errors and says so"),
    "syn-untrusted": (LINKTYPE_RAW, [(pkt(S, -1, 0, sport=26003, dport=26002,
                                          doff=4), None),
                                     (pkt(S, -1, 0, sport=26003,
                                          dport=26002, frag=0x2000), None),
                                     (pkt(S, -1, 0, sport=26003,
                                          dport=26002), None)],
                      "SYNs to the listener: a broken one and a fragment "
                      "open nothing, the good one opens c2"),
    "icmp-not-ours": (LINKTYPE_RAW, [(icmp(3, 4, 1400, quote(1)), None),
                                     (icmp(3, 1, 0, quote(100000)), None),
                                     (icmp(11, 0, 0, quote(1, 548)), None),
                                     (GOOD, None)],
                      "need-frag, host unreachable, time exceeded quoting "
                      "c1 with nothing in flight (RFC 5927): shown, "
                      "not ours, the TCB unchanged"),
    "icmp-broken-quote": (LINKTYPE_RAW,
                          [(icmp(3, 1, 0, quote(1, 12)), None),
                           (icmp(3, 1, 0, quote(1, 24)), None),
                           (icmp(3, 1, 0, quote(1, 28, ihl=15)), None),
                           (icmp(3, 1, 0, quote(1, 28, ver=6)), None),
                           (icmp(3, 3, 0, quote(1, 28, proto=17)), None),
                           (icmp(3, 1, 0, quote(1, 28, frag=0x4003)),
                            None),
                           (icmp(3, 1, 0, b"")[:26], None),
                           (icmp(3, 1, 0, quote(1, 28, sport=1)), None),
                           (GOOD, None)],
                          "ICMP errors whose quote names no connection "
                          "(cut, lying IHL, IPv6, UDP, a later fragment, "
                          "a short header, another 4-tuple): dropped"),
    "icmp-notes": (LINKTYPE_RAW,
                   [(icmp(3, 4, 0, quote(1, 28, ihl=3, totlen=10),
                          sum_ok=False), None),
                    (icmp(12, 0, 20 << 24, quote(1)), None),
                    (GOOD, None)],
                   "a need-frag with no MTU, a bad checksum, a quoted "
                   "IHL 3 and total length 10; a parameter problem: "
                   "annotated, not applied"),
    "v6-chain-ok": (LINKTYPE_RAW, [(pkt6(P | A, 1, 1, b"AB",
                                         ext(60) + ext(6), nxt=0), None)],
                    "IPv6 hop-by-hop and destination options before "
                    "TCP: a chain as it should be, applied to c6"),
    "v6-ext-trunc": (LINKTYPE_RAW, [(pkt6(P | A, 1, 1, b"AB",
                                          ext(6, hlen=30), nxt=0), None),
                                    (GOOD6, None)],
                     "a hop-by-hop header of 248 bytes in a 30-byte "
                     "payload: bad ext, bad plen, not applied"),
    "v6-ext-opt": (LINKTYPE_RAW, [(pkt6(P | A, 1, 1, b"AB",
                                        ext(6, b"\x01\x09\0\0\0\0"),
                                        nxt=60), None), (GOOD6, None)],
                   "a destination option running past its header: bad "
                   "ext, not applied"),
    "v6-ext-optlen": (LINKTYPE_RAW, [(pkt6(P | A, 1, 1, b"AB",
                                           ext(6, b"\0\0\0\0\0\x01"),
                                           nxt=0), None), (GOOD6, None)],
                      "an option type in a header's last byte, its "
                      "length byte missing: bad ext, not applied"),
    "v6-hbh-order": (LINKTYPE_RAW, [(pkt6(P | A, 1, 1, b"AB",
                                          ext(0) + ext(6), nxt=60), None),
                                    (GOOD6, None)],
                     "hop-by-hop options after destination options: bad "
                     "ext, not applied"),
    "v6-ext-many": (LINKTYPE_RAW, [(pkt6(P | A, 1, 1, b"AB",
                                         ext(60) * 8 + ext(6), nxt=60),
                                    None), (GOOD6, None)],
                    "nine destination options headers: bad ext, not "
                    "applied"),
    "v6-ext-snap": (LINKTYPE_RAW, [(pkt6(P | A, 1, 1, b"AB", ext(60) +
                                         ext(6), nxt=0)[:52], 78),
                                   (GOOD6, None)],
                    "a capture cut inside the chain: no TCP header, "
                    "belongs to nothing"),
    "v6-plen-short": (LINKTYPE_RAW, [(pkt6(P | A, 1, 1, b"AB", plen=10),
                                      None), (GOOD6, None)],
                      "payload length 10, shorter than a TCP header: "
                      "not applied"),
    "v6-plen-lies": (LINKTYPE_RAW, [(pkt6(P | A, 1, 1, b"AB", plen=1500),
                                     None), (GOOD6, None)],
                     "payload length 1500, the whole 62-byte packet "
                     "captured: a lie, not applied"),
    "v6-plen-pad": (LINKTYPE_RAW, [(GOOD6 + b"\0" * 6, None)],
                    "6 bytes past the payload length: link padding, "
                    "applied without them"),
    "v6-snaplen": (LINKTYPE_RAW, [(pkt6(P | A, 1, 1, b"ABCDEFGH")[:64], 68),
                                  (pkt6(P | A, 9, 1, b"IJ"), None)],
                   "an IPv6 capture cut by the snapshot length: applied "
                   "by what the header says"),
    "v6-frag-first": (LINKTYPE_RAW, [(pkt6(P | A, 1, 1, b"AB",
                                           frag6(6, mf=1), nxt=44), None),
                                     (GOOD6, None)],
                      "the first IPv6 fragment (M set): not applied (no "
                      "reassembly)"),
    "v6-frag-later": (LINKTYPE_RAW, [(pkt6(P | A, 1, 1, b"AB",
                                           frag6(6, off=3), nxt=44), None),
                                     (GOOD6, None)],
                      "a later IPv6 fragment: no TCP header, belongs to "
                      "nothing"),
    "v6-not-tcp": (LINKTYPE_RAW, [(pkt6(P | A, 1, 1, b"AB", ext(17),
                                        nxt=60), None),
                                  (pkt6(0, nxt=59, plen=0)[:40], None),
                                  (GOOD6, None)],
                   "UDP after destination options, and no next header: "
                   "not TCP, belongs to nothing"),
    "v6-trunc-ip": (LINKTYPE_RAW, [(GOOD6[:30], 62), (GOOD6, None)],
                    "30 bytes of IPv6 header: belongs to nothing"),
    "v6-cksum": (LINKTYPE_RAW, [(pkt6(P | A, 1, 1, b"AB", cksum=False),
                                 None), (pkt6(P | A, 3, 1, b"CD"), None)],
                 "a wrong TCP checksum under the IPv6 pseudo-header: "
                 "noted; the TCB module applies checksum errors and says "
                 "so"),
    "icmp6-not-ours": (LINKTYPE_RAW,
                       [(icmp6(2, 0, 1280, quote6(1)), None),
                        (icmp6(1, 4, 0, quote6(100000)), None),
                        (icmp6(3, 0, 0, quote6(1, 1232)), None),
                        (GOOD6, None)],
                       "packet too big, port unreachable, time exceeded "
                       "quoting c6 with nothing in flight (RFC 5927): "
                       "shown, not ours, the TCB unchanged"),
    "icmp6-broken-quote": (LINKTYPE_RAW,
                           [(icmp6(1, 3, 0, quote6(1, 30)), None),
                            (icmp6(1, 4, 0, quote6(1, 60, ext(17),
                                                   nxt=60)), None),
                            (icmp6(2, 0, 1280, quote6(1, 68,
                                                      frag6(6, off=3),
                                                      nxt=44)), None),
                            (icmp6(1, 4, 0, quote6(1, 60, sport=1)), None),
                            (icmp6(128, 0, 0, quote6(1)), None),
                            (icmp6(2, 0, 1280, b"")[:44], None),
                            (GOOD6, None)],
                           "ICMPv6 errors whose quote names no connection "
                           "(cut, UDP after an option header, a later "
                           "fragment, another 4-tuple), an echo request, "
                           "a short header: dropped"),
    "icmp6-notes": (LINKTYPE_RAW,
                    [(icmp6(2, 0, 1280, quote6(1), sum_ok=False), None),
                     (icmp6(1, 1, 0, quote6(1, 68, ext(6, b"\x01\x09"
                                                       b"\0\0\0\0"),
                                            nxt=60)), None),
                     (icmp6(4, 0, 70000, quote6(1, 68, ext(6), nxt=0)),
                      None),
                     (GOOD6, None)],
                    "a packet too big with a bad checksum: annotated; "
                    "a quoted option past its header: names nothing, "
                    "dropped; a parameter problem (a 32-bit pointer) "
                    "behind a quoted hop-by-hop header: not applied"),
    "v6-eth": (DLT_EN10MB, [(b"\x02\0\0\0\0\x01\x02\0\0\0\0\x02"
                             b"\x86\xdd" + GOOD6, None)],
               "IPv6 in Ethernet (ethertype 0x86dd): applied"),
}


def write_pcap(path, linktype, frames):
    with open(path, "wb") as f:
        f.write(struct.pack("<IHHiIII", 0xa1b2c3d4, 2, 4, 0, 0, 65535,
                            linktype))
        for i, (fr, wirelen) in enumerate(frames):
            f.write(struct.pack("<IIII", 1700000000, i * 1000, len(fr),
                                wirelen if wirelen is not None else
                                len(fr)))
            f.write(fr)


def main():
    lst = []
    for name, (lt, frames, what) in CASES.items():
        write_pcap(os.path.join(HERE, name + ".pcap"), lt, frames)
        lst.append("%s\t%s\n" % (name, what))
    with open(os.path.join(HERE, "CASES"), "w") as f:
        f.write("# case\twhat it shows (generated by mkpcaps.py)\n")
        f.writelines(lst)
    return 0


if __name__ == "__main__":
    sys.exit(main())
