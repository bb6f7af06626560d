#!/usr/bin/env python3
# mkseeds.py - writes the seed inputs of the fuzz corpus (run once; the
# files are kept under tests/fuzz/corpus/NAME/seed-*).
# SPDX-License-Identifier: GPL-3.0-or-later
import os
import struct
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def csum(b):
    if len(b) % 2:
        b += b"\0"
    s = sum(struct.unpack("!%dH" % (len(b) // 2), b))
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    return (~s) & 0xffff


def tcp4(flags, seq=1000, ack=0, opts=b"", data=b"", sport=26001,
         dport=40000, ihl=5, ipopts=b"", doff=None, frag=0x4000,
         proto=6, totlen=None, win=65535):
    src = bytes([127, 0, 0, 1])
    dst = bytes([127, 0, 0, 1])
    if doff is None:
        doff = 5 + len(opts) // 4
    th = struct.pack("!HHIIBBHHH", sport, dport, seq, ack, doff << 4,
                     flags, win, 0, 0) + opts + data
    ph = src + dst + struct.pack("!BBH", 0, proto, len(th))
    th = th[:16] + struct.pack("!H", csum(ph + th)) + th[18:]
    hl = 20 + len(ipopts)
    tl = totlen if totlen is not None else hl + len(th)
    ip = struct.pack("!BBHHHBBH4s4s", 0x40 | ihl, 0, tl, 1, frag, 64,
                     proto, 0, src, dst) + ipopts
    ip = ip[:10] + struct.pack("!H", csum(ip)) + ip[12:]
    return ip + th


LO6 = bytes(15) + b"\x01"


def tcp6(flags, seq=1000, ack=0, opts=b"", data=b"", chain=b"", nxt=6,
         plen=None, tc=0, flow=0):
    """An IPv6 packet [::1]:26001 -> [::1]:40000; chain: the extension
    headers' bytes, nxt the fixed header's next header."""
    doff = 5 + len(opts) // 4
    th = struct.pack("!HHIIBBHHH", 26001, 40000, seq, ack, doff << 4,
                     flags, 65535, 0, 0) + opts + data
    ph = LO6 + LO6 + struct.pack("!IxxxB", len(th), 6)
    th = th[:16] + struct.pack("!H", csum(ph + th)) + th[18:]
    pay = chain + th
    pl = len(pay) if plen is None else plen
    return struct.pack("!IHBB", 6 << 28 | tc << 20 | flow, pl, nxt,
                       64) + LO6 + LO6 + pay


def ext6(nxt, n=0, body=None):
    """An options or routing header of (n+1)*8 bytes"""
    if body is None:
        body = b"\x01" + bytes([n * 8 + 4]) + bytes(n * 8 + 4)
    return bytes([nxt, n]) + body


def frag6(nxt, off=0, mf=0):
    return bytes([nxt, 0]) + struct.pack("!HI", off << 3 | mf, 0x1234)


def icmp6(typ, code, word, quote):
    """An ICMPv6 error ::1 -> ::1 quoting quote, its checksum right"""
    m = struct.pack("!BBHI", typ, code, 0, word) + quote
    ph = LO6 + LO6 + struct.pack("!IxxxB", len(m), 58)
    m = m[:2] + struct.pack("!H", csum(ph + m)) + m[4:]
    return struct.pack("!IHBB", 6 << 28, len(m), 58, 64) + LO6 + LO6 + m


MSS = b"\x02\x04\x05\xb4"
FULL = MSS + b"\x04\x02\x08\x0a\x00\x00\x00\x01\x00\x00\x00\x00\x01\x03\x03\x07"
SACK = b"\x01\x01\x05\x0a\x00\x00\x03\xe9\x00\x00\x03\xf0"


def wire_seeds():
    eth = b"\0" * 12 + b"\x08\x00"
    sll = b"\0\0\0\x01\0\x06" + b"\0" * 8 + b"\x08\x00"
    null = struct.pack("<I", 2)
    pkts = {
        "syn": tcp4(0x02, opts=MSS),
        "synack-full": tcp4(0x12, ack=1, opts=FULL),
        "data": tcp4(0x18, ack=1, data=b"AB"),
        "sack": tcp4(0x10, ack=1, opts=SACK),
        "ihl3": tcp4(0x02, ihl=3),
        "ipopts": tcp4(0x02, ihl=6, ipopts=b"\x01\x01\x01\x00"),
        "doff3": tcp4(0x10, doff=3),
        "doff15": tcp4(0x10, doff=15),
        "optlen0": tcp4(0x02, opts=b"\x02\x00\x00\x00"),
        "optlen1": tcp4(0x02, opts=b"\x08\x01\x00\x00"),
        "optpast": tcp4(0x02, opts=b"\x01\x01\x08\x0a"),
        "frag-first": tcp4(0x02, frag=0x2000),
        "frag-later": tcp4(0x02, frag=0x0003),
        "udp": tcp4(0x02, proto=17),
        "totlen-big": tcp4(0x18, data=b"AB", totlen=1500),
        "totlen-small": tcp4(0x18, data=b"AB", totlen=10),
    }
    out = {}
    for name, p in pkts.items():
        out["raw-" + name] = bytes([0x00]) + p
        out["rel-" + name] = bytes([0xb0]) + p
    out["eth-syn"] = bytes([0x02]) + eth + pkts["syn"]
    out["sll-data"] = bytes([0x06]) + sll + pkts["data"]
    out["null-syn"] = bytes([0x01]) + null + pkts["syn"]
    out["trunc-tcp"] = bytes([0x00]) + pkts["syn"][:30]
    out["trunc-ip"] = bytes([0x00]) + pkts["syn"][:12]
    rt = bytes([6, 0, 0, 1, 0, 0, 0, 0])
    v6 = {
        "syn": tcp6(0x02, opts=MSS, tc=0xb8, flow=0x12345),
        "data": tcp6(0x18, ack=1, data=b"AB"),
        "chain": tcp6(0x02, opts=MSS, chain=ext6(60) + ext6(43) + rt,
                      nxt=0),
        "frag-first": tcp6(0x02, chain=frag6(6, mf=1), nxt=44),
        "frag-later": tcp6(0x02, chain=frag6(6, off=3), nxt=44),
        "hbh-late": tcp6(0x02, chain=ext6(0) + ext6(6), nxt=60),
        "opt-past": tcp6(0x02, chain=ext6(6, 0, b"\x01\x09" + bytes(4)),
                         nxt=0),
        "ext-past": tcp6(0x02, chain=ext6(6, 0, b"\x01\x04" + bytes(4))[:1]
                         + b"\x20" + bytes(6), nxt=0),
        "many": tcp6(0x02, chain=ext6(60) * 9 + ext6(6), nxt=60),
        "plen-big": tcp6(0x18, data=b"AB", plen=1500),
        "plen-small": tcp6(0x18, data=b"AB", plen=10),
        "udp": tcp6(0x02, chain=ext6(17), nxt=60),
        "none": tcp6(0x02, nxt=59, plen=0)[:40],
        "long-hbh": tcp6(0x02, chain=ext6(6, 31, b"\x01\xff" + bytes(255) +
                                         b"\x00"), nxt=0),
    }
    for name, p in v6.items():
        out["v6-" + name] = bytes([0x00]) + p
        out["v6-rel-" + name] = bytes([0xb0]) + p
    eth6 = b"\0" * 12 + b"\x86\xdd"
    out["v6-eth-chain"] = bytes([0x02]) + eth6 + v6["chain"]
    out["v6-null-syn"] = bytes([0x01]) + struct.pack("<I", 30) + v6["syn"]
    out["v6-trunc-ip"] = bytes([0x00]) + v6["syn"][:30]
    out["v6-trunc-chain"] = bytes([0x00]) + v6["chain"][:60]
    icmp = {
        "ptb": icmp6(2, 0, 1280, v6["data"]),
        "port": icmp6(1, 4, 0, v6["syn"][:48]),
        "admin": icmp6(1, 1, 0, v6["syn"]),
        "timx": icmp6(3, 0, 0, v6["syn"][:44]),
        "param": icmp6(4, 1, 6, v6["chain"]),
        "chain": icmp6(1, 3, 0, v6["chain"][:80]),
        "frag-later": icmp6(2, 0, 1400, v6["frag-later"]),
        "short-quote": icmp6(2, 0, 1400, v6["syn"][:30]),
    }
    for name, p in icmp.items():
        out["icmp6-" + name] = bytes([0x00]) + p
    return out


CMDS = [
    "connect 127.0.0.1:26000",
    "connect 127.0.0.1:26000 from 127.0.0.2:41000 as web",
    "listen 26000 as srv",
    "syn",
    "syn seq 100 win 0 options [mss 1460,sackOK,TS val 1 ecr 0,nop,wscale 7]",
    "synack",
    "ack",
    "ack ack 5 win 100",
    "fin",
    "rst seq 1000",
    'send "AB"',
    'send "A\\x42\\r\\n" flags P. ttl 3 df 0 mf id 7',
    "send hex:414243 cksum bad ipsum bad",
    "send bytes:3000",
    "send length 10 optbytes hex:01010101 ipopts hex:01010100",
    "ack ihl 4 doff 3 iplen 10 ver 5 proto 17 res 2 frag 3",
    "expect S. within 1s",
    "expect none within 500ms",
    "expect state ESTABLISHED",
    "expect Flags [S.], seq 0, ack 1, win *, options [mss *,sackOK,TS val * ecr 0,nop,wscale 7], length 0",
    'expect P. seq 1:3 ack 3 "AB"',
    "expect . ack 1..10 win 0..100 options [...]",
    " 0.000412 Out IP 127.0.0.1.47113 > 127.0.0.1.20000: Flags [S], seq 0, win 65535, options [mss 1460], length 0  # CLOSED -> SYN-SENT",
    "expect R. options [sack 1 {1:2}{3:4},eol,kind 30 hex 0a0b]",
    "wait 1.5s",
    "tcb; conns; use c1; close c1; close",
    "show 3; hex; log",
    "set synopts [mss 1460,sackOK,TS val 0 ecr 0,nop,wscale 7]",
    "set timeout 2s; set iss 5; set absolute on",
    "capture x.pcap; capture stop; source a.tc; record r.tc; record stop",
    "help expect; help; quit",
    "syn src 10.0.0.1 dst 10.0.0.2 sport 1 dport 2 urg 5 flags SAFRPUEW tos 0x10",
    "connect [::1]:26000",
    "syn tc 0xb8 flow 0x12345 hlim 1 src ::1 dst [2001:db8::2]",
    "syn ext hbh ext dst len 16 ext rthdr type 4 segleft 2 ext frag off 3 mf id 7",
    "send \"AB\" plen 3 nxt 17 ext fragment mf 0 ext hop-by-hop len 2048",
    "expect S. hlim 1..64 flow * ext hbh ext frag id 7 src ::1",
    " 0.000412 Out IP6 ::1.47113 > ::1.20000: Flags [S], seq 0, win 65535, options [mss 65476], length 0",
    "expect IP6 ::1 > ::1: HBH DSTOPT frag (0|24) 40000 > 20000: Flags [S], seq 0",
]

SCRIPTS = {
    "first-session": """# a first session
connect 127.0.0.1:26000
syn
expect S. within 1s
ack
send "AB"
expect P. "AB"
ack
fin
expect F.
ack
tcb
""",
    "timed": """set iss 1000; set absolute off
listen 26001
+0.1 expect S within 2s
+0.05 synack options [mss 1460,nop,wscale 7]
expect . ack 1
wait 100ms ; send bytes:10 ; +0.01 expect . ack 11
""",
    "errors": """connect 127.0.0.1
syn seq
send "unterminated
+x ack
expect state NOWHERE
""",
}


def write(dirname, items):
    d = os.path.join(HERE, "corpus", dirname)
    os.makedirs(d, exist_ok=True)
    for name, data in items.items():
        if isinstance(data, str):
            data = data.encode()
        with open(os.path.join(d, "seed-" + name), "wb") as f:
            f.write(data)


def main():
    write("wire", wire_seeds())
    write("cmd", {"%02d" % i: c for i, c in enumerate(CMDS)})
    write("script", SCRIPTS)
    return 0


if __name__ == "__main__":
    sys.exit(main())
