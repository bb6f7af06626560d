# scapy_sessions.py PORT N - N complete sessions against an echo server
# on 127.0.0.1:PORT with one persistent Scapy socket: handshake, "AB"
# echoed, we close, the peer closes.  The kernel's RSTs must be dropped
# (the bench installs an nftables rule for the port while this runs).
# SPDX-License-Identifier: GPL-3.0-or-later
import random
import select
import sys
import time

from scapy.all import IP, TCP, Raw, L3RawSocket, conf

conf.verb = 0
port, n = int(sys.argv[1]), int(sys.argv[2])
s = L3RawSocket()


def wait_for(sport, pred, timeout=1.0):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        r, _, _ = select.select([s], [], [], end - time.monotonic())
        if not r:
            break
        p = s.recv()
        if p is None or IP not in p or TCP not in p:
            continue
        t = p[TCP]
        if p[IP].src == "127.0.0.1" and t.sport == port and \
                t.dport == sport and pred(t):
            return p
    return None


ok = 0
t0 = time.monotonic()
for i in range(n):
    sport = 42000 + (i * 7 + random.randrange(7)) % 20000
    ip = IP(dst="127.0.0.1")
    iss = random.getrandbits(31)
    s.send(ip / TCP(sport=sport, dport=port, flags="S", seq=iss,
                    options=[("MSS", 1460)]))
    sa = wait_for(sport, lambda t: t.flags & 0x12 == 0x12)
    if sa is None:
        continue
    rn = sa[TCP].seq + 1
    s.send(ip / TCP(sport=sport, dport=port, flags="A", seq=iss + 1, ack=rn))
    s.send(ip / TCP(sport=sport, dport=port, flags="PA", seq=iss + 1,
                    ack=rn) / Raw(b"AB"))
    echo = wait_for(sport, lambda t: bytes(t.payload) == b"AB")
    if echo is None:
        continue
    rn += 2
    s.send(ip / TCP(sport=sport, dport=port, flags="A", seq=iss + 3, ack=rn))
    s.send(ip / TCP(sport=sport, dport=port, flags="FA", seq=iss + 3, ack=rn))
    fin = wait_for(sport, lambda t: t.flags & 0x01)
    if fin is None:
        continue
    s.send(ip / TCP(sport=sport, dport=port, flags="A", seq=iss + 4,
                    ack=rn + 1))
    ok += 1
t1 = time.monotonic()
s.close()
print("sessions_per_s %.1f ok %d of %d" % (ok / (t1 - t0), ok, n))
sys.exit(0 if ok == n else 1)
