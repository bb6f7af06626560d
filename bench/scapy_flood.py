# scapy_flood.py PORT COUNT [HOST] - Scapy's send(count=) to HOST:PORT,
# 127.0.0.1 by default, ::1 for the IPv6 row (raw IPv4 or IPv6 socket:
# on lo a link-layer frame to 127.0.0.1 is a martian)
# SPDX-License-Identifier: GPL-3.0-or-later
import sys
import time

from scapy.all import IP, IPv6, TCP, L3RawSocket, conf, send
from scapy.layers.inet6 import L3RawSocket6

conf.verb = 0
port, count = int(sys.argv[1]), int(sys.argv[2])
host = sys.argv[3] if len(sys.argv) > 3 else "127.0.0.1"
v6 = ":" in host
# send() opens conf.L3socket whatever the packet's family
conf.L3socket = L3RawSocket6 if v6 else L3RawSocket
ip = IPv6(dst=host) if v6 else IP(dst=host)
p = ip / TCP(sport=40406, dport=port, flags="S", options=[("MSS", 1460)])
t0 = time.monotonic()
send(p, count=count, verbose=0)
t1 = time.monotonic()
print("pps %.0f" % (count / (t1 - t0)))
