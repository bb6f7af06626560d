# scapy_lat.py PORT COUNT INTERVAL_MS [HOST] - SYN -> SYN-ACK with sr1(),
# to 127.0.0.1 by default, ::1 for the IPv6 row
# SPDX-License-Identifier: GPL-3.0-or-later
import random
import statistics
import sys
import time

from scapy.all import IP, IPv6, TCP, L3RawSocket, conf, sr1
from scapy.layers.inet6 import L3RawSocket6

conf.verb = 0
port, count, ival = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3])
host = sys.argv[4] if len(sys.argv) > 4 else "127.0.0.1"
v6 = ":" in host
# sr1() opens conf.L3socket whatever the packet's family
conf.L3socket = L3RawSocket6 if v6 else L3RawSocket
rtt = []
for i in range(count):
    ip = IPv6(dst=host) if v6 else IP(dst=host)
    p = ip / TCP(sport=41000 + i % 1000, dport=port, flags="S",
                 seq=random.getrandbits(32))
    t0 = time.monotonic()
    r = sr1(p, timeout=1, verbose=0)
    t1 = time.monotonic()
    if r is not None:
        rtt.append((t1 - t0) * 1e6)
    time.sleep(ival / 1000)
if not rtt:
    print("median_us 0 min_us 0 max_us 0 answered 0")
    sys.exit(1)
print("median_us %.1f min_us %.1f max_us %.1f answered %d" %
      (statistics.median(rtt), min(rtt), max(rtt), len(rtt)))
